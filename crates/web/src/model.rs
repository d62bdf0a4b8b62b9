//! Between the store's rows and the domain: stored marks become `Assessment`s and a consensus, a
//! publication becomes a chart, and a submitted sheet is checked field by field before anything is
//! written.

use chiiki_diagnosis::{Assessment, RegionAssessment};
use chiiki_framework::{Framework, Label, Mark};
use chiiki_package::Region;
use chiiki_store::Lang;
use chiiki_store::{MarkRow, Publication, RegionRow};

/// The longest keywords field accepted, in characters.
pub const MAX_KEYWORDS: usize = 500;
/// The longest evidence field accepted, in characters.
pub const MAX_EVIDENCE: usize = 4000;

/// The store's region as the domain's.
pub fn region_of(row: &RegionRow) -> Region {
    Region {
        id: row.id.clone(),
        name: Label { en: row.name.clone(), ja: row.name_ja.clone() },
        kind: row.kind.clone(),
        parent_id: None,
        code: row.code.clone(),
        position: row.lat.zip(row.lon),
        population: None,
    }
}

/// The domain's region as a store row.
pub fn row_of(region: &Region) -> RegionRow {
    RegionRow {
        id: region.id.clone(),
        name: region.name.en.clone(),
        name_ja: region.name.ja.clone(),
        kind: region.kind.clone(),
        code: region.code.clone(),
        lat: region.position.map(|p| p.0),
        lon: region.position.map(|p| p.1),
    }
}

fn mark(framework: &Framework, v: i64) -> Mark {
    u8::try_from(v).ok().and_then(|v| framework.scale().mark(v)).unwrap_or(Mark::NONE)
}

/// Stored marks as assessments (marks outside the framework's scale, which the web layer never
/// writes, read as no mark).
pub fn assessments(framework: &Framework, marks: &[MarkRow]) -> Vec<Assessment> {
    marks
        .iter()
        .filter_map(|m| {
            let condition = u16::try_from(m.condition).ok()?;
            Some(Assessment {
                region_id: m.region_id.clone(),
                assessor: m.assessor.clone(),
                condition,
                strength: mark(framework, m.strength),
                proposal: mark(framework, m.proposal),
                keywords: split_keywords(&m.keywords),
                evidence: m.evidence.clone(),
                date: None,
                line: 0,
            })
        })
        .collect()
}

/// Splits a keywords field on `;`.
pub fn split_keywords(s: &str) -> Vec<String> {
    s.split(';').map(str::trim).filter(|k| !k.is_empty()).map(str::to_string).collect()
}

/// The working consensus of a region from every assessor's stored marks, with the settled marks
/// (an administrator's decision) replacing the computed consensus where given.
pub fn consensus(
    framework: &Framework,
    region: &RegionRow,
    marks: &[MarkRow],
    settled: &[MarkRow],
) -> RegionAssessment {
    let mut ra = RegionAssessment::build(framework, &region_of(region), &assessments(framework, marks));
    for s in settled {
        if let Some(c) = ra.conditions.iter_mut().find(|c| i64::from(c.condition) == s.condition) {
            c.strength.consensus = mark(framework, s.strength);
            c.proposal.consensus = mark(framework, s.proposal);
            let kw = split_keywords(&s.keywords);
            if !kw.is_empty() {
                c.keywords = kw;
            }
        }
    }
    ra
}

/// The chart to publish from a working consensus: one row per condition.
pub fn publication_of(ra: &RegionAssessment, by: &str, now: i64) -> Publication {
    Publication {
        region_id: ra.region.id.clone(),
        version: 0,
        published_by: by.to_string(),
        published_at: now,
        assessors: ra.assessors.clone(),
        alpha: ra.agreement.as_ref().and_then(|a| a.alpha),
        marks: ra
            .conditions
            .iter()
            .map(|c| MarkRow {
                region_id: ra.region.id.clone(),
                assessor: by.to_string(),
                condition: i64::from(c.condition),
                strength: i64::from(c.strength.consensus.value()),
                proposal: i64::from(c.proposal.consensus.value()),
                keywords: c.keywords.join("; "),
                evidence: String::new(),
            })
            .collect(),
    }
}

/// A published chart as a region assessment (one "assessor": the published consensus), its assessors
/// list replaced by those the publication summarises.
pub fn published(framework: &Framework, region: &RegionRow, p: &Publication) -> RegionAssessment {
    let mut ra = RegionAssessment::build(framework, &region_of(region), &assessments(framework, &p.marks));
    ra.assessors.clone_from(&p.assessors);
    ra
}

/// One condition's row of a submitted sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    /// The condition.
    pub condition: u16,
    /// Strength mark.
    pub strength: u8,
    /// Proposal mark.
    pub proposal: u8,
    /// Keywords, `;`-separated.
    pub keywords: String,
    /// Evidence text.
    pub evidence: String,
}

/// Checks a submitted sheet: known conditions, each once, marks within the scale, text within its
/// length and without control characters. Returns every problem, each naming its field.
///
/// # Errors
/// The list of problems; nothing is to be written then.
pub fn check_sheet(framework: &Framework, rows: &[SheetRow], lang: Lang) -> Result<Vec<SheetRow>, Vec<String>> {
    let max = framework.scale().max();
    let mut problems = Vec::new();
    let mut seen = Vec::new();
    let ja = lang == Lang::Ja;
    for r in rows {
        let field = |what: &str| format!("condition {} {what}", r.condition);
        if !framework.conditions().iter().any(|c| c.id == r.condition) {
            problems.push(format!("condition {}: no such condition", r.condition));
            continue;
        }
        if seen.contains(&r.condition) {
            problems.push(format!("condition {}: given twice", r.condition));
        }
        seen.push(r.condition);
        for (what, v) in [("strength", r.strength), ("proposal", r.proposal)] {
            if v > max {
                problems.push(if ja {
                    format!("{}: {v} は 0〜{max} の評点ではありません", field(what))
                } else {
                    format!("{}: {v} is not a mark 0–{max}", field(what))
                });
            }
        }
        for (what, text, limit) in [("keywords", &r.keywords, MAX_KEYWORDS), ("evidence", &r.evidence, MAX_EVIDENCE)] {
            let n = text.chars().count();
            if n > limit {
                problems.push(if ja {
                    format!("{}: {n} 文字（上限 {limit} 文字）", field(what))
                } else {
                    format!("{}: {n} characters, at most {limit} allowed", field(what))
                });
            }
            if text.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
                problems.push(format!("{}: control characters are not allowed", field(what)));
            }
        }
    }
    if problems.is_empty() { Ok(rows.to_vec()) } else { Err(problems) }
}

/// A checked sheet as store rows (conditions with no mark and no text are left out, as the study's
/// charts leave them blank).
pub fn sheet_rows(region_id: &str, assessor: &str, rows: &[SheetRow]) -> Vec<MarkRow> {
    rows.iter()
        .filter(|r| r.strength > 0 || r.proposal > 0 || !r.keywords.trim().is_empty() || !r.evidence.trim().is_empty())
        .map(|r| MarkRow {
            region_id: region_id.to_string(),
            assessor: assessor.to_string(),
            condition: i64::from(r.condition),
            strength: i64::from(r.strength),
            proposal: i64::from(r.proposal),
            keywords: split_keywords(&r.keywords).join("; "),
            evidence: r.evidence.trim().to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(condition: u16, strength: u8, proposal: u8) -> SheetRow {
        SheetRow { condition, strength, proposal, keywords: String::new(), evidence: String::new() }
    }

    #[test]
    fn a_sheet_is_checked_field_by_field() {
        let fw = Framework::study();
        assert!(check_sheet(&fw, &[row(1, 3, 0), row(15, 0, 2)], Lang::En).is_ok());
        let mut long = row(3, 1, 1);
        long.keywords = "x".repeat(MAX_KEYWORDS + 1);
        let problems = check_sheet(&fw, &[row(16, 0, 0), row(2, 4, 0), row(2, 0, 0), long], Lang::En).unwrap_err();
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[0].contains("condition 16"));
        assert!(problems[1].contains("condition 2 strength: 4 is not a mark 0–3"));
        assert!(problems[2].contains("given twice"));
        assert!(problems[3].contains("condition 3 keywords: 501 characters"));
    }

    #[test]
    fn settled_marks_replace_the_computed_consensus() {
        let fw = Framework::study();
        let region = RegionRow {
            id: "r".into(),
            name: "R".into(),
            name_ja: String::new(),
            kind: None,
            code: None,
            lat: None,
            lon: None,
        };
        let m = |who: &str, s: i64| MarkRow {
            region_id: "r".into(),
            assessor: who.into(),
            condition: 4,
            strength: s,
            proposal: 0,
            keywords: String::new(),
            evidence: String::new(),
        };
        let marks = [m("a", 1), m("b", 3), m("c", 3)];
        let ra = consensus(&fw, &region, &marks, &[]);
        assert_eq!(ra.condition(4).unwrap().strength.consensus.value(), 3, "lower median of 1, 3, 3");
        let ra = consensus(&fw, &region, &marks, &[m("root", 2)]);
        assert_eq!(ra.condition(4).unwrap().strength.consensus.value(), 2);
        let p = publication_of(&ra, "root", 5);
        assert_eq!(p.marks.len(), 15);
        assert_eq!(p.marks[3].strength, 2);
        assert_eq!(p.assessors, ["a", "b", "c"]);
    }
}
