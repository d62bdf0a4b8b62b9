//! `chiiki validate`: every table of a data package checked in one run, every problem named by file,
//! line and field.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::*;

const MIGRATIONS: &str = "origin_id,destination_id,year,kind,count\n\
    lake,hill,2010,firm,2\n\
    lake,hill,2010,person,40\n\
    hill,port,2011,person,12\n\
    port,lake,2011,firm,0\n";
const MENTIONS: &str = "region_id,year,count,source\nlake,2010,120,news\nhill,2010,35,news\nport,2010,8,\n";

/// A copy of the Lakeside package with `migrations` and `mentions` tables (and `extra` more tables
/// in the descriptor: name, path, format); `replace` gives other contents for some files.
fn lakeside_plus(replace: &[(&str, &str)], extra: &[(&str, &str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let files =
        ["regions.csv", "organizations.csv", "people.csv", "collaborations.csv", "employment.csv", "patents.csv"];
    for f in files {
        std::fs::copy(Path::new(&lakeside()).join(f), dir.path().join(f)).unwrap();
    }
    write(dir.path(), "migrations.csv", MIGRATIONS);
    write(dir.path(), "mentions.csv", MENTIONS);
    let mut resources: Vec<String> = files
        .iter()
        .chain(&["migrations.csv", "mentions.csv"])
        .map(|f| format!(r#"{{"name": "{}", "path": "{f}", "format": "csv"}}"#, f.trim_end_matches(".csv")))
        .collect();
    for (name, path, format) in extra {
        resources.push(format!(r#"{{"name": "{name}", "path": "{path}", "format": "{format}"}}"#));
        write(dir.path(), path, "anything\n");
    }
    write(
        dir.path(),
        "datapackage.json",
        &format!(r#"{{"name": "lakeside-plus", "resources": [{}]}}"#, resources.join(",\n")),
    );
    for (f, content) in replace {
        write(dir.path(), f, content);
    }
    dir
}

/// `validate` refuses the package; each of `expected` (with `DIR` for the package folder) is in the
/// message.
fn assert_problems(dir: &Path, expected: &[&str]) -> String {
    let e = refused(&["validate", &dir.display().to_string()]);
    assert!(e.starts_with("error: "), "{e}");
    for x in expected {
        let x = x.replace("DIR", &dir.display().to_string());
        assert!(e.contains(&x), "missing {x:?} in\n{e}");
    }
    e
}

#[test]
fn lakeside_validates_with_its_row_counts() {
    let out = chiiki(&["validate", &lakeside()]);
    assert_eq!(
        out,
        "regions         regions.csv         3 rows\n\
         organizations   organizations.csv   14 rows\n\
         people          people.csv          6 rows\n\
         collaborations  collaborations.csv  22 rows\n\
         employment      employment.csv      22 rows\n\
         patents         patents.csv         3 rows\n\
         ok\n"
    );
    let json: serde_json::Value =
        serde_json::from_str(&chiiki(&["validate", &lakeside(), "--format", "json"])).unwrap();
    assert_eq!(json["problems"], serde_json::json!([]));
    let tables = json["tables"].as_array().unwrap();
    let rows: Vec<(&str, u64, &str)> = tables
        .iter()
        .map(|t| (t["name"].as_str().unwrap(), t["rows"].as_u64().unwrap(), t["checked"].as_str().unwrap()))
        .collect();
    assert_eq!(
        rows,
        [
            ("regions", 3, "rows"),
            ("organizations", 14, "rows"),
            ("people", 6, "rows"),
            ("collaborations", 22, "rows"),
            ("employment", 22, "rows"),
            ("patents", 3, "rows"),
        ]
    );
    assert!(tables[0]["file"].as_str().unwrap().ends_with("lakeside/regions.csv"));
}

#[test]
fn migrations_and_mentions_are_read_and_counted() {
    let dir = lakeside_plus(&[], &[]);
    let out = chiiki(&["validate", &dir.path().display().to_string()]);
    assert!(out.contains("migrations      migrations.csv      4 rows\n"), "{out}");
    assert!(out.contains("mentions        mentions.csv        3 rows\n"), "{out}");
    assert!(out.ends_with("ok\n"), "{out}");
}

#[test]
fn a_generated_package_validates_with_migrations_and_mentions() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = dir.path().join("pkg").display().to_string();
    chiiki(&["generate", "--regions", "8", "--orgs", "300", "--industries", "5", "--years", "6", "--out", &pkg]);
    let out = chiiki(&["validate", &pkg]);
    assert!(out.ends_with("ok\n"), "{out}");
    let json: serde_json::Value = serde_json::from_str(&chiiki(&["validate", &pkg, "--format", "json"])).unwrap();
    let table = |name: &str| json["tables"].as_array().unwrap().iter().find(|t| t["name"] == name).cloned().unwrap();
    assert_eq!(table("regions")["rows"], 8);
    assert_eq!(table("organizations")["rows"], 300);
    assert_eq!(table("mentions")["rows"], 8 * 6, "one row per region and year");
    let migrations = table("migrations")["rows"].as_u64().unwrap();
    assert!(migrations > 0 && migrations <= 8 * 6 * 20, "{migrations} migration rows");
    assert_eq!(table("migrations")["checked"], "rows");
    // The file's rows, counted independently.
    let lines = std::fs::read_to_string(Path::new(&pkg).join("migrations.csv")).unwrap().lines().count() as u64;
    assert_eq!(migrations, lines - 1);
}

#[test]
fn unknown_region_in_migrations() {
    let dir = lakeside_plus(&[("migrations.csv", &format!("{MIGRATIONS}lake,mars,2012,person,3\n"))], &[]);
    assert_problems(dir.path(), &["error: DIR/migrations.csv:6: field `destination_id`: unknown region `mars`"]);
}

#[test]
fn origin_equal_to_destination() {
    let dir = lakeside_plus(&[("migrations.csv", &format!("{MIGRATIONS}port,port,2012,firm,1\n"))], &[]);
    assert_problems(
        dir.path(),
        &["DIR/migrations.csv:6: field `destination_id`: origin and destination are the same region `port`"],
    );
}

#[test]
fn negative_count_in_mentions() {
    let dir = lakeside_plus(&[("mentions.csv", &format!("{MENTIONS}lake,2011,-5,news\n"))], &[]);
    assert_problems(dir.path(), &["DIR/mentions.csv:5: field `count`: count -5 is negative"]);
}

#[test]
fn year_out_of_range() {
    let dir = lakeside_plus(&[("mentions.csv", &format!("{MENTIONS}lake,20011,5,news\n"))], &[]);
    assert_problems(dir.path(), &["DIR/mentions.csv:5: field `year`: year 20011 is out of range (1800–2100)"]);
}

#[test]
fn missing_required_column() {
    let dir = lakeside_plus(&[("migrations.csv", "origin_id,destination_id,year,count\nlake,hill,2010,2\n")], &[]);
    assert_problems(
        dir.path(),
        &[
            "DIR/migrations.csv:1: field `kind`: required column is missing from the header (found: origin_id, destination_id, year, count)",
        ],
    );
}

#[test]
fn a_count_that_is_not_a_number() {
    let dir = lakeside_plus(&[("migrations.csv", &format!("{MIGRATIONS}hill,lake,2012,person,twelve\n"))], &[]);
    assert_problems(dir.path(), &["DIR/migrations.csv:6: field `count`: `twelve` is not a whole number"]);
}

#[test]
fn duplicate_key_in_employment() {
    let employment = std::fs::read_to_string(Path::new(&lakeside()).join("employment.csv")).unwrap();
    let dir = lakeside_plus(&[("employment.csv", &format!("{employment}lake,optics,2004,45,4\n"))], &[]);
    assert_problems(
        dir.path(),
        &["DIR/employment.csv:24: field `industry`: `optics` in 2004 is given twice for this region (first on line 6)"],
    );
}

#[test]
fn unknown_kind_of_migration() {
    let dir = lakeside_plus(&[("migrations.csv", &format!("{MIGRATIONS}hill,lake,2012,company,1\n"))], &[]);
    assert_problems(
        dir.path(),
        &["DIR/migrations.csv:6: field `kind`: unknown value `company` (expected one of firm, person)"],
    );
}

#[test]
fn problems_in_several_tables_are_reported_together() {
    let read = |f: &str| std::fs::read_to_string(Path::new(&lakeside()).join(f)).unwrap();
    let dir = lakeside_plus(
        &[
            ("organizations.csv", &format!("{}gear,Gear Again,small,lake,1990,,,false,5\n", read("organizations.csv"))),
            ("people.csv", &format!("{}p-x,X,hill,nowhere,official\n", read("people.csv"))),
            ("employment.csv", &format!("{}hill,textiles,2010,55,5\n", read("employment.csv"))),
            ("patents.csv", "id,region_id,tech_class,year,citations\nP1,lake,G02B,2005,3\nP1,hill,D03D,2009,-1\n"),
            ("migrations.csv", &format!("{MIGRATIONS}lake,mars,2012,person,3\n")),
            ("mentions.csv", "region_id,year,source\nlake,2010,news\n"),
        ],
        &[],
    );
    let e = assert_problems(
        dir.path(),
        &[
            "error: 7 problems:\n",
            "DIR/organizations.csv:16: field `id`: duplicate id `gear` (first on line 6)",
            "DIR/people.csv:8: field `org_id`: unknown organisation `nowhere`",
            "DIR/employment.csv:24: field `industry`: `textiles` in 2010 is given twice for this region (first on line 23)",
            "DIR/patents.csv:3: field `id`: duplicate id `P1` (first on line 2)",
            "DIR/patents.csv:3: field `citations`: amount -1 is negative",
            "DIR/migrations.csv:6: field `destination_id`: unknown region `mars`",
            "DIR/mentions.csv:1: field `count`: required column is missing from the header (found: region_id, year, source)",
        ],
    );
    // In the descriptor's order of tables.
    let at = |s: &str| e.find(s).unwrap();
    assert!(at("organizations.csv") < at("people.csv") && at("people.csv") < at("employment.csv"), "{e}");
    assert!(at("patents.csv") < at("migrations.csv") && at("migrations.csv") < at("mentions.csv"), "{e}");
}

#[test]
fn refused_regions_do_not_stop_the_other_tables() {
    let dir = lakeside_plus(
        &[
            ("regions.csv", "id,name\nlake,Lakeside\nhill,Hillside\nport,Portville\nport,Again\n"),
            ("collaborations.csv", "project_id,org_id,year\nj1,uni,2010\nj1,optic,1600\n"),
            ("patents.csv", "id,region_id,year\nP1,lake,2005\n"),
            ("migrations.csv", &format!("{MIGRATIONS}hill,hill,2012,person,3\n")),
            ("mentions.csv", &format!("{MENTIONS}hill,1700,4,news\n")),
        ],
        &[],
    );
    let e = assert_problems(
        dir.path(),
        &[
            "error: 5 problems:\n",
            "DIR/regions.csv:5: field `id`: duplicate region id `port` (first defined on line 4)",
            "DIR/collaborations.csv:3: field `year`: year 1600 is out of range (1800–2100)",
            "DIR/patents.csv:1: field `tech_class`: required column is missing from the header",
            "DIR/migrations.csv:6: field `destination_id`: origin and destination are the same region `hill`",
            "DIR/mentions.csv:5: field `year`: year 1700 is out of range (1800–2100)",
        ],
    );
    assert_eq!(e.matches("regions.csv:5").count(), 1, "the regions' problem once: {e}");
}

#[test]
fn json_lists_the_problems_and_still_fails() {
    let dir = lakeside_plus(&[("mentions.csv", &format!("{MENTIONS}lake,2011,-5,news\n"))], &[]);
    let pkg = dir.path().display().to_string();
    let out = Command::cargo_bin("chiiki").unwrap().args(["validate", &pkg, "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("error: "), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["problems"],
        serde_json::json!([{
            "file": format!("{pkg}/mentions.csv"), "line": 5, "field": "count", "message": "count -5 is negative",
        }])
    );
    let table = |name: &str| json["tables"].as_array().unwrap().iter().find(|t| t["name"] == name).cloned().unwrap();
    assert_eq!(table("mentions")["rows"], serde_json::Value::Null, "a refused table has no row count");
    assert_eq!(table("migrations")["rows"], 4);
}

#[test]
fn unknown_and_parquet_tables_are_listed_not_checked() {
    let dir = lakeside_plus(
        &[],
        &[
            ("notes", "notes.csv", "csv"),
            ("funding", "funding.parquet", "parquet"),
            ("scores", "scores.parquet", "parquet"),
        ],
    );
    let out = chiiki(&["validate", &dir.path().display().to_string()]);
    assert!(out.contains("notes           notes.csv           not part of the contract, not checked\n"), "{out}");
    assert!(out.contains("funding         funding.parquet     checked by the evidence engine\n"), "{out}");
    assert!(out.contains("scores          scores.parquet      not part of the contract, not checked\n"), "{out}");
    assert!(out.ends_with("ok\n"), "{out}");
    // A contract table in Parquet is left to the engine.
    let dir = tempfile::tempdir().unwrap();
    let pkg = dir.path().display().to_string();
    std::fs::copy(Path::new(&lakeside()).join("regions.csv"), dir.path().join("regions.csv")).unwrap();
    write(dir.path(), "m.parquet", "not read");
    write(
        dir.path(),
        "datapackage.json",
        r#"{"resources": [{"name": "regions", "path": "regions.csv"}, {"name": "mentions", "path": "m.parquet"}]}"#,
    );
    let json: serde_json::Value = serde_json::from_str(&chiiki(&["validate", &pkg, "--format", "json"])).unwrap();
    assert_eq!(json["tables"][1]["checked"], "engine");
    assert_eq!(json["tables"][1]["rows"], serde_json::Value::Null);
}

#[test]
fn a_bad_descriptor_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "datapackage.json", r#"{"resources": [{"name": "regions", "path": "../regions.csv"}]}"#);
    let e = refused(&["validate", &dir.path().display().to_string()]);
    assert!(e.contains("table `regions`: path `../regions.csv` leaves the package folder"), "{e}");
    let e = refused(&["validate", &dir.path().join("missing").display().to_string()]);
    assert!(e.contains("cannot read the package descriptor"), "{e}");
}
