//! The joint-research network report as text and JSON, and the input of its SVG drawing.
//!
//! JSON (a contract, documented in `docs/formats.md`): `scope`, `projects`, `organizations` (each
//! `id`, `name`, `kind`, `region`, `projects`, `degree`, `betweenness` — unnormalised, each unordered
//! pair once, NetworkX `normalized=False` — `brokerage` with `coordinator`, `itinerant`,
//! `gatekeeper`, `representative`, `liaison`, `total` counted as R `sna::brokerage` counts undirected
//! graphs, `large_research_paths`, `articulation`), `edges`, `kind_pairs`, `comparison`, `risk` and
//! `regions`.

use chiiki_analysis::networks::{BetweennessUsed, NetworkReport, Removal};
use chiiki_graph::brokerage::Roles;
use chiiki_graph::connectivity::RemovalImpact;
use serde_json::{Value, json};

use crate::chart_json::pretty;
use crate::drawing::{NetworkDrawing, NetworkDrawingNode};

fn roles_value(r: &Roles) -> Value {
    json!({
        "coordinator": r.coordinator, "itinerant": r.itinerant, "gatekeeper": r.gatekeeper,
        "representative": r.representative, "liaison": r.liaison, "total": r.total(),
    })
}

fn impact_value(i: &RemovalImpact) -> Value {
    json!({
        "largest_component_before": i.largest_component_before,
        "largest_component_after": i.largest_component_after,
        "connected_share_before": i.connected_share_before,
        "connected_share_after": i.connected_share_after,
        "components_before": i.components_before,
        "components_after": i.components_after,
    })
}

fn removal_value(r: &Option<Removal>) -> Value {
    match r {
        None => Value::Null,
        Some(r) => json!({
            "id": r.id, "name": r.name, "betweenness": r.betweenness, "projects": r.projects,
            "impact": impact_value(&r.impact),
        }),
    }
}

/// The network report as pretty-printed JSON.
pub fn network_json(report: &NetworkReport) -> String {
    let orgs = &report.organizations;
    let method = match report.betweenness {
        BetweennessUsed::Exact => json!({"method": "exact"}),
        BetweennessUsed::Approximate { epsilon, delta, samples } => {
            json!({"method": "approximate", "epsilon": epsilon, "delta": delta, "samples": samples})
        }
    };
    let v = json!({
        "scope": {"region": report.config.region, "from": report.config.from, "to": report.config.to},
        "betweenness_method": method,
        "projects": report.projects,
        "organizations": orgs.iter().map(|o| json!({
            "id": o.id, "name": o.name, "kind": o.kind.as_str(), "region": o.region_id, "projects": o.projects,
            "degree": o.degree, "betweenness": o.betweenness, "brokerage": roles_value(&o.brokerage),
            "large_research_paths": o.large_research_paths, "articulation": o.articulation,
        })).collect::<Vec<_>>(),
        "edges": report.edges.iter().map(|&(a, b, w)| json!({
            "source": orgs[a].id, "target": orgs[b].id, "projects": w,
        })).collect::<Vec<_>>(),
        "kind_pairs": report.kind_combinations.iter().map(|k| json!({
            "kinds": k.kinds.iter().map(|x| x.as_str()).collect::<Vec<_>>(), "projects": k.projects,
        })).collect::<Vec<_>>(),
        "comparison": {
            "among_startups_midsized_research": report.comparison.among_startups_midsized_research,
            "with_large": report.comparison.with_large,
            "total": report.comparison.total,
            "large_research_paths_by_kind": report.comparison.large_research_paths_by_kind.iter()
                .map(|(k, n)| json!({"kind": k.as_str(), "paths": n})).collect::<Vec<_>>(),
        },
        "risk": {
            "leaders": report.risk.leaders,
            "leader_concentration": report.risk.leader_concentration,
            "top_leader_share": report.risk.top_leader_share,
            "top_leader": removal_value(&report.risk.top_leader),
            "top_organization": removal_value(&report.risk.top_organization),
            "articulation_points": report.risk.articulation_points,
        },
        "regions": report.regions.iter().map(|r| json!({
            "id": r.id, "inter_regional_projects": r.inter_regional_projects,
            "intra_regional_projects": r.intra_regional_projects, "group": r.group,
            "partners": r.partners.iter().map(|(id, n)| json!({"id": id, "projects": n})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    pretty(&v)
}

fn share(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_string(), |v| format!("{:.1} %", v * 100.0))
}

/// The network report as text.
pub fn network_text(report: &NetworkReport, title: &str) -> String {
    let mut out = format!("Joint-research network — {title}\n");
    let scope = match (&report.config.region, report.config.from, report.config.to) {
        (None, None, None) => "all regions, all years".to_string(),
        (r, f, t) => format!(
            "{}{}",
            r.as_ref().map_or("all regions".to_string(), |r| format!("region {r}")),
            match (f, t) {
                (None, None) => String::new(),
                (f, t) => format!(
                    ", years {}–{}",
                    f.map_or(String::new(), |y| y.to_string()),
                    t.map_or(String::new(), |y| y.to_string())
                ),
            }
        ),
    };
    out.push_str(&format!(
        "Scope: {scope}; {} projects, {} organisations, {} links\n\n",
        report.projects,
        report.organizations.len(),
        report.edges.len()
    ));

    let mut ranked: Vec<&chiiki_analysis::networks::OrgMeasures> = report.organizations.iter().collect();
    ranked.sort_by(|a, b| b.betweenness.total_cmp(&a.betweenness).then_with(|| a.id.cmp(&b.id)));
    let heads = [
        "organisation",
        "kind",
        "projects",
        "partners",
        "betweenness",
        "coord",
        "itin",
        "gate",
        "repr",
        "liais",
        "L–R",
        "cut",
    ];
    let rows: Vec<[String; 12]> = ranked
        .iter()
        .take(30)
        .map(|o| {
            let b = &o.brokerage;
            [
                format!("{} ({})", o.name, o.id),
                o.kind.as_str().to_string(),
                o.projects.to_string(),
                o.degree.to_string(),
                format!("{:.2}", o.betweenness),
                b.coordinator.to_string(),
                b.itinerant.to_string(),
                b.gatekeeper.to_string(),
                b.representative.to_string(),
                b.liaison.to_string(),
                o.large_research_paths.to_string(),
                if o.articulation { "yes" } else { "" }.to_string(),
            ]
        })
        .collect();
    out.push_str(&crate::table::aligned(
        &heads,
        &rows,
        &[false, false, true, true, true, true, true, true, true, true, true, false],
    ));
    if ranked.len() > 30 {
        out.push_str(&format!("… and {} more (see --format json)\n", ranked.len() - 30));
    }
    out.push_str("Brokerage roles with the organisation kind as the group (Gould–Fernandez); L–R: open paths joining a large corporation and a university or public institute.\n");
    if let BetweennessUsed::Approximate { epsilon, delta, samples } = report.betweenness {
        out.push_str(&format!(
            "Betweenness sampled ({samples} shortest paths): each value within {epsilon} of the truth in normalised terms, with probability {:.0} %.\n",
            (1.0 - delta) * 100.0
        ));
    }
    out.push('\n');

    out.push_str("Projects by combination of kinds\n");
    for k in &report.kind_combinations {
        let kinds: Vec<&str> = k.kinds.iter().map(|x| x.as_str()).collect();
        out.push_str(&format!("  {:>5}  {}\n", k.projects, kinds.join(" + ")));
    }
    let c = &report.comparison;
    out.push_str(&format!(
        "\nThe study's comparison: {} projects among start-ups, mid-sized firms, universities and public institutes; {} with a large corporation (of {}).\n",
        c.among_startups_midsized_research, c.with_large, c.total
    ));
    let lr_total: u64 = c.large_research_paths_by_kind.iter().map(|x| x.1).sum();
    if lr_total > 0 {
        let parts: Vec<String> = c
            .large_research_paths_by_kind
            .iter()
            .map(|(k, n)| format!("{} {n} ({:.0} %)", k.as_str(), *n as f64 * 100.0 / lr_total as f64))
            .collect();
        out.push_str(&format!("Large corporation – research paths run through: {}\n", parts.join(", ")));
    }

    let r = &report.risk;
    out.push_str(&format!(
        "\nKey-person risk: {} leaders; concentration (Herfindahl) {}; the top leader takes part in {} of leader-led projects\n",
        r.leaders,
        r.leader_concentration.map_or("—".to_string(), |x| format!("{x:.3}")),
        share(r.top_leader_share)
    ));
    for (what, removal) in [("leader", &r.top_leader), ("organisation", &r.top_organization)] {
        if let Some(x) = removal {
            let i = &x.impact;
            out.push_str(&format!(
                "  Without the most central {what}, {} ({}): largest component {} → {}, connected pairs {} → {}, components {} → {}\n",
                x.name,
                x.id,
                i.largest_component_before,
                i.largest_component_after,
                share(Some(i.connected_share_before)),
                share(Some(i.connected_share_after)),
                i.components_before,
                i.components_after
            ));
        }
    }
    if !r.articulation_points.is_empty() {
        out.push_str(&format!("  Cut points (their loss splits the network): {}\n", r.articulation_points.join(", ")));
    }

    out.push_str("\nLinks between regions (all projects of the period)\n");
    for l in &report.regions {
        let partners: Vec<String> = l.partners.iter().map(|(id, n)| format!("{id} {n}")).collect();
        out.push_str(&format!(
            "  {} (group {}): {} inter-regional, {} intra-regional projects{}\n",
            l.id,
            l.group,
            l.inter_regional_projects,
            l.intra_regional_projects,
            if partners.is_empty() { String::new() } else { format!("; partners: {}", partners.join(", ")) }
        ));
    }
    out
}

/// The input of the SVG drawing: nodes sized by betweenness, brokers highlighted (the organisations
/// with the most brokerage roles, up to ten, that broker at all).
pub fn network_drawing(report: &NetworkReport, title: &str) -> NetworkDrawing {
    let mut by_brokerage: Vec<(u64, usize)> =
        report.organizations.iter().enumerate().map(|(i, o)| (o.brokerage.total(), i)).filter(|x| x.0 > 0).collect();
    by_brokerage.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let brokers: Vec<usize> = by_brokerage.iter().take(10).map(|x| x.1).collect();
    NetworkDrawing {
        title: format!("Joint-research network — {title}"),
        subtitle: format!(
            "{} organisations, {} links, {} projects; size = betweenness, ringed = top brokers",
            report.organizations.len(),
            report.edges.len(),
            report.projects
        ),
        nodes: report
            .organizations
            .iter()
            .enumerate()
            .map(|(i, o)| NetworkDrawingNode {
                id: o.id.clone(),
                label: o.name.clone(),
                kind: o.kind.as_str().to_string(),
                size: o.betweenness,
                broker: brokers.contains(&i),
            })
            .collect(),
        edges: report.edges.iter().map(|&(a, b, w)| (a, b, f64::from(w))).collect(),
        seed: 2004,
    }
}
