//! Sample quantiles by linear interpolation between order statistics: R's `quantile(type = 7)`,
//! NumPy's default (`method = "linear"`) and the rule the U.S. Cluster Mapping Project's code uses.
//!
//! # Formula
//!
//! For values sorted ascending `x_1 ≤ … ≤ x_n` and a probability `p` in `[0, 1]`:
//!
//! ```text
//! h = (n − 1) p,   j = ⌊h⌋,   Q(p) = x_{j+1} + (h − j) (x_{j+2} − x_{j+1})
//! ```
//!
//! with `Q(1) = x_n`. Hyndman & Fan (1996), definition 7.
//!
//! # Conventions
//!
//! Non-finite values are refused by the callers, not here: NaN sorts last with `total_cmp`. An empty
//! sample has no quantile (`None`).
//!
//! ```
//! use chiiki_methods::quantile::quantile_type7;
//! let mut x = [4.0, 1.0, 3.0, 2.0];
//! assert_eq!(quantile_type7(&mut x, 0.5), Some(2.5));
//! assert_eq!(quantile_type7(&mut x, 0.25), Some(1.75));
//! ```

/// The type-7 quantile of `values` at probability `p` (clamped to `[0, 1]`); sorts `values` in place.
pub fn quantile_type7(values: &mut [f64], p: f64) -> Option<f64> {
    values.sort_unstable_by(f64::total_cmp);
    quantile_sorted(values, p)
}

/// The type-7 quantile of `values` at `p`, as [`quantile_type7`] gives it, without sorting: the two
/// order statistics it needs are selected (`O(n)`), leaving `values` partly reordered. For one or a few
/// quantiles of many small samples this is several times faster than a sort.
pub fn quantile_select(values: &mut [f64], p: f64) -> Option<f64> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
    let j = h.floor() as usize;
    if j + 1 >= n {
        return values.iter().copied().max_by(f64::total_cmp);
    }
    let (_, &mut lo, above) = values.select_nth_unstable_by(j, f64::total_cmp);
    let hi = above.iter().copied().min_by(f64::total_cmp).expect("j + 1 < n");
    Some(lo + (h - j as f64) * (hi - lo))
}

/// The type-7 quantile of values already sorted ascending.
pub fn quantile_sorted(sorted: &[f64], p: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
    let j = h.floor() as usize;
    if j + 1 >= n {
        return Some(sorted[n - 1]);
    }
    Some(sorted[j] + (h - j as f64) * (sorted[j + 1] - sorted[j]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// R 4.2: `quantile(c(0.5, 0.8, 1.1, 2.5, 1.6, 0.3, 3.0, 1.2, 0.9), c(.25, .5, .75, .9))`
    /// gives 0.8, 1.1, 1.6, 2.6 (type 7 is R's default).
    /// Selection gives exactly the quantile of the sorted values (the same two order statistics and the
    /// same arithmetic), ties and all.
    #[test]
    fn selection_equals_sorting() {
        let mut state = 7u64;
        for n in 1..60 {
            let x: Vec<f64> = (0..n)
                .map(|_| {
                    state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    ((state >> 33) % 17) as f64 / 3.0
                })
                .collect();
            for p in [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0] {
                let (mut a, mut b) = (x.clone(), x.clone());
                assert_eq!(quantile_select(&mut a, p), quantile_type7(&mut b, p), "n {n}, p {p}");
            }
        }
        assert_eq!(quantile_select(&mut [], 0.5), None);
    }

    #[test]
    fn matches_r_type_7() {
        let mut x = [0.5, 0.8, 1.1, 2.5, 1.6, 0.3, 3.0, 1.2, 0.9];
        let q: Vec<f64> = [0.25, 0.5, 0.75, 0.9].iter().map(|&p| quantile_type7(&mut x, p).unwrap()).collect();
        assert_eq!(&q[..3], &[0.8, 1.1, 1.6]);
        assert!((q[3] - 2.6).abs() < 1e-12);
    }

    #[test]
    fn edges() {
        assert_eq!(quantile_type7(&mut [], 0.5), None);
        assert_eq!(quantile_type7(&mut [7.0], 0.9), Some(7.0));
        assert_eq!(quantile_type7(&mut [1.0, 2.0], 1.0), Some(2.0));
        assert_eq!(quantile_type7(&mut [1.0, 2.0], 0.0), Some(1.0));
    }
}
