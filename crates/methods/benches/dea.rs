//! Benchmark: input-oriented CCR DEA (constant returns), chiiki against DEAPack (PyPI, SciPy/HiGHS)
//! and a plain SciPy HiGHS baseline on the same data in one run.
//!
//! `cargo bench -p chiiki-methods --bench dea` (after `scripts/test` has prepared `.venv` with
//! DEAPack and SciPy). Data: 2,000 units × 3 inputs × 4 outputs, seeded: log-normal inputs, a
//! Cobb–Douglas frontier (elasticities 0.5, 0.3, 0.2) split over the outputs with random shares,
//! half-normal inefficiency and a little noise. Timing: chiiki best of 3 runs, on rayon's default
//! pool and on one thread; each peer one run (they take seconds to minutes). Only the model calls
//! are timed. The benchmark fails unless every peer's scores equal chiiki's within 1e-6
//! (relative). `CHIIKI_BENCH_SKIP_PEERS=1` times chiiki alone.

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use chiiki_methods::dea::{DeaData, Orientation, Returns, dea, efficiency};
use chiiki_testkit::SplitMix;
use serde_json::{Value, json};

const UNITS: usize = 2_000;
const REPEATS: usize = 3;
const TOLERANCE: f64 = 1e-6;

/// A normal deviate (Box–Muller).
fn normal(rng: &mut SplitMix) -> f64 {
    let u = rng.unit().max(1e-300);
    let v = rng.unit();
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

/// Seeded units on a Cobb–Douglas frontier with inefficiency.
fn data() -> DeaData {
    let mut rng = SplitMix(1994);
    let elasticities = [0.5, 0.3, 0.2];
    let mut inputs = Vec::with_capacity(UNITS);
    let mut outputs = Vec::with_capacity(UNITS);
    for _ in 0..UNITS {
        // Units differ in size (a common factor) and in their input mix.
        let size = (2.0 + 1.0 * normal(&mut rng)).exp();
        let x: Vec<f64> = (0..3).map(|_| size * (0.4 * normal(&mut rng)).exp()).collect();
        let frontier: f64 = x.iter().zip(elasticities).map(|(v, a)| v.powf(a)).product();
        let inefficiency = (-0.25 * normal(&mut rng).abs()).exp();
        let shares: Vec<f64> = (0..4).map(|_| 0.2 + rng.unit()).collect();
        let total: f64 = shares.iter().sum();
        let y = shares.iter().map(|s| frontier * inefficiency * s / total * (0.05 * normal(&mut rng)).exp()).collect();
        inputs.push(x);
        outputs.push(y);
    }
    DeaData::new(inputs, outputs)
}

/// The best wall time of `REPEATS` runs of `f`, and its last result.
fn best<T>(mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut out = None;
    for _ in 0..REPEATS {
        let start = Instant::now();
        out = Some(std::hint::black_box(f()));
        best = best.min(start.elapsed().as_secs_f64());
    }
    (best, out.expect("at least one run"))
}

fn main() {
    let data = data();
    let threads = rayon::current_num_threads();
    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a one-thread pool");
    let run_scores = || efficiency(&data, Returns::Constant, Orientation::Input).expect("scores");
    let run_full = || dea(&data, Returns::Constant, Orientation::Input).expect("scores and slacks");
    let (scores_s, scores) = best(run_scores);
    let (scores_1, _) = one.install(|| best(run_scores));
    let (full_s, full) = best(run_full);
    let (full_1, _) = one.install(|| best(run_full));
    assert!(full.iter().zip(&scores).all(|(r, s)| r.score == *s), "both tasks give the same scores");
    let efficient = scores.iter().filter(|&&s| s == 1.0).count();
    let mean = scores.iter().sum::<f64>() / UNITS as f64;

    println!("DEA, input-oriented CCR: {UNITS} units × 3 inputs × 4 outputs (Cobb–Douglas frontier, seeded)");
    println!("{efficient} units efficient, mean score {mean:.4}");
    println!("{:<34} {:<18} {:>10} {:>10}  agreement", "implementation", "task", "seconds", "ratio");
    println!("{:<34} {:<18} {scores_s:>10.3} {:>10}", format!("chiiki ({threads} threads)"), "scores", "");
    println!("{:<34} {:<18} {scores_1:>10.3} {:>10}", "chiiki (1 thread)", "scores", "");
    println!("{:<34} {:<18} {full_s:>10.3} {:>10}", format!("chiiki ({threads} threads)"), "scores and slacks", "");
    println!("{:<34} {:<18} {full_1:>10.3} {:>10}", "chiiki (1 thread)", "scores and slacks", "");
    if std::env::var_os("CHIIKI_BENCH_SKIP_PEERS").is_some() {
        return;
    }

    let file = std::env::temp_dir().join(format!("chiiki-dea-bench-{}.json", std::process::id()));
    std::fs::write(&file, json!({ "inputs": data.inputs, "outputs": data.outputs }).to_string())
        .expect("write the benchmark data");
    let out = peers(&file);
    std::fs::remove_file(&file).ok();
    for peer in out["peers"].as_array().expect("peers") {
        let task = peer["task"].as_str().expect("task");
        let seconds = peer["seconds"].as_f64().expect("seconds");
        let theirs: Vec<f64> =
            peer["scores"].as_array().expect("scores").iter().map(|v| v.as_f64().expect("a score")).collect();
        let worst = scores.iter().zip(&theirs).map(|(a, b)| (a - b).abs() / b.abs().max(1.0)).fold(0.0, f64::max);
        let ours = if task == "scores" { (scores_s, scores_1) } else { (full_s, full_1) };
        let name = format!("{} {}", peer["name"].as_str().expect("name"), peer["version"].as_str().expect("version"));
        println!(
            "{name:<34} {task:<18} {seconds:>10.3} {:>9.1}×  largest difference {worst:.1e}; {:.1}× against chiiki on 1 thread",
            seconds / ours.0,
            seconds / ours.1
        );
        assert_eq!(theirs.len(), UNITS);
        assert!(worst <= TOLERANCE, "{name} ({task}) differs from chiiki by {worst}");
    }
}

/// Runs the peers' script on the data file, single-threaded BLAS as the other benchmarks do.
fn peers(file: &PathBuf) -> Value {
    let out = Command::new(chiiki_testkit::python())
        .arg(chiiki_testkit::oracle_script("dea_bench.py"))
        .arg(file)
        .env("OMP_NUM_THREADS", "1")
        .env("OPENBLAS_NUM_THREADS", "1")
        .output()
        .expect("run the Python peers (prepare .venv with scripts/test)");
    assert!(out.status.success(), "the peers failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("peer JSON")
}
