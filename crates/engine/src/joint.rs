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
/// The projects are cut into `threads` ranges of codes, each range's memberships bucketed and its
/// projects looked at on a thread of its own ([`share`]); the counts are then added and the pairs
/// merged.
fn year_counts(
    m: &Memberships,
    orgs: &Organizations,
    window: std::ops::RangeInclusive<i64>,
    nregions: usize,
    threads: usize,
) -> Option<Vec<Counts>> {
    if !m.year.iter().any(|y| window.contains(y)) {
        return None;
    }
    let threads = threads.clamp(1, 16).min(m.projects.max(1));
    let window = &window;
    let parts: Vec<Share> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let codes = (m.projects * t / threads) as u32..(m.projects * (t + 1) / threads) as u32;
                scope.spawn(move || share(m, orgs, window, codes, nregions))
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("a joint-research thread panicked")).collect()
    });
    let mut counts = vec![Counts::default(); nregions];
    let mut partners = Partners::new(nregions);
    let mut org_pairs: Vec<Vec<u64>> = Vec::with_capacity(parts.len());
    for part in parts {
        for (c, x) in counts.iter_mut().zip(&part.counts) {
            c.projects += x.projects;
            c.iar += x.iar;
            c.local_large += x.local_large;
            c.outside_large += x.outside_large;
            c.inter += x.inter;
        }
        partners = partners.join(part.partners);
        org_pairs.push(part.org_pairs);
    }
    let mid = kind_code("mid_sized");
    distinct_partners(&org_pairs, |o, partners| {
        if partners >= 3 {
            let (r, k) = (orgs.region[o as usize] as usize, orgs.kind[o as usize]);
            if k == mid {
                counts[r].central_mid += 1;
            } else {
                counts[r].central_startups += 1;
            }
        }
    });
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
/// [`BIT_REGIONS`] (whose bits would take more than 32 MiB) the pairs themselves, made distinct when
/// counted.
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
            (Partners::Pairs(mut a), Partners::Pairs(b)) => {
                a.extend(b);
                Partners::Pairs(a)
            }
            _ => unreachable!("shares of the same regions keep their pairs alike"),
        }
    }

    /// How many partner regions each region has.
    fn counts(mut self, nregions: usize) -> Vec<u32> {
        let mut out = vec![0u32; nregions];
        match &mut self {
            Partners::Bits(bits) => {
                for (r, n) in out.iter_mut().enumerate() {
                    *n = (r * nregions..(r + 1) * nregions).filter(|&q| bits[q / 64] >> (q % 64) & 1 == 1).count()
                        as u32;
                }
            }
            Partners::Pairs(pairs) => {
                pairs.sort_unstable();
                pairs.dedup();
                pairs.iter().for_each(|&pair| out[(pair >> 32) as usize] += 1);
            }
        }
        out
    }
}

/// The share of the projects coded `codes`: their memberships of the years `window` bucketed by
/// project (a counting sort), then each project's distinct members looked at together.
fn share(
    m: &Memberships,
    orgs: &Organizations,
    window: &std::ops::RangeInclusive<i64>,
    codes: std::ops::Range<u32>,
    nregions: usize,
) -> Share {
    let first = codes.start;
    let n = (codes.end - codes.start) as usize;
    let mine = |k: usize| codes.contains(&m.p[k]) && window.contains(&m.year[k]);
    let mut start = vec![0u32; n + 1];
    for k in 0..m.p.len() {
        if mine(k) {
            start[(m.p[k] - first) as usize + 1] += 1;
        }
    }
    for p in 0..n {
        start[p + 1] += start[p];
    }
    let mut at = start.clone();
    // Each membership as its organisation's code (the high 32 bits), region and kind (see [`pack`]), read
    // here in one tight loop: the organisations' arrays are looked up at random, and the loop over the
    // projects below, with more work between two lookups, waited for each.
    let mut members = vec![0u64; start[n] as usize];
    for k in 0..m.p.len() {
        if mine(k) {
            let p = (m.p[k] - first) as usize;
            members[at[p] as usize] = pack(orgs, m.o[k]);
            at[p] += 1;
        }
    }
    drop(at);
    let (mid, startup, large) = (kind_code("mid_sized"), kind_code("startup"), kind_code("large"));
    let research = [kind_code("university"), kind_code("public_research")];
    let firms = [kind_code("startup"), kind_code("small"), kind_code("mid_sized"), kind_code("large")];
    let mut counts = vec![Counts::default(); nregions];
    let mut partners = Partners::new(nregions);
    // (organisation, partner) for the mid-sized firms and start-ups.
    let mut org_pairs: Vec<u64> = Vec::new();
    // Per region of the project at hand: (region, research, firm, large, other).
    let mut regions: Vec<(u32, bool, bool, bool, bool)> = Vec::new();
    for p in 0..n {
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
                for x in regions.iter().filter(|x| x.0 != r) {
                    partners.add(r, x.0, nregions);
                }
            }
        }
    }
    org_pairs.sort_unstable();
    org_pairs.dedup();
    Share { counts, partners, org_pairs }
}

/// Calls `each` with every organisation of the (organisation, partner) pairs of `lists` (the
/// organisation's code in the high 32 bits) and its number of distinct partners, in code order; each
/// list sorted and without repeats, a pair that several lists give counted once. The lists are walked
/// side by side, not merged into one.
fn distinct_partners(lists: &[Vec<u64>], mut each: impl FnMut(u32, usize)) {
    let mut heads = vec![0usize; lists.len()];
    let mut current: Option<(u32, usize)> = None;
    while let Some(pair) = lists.iter().zip(&heads).filter_map(|(l, &h)| l.get(h)).min().copied() {
        for (l, h) in lists.iter().zip(heads.iter_mut()) {
            if l.get(*h) == Some(&pair) {
                *h += 1;
            }
        }
        let o = (pair >> 32) as u32;
        current = match current {
            Some((c, n)) if c == o => Some((c, n + 1)),
            Some((c, n)) => {
                each(c, n);
                Some((o, 1))
            }
            None => Some((o, 1)),
        };
    }
    if let Some((c, n)) = current {
        each(c, n);
    }
}

#[cfg(test)]
mod tests {
    use super::{Partners, distinct_partners};

    /// Partner regions kept as bits and as pairs give the same counts, a pair given twice or by two
    /// shares counted once.
    #[test]
    fn partner_bits_and_pairs_count_alike() {
        let shares = [vec![(0, 1), (1, 0), (0, 2), (0, 1)], vec![(0, 1), (3, 2), (2, 3)]];
        let mut counts = Vec::new();
        for bits in [true, false] {
            let kept = |_| if bits { Partners::new(4) } else { Partners::Pairs(Vec::new()) };
            let joined = shares
                .iter()
                .map(|share| {
                    let mut p = kept(());
                    share.iter().for_each(|&(r, q)| p.add(r, q, 4));
                    p
                })
                .reduce(Partners::join)
                .unwrap();
            counts.push(joined.counts(4));
        }
        assert_eq!(counts[0], vec![2, 1, 1, 1]);
        assert_eq!(counts[1], counts[0]);
    }

    /// Pairs that two shares both give count once; an organisation in one share only keeps its count;
    /// the organisations come in code order.
    #[test]
    fn partners_across_shares_counted_once() {
        let pair = |o: u64, b: u64| (o << 32) | b;
        let a = vec![pair(1, 2), pair(1, 3), pair(4, 1), pair(7, 1), pair(7, 2)];
        let b = vec![pair(1, 3), pair(1, 9), pair(5, 1), pair(7, 2), pair(7, 8)];
        let mut seen = Vec::new();
        distinct_partners(&[a.clone(), b, Vec::new()], |o, n| seen.push((o, n)));
        assert_eq!(seen, vec![(1, 3), (4, 1), (5, 1), (7, 3)]);
        seen.clear();
        distinct_partners(&[a], |o, n| seen.push((o, n)));
        assert_eq!(seen, vec![(1, 2), (4, 1), (7, 2)]);
        seen.clear();
        distinct_partners(&[], |o, n| seen.push((o, n)));
        assert!(seen.is_empty());
    }
}
