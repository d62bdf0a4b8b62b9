//! The chart as CSV: one row per condition, marks as numbers.
//!
//! Columns: `region, cluster, formation_base, condition, step, base, name, strength, proposal,
//! keywords`. `formation_base` is the region's base number (empty when it has none), `base` the base
//! group of the condition (empty outside the formation step), marks are 0–3 (0 = none) and keywords
//! are joined by `; `. The first seven columns of the study's transcription
//! (`data/study/comparative-charts.csv`) are a subset of these.

use crate::view::ChartView;

/// The charts of one or more regions as one CSV table with a header.
pub fn chart_csv(views: &[ChartView]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "region",
        "cluster",
        "formation_base",
        "condition",
        "step",
        "base",
        "name",
        "strength",
        "proposal",
        "keywords",
    ])
    .expect("writing to memory");
    for view in views {
        let base = view.base.as_ref().map(|(id, _)| id.to_string()).unwrap_or_default();
        for row in &view.rows {
            w.write_record([
                view.region_id.as_str(),
                view.region_name.as_str(),
                base.as_str(),
                &row.id.to_string(),
                row.step_id.as_str(),
                &row.base.map(|b| b.to_string()).unwrap_or_default(),
                row.name.as_str(),
                &row.strength.value.to_string(),
                &row.proposal.value.to_string(),
                &row.keywords.join("; "),
            ])
            .expect("writing to memory");
        }
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("CSV of UTF-8 input is UTF-8")
}
