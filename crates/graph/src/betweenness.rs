//! Betweenness centrality: how often an organisation lies on the shortest paths between two others —
//! the brokers of a joint-research network. Exact (Brandes) and approximate with a stated error bound
//! (Riondato–Kornaropoulos).
//!
//! # Formula
//!
//! With `σ_st` the number of shortest paths (by hop count) from `s` to `t` and `σ_st(v)` the number of
//! them that pass through `v`, the betweenness of `v` is
//!
//! ```text
//! B(v) = Σ_{s ≠ v ≠ t, s ≠ t}  σ_st(v) / σ_st          (pairs with no path contribute 0)
//! ```
//!
//! # Conventions
//!
//! [`betweenness`] follows NetworkX `betweenness_centrality(G, normalized=False)` (and igraph's
//! `betweenness()`): endpoints are not counted; in an **undirected** graph each unordered pair
//! `{s, t}` is counted once (the sum over ordered pairs divided by 2); in a **directed** graph each
//! ordered pair `(s, t)` is counted. [`betweenness_normalized`] follows NetworkX
//! `normalized=True`: the sum over *ordered* pairs divided by `(n − 1)(n − 2)`, the number of ordered
//! pairs that do not contain `v` (so an undirected `B(v)` is divided by `(n − 1)(n − 2) / 2`); with
//! fewer than three nodes every value is 0 and nothing is scaled.
//!
//! # Exact algorithm
//!
//! Brandes (2001): one breadth-first search per source `s` counts the shortest paths `σ_sv` level by
//! level, then the dependencies `δ_s(v) = Σ_{w: v ∈ pred(w)} σ_sv / σ_sw · (1 + δ_s(w))` are
//! accumulated from the deepest level up and added to `B(v)`. Cost `O(n·m)` time, `O(n + m)` memory
//! per thread. Implementation choices:
//!
//! - Nodes are renumbered by decreasing degree and every neighbour list is sorted: the hubs, which
//!   almost every search touches, share a few cache lines of each per-node array.
//! - Direction-optimising search (Beamer, Asanović and Patterson 2012): a level is expanded top-down
//!   (the frontier scans its out-arcs) or, when the frontier is large and few arcs remain, bottom-up:
//!   each unreached node sums `σ` over its in-arcs from an array that is non-zero on the frontier
//!   only — no branch per arc, and the big middle levels of a small-world graph cost only the arcs of
//!   the nodes still unreached.
//! - No predecessor lists: the accumulation keeps `c(w) = (1 + δ_s(w)) / σ_sw` for the levels already
//!   done and computes `δ_s(v) = σ_sv · Σ_{w ∈ N⁺(v)} c(w)`, one whole level at a time. While level `d`
//!   is summed only level `d + 1` has non-zero `c` (shallower levels are still 0, deeper ones are not
//!   successors), so the sum needs no distance test. Each level either pulls these sums (its nodes scan
//!   their out-arcs) or has them pushed (the next level's nodes add their `c` along their in-arcs),
//!   whichever scans fewer arcs.
//! - Path counts are `f64` (they overflow `u64` on graphs with many parallel routes); they stay exact
//!   up to 2⁵³ and finite up to about 10³⁰⁸.
//! - Sources are dealt to 64 fixed blocks (source `i` to block `i mod 64`) that run in parallel with
//!   rayon; each worker reuses its buffers, and the blocks' sums are added in block order, so the
//!   result is the same bit for bit whatever the number of threads.
//!
//! # Approximation
//!
//! Riondato and Kornaropoulos (2016) estimate the *fraction* of shortest paths through each node,
//!
//! ```text
//! b(v) = B_ordered(v) / (n (n − 1))      (B_ordered: the sum above over ordered pairs)
//! ```
//!
//! by sampling `r` ordered pairs `(u, w)`, `u ≠ w`, uniformly, then one shortest `u → w` path uniformly
//! among all of them, and adding `1 / r` to each interior node of the path (a pair with no path adds
//! nothing). With
//!
//! ```text
//! r = ⌈ (c / ε²) · (⌊log₂(VD − 2)⌋ + 1 + ln(1 / δ)) ⌉,     c = 0.5,
//! ```
//!
//! where `VD` bounds the vertex diameter (the largest number of nodes on a shortest path), every
//! estimate is within `ε` of `b(v)` — for all nodes at once — with probability at least `1 − δ`
//! (the bound comes from the VC dimension of the range set of shortest paths, at most
//! `⌊log₂(VD − 2)⌋ + 1`). When `VD < 3` no shortest path has an interior node and `r = 0`.
//!
//! `VD` is bounded in `O(n + m)`:
//!
//! - undirected: in each connected component, one breadth-first search from the component's
//!   highest-degree node `h` gives its eccentricity `e(h)`; any two nodes of the component are at most
//!   `2·e(h)` hops apart, so `VD ≤ min(2·e(h) + 1, component size)`; the bound is the largest over
//!   the components (pairs in different components have no path).
//! - directed: a shortest path stays inside a strongly connected component (SCC) for one stretch and
//!   then moves to a later one in the condensation. In each SCC, forward and backward searches from its
//!   highest-degree node bound a stretch by `min(e_out + e_in + 1, SCC size)` nodes; the bound is the
//!   heaviest path through the condensation (a DAG) with those node weights.
//!
//! Each pair's path is found by a balanced bidirectional breadth-first search that counts shortest
//! paths from both ends and always expands the side whose frontier has the smaller total degree; when
//! the two searches meet, one connecting edge `(x, y)` is drawn with probability
//! `σ_ux · σ_yw / σ_uw` and the path is traced back to both ends, each step choosing a predecessor
//! `p` with probability `σ_p / σ_node` — a uniform draw among the shortest paths. Each sample has its
//! own SplitMix64 stream, derived from the seed and the sample number, and the samples' counts are
//! integers, so the result depends on the seed only, never on the threads.
//!
//! The estimates are returned on three scales (see [`Approximation`]): `normalized` is `b(v)` (the
//! scale of the guarantee: absolute error ≤ `ε`); `values` is on the scale of [`betweenness`]
//! (`b(v) · n(n − 1)/2` undirected, `b(v) · n(n − 1)` directed: error ≤ `ε` times that factor);
//! [`Approximation::networkx_normalized`] is on the scale of [`betweenness_normalized`]
//! (`b(v) · n / (n − 2)`: error ≤ `ε · n / (n − 2)`).
//!
//! # References
//!
//! - Brandes, U. (2001). A faster algorithm for betweenness centrality. *Journal of Mathematical
//!   Sociology* 25(2), 163–177. <https://doi.org/10.1080/0022250X.2001.9990249>
//! - Beamer, S., Asanović, K. and Patterson, D. (2012). Direction-optimizing breadth-first search.
//!   *Proceedings of SC '12*, article 12. <https://doi.org/10.1109/SC.2012.50>
//! - Riondato, M. and Kornaropoulos, E. M. (2016). Fast approximation of betweenness centrality
//!   through sampling. *Data Mining and Knowledge Discovery* 30(2), 438–475.
//!   <https://doi.org/10.1007/s10618-015-0423-0>
//!
//! chiiki's tests check [`betweenness`] against NetworkX 3.5 and python-igraph 0.11.9, run live, on
//! Padgett's Florentine families, Zachary's karate club and random graphs (relative tolerance 1e-9).
//!
//! ```
//! use chiiki_graph::Graph;
//! use chiiki_graph::betweenness::{betweenness, betweenness_approx};
//!
//! // A path 0 – 1 – 2 – 3: node 1 lies between {0, 2} and {0, 3}.
//! let g = Graph::from_pairs(4, [(0, 1), (1, 2), (2, 3)], false);
//! assert_eq!(betweenness(&g), vec![0.0, 2.0, 2.0, 0.0]);
//!
//! let approx = betweenness_approx(&g, 0.05, 0.1, 7);
//! assert_eq!(approx.vertex_diameter_bound, 4);
//! assert!((approx.values[1] - 2.0).abs() <= 0.05 * 6.0);
//! ```

use rayon::prelude::*;

use crate::Graph;

/// The number of fixed source blocks of the exact algorithm (the unit of parallel work).
const BLOCKS: usize = 64;

/// Marks an unreached node in the exact algorithm's distance array.
const UNREACHED: u32 = u32::MAX;

/// The constant `c` of Riondato and Kornaropoulos's sample size (their recommended value).
const RK_C: f64 = 0.5;

/// Exact betweenness centrality of every node, with NetworkX's `normalized=False` convention: each
/// unordered pair counted once in an undirected graph, each ordered pair in a directed one (see the
/// module docs). Shortest paths are by hop count; weights are ignored. Runs in parallel on rayon's
/// current thread pool; the result does not depend on the number of threads.
pub fn betweenness(g: &Graph) -> Vec<f64> {
    let n = g.node_count();
    if n < 3 {
        return vec![0.0; n];
    }
    let adj = Adjacency::by_degree(g);
    let blocks = BLOCKS.min(n);
    // Blocks run in waves of a few per thread; only a wave's partial sums are held at once, and they
    // are added in block order so that rounding does not depend on the schedule.
    let wave = 4 * rayon::current_num_threads().max(1);
    let mut total = vec![0.0; n];
    for first in (0..blocks).step_by(wave) {
        let parts: Vec<Vec<f64>> = (first..(first + wave).min(blocks))
            .into_par_iter()
            .map_init(
                || Brandes::new(n),
                |worker, block| {
                    let mut acc = vec![0.0; n];
                    for s in (block..n).step_by(blocks) {
                        worker.source(&adj, s as u32, &mut acc);
                    }
                    acc
                },
            )
            .collect();
        for part in parts {
            total.iter_mut().zip(&part).for_each(|(t, p)| *t += p);
        }
    }
    let scale = if g.is_directed() { 1.0 } else { 0.5 };
    let mut out = vec![0.0; n];
    for (&old, &b) in adj.old_of_new.iter().zip(&total) {
        out[old as usize] = b * scale;
    }
    out
}

/// Exact betweenness with NetworkX's `normalized=True` convention: the sum over ordered pairs divided
/// by `(n − 1)(n − 2)` (undirected: [`betweenness`] divided by `(n − 1)(n − 2) / 2`). With fewer than
/// three nodes every value is 0.
pub fn betweenness_normalized(g: &Graph) -> Vec<f64> {
    let n = g.node_count();
    let mut b = betweenness(g);
    if n >= 3 {
        let ordered = if g.is_directed() { 1.0 } else { 2.0 };
        let scale = ordered / ((n - 1) as f64 * (n - 2) as f64);
        b.iter_mut().for_each(|x| *x *= scale);
    }
    b
}

/// The adjacency renumbered for locality: node `new` is `old_of_new[new]` of the original graph.
struct Adjacency {
    out_offsets: Vec<usize>,
    out_targets: Vec<u32>,
    /// In-lists of a directed graph; empty when undirected (the out-lists serve both ways).
    in_offsets: Vec<usize>,
    in_targets: Vec<u32>,
    old_of_new: Vec<u32>,
}

impl Adjacency {
    /// Renumbers the nodes by decreasing degree (ties by number) and copies the neighbour lists, each
    /// sorted. Hubs, which most searches touch, then share a few cache lines.
    fn by_degree(g: &Graph) -> Adjacency {
        let n = g.node_count();
        let total_degree = |v: u32| g.degree(v) + if g.is_directed() { g.in_neighbors(v).len() } else { 0 };
        let mut old_of_new: Vec<u32> = (0..n as u32).collect();
        old_of_new.sort_by_key(|&v| std::cmp::Reverse(total_degree(v)));
        let mut new_of_old = vec![0u32; n];
        for (new, &old) in old_of_new.iter().enumerate() {
            new_of_old[old as usize] = new as u32;
        }
        let lists = |incoming: bool| {
            let mut offsets = Vec::with_capacity(n + 1);
            let mut targets = Vec::new();
            offsets.push(0);
            for &old in &old_of_new {
                let start = targets.len();
                let list = if incoming { g.in_neighbors(old) } else { g.neighbors(old) };
                targets.extend(list.iter().map(|&w| new_of_old[w as usize]));
                targets[start..].sort_unstable();
                offsets.push(targets.len());
            }
            (offsets, targets)
        };
        let (out_offsets, out_targets) = lists(false);
        let (in_offsets, in_targets) = if g.is_directed() { lists(true) } else { (Vec::new(), Vec::new()) };
        Adjacency { out_offsets, out_targets, in_offsets, in_targets, old_of_new }
    }

    fn directed(&self) -> bool {
        !self.in_offsets.is_empty()
    }

    #[inline]
    fn out_list(&self, v: u32) -> &[u32] {
        &self.out_targets[self.out_offsets[v as usize]..self.out_offsets[v as usize + 1]]
    }

    #[inline]
    fn in_list(&self, v: u32) -> &[u32] {
        if self.in_offsets.is_empty() {
            return self.out_list(v);
        }
        &self.in_targets[self.in_offsets[v as usize]..self.in_offsets[v as usize + 1]]
    }
}

/// A level is searched bottom-up when the in-arcs of the unreached nodes are fewer than this many times
/// the out-arcs of the frontier (a bottom-up arc costs about a third of a top-down one, and leaves
/// fewer nodes for the next level), …
const BOTTOM_UP_RATIO: usize = 5;

/// … and the frontier's out-arcs are at least 1/32 of all arcs (long, thin graphs stay top-down).
const BOTTOM_UP_SHARE: usize = 32;

/// One thread's buffers for Brandes's algorithm, reused for every source.
struct Brandes {
    /// Hop distance from the source (`UNREACHED` outside the current search).
    dist: Vec<u32>,
    /// Number of shortest paths from the source.
    sigma: Vec<f64>,
    /// `(1 + δ(w)) / σ(w)` for the levels already accumulated, 0 elsewhere.
    coef: Vec<f64>,
    /// `σ` of the frontier during a bottom-up step, 0 elsewhere.
    front: Vec<f64>,
    /// Sums pushed to the predecessors during a push step of the accumulation.
    pushed: Vec<f64>,
    /// Nodes in breadth-first order.
    queue: Vec<u32>,
    /// The unreached nodes, for bottom-up steps.
    remaining: Vec<u32>,
    /// Neighbour sums of `coef`, by queue position.
    partial: Vec<f64>,
    /// Start of each level in `queue`, then its end.
    levels: Vec<usize>,
    /// Out-arcs and in-arcs of each level's nodes.
    level_out: Vec<usize>,
    level_in: Vec<usize>,
}

impl Brandes {
    fn new(n: usize) -> Brandes {
        Brandes {
            dist: vec![UNREACHED; n],
            sigma: vec![0.0; n],
            coef: vec![0.0; n],
            front: vec![0.0; n],
            pushed: vec![0.0; n],
            queue: vec![0; n],
            remaining: Vec::new(),
            partial: vec![0.0; n],
            levels: Vec::new(),
            level_out: Vec::new(),
            level_in: Vec::new(),
        }
    }

    /// Adds the dependencies of source `s` to `acc` (indexed by the renumbered nodes).
    fn source(&mut self, adj: &Adjacency, s: u32, acc: &mut [f64]) {
        let Brandes { dist, sigma, coef, front, pushed, queue, remaining, partial, levels, level_out, level_in } = self;
        let n = dist.len();
        let total_in = if adj.directed() { adj.in_targets.len() } else { adj.out_targets.len() };
        dist[s as usize] = 0;
        sigma[s as usize] = 1.0;
        queue[0] = s;
        let mut tail = 1;
        levels.clear();
        levels.extend([0, 1]);
        level_out.clear();
        level_out.push(adj.out_list(s).len());
        level_in.clear();
        level_in.push(adj.in_list(s).len());
        let mut reached_in = adj.in_list(s).len();
        // Whether `remaining` holds (a superset of) the unreached nodes.
        let mut remaining_built = false;

        // Breadth-first search, one level at a time, each level top-down (scan the frontier's out-arcs)
        // or bottom-up (each unreached node sums `σ` over its in-arcs from the frontier: no branch per
        // arc, and big levels cost only the arcs of the few nodes left; Beamer et al. 2012).
        let mut depth = 0;
        loop {
            let next = depth + 1;
            let (start, end) = (levels[depth as usize], levels[depth as usize + 1]);
            let frontier_out = level_out[depth as usize];
            let (mut next_out, mut next_in) = (0, 0);
            if total_in - reached_in < BOTTOM_UP_RATIO * frontier_out && BOTTOM_UP_SHARE * frontier_out >= total_in {
                if remaining_built {
                    remaining.retain(|&v| dist[v as usize] == UNREACHED);
                } else {
                    remaining.clear();
                    remaining.extend((0..n as u32).filter(|&v| dist[v as usize] == UNREACHED));
                    remaining_built = true;
                }
                for &v in &queue[start..end] {
                    front[v as usize] = sigma[v as usize];
                }
                let mut kept = 0;
                for j in 0..remaining.len() {
                    let w = remaining[j];
                    let sum = sum_at(front, adj.in_list(w));
                    if sum > 0.0 {
                        dist[w as usize] = next;
                        sigma[w as usize] = sum;
                        queue[tail] = w;
                        tail += 1;
                        next_out += adj.out_list(w).len();
                        next_in += adj.in_list(w).len();
                    } else {
                        remaining[kept] = w;
                        kept += 1;
                    }
                }
                remaining.truncate(kept);
                for &v in &queue[start..end] {
                    front[v as usize] = 0.0;
                }
            } else {
                for i in start..end {
                    let v = queue[i];
                    let sv = sigma[v as usize];
                    for &w in adj.out_list(v) {
                        let dw = dist[w as usize];
                        if dw == UNREACHED {
                            dist[w as usize] = next;
                            sigma[w as usize] = sv;
                            queue[tail] = w;
                            tail += 1;
                            next_out += adj.out_list(w).len();
                            next_in += adj.in_list(w).len();
                        } else if dw == next {
                            sigma[w as usize] += sv;
                        }
                    }
                }
            }
            if tail == end {
                break;
            }
            reached_in += next_in;
            levels.push(tail);
            level_out.push(next_out);
            level_in.push(next_in);
            depth = next;
        }

        // Accumulation from the deepest level up to level 1 (the source gets nothing). The deepest
        // level has no successors: its sums are 0. A level's sums are either pulled (each node scans
        // its out-arcs) or pushed (each node of the level below adds its `c` along its in-arcs),
        // whichever scans fewer arcs.
        let deepest = levels.len() - 2;
        for level in (1..=deepest).rev() {
            let (start, end) = (levels[level], levels[level + 1]);
            if level == deepest {
                partial[start..end].fill(0.0);
            } else if level_in[level + 1] < level_out[level] {
                for &w in &queue[end..levels[level + 2]] {
                    let c = coef[w as usize];
                    if adj.directed() {
                        // An in-neighbour may be unreached: it must stay 0 for later sources.
                        for &p in adj.in_list(w) {
                            if dist[p as usize] != UNREACHED {
                                pushed[p as usize] += c;
                            }
                        }
                    } else {
                        for &p in adj.in_list(w) {
                            pushed[p as usize] += c;
                        }
                    }
                }
                for i in start..end {
                    let v = queue[i] as usize;
                    partial[i] = pushed[v];
                    pushed[v] = 0.0;
                }
            } else {
                for i in start..end {
                    partial[i] = sum_at(coef, adj.out_list(queue[i]));
                }
            }
            for i in start..end {
                let v = queue[i] as usize;
                let sv = sigma[v];
                acc[v] += sv * partial[i];
                coef[v] = 1.0 / sv + partial[i];
            }
        }

        for &v in &queue[..tail] {
            let v = v as usize;
            dist[v] = UNREACHED;
            sigma[v] = 0.0;
            coef[v] = 0.0;
            pushed[v] = 0.0;
        }
    }
}

/// `Σ values[i]` over `indices`, with four running sums so that the loads overlap.
#[inline]
fn sum_at(values: &[f64], indices: &[u32]) -> f64 {
    let mut s = [0.0; 4];
    let mut chunks = indices.chunks_exact(4);
    for c in &mut chunks {
        s[0] += values[c[0] as usize];
        s[1] += values[c[1] as usize];
        s[2] += values[c[2] as usize];
        s[3] += values[c[3] as usize];
    }
    for &i in chunks.remainder() {
        s[0] += values[i as usize];
    }
    (s[0] + s[1]) + (s[2] + s[3])
}

/// Approximate betweenness from [`betweenness_approx`], with the parameters of its guarantee.
#[derive(Debug, Clone, PartialEq)]
pub struct Approximation {
    /// Estimates on the scale of [`betweenness`]: `normalized · n(n − 1)/2` for an undirected graph,
    /// `normalized · n(n − 1)` for a directed one. Absolute error at most `ε` times that factor (with
    /// the same probability).
    pub values: Vec<f64>,
    /// Estimates of `b(v)`, the fraction of ordered pairs' shortest paths through `v` (the sum over
    /// ordered pairs divided by `n(n − 1)`). Absolute error at most `epsilon` for every node at once,
    /// with probability at least `1 − delta`.
    pub normalized: Vec<f64>,
    /// The number of sampled pairs `r`.
    pub samples: usize,
    /// The error bound `ε` asked for.
    pub epsilon: f64,
    /// The failure probability `δ` asked for.
    pub delta: f64,
    /// The upper bound on the vertex diameter (nodes on a shortest path) used for `r`.
    pub vertex_diameter_bound: usize,
}

impl Approximation {
    /// The estimates on the scale of [`betweenness_normalized`] (NetworkX `normalized=True`):
    /// `normalized · n / (n − 2)`, with error at most `ε · n / (n − 2)`.
    pub fn networkx_normalized(&self) -> Vec<f64> {
        let n = self.normalized.len();
        let scale = if n >= 3 { n as f64 / (n - 2) as f64 } else { 1.0 };
        self.normalized.iter().map(|b| b * scale).collect()
    }
}

/// The Riondato–Kornaropoulos sample size `⌈(0.5 / ε²)(⌊log₂(VD − 2)⌋ + 1 + ln(1/δ))⌉` for a
/// vertex-diameter bound `VD`; 0 when `VD < 3` (no shortest path has an interior node).
///
/// # Panics
/// Unless `0 < epsilon < 1` and `0 < delta < 1`.
pub fn sample_size(vertex_diameter_bound: usize, epsilon: f64, delta: f64) -> usize {
    check_parameters(epsilon, delta);
    if vertex_diameter_bound < 3 {
        return 0;
    }
    let vc = (vertex_diameter_bound - 2).ilog2() as f64 + 1.0;
    (RK_C / (epsilon * epsilon) * (vc + (1.0 / delta).ln())).ceil() as usize
}

/// Refuses an error bound or failure probability outside `(0, 1)`.
fn check_parameters(epsilon: f64, delta: f64) {
    assert!(epsilon > 0.0 && epsilon < 1.0, "epsilon must be in (0, 1), got {epsilon}");
    assert!(delta > 0.0 && delta < 1.0, "delta must be in (0, 1), got {delta}");
}

/// Approximate betweenness by Riondato–Kornaropoulos sampling (see the module docs): with probability
/// at least `1 − delta`, every `normalized` estimate is within `epsilon` of the true fraction.
/// Deterministic for a given `seed`, whatever the number of threads.
///
/// # Panics
/// Unless `0 < epsilon < 1` and `0 < delta < 1`.
pub fn betweenness_approx(g: &Graph, epsilon: f64, delta: f64, seed: u64) -> Approximation {
    check_parameters(epsilon, delta);
    let n = g.node_count();
    let vd = vertex_diameter_bound(g);
    let r = if n < 3 { 0 } else { sample_size(vd, epsilon, delta) };

    let counts: Vec<u64> = if r == 0 {
        vec![0; n]
    } else {
        let min_len = (r / (8 * rayon::current_num_threads().max(1))).max(64);
        (0..r)
            .into_par_iter()
            .with_min_len(min_len)
            .fold(
                || (PathSampler::new(n), vec![0u64; n]),
                |(mut sampler, mut counts), i| {
                    let mut rng = SplitMix64::stream(seed, i as u64);
                    let u = rng.below(n);
                    let mut w = rng.below(n - 1);
                    if w >= u {
                        w += 1;
                    }
                    for &x in sampler.sample(g, u as u32, w as u32, &mut rng) {
                        counts[x as usize] += 1;
                    }
                    (sampler, counts)
                },
            )
            .map(|(_, counts)| counts)
            .reduce_with(|mut a, b| {
                a.iter_mut().zip(&b).for_each(|(x, y)| *x += y);
                a
            })
            .unwrap_or_else(|| vec![0; n])
    };

    let normalized: Vec<f64> = counts.iter().map(|&c| if r == 0 { 0.0 } else { c as f64 / r as f64 }).collect();
    let pairs = n as f64 * n.saturating_sub(1) as f64;
    let scale = if g.is_directed() { pairs } else { pairs / 2.0 };
    let values = normalized.iter().map(|b| b * scale).collect();
    Approximation { values, normalized, samples: r, epsilon, delta, vertex_diameter_bound: vd }
}

/// SplitMix64 (Steele, Lea and Flood 2014): a small, fast, well-mixed generator.
struct SplitMix64(u64);

impl SplitMix64 {
    const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

    /// The generator of sample `index`: its state is the `index`-th output of a SplitMix64 seeded with
    /// `seed`, so the streams of different samples start far apart.
    fn stream(seed: u64, index: u64) -> SplitMix64 {
        SplitMix64(Self::mix(seed.wrapping_add(index.wrapping_add(1).wrapping_mul(Self::GAMMA))))
    }

    fn mix(mut z: u64) -> u64 {
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(Self::GAMMA);
        Self::mix(self.0)
    }

    /// Uniform in `0..n` (multiply-shift; the bias is below 2⁻³² for any graph size).
    fn below(&mut self, n: usize) -> usize {
        ((self.next() as u128 * n as u128) >> 64) as usize
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// A node's state in one bidirectional search. A node is reached by at most one side.
#[derive(Debug, Clone, Copy, Default)]
struct Mark {
    /// The search that last touched the node (0: never).
    stamp: u32,
    /// Hop distance from the side's endpoint, with `BACKWARD` set when reached from the target.
    tag: u32,
    /// Number of shortest paths from the side's endpoint.
    sigma: f64,
}

const BACKWARD: u32 = 1 << 31;

/// One thread's buffers for sampling shortest paths by balanced bidirectional breadth-first search.
struct PathSampler {
    marks: Vec<Mark>,
    stamp: u32,
    frontier: [Vec<u32>; 2],
    next: Vec<u32>,
    path: Vec<u32>,
}

impl PathSampler {
    fn new(n: usize) -> PathSampler {
        PathSampler {
            marks: vec![Mark::default(); n],
            stamp: 0,
            frontier: [Vec::new(), Vec::new()],
            next: Vec::new(),
            path: Vec::new(),
        }
    }

    /// Draws one shortest `u → w` path uniformly and returns its interior nodes (empty if `w` is not
    /// reachable from `u` or is a neighbour of it).
    fn sample(&mut self, g: &Graph, u: u32, w: u32, rng: &mut SplitMix64) -> &[u32] {
        self.path.clear();
        if self.stamp == u32::MAX {
            self.marks.iter_mut().for_each(|m| m.stamp = 0);
            self.stamp = 0;
        }
        self.stamp += 1;
        let stamp = self.stamp;
        let marks = &mut self.marks;
        // Side 0 searches forward from u along out-edges; side 1 backward from w along in-edges.
        let ends = [u, w];
        let tags = [0, BACKWARD];
        let mut depth = [0u32; 2];
        let mut cost = [0usize; 2];
        for side in 0..2 {
            marks[ends[side] as usize] = Mark { stamp, tag: tags[side], sigma: 1.0 };
            self.frontier[side].clear();
            self.frontier[side].push(ends[side]);
            cost[side] = expand_list(g, side, ends[side]).len();
        }
        loop {
            if self.frontier[0].is_empty() || self.frontier[1].is_empty() {
                return &self.path;
            }
            let side = if cost[0] <= cost[1] { 0 } else { 1 };
            let (tag, other) = (tags[side], tags[1 - side]);
            let next_tag = tag | (depth[side] + 1);
            self.next.clear();
            let mut next_cost = 0;
            // Connecting edges (x, y): x on this side's frontier, y reached by the other side (then
            // necessarily on its frontier). One is drawn with probability ∝ σ(x)·σ(y) (reservoir).
            let mut total = 0.0;
            let mut chosen = None;
            for &x in &self.frontier[side] {
                let sx = marks[x as usize].sigma;
                for &y in expand_list(g, side, x) {
                    let my = marks[y as usize];
                    if my.stamp == stamp && my.tag & BACKWARD == other {
                        let weight = sx * my.sigma;
                        total += weight;
                        if rng.unit() * total < weight {
                            chosen = Some((x, y));
                        }
                    } else if chosen.is_some() {
                        // The meeting level is known: further discoveries are not needed.
                    } else if my.stamp != stamp {
                        marks[y as usize] = Mark { stamp, tag: next_tag, sigma: sx };
                        self.next.push(y);
                        next_cost += expand_list(g, side, y).len();
                    } else if my.tag == next_tag {
                        marks[y as usize].sigma += sx;
                    }
                }
            }
            if let Some((x, y)) = chosen {
                // Trace x back to this side's end and y back to the other's, then order u → w.
                let (near, far) = if side == 0 { (x, y) } else { (y, x) };
                trace_back(g, marks, stamp, 0, near, rng, &mut self.path);
                self.path.reverse();
                trace_back(g, marks, stamp, BACKWARD, far, rng, &mut self.path);
                // The path now runs from u to w: keep its interior.
                debug_assert!(self.path.first() == Some(&u) && self.path.last() == Some(&w));
                self.path.pop();
                self.path.remove(0);
                return &self.path;
            }
            std::mem::swap(&mut self.frontier[side], &mut self.next);
            cost[side] = next_cost;
            depth[side] += 1;
        }
    }
}

/// The edges a side's search follows from `v`: out-edges forward (side 0), in-edges backward (side 1).
#[inline]
fn expand_list(g: &Graph, side: usize, v: u32) -> &[u32] {
    if side == 0 { g.neighbors(v) } else { g.in_neighbors(v) }
}

/// Pushes `start` and then a uniformly drawn chain of predecessors back to the end of the side
/// (`tag` 0: forward, `BACKWARD`), choosing each with probability `σ(p) / σ(node)`.
fn trace_back(g: &Graph, marks: &[Mark], stamp: u32, tag: u32, start: u32, rng: &mut SplitMix64, out: &mut Vec<u32>) {
    let mut z = start;
    out.push(z);
    loop {
        let mz = marks[z as usize];
        let d = mz.tag & !BACKWARD;
        if d == 0 {
            return;
        }
        let want = tag | (d - 1);
        // Predecessors of z on the forward side are its in-neighbours; on the backward side its
        // out-neighbours.
        let preds = if tag == 0 { g.in_neighbors(z) } else { g.neighbors(z) };
        let mut t = rng.unit() * mz.sigma;
        let mut pick = None;
        for &p in preds {
            let mp = marks[p as usize];
            if mp.stamp == stamp && mp.tag == want {
                pick = Some(p);
                t -= mp.sigma;
                if t < 0.0 {
                    break;
                }
            }
        }
        z = pick.expect("a node at distance d > 0 has a predecessor at d − 1");
        out.push(z);
    }
}

/// An upper bound on the vertex diameter of `g` (the largest number of nodes on a shortest path), in
/// `O(n + m)`; see the module docs for the method. 0 for an empty graph, 1 for a graph without edges.
pub fn vertex_diameter_bound(g: &Graph) -> usize {
    let n = g.node_count();
    if n == 0 {
        return 0;
    }
    if !g.is_directed() {
        return undirected_vertex_diameter_bound(g);
    }
    let comp = strong_components(g);
    let count = comp.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
    // Each component's highest-degree node (in + out), the first of them on ties.
    let degree = |v: u32| g.degree(v) + g.in_neighbors(v).len();
    let mut root = vec![u32::MAX; count];
    let mut size = vec![0usize; count];
    for v in 0..n as u32 {
        let c = comp[v as usize] as usize;
        size[c] += 1;
        if root[c] == u32::MAX || degree(v) > degree(root[c]) {
            root[c] = v;
        }
    }
    // Eccentricity of a root within its component, forward or backward.
    let mut dist = vec![UNREACHED; n];
    let mut queue = Vec::with_capacity(n);
    let mut eccentricity = |r: u32, forward: bool| -> usize {
        queue.clear();
        queue.push(r);
        dist[r as usize] = 0;
        let mut head = 0;
        let mut ecc = 0;
        while head < queue.len() {
            let v = queue[head];
            head += 1;
            let dv = dist[v as usize];
            ecc = dv as usize;
            let list = if forward { g.neighbors(v) } else { g.in_neighbors(v) };
            for &w in list {
                if comp[w as usize] == comp[r as usize] && dist[w as usize] == UNREACHED {
                    dist[w as usize] = dv + 1;
                    queue.push(w);
                }
            }
        }
        for &v in queue.iter() {
            dist[v as usize] = UNREACHED;
        }
        ecc
    };
    let weight: Vec<usize> = (0..count)
        .map(|c| {
            let hops = eccentricity(root[c], true) + eccentricity(root[c], false);
            (hops + 1).min(size[c])
        })
        .collect();
    // Heaviest path through the condensation. Components are numbered in reverse topological order
    // (every edge leaving component c goes to a component numbered below c), so one pass in increasing
    // order sees each component's successors first.
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); count];
    for v in 0..n as u32 {
        members[comp[v as usize] as usize].push(v);
    }
    let mut best = vec![0usize; count];
    for c in 0..count {
        let mut after = 0;
        for &v in &members[c] {
            for &w in g.neighbors(v) {
                let cw = comp[w as usize] as usize;
                if cw != c {
                    after = after.max(best[cw]);
                }
            }
        }
        best[c] = weight[c] + after;
    }
    best.into_iter().max().unwrap_or(0)
}

/// The undirected bound in one pass: nodes are taken by decreasing degree, so each node not yet reached
/// is the highest-degree node of a new component, and a breadth-first search from it both covers the
/// component and gives its eccentricity.
fn undirected_vertex_diameter_bound(g: &Graph) -> usize {
    let n = g.node_count();
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_by_key(|&v| std::cmp::Reverse(g.degree(v)));
    let mut dist = vec![UNREACHED; n];
    let mut queue = Vec::new();
    let mut best = 0;
    for &r in &order {
        if dist[r as usize] != UNREACHED {
            continue;
        }
        queue.clear();
        queue.push(r);
        dist[r as usize] = 0;
        let mut head = 0;
        let mut ecc = 0;
        while head < queue.len() {
            let v = queue[head];
            head += 1;
            let dv = dist[v as usize];
            ecc = dv as usize;
            for &w in g.neighbors(v) {
                if dist[w as usize] == UNREACHED {
                    dist[w as usize] = dv + 1;
                    queue.push(w);
                }
            }
        }
        best = best.max((2 * ecc + 1).min(queue.len()));
    }
    best
}

/// Strongly connected components by Tarjan's algorithm (iterative), numbered in the order they are
/// completed: reverse topological order of the condensation.
fn strong_components(g: &Graph) -> Vec<u32> {
    let n = g.node_count();
    let mut index = vec![UNREACHED; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![UNREACHED; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut calls: Vec<(u32, usize)> = Vec::new();
    let mut next_index = 0u32;
    let mut count = 0u32;
    for s in 0..n as u32 {
        if index[s as usize] != UNREACHED {
            continue;
        }
        index[s as usize] = next_index;
        low[s as usize] = next_index;
        next_index += 1;
        stack.push(s);
        on_stack[s as usize] = true;
        calls.push((s, 0));
        while let Some(&mut (v, ref mut pos)) = calls.last_mut() {
            let out = g.neighbors(v);
            if *pos < out.len() {
                let w = out[*pos];
                *pos += 1;
                if index[w as usize] == UNREACHED {
                    index[w as usize] = next_index;
                    low[w as usize] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w as usize] = true;
                    calls.push((w, 0));
                } else if on_stack[w as usize] {
                    low[v as usize] = low[v as usize].min(index[w as usize]);
                }
                continue;
            }
            calls.pop();
            if low[v as usize] == index[v as usize] {
                loop {
                    let x = stack.pop().expect("v is on the stack");
                    on_stack[x as usize] = false;
                    comp[x as usize] = count;
                    if x == v {
                        break;
                    }
                }
                count += 1;
            }
            if let Some(&(parent, _)) = calls.last() {
                low[parent as usize] = low[parent as usize].min(low[v as usize]);
            }
        }
    }
    comp
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Betweenness by definition: all-pairs hop distances and path counts (Floyd–Warshall style),
    /// then `Σ σ_sv σ_vt / σ_st` over ordered pairs with `d(s,v) + d(v,t) = d(s,t)`.
    fn by_definition(g: &Graph) -> Vec<f64> {
        let n = g.node_count();
        let mut d = vec![vec![usize::MAX; n]; n];
        let mut sigma = vec![vec![0.0f64; n]; n];
        for s in 0..n {
            // One plain BFS per source, counting paths.
            d[s][s] = 0;
            sigma[s][s] = 1.0;
            let mut queue = std::collections::VecDeque::from([s]);
            while let Some(v) = queue.pop_front() {
                for &w in g.neighbors(v as u32) {
                    let w = w as usize;
                    if d[s][w] == usize::MAX {
                        d[s][w] = d[s][v] + 1;
                        queue.push_back(w);
                    }
                    if d[s][w] == d[s][v] + 1 {
                        sigma[s][w] += sigma[s][v];
                    }
                }
            }
        }
        let mut b = vec![0.0; n];
        for s in 0..n {
            for t in 0..n {
                if s == t || d[s][t] == usize::MAX {
                    continue;
                }
                for v in 0..n {
                    if v != s
                        && v != t
                        && d[s][v] != usize::MAX
                        && d[v][t] != usize::MAX
                        && d[s][v] + d[v][t] == d[s][t]
                    {
                        b[v] += sigma[s][v] * sigma[v][t] / sigma[s][t];
                    }
                }
            }
        }
        let scale = if g.is_directed() { 1.0 } else { 0.5 };
        b.iter().map(|x| x * scale).collect()
    }

    fn random_graph(n: usize, m: usize, directed: bool, seed: u64) -> Graph {
        let mut rng = SplitMix64::stream(seed, 0);
        let pairs: Vec<(u32, u32)> = (0..m).map(|_| (rng.below(n) as u32, rng.below(n) as u32)).collect();
        Graph::from_pairs(n, pairs, directed)
    }

    fn assert_close(a: &[f64], b: &[f64]) {
        assert_eq!(a.len(), b.len());
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            assert!((x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0), "node {i}: {x} vs {y}");
        }
    }

    #[test]
    fn path_graph() {
        // 0 – 1 – 2 – 3 – 4: node 1 is between 0 and {2, 3, 4}; node 2 between {0, 1} and {3, 4}.
        let g = Graph::from_pairs(5, [(0, 1), (1, 2), (2, 3), (3, 4)], false);
        assert_eq!(betweenness(&g), [0.0, 3.0, 4.0, 3.0, 0.0]);
        // Normalised: divided by (n − 1)(n − 2)/2 = 6.
        assert_close(&betweenness_normalized(&g), &[0.0, 0.5, 4.0 / 6.0, 0.5, 0.0]);
    }

    #[test]
    fn star() {
        // The centre lies on the one shortest path of each of the C(5, 2) = 10 pairs of leaves.
        let g = Graph::from_pairs(6, (1..6).map(|v| (0, v)), false);
        assert_eq!(betweenness(&g), [10.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
        assert_close(&betweenness_normalized(&g), &[1.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
    }

    #[test]
    fn directed_cycle() {
        // On a directed n-cycle every node is interior to (n − 1)(n − 2)/2 ordered pairs' paths.
        let g = Graph::from_pairs(5, (0..5).map(|v| (v, (v + 1) % 5)), true);
        assert_eq!(betweenness(&g), [6.0; 5]);
        assert_close(&betweenness_normalized(&g), &[0.5; 5]);
    }

    #[test]
    fn two_routes_split_the_credit() {
        // A square 0 – 1 – 2 – 3 – 0: the pair {0, 2} has two shortest paths, so 1 and 3 get ½ each.
        let g = Graph::from_pairs(4, [(0, 1), (1, 2), (2, 3), (3, 0)], false);
        assert_eq!(betweenness(&g), [0.5; 4]);
    }

    #[test]
    fn tiny_and_empty_graphs() {
        assert!(betweenness(&Graph::from_pairs(0, [], false)).is_empty());
        assert_eq!(betweenness(&Graph::from_pairs(2, [(0, 1)], false)), [0.0, 0.0]);
        assert_eq!(betweenness(&Graph::from_pairs(4, [], true)), [0.0; 4]);
        assert_eq!(betweenness_approx(&Graph::from_pairs(2, [(0, 1)], false), 0.1, 0.1, 1).samples, 0);
    }

    #[test]
    fn matches_the_definition_on_random_graphs() {
        for seed in 0..30 {
            let n = 3 + (seed as usize * 7) % 40;
            let m = n * (1 + seed as usize % 3);
            let directed = seed % 2 == 1;
            let g = random_graph(n, m, directed, seed);
            assert_close(&betweenness(&g), &by_definition(&g));
        }
    }

    #[test]
    fn exact_result_does_not_depend_on_the_threads() {
        let g = random_graph(300, 900, false, 5);
        let run =
            |threads| rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap().install(|| betweenness(&g));
        assert_eq!(run(1), run(3));
    }

    #[test]
    fn sample_size_follows_the_formula() {
        // VD = 10: ⌊log₂ 8⌋ + 1 = 4; ε = 0.1, δ = 0.1: 50 · (4 + ln 10) = 315.13 → 316.
        assert_eq!(sample_size(10, 0.1, 0.1), 316);
        assert_eq!(sample_size(3, 0.1, 0.1), (50.0 * (1.0 + 10f64.ln())).ceil() as usize);
        assert_eq!(sample_size(2, 0.1, 0.1), 0);
    }

    /// The true vertex diameter, from all-pairs BFS.
    fn vertex_diameter(g: &Graph) -> usize {
        let n = g.node_count();
        let mut best = if n > 0 { 1 } else { 0 };
        for s in 0..n as u32 {
            let mut dist = vec![usize::MAX; n];
            dist[s as usize] = 0;
            let mut queue = std::collections::VecDeque::from([s]);
            while let Some(v) = queue.pop_front() {
                best = best.max(dist[v as usize] + 1);
                for &w in g.neighbors(v) {
                    if dist[w as usize] == usize::MAX {
                        dist[w as usize] = dist[v as usize] + 1;
                        queue.push_back(w);
                    }
                }
            }
        }
        best
    }

    #[test]
    fn vertex_diameter_bound_is_an_upper_bound() {
        for seed in 0..40 {
            let n = 2 + (seed as usize * 13) % 60;
            let m = n * (1 + seed as usize % 2);
            let g = random_graph(n, m, seed % 2 == 0, seed + 100);
            let (bound, truth) = (vertex_diameter_bound(&g), vertex_diameter(&g));
            assert!(bound >= truth, "seed {seed}: bound {bound} < vertex diameter {truth}");
        }
        // Exact on a path, and on a directed path through three single-node components.
        assert_eq!(vertex_diameter_bound(&Graph::from_pairs(4, [(0, 1), (1, 2), (2, 3)], false)), 4);
        assert_eq!(vertex_diameter_bound(&Graph::from_pairs(3, [(0, 1), (1, 2)], true)), 3);
        assert_eq!(vertex_diameter_bound(&Graph::from_pairs(3, [], true)), 1);
    }

    #[test]
    fn approximation_is_within_epsilon_and_deterministic() {
        for (directed, seed) in [(false, 1), (true, 2)] {
            let g = random_graph(200, 500, directed, seed);
            let exact = betweenness(&g);
            let pairs = 200.0 * 199.0 / if directed { 1.0 } else { 2.0 };
            let eps = 0.02;
            let run = |threads| {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .unwrap()
                    .install(|| betweenness_approx(&g, eps, 0.1, 42))
            };
            let a = run(2);
            assert_eq!(a, run(1), "the same seed gives the same estimates");
            assert_eq!(a.samples, sample_size(a.vertex_diameter_bound, eps, 0.1));
            for (v, (&x, &b)) in a.normalized.iter().zip(&exact).enumerate() {
                assert!((x - b / pairs).abs() <= eps, "node {v}: estimate {x} vs {}", b / pairs);
                assert!((a.values[v] - x * pairs).abs() <= 1e-9 * pairs);
            }
        }
    }

    #[test]
    fn paths_are_drawn_uniformly() {
        // 0 → {1, 2, 3} → 4 and 1 → 5 → 4 is longer: the pair (0, 4) has three shortest paths.
        // With many samples each middle node gets a third of that pair's share.
        let g = Graph::from_pairs(6, [(0, 1), (0, 2), (0, 3), (1, 4), (2, 4), (3, 4), (1, 5), (5, 4)], true);
        let mut sampler = PathSampler::new(6);
        let mut hits = [0usize; 6];
        let trials = 30_000;
        for i in 0..trials {
            let mut rng = SplitMix64::stream(9, i);
            let path = sampler.sample(&g, 0, 4, &mut rng);
            assert_eq!(path.len(), 1);
            hits[path[0] as usize] += 1;
        }
        for (v, &h) in hits.iter().enumerate().take(4).skip(1) {
            let share = h as f64 / trials as f64;
            assert!((share - 1.0 / 3.0).abs() < 0.02, "node {v}: {share}");
        }
        assert_eq!(hits[5], 0);
        // A longer pair, both directions of the search: 5 → 4 is direct, 0 → 5 goes through 1.
        let mut rng = SplitMix64::stream(9, 0);
        assert_eq!(sampler.sample(&g, 0, 5, &mut rng), [1]);
        assert!(sampler.sample(&g, 4, 0, &mut rng).is_empty(), "no path back");
    }
}
