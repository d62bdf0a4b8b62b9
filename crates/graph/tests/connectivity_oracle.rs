//! Components, articulation points and node-removal impact against live oracles: igraph 0.11.9
//! (`Graph.articulation_points`, `Graph.connected_components(mode="weak")`) and NetworkX 3.5
//! (remove the nodes, recompute the (weakly) connected components), run by
//! `tests/oracle/connectivity_oracle.py`.
//!
//! Sources: Padgett's Florentine marriage network (NetworkX's `florentine_families_graph`, plus the
//! isolated Pucci family of the original 16), whose articulation points are Albizzi, Guadagni, Medici
//! and Salviati (`/work/shared/golden/README.md`, igraph); Zachary's karate club (igraph's
//! `Famous("Zachary")`); random directed and undirected graphs, many of them disconnected.
//! Tolerance: exact (node sets, component partitions and counts are integers; the connected shares are
//! the same quotient of the same integers).
//! The oracle runs in the Python environment that `scripts/test` prepares (`.venv`), or the one named
//! by `CHIIKI_PYTHON`.

use std::collections::HashMap;

use chiiki_graph::Graph;
use chiiki_graph::connectivity::{RemovalImpact, articulation_points, component_sizes, components, removal_impact};
use chiiki_testkit::{SplitMix, python_oracle};
use serde_json::{Value, json};

fn oracle(request: &Value) -> Value {
    python_oracle("connectivity_oracle.py", &[], Some(request))
}

/// A test graph: nodes `0..n`, edges, and the nodes to remove.
struct Case {
    n: usize,
    directed: bool,
    pairs: Vec<(u32, u32)>,
    remove: Vec<u32>,
}

impl Case {
    fn graph(&self) -> Graph {
        Graph::from_pairs(self.n, self.pairs.iter().copied(), self.directed)
    }
    fn json(&self) -> Value {
        json!({"n": self.n, "directed": self.directed, "edges": self.pairs, "remove": self.remove})
    }
}

/// Labels renumbered by first appearance, so two labellings of one partition compare equal.
fn canonical(labels: &[u32]) -> Vec<u32> {
    let mut map = HashMap::new();
    labels
        .iter()
        .map(|l| {
            let next = map.len() as u32;
            *map.entry(*l).or_insert(next)
        })
        .collect()
}

fn u32s(v: &Value) -> Vec<u32> {
    v.as_array().unwrap().iter().map(|x| x.as_u64().unwrap() as u32).collect()
}

fn share(pairs: u64, nodes: u64) -> f64 {
    let all = nodes * nodes.saturating_sub(1) / 2;
    if all == 0 { 0.0 } else { pairs as f64 / all as f64 }
}

/// Checks one removal impact against NetworkX's before/after summary.
fn check_removal(ours: &RemovalImpact, theirs: &Value, what: &str) {
    for (side, nodes, comps, largest, pairs, sh) in [
        (
            "before",
            ours.nodes_before,
            ours.components_before,
            ours.largest_component_before,
            ours.connected_pairs_before,
            ours.connected_share_before,
        ),
        (
            "after",
            ours.nodes_after,
            ours.components_after,
            ours.largest_component_after,
            ours.connected_pairs_after,
            ours.connected_share_after,
        ),
    ] {
        let t = &theirs[side];
        let got = (nodes as u64, comps as u64, largest as u64, pairs);
        let want = (
            t["nodes"].as_u64().unwrap(),
            t["components"].as_u64().unwrap(),
            t["largest"].as_u64().unwrap(),
            t["pairs"].as_u64().unwrap(),
        );
        assert_eq!(got, want, "{what} {side}: (nodes, components, largest, pairs) chiiki vs networkx");
        assert_eq!(sh, share(want.3, want.0), "{what} {side}: connected share");
    }
}

/// Compares every case with the oracles; returns their results for further checks.
fn compare(cases: &[Case]) -> Vec<Value> {
    let request = json!({"cases": cases.iter().map(Case::json).collect::<Vec<_>>()});
    let results = oracle(&request)["results"].as_array().unwrap().clone();
    assert_eq!(results.len(), cases.len());
    for (i, (case, theirs)) in cases.iter().zip(&results).enumerate() {
        let what = format!("case {i} (n {}, directed {})", case.n, case.directed);
        let g = case.graph();
        assert_eq!(articulation_points(&g), u32s(&theirs["articulation_points"]), "{what}: articulation points");
        let labels = components(&g);
        assert_eq!(canonical(&labels), canonical(&u32s(&theirs["membership"])), "{what}: components");
        assert_eq!(component_sizes(&labels).iter().sum::<usize>(), case.n);
        check_removal(&removal_impact(&g, &case.remove), &theirs["removal"], &what);
    }
    results
}

/// A named graph from the oracle: node names and edges between them.
fn named(graph: &Value, extra_isolated: &[&str]) -> (Vec<String>, Vec<(u32, u32)>, String) {
    let key = |v: &Value| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string());
    let mut names: Vec<String> = graph["nodes"].as_array().unwrap().iter().map(key).collect();
    names.extend(extra_isolated.iter().map(|s| s.to_string()));
    if graph["nodes"][0].is_string() {
        names.sort();
    }
    let index: HashMap<&str, u32> = names.iter().enumerate().map(|(i, s)| (s.as_str(), i as u32)).collect();
    let keys: Vec<String> = graph["edges"].as_array().unwrap().iter().flat_map(|e| [key(&e[0]), key(&e[1])]).collect();
    let pairs = keys.chunks(2).map(|e| (index[e[0].as_str()], index[e[1].as_str()])).collect();
    (names, pairs, key(&graph["top"]))
}

#[test]
fn florentine_families_and_the_karate_club_match_igraph_and_networkx() {
    let graphs = oracle(&json!({"named": true}));

    // Florentine families: the 16 of Padgett's data in alphabetical order (Pucci, isolated, is not
    // in NetworkX's graph).
    let (names, pairs, top) = named(&graphs["florentine"], &["Pucci"]);
    assert_eq!(names.len(), 16);
    assert_eq!(pairs.len(), 20);
    assert_eq!(top, "Medici", "the top-betweenness family");
    let medici = names.iter().position(|n| n == "Medici").unwrap() as u32;
    let flo_pairs = pairs.clone();
    let flo = Case { n: 16, directed: false, pairs, remove: vec![medici] };

    let (_, pairs, top) = named(&graphs["karate"], &[]);
    assert_eq!(pairs.len(), 78);
    let top: u32 = top.parse().unwrap();
    let karate = Case { n: 34, directed: false, pairs, remove: vec![top] };

    compare(&[flo, karate]);

    // The published articulation points, and what the Medici's absence does (checked live above;
    // fixed here so a reader can check them by hand on the marriage network): Acciaiuoli and
    // Pazzi–Salviati are cut off, 11 families stay together, 56 of 105 pairs stay connected.
    let g = Graph::from_pairs(16, flo_pairs, false);
    let cut: Vec<&str> = articulation_points(&g).iter().map(|&v| names[v as usize].as_str()).collect();
    assert_eq!(cut, ["Albizzi", "Guadagni", "Medici", "Salviati"]);
    assert_eq!(component_sizes(&components(&g)), [15, 1]);
    let r = removal_impact(&g, &[medici]);
    assert_eq!(
        (r.nodes_before, r.components_before, r.largest_component_before, r.connected_pairs_before),
        (16, 2, 15, 105)
    );
    assert_eq!(
        (r.nodes_after, r.components_after, r.largest_component_after, r.connected_pairs_after),
        (15, 4, 11, 56)
    );
    assert_eq!(r.connected_share_before, 105.0 / 120.0);
    assert_eq!(r.connected_share_after, 56.0 / 105.0);
}

#[test]
fn random_graphs_match_igraph_and_networkx() {
    let mut rng = SplitMix(19_730_601);
    let mut cases = Vec::new();
    for i in 0..80 {
        let directed = i % 2 == 1;
        let n = 1 + rng.below(70) as usize;
        // Average degree from 0.3 (mostly isolated nodes and small pieces) to 4 (one big component).
        let per_node = [3, 8, 12, 20, 40][i % 5];
        let m = n * per_node / 10;
        let mut pairs = Vec::new();
        for _ in 0..m {
            let (u, v) = (rng.below(n as u64) as u32, rng.below(n as u64) as u32);
            if u != v {
                pairs.push((u, v));
                // Some mutual arcs and repeated edges.
                if rng.below(5) == 0 {
                    pairs.push((v, u));
                }
            }
        }
        let g = Graph::from_pairs(n, pairs.iter().copied(), directed);
        // Remove an articulation point when there is one, else nothing; sometimes a few random nodes.
        let cut = articulation_points(&g);
        let mut remove = match rng.below(3) {
            0 if !cut.is_empty() => vec![cut[rng.below(cut.len() as u64) as usize]],
            1 => (0..rng.below(4)).map(|_| rng.below(n as u64) as u32).collect(),
            _ => Vec::new(),
        };
        remove.sort_unstable();
        remove.dedup();
        cases.push(Case { n, directed, pairs, remove });
    }
    // Larger graphs near the connectivity threshold: long chains, many articulation points.
    for directed in [false, true] {
        let n = 3000u32;
        let pairs: Vec<(u32, u32)> = (0..3200)
            .map(|_| (rng.below(n as u64) as u32, rng.below(n as u64) as u32))
            .filter(|(u, v)| u != v)
            .collect();
        let remove = (0..10).map(|_| rng.below(n as u64) as u32).collect();
        cases.push(Case { n: n as usize, directed, pairs, remove });
    }
    let results = compare(&cases);
    let with_cuts = results.iter().filter(|r| !r["articulation_points"].as_array().unwrap().is_empty()).count();
    let disconnected = cases.iter().filter(|c| component_sizes(&components(&c.graph())).len() > 1).count();
    assert!(with_cuts > 30 && disconnected > 30, "the cases should vary: {with_cuts} with cuts, {disconnected} split");
}
