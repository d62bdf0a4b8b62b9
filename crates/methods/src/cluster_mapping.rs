//! The U.S. Cluster Mapping Project's cluster classes for one industry (cluster) across regions.
//!
//! # Rules
//!
//! Over the regions with employment > 0 in the industry, with type-7 quantiles
//! ([`crate::quantile`]) of the location quotient, employment and establishments:
//!
//! ```text
//! base        = emp > Q25(emp)  and  est > Q25(est)
//! qualifying  = LQ  > Q25(LQ)   and  base
//! significant = LQ  > Q50(LQ)   and  base
//! strong      = LQ  ≥ Q75(LQ)   and  base  and  LQ ≥ 1
//! strong10    = LQ  ≥ Q90(LQ)   and  base  and  LQ ≥ 1
//! ```
//!
//! Regions with no employment in the industry get no class. The Project divides by a region's
//! *traded* employment when it computes the quotient; the caller chooses the quotient it passes.
//! When establishments are unknown (`est` is `None` for every region) the establishment test is
//! dropped.
//!
//! Reference: the rules as coded in the Project's public code (strong-cluster classification),
//! summarised with a toy case in the project's golden reference notes.

use crate::quantile::quantile_type7;

/// One region's figures in one industry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClusterCell {
    /// Location quotient.
    pub lq: f64,
    /// Employment.
    pub emp: f64,
    /// Establishments, if known.
    pub est: Option<f64>,
}

/// The classes a region reaches in one industry (each implies the ones before it, except that
/// `significant` does not require `qualifying` to be computed first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ClusterClass {
    /// Passes the size filters and LQ > Q25.
    pub qualifying: bool,
    /// Passes the size filters and LQ > Q50.
    pub significant: bool,
    /// Passes the size filters, LQ ≥ Q75 and LQ ≥ 1.
    pub strong: bool,
    /// Passes the size filters, LQ ≥ Q90 and LQ ≥ 1.
    pub strong10: bool,
}

/// The thresholds of one industry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Q25, Q50, Q75 and Q90 of the location quotient.
    pub lq: [f64; 4],
    /// Q25 of employment.
    pub emp25: f64,
    /// Q25 of establishments, when known.
    pub est25: Option<f64>,
}

/// The thresholds over the cells with employment > 0; `None` when there is none.
pub fn thresholds(cells: &[ClusterCell]) -> Option<Thresholds> {
    let active: Vec<&ClusterCell> = cells.iter().filter(|c| c.emp > 0.0).collect();
    let mut lq: Vec<f64> = active.iter().map(|c| c.lq).collect();
    let mut emp: Vec<f64> = active.iter().map(|c| c.emp).collect();
    let mut est: Vec<f64> = active.iter().filter_map(|c| c.est).collect();
    let q = |v: &mut Vec<f64>, p| quantile_type7(v, p);
    Some(Thresholds {
        lq: [q(&mut lq, 0.25)?, q(&mut lq, 0.5)?, q(&mut lq, 0.75)?, q(&mut lq, 0.9)?],
        emp25: q(&mut emp, 0.25)?,
        est25: q(&mut est, 0.25),
    })
}

/// The class of every cell (regions with no employment get the empty class).
pub fn classify(cells: &[ClusterCell]) -> Vec<ClusterClass> {
    let Some(t) = thresholds(cells) else {
        return vec![ClusterClass::default(); cells.len()];
    };
    cells
        .iter()
        .map(|c| {
            if c.emp <= 0.0 {
                return ClusterClass::default();
            }
            let est_ok = match (t.est25, c.est) {
                (None, _) => true,
                (Some(q), Some(e)) => e > q,
                (Some(_), None) => false,
            };
            let base = c.emp > t.emp25 && est_ok;
            ClusterClass {
                qualifying: base && c.lq > t.lq[0],
                significant: base && c.lq > t.lq[1],
                strong: base && c.lq >= t.lq[2] && c.lq >= 1.0,
                strong10: base && c.lq >= t.lq[3] && c.lq >= 1.0,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The toy case of the golden reference notes (rules from the Cluster Mapping Project's code):
    /// qualifying {r3,r4,r5,r8,r9}, significant {r4,r5,r8}, strong {r4,r5}, strong10 {} — r7 has the
    /// highest LQ but fails the size filters. Exact (sets of regions).
    #[test]
    fn cluster_mapping_toy_case() {
        let data = [
            (0.5, 100.0, 5.0),
            (0.8, 300.0, 12.0),
            (1.1, 800.0, 20.0),
            (2.5, 5000.0, 60.0),
            (1.6, 1500.0, 30.0),
            (0.3, 50.0, 2.0),
            (3.0, 40.0, 1.0),
            (1.2, 2000.0, 35.0),
            (0.9, 900.0, 25.0),
            (0.0, 0.0, 0.0),
        ];
        let cells: Vec<ClusterCell> =
            data.iter().map(|&(lq, emp, est)| ClusterCell { lq, emp, est: Some(est) }).collect();
        let classes = classify(&cells);
        let set = |f: fn(&ClusterClass) -> bool| -> Vec<usize> {
            classes.iter().enumerate().filter(|(_, c)| f(c)).map(|(i, _)| i + 1).collect()
        };
        assert_eq!(set(|c| c.qualifying), vec![3, 4, 5, 8, 9]);
        assert_eq!(set(|c| c.significant), vec![4, 5, 8]);
        assert_eq!(set(|c| c.strong), vec![4, 5]);
        assert_eq!(set(|c| c.strong10), Vec::<usize>::new());
        let t = thresholds(&cells).unwrap();
        assert_eq!(t.lq[2], 1.6);
        assert!((t.lq[3] - 2.6).abs() < 1e-12);
    }

    #[test]
    fn without_establishments_the_test_is_dropped() {
        let cells: Vec<ClusterCell> = [(0.5, 10.0), (1.5, 20.0), (2.0, 30.0)]
            .iter()
            .map(|&(lq, emp)| ClusterCell { lq, emp, est: None })
            .collect();
        let c = classify(&cells);
        assert!(c[2].strong && !c[0].strong);
    }
}
