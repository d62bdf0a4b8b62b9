//! Several assessors: consensus, spread, agreement and disagreements through `chiiki diagnose` and
//! `chiiki chart --assessments`.
//!
//! Fixture: `tests/fixtures/team.csv` — three assessors for Kobe, two for Sapporo, one for Fukui.
//! Expected alphas: the `krippendorff` package (PyPI, 0.9.0), `level_of_measurement="ordinal"`, on the
//! same 30 units per region (15 conditions × strength and proposal, a left-out condition = 0),
//! tolerance 1e-9. The live comparison on random data is in `chiiki-methods`' oracle test.

mod common;

use common::*;

use serde_json::{Value, json};

fn close(v: &Value, want: f64) {
    let got = v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"));
    assert!((got - want).abs() < 1e-9, "{got} vs {want}");
}

#[test]
fn consensus_is_the_lower_median_and_alpha_matches_the_oracle() {
    let file = fixture("team.csv");
    let v: Value = serde_json::from_str(&chiiki(&["diagnose", "--format", "json", "--assessments", &file])).unwrap();
    let regions = v["regions"].as_array().unwrap();
    let kobe = regions.iter().find(|r| r["id"] == "kobe").unwrap();
    assert_eq!(kobe["assessors"], json!(["ito", "sato", "tanaka"]));
    // Condition 2 strength: 2, 3, 1 → 2. Condition 6: 3, 3, 3 → 3. Condition 7: 1, 0, 2 → 1.
    assert_eq!(
        kobe["strengths"],
        json!([{"condition": 6, "mark": 3}, {"condition": 2, "mark": 2}, {"condition": 7, "mark": 1}])
    );
    // Condition 11 proposal: 3, 3, 2 → 3; 9: 2, 1, 0 → 1; 10: 0, 0, 2 → 0; 5: 0, 1, 0 → 0.
    assert_eq!(kobe["proposals"], json!([{"condition": 11, "mark": 3}, {"condition": 9, "mark": 1}]));
    assert_eq!(kobe["formation_base"]["id"], 4);
    let consensus = kobe["consensus"].as_array().unwrap();
    assert_eq!(consensus.len(), 15);
    assert_eq!(
        consensus[1],
        json!({"condition": 2, "strength": 2, "proposal": 0, "spread": {"strength": [1, 3], "proposal": [0, 0]}})
    );
    close(&kobe["agreement"]["alpha"], 0.7246025691184141);
    assert_eq!(kobe["agreement"]["units"], 30);
    let disagreements: Vec<(u64, &str)> = kobe["disagreements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["condition"].as_u64().unwrap(), d["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(disagreements, [(2, "strength"), (7, "strength"), (9, "proposal"), (10, "proposal")]);
    let first = &kobe["disagreements"][0];
    assert_eq!(
        (first["min"].as_u64(), first["max"].as_u64(), first["consensus"].as_u64()),
        (Some(1), Some(3), Some(2))
    );
    assert_eq!(first["marks"], json!({"ito": 2, "sato": 3, "tanaka": 1}));

    // Sapporo: two assessors; even count takes the lower middle mark (2 and 0 → 0 for condition 9).
    let sapporo = regions.iter().find(|r| r["id"] == "sapporo").unwrap();
    assert_eq!(sapporo["strengths"], json!([{"condition": 5, "mark": 3}]));
    assert_eq!(sapporo["proposals"], json!([{"condition": 11, "mark": 3}]));
    close(&sapporo["agreement"]["alpha"], 0.5858120805369128);

    // Fukui: one assessor, no agreement; Kagawa: no assessments, no base.
    let fukui = regions.iter().find(|r| r["id"] == "fukui").unwrap();
    assert!(fukui["agreement"].is_null());
    assert_eq!(fukui["formation_base"]["id"], 2);
    let kagawa = regions.iter().find(|r| r["id"] == "kagawa").unwrap();
    assert!(kagawa["formation_base"].is_null());
    assert_eq!(kagawa["unmarked"].as_array().unwrap().len(), 15);

    // Pooled over Kobe and Sapporo (60 units).
    close(&v["agreement"]["alpha"], 0.6772542189630046);
    assert_eq!(v["agreement"]["units"], 60);
    assert_eq!(v["agreement"]["assessors"], 3);
}

#[test]
fn the_disagreement_threshold_is_configurable() {
    let file = fixture("team.csv");
    let v: Value =
        serde_json::from_str(&chiiki(&["diagnose", "--format", "json", "--assessments", &file, "--disagreement", "1"]))
            .unwrap();
    let kobe = v["regions"].as_array().unwrap().iter().find(|r| r["id"] == "kobe").unwrap().clone();
    // With a threshold of 1, also 5 (proposal 0/1/0) and 11 (proposal 3/3/2) count.
    assert_eq!(kobe["disagreements"].as_array().unwrap().len(), 6);
}

#[test]
fn the_chart_shows_consensus_spread_and_merged_keywords() {
    let file = fixture("team.csv");
    let v: Value =
        serde_json::from_str(&chiiki(&["chart", "kobe", "--format", "json", "--assessments", &file])).unwrap();
    let c2 = &v["conditions"][1];
    assert_eq!(c2["strength"], 2);
    assert_eq!(c2["spread"]["strength"], json!([1, 3]));
    assert_eq!(c2["keywords"], json!(["RIKEN CDB"]));
    assert_eq!(v["conditions"][10]["keywords"], json!(["large firms", "start-ups"]));
    assert_eq!(v["assessors"], json!(["ito", "sato", "tanaka"]));
    close(&v["agreement"]["alpha"], 0.7246025691184141);

    let text = chiiki(&["diagnose", "--assessments", &file]);
    assert!(text.contains("α = 0.725"), "{text}");
    assert!(text.contains("Disagreements:"), "{text}");
    assert!(
        text.contains("Consensus (condition: strength/proposal, spread): 2: 2(1–3)/0, 5: 0/0(0–1), 6: 3/0,"),
        "{text}"
    );
}
