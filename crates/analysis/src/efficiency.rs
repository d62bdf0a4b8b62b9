//! Cost-effectiveness of programmes or regions from the `funding` table, by Data Envelopment
//! Analysis (definitions in [`chiiki_methods::dea`] and [`chiiki_methods::malmquist`]).
//!
//! # Units and data
//!
//! A unit is a region (all its programmes together) or a programme of a region (`region/program`).
//! Its inputs and outputs are the sums of the named `funding` columns over the years asked for; an
//! empty cell counts as 0. The Malmquist index compares two single years, each against its own
//! frontier and the other's.

use std::collections::BTreeMap;

use chiiki_methods::dea::{DeaData, DeaError, Factor, Orientation, Returns, dea, super_efficiency};
use chiiki_methods::malmquist::{MalmquistResult, malmquist_with};
use chiiki_package::Funding;

/// What a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitLevel {
    /// A region, all programmes summed.
    Region,
    /// One programme of one region.
    Program,
}

/// What to compare.
#[derive(Debug, Clone, PartialEq)]
pub struct EfficiencyConfig {
    /// Input columns.
    pub inputs: Vec<String>,
    /// Output columns.
    pub outputs: Vec<String>,
    /// Returns to scale (CCR: constant, BCC: variable).
    pub returns: Returns,
    /// Input or output orientation.
    pub orientation: Orientation,
    /// Regions or programmes.
    pub unit: UnitLevel,
    /// Years summed (inclusive); `None` for all.
    pub years: Option<(i32, i32)>,
    /// The Malmquist index from the first year to the second, if asked for.
    pub malmquist: Option<(i32, i32)>,
}

/// One unit's result.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitEfficiency {
    /// The unit (`region` or `region/program`).
    pub id: String,
    /// The Farrell score (input: θ in (0, 1]; output: η ≥ 1).
    pub score: f64,
    /// The score as a number in (0, 1] whatever the orientation.
    pub efficiency: f64,
    /// Andersen–Petersen super-efficiency; `None` when infeasible.
    pub super_efficiency: Option<f64>,
    /// The peers (reference set), by id.
    pub peers: Vec<String>,
    /// The intensities of the peers.
    pub lambdas: Vec<(String, f64)>,
    /// Input slacks by column.
    pub slacks_in: Vec<(String, f64)>,
    /// Output slacks by column.
    pub slacks_out: Vec<(String, f64)>,
    /// The unit's inputs, by column.
    pub inputs: Vec<f64>,
    /// The unit's outputs, by column.
    pub outputs: Vec<f64>,
    /// The Malmquist index, when asked for and the unit is in both years.
    pub malmquist: Option<MalmquistResult>,
}

/// The efficiency of every unit.
#[derive(Debug, Clone, PartialEq)]
pub struct EfficiencyReport {
    /// The settings.
    pub config: EfficiencyConfig,
    /// The units, in region order (then programme order).
    pub units: Vec<UnitEfficiency>,
}

/// Sums the columns per unit over the rows `keep` accepts; returns unit ids and the rows of values.
fn table(
    funding: &Funding,
    columns: &[usize],
    level: UnitLevel,
    keep: impl Fn(i32) -> bool,
) -> (Vec<String>, Vec<Vec<f64>>) {
    let mut sums: BTreeMap<(u32, String), Vec<f64>> = BTreeMap::new();
    for row in funding.rows.iter().filter(|r| keep(r.year)) {
        let key = match level {
            UnitLevel::Region => (row.region, String::new()),
            UnitLevel::Program => (row.region, row.program.clone()),
        };
        let entry = sums.entry(key).or_insert_with(|| vec![0.0; columns.len()]);
        for (e, &c) in entry.iter_mut().zip(columns) {
            *e += row.values[c].unwrap_or(0.0);
        }
    }
    let ids = sums
        .keys()
        .map(|(r, p)| {
            let region = &funding.regions[*r as usize].id;
            if p.is_empty() { region.clone() } else { format!("{region}/{p}") }
        })
        .collect();
    (ids, sums.into_values().collect())
}

fn column_positions(funding: &Funding, names: &[String]) -> Result<Vec<usize>, String> {
    names
        .iter()
        .map(|n| {
            funding.columns.iter().position(|c| c == n).ok_or_else(|| {
                format!("the funding table has no column `{n}` (it has: {})", funding.columns.join(", "))
            })
        })
        .collect()
}

/// A DEA error with units and variables named.
fn explain(e: &DeaError, ids: &[String], inputs: &[String], outputs: &[String]) -> String {
    let unit = |u: usize| ids.get(u).cloned().unwrap_or_else(|| u.to_string());
    let var = |f: Factor, i: usize| match f {
        Factor::Input => inputs.get(i).cloned().unwrap_or_default(),
        Factor::Output => outputs.get(i).cloned().unwrap_or_default(),
    };
    match e {
        DeaError::ZeroInputs { unit: u } => {
            format!("unit `{}` uses none of the inputs ({})", unit(*u), inputs.join(", "))
        }
        DeaError::ZeroOutputs { unit: u } => {
            format!("unit `{}` produces none of the outputs ({})", unit(*u), outputs.join(", "))
        }
        DeaError::ZeroVariable { factor, index } => format!("{factor} `{}` is 0 for every unit", var(*factor, *index)),
        DeaError::InvalidValue { unit: u, factor, index, value } => {
            format!("{factor} `{}` of unit `{}` is {value}", var(*factor, *index), unit(*u))
        }
        DeaError::Solver { unit: u, message } => {
            format!("the linear programme of unit `{}` failed: {message}", unit(*u))
        }
        other => other.to_string(),
    }
}

/// Compares the units of `funding` (see the module docs).
///
/// # Errors
/// An unknown column, no rows in the years asked for, or a degenerate comparison (a unit without
/// inputs or outputs, a column of zeros, a single unit, identical units), named by unit and column.
pub fn efficiency(funding: &Funding, config: EfficiencyConfig) -> Result<EfficiencyReport, String> {
    let ins = column_positions(funding, &config.inputs)?;
    let outs = column_positions(funding, &config.outputs)?;
    let all: Vec<usize> = ins.iter().chain(&outs).copied().collect();
    let within = |y: i32| config.years.is_none_or(|(a, b)| y >= a && y <= b);
    let (ids, rows) = table(funding, &all, config.unit, within);
    if ids.is_empty() {
        return Err("no funding rows in the years asked for".to_string());
    }
    let split = |rows: &[Vec<f64>]| {
        DeaData::new(
            rows.iter().map(|r| r[..ins.len()].to_vec()).collect(),
            rows.iter().map(|r| r[ins.len()..].to_vec()).collect(),
        )
    };
    let data = split(&rows);
    let why = |e: DeaError| explain(&e, &ids, &config.inputs, &config.outputs);
    let results = dea(&data, config.returns, config.orientation).map_err(why)?;
    let supers = super_efficiency(&data, config.returns, config.orientation).map_err(why)?;

    let mut malmquist: Vec<Option<MalmquistResult>> = vec![None; ids.len()];
    if let Some((y0, y1)) = config.malmquist {
        let (ids0, rows0) = table(funding, &all, config.unit, |y| y == y0);
        let (ids1, rows1) = table(funding, &all, config.unit, |y| y == y1);
        // The units present in both years, in the report's order.
        let both: Vec<&String> = ids.iter().filter(|id| ids0.contains(id) && ids1.contains(id)).collect();
        if both.len() < 2 {
            return Err(format!("fewer than two units have funding rows in both {y0} and {y1}"));
        }
        let pick = |ids_p: &[String], rows_p: &[Vec<f64>]| -> Vec<Vec<f64>> {
            both.iter().map(|id| rows_p[ids_p.iter().position(|x| x == *id).expect("present")].clone()).collect()
        };
        let both_ids: Vec<String> = both.iter().map(|s| s.to_string()).collect();
        let m = malmquist_with(
            &split(&pick(&ids0, &rows0)),
            &split(&pick(&ids1, &rows1)),
            config.returns,
            config.orientation,
        )
        .map_err(|e| explain(&e, &both_ids, &config.inputs, &config.outputs))?;
        for (id, r) in both_ids.iter().zip(m) {
            malmquist[ids.iter().position(|x| x == id).expect("present")] = Some(r);
        }
    }

    let units = results
        .into_iter()
        .enumerate()
        .map(|(k, r)| UnitEfficiency {
            id: ids[k].clone(),
            score: r.score,
            efficiency: r.efficiency(),
            super_efficiency: supers[k],
            peers: r.peers.iter().map(|&p| ids[p].clone()).collect(),
            lambdas: r.lambdas.iter().map(|&(p, l)| (ids[p].clone(), l)).collect(),
            slacks_in: config.inputs.iter().cloned().zip(r.slacks_in.iter().copied()).collect(),
            slacks_out: config.outputs.iter().cloned().zip(r.slacks_out.iter().copied()).collect(),
            inputs: data.inputs[k].clone(),
            outputs: data.outputs[k].clone(),
            malmquist: malmquist[k],
        })
        .collect();
    Ok(EfficiencyReport { config, units })
}
