//! Related and unrelated variety: the decomposition of the entropy of a region's employment over
//! industries into the entropy between industry groups and the entropy within them (Frenken, Van
//! Oort & Verburg 2007).
//!
//! # Formula
//!
//! A region employs `e_i` people in industry `i`; each industry belongs to one group `g` (for
//! example the 2-digit class of a 5-digit industry). With `E = Σ_i e_i`, shares `p_i = e_i / E`, group
//! shares `P_g = Σ_{i∈g} p_i` and logarithms to base 2:
//!
//! ```text
//! entropy            H  = Σ_i p_i log2(1 / p_i)
//! unrelated variety  UV = Σ_g P_g log2(1 / P_g)                   (entropy between groups)
//! related variety    RV = Σ_g P_g H_g,  H_g = Σ_{i∈g} (p_i / P_g) log2(P_g / p_i)   (within groups)
//! ```
//!
//! Entropy decomposes exactly: `H = UV + RV` (Theil 1972). chiiki computes the three separately, so
//! the identity is a check, not a definition; it holds to rounding (about 1e-15).
//!
//! # Conventions
//!
//! - `0 · log2(1/0) = 0`: industries (and groups) without employment add nothing.
//! - A region without employment has no shares: [`variety`] returns `None`.
//! - Group labels are any numbers; only which industries share a label matters.
//! - Logarithms to base 2 (bits), as in Frenken et al. and EconGeo's `entropy()`. Unlike EconGeo,
//!   chiiki adds nothing inside the logarithm (EconGeo uses `log2(p + 1e-9)`) and does not round.
//!
//! # Example
//!
//! Eight jobs: 4 in industry A (group 1), and 2, 1, 1 in industries B, C, D (group 2). The groups
//! hold half the jobs each, so `UV = 1` bit. Within group 2 the shares are ½, ¼, ¼, so `H_2 = 1.5`
//! and `RV = ½ · 0 + ½ · 1.5 = 0.75`. The shares overall are ½, ¼, ⅛, ⅛, so
//! `H = 0.5 + 0.5 + 0.375 + 0.375 = 1.75 = UV + RV` — exactly, since every number is a power of two.
//!
//! ```
//! use chiiki_methods::variety::variety;
//!
//! let v = variety(&[4.0, 2.0, 1.0, 1.0], &[1, 2, 2, 2]).unwrap().unwrap();
//! assert_eq!((v.entropy, v.unrelated, v.related), (1.75, 1.0, 0.75));
//! ```
//!
//! # Reference
//!
//! Frenken, K., Van Oort, F., & Verburg, T. (2007). Related variety, unrelated variety and regional
//! economic growth. *Regional Studies*, 41(5), 685–697. <https://doi.org/10.1080/00343400601120296>

use crate::location_quotient::Matrix;

/// The entropy of a region's employment and its two parts, in bits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Variety {
    /// The entropy over industries, `H`.
    pub entropy: f64,
    /// Unrelated variety `UV`, the entropy between groups.
    pub unrelated: f64,
    /// Related variety `RV`, the share-weighted entropy within groups.
    pub related: f64,
}

/// Why variety could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum VarietyError {
    /// The group labels do not number one per industry.
    #[error("{found} group labels for {expected} industries")]
    Groups {
        /// The number of industries.
        expected: usize,
        /// The number of labels.
        found: usize,
    },
    /// An employment figure is negative, infinite or NaN.
    #[error("industry {industry} has employment {value}; it must be finite and not negative")]
    Value {
        /// The industry.
        industry: usize,
        /// The offending value.
        value: f64,
    },
}

/// Entropy, unrelated and related variety of one region's `employment` by industry, where
/// `groups[i]` labels industry `i`'s group. `None` when the region employs nobody.
pub fn variety(employment: &[f64], groups: &[usize]) -> Result<Option<Variety>, VarietyError> {
    let labels = Labels::new(groups);
    labels.check(employment)?;
    Ok(labels.variety(employment, &mut vec![0.0; labels.count]))
}

/// [`variety`] for every region (row) of `employment`, with one group label per column.
pub fn variety_by_region(employment: &Matrix, groups: &[usize]) -> Result<Vec<Option<Variety>>, VarietyError> {
    let labels = Labels::new(groups);
    let mut group_totals = vec![0.0; labels.count];
    (0..employment.rows())
        .map(|r| {
            labels.check(employment.row(r))?;
            Ok(labels.variety(employment.row(r), &mut group_totals))
        })
        .collect()
}

/// Group labels renumbered `0..count` in the order they first appear.
struct Labels {
    of: Vec<usize>,
    count: usize,
}

impl Labels {
    fn new(groups: &[usize]) -> Labels {
        let mut seen: Vec<usize> = groups.to_vec();
        seen.sort_unstable();
        seen.dedup();
        let of = groups.iter().map(|g| seen.binary_search(g).expect("a label seen")).collect();
        Labels { of, count: seen.len() }
    }

    fn check(&self, employment: &[f64]) -> Result<(), VarietyError> {
        if employment.len() != self.of.len() {
            return Err(VarietyError::Groups { expected: employment.len(), found: self.of.len() });
        }
        if let Some(industry) = employment.iter().position(|v| !v.is_finite() || *v < 0.0) {
            return Err(VarietyError::Value { industry, value: employment[industry] });
        }
        Ok(())
    }

    fn variety(&self, e: &[f64], group_totals: &mut [f64]) -> Option<Variety> {
        let total: f64 = e.iter().sum();
        if total <= 0.0 {
            return None;
        }
        group_totals.fill(0.0);
        for (&g, &v) in self.of.iter().zip(e) {
            group_totals[g] += v;
        }
        // Each term is share · log2(1 / share), the share's reciprocal taken as a quotient of the
        // counts so that it is exact whenever the counts allow.
        let term = |part: f64, whole: f64| if part > 0.0 { part / whole * (whole / part).log2() } else { 0.0 };
        let entropy = e.iter().map(|&v| term(v, total)).sum();
        let unrelated = group_totals.iter().map(|&g| term(g, total)).sum();
        let related = e.iter().zip(&self.of).map(|(&v, &g)| group_totals[g] / total * term(v, group_totals[g])).sum();
        Some(Variety { entropy, unrelated, related })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn powers_of_two_decompose_exactly() {
        // The module example, with the groups labelled arbitrarily.
        let v = variety(&[4.0, 2.0, 1.0, 1.0], &[70, 9, 9, 9]).unwrap().unwrap();
        assert_eq!(v, Variety { entropy: 1.75, unrelated: 1.0, related: 0.75 });
        assert_eq!(v.entropy, v.unrelated + v.related);
    }

    #[test]
    fn a_hand_worked_case_with_thirds() {
        // Jobs 1, 2, 3; industries 1 and 2 in one group. By hand:
        // H  = (1/6) log2 6 + (1/3) log2 3 + (1/2) log2 2
        // UV = 1 (two groups of three jobs each)
        // RV = ½ · ((1/3) log2 3 + (2/3) log2 (3/2)) + ½ · 0
        let v = variety(&[1.0, 2.0, 3.0], &[0, 0, 1]).unwrap().unwrap();
        let h = 6f64.log2() / 6.0 + 3f64.log2() / 3.0 + 0.5;
        let rv = 0.5 * (3f64.log2() / 3.0 + 2.0 / 3.0 * 1.5f64.log2());
        assert!((v.entropy - h).abs() < 1e-15);
        assert_eq!(v.unrelated, 1.0);
        assert!((v.related - rv).abs() < 1e-15);
        assert!((v.entropy - (v.unrelated + v.related)).abs() < 1e-15);
    }

    #[test]
    fn one_group_is_all_related_and_singletons_all_unrelated() {
        let e = [5.0, 0.0, 3.0, 12.0];
        let all = variety(&e, &[1, 1, 1, 1]).unwrap().unwrap();
        assert_eq!(all.unrelated, 0.0);
        assert!((all.related - all.entropy).abs() < 1e-15);
        let each = variety(&e, &[1, 2, 3, 4]).unwrap().unwrap();
        assert_eq!(each.related, 0.0);
        assert!((each.unrelated - each.entropy).abs() < 1e-15);
    }

    #[test]
    fn identity_holds_on_many_regions_and_empty_regions_are_none() {
        let mut state = 3u64;
        let x = Matrix::from_fn(40, 30, |r, _| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            if r == 5 { 0.0 } else { ((state >> 40) % 50) as f64 }
        });
        let groups: Vec<usize> = (0..30).map(|i| i / 4).collect();
        let v = variety_by_region(&x, &groups).unwrap();
        assert_eq!(v[5], None);
        for v in v.iter().flatten() {
            assert!((v.entropy - (v.unrelated + v.related)).abs() < 1e-13);
            assert!(v.unrelated >= 0.0 && v.related >= 0.0);
        }
    }

    #[test]
    fn refuses_mismatched_labels_and_bad_values() {
        assert!(matches!(variety(&[1.0, 2.0], &[0]), Err(VarietyError::Groups { expected: 2, found: 1 })));
        assert!(matches!(variety(&[1.0, -2.0], &[0, 1]), Err(VarietyError::Value { industry: 1, .. })));
        assert_eq!(variety(&[0.0, 0.0], &[0, 1]).unwrap(), None);
    }
}
