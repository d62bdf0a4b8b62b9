//! Benchmark: betweenness centrality, chiiki against python-igraph (C) and NetworkX on the same graph in
//! one run, then chiiki's approximation on a million nodes.
//!
//! `cargo bench -p chiiki-graph --bench betweenness` (after `scripts/test` has prepared `.venv`).
//!
//! - Exact: a seeded Barabási–Albert graph (20,000 nodes, m = 5, topped up with uniform random edges to
//!   exactly 100,000 edges), written as an edge list to the temporary directory. chiiki runs on rayon's
//!   default pool (all cores) and on a one-thread pool; python-igraph's `Graph.betweenness()` (single-
//!   threaded C) and NetworkX's `betweenness_centrality` run on the same file, only the call timed.
//!   NetworkX takes over half an hour on this graph, so it runs on a fixed random sample of `k` sources
//!   (`k=…, seed=…`; its cost is linear in the sources) and its full time is extrapolated as
//!   `time × n / k` — labelled as such. The run fails unless chiiki's values equal igraph's (relative
//!   error ≤ 1e-9).
//! - Approximate: Riondato–Kornaropoulos sampling with ε = 0.01, δ = 0.1 on the 20,000-node graph
//!   (error against the exact values reported) and on a seeded Barabási–Albert graph with 1,000,000
//!   nodes (m = 5: about 5 million edges).
//!
//! Environment: `CHIIKI_PYTHON` names the Python with the peers (default `.venv/bin/python`);
//! `CHIIKI_BENCH_SKIP_PEERS=1` times chiiki only; `CHIIKI_BENCH_NX_SOURCES` sets NetworkX's `k`
//! (default 200).

use std::io::Write;
use std::process::Command;
use std::time::Instant;

use chiiki_graph::Graph;
use chiiki_graph::betweenness::{betweenness, betweenness_approx};
use chiiki_testkit::SplitMix;
use serde_json::Value;

const NODES: usize = 20_000;
const EDGES: usize = 100_000;
const BIG_NODES: usize = 1_000_000;
const ATTACH: usize = 5;
const EPSILON: f64 = 0.01;
const DELTA: f64 = 0.1;
const SEED: u64 = 2016;

/// Barabási–Albert preferential attachment: a clique on `m + 1` nodes, then each new node joins `m`
/// distinct earlier nodes drawn with probability proportional to their degree. Returns the edges.
fn preferential_attachment(n: usize, m: usize, rng: &mut SplitMix) -> Vec<(u32, u32)> {
    let mut edges = Vec::with_capacity(n * m);
    let mut ends: Vec<u32> = Vec::with_capacity(2 * n * m);
    for u in 0..=m as u32 {
        for v in 0..u {
            edges.push((v, u));
            ends.extend([u, v]);
        }
    }
    let mut chosen = Vec::with_capacity(m);
    for t in (m + 1) as u32..n as u32 {
        chosen.clear();
        while chosen.len() < m {
            let v = ends[rng.scaled(ends.len())];
            if !chosen.contains(&v) {
                chosen.push(v);
            }
        }
        for &v in &chosen {
            edges.push((v, t));
            ends.extend([t, v]);
        }
    }
    edges
}

/// Seconds of CPU used by this process so far (user + system, from /proc; 0 where unavailable).
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return 0.0 };
    // Fields after the command name (which ends with ')'): utime and stime are the 12th and 13th.
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let ticks: f64 = fields.get(11..13).map_or(0.0, |f| f.iter().filter_map(|x| x.parse::<f64>().ok()).sum());
    ticks / 100.0
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, f64, f64) {
    let (wall, cpu) = (Instant::now(), cpu_seconds());
    let out = f();
    (out, wall.elapsed().as_secs_f64(), cpu_seconds() - cpu)
}

fn main() {
    let skip_peers = std::env::var("CHIIKI_BENCH_SKIP_PEERS").is_ok_and(|v| v == "1");
    let nx_sources: usize = std::env::var("CHIIKI_BENCH_NX_SOURCES").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    let threads = rayon::current_num_threads();

    // The exact benchmark's graph: preferential attachment, topped up with random edges.
    let mut rng = SplitMix(SEED);
    let mut pairs = preferential_attachment(NODES, ATTACH, &mut rng);
    let mut seen: std::collections::HashSet<(u32, u32)> = pairs.iter().map(|&(u, v)| (u.min(v), u.max(v))).collect();
    while pairs.len() < EDGES {
        let (u, v) = (rng.scaled(NODES) as u32, rng.scaled(NODES) as u32);
        if u != v && seen.insert((u.min(v), u.max(v))) {
            pairs.push((u, v));
        }
    }
    let g = Graph::from_pairs(NODES, pairs.iter().copied(), false);
    assert_eq!((g.node_count(), g.edge_count()), (NODES, EDGES));
    let file = std::env::temp_dir().join(format!("chiiki-bench-betweenness-{}.txt", std::process::id()));
    {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&file).expect("create the edge list"));
        for &(u, v) in &pairs {
            writeln!(out, "{u} {v}").unwrap();
        }
    }
    let max_degree = (0..NODES as u32).map(|v| g.degree(v)).max().unwrap();
    println!(
        "Exact betweenness: Barabási–Albert graph, {NODES} nodes, {EDGES} edges (m = {ATTACH} + random top-up), \
         max degree {max_degree}, undirected, seed {SEED}"
    );

    let (ours, wall, cpu) = timed(|| betweenness(&g));
    println!("chiiki, {threads} threads: {wall:.2} s wall, {cpu:.2} s CPU");
    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let (ours_one, wall_one, cpu_one) = one.install(|| timed(|| betweenness(&g)));
    println!("chiiki, 1 thread:  {wall_one:.2} s wall, {cpu_one:.2} s CPU");
    assert_eq!(ours, ours_one, "the result does not depend on the threads");

    if !skip_peers {
        let out = Command::new(chiiki_testkit::python())
            .arg(chiiki_testkit::oracle_script("betweenness_bench.py"))
            .arg(&file)
            .arg(NODES.to_string())
            .arg(nx_sources.to_string())
            .arg(SEED.to_string())
            .env("OMP_NUM_THREADS", "1")
            .env("OPENBLAS_NUM_THREADS", "1")
            .output()
            .expect("run the Python peers (prepare .venv with scripts/test)");
        assert!(out.status.success(), "the peers failed: {}", String::from_utf8_lossy(&out.stderr));
        let peer: Value = serde_json::from_slice(&out.stdout).expect("peer JSON");
        let igraph: Vec<f64> = peer["igraph"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect();
        let max_rel =
            ours.iter().zip(&igraph).map(|(a, b)| (a - b).abs() / a.abs().max(b.abs()).max(1.0)).fold(0.0f64, f64::max);
        let (ig_wall, ig_cpu) =
            (peer["igraph_seconds"].as_f64().unwrap(), peer["igraph_cpu_seconds"].as_f64().unwrap());
        let nx_k = peer["networkx_seconds"].as_f64().unwrap();
        let nx_full = nx_k * NODES as f64 / nx_sources as f64;
        println!(
            "peers: python-igraph {} (C, single-threaded), NetworkX {} (pure Python), Python {}",
            peer["igraph_version"].as_str().unwrap(),
            peer["networkx_version"].as_str().unwrap(),
            peer["python_version"].as_str().unwrap()
        );
        println!("chiiki vs igraph: max relative difference {max_rel:.1e}");
        println!();
        println!("| implementation | wall (s) | CPU (s) | igraph ÷ this |");
        println!("|---|---|---|---|");
        println!("| chiiki, {threads} threads | {wall:.2} | {cpu:.2} | {:.1}× |", ig_wall / wall);
        println!("| chiiki, 1 thread | {wall_one:.2} | {cpu_one:.2} | {:.1}× |", ig_wall / wall_one);
        println!("| python-igraph `betweenness()` | {ig_wall:.2} | {ig_cpu:.2} | 1.0× |");
        println!(
            "| NetworkX `betweenness_centrality`, {nx_sources} sources: {nx_k:.2} s, extrapolated to all {NODES} | \
             {nx_full:.0} (extrapolated) | — | {:.3}× |",
            ig_wall / nx_full
        );
        println!();
        println!(
            "ratios: igraph ÷ chiiki {:.1}× ({threads} threads), {:.1}× (1 thread); NetworkX (extrapolated) ÷ chiiki \
             {:.0}× ({threads} threads), {:.0}× (1 thread)",
            ig_wall / wall,
            ig_wall / wall_one,
            nx_full / wall,
            nx_full / wall_one
        );
        assert!(max_rel <= 1e-9, "chiiki's betweenness differs from igraph's");
    }
    std::fs::remove_file(&file).ok();

    // The approximation on the same graph, against the exact values.
    let (a, wall, cpu) = timed(|| betweenness_approx(&g, EPSILON, DELTA, SEED));
    let pairs_count = NODES as f64 * (NODES - 1) as f64;
    let max_err = a.normalized.iter().zip(&ours).map(|(x, b)| (x - 2.0 * b / pairs_count).abs()).fold(0.0, f64::max);
    println!();
    println!(
        "Approximate (Riondato–Kornaropoulos, ε = {EPSILON}, δ = {DELTA}) on the {NODES}-node graph: {} samples \
         (vertex-diameter bound {}), {wall:.2} s wall, {cpu:.2} s CPU; max |error| of normalised values {max_err:.5} \
         (bound {EPSILON})",
        a.samples, a.vertex_diameter_bound
    );

    // The approximation on a million nodes.
    let mut rng = SplitMix(SEED + 1);
    let (big, gen_wall, _) =
        timed(|| Graph::from_pairs(BIG_NODES, preferential_attachment(BIG_NODES, ATTACH, &mut rng), false));
    let (a, wall, cpu) = timed(|| betweenness_approx(&big, EPSILON, DELTA, SEED));
    let top = a.normalized.iter().copied().fold(0.0, f64::max);
    println!(
        "Approximate on a Barabási–Albert graph, {} nodes, {} edges (m = {ATTACH}; built in {gen_wall:.1} s): {} samples \
         (vertex-diameter bound {}), {wall:.2} s wall, {cpu:.2} s CPU, {threads} threads; largest normalised value {top:.4}",
        big.node_count(),
        big.edge_count(),
        a.samples,
        a.vertex_diameter_bound
    );
}
