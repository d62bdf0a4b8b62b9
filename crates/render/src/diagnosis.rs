//! The diagnosis of every region as text and as JSON.
//!
//! JSON (a contract, documented in `docs/formats.md`):
//!
//! ```json
//! { "framework": "nistep-2004", "agreement": null,
//!   "regions": [ { "id": "kobe", "name": "Kobe Bio Cluster",
//!                  "formation_base": {"id": 4, "name": "Sense of economic crisis", "tied_with": []},
//!                  "strengths": [{"condition": 6, "mark": 3}, …], "proposals": [{"condition": 11, "mark": 3}, …],
//!                  "unmarked": [1, 3, …], "assessors": ["nistep-2004"], "agreement": null,
//!                  "disagreements": [] } ] }
//! ```
//!
//! `agreement` is `null` where a region has a single assessor; the top-level `agreement` pools every
//! region with two or more assessors. A disagreement is
//! `{"condition", "kind": "strength"|"proposal", "consensus", "min", "max", "marks": {assessor: mark}}`.

use chiiki_diagnosis::{Agreement, Diagnosis, FormationBase, RankedMark, RegionAssessment};
use chiiki_framework::{Framework, Lang};
use serde_json::{Map, Value, json};

use crate::chart_json::{agreement_value, pretty};
use crate::chart_text::alpha_text;
use crate::i18n::{Text, text};

fn base_value(framework: &Framework, base: &FormationBase, lang: Lang) -> Value {
    let named = |id: u8| json!({"id": id, "name": framework.base(id).map(|b| b.label.get(lang)).unwrap_or_default()});
    match base {
        FormationBase::None => Value::Null,
        FormationBase::Found { base, tied_with, .. } => {
            let mut v = named(*base);
            v["tied_with"] = Value::Array(tied_with.iter().map(|&b| named(b)).collect());
            v
        }
    }
}

fn ranked_value(marks: &[RankedMark]) -> Value {
    Value::Array(marks.iter().map(|m| json!({"condition": m.condition, "mark": m.mark.value()})).collect())
}

/// The diagnosis of every region as pretty-printed JSON.
pub fn diagnosis_json(
    framework: &Framework,
    regions: &[(RegionAssessment, Diagnosis)],
    overall: Option<&Agreement>,
    lang: Lang,
) -> String {
    let list: Vec<Value> = regions
        .iter()
        .map(|(a, d)| {
            let disagreements: Vec<Value> = d
                .disagreements
                .iter()
                .map(|x| {
                    let marks: Map<String, Value> =
                        x.marks.iter().map(|(who, m)| (who.clone(), json!(m.value()))).collect();
                    json!({
                        "condition": x.condition,
                        "kind": x.kind.as_str(),
                        "consensus": x.summary.consensus.value(),
                        "min": x.summary.min.value(),
                        "max": x.summary.max.value(),
                        "marks": marks,
                    })
                })
                .collect();
            json!({
                "id": a.region.id,
                "name": a.region.name(lang),
                "formation_base": base_value(framework, &d.formation_base, lang),
                "strengths": ranked_value(&d.strengths),
                "proposals": ranked_value(&d.proposals),
                "unmarked": d.unmarked,
                "consensus": a.conditions.iter().map(|c| json!({
                    "condition": c.condition,
                    "strength": c.strength.consensus.value(),
                    "proposal": c.proposal.consensus.value(),
                    "spread": {"strength": [c.strength.min.value(), c.strength.max.value()],
                               "proposal": [c.proposal.min.value(), c.proposal.max.value()]},
                })).collect::<Vec<_>>(),
                "assessors": a.assessors,
                "agreement": agreement_value(d.agreement.as_ref()),
                "disagreements": disagreements,
            })
        })
        .collect();
    pretty(&json!({
        "framework": framework.id(),
        "lang": lang.code(),
        "agreement": agreement_value(overall),
        "regions": list,
    }))
}

/// The diagnosis of every region as text.
pub fn diagnosis_text(
    framework: &Framework,
    regions: &[(RegionAssessment, Diagnosis)],
    overall: Option<&Agreement>,
    lang: Lang,
) -> String {
    let name = |id: u16| framework.condition(id).map(|c| c.label.get(lang)).unwrap_or_default();
    let symbol = |m: chiiki_framework::Mark| framework.scale().symbol(m).to_string();
    let mut out = String::new();
    for (i, (a, d)) in regions.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!("{} ({})\n", a.region.name(lang), a.region.id));
        let base = match &d.formation_base {
            FormationBase::None => text(Text::NoFormationBase, lang).to_string(),
            FormationBase::Found { base, tied_with, .. } => {
                let label = |b: u8| framework.base(b).map(|x| x.label.get(lang)).unwrap_or_default();
                let mut s = format!("({base}) {}", label(*base));
                if !tied_with.is_empty() {
                    let others: Vec<String> = tied_with.iter().map(|&b| format!("({b}) {}", label(b))).collect();
                    s.push_str(&format!(" — {} {}", text(Text::TiedWith, lang), others.join(", ")));
                }
                s
            }
        };
        out.push_str(&format!("  {}: {}\n", text(Text::FormationBase, lang), base));
        for (key, marks) in [(Text::Strengths, &d.strengths), (Text::Proposals, &d.proposals)] {
            out.push_str(&format!("  {}:\n", text(key, lang)));
            if marks.is_empty() {
                out.push_str("    —\n");
            }
            for m in marks {
                out.push_str(&format!("    {:<3} {:>2} {}\n", symbol(m.mark), m.condition, name(m.condition)));
            }
        }
        let unmarked: Vec<String> = d.unmarked.iter().map(u16::to_string).collect();
        out.push_str(&format!("  {}: {}\n", text(Text::Unmarked, lang), unmarked.join(", ")));
        let assessors = if a.assessors.is_empty() { "—".to_string() } else { a.assessors.join(", ") };
        out.push_str(&format!("  {}: {}\n", text(Text::Assessors, lang), assessors));
        if a.assessors.len() >= 2 {
            // Every condition someone marked: consensus strength/proposal and each spread.
            let marked: Vec<String> = a
                .conditions
                .iter()
                .filter(|c| c.strength.max.is_marked() || c.proposal.max.is_marked())
                .map(|c| {
                    let spread = |m: &chiiki_diagnosis::MarkSummary| {
                        if m.range() == 0 { String::new() } else { format!("({}–{})", m.min, m.max) }
                    };
                    format!(
                        "{}: {}{}/{}{}",
                        c.condition,
                        c.strength.consensus,
                        spread(&c.strength),
                        c.proposal.consensus,
                        spread(&c.proposal)
                    )
                })
                .collect();
            out.push_str(&format!("  {}: {}\n", text(Text::Consensus, lang), marked.join(", ")));
        }
        match &d.agreement {
            None => {
                let why = if a.assessors.is_empty() { Text::NoAssessments } else { Text::SingleAssessor };
                out.push_str(&format!("  {}: — ({})\n", text(Text::Agreement, lang), text(why, lang)))
            }
            Some(ag) => out.push_str(&format!(
                "  {}: α = {} (strength {}, proposal {}; {} units)\n",
                text(Text::Agreement, lang),
                alpha_text(ag.alpha, lang),
                alpha_text(ag.alpha_strength, lang),
                alpha_text(ag.alpha_proposal, lang),
                ag.units
            )),
        }
        if !d.disagreements.is_empty() {
            out.push_str(&format!("  {}:\n", text(Text::Disagreements, lang)));
            for x in &d.disagreements {
                let marks: Vec<String> = x.marks.iter().map(|(who, m)| format!("{who} {}", m.value())).collect();
                out.push_str(&format!(
                    "    {:>2} {} ({}): {}–{}, consensus {} [{}]\n",
                    x.condition,
                    name(x.condition),
                    x.kind.as_str(),
                    x.summary.min.value(),
                    x.summary.max.value(),
                    x.summary.consensus.value(),
                    marks.join(", ")
                ));
            }
        }
    }
    if let Some(ag) = overall {
        out.push_str(&format!(
            "\n{}: α = {} ({} assessors, {} units)\n",
            text(Text::OverallAgreement, lang),
            alpha_text(ag.alpha, lang),
            ag.assessors,
            ag.units
        ));
    }
    out
}
