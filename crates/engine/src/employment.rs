//! One pass over the `employment` table, the package's largest by far (a row per region, industry and
//! year), and the indicators computed from what it keeps. The pass replaces three scans (the rows of the
//! evaluated years, each region's total per year, the checks of every row) and gives integer codes
//! instead of text ids:
//!
//! - per kept year (the evaluated years `Y` and `Y−5`), its cells: region position in `regions`,
//!   industry code, employees and establishments;
//! - every region's total employees in every year the table has (0 where a region has no row that year);
//! - counts of rows that break the contract anywhere in the table, and of the kept rows that repeat a
//!   region, industry and year.
//!
//! [`indicators`] then computes the location quotients and cluster classes, the shift-share and the
//! sharpest drop of every region over these arrays (the formulas of `docs/indicators.md`).
//!
//! Why not SQL: grouping and joining 34 million rows on text ids is most of a run's time in DataFusion,
//! while a region or industry id repeats over long runs of rows in real and generated files (sorted by
//! region, then industry, then year), so a lookup per run of equal ids is enough, and in a converted
//! Parquet file the two columns are dictionaries, looked up once per dictionary value
//! ([`crate::codes::code_cells`]). The partitions of the
//! scan (byte ranges of a CSV file, row groups of a Parquet file) are read in parallel. Once the cells of
//! a year are arrays indexed by region and industry codes, each total is one pass of additions into an
//! array and each quantile a sort of one industry's cells; the same steps as joins and groupings of
//! DataFusion took ten times longer than reading the table.

use std::collections::BTreeMap;

use chiiki_methods::quantile::quantile_select;
use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Float64Type, Int64Type};
use rustc_hash::FxHashMap;

use crate::codes::{DictCache, Interner, NONE, Run, code_cells};
use crate::csvscan::{Bad, CsvFile, Plain, Row, Scan};
use crate::engine::Engine;
use crate::error::EngineError;

/// The cells of one year: parallel arrays, one entry per row of the table.
#[derive(Default)]
pub(crate) struct Cells {
    /// The region's position in `regions`.
    pub r: Vec<u32>,
    /// The industry's code.
    pub ind: Vec<u32>,
    /// Employees.
    pub e: Vec<f64>,
    /// Establishments (NaN where the cell is empty or the column absent).
    pub est: Vec<f64>,
}

impl Cells {
    fn push(&mut self, r: u32, ind: u32, e: f64, est: Option<f64>) {
        self.r.push(r);
        self.ind.push(ind);
        self.e.push(e);
        self.est.push(est.unwrap_or(f64::NAN));
    }

    fn append(&mut self, other: Cells, codes: &[u32]) {
        self.r.extend(other.r);
        self.ind.extend(other.ind.iter().map(|&c| codes[c as usize]));
        self.e.extend(other.e);
        self.est.extend(other.est);
    }

    fn len(&self) -> usize {
        self.r.len()
    }
}

/// What a cell of an employment CSV file is to the pass.
#[derive(Clone, Copy, PartialEq)]
enum Cell {
    Region,
    Industry,
    /// Year (0), employees (1) or establishments (2).
    Number(usize),
    Other,
}

/// The cells of the file's header in order, for [`Part::fast_csv`]: a line it reads has the header's
/// number of cells, none quoted; ids without spaces, commas or quotes; numbers of at most 15 decimal
/// digits and nothing else; an empty cell where a value is missing. These are the lines of nearly every
/// file, read without the general reader's list of cells and its per-cell trimming and parsing.
struct Layout(Vec<Cell>);

impl Layout {
    /// From the positions of region, industry, year, employees and establishments (`cols`) among the
    /// header's `n` cells.
    fn of(cols: &[Option<usize>; 5], n: usize) -> Layout {
        let mut cells = vec![Cell::Other; n];
        let roles = [Cell::Region, Cell::Industry, Cell::Number(0), Cell::Number(1), Cell::Number(2)];
        for (c, role) in cols.iter().zip(roles) {
            if let Some(c) = *c {
                cells[c] = role;
            }
        }
        Layout(cells)
    }
}

/// The years a part counts in its array `near`: a century around its first row's year.
const SPAN: usize = 101;

/// What the pass found.
pub(crate) struct EmploymentPass {
    /// Per kept year that has rows, its cells.
    pub cells: BTreeMap<i64, Cells>,
    /// How many industry codes there are.
    pub industries: usize,
    /// Per year of the table, each region's total employees.
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
    /// Industry ids with local codes.
    industries: Interner,
    /// Per year seen, its slot in `totals` and `cells`.
    slots: FxHashMap<i64, usize>,
    /// Per slot of a year beyond `by_year`'s century, each region's total (empty for the years of `near`).
    totals: Vec<Vec<f64>>,
    /// Each region's totals in the years of `by_year`'s century, at `r * SPAN + (y − first)`: a sorted
    /// file gives a region's years one after the other, and their totals share a few cache lines.
    near: Vec<f64>,
    /// Per slot, the cells when the year is kept.
    cells: Vec<Option<Cells>>,
    unknown_regions: u64,
    incomplete: u64,
    /// The codes of the dictionaries of the region and industry columns, and of a batch's rows.
    dicts: [DictCache; 2],
    rows: [Vec<u32>; 2],
    /// The last region and industry of a CSV file and their codes.
    runs: [Run; 2],
    /// The slots of the years from `first`, by year (`usize::MAX` where a year has none yet): years
    /// change from row to row in a sorted file, where a hash lookup per row would cost. [`SPAN`] years.
    first: i64,
    by_year: Vec<usize>,
}

impl Part {
    /// The slot of year `y`, made when it is the first row of that year, and kept in `by_year` when
    /// the year is within a century of the first.
    #[cold]
    fn new_year(&mut self, y: i64, keep: &[i64], nregions: usize) -> usize {
        if self.by_year.is_empty() {
            self.first = y - 50;
            self.by_year = vec![usize::MAX; SPAN];
            self.near = vec![0.0; nregions * SPAN];
        }
        let near = self.near_column(y);
        let (totals, cells) = (&mut self.totals, &mut self.cells);
        let slot = *self.slots.entry(y).or_insert_with(|| {
            totals.push(if near.is_some() { Vec::new() } else { vec![0.0; nregions] });
            cells.push(keep.contains(&y).then(Cells::default));
            totals.len() - 1
        });
        if let Some(k) = near {
            self.by_year[k] = slot;
        }
        slot
    }

    /// The column of year `y` in `near`, when it is in `by_year`'s century.
    fn near_column(&self, y: i64) -> Option<usize> {
        usize::try_from(y.wrapping_sub(self.first)).ok().filter(|&k| k < self.by_year.len())
    }

    /// Adds `v` to region `r`'s total of year `y`, which has no slot in `by_year` yet or is beyond its
    /// century; returns the year's slot.
    #[cold]
    fn other_year(&mut self, r: u32, y: i64, v: f64, keep: &[i64], nregions: usize) -> usize {
        let slot = self.new_year(y, keep, nregions);
        match self.near_column(y) {
            Some(k) => self.near[r as usize * SPAN + k] += v,
            None => self.totals[slot][r as usize] += v,
        }
        slot
    }

    /// Region `r`'s total of year `y` (slot `slot`).
    fn total(&self, slot: usize, y: i64, r: usize) -> f64 {
        match self.near_column(y) {
            Some(k) => self.near[r * SPAN + k],
            None => self.totals[slot][r],
        }
    }

    fn add(
        &mut self,
        batch: &RecordBatch,
        regions: &FxHashMap<&str, u32>,
        keep: &[i64],
        nregions: usize,
    ) -> Result<(), datafusion::arrow::error::ArrowError> {
        let [region_dict, industry_dict] = &mut self.dicts;
        let [region, industry] = &mut self.rows;
        code_cells(batch.column(0), region_dict, |id| regions.get(id).copied(), region)?;
        let industries = &mut self.industries;
        code_cells(batch.column(1), industry_dict, |id| Some(industries.intern(id).0), industry)?;
        let year = cast(batch.column(2), &DataType::Int64)?;
        let year = year.as_primitive::<Int64Type>();
        let e = cast(batch.column(3), &DataType::Float64)?;
        let e = e.as_primitive::<Float64Type>();
        let est = cast(batch.column(4), &DataType::Float64)?;
        let est = est.as_primitive::<Float64Type>();
        let rows = std::mem::take(&mut self.rows);
        let [region, industry] = &rows;
        if year.null_count() + e.null_count() + est.null_count() == 0 {
            // No cell missing (nearly every batch): the columns' values side by side, without a look at
            // their validity per row.
            let values = year.values().iter().zip(e.values().iter()).zip(est.values().iter());
            for ((&r, &ind), ((&y, &v), &s)) in region.iter().zip(industry).zip(values) {
                self.row(r, ind, Some(y), Some(v), Some(s), keep, nregions);
            }
        } else {
            for (i, (&r, &ind)) in region.iter().zip(industry).enumerate() {
                let y = year.is_valid(i).then(|| year.value(i));
                let v = e.is_valid(i).then(|| e.value(i));
                let s = est.is_valid(i).then(|| est.value(i));
                self.row(r, ind, y, v, s, keep, nregions);
            }
        }
        self.rows = rows;
        Ok(())
    }

    /// Adds one row of a CSV file read by `crate::csvscan` (`cols`: the positions of region, industry,
    /// year, employees and establishments in its header).
    fn add_csv(
        &mut self,
        row: &Row<'_>,
        cols: &[Option<usize>; 5],
        regions: &FxHashMap<&str, u32>,
        keep: &[i64],
        nregions: usize,
    ) -> Result<(), Bad> {
        let number = |k: usize| cols[k].map_or(Ok(None), |c| row.float(c));
        let y = cols[2].map_or(Ok(None), |c| row.int(c))?;
        let (v, s) = (number(3)?, number(4)?);
        let r = match cols[0].and_then(|c| row.bytes(c)) {
            None => NONE,
            Some(b) => self.runs[0].code(b, |id| regions.get(id).copied()),
        };
        let industries = &mut self.industries;
        let ind = match cols[1].and_then(|c| row.bytes(c)) {
            None => NONE,
            Some(b) => self.runs[1].code(b, |id| Some(industries.intern(id).0)),
        };
        self.row(r, ind, y, v, s, keep, nregions);
        Ok(())
    }

    /// Reads the line at the start of `bytes` when every cell of it is plain (see [`Layout`]) and adds its
    /// row as [`Part::add_csv`] would, returning the line's length with its line end; `None`, having
    /// added nothing, for any other line.
    fn fast_csv(
        &mut self,
        bytes: &[u8],
        layout: &Layout,
        regions: &FxHashMap<&str, u32>,
        keep: &[i64],
        nregions: usize,
    ) -> Option<usize> {
        let (mut codes, mut numbers) = ([NONE; 2], [None; 3]);
        let mut line = Plain::new(bytes, layout.0.len());
        for &role in &layout.0 {
            match role {
                Cell::Region | Cell::Industry => {
                    let k = usize::from(role == Cell::Industry);
                    codes[k] = match line.same_as(&self.runs[k]) {
                        Some(code) => code,
                        None => match line.id()? {
                            [] => NONE,
                            cell if k == 0 => self.runs[0].code(cell, |id| regions.get(id).copied()),
                            cell => {
                                let industries = &mut self.industries;
                                self.runs[1].code(cell, |id| Some(industries.intern(id).0))
                            }
                        },
                    };
                }
                Cell::Number(k) => numbers[k] = line.number()?,
                Cell::Other => line.skip()?,
            }
        }
        let length = line.done()?;
        let [y, v, s] = numbers;
        self.row(codes[0], codes[1], y.map(|y| y as i64), v.map(|v| v as f64), s.map(|s| s as f64), keep, nregions);
        Some(length)
    }

    /// Adds one coded row: region position `r` and industry code `ind` ([`NONE`] where missing or
    /// unknown), year, employees and establishments.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn row(&mut self, r: u32, ind: u32, y: Option<i64>, v: Option<f64>, s: Option<f64>, keep: &[i64], nregions: usize) {
        if r == NONE {
            self.unknown_regions += 1;
            return;
        }
        let ind = Some(ind).filter(|&c| c != NONE);
        let (Some(ind), Some(y), Some(v)) = (ind, y, v) else {
            self.incomplete += 1;
            return;
        };
        if v < 0.0 || s.is_some_and(|s| s < 0.0) {
            self.incomplete += 1;
            return;
        }
        let k = y.wrapping_sub(self.first);
        let slot = match usize::try_from(k).ok().and_then(|k| self.by_year.get(k)) {
            Some(&slot) if slot != usize::MAX => {
                self.near[r as usize * SPAN + k as usize] += v;
                slot
            }
            _ => self.other_year(r, y, v, keep, nregions),
        };
        if let Some(cells) = &mut self.cells[slot] {
            cells.push(r, ind, v, s);
        }
    }
}

impl Engine {
    /// Reads `employment` once: the cells of the years in `keep`, each region's totals of every year,
    /// and the rows that break the contract (see the module's documentation).
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
        let regions = self.region_codes();
        let nregions = self.regions().len();
        if let Some(path) = self.csv_path("employment") {
            let csv = CsvFile::open(path)?;
            let cols = ["region_id", "industry", "year", "employees", "establishments"].map(|c| csv.column(c));
            let layout = Layout::of(&cols, csv.columns().len());
            let fast = |part: &mut Part, bytes: &[u8]| part.fast_csv(bytes, &layout, &regions, keep, nregions);
            let scan = csv.fold_fast(self.partitions(), Part::default, Some(&fast), |part, row| {
                part.add_csv(row, &cols, &regions, keep, nregions)
            })?;
            if let Scan::Done(parts) = scan {
                return Ok(merge(parts, nregions));
            }
        }
        let context = "employment";
        let parts: Vec<Part> =
            self.fold_partitions(&sql, context, |part: &mut Part, batch| part.add(batch, &regions, keep, nregions))?;
        Ok(merge(parts, nregions))
    }
}

/// The partitions' results as one: industry codes made common, totals added, repeated keys counted.
fn merge(parts: Vec<Part>, nregions: usize) -> EmploymentPass {
    let mut codes = Interner::default();
    let mut totals: BTreeMap<i64, Vec<f64>> = BTreeMap::new();
    let mut cells: BTreeMap<i64, Cells> = BTreeMap::new();
    let (mut unknown_regions, mut incomplete) = (0, 0);
    for mut part in parts {
        unknown_regions += part.unknown_regions;
        incomplete += part.incomplete;
        let global: Vec<u32> =
            (0..part.industries.len() as u32).map(|c| codes.intern(part.industries.id(c)).0).collect();
        for (&y, &slot) in &part.slots {
            let sum = totals.entry(y).or_insert_with(|| vec![0.0; nregions]);
            for (r, a) in sum.iter_mut().enumerate() {
                *a += part.total(slot, y, r);
            }
            if let Some(mut c) = part.cells[slot].take() {
                match cells.entry(y) {
                    // The first part's cells become the year's, in place (no copy of millions of cells).
                    std::collections::btree_map::Entry::Vacant(v) => {
                        c.ind.iter_mut().for_each(|i| *i = global[*i as usize]);
                        v.insert(c);
                    }
                    std::collections::btree_map::Entry::Occupied(o) => o.into_mut().append(c, &global),
                }
            }
        }
    }
    let industries = codes.len();
    let repeated = cells.values().map(|c| repeated_keys(c, nregions, industries)).sum();
    EmploymentPass { cells, industries, totals, unknown_regions, incomplete, repeated }
}

/// How many cells of one year repeat the (region, industry) of an earlier one: a bit per possible key
/// when there are few enough, else the keys sorted.
fn repeated_keys(cells: &Cells, nregions: usize, nindustries: usize) -> u64 {
    let keys = cells.r.iter().zip(&cells.ind).map(|(&r, &i)| u64::from(r) * nindustries as u64 + u64::from(i));
    let space = nregions as u64 * nindustries as u64;
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

/// The ids of the indicators [`indicators`] computes, in the order of its result.
pub(crate) const OUTPUTS: [&str; 5] =
    ["top_lq", "strong_clusters", "eco_stars_max", "regional_shift_pct", "sharpest_drop_pct"];

/// The employment indicators of every region and evaluation year (`years` ascending), one list per id
/// of [`OUTPUTS`] with the value of region `r` in year `years[j]` at `r * years.len() + j`. A year
/// without employment rows is not covered: the location quotient, cluster classes and shift-share are
/// `None` for every region.
pub(crate) fn indicators(
    pass: &EmploymentPass,
    years: &[i32],
    nregions: usize,
    has_est: bool,
) -> Vec<Vec<Option<f64>>> {
    let ny = years.len();
    let mut out = vec![vec![None; nregions * ny]; OUTPUTS.len()];
    for (j, &year) in years.iter().enumerate() {
        let y = i64::from(year);
        let mut set = |k: usize, r: usize, v: Option<f64>| out[k][r * ny + j] = v.filter(|v| v.is_finite());
        let now = pass.cells.get(&y).filter(|c| c.len() > 0);
        // The cluster classes on this thread, the shift-share and the drops beside them.
        let ((classes, shift), drops) = std::thread::scope(|scope| {
            let others = scope.spawn(|| {
                let shift = now.and_then(|now| {
                    pass.cells.get(&(y - 5)).map(|before| shift_share(before, now, nregions, pass.industries))
                });
                (shift, sharpest_drops(&pass.totals, y, nregions))
            });
            let classes = now.map(|now| clusters(now, nregions, pass.industries, has_est));
            let (shift, drops) = others.join().expect("the shift-share thread panicked");
            ((classes, shift), drops)
        });
        if let Some(classes) = classes {
            for r in 0..nregions {
                set(0, r, classes.top_lq[r]);
                set(1, r, Some(f64::from(classes.strong[r])));
                set(2, r, Some(f64::from(classes.stars[r])));
                set(3, r, shift.as_ref().and_then(|s| s[r]));
            }
        }
        for (r, d) in drops.into_iter().enumerate() {
            set(4, r, d);
        }
    }
    out
}

/// Per region: the highest location quotient, the strong clusters and the most stars of a cell.
struct Classes {
    top_lq: Vec<Option<f64>>,
    strong: Vec<u32>,
    stars: Vec<u32>,
}

/// Location quotients `LQ = (e_ri / E_r) / (E_i / E)` of the cells of one year (those of regions with
/// `E_r > 0`), the U.S. Cluster Mapping strong clusters (`e > q25(e)`, `est > q25(est)`, `LQ ≥ q75(LQ)`,
/// `LQ ≥ 1`) and the European Cluster Observatory stars (`e ≥ q90(e)`, `LQ ≥ 2`, `share ≥ q90(share)`),
/// the quantiles type 7 over each industry's cells with `e > 0`.
fn clusters(c: &Cells, nregions: usize, nindustries: usize, has_est: bool) -> Classes {
    let (mut er, mut ei, mut total) = (vec![0.0; nregions], vec![0.0; nindustries], 0.0);
    for k in 0..c.len() {
        er[c.r[k] as usize] += c.e[k];
        ei[c.ind[k] as usize] += c.e[k];
        total += c.e[k];
    }
    let share = |k: usize| c.e[k] / er[c.r[k] as usize];
    let lq = |k: usize| share(k) / (ei[c.ind[k] as usize] / total);
    let mut top_lq: Vec<Option<f64>> = vec![None; nregions];
    // The cells with e > 0 of each industry, together: a counting sort by industry.
    let mut start = vec![0usize; nindustries + 1];
    for k in 0..c.len() {
        let r = c.r[k] as usize;
        if er[r] > 0.0 {
            let v = lq(k);
            if !v.is_nan() {
                top_lq[r] = Some(top_lq[r].map_or(v, |t: f64| t.max(v)));
            }
            if c.e[k] > 0.0 {
                start[c.ind[k] as usize + 1] += 1;
            }
        }
    }
    for i in 0..nindustries {
        start[i + 1] += start[i];
    }
    let mut at = start.clone();
    let mut order = vec![0u32; start[nindustries]];
    for k in 0..c.len() {
        if c.e[k] > 0.0 && er[c.r[k] as usize] > 0.0 {
            let i = c.ind[k] as usize;
            order[at[i]] = k as u32;
            at[i] += 1;
        }
    }
    let (mut strong, mut stars) = (vec![0u32; nregions], vec![0u32; nregions]);
    let mut values: Vec<f64> = Vec::new();
    // The type-7 quantiles `p` of `f` over the cells `ks` (NaN values left out; NaN when none is left).
    let mut quantile = |ks: &[u32], f: &dyn Fn(usize) -> f64, p: &[f64]| -> Vec<f64> {
        values.clear();
        values.extend(ks.iter().map(|&k| f(k as usize)).filter(|v| !v.is_nan()));
        p.iter().map(|&p| quantile_select(&mut values, p).unwrap_or(f64::NAN)).collect()
    };
    for i in 0..nindustries {
        let ks = &order[start[i]..start[i + 1]];
        if ks.is_empty() {
            continue;
        }
        let q_e = quantile(ks, &|k| c.e[k], &[0.25, 0.9]);
        let q_est = if has_est { quantile(ks, &|k| c.est[k], &[0.25])[0] } else { f64::NAN };
        let q_lq = quantile(ks, &lq, &[0.75])[0];
        let q_share = quantile(ks, &share, &[0.9])[0];
        for &k in ks {
            let k = k as usize;
            let (e, l, s) = (c.e[k], lq(k), share(k));
            let r = c.r[k] as usize;
            if e > q_e[0] && (!has_est || c.est[k] > q_est) && l >= q_lq && l >= 1.0 {
                strong[r] += 1;
            }
            let n = u32::from(e >= q_e[1]) + u32::from(l >= 2.0) + u32::from(s >= q_share);
            stars[r] = stars[r].max(n);
        }
    }
    Classes { top_lq, strong, stars }
}

/// Dunn's regional shift from the cells `before` (year `Y−5`) to `now` (`Y`), in percent of the region's
/// employment at `Y−5`: `100 · Σ_i (e_ri(Y) − e_ri(Y−5)(1 + g_i)) / Σ_i e_ri(Y−5)` over the industries
/// with `e_ri(Y−5) > 0`, `g_i = E_i(Y) / E_i(Y−5) − 1`. `None` for a region without such industries.
fn shift_share(before: &Cells, now: &Cells, nregions: usize, nindustries: usize) -> Vec<Option<f64>> {
    let (mut e0_i, mut e1_i) = (vec![0.0; nindustries], vec![0.0; nindustries]);
    for k in 0..before.len() {
        e0_i[before.ind[k] as usize] += before.e[k];
    }
    for k in 0..now.len() {
        e1_i[now.ind[k] as usize] += now.e[k];
    }
    let key = |r: u32, i: u32| u64::from(r) * nindustries as u64 + u64::from(i);
    // e_ri(Y) by (region, industry): an array over every pair when there are few enough, else a map.
    let space = nregions as u64 * nindustries as u64;
    let e1: Box<dyn Fn(u64) -> f64> = if space <= 1 << 25 {
        let mut dense = vec![0.0; space as usize];
        for k in 0..now.len() {
            dense[key(now.r[k], now.ind[k]) as usize] = now.e[k];
        }
        Box::new(move |at| dense[at as usize])
    } else {
        let map: FxHashMap<u64, f64> = (0..now.len()).map(|k| (key(now.r[k], now.ind[k]), now.e[k])).collect();
        Box::new(move |at| map.get(&at).copied().unwrap_or(0.0))
    };
    let (mut shift, mut base) = (vec![0.0; nregions], vec![0.0; nregions]);
    let mut any = vec![false; nregions];
    for k in 0..before.len() {
        let (r, i, e0) = (before.r[k], before.ind[k], before.e[k]);
        if e0 > 0.0 {
            let g = e1_i[i as usize] / e0_i[i as usize] - 1.0;
            shift[r as usize] += e1(key(r, i)) - e0 * (1.0 + g);
            base[r as usize] += e0;
            any[r as usize] = true;
        }
    }
    (0..nregions).map(|r| any[r].then(|| 100.0 * shift[r] / base[r])).collect()
}

/// The sharpest drop of each region's total employment up to year `y`: the largest
/// `100 · (E_r(s) − E_r(t)) / E_r(s)` over the years `s < t` of the table with `y − 10 ≤ s`, `t ≤ y`,
/// `t − s ≤ 3` and `E_r(s) > 0`, and at least 0; `None` without such a pair.
fn sharpest_drops(totals: &BTreeMap<i64, Vec<f64>>, y: i64, nregions: usize) -> Vec<Option<f64>> {
    let mut best: Vec<Option<f64>> = vec![None; nregions];
    for (&s, es) in totals.range(y - 10..y) {
        for (_, et) in totals.range(s + 1..=(s + 3).min(y)) {
            for r in 0..nregions {
                if es[r] > 0.0 {
                    let d = 100.0 * (es[r] - et[r]) / es[r];
                    best[r] = Some(best[r].map_or(d, |b: f64| b.max(d)));
                }
            }
        }
    }
    best.into_iter().map(|b| b.map(|b| b.max(0.0))).collect()
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use chiiki_testkit::SplitMix;
    use rustc_hash::FxHashMap;

    use super::{EmploymentPass, Layout, Part, merge};
    use crate::csvscan::{CsvFile, Scan};

    /// The pass over `text` (a CSV file's contents) in `parts` ranges, with or without the fast reader
    /// of plain lines; or the error it gives.
    fn pass(text: &str, parts: usize, fast: bool) -> Result<EmploymentPass, String> {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(text.as_bytes()).unwrap();
        let csv = CsvFile::open(f.path()).unwrap();
        let regions: FxHashMap<&str, u32> = [("r1", 0), ("r2", 1), ("r3", 2)].into_iter().collect();
        let keep = [2001, 2003];
        let cols = ["region_id", "industry", "year", "employees", "establishments"].map(|c| csv.column(c));
        let layout = Layout::of(&cols, csv.columns().len());
        let quick = |part: &mut Part, bytes: &[u8]| part.fast_csv(bytes, &layout, &regions, &keep, 3);
        let scan = csv
            .fold_fast(parts, Part::default, fast.then_some(&quick), |part, row| {
                part.add_csv(row, &cols, &regions, &keep, 3)
            })
            .map_err(|e| e.to_string())?;
        let Scan::Done(parts) = scan else { panic!("no cell spans lines") };
        Ok(merge(parts, 3))
    }

    /// What a pass found, comparable (NaN cells by their bits).
    fn summary(p: &EmploymentPass) -> String {
        let cells: Vec<_> = p
            .cells
            .iter()
            .map(|(y, c)| (y, &c.r, &c.ind, &c.e, c.est.iter().map(|v| v.to_bits()).collect::<Vec<_>>()))
            .collect();
        format!("{cells:?} {} {:?} {} {} {}", p.industries, p.totals, p.unknown_regions, p.incomplete, p.repeated)
    }

    /// The fast reader of plain lines gives what the general reader gives, row for row, on lines of
    /// every kind it must leave to the general one: quoted and padded cells, CRLF line ends, decimals,
    /// negative and long numbers, empty cells, blank lines, unknown regions, repeated keys, an extra
    /// column holding commas in quotes; and the same error, naming the same line, for a bad cell.
    #[test]
    fn the_fast_reader_reads_as_the_general_one() {
        let mut rng = SplitMix(0x2545_f491_4f6c_dd1d);
        let mut text = String::from("note,region_id,industry,year,employees,establishments\n");
        for _ in 0..3000 {
            // Mostly cells the fast reader takes (the first list), one in sixty it must leave (the second).
            let mut pick = |plain: &[&'static str], odd: &[&'static str]| -> &'static str {
                if rng.below(60) == 0 { odd[rng.scaled(odd.len())] } else { plain[rng.scaled(plain.len())] }
            };
            let note = pick(&["", "plain", "with space"], &["\"a, b\"", "\"say \"\"x\"\"\""]);
            let region = pick(&["r1", "r2", "r3", "r9", ""], &[" r2", "\"r1\"", "r2 "]);
            let industry = pick(&["I1", "I2", "I3", ""], &["I 4", "\"I,5\""]);
            let year = pick(&["2001", "2002", "2003", "", "02001"], &[" 2003", "+2003"]);
            let employees =
                pick(&["5", "0", "17", "", "123456789012345"], &["2.5", "-3", "1e2", "1234567890123456", "12 "]);
            let est = pick(&["1", "", "0"], &["-1", "3.0"]);
            let end = pick(&["\n", "\r\n"], &["\n\n", "\n\r\n"]);
            text.push_str(&format!("{note},{region},{industry},{year},{employees},{est}{end}"));
        }
        text.push_str("last,r3,I2,2003,8,1");
        for parts in [1, 2, 3, 8] {
            // The same ranges on both sides: totals are sums in range order.
            let (general, fast) =
                (summary(&pass(&text, parts, false).unwrap()), summary(&pass(&text, parts, true).unwrap()));
            assert!(fast == general, "{parts} ranges: the fast reader differs");
        }
        let bad = format!("{text}\nx,r1,I1,2001,5x,1\n");
        // The error without the temporary file's name.
        let error_of = |parts: usize, fast: bool| {
            let e = pass(&bad, parts, fast).err().unwrap();
            e.split_once(": ").map(|(_, rest)| rest.to_string()).unwrap_or(e)
        };
        let error = error_of(1, false);
        assert!(error.contains("employees: the cell is not a number"), "{error}");
        for parts in [1, 3] {
            assert_eq!(error_of(parts, true), error, "{parts} ranges");
        }
    }
}
