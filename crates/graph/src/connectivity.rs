//! Connected components, articulation points and the effect of removing nodes: how much of a
//! network hangs on one person or one organisation (key-person and key-organisation risk).
//!
//! # Definitions
//!
//! - **Components** ([`components`]): maximal sets of nodes joined by paths. A directed graph is read
//!   as its underlying undirected graph (weak connectivity). An isolated node is a component of size 1.
//!   Labels are `0..k`, numbered in the order of each component's smallest node.
//! - **Articulation points** ([`articulation_points`]): nodes whose removal increases the number of
//!   components (cut vertices), again on the underlying undirected graph. Found by Hopcroft–Tarjan
//!   depth-first search with low-points, run with an explicit stack (no recursion, so a path of a
//!   million nodes is fine): a non-root *v* is a cut vertex if some DFS child *w* has
//!   `low(w) ≥ disc(v)`; a root is one if it has two or more DFS children.
//! - **Connected pairs**: the unordered pairs of distinct nodes joined by a path,
//!   `P = Σ_components s (s − 1) / 2`. The **connected share** is `P / (n (n − 1) / 2)`, the share of
//!   all pairs that can reach each other (1 for a connected graph).
//!
//! # Removal impact
//!
//! [`removal_impact`] removes a set of nodes (and their edges) and compares before and after: nodes,
//! components, the largest component, connected pairs and the connected share. Convention: the share
//! after removal is over the **remaining** nodes' pairs, `P_after / (n_after (n_after − 1) / 2)` — the
//! cohesion of the network that is left; [`RemovalImpact::share_of_original_pairs`] gives
//! `P_after / (n_before (n_before − 1) / 2)` instead, which also counts the removed nodes' own pairs
//! as lost. With fewer than two nodes there are no pairs, and the share is 0.
//!
//! # Reference
//!
//! Hopcroft, J., & Tarjan, R. (1973). Algorithm 447: Efficient algorithms for graph manipulation.
//! *Communications of the ACM*, 16(6), 372–378. <https://doi.org/10.1145/362248.362272>.
//! Borgatti, S. P. (2006). Identifying sets of key players in a social network. *Computational and
//! Mathematical Organization Theory*, 12, 21–34 (fragmentation by node removal). On Padgett's
//! Florentine marriage network the articulation points are Albizzi, Guadagni, Medici and Salviati
//! (igraph); chiiki's tests check them, and removal impacts, against live igraph and NetworkX.
//!
//! ```
//! use chiiki_graph::Graph;
//! use chiiki_graph::connectivity::{articulation_points, removal_impact};
//!
//! // A star: everything hangs on the centre.
//! let g = Graph::from_pairs(4, [(0, 1), (0, 2), (0, 3)], false);
//! assert_eq!(articulation_points(&g), [0]);
//! let impact = removal_impact(&g, &[0]);
//! assert_eq!((impact.connected_share_before, impact.connected_share_after), (1.0, 0.0));
//! assert_eq!(impact.components_after, 3);
//! ```

use crate::Graph;

const NONE: u32 = u32::MAX;

/// The `i`-th neighbour of `v` in the underlying undirected graph (out-neighbours, then
/// in-neighbours when directed; a mutual pair appears twice, which no algorithm here minds).
fn undirected_neighbor(g: &Graph, v: u32, i: usize) -> Option<u32> {
    let out = g.neighbors(v);
    if i < out.len() {
        return Some(out[i]);
    }
    if g.is_directed() { g.in_neighbors(v).get(i - out.len()).copied() } else { None }
}

/// Labels components over the nodes not `removed`; removed nodes get `u32::MAX`. Returns the labels
/// and the size of each component.
fn label_components(g: &Graph, removed: &[bool]) -> (Vec<u32>, Vec<usize>) {
    let n = g.node_count();
    let mut label = vec![NONE; n];
    let mut sizes = Vec::new();
    let mut stack = Vec::new();
    for s in 0..n {
        if label[s] != NONE || removed[s] {
            continue;
        }
        let id = sizes.len() as u32;
        label[s] = id;
        stack.push(s as u32);
        let mut size = 0usize;
        while let Some(v) = stack.pop() {
            size += 1;
            let ins: &[u32] = if g.is_directed() { g.in_neighbors(v) } else { &[] };
            for &w in g.neighbors(v).iter().chain(ins) {
                if label[w as usize] == NONE && !removed[w as usize] {
                    label[w as usize] = id;
                    stack.push(w);
                }
            }
        }
        sizes.push(size);
    }
    (label, sizes)
}

/// The component of every node (weak components when directed), labelled `0..k` in the order of
/// each component's smallest node.
pub fn components(g: &Graph) -> Vec<u32> {
    label_components(g, &vec![false; g.node_count()]).0
}

/// The size of each component, indexed by the labels of [`components`].
pub fn component_sizes(labels: &[u32]) -> Vec<usize> {
    let k = labels.iter().filter(|&&l| l != NONE).map(|&l| l as usize + 1).max().unwrap_or(0);
    let mut sizes = vec![0usize; k];
    for &l in labels.iter().filter(|&&l| l != NONE) {
        sizes[l as usize] += 1;
    }
    sizes
}

/// The articulation points (cut vertices) of the underlying undirected graph, sorted ascending.
pub fn articulation_points(g: &Graph) -> Vec<u32> {
    let n = g.node_count();
    let mut disc = vec![NONE; n];
    let mut low = vec![0u32; n];
    let mut cut = vec![false; n];
    // (node, index of its next neighbour to look at)
    let mut stack: Vec<(u32, usize)> = Vec::new();
    let mut time = 0u32;
    for root in 0..n as u32 {
        if disc[root as usize] != NONE {
            continue;
        }
        disc[root as usize] = time;
        low[root as usize] = time;
        time += 1;
        let mut root_children = 0usize;
        stack.push((root, 0));
        while let Some(top) = stack.last_mut() {
            let v = top.0;
            if let Some(w) = undirected_neighbor(g, v, top.1) {
                top.1 += 1;
                if disc[w as usize] == NONE {
                    disc[w as usize] = time;
                    low[w as usize] = time;
                    time += 1;
                    if v == root {
                        root_children += 1;
                    }
                    stack.push((w, 0));
                } else {
                    // A back edge, or the edge to the DFS parent: using the parent's discovery time
                    // cannot change the test `low(w) ≥ disc(parent)`, so it need not be skipped.
                    low[v as usize] = low[v as usize].min(disc[w as usize]);
                }
            } else {
                stack.pop();
                if let Some(&(p, _)) = stack.last() {
                    low[p as usize] = low[p as usize].min(low[v as usize]);
                    if p != root && low[v as usize] >= disc[p as usize] {
                        cut[p as usize] = true;
                    }
                }
            }
        }
        if root_children >= 2 {
            cut[root as usize] = true;
        }
    }
    (0..n as u32).filter(|&v| cut[v as usize]).collect()
}

/// What removing a set of nodes does to the network's connectivity. "Before" is the whole graph,
/// "after" the graph without the removed nodes and their edges.
#[derive(Debug, Clone, PartialEq)]
pub struct RemovalImpact {
    /// The removed nodes, sorted, without repeats.
    pub removed: Vec<u32>,
    /// Nodes in the whole graph.
    pub nodes_before: usize,
    /// Nodes left after removal.
    pub nodes_after: usize,
    /// Components of the whole graph (isolated nodes count).
    pub components_before: usize,
    /// Components of what is left.
    pub components_after: usize,
    /// Nodes in the largest component of the whole graph.
    pub largest_component_before: usize,
    /// Nodes in the largest component of what is left.
    pub largest_component_after: usize,
    /// Unordered pairs of nodes joined by a path, `Σ s (s − 1) / 2`, in the whole graph.
    pub connected_pairs_before: u64,
    /// Unordered pairs of remaining nodes joined by a path after removal.
    pub connected_pairs_after: u64,
    /// `connected_pairs_before / (n_before (n_before − 1) / 2)`; 0 with fewer than two nodes.
    pub connected_share_before: f64,
    /// `connected_pairs_after / (n_after (n_after − 1) / 2)`, over the remaining nodes' pairs; 0 with
    /// fewer than two nodes left.
    pub connected_share_after: f64,
}

impl RemovalImpact {
    /// Connected pairs lost, the removed nodes' own pairs included.
    pub fn pairs_lost(&self) -> u64 {
        self.connected_pairs_before - self.connected_pairs_after
    }

    /// `connected_pairs_after / (n_before (n_before − 1) / 2)`: the share of the original network's
    /// pairs still connected, counting pairs with a removed node as disconnected; 0 with fewer than
    /// two nodes before.
    pub fn share_of_original_pairs(&self) -> f64 {
        share(self.connected_pairs_after, self.nodes_before)
    }
}

fn pairs(sizes: &[usize]) -> u64 {
    sizes.iter().map(|&s| s as u64 * (s as u64).saturating_sub(1) / 2).sum()
}

fn share(connected: u64, nodes: usize) -> f64 {
    let all = nodes as u64 * (nodes as u64).saturating_sub(1) / 2;
    if all == 0 { 0.0 } else { connected as f64 / all as f64 }
}

/// Removes `removed` (and their edges) and measures the connectivity before and after. Repeated
/// nodes count once. See the module docs for the conventions.
///
/// # Panics
/// If a removed node is not in the graph.
pub fn removal_impact(g: &Graph, removed: &[u32]) -> RemovalImpact {
    let n = g.node_count();
    let mut gone = vec![false; n];
    for &v in removed {
        assert!((v as usize) < n, "removed node {v} outside 0..{n}");
        gone[v as usize] = true;
    }
    let removed: Vec<u32> = (0..n as u32).filter(|&v| gone[v as usize]).collect();
    let (_, before) = label_components(g, &vec![false; n]);
    let (_, after) = label_components(g, &gone);
    let nodes_after = n - removed.len();
    let (pb, pa) = (pairs(&before), pairs(&after));
    RemovalImpact {
        removed,
        nodes_before: n,
        nodes_after,
        components_before: before.len(),
        components_after: after.len(),
        largest_component_before: before.iter().copied().max().unwrap_or(0),
        largest_component_after: after.iter().copied().max().unwrap_or(0),
        connected_pairs_before: pb,
        connected_pairs_after: pa,
        connected_share_before: share(pb, n),
        connected_share_after: share(pa, nodes_after),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_are_labelled_by_their_smallest_node() {
        let g = Graph::from_pairs(6, [(4, 5), (0, 2), (3, 4)], false);
        let labels = components(&g);
        assert_eq!(labels, [0, 1, 0, 2, 2, 2]);
        assert_eq!(component_sizes(&labels), [2, 1, 3]);
    }

    #[test]
    fn directed_graphs_use_weak_components() {
        // 0 → 1 ← 2: not strongly connected, but one weak component.
        let g = Graph::from_pairs(4, [(0, 1), (2, 1)], true);
        assert_eq!(components(&g), [0, 0, 0, 1]);
        assert_eq!(articulation_points(&g), [1]);
    }

    #[test]
    fn articulation_points_of_a_path_a_cycle_and_a_bowtie() {
        let path = Graph::from_pairs(4, [(0, 1), (1, 2), (2, 3)], false);
        assert_eq!(articulation_points(&path), [1, 2]);
        let cycle = Graph::from_pairs(4, [(0, 1), (1, 2), (2, 3), (3, 0)], false);
        assert!(articulation_points(&cycle).is_empty());
        // Two triangles sharing node 2, plus an isolated node and a separate edge.
        let bowtie = Graph::from_pairs(8, [(0, 1), (1, 2), (0, 2), (2, 3), (3, 4), (2, 4), (6, 7)], false);
        assert_eq!(articulation_points(&bowtie), [2]);
        // Mutual arcs in a directed graph are one undirected edge.
        let mutual = Graph::from_pairs(3, [(0, 1), (1, 0), (1, 2), (2, 1)], true);
        assert_eq!(articulation_points(&mutual), [1]);
    }

    #[test]
    fn a_long_path_needs_no_recursion() {
        let n = 1_000_000u32;
        let g = Graph::from_pairs(n as usize, (0..n - 1).map(|i| (i, i + 1)), false);
        let cut = articulation_points(&g);
        assert_eq!(cut.len(), n as usize - 2);
        assert_eq!((cut[0], cut[cut.len() - 1]), (1, n - 2));
        let impact = removal_impact(&g, &[n / 2]);
        assert_eq!(impact.components_after, 2);
        assert_eq!(impact.largest_component_after, n as usize / 2);
    }

    #[test]
    fn removing_a_bridge_node_splits_the_network() {
        // 0–1–2 and 3–4, joined through 2–3; remove 2 (twice: counts once).
        let g = Graph::from_pairs(5, [(0, 1), (1, 2), (2, 3), (3, 4)], false);
        let r = removal_impact(&g, &[2, 2]);
        assert_eq!(r.removed, [2]);
        assert_eq!((r.nodes_before, r.nodes_after), (5, 4));
        assert_eq!((r.components_before, r.components_after), (1, 2));
        assert_eq!((r.largest_component_before, r.largest_component_after), (5, 2));
        assert_eq!((r.connected_pairs_before, r.connected_pairs_after), (10, 2));
        assert_eq!(r.connected_share_before, 1.0);
        assert_eq!(r.connected_share_after, 2.0 / 6.0);
        assert_eq!(r.share_of_original_pairs(), 2.0 / 10.0);
        assert_eq!(r.pairs_lost(), 8);
    }

    #[test]
    fn removing_everything_or_nothing() {
        let g = Graph::from_pairs(3, [(0, 1)], false);
        let none = removal_impact(&g, &[]);
        assert_eq!(none.connected_pairs_after, none.connected_pairs_before);
        assert_eq!(none.connected_share_after, 1.0 / 3.0);
        let all = removal_impact(&g, &[0, 1, 2]);
        assert_eq!((all.nodes_after, all.components_after, all.largest_component_after), (0, 0, 0));
        assert_eq!(all.connected_share_after, 0.0);
        let empty = Graph::from_pairs(0, [], false);
        assert!(components(&empty).is_empty() && articulation_points(&empty).is_empty());
        assert_eq!(removal_impact(&empty, &[]).connected_share_before, 0.0);
    }

    #[test]
    #[should_panic(expected = "outside")]
    fn removing_an_unknown_node_panics() {
        removal_impact(&Graph::from_pairs(2, [(0, 1)], false), &[2]);
    }
}
