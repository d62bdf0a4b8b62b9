//! Life-cycle phases of every region (or region × industry) of a data package, with the start-up
//! entries and patents beside each year and the sharp drops of employment (definitions in
//! [`chiiki_methods::phases`]).

use chiiki_methods::phases::{Crisis, Phase, PhaseConfig, PhaseYear, YearInput, classify, crises};
use chiiki_package::{Network, OrgKind, Panel};

/// Settings of the phase analysis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PhasesConfig {
    /// The classification's thresholds.
    pub phases: PhaseConfig,
    /// The smallest fall that counts as a sharp drop.
    pub min_drop: f64,
    /// The longest span, in years, of a sharp drop.
    pub max_years: i32,
}

impl Default for PhasesConfig {
    fn default() -> Self {
        Self { phases: PhaseConfig::default(), min_drop: 0.10, max_years: 3 }
    }
}

/// One region's (or region × industry's) life-cycle path.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionPhases {
    /// The region's id.
    pub id: String,
    /// The region's name.
    pub name: String,
    /// The industry, when the path is of one industry.
    pub industry: Option<String>,
    /// The phase of each year, with its evidence.
    pub path: Vec<PhaseYear>,
    /// Sharp drops of employment.
    pub crises: Vec<Crisis>,
}

impl RegionPhases {
    /// The phase of the last year.
    pub fn current(&self) -> Option<Phase> {
        self.path.last().map(|p| p.phase)
    }
}

/// The paths of the regions asked for (all when `region` is `None`), of one industry or of all
/// industries together. `network` (organisations) gives start-up entries per year; `patents` the
/// patents per year. Regions without employment are left out.
pub fn region_phases(
    employment: &Panel,
    network: Option<&Network>,
    patents: Option<&Panel>,
    region: Option<&str>,
    industry: Option<&str>,
    config: &PhasesConfig,
) -> Vec<RegionPhases> {
    let years = &employment.years;
    let ny = years.len();
    let year_at = |y: i32| years.binary_search(&y).ok();
    let category = industry.and_then(|i| employment.categories.iter().position(|c| c == i)).map(|c| c as u32);
    let nr = employment.regions.len();
    let mut size = vec![vec![0.0; ny]; nr];
    for c in &employment.cells {
        if category.is_none_or(|k| c.category == k)
            && let Some(t) = year_at(c.year)
        {
            size[c.region as usize][t] += c.value;
        }
    }
    let region_pos: std::collections::HashMap<&str, usize> =
        employment.regions.iter().enumerate().map(|(i, r)| (r.id.as_str(), i)).collect();
    let mut entries: Option<Vec<Vec<f64>>> = None;
    if let Some(net) = network {
        let mut e = vec![vec![0.0; ny]; nr];
        for o in net.organizations.iter().filter(|o| o.kind == OrgKind::Startup) {
            if let (Some(f), Some(&r)) = (o.founded, region_pos.get(o.region_id.as_str()))
                && let Some(t) = year_at(f)
            {
                e[r][t] += 1.0;
            }
        }
        entries = Some(e);
    }
    let patents_by: Option<Vec<Vec<f64>>> = patents.map(|p| {
        let mut out = vec![vec![0.0; ny]; nr];
        for c in &p.cells {
            let r = region_pos.get(p.regions[c.region as usize].id.as_str());
            if let (Some(&r), Some(t)) = (r, year_at(c.year)) {
                out[r][t] += c.value;
            }
        }
        out
    });
    employment
        .regions
        .iter()
        .enumerate()
        .filter(|(_, r)| region.is_none_or(|id| r.id == id))
        .filter(|(i, _)| size[*i].iter().any(|&v| v > 0.0))
        .map(|(i, r)| {
            let series: Vec<YearInput> = (0..ny)
                .map(|t| YearInput {
                    year: years[t],
                    size: size[i][t],
                    entries: entries.as_ref().map(|e| e[i][t]),
                    patents: patents_by.as_ref().map(|p| p[i][t]),
                })
                .collect();
            RegionPhases {
                id: r.id.clone(),
                name: r.name.en.clone(),
                industry: industry.map(str::to_string),
                path: classify(&series, &config.phases),
                crises: crises(years, &size[i], config.min_drop, config.max_years),
            }
        })
        .collect()
}
