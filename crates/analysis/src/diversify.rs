//! Where a region can diversify: relatedness between industries from their co-location,
//! relatedness density, the fields a region is best placed to enter next and what links them to its
//! strengths, entries and exits between two years, related and unrelated variety, and economic
//! complexity (definitions in [`chiiki_methods::relatedness`], [`chiiki_methods::complexity`],
//! [`chiiki_methods::variety`], [`chiiki_methods::location_quotient`]).
//!
//! # Conventions
//!
//! - Specialisation: the location quotient of the region's employment in an industry against the
//!   employment of all regions of the package; presence when `LQ ≥ 1` (EconGeo's rule).
//! - Relatedness: by default the product-space proximity `φ_ij = min(P(i|j), P(j|i))` over the
//!   regions' presence; EconGeo's probability, association, cosine and Jaccard methods on request.
//! - Density: `100 · Σ_j M_rj φ_ij / Σ_j φ_ij` with the diagonal left out (EconGeo).
//! - Candidates: the industries where the region is not present, highest density first; each with
//!   the three present industries most related to it (its links to the region's strengths).
//! - Variety: groups from the `industries` table (`id`, `name`, `group`), else the first two
//!   characters of each industry id (the sector of a two-digit code).

use std::collections::HashMap;

use chiiki_methods::complexity::eci_pci;
use chiiki_methods::location_quotient::{Matrix, Reference, Threshold, location_quotient, presence};
use chiiki_methods::relatedness::{Diagonal, Method, co_occurrence, density, entries, exits, proximity, relatedness};
use chiiki_methods::variety::{Variety, variety_by_region};
use chiiki_package::{Industry, Panel};

/// How relatedness is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relatedness {
    /// The product-space proximity.
    Proximity,
    /// One of EconGeo's normalisations of co-occurrence.
    Normalised(Method),
}

/// What to analyse.
#[derive(Debug, Clone, PartialEq)]
pub struct DiversifyConfig {
    /// The region.
    pub region: String,
    /// The year (default: the last in the employment table).
    pub year: Option<i32>,
    /// The earlier year for entries and exits (default: the first).
    pub base_year: Option<i32>,
    /// How relatedness is measured.
    pub relatedness: Relatedness,
    /// How many candidates to list.
    pub top: usize,
}

/// An industry the region could enter.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The industry.
    pub industry: String,
    /// Its relatedness density for the region (0–100).
    pub density: f64,
    /// The region's location quotient in it now.
    pub lq: Option<f64>,
    /// Its complexity (PCI), if defined.
    pub pci: Option<f64>,
    /// The region's present industries most related to it, with their relatedness.
    pub links: Vec<(String, f64)>,
}

/// The diversification profile of one region.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// The region.
    pub region: String,
    /// The year analysed.
    pub year: i32,
    /// The earlier year of entries and exits.
    pub base_year: i32,
    /// How relatedness was measured.
    pub relatedness: Relatedness,
    /// The industries it is specialised in (LQ ≥ 1), highest LQ first.
    pub specialised: Vec<(String, f64)>,
    /// The candidates, highest density first.
    pub candidates: Vec<Candidate>,
    /// Industries entered since the base year, with their density in the base year.
    pub entered: Vec<(String, f64)>,
    /// Industries left since the base year.
    pub exited: Vec<String>,
    /// The mean density, in the base year, of the industries it entered and of those it could have
    /// entered but did not (the relatedness principle predicts the first is higher).
    pub entry_density: (Option<f64>, Option<f64>),
    /// Related and unrelated variety of its employment.
    pub variety: Option<Variety>,
    /// Its Economic Complexity Index and rank among the regions (1 = most complex).
    pub eci: Option<(f64, usize)>,
    /// The number of regions compared.
    pub regions: usize,
}

fn mean(v: &[f64]) -> Option<f64> {
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

/// The presence matrix and LQs of one year (regions × industries).
fn specialisation(panel: &Panel, year: i32) -> Result<(Matrix<Option<f64>>, Matrix<bool>), String> {
    let m = Matrix::new(panel.regions.len(), panel.categories.len(), panel.matrix(year)).map_err(|e| e.to_string())?;
    let lq = location_quotient(&m, Reference::Matrix).map_err(|e| e.to_string())?;
    let p = presence(&lq, Threshold::AtLeast(1.0));
    Ok((lq, p))
}

/// Analyses one region of `employment` (see the module docs).
///
/// # Errors
/// An unknown region or year, or a table too small to relate industries (fewer than two regions or
/// industries).
pub fn diversify(
    employment: &Panel,
    industries: Option<&[Industry]>,
    config: &DiversifyConfig,
) -> Result<Profile, String> {
    let r = employment
        .regions
        .iter()
        .position(|x| x.id == config.region)
        .ok_or_else(|| format!("unknown region `{}`", config.region))?;
    let first = *employment.years.first().ok_or("the employment table has no rows")?;
    let last = *employment.years.last().expect("not empty");
    let year = config.year.unwrap_or(last);
    let base = config.base_year.unwrap_or(first);
    for y in [year, base] {
        if !employment.years.contains(&y) {
            return Err(format!("the employment table has no year {y} (it has {first}–{last})"));
        }
    }
    if employment.regions.len() < 2 || employment.categories.len() < 2 {
        return Err("relatedness needs at least two regions and two industries".into());
    }
    let (lq, now) = specialisation(employment, year)?;
    let (_, before) = specialisation(employment, base)?;
    let rel = match config.relatedness {
        Relatedness::Proximity => proximity(&now),
        Relatedness::Normalised(method) => relatedness(&co_occurrence(&now), method).map_err(|e| e.to_string())?,
    };
    let dens = density(&now, &rel, Diagonal::Exclude).map_err(|e| e.to_string())?;
    let cats = &employment.categories;
    let k = cats.len();
    let complexity = eci_pci(&now).ok();

    let mut specialised: Vec<(String, f64)> =
        (0..k).filter(|&i| now.row(r)[i]).map(|i| (cats[i].clone(), lq.row(r)[i].unwrap_or(0.0))).collect();
    specialised.sort_by(|a, b| b.1.total_cmp(&a.1));
    let present: Vec<usize> = (0..k).filter(|&i| now.row(r)[i]).collect();
    let mut candidates: Vec<Candidate> = (0..k)
        .filter(|&i| !now.row(r)[i])
        .filter_map(|i| {
            let d = dens.row(r)[i]?;
            let mut links: Vec<(String, f64)> =
                present.iter().map(|&j| (cats[j].clone(), rel.row(i)[j])).filter(|(_, v)| *v > 0.0).collect();
            links.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            links.truncate(3);
            Some(Candidate {
                industry: cats[i].clone(),
                density: d,
                lq: lq.row(r)[i],
                pci: complexity.as_ref().and_then(|c| c.pci[i]),
                links,
            })
        })
        .collect();
    candidates.sort_by(|a, b| b.density.total_cmp(&a.density).then_with(|| a.industry.cmp(&b.industry)));
    candidates.truncate(config.top);

    // Entries and exits since the base year, with the base year's density.
    let rel_before = match config.relatedness {
        Relatedness::Proximity => proximity(&before),
        Relatedness::Normalised(method) => relatedness(&co_occurrence(&before), method).map_err(|e| e.to_string())?,
    };
    let dens_before = density(&before, &rel_before, Diagonal::Exclude).map_err(|e| e.to_string())?;
    let ent = entries(&before, &now).map_err(|e| e.to_string())?;
    let (mut entered, mut not_entered) = (Vec::new(), Vec::new());
    let mut entered_names = Vec::new();
    for c in ent.iter().filter(|c| c.region == r) {
        let d = dens_before.row(r)[c.industry].unwrap_or(0.0);
        if c.happened {
            entered.push(d);
            entered_names.push((cats[c.industry].clone(), d));
        } else {
            not_entered.push(d);
        }
    }
    let exited: Vec<String> = exits(&before, &now)
        .map_err(|e| e.to_string())?
        .into_iter()
        .filter(|c| c.region == r && c.happened)
        .map(|c| cats[c.industry].clone())
        .collect();

    // Variety of the region's employment.
    let group_of: Vec<String> = match industries {
        Some(list) => {
            let by_id: HashMap<&str, &str> = list.iter().map(|x| (x.id.as_str(), x.group.as_str())).collect();
            cats.iter().map(|c| by_id.get(c.as_str()).map_or_else(|| c.clone(), |g| g.to_string())).collect()
        }
        None => cats.iter().map(|c| c.chars().take(2).collect()).collect(),
    };
    let mut group_ids: Vec<&String> = group_of.iter().collect();
    group_ids.sort();
    group_ids.dedup();
    let groups: Vec<usize> = group_of.iter().map(|g| group_ids.binary_search(&g).expect("listed")).collect();
    let m = Matrix::new(employment.regions.len(), k, employment.matrix(year)).map_err(|e| e.to_string())?;
    let variety = variety_by_region(&m, &groups).map_err(|e| e.to_string())?[r];

    let eci = complexity.as_ref().and_then(|c| {
        let mine = c.eci[r]?;
        let rank = 1 + c.eci.iter().flatten().filter(|&&x| x > mine).count();
        Some((mine, rank))
    });
    Ok(Profile {
        region: config.region.clone(),
        year,
        base_year: base,
        relatedness: config.relatedness,
        specialised,
        candidates,
        entered: entered_names,
        exited,
        entry_density: (mean(&entered), mean(&not_entered)),
        variety,
        eci,
        regions: employment.regions.len(),
    })
}
