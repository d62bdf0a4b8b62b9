//! One pass over `people`: each person's id, region (their own, else their organisation's), role and
//! organisation id, the contract's checks, `researchers_per_100k`, and the people of role `leader`
//! placed in a region, whom `crate::leaders` counts in the collaborations' rows.
//!
//! Why not SQL: the whole table as a working table with every text column trimmed, an anti-join for the
//! regions and a copy with the organisations' regions added took three quarters of a second of the
//! cores beside the large tables' passes; read into arrays, with regions and roles looked up once per run
//! of equal cells or per dictionary value, only the leaders (a few percent of the rows) are kept.
//! The scan needs no organisation and runs beside their pass; the organisations' regions are looked up
//! all together once it is done ([`crate::codes::IdIndex::get_many`]).

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::error::ArrowError;
use rustc_hash::FxHashMap;

use crate::codes::{DictCache, NONE, Run, Text, as_text, code_cells};
use crate::csvscan::{Bad, CsvFile, Row, Scan};
use crate::engine::{Engine, Timer};
use crate::error::EngineError;
use crate::leaders::Leaders;
use crate::network::Organizations;

/// The indicator of [`Engine::people_resolved`].
pub(crate) const OUTPUT: &str = "researchers_per_100k";

/// What the checks of the scan report when a row breaks the contract.
pub(crate) const FAILED: &str = "people: an empty id or an unknown region";

/// The code of a region id that is given but not in `regions` (an empty cell is [`NONE`]).
const UNKNOWN: u32 = NONE - 1;

/// A person's role, as the indicators tell them apart.
const OTHER: u8 = 0;
const RESEARCHER: u8 = 1;
const LEADER: u8 = 2;

fn role_code(role: &str) -> u8 {
    match role {
        "researcher" => RESEARCHER,
        "leader" => LEADER,
        _ => OTHER,
    }
}

/// The rows of one partition of the scan: ids and organisation ids end to end (an empty organisation id
/// where none is given), the region's position in `regions` ([`NONE`] where none is given) and the role.
#[derive(Default)]
struct Part {
    ids: Vec<u8>,
    id_ends: Vec<usize>,
    orgs: Vec<u8>,
    org_ends: Vec<usize>,
    region: Vec<u32>,
    role: Vec<u8>,
    /// Rows with an empty id or a region that is not in `regions`.
    bad: u64,
    dicts: [DictCache; 2],
    codes: [Vec<u32>; 2],
    runs: [Run; 2],
}

impl Part {
    fn push(&mut self, id: Option<&str>, region: u32, org: Option<&str>, role: u8) {
        let Some(id) = id else {
            self.bad += 1;
            return;
        };
        if region == UNKNOWN {
            self.bad += 1;
            return;
        }
        self.ids.extend_from_slice(id.as_bytes());
        self.id_ends.push(self.ids.len());
        self.orgs.extend_from_slice(org.unwrap_or_default().as_bytes());
        self.org_ends.push(self.orgs.len());
        self.region.push(region);
        self.role.push(role);
    }

    /// Adds a batch of the columns id, region_id, org_id and role.
    fn add(&mut self, b: &RecordBatch, regions: &FxHashMap<&str, u32>) -> Result<(), ArrowError> {
        let [region_dict, role_dict] = &mut self.dicts;
        let [region, role] = &mut self.codes;
        code_cells(b.column(1), region_dict, |id| Some(regions.get(id).copied().unwrap_or(UNKNOWN)), region)?;
        code_cells(b.column(3), role_dict, |r| Some(u32::from(role_code(r))), role)?;
        let (ids, orgs) = (as_text(b.column(0))?, as_text(b.column(2))?);
        let (ids, orgs) = (Text::new(&ids), Text::new(&orgs));
        for i in 0..b.num_rows() {
            let (r, role) = (self.codes[0][i], self.codes[1][i]);
            let role = if role == NONE { OTHER } else { role as u8 };
            self.push(ids.get(i), r, orgs.get(i), role);
        }
        Ok(())
    }

    /// Adds one row of a CSV file (`cols`: the positions of id, region_id, org_id and role in its header).
    fn add_csv(&mut self, row: &Row<'_>, cols: &[Option<usize>; 4], regions: &FxHashMap<&str, u32>) -> Result<(), Bad> {
        let text = |k: usize| cols[k].map_or(Ok(None), |c| row.text(c));
        let (id, org) = (text(0)?, text(2)?);
        let r = cols[1]
            .and_then(|c| row.bytes(c))
            .map_or(NONE, |b| self.runs[0].code(b, |id| Some(regions.get(id).copied().unwrap_or(UNKNOWN))));
        let role = cols[3]
            .and_then(|c| row.bytes(c))
            .map_or(NONE, |b| self.runs[1].code(b, |r| Some(u32::from(role_code(r)))));
        let role = if role == NONE { OTHER } else { role as u8 };
        self.push(id, r, org, role);
        Ok(())
    }
}

/// The people of [`Engine::people_scan`], their organisations not yet looked up.
pub(crate) struct PeopleRows {
    parts: Vec<Part>,
    /// Rows that break the contract.
    pub(crate) bad: u64,
}

impl Engine {
    /// Reads every person (see the module's documentation), the partitions of the scan in parallel.
    pub(crate) fn people_scan(&self) -> Result<PeopleRows, EngineError> {
        let _timer = Timer::new("people scan");
        let regions = self.region_codes();
        let names = ["id", "region_id", "org_id", "role"];
        let rows = |parts: Vec<Part>| PeopleRows { bad: parts.iter().map(|p| p.bad).sum(), parts };
        if let Some(path) = self.csv_path("people") {
            let csv = CsvFile::open(path)?;
            let cols = names.map(|c| csv.column(c));
            let scan = csv.fold(self.partitions(), Part::default, |part, row| part.add_csv(row, &cols, &regions))?;
            if let Scan::Done(parts) = scan {
                return Ok(rows(parts));
            }
        }
        let present = &self.tables()["people"];
        let columns: Vec<String> = names
            .iter()
            .map(|c| if present.iter().any(|p| p == c) { format!("\"{c}\"") } else { "CAST(NULL AS VARCHAR)".into() })
            .collect();
        let sql = format!("SELECT {} FROM raw_people", columns.join(", "));
        let parts = self.fold_partitions(&sql, "people", |part: &mut Part, b| part.add(b, &regions))?;
        Ok(rows(parts))
    }

    /// Places each person of `rows` in their own region, else (with `orgs`) their organisation's;
    /// returns `researchers_per_100k` (one value per region and each of `years` at `r × years + j`:
    /// researchers placed in `r` × 100,000 / `P_r`, the same every year), the leaders placed in a region
    /// (for `crate::leaders`) and what fails: people whose `org_id` is not an organisation.
    pub(crate) fn people_resolved(&self, rows: PeopleRows, orgs: Option<&Organizations>, years: usize) -> Resolved {
        let _timer = Timer::new("people: regions");
        let nregions = self.regions().len();
        let (mut researchers, mut unknown) = (vec![0u64; nregions], 0u64);
        let mut leaders = Leaders::default();
        for part in &rows.parts {
            let codes = match orgs {
                Some(orgs) => orgs.codes_of(&part.orgs, &part.org_ends, self.partitions()),
                None => Vec::new(),
            };
            let mut start = (0, 0);
            for i in 0..part.region.len() {
                let (id, org) = (&part.ids[start.0..part.id_ends[i]], &part.orgs[start.1..part.org_ends[i]]);
                start = (part.id_ends[i], part.org_ends[i]);
                let org_region = match (orgs, codes.get(i)) {
                    (Some(orgs), Some(&code)) if code != NONE => usize::try_from(orgs.region[code as usize]).ok(),
                    (Some(_), _) => {
                        unknown += u64::from(!org.is_empty());
                        None
                    }
                    _ => None,
                };
                let region = Some(part.region[i] as usize).filter(|_| part.region[i] != NONE).or(org_region);
                let Some(r) = region else { continue };
                match part.role[i] {
                    RESEARCHER => researchers[r] += 1,
                    LEADER => {
                        // The ids were read as UTF-8 text.
                        leaders.add(std::str::from_utf8(id).unwrap_or_default(), r);
                    }
                    _ => {}
                }
            }
        }
        let population = self.population();
        let mut values = vec![None; nregions * years];
        for r in 0..nregions {
            let v = population[r].map(|p| researchers[r] as f64 * 100000.0 / p).filter(|v| v.is_finite());
            values[r * years..(r + 1) * years].fill(v);
        }
        let failed = if unknown > 0 {
            vec![format!("people: {unknown} rows with an org_id that is not an organisation")]
        } else {
            Vec::new()
        };
        Resolved { failed, researchers: values, leaders }
    }
}

/// What [`Engine::people_resolved`] gives: what fails, `researchers_per_100k`, and the leaders placed in a
/// region.
pub(crate) struct Resolved {
    pub failed: Vec<String>,
    pub researchers: Vec<Option<f64>>,
    pub leaders: Leaders,
}
