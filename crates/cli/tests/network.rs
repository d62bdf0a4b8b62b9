//! `chiiki network` on a data package, end to end against an independent NetworkX computation.
//!
//! Oracle: `tests/oracle/network_projection.py` builds the organisation network from the package's CSV
//! files itself with NetworkX 3.5 (projection of the project–organisation table) and computes
//! betweenness (`normalized=False`), articulation points and the projects per combination of kinds.
//! Tolerance: 1e-9 for betweenness, exact for the rest. Brokerage counts are checked against R `sna`
//! in `chiiki-graph`'s tests; here, the Lakeside fixture's counts are worked out by hand.

mod common;

use common::*;

use std::collections::BTreeMap;

use assert_cmd::Command;
use serde_json::{Value, json};

fn oracle(package: &str, region: Option<&str>) -> Value {
    let args: Vec<&str> = std::iter::once(package).chain(region).collect();
    chiiki_testkit::python_oracle("network_projection.py", &args, None)
}

fn compare(ours: &Value, theirs: &Value) {
    let orgs = ours["organizations"].as_array().unwrap();
    let bc = theirs["betweenness"].as_object().unwrap();
    assert_eq!(orgs.len(), bc.len(), "the same organisations take part");
    for o in orgs {
        let id = o["id"].as_str().unwrap();
        let want = bc[id].as_f64().unwrap();
        let got = o["betweenness"].as_f64().unwrap();
        assert!((got - want).abs() <= 1e-9 * want.max(1.0), "{id}: {got} vs NetworkX {want}");
    }
    let mut edges: Vec<(String, String, u64)> = ours["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let (a, b) = (e["source"].as_str().unwrap().to_string(), e["target"].as_str().unwrap().to_string());
            let (a, b) = if a < b { (a, b) } else { (b, a) };
            (a, b, e["projects"].as_u64().unwrap())
        })
        .collect();
    edges.sort();
    let want: Vec<(String, String, u64)> = theirs["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e[0].as_str().unwrap().into(), e[1].as_str().unwrap().into(), e[2].as_u64().unwrap()))
        .collect();
    assert_eq!(edges, want);
    let mut cut: Vec<&str> =
        ours["risk"]["articulation_points"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
    cut.sort();
    let want: Vec<&str> =
        theirs["articulation_points"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
    assert_eq!(cut, want);
    let kinds: BTreeMap<String, u64> = ours["kind_pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            let mut names: Vec<&str> = k["kinds"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
            names.sort();
            (names.join("+"), k["projects"].as_u64().unwrap())
        })
        .collect();
    let want: BTreeMap<String, u64> =
        theirs["kinds"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_u64().unwrap())).collect();
    assert_eq!(kinds, want);
    assert_eq!(ours["projects"], theirs["projects"]);
}

#[test]
fn the_whole_network_matches_networkx() {
    let ours: Value = serde_json::from_str(&chiiki(&["network", &lakeside(), "--format", "json"])).unwrap();
    compare(&ours, &oracle(&lakeside(), None));
}

#[test]
fn one_region_matches_networkx() {
    for region in ["lake", "hill", "port"] {
        let ours: Value =
            serde_json::from_str(&chiiki(&["network", &lakeside(), "--format", "json", "--region", region])).unwrap();
        compare(&ours, &oracle(&lakeside(), Some(region)));
    }
}

#[test]
fn the_json_contract_and_hand_checked_figures() {
    let v: Value = serde_json::from_str(&chiiki(&["network", &lakeside(), "--format", "json"])).unwrap();
    let org = |id: &str| v["organizations"].as_array().unwrap().iter().find(|o| o["id"] == id).unwrap().clone();
    // Lakeside University joins Optic, Sensor (j1), Robot (j2), Hillside Institute and Drone (j6):
    // with groups by kind, the open paths through it that join two different other kinds are liaison
    // roles, and those joining two start-ups (of a kind other than its own) are itinerant.
    let uni = org("uni");
    assert_eq!(uni["kind"], "university");
    assert_eq!(uni["degree"], 5);
    for key in ["coordinator", "itinerant", "gatekeeper", "representative", "liaison", "total"] {
        assert!(uni["brokerage"][key].is_u64(), "brokerage.{key}");
    }
    // Among its partners: start-ups optic, sensor, robot, drone and the institute. Pairs not linked
    // to each other: (optic, robot), (sensor, robot), (optic, drone), (sensor, drone), (robot, drone)
    // — five start-up pairs, each counted in both directions: itinerant 10. The institute with each
    // of optic, sensor, robot (not with drone: j6 links them): three pairs, both ways: liaison 6.
    assert_eq!(uni["brokerage"]["itinerant"], 10);
    assert_eq!(uni["brokerage"]["liaison"], 6);
    assert_eq!(uni["brokerage"]["total"], 16);
    // Optic Works links Port Heavy Industries (large) with Lakeside University: one open
    // large–research path.
    assert_eq!(org("optic")["large_research_paths"], 1);
    assert_eq!(v["comparison"]["with_large"], 3);
    assert_eq!(v["comparison"]["among_startups_midsized_research"], 4);
    assert_eq!(v["comparison"]["large_research_paths_by_kind"], json!([{"kind": "startup", "paths": 2}]));
    // Two leaders: Aoki (j1, j2, j6) and Baba (j5, j7): Herfindahl (3/5)² + (2/5)² = 0.52.
    assert_eq!(v["risk"]["leaders"], 2);
    assert!((v["risk"]["leader_concentration"].as_f64().unwrap() - 0.52).abs() < 1e-12);
    assert_eq!(v["risk"]["top_leader"]["id"], "p-aoki");
    assert!((v["risk"]["top_leader_share"].as_f64().unwrap() - 0.6).abs() < 1e-12);
    let impact = &v["risk"]["top_organization"]["impact"];
    assert_eq!(v["risk"]["top_organization"]["id"], "uni");
    assert_eq!(
        (impact["largest_component_before"].as_u64(), impact["largest_component_after"].as_u64()),
        (Some(13), Some(6))
    );
    // Regions: lake–port share j3 and j7; lake–hill share j6.
    let lake = &v["regions"][0];
    assert_eq!(lake["partners"], json!([{"id": "port", "projects": 2}, {"id": "hill", "projects": 1}]));
    assert_eq!(lake["inter_regional_projects"], 3);
    assert_eq!(lake["intra_regional_projects"], 5);
}

#[test]
fn years_restrict_the_projects() {
    let v: Value =
        serde_json::from_str(&chiiki(&["network", &lakeside(), "--format", "json", "--from", "2012", "--to", "2014"]))
            .unwrap();
    // j3, j4 (2012), j5 (2013), j6 (2014).
    assert_eq!(v["projects"], 4);
    let out = Command::cargo_bin("chiiki")
        .unwrap()
        .args(["network", &lakeside(), "--from", "2015", "--to", "2012"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--from 2015 is after --to 2012"));
}

#[test]
fn approximate_betweenness_stays_within_its_stated_bound() {
    let exact: Value = serde_json::from_str(&chiiki(&["network", &lakeside(), "--format", "json"])).unwrap();
    assert_eq!(exact["betweenness_method"], json!({"method": "exact"}));
    let approx: Value = serde_json::from_str(&chiiki(&[
        "network",
        &lakeside(),
        "--format",
        "json",
        "--betweenness",
        "approximate",
        "--epsilon",
        "0.05",
        "--delta",
        "0.05",
    ]))
    .unwrap();
    assert_eq!(approx["betweenness_method"]["method"], "approximate");
    assert!(approx["betweenness_method"]["samples"].as_u64().unwrap() > 100);
    // Normalised error ≤ ε; on the unnormalised scale the bound is ε · n(n − 1)/2 (13 organisations).
    let bound = 0.05 * 13.0 * 12.0 / 2.0;
    for (a, e) in approx["organizations"].as_array().unwrap().iter().zip(exact["organizations"].as_array().unwrap()) {
        assert_eq!(a["id"], e["id"]);
        let (a, e) = (a["betweenness"].as_f64().unwrap(), e["betweenness"].as_f64().unwrap());
        assert!((a - e).abs() <= bound, "{a} vs exact {e} (bound {bound})");
    }
    let r = refused(&["network", &lakeside(), "--betweenness", "approximate", "--epsilon", "1.5"]);
    assert!(r.contains("--epsilon and --delta must lie strictly between 0 and 1"), "{r}");
}
