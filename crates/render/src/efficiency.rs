//! Cost-effectiveness (Data Envelopment Analysis) as text, JSON and CSV.
//!
//! JSON (a contract, documented in `docs/formats.md`): `{ "model", "orientation", "unit", "inputs",
//! "outputs", "years", "units": [ { "id", "score", "efficiency", "super_efficiency", "peers",
//! "lambdas", "slacks": { "inputs": {…}, "outputs": {…} }, "inputs": {…}, "outputs": {…},
//! "malmquist" } ] }`. `score` is the Farrell score (input-oriented CCR in (0, 1]; output-oriented
//! ≥ 1); `super_efficiency` is `null` where infeasible; `malmquist` is `null` unless asked for.

use chiiki_analysis::efficiency::{EfficiencyReport, UnitLevel};
use chiiki_methods::dea::{Orientation, Returns};
use serde_json::{Map, Value, json};

use crate::chart_json::pretty;

fn model(r: Returns) -> &'static str {
    match r {
        Returns::Constant => "ccr",
        Returns::Variable => "bcc",
        Returns::Increasing => "irs",
        Returns::Decreasing => "drs",
    }
}

fn orientation(o: Orientation) -> &'static str {
    match o {
        Orientation::Input => "input",
        Orientation::Output => "output",
    }
}

fn named(pairs: impl IntoIterator<Item = (String, f64)>) -> Value {
    Value::Object(pairs.into_iter().map(|(k, v)| (k, json!(v))).collect::<Map<String, Value>>())
}

/// The report as pretty-printed JSON.
pub fn efficiency_json(report: &EfficiencyReport) -> String {
    let c = &report.config;
    let units: Vec<Value> = report
        .units
        .iter()
        .map(|u| {
            json!({
                "id": u.id,
                "score": u.score,
                "efficiency": u.efficiency,
                "super_efficiency": u.super_efficiency,
                "peers": u.peers,
                "lambdas": named(u.lambdas.clone()),
                "slacks": {"inputs": named(u.slacks_in.clone()), "outputs": named(u.slacks_out.clone())},
                "inputs": named(c.inputs.iter().cloned().zip(u.inputs.iter().copied())),
                "outputs": named(c.outputs.iter().cloned().zip(u.outputs.iter().copied())),
                "malmquist": u.malmquist.map(|m| json!({
                    "m": m.m, "ec": m.ec, "tc": m.tc, "e00": m.e00, "e01": m.e01, "e10": m.e10, "e11": m.e11,
                })),
            })
        })
        .collect();
    pretty(&json!({
        "model": model(c.returns),
        "orientation": orientation(c.orientation),
        "unit": match c.unit { UnitLevel::Region => "region", UnitLevel::Program => "program" },
        "inputs": c.inputs,
        "outputs": c.outputs,
        "years": c.years.map(|(a, b)| json!([a, b])),
        "malmquist_years": c.malmquist.map(|(a, b)| json!([a, b])),
        "units": units,
    }))
}

/// The report as CSV: one row per unit with score, efficiency, super-efficiency, peers, slacks and
/// the Malmquist index and its parts.
pub fn efficiency_csv(report: &EfficiencyReport) -> String {
    let c = &report.config;
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut head: Vec<String> =
        ["unit", "score", "efficiency", "super_efficiency", "peers"].iter().map(|s| s.to_string()).collect();
    head.extend(c.inputs.iter().map(|i| format!("slack_{i}")));
    head.extend(c.outputs.iter().map(|o| format!("slack_{o}")));
    head.extend(["malmquist", "efficiency_change", "technical_change"].iter().map(|s| s.to_string()));
    w.write_record(&head).expect("memory");
    let opt = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    for u in &report.units {
        let mut row = vec![
            u.id.clone(),
            u.score.to_string(),
            u.efficiency.to_string(),
            opt(u.super_efficiency),
            u.peers.join(" "),
        ];
        row.extend(u.slacks_in.iter().chain(&u.slacks_out).map(|(_, v)| v.to_string()));
        row.push(opt(u.malmquist.and_then(|m| m.m)));
        row.push(opt(u.malmquist.map(|m| m.ec)));
        row.push(opt(u.malmquist.and_then(|m| m.tc)));
        w.write_record(&row).expect("memory");
    }
    String::from_utf8(w.into_inner().expect("memory")).expect("UTF-8")
}

/// The report as text: units from the least to the most efficient.
pub fn efficiency_text(report: &EfficiencyReport, title: &str) -> String {
    let c = &report.config;
    let mut out = format!("Cost-effectiveness — {title}\n");
    out.push_str(&format!(
        "{} model, {}-oriented; inputs: {}; outputs: {}{}\n",
        model(c.returns).to_uppercase(),
        orientation(c.orientation),
        c.inputs.join(", "),
        c.outputs.join(", "),
        c.years.map_or(String::new(), |(a, b)| format!("; years {a}–{b}"))
    ));
    out.push_str("Efficiency 1 = on the frontier; peers are the efficient units a unit is measured against.\n\n");
    let mut order: Vec<usize> = (0..report.units.len()).collect();
    order.sort_by(|&a, &b| report.units[a].efficiency.total_cmp(&report.units[b].efficiency));
    let with_m = c.malmquist.is_some();
    let mut heads = vec!["unit", "efficiency", "super", "peers", "slacks"];
    if with_m {
        heads.extend(["malmquist", "eff. ch.", "tech. ch."]);
    }
    let fmt = |x: Option<f64>| x.map_or("—".to_string(), |v| format!("{v:.3}"));
    let rows: Vec<Vec<String>> = order
        .iter()
        .map(|&i| {
            let u = &report.units[i];
            let slacks: Vec<String> = u
                .slacks_in
                .iter()
                .chain(&u.slacks_out)
                .filter(|(_, v)| *v > 1e-9)
                .map(|(k, v)| format!("{k} {v:.3}"))
                .collect();
            let mut row = vec![
                u.id.clone(),
                format!("{:.3}", u.efficiency),
                fmt(u.super_efficiency),
                u.peers.join(" "),
                slacks.join(", "),
            ];
            if with_m {
                row.push(fmt(u.malmquist.and_then(|m| m.m)));
                row.push(fmt(u.malmquist.map(|m| m.ec)));
                row.push(fmt(u.malmquist.and_then(|m| m.tc)));
            }
            row
        })
        .collect();
    out.push_str(&crate::table::aligned_rows(&heads, &rows));
    let efficient = report.units.iter().filter(|u| (u.efficiency - 1.0).abs() < 1e-9).count();
    out.push_str(&format!("\n{efficient} of {} units on the frontier.\n", report.units.len()));
    out
}
