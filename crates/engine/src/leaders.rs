//! The leaders' indicators (condition 10): the people of role `leader` placed in a region
//! (`crate::people`) counted in the rows of `collaborations` that name them (`crate::network`'s scan).
//! For an evaluation year `Y`, with `n_l` the rows of the five years `Y−4 … Y` naming leader `l` and
//! `L_r` the leaders placed in region `r`:
//!
//! - `active_leaders`: the leaders of `L_r` with `n_l > 0` (0 when no row names one; no evidence when
//!   the table has no row in the window);
//! - `top_leader_share`: 100 × `max n_l` / `Σ n_l` over those leaders (no value when none is named).
//!
//! A leader's id given twice counts twice, once in each region it is placed in.
//!
//! Why not SQL: the named people were a text column of every membership, grouped by year and person
//! and joined to the leaders, a grouping of millions of text keys; the leaders are a few percent of
//! the people, so each row's person is looked up in a table of the leaders that stays in the core's
//! cache, and the counts are added into an array.

use crate::codes::Interner;

/// The people named by the rows of a scan's years, end to end (only the rows that name one), their
/// rows' years, and the years that had a row at all.
#[derive(Default)]
pub(crate) struct Named {
    ids: Vec<u8>,
    ends: Vec<usize>,
    year: Vec<i64>,
    seen: Vec<i64>,
}

impl Named {
    /// Adds a row of year `year` that names `person` (or no one).
    pub(crate) fn add(&mut self, year: i64, person: Option<&str>) {
        if !self.seen.contains(&year) {
            self.seen.push(year);
        }
        if let Some(p) = person {
            self.ids.extend_from_slice(p.as_bytes());
            self.ends.push(self.ids.len());
            self.year.push(year);
        }
    }

    /// The named people and their rows' years.
    fn rows(&self) -> impl Iterator<Item = (&str, i64)> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).zip(&self.year).map(|((a, &b), &y)| {
            // The cells were added as text.
            (std::str::from_utf8(&self.ids[a..b]).unwrap_or_default(), y)
        })
    }
}

/// The leaders placed in a region: their distinct ids, and a (leader code, region position) per row.
#[derive(Default)]
pub(crate) struct Leaders {
    ids: Interner,
    placed: Vec<(u32, u32)>,
}

impl Leaders {
    /// Adds leader `id`, placed in the region at position `region`.
    pub(crate) fn add(&mut self, id: &str, region: usize) {
        let (code, _) = self.ids.intern(id);
        self.placed.push((code, region as u32));
    }
}

/// The ids of [`indicators`]' columns.
pub(crate) const OUTPUTS: [&str; 2] = ["active_leaders", "top_leader_share"];

/// `active_leaders` and `top_leader_share` (see the module's documentation), one value per region and
/// evaluation year at `r × years + j`.
pub(crate) fn indicators(leaders: &Leaders, named: &[Named], years: &[i32], regions: usize) -> [Vec<Option<f64>>; 2] {
    let (nl, ny) = (leaders.ids.len(), years.len());
    // Rows naming each leader, per evaluation year: `counts[j × leaders + l]`.
    let mut counts = vec![0u64; ny * nl];
    for part in named {
        for (id, year) in part.rows() {
            let Some(l) = leaders.ids.get(id) else { continue };
            for (j, &y) in years.iter().enumerate() {
                if in_window(year, y) {
                    counts[j * nl + l as usize] += 1;
                }
            }
        }
    }
    let covered: Vec<bool> =
        years.iter().map(|&y| named.iter().any(|p| p.seen.iter().any(|&s| in_window(s, y)))).collect();
    let (mut active, mut top, mut total) =
        (vec![0u64; regions * ny], vec![0u64; regions * ny], vec![0u64; regions * ny]);
    for &(l, r) in &leaders.placed {
        for j in 0..ny {
            let n = counts[j * nl + l as usize];
            if n > 0 {
                let at = r as usize * ny + j;
                active[at] += 1;
                top[at] = top[at].max(n);
                total[at] += n;
            }
        }
    }
    let active = (0..regions * ny).map(|at| covered[at % ny].then_some(active[at] as f64)).collect();
    let share =
        (0..regions * ny).map(|at| (total[at] > 0).then(|| 100.0 * top[at] as f64 / total[at] as f64)).collect();
    [active, share]
}

/// Whether `year` is one of the five years `y−4 … y`.
fn in_window(year: i64, y: i32) -> bool {
    (i64::from(y) - 4..=i64::from(y)).contains(&year)
}

#[cfg(test)]
mod tests {
    use super::{Leaders, Named, indicators};

    #[test]
    fn leaders_counted_in_their_regions_windows() {
        // Regions 0 and 1; leaders a, b in region 0, c in region 1, and a given twice (also in region 1).
        let mut leaders = Leaders::default();
        for (id, r) in [("a", 0), ("b", 0), ("c", 1), ("a", 1)] {
            leaders.add(id, r);
        }
        let mut part = Named::default();
        // 2020: a twice, b once, a researcher x once; 2015: c once (outside 2020's window); 2012: a row
        // naming no one.
        for (y, p) in [(2020, Some("a")), (2019, Some("a")), (2016, Some("b")), (2020, Some("x"))] {
            part.add(y, p);
        }
        let mut other = Named::default();
        other.add(2015, Some("c"));
        other.add(2012, None);
        let [active, share] = indicators(&leaders, &[part, other], &[2015, 2020, 2030], 3);
        // By hand. 2015 (window 2011–2015): c named once → region 1 has 1 active, share 100.
        // 2020 (2016–2020): a 2, b 1 → region 0: 2 active, top 2 of 3; region 1: a (2nd row) 2 of 2.
        // 2030: no row in 2026–2030 → no evidence.
        assert_eq!(active, vec![Some(0.0), Some(2.0), None, Some(1.0), Some(1.0), None, Some(0.0), Some(0.0), None]);
        let expect = [None, Some(200.0 / 3.0), None, Some(100.0), Some(100.0), None, None, None, None];
        assert_eq!(share, expect);
    }
}
