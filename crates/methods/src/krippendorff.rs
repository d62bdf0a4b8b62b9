//! Krippendorff's alpha: the reliability of marks given by several assessors to the same units.
//!
//! # Formula
//!
//! Each unit *u* has the values given to it by the `m_u` assessors who rated it; units rated by fewer
//! than two assessors carry no pairable values and are left out. The coincidence matrix counts every
//! ordered pair of values from different assessors in a unit, each weighted by `1 / (m_u − 1)`:
//!
//! ```text
//! o_ck = Σ_u  (number of ordered pairs (c, k) from different assessors in u) / (m_u − 1)
//! n_c  = Σ_k o_ck,        n = Σ_c n_c   (the number of pairable values)
//! α    = 1 − (n − 1) · Σ_{c,k} o_ck δ²(c, k)  /  Σ_{c,k} n_c n_k δ²(c, k)
//! ```
//!
//! The difference function δ² depends on the level of measurement ([`Level`]):
//!
//! - nominal: `δ² = 0` if `c = k`, else 1;
//! - ordinal: `δ² = (Σ_{g=c..k} n_g − (n_c + n_k) / 2)²`, the ranks of the observed values, so only
//!   the order of the values matters, not their spacing;
//! - interval: `δ² = (c − k)²`;
//! - ratio: `δ² = ((c − k) / (c + k))²`.
//!
//! α = 1 is perfect agreement, α = 0 agreement no better than chance; it can fall below 0. When there
//! are fewer than two pairable values, or every pairable value is the same (no expected disagreement),
//! α is undefined and [`alpha`] returns `None`.
//!
//! # Reference
//!
//! Krippendorff, K. (2011). *Computing Krippendorff's Alpha-Reliability*. Annenberg School for
//! Communication, University of Pennsylvania. <https://repository.upenn.edu/asc_papers/43>. Its worked
//! example (4 observers, 12 units, values 1–5 with missing data) gives α = 0.743 (nominal), 0.815
//! (ordinal), 0.849 (interval) and 0.797 (ratio); chiiki's tests reproduce them.
//!
//! ```
//! use chiiki_methods::krippendorff::{alpha, Level};
//!
//! // Three units, each rated by two assessors on a 0–3 scale.
//! let units = vec![vec![3.0, 3.0], vec![0.0, 1.0], vec![2.0, 2.0]];
//! let a = alpha(&units, Level::Ordinal).unwrap();
//! assert!(a > 0.5 && a < 1.0);
//! ```

/// The level of measurement of the values, which sets the difference function δ².
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Categories without order.
    Nominal,
    /// Ordered categories (chiiki's marks).
    Ordinal,
    /// Numbers with meaningful differences.
    Interval,
    /// Numbers with a meaningful zero.
    Ratio,
}

/// Krippendorff's alpha for `units`, each the list of values the assessors gave that unit (missing
/// values are simply absent). Returns `None` when alpha is undefined: fewer than two pairable values,
/// or no variation among them.
pub fn alpha(units: &[Vec<f64>], level: Level) -> Option<f64> {
    // The distinct values, sorted (found without sorting every value: there are few distinct ones).
    let mut values: Vec<f64> = Vec::new();
    for &v in units.iter().filter(|u| u.len() >= 2).flatten() {
        if let Err(at) = values.binary_search_by(|x| x.total_cmp(&v)) {
            values.insert(at, v);
        }
    }
    let k = values.len();
    if k == 0 {
        return None;
    }
    let index = |v: f64| values.binary_search_by(|x| x.total_cmp(&v)).expect("value is in the domain");

    // The coincidence matrix.
    let mut o = vec![0.0; k * k];
    let mut counts = vec![0usize; k];
    for unit in units.iter().filter(|u| u.len() >= 2) {
        counts.iter_mut().for_each(|c| *c = 0);
        for &v in unit {
            counts[index(v)] += 1;
        }
        let weight = 1.0 / (unit.len() - 1) as f64;
        for c in 0..k {
            if counts[c] == 0 {
                continue;
            }
            for d in 0..k {
                let pairs = if c == d { counts[c] * (counts[c] - 1) } else { counts[c] * counts[d] };
                o[c * k + d] += pairs as f64 * weight;
            }
        }
    }
    let n_c: Vec<f64> = (0..k).map(|c| o[c * k..(c + 1) * k].iter().sum()).collect();
    let n: f64 = n_c.iter().sum();
    if n <= 1.0 {
        return None;
    }

    let delta2 = |c: usize, d: usize| -> f64 {
        if c == d {
            return 0.0;
        }
        match level {
            Level::Nominal => 1.0,
            Level::Ordinal => {
                let (lo, hi) = if c < d { (c, d) } else { (d, c) };
                let between: f64 = n_c[lo..=hi].iter().sum();
                let r = between - (n_c[c] + n_c[d]) / 2.0;
                r * r
            }
            Level::Interval => (values[c] - values[d]).powi(2),
            Level::Ratio => {
                let s = values[c] + values[d];
                if s == 0.0 { 0.0 } else { ((values[c] - values[d]) / s).powi(2) }
            }
        }
    };

    let mut observed = 0.0;
    let mut expected = 0.0;
    for c in 0..k {
        for d in 0..k {
            let w = delta2(c, d);
            observed += o[c * k + d] * w;
            expected += n_c[c] * n_c[d] * w;
        }
    }
    if expected == 0.0 {
        return None;
    }
    Some(1.0 - (n - 1.0) * observed / expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four observers
    /// A–D, twelve units, `.` = missing.
    fn worked_example() -> Vec<Vec<f64>> {
        let rows: [[Option<f64>; 12]; 4] = {
            let n = None;
            let s = |v: f64| Some(v);
            [
                [s(1.), s(2.), s(3.), s(3.), s(2.), s(1.), s(4.), s(1.), s(2.), n, n, n],
                [s(1.), s(2.), s(3.), s(3.), s(2.), s(2.), s(4.), s(1.), s(2.), s(5.), n, s(3.)],
                [n, s(3.), s(3.), s(3.), s(2.), s(3.), s(4.), s(2.), s(2.), s(5.), s(1.), n],
                [s(1.), s(2.), s(3.), s(3.), s(2.), s(4.), s(4.), s(1.), s(2.), s(5.), s(1.), n],
            ]
        };
        (0..12).map(|u| rows.iter().filter_map(|r| r[u]).collect()).collect()
    }

    /// The published values are printed to three decimals: tolerance 5e-4.
    #[test]
    fn reproduces_krippendorffs_worked_example() {
        let units = worked_example();
        let cases = [(Level::Nominal, 0.743), (Level::Ordinal, 0.815), (Level::Interval, 0.849), (Level::Ratio, 0.797)];
        for (level, published) in cases {
            let a = alpha(&units, level).unwrap();
            assert!((a - published).abs() < 5e-4, "{level:?}: {a} vs published {published}");
        }
    }

    #[test]
    fn perfect_agreement_is_one_and_constant_data_is_undefined() {
        let units = vec![vec![0.0, 0.0], vec![3.0, 3.0, 3.0], vec![1.0, 1.0]];
        assert_eq!(alpha(&units, Level::Ordinal), Some(1.0));
        assert_eq!(alpha(&[vec![2.0, 2.0], vec![2.0, 2.0]], Level::Ordinal), None);
        assert_eq!(alpha(&[vec![2.0], vec![1.0]], Level::Ordinal), None, "no pairable values");
        assert_eq!(alpha(&[], Level::Nominal), None);
    }

    #[test]
    fn systematic_disagreement_is_negative() {
        let units = vec![vec![0.0, 3.0], vec![3.0, 0.0], vec![0.0, 3.0]];
        assert!(alpha(&units, Level::Ordinal).unwrap() < 0.0);
    }
}
