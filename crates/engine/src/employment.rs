//! One pass over the `employment` table, the package's largest by far (a row per region, industry and
//! year). It replaces three scans (the rows of the evaluated years, each region's total per year, the
//! checks of every row) and gives the queries integer codes instead of text ids:
//!
//! - `t_employment(r, ind, year, employees, establishments)`: the rows of the years the run looks at,
//!   `r` the region's position in `regions`, `ind` a code per industry;
//! - `t_emp_tot(r, year, e)`: every region's total employees in every year the table has (0 where a
//!   region has no row that year);
//! - counts of rows that break the contract anywhere in the table, and of the kept rows that repeat a
//!   region, industry and year.
//!
//! Why not SQL: grouping and joining 34 million rows on text ids is most of a run's time in DataFusion,
//! while a region or industry id repeats over long runs of rows in real and generated files (sorted by
//! region, then industry, then year), so a lookup per run of equal ids is enough. The partitions of the
//! scan (byte ranges of a CSV file, row groups of a Parquet file) are read in parallel.

use std::collections::BTreeMap;
use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, Float64Array, Int32Array, Int64Array, RecordBatch};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Float64Type, Int32Type, Int64Type, Schema, SchemaRef};
use rustc_hash::FxHashMap;

use crate::codes::{Interner, Text, as_text};
use crate::engine::Engine;
use crate::error::EngineError;

/// Rows per batch of the working table.
const BATCH: usize = 65_536;

/// What the pass found.
pub(crate) struct EmploymentPass {
    /// The kept rows, one list of batches per partition.
    pub rows: Vec<Vec<RecordBatch>>,
    /// Their schema.
    pub schema: SchemaRef,
    /// Per year, each region's total employees.
    pub totals: BTreeMap<i64, Vec<f64>>,
    /// Rows whose region is empty or not in `regions`.
    pub unknown_regions: u64,
    /// Rows without an industry, a year or employees, or with a negative count.
    pub incomplete: u64,
    /// Kept rows whose region, industry and year an earlier row already gave.
    pub repeated: u64,
}

/// One partition's share of the pass.
#[derive(Default)]
struct Part {
    r: Vec<i32>,
    ind: Vec<u32>,
    year: Vec<i64>,
    e: Vec<f64>,
    est: Vec<Option<f64>>,
    /// Industry ids with local codes.
    industries: Interner,
    /// Per year seen, its slot in `totals`.
    slots: FxHashMap<i64, usize>,
    totals: Vec<Vec<f64>>,
    unknown_regions: u64,
    incomplete: u64,
}

/// Text ids to codes, looking up only where the id differs from the row before.
struct Runs<'a, F> {
    last: Option<(&'a str, Option<u32>)>,
    code: F,
}

impl<'a, F: FnMut(&'a str) -> Option<u32>> Runs<'a, F> {
    fn new(code: F) -> Self {
        Runs { last: None, code }
    }

    fn get(&mut self, raw: &'a str) -> Option<u32> {
        match self.last {
            Some((s, c)) if s == raw => c,
            _ => {
                let c = (self.code)(raw);
                self.last = Some((raw, c));
                c
            }
        }
    }
}

impl Part {
    fn add(
        &mut self,
        batch: &RecordBatch,
        regions: &FxHashMap<&str, i32>,
        keep: &[i64],
        nregions: usize,
    ) -> Result<(), datafusion::arrow::error::ArrowError> {
        let (region, industry) = (as_text(batch.column(0))?, as_text(batch.column(1))?);
        let (region, industry) = (Text::new(&region), Text::new(&industry));
        let year = cast(batch.column(2), &DataType::Int64)?;
        let year = year.as_primitive::<Int64Type>();
        let e = cast(batch.column(3), &DataType::Float64)?;
        let e = e.as_primitive::<Float64Type>();
        let est = cast(batch.column(4), &DataType::Float64)?;
        let est = est.as_primitive::<Float64Type>();
        let industries = &mut self.industries;
        let mut region_of = Runs::new(|id: &str| regions.get(id).map(|&r| r as u32));
        let mut industry_of = Runs::new(|id: &str| Some(industries.intern(id).0));
        let mut last: Option<(i64, usize)> = None;
        for i in 0..batch.num_rows() {
            let r = region.get(i).and_then(|id| region_of.get(id));
            let Some(r) = r else {
                self.unknown_regions += 1;
                continue;
            };
            let ind = industry.get(i).and_then(|id| industry_of.get(id));
            let y = year.is_valid(i).then(|| year.value(i));
            let v = e.is_valid(i).then(|| e.value(i));
            let s = est.is_valid(i).then(|| est.value(i));
            let (Some(ind), Some(y), Some(v)) = (ind, y, v) else {
                self.incomplete += 1;
                continue;
            };
            if v < 0.0 || s.is_some_and(|s| s < 0.0) {
                self.incomplete += 1;
                continue;
            }
            let slot = match last {
                Some((ly, slot)) if ly == y => slot,
                _ => {
                    let totals = &mut self.totals;
                    let slot = *self.slots.entry(y).or_insert_with(|| {
                        totals.push(vec![0.0; nregions]);
                        totals.len() - 1
                    });
                    last = Some((y, slot));
                    slot
                }
            };
            self.totals[slot][r as usize] += v;
            if keep.contains(&y) {
                self.r.push(r as i32);
                self.ind.push(ind);
                self.year.push(y);
                self.e.push(v);
                self.est.push(s);
            }
        }
        Ok(())
    }
}

impl Engine {
    /// Reads `employment` once: the rows of the years in `keep`, each region's totals of every year, and
    /// the rows that break the contract (see the module's documentation).
    pub(crate) fn employment_pass(&self, keep: &[i64]) -> Result<EmploymentPass, EngineError> {
        let columns = &self.tables()["employment"];
        let est = if columns.iter().any(|c| c == "establishments") {
            "CAST(\"establishments\" AS DOUBLE)"
        } else {
            "CAST(NULL AS DOUBLE)"
        };
        let sql = format!(
            "SELECT \"region_id\", \"industry\", CAST(\"year\" AS BIGINT), CAST(\"employees\" AS DOUBLE), {est} \
             FROM raw_employment"
        );
        let regions: FxHashMap<&str, i32> =
            self.regions().iter().enumerate().map(|(i, r)| (r.as_str(), i as i32)).collect();
        let nregions = self.regions().len();
        let context = "employment";
        let parts: Vec<Part> =
            self.fold_partitions(&sql, context, |part: &mut Part, batch| part.add(batch, &regions, keep, nregions))?;
        Ok(merge(parts, nregions, keep))
    }
}

/// The partitions' results as one: industry codes made common, totals added, repeated keys counted.
fn merge(parts: Vec<Part>, nregions: usize, keep: &[i64]) -> EmploymentPass {
    let mut codes = Interner::default();
    let mut totals: BTreeMap<i64, Vec<f64>> = BTreeMap::new();
    let (mut unknown_regions, mut incomplete) = (0, 0);
    let schema = Arc::new(Schema::new(vec![
        Field::new("r", DataType::Int32, false),
        Field::new("ind", DataType::Int32, false),
        Field::new("year", DataType::Int64, false),
        Field::new("employees", DataType::Float64, false),
        Field::new("establishments", DataType::Float64, true),
    ]));
    let mut rows = Vec::with_capacity(parts.len());
    for part in parts {
        unknown_regions += part.unknown_regions;
        incomplete += part.incomplete;
        for (&y, &slot) in &part.slots {
            let t = &part.totals[slot];
            let sum = totals.entry(y).or_insert_with(|| vec![0.0; nregions]);
            for (a, b) in sum.iter_mut().zip(t) {
                *a += *b;
            }
        }
        let global: Vec<i32> =
            (0..part.industries.len() as u32).map(|c| codes.intern(part.industries.id(c)).0 as i32).collect();
        let ind: Vec<i32> = part.ind.iter().map(|&c| global[c as usize]).collect();
        let columns: Vec<ArrayRef> = vec![
            Arc::new(Int32Array::from(part.r)),
            Arc::new(Int32Array::from(ind)),
            Arc::new(Int64Array::from(part.year)),
            Arc::new(Float64Array::from(part.e)),
            Arc::new(Float64Array::from(part.est)),
        ];
        let whole = RecordBatch::try_new(schema.clone(), columns).expect("columns match the schema");
        let n = whole.num_rows();
        rows.push((0..n).step_by(BATCH).map(|at| whole.slice(at, BATCH.min(n - at))).collect());
    }
    let repeated = repeated_keys(&rows, nregions, codes.len(), keep);
    EmploymentPass { rows, schema, totals, unknown_regions, incomplete, repeated }
}

/// How many kept rows repeat the (region, industry, year) of an earlier one: a bit per possible key
/// when there are few enough, else the keys sorted.
fn repeated_keys(rows: &[Vec<RecordBatch>], nregions: usize, nindustries: usize, keep: &[i64]) -> u64 {
    let mut years = keep.to_vec();
    years.sort_unstable();
    years.dedup();
    let keys = rows.iter().flatten().flat_map(|b| {
        let r = b.column(0).as_primitive::<Int32Type>().values().clone();
        let ind = b.column(1).as_primitive::<Int32Type>().values().clone();
        let y = b.column(2).as_primitive::<Int64Type>().values().clone();
        let years = &years;
        (0..b.num_rows()).map(move |i| {
            let slot = years.binary_search(&y[i]).expect("a kept year") as u64;
            (slot * nregions as u64 + r[i] as u64) * nindustries as u64 + ind[i] as u64
        })
    });
    let space = years.len() as u64 * nregions as u64 * nindustries as u64;
    let mut repeated = 0;
    if space <= 1 << 32 {
        let mut seen = vec![0u64; space.div_ceil(64) as usize];
        for k in keys {
            let (word, bit) = ((k / 64) as usize, 1u64 << (k % 64));
            if seen[word] & bit != 0 {
                repeated += 1;
            }
            seen[word] |= bit;
        }
    } else {
        let mut all: Vec<u64> = keys.collect();
        all.sort_unstable();
        repeated = all.windows(2).filter(|w| w[0] == w[1]).count() as u64;
    }
    repeated
}
