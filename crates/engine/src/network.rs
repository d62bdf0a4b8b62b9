//! Organisations and collaborations read with integer codes, the second and third largest tables of a
//! package (millions of organisations, tens of millions of project memberships). The queries of joint
//! research join and group these on organisation, project and region ids; on text that was most of a
//! run's time. Read here once each:
//!
//! - the organisations as [`Organizations`]: per organisation code (the position of the id's first
//!   row), its region's position in `regions`, its kind's position in [`KINDS`], its founding and
//!   closing years, employees and parent's code, for the counts of `crate::organisations`, joint
//!   research and people's regions;
//! - the memberships of the years the run looks at as [`Memberships`] (`p` a code per project, `o` the
//!   organisation's code, the year), for the joint-research indicators of `crate::joint`;
//! - the people the rows of those years name, with their years ([`Named`]), for `crate::leaders`.
//!
//! The rows that break the contract (an empty or repeated organisation id, an unknown kind or region, a
//! negative employee count, a closing year before the founding year, a parent or a member that is not an
//! organisation, an empty project id) are counted, as the SQL checks of the other tables do.
//!
//! A CSV file is read by `crate::csvscan` (byte ranges on threads of their own, no Arrow text columns),
//! another through DataFusion's partitioned scan; either way the rows of the organisations are read in
//! parallel and their ids then numbered on one thread, in file order.

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Float64Type, Int64Type};
use datafusion::arrow::error::ArrowError;
use rustc_hash::FxHashMap;

use crate::codes::{Cells, DictCache, IdIndex, NONE, Run, code_cells};
use crate::csvscan::{Bad, CsvFile, Row, Scan};
use crate::engine::{Engine, Timer};
use crate::error::EngineError;
use crate::joint::Memberships;
use crate::leaders::Named;

/// The kinds of organisation of the contract; `k` is a position in this list.
pub const KINDS: [&str; 9] =
    ["startup", "mid_sized", "small", "large", "university", "public_research", "government", "support", "finance"];

/// The code of `kind` (a kind of the contract): its position in [`KINDS`].
pub(crate) fn kind_code(kind: &str) -> i32 {
    kind_of(kind).expect("a kind of the contract")
}

/// The position of `kind` in [`KINDS`], if it is a kind of the contract.
fn kind_of(kind: &str) -> Option<i32> {
    KINDS.iter().position(|x| *x == kind).map(|k| k as i32)
}

/// The organisations as the pass left them: per code (the position of the id's first row), the
/// region's position in `regions` (−1 when unknown), the kind's position in [`KINDS`] (−1 when unknown),
/// the founding and closing years, the employees and the parent's code ([`NONE`] when none).
///
/// Years and employees are kept in 4 and 8 bytes instead of an `Option`'s 16 (read them with
/// [`Organizations::founded`], [`Organizations::closed`] and [`Organizations::employees`]): millions of
/// organisations make these arrays tens of megabytes each, and memory touched for the first time costs
/// a page fault per 4 KiB.
pub(crate) struct Organizations {
    /// Organisation ids and their codes.
    codes: IdIndex,
    pub(crate) region: Vec<i32>,
    pub(crate) kind: Vec<i32>,
    founded: Vec<i32>,
    closed: Vec<i32>,
    employees: Vec<f64>,
    pub(crate) parent: Vec<u32>,
}

impl Organizations {
    /// The codes of the organisation ids `bytes` (end to end, id `i` ending at `ends[i]`; [`NONE`] for
    /// an id the table does not have), looked up on `threads` threads.
    pub(crate) fn codes_of(&self, bytes: &[u8], ends: &[usize], threads: usize) -> Vec<u32> {
        self.codes.get_many(bytes, ends, threads)
    }

    /// The founding year of organisation `o`, if known (see [`year_cell`] for years beyond 32 bits).
    pub(crate) fn founded(&self, o: usize) -> Option<i32> {
        Some(self.founded[o]).filter(|&y| y != NO_YEAR)
    }

    /// The closing year of organisation `o`, if it closed.
    pub(crate) fn closed(&self, o: usize) -> Option<i32> {
        Some(self.closed[o]).filter(|&y| y != NO_YEAR)
    }

    /// The employees of organisation `o`, if known.
    pub(crate) fn employees(&self, o: usize) -> Option<f64> {
        Some(self.employees[o]).filter(|&e| e != NO_EMPLOYEES)
    }
}

/// A year cell that is empty.
const NO_YEAR: i32 = i32::MIN;

/// An employee cell that is empty. A negative count fails the package (no indicator is computed from
/// it), so minus infinity never stands for a count that is used.
const NO_EMPLOYEES: f64 = f64::NEG_INFINITY;

/// A year in 32 bits: [`NO_YEAR`] when empty, and a year beyond the range of `i32` (which the checks of
/// `chiiki validate` report) moved to its end. The indicators only compare years with evaluation years,
/// which are `i32`, so the comparisons come out as with the year itself.
fn year_cell(y: Option<i64>) -> i32 {
    y.map_or(NO_YEAR, |y| y.clamp(i64::from(NO_YEAR) + 1, i64::from(i32::MAX)) as i32)
}

/// Row counts that break the contract.
pub(crate) type Failures = Vec<String>;

/// The rows of one range of the file (or partition of the scan), read in parallel before one thread
/// numbers their ids in order: each id's bytes and its parent's (empty when none) end to end, and the
/// row's other cells.
#[derive(Default)]
struct OrgRows {
    ids: Vec<u8>,
    id_ends: Vec<usize>,
    parents: Vec<u8>,
    parent_ends: Vec<usize>,
    region: Vec<i32>,
    kind: Vec<i32>,
    founded: Vec<i32>,
    closed: Vec<i32>,
    employees: Vec<f64>,
    /// Rows with an empty id, an unknown kind or region, a negative employee count or a closing year
    /// before the founding year.
    bad: u64,
    /// The last region of a CSV file and its position.
    run: Run,
    /// The codes of the dictionaries of the kind and region columns, and of a batch's rows.
    dicts: [DictCache; 2],
    codes: [Vec<u32>; 2],
}

impl OrgRows {
    /// Adds a row whose cells are read (trimmed text, `None` when empty; the kind's position in [`KINDS`]
    /// and the region's in `regions`, `None` when empty or unknown).
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        id: Option<&str>,
        kind: Option<i32>,
        region: Option<i32>,
        founded: Option<i64>,
        closed: Option<i64>,
        parent: Option<&str>,
        employees: Option<f64>,
    ) {
        let order = matches!((founded, closed), (Some(f), Some(c)) if c < f);
        let negative = employees.is_some_and(|e| e < 0.0);
        let Some(id) = id else {
            self.bad += 1;
            return;
        };
        if region.is_none() || kind.is_none() || order || negative {
            self.bad += 1;
        }
        self.ids.extend_from_slice(id.as_bytes());
        self.id_ends.push(self.ids.len());
        self.parents.extend_from_slice(parent.unwrap_or_default().as_bytes());
        self.parent_ends.push(self.parents.len());
        self.region.push(region.unwrap_or(-1));
        self.kind.push(kind.unwrap_or(-1));
        self.founded.push(year_cell(founded));
        self.closed.push(year_cell(closed));
        self.employees.push(employees.unwrap_or(NO_EMPLOYEES));
    }

    /// Adds the rows of a batch of the columns id, kind, region_id, founded, closed, parent_id, employees.
    fn add(&mut self, b: &RecordBatch, regions: &FxHashMap<&str, i32>) -> Result<(), ArrowError> {
        let (id, parent) = (Cells::new(b.column(0))?, Cells::new(b.column(5))?);
        let (id, parent) = (id.reader(), parent.reader());
        // Kinds and regions coded once per dictionary value (a converted file) or run of equal cells.
        let mut codes = std::mem::take(&mut self.codes);
        let [kind_dict, region_dict] = &mut self.dicts;
        code_cells(b.column(1), kind_dict, |k| kind_of(k).map(|k| k as u32), &mut codes[0])?;
        code_cells(b.column(2), region_dict, |r| regions.get(r).map(|&p| p as u32), &mut codes[1])?;
        let code = |c: u32| (c != NONE).then_some(c as i32);
        let (founded, closed, employees) = (
            cast(b.column(3), &DataType::Int64)?,
            cast(b.column(4), &DataType::Int64)?,
            cast(b.column(6), &DataType::Float64)?,
        );
        let (founded, closed) = (founded.as_primitive::<Int64Type>(), closed.as_primitive::<Int64Type>());
        let employees = employees.as_primitive::<Float64Type>();
        for (i, (&k, &r)) in codes[0].iter().zip(&codes[1]).enumerate() {
            let f = founded.is_valid(i).then(|| founded.value(i));
            let c = closed.is_valid(i).then(|| closed.value(i));
            let e = employees.is_valid(i).then(|| employees.value(i));
            self.push(id.get(i), code(k), code(r), f, c, parent.get(i), e);
        }
        self.codes = codes;
        Ok(())
    }

    /// Adds one row of a CSV file read by `crate::csvscan` (`cols`: the positions of id, kind, region_id,
    /// founded, closed, parent_id and employees in its header).
    fn add_csv(&mut self, row: &Row<'_>, cols: &[Option<usize>; 7], regions: &FxHashMap<&str, i32>) -> Result<(), Bad> {
        let text = |k: usize| cols[k].map_or(Ok(None), |c| row.text(c));
        let int = |k: usize| cols[k].map_or(Ok(None), |c| row.int(c));
        let (id, kind, parent) = (text(0)?, text(1)?.and_then(kind_of), text(5)?);
        let (founded, closed) = (int(3)?, int(4)?);
        let employees = cols[6].map_or(Ok(None), |c| row.float(c))?;
        let r = match cols[2].and_then(|c| row.bytes(c)) {
            None => None,
            Some(b) => Some(self.run.code(b, |r| regions.get(r).map(|&p| p as u32))).filter(|&c| c != NONE),
        };
        self.push(id, kind, r.map(|r| r as i32), founded, closed, parent, employees);
        Ok(())
    }
}

/// The lists end to end: the first grown in place (a large allocation is remapped, not copied), the
/// others appended.
fn concat<T>(mut lists: impl Iterator<Item = Vec<T>>) -> Vec<T> {
    let mut all = lists.next().unwrap_or_default();
    for mut list in lists {
        all.append(&mut list);
    }
    all
}

fn cut<'a>(bytes: &'a [u8], ends: &[usize], i: usize) -> &'a [u8] {
    &bytes[if i == 0 { 0 } else { ends[i - 1] }..ends[i]]
}

impl Engine {
    /// Reads `organizations` once (see the module's documentation): the rows read in parallel, then
    /// their ids numbered in file order and the parents looked up.
    pub(crate) fn organizations_pass(&self) -> Result<(Organizations, Failures), EngineError> {
        let context = "organizations";
        let regions: FxHashMap<&str, i32> =
            self.regions().iter().enumerate().map(|(i, r)| (r.as_str(), i as i32)).collect();
        let read = Timer::new("organisations: read rows");
        let mut parts: Option<Vec<OrgRows>> = None;
        if let Some(path) = self.csv_path("organizations") {
            let csv = CsvFile::open(path)?;
            let cols =
                ["id", "kind", "region_id", "founded", "closed", "parent_id", "employees"].map(|c| csv.column(c));
            if let Scan::Done(done) =
                csv.fold(self.partitions(), OrgRows::default, |part, row| part.add_csv(row, &cols, &regions))?
            {
                parts = Some(done);
            }
        }
        let mut parts = match parts {
            Some(parts) => parts,
            // The raw table, not the view: its text cells are trimmed as they are read ([`Text::get`]),
            // not by a `TRIM` over every cell and a copy of each column.
            None => self.fold_partitions(
                &self.raw_select(
                    "organizations",
                    &["id", "kind", "region_id", "founded", "closed", "parent_id", "employees"],
                ),
                context,
                |part: &mut OrgRows, batch| part.add(batch, &regions),
            )?,
        };
        drop(read);
        let number = Timer::new("organisations: number ids");
        let n: usize = parts.iter().map(|p| p.id_ends.len()).sum();
        let bad_rows: u64 = parts.iter().map(|p| p.bad).sum();
        // The parts' rows end to end: the first part's arrays grown in place, the others' appended.
        let mut ends = parts.first_mut().map(|p| std::mem::take(&mut p.id_ends)).unwrap_or_default();
        let mut at = parts.first().map_or(0, |p| p.ids.len());
        for part in parts.iter().skip(1) {
            ends.extend(part.id_ends.iter().map(|&e| e + at));
            at += part.ids.len();
        }
        let ids = concat(parts.iter_mut().map(|p| std::mem::take(&mut p.ids)));
        let mut orgs = Organizations {
            codes: IdIndex::default(),
            region: concat(parts.iter_mut().map(|p| std::mem::take(&mut p.region))),
            kind: concat(parts.iter_mut().map(|p| std::mem::take(&mut p.kind))),
            founded: concat(parts.iter_mut().map(|p| std::mem::take(&mut p.founded))),
            closed: concat(parts.iter_mut().map(|p| std::mem::take(&mut p.closed))),
            employees: concat(parts.iter_mut().map(|p| std::mem::take(&mut p.employees))),
            parent: Vec::new(),
        };
        drop(number);
        let number = Timer::new("organisations: build index");
        let (codes, repeats) = IdIndex::build(ids, ends, self.partitions());
        orgs.codes = codes;
        // A row that repeats an id is left out of every count (and fails the checks).
        for &(row, _) in &repeats {
            orgs.region[row as usize] = -1;
            orgs.kind[row as usize] = -1;
        }
        let repeated = repeats.len() as u64;
        drop(number);
        let _parents = Timer::new("organisations: parents");
        // Each part's parents looked up together ([`IdIndex::get_many`]); an empty cell is no parent.
        let mut bad_parents = 0;
        orgs.parent.reserve_exact(n);
        let mut first = 0;
        for part in &parts {
            let mut codes = orgs.codes.get_many(&part.parents, &part.parent_ends, self.partitions());
            for (i, code) in codes.iter_mut().enumerate() {
                if *code == NONE && !cut(&part.parents, &part.parent_ends, i).is_empty() {
                    bad_parents += 1;
                }
            }
            // A repeated row's parent is not the organisation's.
            let rows = first..first + codes.len();
            for r in repeats.iter().map(|&(r, _)| r as usize).filter(|r| rows.contains(r)) {
                codes[r - first] = NONE;
            }
            first += codes.len();
            orgs.parent.extend(codes);
        }
        let mut failed = Vec::new();
        if bad_rows + repeated > 0 {
            failed.push(format!(
                "organizations: {} rows with an empty or repeated id, an unknown kind or region, a negative employee \
                 count, or a closing year before the founding year",
                bad_rows + repeated
            ));
        }
        if bad_parents > 0 {
            failed.push(format!("organizations: {bad_parents} rows with a parent_id that is not an organisation"));
        }
        Ok((orgs, failed))
    }

    /// Reads the memberships of the years in `years` (see the module's documentation), the partitions of
    /// the scan in parallel. The file's columns are read as they are, with no filter in SQL (which would
    /// copy every column of the rows it keeps): a row's year is looked at first, and the text of the
    /// rows of other years never leaves the scan's batches. Needs no
    /// organisation: their ids are looked up by [`Engine::collaborations_pass`], so the scan can run
    /// beside the organisations pass.
    pub(crate) fn collaborations_scan(&self, years: &[i64]) -> Result<CollaborationRows, EngineError> {
        let context = "collaborations";
        let person = if self.tables()["collaborations"].iter().any(|c| c == "person_id") {
            "\"person_id\""
        } else {
            "CAST(NULL AS VARCHAR)"
        };
        let sql =
            format!("SELECT \"project_id\", \"org_id\", CAST(\"year\" AS BIGINT), {person} FROM raw_collaborations");
        let _scan = Timer::new("collaborations: scan and code");
        if let Some(path) = self.csv_path("collaborations") {
            let csv = CsvFile::open(path)?;
            let cols = ["project_id", "org_id", "year", "person_id"].map(|c| csv.column(c));
            let scan = csv.fold(self.partitions(), Members::default, |part, row| part.add_csv(row, &cols, years))?;
            if let Scan::Done(done) = scan {
                return Ok(CollaborationRows(done));
            }
        }
        let parts = self.fold_partitions(&sql, context, |part: &mut Members, batch| part.add(batch, years))?;
        Ok(CollaborationRows(parts))
    }

    /// The memberships of [`Engine::collaborations_scan`] with their organisations' codes (see the
    /// module's documentation).
    pub(crate) fn collaborations_pass(
        &self,
        orgs: &Organizations,
        rows: CollaborationRows,
    ) -> Result<(Failures, Memberships), EngineError> {
        let mut parts = rows.0;
        let lookup = Timer::new("collaborations: organisations");
        let mut codes = Vec::with_capacity(parts.len());
        for part in &mut parts {
            codes.push(orgs.codes.get_many(&part.org_ids, &part.org_ends, self.partitions()));
            part.org_ids = Vec::new();
            part.org_ends = Vec::new();
        }
        drop(lookup);
        let _merge = Timer::new("collaborations: merge");
        // The runs of every part end to end: a project's code is the position of its first run.
        let total: usize = parts.iter().map(|p| p.run_ends.len()).sum();
        let mut ids = Vec::with_capacity(parts.iter().map(|p| p.runs.len()).sum());
        let mut ends = Vec::with_capacity(total);
        for part in &mut parts {
            let offset = ids.len();
            ids.append(&mut part.runs);
            ends.extend(part.run_ends.iter().map(|&e| e + offset));
        }
        let (_, repeats) = IdIndex::build(ids, ends, self.partitions());
        // Dense codes: the first runs numbered in order, each later run given its first run's code.
        let mut dense = Vec::with_capacity(total);
        let mut repeats = repeats.into_iter().peekable();
        let mut projects = 0u32;
        for run in 0..total as u32 {
            match repeats.next_if(|&(r, _)| r == run) {
                Some((_, first)) => dense.push(dense[first as usize]),
                None => {
                    dense.push(projects);
                    projects += 1;
                }
            }
        }
        let (mut no_project, mut unknown) = (0, 0);
        let mut all = Memberships::default();
        let mut offset = 0;
        for (part, o) in parts.into_iter().zip(codes) {
            no_project += part.no_project;
            unknown += part.unknown;
            // A membership of an organisation the table does not have is left out (and fails the checks).
            let known = |k: &usize| o[*k] != NONE;
            unknown += o.len() as u64 - (0..o.len()).filter(known).count() as u64;
            all.p.extend((0..o.len()).filter(known).map(|k| dense[offset + part.p[k] as usize]));
            all.o.extend(o.iter().copied().filter(|&c| c != NONE));
            all.year.extend((0..o.len()).filter(known).map(|k| part.year[k]));
            offset += part.run_ends.len();
        }
        all.projects = projects as usize;
        let mut failed = Vec::new();
        if no_project + unknown > 0 {
            failed.push(format!(
                "collaborations: {} rows with an empty project_id or an org_id that is not an organisation",
                no_project + unknown
            ));
        }
        Ok((failed, all))
    }
}

/// The memberships a scan read, one list per partition, their organisations not yet looked up.
pub(crate) struct CollaborationRows(Vec<Members>);

impl CollaborationRows {
    /// The people the rows name, per partition (taken out of the rows).
    pub(crate) fn take_named(&mut self) -> Vec<Named> {
        self.0.iter_mut().map(|m| std::mem::take(&mut m.named)).collect()
    }
}

/// One partition's memberships.
#[derive(Default)]
struct Members {
    p: Vec<u32>,
    /// The organisation ids of the memberships, end to end.
    org_ids: Vec<u8>,
    org_ends: Vec<usize>,
    year: Vec<i64>,
    /// The people the rows of the scan's years name, whatever their project and organisation.
    named: Named,
    /// The project id of each run of rows with the same project, end to end (a row's local project
    /// code is its run's position; the merge makes them common).
    runs: Vec<u8>,
    run_ends: Vec<usize>,
    no_project: u64,
    unknown: u64,
}

impl Members {
    /// Keeps the organisation id of a membership, looked up after the scan (all of them together,
    /// [`IdIndex::get_many`]).
    fn org(&mut self, id: &[u8]) {
        self.org_ids.extend_from_slice(id);
        self.org_ends.push(self.org_ids.len());
    }

    /// Whether `id` is the project of the last run.
    fn same_project(&self, id: &[u8]) -> bool {
        let start = self.run_ends.len().checked_sub(2).map_or(0, |k| self.run_ends[k]);
        !self.run_ends.is_empty() && &self.runs[start..] == id
    }

    /// The local code of project `id`: the last run's, or a new run's.
    fn project(&mut self, id: &[u8]) -> u32 {
        if !self.same_project(id) {
            self.runs.extend_from_slice(id);
            self.run_ends.push(self.runs.len());
        }
        self.run_ends.len() as u32 - 1
    }

    fn add(&mut self, b: &RecordBatch, years: &[i64]) -> Result<(), ArrowError> {
        let (project, org, person) = (Cells::new(b.column(0))?, Cells::new(b.column(1))?, Cells::new(b.column(3))?);
        let (project, org, person) = (project.reader(), org.reader(), person.reader());
        let year = b.column(2).as_primitive::<Int64Type>();
        for i in 0..b.num_rows() {
            if year.is_null(i) || !years.contains(&year.value(i)) {
                continue;
            }
            self.named.add(year.value(i), person.get(i));
            let Some(id) = project.get(i) else {
                self.no_project += 1;
                continue;
            };
            let Some(o) = org.get(i) else {
                self.unknown += 1;
                continue;
            };
            let p = self.project(id.as_bytes());
            self.p.push(p);
            self.org(o.as_bytes());
            self.year.push(year.value(i));
        }
        Ok(())
    }

    /// Adds one row of a CSV file read by `crate::csvscan` (`cols`: the positions of project, organisation,
    /// year and person in its header).
    fn add_csv(&mut self, row: &Row<'_>, cols: &[Option<usize>; 4], years: &[i64]) -> Result<(), Bad> {
        let Some(year) = cols[2].map_or(Ok(None), |c| row.int(c))? else { return Ok(()) };
        if !years.contains(&year) {
            return Ok(());
        }
        self.named.add(year, cols[3].map_or(Ok(None), |c| row.text(c))?);
        let Some(id) = cols[0].and_then(|c| row.bytes(c)) else {
            self.no_project += 1;
            return Ok(());
        };
        let Some(o) = cols[1].and_then(|c| row.bytes(c)) else {
            self.unknown += 1;
            return Ok(());
        };
        if !self.same_project(id) && std::str::from_utf8(id).is_err() {
            // Not UTF-8 text: as good as no project id.
            self.no_project += 1;
            return Ok(());
        }
        let p = self.project(id);
        self.p.push(p);
        self.org(o);
        self.year.push(year);
        Ok(())
    }
}
