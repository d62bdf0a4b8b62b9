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
/// per region (`None` where unknown or not positive), the projects looked at on `threads` threads. A
/// year without memberships in its window is not covered: every indicator is `None` there.
pub(crate) fn indicators(
    m: &Memberships,
    orgs: &Organizations,
    years: &[i32],
    population: &[Option<f64>],
    threads: usize,
) -> Vec<Vec<Option<f64>>> {
    let (nregions, ny) = (population.len(), years.len());
    assert!(nregions < (1 << 28) - 1, "region positions plus one fit the 28 bits of a packed membership");
    let mut out = vec![vec![None; nregions * ny]; OUTPUTS.len()];
    for (j, &year) in years.iter().enumerate() {
        let y = i64::from(year);
        let Some(counts) = year_counts(m, orgs, y - 4..=y, nregions, threads) else { continue };
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
    threads: usize,
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
    // The projects in `threads` contiguous shares of about equal memberships, each share's loop on a
    // thread of its own; the counts added, the pairs merged.
    let threads = threads.clamp(1, 16);
    let total = start[m.projects] as usize;
    let mut cuts = vec![0usize; threads + 1];
    cuts[threads] = m.projects;
    for (t, cut) in cuts.iter_mut().enumerate().take(threads).skip(1) {
        *cut = start.partition_point(|&s| (s as usize) < total * t / threads).min(m.projects);
    }
    let (start, cuts) = (&start, &cuts);
    let mut rest: &mut [u64] = &mut members;
    let mut shares = Vec::with_capacity(threads);
    for t in 0..threads {
        let len = (start[cuts[t + 1]] - start[cuts[t]]) as usize;
        let (share, tail) = rest.split_at_mut(len);
        shares.push(share);
        rest = tail;
    }
    let parts: Vec<Share> = std::thread::scope(|scope| {
        let handles: Vec<_> = shares
            .into_iter()
            .enumerate()
            .map(|(t, share)| {
                scope.spawn(move || {
                    let offset = start[cuts[t]];
                    let groups =
                        (cuts[t]..cuts[t + 1]).map(|p| (start[p] - offset) as usize..(start[p + 1] - offset) as usize);
                    projects(share, groups, nregions)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("a joint-research thread panicked")).collect()
    });
    drop(members);
    let mut counts = vec![Counts::default(); nregions];
    let mut partners = Partners::new(nregions);
    let mut org_pairs: Vec<u64> = Vec::new();
    for part in parts {
        for (c, x) in counts.iter_mut().zip(&part.counts) {
            c.projects += x.projects;
            c.iar += x.iar;
            c.local_large += x.local_large;
            c.outside_large += x.outside_large;
            c.inter += x.inter;
        }
        partners = partners.join(part.partners);
        // Each share's pairs come sorted and distinct: merged here, a pair two shares give kept once.
        org_pairs = merge_distinct(&org_pairs, &part.org_pairs);
    }
    let mid = kind_code("mid_sized");
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
    for (c, n) in counts.iter_mut().zip(partners.counts(nregions)) {
        c.partners = n;
    }
    Some(counts)
}

/// What one share of the projects gave: per region its counts (all but the central organisations and
/// the partner regions), the partner regions as a bit per (region, region), and the distinct
/// (organisation, partner) pairs of its mid-sized firms and start-ups, sorted.
struct Share {
    counts: Vec<Counts>,
    partners: Partners,
    org_pairs: Vec<u64>,
}

/// The (region, partner region) pairs of a share: a bit per pair of regions, or for more regions than
/// [`BIT_REGIONS`] (whose bits would take more than 32 MiB) the pairs themselves, sorted and distinct.
enum Partners {
    Bits(Vec<u64>),
    Pairs(Vec<u64>),
}

/// The most regions whose partner pairs [`Partners`] keeps as bits.
const BIT_REGIONS: usize = 16_384;

impl Partners {
    fn new(nregions: usize) -> Partners {
        if nregions <= BIT_REGIONS {
            Partners::Bits(vec![0; (nregions * nregions).div_ceil(64)])
        } else {
            Partners::Pairs(Vec::new())
        }
    }

    fn add(&mut self, r: u32, q: u32, nregions: usize) {
        match self {
            Partners::Bits(bits) => {
                let at = r as usize * nregions + q as usize;
                bits[at / 64] |= 1 << (at % 64);
            }
            Partners::Pairs(pairs) => pairs.push((u64::from(r) << 32) | u64::from(q)),
        }
    }

    /// `self` with `other`'s pairs too (both of the same kind, for the same regions).
    fn join(self, other: Partners) -> Partners {
        match (self, other) {
            (Partners::Bits(mut a), Partners::Bits(b)) => {
                a.iter_mut().zip(&b).for_each(|(x, y)| *x |= y);
                Partners::Bits(a)
            }
            (Partners::Pairs(a), Partners::Pairs(b)) => Partners::Pairs(merge_distinct(&a, &b)),
            _ => unreachable!("shares of the same regions keep their pairs alike"),
        }
    }

    /// How many partner regions each region has.
    fn counts(&self, nregions: usize) -> Vec<u32> {
        let mut out = vec![0u32; nregions];
        match self {
            Partners::Bits(bits) => {
                for (r, n) in out.iter_mut().enumerate() {
                    *n = (r * nregions..(r + 1) * nregions).filter(|&q| bits[q / 64] >> (q % 64) & 1 == 1).count()
                        as u32;
                }
            }
            Partners::Pairs(pairs) => pairs.iter().for_each(|&pair| out[(pair >> 32) as usize] += 1),
        }
        out
    }
}

/// Looks at the projects whose packed members ([`pack`]) are `members[group]` for each of `groups`.
fn projects(members: &mut [u64], groups: impl Iterator<Item = std::ops::Range<usize>>, nregions: usize) -> Share {
    let (mid, startup, large) = (kind_code("mid_sized"), kind_code("startup"), kind_code("large"));
    let research = [kind_code("university"), kind_code("public_research")];
    let firms = [kind_code("startup"), kind_code("small"), kind_code("mid_sized"), kind_code("large")];
    let mut counts = vec![Counts::default(); nregions];
    let mut partners = Partners::new(nregions);
    // (organisation, partner) for the mid-sized firms and start-ups.
    let mut org_pairs: Vec<u64> = Vec::new();
    // Per region of the project at hand: (region, research, firm, large, other).
    let mut regions: Vec<(u32, bool, bool, bool, bool)> = Vec::new();
    for range in groups {
        let group = &mut members[range];
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
                for x in regions.iter().filter(|x| x.0 != r) {
                    partners.add(r, x.0, nregions);
                }
            }
        }
    }
    org_pairs.sort_unstable();
    org_pairs.dedup();
    if let Partners::Pairs(pairs) = &mut partners {
        pairs.sort_unstable();
        pairs.dedup();
    }
    Share { counts, partners, org_pairs }
}

/// The distinct values of two sorted lists of distinct values, sorted.
fn merge_distinct(a: &[u64], b: &[u64]) -> Vec<u64> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}
