//! The chart as JSON, a contract other tools read (documented in `docs/formats.md`).
//!
//! ```json
//! { "region": {"id": "sapporo", "name": "Sapporo IT Cluster"},
//!   "formation_base": {"id": 3, "name": "Core start-ups", "tied_with": []},
//!   "framework": "nistep-2004", "lang": "en", "assessors": ["nistep-2004"], "agreement": null,
//!   "conditions": [ {"id": 1, "step": "formation", "base": 1, "name": "Intellectual agglomeration",
//!                    "strength": 0, "proposal": 2, "keywords": ["…"],
//!                    "spread": {"strength": [0, 0], "proposal": [2, 2]}}, … ] }
//! ```
//!
//! `conditions` always has one entry per framework condition (15 for the study's), in order;
//! `formation_base` is `null` when no formation condition is a strength; `agreement` is `null` with a
//! single assessor.

use serde_json::{Value, json};

use crate::view::ChartView;

/// An agreement as JSON (shared with the diagnosis).
pub(crate) fn agreement_value(a: Option<&chiiki_diagnosis::Agreement>) -> Value {
    match a {
        None => Value::Null,
        Some(a) => json!({
            "alpha": a.alpha,
            "alpha_strength": a.alpha_strength,
            "alpha_proposal": a.alpha_proposal,
            "assessors": a.assessors,
            "units": a.units,
            "method": "krippendorff-ordinal",
        }),
    }
}

/// The chart as a JSON value.
pub fn chart_json_value(view: &ChartView) -> Value {
    let base = match &view.base {
        None => Value::Null,
        Some((id, name)) => json!({
            "id": id,
            "name": name,
            "tied_with": view.tied_with.iter().map(|(i, n)| json!({"id": i, "name": n})).collect::<Vec<_>>(),
        }),
    };
    let conditions: Vec<Value> = view
        .rows
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "step": r.step_id,
                "base": r.base,
                "name": r.name,
                "strength": r.strength.value,
                "proposal": r.proposal.value,
                "keywords": r.keywords,
                "spread": {"strength": [r.strength.spread.0, r.strength.spread.1],
                           "proposal": [r.proposal.spread.0, r.proposal.spread.1]},
            })
        })
        .collect();
    json!({
        "region": {"id": view.region_id, "name": view.region_name},
        "formation_base": base,
        "framework": view.framework_id,
        "lang": view.lang.code(),
        "assessors": view.assessors,
        "agreement": agreement_value(view.agreement.as_ref()),
        "conditions": conditions,
    })
}

/// The chart as pretty-printed JSON (an object, as above).
pub fn chart_json(view: &ChartView) -> String {
    pretty(&chart_json_value(view))
}

/// Several charts as pretty-printed JSON: `{"charts": [chart, …]}`.
pub fn charts_json(views: &[ChartView]) -> String {
    pretty(&json!({ "charts": views.iter().map(chart_json_value).collect::<Vec<_>>() }))
}

pub(crate) fn pretty(value: &Value) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("JSON values serialise");
    s.push('\n');
    s
}
