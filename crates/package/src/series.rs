//! Yearly tables of the package: `employment` (by industry), `patents` (by technology class) and
//! `funding` (by programme), read into long panels keyed by region, category and year.

use rustc_hash::FxHashMap;

use crate::descriptor::Package;
use crate::error::{InputError, InputErrors};
use crate::network::{open_csv, row_guess};
use crate::region::Region;
use crate::row::read_rows;

/// One value of a panel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    /// The region's position in [`Panel::regions`].
    pub region: u32,
    /// The category's position in [`Panel::categories`].
    pub category: u32,
    /// The year.
    pub year: i32,
    /// The value (employees; patents).
    pub value: f64,
    /// A second value (establishments; citations), if the table has it.
    pub extra: Option<f64>,
}

/// A long table: one value per region, category and year.
///
/// Invariant: at most one cell per (region, category, year); `years` sorted, distinct.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Panel {
    /// The regions (from the `regions` table).
    pub regions: Vec<Region>,
    /// The categories (industries or technology classes), in order of first appearance.
    pub categories: Vec<String>,
    /// The years present.
    pub years: Vec<i32>,
    /// The cells.
    pub cells: Vec<Cell>,
}

impl Panel {
    /// The region × category matrix of one year (regions in rows, row-major), zeros where no cell.
    pub fn matrix(&self, year: i32) -> Vec<f64> {
        let cols = self.categories.len();
        let mut m = vec![0.0; self.regions.len() * cols];
        for c in self.cells.iter().filter(|c| c.year == year) {
            m[c.region as usize * cols + c.category as usize] += c.value;
        }
        m
    }

    /// Each region's total per year: `totals[region][year index]`.
    pub fn region_totals(&self) -> Vec<Vec<f64>> {
        let index: FxHashMap<i32, usize> = self.years.iter().enumerate().map(|(i, &y)| (y, i)).collect();
        let mut out = vec![vec![0.0; self.years.len()]; self.regions.len()];
        for c in &self.cells {
            out[c.region as usize][index[&c.year]] += c.value;
        }
        out
    }
}

/// One row of the `funding` table.
#[derive(Debug, Clone, PartialEq)]
pub struct FundingRow {
    /// The region's position in [`Funding::regions`].
    pub region: u32,
    /// The programme.
    pub program: String,
    /// The year.
    pub year: i32,
    /// The values of [`Funding::columns`] (`amount` first), `None` where empty.
    pub values: Vec<Option<f64>>,
    /// Line in the table.
    pub line: u64,
}

/// The `funding` table: money and other inputs and outputs per region, programme and year.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Funding {
    /// The regions.
    pub regions: Vec<Region>,
    /// The numeric columns: `amount`, then every further column of the table, in file order.
    pub columns: Vec<String>,
    /// The rows.
    pub rows: Vec<FundingRow>,
}

impl Package {
    /// The `regions` table alone.
    ///
    /// # Errors
    /// As [`crate::read_regions`], or a package without the table.
    pub fn regions(&self) -> Result<Vec<Region>, InputErrors> {
        let r = self.require("regions")?;
        let file = r.location.display().to_string();
        crate::read_regions(&file, open_csv(r, &|_| {})?)
    }

    fn require(&self, name: &str) -> Result<&crate::Resource, InputErrors> {
        self.resource(name).ok_or_else(|| {
            let descriptor = self.dir.join("datapackage.json").display().to_string();
            InputErrors(vec![InputError::new(
                &descriptor,
                None,
                Some("resources"),
                format!("the package has no `{name}` table"),
            )])
        })
    }

    /// The `employment` table: employees (and establishments) per region, industry and year.
    ///
    /// # Errors
    /// Every problem, with file, line and column: missing columns, unknown regions, years out of
    /// range, negative or non-numeric counts, a (region, industry, year) given twice.
    pub fn employment(&self, progress: &dyn Fn(u64)) -> Result<Panel, InputErrors> {
        self.panel("employment", "industry", "employees", Some("establishments"), progress)
    }

    /// The `patents` table counted per region, technology class and year (the citations summed).
    ///
    /// # Errors
    /// As [`Package::employment`], except that rows are patents (ids must be unique) and are counted.
    pub fn patents(&self, progress: &dyn Fn(u64)) -> Result<Panel, InputErrors> {
        self.panel("patents", "tech_class", "", Some("citations"), progress)
    }

    /// Reads a long table into a panel. With an empty `value` column each row counts 1 (patents).
    fn panel(
        &self,
        table: &str,
        category: &'static str,
        value: &'static str,
        extra: Option<&'static str>,
        progress: &dyn Fn(u64),
    ) -> Result<Panel, InputErrors> {
        let regions = self.regions()?;
        let resource = self.require(table)?;
        let file = resource.location.display().to_string();
        let region_pos: FxHashMap<&str, u32> =
            regions.iter().enumerate().map(|(i, r)| (r.id.as_str(), i as u32)).collect();
        let counted = value.is_empty();
        let fields: Vec<&str> = if counted {
            vec!["id", "region_id", category, "year", extra.unwrap_or("")]
        } else {
            vec!["region_id", category, "year", value, extra.unwrap_or("")]
        };
        let required: Vec<&str> = fields[..4].iter().copied().filter(|f| !f.is_empty()).collect();
        let (f_region, f_cat, f_year, f_value, f_extra) = if counted { (1, 2, 3, 0, 4) } else { (0, 1, 2, 3, 4) };
        let mut categories: Vec<String> = Vec::new();
        let mut cat_pos: FxHashMap<String, u32> = FxHashMap::default();
        let mut seen: FxHashMap<(u32, u32, i32), u64> = FxHashMap::default();
        let mut ids: FxHashMap<String, u64> = FxHashMap::default();
        let rows = read_rows(&file, open_csv(resource, progress)?, row_guess(resource), &fields, &required, |row| {
            let region = match row.get(f_region) {
                Some(id) => match region_pos.get(id) {
                    Some(&r) => Some(r),
                    None => {
                        let id = id.to_string();
                        row.error(f_region, format!("unknown region `{id}`"));
                        None
                    }
                },
                None => {
                    row.error(f_region, "required value is empty".into());
                    None
                }
            };
            let cat = row.required(f_cat);
            let year = row.year(f_year);
            if year.is_none() && row.get(f_year).is_none() {
                row.error(f_year, "required value is empty".into());
            }
            let v = if counted {
                let id = row.required(0);
                if let Some(id) = id {
                    if let Some(first) = ids.get(&id) {
                        row.error(0, format!("duplicate id `{id}` (first on line {first})"));
                    } else {
                        ids.insert(id, row.line);
                    }
                }
                Some(1.0)
            } else {
                let v = row.amount(f_value);
                if v.is_none() && row.get(f_value).is_none() {
                    row.error(f_value, "required value is empty".into());
                }
                v
            };
            let x = if extra.is_some() { row.amount(f_extra) } else { None };
            let (region, cat, year, v) = (region?, cat?, year?, v?);
            let c = match cat_pos.get(&cat) {
                Some(&c) => c,
                None => {
                    categories.push(cat.clone());
                    cat_pos.insert(cat, categories.len() as u32 - 1);
                    categories.len() as u32 - 1
                }
            };
            if !counted {
                if let Some(first) = seen.get(&(region, c, year)) {
                    row.error(
                        f_cat,
                        format!(
                            "`{}` in {year} is given twice for this region (first on line {first})",
                            categories[c as usize]
                        ),
                    );
                    return None;
                }
                seen.insert((region, c, year), row.line);
            }
            Some(Cell { region, category: c, year, value: v, extra: x })
        })?;
        // Patents: one cell per (region, class, year), counted.
        let cells = if counted {
            let mut sums: FxHashMap<(u32, u32, i32), (f64, Option<f64>)> = FxHashMap::default();
            for c in rows {
                let e = sums.entry((c.region, c.category, c.year)).or_insert((0.0, None));
                e.0 += 1.0;
                if let Some(x) = c.extra {
                    e.1 = Some(e.1.unwrap_or(0.0) + x);
                }
            }
            let mut cells: Vec<Cell> = sums
                .into_iter()
                .map(|((region, category, year), (value, extra))| Cell { region, category, year, value, extra })
                .collect();
            cells.sort_by_key(|c| (c.region, c.category, c.year));
            cells
        } else {
            rows
        };
        let mut years: Vec<i32> = cells.iter().map(|c| c.year).collect();
        years.sort_unstable();
        years.dedup();
        Ok(Panel { regions, categories, years, cells })
    }

    /// The `funding` table: `amount` and every further numeric column per region, programme and year.
    ///
    /// # Errors
    /// Every problem, with file, line and column: missing columns, unknown regions, years out of
    /// range, negative or non-numeric values.
    pub fn funding(&self) -> Result<Funding, InputErrors> {
        let regions = self.regions()?;
        let resource = self.require("funding")?;
        let file = resource.location.display().to_string();
        // The header decides the further columns.
        let header: Vec<String> = {
            let mut reader =
                csv::ReaderBuilder::new().trim(csv::Trim::Headers).from_reader(open_csv(resource, &|_| {})?);
            let h = crate::table::Table::check_header(&file, &mut reader, &["region_id", "program", "year", "amount"])?;
            h.headers
        };
        let mut columns = vec!["amount".to_string()];
        columns.extend(
            header.iter().filter(|h| !["region_id", "program", "year", "amount"].contains(&h.as_str())).cloned(),
        );
        let names: Vec<&str> =
            ["region_id", "program", "year"].into_iter().chain(columns.iter().map(String::as_str)).collect();
        let region_pos: FxHashMap<&str, u32> =
            regions.iter().enumerate().map(|(i, r)| (r.id.as_str(), i as u32)).collect();
        let n = columns.len();
        let rows = read_rows(&file, open_csv(resource, &|_| {})?, row_guess(resource), &names, &names[..4], |row| {
            let region = match row.get(0).map(|id| (id.to_string(), region_pos.get(id).copied())) {
                Some((_, Some(r))) => Some(r),
                Some((id, None)) => {
                    row.error(0, format!("unknown region `{id}`"));
                    None
                }
                None => {
                    row.error(0, "required value is empty".into());
                    None
                }
            };
            let program = row.required(1);
            let year = row.year(2);
            if year.is_none() && row.get(2).is_none() {
                row.error(2, "required value is empty".into());
            }
            let values: Vec<Option<f64>> = (0..n).map(|i| row.amount(3 + i)).collect();
            if values[0].is_none() && row.get(3).is_none() {
                row.error(3, "required value is empty".into());
            }
            Some(FundingRow { region: region?, program: program?, year: year?, values, line: row.line })
        })?;
        Ok(Funding { regions, columns, rows })
    }
}

/// A row of the optional `industries` table: an industry's name and the group it belongs to (for
/// related and unrelated variety).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Industry {
    /// The industry's id (as in `employment.industry`).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its group (a broader sector).
    pub group: String,
}

impl Package {
    /// The optional `industries` table (`id`, `name`, `group`); `None` when the package has none.
    ///
    /// # Errors
    /// Every problem, with file, line and column: missing columns, empty values, duplicate ids.
    pub fn industries(&self) -> Result<Option<Vec<Industry>>, InputErrors> {
        let Some(resource) = self.resource("industries") else { return Ok(None) };
        let file = resource.location.display().to_string();
        let fields = ["id", "name", "group"];
        let mut seen: FxHashMap<String, u64> = FxHashMap::default();
        let rows = read_rows(&file, open_csv(resource, &|_| {})?, 64, &fields, &fields, |row| {
            let id = row.required(0);
            let name = row.required(1);
            let group = row.required(2);
            if let Some(id) = &id {
                if let Some(first) = seen.get(id) {
                    row.error(0, format!("duplicate id `{id}` (first on line {first})"));
                } else {
                    seen.insert(id.clone(), row.line);
                }
            }
            Some(Industry { id: id?, name: name?, group: group? })
        })?;
        Ok(Some(rows))
    }
}
