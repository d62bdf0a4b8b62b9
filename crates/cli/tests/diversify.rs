//! `chiiki diversify` against an independent NumPy computation on a generated package.
//!
//! Oracle: `tests/oracle/diversify_oracle.py` reads the package's CSV files itself and computes the
//! location quotients (against all regions), presence (LQ ≥ 1), the product-space proximity (minimum
//! of the conditional probabilities), relatedness density with the diagonal left out (EconGeo's
//! convention) and related/unrelated variety (Frenken, Van Oort & Verburg 2007, bits). Tolerance 1e-9.
//! The methods themselves are checked against published examples and py-ecomplexity in
//! `chiiki-methods`.

mod common;

use common::*;
use serde_json::Value;

fn generated() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let pkg = dir.path().join("pkg").display().to_string();
    let out = assert_cmd::Command::cargo_bin("chiiki")
        .unwrap()
        .args([
            "generate",
            "--regions",
            "25",
            "--orgs",
            "1500",
            "--industries",
            "20",
            "--years",
            "6",
            "--seed",
            "11",
            "--out",
            &pkg,
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    dir
}

#[test]
fn densities_candidates_and_variety_match_numpy() {
    let dir = generated();
    let pkg = dir.path().join("pkg").display().to_string();
    for region in ["r0001", "r0007", "r0019"] {
        let ours: Value =
            serde_json::from_str(&chiiki(&["diversify", &pkg, "--region", region, "--format", "json", "--top", "100"]))
                .unwrap();
        let year = ours["year"].as_i64().unwrap().to_string();
        let theirs = chiiki_testkit::python_oracle("diversify_oracle.py", &[&pkg, region, &year], None);
        let mut specialised: Vec<&str> =
            ours["specialised"].as_array().unwrap().iter().map(|s| s["industry"].as_str().unwrap()).collect();
        specialised.sort();
        let want: Vec<&str> = theirs["specialised"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
        assert_eq!(specialised, want, "{region}");
        // Every candidate: an industry the region is not in, with the oracle's density; highest first.
        let candidates = ours["candidates"].as_array().unwrap();
        assert!(!candidates.is_empty());
        let mut last = f64::INFINITY;
        for c in candidates {
            let id = c["industry"].as_str().unwrap();
            assert!(!want.contains(&id));
            let d = c["density"].as_f64().unwrap();
            let expected = theirs["density"][id].as_f64().unwrap();
            assert!((d - expected).abs() < 1e-9, "{region} {id}: {d} vs {expected}");
            assert!(d <= last);
            last = d;
        }
        // All the industries outside the region's specialisations with a defined density are listed.
        let outside = theirs["density"].as_object().unwrap().keys().filter(|k| !want.contains(&k.as_str())).count();
        assert_eq!(candidates.len(), outside, "{region}");
        for key in ["entropy", "related", "unrelated"] {
            let (a, b) = (ours["variety"][key].as_f64().unwrap(), theirs["variety"][key].as_f64().unwrap());
            assert!((a - b).abs() < 1e-9, "{region} {key}: {a} vs {b}");
        }
        let v = &ours["variety"];
        let sum = v["related"].as_f64().unwrap() + v["unrelated"].as_f64().unwrap();
        assert!((v["entropy"].as_f64().unwrap() - sum).abs() < 1e-12, "H = UV + RV");
    }
}

#[test]
fn links_name_present_industries_and_bad_requests_are_refused() {
    let dir = generated();
    let pkg = dir.path().join("pkg").display().to_string();
    let v: Value =
        serde_json::from_str(&chiiki(&["diversify", &pkg, "--region", "r0002", "--format", "json"])).unwrap();
    let present: Vec<&str> =
        v["specialised"].as_array().unwrap().iter().map(|s| s["industry"].as_str().unwrap()).collect();
    for c in v["candidates"].as_array().unwrap() {
        for l in c["links"].as_array().unwrap() {
            assert!(present.contains(&l["industry"].as_str().unwrap()));
        }
    }
    assert_eq!(v["candidates"].as_array().unwrap().len(), 10, "the default top 10");
    assert!(refused(&["diversify", &pkg, "--region", "nowhere"]).contains("unknown region `nowhere`"));
    assert!(refused(&["diversify", &pkg, "--region", "r0002", "--year", "1990"]).contains("has no year 1990"));
    // Technology classes from the patents table instead of industries.
    let t: Value = serde_json::from_str(&chiiki(&[
        "diversify",
        &pkg,
        "--region",
        "r0002",
        "--fields",
        "technologies",
        "--format",
        "json",
    ]))
    .unwrap();
    assert!(t["specialised"].as_array().unwrap().iter().all(|s| s["industry"].as_str().unwrap().starts_with('T')));
    let text = chiiki(&["diversify", &pkg, "--region", "r0002"]);
    assert!(text.contains("Best placed to enter next"), "{text}");
}
