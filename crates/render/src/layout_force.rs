//! Force-directed layout of undirected graphs, seeded and deterministic.
//!
//! Each connected component is laid out on its own with Fruchterman and Reingold's spring
//! embedder (T. M. J. Fruchterman, E. M. Reingold, "Graph drawing by force-directed placement",
//! *Software: Practice and Experience* 21(11), 1991, pp. 1129–1164): nodes repel each other with
//! force k²/d, edges pull their ends together with force d²/k (scaled by the edge's weight relative
//! to the mean, within ½–2), and each step moves a node by its net force but no further than a
//! *temperature* that falls linearly to zero over a fixed number of iterations. The ideal edge
//! length k is the unit of the result.
//!
//! Repulsion uses the paper's grid variant: the plane is cut into square cells of side 2k and a
//! node is only repelled by the nodes in its own and the eight neighbouring cells closer than 2k,
//! which makes an iteration linear in the number of nodes for evenly spread layouts. A weak pull
//! towards the component's centre (gravity) stands in for the far-away repulsion the grid leaves
//! out and keeps loosely tied parts from drifting.
//!
//! Start positions are uniformly random in a square of area n·k², from a SplitMix64 stream
//! (G. L. Steele, D. Lea, C. H. Flood, "Fast splittable pseudorandom number generators", OOPSLA
//! 2014) seeded with the caller's seed, so the same seed gives the same picture. The components
//! are then packed in rows, largest first, each in its own box with a margin, into a block about
//! half as wide again as it is high.

/// SplitMix64: a tiny, good 64-bit generator (Steele, Lea and Flood 2014).
#[derive(Debug, Clone)]
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator seeded with `seed`.
    pub(crate) fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform number in [0, 1).
    pub(crate) fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The margin around each component when packing, in units of k.
const COMPONENT_MARGIN: f64 = 0.6;
/// Width over height of the packed block.
const PACK_ASPECT: f64 = 1.5;
/// Strength of the pull towards a component's centre.
const GRAVITY: f64 = 0.02;

/// The number of iterations for a component of `n` nodes.
fn iterations(n: usize) -> usize {
    match n {
        0..=200 => 400,
        201..=1000 => 300,
        _ => 220,
    }
}

/// Positions of `n` nodes joined by `edges` (`(a, b, weight)`, undirected; self-loops and
/// out-of-range ends ignored), in units of the ideal edge length, with the smallest x and y 0.
pub(crate) fn force_layout(n: usize, edges: &[(usize, usize, f64)], seed: u64) -> Vec<[f64; 2]> {
    let edges: Vec<(usize, usize, f64)> = edges
        .iter()
        .filter(|(a, b, _)| a != b && *a < n && *b < n)
        .map(|&(a, b, w)| (a, b, if w.is_finite() && w > 0.0 { w } else { 1.0 }))
        .collect();
    let mean = if edges.is_empty() { 1.0 } else { edges.iter().map(|e| e.2).sum::<f64>() / edges.len() as f64 };

    // Components, numbered by their smallest node.
    let mut dsu: Vec<usize> = (0..n).collect();
    fn find(dsu: &mut [usize], mut v: usize) -> usize {
        while dsu[v] != v {
            dsu[v] = dsu[dsu[v]];
            v = dsu[v];
        }
        v
    }
    for &(a, b, _) in &edges {
        let (ra, rb) = (find(&mut dsu, a), find(&mut dsu, b));
        if ra != rb {
            dsu[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut component_of = vec![usize::MAX; n];
    let mut members: Vec<Vec<usize>> = Vec::new();
    let mut local = vec![0; n];
    for v in 0..n {
        let r = find(&mut dsu, v);
        if component_of[r] == usize::MAX {
            component_of[r] = members.len();
            members.push(Vec::new());
        }
        let c = component_of[r];
        component_of[v] = c;
        local[v] = members[c].len();
        members[c].push(v);
    }
    let mut component_edges: Vec<Vec<(usize, usize, f64)>> = vec![Vec::new(); members.len()];
    for &(a, b, w) in &edges {
        component_edges[component_of[a]].push((local[a], local[b], (w / mean).sqrt().clamp(0.5, 2.0)));
    }

    // Lay out each component with its own stream, then pack them.
    let mut rng = SplitMix64::new(seed);
    let layouts: Vec<Vec<[f64; 2]>> = members
        .iter()
        .zip(&component_edges)
        .map(|(m, e)| fruchterman_reingold(m.len(), e, &mut SplitMix64::new(rng.next_u64())))
        .collect();
    let mut order: Vec<usize> = (0..members.len()).collect();
    order.sort_by_key(|&c| std::cmp::Reverse(members[c].len()));
    let boxes: Vec<[f64; 2]> = layouts
        .iter()
        .map(|l| {
            let (_, max) = bounds(l);
            [max[0] + 2.0 * COMPONENT_MARGIN, max[1] + 2.0 * COMPONENT_MARGIN]
        })
        .collect();
    let offsets = pack(&boxes, &order);
    let mut pos = vec![[0.0; 2]; n];
    for (c, offset) in offsets.iter().enumerate() {
        for (&v, p) in members[c].iter().zip(&layouts[c]) {
            pos[v] = [offset[0] + COMPONENT_MARGIN + p[0], offset[1] + COMPONENT_MARGIN + p[1]];
        }
    }
    let (min, _) = bounds(&pos);
    for p in &mut pos {
        *p = [p[0] - min[0], p[1] - min[1]];
    }
    pos
}

/// Where to put boxes of sizes `boxes` (`[width, height]`), taken in `order`: in rows, each row as
/// high as its first box, later boxes stacked in columns beside it. Of a range of row widths (from
/// the widest box to five times it), the one is taken whose block fits best in a frame
/// [`PACK_ASPECT`] times as wide as high.
fn pack(boxes: &[[f64; 2]], order: &[usize]) -> Vec<[f64; 2]> {
    let area: f64 = boxes.iter().map(|b| b[0] * b[1]).sum();
    let widest = boxes.iter().map(|b| b[0]).fold(0.0, f64::max);
    let ideal = (area * PACK_ASPECT).sqrt();
    let candidates =
        (0..=32).map(|i| widest * (1.0 + f64::from(i) / 8.0)).chain((8..=16).map(|i| ideal * f64::from(i) / 10.0));
    let mut best: Option<(f64, Vec<[f64; 2]>)> = None;
    for row_width in candidates.filter(|&w| w >= widest) {
        let at = pack_rows(boxes, order, row_width);
        let (w, h) = boxes
            .iter()
            .zip(&at)
            .fold((0.0, 0.0), |(w, h): (f64, f64), (b, p)| (w.max(p[0] + b[0]), h.max(p[1] + b[1])));
        let frame = (w / PACK_ASPECT).max(h);
        if best.as_ref().is_none_or(|(f, _)| frame < *f - 1e-9) {
            best = Some((frame, at));
        }
    }
    best.map(|(_, at)| at).unwrap_or_default()
}

/// [`pack`] with a given row width.
fn pack_rows(boxes: &[[f64; 2]], order: &[usize], row_width: f64) -> Vec<[f64; 2]> {
    let eps = 1e-9;
    let mut at = vec![[0.0; 2]; boxes.len()];
    // The current row's top and height; the current column's left, width and filled height.
    let (mut row_y, mut row_h) = (0.0, 0.0_f64);
    let (mut col_x, mut col_w, mut col_h) = (0.0, 0.0_f64, 0.0);
    for &c in order {
        let [w, h] = boxes[c];
        if row_h > 0.0 && col_h + h <= row_h + eps && col_x + w.max(col_w) <= row_width + eps {
            // Below the last box of the current column.
            at[c] = [col_x, row_y + col_h];
            col_h += h;
            col_w = col_w.max(w);
        } else if row_h > 0.0 && h <= row_h + eps && col_x + col_w + w <= row_width + eps {
            // A new column in the current row.
            col_x += col_w;
            at[c] = [col_x, row_y];
            (col_w, col_h) = (w, h);
        } else {
            // A new row.
            row_y += row_h;
            at[c] = [0.0, row_y];
            (row_h, col_x, col_w, col_h) = (h, 0.0, w, h);
        }
    }
    at
}

/// The smallest and largest x and y of `points` (zeros when there are none).
pub(crate) fn bounds(points: &[[f64; 2]]) -> ([f64; 2], [f64; 2]) {
    if points.is_empty() {
        return ([0.0; 2], [0.0; 2]);
    }
    let mut min = [f64::INFINITY; 2];
    let mut max = [f64::NEG_INFINITY; 2];
    for p in points {
        for i in 0..2 {
            min[i] = min[i].min(p[i]);
            max[i] = max[i].max(p[i]);
        }
    }
    (min, max)
}

/// Fruchterman–Reingold with grid repulsion on one connected graph of `n` nodes; `edges` carry an
/// attraction factor. Returns positions with the smallest x and y 0.
fn fruchterman_reingold(n: usize, edges: &[(usize, usize, f64)], rng: &mut SplitMix64) -> Vec<[f64; 2]> {
    if n <= 1 {
        return vec![[0.0; 2]; n];
    }
    let side = (n as f64).sqrt();
    let mut pos: Vec<[f64; 2]> = (0..n).map(|_| [rng.next_f64() * side, rng.next_f64() * side]).collect();
    let mut disp = vec![[0.0f64; 2]; n];
    let iterations = iterations(n);
    let t0 = side / 10.0 + 1.0;
    let (cutoff, cutoff2) = (2.0, 4.0);
    let mut grid = Grid::default();

    for i in 0..iterations {
        let t = t0 * (1.0 - i as f64 / iterations as f64);
        disp.fill([0.0; 2]);
        // Repulsion between nodes closer than 2k, found through the grid.
        grid.fill(&pos, cutoff);
        for v in 0..n {
            let (cx, cy) = grid.cell_of(pos[v]);
            for gy in cy.saturating_sub(1)..=(cy + 1).min(grid.rows - 1) {
                for gx in cx.saturating_sub(1)..=(cx + 1).min(grid.cols - 1) {
                    for &u in grid.cell(gx, gy) {
                        if u <= v {
                            continue;
                        }
                        let mut delta = [pos[v][0] - pos[u][0], pos[v][1] - pos[u][1]];
                        let mut d2 = delta[0] * delta[0] + delta[1] * delta[1];
                        if d2 >= cutoff2 {
                            continue;
                        }
                        if d2 < 1e-12 {
                            // Coincident nodes: push apart in a direction fixed by their indices.
                            let angle = (v * 31 + u * 17) as f64;
                            delta = [angle.cos() * 1e-3, angle.sin() * 1e-3];
                            d2 = 1e-6;
                        }
                        // k²/d along delta/d: delta / d².
                        let f = 1.0 / d2;
                        disp[v][0] += delta[0] * f;
                        disp[v][1] += delta[1] * f;
                        disp[u][0] -= delta[0] * f;
                        disp[u][1] -= delta[1] * f;
                    }
                }
            }
        }
        // Attraction along edges: d²/k along delta/d, i.e. delta · d.
        for &(a, b, w) in edges {
            let delta = [pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]];
            let d = (delta[0] * delta[0] + delta[1] * delta[1]).sqrt();
            let f = d * w;
            disp[a][0] -= delta[0] * f;
            disp[a][1] -= delta[1] * f;
            disp[b][0] += delta[0] * f;
            disp[b][1] += delta[1] * f;
        }
        // Gravity towards the centroid.
        let centre = pos.iter().fold([0.0; 2], |c, p| [c[0] + p[0], c[1] + p[1]]);
        let centre = [centre[0] / n as f64, centre[1] / n as f64];
        for (p, d) in pos.iter().zip(&mut disp) {
            let delta = [p[0] - centre[0], p[1] - centre[1]];
            d[0] -= delta[0] * GRAVITY;
            d[1] -= delta[1] * GRAVITY;
        }
        // Move, limited by the temperature.
        for (p, d) in pos.iter_mut().zip(&disp) {
            let len = (d[0] * d[0] + d[1] * d[1]).sqrt();
            if len > 0.0 && len.is_finite() {
                let step = len.min(t) / len;
                p[0] += d[0] * step;
                p[1] += d[1] * step;
            }
        }
    }
    let (min, _) = bounds(&pos);
    pos.iter().map(|p| [p[0] - min[0], p[1] - min[1]]).collect()
}

/// Nodes bucketed into square cells (a counting sort, rebuilt each iteration).
#[derive(Default)]
struct Grid {
    origin: [f64; 2],
    size: f64,
    cols: usize,
    rows: usize,
    start: Vec<usize>,
    items: Vec<usize>,
}

impl Grid {
    /// Buckets `pos` into cells of side at least `size` (larger when the layout is very spread out,
    /// so the grid has at most about four cells per node).
    fn fill(&mut self, pos: &[[f64; 2]], size: f64) {
        let (min, max) = bounds(pos);
        let extent = (max[0] - min[0]).max(max[1] - min[1]).max(size);
        let limit = (4.0 * pos.len() as f64).sqrt().max(1.0);
        self.size = size.max(extent / limit);
        self.origin = min;
        self.cols = ((max[0] - min[0]) / self.size) as usize + 1;
        self.rows = ((max[1] - min[1]) / self.size) as usize + 1;
        let cells = self.cols * self.rows;
        self.start.clear();
        self.start.resize(cells + 1, 0);
        let index: Vec<usize> = pos
            .iter()
            .map(|&p| {
                let (x, y) = self.cell_of(p);
                y * self.cols + x
            })
            .collect();
        for &c in &index {
            self.start[c + 1] += 1;
        }
        for c in 0..cells {
            self.start[c + 1] += self.start[c];
        }
        self.items.clear();
        self.items.resize(pos.len(), 0);
        let mut next = self.start.clone();
        for (v, &c) in index.iter().enumerate() {
            self.items[next[c]] = v;
            next[c] += 1;
        }
    }

    fn cell_of(&self, p: [f64; 2]) -> (usize, usize) {
        let x = (((p[0] - self.origin[0]) / self.size).max(0.0) as usize).min(self.cols - 1);
        let y = (((p[1] - self.origin[1]) / self.size).max(0.0) as usize).min(self.rows - 1);
        (x, y)
    }

    fn cell(&self, x: usize, y: usize) -> &[usize] {
        let c = y * self.cols + x;
        &self.items[self.start[c]..self.start[c + 1]]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distance(a: [f64; 2], b: [f64; 2]) -> f64 {
        ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
    }

    #[test]
    fn splitmix64_matches_the_reference() {
        // The first outputs for seed 0 of the reference implementation (Vigna's splitmix64.c).
        let mut rng = SplitMix64::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        assert!((0..1000).map(|_| rng.next_f64()).all(|x| (0.0..1.0).contains(&x)));
    }

    #[test]
    fn empty_single_and_pairs() {
        assert!(force_layout(0, &[], 1).is_empty());
        assert_eq!(force_layout(1, &[], 1), vec![[0.0, 0.0]]);
        let pair = force_layout(2, &[(0, 1, 1.0)], 1);
        let d = distance(pair[0], pair[1]);
        assert!((0.5..1.5).contains(&d), "an edge is about k long: {d}");
        // Bad edges are ignored.
        let bad = force_layout(2, &[(0, 0, 1.0), (0, 7, 1.0), (1, 0, f64::NAN)], 1);
        assert!(bad.iter().flatten().all(|x| x.is_finite()));
    }

    #[test]
    fn same_seed_same_layout() {
        let edges: Vec<(usize, usize, f64)> = (1..60).map(|i| (i / 3, i, 1.0 + (i % 4) as f64)).collect();
        assert_eq!(force_layout(60, &edges, 42), force_layout(60, &edges, 42));
        assert_ne!(force_layout(60, &edges, 42), force_layout(60, &edges, 43));
    }

    #[test]
    fn neighbours_are_closer_than_strangers_and_nodes_do_not_pile_up() {
        // A ring of 40: neighbours about k apart, opposite nodes far apart.
        let edges: Vec<(usize, usize, f64)> = (0..40).map(|i| (i, (i + 1) % 40, 1.0)).collect();
        let pos = force_layout(40, &edges, 7);
        let mean_edge = edges.iter().map(|&(a, b, _)| distance(pos[a], pos[b])).sum::<f64>() / 40.0;
        let mean_opposite = (0..20).map(|i| distance(pos[i], pos[i + 20])).sum::<f64>() / 20.0;
        assert!(mean_opposite > 3.0 * mean_edge, "{mean_opposite} vs {mean_edge}");
        for a in 0..40 {
            for b in a + 1..40 {
                assert!(distance(pos[a], pos[b]) > 0.2, "{a} and {b} pile up");
            }
        }
    }

    #[test]
    fn components_are_packed_apart() {
        // Two triangles, a pair and three isolated nodes.
        let edges = [(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0), (3, 4, 1.0), (4, 5, 1.0), (5, 3, 1.0), (6, 7, 1.0)];
        let pos = force_layout(11, &edges, 3);
        let groups: [&[usize]; 6] = [&[0, 1, 2], &[3, 4, 5], &[6, 7], &[8], &[9], &[10]];
        let boxes: Vec<([f64; 2], [f64; 2])> =
            groups.iter().map(|g| bounds(&g.iter().map(|&v| pos[v]).collect::<Vec<_>>())).collect();
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                let apart =
                    a.1[0] + 1.0 < b.0[0] || b.1[0] + 1.0 < a.0[0] || a.1[1] + 1.0 < b.0[1] || b.1[1] + 1.0 < a.0[1];
                assert!(apart, "{a:?} {b:?}");
            }
        }
        let (min, max) = bounds(&pos);
        assert_eq!(min, [0.0, 0.0]);
        assert!(max[0] < 20.0 && max[1] < 20.0, "{max:?}");
    }

    #[test]
    fn packing_stacks_small_boxes_beside_large_ones() {
        let boxes = [[6.0, 6.0], [2.0, 2.0], [2.0, 2.0], [2.0, 2.0], [3.0, 1.0], [1.0, 1.0]];
        let at = pack_rows(&boxes, &[0, 1, 2, 3, 4, 5], 9.0);
        // Three 2×2 boxes in a column beside the big one, then the 3×1 box does not fit beside
        // them and starts a new row.
        assert_eq!(at[..5], [[0.0, 0.0], [6.0, 0.0], [6.0, 2.0], [6.0, 4.0], [0.0, 6.0]]);
        assert_eq!(at[5], [3.0, 6.0]);
        for (i, a) in boxes.iter().enumerate() {
            for (j, b) in boxes.iter().enumerate().skip(i + 1) {
                let (p, q) = (at[i], at[j]);
                let apart = p[0] + a[0] <= q[0] || q[0] + b[0] <= p[0] || p[1] + a[1] <= q[1] || q[1] + b[1] <= p[1];
                assert!(apart, "{i} {j}");
            }
        }
    }

    #[test]
    fn packing_keeps_the_block_wide() {
        // Three big boxes: two in a row and one below fits a 3:2 frame best.
        let boxes = [[25.0, 20.0]; 3];
        assert_eq!(pack(&boxes, &[0, 1, 2]), [[0.0, 0.0], [25.0, 0.0], [0.0, 20.0]]);
        // Many unit boxes make a block about 3:2.
        let boxes = vec![[1.0, 1.0]; 600];
        let order: Vec<usize> = (0..600).collect();
        let at = pack(&boxes, &order);
        let w = at.iter().map(|p| p[0] + 1.0).fold(0.0, f64::max);
        let h = at.iter().map(|p| p[1] + 1.0).fold(0.0, f64::max);
        assert!((1.2..1.8).contains(&(w / h)), "{w} × {h}");
        assert!(pack(&[], &[]).is_empty());
    }

    #[test]
    fn two_thousand_nodes() {
        let mut rng = SplitMix64::new(5);
        let n = 2000;
        let mut edges = Vec::new();
        for v in 1..n {
            if v % 40 != 0 {
                edges.push(((rng.next_u64() % v as u64) as usize, v, 1.0));
            }
            if rng.next_f64() < 0.3 {
                edges.push(((rng.next_u64() % n as u64) as usize, v, 2.0));
            }
        }
        let start = std::time::Instant::now();
        let pos = force_layout(n, &edges, 1);
        eprintln!("2,000 nodes, {} edges: {:?}", edges.len(), start.elapsed());
        assert_eq!(pos.len(), n);
        assert!(pos.iter().flatten().all(|x| x.is_finite()));
    }
}
