//! Checking a whole data package at once: every table of the contract that the descriptor names, read
//! with its own reader, and the problems of all tables in one list.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::descriptor::{Package, Resource, TableFormat};
use crate::error::{InputError, InputErrors};
use crate::mentions::read_mentions;
use crate::migrations::{no_table, read_migrations, region_index};
use crate::network::open_csv;
use crate::table::Table;

/// The tables this crate knows, in the order they are checked, with their required columns (used
/// when only a table's header can be checked).
const CONTRACT: [(&str, &[&str]); 10] = [
    ("regions", &["id", "name"]),
    ("organizations", &["id", "name", "kind", "region_id"]),
    ("people", &["id", "name"]),
    ("collaborations", &["project_id", "org_id", "year"]),
    ("employment", &["region_id", "industry", "year", "employees"]),
    ("patents", &["id", "region_id", "tech_class", "year"]),
    ("funding", &["region_id", "program", "year", "amount"]),
    ("industries", &["id", "name", "group"]),
    ("migrations", &["origin_id", "destination_id", "year", "kind", "count"]),
    ("mentions", &["region_id", "year", "count"]),
];

/// How far [`Package::validate`] checked one table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Check {
    /// Every row was read and checked, and checked against the tables it refers to.
    Rows,
    /// Only the header (required columns, none twice): the rows refer to a table that could not be
    /// read here (a Parquet `regions` or `organizations` table, or one that was refused).
    Header,
    /// A Parquet table: not read by this crate; the evidence engine checks it.
    Engine,
    /// Not a table of the contract: allowed, not checked.
    NotInContract,
}

impl Check {
    /// A short code for machine-readable output: `rows`, `header`, `engine`, `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            Check::Rows => "rows",
            Check::Header => "header",
            Check::Engine => "engine",
            Check::NotInContract => "none",
        }
    }

    /// What was checked, in words.
    pub fn describe(self) -> &'static str {
        match self {
            Check::Rows => "checked",
            Check::Header => "header checked; the rows need a table that could not be read here",
            Check::Engine => "checked by the evidence engine",
            Check::NotInContract => "not part of the contract, not checked",
        }
    }
}

/// One table of a validated package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCheck {
    /// The table's name in the descriptor.
    pub name: String,
    /// The path as written in the descriptor.
    pub path: String,
    /// The file, as problems name it.
    pub file: String,
    /// The rows read (patents: one per patent), when every row was read and accepted.
    pub rows: Option<u64>,
    /// How far the table was checked.
    pub check: Check,
}

/// The tables of a data package and how each was checked, in the descriptor's order.
///
/// What is checked, table by table (each with its own reader, as every command reads it): required
/// columns present and none twice; every value of the right type (whole numbers, numbers, years,
/// `true`/`false`, the listed kinds and roles); years in 1800–2100; no negative counts or amounts;
/// no unknown ids (regions, organisations, people named by another row or table); no duplicate keys
/// (ids; one row per region, industry and year in `employment`; per origin, destination, year and
/// kind in `migrations`; per region, year and source in `mentions`; a participant once per project);
/// no spin-off (lineage) cycle and no organisation founded before its parent; malformed CSV.
///
/// Tables the contract does not know are listed as not checked; Parquet tables are left to the
/// evidence engine.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Validation {
    /// Every table of the descriptor.
    pub tables: Vec<TableCheck>,
}

impl Validation {
    /// The table with this name.
    pub fn table(&self, name: &str) -> Option<&TableCheck> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// The rows read over all tables.
    pub fn rows(&self) -> u64 {
        self.tables.iter().filter_map(|t| t.rows).sum()
    }
}

/// Problems in the order found, each once (the `regions` table is read by several readers).
#[derive(Default)]
struct Problems {
    list: Vec<InputError>,
    seen: FxHashSet<(String, Option<u64>, Option<String>, String)>,
}

impl Problems {
    fn push(&mut self, e: InputError) {
        if self.seen.insert((e.file.clone(), e.line, e.field.clone(), e.message.clone())) {
            self.list.push(e);
        }
    }

    /// The value, or `None` after recording its problems.
    fn take<T>(&mut self, r: Result<T, InputErrors>) -> Option<T> {
        r.map_err(|e| e.0.into_iter().for_each(|e| self.push(e))).ok()
    }
}

fn size(resource: &Resource) -> u64 {
    std::fs::metadata(&resource.location).map_or(0, |m| m.len())
}

fn header_only(resource: &Resource, required: &[&str]) -> Result<(), InputErrors> {
    let file = resource.location.display().to_string();
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::Headers).from_reader(open_csv(resource, &|_| {})?);
    Table::check_header(&file, &mut reader, required).map(|_| ())
}

impl Package {
    /// Checks every table of the package that the contract knows and the descriptor names, and
    /// reports what was read (see [`Validation`] for what is checked).
    ///
    /// Calls `progress` with the number of bytes read as it reads (in all,
    /// [`Package::validate_bytes`]).
    ///
    /// # Errors
    /// The problems of every table together, each with file, line and column, in the descriptor's
    /// order of tables and then by line. A refused `regions` table does not stop the others: their
    /// rows are checked as far as they can be without it.
    pub fn validate(&self, progress: &dyn Fn(u64)) -> Result<Validation, InputErrors> {
        let (validation, problems) = self.check_tables(progress);
        if problems.is_empty() { Ok(validation) } else { Err(InputErrors(problems)) }
    }

    /// The bytes [`Package::validate`] reads: the CSV tables of the contract.
    pub fn validate_bytes(&self) -> u64 {
        CONTRACT
            .iter()
            .filter_map(|(name, _)| self.resource(name))
            .filter(|r| r.format == TableFormat::Csv)
            .map(size)
            .sum()
    }

    /// [`Package::validate`], returning the tables also when there are problems: a table whose rows
    /// were refused has no row count. The problems are empty when the package is valid.
    pub fn check_tables(&self, progress: &dyn Fn(u64)) -> (Validation, Vec<InputError>) {
        let mut problems = Problems::default();
        let mut rows: FxHashMap<&str, u64> = FxHashMap::default();
        let mut checks: FxHashMap<&str, Check> = FxHashMap::default();
        let csv = |name: &str| self.resource(name).filter(|r| r.format == TableFormat::Csv);
        let parquet = |name: &str| self.resource(name).is_some_and(|r| r.format == TableFormat::Parquet);
        let required = |name: &str| CONTRACT.iter().find(|c| c.0 == name).map_or(&[][..], |c| c.1);
        // Only the header of a table whose rows need a table that could not be read.
        let header = |name: &'static str, problems: &mut Problems, checks: &mut FxHashMap<&str, Check>| {
            if let Some(r) = csv(name) {
                problems.take(header_only(r, required(name)));
                progress(size(r));
                checks.insert(name, Check::Header);
            }
        };

        // Regions: every other table but `industries` refers to them.
        let regions = match self.resource("regions") {
            None => {
                problems.push(no_table(self, "regions"));
                None
            }
            Some(r) if r.format == TableFormat::Parquet => None,
            Some(_) => problems.take(self.regions()),
        };
        if let Some(r) = &regions {
            rows.insert("regions", r.len() as u64);
        }

        // Organisations, people and joint projects, checked against each other.
        let network_tables = ["organizations", "people", "collaborations"];
        if network_tables.iter().any(|t| csv(t).is_some()) {
            if parquet("regions") || parquet("organizations") {
                // The rows refer to a table this crate does not read: only the headers.
                for t in network_tables {
                    header(t, &mut problems, &mut checks);
                }
                if let Some(r) = csv("regions") {
                    progress(size(r));
                }
            } else {
                // Without `regions` (or with it refused) the rows are still read and checked; only
                // the cross-references are not. Parquet people or projects: the lineage alone, and
                // the header of the other table.
                let with_projects = !parquet("people") && !parquet("collaborations");
                let network = if with_projects {
                    self.network_with_progress(progress)
                } else {
                    self.lineage_with_progress(progress)
                };
                if let Some(n) = problems.take(network) {
                    rows.insert("organizations", n.organizations.len() as u64);
                    if with_projects {
                        rows.insert("people", n.people.len() as u64);
                        rows.insert("collaborations", n.collaborations.len() as u64);
                    }
                }
                if !with_projects {
                    header("people", &mut problems, &mut checks);
                    header("collaborations", &mut problems, &mut checks);
                }
            }
        } else if let Some(r) = csv("regions") {
            progress(size(r));
        }

        // The yearly tables: their readers need the regions.
        let region_ids = regions.as_deref().map(region_index);
        for name in ["employment", "patents", "funding"] {
            if csv(name).is_none() {
                continue;
            }
            if regions.is_none() {
                header(name, &mut problems, &mut checks);
                continue;
            }
            let n = match name {
                "employment" => problems.take(self.employment(progress)).map(|p| p.cells.len() as u64),
                // One row per patent: the cells count them.
                "patents" => {
                    problems.take(self.patents(progress)).map(|p| p.cells.iter().map(|c| c.value as u64).sum())
                }
                _ => {
                    let n = problems.take(self.funding()).map(|f| f.rows.len() as u64);
                    progress(csv(name).map_or(0, size));
                    n
                }
            };
            if let Some(n) = n {
                rows.insert(name, n);
            }
        }
        if let Some(r) = csv("industries") {
            if let Some(Some(list)) = problems.take(self.industries()) {
                rows.insert("industries", list.len() as u64);
            }
            progress(size(r));
        }

        // Migrations and mentions: with a refused `regions` table, every check but the ids (and no
        // row count, as the rows were not checked in full).
        let ids = if parquet("regions") { None } else { Some(region_ids.as_ref()) };
        let counted = regions.is_some();
        if let Some(r) = csv("migrations") {
            match ids {
                Some(ids) => {
                    if let Some(m) = problems.take(read_migrations(r, ids, progress)).filter(|_| counted) {
                        rows.insert("migrations", m.len() as u64);
                    }
                }
                None => header("migrations", &mut problems, &mut checks),
            }
        }
        if let Some(r) = csv("mentions") {
            match ids {
                Some(ids) => {
                    if let Some(m) = problems.take(read_mentions(r, ids, progress)).filter(|_| counted) {
                        rows.insert("mentions", m.len() as u64);
                    }
                }
                None => header("mentions", &mut problems, &mut checks),
            }
        }

        let mut tables = Vec::with_capacity(self.resources.len());
        for r in &self.resources {
            let known = CONTRACT.iter().any(|c| c.0 == r.name);
            let check = match (known, r.format) {
                (false, _) => Check::NotInContract,
                (true, TableFormat::Parquet) => Check::Engine,
                (true, TableFormat::Csv) => checks.get(r.name.as_str()).copied().unwrap_or(Check::Rows),
            };
            let n = rows.get(r.name.as_str()).copied().filter(|_| check == Check::Rows);
            tables.push(TableCheck {
                name: r.name.clone(),
                path: r.path.clone(),
                file: r.location.display().to_string(),
                rows: n,
                check,
            });
        }

        // In the descriptor's order of tables (the descriptor's own problems first), then by line.
        let order: FxHashMap<&str, usize> = tables.iter().enumerate().map(|(i, t)| (t.file.as_str(), i + 1)).collect();
        let mut list = problems.list;
        list.sort_by_key(|e| (order.get(e.file.as_str()).copied().unwrap_or(0), e.line));
        (Validation { tables }, list)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A package of `tables` (name, file, content), in that order in the descriptor.
    fn package(tables: &[(&str, &str, &str)]) -> (tempfile::TempDir, Package) {
        let dir = tempfile::tempdir().unwrap();
        let resources: Vec<String> =
            tables.iter().map(|(n, f, _)| format!(r#"{{"name": "{n}", "path": "{f}"}}"#)).collect();
        std::fs::write(dir.path().join("datapackage.json"), format!(r#"{{"resources": [{}]}}"#, resources.join(",")))
            .unwrap();
        for (_, f, content) in tables {
            std::fs::write(dir.path().join(f), content).unwrap();
        }
        let p = Package::open(dir.path()).unwrap();
        (dir, p)
    }

    const REGIONS: &str = "id,name\nlake,Lakeside\nhill,Hillside\n";
    const ORGS: &str =
        "id,name,kind,region_id,parent_id\nuni,University,university,lake,\nspin,Spin,startup,hill,uni\n";

    /// The problems as `file name:line: field: message`.
    fn shown(problems: &[InputError]) -> Vec<String> {
        problems
            .iter()
            .map(|e| {
                let name = std::path::Path::new(&e.file).file_name().unwrap().to_string_lossy().to_string();
                format!("{name}:{}: {}: {}", e.line.unwrap_or(0), e.field.as_deref().unwrap_or("-"), e.message)
            })
            .collect()
    }

    #[test]
    fn lists_every_table_with_its_rows_and_how_it_was_checked() {
        let (_d, p) = package(&[
            ("notes", "notes.csv", "anything\n"),
            ("regions", "regions.csv", REGIONS),
            ("organizations", "organizations.csv", ORGS),
            ("patents", "patents.csv", "id,region_id,tech_class,year\nP1,lake,G02B,2005\nP2,lake,G02B,2005\n"),
            ("mentions", "mentions.csv", "region_id,year,count\nlake,2020,3\n"),
            ("employment", "employment.parquet", "not read"),
        ]);
        let seen = std::cell::Cell::new(0);
        let v = p.validate(&|n| seen.set(seen.get() + n)).unwrap();
        let listed: Vec<(&str, Option<u64>, Check)> =
            v.tables.iter().map(|t| (t.name.as_str(), t.rows, t.check)).collect();
        assert_eq!(
            listed,
            [
                ("notes", None, Check::NotInContract),
                ("regions", Some(2), Check::Rows),
                ("organizations", Some(2), Check::Rows),
                ("patents", Some(2), Check::Rows),
                ("mentions", Some(1), Check::Rows),
                ("employment", None, Check::Engine),
            ]
        );
        assert_eq!(v.rows(), 7);
        assert_eq!(v.table("employment").unwrap().path, "employment.parquet");
        assert_eq!(seen.get(), p.validate_bytes(), "progress counts every byte once");
    }

    #[test]
    fn reports_the_problems_of_every_table_together() {
        let (_d, p) = package(&[
            ("regions", "regions.csv", REGIONS),
            ("organizations", "organizations.csv", &format!("{ORGS}uni,Again,university,lake,\n")),
            ("employment", "employment.csv", "region_id,industry,year,employees\nmars,optics,2000,1\n"),
            ("funding", "funding.csv", "region_id,program,year\nlake,p,2000\n"),
            ("migrations", "migrations.csv", "origin_id,destination_id,year,kind,count\nlake,lake,2000,firm,1\n"),
            ("mentions", "mentions.csv", "region_id,year,count\nhill,2000,-1\n"),
        ]);
        let (v, problems) = p.check_tables(&|_| {});
        assert_eq!(
            shown(&problems),
            [
                "organizations.csv:4: id: duplicate id `uni` (first on line 2)",
                "employment.csv:2: region_id: unknown region `mars`",
                "funding.csv:1: amount: required column is missing from the header (found: region_id, program, year)",
                "migrations.csv:2: destination_id: origin and destination are the same region `lake`",
                "mentions.csv:2: count: count -1 is negative",
            ]
        );
        assert_eq!(v.table("regions").unwrap().rows, Some(2), "the tables that pass keep their rows");
        assert_eq!(v.table("organizations").unwrap().rows, None);
        assert_eq!(p.validate(&|_| {}).unwrap_err().0, problems);
    }

    #[test]
    fn refused_regions_do_not_stop_the_other_tables() {
        let (_d, p) = package(&[
            ("regions", "regions.csv", "id,name\nlake,Lakeside\nlake,Again\n"),
            ("organizations", "organizations.csv", "id,name,kind,region_id\nuni,University,college,lake\n"),
            ("employment", "employment.csv", "region_id,industry,year\nlake,optics,2000\n"),
            ("migrations", "migrations.csv", "origin_id,destination_id,year,kind,count\nlake,hill,2000,firm,x\n"),
        ]);
        let (v, problems) = p.check_tables(&|_| {});
        assert_eq!(
            shown(&problems),
            [
                "regions.csv:3: id: duplicate region id `lake` (first defined on line 2)",
                "organizations.csv:2: kind: unknown value `college` (expected one of startup, mid_sized, small, large, university, public_research, government, support, finance)",
                "employment.csv:1: employees: required column is missing from the header (found: region_id, industry, year)",
                "migrations.csv:2: count: `x` is not a whole number",
            ],
            "the regions' problems once, and every other table as far as it can be checked"
        );
        assert_eq!(v.table("employment").unwrap().check, Check::Header);
    }

    #[test]
    fn a_package_without_regions_is_refused_once() {
        let (_d, p) = package(&[
            ("organizations", "organizations.csv", ORGS),
            ("mentions", "mentions.csv", "region_id,year,count\nlake,1700,1\n"),
        ]);
        let problems = p.validate(&|_| {}).unwrap_err();
        assert_eq!(
            shown(problems.errors()),
            [
                "datapackage.json:0: resources: the package has no `regions` table",
                "mentions.csv:2: year: year 1700 is out of range (1800–2100)",
            ]
        );
    }

    #[test]
    fn parquet_regions_leave_the_rows_that_refer_to_them_to_the_engine() {
        let (_d, p) = package(&[
            ("regions", "regions.parquet", "not read"),
            ("organizations", "organizations.csv", ORGS),
            ("industries", "industries.csv", "id,name,group\nI1,Optics,G1\n"),
            ("mentions", "mentions.csv", "region_id,year\nlake,2000\n"),
        ]);
        let (v, problems) = p.check_tables(&|_| {});
        assert_eq!(
            shown(&problems),
            ["mentions.csv:1: count: required column is missing from the header (found: region_id, year)"]
        );
        let listed: Vec<(&str, Option<u64>, Check)> =
            v.tables.iter().map(|t| (t.name.as_str(), t.rows, t.check)).collect();
        assert_eq!(
            listed,
            [
                ("regions", None, Check::Engine),
                ("organizations", None, Check::Header),
                ("industries", Some(1), Check::Rows),
                ("mentions", None, Check::Header),
            ]
        );
    }

    #[test]
    fn spin_off_cycles_are_reported() {
        let (_d, p) = package(&[
            ("regions", "regions.csv", REGIONS),
            (
                "organizations",
                "organizations.csv",
                "id,name,kind,region_id,parent_id\na,A,startup,lake,b\nb,B,startup,lake,a\n",
            ),
        ]);
        assert_eq!(
            shown(p.validate(&|_| {}).unwrap_err().errors()),
            ["organizations.csv:2: parent_id: spin-off cycle: a → b → a"]
        );
    }
}
