//! The `mentions` table: how often a region was mentioned (in news, on the web, …) in a year.

use rustc_hash::FxHashMap;

use crate::descriptor::{Package, Resource};
use crate::error::InputErrors;
use crate::migrations::{no_table, region_field, region_index, required_count, required_year};
use crate::network::{open_csv, row_guess};
use crate::region::Region;
use crate::row::read_rows;

/// One row of the `mentions` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// The region's position in [`Mentions::regions`].
    pub region: u32,
    /// The year.
    pub year: i32,
    /// How many mentions.
    pub count: u64,
    /// Where they were counted (`news`, …), if given.
    pub source: Option<String>,
    /// Line in the table.
    pub line: u64,
}

/// The `mentions` table: mentions of each region per year (and source).
///
/// Invariant: every row names a region of [`Mentions::regions`]; at most one row per (region, year,
/// source), a row without a source counting as its own source.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Mentions {
    /// The regions (from the `regions` table).
    pub regions: Vec<Region>,
    /// The rows, in file order.
    pub rows: Vec<Mention>,
}

/// Reads the `mentions` table. With `regions`, every id must name one of them; without, ids are only
/// checked for being given (positions are then 0).
pub(crate) fn read_mentions(
    resource: &Resource,
    regions: Option<&FxHashMap<&str, u32>>,
    progress: &dyn Fn(u64),
) -> Result<Vec<Mention>, InputErrors> {
    const FIELDS: [&str; 4] = ["region_id", "year", "count", "source"];
    const REGION: usize = 0;
    const YEAR: usize = 1;
    const COUNT: usize = 2;
    const SOURCE: usize = 3;
    let file = resource.location.display().to_string();
    let mut seen: FxHashMap<(String, i32, Option<String>), u64> = FxHashMap::default();
    read_rows(&file, open_csv(resource, progress)?, row_guess(resource), &FIELDS, &FIELDS[..3], |row| {
        let region = region_field(row, REGION, regions);
        let year = required_year(row, YEAR);
        let count = required_count(row, COUNT);
        let source = row.get(SOURCE).map(str::to_string);
        let ((id, region), year) = (region?, year?);
        let key = (id, year, source);
        if let Some(first) = seen.get(&key) {
            let from = key.2.as_deref().map(|s| format!(" from `{s}`")).unwrap_or_default();
            row.error(YEAR, format!("mentions of `{}` in {year}{from} are given twice (first on line {first})", key.0));
            return None;
        }
        let line = row.line;
        let source = key.2.clone();
        seen.insert(key, line);
        Some(Mention { region, year, count: count?, source, line })
    })
}

impl Package {
    /// The `mentions` table: mentions of the regions of the `regions` table per year and source.
    ///
    /// # Errors
    /// Every problem, with file, line and column: a package without the table, missing columns,
    /// empty values, unknown regions, years out of range, negative or non-whole counts, the same
    /// (region, year, source) twice; or the problems of the `regions` table.
    pub fn mentions(&self, progress: &dyn Fn(u64)) -> Result<Mentions, InputErrors> {
        let regions = self.regions()?;
        let resource = self.resource("mentions").ok_or_else(|| InputErrors(vec![no_table(self, "mentions")]))?;
        let rows = read_mentions(resource, Some(&region_index(&regions)), progress)?;
        Ok(Mentions { regions, rows })
    }
}

#[cfg(test)]
mod tests {
    use crate::Package;

    fn package(mentions: &str) -> (tempfile::TempDir, Package) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("datapackage.json"),
            r#"{"resources": [{"name": "regions", "path": "regions.csv"},
                {"name": "mentions", "path": "mentions.csv"}]}"#,
        )
        .unwrap();
        std::fs::write(dir.path().join("regions.csv"), "id,name\nlake,Lakeside\nhill,Hillside\n").unwrap();
        std::fs::write(dir.path().join("mentions.csv"), mentions).unwrap();
        let p = Package::open(dir.path()).unwrap();
        (dir, p)
    }

    #[test]
    fn reads_mentions_with_and_without_a_source() {
        let (_d, p) = package("region_id,year,count,source\nhill,2020,12,news\nhill,2020,30,web\nlake,2021,0,\n");
        let m = p.mentions(&|_| {}).unwrap();
        assert_eq!(m.rows.len(), 3);
        assert_eq!((m.rows[0].region, m.rows[0].year, m.rows[0].count), (1, 2020, 12));
        assert_eq!(m.rows[1].source.as_deref(), Some("web"));
        assert_eq!((m.rows[2].region, m.rows[2].source.as_deref(), m.rows[2].line), (0, None, 4));
        // The source column is optional.
        let (_d, p) = package("region_id,year,count\nlake,2020,5\n");
        assert_eq!(p.mentions(&|_| {}).unwrap().rows[0].count, 5);
    }

    #[test]
    fn refuses_every_bad_row_with_line_and_field() {
        let (_d, p) = package(
            "region_id,year,count,source\n\
             mars,2020,1,news\n\
             lake,2020,-2,news\n\
             lake,2200,1,news\n\
             lake,2021,1.5,news\n\
             lake,2022,3,news\n\
             lake,2022,4,news\n\
             lake,2023,3,\n\
             lake,2023,3,\n\
             ,,,\n",
        );
        let shown: Vec<String> = p.mentions(&|_| {}).unwrap_err().errors().iter().map(ToString::to_string).collect();
        let file = p.resource("mentions").unwrap().location.display().to_string();
        let expected = [
            "2: field `region_id`: unknown region `mars`",
            "3: field `count`: count -2 is negative",
            "4: field `year`: year 2200 is out of range (1800–2100)",
            "5: field `count`: `1.5` is not a whole number",
            "7: field `year`: mentions of `lake` in 2022 from `news` are given twice (first on line 6)",
            "9: field `year`: mentions of `lake` in 2023 are given twice (first on line 8)",
            "10: field `region_id`: required value is empty",
            "10: field `year`: required value is empty",
            "10: field `count`: required value is empty",
        ];
        assert_eq!(shown, expected.map(|e| format!("{file}:{e}")));
    }

    #[test]
    fn a_missing_required_column_is_named() {
        let (_d, p) = package("region_id,year,source\nlake,2020,news\n");
        let e = p.mentions(&|_| {}).unwrap_err();
        assert_eq!((e.errors()[0].line, e.errors()[0].field.as_deref()), (Some(1), Some("count")));
    }
}
