//! One pass over `patents`: the rows of the years the five-year windows of the evaluation look at, with
//! integer codes for region and technology class, their checks, and the three patent indicators
//! (`patents_per_100k`, `top_patent_rca`, `citation_share`; formulas in `docs/indicators.md`).
//!
//! Why not SQL: the same work as a working table, an anti-join for the regions and a query grouping by
//! year, region and class on text ids took three DataFusion plans over two million rows, about a third of
//! a second of the cores beside the large tables' passes; a region or class repeats over runs of rows
//! (or is a dictionary value of a converted Parquet file), so looking it up once per run or value and
//! counting into arrays is a small part of reading the file. CSV files are read by the engine's own
//! parallel reader, Parquet files by DataFusion, as for employment.

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Float64Type, Int64Type};
use datafusion::arrow::error::ArrowError;
use rustc_hash::FxHashMap;

use crate::codes::{DictCache, IdIndex, Interner, NONE, Run, Text, as_text, code_cells};
use crate::csvscan::{Bad, CsvFile, Row, Scan};
use crate::engine::{Engine, Timer};
use crate::error::EngineError;

/// The indicators of [`indicators`], in the order of its columns.
pub(crate) const OUTPUTS: [&str; 3] = ["patents_per_100k", "top_patent_rca", "citation_share"];

/// What the checks of the pass report when a kept row breaks the contract.
pub(crate) const FAILED: &str =
    "patents: an empty or repeated id, an unknown region, an empty technology class or negative citations";

/// The kept rows of one partition of the scan: each patent's id end to end, its region's position in
/// `regions`, its class (a code of the partition's own `classes`), year and citations (NaN when
/// empty).
#[derive(Default)]
struct Part {
    ids: Vec<u8>,
    ends: Vec<usize>,
    region: Vec<u32>,
    class: Vec<u32>,
    year: Vec<i64>,
    citations: Vec<f64>,
    classes: Interner,
    /// Rows with an empty id or class, an empty or unknown region, or negative citations.
    bad: u64,
    dicts: [DictCache; 2],
    codes: [Vec<u32>; 2],
    runs: [Run; 2],
}

impl Part {
    fn push(&mut self, id: Option<&str>, r: u32, c: u32, year: i64, citations: Option<f64>) {
        let Some(id) = id else {
            self.bad += 1;
            return;
        };
        if r == NONE || c == NONE || citations.is_some_and(|n| n < 0.0) {
            self.bad += 1;
            return;
        }
        self.ids.extend_from_slice(id.as_bytes());
        self.ends.push(self.ids.len());
        self.region.push(r);
        self.class.push(c);
        self.year.push(year);
        self.citations.push(citations.unwrap_or(f64::NAN));
    }

    /// Adds a batch of the columns id, region_id, tech_class, year (64-bit, the kept years only) and
    /// citations.
    fn add(&mut self, b: &RecordBatch, regions: &FxHashMap<&str, u32>) -> Result<(), ArrowError> {
        let [region_dict, class_dict] = &mut self.dicts;
        let [region, class] = &mut self.codes;
        code_cells(b.column(1), region_dict, |id| regions.get(id).copied(), region)?;
        let classes = &mut self.classes;
        code_cells(b.column(2), class_dict, |id| Some(classes.intern(id).0), class)?;
        let ids = as_text(b.column(0))?;
        let ids = Text::new(&ids);
        let year = cast(b.column(3), &DataType::Int64)?;
        let year = year.as_primitive::<Int64Type>();
        let citations = cast(b.column(4), &DataType::Float64)?;
        let citations = citations.as_primitive::<Float64Type>();
        for i in 0..b.num_rows() {
            let (r, c) = (self.codes[0][i], self.codes[1][i]);
            let n = citations.is_valid(i).then(|| citations.value(i));
            self.push(ids.get(i), r, c, year.value(i), n);
        }
        Ok(())
    }

    /// Adds one row of a CSV file (`cols`: the positions of id, region_id, tech_class, year and
    /// citations in its header) when its year is in `keep`.
    fn add_csv(
        &mut self,
        row: &Row<'_>,
        cols: &[Option<usize>; 5],
        regions: &FxHashMap<&str, u32>,
        keep: &[i64],
    ) -> Result<(), Bad> {
        let Some(year) = cols[3].map_or(Ok(None), |c| row.int(c))? else { return Ok(()) };
        if !keep.contains(&year) {
            return Ok(());
        }
        let id = cols[0].map_or(Ok(None), |c| row.text(c))?;
        let citations = cols[4].map_or(Ok(None), |c| row.float(c))?;
        let r =
            cols[1].and_then(|c| row.bytes(c)).map_or(NONE, |b| self.runs[0].code(b, |id| regions.get(id).copied()));
        let classes = &mut self.classes;
        let c =
            cols[2].and_then(|c| row.bytes(c)).map_or(NONE, |b| self.runs[1].code(b, |id| Some(classes.intern(id).0)));
        self.push(id, r, c, year, citations);
        Ok(())
    }
}

/// The kept rows of every partition, their classes numbered in common.
pub(crate) struct PatentsPass {
    region: Vec<u32>,
    class: Vec<u32>,
    year: Vec<i64>,
    citations: Vec<f64>,
    classes: usize,
    /// Kept rows that break the contract, and ids given twice among the kept rows.
    pub(crate) bad: u64,
}

impl Engine {
    /// Reads the patents of the years in `keep` (see the module's documentation).
    pub(crate) fn patents_pass(&self, keep: &[i64]) -> Result<PatentsPass, EngineError> {
        let _timer = Timer::new("patents pass");
        let regions = self.region_codes();
        let names = ["id", "region_id", "tech_class", "year", "citations"];
        if let Some(path) = self.csv_path("patents") {
            let csv = CsvFile::open(path)?;
            let cols = names.map(|c| csv.column(c));
            let scan =
                csv.fold(self.partitions(), Part::default, |part, row| part.add_csv(row, &cols, &regions, keep))?;
            if let Scan::Done(parts) = scan {
                return Ok(self.patents_merged(parts));
            }
        }
        let present = &self.tables()["patents"];
        let citations = if present.iter().any(|c| c == "citations") {
            "CAST(\"citations\" AS DOUBLE)"
        } else {
            "CAST(NULL AS DOUBLE)"
        };
        let list: Vec<String> = keep.iter().map(i64::to_string).collect();
        let sql = format!(
            "SELECT \"id\", \"region_id\", \"tech_class\", CAST(\"year\" AS BIGINT), {citations} FROM raw_patents \
             WHERE \"year\" IN ({})",
            list.join(", ")
        );
        let parts = self.fold_partitions(&sql, "patents", |part: &mut Part, b| part.add(b, &regions))?;
        Ok(self.patents_merged(parts))
    }

    /// The partitions' rows as one, with the ids given twice counted as bad rows.
    fn patents_merged(&self, parts: Vec<Part>) -> PatentsPass {
        let mut classes = Interner::default();
        let mut pass = PatentsPass {
            region: Vec::new(),
            class: Vec::new(),
            year: Vec::new(),
            citations: Vec::new(),
            classes: 0,
            bad: 0,
        };
        let (mut ids, mut ends) = (Vec::new(), Vec::new());
        for part in parts {
            let codes: Vec<u32> =
                (0..part.classes.len() as u32).map(|c| classes.intern(part.classes.id(c)).0).collect();
            pass.class.extend(part.class.iter().map(|&c| codes[c as usize]));
            pass.region.extend(part.region);
            pass.year.extend(part.year);
            pass.citations.extend(part.citations);
            pass.bad += part.bad;
            let base = ids.len();
            ids.extend_from_slice(&part.ids);
            ends.extend(part.ends.iter().map(|e| e + base));
        }
        pass.classes = classes.len();
        pass.bad += IdIndex::build(ids, ends, self.partitions()).1.len() as u64;
        pass
    }
}

/// The patent indicators of `years` (columns in the order of [`OUTPUTS`], a value per region and year
/// at `r × years + j`), each year `Y` counting the kept rows of `Y−4 … Y`:
///
/// - `patents_per_100k`: `n_r × 100,000 / P_r` (0 patents where a region has none), null without
///   a population or without any patent in the window;
/// - `top_patent_rca`: `max_c (n_rc / n_r) / (n_c / n)` over the classes of the region's patents, null
///   where `n_r = 0`;
/// - `citation_share`: `100 × cit_r / cit` (empty citations count as none), null unless `cit > 0`.
pub(crate) fn indicators(pass: &PatentsPass, years: &[i32], population: &[Option<f64>]) -> Vec<Vec<Option<f64>>> {
    let (nregions, ny) = (population.len(), years.len());
    let mut out = vec![vec![None; nregions * ny]; OUTPUTS.len()];
    for (j, &y) in years.iter().enumerate() {
        let window = i64::from(y) - 4..=i64::from(y);
        let (mut n_r, mut cit_r) = (vec![0u64; nregions], vec![0.0f64; nregions]);
        let mut n_c = vec![0u64; pass.classes];
        let mut n_rc: FxHashMap<u64, u64> = FxHashMap::default();
        let (mut n, mut cit) = (0u64, 0.0f64);
        for i in (0..pass.year.len()).filter(|&i| window.contains(&pass.year[i])) {
            let (r, c) = (pass.region[i] as usize, pass.class[i] as usize);
            n += 1;
            n_r[r] += 1;
            n_c[c] += 1;
            *n_rc.entry(((r as u64) << 32) | c as u64).or_default() += 1;
            let citations = pass.citations[i];
            if !citations.is_nan() {
                cit_r[r] += citations;
                cit += citations;
            }
        }
        let mut best = vec![f64::NEG_INFINITY; nregions];
        for (&key, &count) in &n_rc {
            let (r, c) = ((key >> 32) as usize, (key & u64::from(u32::MAX)) as usize);
            let rca = (count as f64 / n_r[r] as f64) / (n_c[c] as f64 / n as f64);
            best[r] = best[r].max(rca);
        }
        for r in 0..nregions {
            let k = r * ny + j;
            if n > 0 {
                out[0][k] = population[r].map(|p| n_r[r] as f64 * 100000.0 / p);
            }
            if n_r[r] > 0 {
                out[1][k] = Some(best[r]);
            }
            if cit > 0.0 {
                out[2][k] = Some(100.0 * cit_r[r] / cit);
            }
        }
    }
    for column in &mut out {
        for v in column.iter_mut() {
            *v = v.filter(|v| v.is_finite());
        }
    }
    out
}
