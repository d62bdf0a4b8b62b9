//! Benchmark: relatedness and economic complexity for many regions over many years, chiiki against
//! py-ecomplexity (PyPI `ecomplexity`, the Harvard Growth Lab's package) on the same data in one run.
//!
//! `cargo bench -p chiiki-methods --bench complexity` (after `scripts/test` has prepared `.venv`).
//!
//! - Data: seeded employment-like counts for 3,000 regions × 1,000 industries × 10 years. Regions
//!   differ in size (log-normal) and capability, industries in size (log-normal) and sophistication;
//!   a region employs little in industries more sophisticated than its capability, each cell has a
//!   persistent log-normal specialisation and a smaller yearly shock, and industries grow at their own
//!   rates. Counts are rounded stochastically, so small regions have many zeros. The long table
//!   (year, region, industry, employment; non-zero cells only) is written to the temporary directory.
//! - chiiki, per year: presence with RCA ≥ 1 (`presence_from`, which does not keep the RCA values),
//!   proximity, relatedness density
//!   (`Diagonal::Include`, as py-ecomplexity) and eigenvector ECI/PCI. Best wall time of 3 runs, on
//!   rayon's default pool (all cores) and on a one-thread pool; the dense matrices are built before
//!   timing.
//! - Peer: `tests/oracle/complexity_bench.py` reads the CSV (not timed) and times `ecomplexity()`
//!   (RCA presence, ECI/PCI, proximity, density, COI/COG) and `proximity()` on the whole table, once
//!   with `OPENBLAS_NUM_THREADS=1` (and OMP/MKL likewise) and once with the default threads. It also
//!   times the same steps written directly in NumPy with float64 BLAS (dense arrays built before
//!   timing), to show how much of the peer's time is its own overhead.
//! - Agreement: the run fails unless chiiki's ECI equals py-ecomplexity's for every region and year
//!   (absolute difference ≤ 1e-8).
//!
//! Environment: `CHIIKI_PYTHON` names the Python with the peer (default `.venv/bin/python`);
//! `CHIIKI_BENCH_SKIP_PEERS=1` times chiiki only; `CHIIKI_BENCH_PEER_THREADS` is `1`, `default` or
//! `both` (the default).

use std::io::{BufWriter, Write};
use std::process::Command;
use std::time::Instant;

use chiiki_methods::complexity::{Complexity, eci_pci};
use chiiki_methods::location_quotient::{Matrix, Reference, Threshold, presence, presence_from, rca};
use chiiki_methods::relatedness::{Diagonal, density, proximity};
use chiiki_testkit::SplitMix;
use serde_json::Value;

const REGIONS: usize = 3_000;
const INDUSTRIES: usize = 1_000;
const YEARS: usize = 10;
const FIRST_YEAR: usize = 2011;
const SEED: u64 = 2007;
const REPEATS: usize = 3;

/// A standard normal draw (Box–Muller).
fn normal(rng: &mut SplitMix) -> f64 {
    let u = 1.0 - rng.unit();
    let v = rng.unit();
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

/// The yearly employment matrices (regions × industries).
fn generate() -> Vec<Matrix> {
    let mut rng = SplitMix(SEED);
    // Region size: median 2,000 jobs, log-normal; capability loosely tied to size.
    let size: Vec<f64> = (0..REGIONS).map(|_| 2_000.0 * (1.3 * normal(&mut rng)).exp()).collect();
    let capability: Vec<f64> =
        size.iter().map(|s| (0.5 + 0.12 * (s / 2_000.0).ln() + 0.25 * normal(&mut rng)).clamp(0.0, 1.0)).collect();
    // Industry shares: log-normal, normalised; sophistication uniform; growth ±3 % a year.
    let weight: Vec<f64> = (0..INDUSTRIES).map(|_| (1.2 * normal(&mut rng)).exp()).collect();
    let total: f64 = weight.iter().sum();
    let share: Vec<f64> = weight.iter().map(|w| w / total).collect();
    let sophistication: Vec<f64> = (0..INDUSTRIES).map(|_| rng.unit()).collect();
    let growth: Vec<f64> = (0..INDUSTRIES).map(|_| 0.03 * normal(&mut rng)).collect();
    // The persistent expected employment of each cell.
    let base: Vec<f64> = (0..REGIONS * INDUSTRIES)
        .map(|at| {
            let (r, i) = (at / INDUSTRIES, at % INDUSTRIES);
            let gap = (sophistication[i] - capability[r]).max(0.0);
            size[r] * share[i] * (-10.0 * gap).exp() * (1.5 * normal(&mut rng)).exp()
        })
        .collect();
    (0..YEARS)
        .map(|y| {
            let data = base
                .iter()
                .enumerate()
                .map(|(at, b)| {
                    let i = at % INDUSTRIES;
                    let expected = b * (growth[i] * y as f64 + 0.15 * normal(&mut rng)).exp();
                    // Stochastic rounding keeps the mean and makes small cells zero often.
                    (expected + rng.unit()).floor()
                })
                .collect();
            Matrix::new(REGIONS, INDUSTRIES, data).expect("regions × industries")
        })
        .collect()
}

/// Seconds spent in each step, summed over the years.
#[derive(Default, Clone, Copy)]
struct Steps {
    presence: f64,
    proximity: f64,
    density: f64,
    eci: f64,
}

impl Steps {
    fn total(&self) -> f64 {
        self.presence + self.proximity + self.density + self.eci
    }
}

/// One pass of chiiki over every year: the time of each step and the ECI of every year.
fn chiiki(years: &[Matrix]) -> (Steps, Vec<Complexity>) {
    let mut steps = Steps::default();
    let mut out = Vec::with_capacity(years.len());
    for x in years {
        let t = Instant::now();
        let m = presence_from(x, Reference::Matrix, Threshold::AtLeast(1.0)).expect("valid counts");
        steps.presence += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let phi = proximity(&m);
        steps.proximity += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let d = density(&m, &phi, Diagonal::Include).expect("square proximity");
        steps.density += t.elapsed().as_secs_f64();
        std::hint::black_box(&d);
        let t = Instant::now();
        out.push(eci_pci(&m).expect("a connected network"));
        steps.eci += t.elapsed().as_secs_f64();
    }
    (steps, out)
}

/// The best of `REPEATS` passes.
fn best(years: &[Matrix]) -> (Steps, Vec<Complexity>) {
    let mut best: Option<(Steps, Vec<Complexity>)> = None;
    for _ in 0..REPEATS {
        let run = chiiki(years);
        if best.as_ref().is_none_or(|b| run.0.total() < b.0.total()) {
            best = Some(run);
        }
    }
    best.expect("at least one run")
}

fn main() {
    let skip_peers = std::env::var("CHIIKI_BENCH_SKIP_PEERS").is_ok_and(|v| v == "1");
    let peer_threads = std::env::var("CHIIKI_BENCH_PEER_THREADS").unwrap_or_else(|_| "both".into());

    let t = Instant::now();
    let years = generate();
    let cells = REGIONS * INDUSTRIES * YEARS;
    let nonzero = years.iter().map(|x| x.data().iter().filter(|v| **v > 0.0).count()).sum::<usize>();
    println!(
        "Relatedness and complexity: {REGIONS} regions × {INDUSTRIES} industries × {YEARS} years, \
         {:.1} % of cells non-zero (generated in {:.1} s)",
        100.0 * nonzero as f64 / cells as f64,
        t.elapsed().as_secs_f64()
    );

    let threads = rayon::current_num_threads();
    let (all, ours) = best(&years);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a one-thread pool");
    let (one, _) = pool.install(|| best(&years));
    let with_eci: usize = ours.iter().map(|c| c.eci.iter().flatten().count()).sum();
    // The path that keeps every RCA value, timed once for comparison with `presence_from`.
    let t = Instant::now();
    let present: usize = years
        .iter()
        .map(|x| {
            presence(&rca(x).expect("valid counts"), Threshold::AtLeast(1.0)).data().iter().filter(|p| **p).count()
        })
        .sum();
    let keeping_rca = t.elapsed().as_secs_f64();
    let lambda: Vec<String> = ours.iter().map(|c| format!("{:.4}", c.eigenvalue)).collect();
    println!(
        "RCA ≥ 1 in {:.1} % of cells; {with_eci} region-years with an ECI; λ₂ by year: {}",
        100.0 * present as f64 / cells as f64,
        lambda.join(" ")
    );
    println!("{:<24} {:>12} {:>12}", "chiiki step (10 years)", format!("{threads} threads"), "1 thread");
    for (name, a, b) in [
        ("RCA and presence", all.presence, one.presence),
        ("proximity", all.proximity, one.proximity),
        ("density", all.density, one.density),
        ("ECI and PCI", all.eci, one.eci),
        ("total", all.total(), one.total()),
    ] {
        println!("{name:<24} {a:>11.3}s {b:>11.3}s");
    }
    println!("(keeping the RCA values, `rca` then `presence`: {keeping_rca:.3}s on {threads} threads)");
    if skip_peers {
        return;
    }

    let csv = std::env::temp_dir().join(format!("chiiki-bench-complexity-{}.csv", std::process::id()));
    write_long_table(&years, &csv);
    let settings: Vec<(&str, bool)> = match peer_threads.as_str() {
        "1" => vec![("OPENBLAS_NUM_THREADS=1", true)],
        "default" => vec![("default threads", false)],
        _ => vec![("OPENBLAS_NUM_THREADS=1", true), ("default threads", false)],
    };
    for (label, single) in settings {
        let mut cmd = Command::new(chiiki_testkit::python());
        cmd.arg(chiiki_testkit::oracle_script("complexity_bench.py")).arg(&csv);
        if single {
            for var in ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"] {
                cmd.env(var, "1");
            }
        }
        let out = cmd.output().expect("run the Python peer (prepare .venv with scripts/test)");
        assert!(out.status.success(), "the peer failed: {}", String::from_utf8_lossy(&out.stderr));
        let peer: Value = serde_json::from_slice(&out.stdout).expect("peer JSON");
        let worst = compare_eci(&ours, &peer["eci"]);
        let s = |k: &str| peer[k].as_f64().expect("a time");
        let (eco, prox, numpy) = (s("ecomplexity_seconds"), s("proximity_seconds"), s("numpy_seconds"));
        println!(
            "peer ({label}): ecomplexity {} + pandas {} + NumPy {}: ecomplexity() {eco:.1}s + proximity() {prox:.1}s \
             = {:.1}s → {:.0}× ({threads} threads), {:.0}× (1 thread); same steps in plain NumPy {numpy:.2}s → \
             {:.1}× / {:.1}×; peak memory {:.1} GB; largest |ECI − ecomplexity| {worst:.1e}",
            peer["ecomplexity_version"].as_str().unwrap_or("?"),
            peer["pandas_version"].as_str().unwrap_or("?"),
            peer["numpy_version"].as_str().unwrap_or("?"),
            eco + prox,
            (eco + prox) / all.total(),
            (eco + prox) / one.total(),
            numpy / all.total(),
            numpy / one.total(),
            s("peak_rss_gb"),
        );
        assert!(worst <= 1e-8, "ECI differs from py-ecomplexity by {worst}");
    }
    std::fs::remove_file(&csv).ok();
}

/// Writes the non-zero cells as `year,region,industry,employment`.
fn write_long_table(years: &[Matrix], path: &std::path::Path) {
    let mut w = BufWriter::new(std::fs::File::create(path).expect("create the benchmark table"));
    writeln!(w, "year,region,industry,employment").unwrap();
    for (y, x) in years.iter().enumerate() {
        for r in 0..x.rows() {
            for (i, v) in x.row(r).iter().enumerate().filter(|(_, v)| **v > 0.0) {
                writeln!(w, "{},{r},{i},{v}", FIRST_YEAR + y).unwrap();
            }
        }
    }
    w.flush().unwrap();
}

/// The largest absolute difference between chiiki's ECI and the peer's `[[year, region, eci], ...]`;
/// every region-year must be on both sides or neither.
fn compare_eci(ours: &[Complexity], theirs: &Value) -> f64 {
    let mut worst: f64 = 0.0;
    let mut seen = 0;
    for row in theirs.as_array().expect("a list of ECI rows") {
        let y = row[0].as_u64().unwrap() as usize - FIRST_YEAR;
        let r = row[1].as_u64().unwrap() as usize;
        let v = row[2].as_f64().expect("a defined ECI");
        let mine = ours[y].eci[r].expect("chiiki has an ECI where the peer has one");
        worst = worst.max((mine - v).abs());
        seen += 1;
    }
    let ours_count: usize = ours.iter().map(|c| c.eci.iter().flatten().count()).sum();
    assert_eq!(seen, ours_count, "the peer and chiiki cover different region-years");
    worst
}
