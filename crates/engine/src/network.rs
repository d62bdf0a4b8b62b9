//! Organisations and collaborations read with integer codes, the second and third largest tables of a
//! package (millions of organisations, tens of millions of project memberships). The queries of joint
//! research join and group these on organisation, project and region ids; on text that was most of a
//! run's time. Read here once each:
//!
//! - `t_organizations`: the view's columns plus `o` (the organisation's code, its position in the
//!   table), `r` (its region's position in `regions`), `k` (its kind's position in [`KINDS`]) and
//!   `parent` (the parent's code);
//! - the memberships of the years the run looks at as [`Memberships`] (`p` a code per project, `o` the
//!   organisation's code, the year), for the joint-research indicators of `crate::joint`;
//! - `t_collaborations(year, person_id)`: the same memberships' years and named people, for the leaders
//!   query.
//!
//! The rows that break the contract (an empty or repeated organisation id, an unknown kind or region, a
//! negative employee count, a closing year before the founding year, a parent or a member that is not an
//! organisation, an empty project id) are counted, as the SQL checks of the other tables do.

use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, Int32Builder, Int64Array, RecordBatch, StringArray, StringBuilder,
};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Float64Type, Int64Type, Schema};
use datafusion::arrow::error::ArrowError;
use rustc_hash::FxHashMap;

use crate::codes::{Interner, Text, as_text};
use crate::engine::{Engine, Timer, df};
use crate::error::EngineError;
use crate::joint::Memberships;

/// The kinds of organisation of the contract; `k` is a position in this list.
pub const KINDS: [&str; 9] =
    ["startup", "mid_sized", "small", "large", "university", "public_research", "government", "support", "finance"];

/// The code of `kind` in SQL (`k = {}`).
pub(crate) fn kind_code(kind: &str) -> usize {
    KINDS.iter().position(|k| *k == kind).expect("a kind of the contract")
}

/// A list of kind codes for SQL's `IN`: `(0, 2)`.
pub(crate) fn kind_codes(kinds: &[&str]) -> String {
    let codes: Vec<String> = kinds.iter().map(|k| kind_code(k).to_string()).collect();
    format!("({})", codes.join(", "))
}

/// The organisations as the pass left them for the collaborations pass.
pub(crate) struct Organizations {
    /// Organisation ids and their codes.
    codes: Interner,
    /// Per code, the region's position and the kind's code.
    pub(crate) region: Vec<i32>,
    pub(crate) kind: Vec<i32>,
}

/// Row counts that break the contract.
pub(crate) type Failures = Vec<String>;

fn text(batch: &RecordBatch, i: usize) -> &StringArray {
    batch.column(i).as_string::<i32>()
}

/// `batch` with its columns cast to `types` where they differ (text as plain Utf8, whatever the file
/// or the session made of it).
fn normalise(batch: &RecordBatch, types: &[DataType]) -> Result<RecordBatch, datafusion::arrow::error::ArrowError> {
    if batch.columns().iter().zip(types).all(|(c, t)| c.data_type() == t) {
        return Ok(batch.clone());
    }
    let columns: Vec<ArrayRef> =
        batch.columns().iter().zip(types).map(|(c, t)| cast(c, t)).collect::<Result<_, _>>()?;
    let fields: Vec<Field> =
        batch.schema().fields().iter().zip(types).map(|(f, t)| Field::new(f.name(), t.clone(), true)).collect();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
}

impl Engine {
    /// Reads `organizations` into `t_organizations` (see the module's documentation).
    pub(crate) fn organizations_pass(&self) -> Result<(Organizations, Failures), EngineError> {
        let context = "organizations";
        use DataType::{Float64, Int64, Utf8};
        let types = [Utf8, Utf8, Utf8, Int64, Int64, Utf8, Float64];
        let batches = self
            .sql_collect(
                "SELECT id, kind, region_id, founded, closed, parent_id, employees FROM organizations",
                context,
            )?
            .iter()
            .map(|b| normalise(b, &types))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| df(context)(e.into()))?;
        let regions: FxHashMap<&str, i32> =
            self.regions().iter().enumerate().map(|(i, r)| (r.as_str(), i as i32)).collect();
        let n: usize = batches.iter().map(RecordBatch::num_rows).sum();
        let mut orgs = Organizations {
            codes: Interner::with_capacity(n),
            region: Vec::with_capacity(n),
            kind: Vec::with_capacity(n),
        };
        let (mut bad_rows, mut repeated, mut bad_parents) = (0u64, 0u64, 0u64);
        // Per batch, the code, region and kind of each row (the first row's code where an id repeats).
        let mut coded: Vec<[Int32Builder; 3]> = Vec::with_capacity(batches.len());
        for b in &batches {
            let (id, kind, region) = (text(b, 0), text(b, 1), text(b, 2));
            let founded = b.column(3).as_primitive::<Int64Type>();
            let closed = b.column(4).as_primitive::<Int64Type>();
            let employees = b.column(6).as_primitive::<Float64Type>();
            let mut out = [(); 3].map(|_| Int32Builder::with_capacity(b.num_rows()));
            for i in 0..b.num_rows() {
                let r = if region.is_valid(i) { regions.get(region.value(i)).copied() } else { None };
                let k = if kind.is_valid(i) { KINDS.iter().position(|k| *k == kind.value(i)) } else { None };
                let order = founded.is_valid(i) && closed.is_valid(i) && closed.value(i) < founded.value(i);
                let negative = employees.is_valid(i) && employees.value(i) < 0.0;
                if !id.is_valid(i) || r.is_none() || k.is_none() || order || negative {
                    bad_rows += 1;
                }
                let (r, k) = (r.unwrap_or(-1), k.map_or(-1, |k| k as i32));
                out[0].append_option(if id.is_valid(i) {
                    let (code, new) = orgs.codes.intern(id.value(i));
                    if new {
                        orgs.region.push(r);
                        orgs.kind.push(k);
                    } else {
                        repeated += 1;
                    }
                    Some(code as i32)
                } else {
                    None
                });
                out[1].append_value(r);
                out[2].append_value(k);
            }
            coded.push(out);
        }
        let mut parts: Vec<Vec<RecordBatch>> = vec![Vec::new(); self.partitions()];
        let mut schema = None;
        for (j, (b, mut out)) in batches.iter().zip(coded).enumerate() {
            let rows = b.num_rows();
            let parent_id = text(b, 5);
            let mut parent = Int32Builder::with_capacity(rows);
            for i in 0..rows {
                if parent_id.is_null(i) {
                    parent.append_null();
                } else if let Some(p) = orgs.codes.get(parent_id.value(i)) {
                    parent.append_value(p as i32);
                } else {
                    bad_parents += 1;
                    parent.append_null();
                }
            }
            let mut columns: Vec<ArrayRef> = b.columns().to_vec();
            columns.extend(out.iter_mut().map(|c| Arc::new(c.finish()) as ArrayRef));
            columns.push(Arc::new(parent.finish()));
            let s = schema.get_or_insert_with(|| {
                let mut fields: Vec<Field> = b.schema().fields().iter().map(|f| f.as_ref().clone()).collect();
                fields.extend([
                    Field::new("o", DataType::Int32, true),
                    Field::new("r", DataType::Int32, false),
                    Field::new("k", DataType::Int32, false),
                    Field::new("parent", DataType::Int32, true),
                ]);
                Arc::new(Schema::new(fields))
            });
            let batch = RecordBatch::try_new(s.clone(), columns).map_err(|e| df(context)(e.into()))?;
            let n = parts.len();
            parts[j % n].push(batch);
        }
        let schema = schema.unwrap_or_else(|| {
            let names = ["id", "kind", "region_id", "founded", "closed", "parent_id", "employees"];
            let mut fields: Vec<Field> =
                names.iter().zip(&types).map(|(n, t)| Field::new(*n, t.clone(), true)).collect();
            for name in ["o", "r", "k", "parent"] {
                fields.push(Field::new(name, DataType::Int32, matches!(name, "o" | "parent")));
            }
            Arc::new(Schema::new(fields))
        });
        self.register_memory("t_organizations", schema, parts, context)?;
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

    /// Reads the memberships of the years in `years` into `t_collaborations` (see the module's
    /// documentation), the partitions of the scan in parallel. The file's columns are read as they
    /// are (no view): a row's year is looked at first, and the text of the rows of other years never
    /// leaves the scan's buffers.
    pub(crate) fn collaborations_pass(
        &self,
        orgs: &Organizations,
        years: &[i64],
    ) -> Result<(Failures, Memberships), EngineError> {
        let context = "collaborations";
        let person = if self.tables()["collaborations"].iter().any(|c| c == "person_id") {
            "\"person_id\""
        } else {
            "CAST(NULL AS VARCHAR)"
        };
        let list: Vec<String> = years.iter().map(i64::to_string).collect();
        let sql = format!(
            "SELECT \"project_id\", \"org_id\", CAST(\"year\" AS BIGINT), {person} FROM raw_collaborations \
             WHERE \"year\" IN ({})",
            list.join(", ")
        );
        let schema = Arc::new(Schema::new(vec![
            Field::new("year", DataType::Int64, false),
            Field::new("person_id", DataType::Utf8, true),
        ]));
        let scan = Timer::new("collaborations: scan and code");
        let parts: Vec<Members> =
            self.fold_partitions(&sql, context, |part: &mut Members, batch| part.add(batch, orgs, years))?;
        drop(scan);
        let _merge = Timer::new("collaborations: merge");
        let mut projects = Interner::default();
        let (mut no_project, mut unknown) = (0, 0);
        let mut tables = Vec::with_capacity(parts.len());
        let mut all = Memberships::default();
        for mut part in parts {
            no_project += part.no_project;
            unknown += part.unknown;
            let global: Vec<u32> =
                (0..part.projects.len() as u32).map(|c| projects.intern(part.projects.id(c)).0).collect();
            all.p.extend(part.p.iter().map(|&c| global[c as usize]));
            all.o.extend_from_slice(&part.o);
            all.year.extend_from_slice(&part.year);
            let columns: Vec<ArrayRef> = vec![Arc::new(Int64Array::from(part.year)), Arc::new(part.person.finish())];
            let whole = RecordBatch::try_new(schema.clone(), columns).map_err(|e| df(context)(e.into()))?;
            let n = whole.num_rows();
            tables.push((0..n).step_by(65_536).map(|at| whole.slice(at, 65_536.min(n - at))).collect());
        }
        all.projects = projects.len();
        self.register_memory("t_collaborations", schema, tables, context)?;
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

/// One partition's memberships.
#[derive(Default)]
struct Members {
    p: Vec<u32>,
    o: Vec<u32>,
    year: Vec<i64>,
    person: StringBuilder,
    /// Project ids with local codes.
    projects: Interner,
    no_project: u64,
    unknown: u64,
}

impl Members {
    fn add(&mut self, b: &RecordBatch, orgs: &Organizations, years: &[i64]) -> Result<(), ArrowError> {
        let (project, org, person) = (as_text(b.column(0))?, as_text(b.column(1))?, as_text(b.column(3))?);
        let (project, org, person) = (Text::new(&project), Text::new(&org), Text::new(&person));
        let year = b.column(2).as_primitive::<Int64Type>();
        let mut last: Option<(&str, u32)> = None;
        for i in 0..b.num_rows() {
            if year.is_null(i) || !years.contains(&year.value(i)) {
                continue;
            }
            let Some(id) = project.get(i) else {
                self.no_project += 1;
                continue;
            };
            let Some(o) = org.get(i).and_then(|s| orgs.codes.get(s)) else {
                self.unknown += 1;
                continue;
            };
            let p = match last {
                Some((s, c)) if s == id => c,
                _ => {
                    let c = self.projects.intern(id).0;
                    last = Some((id, c));
                    c
                }
            };
            self.p.push(p);
            self.o.push(o);
            self.year.push(year.value(i));
            self.person.append_option(person.get(i));
        }
        Ok(())
    }
}
