//! `chiiki indicators`, `chiiki evidence`, `chiiki lq` and `chiiki diagnose --data` end to end.
#![cfg(feature = "evidence")]

mod common;

use common::{chiiki, lakeside, refused, write};
use serde_json::Value;

fn generated(dir: &std::path::Path) -> String {
    let out = dir.join("pkg");
    let o = out.display().to_string();
    chiiki(&[
        "generate",
        "--regions",
        "10",
        "--orgs",
        "1500",
        "--industries",
        "6",
        "--years",
        "12",
        "--seed",
        "4",
        "--out",
        &o,
    ]);
    o
}

#[test]
fn indicators_cover_every_condition() {
    let list: Value = serde_json::from_str(&chiiki(&["indicators", "--format", "json"])).unwrap();
    let list = list.as_array().unwrap();
    for c in 1..=15 {
        assert!(list.iter().any(|i| i["condition"] == c), "condition {c}");
    }
    for i in list {
        assert!(!i["formula"].as_str().unwrap().is_empty() && !i["unit"].as_str().unwrap().is_empty(), "{i}");
    }
    let text = chiiki(&["indicators"]);
    assert!(text.contains("top_lq") && text.contains("Local industries and technologies"), "{text}");
    assert!(text.contains("top_leader_share (context, not marked)"), "{text}");
}

/// Lakeside in 2010, worked out by hand. Employment: lake optics 60, hill textiles 50, port none, so
/// top_lq = 110/60 (lake) and 110/50 (hill), port has none. Active firms' employees: lake 13,050 with no
/// mid-sized firm (0 %), hill 475 of which Weave 450 (94.74 %), port 30,300 of which Marine 300 (0.99 %):
/// percentiles 16.7, 83.3, 50 → measured marks 0, 3, 2 for condition 4 (its other indicator needs a
/// population, which Lakeside does not give). Lakeside has no funding, mentions or migrations: those
/// conditions are "no evidence".
#[test]
fn lakeside_evidence_by_hand() {
    let json: Value =
        serde_json::from_str(&chiiki(&["evidence", &lakeside(), "--year", "2010", "--format", "json"])).unwrap();
    assert_eq!(json["year"], 2010);
    let regions = json["regions"].as_array().unwrap();
    assert_eq!(regions.len(), 3);
    let region = |id: &str| regions.iter().find(|r| r["id"] == id).unwrap();
    let condition =
        |id: &str, c: u64| region(id)["conditions"].as_array().unwrap().iter().find(|x| x["id"] == c).unwrap().clone();
    let value = |id: &str, c: u64, ind: &str| {
        condition(id, c)["indicators"].as_array().unwrap().iter().find(|i| i["id"] == ind).unwrap()["value"].as_f64()
    };
    for r in regions {
        assert_eq!(r["conditions"].as_array().unwrap().len(), 15);
    }
    assert!((value("lake", 3, "top_lq").unwrap() - 110.0 / 60.0).abs() < 1e-12);
    assert!((value("hill", 3, "top_lq").unwrap() - 110.0 / 50.0).abs() < 1e-12);
    assert_eq!(value("port", 3, "top_lq"), None);
    assert_eq!(value("lake", 4, "mid_sized_job_share"), Some(0.0));
    assert!((value("hill", 4, "mid_sized_job_share").unwrap() - 100.0 * 450.0 / 475.0).abs() < 1e-9);
    assert!((value("port", 4, "mid_sized_job_share").unwrap() - 100.0 * 300.0 / 30300.0).abs() < 1e-9);
    assert_eq!(condition("lake", 4)["measured_mark"], 0);
    assert_eq!(condition("port", 4)["measured_mark"], 2);
    assert_eq!(condition("hill", 4)["measured_mark"], 3);
    assert_eq!(value("lake", 1, "research_orgs_per_100k"), None, "no population, no per-capita figure");
    for c in [7, 14, 15] {
        let x = condition("lake", c);
        assert_eq!(x["measured_mark"], Value::Null);
        assert_eq!(x["evidence"], false, "condition {c}");
    }
    let text = chiiki(&["evidence", &lakeside(), "--year", "2010"]);
    assert!(text.contains("no evidence"), "{text}");
}

#[test]
fn json_csv_and_text_agree_on_a_generated_package() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = generated(dir.path());
    let json: Value = serde_json::from_str(&chiiki(&["evidence", &pkg, "--format", "json"])).unwrap();
    assert_eq!(json["year"], 2024);
    let regions = json["regions"].as_array().unwrap();
    assert_eq!(regions.len(), 10);
    let mut marks = 0;
    for r in regions {
        let conditions = r["conditions"].as_array().unwrap();
        assert_eq!(conditions.len(), 15);
        for c in conditions {
            assert_eq!(c["evidence"], true, "a generated package has every table: {c}");
            let m = c["measured_mark"].as_u64().unwrap();
            assert!(m <= 3);
            marks += m;
            for i in c["indicators"].as_array().unwrap() {
                if let Some(p) = i["percentile"].as_f64() {
                    assert!((0.0..=100.0).contains(&p));
                }
            }
        }
    }
    assert!(marks > 0);
    let csv = chiiki(&["evidence", &pkg, "--format", "csv"]);
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 10 * chiiki_engine_count());
    let first = &regions[0]["conditions"][2];
    let row = rows.iter().find(|x| &x[0] == regions[0]["id"].as_str().unwrap() && &x[5] == "top_lq").unwrap();
    assert_eq!(row[3].parse::<u64>().unwrap(), first["measured_mark"].as_u64().unwrap());
    let lq_json = first["indicators"].as_array().unwrap().iter().find(|i| i["id"] == "top_lq").unwrap()["value"]
        .as_f64()
        .unwrap();
    assert_eq!(row[6].parse::<f64>().unwrap(), lq_json);
}

fn chiiki_engine_count() -> usize {
    let list: Value = serde_json::from_str(&chiiki(&["indicators", "--format", "json"])).unwrap();
    list.as_array().unwrap().len()
}

#[test]
fn peers_restrict_the_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = generated(dir.path());
    let json: Value =
        serde_json::from_str(&chiiki(&["evidence", &pkg, "--peers", "r0001,r0002", "--format", "json"])).unwrap();
    let regions = json["regions"].as_array().unwrap();
    assert_eq!(regions.len(), 2);
    // With two peers every percentile is 25, 50 or 75.
    for r in regions {
        for c in r["conditions"].as_array().unwrap() {
            for i in c["indicators"].as_array().unwrap() {
                if let Some(p) = i["percentile"].as_f64() {
                    assert!([25.0, 50.0, 75.0].contains(&p), "{p}");
                }
            }
        }
    }
}

#[test]
fn bad_requests_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = generated(dir.path());
    let e = refused(&["evidence", &pkg, "--peers", "r0001,nowhere"]);
    assert!(e.contains("unknown region `nowhere`"), "{e}");
    let e = refused(&["evidence", &pkg, "--year", "1990"]);
    assert!(e.contains("no table of the package has the year 1990 (years: 20"), "{e}");
    let e = refused(&["evidence", &pkg, "--cuts", "50,25,75"]);
    assert!(e.contains("--cuts must rise"), "{e}");
    let e = refused(&["evidence", &pkg, "--cuts", "25,50"]);
    assert!(e.contains("needs 3 percentiles"), "{e}");
}

/// Bad rows are reported with file, line and column before anything is computed.
#[test]
fn bad_tables_are_refused_with_their_lines() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = generated(dir.path());
    let emp = std::path::Path::new(&pkg).join("employment.csv");
    let mut text = std::fs::read_to_string(&emp).unwrap();
    text.push_str("nowhere,i1,2024,5,1\nr0001,i1,2024,-3,1\n");
    std::fs::write(&emp, &text).unwrap();
    let lines = text.lines().count();
    let e = refused(&["evidence", &pkg]);
    assert!(e.contains(&format!("employment.csv:{}: field `region_id`: unknown region `nowhere`", lines - 1)), "{e}");
    assert!(e.contains(&format!("employment.csv:{lines}: field `employees`: amount -3 is negative")), "{e}");
}

/// The rows the engine's own passes check (organisations, memberships, repeated employment keys) are
/// refused the same way, each with its file and line.
#[test]
fn bad_organisations_memberships_and_repeats_are_refused_with_their_lines() {
    let cases = [
        ("organizations.csv", "o1,Again,small,r0001,1990,,,false,3", "organizations.csv:{line}: field `id`"),
        (
            "organizations.csv",
            "o99999,Orphan,small,r0001,1990,,o88888,false,3",
            "organizations.csv:{line}: field `parent_id`",
        ),
        ("organizations.csv", "o99998,Odd,guild,r0001,1990,,,false,3", "organizations.csv:{line}: field `kind`"),
        ("collaborations.csv", "j1,o77777,2024,,1.0", "collaborations.csv:{line}: field `org_id`"),
        ("employment.csv", "r0001,I0001,2024,5,1", "employment.csv:{line}:"),
    ];
    for (file, row, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let pkg = generated(dir.path());
        let path = std::path::Path::new(&pkg).join(file);
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str(row);
        text.push('\n');
        std::fs::write(&path, &text).unwrap();
        let expected = expected.replace("{line}", &text.lines().count().to_string());
        let e = refused(&["evidence", &pkg, "--year", "2024"]);
        assert!(e.contains(&expected), "{file} + {row:?}: {e}");
    }
}

/// A patent id given twice among the patents of the evaluated window (the repeat is found by the
/// engine's parallel id index, not SQL) is refused with the repeat's line.
#[test]
fn a_repeated_patent_id_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = generated(dir.path());
    let path = std::path::Path::new(&pkg).join("patents.csv");
    let mut text = std::fs::read_to_string(&path).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let year = header.iter().position(|c| *c == "year").unwrap();
    let row = text
        .lines()
        .skip(1)
        .find(|l| l.split(',').nth(year).is_some_and(|y| y == "2024"))
        .expect("a patent of 2024")
        .to_string();
    text.push_str(&row);
    text.push('\n');
    std::fs::write(&path, &text).unwrap();
    let expected = format!("patents.csv:{}: field `id`", text.lines().count());
    let e = refused(&["evidence", &pkg, "--year", "2024"]);
    assert!(e.contains(&expected), "{e}");
}

#[test]
fn location_quotients_as_csv_and_json() {
    let csv = chiiki(&["lq", &lakeside(), "--year", "2010"]);
    assert_eq!(
        csv,
        "region_id,industry,year,employees,lq\nhill,textiles,2010,50,2.2\nlake,optics,2010,60,1.8333333333333335\n"
    );
    let json: Value = serde_json::from_str(&chiiki(&["lq", &lakeside(), "--format", "json"])).unwrap();
    assert_eq!(json["year"], 2010, "the last year of the employment table");
    assert_eq!(json["cells"].as_array().unwrap().len(), 2);
    let e = refused(&["lq", &lakeside(), "--reference", "atlantis"]);
    assert!(e.contains("unknown region `atlantis`"), "{e}");
}

/// Expert marks from an assessments file beside the measured ones: Hillside's expert gives condition 4
/// one star, the measurement three (see `lakeside_evidence_by_hand`), a difference of two: flagged.
#[test]
fn diagnose_with_data_sets_expert_beside_measured() {
    let dir = tempfile::tempdir().unwrap();
    let regions = write(dir.path(), "regions.csv", "id,name\nlake,Lakeside\nhill,Hillside\nport,Portville\n");
    let mut a = String::from("region_id,assessor,condition,strength,proposal\n");
    for c in 1..=15 {
        a.push_str(&format!("hill,kato,{c},{},0\n", if c == 4 { 1 } else { 0 }));
    }
    let assessments = write(dir.path(), "a.csv", &a);
    let args =
        ["diagnose", "--regions", &regions, "--assessments", &assessments, "--data", &lakeside(), "--year", "2010"];
    let json: Value = serde_json::from_str(&chiiki(&[&args[..], &["--format", "json"]].concat())).unwrap();
    let hill = &json["regions"][0];
    assert_eq!(hill["id"], "hill");
    let c4 = hill["conditions"].as_array().unwrap().iter().find(|c| c["id"] == 4).unwrap();
    assert_eq!(c4["expert_mark"], 1);
    assert_eq!(c4["measured_mark"], 3);
    assert_eq!(c4["disagreement"], true);
    let text = chiiki(&args);
    assert!(text.contains("← disagree"), "{text}");
}

/// `a` and `b` have the same shape and values, numbers within 1e-9 relative (parallel sums of floats may
/// differ in the last bits between runs).
fn same_within(a: &Value, b: &Value, at: &str) {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!((x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0), "{at}: {x} and {y}");
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "{at}: lengths");
            for (i, (x, y)) in x.iter().zip(y).enumerate() {
                same_within(x, y, &format!("{at}[{i}]"));
            }
        }
        (Value::Object(x), Value::Object(y)) => {
            assert_eq!(x.keys().collect::<Vec<_>>(), y.keys().collect::<Vec<_>>(), "{at}: keys");
            for (k, v) in x {
                same_within(v, &y[k], &format!("{at}.{k}"));
            }
        }
        _ => assert_eq!(a, b, "{at}"),
    }
}

/// `convert` writes the engine's tables as Parquet; the converted package measures the same.
#[test]
fn a_converted_package_measures_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = generated(dir.path());
    let out = dir.path().join("pq");
    let o = out.display().to_string();
    chiiki(&["convert", &pkg, "--out", &o]);
    let descriptor: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("datapackage.json")).unwrap()).unwrap();
    let formats: Vec<(String, String)> = descriptor["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["name"].as_str().unwrap().to_string(), r["path"].as_str().unwrap().to_string()))
        .collect();
    for (name, path) in &formats {
        // `regions` stays CSV; `industries` is not a table of the evidence engine and is copied.
        let csv = ["regions", "industries"].contains(&name.as_str());
        let expected = if csv { format!("{name}.csv") } else { format!("{name}.parquet") };
        assert_eq!(path, &expected, "{name}");
        assert!(out.join(path).is_file(), "{path}");
    }
    assert_eq!(descriptor["synthetic"], true, "the rest of the descriptor is kept");
    for year in ["2015", "2020"] {
        let csv: Value =
            serde_json::from_str(&chiiki(&["evidence", &pkg, "--year", year, "--format", "json"])).unwrap();
        let parquet: Value =
            serde_json::from_str(&chiiki(&["evidence", &o, "--year", year, "--format", "json"])).unwrap();
        same_within(&csv, &parquet, &format!("evidence of {year}"));
    }
    assert_eq!(chiiki(&["lq", &pkg]), chiiki(&["lq", &o]));

    // Only some tables; the others are copied byte for byte.
    let some = dir.path().join("some");
    chiiki(&["convert", &pkg, "--out", some.to_str().unwrap(), "--tables", "employment"]);
    assert!(some.join("employment.parquet").is_file());
    let pkg_dir = std::path::Path::new(&pkg);
    assert_eq!(std::fs::read(some.join("patents.csv")).unwrap(), std::fs::read(pkg_dir.join("patents.csv")).unwrap());
}

#[test]
fn convert_refuses_bad_requests_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = generated(dir.path());
    let taken = dir.path().join("taken");
    std::fs::create_dir(&taken).unwrap();
    let e = refused(&["convert", &pkg, "--out", taken.to_str().unwrap()]);
    assert!(e.contains("already exists: name a new folder"), "{e}");

    let out = dir.path().join("out");
    let o = out.to_str().unwrap();
    let e = refused(&["convert", &pkg, "--out", o, "--tables", "employmnet"]);
    assert!(e.contains("no table `employmnet`") && e.contains("employment"), "{e}");
    assert!(!out.exists());

    // A cell that is not a number: the row-by-row check names file, line and column; nothing is written.
    let emp = std::path::Path::new(&pkg).join("employment.csv");
    let mut text = std::fs::read_to_string(&emp).unwrap();
    text.push_str("r0001,i1,2024,many,1\n");
    std::fs::write(&emp, &text).unwrap();
    let e = refused(&["convert", &pkg, "--out", o]);
    assert!(e.contains(&format!("employment.csv:{}: field `employees`", text.lines().count())), "{e}");
    assert!(!out.exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".chiiki-convert-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary folders left: {leftovers:?}");
}
