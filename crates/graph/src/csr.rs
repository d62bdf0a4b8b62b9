//! [`Graph`]: compressed sparse rows over `u32` node numbers.

/// A directed or undirected graph over nodes `0..n`, stored as compressed sparse rows.
///
/// Invariants: no self-loops, no parallel edges (their weights are summed when built), neighbour
/// lists sorted ascending. An undirected edge `{u, v}` is stored in both `u`'s and `v`'s lists. A
/// directed graph also stores the reverse lists (in-neighbours).
#[derive(Debug, Clone, PartialEq)]
pub struct Graph {
    directed: bool,
    out_offsets: Vec<usize>,
    out_targets: Vec<u32>,
    out_weights: Vec<f64>,
    in_offsets: Vec<usize>,
    in_targets: Vec<u32>,
}

fn build(n: usize, mut edges: Vec<(u32, u32, f64)>) -> (Vec<usize>, Vec<u32>, Vec<f64>) {
    edges.sort_unstable_by_key(|e| (e.0, e.1));
    let mut offsets = vec![0usize; n + 1];
    let mut targets = Vec::with_capacity(edges.len());
    let mut weights = Vec::with_capacity(edges.len());
    let mut last: Option<(u32, u32)> = None;
    for (u, v, w) in edges {
        if last == Some((u, v)) {
            *weights.last_mut().expect("a previous edge") += w;
            continue;
        }
        last = Some((u, v));
        offsets[u as usize + 1] += 1;
        targets.push(v);
        weights.push(w);
    }
    for i in 0..n {
        offsets[i + 1] += offsets[i];
    }
    (offsets, targets, weights)
}

impl Graph {
    /// Builds a graph on `n` nodes from weighted edges. Self-loops are dropped; parallel edges (and,
    /// when undirected, `(u, v)` with `(v, u)`) become one edge with the summed weight.
    ///
    /// # Panics
    /// If an edge names a node `>= n`.
    pub fn from_edges(n: usize, edges: impl IntoIterator<Item = (u32, u32, f64)>, directed: bool) -> Graph {
        let mut forward: Vec<(u32, u32, f64)> = Vec::new();
        for (u, v, w) in edges {
            assert!((u as usize) < n && (v as usize) < n, "edge ({u}, {v}) outside 0..{n}");
            if u == v {
                continue;
            }
            if directed {
                forward.push((u, v, w));
            } else {
                forward.push((u, v, w));
                forward.push((v, u, w));
            }
        }
        let reverse: Vec<(u32, u32, f64)> =
            if directed { forward.iter().map(|&(u, v, w)| (v, u, w)).collect() } else { Vec::new() };
        let (out_offsets, out_targets, out_weights) = build(n, forward);
        let (in_offsets, in_targets) = if directed {
            let (o, t, _) = build(n, reverse);
            (o, t)
        } else {
            (Vec::new(), Vec::new())
        };
        Graph { directed, out_offsets, out_targets, out_weights, in_offsets, in_targets }
    }

    /// Builds an unweighted graph (every weight 1).
    pub fn from_pairs(n: usize, pairs: impl IntoIterator<Item = (u32, u32)>, directed: bool) -> Graph {
        Graph::from_edges(n, pairs.into_iter().map(|(u, v)| (u, v, 1.0)), directed)
    }

    /// The number of nodes.
    pub fn node_count(&self) -> usize {
        self.out_offsets.len() - 1
    }

    /// The number of edges (an undirected edge counts once).
    pub fn edge_count(&self) -> usize {
        if self.directed { self.out_targets.len() } else { self.out_targets.len() / 2 }
    }

    /// Whether edges have a direction.
    pub fn is_directed(&self) -> bool {
        self.directed
    }

    /// The neighbours of `v` (out-neighbours when directed), sorted.
    pub fn neighbors(&self, v: u32) -> &[u32] {
        let v = v as usize;
        &self.out_targets[self.out_offsets[v]..self.out_offsets[v + 1]]
    }

    /// The weights of the edges to [`Graph::neighbors`], in the same order.
    pub fn weights(&self, v: u32) -> &[f64] {
        let v = v as usize;
        &self.out_weights[self.out_offsets[v]..self.out_offsets[v + 1]]
    }

    /// The in-neighbours of `v` (the neighbours when undirected), sorted.
    pub fn in_neighbors(&self, v: u32) -> &[u32] {
        if !self.directed {
            return self.neighbors(v);
        }
        let v = v as usize;
        &self.in_targets[self.in_offsets[v]..self.in_offsets[v + 1]]
    }

    /// Whether the edge `u → v` exists (`{u, v}` when undirected).
    pub fn has_edge(&self, u: u32, v: u32) -> bool {
        self.neighbors(u).binary_search(&v).is_ok()
    }

    /// The degree of `v` (out-degree when directed).
    pub fn degree(&self, v: u32) -> usize {
        self.neighbors(v).len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undirected_edges_are_stored_both_ways_and_merged() {
        let g = Graph::from_edges(4, [(0, 1, 1.0), (1, 0, 2.0), (1, 2, 1.0), (3, 3, 1.0)], false);
        assert_eq!(g.node_count(), 4);
        assert_eq!(g.edge_count(), 2);
        assert_eq!(g.neighbors(1), [0, 2]);
        assert_eq!(g.weights(0), [3.0]);
        assert!(g.has_edge(2, 1));
        assert_eq!(g.degree(3), 0, "self-loops are dropped");
    }

    #[test]
    fn directed_graphs_keep_in_neighbours() {
        let g = Graph::from_pairs(3, [(0, 1), (2, 1), (1, 2)], true);
        assert_eq!(g.neighbors(1), [2]);
        assert_eq!(g.in_neighbors(1), [0, 2]);
        assert!(g.has_edge(0, 1) && !g.has_edge(1, 0));
        assert_eq!(g.edge_count(), 3);
    }
}
