//! `chiiki efficiency`: Data Envelopment Analysis of the funding table, end to end.
//!
//! Golden: Bogetoft & Otto (2011), *Benchmarking with DEA, SFA, and R*, section 4.6.1 — six firms
//! A–F, one input x = (20, 40, 40, 60, 70, 50), one output y = (20, 30, 50, 40, 60, 20): CRS input
//! efficiency (0.8, 0.6, 1, 0.5333, 0.6857, 0.32), VRS input (1, 0.6667, 1, 0.5556, 1, 0.4), VRS output
//! (1, 1.6667, 1, 1.4167, 1, 2.6667). Tolerance 1e-4 (the book prints four decimals). The model
//! against R Benchmarking's own outputs on 70 and 247-unit data sets is tested in `chiiki-methods`.

mod common;

use common::*;
use serde_json::Value;

fn scores(args: &[&str]) -> Vec<f64> {
    let pkg = fixture("bogetoft-otto");
    let mut all = vec!["efficiency", pkg.as_str(), "--inputs", "amount", "--outputs", "startups", "--format", "json"];
    all.extend_from_slice(args);
    let v: Value = serde_json::from_str(&chiiki(&all)).unwrap();
    let units = v["units"].as_array().unwrap();
    let ids: Vec<&str> = units.iter().map(|u| u["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a", "b", "c", "d", "e", "f"]);
    units.iter().map(|u| u["score"].as_f64().unwrap()).collect()
}

fn close(got: &[f64], want: &[f64]) {
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() < 1e-4, "{got:?} vs {want:?}");
    }
}

#[test]
fn reproduces_bogetoft_and_otto() {
    let year = ["--from", "2020", "--to", "2020"];
    close(&scores(&year), &[0.8, 0.6, 1.0, 0.5333, 0.6857, 0.32]);
    close(&scores(&[&year[..], &["--model", "bcc"]].concat()), &[1.0, 0.6667, 1.0, 0.5556, 1.0, 0.4]);
    close(
        &scores(&[&year[..], &["--model", "bcc", "--orientation", "output"]].concat()),
        &[1.0, 1.6667, 1.0, 1.4167, 1.0, 2.6667],
    );
}

#[test]
fn peers_slacks_super_efficiency_and_malmquist() {
    let pkg = fixture("bogetoft-otto");
    let v: Value = serde_json::from_str(&chiiki(&[
        "efficiency",
        &pkg,
        "--inputs",
        "amount",
        "--outputs",
        "startups",
        "--from",
        "2020",
        "--to",
        "2020",
        "--malmquist",
        "2020:2021",
        "--format",
        "json",
    ]))
    .unwrap();
    let units = v["units"].as_array().unwrap();
    // Under constant returns C (output/input 1.25) is the only efficient firm: everyone's peer.
    for u in units {
        assert_eq!(u["peers"], serde_json::json!(["c"]), "{}", u["id"]);
        assert!(u["slacks"]["inputs"]["amount"].as_f64().unwrap().abs() < 1e-9);
    }
    // C's super-efficiency: without C the best output per input is A's 20/20 = 1, so producing C's
    // 50 takes an input of 50 against C's 40: θ = 50/40 = 1.25.
    let c = &units[2];
    assert!((c["super_efficiency"].as_f64().unwrap() - 1.25).abs() < 1e-6, "{c}");
    // 2021 is 2020 with half the input: no change in efficiency, technical change 2, Malmquist 2.
    for u in units {
        let m = &u["malmquist"];
        assert!((m["ec"].as_f64().unwrap() - 1.0).abs() < 1e-6, "{m}");
        assert!((m["tc"].as_f64().unwrap() - 2.0).abs() < 1e-6, "{m}");
        assert!((m["m"].as_f64().unwrap() - 2.0).abs() < 1e-6, "{m}");
    }
    let csv = chiiki(&["efficiency", &pkg, "--inputs", "amount", "--outputs", "startups", "--format", "csv"]);
    assert!(csv.starts_with("unit,score,efficiency,super_efficiency,peers,slack_amount,slack_startups,"), "{csv}");
}

#[test]
fn bad_requests_are_named() {
    let pkg = fixture("bogetoft-otto");
    let e = refused(&["efficiency", &pkg, "--inputs", "money", "--outputs", "startups"]);
    assert!(e.contains("the funding table has no column `money` (it has: amount, startups)"), "{e}");
    let e = refused(&["efficiency", &pkg, "--inputs", "amount", "--outputs", "startups", "--malmquist", "2020"]);
    assert!(e.contains("--malmquist takes two different years"), "{e}");
    let e = refused(&["efficiency", &pkg, "--inputs", "amount", "--outputs", "startups", "--from", "2030"]);
    assert!(e.contains("no funding rows in the years asked for"), "{e}");
    // A unit with no output at all is named.
    let dir = tempfile::tempdir().unwrap();
    for f in ["datapackage.json", "regions.csv"] {
        std::fs::copy(std::path::Path::new(&pkg).join(f), dir.path().join(f)).unwrap();
    }
    write(
        dir.path(),
        "funding.csv",
        "region_id,program,year,amount,startups\na,p,2020,10,5\nb,p,2020,20,0\nc,p,2020,-5,3\n",
    );
    let e = refused(&["efficiency", &dir.path().display().to_string(), "--inputs", "amount", "--outputs", "startups"]);
    assert!(e.contains("funding.csv:4: field `amount`: amount -5 is negative"), "{e}");
    write(dir.path(), "funding.csv", "region_id,program,year,amount,startups\na,p,2020,10,5\nb,p,2020,20,0\n");
    let e = refused(&["efficiency", &dir.path().display().to_string(), "--inputs", "amount", "--outputs", "startups"]);
    assert!(e.contains("unit `b` produces none of the outputs (startups)"), "{e}");
}
