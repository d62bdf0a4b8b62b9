//! The consensus of several assessors: per region and condition, one mark for strength and one for
//! proposal, with the spread and every assessor's marks.
//!
//! # Rules
//!
//! - **Who assessed a region**: every assessor with at least one row for it. An assessor who assessed
//!   a region but left a condition out gave that condition no mark (0) — the study's charts likewise
//!   mark about three conditions each and leave the rest blank.
//! - **Consensus mark**: the *lower median* of the assessors' marks. For an odd number of assessors it
//!   is the median; for an even number, the lower of the two middle marks. Equivalently, it is the
//!   highest mark that a strict majority of the assessors gave or exceeded, so a consensus never
//!   claims more than most assessors saw.
//! - **Spread**: the lowest and highest mark given.
//! - **Keywords**: every assessor's keywords, each once, in the order the assessors first appear.

use chiiki_framework::{ConditionId, Framework, Mark};

use crate::agreement::Agreement;
use crate::assessment::Assessment;
use chiiki_package::Region;

/// One assessor's marks for one condition.
#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    /// The assessor.
    pub assessor: String,
    /// The strength mark (0 when the assessor left the condition out).
    pub strength: Mark,
    /// The proposal mark (0 when the assessor left the condition out).
    pub proposal: Mark,
    /// The assessor's keywords.
    pub keywords: Vec<String>,
    /// The assessor's evidence text.
    pub evidence: String,
}

/// The consensus of one kind of mark and its spread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MarkSummary {
    /// The consensus mark (the lower median).
    pub consensus: Mark,
    /// The lowest mark given.
    pub min: Mark,
    /// The highest mark given.
    pub max: Mark,
}

impl MarkSummary {
    /// Summarises marks; all zero for none.
    pub fn of(marks: &[Mark]) -> MarkSummary {
        if marks.is_empty() {
            return MarkSummary::default();
        }
        let mut sorted = marks.to_vec();
        sorted.sort_unstable();
        MarkSummary { consensus: sorted[(sorted.len() - 1) / 2], min: sorted[0], max: sorted[sorted.len() - 1] }
    }

    /// `max − min`.
    pub fn range(&self) -> u8 {
        self.max.value() - self.min.value()
    }
}

/// The consensus for one condition of one region.
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionConsensus {
    /// The condition.
    pub condition: ConditionId,
    /// The strength at formation.
    pub strength: MarkSummary,
    /// The proposed promotion condition.
    pub proposal: MarkSummary,
    /// Every assessor's keywords, each once.
    pub keywords: Vec<String>,
    /// Every assessor's marks, in the order the assessors first appear.
    pub ratings: Vec<Rating>,
}

/// The consensus of all assessments of one region: one entry per framework condition, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionAssessment {
    /// The region.
    pub region: Region,
    /// The assessors who assessed it, in order of first appearance.
    pub assessors: Vec<String>,
    /// One entry per condition of the framework, in the framework's order.
    pub conditions: Vec<ConditionConsensus>,
    /// The agreement among the assessors; `None` with fewer than two assessors.
    pub agreement: Option<Agreement>,
}

impl RegionAssessment {
    /// Builds the consensus of `region` from all `assessments` (rows of other regions are ignored).
    pub fn build(framework: &Framework, region: &Region, assessments: &[Assessment]) -> RegionAssessment {
        let rows: Vec<&Assessment> = assessments.iter().filter(|a| a.region_id == region.id).collect();
        let mut assessors: Vec<String> = Vec::new();
        for a in &rows {
            if !assessors.contains(&a.assessor) {
                assessors.push(a.assessor.clone());
            }
        }
        let conditions = framework
            .conditions()
            .iter()
            .map(|c| {
                let ratings: Vec<Rating> = assessors
                    .iter()
                    .map(|who| match rows.iter().find(|a| &a.assessor == who && a.condition == c.id) {
                        Some(a) => Rating {
                            assessor: who.clone(),
                            strength: a.strength,
                            proposal: a.proposal,
                            keywords: a.keywords.clone(),
                            evidence: a.evidence.clone(),
                        },
                        None => Rating {
                            assessor: who.clone(),
                            strength: Mark::NONE,
                            proposal: Mark::NONE,
                            keywords: Vec::new(),
                            evidence: String::new(),
                        },
                    })
                    .collect();
                let mut keywords: Vec<String> = Vec::new();
                for k in ratings.iter().flat_map(|r| &r.keywords) {
                    if !keywords.contains(k) {
                        keywords.push(k.clone());
                    }
                }
                let strengths: Vec<Mark> = ratings.iter().map(|r| r.strength).collect();
                let proposals: Vec<Mark> = ratings.iter().map(|r| r.proposal).collect();
                ConditionConsensus {
                    condition: c.id,
                    strength: MarkSummary::of(&strengths),
                    proposal: MarkSummary::of(&proposals),
                    keywords,
                    ratings,
                }
            })
            .collect();
        let mut assessment = RegionAssessment { region: region.clone(), assessors, conditions, agreement: None };
        assessment.agreement = Agreement::of(&[&assessment]);
        assessment
    }

    /// The consensus for one condition.
    pub fn condition(&self, id: ConditionId) -> Option<&ConditionConsensus> {
        self.conditions.iter().find(|c| c.condition == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(v: &[u8]) -> Vec<Mark> {
        let fw = Framework::study();
        v.iter().map(|&m| fw.scale().mark(m).unwrap()).collect()
    }

    #[test]
    fn the_consensus_is_the_lower_median() {
        let s = MarkSummary::of(&marks(&[3, 1, 2]));
        assert_eq!((s.consensus.value(), s.min.value(), s.max.value()), (2, 1, 3));
        // Even count: the lower of the two middle marks; 3 of 4 gave 2 or more, only 2 of 4 gave 3.
        assert_eq!(MarkSummary::of(&marks(&[3, 2, 3, 1])).consensus.value(), 2);
        assert_eq!(MarkSummary::of(&marks(&[0, 3])).consensus.value(), 0);
        assert_eq!(MarkSummary::of(&marks(&[2])).consensus.value(), 2);
        assert_eq!(MarkSummary::of(&[]).consensus.value(), 0);
    }

    #[test]
    fn missing_rows_count_as_no_mark_and_keywords_merge() {
        let fw = Framework::study();
        let mut ds = crate::Dataset::study(&fw).unwrap();
        let row = |who: &str, c: u16, s: u8, p: u8, kw: &[&str]| Assessment {
            region_id: "kobe".into(),
            assessor: who.into(),
            condition: c,
            strength: fw.scale().mark(s).unwrap(),
            proposal: fw.scale().mark(p).unwrap(),
            keywords: kw.iter().map(|k| k.to_string()).collect(),
            evidence: String::new(),
            date: None,
            line: 0,
        };
        ds.assessments =
            vec![row("a", 6, 3, 0, &["quake"]), row("b", 6, 2, 1, &["quake", "1995"]), row("b", 2, 2, 0, &[])];
        let kobe = ds.assess(&fw, "kobe").unwrap();
        assert_eq!(kobe.assessors, ["a", "b"]);
        let six = kobe.condition(6).unwrap();
        assert_eq!(six.strength.consensus.value(), 2);
        assert_eq!(six.proposal.consensus.value(), 0);
        assert_eq!(six.keywords, ["quake", "1995"]);
        let two = kobe.condition(2).unwrap();
        assert_eq!((two.strength.min.value(), two.strength.max.value(), two.strength.consensus.value()), (0, 2, 0));
        assert!(kobe.agreement.is_some());
    }
}
