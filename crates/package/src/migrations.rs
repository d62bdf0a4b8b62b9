//! The `migrations` table: how many firms or people moved from one region to another in a year.

use rustc_hash::FxHashMap;

use crate::descriptor::{Package, Resource};
use crate::error::{InputError, InputErrors};
use crate::network::{open_csv, row_guess};
use crate::region::Region;
use crate::row::{Row, read_rows};

/// What moved between two regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MigrationKind {
    /// Firms that moved their seat (or main establishment).
    Firm,
    /// People who moved their residence or workplace.
    Person,
}

impl MigrationKind {
    /// Both kinds, in table order.
    pub const ALL: [MigrationKind; 2] = [MigrationKind::Firm, MigrationKind::Person];

    /// The kind as written in tables (`firm`, `person`).
    pub fn as_str(self) -> &'static str {
        match self {
            MigrationKind::Firm => "firm",
            MigrationKind::Person => "person",
        }
    }
}

/// One row of the `migrations` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    /// The position of the region moved from in [`Migrations::regions`].
    pub origin: u32,
    /// The position of the region moved to in [`Migrations::regions`] (never the origin).
    pub destination: u32,
    /// The year of the moves.
    pub year: i32,
    /// Firms or people.
    pub kind: MigrationKind,
    /// How many moved.
    pub count: u64,
    /// Line in the table.
    pub line: u64,
}

/// The `migrations` table: firms and people moving between regions, per year.
///
/// Invariants: origin and destination are regions of [`Migrations::regions`] and differ; at most one
/// row per (origin, destination, year, kind).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Migrations {
    /// The regions (from the `regions` table).
    pub regions: Vec<Region>,
    /// The rows, in file order.
    pub rows: Vec<Migration>,
}

/// The region ids of `regions` and their positions.
pub(crate) fn region_index(regions: &[Region]) -> FxHashMap<&str, u32> {
    regions.iter().enumerate().map(|(i, r)| (r.id.as_str(), i as u32)).collect()
}

/// The region named in field `f`: its id and its position in `regions` (0 when `regions` is `None`:
/// ids are then not checked). Records a problem when the value is empty or names no region.
pub(crate) fn region_field(row: &mut Row, f: usize, regions: Option<&FxHashMap<&str, u32>>) -> Option<(String, u32)> {
    let Some(id) = row.get(f).map(str::to_string) else {
        row.error(f, "required value is empty".into());
        return None;
    };
    match regions.map(|index| index.get(id.as_str()).copied()) {
        None => Some((id, 0)),
        Some(Some(position)) => Some((id, position)),
        Some(None) => {
            row.error(f, format!("unknown region `{id}`"));
            None
        }
    }
}

/// A required year in field `f`: a problem when empty or out of range.
pub(crate) fn required_year(row: &mut Row, f: usize) -> Option<i32> {
    let year = row.year(f);
    if year.is_none() && row.get(f).is_none() {
        row.error(f, "required value is empty".into());
    }
    year
}

/// A required non-negative whole number in field `f`.
pub(crate) fn required_count(row: &mut Row, f: usize) -> Option<u64> {
    let count = row.count(f);
    if count.is_none() && row.get(f).is_none() {
        row.error(f, "required value is empty".into());
    }
    count
}

/// The problem of a package without the table `name`.
pub(crate) fn no_table(package: &Package, name: &str) -> InputError {
    let descriptor = package.dir.join("datapackage.json").display().to_string();
    InputError::new(&descriptor, None, Some("resources"), format!("the package has no `{name}` table"))
}

/// Reads the `migrations` table. With `regions`, every id must name one of them; without, ids are
/// only checked for being given and different (positions are then 0).
pub(crate) fn read_migrations(
    resource: &Resource,
    regions: Option<&FxHashMap<&str, u32>>,
    progress: &dyn Fn(u64),
) -> Result<Vec<Migration>, InputErrors> {
    const FIELDS: [&str; 5] = ["origin_id", "destination_id", "year", "kind", "count"];
    const ORIGIN: usize = 0;
    const DESTINATION: usize = 1;
    const YEAR: usize = 2;
    const KIND: usize = 3;
    const COUNT: usize = 4;
    let file = resource.location.display().to_string();
    let kinds: Vec<(&str, MigrationKind)> = MigrationKind::ALL.iter().map(|k| (k.as_str(), *k)).collect();
    let mut seen: FxHashMap<(String, String, i32, MigrationKind), u64> = FxHashMap::default();
    read_rows(&file, open_csv(resource, progress)?, row_guess(resource), &FIELDS, &FIELDS, |row| {
        let origin = region_field(row, ORIGIN, regions);
        let destination = region_field(row, DESTINATION, regions);
        if let (Some((o, _)), Some((d, _))) = (&origin, &destination)
            && o == d
        {
            row.error(DESTINATION, format!("origin and destination are the same region `{o}`"));
        }
        let year = required_year(row, YEAR);
        let kind = row.choice(KIND, &kinds);
        if kind.is_none() && row.get(KIND).is_none() {
            row.error(KIND, "required value is empty".into());
        }
        let count = required_count(row, COUNT);
        let ((o, origin), (d, destination), year, kind) = (origin?, destination?, year?, kind?);
        let line = row.line;
        let key = (o, d, year, kind);
        if let Some(first) = seen.get(&key) {
            row.error(
                DESTINATION,
                format!(
                    "{} moves from `{}` to `{}` in {year} are given twice (first on line {first})",
                    kind.as_str(),
                    key.0,
                    key.1
                ),
            );
            return None;
        }
        seen.insert(key, line);
        Some(Migration { origin, destination, year, kind, count: count?, line })
    })
}

impl Package {
    /// The `migrations` table: firms and people moving between the regions of the `regions` table.
    ///
    /// # Errors
    /// Every problem, with file, line and column: a package without the table, missing columns,
    /// empty values, unknown regions, origin and destination the same, years out of range, a kind
    /// other than `firm` or `person`, negative or non-whole counts, the same (origin, destination,
    /// year, kind) twice; or the problems of the `regions` table.
    pub fn migrations(&self, progress: &dyn Fn(u64)) -> Result<Migrations, InputErrors> {
        let regions = self.regions()?;
        let resource = self.resource("migrations").ok_or_else(|| InputErrors(vec![no_table(self, "migrations")]))?;
        let rows = read_migrations(resource, Some(&region_index(&regions)), progress)?;
        Ok(Migrations { regions, rows })
    }
}

#[cfg(test)]
mod tests {
    use crate::Package;
    use crate::migrations::MigrationKind;

    const REGIONS: &str = "id,name\nlake,Lakeside\nhill,Hillside\nport,Portville\n";

    /// A package with `regions` and `migrations` tables.
    pub(crate) fn package(migrations: &str) -> (tempfile::TempDir, Package) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("datapackage.json"),
            r#"{"resources": [{"name": "regions", "path": "regions.csv"},
                {"name": "migrations", "path": "migrations.csv"}]}"#,
        )
        .unwrap();
        std::fs::write(dir.path().join("regions.csv"), REGIONS).unwrap();
        std::fs::write(dir.path().join("migrations.csv"), migrations).unwrap();
        let p = Package::open(dir.path()).unwrap();
        (dir, p)
    }

    fn problems(migrations: &str) -> Vec<String> {
        let (_d, p) = package(migrations);
        let e = p.migrations(&|_| {}).unwrap_err();
        e.errors()
            .iter()
            .map(|e| format!("{}:{}: {}", e.line.unwrap_or(0), e.field.as_deref().unwrap_or(""), e.message))
            .collect()
    }

    #[test]
    fn reads_moves_between_regions() {
        let (_d, p) =
            package("origin_id,destination_id,year,kind,count\nlake,hill,2010,firm,2\nhill,lake,2010,person,40\n");
        let m = p.migrations(&|_| {}).unwrap();
        assert_eq!(m.regions.len(), 3);
        assert_eq!(m.rows.len(), 2);
        let first = &m.rows[0];
        assert_eq!(
            (first.origin, first.destination, first.year, first.kind, first.count),
            (0, 1, 2010, MigrationKind::Firm, 2)
        );
        assert_eq!((m.rows[1].kind, m.rows[1].count, m.rows[1].line), (MigrationKind::Person, 40, 3));
    }

    #[test]
    fn refuses_every_bad_row_with_line_and_field() {
        let shown = problems(
            "origin_id,destination_id,year,kind,count\n\
             lake,mars,2010,firm,2\n\
             hill,hill,2010,person,1\n\
             lake,hill,1700,firm,1\n\
             lake,hill,2011,company,1\n\
             lake,hill,2012,person,-4\n\
             lake,hill,2012,firm,many\n\
             lake,port,2013,firm,1\n\
             lake,port,2013,firm,2\n\
             ,port,,,\n",
        );
        assert_eq!(
            shown,
            [
                "2:destination_id: unknown region `mars`",
                "3:destination_id: origin and destination are the same region `hill`",
                "4:year: year 1700 is out of range (1800–2100)",
                "5:kind: unknown value `company` (expected one of firm, person)",
                "6:count: count -4 is negative",
                "7:count: `many` is not a whole number",
                "9:destination_id: firm moves from `lake` to `port` in 2013 are given twice (first on line 8)",
                "10:origin_id: required value is empty",
                "10:year: required value is empty",
                "10:kind: required value is empty",
                "10:count: required value is empty",
            ]
        );
    }

    #[test]
    fn a_missing_column_or_table_is_named() {
        let shown = problems("origin_id,destination_id,year,count\nlake,hill,2010,2\n");
        assert_eq!(shown.len(), 1);
        assert!(shown[0].starts_with("1:kind: required column is missing from the header"), "{shown:?}");
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("datapackage.json"), r#"{"resources": [{"name": "regions", "path": "r.csv"}]}"#)
            .unwrap();
        std::fs::write(dir.path().join("r.csv"), REGIONS).unwrap();
        let e = Package::open(dir.path()).unwrap().migrations(&|_| {}).unwrap_err();
        assert_eq!(e.errors()[0].message, "the package has no `migrations` table");
    }
}
