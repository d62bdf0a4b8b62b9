//! The Malmquist productivity index between two periods, decomposed into efficiency change and
//! technical change (Färe, Grosskopf, Norris & Zhang 1994), computed with DEA as R Benchmarking's
//! `malmq` does.
//!
//! # Formula
//!
//! The same units are observed in period 0 (`x⁰, y⁰`) and period 1 (`x¹, y¹`). Let `e_ab` be the
//! Farrell efficiency of a unit's period-`b` data measured against the period-`a` technology
//! (Benchmarking's naming: `e10` is period-1 data against the period-0 frontier):
//!
//! ```text
//! e00 = E(x⁰, y⁰ | T⁰)    e11 = E(x¹, y¹ | T¹)    (ordinary DEA scores of each period)
//! e10 = E(x¹, y¹ | T⁰)    e01 = E(x⁰, y⁰ | T¹)    (cross-period scores)
//!
//! ec = e11 / e00                                   efficiency change (catching up)
//! tc = √( (e10 / e11) · (e00 / e01) )              technical change (frontier shift)
//! m  = ec · tc = √( (e10 / e00) · (e11 / e01) )    the Malmquist index
//! ```
//!
//! Each score is the first-stage programme of [`crate::dea`] (its module documentation gives the
//! linear programmes), with the chosen returns to scale and orientation. [`malmquist`] uses
//! constant returns and the input orientation: Färe et al. define the index with Shephard output
//! distance functions, which under constant returns equal the Farrell input scores (`1/η = θ`), so
//! this is their index exactly. [`malmquist_with`] takes any returns and orientation.
//!
//! The golden tests reproduce Benchmarking's stored `malmq` results for every unit of three pairs
//! of bank years in all eight models. In three cross-period programmes Benchmarking's value is
//! not the optimum (lpSolve stopped short) and in one lpSolve failed (it stored NaN); SciPy's
//! HiGHS gives chiiki's values there (`tests/dea_benchmarking.rs`, `tests/dea_oracle.rs`).
//!
//! # Conventions (those of Benchmarking's `malmq`, whose stored results the tests reproduce)
//!
//! - Input orientation: the scores are Farrell input efficiencies (≤ 1 within their own period),
//!   and `m > 1` is productivity growth, `ec > 1` catching up, `tc > 1` technical progress.
//! - Output orientation: the scores are Farrell output efficiencies η ≥ 1, used as they are, so the
//!   directions turn round: `m < 1` is growth, `ec < 1` catching up and `tc < 1` progress. Under
//!   constant returns the output-oriented index is exactly the reciprocal of the input-oriented one.
//! - A cross-period programme can be infeasible (under variable, increasing or decreasing returns,
//!   or when a unit produces an output that no unit of the other period produces): that score is
//!   `None` (Benchmarking stores `Inf` for the input and `-Inf` for the output orientation), and so
//!   are `tc` and `m`. They are also `None` if a cross-period score is 0 (an output-oriented unit
//!   whose inputs admit no production at all in the other period). `ec` always exists.
//! - Units are matched by position; both periods must have the same units, inputs and outputs.
//! - The data of both periods are divided by the pooled column means before solving (see
//!   [`crate::dea`]'s numerical conventions); the scores do not depend on that scaling.
//!
//! # Reference
//!
//! Färe, R., Grosskopf, S., Norris, M. & Zhang, Z. (1994). Productivity growth, technical
//! progress, and efficiency change in industrialized countries. *American Economic Review* 84(1),
//! 66–83. <https://www.jstor.org/stable/2117971>. The golden references were produced by
//! `malmq` of R's Benchmarking package (Bogetoft, P. & Otto, L. (2011), *Benchmarking with DEA,
//! SFA, and R*, Springer, <https://doi.org/10.1007/978-1-4419-7961-2>).
//!
//! ```
//! use chiiki_methods::dea::DeaData;
//! use chiiki_methods::malmquist::malmquist;
//!
//! // Two units with one input and one output; unit 0 doubles its output in period 1 and so
//! // reaches the best ratio of output to input, 2, which has not changed.
//! let p0 = DeaData::new(vec![vec![1.0], vec![1.0]], vec![vec![1.0], vec![2.0]]);
//! let p1 = DeaData::new(vec![vec![1.0], vec![2.0]], vec![vec![2.0], vec![4.0]]);
//! let r = malmquist(&p0, &p1).unwrap();
//! assert!((r[0].m.unwrap() - 2.0).abs() < 1e-9); // productivity doubled
//! assert!((r[0].ec - 2.0).abs() < 1e-9); // all of it by catching up with unit 1
//! assert!((r[0].tc.unwrap() - 1.0).abs() < 1e-9); // the frontier did not move
//! ```

use rayon::prelude::*;

use crate::dea::{self, DeaData, DeaError, Orientation, Returns, Scale};

/// The index and its parts for one unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MalmquistResult {
    /// The Malmquist index `ec · tc`; `None` when a cross-period score is infeasible or 0.
    pub m: Option<f64>,
    /// Efficiency change `e11 / e00`.
    pub ec: f64,
    /// Technical change `√((e10 / e11) · (e00 / e01))`; `None` as for `m`.
    pub tc: Option<f64>,
    /// Period-0 data against the period-0 technology.
    pub e00: f64,
    /// Period-0 data against the period-1 technology; `None` when infeasible.
    pub e01: Option<f64>,
    /// Period-1 data against the period-0 technology; `None` when infeasible.
    pub e10: Option<f64>,
    /// Period-1 data against the period-1 technology.
    pub e11: f64,
}

/// The Malmquist index of every unit from `period0` to `period1`, with constant returns to scale
/// and the input orientation (Färe et al. 1994).
pub fn malmquist(period0: &DeaData, period1: &DeaData) -> Result<Vec<MalmquistResult>, DeaError> {
    malmquist_with(period0, period1, Returns::Constant, Orientation::Input)
}

/// The Malmquist index of every unit from `period0` to `period1` with the given returns to scale
/// and orientation (as Benchmarking's `malmq(RTS = ..., ORIENTATION = ...)`).
pub fn malmquist_with(
    period0: &DeaData,
    period1: &DeaData,
    returns: Returns,
    orientation: Orientation,
) -> Result<Vec<MalmquistResult>, DeaError> {
    let shape0 = dea::validate(period0)?;
    let shape1 = dea::validate(period1)?;
    if period0.units() != period1.units() {
        return Err(DeaError::PeriodMismatch {
            detail: format!("period 0 has {} units, period 1 has {}", period0.units(), period1.units()),
        });
    }
    if shape0 != shape1 {
        return Err(DeaError::PeriodMismatch {
            detail: format!(
                "period 0 has {} inputs and {} outputs, period 1 has {} and {}",
                shape0.0, shape0.1, shape1.0, shape1.1
            ),
        });
    }
    let scale = Scale::of(&[period0, period1]);
    let tech0 = scale.apply(period0);
    let tech1 = scale.apply(period1);
    let frontier0 = dea::screen(&tech0, returns, orientation)?;
    let frontier1 = dea::screen(&tech1, returns, orientation)?;
    let e00 = dea::complete_scores(&tech0, &frontier0, returns, orientation)?;
    let e11 = dea::complete_scores(&tech1, &frontier1, returns, orientation)?;
    // A technology is spanned by its frontier candidates alone, so the cross-period programmes
    // need only those columns.
    let cross = |tech: &dea::Scaled, frontier: &dea::Frontier, point: &[f64], unit: usize| {
        dea::radial(tech, &frontier.members, point, returns, orientation)
            .map_err(|message| DeaError::Solver { unit, message })
    };
    (0..period0.units())
        .into_par_iter()
        .map(|k| {
            let e10 = cross(&tech0, &frontier0, tech1.unit(k), k)?;
            let e01 = cross(&tech1, &frontier1, tech0.unit(k), k)?;
            let (e00, e11) = (e00[k], e11[k]);
            let tc = match (e10, e01) {
                (Some(e10), Some(e01)) if e10 > 0.0 && e01 > 0.0 => Some(((e10 / e11) * (e00 / e01)).sqrt()),
                _ => None,
            };
            let ec = e11 / e00;
            Ok(MalmquistResult { m: tc.map(|tc| ec * tc), ec, tc, e00, e01, e10, e11 })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(values: &[f64]) -> Vec<Vec<f64>> {
        values.iter().map(|&v| vec![v]).collect()
    }

    #[test]
    fn frontier_shift_is_technical_change() {
        // Every unit's output grows by 10 % at the same input: no catching up, tc = m = 1.1.
        let p0 = DeaData::new(column(&[2.0, 4.0, 3.0]), column(&[2.0, 3.0, 1.0]));
        let p1 = DeaData::new(column(&[2.0, 4.0, 3.0]), column(&[2.2, 3.3, 1.1]));
        for r in malmquist(&p0, &p1).unwrap() {
            assert!((r.ec - 1.0).abs() < 1e-9);
            assert!((r.tc.unwrap() - 1.1).abs() < 1e-9);
            assert!((r.m.unwrap() - 1.1).abs() < 1e-9);
        }
        // Output orientation under constant returns: the reciprocal.
        for r in malmquist_with(&p0, &p1, Returns::Constant, Orientation::Output).unwrap() {
            assert!((r.m.unwrap() - 1.0 / 1.1).abs() < 1e-9);
        }
    }

    #[test]
    fn infeasible_cross_period_scores_are_none() {
        // Under VRS (input), period-1 unit 1 produces 5, more than any period-0 unit: e10 is
        // infeasible, so tc and m are undefined; ec is still there.
        let p0 = DeaData::new(column(&[1.0, 2.0]), column(&[1.0, 3.0]));
        let p1 = DeaData::new(column(&[1.0, 2.0]), column(&[1.0, 5.0]));
        let r = malmquist_with(&p0, &p1, Returns::Variable, Orientation::Input).unwrap();
        assert_eq!(r[1].e10, None);
        assert_eq!((r[1].m, r[1].tc), (None, None));
        assert_eq!(r[1].ec, 1.0);
        assert!(r[0].m.is_some());
    }

    #[test]
    fn mismatched_periods_are_refused() {
        let p0 = DeaData::new(column(&[1.0, 2.0]), column(&[1.0, 3.0]));
        let p1 = DeaData::new(column(&[1.0, 2.0, 3.0]), column(&[1.0, 5.0, 1.0]));
        assert!(matches!(malmquist(&p0, &p1), Err(DeaError::PeriodMismatch { .. })));
        let p2 = DeaData::new(vec![vec![1.0, 1.0], vec![2.0, 1.0]], column(&[1.0, 3.0]));
        assert!(matches!(malmquist(&p0, &p2), Err(DeaError::PeriodMismatch { .. })));
        let bad = DeaData::new(column(&[1.0, 0.0]), column(&[1.0, 3.0]));
        assert_eq!(malmquist(&p0, &bad), Err(DeaError::ZeroInputs { unit: 1 }));
    }
}
