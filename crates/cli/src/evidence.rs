//! `chiiki indicators`, `chiiki evidence`, `chiiki lq`, `chiiki convert` and the measured side of
//! `chiiki diagnose --data`: check the package, open it in the evidence engine, compute, print.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Result, anyhow, bail};
use chiiki_engine::lq::LqBase;
use chiiki_engine::marks::{Evidence, evidence};
use chiiki_engine::{Direction, Engine, EngineOptions, INDICATORS, IndicatorValues};
use chiiki_framework::{Framework, Lang};
use chiiki_package::{Package, TableFormat};
use serde_json::json;

use crate::args::{ListFormat, ReportFormat};
use crate::input;

/// The registry as a listing.
pub fn indicators(framework: &Framework, format: ListFormat, lang: Lang) -> String {
    match format {
        ListFormat::Json => format!("{}\n", serde_json::to_string_pretty(&INDICATORS).expect("JSON")),
        ListFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(["id", "condition", "formula", "unit", "direction", "tables", "source"]).expect("memory");
            for i in INDICATORS {
                let d = if i.direction == Direction::Higher { "higher" } else { "context" };
                let c = i.condition.to_string();
                w.write_record([i.id, &c, i.formula, i.unit, d, &i.tables.join(";"), i.source]).expect("memory");
            }
            String::from_utf8(w.into_inner().expect("memory")).expect("UTF-8")
        }
        ListFormat::Text => {
            let mut out = String::new();
            let mut last = 0;
            for i in INDICATORS {
                if i.condition != last {
                    last = i.condition;
                    let name = framework
                        .conditions()
                        .iter()
                        .find(|c| c.id == u16::from(i.condition))
                        .map(|c| c.label.get(lang).to_string())
                        .unwrap_or_default();
                    let _ = writeln!(out, "{:>2} {name}", i.condition);
                }
                let context = if i.direction == Direction::Context { " (context, not marked)" } else { "" };
                let _ = writeln!(
                    out,
                    "   {}{context}\n      {} [{}]; tables: {}",
                    i.id,
                    i.formula,
                    i.unit,
                    i.tables.join(", ")
                );
            }
            out
        }
    }
}

/// Opens the package in the engine. Where the engine cannot read a table or finds rows that fail its
/// checks, the package is validated row by row so that every problem is named with file, line and column.
pub fn open_checked(path: &Path) -> Result<(Package, Engine)> {
    let package = Package::open(path).map_err(input::problems)?;
    let engine = Engine::open(&package, &EngineOptions::default()).map_err(|e| explain(&package, e))?;
    Ok((package, engine))
}

/// The row-by-row account of what the engine refused (or the engine's own message when the rows pass).
fn explain(package: &Package, e: chiiki_engine::EngineError) -> anyhow::Error {
    use chiiki_engine::EngineError::{Invalid, MissingColumn, Query, Read};
    if !matches!(e, Invalid(_) | Query { .. } | Read { .. } | MissingColumn { .. }) {
        return anyhow!("{e}");
    }
    let bar = crate::progress::bytes(package.validate_bytes(), "checking");
    let checked = package.validate(&|n| bar.inc(n));
    bar.finish_and_clear();
    match checked {
        Err(problems) => input::problems(problems),
        Ok(_) => anyhow!("{e}"),
    }
}

/// Computes the indicators of `years` with a progress bar over the queries.
fn compute(package: &Package, engine: &Engine, years: &[i32]) -> Result<IndicatorValues> {
    let bar = crate::progress::bar(1, "measuring");
    let values = engine.indicators(years, &|done, all| {
        bar.set_length(all as u64);
        bar.set_position(done as u64);
    });
    bar.finish_and_clear();
    values.map_err(|e| explain(package, e))
}

/// The evaluation year: the one asked for, or the last of the axis.
fn year_of(package: &Package, engine: &Engine, year: Option<i32>) -> Result<i32> {
    match year {
        Some(y) => Ok(y),
        None => engine
            .years()
            .map_err(|e| explain(package, e))?
            .last()
            .copied()
            .ok_or_else(|| anyhow!("the package has no yearly table, so no year to measure")),
    }
}

/// The compared regions' positions: all, or those named.
fn peers(engine: &Engine, peers: Option<&str>) -> Result<Vec<usize>> {
    let Some(list) = peers else { return Ok((0..engine.regions().len()).collect()) };
    let mut out = Vec::new();
    for id in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        match engine.regions().iter().position(|r| r == id) {
            Some(p) if !out.contains(&p) => out.push(p),
            Some(_) => {}
            None => bail!("--peers: unknown region `{id}`"),
        }
    }
    if out.len() < 2 {
        bail!("--peers needs at least two regions to compare");
    }
    Ok(out)
}

/// Parses `--cuts 25,50,75`: ascending percentiles within 0–100, as many as the scale's top mark.
pub fn cuts(text: &str, framework: &Framework) -> Result<Vec<f64>> {
    let cuts: Vec<f64> = text
        .split(',')
        .map(|s| s.trim().parse::<f64>().map_err(|_| anyhow!("--cuts: `{s}` is not a number")))
        .collect::<Result<_>>()?;
    let max = framework.scale().max() as usize;
    if cuts.len() != max {
        bail!("--cuts needs {max} percentiles (one per mark above 0), got {}", cuts.len());
    }
    if cuts.iter().any(|c| !(0.0..=100.0).contains(c)) || cuts.windows(2).any(|w| w[0] >= w[1]) {
        bail!("--cuts must rise strictly within 0–100");
    }
    Ok(cuts)
}

/// Measured evidence of one year.
pub fn measure(
    package: &Package,
    engine: &Engine,
    year: Option<i32>,
    peer_list: Option<&str>,
    cuts: &[f64],
) -> Result<Evidence> {
    let year = year_of(package, engine, year)?;
    let peers = peers(engine, peer_list)?;
    let values = compute(package, engine, &[year])?;
    Ok(evidence(&values, 0, &peers, cuts))
}

fn number(v: Option<f64>) -> String {
    match v {
        None => "–".to_string(),
        Some(x) if x == x.trunc() && x.abs() < 1e9 => format!("{x:.0}"),
        Some(x) => format!("{x:.3}"),
    }
}

/// `chiiki evidence` output.
pub fn evidence_text(
    ev: &Evidence,
    framework: &Framework,
    names: &[(String, String)],
    format: ListFormat,
    lang: Lang,
) -> String {
    match format {
        ListFormat::Json => {
            // Written into a buffer of about the text's size (some 9 kB a region), not grown copy by copy.
            let mut out = Vec::with_capacity(4096 + 9216 * ev.regions.len());
            serde_json::to_writer_pretty(&mut out, ev).expect("JSON");
            out.push(b'\n');
            String::from_utf8(out).expect("serde_json writes UTF-8")
        }
        ListFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record([
                "region_id",
                "year",
                "condition",
                "measured_mark",
                "score",
                "indicator",
                "value",
                "percentile",
            ])
            .expect("memory");
            let opt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
            for r in &ev.regions {
                for c in &r.conditions {
                    for i in &c.indicators {
                        w.write_record([
                            r.id.as_str(),
                            &ev.year.to_string(),
                            &c.id.to_string(),
                            &c.measured_mark.map(|m| m.to_string()).unwrap_or_default(),
                            &opt(c.score),
                            i.id,
                            &opt(i.value),
                            &opt(i.percentile),
                        ])
                        .expect("memory");
                    }
                }
            }
            String::from_utf8(w.into_inner().expect("memory")).expect("UTF-8")
        }
        ListFormat::Text => {
            let mut out = String::new();
            let cuts: Vec<String> = ev.cuts.iter().map(|c| number(Some(*c))).collect();
            let _ = writeln!(
                out,
                "Measured evidence, {}: {} regions compared; marks from the mean percentile (cuts {})\n",
                ev.year,
                ev.peers.len(),
                cuts.join(", ")
            );
            for r in &ev.regions {
                let name = names.iter().find(|(id, _)| id == &r.id).map_or("", |(_, n)| n.as_str());
                let _ = writeln!(out, "{} {name}", r.id);
                for c in &r.conditions {
                    let cname = framework
                        .conditions()
                        .iter()
                        .find(|x| x.id == u16::from(c.id))
                        .map(|x| x.label.get(lang).to_string())
                        .unwrap_or_default();
                    let mark = match (c.measured_mark, c.evidence) {
                        (Some(m), _) => format!("{m} {:<3}", "*".repeat(m as usize)),
                        (None, true) => "–    ".to_string(),
                        (None, false) => "no evidence".to_string(),
                    };
                    let _ = writeln!(out, "  {:>2} {mark:<5} {cname}", c.id);
                    if !c.evidence {
                        continue;
                    }
                    for i in &c.indicators {
                        let p = i.percentile.map(|p| format!(" (percentile {p:.1})")).unwrap_or_default();
                        let context = if i.direction == Direction::Context { " [context]" } else { "" };
                        let _ = writeln!(out, "          {} = {}{p}{context}", i.id, number(i.value));
                    }
                }
                out.push('\n');
            }
            out
        }
    }
}

/// `chiiki lq` output: every cell of one year, CSV or JSON lines in a JSON array.
pub fn lq(
    engine: &Engine,
    package: &Package,
    year: Option<i32>,
    reference: Option<String>,
    total: Option<String>,
    format: ListFormat,
) -> Result<String> {
    let year = match year {
        Some(y) => y,
        None => engine
            .latest_employment_year()
            .map_err(|e| anyhow!("{e}"))?
            .ok_or_else(|| anyhow!("the employment table has no rows"))?,
    };
    let base = LqBase {
        reference_region: reference.or_else(|| package.settings.reference_region.clone()),
        total_industry: total.or_else(|| package.settings.total_industry.clone()),
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut rows = Vec::new();
    let json = format == ListFormat::Json;
    if !json {
        w.write_record(["region_id", "industry", "year", "employees", "lq"]).expect("memory");
    }
    let mut error = None;
    engine
        .location_quotients(year, &base, &mut |c| {
            if json {
                rows.push(json!({"region_id": c.region_id, "industry": c.industry, "year": c.year, "employees": c.employees, "lq": c.lq}));
            } else if let Err(e) = w.write_record([
                c.region_id.as_str(),
                &c.industry,
                &c.year.to_string(),
                &c.employees.to_string(),
                &c.lq.map(|x| x.to_string()).unwrap_or_default(),
            ]) {
                error.get_or_insert(e);
            }
        })
        .map_err(|e| explain(package, e))?;
    if let Some(e) = error {
        return Err(e.into());
    }
    if json {
        let doc = json!({
            "year": year,
            "reference_region": base.reference_region,
            "total_industry": base.total_industry,
            "cells": rows,
        });
        return Ok(format!("{}\n", serde_json::to_string_pretty(&doc).expect("JSON")));
    }
    Ok(String::from_utf8(w.into_inner()?).expect("UTF-8"))
}

/// Expert and measured marks side by side for the regions that are both assessed and in the package.
pub fn side_by_side(
    framework: &Framework,
    assessed: &[chiiki_diagnosis::RegionAssessment],
    ev: &Evidence,
    threshold: u8,
    format: ReportFormat,
    lang: Lang,
) -> Result<String> {
    let mut regions = Vec::new();
    for a in assessed.iter().filter(|a| !a.assessors.is_empty()) {
        let Some(m) = ev.regions.iter().find(|r| r.id == a.region.id) else { continue };
        let mut conditions = Vec::new();
        for c in &a.conditions {
            let measured = m.conditions.iter().find(|x| u16::from(x.id) == c.condition);
            let expert = (!c.ratings.is_empty()).then(|| c.strength.consensus.value());
            let mm = measured.and_then(|x| x.measured_mark);
            let disagree = match (expert, mm) {
                (Some(e), Some(m)) => (i32::from(e) - i32::from(m)).unsigned_abs() >= u32::from(threshold),
                _ => false,
            };
            conditions.push((c.condition, expert, mm, measured.and_then(|x| x.score), disagree));
        }
        regions.push((a.region.id.clone(), a.region.name.get(lang).to_string(), conditions));
    }
    if regions.is_empty() {
        bail!(
            "no assessed region is in the data package (assessed: {})",
            assessed.iter().map(|a| a.region.id.as_str()).collect::<Vec<_>>().join(", ")
        );
    }
    Ok(match format {
        ReportFormat::Json => {
            let doc: Vec<_> = regions
                .iter()
                .map(|(id, name, cs)| {
                    json!({"id": id, "name": name, "conditions": cs.iter().map(|(c, e, m, s, d)| json!({
                        "id": c, "expert_mark": e, "measured_mark": m, "score": s, "disagreement": d
                    })).collect::<Vec<_>>()})
                })
                .collect();
            format!(
                "{}\n",
                serde_json::to_string_pretty(&json!({"year": ev.year, "threshold": threshold, "regions": doc}))?
            )
        }
        ReportFormat::Text => {
            let mut out = format!(
                "Expert and measured marks, {} (disagreement: a difference of {threshold} or more)\n\n",
                ev.year
            );
            for (id, name, cs) in &regions {
                let _ = writeln!(out, "{id} {name}\n  cond  expert  measured");
                for (c, e, m, _, d) in cs {
                    let show =
                        |v: &Option<u8>| v.map_or("–".to_string(), |x| format!("{x} {}", "*".repeat(x as usize)));
                    let cname = framework
                        .conditions()
                        .iter()
                        .find(|x| x.id == *c)
                        .map(|x| x.label.get(lang).to_string())
                        .unwrap_or_default();
                    let flag = if *d { "  ← disagree" } else { "" };
                    let _ = writeln!(out, "  {c:>4}  {:<6}  {:<8}  {cname}{flag}", show(e), show(m));
                }
                out.push('\n');
            }
            out
        }
    })
}

/// Copies the package at `path` into the new folder `out` with the chosen tables as Parquet (all the
/// engine's CSV tables but `regions` when `tables` is empty). Written into a temporary folder beside
/// `out` and renamed into place, so a failed or interrupted run leaves nothing at `out`.
pub fn convert(path: &Path, out: &Path, tables: &[String]) -> Result<()> {
    if out.exists() {
        bail!("{} already exists: name a new folder", out.display());
    }
    crate::allocator::tune_for_passes();
    let (package, engine) = open_checked(path)?;
    for t in tables {
        let Some(r) = package.resource(t) else {
            let names: Vec<&str> = package.resources.iter().map(|r| r.name.as_str()).collect();
            bail!("--tables: the package has no table `{t}` (it has {})", names.join(", "));
        };
        if !engine.has(t) {
            bail!("--tables: `{t}` is not a table the evidence engine reads; it is copied as it is");
        }
        if r.format != TableFormat::Csv {
            bail!("--tables: `{t}` is already {}", r.path);
        }
    }
    let chosen = |name: &str| {
        if tables.is_empty() { name != "regions" && engine.has(name) } else { tables.iter().any(|t| t == name) }
    };
    let descriptor_path = if path.is_dir() { path.join("datapackage.json") } else { path.to_path_buf() };
    let text = std::fs::read_to_string(&descriptor_path)
        .map_err(|e| anyhow!("{}: cannot read: {e}", descriptor_path.display()))?;
    let mut descriptor: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| anyhow!("{}: {e}", descriptor_path.display()))?;

    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| anyhow!("cannot create {}: {e}", parent.display()))?;
    let tmp = tempfile::Builder::new()
        .prefix(".chiiki-convert-")
        .tempdir_in(parent)
        .map_err(|e| anyhow!("cannot write in {}: {e}", parent.display()))?;
    let bar = crate::progress::bar(package.resources.len() as u64, "converting");
    let (mut converted, mut copied, mut before, mut after) = (0, 0, 0u64, 0u64);
    for r in &package.resources {
        let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
        if r.format == TableFormat::Csv && chosen(&r.name) {
            bar.set_message(r.name.clone());
            let rel = format!("{}.parquet", r.name);
            let target = tmp.path().join(&rel);
            engine.write_parquet(&r.name, &target).map_err(|e| explain(&package, e))?;
            before += size(&r.location);
            after += size(&target);
            converted += 1;
            let entry = descriptor["resources"]
                .as_array_mut()
                .and_then(|all| all.iter_mut().find(|x| x["name"] == r.name.as_str()))
                .ok_or_else(|| anyhow!("{}: no resource `{}`", descriptor_path.display(), r.name))?;
            entry["path"] = json!(rel);
            entry["format"] = json!("parquet");
            for stale in ["mediatype", "encoding", "dialect", "bytes", "hash"] {
                entry.as_object_mut().map(|o| o.remove(stale));
            }
        } else {
            let target = tmp.path().join(&r.path);
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir).map_err(|e| anyhow!("cannot create {}: {e}", dir.display()))?;
            }
            std::fs::copy(&r.location, &target)
                .map_err(|e| anyhow!("cannot copy {} to {}: {e}", r.location.display(), target.display()))?;
            copied += 1;
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    // Other files beside the descriptor (a licence, a notice, a readme) come along.
    if let Ok(entries) = std::fs::read_dir(&package.dir) {
        for entry in entries.flatten() {
            let from = entry.path();
            let is_table = package.resources.iter().any(|r| r.location == from);
            let name = entry.file_name();
            if from.is_file() && !is_table && from != descriptor_path && !tmp.path().join(&name).exists() {
                std::fs::copy(&from, tmp.path().join(&name))
                    .map_err(|e| anyhow!("cannot copy {}: {e}", from.display()))?;
            }
        }
    }
    let text = serde_json::to_string_pretty(&descriptor).expect("JSON") + "\n";
    std::fs::write(tmp.path().join("datapackage.json"), text)
        .map_err(|e| anyhow!("cannot write the descriptor: {e}"))?;
    let made = tmp.keep();
    std::fs::rename(&made, out).map_err(|e| anyhow!("cannot move the package to {}: {e}", out.display()))?;
    let mb = |b: u64| b as f64 / 1e6;
    eprintln!(
        "wrote {}: {converted} tables as Parquet ({:.1} MB, from {:.1} MB of CSV), {copied} copied as they are",
        out.display(),
        mb(after),
        mb(before)
    );
    Ok(())
}
