//! Golden tests of DEA, super-efficiency and the Malmquist index against R's Benchmarking package.
//!
//! Source: `../shared/golden/dea-benchmarking/` (see the shared golden README): the data sets
//! `simple` (5 units), `charnes` (Charnes, Cooper & Rhodes 1981, Program Follow Through: 70
//! schools, 5 inputs, 3 outputs) and `banks1..3` (247 banks, 3 inputs, 3 outputs, three years),
//! with Benchmarking's `dea` (efficiency and slacks), `sdea` (super-efficiency) and `malmq`
//! results, collected from the test fixtures of the dealib project. Every unit of every data set
//! is checked for every model (input and output orientation × constant, variable, increasing and
//! decreasing returns).
//!
//! Tolerances:
//! - scores (θ, η, super-efficiency, the four Malmquist scores, m, tc, ec): `|ours − R| ≤ 1e-6 ·
//!   max(1, |R|)`. The largest difference of a score is 1.1e-8: banks3 unit 214 (input, constant
//!   returns), where R has 0.0158129216 and chiiki and SciPy's HiGHS both 0.0158129329
//!   (`dea_oracle.rs`). Through the Malmquist ratios that becomes the largest difference overall,
//!   9.4e-7 on tc = 2.034 (banks1→banks3, unit 214).
//! - slacks: each within 1e-5 of its column's mean. The second stage maximises the slacks with the
//!   score fixed; lpSolve stops a little short of that maximum on the largest bank (unit 76 of
//!   banks3, 67–86 times the mean size), where chiiki's slack sum is higher by 1.5e-6 (relative to
//!   the means) and one slack differs by 1.8e-6 of the mean; every other slack agrees within 1e-6.
//!   Where the max-slack programme has several optima the slacks themselves could differ while
//!   both solutions are optimal; on these data no such case arises, with Benchmarking's raw-sum
//!   objective (charnes, simple) or its mean-scaled one (banks, the same as chiiki's).
//! - infeasible programmes (Benchmarking's `Inf` / `-Inf`) must be `None` here, and feasible ones
//!   `Some`.

use chiiki_methods::dea::{DeaData, Orientation, Returns, dea, super_efficiency};
use chiiki_methods::malmquist::{MalmquistResult, malmquist, malmquist_with};
use serde_json::Value;

/// Relative tolerance on scores.
const SCORE_TOLERANCE: f64 = 1e-6;
/// Tolerance on slacks, relative to the column mean.
const SLACK_TOLERANCE: f64 = 1e-5;

const ORIENTATIONS: [(&str, Orientation); 2] = [("input", Orientation::Input), ("output", Orientation::Output)];
const RETURNS: [(&str, Returns); 4] = [
    ("crs", Returns::Constant),
    ("vrs", Returns::Variable),
    ("irs", Returns::Increasing),
    ("drs", Returns::Decreasing),
];

/// A CSV table of numbers with a header line.
fn read_csv(path: &str) -> Vec<Vec<f64>> {
    let text = std::fs::read_to_string(chiiki_testkit::golden(path)).expect("read the CSV");
    text.lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.split(',').map(|v| v.trim().parse().expect("a number")).collect())
        .collect()
}

/// A reference file. R wrote `Infinity`, `-Infinity` and `NaN`, which JSON does not have: they
/// are read as strings and turned back into floats by [`number`].
fn read_json(path: &str) -> Value {
    let text = std::fs::read_to_string(chiiki_testkit::golden(path)).expect("read the JSON");
    let text = text.replace("-Infinity", "\"-inf\"").replace("Infinity", "\"inf\"").replace("NaN", "\"nan\"");
    serde_json::from_str(&text).expect("valid JSON once the non-finite numbers are quoted")
}

fn number(value: &Value) -> f64 {
    match value {
        Value::String(s) => s.parse().expect("inf, -inf or nan"),
        v => v.as_f64().expect("a number"),
    }
}

fn numbers(value: &Value) -> Vec<f64> {
    value.as_array().expect("an array").iter().map(number).collect()
}

fn data(name: &str) -> DeaData {
    DeaData::new(
        read_csv(&format!("dea-benchmarking/data/{name}/inputs.csv")),
        read_csv(&format!("dea-benchmarking/data/{name}/outputs.csv")),
    )
}

/// The mean of each input, then of each output.
fn column_means(d: &DeaData) -> Vec<f64> {
    let n = d.units() as f64;
    let mean = |rows: &[Vec<f64>], i: usize| rows.iter().map(|r| r[i]).sum::<f64>() / n;
    (0..d.inputs[0].len())
        .map(|i| mean(&d.inputs, i))
        .chain((0..d.outputs[0].len()).map(|r| mean(&d.outputs, r)))
        .collect()
}

fn close(ours: f64, reference: f64) -> bool {
    (ours - reference).abs() <= SCORE_TOLERANCE * reference.abs().max(1.0)
}

/// Ours against a reference that may be infeasible (±Inf): `None` exactly where R has ±Inf.
fn check_optional(what: &str, ours: Option<f64>, reference: f64) {
    match ours {
        None => assert!(reference.is_infinite(), "{what}: infeasible here, R has {reference}"),
        Some(v) => assert!(reference.is_finite() && close(v, reference), "{what}: {v}, R has {reference}"),
    }
}

#[test]
fn dea_scores_and_slacks_match_benchmarking() {
    for name in ["simple", "charnes", "banks1", "banks2", "banks3"] {
        let d = data(name);
        let means = column_means(&d);
        let reference = read_json(&format!("dea-benchmarking/reference/dea/{name}.json"));
        for (oname, orientation) in ORIENTATIONS {
            for (rname, returns) in RETURNS {
                let ours = dea(&d, returns, orientation).unwrap();
                let eff = numbers(&reference[oname][rname]["eff"]);
                let slack = reference[oname][rname]["slack"].as_array().unwrap();
                assert_eq!(ours.len(), eff.len());
                for (k, result) in ours.iter().enumerate() {
                    let what = format!("{name} {oname} {rname} unit {k}");
                    assert!(close(result.score, eff[k]), "{what}: score {}, R has {}", result.score, eff[k]);
                    let r_slacks = numbers(&slack[k]);
                    let our_slacks: Vec<f64> = result.slacks_in.iter().chain(&result.slacks_out).copied().collect();
                    assert_eq!(our_slacks.len(), r_slacks.len());
                    for (i, ((o, r), mean)) in our_slacks.iter().zip(&r_slacks).zip(&means).enumerate() {
                        assert!((o - r).abs() <= SLACK_TOLERANCE * mean, "{what} slack {i}: {o}, R has {r}");
                    }
                    // The peers carry the projection: Σ λ_j x_j = θ x_k − s⁻ (input orientation).
                    if orientation == Orientation::Input {
                        for (i, (&slack, mean)) in result.slacks_in.iter().zip(&means).enumerate() {
                            let target: f64 = result.lambdas.iter().map(|&(j, l)| l * d.inputs[j][i]).sum();
                            let expected = result.score * d.inputs[k][i] - slack;
                            assert!((target - expected).abs() <= 1e-6 * mean, "{what}: projection of input {i}");
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn super_efficiency_matches_benchmarking() {
    for name in ["charnes", "banks1", "banks2", "banks3"] {
        let d = data(name);
        let reference = read_json(&format!("dea-benchmarking/reference/sdea/{name}.json"));
        for (oname, orientation) in ORIENTATIONS {
            for (rname, returns) in RETURNS {
                let ours = super_efficiency(&d, returns, orientation).unwrap();
                let eff = numbers(&reference[oname][rname]);
                assert_eq!(ours.len(), eff.len());
                for (k, (&o, &r)) in ours.iter().zip(&eff).enumerate() {
                    // R marks infeasibility with the sign of its orientation.
                    if r.is_infinite() {
                        assert_eq!(r.is_sign_positive(), orientation == Orientation::Input);
                    }
                    check_optional(&format!("{name} {oname} {rname} unit {k}"), o, r);
                }
            }
        }
    }
}

/// Benchmarking's stored cross-period scores that are not the optimum of their programme: lpSolve
/// stopped short (or, for the first, returned the trivial λ = 0). Each is checked against a value
/// that R itself computed for a model with the same optimum, named in the last field, and
/// `dea_oracle.rs` confirms chiiki's value with SciPy's HiGHS. Fields: periods, orientation,
/// returns, score, unit, model.
const R_ANOMALIES: [(&str, &str, &str, &str, usize, &str); 3] = [
    // R has 0. The constant-returns optimum, 0.484866 (R's own value), has Σλ = 0.48 ≤ 1, so it
    // is also optimal under decreasing returns.
    ("banks1_banks3", "output", "drs", "e01", 246, "crs"),
    // R has 122.279030, above its own increasing-returns value 122.278794; impossible, as the
    // increasing-returns technology lies inside the constant-returns one (the input score can
    // only be lower under constant returns). chiiki and HiGHS give 122.278794.
    ("banks2_banks3", "input", "crs", "e01", 246, "irs"),
    // R has 0.4777011, below its own constant-returns value 0.4777043, whose optimum has
    // Σλ = 0.71 ≤ 1 and so is also optimal under decreasing returns.
    ("banks2_banks3", "output", "drs", "e10", 245, "crs"),
];

#[test]
fn malmquist_matches_benchmarking() {
    for (from, to) in [("banks1", "banks2"), ("banks1", "banks3"), ("banks2", "banks3")] {
        let pair = format!("{from}_{to}");
        let (d0, d1) = (data(from), data(to));
        let reference = read_json(&format!("dea-benchmarking/reference/malmq/{pair}.json"));
        for (oname, orientation) in ORIENTATIONS {
            for (rname, returns) in RETURNS {
                let ours = malmquist_with(&d0, &d1, returns, orientation).unwrap();
                let r = &reference[oname][rname];
                let get = |key: &str| numbers(&r[key]);
                let (m, tc, ec) = (get("m"), get("tc"), get("ec"));
                let (mut e01, mut e10) = (get("e01"), get("e10"));
                let (e00, e11) = (get("e00"), get("e11"));
                let mut anomalous = false;
                for &(p, o, rts, score, unit, model) in &R_ANOMALIES {
                    if (p, o, rts) == (pair.as_str(), oname, rname) {
                        let substitute = numbers(&reference[oname][model][score])[unit];
                        if score == "e01" {
                            e01[unit] = substitute
                        } else {
                            e10[unit] = substitute
                        }
                        anomalous = true;
                    }
                }
                assert_eq!(ours.len(), m.len());
                for (k, o) in ours.iter().enumerate() {
                    let what = format!("{from}→{to} {oname} {rname} unit {k}");
                    assert!(close(o.e00, e00[k]) && close(o.e11, e11[k]), "{what}: own-period scores");
                    assert!(close(o.ec, ec[k]), "{what}: ec {}, R has {}", o.ec, ec[k]);
                    if e10[k].is_nan() {
                        // lpSolve failed on this one programme (a status other than infeasible),
                        // so R has no value. It is feasible, and the increasing-returns technology
                        // lies inside the constant-returns one, so its score is at least that one.
                        assert_eq!((pair.as_str(), oname, rname, k), ("banks1_banks2", "input", "irs", 245));
                        let crs = numbers(&reference[oname]["crs"]["e10"])[k];
                        assert!(
                            o.e10.unwrap() >= crs * (1.0 - SCORE_TOLERANCE),
                            "{what}: e10 {:?} below CRS {crs}",
                            o.e10
                        );
                        assert!(m[k].is_nan() && o.m.is_some());
                        continue;
                    }
                    check_optional(&format!("{what} e10"), o.e10, e10[k]);
                    check_optional(&format!("{what} e01"), o.e01, e01[k]);
                    if e10[k].is_finite() && e01[k].is_finite() {
                        // The index from R's formula, on the corrected scores where R had an anomaly.
                        let (m_r, tc_r) = if anomalous {
                            let tc = ((e10[k] / e11[k]) * (e00[k] / e01[k])).sqrt();
                            (tc * ec[k], tc)
                        } else {
                            (m[k], tc[k])
                        };
                        assert!(close(o.m.unwrap(), m_r), "{what}: m {:?}, R has {m_r}", o.m);
                        assert!(close(o.tc.unwrap(), tc_r), "{what}: tc {:?}, R has {tc_r}", o.tc);
                    } else {
                        // R's m is then Inf, NaN or 0 (a square root of −0); undefined here.
                        assert_eq!((o.m, o.tc), (None, None), "{what}");
                    }
                }
            }
        }
    }
}

#[test]
fn malmquist_default_is_constant_returns_input_oriented() {
    let (d0, d1) = (data("banks1"), data("banks2"));
    let ours: Vec<MalmquistResult> = malmquist(&d0, &d1).unwrap();
    assert_eq!(ours, malmquist_with(&d0, &d1, Returns::Constant, Orientation::Input).unwrap());
    // Benchmarking's first unit: m 0.69357, ec 0.61534, tc 1.12713.
    assert!((ours[0].m.unwrap() - 0.693570411681756).abs() < 1e-9);
    assert!((ours[0].ec - 0.615340964900578).abs() < 1e-9);
    assert!((ours[0].tc.unwrap() - 1.12713186874178).abs() < 1e-9);
}
