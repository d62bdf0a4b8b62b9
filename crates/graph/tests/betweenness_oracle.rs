//! Betweenness centrality against live oracles: NetworkX 3.5 `betweenness_centrality(G,
//! normalized=False)` (and `normalized=True` for `betweenness_normalized`) and python-igraph 0.11.9
//! `Graph.betweenness(directed=...)`, run by `tests/oracle/betweenness_oracle.py`.
//!
//! Graphs: Padgett's Florentine families (NetworkX's `florentine_families_graph()`: 15 families, 20
//! marriage ties; the Medici's 47.5 is the textbook value), Zachary's karate club
//! (`karate_club_graph()`, weights ignored), a directed random graph, and random undirected graphs —
//! sparse ones with many components and isolated nodes, denser connected ones, and a 3,000-node
//! preferential-attachment graph (igraph only: NetworkX takes too long in a test).
//! Tolerance: 1e-9 relative, `|a − b| ≤ 1e-9 · max(|a|, |b|)` (plus 1e-12 absolute for zeros); both
//! sides compute in double precision, so differences are rounding only.
//!
//! The approximation is checked on the 3,000-node graph against igraph's exact values: with ε = 0.01,
//! δ = 0.1 and a fixed seed, the largest absolute error of the normalised estimates must be below ε.
//!
//! The oracle runs in the Python environment that `scripts/test` prepares (`.venv`), or the one named
//! by `CHIIKI_PYTHON`.

use chiiki_graph::Graph;
use chiiki_graph::betweenness::{betweenness, betweenness_approx, betweenness_normalized};
use chiiki_testkit::{SplitMix, python_oracle};
use serde_json::{Value, json};

/// Runs the oracle script on `cases` and returns its answer.
fn oracle(cases: &[Value]) -> Value {
    let answer = python_oracle("betweenness_oracle.py", &[], Some(&json!({ "cases": cases })));
    assert_eq!(answer["versions"], json!({"networkx": "3.5", "igraph": "0.11.9"}), "pinned oracle versions");
    answer
}

/// A graph as an oracle case: its simple edges, as `Graph` stores them.
fn case(name: &str, g: &Graph, networkx: bool) -> Value {
    let mut edges = Vec::new();
    for u in 0..g.node_count() as u32 {
        for &v in g.neighbors(u) {
            if g.is_directed() || u < v {
                edges.push([u, v]);
            }
        }
    }
    json!({"name": name, "graph": "edges", "n": g.node_count(), "edges": edges, "directed": g.is_directed(),
           "networkx": networkx})
}

fn random_graph(n: usize, m: usize, directed: bool, rng: &mut SplitMix) -> Graph {
    Graph::from_pairs(n, (0..m).map(|_| (rng.pick(n), rng.pick(n))).collect::<Vec<_>>(), directed)
}

/// Preferential attachment: each new node joins `m` earlier nodes drawn in proportion to degree.
fn preferential_attachment(n: usize, m: usize, rng: &mut SplitMix) -> Graph {
    let mut pairs = Vec::new();
    let mut ends: Vec<u32> = (0..=m as u32).collect();
    for t in (m + 1) as u32..n as u32 {
        for _ in 0..m {
            let v = ends[rng.pick(ends.len()) as usize];
            pairs.push((v, t));
            ends.extend([v, t]);
        }
    }
    Graph::from_pairs(n, pairs, false)
}

fn values(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect()
}

fn assert_same(name: &str, what: &str, ours: &[f64], theirs: &[f64]) {
    assert_eq!(ours.len(), theirs.len(), "{name}: node count");
    for (i, (a, b)) in ours.iter().zip(theirs).enumerate() {
        assert!((a - b).abs() <= 1e-9 * a.abs().max(b.abs()) + 1e-12, "{name}, node {i}: chiiki {a} vs {what} {b}");
    }
}

#[test]
fn exact_betweenness_matches_networkx_and_igraph() {
    let mut rng = SplitMix(18_682_001);
    let mut graphs: Vec<(String, Graph, bool)> = Vec::new();
    graphs.push(("directed random, 300 nodes".into(), random_graph(300, 1200, true, &mut rng), true));
    graphs.push(("directed sparse, many unreachable pairs".into(), random_graph(200, 260, true, &mut rng), true));
    for (i, (n, m)) in [(60, 40), (150, 120), (200, 400), (250, 1500), (400, 2400)].into_iter().enumerate() {
        graphs.push((
            format!("undirected random {i}: {n} nodes, {m} draws"),
            random_graph(n, m, false, &mut rng),
            true,
        ));
    }
    // Two separate dense parts and isolated nodes.
    let mut pairs: Vec<(u32, u32)> = (0..300).map(|_| (rng.pick(40), rng.pick(40))).collect();
    pairs.extend((0..300).map(|_| (40 + rng.pick(40), 40 + rng.pick(40))));
    graphs.push(("two components and 10 isolated nodes".into(), Graph::from_pairs(90, pairs, false), true));
    graphs.push(("preferential attachment, 3000 nodes".into(), preferential_attachment(3000, 3, &mut rng), false));

    let mut cases = vec![
        json!({"name": "Florentine families", "graph": "florentine"}),
        json!({"name": "karate club", "graph": "karate"}),
    ];
    cases.extend(graphs.iter().map(|(name, g, nx)| case(name, g, *nx)));
    let answer = oracle(&cases);
    let answers = answer["cases"].as_array().unwrap();
    assert_eq!(answers.len(), cases.len());

    for (i, theirs) in answers.iter().enumerate() {
        let name = theirs["name"].as_str().unwrap();
        // Build the graph from the oracle's own edge list (node indices in its node order).
        let n = theirs["nodes"].as_array().unwrap().len();
        let edges: Vec<(u32, u32)> = theirs["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e[0].as_u64().unwrap() as u32, e[1].as_u64().unwrap() as u32))
            .collect();
        let g = Graph::from_pairs(n, edges, theirs["directed"].as_bool().unwrap());
        if i >= 2 {
            let sent = &graphs[i - 2].1;
            let same = (0..n as u32).all(|v| g.neighbors(v) == sent.neighbors(v));
            assert!(same && g.node_count() == sent.node_count(), "{name}: the oracle saw another graph");
        }
        let ours = betweenness(&g);
        assert_same(name, "igraph", &ours, &values(&theirs["igraph"]));
        if !theirs["networkx"].is_null() {
            assert_same(name, "NetworkX", &ours, &values(&theirs["networkx"]));
            assert_same(
                name,
                "NetworkX normalized",
                &betweenness_normalized(&g),
                &values(&theirs["networkx_normalized"]),
            );
        }
    }

    // The textbook value: the Medici lie on 47.5 of the families' shortest paths.
    let florentine = &answers[0];
    let medici = florentine["nodes"].as_array().unwrap().iter().position(|v| v == "Medici").unwrap();
    assert_eq!(values(&florentine["networkx"])[medici], 47.5);
}

#[test]
fn approximation_is_within_epsilon_of_igraph() {
    let mut rng = SplitMix(2016);
    let g = preferential_attachment(3000, 3, &mut rng);
    let answer = oracle(&[case("preferential attachment, 3000 nodes", &g, false)]);
    let exact = values(&answer["cases"][0]["igraph"]);
    let (epsilon, delta) = (0.01, 0.1);
    let a = betweenness_approx(&g, epsilon, delta, 7);
    // igraph counts unordered pairs: the fraction of ordered pairs is 2B / (n(n − 1)).
    let n = g.node_count() as f64;
    let max_error =
        a.normalized.iter().zip(&exact).map(|(x, b)| (x - 2.0 * b / (n * (n - 1.0))).abs()).fold(0.0, f64::max);
    let max_value = exact.iter().fold(0.0f64, |m, &b| m.max(2.0 * b / (n * (n - 1.0))));
    println!(
        "approximation on {} nodes, {} edges: {} samples (vertex-diameter bound {}), max |error| {max_error:.5} \
         (ε = {epsilon}; largest true value {max_value:.4})",
        g.node_count(),
        g.edge_count(),
        a.samples,
        a.vertex_diameter_bound
    );
    assert!(max_error < epsilon, "max error {max_error} ≥ ε = {epsilon}");
    // The unnormalised values are on igraph's scale.
    let scale = n * (n - 1.0) / 2.0;
    for (v, b) in a.values.iter().zip(&exact) {
        assert!((v - b).abs() < epsilon * scale);
    }
}
