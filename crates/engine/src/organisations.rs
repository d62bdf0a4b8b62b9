//! The indicators counted over the organisations (conditions 1, 4, 5, 8 and 13) from the arrays of the
//! organisations pass (`crate::network`), with the definitions of `docs/indicators.md`:
//!
//! - an organisation is active in year `Y` when it was founded in or before `Y` (or the year is not
//!   known) and not closed in or before `Y`;
//! - per region and year, the active universities and public institutes, support organisations and
//!   finance organisations per 100,000 inhabitants; the mid-sized firms' share of the employees of active
//!   firms (start-ups, small, mid-sized and large firms; undefined unless the firms' employees add up to
//!   more than 0); the active start-ups per 100,000 inhabitants that have a child organisation founded
//!   in or before `Y` (a child without a founding year counts as founded before every year);
//! - start-ups founded in `Y−4 … Y` per 100,000 inhabitants and year, and their change from the five
//!   years before in percent (undefined when none was founded in the five years before).
//!
//! Why not SQL: these were a grouping of millions of rows per evaluation year and a self-join for the
//! children, while the pass already holds every organisation's region, kind and years as arrays; here
//! each is one loop over them.

use crate::network::{Organizations, kind_code};

/// The ids of the indicators [`indicators`] computes, in the order of its result.
pub(crate) const OUTPUTS: [&str; 7] = [
    "research_orgs_per_100k",
    "mid_sized_job_share",
    "startups_with_spinoffs_per_100k",
    "support_orgs_per_100k",
    "finance_orgs_per_100k",
    "startup_births_per_100k",
    "startup_birth_trend_pct",
];

/// Per region, what one evaluation year counts.
#[derive(Clone, Default)]
struct Counts {
    research: u32,
    support: u32,
    finance: u32,
    spinning: u32,
    /// Employees of active mid-sized firms and of all active firms (`None` when no such firm gives a
    /// count).
    mid_employees: Option<f64>,
    firm_employees: Option<f64>,
    births_now: u32,
    births_before: u32,
}

fn add(sum: &mut Option<f64>, x: Option<f64>) {
    if let Some(x) = x {
        *sum = Some(sum.unwrap_or(0.0) + x);
    }
}

/// The indicators of every region and evaluation year (`years` ascending), one list per id of
/// [`OUTPUTS`], the value of region `r` in year `years[j]` at `r * years.len() + j`; `population` per
/// region (`None` where unknown or not positive). Organisations whose region is unknown are left out
/// (the pass has failed the package then).
pub(crate) fn indicators(orgs: &Organizations, years: &[i32], population: &[Option<f64>]) -> Vec<Vec<Option<f64>>> {
    let (nregions, ny) = (population.len(), years.len());
    let [startup, mid_sized, support, finance] = ["startup", "mid_sized", "support", "finance"].map(kind_code);
    let research = [kind_code("university"), kind_code("public_research")];
    let firms = ["startup", "small", "mid_sized", "large"].map(kind_code);
    // Per organisation, the founding year of its first child (a child without one counts as the
    // earliest).
    // `i32::MAX` where it has none: a child founded in that year (or a year clamped to it) is
    // founded after every evaluation year, as if there were none.
    let mut first_child: Vec<i32> = vec![i32::MAX; orgs.region.len()];
    for (child, &parent) in orgs.parent.iter().enumerate() {
        if let Some(slot) = first_child.get_mut(parent as usize) {
            *slot = (*slot).min(orgs.founded(child).unwrap_or(i32::MIN));
        }
    }
    let mut out = vec![vec![None; nregions * ny]; OUTPUTS.len()];
    for (j, &year) in years.iter().enumerate() {
        let y = year;
        let mut counts = vec![Counts::default(); nregions];
        for (o, &first_child) in first_child.iter().enumerate() {
            let Some(c) = usize::try_from(orgs.region[o]).ok().and_then(|r| counts.get_mut(r)) else { continue };
            let k = orgs.kind[o];
            let founded = orgs.founded(o);
            if k == startup
                && let Some(f) = founded
            {
                if (y - 4..=y).contains(&f) {
                    c.births_now += 1;
                } else if (y - 9..=y - 5).contains(&f) {
                    c.births_before += 1;
                }
            }
            let active = founded.is_none_or(|f| f <= y) && orgs.closed(o).is_none_or(|c| c > y);
            if !active {
                continue;
            }
            c.research += u32::from(research.contains(&k));
            c.support += u32::from(k == support);
            c.finance += u32::from(k == finance);
            c.spinning += u32::from(k == startup && first_child <= y);
            if k == mid_sized {
                add(&mut c.mid_employees, orgs.employees(o));
            }
            if firms.contains(&k) {
                add(&mut c.firm_employees, orgs.employees(o));
            }
        }
        for (r, c) in counts.iter().enumerate() {
            let per_100k = |n: u32| population[r].map(|pop| f64::from(n) * 100_000.0 / pop);
            let share = c.firm_employees.filter(|&f| f > 0.0).map(|f| 100.0 * c.mid_employees.unwrap_or(0.0) / f);
            let trend = (c.births_before > 0)
                .then(|| 100.0 * (f64::from(c.births_now) - f64::from(c.births_before)) / f64::from(c.births_before));
            let values = [
                per_100k(c.research),
                share,
                per_100k(c.spinning),
                per_100k(c.support),
                per_100k(c.finance),
                per_100k(c.births_now).map(|v| v / 5.0),
                trend,
            ];
            for (column, v) in out.iter_mut().zip(values) {
                column[r * ny + j] = v.filter(|v| v.is_finite());
            }
        }
    }
    out
}
