//! `chiiki phases` on the Lakeside fixture, whose employment series are worked out by hand below.

mod common;

use common::*;
use serde_json::{Value, json};

#[test]
fn phases_follow_the_rules_year_by_year() {
    // Lakeside optics: 10, 10, 10, 20, 40, 80, 100, 100, 100, 70, 60 (2000–2010); peak 100.
    // 2000–2002: 10 % of the peak, no growth → germinal. 2003: (20/10)^(1/3) − 1 = 26 %/yr at scale
    // 0.2 → growth, through 2008: (100/80)^(1/3) − 1 = 7.7 %/yr. 2009: 30 % below the peak and
    // shrinking → decline; 2010 too.
    let v: Value = serde_json::from_str(&chiiki(&["phases", &lakeside(), "--format", "json"])).unwrap();
    let regions = v["regions"].as_array().unwrap();
    assert_eq!(regions.len(), 2, "Portville has no employment");
    let lake = &regions[0];
    assert_eq!(lake["id"], "lake");
    let path: Vec<&str> = lake["path"].as_array().unwrap().iter().map(|p| p["phase"].as_str().unwrap()).collect();
    let mut expected = vec!["germinal"; 3];
    expected.extend(["growth"; 6]);
    expected.extend(["decline"; 2]);
    assert_eq!(path, expected);
    assert_eq!(lake["current"], "decline");
    let y2003 = &lake["path"][3];
    assert!((y2003["growth"].as_f64().unwrap() - (2f64.powf(1.0 / 3.0) - 1.0)).abs() < 1e-12);
    // Entries: Drone Air, a start-up of Lakeside, was founded in 2001. Patents: two in 2005.
    assert_eq!(lake["path"][1]["entries"], 1.0);
    assert_eq!(lake["path"][5]["patents"], 2.0);
    // The crisis: from 2008 (the last year at 100) to 2010 (60), 40 % lost.
    assert_eq!(lake["crises"], json!([{"start": 2008, "end": 2010, "drop": 0.4}]));
    // Hillside textiles: flat at its peak → maturity throughout.
    let hill = &regions[1];
    assert!(hill["path"].as_array().unwrap().iter().all(|p| p["phase"] == "maturity"));
    assert_eq!(hill["crises"], json!([]));
}

#[test]
fn one_region_one_industry_and_the_drawing() {
    let v: Value = serde_json::from_str(&chiiki(&[
        "phases",
        &lakeside(),
        "--region",
        "lake",
        "--industry",
        "optics",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(v["regions"].as_array().unwrap().len(), 1);
    assert_eq!(v["regions"][0]["industry"], "optics");
    let svg = chiiki(&["phases", &lakeside(), "--region", "lake", "--format", "svg"]);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let years: Vec<(&str, &str)> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("year"))
        .map(|n| (n.attribute("data-year").unwrap(), n.attribute("data-phase").unwrap()))
        .collect();
    assert_eq!(years.len(), 11);
    assert_eq!(years[3], ("2003", "growth"));
    assert_eq!(doc.descendants().filter(|n| n.attribute("class") == Some("crisis")).count(), 1);
    let text = chiiki(&["phases", &lakeside(), "--region", "lake"]);
    assert!(text.contains("path: 2000–2002 germinal, 2003–2008 growth, 2009–2010 decline"), "{text}");
    assert!(text.contains("sharp drop 2008–2010: −40.0 %"), "{text}");
}

#[test]
fn unknown_ids_and_bad_tables_are_refused() {
    assert!(refused(&["phases", &lakeside(), "--region", "nowhere"]).contains("unknown region `nowhere`"));
    assert!(refused(&["phases", &lakeside(), "--industry", "steel"]).contains("unknown industry `steel`"));
    let dir = tempfile::tempdir().unwrap();
    for f in ["datapackage.json", "regions.csv", "organizations.csv", "people.csv", "collaborations.csv", "patents.csv"]
    {
        std::fs::copy(std::path::Path::new(&lakeside()).join(f), dir.path().join(f)).unwrap();
    }
    write(
        dir.path(),
        "employment.csv",
        "region_id,industry,year,employees\nlake,optics,2000,10\nlake,optics,2000,12\nmars,optics,2001,5\nlake,optics,1700,5\nlake,optics,2002,-3\n",
    );
    let e = refused(&["phases", &dir.path().display().to_string()]);
    for expected in [
        "employment.csv:3: field `industry`: `optics` in 2000 is given twice for this region (first on line 2)",
        "employment.csv:4: field `region_id`: unknown region `mars`",
        "employment.csv:5: field `year`: year 1700 is out of range (1800–2100)",
        "employment.csv:6: field `employees`: amount -3 is negative",
    ] {
        assert!(e.contains(expected), "missing {expected:?} in\n{e}");
    }
}
