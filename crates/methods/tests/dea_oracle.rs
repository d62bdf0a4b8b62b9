//! DEA scores against a live, independent oracle: SciPy's HiGHS solving the same envelopment
//! programmes (`tests/oracle/dea_highs.py`), on seeded random data and on the cross-period scores
//! where R's Benchmarking stored a value that is not the optimum (see `dea_benchmarking.rs`).
//!
//! Source: `scipy.optimize.linprog(method = "highs")`, one programme per unit, data divided by the
//! column means as in chiiki. Tolerance: `|ours − HiGHS| ≤ 1e-7 · max(1, |HiGHS|)` on random data
//! (HiGHS's default feasibility tolerance is 1e-7), 1e-12 on the Benchmarking anomalies (where
//! the point is that R is off by 1.1e-8 or more), and infeasible (`None`) exactly where HiGHS
//! reports infeasibility. The oracle runs in the Python environment that
//! `scripts/test` prepares (`.venv`, which needs `scipy`), or the one named by `CHIIKI_PYTHON`.

use chiiki_methods::dea::{DeaData, Orientation, Returns, efficiency, super_efficiency};
use chiiki_methods::malmquist::malmquist_with;
use chiiki_testkit::{SplitMix, python_oracle};
use serde_json::{Value, json};

const TOLERANCE: f64 = 1e-7;

const MODELS: [(&str, Returns); 4] = [
    ("crs", Returns::Constant),
    ("vrs", Returns::Variable),
    ("irs", Returns::Increasing),
    ("drs", Returns::Decreasing),
];

fn orientation_name(o: Orientation) -> &'static str {
    match o {
        Orientation::Input => "input",
        Orientation::Output => "output",
    }
}

/// Runs the oracle on `cases` and returns, per case, the score of each point (`None`: infeasible).
fn oracle(cases: &[Value]) -> Vec<Vec<Option<f64>>> {
    let out = python_oracle("dea_highs.py", &[], Some(&json!({ "cases": cases })));
    out["scores"]
        .as_array()
        .expect("scores")
        .iter()
        .map(|case| case.as_array().expect("a list").iter().map(Value::as_f64).collect())
        .collect()
}

fn json_data(d: &DeaData) -> Value {
    json!({ "inputs": d.inputs, "outputs": d.outputs })
}

/// Ours against HiGHS: `|ours − HiGHS| ≤ tolerance · max(1, |HiGHS|)`, infeasible alike.
fn assert_same(what: &str, ours: &[Option<f64>], theirs: &[Option<f64>], tolerance: f64) {
    assert_eq!(ours.len(), theirs.len(), "{what}");
    for (k, (o, t)) in ours.iter().zip(theirs).enumerate() {
        match (o, t) {
            (Some(o), Some(t)) => {
                assert!((o - t).abs() <= tolerance * t.abs().max(1.0), "{what} unit {k}: {o}, HiGHS {t}")
            }
            (None, None) => {}
            _ => panic!("{what} unit {k}: {o:?}, HiGHS {t:?}"),
        }
    }
}

/// A normal deviate (Box–Muller).
fn normal(rng: &mut SplitMix) -> f64 {
    let u = rng.unit().max(1e-300);
    let v = rng.unit();
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

/// Seeded units on a Cobb–Douglas frontier with half-normal inefficiency; about 5 % of the cells
/// of the first input and of the last output are 0 (but no unit loses all its inputs or outputs).
fn random_data(rng: &mut SplitMix, n: usize, m: usize, s: usize) -> DeaData {
    let mut inputs = Vec::with_capacity(n);
    let mut outputs = Vec::with_capacity(n);
    for _ in 0..n {
        let x: Vec<f64> = (0..m).map(|_| (1.0 + 1.5 * normal(rng)).exp()).collect();
        let level: f64 = x.iter().map(|v| v.powf(0.9 / m as f64)).product();
        let inefficiency = (-0.3 * normal(rng).abs()).exp();
        let mut y: Vec<f64> =
            (0..s).map(|_| level * inefficiency * (0.5 + rng.unit()) * (0.2 * normal(rng)).exp()).collect();
        let mut x = x;
        if m > 1 && rng.below(20) == 0 {
            x[0] = 0.0;
        }
        if s > 1 && rng.below(20) == 0 {
            y[s - 1] = 0.0;
        }
        inputs.push(x);
        outputs.push(y);
    }
    DeaData::new(inputs, outputs)
}

#[test]
fn scores_and_super_efficiency_match_highs_on_random_data() {
    let mut rng = SplitMix(1978);
    // 150 units exceed one screening block; the small sets have many efficient units.
    let sets = [random_data(&mut rng, 20, 2, 1), random_data(&mut rng, 60, 3, 2), random_data(&mut rng, 150, 3, 3)];
    let mut cases = Vec::new();
    let mut ours = Vec::new();
    let mut labels = Vec::new();
    for (i, d) in sets.iter().enumerate() {
        for orientation in [Orientation::Input, Orientation::Output] {
            for (name, returns) in MODELS {
                let o = orientation_name(orientation);
                for exclude_self in [false, true] {
                    let case = json!({
                        "reference": json_data(d), "returns": name, "orientation": o, "exclude_self": exclude_self
                    });
                    cases.push(case);
                    ours.push(if exclude_self {
                        super_efficiency(d, returns, orientation).unwrap()
                    } else {
                        efficiency(d, returns, orientation).unwrap().into_iter().map(Some).collect()
                    });
                    labels.push(format!("set {i} {o} {name}{}", if exclude_self { " super" } else { "" }));
                }
            }
        }
    }
    let theirs = oracle(&cases);
    for ((label, o), t) in labels.iter().zip(&ours).zip(&theirs) {
        assert_same(label, o, t, TOLERANCE);
    }
}

#[test]
fn benchmarking_anomalies_are_confirmed_by_highs() {
    // The scores where R's stored value is not the optimum or is missing, and its least precise
    // one (banks3 unit 214, 1.1e-8 from the optimum): (from, to, orientation, returns, score,
    // unit). `e10` is period-1 data against the period-0 frontier, `e11` period 1 against itself.
    let cases = [
        ("banks1", "banks3", Orientation::Output, "drs", "e01", 246),
        ("banks2", "banks3", Orientation::Input, "crs", "e01", 246),
        ("banks2", "banks3", Orientation::Output, "drs", "e10", 245),
        ("banks1", "banks2", Orientation::Input, "irs", "e10", 245),
        ("banks1", "banks3", Orientation::Input, "crs", "e11", 214),
    ];
    let read = |name: &str, file: &str| -> Vec<Vec<f64>> {
        let path = chiiki_testkit::golden(&format!("dea-benchmarking/data/{name}/{file}.csv"));
        let text = std::fs::read_to_string(path).expect("read the CSV");
        text.lines().skip(1).map(|l| l.split(',').map(|v| v.trim().parse().expect("a number")).collect()).collect()
    };
    let data = |name: &str| DeaData::new(read(name, "inputs"), read(name, "outputs"));
    let mut requests = Vec::new();
    let mut ours = Vec::new();
    for (from, to, orientation, rts, score, unit) in cases {
        let (d0, d1) = (data(from), data(to));
        let returns = MODELS.iter().find(|(n, _)| *n == rts).expect("a model").1;
        let result = malmquist_with(&d0, &d1, returns, orientation).unwrap()[unit];
        let (reference, point, value) = match score {
            "e10" => (&d0, &d1, result.e10),
            "e11" => (&d1, &d1, Some(result.e11)),
            _ => (&d1, &d0, result.e01),
        };
        // The oracle scales by the reference and the point together; the score does not depend on it.
        requests.push(json!({
            "reference": json_data(reference),
            "points": { "inputs": [point.inputs[unit]], "outputs": [point.outputs[unit]] },
            "returns": rts,
            "orientation": orientation_name(orientation),
        }));
        ours.push((format!("{from}→{to} {} {rts} {score} unit {unit}", orientation_name(orientation)), value));
    }
    let theirs = oracle(&requests);
    for ((label, value), t) in ours.iter().zip(&theirs) {
        // Much tighter than R's errors (1.1e-8 and more): both solvers reach the optimum here.
        assert_same(label, &[*value], t, 1e-12);
    }
}
