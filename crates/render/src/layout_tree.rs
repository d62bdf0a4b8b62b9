//! Tidy layout of trees and forests in linear time.
//!
//! The algorithm is Reingold and Tilford's tidy tree drawing as improved by Walker and made linear
//! by Buchheim, Jünger and Leipert: C. Buchheim, M. Jünger, S. Leipert, "Improving Walker's
//! algorithm to run in linear time", *Graph Drawing* (GD 2002), LNCS 2528, pp. 344–353.
//!
//! Every node gets a *depth* (its generation) and a *position* along the other axis. Nodes of one
//! depth keep their order and never come closer than `separation(left, right)` (centre to centre);
//! a parent is centred over its first and last child; subtrees are packed as closely as the
//! separation allows and smaller subtrees between two larger ones are spread evenly.
//!
//! Both walks are written with explicit stacks, so a chain of any length lays out without deep
//! recursion. A forest is laid out as the children of one virtual root. The parent links are
//! checked first: a link out of range, to the node itself or closing a cycle is dropped, making that
//! node a root.

/// A node index meaning "none".
const NONE: usize = usize::MAX;

/// The result of [`tidy_tree`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TidyLayout {
    /// Each node's position along the breadth axis (centre); the smallest is 0.
    pub(crate) pos: Vec<f64>,
    /// Each node's depth; roots are at depth 0.
    pub(crate) depth: Vec<usize>,
    /// The parent links that were used (invalid and cycle-closing links removed).
    pub(crate) parent: Vec<Option<usize>>,
}

/// Parent links with every link out of range, to the node itself or closing a cycle removed.
pub(crate) fn sanitize_parents(parents: &[Option<usize>]) -> Vec<Option<usize>> {
    let n = parents.len();
    let mut parent: Vec<Option<usize>> =
        parents.iter().enumerate().map(|(i, p)| p.filter(|&p| p < n && p != i)).collect();
    // 0: unvisited, 1: on the current path, 2: done.
    let mut state = vec![0u8; n];
    let mut path = Vec::new();
    for start in 0..n {
        let mut v = start;
        while state[v] == 0 {
            state[v] = 1;
            path.push(v);
            match parent[v] {
                Some(p) if state[p] == 1 => {
                    // v's link closes a cycle through the current path: cut it.
                    parent[v] = None;
                    break;
                }
                Some(p) => v = p,
                None => break,
            }
        }
        for u in path.drain(..) {
            state[u] = 2;
        }
    }
    parent
}

/// Lays out the forest given by `parents` (each node's parent index, `None` for roots).
/// `separation(a, b)` is the least distance between the centres of `a` and its right neighbour `b`
/// at the same depth. Children keep their index order, as do roots.
pub(crate) fn tidy_tree(parents: &[Option<usize>], separation: impl Fn(usize, usize) -> f64) -> TidyLayout {
    let n = parents.len();
    let parent = sanitize_parents(parents);
    if n == 0 {
        return TidyLayout { pos: Vec::new(), depth: Vec::new(), parent };
    }
    let mut walker = Walker::new(&parent, separation);
    walker.first_walk();
    let (pos, depth) = walker.second_walk();
    TidyLayout { pos, depth, parent }
}

/// The state of Buchheim–Jünger–Leipert's algorithm over the nodes plus one virtual root (the last
/// index), whose children are the forest's roots.
struct Walker<F> {
    separation: F,
    root: usize,
    parent: Vec<usize>,
    children: Vec<Vec<usize>>,
    /// 1-based index among siblings.
    number: Vec<usize>,
    prelim: Vec<f64>,
    modifier: Vec<f64>,
    shift: Vec<f64>,
    change: Vec<f64>,
    thread: Vec<usize>,
    ancestor: Vec<usize>,
    default_ancestor: Vec<usize>,
}

impl<F: Fn(usize, usize) -> f64> Walker<F> {
    fn new(parents: &[Option<usize>], separation: F) -> Self {
        let n = parents.len();
        let root = n;
        let parent: Vec<usize> = parents.iter().map(|p| p.unwrap_or(root)).chain([NONE]).collect();
        let mut children = vec![Vec::new(); n + 1];
        let mut number = vec![1; n + 1];
        for (v, &p) in parent.iter().enumerate().take(n) {
            children[p].push(v);
            number[v] = children[p].len();
        }
        let default_ancestor = children.iter().map(|c| c.first().copied().unwrap_or(NONE)).collect();
        Walker {
            separation,
            root,
            parent,
            children,
            number,
            prelim: vec![0.0; n + 1],
            modifier: vec![0.0; n + 1],
            shift: vec![0.0; n + 1],
            change: vec![0.0; n + 1],
            thread: vec![NONE; n + 1],
            ancestor: (0..=n).collect(),
            default_ancestor,
        }
    }

    /// The distance between neighbours `a` (left) and `b` (right); the virtual root has none.
    fn distance(&self, a: usize, b: usize) -> f64 {
        (self.separation)(a, b)
    }

    fn left_sibling(&self, v: usize) -> usize {
        let p = self.parent[v];
        if p == NONE || self.number[v] < 2 { NONE } else { self.children[p][self.number[v] - 2] }
    }

    fn leftmost_sibling(&self, v: usize) -> usize {
        let p = self.parent[v];
        if p == NONE { v } else { self.children[p][0] }
    }

    fn next_left(&self, v: usize) -> usize {
        self.children[v].first().copied().unwrap_or(self.thread[v])
    }

    fn next_right(&self, v: usize) -> usize {
        self.children[v].last().copied().unwrap_or(self.thread[v])
    }

    /// FIRSTWALK in post-order, each node followed by its APPORTION, as the recursive original.
    fn first_walk(&mut self) {
        let mut stack: Vec<(usize, usize)> = vec![(self.root, 0)];
        while let Some(top) = stack.last_mut() {
            let (v, next) = *top;
            if let Some(&child) = self.children[v].get(next) {
                top.1 += 1;
                stack.push((child, 0));
                continue;
            }
            stack.pop();
            self.place(v);
            let p = self.parent[v];
            if p != NONE {
                self.default_ancestor[p] = self.apportion(v, self.default_ancestor[p]);
            }
        }
    }

    /// The body of FIRSTWALK for `v` once its children are done.
    fn place(&mut self, v: usize) {
        let w = self.left_sibling(v);
        let after_left = if w == NONE { None } else { Some(self.prelim[w] + self.distance(w, v)) };
        if self.children[v].is_empty() {
            self.prelim[v] = after_left.unwrap_or(0.0);
            return;
        }
        self.execute_shifts(v);
        let first = self.children[v][0];
        let last = self.children[v][self.children[v].len() - 1];
        let midpoint = (self.prelim[first] + self.prelim[last]) / 2.0;
        match after_left {
            Some(x) => {
                self.prelim[v] = x;
                self.modifier[v] = x - midpoint;
            }
            None => self.prelim[v] = midpoint,
        }
    }

    fn apportion(&mut self, v: usize, mut default_ancestor: usize) -> usize {
        let w = self.left_sibling(v);
        if w == NONE {
            return default_ancestor;
        }
        let (mut vip, mut vop, mut vim, mut vom) = (v, v, w, self.leftmost_sibling(v));
        let (mut sip, mut sop, mut sim, mut som) =
            (self.modifier[vip], self.modifier[vop], self.modifier[vim], self.modifier[vom]);
        loop {
            let (right, left) = (self.next_right(vim), self.next_left(vip));
            if right == NONE || left == NONE {
                break;
            }
            vim = right;
            vip = left;
            // The outer contours are as deep as the inner ones (threads make sure of it).
            let (outer_left, outer_right) = (self.next_left(vom), self.next_right(vop));
            if outer_left == NONE || outer_right == NONE {
                break;
            }
            vom = outer_left;
            vop = outer_right;
            self.ancestor[vop] = v;
            let shift = (self.prelim[vim] + sim) - (self.prelim[vip] + sip) + self.distance(vim, vip);
            if shift > 0.0 {
                let a = self.ancestor[vim];
                let a = if self.parent[a] == self.parent[v] { a } else { default_ancestor };
                self.move_subtree(a, v, shift);
                sip += shift;
                sop += shift;
            }
            sim += self.modifier[vim];
            sip += self.modifier[vip];
            som += self.modifier[vom];
            sop += self.modifier[vop];
        }
        let right = self.next_right(vim);
        if right != NONE && self.next_right(vop) == NONE {
            self.thread[vop] = right;
            self.modifier[vop] += sim - sop;
        }
        let left = self.next_left(vip);
        if left != NONE && self.next_left(vom) == NONE {
            self.thread[vom] = left;
            self.modifier[vom] += sip - som;
            default_ancestor = v;
        }
        default_ancestor
    }

    fn move_subtree(&mut self, wm: usize, wp: usize, shift: f64) {
        let subtrees = self.number[wp].saturating_sub(self.number[wm]).max(1) as f64;
        self.change[wp] -= shift / subtrees;
        self.shift[wp] += shift;
        self.change[wm] += shift / subtrees;
        self.prelim[wp] += shift;
        self.modifier[wp] += shift;
    }

    fn execute_shifts(&mut self, v: usize) {
        let (mut shift, mut change) = (0.0, 0.0);
        for i in (0..self.children[v].len()).rev() {
            let w = self.children[v][i];
            self.prelim[w] += shift;
            self.modifier[w] += shift;
            change += self.change[w];
            shift += self.shift[w] + change;
        }
    }

    /// SECONDWALK in pre-order: absolute positions, shifted so the smallest is 0, and depths.
    fn second_walk(&self) -> (Vec<f64>, Vec<usize>) {
        let n = self.root;
        let mut pos = vec![0.0; n];
        let mut depth = vec![0; n];
        // (node, sum of the ancestors' modifiers, depth)
        let mut stack: Vec<(usize, f64, usize)> =
            self.children[self.root].iter().rev().map(|&r| (r, self.modifier[self.root], 0)).collect();
        while let Some((v, m, d)) = stack.pop() {
            pos[v] = self.prelim[v] + m;
            depth[v] = d;
            for &c in self.children[v].iter().rev() {
                stack.push((c, m + self.modifier[v], d + 1));
            }
        }
        let min = pos.iter().copied().fold(f64::INFINITY, f64::min);
        if min.is_finite() {
            for p in &mut pos {
                *p -= min;
            }
        }
        (pos, depth)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A SplitMix64 step (tests' own random numbers).
    fn next(state: &mut u64) -> u64 {
        *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A random tree of `n` nodes in depth-first order.
    fn random_tree(n: usize, seed: u64) -> Vec<Option<usize>> {
        let mut state = seed;
        let mut parents = vec![None];
        let mut path = vec![0usize];
        for i in 1..n {
            // Go up a random number of levels, then attach.
            let up = (next(&mut state) % 3) as usize;
            for _ in 0..up.min(path.len() - 1) {
                path.pop();
            }
            parents.push(Some(*path.last().unwrap()));
            path.push(i);
        }
        parents
    }

    /// Checks order and separation at each depth and that parents are centred over their children.
    fn check(parents: &[Option<usize>], layout: &TidyLayout, sep: f64) {
        let n = parents.len();
        let max_depth = layout.depth.iter().copied().max().unwrap_or(0);
        let mut rows: Vec<Vec<usize>> = vec![Vec::new(); max_depth + 1];
        // Pre-order (index order here) is left-to-right order within a depth.
        for v in 0..n {
            rows[layout.depth[v]].push(v);
        }
        for row in &rows {
            for pair in row.windows(2) {
                let d = layout.pos[pair[1]] - layout.pos[pair[0]];
                assert!(d >= sep - 1e-6, "{pair:?} {d}");
            }
        }
        for v in 0..n {
            let kids: Vec<usize> = (0..n).filter(|&c| layout.parent[c] == Some(v)).collect();
            if let (Some(&a), Some(&b)) = (kids.first(), kids.last()) {
                let mid = (layout.pos[a] + layout.pos[b]) / 2.0;
                assert!((layout.pos[v] - mid).abs() < 1e-6, "node {v} is centred");
            }
            if let Some(p) = layout.parent[v] {
                assert_eq!(layout.depth[v], layout.depth[p] + 1);
            }
        }
        assert!(layout.pos.iter().all(|p| p.is_finite() && *p >= -1e-9));
    }

    #[test]
    fn small_trees() {
        assert_eq!(tidy_tree(&[], |_, _| 1.0).pos, Vec::<f64>::new());
        let one = tidy_tree(&[None], |_, _| 1.0);
        assert_eq!((one.pos, one.depth), (vec![0.0], vec![0]));
        // A root with three children: children 0, 1, 2; the root over the middle one.
        let l = tidy_tree(&[None, Some(0), Some(0), Some(0)], |_, _| 1.0);
        assert_eq!(l.pos, vec![1.0, 0.0, 1.0, 2.0]);
        assert_eq!(l.depth, vec![0, 1, 1, 1]);
    }

    #[test]
    fn small_subtrees_between_large_ones_are_spread() {
        // Root with children a (3 leaves), b, c (leaves), d (5 leaves): d is pushed right by a's
        // leaves, and b and c are spread evenly between a and d.
        let parents = [
            None,
            Some(0),
            Some(1),
            Some(1),
            Some(1),
            Some(0),
            Some(0),
            Some(0),
            Some(7),
            Some(7),
            Some(7),
            Some(7),
            Some(7),
        ];
        let l = tidy_tree(&parents, |_, _| 1.0);
        check(&parents, &l, 1.0);
        let (a, b, c, d) = (l.pos[1], l.pos[5], l.pos[6], l.pos[7]);
        assert!(((b - a) - (c - b)).abs() < 1e-9 && ((c - b) - (d - c)).abs() < 1e-9, "{:?}", l.pos);
        assert!((d - a - 4.0).abs() < 1e-9, "{:?}", l.pos);
    }

    #[test]
    fn random_trees_are_tidy() {
        for seed in 0..40 {
            let parents = random_tree(1 + (seed as usize * 7) % 120, seed);
            let l = tidy_tree(&parents, |_, _| 2.0);
            check(&parents, &l, 2.0);
        }
    }

    #[test]
    fn separation_may_depend_on_the_pair() {
        let parents = random_tree(200, 99);
        let sep = |a: usize, b: usize| if parents[a] == parents[b] { 1.0 } else { 3.0 };
        let l = tidy_tree(&parents, sep);
        check(&parents, &l, 1.0);
        let mut by_depth: Vec<(usize, usize)> = (0..parents.len()).map(|v| (l.depth[v], v)).collect();
        by_depth.sort();
        for pair in by_depth.windows(2) {
            let ((da, a), (db, b)) = (pair[0], pair[1]);
            if da == db && l.parent[a] != l.parent[b] {
                assert!(l.pos[b] - l.pos[a] >= 3.0 - 1e-6);
            }
        }
    }

    #[test]
    fn long_chains_and_wide_fans_do_not_recurse() {
        let n: usize = 100_000;
        let chain: Vec<Option<usize>> = (0..n).map(|i| i.checked_sub(1)).collect();
        let l = tidy_tree(&chain, |_, _| 1.0);
        assert_eq!(l.depth[n - 1], n - 1);
        assert!(l.pos.iter().all(|&p| p == 0.0));
        let fan: Vec<Option<usize>> = (0..n).map(|i| if i == 0 { None } else { Some(0) }).collect();
        let l = tidy_tree(&fan, |_, _| 1.0);
        assert_eq!(l.pos[n - 1], (n - 2) as f64);
    }

    #[test]
    fn forests_and_bad_links() {
        // Two roots; a self-link; a link out of range; a cycle 5 → 6 → 5.
        let parents = [None, Some(0), None, Some(3), Some(99), Some(6), Some(5)];
        let l = tidy_tree(&parents, |_, _| 1.0);
        assert_eq!(l.parent, vec![None, Some(0), None, None, None, Some(6), None]);
        check(&parents, &l, 1.0);
    }
}
