//! Spin-off genealogy: the forest of organisations linked to the one each spun off from.
//!
//! # Definitions
//!
//! - An organisation's **parent** is the organisation it spun off from; organisations without one are
//!   **roots**. An **anchor** is a root with at least one descendant (the study's anchor companies,
//!   such as Yamaha Motor in Hamamatsu).
//! - **Size**: the number of descendants (children, their children, …), the anchor itself excluded.
//! - **Generations**: the depth of the deepest descendant (children are generation 1).
//! - **Spin-offs within the window** (default 20 years): the descendants founded in the `window`
//!   calendar years that start with the year of the first descendant's founding,
//!   `first ≤ founded < first + window`. Descendants without a founding year are not counted, and an
//!   anchor whose descendants have no founding year has no window.
//! - **Listed**: descendants marked as listed on a stock exchange.
//! - **Regions reached**: the distinct regions of the anchor and its descendants.
//!
//! The study's test of a spin-off tree is an anchor with at least *N* spin-offs within 20 years (it
//! reports anchors with several tens; chiiki's default *N* is 10).
//!
//! Everything is linear in the number of organisations (plus a sort for regions reached): one
//! counting pass builds the child lists, one breadth-first pass the depths and roots, one reverse pass
//! the subtree sizes.

/// The spin-off forest over organisations `0..n`.
///
/// Invariant: acyclic; `order` lists every node with parents before children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forest {
    parent: Vec<Option<u32>>,
    child_offsets: Vec<usize>,
    children: Vec<u32>,
    order: Vec<u32>,
    depth: Vec<u32>,
    root: Vec<u32>,
}

/// A cycle in the parent links, as the node numbers along it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("spin-off cycle through nodes {0:?}")]
pub struct CycleError(pub Vec<u32>);

impl Forest {
    /// Builds the forest from each node's parent.
    ///
    /// # Errors
    /// [`CycleError`] with the nodes of one cycle when the parent links are not a forest.
    ///
    /// # Panics
    /// If a parent is `>= parent.len()`.
    pub fn new(parent: Vec<Option<u32>>) -> Result<Forest, CycleError> {
        let n = parent.len();
        let mut child_offsets = vec![0usize; n + 1];
        for p in parent.iter().flatten() {
            assert!((*p as usize) < n, "parent {p} outside 0..{n}");
            child_offsets[*p as usize + 1] += 1;
        }
        for i in 0..n {
            child_offsets[i + 1] += child_offsets[i];
        }
        let mut fill = child_offsets.clone();
        let mut children = vec![0u32; child_offsets[n]];
        for (v, p) in parent.iter().enumerate() {
            if let Some(p) = p {
                children[fill[*p as usize]] = v as u32;
                fill[*p as usize] += 1;
            }
        }
        // Breadth-first from the roots: depths, roots, and an order with parents first.
        let mut order: Vec<u32> = (0..n as u32).filter(|&v| parent[v as usize].is_none()).collect();
        let mut depth = vec![0u32; n];
        let mut root = vec![u32::MAX; n];
        for &r in &order {
            root[r as usize] = r;
        }
        let mut head = 0;
        while head < order.len() {
            let v = order[head] as usize;
            head += 1;
            for &c in &children[child_offsets[v]..child_offsets[v + 1]] {
                depth[c as usize] = depth[v] + 1;
                root[c as usize] = root[v];
                order.push(c);
            }
        }
        if order.len() < n {
            // Nodes never reached from a root lie on or below a cycle: walk up from one.
            let start = (0..n).find(|&v| root[v] == u32::MAX).expect("an unreached node") as u32;
            let mut seen = vec![false; n];
            let mut v = start;
            while !seen[v as usize] {
                seen[v as usize] = true;
                v = parent[v as usize].expect("a node on a cycle has a parent");
            }
            let mut cycle = vec![v];
            let mut w = parent[v as usize].expect("on the cycle");
            while w != v {
                cycle.push(w);
                w = parent[w as usize].expect("on the cycle");
            }
            return Err(CycleError(cycle));
        }
        Ok(Forest { parent, child_offsets, children, order, depth, root })
    }

    /// The number of organisations.
    pub fn len(&self) -> usize {
        self.parent.len()
    }

    /// Whether the forest is empty.
    pub fn is_empty(&self) -> bool {
        self.parent.is_empty()
    }

    /// The organisation `v` spun off from.
    pub fn parent(&self, v: u32) -> Option<u32> {
        self.parent[v as usize]
    }

    /// The organisations that spun off from `v`.
    pub fn children(&self, v: u32) -> &[u32] {
        &self.children[self.child_offsets[v as usize]..self.child_offsets[v as usize + 1]]
    }

    /// The generation of `v` below its root (roots are 0).
    pub fn depth(&self, v: u32) -> u32 {
        self.depth[v as usize]
    }

    /// The root of `v`'s tree.
    pub fn root(&self, v: u32) -> u32 {
        self.root[v as usize]
    }

    /// The roots, in node order.
    pub fn roots(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.len() as u32).filter(|&v| self.parent[v as usize].is_none())
    }

    /// The lineage of `v`: its root, …, its parent, `v`.
    pub fn lineage(&self, v: u32) -> Vec<u32> {
        let mut path = vec![v];
        let mut current = v;
        while let Some(p) = self.parent(current) {
            path.push(p);
            current = p;
        }
        path.reverse();
        path
    }

    /// `v` and all its descendants, in depth-first preorder (children in node order).
    pub fn subtree(&self, v: u32) -> Vec<u32> {
        let mut out = Vec::new();
        let mut stack = vec![v];
        while let Some(x) = stack.pop() {
            out.push(x);
            stack.extend(self.children(x).iter().rev());
        }
        out
    }
}

/// Inputs of [`anchor_stats`] for each organisation, indexed like the forest.
#[derive(Debug, Clone, Copy)]
pub struct Attributes<'a> {
    /// Year founded.
    pub founded: &'a [Option<i32>],
    /// Listed on a stock exchange.
    pub listed: &'a [bool],
    /// The region's number.
    pub region: &'a [u32],
}

/// The spin-off measures of one tree (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeStats {
    /// The tree's top organisation.
    pub anchor: u32,
    /// Descendants.
    pub size: usize,
    /// The deepest generation.
    pub generations: u32,
    /// The founding year of the first descendant, if any has one.
    pub first_spinoff: Option<i32>,
    /// Descendants founded within the window from the first one.
    pub within_window: usize,
    /// Listed descendants.
    pub listed: usize,
    /// The regions of the anchor and its descendants, sorted.
    pub regions: Vec<u32>,
}

/// The measures of every anchor (root with descendants), in node order, counting spin-offs in a
/// window of `window` years.
pub fn anchor_stats(forest: &Forest, attrs: Attributes, window: i32) -> Vec<TreeStats> {
    let n = forest.len();
    assert!(attrs.founded.len() == n && attrs.listed.len() == n && attrs.region.len() == n);
    let mut size = vec![0usize; n];
    let mut generations = vec![0u32; n];
    let mut first = vec![i32::MAX; n];
    let mut listed = vec![0usize; n];
    for &v in &forest.order {
        let v = v as usize;
        if forest.parent[v].is_some() {
            let r = forest.root[v] as usize;
            size[r] += 1;
            generations[r] = generations[r].max(forest.depth[v]);
            if let Some(y) = attrs.founded[v] {
                first[r] = first[r].min(y);
            }
            listed[r] += usize::from(attrs.listed[v]);
        }
    }
    let mut within = vec![0usize; n];
    let mut reached: Vec<(u32, u32)> = Vec::with_capacity(n);
    for v in 0..n {
        let r = forest.root[v] as usize;
        if size[r] == 0 {
            continue;
        }
        reached.push((r as u32, attrs.region[v]));
        if forest.parent[v].is_some()
            && let Some(y) = attrs.founded[v]
            && first[r] != i32::MAX
            && y < first[r].saturating_add(window)
        {
            within[r] += 1;
        }
    }
    reached.sort_unstable();
    reached.dedup();
    let mut stats = Vec::new();
    let mut k = 0;
    for r in forest.roots() {
        let ri = r as usize;
        if size[ri] == 0 {
            continue;
        }
        let mut regions = Vec::new();
        while k < reached.len() && reached[k].0 < r {
            k += 1;
        }
        while k < reached.len() && reached[k].0 == r {
            regions.push(reached[k].1);
            k += 1;
        }
        stats.push(TreeStats {
            anchor: r,
            size: size[ri],
            generations: generations[ri],
            first_spinoff: (first[ri] != i32::MAX).then_some(first[ri]),
            within_window: within[ri],
            listed: listed[ri],
            regions,
        });
    }
    stats
}

/// The measures of the tree below any organisation `v` (as if it were an anchor).
pub fn subtree_stats(forest: &Forest, attrs: Attributes, window: i32, v: u32) -> TreeStats {
    let nodes = forest.subtree(v);
    let base = forest.depth(v);
    let below = &nodes[1..];
    let first = below.iter().filter_map(|&x| attrs.founded[x as usize]).min();
    let mut regions: Vec<u32> = nodes.iter().map(|&x| attrs.region[x as usize]).collect();
    regions.sort_unstable();
    regions.dedup();
    TreeStats {
        anchor: v,
        size: below.len(),
        generations: below.iter().map(|&x| forest.depth(x) - base).max().unwrap_or(0),
        first_spinoff: first,
        within_window: match first {
            Some(f) => below
                .iter()
                .filter(|&&x| attrs.founded[x as usize].is_some_and(|y| y < f.saturating_add(window)))
                .count(),
            None => 0,
        },
        listed: below.iter().filter(|&&x| attrs.listed[x as usize]).count(),
        regions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // 0 anchor (1960) ─┬─ 1 (1975, listed) ─┬─ 2 (1985)
    //                  │                     └─ 3 (1990, region 1)
    //                  ├─ 4 (1978)
    //                  ├─ 5 (1982) ── 6 (2001)
    //                  └─ 7 (1999)
    // 8 (1949) alone; 9 (1970) ── 10 (no year)
    fn sample() -> (Forest, Vec<Option<i32>>, Vec<bool>, Vec<u32>) {
        let parent = vec![None, Some(0), Some(1), Some(1), Some(0), Some(0), Some(5), Some(0), None, None, Some(9)];
        let founded = vec![
            Some(1960),
            Some(1975),
            Some(1985),
            Some(1990),
            Some(1978),
            Some(1982),
            Some(2001),
            Some(1999),
            Some(1949),
            Some(1970),
            None,
        ];
        let mut listed = vec![false; 11];
        listed[0] = true;
        listed[1] = true;
        let mut region = vec![0u32; 11];
        region[3] = 1;
        region[9] = 2;
        region[10] = 2;
        (Forest::new(parent).unwrap(), founded, listed, region)
    }

    #[test]
    fn anchors_are_measured_by_hand() {
        let (f, founded, listed, region) = sample();
        let attrs = Attributes { founded: &founded, listed: &listed, region: &region };
        let stats = anchor_stats(&f, attrs, 20);
        assert_eq!(stats.len(), 2, "8 has no descendants");
        let a = &stats[0];
        assert_eq!((a.anchor, a.size, a.generations, a.first_spinoff), (0, 7, 2, Some(1975)));
        // 1975 ≤ year < 1995: 1975, 1985, 1990, 1978, 1982 — not 2001 or 1999.
        assert_eq!(a.within_window, 5);
        assert_eq!(a.listed, 1, "the anchor itself is not counted");
        assert_eq!(a.regions, [0, 1]);
        let b = &stats[1];
        assert_eq!((b.anchor, b.size, b.first_spinoff, b.within_window), (9, 1, None, 0));
        // The same numbers from the subtree walk.
        assert_eq!(subtree_stats(&f, attrs, 20, 0), *a);
        let sub = subtree_stats(&f, attrs, 20, 1);
        assert_eq!((sub.size, sub.generations, sub.within_window, sub.regions.clone()), (2, 1, 2, vec![0, 1]));
    }

    #[test]
    fn lineage_and_subtree() {
        let (f, ..) = sample();
        assert_eq!(f.lineage(6), [0, 5, 6]);
        assert_eq!(f.lineage(8), [8]);
        assert_eq!(f.subtree(1), [1, 2, 3]);
        assert_eq!(f.depth(3), 2);
        assert_eq!(f.root(6), 0);
        assert_eq!(f.roots().collect::<Vec<_>>(), [0, 8, 9]);
    }

    #[test]
    fn cycles_are_found() {
        let e = Forest::new(vec![None, Some(2), Some(3), Some(1), Some(3)]).unwrap_err();
        let mut cycle = e.0.clone();
        cycle.sort_unstable();
        assert_eq!(cycle, [1, 2, 3]);
    }
}
