//! Benchmark: Krippendorff's alpha, chiiki against the `krippendorff` package (PyPI, NumPy) on the
//! same data in one run.
//!
//! `cargo bench -p chiiki-methods --bench krippendorff` (after `scripts/test` has prepared `.venv`).
//! Data: 20 assessors × 200,000 units, marks 0–3 (mostly 0), 20 % missing, ordinal and interval levels.
//! Timing: best wall time of 5 runs each; loading and conversion are not timed on either side.

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use chiiki_methods::krippendorff::{Level, alpha};
use serde_json::{Value, json};

const CODERS: usize = 20;
const UNITS: usize = 200_000;
const REPEATS: usize = 5;

fn main() {
    // Seeded data: each unit has a true mark; assessors give it three times in four.
    let mut rng = chiiki_testkit::SplitMix(2004);
    let mut next = move |n: u64| rng.below(n);
    // Most conditions unmarked, few strong, as in real charts.
    let truth: Vec<u64> = (0..UNITS)
        .map(|_| match next(10) {
            0..6 => 0,
            6..8 => 1,
            8 => 2,
            _ => 3,
        })
        .collect();
    let data: Vec<Vec<Option<f64>>> = (0..CODERS)
        .map(|_| {
            (0..UNITS)
                .map(|u| match next(100) {
                    0..20 => None,
                    20..80 => Some(truth[u] as f64),
                    _ => Some(next(4) as f64),
                })
                .collect()
        })
        .collect();
    let units: Vec<Vec<f64>> = (0..UNITS).map(|u| data.iter().filter_map(|row| row[u]).collect()).collect();
    let file = tempfile_path();
    std::fs::write(&file, json!({ "data": data }).to_string()).expect("write the benchmark data");

    println!(
        "Krippendorff's alpha: {CODERS} assessors × {UNITS} units, marks 0–3 (60 % zero), 20 % missing; best of {REPEATS}"
    );
    println!("{:<10} {:>12} {:>16} {:>8}  agreement", "level", "chiiki (s)", "krippendorff (s)", "ratio");
    for (name, level) in [("ordinal", Level::Ordinal), ("interval", Level::Interval)] {
        let mut best = f64::INFINITY;
        let mut ours = None;
        for _ in 0..REPEATS {
            let start = Instant::now();
            ours = std::hint::black_box(alpha(&units, level));
            best = best.min(start.elapsed().as_secs_f64());
        }
        let out = Command::new(chiiki_testkit::python())
            .arg(chiiki_testkit::oracle_script("bench_krippendorff.py"))
            .arg(&file)
            .arg(name)
            .arg(REPEATS.to_string())
            .output()
            .expect("run the Python peer (prepare .venv with scripts/test)");
        assert!(out.status.success(), "the peer failed: {}", String::from_utf8_lossy(&out.stderr));
        let peer: Value = serde_json::from_slice(&out.stdout).expect("peer JSON");
        let peer_s = peer["seconds"].as_f64().unwrap();
        let same = (ours.unwrap() - peer["alpha"].as_f64().unwrap()).abs() < 1e-9;
        println!(
            "{name:<10} {best:>12.4} {peer_s:>16.4} {:>7.1}×  alpha {:.6} ({})",
            peer_s / best,
            ours.unwrap(),
            if same { "same as the peer" } else { "DIFFERS from the peer" }
        );
        assert!(same, "alpha differs from the peer");
    }
    std::fs::remove_file(&file).ok();
}

fn tempfile_path() -> PathBuf {
    std::env::temp_dir().join(format!("chiiki-bench-krippendorff-{}.json", std::process::id()))
}
