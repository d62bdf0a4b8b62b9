//! The indicator registry: every indicator the engine computes, with the condition it measures, its
//! formula, unit, direction and source. It drives the computation ([`crate::Engine::indicators`]), the
//! `chiiki indicators` listing and the documentation (`docs/indicators.md` states the same formulas in
//! full; a test checks that both list the same ids).

use serde::Serialize;

/// Whether a higher value means a stronger condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Higher values are stronger evidence for the condition.
    Higher,
    /// Reported beside the condition (a risk or a context figure) but not part of its measured mark.
    Context,
}

/// One indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Indicator {
    /// Stable id (`top_lq`).
    pub id: &'static str,
    /// The condition (1–15) it gives evidence for.
    pub condition: u8,
    /// The formula, in one line (the full definition is in `docs/indicators.md`).
    pub formula: &'static str,
    /// The unit of its values.
    pub unit: &'static str,
    /// How its values enter the measured mark.
    pub direction: Direction,
    /// The tables it reads (all must be present; otherwise it is "no evidence").
    pub tables: &'static [&'static str],
    /// Where the measure comes from.
    pub source: &'static str,
}

const OWN: &str = "chiiki (docs/indicators.md)";

macro_rules! indicator {
    ($id:literal, $c:literal, $f:literal, $u:literal, $d:ident, [$($t:literal),*], $s:expr) => {
        Indicator { id: $id, condition: $c, formula: $f, unit: $u, direction: Direction::$d, tables: &[$($t),*], source: $s }
    };
}

/// Every indicator, in condition order.
pub const INDICATORS: &[Indicator] = &[
    indicator!(
        "research_orgs_per_100k",
        1,
        "active universities and public research institutes × 100,000 / population",
        "per 100k people",
        Higher,
        ["organizations"],
        OWN
    ),
    indicator!(
        "researchers_per_100k",
        1,
        "people of role researcher × 100,000 / population",
        "per 100k people",
        Higher,
        ["people"],
        OWN
    ),
    indicator!(
        "patents_per_100k",
        2,
        "patents in the five years to Y × 100,000 / population",
        "per 100k people",
        Higher,
        ["patents"],
        OWN
    ),
    indicator!(
        "top_patent_rca",
        2,
        "max over technology classes of (n_rc / n_r) / (n_c / n), patents of the five years to Y",
        "ratio",
        Higher,
        ["patents"],
        "Balassa (1965) revealed comparative advantage"
    ),
    indicator!(
        "citation_share",
        2,
        "100 × citations of the region's patents / all citations, five years to Y",
        "%",
        Higher,
        ["patents"],
        OWN
    ),
    indicator!(
        "top_lq",
        3,
        "max over industries of (e_ri / e_r) / (e_i / e), reference base: all regions of the package",
        "ratio",
        Higher,
        ["employment"],
        "Location quotient (EconGeo location_quotient)"
    ),
    indicator!(
        "strong_clusters",
        3,
        "industries with LQ ≥ Q75, LQ ≥ 1, employment and establishments > Q25 (type-7 quantiles over regions)",
        "count",
        Higher,
        ["employment"],
        "U.S. Cluster Mapping Project strong clusters (Delgado, Porter & Stern)"
    ),
    indicator!(
        "eco_stars_max",
        3,
        "most stars in one industry: size (top 10 %), specialisation (LQ ≥ 2), focus (top 10 % share)",
        "stars 0–3",
        Higher,
        ["employment"],
        "European Cluster Observatory star rating"
    ),
    indicator!(
        "regional_shift_pct",
        3,
        "100 × Σ_i e_ri(Y−5) (g_ri − g_i) / e_r(Y−5)",
        "%",
        Higher,
        ["employment"],
        "Dunn (1960) shift-share, regional shift"
    ),
    indicator!(
        "central_mid_sized_per_100k",
        4,
        "mid-sized firms with ≥ 3 distinct partners in the five years to Y × 100,000 / population",
        "per 100k people",
        Higher,
        ["organizations", "collaborations"],
        OWN
    ),
    indicator!(
        "mid_sized_job_share",
        4,
        "100 × employees of active mid-sized firms / employees of active firms",
        "%",
        Higher,
        ["organizations"],
        OWN
    ),
    indicator!(
        "startups_with_spinoffs_per_100k",
        5,
        "active start-ups with at least one spin-off founded by Y × 100,000 / population",
        "per 100k people",
        Higher,
        ["organizations"],
        OWN
    ),
    indicator!(
        "central_startups_per_100k",
        5,
        "start-ups with ≥ 3 distinct partners in the five years to Y × 100,000 / population",
        "per 100k people",
        Higher,
        ["organizations", "collaborations"],
        OWN
    ),
    indicator!(
        "sharpest_drop_pct",
        6,
        "largest 100 × (E(s) − E(t)) / E(s), s < t ≤ s + 3, within the ten years to Y",
        "%",
        Higher,
        ["employment"],
        OWN
    ),
    indicator!(
        "public_funding_per_capita",
        7,
        "funding amount in Y / population",
        "per person",
        Higher,
        ["funding"],
        OWN
    ),
    indicator!(
        "support_orgs_per_100k",
        8,
        "active support organisations × 100,000 / population",
        "per 100k people",
        Higher,
        ["organizations"],
        OWN
    ),
    indicator!(
        "finance_orgs_per_100k",
        8,
        "active finance organisations × 100,000 / population",
        "per 100k people",
        Higher,
        ["organizations"],
        OWN
    ),
    indicator!(
        "local_iar_projects_per_100k",
        9,
        "projects of the five years to Y joining a local research organisation and a local firm × 100,000 / population",
        "per 100k people",
        Higher,
        ["organizations", "collaborations"],
        OWN
    ),
    indicator!(
        "local_iar_share",
        9,
        "100 × those projects / projects involving the region",
        "%",
        Higher,
        ["organizations", "collaborations"],
        OWN
    ),
    indicator!(
        "active_leaders",
        10,
        "distinct local leaders named in projects of the five years to Y",
        "people",
        Higher,
        ["organizations", "people", "collaborations"],
        OWN
    ),
    indicator!(
        "top_leader_share",
        10,
        "100 × project rows of the most-named local leader / rows of all local leaders (concentration risk)",
        "%",
        Context,
        ["organizations", "people", "collaborations"],
        OWN
    ),
    indicator!(
        "projects_with_local_large_per_100k",
        11,
        "projects joining a local non-large organisation and a local large corporation × 100,000 / population",
        "per 100k people",
        Higher,
        ["organizations", "collaborations"],
        OWN
    ),
    indicator!(
        "projects_with_outside_large_per_100k",
        11,
        "projects joining a local non-large organisation and a large corporation of another region × 100,000 / population",
        "per 100k people",
        Higher,
        ["organizations", "collaborations"],
        OWN
    ),
    indicator!(
        "interregional_share",
        12,
        "100 × projects involving the region and another region / projects involving the region",
        "%",
        Higher,
        ["organizations", "collaborations"],
        OWN
    ),
    indicator!(
        "partner_regions",
        12,
        "distinct other regions sharing a project, five years to Y",
        "regions",
        Higher,
        ["organizations", "collaborations"],
        OWN
    ),
    indicator!(
        "startup_births_per_100k",
        13,
        "start-ups founded in the five years to Y / 5 × 100,000 / population",
        "per 100k people a year",
        Higher,
        ["organizations"],
        OWN
    ),
    indicator!(
        "startup_birth_trend_pct",
        13,
        "100 × (births of the five years to Y − births of the five before) / births of the five before",
        "%",
        Higher,
        ["organizations"],
        OWN
    ),
    indicator!(
        "mentions_per_100k",
        14,
        "mentions in Y × 100,000 / population",
        "per 100k people",
        Higher,
        ["mentions"],
        OWN
    ),
    indicator!(
        "mentions_trend_pct",
        14,
        "100 × (mentions of the five years to Y − of the five before) / of the five before",
        "%",
        Higher,
        ["mentions"],
        OWN
    ),
    indicator!(
        "net_firm_inflow_per_100k",
        15,
        "(firms moving in − firms moving out, five years to Y) × 100,000 / population",
        "per 100k people",
        Higher,
        ["migrations"],
        OWN
    ),
    indicator!(
        "net_person_inflow_per_100k",
        15,
        "(people moving in − people moving out, five years to Y) × 100,000 / population",
        "per 100k people",
        Higher,
        ["migrations"],
        OWN
    ),
];

/// The indicator with this id.
pub fn indicator(id: &str) -> Option<&'static Indicator> {
    INDICATORS.iter().find(|i| i.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_condition_has_an_indicator_and_ids_are_unique() {
        for c in 1..=15 {
            assert!(INDICATORS.iter().any(|i| i.condition == c), "condition {c}");
        }
        let mut ids: Vec<&str> = INDICATORS.iter().map(|i| i.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), INDICATORS.len());
        assert!(INDICATORS.windows(2).all(|w| w[0].condition <= w[1].condition));
    }

    /// The documentation's table lists exactly the registry's ids, with the same conditions.
    #[test]
    fn documentation_lists_the_registry() {
        let doc = include_str!("../../../docs/indicators.md");
        let mut documented = Vec::new();
        for line in doc.lines().filter(|l| l.starts_with("| `")) {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            documented.push((cells[1].trim_matches('`').to_string(), cells[2].parse::<u8>().unwrap()));
        }
        let registry: Vec<(String, u8)> = INDICATORS.iter().map(|i| (i.id.to_string(), i.condition)).collect();
        assert_eq!(documented, registry);
    }
}
