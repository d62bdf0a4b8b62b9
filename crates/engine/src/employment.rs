//! One pass over the `employment` table, the package's largest by far (a row per region, industry and
//! year). It replaces three scans (the rows of the evaluated years, each region's total per year, the
//! checks of every row) and gives the queries integer codes instead of text ids:
//!
//! - `t_employment(r, ind, year, employees, establishments)`: the rows of the years the run looks at,
//!   `r` the region's position in `regions`, `ind` a code per industry;
//! - `t_emp_tot(r, year, e)`: every region's total employees in every year the table has (0 where a
//!   region has no row that year);
//! - counts of rows that break the contract anywhere in the table.
//!
//! Why not SQL: grouping and joining 34 million rows on text ids is most of a run's time in DataFusion,
//! while a region or industry id repeats over long runs of rows in real and generated files (sorted by
//! region, then industry, then year), so a lookup per run of equal ids is enough. The partitions of the
//! scan (byte ranges of a CSV file, row groups of a Parquet file) are read in parallel.

use std::collections::BTreeMap;
use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, Float64Array, Int32Array, Int64Array, RecordBatch};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Float64Type, Int64Type, Schema, SchemaRef};
use futures::StreamExt;
use rustc_hash::FxHashMap;

use crate::engine::{Engine, df};
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
}

/// One partition's share of the pass.
#[derive(Default)]
struct Part {
    r: Vec<i32>,
    ind: Vec<u32>,
    year: Vec<i64>,
    e: Vec<f64>,
    est: Vec<Option<f64>>,
    /// Industry ids in the order of their local codes, and the codes.
    industries: Vec<Box<str>>,
    local: FxHashMap<Box<str>, u32>,
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

fn utf8(column: &ArrayRef) -> Result<ArrayRef, datafusion::arrow::error::ArrowError> {
    if column.data_type() == &DataType::Utf8 { Ok(column.clone()) } else { cast(column, &DataType::Utf8) }
}

impl Part {
    fn add(
        &mut self,
        batch: &RecordBatch,
        regions: &FxHashMap<&str, i32>,
        keep: &[i64],
        nregions: usize,
    ) -> Result<(), datafusion::arrow::error::ArrowError> {
        let region = utf8(batch.column(0))?;
        let region = region.as_string::<i32>();
        let industry = utf8(batch.column(1))?;
        let industry = industry.as_string::<i32>();
        let year = cast(batch.column(2), &DataType::Int64)?;
        let year = year.as_primitive::<Int64Type>();
        let e = cast(batch.column(3), &DataType::Float64)?;
        let e = e.as_primitive::<Float64Type>();
        let est = cast(batch.column(4), &DataType::Float64)?;
        let est = est.as_primitive::<Float64Type>();
        let (local, industries) = (&mut self.local, &mut self.industries);
        let mut region_of = Runs::new(|raw: &str| {
            let id = raw.trim();
            regions.get(raw).or_else(|| regions.get(id)).map(|&r| r as u32)
        });
        let mut industry_of = Runs::new(|raw: &str| {
            let id = raw.trim();
            if id.is_empty() {
                return None;
            }
            Some(*local.entry(id.into()).or_insert_with(|| {
                industries.push(id.into());
                (industries.len() - 1) as u32
            }))
        });
        let mut last: Option<(i64, usize)> = None;
        for i in 0..batch.num_rows() {
            let r = if region.is_valid(i) { region_of.get(region.value(i)) } else { None };
            let Some(r) = r else {
                self.unknown_regions += 1;
                continue;
            };
            let ind = if industry.is_valid(i) { industry_of.get(industry.value(i)) } else { None };
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
            "SELECT CAST(\"region_id\" AS VARCHAR), CAST(\"industry\" AS VARCHAR), CAST(\"year\" AS BIGINT), \
             CAST(\"employees\" AS DOUBLE), {est} FROM raw_employment"
        );
        let regions: FxHashMap<&str, i32> =
            self.regions().iter().enumerate().map(|(i, r)| (r.as_str(), i as i32)).collect();
        let nregions = self.regions().len();
        let context = "employment";
        let parts: Vec<Part> = self.block_on(async {
            let frame = self.context().sql(&sql).await.map_err(df(context))?;
            let streams = frame.execute_stream_partitioned().await.map_err(df(context))?;
            let work = streams.into_iter().map(|mut stream| {
                let regions = &regions;
                async move {
                    let mut part = Part::default();
                    while let Some(batch) = stream.next().await {
                        let batch = batch.map_err(df(context))?;
                        part.add(&batch, regions, keep, nregions).map_err(|e| df(context)(e.into()))?;
                    }
                    Ok::<Part, EngineError>(part)
                }
            });
            futures::future::try_join_all(work).await
        })?;
        Ok(merge(parts, nregions))
    }
}

/// The partitions' results as one: industry codes made common, totals added.
fn merge(parts: Vec<Part>, nregions: usize) -> EmploymentPass {
    let mut codes: FxHashMap<Box<str>, i32> = FxHashMap::default();
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
        let global: Vec<i32> = part
            .industries
            .into_iter()
            .map(|s| {
                let next = codes.len() as i32;
                *codes.entry(s).or_insert(next)
            })
            .collect();
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
    EmploymentPass { rows, schema, totals, unknown_regions, incomplete }
}
