//! `chiiki spinoffs` on a data package: the measures of each tree (checked by hand on the Lakeside
//! fixture, whose numbers are worked out in the comments), the JSON contract, and bad lineage.

mod common;

use common::*;

use std::path::Path;

use serde_json::{Value, json};

#[test]
fn anchors_are_measured() {
    // motor (1960) → optic 1975* → {sensor 1985, laser 1990 (hill)}; gear 1978; robot 1982 → drone 2001;
    // marine 1999 (port). Seven descendants, two generations; the first spin-off is 1975, so the
    // 20-year window is 1975–1994: optic, sensor, laser, gear, robot = 5. One listed descendant (optic).
    let v: Value = serde_json::from_str(&chiiki(&["spinoffs", &lakeside(), "--format", "json"])).unwrap();
    assert_eq!(v["window_years"], 20);
    assert_eq!(v["min_spinoffs"], 10);
    let anchors = v["anchors"].as_array().unwrap();
    assert_eq!(anchors.len(), 1, "only motor has spun off firms");
    let a = &anchors[0];
    assert_eq!(
        (
            a["id"].clone(),
            a["size"].clone(),
            a["generations"].clone(),
            a["within_20_years"].clone(),
            a["listed"].clone()
        ),
        (json!("motor"), json!(7), json!(2), json!(5), json!(1))
    );
    assert_eq!(a["first_spinoff"], 1975);
    assert_eq!(a["regions"], json!(["lake", "hill", "port"]), "in the package's region order");
    assert_eq!(a["passes"], false);
    assert_eq!(v["regions"][0], json!({"id": "lake", "anchors": 1, "passing": []}));

    // With the test lowered to 5 the tree passes; to 6 it does not.
    let v: Value =
        serde_json::from_str(&chiiki(&["spinoffs", &lakeside(), "--format", "json", "--min-spinoffs", "5"])).unwrap();
    assert_eq!(v["anchors"][0]["passes"], true);
    assert_eq!(v["regions"][0]["passing"], json!(["motor"]));
    let v: Value =
        serde_json::from_str(&chiiki(&["spinoffs", &lakeside(), "--format", "json", "--min-spinoffs", "6"])).unwrap();
    assert_eq!(v["anchors"][0]["passes"], false);
}

#[test]
fn one_tree_with_its_lineage() {
    let v: Value =
        serde_json::from_str(&chiiki(&["spinoffs", &lakeside(), "--anchor", "robot", "--format", "json"])).unwrap();
    assert_eq!(v["lineage"], json!(["motor", "robot"]));
    assert_eq!(v["tree"]["size"], 1);
    assert_eq!(v["tree"]["within_20_years"], 1);
    let nodes: Vec<(String, Value)> = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_str().unwrap().to_string(), n["parent"].clone()))
        .collect();
    assert_eq!(nodes, [("robot".to_string(), Value::Null), ("drone".to_string(), json!("robot"))]);
    let text = chiiki(&["spinoffs", &lakeside(), "--anchor", "motor"]);
    assert!(text.contains("├── Optic Works * (optic, 1975, lake)"), "{text}");
    assert!(text.contains("│   └── Laser Line (laser, 1990, hill)"), "{text}");
    assert!(text.contains("└── Marine Engines (marine, 1999, port)"), "{text}");
    let dot = chiiki(&["spinoffs", &lakeside(), "--format", "dot"]);
    assert!(dot.starts_with("digraph spinoffs {"));
    assert!(dot.contains("\"motor\" -> \"optic\";"));
    assert_eq!(dot.matches(" -> ").count(), 7);
}

#[test]
fn region_filter_and_unknown_ids() {
    let v: Value =
        serde_json::from_str(&chiiki(&["spinoffs", &lakeside(), "--region", "hill", "--format", "json"])).unwrap();
    assert_eq!(v["anchors"].as_array().unwrap().len(), 0);
    assert!(refused(&["spinoffs", &lakeside(), "--region", "nowhere"]).contains("unknown region `nowhere`"));
    assert!(refused(&["spinoffs", &lakeside(), "--anchor", "nobody"]).contains("unknown organisation `nobody`"));
}

/// Copies the fixture into a temporary folder with `organizations.csv` replaced.
fn with_organizations(csv: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lakeside");
    for entry in std::fs::read_dir(&src).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    std::fs::write(dir.path().join("organizations.csv"), csv).unwrap();
    // People and projects may name organisations the replacement lacks: keep only the headers.
    std::fs::write(dir.path().join("people.csv"), "id,name,region_id,org_id,role\n").unwrap();
    std::fs::write(dir.path().join("collaborations.csv"), "project_id,org_id,year,person_id,budget\n").unwrap();
    dir
}

const HEAD: &str = "id,name,kind,region_id,founded,closed,parent_id,listed,employees\n";

#[test]
fn a_spinoff_cycle_is_listed() {
    let dir = with_organizations(&format!(
        "{HEAD}a,A,large,lake,1960,,c,,\nb,B,startup,lake,1970,,a,,\nc,C,startup,lake,1980,,b,,\nd,D,startup,lake,1990,,,,\n"
    ));
    let e = refused(&["spinoffs", &dir.path().display().to_string()]);
    assert!(e.contains("organizations.csv:2: field `parent_id`: spin-off cycle: a → c → b → a"), "{e}");
}

#[test]
fn bad_values_are_named() {
    // Row by row first: every bad value in the table.
    let dir = with_organizations(&format!(
        "{HEAD}a,A,large,lake,1960,,,,\ne,E,robot,lake,1970,,,,\nf,F,startup,mars,2300,1990,,maybe,-4\ng,G,startup,lake,1990,1980,,,\n"
    ));
    let e = refused(&["spinoffs", &dir.path().display().to_string()]);
    for expected in [
        "organizations.csv:3: field `kind`: unknown value `robot`",
        "organizations.csv:4: field `founded`: year 2300 is out of range (1800–2100)",
        "organizations.csv:4: field `listed`: `maybe` is not true or false",
        "organizations.csv:4: field `employees`: count -4 is negative",
        "organizations.csv:5: field `closed`: closed in 1980, before it was founded in 1990",
    ] {
        assert!(e.contains(expected), "missing {expected:?} in\n{e}");
    }
}

#[test]
fn bad_lineage_and_references_are_named() {
    // Then across rows and tables, once every row reads.
    let dir = with_organizations(&format!(
        "{HEAD}a,A,large,lake,1960,,,,\nb,B,startup,lake,1950,,a,,\nc,C,startup,lake,1990,,zz,,\na,Again,small,lake,1970,,,,\nf,F,startup,mars,1990,,,,\n"
    ));
    let e = refused(&["spinoffs", &dir.path().display().to_string()]);
    for expected in [
        "organizations.csv:3: field `founded`: `b` was founded in 1950, before its parent `a` (founded 1960)",
        "organizations.csv:4: field `parent_id`: `c` names an unknown parent organisation `zz`",
        "organizations.csv:5: field `id`: duplicate id `a` (first on line 2)",
        "organizations.csv:6: field `region_id`: unknown region `mars`",
    ] {
        assert!(e.contains(expected), "missing {expected:?} in\n{e}");
    }
}

#[test]
fn a_broken_descriptor_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("datapackage.json"),
        "{\"resources\": [\n{\"name\": \"organizations\", \"path\": \"none.csv\"}]}",
    )
    .unwrap();
    let e = refused(&["spinoffs", &dir.path().display().to_string()]);
    assert!(e.contains("table `organizations`: file") && e.contains("does not exist"), "{e}");
    let e = refused(&["spinoffs", "/nonexistent/package"]);
    assert!(e.contains("cannot read the package descriptor"), "{e}");
}
