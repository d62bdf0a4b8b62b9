//! Agreement among assessors: Krippendorff's alpha for ordinal data over the marks they gave.
//!
//! The units are the (condition, kind of mark) pairs of each region: with the study's framework, 15
//! strength units and 15 proposal units per region. A unit's values are the marks of the assessors
//! who assessed that region (a left-out condition counts as 0, see [`crate::consensus`]). alpha is
//! computed over all units together, and over strength units and proposal units separately. It is
//! undefined (`None`) when no unit has two marks or when every mark is the same.

use std::collections::HashSet;

use chiiki_methods::krippendorff::{Level, alpha};

use crate::consensus::RegionAssessment;

/// Agreement among the assessors of one or more regions.
#[derive(Debug, Clone, PartialEq)]
pub struct Agreement {
    /// The number of distinct assessors.
    pub assessors: usize,
    /// The number of units with at least two marks.
    pub units: usize,
    /// Ordinal alpha over strength and proposal units together.
    pub alpha: Option<f64>,
    /// Ordinal alpha over strength units.
    pub alpha_strength: Option<f64>,
    /// Ordinal alpha over proposal units.
    pub alpha_proposal: Option<f64>,
}

impl Agreement {
    /// The agreement over the units of `regions`; `None` when no region has two assessors.
    pub fn of(regions: &[&RegionAssessment]) -> Option<Agreement> {
        let mut strength: Vec<Vec<f64>> = Vec::new();
        let mut proposal: Vec<Vec<f64>> = Vec::new();
        let mut assessors: HashSet<&str> = HashSet::new();
        for r in regions.iter().filter(|r| r.assessors.len() >= 2) {
            assessors.extend(r.assessors.iter().map(String::as_str));
            for c in &r.conditions {
                strength.push(c.ratings.iter().map(|x| f64::from(x.strength.value())).collect());
                proposal.push(c.ratings.iter().map(|x| f64::from(x.proposal.value())).collect());
            }
        }
        if strength.is_empty() {
            return None;
        }
        let both: Vec<Vec<f64>> = strength.iter().chain(&proposal).cloned().collect();
        Some(Agreement {
            assessors: assessors.len(),
            units: both.len(),
            alpha: alpha(&both, Level::Ordinal),
            alpha_strength: alpha(&strength, Level::Ordinal),
            alpha_proposal: alpha(&proposal, Level::Ordinal),
        })
    }
}

/// The agreement over every region that has at least two assessors.
pub fn overall_agreement(regions: &[RegionAssessment]) -> Option<Agreement> {
    let refs: Vec<&RegionAssessment> = regions.iter().collect();
    Agreement::of(&refs)
}
