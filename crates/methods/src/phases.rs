//! Life-cycle phases of a cluster from its yearly series, and sharp drops (crises).
//!
//! # Phases
//!
//! The study describes a cluster's development as germinal → exploratory → growth → maturity, then
//! renewal or decline (from internal rigidity or a shift in technology). chiiki calls the phase of
//! each year from the size of the cluster (employment) with these quantities:
//!
//! - `g_t` — the compound annual growth over the last `window` years,
//!   `(E_t / E_{t−w})^{1/w} − 1` (over fewer years at the start of the series; none for the first);
//! - `scale_t = E_t / max(E)` — the size relative to the largest size the series reaches (the call
//!   is made with hindsight over the whole series, like a historian's, not a forecaster's);
//! - `from_peak_t = 1 − E_t / max_{τ≤t} E_τ` — the fall from the highest size so far.
//!
//! With `fast` the growth that counts as fast (default 3 % a year), the rules, first match wins:
//!
//! 1. **decline** — `from_peak ≥ decline` (default 15 %) and `g < fast`: well below its peak, not
//!    recovering fast;
//! 2. **renewal** — `g ≥ fast` in a year after a decline year: growing fast again;
//! 3. **growth** — `g ≥ fast` and `scale ≥ small` (default 0.2);
//! 4. **exploratory** — `g ≥ fast` with `scale < small`, or `0 < g < fast` with
//!    `small ≤ scale < mature` (default 0.6): small and expanding, or not yet settled;
//! 5. **maturity** — `|g| < fast` and `scale ≥ mature`: large and stable;
//! 6. **germinal** — everything else while `scale < mature`: small, not (yet) expanding;
//! 7. otherwise **maturity** (large, shrinking slowly, less than `decline` below its peak).
//!
//! The first year, without growth, is germinal when `scale < small`, else exploratory when
//! `scale < mature`, else maturity. Start-up entries and patents, when the package has them, are
//! reported beside each call as evidence; they do not change it. Every threshold is in
//! [`PhaseConfig`].
//!
//! # Crises (condition 6)
//!
//! A sharp drop is a fall of at least `min_drop` (default 10 %) from a year to a later one at most
//! `max_years` (default 3) years on. Overlapping drops are merged into one episode from its highest
//! point (the last year at it) to its lowest after it; each episode reports its first and last year and the fall as a fraction.
//!
//! # References
//!
//! Menzel, M.-P. & Fornahl, D. (2010). Cluster life cycles — dimensions and rationales of cluster
//! evolution. *Industrial and Corporate Change* 19(1), 205–238. <https://doi.org/10.1093/icc/dtp036>.
//! NISTEP Policy Study No. 9 (2004), section 8 (phase progression of clusters).
//!
//! ```
//! use chiiki_methods::phases::{Phase, PhaseConfig, YearInput, classify};
//!
//! let years: Vec<YearInput> = [40.0, 40.0, 60.0, 150.0, 400.0, 410.0, 415.0, 300.0]
//!     .iter()
//!     .enumerate()
//!     .map(|(i, &e)| YearInput { year: 2000 + i as i32, size: e, entries: None, patents: None })
//!     .collect();
//! let path = classify(&years, &PhaseConfig::default());
//! assert_eq!(path[0].phase, Phase::Germinal);
//! assert_eq!(path[3].phase, Phase::Growth);
//! assert_eq!(path[7].phase, Phase::Decline);
//! ```

/// A life-cycle phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Small, not (yet) expanding.
    Germinal,
    /// Small and expanding, or not yet settled.
    Exploratory,
    /// Growing fast.
    Growth,
    /// Large and stable.
    Maturity,
    /// Well below its peak, not recovering.
    Decline,
    /// Growing fast again after a decline.
    Renewal,
}

impl Phase {
    /// The phase's name in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Germinal => "germinal",
            Phase::Exploratory => "exploratory",
            Phase::Growth => "growth",
            Phase::Maturity => "maturity",
            Phase::Decline => "decline",
            Phase::Renewal => "renewal",
        }
    }
}

/// The thresholds of the classification (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PhaseConfig {
    /// Years over which growth is measured.
    pub window: usize,
    /// Annual growth that counts as fast.
    pub fast: f64,
    /// Scale below which a cluster is small.
    pub small: f64,
    /// Scale from which a cluster is mature.
    pub mature: f64,
    /// Fall from the peak that counts as decline.
    pub decline: f64,
}

impl Default for PhaseConfig {
    fn default() -> Self {
        Self { window: 3, fast: 0.03, small: 0.2, mature: 0.6, decline: 0.15 }
    }
}

/// One year of a cluster's series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct YearInput {
    /// The year.
    pub year: i32,
    /// Its size (employment).
    pub size: f64,
    /// Start-ups founded that year, if known.
    pub entries: Option<f64>,
    /// Patents filed that year, if known.
    pub patents: Option<f64>,
}

/// One year's call and the evidence behind it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PhaseYear {
    /// The year.
    pub year: i32,
    /// The phase called.
    pub phase: Phase,
    /// The size.
    pub size: f64,
    /// Compound annual growth over the window (none for the first year).
    pub growth: Option<f64>,
    /// Size relative to the series' maximum.
    pub scale: f64,
    /// Fall from the highest size so far.
    pub from_peak: f64,
    /// Start-ups founded that year, if known.
    pub entries: Option<f64>,
    /// Patents that year, if known.
    pub patents: Option<f64>,
}

/// Calls the phase of every year of `series` (in year order). An empty series, or one whose sizes
/// are all zero, gives every year germinal with scale 0.
pub fn classify(series: &[YearInput], config: &PhaseConfig) -> Vec<PhaseYear> {
    let max = series.iter().map(|y| y.size).fold(0.0_f64, f64::max);
    let mut peak = 0.0_f64;
    let mut declined = false;
    let mut out = Vec::with_capacity(series.len());
    for (i, y) in series.iter().enumerate() {
        peak = peak.max(y.size);
        let scale = if max > 0.0 { y.size / max } else { 0.0 };
        let from_peak = if peak > 0.0 { 1.0 - y.size / peak } else { 0.0 };
        let growth = (i > 0).then(|| {
            let back = i.min(config.window);
            let base = series[i - back].size;
            if base > 0.0 {
                (y.size / base).powf(1.0 / back as f64) - 1.0
            } else if y.size > 0.0 {
                f64::INFINITY
            } else {
                0.0
            }
        });
        let phase = match growth {
            None if scale < config.small => Phase::Germinal,
            None if scale < config.mature => Phase::Exploratory,
            None => Phase::Maturity,
            Some(g) => {
                if from_peak >= config.decline && g < config.fast {
                    Phase::Decline
                } else if g >= config.fast && declined {
                    Phase::Renewal
                } else if g >= config.fast {
                    if scale >= config.small { Phase::Growth } else { Phase::Exploratory }
                } else if g > 0.0 && scale >= config.small && scale < config.mature {
                    Phase::Exploratory
                } else if g.abs() < config.fast && scale >= config.mature {
                    Phase::Maturity
                } else if scale < config.mature {
                    Phase::Germinal
                } else {
                    Phase::Maturity
                }
            }
        };
        declined |= phase == Phase::Decline;
        out.push(PhaseYear {
            year: y.year,
            phase,
            size: y.size,
            growth: growth.filter(|g| g.is_finite()),
            scale,
            from_peak,
            entries: y.entries,
            patents: y.patents,
        });
    }
    out
}

/// A sharp drop: from `start` (a high point) to `end` (the low point), falling by `drop`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Crisis {
    /// The year of the high point.
    pub start: i32,
    /// The year of the low point.
    pub end: i32,
    /// The fall, as a fraction of the high point's size (0.25 = a quarter lost).
    pub drop: f64,
}

/// Every sharp drop of at least `min_drop` within `max_years` years (see the module docs), in year
/// order. `years` and `sizes` are parallel and in year order.
pub fn crises(years: &[i32], sizes: &[f64], min_drop: f64, max_years: i32) -> Vec<Crisis> {
    assert_eq!(years.len(), sizes.len(), "years and sizes are parallel");
    // Every qualifying (from, to) pair, as index intervals.
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for i in 0..sizes.len() {
        if sizes[i] <= 0.0 {
            continue;
        }
        for j in i + 1..sizes.len() {
            if years[j] - years[i] > max_years {
                break;
            }
            if 1.0 - sizes[j] / sizes[i] >= min_drop {
                spans.push((i, j));
            }
        }
    }
    // Merge overlapping spans into episodes; each runs from its highest point to its lowest after it.
    spans.sort_unstable();
    let mut episodes: Vec<(usize, usize)> = Vec::new();
    for (i, j) in spans {
        match episodes.last_mut() {
            Some(last) if i <= last.1 => last.1 = last.1.max(j),
            _ => episodes.push((i, j)),
        }
    }
    episodes
        .into_iter()
        .map(|(a, b)| {
            // The last year at the highest point, then the first year at the lowest after it.
            let hi = (a..=b).max_by(|&x, &y| sizes[x].total_cmp(&sizes[y]).then(x.cmp(&y))).expect("a span");
            let lo = (hi..=b).min_by(|&x, &y| sizes[x].total_cmp(&sizes[y]).then(x.cmp(&y))).expect("a span");
            Crisis { start: years[hi], end: years[lo], drop: 1.0 - sizes[lo] / sizes[hi] }
        })
        .filter(|c| c.drop >= min_drop)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(sizes: &[f64]) -> Vec<YearInput> {
        sizes
            .iter()
            .enumerate()
            .map(|(i, &s)| YearInput { year: 1990 + i as i32, size: s, entries: None, patents: None })
            .collect()
    }

    fn phases(sizes: &[f64]) -> Vec<&'static str> {
        classify(&series(sizes), &PhaseConfig::default()).iter().map(|p| p.phase.as_str()).collect()
    }

    #[test]
    fn a_whole_life_cycle() {
        // Small and flat, taking off, growing, levelling off, falling, recovering.
        let sizes = [10.0, 10.0, 10.5, 14.0, 20.0, 40.0, 70.0, 95.0, 100.0, 100.0, 99.0, 80.0, 70.0, 72.0, 85.0, 95.0];
        assert_eq!(
            phases(&sizes),
            [
                "germinal",    // 1990: 10 % of the maximum, no growth yet
                "germinal",    // flat
                "germinal",    // (10.5/10)^(1/2) − 1 = 2.5 %/yr < 3 %
                "exploratory", // 1993: (14/10)^(1/3) − 1 = 11.9 %/yr, scale 0.14 < 0.2
                "growth",      // 1994: scale 0.2
                "growth",
                "growth",
                "growth",
                "growth",   // 1998: (100/40)^(1/3) − 1 = 35.7 %/yr
                "growth",   // 1999: (100/70)^(1/3) − 1 = 12.6 %/yr
                "maturity", // 2000: (99/95)^(1/3) − 1 = 1.4 %/yr at scale 0.99
                "decline",  // 2001: 20 % below the peak of 100
                "decline",
                "decline", // 2003: (72/99)^(1/3) − 1 < 0
                "decline", // 2004: (85/80)^(1/3) − 1 = 2.0 %/yr, still 15 % below the peak
                "renewal", // 2005: (95/70)^(1/3) − 1 = 10.7 %/yr after a decline
            ]
        );
    }

    #[test]
    fn growth_is_compound_over_the_window() {
        let p = classify(&series(&[100.0, 110.0, 121.0, 133.1]), &PhaseConfig::default());
        assert_eq!(p[0].growth, None);
        assert!((p[1].growth.unwrap() - 0.10).abs() < 1e-12);
        assert!((p[3].growth.unwrap() - 0.10).abs() < 1e-12);
        assert!((p[3].scale - 1.0).abs() < 1e-12);
    }

    #[test]
    fn empty_and_zero_series() {
        assert!(classify(&[], &PhaseConfig::default()).is_empty());
        assert_eq!(phases(&[0.0, 0.0]), ["germinal", "germinal"]);
    }

    #[test]
    fn sharp_drops_are_found_and_merged() {
        let years: Vec<i32> = (1990..2002).collect();
        let sizes = [100.0, 102.0, 104.0, 90.0, 80.0, 78.0, 85.0, 90.0, 95.0, 97.0, 96.0, 86.0];
        let c = crises(&years, &sizes, 0.10, 3);
        assert_eq!(c.len(), 2, "{c:?}");
        // 1992 (104) to 1995 (78): a quarter lost.
        assert_eq!((c[0].start, c[0].end), (1992, 1995));
        assert!((c[0].drop - 0.25).abs() < 1e-12);
        // 1999 (97) to 2001 (86): 11.3 %.
        assert_eq!((c[1].start, c[1].end), (1999, 2001));
        assert!((c[1].drop - 11.0 / 97.0).abs() < 1e-12);
        // A slow decline over many years is no crisis.
        let slow: Vec<f64> = (0..12).map(|i| 100.0 - 2.0 * i as f64).collect();
        assert!(crises(&years, &slow, 0.10, 3).is_empty());
    }
}
