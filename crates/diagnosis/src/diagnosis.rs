//! The diagnosis of a region from its consensus: formation base, strengths, proposals, conditions
//! without any mark, and where the assessors disagree.
//!
//! # Formation base
//!
//! The base of a region is the group of its strongest formation condition: among the conditions that
//! belong to a base, take the highest consensus strength mark; the base holding that condition is the
//! region's base. If conditions of several bases share that top mark, the tie is broken by the higher
//! total strength over each base's group, then by the lower base number; the other candidates are
//! reported in `tied_with`, so a tie is never hidden. A region with no strength mark on any formation
//! condition has no formation base ([`FormationBase::None`]); the study holds that a cluster needs at
//! least one.
//!
//! # Strengths, proposals, unmarked conditions
//!
//! Strengths are the conditions with a consensus strength mark above 0, and proposals those with a
//! proposal mark above 0, each ordered by mark (highest first) and then by condition number. Unmarked
//! conditions have neither.
//!
//! # Disagreements
//!
//! A condition's strength or proposal is a disagreement when its marks span at least
//! [`DiagnosisConfig::disagreement_range`] levels (default 2: one assessor saw `***` where another saw
//! `*`, or `**` where another saw nothing).

use chiiki_framework::{ConditionId, Framework, Mark};

use crate::agreement::Agreement;
use crate::consensus::{MarkSummary, RegionAssessment};

/// Settings of the diagnosis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagnosisConfig {
    /// The smallest spread (max − min) of marks that counts as a disagreement.
    pub disagreement_range: u8,
}

impl Default for DiagnosisConfig {
    fn default() -> Self {
        Self { disagreement_range: 2 }
    }
}

/// The formation base of a region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormationBase {
    /// No formation condition has a strength mark.
    None,
    /// The base of the strongest formation condition.
    Found {
        /// The base's number.
        base: u8,
        /// The strength mark of its strongest condition.
        mark: Mark,
        /// Other bases whose conditions share that mark (empty unless tied).
        tied_with: Vec<u8>,
    },
}

impl FormationBase {
    /// The base's number, if there is one.
    pub fn primary(&self) -> Option<u8> {
        match self {
            FormationBase::None => None,
            FormationBase::Found { base, .. } => Some(*base),
        }
    }

    /// Finds the base from consensus strength marks (rule in the module docs).
    pub fn of(framework: &Framework, assessment: &RegionAssessment) -> FormationBase {
        let strength = |id: ConditionId| assessment.condition(id).map_or(Mark::NONE, |c| c.strength.consensus);
        let top = framework
            .bases()
            .iter()
            .flat_map(|b| b.conditions.iter().map(|&c| strength(c)))
            .max()
            .unwrap_or(Mark::NONE);
        if !top.is_marked() {
            return FormationBase::None;
        }
        let mut candidates: Vec<(u8, u32)> = framework
            .bases()
            .iter()
            .filter(|b| b.conditions.iter().any(|&c| strength(c) == top))
            .map(|b| (b.id, b.conditions.iter().map(|&c| u32::from(strength(c).value())).sum()))
            .collect();
        candidates.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        FormationBase::Found {
            base: candidates[0].0,
            mark: top,
            tied_with: candidates[1..].iter().map(|c| c.0).collect(),
        }
    }
}

/// A condition and a mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RankedMark {
    /// The condition.
    pub condition: ConditionId,
    /// The consensus mark.
    pub mark: Mark,
}

/// Which of a condition's two marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    /// Strength at the time of formation.
    Strength,
    /// Proposed promotion condition for the near future.
    Proposal,
}

impl MarkKind {
    /// `strength` or `proposal`.
    pub fn as_str(self) -> &'static str {
        match self {
            MarkKind::Strength => "strength",
            MarkKind::Proposal => "proposal",
        }
    }
}

/// A condition on which the assessors' marks spread widely.
#[derive(Debug, Clone, PartialEq)]
pub struct Disagreement {
    /// The condition.
    pub condition: ConditionId,
    /// Which mark.
    pub kind: MarkKind,
    /// Consensus and spread.
    pub summary: MarkSummary,
    /// Each assessor's mark.
    pub marks: Vec<(String, Mark)>,
}

/// The diagnosis of one region.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnosis {
    /// The region's id.
    pub region_id: String,
    /// Its formation base.
    pub formation_base: FormationBase,
    /// Conditions with a strength mark, strongest first.
    pub strengths: Vec<RankedMark>,
    /// Conditions with a proposal mark, highest first.
    pub proposals: Vec<RankedMark>,
    /// Conditions with neither mark.
    pub unmarked: Vec<ConditionId>,
    /// Agreement among the region's assessors (`None` with fewer than two).
    pub agreement: Option<Agreement>,
    /// Conditions where the assessors disagree.
    pub disagreements: Vec<Disagreement>,
}

fn ranked(assessment: &RegionAssessment, pick: impl Fn(&crate::ConditionConsensus) -> Mark) -> Vec<RankedMark> {
    let mut out: Vec<RankedMark> = assessment
        .conditions
        .iter()
        .map(|c| RankedMark { condition: c.condition, mark: pick(c) })
        .filter(|r| r.mark.is_marked())
        .collect();
    out.sort_by(|a, b| b.mark.cmp(&a.mark).then(a.condition.cmp(&b.condition)));
    out
}

impl Diagnosis {
    /// Diagnoses a region from its consensus.
    pub fn of(framework: &Framework, assessment: &RegionAssessment, config: &DiagnosisConfig) -> Diagnosis {
        let mut disagreements = Vec::new();
        for c in &assessment.conditions {
            for (kind, summary) in [(MarkKind::Strength, c.strength), (MarkKind::Proposal, c.proposal)] {
                if assessment.assessors.len() >= 2 && summary.range() >= config.disagreement_range.max(1) {
                    let marks = c
                        .ratings
                        .iter()
                        .map(|r| (r.assessor.clone(), if kind == MarkKind::Strength { r.strength } else { r.proposal }))
                        .collect();
                    disagreements.push(Disagreement { condition: c.condition, kind, summary, marks });
                }
            }
        }
        Diagnosis {
            region_id: assessment.region.id.clone(),
            formation_base: FormationBase::of(framework, assessment),
            strengths: ranked(assessment, |c| c.strength.consensus),
            proposals: ranked(assessment, |c| c.proposal.consensus),
            unmarked: assessment
                .conditions
                .iter()
                .filter(|c| !c.strength.consensus.is_marked() && !c.proposal.consensus.is_marked())
                .map(|c| c.condition)
                .collect(),
            agreement: assessment.agreement.clone(),
            disagreements,
        }
    }
}
