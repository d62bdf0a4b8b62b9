//! Gould–Fernandez brokerage roles: how often each organisation sits on an open two-path between
//! others, classified by the groups (regions, sectors, kinds of organisation) of the three ends.
//!
//! # Formula
//!
//! For each node *v* and each ordered pair *(a, c)* of distinct nodes other than *v* with `a → v`,
//! `v → c` and **not** `a → c` (an open two-path through *v*), the path counts once for *v* in one of
//! five roles, by the groups `g(a), g(v), g(c)`:
//!
//! | role | sna | groups |
//! |------|-----|--------|
//! | coordinator    | `w_I`  | `g(a) = g(v) = g(c)` |
//! | itinerant      | `w_O`  | `g(a) = g(c) ≠ g(v)` |
//! | representative | `b_IO` | `g(a) = g(v) ≠ g(c)` |
//! | gatekeeper     | `b_OI` | `g(a) ≠ g(v) = g(c)` |
//! | liaison        | `b_O`  | all three different  |
//!
//! The total is the number of open two-paths through *v*.
//!
//! # Conventions
//!
//! - An undirected graph is read as the symmetric digraph: an open path `a – v – c` counts twice,
//!   as `a → v → c` and as `c → v → a`. (A representative path seen backwards is a gatekeeper path,
//!   so in an undirected graph the two counts are equal.) This is R `sna::brokerage`'s counting on a
//!   symmetric adjacency matrix, and the raw counts equal its `$raw.nli` exactly.
//! - Group labels are any `u32`; only equality matters.
//! - [`null_moments`] gives the expectation and standard deviation of each count under sna's null
//!   model (a Bernoulli graph with the observed density `d = m / (n (n − 1))`, `m` the number of arcs,
//!   an undirected edge being two arcs), as `$exp.nli` and `$sd.nli`; [`z_scores`] gives
//!   `(raw − expected) / sd` as `$z.nli`, `None` where the standard deviation is 0 (sna prints NaN or
//!   ±Inf there).
//!
//! # Computation
//!
//! Paths are not enumerated one by one. For each *v* the out-neighbours are tallied by group; for
//! each in-neighbour *a* only the closed paths (`c ∈ out(a) ∩ out(v)`) are visited, by walking the
//! shorter of the two sorted lists and searching the longer, and the open ones follow by subtraction.
//! The cost is `O(m + Σ_{a → v} min(deg⁺ a, deg⁺ v) · log)`, like triangle counting, instead of
//! `Σ_v deg⁻ v · deg⁺ v`, so hubs stay cheap. Nodes are processed in parallel (rayon).
//!
//! # Reference
//!
//! Gould, R. V., & Fernandez, R. M. (1989). Structures of mediation: A formal approach to brokerage
//! in transaction networks. *Sociological Methodology*, 19, 89–126. <https://doi.org/10.2307/270949>.
//! Butts, C. T. (2008). Social network analysis with sna. *Journal of Statistical Software*, 24(6);
//! `sna::brokerage` 2.7-1 on Padgett's Florentine marriage network with groups
//! `rep(1:3, length.out = 16)` gives Medici 0 6 5 5 12 (w_I w_O b_IO b_OI b_O); chiiki's tests
//! reproduce it and compare every node with live sna.
//!
//! ```
//! use chiiki_graph::Graph;
//! use chiiki_graph::brokerage::brokerage;
//!
//! // A path 0 – 1 – 2: node 1 links group 7 to group 9.
//! let g = Graph::from_pairs(3, [(0, 1), (1, 2)], false);
//! let roles = brokerage(&g, &[7, 7, 9]);
//! assert_eq!((roles[1].representative, roles[1].gatekeeper), (1, 1));
//! assert_eq!(roles[1].total(), 2);
//! ```

use rayon::prelude::*;

use crate::Graph;

/// The raw brokerage counts of one node: the open two-paths through it, by role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Roles {
    /// `w_I`: all three ends in one group.
    pub coordinator: u64,
    /// `w_O`: the two outer ends in one group, the broker in another.
    pub itinerant: u64,
    /// `b_IO`: the source and the broker in one group, the target in another.
    pub representative: u64,
    /// `b_OI`: the broker and the target in one group, the source in another.
    pub gatekeeper: u64,
    /// `b_O`: three different groups.
    pub liaison: u64,
}

impl Roles {
    /// All open two-paths through the node (sna's `t`).
    pub fn total(&self) -> u64 {
        self.coordinator + self.itinerant + self.representative + self.gatekeeper + self.liaison
    }

    /// The counts in sna's column order: `w_I, w_O, b_IO, b_OI, b_O, t`.
    pub fn to_array(&self) -> [u64; 6] {
        [self.coordinator, self.itinerant, self.representative, self.gatekeeper, self.liaison, self.total()]
    }
}

/// Real-valued figures per role (expectations, standard deviations), with the total.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RoleValues {
    /// `w_I`.
    pub coordinator: f64,
    /// `w_O`.
    pub itinerant: f64,
    /// `b_IO`.
    pub representative: f64,
    /// `b_OI`.
    pub gatekeeper: f64,
    /// `b_O`.
    pub liaison: f64,
    /// `t`, all roles.
    pub total: f64,
}

impl RoleValues {
    /// The figures in sna's column order: `w_I, w_O, b_IO, b_OI, b_O, t`.
    pub fn to_array(&self) -> [f64; 6] {
        [self.coordinator, self.itinerant, self.representative, self.gatekeeper, self.liaison, self.total]
    }

    fn from_array(a: [f64; 6]) -> RoleValues {
        RoleValues {
            coordinator: a[0],
            itinerant: a[1],
            representative: a[2],
            gatekeeper: a[3],
            liaison: a[4],
            total: a[5],
        }
    }
}

/// The expectation and standard deviation of a node's counts under sna's null model.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RoleMoments {
    /// Expected counts (`$exp.nli`).
    pub expected: RoleValues,
    /// Standard deviations (`$sd.nli`).
    pub sd: RoleValues,
}

/// Maps arbitrary labels to `0..k` (k distinct labels).
fn dense_groups(groups: &[u32]) -> (Vec<u32>, usize) {
    let mut distinct = groups.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    let dense = groups.iter().map(|g| distinct.binary_search(g).expect("a known label") as u32).collect();
    (dense, distinct.len())
}

fn check_len(g: &Graph, groups: &[u32]) {
    assert_eq!(
        groups.len(),
        g.node_count(),
        "brokerage needs one group per node: {} groups for {} nodes",
        groups.len(),
        g.node_count()
    );
}

/// The raw Gould–Fernandez counts of every node (sna's `$raw.nli`), indexed by node.
///
/// # Panics
/// If `groups.len()` differs from the number of nodes.
pub fn brokerage(g: &Graph, groups: &[u32]) -> Vec<Roles> {
    check_len(g, groups);
    let n = g.node_count();
    let (gr, k) = dense_groups(groups);
    let mut out = vec![Roles::default(); n];
    let chunk = n.div_ceil(rayon::current_num_threads() * 8).max(256);
    out.par_chunks_mut(chunk).enumerate().for_each(|(ci, roles)| {
        // Out-neighbours of the current v per group; reset after each v.
        let mut tally = vec![0u64; k];
        for (i, r) in roles.iter_mut().enumerate() {
            let v = (ci * chunk + i) as u32;
            *r = node_roles(g, &gr, v, &mut tally);
        }
    });
    out
}

fn node_roles(g: &Graph, gr: &[u32], v: u32, tally: &mut [u64]) -> Roles {
    let out_v = g.neighbors(v);
    let ins = g.in_neighbors(v);
    let mut r = Roles::default();
    if out_v.is_empty() || ins.is_empty() {
        return r;
    }
    for &c in out_v {
        tally[gr[c as usize] as usize] += 1;
    }
    let gv = gr[v as usize];
    for &a in ins {
        let ga = gr[a as usize];
        let out_a = g.neighbors(a);
        // Candidates c: out(v) without a itself (mutual edge) and without out(a) (closed paths).
        let mutual = out_v.binary_search(&a).is_ok();
        let (mut closed, mut closed_gv, mut closed_ga) = (0u64, 0u64, 0u64);
        let mut count = |c: u32| {
            let gc = gr[c as usize];
            closed += 1;
            closed_gv += u64::from(gc == gv);
            closed_ga += u64::from(gc == ga);
        };
        if out_a.len() <= out_v.len() {
            for &c in out_a {
                if c != v && out_v.binary_search(&c).is_ok() {
                    count(c);
                }
            }
        } else {
            for &c in out_v {
                if c != a && out_a.binary_search(&c).is_ok() {
                    count(c);
                }
            }
        }
        let open = out_v.len() as u64 - u64::from(mutual) - closed;
        let open_gv = tally[gv as usize] - u64::from(mutual && ga == gv) - closed_gv;
        if ga == gv {
            r.coordinator += open_gv;
            r.representative += open - open_gv;
        } else {
            let open_ga = tally[ga as usize] - u64::from(mutual) - closed_ga;
            r.gatekeeper += open_gv;
            r.itinerant += open_ga;
            r.liaison += open - open_gv - open_ga;
        }
    }
    for &c in out_v {
        tally[gr[c as usize] as usize] = 0;
    }
    r
}

fn choose2(x: f64) -> f64 {
    x * (x - 1.0) / 2.0
}

/// The expectation and standard deviation of every node's counts under sna's null model (sna's
/// `$exp.nli` and `$sd.nli`), indexed by node. They depend only on the density and the sizes of the
/// groups, so nodes of one group share them.
///
/// # Panics
/// If `groups.len()` differs from the number of nodes.
pub fn null_moments(g: &Graph, groups: &[u32]) -> Vec<RoleMoments> {
    check_len(g, groups);
    let nn = g.node_count();
    let (gr, k) = dense_groups(groups);
    if nn == 0 {
        return Vec::new();
    }
    let arcs: usize = (0..nn as u32).map(|v| g.degree(v)).sum();
    let big_n = nn as f64;
    let d = if nn < 2 { 0.0 } else { arcs as f64 / (big_n * (big_n - 1.0)) };
    let mut sizes = vec![0f64; k];
    for &x in &gr {
        sizes[x as usize] += 1.0;
    }
    let p2 = d * d * (1.0 - d);
    let p3 = d.powi(3) * (1.0 - d).powi(3);
    let per_group: Vec<RoleMoments> = (0..k)
        .map(|i| {
            let ni = sizes[i];
            let others = || sizes.iter().enumerate().filter(move |&(j, _)| j != i).map(|(_, &x)| x);
            let mut e = [0f64; 6];
            let mut var = [0f64; 6];
            e[0] = p2 * (ni - 1.0) * (ni - 2.0);
            var[0] = e[0] * (1.0 - p2) + 2.0 * (ni - 1.0) * (ni - 2.0) * (ni - 3.0) * p3;
            e[1] = p2 * others().map(|x| x * (x - 1.0)).sum::<f64>();
            var[1] = e[1] * (1.0 - p2) + 2.0 * others().map(|x| x * (x - 1.0) * (x - 2.0)).sum::<f64>() * p3;
            e[2] = p2 * (big_n - ni) * (ni - 1.0);
            var[2] =
                e[2] * (1.0 - p2) + 2.0 * ((ni - 1.0) * choose2(big_n - ni) + (big_n - ni) * choose2(ni - 1.0)) * p3;
            e[3] = e[2];
            var[3] = var[2];
            let so: f64 = others().sum();
            let so2: f64 = others().map(|x| x * x).sum();
            e[4] = p2 * (so * so - so2);
            var[4] = e[4] * (1.0 - p2) + 4.0 * others().map(|x| x * choose2(big_n - x - ni) * p3).sum::<f64>();
            e[5] = p2 * (big_n - 1.0) * (big_n - 2.0);
            var[5] = e[5] * (1.0 - p2) + 2.0 * (big_n - 1.0) * (big_n - 2.0) * (big_n - 3.0) * p3;
            RoleMoments { expected: RoleValues::from_array(e), sd: RoleValues::from_array(var.map(f64::sqrt)) }
        })
        .collect();
    gr.iter().map(|&x| per_group[x as usize]).collect()
}

/// The z-scores `(raw − expected) / sd` of one node's counts (sna's `$z.nli`), in sna's column
/// order `w_I, w_O, b_IO, b_OI, b_O, t`; `None` where the standard deviation is 0 or undefined.
pub fn z_scores(raw: &Roles, moments: &RoleMoments) -> [Option<f64>; 6] {
    let (r, e, s) = (raw.to_array(), moments.expected.to_array(), moments.sd.to_array());
    std::array::from_fn(|i| (s[i] > 0.0).then(|| (r[i] as f64 - e[i]) / s[i]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Direct enumeration of every ordered triple, for comparison.
    fn naive(g: &Graph, groups: &[u32]) -> Vec<Roles> {
        let n = g.node_count() as u32;
        let mut out = vec![Roles::default(); n as usize];
        for v in 0..n {
            for &a in g.in_neighbors(v) {
                for &c in g.neighbors(v) {
                    if c == a || g.has_edge(a, c) {
                        continue;
                    }
                    let (ga, gv, gc) = (groups[a as usize], groups[v as usize], groups[c as usize]);
                    let r = &mut out[v as usize];
                    match (ga == gv, gv == gc, ga == gc) {
                        (true, true, _) => r.coordinator += 1,
                        (false, _, true) => r.itinerant += 1,
                        (true, false, _) => r.representative += 1,
                        (false, true, _) => r.gatekeeper += 1,
                        _ => r.liaison += 1,
                    }
                }
            }
        }
        out
    }

    #[test]
    fn a_path_counts_both_directions() {
        let g = Graph::from_pairs(3, [(0, 1), (1, 2)], false);
        let r = brokerage(&g, &[1, 1, 2]);
        assert_eq!(r[1], Roles { representative: 1, gatekeeper: 1, ..Roles::default() });
        assert_eq!(r[0].total() + r[2].total(), 0);
        let r = brokerage(&g, &[1, 1, 1]);
        assert_eq!(r[1], Roles { coordinator: 2, ..Roles::default() });
        let r = brokerage(&g, &[1, 2, 1]);
        assert_eq!(r[1], Roles { itinerant: 2, ..Roles::default() });
        let r = brokerage(&g, &[1, 2, 3]);
        assert_eq!(r[1], Roles { liaison: 2, ..Roles::default() });
    }

    #[test]
    fn a_closed_triangle_brokers_nothing() {
        let g = Graph::from_pairs(3, [(0, 1), (1, 2), (0, 2)], false);
        assert!(brokerage(&g, &[1, 2, 3]).iter().all(|r| r.total() == 0));
    }

    #[test]
    fn a_star_centre_brokers_every_pair() {
        // Centre 0 with leaves 1..=4; groups: centre A, leaves A, A, B, C.
        let g = Graph::from_pairs(5, (1..5).map(|i| (0, i)), false);
        let r = brokerage(&g, &[0, 0, 0, 1, 2]);
        // Ordered leaf pairs: 12 in all. (1,2),(2,1): coordinator. A-leaf → non-A: representative
        // (1→3, 1→4, 2→3, 2→4); reverse: gatekeeper; 3↔4: liaison.
        assert_eq!(r[0], Roles { coordinator: 2, itinerant: 0, representative: 4, gatekeeper: 4, liaison: 2 });
        assert_eq!(r[0].total(), 12);
        assert!(r[1..].iter().all(|x| x.total() == 0));
    }

    #[test]
    fn directed_paths_follow_the_arcs() {
        // 0 → 1 → 2, 3 → 1, 1 → 3 (mutual), 0 → 2 closes 0 → 1 → 2.
        let g = Graph::from_pairs(4, [(0, 1), (1, 2), (3, 1), (1, 3), (0, 2)], true);
        let groups = [5, 6, 6, 7];
        let r = brokerage(&g, &groups);
        // Through 1: 0→1→3 (a=5, v=6, c=7: liaison), 3→1→2 (gatekeeper); 0→1→2 closed; 3→1→3 not a path.
        assert_eq!(r[1], Roles { gatekeeper: 1, liaison: 1, ..Roles::default() });
        assert_eq!(r, naive(&g, &groups));
    }

    #[test]
    fn matches_enumeration_on_a_dense_random_digraph() {
        let mut s = 12345u64;
        let mut next = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s
        };
        for directed in [true, false] {
            let n = 40u32;
            let pairs: Vec<(u32, u32)> = (0..500).map(|_| ((next() % 40) as u32, (next() % 40) as u32)).collect();
            let g = Graph::from_pairs(n as usize, pairs, directed);
            let groups: Vec<u32> = (0..n).map(|_| (next() % 4) as u32 * 1000).collect();
            assert_eq!(brokerage(&g, &groups), naive(&g, &groups));
        }
    }

    #[test]
    fn moments_and_z_scores() {
        let g = Graph::from_pairs(3, [(0, 1), (1, 2)], false);
        let m = null_moments(&g, &[1, 1, 2]);
        // d = 4 / 6; total expectation d²(1 − d)(n − 1)(n − 2).
        let d: f64 = 4.0 / 6.0;
        assert!((m[0].expected.total - d * d * (1.0 - d) * 2.0).abs() < 1e-12);
        assert_eq!(m[0], m[1]);
        // Group 1 has two members: a coordinator needs three, so none is expected and sd is 0.
        assert_eq!(m[0].expected.coordinator, 0.0);
        let z = z_scores(&Roles::default(), &m[0]);
        assert_eq!(z[0], None);
        assert!(z[5].unwrap() < 0.0);
    }

    #[test]
    #[should_panic(expected = "one group per node")]
    fn groups_must_cover_every_node() {
        brokerage(&Graph::from_pairs(3, [(0, 1)], false), &[1, 2]);
    }
}
