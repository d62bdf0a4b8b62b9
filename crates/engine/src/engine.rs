//! Opening a package in a DataFusion session and running the indicator queries.

use futures::StreamExt;
use std::collections::BTreeMap;
use std::sync::Arc;

use chiiki_package::{Package, Resource, TableFormat};
use datafusion::arrow::array::{Array, AsArray, Int32Array, Int64Array, RecordBatch, StringArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Float64Type, Int64Type, Schema};
use datafusion::datasource::MemTable;
use datafusion::prelude::{CsvReadOptions, ParquetReadOptions, SessionConfig, SessionContext};

use crate::employment::EmploymentPass;
use crate::error::EngineError;
use crate::joint::Memberships;
use crate::leaders::{Leaders, Named};
use crate::network::{CollaborationRows, Organizations};
use crate::people::PeopleRows;
use crate::queries::{Query, queries};
use crate::registry::INDICATORS;
use crate::tables::{SPECS, YEARLY, kind_of, raw_select, view_sql};
use rustc_hash::FxHashMap;

/// Options of a run.
#[derive(Debug, Clone, Default)]
pub struct EngineOptions {
    /// Threads for query execution (0: one per core).
    pub threads: usize,
}

/// A package opened for queries: its tables registered in a DataFusion session as views with the
/// contract's column names and types.
pub struct Engine {
    runtime: tokio::runtime::Runtime,
    ctx: SessionContext,
    present: BTreeMap<String, Vec<String>>,
    /// The tables read from CSV files, and their files.
    csv: BTreeMap<String, std::path::PathBuf>,
    regions: Vec<String>,
    /// Per region, its population where known and positive.
    population: Vec<Option<f64>>,
    /// The year axis, read when first asked for ([`Engine::years`]).
    years: std::sync::OnceLock<Vec<i32>>,
}

/// Indicator values per region and evaluation year.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorValues {
    /// Region ids, in the order of the `regions` table.
    pub regions: Vec<String>,
    /// Evaluation years, ascending.
    pub years: Vec<i32>,
    /// Per indicator id: `None` when its tables are absent ("no evidence"), else one value per region
    /// and year at `region * years.len() + year_index` (`None` where undefined).
    pub values: BTreeMap<&'static str, Option<Vec<Option<f64>>>>,
}

impl IndicatorValues {
    /// The value of `indicator` for the region at `r` and the year at `y` (positions).
    pub fn get(&self, indicator: &str, r: usize, y: usize) -> Option<f64> {
        self.values.get(indicator)?.as_ref()?[r * self.years.len() + y]
    }

    /// Whether the indicator could be computed (its tables are in the package).
    pub fn has_evidence(&self, indicator: &str) -> bool {
        self.values.get(indicator).is_some_and(Option::is_some)
    }
}

pub(crate) fn df(context: &str) -> impl Fn(datafusion::error::DataFusionError) -> EngineError + '_ {
    move |source| EngineError::Query { context: context.to_string(), source: Box::new(source) }
}

impl Engine {
    /// Registers the package's tables (CSV or Parquet) that the contract knows.
    ///
    /// # Errors
    /// A table without a `regions` table, a file that cannot be read, a required column missing.
    pub fn open(package: &Package, options: &EngineOptions) -> Result<Engine, EngineError> {
        let threads = if options.threads == 0 {
            std::thread::available_parallelism().map_or(2, |n| n.get())
        } else {
            options.threads
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .build()
            .map_err(|e| EngineError::Runtime(e.to_string()))?;
        // Plain Utf8 strings, not string views: a filtered view array keeps the whole scanned buffer alive,
        // which would hold entire files in memory behind a few selected rows.
        let config = SessionConfig::new()
            .with_target_partitions(threads)
            .with_information_schema(false)
            .set_bool("datafusion.sql_parser.map_string_types_to_utf8view", false);
        let ctx = SessionContext::new_with_config(config);
        for f in crate::udaf::quantile_functions() {
            ctx.register_udaf(f);
        }
        let mut engine = Engine {
            runtime,
            ctx,
            present: BTreeMap::new(),
            csv: BTreeMap::new(),
            regions: Vec::new(),
            population: Vec::new(),
            years: std::sync::OnceLock::new(),
        };
        if package.resource("regions").is_none() {
            return Err(EngineError::MissingTable { table: "regions".into() });
        }
        for spec in SPECS {
            let Some(resource) = package.resource(spec.name) else { continue };
            let columns = engine.register(spec.name, resource)?;
            for &(name, _, required) in spec.columns {
                if required && !columns.iter().any(|c| c == name) {
                    return Err(EngineError::MissingColumn {
                        file: resource.location.display().to_string(),
                        column: name,
                    });
                }
            }
            let raw = format!("raw_{}", spec.name);
            engine.sql_collect(&view_sql(spec, &raw, &columns), spec.name)?;
            engine.present.insert(spec.name.to_string(), columns);
            if resource.format == TableFormat::Csv {
                engine.csv.insert(spec.name.to_string(), resource.location.clone());
            }
        }
        let batches = engine.sql_collect("SELECT id, population FROM regions", "regions")?;
        for b in &batches {
            let ids = cast(b.column(0), &DataType::Utf8).map_err(|e| df("regions")(e.into()))?;
            engine.regions.extend(ids.as_string::<i32>().iter().map(|s| s.unwrap_or_default().to_string()));
            let pop = cast(b.column(1), &DataType::Float64).map_err(|e| df("regions")(e.into()))?;
            engine.population.extend(pop.as_primitive::<Float64Type>().iter().map(|p| p.filter(|&p| p > 0.0)));
        }
        Ok(engine)
    }

    fn register(&self, name: &str, resource: &Resource) -> Result<Vec<String>, EngineError> {
        let path = resource.location.to_string_lossy().to_string();
        let raw = format!("raw_{name}");
        let file = resource.location.display().to_string();
        match resource.format {
            TableFormat::Csv => {
                let mut reader = csv::Reader::from_path(&resource.location)
                    .map_err(|e| EngineError::Read { file: file.clone(), message: e.to_string() })?;
                let headers: Vec<String> = reader
                    .headers()
                    .map_err(|e| EngineError::Read { file: file.clone(), message: e.to_string() })?
                    .iter()
                    .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
                    .collect();
                let schema = Schema::new(
                    headers.iter().map(|h| Field::new(h, kind_of(name, h).arrow(), true)).collect::<Vec<_>>(),
                );
                let ext =
                    resource.location.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
                let options = CsvReadOptions::new().has_header(true).schema(&schema).file_extension(&ext);
                self.runtime.block_on(self.ctx.register_csv(&raw, &path, options)).map_err(df(&file))?;
                Ok(headers)
            }
            TableFormat::Parquet => {
                let options = ParquetReadOptions::default();
                self.runtime.block_on(self.ctx.register_parquet(&raw, &path, options)).map_err(df(&file))?;
                let df_ = self.runtime.block_on(self.ctx.table(&raw)).map_err(df(&file))?;
                Ok(df_.schema().fields().iter().map(|f| f.name().clone()).collect())
            }
        }
    }

    /// Runs one SQL statement and collects its result.
    pub(crate) fn sql_collect(&self, sql: &str, context: &str) -> Result<Vec<RecordBatch>, EngineError> {
        self.runtime.block_on(async {
            let frame = self.ctx.sql(sql).await.map_err(df(context))?;
            frame.collect().await.map_err(df(context))
        })
    }

    /// Runs SQL over the package's views and returns the result as a text table (for exploration).
    ///
    /// # Errors
    /// The query's error.
    pub fn run_sql(&self, sql: &str) -> Result<String, EngineError> {
        let batches = self.sql_collect(sql, "query")?;
        datafusion::arrow::util::pretty::pretty_format_batches(&batches)
            .map(|t| t.to_string())
            .map_err(|e| df("query")(e.into()))
    }

    pub(crate) fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        self.runtime.block_on(f)
    }

    /// Runs `sql` and folds each partition of its result into a `T` of its own, the partitions on
    /// threads of their own (a partition's stream decodes its file as it is polled, so polling them all
    /// from one task would decode on one core). `add` gets each batch in turn.
    pub(crate) fn fold_partitions<T: Default + Send>(
        &self,
        sql: &str,
        context: &str,
        add: impl Fn(&mut T, &RecordBatch) -> Result<(), datafusion::arrow::error::ArrowError> + Sync,
    ) -> Result<Vec<T>, EngineError> {
        let streams = self.runtime.block_on(async {
            let frame = self.ctx.sql(sql).await.map_err(df(context))?;
            frame.execute_stream_partitioned().await.map_err(df(context))
        })?;
        let handle = self.runtime.handle();
        let add = &add;
        std::thread::scope(|scope| {
            let threads: Vec<_> = streams
                .into_iter()
                .map(|mut stream| {
                    scope.spawn(move || {
                        handle.block_on(async move {
                            let mut part = T::default();
                            while let Some(batch) = stream.next().await {
                                add(&mut part, &batch.map_err(df(context))?).map_err(|e| df(context)(e.into()))?;
                            }
                            Ok::<T, EngineError>(part)
                        })
                    })
                })
                .collect();
            threads.into_iter().map(|t| t.join().expect("a partition's thread panicked")).collect()
        })
    }

    /// Each region id's position in `regions`, the code the passes give a row's region.
    pub(crate) fn region_codes(&self) -> FxHashMap<&str, u32> {
        self.regions.iter().enumerate().map(|(i, r)| (r.as_str(), i as u32)).collect()
    }

    /// Each region's population (`None` where unknown or not positive), in the order of `regions`.
    pub(crate) fn population(&self) -> &[Option<f64>] {
        &self.population
    }

    pub(crate) fn context(&self) -> &SessionContext {
        &self.ctx
    }

    /// The tables of the package the engine reads, with the columns their files have.
    pub fn tables(&self) -> &BTreeMap<String, Vec<String>> {
        &self.present
    }

    /// The region ids, in the order of the `regions` table.
    pub fn regions(&self) -> &[String] {
        &self.regions
    }

    /// The year axis: every year of a yearly table, ascending. Read from the tables when first asked
    /// for (a run of [`Engine::indicators`] does not need it when the employment table has its years).
    ///
    /// # Errors
    /// A file that cannot be read.
    pub fn years(&self) -> Result<&[i32], EngineError> {
        if let Some(years) = self.years.get() {
            return Ok(years);
        }
        let axis = self.year_axis()?;
        Ok(self.years.get_or_init(|| axis))
    }

    /// Every year of the yearly tables: CSV files read for their year column alone, other files by a
    /// query.
    fn year_axis(&self) -> Result<Vec<i32>, EngineError> {
        let _timer = Timer::new("year axis");
        let mut years = std::collections::BTreeSet::new();
        let mut queries = Vec::new();
        for table in YEARLY.iter().filter(|t| self.has(t)) {
            if let Some(path) = self.csv_path(table) {
                let csv = crate::csvscan::CsvFile::open(path)?;
                let column = csv.column("year");
                let scan = csv.fold(self.partitions(), std::collections::BTreeSet::new, |seen, row| {
                    if let Some(y) = column.map_or(Ok(None), |c| row.int(c))? {
                        seen.insert(y);
                    }
                    Ok(())
                })?;
                if let crate::csvscan::Scan::Done(parts) = scan {
                    years.extend(parts.into_iter().flatten());
                    continue;
                }
            }
            queries.push(format!("SELECT DISTINCT year FROM {table}"));
        }
        if !queries.is_empty() {
            let q = format!("SELECT DISTINCT year FROM ({}) WHERE year IS NOT NULL", queries.join(" UNION ALL "));
            for b in self.sql_collect(&q, "years")? {
                years.extend(b.column(0).as_primitive::<Int64Type>().iter().flatten());
            }
        }
        Ok(years.into_iter().map(|y| y as i32).collect())
    }

    /// An error unless every year of `years` is in `seen` or on the axis.
    fn check_years(&self, years: &[i32], seen: &[i64]) -> Result<(), EngineError> {
        for &y in years {
            if seen.contains(&i64::from(y)) {
                continue;
            }
            let axis = self.years()?;
            if !axis.contains(&y) {
                return Err(EngineError::Year { year: y, first: axis.first().copied(), last: axis.last().copied() });
            }
        }
        Ok(())
    }

    /// A query of `columns` of `table`'s raw table, its text cells as the file holds them
    /// ([`crate::tables::raw_select`]).
    pub(crate) fn raw_select(&self, table: &str, columns: &[&str]) -> String {
        raw_select(table, &self.tables()[table], columns)
    }

    /// The file of `table` when the package gives it as CSV.
    pub(crate) fn csv_path(&self, table: &str) -> Option<&std::path::Path> {
        self.csv.get(table).map(std::path::PathBuf::as_path)
    }

    /// Whether the package has `table`.
    pub fn has(&self, table: &str) -> bool {
        self.present.contains_key(table)
    }

    fn register_small(&self, name: &str, schema: Schema, columns: Vec<Arc<dyn Array>>) -> Result<(), EngineError> {
        let schema = Arc::new(schema);
        let batch = RecordBatch::try_new(schema.clone(), columns).map_err(|e| df(name)(e.into()))?;
        self.register_memory(name, schema, vec![vec![batch]], name)
    }

    /// Registers record batches (one list per partition) as the in-memory table `name`, replacing any
    /// table of that name.
    pub(crate) fn register_memory(
        &self,
        name: &str,
        schema: datafusion::arrow::datatypes::SchemaRef,
        parts: Vec<Vec<RecordBatch>>,
        context: &str,
    ) -> Result<(), EngineError> {
        let mem = MemTable::try_new(schema, parts).map_err(df(context))?;
        let _ = self.ctx.deregister_table(name).map_err(df(name))?;
        self.ctx.register_table(name, Arc::new(mem)).map_err(df(name))?;
        Ok(())
    }

    fn prepare(&self, years: &[i32]) -> Result<(), EngineError> {
        let int = |n: &str| Field::new(n, DataType::Int64, false);
        let ys: Vec<i64> = years.iter().map(|&y| i64::from(y)).collect();
        self.register_small("eval_years", Schema::new(vec![int("y")]), vec![Arc::new(Int64Array::from(ys.clone()))])?;
        let (mut wy, mut ws) = (Vec::new(), Vec::new());
        let (mut ty, mut ts, mut tp) = (Vec::new(), Vec::new(), Vec::new());
        for &y in &ys {
            for k in 0..10 {
                ty.push(y);
                ts.push(y - k);
                tp.push(i32::from(k >= 5));
                if k < 5 {
                    wy.push(y);
                    ws.push(y - k);
                }
            }
        }
        self.register_small(
            "win5",
            Schema::new(vec![int("y"), int("src")]),
            vec![Arc::new(Int64Array::from(wy)), Arc::new(Int64Array::from(ws))],
        )?;
        self.register_small(
            "win10",
            Schema::new(vec![int("y"), int("src"), Field::new("part", DataType::Int32, false)]),
            vec![Arc::new(Int64Array::from(ty)), Arc::new(Int64Array::from(ts)), Arc::new(Int32Array::from(tp))],
        )?;
        let ids: Vec<&str> = self.regions.iter().map(String::as_str).collect();
        let positions: Vec<i32> = (0..ids.len() as i32).collect();
        self.register_small(
            "region_pos",
            Schema::new(vec![Field::new("id", DataType::Utf8, false), Field::new("r", DataType::Int32, false)]),
            vec![Arc::new(StringArray::from(ids)), Arc::new(Int32Array::from(positions))],
        )?;
        self.sql_collect("DROP VIEW IF EXISTS grid", "grid")?;
        self.sql_collect(
            "CREATE VIEW grid AS SELECT r.id AS region_id, p.r, e.y, \
             CASE WHEN r.population > 0 THEN r.population END AS pop \
             FROM regions r JOIN region_pos p ON r.id = p.id CROSS JOIN eval_years e",
            "grid",
        )?;
        Ok(())
    }

    /// Reads the small tables the queries read once into memory, keeping only the rows of the years the
    /// evaluation of `years` looks at: migrations of the five-year windows, mentions of the ten-year
    /// windows, funding of `Y`. Every query then reads memory, not the files. (Employment,
    /// organisations, collaborations, patents and people are read in passes of their own:
    /// `crate::employment`, `crate::network`, `crate::patents`, `crate::people`.)
    fn load_small_tables(&self, years: &[i32]) -> Result<(), EngineError> {
        let list = |offsets: std::ops::RangeInclusive<i32>| -> String {
            let mut ys: Vec<i32> = years.iter().flat_map(|&y| offsets.clone().map(move |k| y - k)).collect();
            ys.sort_unstable();
            ys.dedup();
            ys.iter().map(i32::to_string).collect::<Vec<_>>().join(", ")
        };
        let plans: [(&str, &str, String); 3] = [
            ("migrations", "t_migrations", format!("SELECT * FROM migrations WHERE year IN ({})", list(0..=4))),
            ("mentions", "t_mentions", format!("SELECT * FROM mentions WHERE year IN ({})", list(0..=9))),
            ("funding", "t_funding", format!("SELECT * FROM funding WHERE year IN ({})", list(0..=0))),
        ];
        for (table, name, sql) in plans {
            if self.has(table) {
                self.materialize(name, &sql, table)?;
            }
        }
        Ok(())
    }

    /// Runs the row checks `checks` (what each means, its SQL, a column that must not repeat), returning
    /// what fails.
    fn run_checks(&self, checks: &[crate::checks::Applied]) -> Result<Vec<String>, EngineError> {
        let mut failed = Vec::new();
        for &(what, sql) in checks {
            let _timer = Timer::new(what);
            let b = self.sql_collect(sql, what)?;
            let n =
                b.first().map(|b| cast(b.column(0), &DataType::Int64)).transpose().map_err(|e| df(what)(e.into()))?;
            if n.is_some_and(|n| n.as_primitive::<Int64Type>().value(0) > 0) {
                failed.push(what.to_string());
            }
        }
        Ok(failed)
    }

    /// The patents pass of the five-year windows of `years` and its indicators, or the rule its rows
    /// break (nothing without the table).
    fn patents_checked(&self, years: &[i32]) -> Result<Strand, EngineError> {
        if !self.has("patents") {
            return Ok((Vec::new(), Vec::new()));
        }
        let mut keep: Vec<i64> = years.iter().flat_map(|&y| (0..5).map(move |k| i64::from(y) - k)).collect();
        keep.sort_unstable();
        keep.dedup();
        let pass = self.patents_pass(&keep)?;
        if pass.bad > 0 {
            return Ok((vec![crate::patents::FAILED.to_string()], Vec::new()));
        }
        let _timer = Timer::new("patent indicators");
        let values = crate::patents::indicators(&pass, years, &self.population);
        Ok((Vec::new(), crate::patents::OUTPUTS.iter().copied().zip(values).collect()))
    }

    /// Runs the indicator query `q` for `years`: one column per output, a value per region and year
    /// (`positions` of region ids and years in the result).
    fn run_query(&self, q: &Query, years: &[i32], positions: &Positions) -> Result<Vec<Vec<Option<f64>>>, EngineError> {
        let (region_pos, year_pos) = positions;
        for (name, sql) in &q.setup {
            self.materialize(name, sql, q.name)?;
        }
        let batches = {
            let _timer = Timer::new(q.name);
            self.sql_collect(&q.sql, q.name)?
        };
        let mut out: Vec<Vec<Option<f64>>> = vec![vec![None; self.regions.len() * years.len()]; q.outputs.len()];
        for b in &batches {
            let ids = cast(b.column(0), &DataType::Utf8).map_err(|e| df(q.name)(e.into()))?;
            let ids = ids.as_any().downcast_ref::<StringArray>().expect("cast to Utf8");
            let ys = cast(b.column(1), &DataType::Int64).map_err(|e| df(q.name)(e.into()))?;
            let ys = ys.as_primitive::<Int64Type>();
            for (k, column) in out.iter_mut().enumerate() {
                let v = cast(b.column(k + 2), &DataType::Float64).map_err(|e| df(q.name)(e.into()))?;
                let v = v.as_primitive::<Float64Type>();
                for row in 0..b.num_rows() {
                    let (Some(&r), Some(&y)) = (region_pos.get(ids.value(row)), year_pos.get(&ys.value(row))) else {
                        continue;
                    };
                    if v.is_valid(row) && v.value(row).is_finite() {
                        column[r * years.len() + y] = Some(v.value(row));
                    }
                }
            }
        }
        Ok(out)
    }

    /// The employment pass of `years` (their rows and those five years before) and the rules its rows
    /// break.
    fn employment_checked(&self, years: &[i32]) -> Result<(Vec<String>, Option<EmploymentPass>), EngineError> {
        let mut failed = Vec::new();
        if !self.has("employment") {
            return Ok((failed, None));
        }
        let _timer = Timer::new("employment pass");
        let keep: Vec<i64> = years.iter().flat_map(|&y| [i64::from(y), i64::from(y) - 5]).collect();
        let pass = self.employment_pass(&keep)?;
        if pass.unknown_regions > 0 {
            failed.push(format!("employment: {} rows with an empty or unknown region", pass.unknown_regions));
        }
        if pass.incomplete > 0 {
            failed.push(format!(
                "employment: {} rows without an industry, a year or employees, or with a negative count",
                pass.incomplete
            ));
        }
        if pass.repeated > 0 {
            failed.push(format!("employment: {} rows repeat a (region, industry, year)", pass.repeated));
        }
        Ok((failed, Some(pass)))
    }

    /// The organisations pass and the rules its rows break (`None` without the table).
    fn organizations_checked(&self) -> Result<(Vec<String>, Option<Organizations>), EngineError> {
        if !self.has("organizations") {
            return Ok((Vec::new(), None));
        }
        let _timer = Timer::new("organisations pass");
        let (orgs, failed) = self.organizations_pass()?;
        Ok((failed, Some(orgs)))
    }

    /// The memberships of the five-year windows of `years` ([`Engine::collaborations_scan`]), when the
    /// package has collaborations.
    fn collaborations_read(&self, years: &[i32]) -> Result<Option<CollaborationRows>, EngineError> {
        if !self.has("collaborations") {
            return Ok(None);
        }
        let mut window: Vec<i64> = years.iter().flat_map(|&y| (0..=4).map(move |k| i64::from(y - k))).collect();
        window.sort_unstable();
        window.dedup();
        self.collaborations_scan(&window).map(Some)
    }

    /// The collaborations pass over the memberships `rows` read and the rules its rows break (`None`
    /// without the table).
    fn collaborations_checked(
        &self,
        orgs: &Organizations,
        rows: Option<CollaborationRows>,
    ) -> Result<(Vec<String>, Option<Memberships>), EngineError> {
        let Some(rows) = rows else { return Ok((Vec::new(), None)) };
        let _timer = Timer::new("collaborations pass");
        let (failed, memberships) = self.collaborations_pass(orgs, rows)?;
        Ok((failed, Some(memberships)))
    }

    /// The columns of the indicator queries `queries` when `clean` (no rule broken that they read), calling
    /// `step` after each.
    fn run_queries(
        &self,
        queries: &[&Query],
        clean: bool,
        years: &[i32],
        positions: &Positions,
        step: &(dyn Fn() + Sync),
    ) -> Result<Computed, EngineError> {
        let mut columns = Vec::new();
        for q in queries {
            if clean {
                columns.extend(q.outputs.iter().copied().zip(self.run_query(q, years, positions)?));
            }
            step();
        }
        Ok(columns)
    }

    /// The partitions of the session's scans and in-memory tables.
    pub(crate) fn partitions(&self) -> usize {
        self.ctx.copied_config().target_partitions().max(1)
    }

    /// Runs `sql` once and keeps its result in memory as table `name`, spread over the session's
    /// partitions so later queries read it in parallel.
    fn materialize(&self, name: &str, sql: &str, context: &str) -> Result<(), EngineError> {
        let _timer = Timer::new(name);
        let partitions = self.partitions();
        let batches = self.sql_collect(sql, context)?;
        let schema = match batches.first() {
            Some(b) => b.schema(),
            None => Arc::new(self.block_on(self.ctx.sql(sql)).map_err(df(context))?.schema().as_arrow().clone()),
        };
        let mut parts: Vec<Vec<RecordBatch>> = vec![Vec::new(); partitions];
        for (i, b) in batches.into_iter().enumerate() {
            parts[i % partitions].push(b);
        }
        self.register_memory(name, schema, parts, context)
    }

    /// Computes every indicator for `years` (each must be on the year axis), calling `progress` with
    /// (steps done, steps in all) as it goes, from the threads that do them.
    ///
    /// Three strands run side by side, so that the cores stay busy to the end: the employment pass and
    /// its indicators on the calling thread; the organisations and collaborations passes and their
    /// indicators on a second; the small tables (read into memory, checked, queried) and the people's
    /// scan on a third. People are placed in their organisations' regions, and the leaders counted in
    /// the collaborations, on the second once the third is done.
    ///
    /// # Errors
    /// A year off the axis; rows that break the contract (every rule broken, listed); a query that
    /// fails (a malformed file the row checks did not see).
    pub fn indicators(
        &self,
        years: &[i32],
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<IndicatorValues, EngineError> {
        // The employment pass sees every year of its table; a year it does not have is looked for on
        // the axis. Without employment, or with the axis already read, the years are checked first.
        if self.years.get().is_some() || !self.has("employment") {
            self.check_years(years, &[])?;
        }
        let asked = years;
        let mut years = years.to_vec();
        years.sort_unstable();
        years.dedup();
        self.prepare(&years)?;
        let all = queries();
        let runnable: Vec<&Query> = all.iter().filter(|q| q.tables.iter().all(|t| self.has(t))).collect();
        let early_checks = crate::checks::checks(&|t| self.has(t));
        // The queries, the employment pass, the organisations' indicators, the patents pass and the
        // leaders.
        let steps = runnable.len() + 4;
        let done = std::sync::atomic::AtomicUsize::new(0);
        let step = || progress(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1, steps);
        let positions: Positions = (
            self.regions.iter().enumerate().map(|(i, r)| (r.as_str(), i)).collect(),
            years.iter().enumerate().map(|(i, &y)| (i64::from(y), i)).collect(),
        );
        let mut values: BTreeMap<&'static str, Option<Vec<Option<f64>>>> =
            INDICATORS.iter().map(|i| (i.id, None)).collect();
        progress(0, steps);
        let (failed, columns) = std::thread::scope(|scope| -> Result<_, EngineError> {
            let (years, positions, step) = (&years, &positions, &step);
            let runnable = &runnable;
            let small = scope.spawn(move || -> Result<(Strand, People), EngineError> {
                self.load_small_tables(years)?;
                let mut failed = self.run_checks(&early_checks)?;
                let mut people = People::Absent;
                if self.has("people") {
                    let rows = self.people_scan()?;
                    if rows.bad > 0 {
                        failed.push(crate::people::FAILED.to_string());
                    }
                    people = People::Read(rows);
                }
                let (patents_failed, mut columns) = self.patents_checked(years)?;
                failed.extend(patents_failed);
                step();
                // Without organisations, people are placed in their own regions only, here.
                if !self.has("organizations")
                    && let People::Read(rows) = people
                {
                    let resolved = self.people_resolved(rows, None, years.len());
                    failed.extend(resolved.failed);
                    columns.push((crate::people::OUTPUT, resolved.researchers));
                    people = People::Placed(resolved.leaders);
                }
                // Queries over rows that break the rules could fail without naming them: skipped then.
                columns.extend(self.run_queries(runnable, failed.is_empty(), years, positions, step)?);
                Ok(((failed, columns), people))
            });
            // The organisations pass is partly sequential (one interner numbers the ids): it runs beside
            // the employment pass, whose ranges take the cores in turn, and the small tables.
            // The collaborations scan needs no organisation: it runs beside their pass.
            let collaborations = scope.spawn(move || self.collaborations_read(years));
            let network = scope.spawn(move || -> Result<(Strand, Vec<String>, Strand), EngineError> {
                let (mut failed, orgs) = self.organizations_checked()?;
                let Some(orgs) = &orgs else {
                    let (mut small, people) = small.join().expect("the small tables' strand panicked")?;
                    let mut rows = collaborations.join().expect("the collaborations scan panicked")?;
                    if let (People::Placed(leaders), Some(rows)) = (&people, &mut rows) {
                        small.1.extend(self.leaders(leaders, &rows.take_named(), years));
                    }
                    // The organisations' step and the leaders' step.
                    step();
                    step();
                    return Ok(((failed, Vec::new()), Vec::new(), small));
                };
                std::thread::scope(|inner| {
                    // People's organisations' regions, once the small tables are in memory, beside the
                    // collaborations pass.
                    let people = inner.spawn(move || -> Result<(Strand, Vec<String>, People), EngineError> {
                        let (mut small, people) = small.join().expect("the small tables' strand panicked")?;
                        let People::Read(rows) = people else { return Ok((small, Vec::new(), people)) };
                        let resolved = self.people_resolved(rows, Some(orgs), years.len());
                        small.1.push((crate::people::OUTPUT, resolved.researchers));
                        Ok((small, resolved.failed, People::Placed(resolved.leaders)))
                    });
                    let mut rows = collaborations.join().expect("the collaborations scan panicked")?;
                    let named = rows.as_mut().map(CollaborationRows::take_named);
                    let (f, memberships) = self.collaborations_checked(orgs, rows)?;
                    failed.extend(f);
                    let mut columns = Vec::new();
                    {
                        let _timer = Timer::new("organisations");
                        let values = crate::organisations::indicators(orgs, years, &self.population);
                        columns.extend(crate::organisations::OUTPUTS.iter().copied().zip(values));
                    }
                    // Joint research beside the leaders.
                    let joint = inner.spawn(move || {
                        memberships.map(|memberships| {
                            let _timer = Timer::new("joint research");
                            crate::joint::indicators(&memberships, orgs, years, &self.population, self.partitions())
                        })
                    });
                    step();
                    let (small, people_failed, people) = people.join().expect("the people strand panicked")?;
                    if let (People::Placed(leaders), Some(named)) = (&people, &named) {
                        columns.extend(self.leaders(leaders, named, years));
                    }
                    step();
                    if let Some(values) = joint.join().expect("the joint-research strand panicked") {
                        columns.extend(crate::joint::OUTPUTS.iter().copied().zip(values));
                    }
                    Ok(((failed, columns), people_failed, small))
                })
            });
            let (mut failed, employment) = self.employment_checked(years)?;
            let seen: Vec<i64> = employment.as_ref().map(|p| p.totals.keys().copied().collect()).unwrap_or_default();
            self.check_years(asked, &seen)?;
            let mut columns = Vec::new();
            if let Some(pass) = &employment {
                let _timer = Timer::new("employment indicators");
                let has_est = self.present["employment"].iter().any(|c| c == "establishments");
                let values = crate::employment::indicators(pass, years, self.regions.len(), has_est);
                columns.extend(crate::employment::OUTPUTS.iter().copied().zip(values));
            }
            drop(employment);
            step();
            let ((network_failed, network_columns), people_failed, (small_failed, small_columns)) =
                network.join().expect("the organisations strand panicked")?;
            // The rules broken, in the order of the tables: employment, organisations and collaborations,
            // the small tables, people's organisations.
            failed.extend(network_failed);
            failed.extend(small_failed);
            failed.extend(people_failed);
            columns.extend(small_columns);
            columns.extend(network_columns);
            Ok((failed, columns))
        })?;
        if !failed.is_empty() {
            return Err(EngineError::Invalid(failed));
        }
        for (id, column) in columns {
            values.insert(id, Some(column));
        }
        progress(steps, steps);
        Ok(IndicatorValues { regions: self.regions.clone(), years, values })
    }

    /// The leaders' indicators ([`crate::leaders`]) for `years`.
    fn leaders(&self, leaders: &Leaders, named: &[Named], years: &[i32]) -> Computed {
        let _timer = Timer::new("leaders");
        let values = crate::leaders::indicators(leaders, named, years, self.regions.len());
        crate::leaders::OUTPUTS.into_iter().zip(values).collect()
    }
}

/// People as the small tables' strand leaves them: no table, read but not yet placed in their
/// organisations' regions, or placed (their leaders kept).
enum People {
    Absent,
    Read(PeopleRows),
    Placed(Leaders),
}
/// What a strand of [`Engine::indicators`] found: the rules broken, and the columns of its indicators.
/// Indicator columns by id: one value per region and year.
type Computed = Vec<(&'static str, Vec<Option<f64>>)>;

/// What a strand of [`Engine::indicators`] gives: the checks that failed and the columns computed.
type Strand = (Vec<String>, Computed);

/// Positions of region ids and of evaluation years in a result's columns.
type Positions<'a> = (FxHashMap<&'a str, usize>, FxHashMap<i64, usize>);

/// With `CHIIKI_ENGINE_TIMINGS` set, prints how long each step took to standard error, and how many
/// pages the process faulted in meanwhile (a development aid for tuning the passes and queries).
pub(crate) struct Timer(String, std::time::Instant, u64);

impl Timer {
    pub(crate) fn new(what: &str) -> Timer {
        TIMER_START.get_or_init(std::time::Instant::now);
        Timer(what.chars().take(60).collect(), std::time::Instant::now(), faults())
    }
}

/// When the first step of the process began, for the timeline [`Timer`] prints.
static TIMER_START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// The minor page faults of the process so far (Linux; 0 elsewhere or unless timing).
fn faults() -> u64 {
    if std::env::var_os("CHIIKI_ENGINE_TIMINGS").is_none() {
        return 0;
    }
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name, which ends with the last ')': minflt is the 10th field.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    rest.split_whitespace().nth(7).and_then(|f| f.parse().ok()).unwrap_or(0)
}

impl Drop for Timer {
    fn drop(&mut self) {
        if std::env::var_os("CHIIKI_ENGINE_TIMINGS").is_some() {
            let faults = faults().saturating_sub(self.2);
            let start = *TIMER_START.get_or_init(std::time::Instant::now);
            let end = self.1.elapsed();
            eprintln!(
                "{:>7.2} s {faults:>8} faults  {} [{:.2}-{:.2}]",
                end.as_secs_f64(),
                self.0,
                self.1.saturating_duration_since(start).as_secs_f64(),
                (self.1 + end).saturating_duration_since(start).as_secs_f64()
            );
        }
    }
}
