//! A region's diversification profile as text and JSON.
//!
//! JSON (documented in `docs/formats.md`): `{ "region", "year", "base_year", "relatedness",
//! "specialised": [{ "industry", "lq" }], "candidates": [{ "industry", "density", "lq", "pci",
//! "links": [{ "industry", "relatedness" }] }], "entered": [{ "industry", "density" }], "exited",
//! "entry_density": { "entered", "not_entered" }, "variety": { "entropy", "related", "unrelated" },
//! "eci": { "value", "rank", "regions" } }`.

use chiiki_analysis::diversify::{Profile, Relatedness};
use chiiki_methods::relatedness::Method;
use serde_json::{Value, json};

use crate::chart_json::pretty;

fn relatedness_name(r: Relatedness) -> &'static str {
    match r {
        Relatedness::Proximity => "proximity",
        Relatedness::Normalised(Method::Probability) => "probability",
        Relatedness::Normalised(Method::Association) => "association",
        Relatedness::Normalised(Method::Cosine) => "cosine",
        Relatedness::Normalised(Method::Jaccard) => "jaccard",
    }
}

/// The profile as pretty-printed JSON.
pub fn diversify_json(p: &Profile) -> String {
    pretty(&json!({
        "region": p.region,
        "year": p.year,
        "base_year": p.base_year,
        "relatedness": relatedness_name(p.relatedness),
        "specialised": p.specialised.iter().map(|(i, lq)| json!({"industry": i, "lq": lq})).collect::<Vec<_>>(),
        "candidates": p.candidates.iter().map(|c| json!({
            "industry": c.industry, "density": c.density, "lq": c.lq, "pci": c.pci,
            "links": c.links.iter().map(|(i, r)| json!({"industry": i, "relatedness": r})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "entered": p.entered.iter().map(|(i, d)| json!({"industry": i, "density": d})).collect::<Vec<_>>(),
        "exited": p.exited,
        "entry_density": {"entered": p.entry_density.0, "not_entered": p.entry_density.1},
        "variety": p.variety.map(|v| json!({"entropy": v.entropy, "related": v.related, "unrelated": v.unrelated})),
        "eci": p.eci.map(|(v, rank)| json!({"value": v, "rank": rank, "regions": p.regions})).unwrap_or(Value::Null),
    }))
}

/// The profile as text.
pub fn diversify_text(p: &Profile, region_name: &str) -> String {
    let mut out = format!("Diversification — {region_name} ({}), {}\n", p.region, p.year);
    out.push_str(&format!(
        "Relatedness: {} between industries, from co-location over all regions (presence: LQ ≥ 1).\n\n",
        relatedness_name(p.relatedness)
    ));
    let spec: Vec<String> = p.specialised.iter().take(12).map(|(i, lq)| format!("{i} ({lq:.2})")).collect();
    out.push_str(&format!(
        "Specialised in {} industries: {}{}\n\n",
        p.specialised.len(),
        spec.join(", "),
        if p.specialised.len() > 12 { ", …" } else { "" }
    ));
    out.push_str("Best placed to enter next (relatedness density, 0–100):\n");
    if p.candidates.is_empty() {
        out.push_str("  — (no industry outside its specialisations is related to them)\n");
    }
    for c in &p.candidates {
        let links: Vec<String> = c.links.iter().map(|(i, r)| format!("{i} {r:.2}")).collect();
        out.push_str(&format!(
            "  {:<12} density {:>5.1}  LQ {:>5}  {}\n",
            c.industry,
            c.density,
            c.lq.map_or("—".to_string(), |v| format!("{v:.2}")),
            if links.is_empty() { String::new() } else { format!("linked to {}", links.join(", ")) }
        ));
    }
    let entered: Vec<String> = p.entered.iter().map(|(i, d)| format!("{i} ({d:.1})")).collect();
    out.push_str(&format!(
        "\nSince {}: entered {} [{}]; left {} [{}]\n",
        p.base_year,
        p.entered.len(),
        entered.join(", "),
        p.exited.len(),
        p.exited.join(", ")
    ));
    if let (Some(a), Some(b)) = p.entry_density {
        out.push_str(&format!(
            "Mean density in {} of the industries entered {a:.1}, of those not entered {b:.1}\n",
            p.base_year
        ));
    }
    if let Some(v) = p.variety {
        out.push_str(&format!(
            "Variety (bits): entropy {:.3} = unrelated {:.3} + related {:.3}\n",
            v.entropy, v.unrelated, v.related
        ));
    }
    if let Some((eci, rank)) = p.eci {
        out.push_str(&format!("Economic complexity (ECI): {eci:.3}, rank {rank} of {}\n", p.regions));
    }
    out
}
