//! From indicator values to measured marks: each value's percentile among the compared regions, each
//! condition's score (the mean percentile of its marked indicators) and the mark the score reaches.
//!
//! # Rules
//!
//! - Percentile of `x` among the `n` compared regions with a value: `100 × (#{v < x} + ½ #{v = x}) / n`
//!   (mid-rank; four distinct values get 12.5, 37.5, 62.5, 87.5).
//! - Condition score: the mean percentile of its indicators with [`Direction::Higher`] that have a value
//!   for the region; [`Direction::Context`] indicators are reported, not scored.
//! - Measured mark: the number of cut points at or below the score (default cuts 25, 50, 75 give marks
//!   0–3). No indicator value: no measured mark.
//!
//! Pure: no IO, no DataFusion.

use serde::Serialize;

use crate::engine::IndicatorValues;
use crate::registry::{Direction, INDICATORS};

/// One indicator of one region.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorEvidence {
    /// The indicator's id.
    pub id: &'static str,
    /// Its value (`None`: undefined for this region, or no evidence).
    pub value: Option<f64>,
    /// Its percentile among the compared regions (0–100).
    pub percentile: Option<f64>,
    /// Whether it enters the measured mark.
    pub direction: Direction,
}

/// One condition of one region.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConditionEvidence {
    /// The condition (1–15).
    pub id: u8,
    /// The measured mark, if any indicator has a value.
    pub measured_mark: Option<u8>,
    /// The mean percentile the mark comes from.
    pub score: Option<f64>,
    /// Whether the package has the tables of at least one of its indicators.
    pub evidence: bool,
    /// Its indicators.
    pub indicators: Vec<IndicatorEvidence>,
}

/// One region's evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionEvidence {
    /// The region's id.
    pub id: String,
    /// The 15 conditions (or as many as the registry covers), in order.
    pub conditions: Vec<ConditionEvidence>,
}

/// Measured evidence for one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// The year.
    pub year: i32,
    /// The compared regions' ids.
    pub peers: Vec<String>,
    /// The cut points.
    pub cuts: Vec<f64>,
    /// The regions, in the package's order.
    pub regions: Vec<RegionEvidence>,
}

/// The mid-rank percentile of `x` among `values`.
pub fn percentile(values: &[f64], x: f64) -> f64 {
    let below = values.iter().filter(|&&v| v < x).count() as f64;
    let equal = values.iter().filter(|&&v| v == x).count() as f64;
    100.0 * (below + 0.5 * equal) / values.len() as f64
}

/// The mid-rank percentile of each value among the values present (`None` stays `None`), as
/// [`percentile`] gives it: the present values sorted once, each value's counts below and equal two
/// binary searches, so thousands of regions cost a sort instead of a scan per region.
pub fn percentiles(values: &[Option<f64>]) -> Vec<Option<f64>> {
    let mut sorted: Vec<f64> = values.iter().flatten().copied().collect();
    // `total_cmp` puts −0 before +0, which `<` holds equal: the two are neighbours, so `v < x` and
    // `v <= x` still split the sorted values in two.
    sorted.sort_unstable_by(f64::total_cmp);
    let n = sorted.len() as f64;
    values
        .iter()
        .map(|v| {
            v.map(|x| {
                let below = sorted.partition_point(|&v| v < x);
                let through = sorted.partition_point(|&v| v <= x);
                100.0 * (below as f64 + 0.5 * (through - below) as f64) / n
            })
        })
        .collect()
}

/// The mark a score reaches: how many cuts are at or below it.
pub fn mark(score: f64, cuts: &[f64]) -> u8 {
    cuts.iter().filter(|&&c| c <= score).count() as u8
}

/// Percentiles and marks for the year at position `year` of `values`, comparing the regions at
/// positions `peers` (each region in `peers` is reported).
pub fn evidence(values: &IndicatorValues, year: usize, peers: &[usize], cuts: &[f64]) -> Evidence {
    let conditions: Vec<u8> = {
        let mut c: Vec<u8> = INDICATORS.iter().map(|i| i.condition).collect();
        c.dedup();
        c
    };
    let mut regions: Vec<RegionEvidence> =
        peers.iter().map(|&r| RegionEvidence { id: values.regions[r].clone(), conditions: Vec::new() }).collect();
    let per_indicator: Vec<Vec<Option<f64>>> = INDICATORS
        .iter()
        .map(|ind| {
            let vals: Vec<Option<f64>> = peers.iter().map(|&r| values.get(ind.id, r, year)).collect();
            percentiles(&vals)
        })
        .collect();
    for (k, region) in regions.iter_mut().enumerate() {
        for &c in &conditions {
            let mut indicators = Vec::new();
            let mut scored = Vec::new();
            let mut evidence = false;
            for (i, ind) in INDICATORS.iter().enumerate().filter(|(_, i)| i.condition == c) {
                evidence |= values.has_evidence(ind.id);
                let percentile = per_indicator[i][k];
                if ind.direction == Direction::Higher
                    && let Some(p) = percentile
                {
                    scored.push(p);
                }
                indicators.push(IndicatorEvidence {
                    id: ind.id,
                    value: values.get(ind.id, peers[k], year),
                    percentile,
                    direction: ind.direction,
                });
            }
            let score = (!scored.is_empty()).then(|| scored.iter().sum::<f64>() / scored.len() as f64);
            region.conditions.push(ConditionEvidence {
                id: c,
                measured_mark: score.map(|s| mark(s, cuts)),
                score,
                evidence,
                indicators,
            });
        }
    }
    Evidence {
        year: values.years[year],
        peers: peers.iter().map(|&r| values.regions[r].clone()).collect(),
        cuts: cuts.to_vec(),
        regions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mid_rank_percentiles_and_marks() {
        let v = [1.0, 2.0, 3.0, 4.0];
        let p: Vec<f64> = v.iter().map(|&x| percentile(&v, x)).collect();
        assert_eq!(p, vec![12.5, 37.5, 62.5, 87.5]);
        let m: Vec<u8> = p.iter().map(|&s| mark(s, &[25.0, 50.0, 75.0])).collect();
        assert_eq!(m, vec![0, 1, 2, 3]);
        assert_eq!(percentile(&[5.0, 5.0], 5.0), 50.0);
        assert_eq!(mark(25.0, &[25.0, 50.0, 75.0]), 1);
    }

    /// The sorted percentiles equal the definition's counts on values with ties, both zeros, gaps and
    /// values of every sign, for each value present.
    #[test]
    fn sorted_percentiles_equal_the_counts() {
        let values: Vec<Option<f64>> = (0..500u32)
            .map(|i| match i % 7 {
                0 => None,
                1 => Some(0.0),
                2 => Some(-0.0),
                3 => Some(f64::from(i % 13)),
                4 => Some(-f64::from(i) / 3.0),
                _ => Some(f64::from(i).sqrt()),
            })
            .collect();
        let present: Vec<f64> = values.iter().flatten().copied().collect();
        let expected: Vec<Option<f64>> = values.iter().map(|v| v.map(|x| percentile(&present, x))).collect();
        assert_eq!(percentiles(&values), expected);
        assert_eq!(percentiles(&[None, None]), vec![None, None]);
        assert_eq!(percentiles(&[Some(1.0), Some(2.0), Some(3.0), Some(4.0)]), [12.5, 37.5, 62.5, 87.5].map(Some));
    }
}
