//! Krippendorff's alpha against a live oracle: the `krippendorff` package from PyPI, run on random
//! reliability data (2–6 assessors, 3–80 units, up to 40 % missing values, all four levels).
//!
//! Source: `krippendorff` (Santiago Castro, PyPI), `krippendorff.alpha(reliability_data, level_of_measurement)`.
//! Tolerance: 1e-9 absolute (both compute in double precision; differences are rounding only).
//! The oracle runs in the Python environment that `scripts/test` prepares (`.venv`), or the one named
//! by `CHIIKI_PYTHON`.

use chiiki_methods::krippendorff::{Level, alpha};
use chiiki_testkit::{SplitMix, python_oracle};
use serde_json::{Value, json};

/// Runs the oracle script on `cases` and returns its alphas.
fn oracle(cases: &[Value]) -> Vec<Option<f64>> {
    let out = python_oracle("krippendorff_alpha.py", &[], Some(&json!({ "cases": cases })));
    out["alphas"].as_array().unwrap().iter().map(Value::as_f64).collect()
}

#[test]
fn alpha_matches_the_krippendorff_package_on_random_data() {
    let mut rng = SplitMix(20_041_105);
    let levels = [
        ("nominal", Level::Nominal),
        ("ordinal", Level::Ordinal),
        ("interval", Level::Interval),
        ("ratio", Level::Ratio),
    ];
    let mut cases = Vec::new();
    let mut ours = Vec::new();
    for i in 0..200 {
        let (name, level) = levels[i % 4];
        let coders = 2 + rng.below(5) as usize;
        let units = 3 + rng.below(78) as usize;
        let missing = rng.below(41);
        // Marks 0–3 as chiiki uses; ratio data on 1–5.
        let (lo, span) = if level == Level::Ratio { (1, 5) } else { (0, 4) };
        // About a third of the cases agree strongly, so alpha spans its range.
        let agreeing = rng.below(3) == 0;
        let truth: Vec<u64> = (0..units).map(|_| lo + rng.below(span)).collect();
        let data: Vec<Vec<Option<f64>>> = (0..coders)
            .map(|_| {
                (0..units)
                    .map(|u| {
                        if rng.below(100) < missing {
                            None
                        } else if agreeing && rng.below(4) != 0 {
                            Some(truth[u] as f64)
                        } else {
                            Some((lo + rng.below(span)) as f64)
                        }
                    })
                    .collect()
            })
            .collect();
        let by_unit: Vec<Vec<f64>> = (0..units).map(|u| data.iter().filter_map(|row| row[u]).collect()).collect();
        ours.push(alpha(&by_unit, level));
        cases.push(json!({"data": data, "level": name}));
    }

    let theirs = oracle(&cases);
    assert_eq!(theirs.len(), ours.len());
    let mut defined = 0;
    for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        match (a, b) {
            (Some(a), Some(b)) => {
                defined += 1;
                assert!((a - b).abs() < 1e-9, "case {i} ({}): chiiki {a} vs krippendorff {b}", cases[i]["level"]);
            }
            (None, None) => {}
            (a, b) => panic!("case {i}: chiiki {a:?} vs krippendorff {b:?}"),
        }
    }
    assert!(defined >= 190, "only {defined} of 200 cases had a defined alpha");
    let values: Vec<f64> = ours.iter().flatten().copied().collect();
    assert!(values.iter().any(|&a| a > 0.5) && values.iter().any(|&a| a < 0.1), "alpha should span its range");
}

#[test]
fn the_oracle_reproduces_the_published_worked_example() {
    // Krippendorff (2011), section C: four observers × twelve units. The package must give the
    // paper's values too, so the oracle itself is checked against the publication (tolerance 5e-4,
    // the paper prints three decimals).
    let n = Value::Null;
    let data = json!([
        [1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3],
        [n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n],
    ]);
    let cases: Vec<Value> =
        ["nominal", "ordinal", "interval", "ratio"].iter().map(|l| json!({"data": data, "level": l})).collect();
    let published = [0.743, 0.815, 0.849, 0.797];
    for (got, want) in oracle(&cases).into_iter().zip(published) {
        let got = got.expect("defined");
        assert!((got - want).abs() < 5e-4, "{got} vs {want}");
    }
}
