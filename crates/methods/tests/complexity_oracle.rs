//! Economic complexity against a live oracle: py-ecomplexity 0.5.3 (PyPI `ecomplexity`, the Harvard
//! Growth Lab's package), run on 150 random region × industry count matrices (5–60 regions,
//! 4–40 industries, nested with noise and zeros), and on three matrices made of two separate blocks.
//!
//! Compared per case, with tolerances:
//! - RCA: bit for bit (the same divisions in the same order on integer totals);
//! - presence (RCA ≥ 1), diversity, ubiquity, proximity: exactly;
//! - density: chiiki's percentage / 100 against py-ecomplexity's share, 1e-13 absolute
//!   (`Diagonal::Include`, as py-ecomplexity's proximity has φ_ii = 1);
//! - ECI and PCI: 1e-8 absolute, where the network is connected and the second eigenvalue is
//!   separated from the third by more than 1e-6 (otherwise the eigenvector is not determined and
//!   NumPy's choice is arbitrary); where chiiki refuses a network as disconnected, NumPy's second
//!   eigenvalue must be 1.
//!
//! The oracle runs in the Python environment that `scripts/test` prepares (`.venv`), or the one
//! named by `CHIIKI_PYTHON`.

use chiiki_methods::complexity::{ComplexityError, diversity, eci_pci, ubiquity};
use chiiki_methods::location_quotient::{Matrix, Threshold, presence, rca};
use chiiki_methods::relatedness::{Diagonal, density, proximity};
use chiiki_testkit::{SplitMix, python_oracle};
use serde_json::{Value, json};

/// A random count matrix with every row and column total positive: regions of varied size and
/// capability, industries of varied size and sophistication, more activity where capability
/// exceeds sophistication, multiplicative noise and some zeros.
fn random_counts(rng: &mut SplitMix) -> Matrix {
    let regions = 5 + rng.below(56) as usize;
    let industries = 4 + rng.below(37) as usize;
    let size: Vec<f64> = (0..regions).map(|_| (rng.unit() * 4.0).exp()).collect();
    let capability: Vec<f64> = (0..regions).map(|_| rng.unit()).collect();
    let weight: Vec<f64> = (0..industries).map(|_| (rng.unit() * 3.0).exp()).collect();
    let sophistication: Vec<f64> = (0..industries).map(|_| rng.unit()).collect();
    let zeros = rng.below(40);
    let mut x = Matrix::from_fn(regions, industries, |r, i| {
        if rng.below(100) < zeros {
            return 0.0;
        }
        let gap = (sophistication[i] - capability[r]).max(0.0);
        (size[r] * weight[i] * (-4.0 * gap).exp() * (rng.unit() * 2.0).exp()).floor()
    })
    .into_data();
    // Make every row and column total positive.
    for r in 0..regions {
        if x[r * industries..(r + 1) * industries].iter().all(|v| *v == 0.0) {
            x[r * industries + rng.below(industries as u64) as usize] = 1.0;
        }
    }
    for i in 0..industries {
        if (0..regions).all(|r| x[r * industries + i] == 0.0) {
            x[rng.below(regions as u64) as usize * industries + i] = 1.0;
        }
    }
    Matrix::new(regions, industries, x).unwrap()
}

/// A list of numbers written as strings (exact round trip) or null.
fn floats(v: &Value) -> Vec<Option<f64>> {
    v.as_array().unwrap().iter().map(|x| x.as_str().map(|s| s.parse().unwrap())).collect()
}

fn grid(v: &Value) -> Vec<Vec<Option<f64>>> {
    v.as_array().unwrap().iter().map(floats).collect()
}

#[test]
fn complexity_matches_py_ecomplexity_on_random_data() {
    let mut rng = SplitMix(2009_0626);
    let mut counts: Vec<Matrix> = (0..150).map(|_| random_counts(&mut rng)).collect();
    // Three networks in two separate blocks, which chiiki must refuse.
    for _ in 0..3 {
        let (a, b) = (random_counts(&mut rng), random_counts(&mut rng));
        counts.push(Matrix::from_fn(a.rows() + b.rows(), a.cols() + b.cols(), |r, i| {
            match (r < a.rows(), i < a.cols()) {
                (true, true) => a[(r, i)],
                (false, false) => b[(r - a.rows(), i - a.cols())],
                _ => 0.0,
            }
        }));
    }
    let cases: Vec<Value> = counts
        .iter()
        .map(|x| json!({ "values": (0..x.rows()).map(|r| x.row(r).to_vec()).collect::<Vec<_>>() }))
        .collect();
    let out = python_oracle("complexity_oracle.py", &[], Some(&json!({ "cases": cases })));
    assert_eq!(out["version"], "0.5.3", "the oracle is pinned to ecomplexity 0.5.3");
    let theirs = out["cases"].as_array().unwrap();
    assert_eq!(theirs.len(), counts.len());

    let (mut compared, mut disconnected, mut close) = (0, 0, 0);
    let mut worst_eci: f64 = 0.0;
    for (k, (x, t)) in counts.iter().zip(theirs).enumerate() {
        let lq = rca(x).unwrap();
        let m = presence(&lq, Threshold::AtLeast(1.0));
        for (r, row) in grid(&t["rca"]).iter().enumerate() {
            for (i, v) in row.iter().enumerate() {
                assert_eq!(lq[(r, i)], *v, "case {k}: RCA ({r}, {i})");
            }
        }
        for (r, row) in grid(&t["mcp"]).iter().enumerate() {
            for (i, v) in row.iter().enumerate() {
                assert_eq!(m[(r, i)], *v == Some(1.0), "case {k}: presence ({r}, {i})");
            }
        }
        let div: Vec<Option<f64>> = diversity(&m).into_iter().map(|d| Some(d as f64)).collect();
        let ubi: Vec<Option<f64>> = ubiquity(&m).into_iter().map(|u| Some(u as f64)).collect();
        assert_eq!(div, floats(&t["diversity"]), "case {k}: diversity");
        assert_eq!(ubi, floats(&t["ubiquity"]), "case {k}: ubiquity");

        let phi = proximity(&m);
        for (i, row) in grid(&t["proximity"]).iter().enumerate() {
            for (j, v) in row.iter().enumerate() {
                assert_eq!(Some(phi[(i, j)]), *v, "case {k}: proximity ({i}, {j})");
            }
        }
        let dens = density(&m, &phi, Diagonal::Include).unwrap();
        for (r, row) in grid(&t["density"]).iter().enumerate() {
            for (i, v) in row.iter().enumerate() {
                let ours = dens[(r, i)].unwrap() / 100.0;
                let theirs = v.unwrap();
                assert!((ours - theirs).abs() < 1e-13, "case {k}: density ({r}, {i}) {ours} vs {theirs}");
            }
        }

        let eig = floats(&t["eigenvalues"]);
        match eci_pci(&m) {
            Ok(c) => {
                let (l2, l3) = (eig[1].unwrap(), eig.get(2).copied().flatten().unwrap_or(f64::NEG_INFINITY));
                assert!((c.eigenvalue - l2).abs() < 1e-10, "case {k}: λ₂ {} vs NumPy {l2}", c.eigenvalue);
                if l2 - l3 < 1e-6 {
                    close += 1;
                    continue;
                }
                for (name, ours, theirs) in [("ECI", &c.eci, floats(&t["eci"])), ("PCI", &c.pci, floats(&t["pci"]))] {
                    for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
                        let (a, b) = (a.unwrap(), b.unwrap());
                        worst_eci = worst_eci.max((a - b).abs());
                        assert!((a - b).abs() < 1e-8, "case {k}: {name} {i}: chiiki {a} vs py-ecomplexity {b}");
                    }
                }
                compared += 1;
            }
            Err(ComplexityError::Disconnected { .. }) => {
                disconnected += 1;
                assert!(
                    (eig[1].unwrap() - 1.0).abs() < 1e-9,
                    "case {k}: refused as disconnected, but λ₂ = {:?}",
                    eig[1]
                );
            }
            Err(e) => panic!("case {k}: {e}"),
        }
    }
    eprintln!(
        "ECI/PCI compared on {compared} cases (largest difference {worst_eci:e}); {disconnected} disconnected, \
         {close} with λ₂ ≈ λ₃"
    );
    assert!(compared >= 140, "only {compared} of 150 random cases had a well-defined ECI");
    assert_eq!(disconnected, 3, "the three block matrices are disconnected");
}
