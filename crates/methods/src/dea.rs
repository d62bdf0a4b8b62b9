//! Data Envelopment Analysis (DEA): the radial efficiency of decision-making units (regions,
//! programmes) that turn several inputs into several outputs, measured against the best practice
//! frontier that the units themselves span.
//!
//! # Data
//!
//! There are `n` units; unit `k` uses the inputs `x_k = (x_1k, …, x_mk)` and produces the outputs
//! `y_k = (y_1k, …, y_sk)` ([`DeaData`]: one row per unit). Values must be finite and not
//! negative; each unit must use some input and produce some output (see [`DeaError`]).
//!
//! # Models (envelopment form)
//!
//! Every model compares unit `k` with the combinations `Σ_j λ_j (x_j, y_j)`, `λ_j ≥ 0`, of the
//! units of the reference technology. The returns to scale ([`Returns`]) add one row on the
//! intensities: none for [`Returns::Constant`] (CCR, Charnes, Cooper & Rhodes 1978),
//! `Σ_j λ_j = 1` for [`Returns::Variable`] (BCC, Banker, Charnes & Cooper 1984),
//! `Σ_j λ_j ≥ 1` for [`Returns::Increasing`] (non-decreasing returns: units may be scaled up but not
//! down; R Benchmarking's `"irs"`) and `Σ_j λ_j ≤ 1` for [`Returns::Decreasing`] (non-increasing
//! returns; Benchmarking's `"drs"`).
//!
//! First stage, the radial score ([`Orientation`]):
//!
//! ```text
//! input orientation:   θ_k = min θ   s.t.  Σ_j λ_j x_ij ≤ θ x_ik    (i = 1..m)
//!                                           Σ_j λ_j y_rj ≥ y_rk      (r = 1..s)
//! output orientation:  η_k = max η   s.t.  Σ_j λ_j x_ij ≤ x_ik      (i = 1..m)
//!                                           Σ_j λ_j y_rj ≥ η y_rk    (r = 1..s)
//! ```
//!
//! Both are Farrell measures, exactly as R Benchmarking's `dea(...)$eff` reports them: the input
//! score θ lies in (0, 1] (the share of its inputs the unit would need), the output score η is at
//! least 1 (the factor by which it could expand its outputs); 1 is efficient in both.
//! [`DeaResult::efficiency`] gives the output score as `1/η`, so that both orientations read as a
//! number in (0, 1]. Under constant returns `θ = 1/η`.
//!
//! Second stage, the slacks left after the radial contraction or expansion, with the score fixed
//! at its optimum `θ*` (`η*`):
//!
//! ```text
//! max  Σ_i s⁻_i / x̄_i + Σ_r s⁺_r / ȳ_r
//! s.t. Σ_j λ_j x_ij + s⁻_i = θ* x_ik     (output orientation: = x_ik)
//!      Σ_j λ_j y_rj − s⁺_r = y_rk        (output orientation: = η* y_rk)
//!      λ, s⁻, s⁺ ≥ 0, and the returns-to-scale row,
//! ```
//!
//! where `x̄_i` and `ȳ_r` are the column means: each slack is counted relative to its variable's
//! mean, so the result does not depend on the units of measurement. (Benchmarking sums the raw
//! slacks unless a column mean lies outside `[1e-4, 1e4]`, when it sums them relative to the means
//! too; where the second stage has several optima the two rules may pick different ones.) The
//! intensities `λ` of the second stage are reported ([`DeaResult::lambdas`]), and the units with
//! `λ_j > 0` are the unit's peers, its reference set ([`DeaResult::peers`]).
//!
//! Super-efficiency (Andersen & Petersen 1993, [`super_efficiency`]) is the first-stage score with
//! unit `k` left out of its own reference set. It ranks the efficient units (input scores above 1,
//! output scores below 1) and equals the ordinary score for the inefficient ones. Without `k` the
//! programme can be infeasible (under variable, increasing or decreasing returns, or when `k` alone
//! produces some output); such a unit gets `None` (Benchmarking writes `Inf` for the input and
//! `-Inf` for the output orientation). In the output orientation under constant or decreasing
//! returns the score can be 0: no other unit works within `k`'s inputs (every other unit uses an
//! input that `k` does not), so only `λ = 0` remains (Benchmarking also gives 0).
//!
//! # Numerical conventions
//!
//! - Each input and output column is divided by its mean before any programme is built
//!   (Benchmarking's bank data span eight orders of magnitude, and unscaled they made an
//!   independent solver disagree on 6–10 of 247 units). Scores and intensities are unchanged by this
//!   scaling; slacks are scaled back to the data's units.
//! - Solver noise is cleaned in documented ways only: an input score within [`SCORE_TOLERANCE`]
//!   below 1 (an output score within it above 1) is reported as exactly 1, and the ordinary scores
//!   are clipped to `θ ≤ 1` and `η ≥ 1`, which hold exactly because the unit is in its own reference
//!   set; slacks below [`SLACK_TOLERANCE`] (relative to the column mean) are reported as 0;
//!   intensities at or below [`LAMBDA_TOLERANCE`] are left out of the sparse intensities and the
//!   peers. Nothing else is rounded.
//! - Speed: a unit that is inefficient is dominated by a combination of other units and can be left
//!   out of every reference set without changing any score or slack (Ali 1993; Barr & Durchholz
//!   1997). The units are therefore first screened in blocks of [`SCREEN_BLOCK`] (doubling each
//!   round): a unit whose score within its block is worse than 1 by more than
//!   [`FRONTIER_TOLERANCE`] is inefficient overall and dropped. Every unit is then evaluated against
//!   the surviving frontier candidates plus itself. The screening is deterministic, so repeated
//!   runs give identical results.
//! - Each programme leaves out beforehand the reference units that use an input the evaluated unit
//!   does not use (they must have `λ_j = 0`), and the rows that then hold trivially; degenerate
//!   rows like these made the solver's basis singular. Should the solver still fail, the same
//!   programme is solved again with each row divided by the evaluated unit's own value; a second
//!   failure is [`DeaError::Solver`]. Should the second stage's equalities be infeasible at the
//!   first-stage score by a rounding error, the score is relaxed by 1e-9, then 1e-7 (relative).
//! - One linear programme per unit (two with slacks), solved with `good_lp`'s pure-Rust `microlp`
//!   backend, in parallel over the units with rayon.
//!
//! The golden tests reproduce R Benchmarking's scores for every unit of five data sets in all
//! eight models within 1e-6 (the largest difference is 1.1e-8, where HiGHS sides with chiiki) and
//! its slacks within 1e-5 of the column means; `tests/dea_oracle.rs` checks the scores against
//! SciPy's HiGHS.
//!
//! # Degenerate data
//!
//! A single unit, or units that are all identical, give [`DeaError::SingleUnit`] and
//! [`DeaError::AllIdentical`] rather than a trivial score of 1 for everyone: the frontier is then a
//! single point and says nothing about anyone's efficiency. Two or more identical units among
//! others are fine (they get the same scores; a copy of an efficient unit has super-efficiency 1).
//!
//! # References
//!
//! - Charnes, A., Cooper, W. W. & Rhodes, E. (1978). Measuring the efficiency of decision making
//!   units. *European Journal of Operational Research* 2(6), 429–444.
//!   <https://doi.org/10.1016/0377-2217(78)90138-8>
//! - Banker, R. D., Charnes, A. & Cooper, W. W. (1984). Some models for estimating technical and
//!   scale inefficiencies in data envelopment analysis. *Management Science* 30(9), 1078–1092.
//!   <https://doi.org/10.1287/mnsc.30.9.1078>
//! - Andersen, P. & Petersen, N. C. (1993). A procedure for ranking efficient units in data
//!   envelopment analysis. *Management Science* 39(10), 1261–1264.
//!   <https://doi.org/10.1287/mnsc.39.10.1261>
//! - Bogetoft, P. & Otto, L. (2011). *Benchmarking with DEA, SFA, and R*. Springer.
//!   <https://doi.org/10.1007/978-1-4419-7961-2>. Its §4.6.1 example (firms A–F, one input, one
//!   output) is a unit test here; R's Benchmarking package by the same authors produced the
//!   reference numbers of the golden tests (`tests/dea_benchmarking.rs`).
//! - Ali, A. I. (1993). Streamlined computation for data envelopment analysis. *European Journal of
//!   Operational Research* 64(1), 61–67; Barr, R. S. & Durchholz, M. L. (1997). Parallel and
//!   hierarchical decomposition approaches for solving large-scale data envelopment analysis
//!   models. *Annals of Operations Research* 73, 339–372 (the screening).
//!
//! ```
//! use chiiki_methods::dea::{dea, DeaData, Orientation, Returns};
//!
//! // Bogetoft & Otto (2011), §4.6.1: one input, one output, firms A–F.
//! let x = [20.0, 40.0, 40.0, 60.0, 70.0, 50.0];
//! let y = [20.0, 30.0, 50.0, 40.0, 60.0, 20.0];
//! let data = DeaData::new(x.iter().map(|&v| vec![v]).collect(), y.iter().map(|&v| vec![v]).collect());
//! let ccr = dea(&data, Returns::Constant, Orientation::Input).unwrap();
//! assert!((ccr[0].score - 0.8).abs() < 1e-9);
//! assert_eq!(ccr[2].score, 1.0);
//! assert_eq!(ccr[0].peers, vec![2]); // firm A is compared with firm C
//! ```

use std::fmt;

use good_lp::{Expression, ProblemVariables, ResolutionError, Solution, SolverModel, Variable, microlp, variable};
use rayon::prelude::*;
use thiserror::Error;

/// An input score within this distance below 1 (an output score within it above 1) is reported as
/// exactly 1.
pub const SCORE_TOLERANCE: f64 = 1e-9;

/// Slacks smaller than this, measured relative to their column's mean, are reported as 0.
pub const SLACK_TOLERANCE: f64 = 1e-9;

/// Intensities `λ_j` at or below this are solver noise: left out of [`DeaResult::lambdas`] and
/// [`DeaResult::peers`].
pub const LAMBDA_TOLERANCE: f64 = 1e-9;

/// The screening keeps a unit as a frontier candidate unless its score within its block is worse
/// than 1 by more than this (far above the solver's precision, so no efficient unit is dropped).
pub const FRONTIER_TOLERANCE: f64 = 1e-6;

/// The size of the first blocks of the screening; it doubles each round.
pub const SCREEN_BLOCK: usize = 128;

/// The inputs and outputs of the units, one row per unit.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeaData {
    /// `inputs[k][i]`: input `i` of unit `k`.
    pub inputs: Vec<Vec<f64>>,
    /// `outputs[k][r]`: output `r` of unit `k`.
    pub outputs: Vec<Vec<f64>>,
}

impl DeaData {
    /// Data from one row of inputs and one row of outputs per unit (checked when used).
    pub fn new(inputs: Vec<Vec<f64>>, outputs: Vec<Vec<f64>>) -> Self {
        DeaData { inputs, outputs }
    }

    /// The number of units (rows of inputs).
    pub fn units(&self) -> usize {
        self.inputs.len()
    }
}

/// Returns to scale: the row on the intensities `λ` that shapes the technology.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Returns {
    /// Constant returns (CCR): no row; units may be scaled freely.
    Constant,
    /// Variable returns (BCC): `Σ λ = 1`, convex combinations only.
    Variable,
    /// Non-decreasing returns: `Σ λ ≥ 1`, units may be scaled up but not down (Benchmarking's
    /// `"irs"`).
    Increasing,
    /// Non-increasing returns: `Σ λ ≤ 1`, units may be scaled down but not up (Benchmarking's
    /// `"drs"`).
    Decreasing,
}

/// The direction in which a unit is projected onto the frontier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Orientation {
    /// Contract the inputs at the given outputs; the score θ is in (0, 1].
    Input,
    /// Expand the outputs at the given inputs; the score η is at least 1.
    Output,
}

/// Whether a variable is an input or an output (used in error messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Factor {
    /// An input.
    Input,
    /// An output.
    Output,
}

impl fmt::Display for Factor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Factor::Input => "input",
            Factor::Output => "output",
        })
    }
}

/// The result for one unit. Indices of units and variables are positions in [`DeaData`].
#[derive(Debug, Clone, PartialEq)]
pub struct DeaResult {
    /// The Farrell score: θ in (0, 1] for the input orientation, η ≥ 1 for the output orientation
    /// (as R Benchmarking's `eff`); 1 means radially efficient.
    pub score: f64,
    /// The orientation the score was measured in.
    pub orientation: Orientation,
    /// The input slacks `s⁻` in the data's units: the input that could be saved beyond the radial
    /// contraction.
    pub slacks_in: Vec<f64>,
    /// The output slacks `s⁺` in the data's units: the output that could be added beyond the
    /// radial expansion.
    pub slacks_out: Vec<f64>,
    /// The intensities `(unit, λ)` above [`LAMBDA_TOLERANCE`], by unit, of the second stage.
    pub lambdas: Vec<(usize, f64)>,
    /// The peers (reference set): the units of [`DeaResult::lambdas`], ascending. An efficient
    /// unit is usually its own only peer.
    pub peers: Vec<usize>,
}

impl DeaResult {
    /// The score as a number in (0, 1] whatever the orientation: θ, or `1/η` (the Shephard output
    /// distance).
    pub fn efficiency(&self) -> f64 {
        match self.orientation {
            Orientation::Input => self.score,
            Orientation::Output => 1.0 / self.score,
        }
    }

    /// Whether the unit is efficient in the Pareto–Koopmans sense: a score of 1 and no slack.
    pub fn is_efficient(&self) -> bool {
        self.score == 1.0 && self.slacks_in.iter().chain(&self.slacks_out).all(|&s| s == 0.0)
    }
}

/// Why the data cannot be analysed.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum DeaError {
    /// There are no units.
    #[error("there are no units to compare")]
    NoUnits,
    /// There is one unit only, which would be efficient trivially.
    #[error("there is only one unit: a frontier of one unit says nothing about efficiency")]
    SingleUnit,
    /// Every unit has the same inputs and outputs.
    #[error("all {units} units have identical inputs and outputs: there is nothing to compare")]
    AllIdentical {
        /// The number of units.
        units: usize,
    },
    /// The input and output tables have different numbers of rows.
    #[error("there are {inputs} rows of inputs but {outputs} rows of outputs")]
    UnitCountMismatch {
        /// Rows of inputs.
        inputs: usize,
        /// Rows of outputs.
        outputs: usize,
    },
    /// The units have no inputs or no outputs at all.
    #[error("the units have no {factor}s")]
    NoVariables {
        /// Inputs or outputs.
        factor: Factor,
    },
    /// A unit has a different number of inputs or outputs than the first unit.
    #[error("unit {unit} has {found} {factor}s, but unit 0 has {expected}")]
    RaggedRow {
        /// The unit (row).
        unit: usize,
        /// Inputs or outputs.
        factor: Factor,
        /// The number of the first unit.
        expected: usize,
        /// The number of this unit.
        found: usize,
    },
    /// A value is negative, infinite or not a number.
    #[error("{factor} {index} of unit {unit} is {value}: values must be finite and not negative")]
    InvalidValue {
        /// The unit (row).
        unit: usize,
        /// Inputs or outputs.
        factor: Factor,
        /// The variable (column).
        index: usize,
        /// The value found.
        value: f64,
    },
    /// A unit uses no input at all: it would dominate everyone and has no finite score.
    #[error("unit {unit} uses no input at all (every input is 0)")]
    ZeroInputs {
        /// The unit (row).
        unit: usize,
    },
    /// A unit produces no output at all: its input score would be 0 and its output score unbounded.
    #[error("unit {unit} produces no output at all (every output is 0)")]
    ZeroOutputs {
        /// The unit (row).
        unit: usize,
    },
    /// An input or output is 0 for every unit: it carries no information and cannot be scaled.
    #[error("{factor} {index} is 0 for every unit")]
    ZeroVariable {
        /// Inputs or outputs.
        factor: Factor,
        /// The variable (column).
        index: usize,
    },
    /// Two periods compared by the Malmquist index differ in their units or variables.
    #[error("the two periods differ: {detail}")]
    PeriodMismatch {
        /// What differs.
        detail: String,
    },
    /// The linear programme solver failed for a reason other than infeasibility.
    #[error("the linear programme of unit {unit} failed: {message}")]
    Solver {
        /// The unit being evaluated.
        unit: usize,
        /// The solver's message.
        message: String,
    },
}

/// The radial score, slacks, intensities and peers of every unit (first and second stage).
pub fn dea(data: &DeaData, returns: Returns, orientation: Orientation) -> Result<Vec<DeaResult>, DeaError> {
    let (m, s) = validate(data)?;
    let scale = Scale::of(&[data]);
    let tech = scale.apply(data);
    let frontier = screen(&tech, returns, orientation)?;
    let scores = complete_scores(&tech, &frontier, returns, orientation)?;
    (0..tech.units())
        .into_par_iter()
        .map(|k| {
            let columns = frontier.with(k);
            let stage = second_stage(&tech, &columns, tech.unit(k), scores[k], returns, orientation)
                .map_err(|message| DeaError::Solver { unit: k, message })?;
            let slacks_in = (0..m).map(|i| clean_slack(stage.slacks[i]) * scale.inputs[i]).collect();
            let slacks_out = (0..s).map(|r| clean_slack(stage.slacks[m + r]) * scale.outputs[r]).collect();
            let lambdas: Vec<(usize, f64)> = columns
                .iter()
                .zip(&stage.lambdas)
                .filter(|&(_, &l)| l > LAMBDA_TOLERANCE)
                .map(|(&j, &l)| (j, l))
                .collect();
            let peers = lambdas.iter().map(|&(j, _)| j).collect();
            Ok(DeaResult { score: scores[k], orientation, slacks_in, slacks_out, lambdas, peers })
        })
        .collect()
}

/// The first-stage scores only (θ or η for every unit, as [`DeaResult::score`]), without the
/// second stage (in the benchmark about two thirds of the time of [`dea`]).
pub fn efficiency(data: &DeaData, returns: Returns, orientation: Orientation) -> Result<Vec<f64>, DeaError> {
    validate(data)?;
    let tech = Scale::of(&[data]).apply(data);
    let frontier = screen(&tech, returns, orientation)?;
    complete_scores(&tech, &frontier, returns, orientation)
}

/// The Andersen–Petersen super-efficiency of every unit: its first-stage score against all the
/// other units. `None` when that programme is infeasible (no combination of the other units can
/// be compared with it). Scores are not clipped: efficient units score above 1 (input) or below 1
/// (output). An inefficient unit's super-efficiency is its ordinary score (an optimal combination
/// never needs the unit itself), so only the frontier candidates of the screening need a
/// programme of their own against all the other units.
pub fn super_efficiency(
    data: &DeaData,
    returns: Returns,
    orientation: Orientation,
) -> Result<Vec<Option<f64>>, DeaError> {
    validate(data)?;
    let tech = Scale::of(&[data]).apply(data);
    let n = tech.units();
    let frontier = screen(&tech, returns, orientation)?;
    let scores = complete_scores(&tech, &frontier, returns, orientation)?;
    (0..n)
        .into_par_iter()
        .map(|k| {
            if frontier.members.binary_search(&k).is_err() {
                return Ok(Some(scores[k]));
            }
            let others: Vec<usize> = (0..n).filter(|&j| j != k).collect();
            radial(&tech, &others, tech.unit(k), returns, orientation)
                .map_err(|message| DeaError::Solver { unit: k, message })
        })
        .collect()
}

/// Checks the data and returns the numbers of inputs and outputs.
pub(crate) fn validate(data: &DeaData) -> Result<(usize, usize), DeaError> {
    let n = data.inputs.len();
    if data.outputs.len() != n {
        return Err(DeaError::UnitCountMismatch { inputs: n, outputs: data.outputs.len() });
    }
    if n == 0 {
        return Err(DeaError::NoUnits);
    }
    let m = data.inputs[0].len();
    let s = data.outputs[0].len();
    for (factor, rows, width) in [(Factor::Input, &data.inputs, m), (Factor::Output, &data.outputs, s)] {
        if width == 0 {
            return Err(DeaError::NoVariables { factor });
        }
        for (unit, row) in rows.iter().enumerate() {
            if row.len() != width {
                return Err(DeaError::RaggedRow { unit, factor, expected: width, found: row.len() });
            }
            if let Some((index, &value)) = row.iter().enumerate().find(|(_, v)| !v.is_finite() || **v < 0.0) {
                return Err(DeaError::InvalidValue { unit, factor, index, value });
            }
        }
    }
    for unit in 0..n {
        if data.inputs[unit].iter().all(|&v| v == 0.0) {
            return Err(DeaError::ZeroInputs { unit });
        }
        if data.outputs[unit].iter().all(|&v| v == 0.0) {
            return Err(DeaError::ZeroOutputs { unit });
        }
    }
    for (factor, rows, width) in [(Factor::Input, &data.inputs, m), (Factor::Output, &data.outputs, s)] {
        if let Some(index) = (0..width).find(|&i| rows.iter().all(|row| row[i] == 0.0)) {
            return Err(DeaError::ZeroVariable { factor, index });
        }
    }
    if n == 1 {
        return Err(DeaError::SingleUnit);
    }
    if (1..n).all(|k| data.inputs[k] == data.inputs[0] && data.outputs[k] == data.outputs[0]) {
        return Err(DeaError::AllIdentical { units: n });
    }
    Ok((m, s))
}

/// The column means that the data are divided by before solving.
#[derive(Debug, Clone)]
pub(crate) struct Scale {
    /// The mean of each input.
    pub(crate) inputs: Vec<f64>,
    /// The mean of each output.
    pub(crate) outputs: Vec<f64>,
}

impl Scale {
    /// The means over all units of all the given (validated, same-shaped) data sets, so that
    /// several periods share one scale.
    pub(crate) fn of(sets: &[&DeaData]) -> Scale {
        let count = sets.iter().map(|d| d.units()).sum::<usize>() as f64;
        let mut scale =
            Scale { inputs: vec![0.0; sets[0].inputs[0].len()], outputs: vec![0.0; sets[0].outputs[0].len()] };
        for d in sets {
            for (x, y) in d.inputs.iter().zip(&d.outputs) {
                // Each value is divided by the count before it is added, so that huge values cannot
                // overflow the sum.
                scale.inputs.iter_mut().zip(x).for_each(|(mean, v)| *mean += v / count);
                scale.outputs.iter_mut().zip(y).for_each(|(mean, v)| *mean += v / count);
            }
        }
        scale
    }

    /// The data divided by the means.
    pub(crate) fn apply(&self, data: &DeaData) -> Scaled {
        let (m, s) = (self.inputs.len(), self.outputs.len());
        let mut values = Vec::with_capacity(data.units() * (m + s));
        for (x, y) in data.inputs.iter().zip(&data.outputs) {
            values.extend(x.iter().zip(&self.inputs).map(|(v, mean)| v / mean));
            values.extend(y.iter().zip(&self.outputs).map(|(v, mean)| v / mean));
        }
        Scaled { inputs: m, outputs: s, values }
    }
}

/// Scaled data in one array: unit `j`'s `m` inputs, then its `s` outputs.
#[derive(Debug, Clone)]
pub(crate) struct Scaled {
    inputs: usize,
    outputs: usize,
    values: Vec<f64>,
}

impl Scaled {
    /// The number of units.
    pub(crate) fn units(&self) -> usize {
        self.values.len() / (self.inputs + self.outputs)
    }

    /// Unit `j`'s scaled inputs followed by its scaled outputs.
    pub(crate) fn unit(&self, j: usize) -> &[f64] {
        let width = self.inputs + self.outputs;
        &self.values[j * width..(j + 1) * width]
    }
}

/// The result of the screening: the frontier candidates, and the final first-stage scores of the
/// units of the last round (they were evaluated against every candidate).
#[derive(Debug, Clone)]
pub(crate) struct Frontier {
    /// The candidates, ascending: every efficient unit is among them.
    pub(crate) members: Vec<usize>,
    /// `known[j]`: unit `j`'s score, when the last round already computed it.
    known: Vec<Option<f64>>,
}

impl Frontier {
    /// The reference columns for unit `k`: the candidates plus `k` itself, ascending.
    fn with(&self, k: usize) -> Vec<usize> {
        let mut columns = self.members.clone();
        if let Err(at) = columns.binary_search(&k) {
            columns.insert(at, k);
        }
        columns
    }
}

/// Whether a first-stage score (of a unit within a reference set that contains it) is close
/// enough to 1 to keep the unit as a frontier candidate.
fn on_frontier(score: f64, orientation: Orientation) -> bool {
    match orientation {
        Orientation::Input => score >= 1.0 - FRONTIER_TOLERANCE,
        Orientation::Output => score <= 1.0 + FRONTIER_TOLERANCE,
    }
}

/// Screens the units in blocks (see the module documentation) and returns the frontier
/// candidates of the technology `tech`.
pub(crate) fn screen(tech: &Scaled, returns: Returns, orientation: Orientation) -> Result<Frontier, DeaError> {
    let n = tech.units();
    let mut candidates: Vec<usize> = (0..n).collect();
    let mut block = SCREEN_BLOCK;
    loop {
        let last = candidates.len() <= block;
        let scores: Vec<f64> = candidates
            .par_iter()
            .enumerate()
            .map(|(position, &j)| {
                let start = position / block * block;
                let end = (start + block).min(candidates.len());
                let score = radial(tech, &candidates[start..end], tech.unit(j), returns, orientation)
                    .map_err(|message| DeaError::Solver { unit: j, message })?;
                // The unit is in its own block, so the programme is always feasible.
                score.map(|v| clip(v, orientation)).ok_or_else(|| DeaError::Solver {
                    unit: j,
                    message: "infeasible although the unit is in its own reference set".into(),
                })
            })
            .collect::<Result<_, _>>()?;
        let kept: Vec<usize> =
            candidates.iter().zip(&scores).filter(|&(_, &v)| on_frontier(v, orientation)).map(|(&j, _)| j).collect();
        if last {
            let mut known = vec![None; n];
            for (&j, &v) in candidates.iter().zip(&scores) {
                known[j] = Some(v);
            }
            return Ok(Frontier { members: kept, known });
        }
        candidates = kept;
        block *= 2;
    }
}

/// The first-stage score of every unit of `tech`: from the screening where it is known, else
/// against the frontier candidates and the unit itself.
pub(crate) fn complete_scores(
    tech: &Scaled,
    frontier: &Frontier,
    returns: Returns,
    orientation: Orientation,
) -> Result<Vec<f64>, DeaError> {
    (0..tech.units())
        .into_par_iter()
        .map(|k| {
            if let Some(v) = frontier.known[k] {
                return Ok(v);
            }
            let score = radial(tech, &frontier.with(k), tech.unit(k), returns, orientation)
                .map_err(|message| DeaError::Solver { unit: k, message })?;
            score.map(|v| clip(v, orientation)).ok_or_else(|| DeaError::Solver {
                unit: k,
                message: "infeasible although the unit is in its own reference set".into(),
            })
        })
        .collect()
}

/// An ordinary score, clipped to its exact range and snapped to 1 within [`SCORE_TOLERANCE`].
fn clip(score: f64, orientation: Orientation) -> f64 {
    match orientation {
        Orientation::Input if score > 1.0 - SCORE_TOLERANCE => 1.0,
        Orientation::Output if score < 1.0 + SCORE_TOLERANCE => 1.0,
        _ => score,
    }
}

/// A slack (in scaled units) with solver noise removed.
fn clean_slack(slack: f64) -> f64 {
    if slack < SLACK_TOLERANCE { 0.0 } else { slack }
}

/// Adds the returns-to-scale row on the intensities.
fn returns_row<M: SolverModel>(model: &mut M, lambdas: &[Variable], returns: Returns) {
    let sum = || {
        lambdas.iter().fold(Expression::with_capacity(lambdas.len()), |mut e, &l| {
            e.add_mul(1.0, l);
            e
        })
    };
    match returns {
        Returns::Constant => {}
        Returns::Variable => {
            model.add_constraint(sum().eq(1.0));
        }
        Returns::Increasing => {
            model.add_constraint(sum().geq(1.0));
        }
        Returns::Decreasing => {
            model.add_constraint(sum().leq(1.0));
        }
    }
}

/// `w · Σ_j λ_j v_j` over the reference columns for variable `index` (0-based over inputs, then
/// outputs), skipping zero coefficients.
fn combination(tech: &Scaled, columns: &[usize], lambdas: &[Variable], index: usize, w: f64) -> Expression {
    let mut row = Expression::with_capacity(columns.len() + 1);
    for (&j, &l) in columns.iter().zip(lambdas) {
        let v = tech.unit(j)[index];
        if v != 0.0 {
            row.add_mul(w * v, l);
        }
    }
    row
}

/// How the rows of a programme are weighted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rows {
    /// As the mean-scaled data are (weight 1).
    Mean,
    /// Each row divided by the evaluated unit's own value of that variable (where it is not 0),
    /// so that the unit's own coefficients are all 1. The programme is the same; the solver's
    /// arithmetic is not. This is the fallback when the solver fails on the first form: in the
    /// golden tests it did once, with a singular basis, on a cross-period programme of a small
    /// bank measured against another year's frontier (θ ≈ 3,644).
    Point,
}

impl Rows {
    /// The weight of row `index` for `point`.
    fn weight(self, point: &[f64], index: usize) -> f64 {
        match self {
            Rows::Point if point[index] != 0.0 => 1.0 / point[index],
            _ => 1.0,
        }
    }
}

/// The reference columns that can take part in a combination compared with `point`: a unit that
/// uses an input the point does not use (`x_ij > 0 = x_ik`) must have `λ_j = 0` in every model, so
/// it is left out beforehand.
fn usable(tech: &Scaled, columns: &[usize], point: &[f64]) -> Vec<usize> {
    let zero_inputs: Vec<usize> = (0..tech.inputs).filter(|&i| point[i] == 0.0).collect();
    columns.iter().copied().filter(|&j| zero_inputs.iter().all(|&i| tech.unit(j)[i] == 0.0)).collect()
}

/// The first-stage programme of the (scaled) point `point` against the units `columns` of
/// `tech`: `Ok(None)` when infeasible, `Err` with the solver's message on other failures.
pub(crate) fn radial(
    tech: &Scaled,
    columns: &[usize],
    point: &[f64],
    returns: Returns,
    orientation: Orientation,
) -> Result<Option<f64>, String> {
    let columns = usable(tech, columns, point);
    if columns.is_empty() {
        // Only λ = 0 remains. The point produces some output (validated), which λ = 0 cannot
        // match in the input orientation; in the output orientation it means η = 0 where λ = 0 is
        // allowed (constant and decreasing returns), and infeasibility where Σλ ≥ 1 is required.
        return Ok(match (orientation, returns) {
            (Orientation::Output, Returns::Constant | Returns::Decreasing) => Some(0.0),
            _ => None,
        });
    }
    match radial_programme(tech, &columns, point, returns, orientation, Rows::Mean) {
        Err(first) => radial_programme(tech, &columns, point, returns, orientation, Rows::Point)
            .map_err(|second| format!("{first} (and with rows scaled by the unit: {second})")),
        result => result,
    }
}

/// One attempt at the first-stage programme over usable columns, with the given row weights.
fn radial_programme(
    tech: &Scaled,
    columns: &[usize],
    point: &[f64],
    returns: Returns,
    orientation: Orientation,
    rows: Rows,
) -> Result<Option<f64>, String> {
    let (m, s) = (tech.inputs, tech.outputs);
    let mut vars = ProblemVariables::new();
    let score = vars.add(variable().min(0.0));
    let lambdas = vars.add_vector(variable().min(0.0), columns.len());
    let mut model = match orientation {
        Orientation::Input => vars.minimise(score),
        Orientation::Output => vars.maximise(score),
    }
    .using(microlp);
    // Rows where the point is 0 hold trivially once the unusable columns are gone: leaving them
    // out avoids degenerate rows that can make the solver's basis singular.
    for i in (0..m).filter(|&i| point[i] != 0.0) {
        let w = rows.weight(point, i);
        let mut row = combination(tech, columns, &lambdas, i, w);
        match orientation {
            Orientation::Input => {
                row.add_mul(-w * point[i], score);
                model.add_constraint(row.leq(0.0));
            }
            Orientation::Output => {
                model.add_constraint(row.leq(w * point[i]));
            }
        }
    }
    for r in (m..m + s).filter(|&r| point[r] != 0.0) {
        let w = rows.weight(point, r);
        let mut row = combination(tech, columns, &lambdas, r, w);
        match orientation {
            Orientation::Input => {
                model.add_constraint(row.geq(w * point[r]));
            }
            Orientation::Output => {
                row.add_mul(-w * point[r], score);
                model.add_constraint(row.geq(0.0));
            }
        }
    }
    returns_row(&mut model, &lambdas, returns);
    match model.solve() {
        Ok(solution) => Ok(Some(solution.value(score))),
        Err(ResolutionError::Infeasible) => Ok(None),
        Err(e) => Err(e.to_string()),
    }
}

/// The solution of the second stage, in scaled units, by reference column.
struct SecondStage {
    /// `λ` for each reference column.
    lambdas: Vec<f64>,
    /// The input slacks, then the output slacks.
    slacks: Vec<f64>,
}

/// The max-slack programme of `point` with its score fixed at `score` (see the module
/// documentation). Should the fixed score leave the equalities infeasible by a rounding error, the
/// score is relaxed by 1e-9, then 1e-7 (relative) before giving up.
fn second_stage(
    tech: &Scaled,
    columns: &[usize],
    point: &[f64],
    score: f64,
    returns: Returns,
    orientation: Orientation,
) -> Result<SecondStage, String> {
    for relax in [0.0, 1e-9, 1e-7] {
        let fixed = match orientation {
            Orientation::Input => score * (1.0 + relax),
            Orientation::Output => score * (1.0 - relax),
        };
        if let Some(stage) = max_slack(tech, columns, point, fixed, returns, orientation)? {
            return Ok(stage);
        }
    }
    Err("the second stage is infeasible at the first-stage score".into())
}

/// One attempt of the second stage; `Ok(None)` when infeasible. On a solver failure it is tried
/// again with the rows scaled by the unit ([`Rows::Point`]).
fn max_slack(
    tech: &Scaled,
    columns: &[usize],
    point: &[f64],
    score: f64,
    returns: Returns,
    orientation: Orientation,
) -> Result<Option<SecondStage>, String> {
    let usable_columns = usable(tech, columns, point);
    let stage = match slack_programme(tech, &usable_columns, point, score, returns, orientation, Rows::Mean) {
        Err(first) => slack_programme(tech, &usable_columns, point, score, returns, orientation, Rows::Point)
            .map_err(|second| format!("{first} (and with rows scaled by the unit: {second})"))?,
        Ok(stage) => stage,
    };
    Ok(stage.map(|stage| {
        // The intensities by position in `columns`, 0 for the columns left out.
        let mut lambdas = vec![0.0; columns.len()];
        let mut next = 0;
        for (&j, &l) in usable_columns.iter().zip(&stage.lambdas) {
            while columns[next] != j {
                next += 1;
            }
            lambdas[next] = l;
        }
        SecondStage { lambdas, slacks: stage.slacks }
    }))
}

/// The max-slack programme over usable columns, with the given row weights; the slacks it
/// returns are in scaled units whatever the weights.
fn slack_programme(
    tech: &Scaled,
    columns: &[usize],
    point: &[f64],
    score: f64,
    returns: Returns,
    orientation: Orientation,
    rows: Rows,
) -> Result<Option<SecondStage>, String> {
    let (m, s) = (tech.inputs, tech.outputs);
    let weights: Vec<f64> = (0..m + s).map(|v| rows.weight(point, v)).collect();
    let mut vars = ProblemVariables::new();
    let lambdas = vars.add_vector(variable().min(0.0), columns.len());
    // An input the point does not use has no slack (and no row): no usable column uses it. Each
    // slack variable is the slack times its row's weight.
    let slacks: Vec<Option<Variable>> =
        (0..m + s).map(|v| (v >= m || point[v] != 0.0).then(|| vars.add(variable().min(0.0)))).collect();
    let objective = slacks.iter().zip(&weights).fold(Expression::with_capacity(m + s), |mut e, (v, w)| {
        if let Some(v) = v {
            e.add_mul(1.0 / w, *v);
        }
        e
    });
    let mut model = vars.maximise(objective).using(microlp);
    let (input_factor, output_factor) = match orientation {
        Orientation::Input => (score, 1.0),
        Orientation::Output => (1.0, score),
    };
    for i in 0..m {
        if let Some(slack) = slacks[i] {
            let mut row = combination(tech, columns, &lambdas, i, weights[i]);
            row.add_mul(1.0, slack);
            model.add_constraint(row.eq(weights[i] * input_factor * point[i]));
        }
    }
    for r in m..m + s {
        let mut row = combination(tech, columns, &lambdas, r, weights[r]);
        row.add_mul(-1.0, slacks[r].expect("every output has a slack"));
        model.add_constraint(row.eq(weights[r] * output_factor * point[r]));
    }
    returns_row(&mut model, &lambdas, returns);
    match model.solve() {
        Ok(solution) => Ok(Some(SecondStage {
            lambdas: lambdas.iter().map(|&l| solution.value(l)).collect(),
            slacks: slacks.iter().zip(&weights).map(|(v, w)| v.map_or(0.0, |v| solution.value(v) / w)).collect(),
        })),
        Err(ResolutionError::Infeasible) => Ok(None),
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bogetoft & Otto (2011), §4.6.1: firms A–F with one input and one output.
    fn bogetoft_otto() -> DeaData {
        let x = [20.0, 40.0, 40.0, 60.0, 70.0, 50.0];
        let y = [20.0, 30.0, 50.0, 40.0, 60.0, 20.0];
        DeaData::new(x.iter().map(|&v| vec![v]).collect(), y.iter().map(|&v| vec![v]).collect())
    }

    fn scores(data: &DeaData, returns: Returns, orientation: Orientation) -> Vec<f64> {
        dea(data, returns, orientation).unwrap().iter().map(|r| r.score).collect()
    }

    fn assert_close(found: &[f64], expected: &[f64], tolerance: f64) {
        assert_eq!(found.len(), expected.len());
        for (k, (f, e)) in found.iter().zip(expected).enumerate() {
            assert!((f - e).abs() <= tolerance, "unit {k}: found {f}, expected {e}");
        }
    }

    /// The published values, given to four decimals in the book: CRS input, VRS input, VRS output.
    #[test]
    fn bogetoft_otto_example() {
        let data = bogetoft_otto();
        // CRS: the best ratio y/x is C's 50/40, so θ = (y/x) / 1.25 exactly.
        let crs = [0.8, 0.6, 1.0, 0.4 / 0.75, (6.0 / 7.0) / 1.25, 0.32];
        assert_close(&scores(&data, Returns::Constant, Orientation::Input), &crs, 1e-9);
        // VRS input: B needs 2/3 of its input (between A and C), D 5/9, F 0.4 (A's 20 for 20).
        let vrs_in = [1.0, 2.0 / 3.0, 1.0, 5.0 / 9.0, 1.0, 0.4];
        assert_close(&scores(&data, Returns::Variable, Orientation::Input), &vrs_in, 1e-9);
        let vrs_out = [1.0, 5.0 / 3.0, 1.0, 1.4166666666666667, 1.0, 8.0 / 3.0];
        assert_close(&scores(&data, Returns::Variable, Orientation::Output), &vrs_out, 1e-9);
        // The book's rounded figures.
        let book_crs = [0.8, 0.6, 1.0, 0.5333, 0.6857, 0.32];
        assert_close(&scores(&data, Returns::Constant, Orientation::Input), &book_crs, 5e-5);
        let book_vrs_in = [1.0, 0.6667, 1.0, 0.5556, 1.0, 0.4];
        assert_close(&scores(&data, Returns::Variable, Orientation::Input), &book_vrs_in, 5e-5);
        let book_vrs_out = [1.0, 1.6667, 1.0, 1.4167, 1.0, 2.6667];
        assert_close(&scores(&data, Returns::Variable, Orientation::Output), &book_vrs_out, 5e-5);
    }

    #[test]
    fn constant_returns_output_score_is_the_inverse_of_the_input_score() {
        let data = bogetoft_otto();
        let input = scores(&data, Returns::Constant, Orientation::Input);
        let output = scores(&data, Returns::Constant, Orientation::Output);
        for (i, o) in input.iter().zip(&output) {
            assert!((i * o - 1.0).abs() < 1e-9);
        }
        let results = dea(&data, Returns::Constant, Orientation::Output).unwrap();
        assert!((results[1].efficiency() - 0.6).abs() < 1e-9);
    }

    #[test]
    fn peers_slacks_and_efficiency() {
        let data = bogetoft_otto();
        let vrs = dea(&data, Returns::Variable, Orientation::Input).unwrap();
        // B (40, 30) is projected onto the segment A–C: 2/3·40 = 26.67 = ⅔·20 + ⅓·40 and
        // ⅔·20 + ⅓·50 = 30, so its peers are A and C with λ = (⅔, ⅓) and there is no slack.
        assert_eq!(vrs[1].peers, vec![0, 2]);
        assert_eq!(vrs[1].slacks_in, vec![0.0]);
        assert_eq!(vrs[1].slacks_out, vec![0.0]);
        assert!((vrs[1].lambdas[0].1 - 2.0 / 3.0).abs() < 1e-9 && (vrs[1].lambdas[1].1 - 1.0 / 3.0).abs() < 1e-9);
        // F (50, 20) is projected onto A (20, 20) with no slack.
        assert_eq!(vrs[5].peers, vec![0]);
        assert!(vrs[0].is_efficient() && vrs[2].is_efficient() && vrs[4].is_efficient());
        assert!(!vrs[1].is_efficient());
        // Under CRS, A is compared with C scaled down: θ = 0.8, λ_C = 0.4.
        let crs = dea(&data, Returns::Constant, Orientation::Input).unwrap();
        assert_eq!(crs[0].peers, vec![2]);
        assert!((crs[0].lambdas[0].1 - 0.4).abs() < 1e-9);
        assert_eq!(vrs[2].peers, vec![2]);
    }

    #[test]
    fn weakly_efficient_unit_has_slack() {
        // Unit 1 uses more of input 0 for the same output as unit 0: θ = 1 but a slack of 1.
        let data = DeaData::new(vec![vec![1.0, 1.0], vec![2.0, 1.0], vec![3.0, 3.0]], vec![vec![1.0]; 3]);
        let results = dea(&data, Returns::Constant, Orientation::Input).unwrap();
        assert_eq!(results[1].score, 1.0);
        assert!((results[1].slacks_in[0] - 1.0).abs() < 1e-9);
        assert!(!results[1].is_efficient());
        assert!((results[2].score - 1.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn returns_to_scale_nest() {
        // Input scores: CRS ≤ IRS, DRS ≤ VRS (the technologies nest the other way round).
        let data = bogetoft_otto();
        let crs = scores(&data, Returns::Constant, Orientation::Input);
        let vrs = scores(&data, Returns::Variable, Orientation::Input);
        let irs = scores(&data, Returns::Increasing, Orientation::Input);
        let drs = scores(&data, Returns::Decreasing, Orientation::Input);
        for k in 0..6 {
            assert!(crs[k] <= irs[k] + 1e-12 && irs[k] <= vrs[k] + 1e-12);
            assert!(crs[k] <= drs[k] + 1e-12 && drs[k] <= vrs[k] + 1e-12);
        }
        // A (20, 20) is small: scaling C down reaches it, so only DRS and CRS find it inefficient.
        assert!((drs[0] - 0.8).abs() < 1e-9 && irs[0] == 1.0);
        assert_eq!(efficiency(&data, Returns::Decreasing, Orientation::Input).unwrap(), drs);
    }

    #[test]
    fn super_efficiency_ranks_the_efficient_units() {
        let data = bogetoft_otto();
        let crs = super_efficiency(&data, Returns::Constant, Orientation::Input).unwrap();
        // C (40, 50) without itself: the next best ratio y/x is A's 1, so θ = 1.25 / 1.
        assert!((crs[2].unwrap() - 1.25).abs() < 1e-9);
        assert!((crs[0].unwrap() - 0.8).abs() < 1e-9);
        // Under VRS, E has the largest output: nobody else reaches 60, so E is infeasible.
        let vrs = super_efficiency(&data, Returns::Variable, Orientation::Input).unwrap();
        assert_eq!(vrs[4], None);
        // A has the smallest input: in the output orientation nobody else fits within 20.
        let vrs_out = super_efficiency(&data, Returns::Variable, Orientation::Output).unwrap();
        assert_eq!(vrs_out[0], None);
    }

    #[test]
    fn screening_matches_the_full_programmes() {
        // 300 random units (more than one screening block): every score equals the score against
        // all units.
        let mut state = 2011u64;
        let mut next = || {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((state >> 11) as f64 / (1u64 << 53) as f64) + 0.01
        };
        let n = 300;
        let inputs: Vec<Vec<f64>> = (0..n).map(|_| vec![next(), next()]).collect();
        let outputs: Vec<Vec<f64>> = (0..n).map(|_| vec![next(), next()]).collect();
        let data = DeaData::new(inputs, outputs);
        let tech = Scale::of(&[&data]).apply(&data);
        let all: Vec<usize> = (0..n).collect();
        for returns in [Returns::Constant, Returns::Variable, Returns::Increasing, Returns::Decreasing] {
            for orientation in [Orientation::Input, Orientation::Output] {
                let fast = efficiency(&data, returns, orientation).unwrap();
                for (k, &score) in fast.iter().enumerate() {
                    let full = radial(&tech, &all, tech.unit(k), returns, orientation).unwrap().unwrap();
                    assert!((score - full).abs() < 1e-8, "{returns:?} {orientation:?} unit {k}: {score} vs {full}");
                }
            }
        }
    }

    #[test]
    fn degenerate_data_is_refused() {
        let one = |v: f64| vec![v];
        let err = |inputs: Vec<Vec<f64>>, outputs: Vec<Vec<f64>>| {
            dea(&DeaData::new(inputs, outputs), Returns::Constant, Orientation::Input).unwrap_err()
        };
        assert_eq!(err(vec![], vec![]), DeaError::NoUnits);
        assert_eq!(err(vec![one(1.0)], vec![one(1.0)]), DeaError::SingleUnit);
        assert_eq!(err(vec![one(1.0); 3], vec![one(2.0); 3]), DeaError::AllIdentical { units: 3 });
        assert_eq!(err(vec![one(1.0); 2], vec![one(1.0)]), DeaError::UnitCountMismatch { inputs: 2, outputs: 1 });
        assert_eq!(err(vec![vec![]; 2], vec![one(1.0); 2]), DeaError::NoVariables { factor: Factor::Input });
        assert_eq!(
            err(vec![vec![1.0, 2.0], vec![1.0]], vec![one(1.0); 2]),
            DeaError::RaggedRow { unit: 1, factor: Factor::Input, expected: 2, found: 1 }
        );
        assert_eq!(
            err(vec![one(1.0), one(-1.0)], vec![one(1.0); 2]),
            DeaError::InvalidValue { unit: 1, factor: Factor::Input, index: 0, value: -1.0 }
        );
        assert!(matches!(
            err(vec![one(1.0); 2], vec![one(1.0), one(f64::NAN)]),
            DeaError::InvalidValue { unit: 1, factor: Factor::Output, index: 0, .. }
        ));
        assert!(matches!(err(vec![one(1.0); 2], vec![one(f64::INFINITY), one(1.0)]), DeaError::InvalidValue { .. }));
        assert_eq!(
            err(vec![vec![1.0, 1.0], vec![0.0, 0.0], vec![2.0, 1.0]], vec![one(1.0); 3]),
            DeaError::ZeroInputs { unit: 1 }
        );
        assert_eq!(err(vec![one(1.0), one(2.0)], vec![one(1.0), one(0.0)]), DeaError::ZeroOutputs { unit: 1 });
        assert_eq!(
            err(vec![vec![1.0, 0.0], vec![2.0, 0.0]], vec![one(1.0); 2]),
            DeaError::ZeroVariable { factor: Factor::Input, index: 1 }
        );
        // The messages name the unit.
        assert_eq!(DeaError::ZeroInputs { unit: 7 }.to_string(), "unit 7 uses no input at all (every input is 0)");
        // Super-efficiency and the first stage check the same way.
        let single = DeaData::new(vec![one(1.0)], vec![one(1.0)]);
        assert_eq!(super_efficiency(&single, Returns::Variable, Orientation::Output), Err(DeaError::SingleUnit));
        assert_eq!(efficiency(&single, Returns::Variable, Orientation::Output), Err(DeaError::SingleUnit));
    }

    #[test]
    fn duplicate_units_are_allowed() {
        let data = DeaData::new(vec![vec![1.0], vec![1.0], vec![2.0]], vec![vec![1.0], vec![1.0], vec![1.0]]);
        assert_eq!(scores(&data, Returns::Constant, Orientation::Input), vec![1.0, 1.0, 0.5]);
        let sup = super_efficiency(&data, Returns::Constant, Orientation::Input).unwrap();
        assert_eq!(sup[0], Some(1.0));
    }
}
