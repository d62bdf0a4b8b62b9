//! The joint-research indicators (conditions 4, 5, 9, 11 and 12) over the coded memberships of the
//! collaborations pass (`crate::network`): for each evaluation year `Y`, the projects with a membership
//! in the five years `Y−4 … Y`, each with its distinct member organisations. The definitions are those
//! of `docs/indicators.md`:
//!
//! - an organisation's degree is the number of distinct other organisations it shares a project with;
//!   mid-sized firms and start-ups of degree ≥ 3 are central;
//! - a region takes part in a project when one of the project's members is in it; per region and
//!   project: whether its members include a university or public institute and a firm (industry–academia
//!   project), a large corporation and another organisation (local large), another organisation while a
//!   large corporation of another region takes part (outside large), and whether the project spans
//!   several regions (inter-regional, with the other regions as partner regions).
//!
//! Why not SQL: the same steps as self-joins and groupings of DataFusion on millions of memberships took
//! longer than reading them; here the memberships are bucketed by project code (a counting sort), each
//! project's few members are looked at together, and the distinct partner pairs are one sort.

use crate::network::{KINDS, Organizations, kind_code};

/// The memberships of the pass: project code, organisation code and year of each.
#[derive(Default)]
pub(crate) struct Memberships {
    pub p: Vec<u32>,
    pub o: Vec<u32>,
    pub year: Vec<i64>,
    /// How many project codes there are.
    pub projects: usize,
}

/// The ids of the indicators [`indicators`] computes, in the order of its result.
pub(crate) const OUTPUTS: [&str; 8] = [
    "central_mid_sized_per_100k",
    "central_startups_per_100k",
    "local_iar_projects_per_100k",
    "local_iar_share",
    "projects_with_local_large_per_100k",
    "projects_with_outside_large_per_100k",
    "interregional_share",
    "partner_regions",
];

/// Per region, the counts of one evaluation year.
#[derive(Clone, Default)]
struct Counts {
    central_mid: u32,
    central_startups: u32,
    projects: u32,
    iar: u32,
    local_large: u32,
    outside_large: u32,
    inter: u32,
    partners: u32,
}

/// The joint-research indicators of every region and evaluation year (`years` ascending), one list per
/// id of [`OUTPUTS`], the value of region `r` in year `years[j]` at `r * years.len() + j`; `population`
/// per region (`None` where unknown or not positive). A year without memberships in its window is not
/// covered: every indicator is `None` there.
pub(crate) fn indicators(
    m: &Memberships,
    orgs: &Organizations,
    years: &[i32],
    population: &[Option<f64>],
) -> Vec<Vec<Option<f64>>> {
    let (nregions, ny) = (population.len(), years.len());
    assert!(nregions < (1 << 28) - 1, "region positions plus one fit the 28 bits of a packed membership");
    let mut out = vec![vec![None; nregions * ny]; OUTPUTS.len()];
    for (j, &year) in years.iter().enumerate() {
        let y = i64::from(year);
        let Some(counts) = year_counts(m, orgs, y - 4..=y, nregions) else { continue };
        for (r, c) in counts.iter().enumerate() {
            let per_100k = |n: u32| population[r].map(|pop| f64::from(n) * 100_000.0 / pop);
            let share = |n: u32| (c.projects > 0).then(|| 100.0 * f64::from(n) / f64::from(c.projects));
            let values = [
                per_100k(c.central_mid),
                per_100k(c.central_startups),
                per_100k(c.iar),
                share(c.iar),
                per_100k(c.local_large),
                per_100k(c.outside_large),
                share(c.inter),
                Some(f64::from(c.partners)),
            ];
            for (k, v) in values.into_iter().enumerate() {
                out[k][r * ny + j] = v.filter(|v| v.is_finite());
            }
        }
    }
    out
}

// A kind's position plus one fits the 4 low bits of a packed membership.
const _: () = assert!(KINDS.len() < 15);

/// Organisation `o` with its region's position and its kind's, each plus one (0 when unknown): the code
/// in the high 32 bits, the region in the next 28, the kind in the low 4.
fn pack(orgs: &Organizations, o: u32) -> u64 {
    let (r, k) = (orgs.region[o as usize], orgs.kind[o as usize]);
    (u64::from(o) << 32) | (u64::from((r + 1) as u32) << 4) | u64::from((k + 1) as u32)
}

/// What [`pack`] packed: the organisation's code, region and kind (−1 when unknown).
fn unpack(member: u64) -> (u32, i32, i32) {
    ((member >> 32) as u32, ((member as u32) >> 4) as i32 - 1, (member & 15) as i32 - 1)
}

/// The counts of every region over the memberships of the years `window`; `None` when there are none.
fn year_counts(
    m: &Memberships,
    orgs: &Organizations,
    window: std::ops::RangeInclusive<i64>,
    nregions: usize,
) -> Option<Vec<Counts>> {
    // Bucket the memberships of the window by project (a counting sort on the project code).
    let mut start = vec![0u32; m.projects + 1];
    let mut any = false;
    for (k, &p) in m.p.iter().enumerate() {
        if window.contains(&m.year[k]) {
            start[p as usize + 1] += 1;
            any = true;
        }
    }
    if !any {
        return None;
    }
    for p in 0..m.projects {
        start[p + 1] += start[p];
    }
    let mut at = start.clone();
    // Each membership as its organisation's code (the high 32 bits), region and kind (see [`pack`]), read
    // here in one tight loop: the organisations' arrays are looked up at random, and the loop over the
    // projects below, with more work between two lookups, waited for each.
    let mut members = vec![0u64; start[m.projects] as usize];
    for (k, &p) in m.p.iter().enumerate() {
        if window.contains(&m.year[k]) {
            members[at[p as usize] as usize] = pack(orgs, m.o[k]);
            at[p as usize] += 1;
        }
    }
    drop(at);
    let (mid, startup, large) = (kind_code("mid_sized"), kind_code("startup"), kind_code("large"));
    let research = [kind_code("university"), kind_code("public_research")];
    let firms = [kind_code("startup"), kind_code("small"), kind_code("mid_sized"), kind_code("large")];
    let mut counts = vec![Counts::default(); nregions];
    // (organisation, partner) for the mid-sized firms and start-ups; (region, partner region).
    let mut org_pairs: Vec<u64> = Vec::new();
    let mut region_pairs: Vec<u64> = Vec::new();
    // Per region of the project at hand: (region, research, firm, large, other).
    let mut regions: Vec<(u32, bool, bool, bool, bool)> = Vec::new();
    for p in 0..m.projects {
        let group = &mut members[start[p] as usize..start[p + 1] as usize];
        if group.is_empty() {
            continue;
        }
        group.sort_unstable();
        let mut n = 0;
        for i in 0..group.len() {
            if i == 0 || group[i] >> 32 != group[i - 1] >> 32 {
                group[n] = group[i];
                n += 1;
            }
        }
        let group = &group[..n];
        regions.clear();
        for &member in group {
            let (o, r, k) = unpack(member);
            // An organisation with an unknown region or kind fails the checks before any indicator.
            let Ok(r) = u32::try_from(r) else { continue };
            let at = match regions.iter().position(|x| x.0 == r) {
                Some(at) => at,
                None => {
                    regions.push((r, false, false, false, false));
                    regions.len() - 1
                }
            };
            let x = &mut regions[at];
            x.1 |= research.contains(&k);
            x.2 |= firms.contains(&k);
            x.3 |= k == large;
            x.4 |= k != large;
            if k == mid || k == startup {
                org_pairs.extend(
                    group.iter().map(|&b| b >> 32).filter(|&b| b != u64::from(o)).map(|b| (u64::from(o) << 32) | b),
                );
            }
        }
        let large_regions = regions.iter().filter(|x| x.3).count();
        for &(r, research, firm, is_large, other) in &regions {
            let c = &mut counts[r as usize];
            c.projects += 1;
            c.iar += u32::from(research && firm);
            c.local_large += u32::from(other && is_large);
            c.outside_large += u32::from(other && large_regions > usize::from(is_large));
            c.inter += u32::from(regions.len() > 1);
            if regions.len() > 1 {
                region_pairs.extend(regions.iter().filter(|x| x.0 != r).map(|x| (u64::from(r) << 32) | u64::from(x.0)));
            }
        }
    }
    drop(members);
    org_pairs.sort_unstable();
    org_pairs.dedup();
    let mut i = 0;
    while i < org_pairs.len() {
        let o = org_pairs[i] >> 32;
        let mut j = i;
        while j < org_pairs.len() && org_pairs[j] >> 32 == o {
            j += 1;
        }
        if j - i >= 3 {
            let (r, k) = (orgs.region[o as usize] as usize, orgs.kind[o as usize]);
            if k == mid {
                counts[r].central_mid += 1;
            } else {
                counts[r].central_startups += 1;
            }
        }
        i = j;
    }
    region_pairs.sort_unstable();
    region_pairs.dedup();
    for pair in region_pairs {
        counts[(pair >> 32) as usize].partners += 1;
    }
    Some(counts)
}
