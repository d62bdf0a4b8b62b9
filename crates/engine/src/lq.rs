//! Location quotients of every region × industry cell of one year, with an explicit reference base.
//!
//! `LQ_ri = (e_ri / T_r) / (E_i / E)`, where
//! - `T_r`, the region's total, is the sum of its rows, or — with a *total industry* `t` — its row
//!   of industry `t` (statistical tables often carry an all-industries total that is more than the sum of
//!   the published cells, which are suppressed or rounded);
//! - `E_i / E`, the reference share, comes from all regions of the package together, or — with a
//!   *reference region* — from that region's rows alone (a nation among its states and metros).
//!
//! The cells of the total industry are not reported. Undefined quotients (a zero total or reference
//! share) are `None`.

use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Float64Type, Int64Type};
use futures::StreamExt;

use crate::engine::Engine;
use crate::error::EngineError;

/// The reference base of a location quotient.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LqBase {
    /// The region whose shares are the reference (default: all regions together).
    pub reference_region: Option<String>,
    /// The industry code whose rows are the regions' totals (default: the sum of the rows).
    pub total_industry: Option<String>,
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub struct LqCell {
    /// Region id.
    pub region_id: String,
    /// Industry.
    pub industry: String,
    /// Year.
    pub year: i32,
    /// Employees.
    pub employees: f64,
    /// The location quotient.
    pub lq: Option<f64>,
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

impl Engine {
    /// The latest year of the `employment` table.
    ///
    /// # Errors
    /// No `employment` table, or a query error.
    pub fn latest_employment_year(&self) -> Result<Option<i32>, EngineError> {
        if !self.has("employment") {
            return Err(EngineError::MissingTable { table: "employment".into() });
        }
        let b = self.sql_collect("SELECT MAX(year) FROM employment", "employment")?;
        Ok(b.first().and_then(|b| {
            let y = b.column(0).as_primitive::<Int64Type>();
            y.is_valid(0).then(|| y.value(0) as i32)
        }))
    }

    /// Streams the location quotient of every cell of `year`, ordered by region and industry, to
    /// `each`.
    ///
    /// # Errors
    /// No `employment` table, an unknown reference region, or a query error.
    pub fn location_quotients(
        &self,
        year: i32,
        base: &LqBase,
        each: &mut dyn FnMut(LqCell),
    ) -> Result<(), EngineError> {
        if !self.has("employment") {
            return Err(EngineError::MissingTable { table: "employment".into() });
        }
        if let Some(r) = &base.reference_region
            && !self.regions().iter().any(|x| x == r)
        {
            return Err(EngineError::UnknownRegion { region: r.clone() });
        }
        let (cells, totals) = match &base.total_industry {
            Some(t) => (
                format!("AND industry <> {}", quote(t)),
                format!(
                    "SELECT region_id, SUM(employees) AS e FROM employment WHERE year = {year} AND industry = {} GROUP BY region_id",
                    quote(t)
                ),
            ),
            None => (String::new(), "SELECT region_id, SUM(e) AS e FROM x GROUP BY region_id".to_string()),
        };
        let (ref_i, ref_t) = match &base.reference_region {
            Some(r) => (
                format!("SELECT industry, SUM(e) AS e FROM x WHERE region_id = {} GROUP BY industry", quote(r)),
                format!("SELECT SUM(e) AS e FROM tot WHERE region_id = {}", quote(r)),
            ),
            None => (
                "SELECT industry, SUM(e) AS e FROM x GROUP BY industry".to_string(),
                "SELECT SUM(e) AS e FROM tot".to_string(),
            ),
        };
        let sql = format!(
            "WITH x AS (SELECT region_id, industry, employees AS e FROM employment WHERE year = {year} {cells}), \
             tot AS ({totals}), ri AS ({ref_i}), rt AS ({ref_t}) \
             SELECT x.region_id, x.industry, x.e, \
               CASE WHEN tot.e > 0 AND ri.e > 0 AND rt.e > 0 THEN (x.e / tot.e) / (ri.e / rt.e) END AS lq \
             FROM x LEFT JOIN tot ON tot.region_id = x.region_id LEFT JOIN ri ON ri.industry = x.industry CROSS JOIN rt \
             ORDER BY x.region_id, x.industry"
        );
        self.stream(&sql, "location quotients", &mut |b| {
            let ids = cast(b.column(0), &DataType::Utf8)?;
            let ids = ids.as_string::<i32>();
            let ind = cast(b.column(1), &DataType::Utf8)?;
            let ind = ind.as_string::<i32>();
            let e = cast(b.column(2), &DataType::Float64)?;
            let e = e.as_primitive::<Float64Type>();
            let lq = cast(b.column(3), &DataType::Float64)?;
            let lq = lq.as_primitive::<Float64Type>();
            for i in 0..b.num_rows() {
                each(LqCell {
                    region_id: ids.value(i).to_string(),
                    industry: ind.value(i).to_string(),
                    year,
                    employees: e.value(i),
                    lq: (lq.is_valid(i) && lq.value(i).is_finite()).then(|| lq.value(i)),
                });
            }
            Ok(())
        })
    }

    /// Runs `sql` and hands each result batch to `each` as it comes.
    pub(crate) fn stream(
        &self,
        sql: &str,
        context: &str,
        each: &mut dyn FnMut(
            &datafusion::arrow::array::RecordBatch,
        ) -> Result<(), datafusion::arrow::error::ArrowError>,
    ) -> Result<(), EngineError> {
        let wrap = |e: datafusion::error::DataFusionError| EngineError::Query {
            context: context.to_string(),
            source: Box::new(e),
        };
        self.block_on(async {
            let frame = self.context().sql(sql).await.map_err(wrap)?;
            let mut stream = frame.execute_stream().await.map_err(wrap)?;
            while let Some(batch) = stream.next().await {
                let batch = batch.map_err(wrap)?;
                each(&batch).map_err(|e| wrap(e.into()))?;
            }
            Ok(())
        })
    }
}
