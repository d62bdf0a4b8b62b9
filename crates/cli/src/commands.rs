//! One function per command: load, compute with the library crates, render, emit.

use anyhow::{Result, bail};
use chiiki_analysis::networks::BetweennessMethod;
use chiiki_diagnosis::{Dataset, Diagnosis, DiagnosisConfig, RegionAssessment, overall_agreement};
use chiiki_framework::{Framework, Lang};
use chiiki_render::{ChartView, chart_csv, chart_html, chart_json, chart_markdown, chart_svg, chart_text, charts_json};
use serde_json::json;

use crate::args::{
    BetweennessArg, ChartFormat, Cli, Command, FieldsArg, FrameworkFormat, ImportSource, LangArg, ListFormat,
    MeasureArgs, ModelArg, NetworkFormat, OrientationArg, OutArgs, RelatednessArg, ReportFormat, SpinoffFormat,
    UnitArg,
};
use crate::input;
use crate::output::{emit, write_atomic};

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let lang = match cli.lang {
        LangArg::En => Lang::En,
        LangArg::Ja => Lang::Ja,
    };
    match cli.command {
        Command::Framework { framework, format } => {
            let (framework, source) = input::framework(&framework)?;
            emit(None, &framework_listing(&framework, &source, format, lang))
        }
        Command::Regions { inputs, format } => {
            let (framework, _) = input::framework(&inputs.framework)?;
            let dataset = input::dataset(&inputs, &framework)?;
            emit(None, &regions_listing(&dataset, format, lang))
        }
        Command::Chart { region, inputs, format, out } => {
            let (framework, _) = input::framework(&inputs.framework)?;
            let dataset = input::dataset(&inputs, &framework)?;
            chart(&framework, &dataset, &region, format, &out, lang)
        }
        Command::Diagnose { inputs, format, disagreement, data, measure, out } => {
            let (framework, _) = input::framework(&inputs.framework)?;
            let dataset = input::dataset(&inputs, &framework)?;
            let assessed = dataset.assess_all(&framework);
            if out.out_dir.is_some() {
                bail!("--out-dir writes one file per region and applies to `chart` only; use --out FILE");
            }
            if let Some(pkg) = data {
                return emit(
                    out.out.as_deref(),
                    &measured_side_by_side(&framework, &assessed, &pkg, &measure, disagreement, format, lang)?,
                );
            }
            let config = DiagnosisConfig { disagreement_range: disagreement };
            let overall = overall_agreement(&assessed);
            let pairs: Vec<(RegionAssessment, Diagnosis)> = assessed
                .into_iter()
                .map(|a| {
                    let d = Diagnosis::of(&framework, &a, &config);
                    (a, d)
                })
                .collect();
            let text = match format {
                ReportFormat::Text => chiiki_render::diagnosis_text(&framework, &pairs, overall.as_ref(), lang),
                ReportFormat::Json => chiiki_render::diagnosis_json(&framework, &pairs, overall.as_ref(), lang),
            };
            emit(out.out.as_deref(), &text)
        }
        Command::Import { source: ImportSource::Oews { db, out } } => crate::import::oews(&db, &out),
        Command::Indicators { framework, format } => {
            let (framework, _) = input::framework(&framework)?;
            indicators(&framework, format, lang)
        }
        Command::Evidence { package, measure, framework, format, out } => {
            let (framework, _) = input::framework(&framework)?;
            evidence(&package, &measure, &framework, format, out.as_deref(), lang)
        }
        Command::Convert { package, out, tables } => convert(&package, &out, &tables),
        Command::Lq { package, year, reference, total_industry, format, out } => {
            lq(&package, year, reference, total_industry, format, out.as_deref())
        }
        Command::Validate { package, format } => validate(&package, format),
        Command::Spinoffs { package, anchor, region, min_spinoffs, format, out } => {
            let (pkg, network) = input::network(&package, false)?;
            let text = spinoffs(&pkg, &network, anchor.as_deref(), region.as_deref(), min_spinoffs, format)?;
            emit(out.as_deref(), &text)
        }
        Command::Network { package, region, from, to, betweenness, epsilon, delta, format, out } => {
            let inside = |x: f64| x > 0.0 && x < 1.0;
            if !inside(epsilon) || !inside(delta) {
                bail!("--epsilon and --delta must lie strictly between 0 and 1");
            }
            let (pkg, network) = input::network(&package, true)?;
            if let Some(r) = &region
                && !network.regions.iter().any(|x| &x.id == r)
            {
                bail!("unknown region `{r}` in {}", pkg.dir.display());
            }
            if let (Some(f), Some(t)) = (from, to)
                && f > t
            {
                bail!("--from {f} is after --to {t}");
            }
            let report = chiiki_analysis::networks::NetworkReport::build(
                &network,
                chiiki_analysis::networks::NetworkConfig {
                    region,
                    from,
                    to,
                    betweenness: match betweenness {
                        BetweennessArg::Exact => BetweennessMethod::Exact,
                        BetweennessArg::Approximate => BetweennessMethod::Approximate { epsilon, delta, seed: 2004 },
                        BetweennessArg::Auto => BetweennessMethod::default(),
                    },
                },
            );
            let title = package_title(&pkg);
            let text = match format {
                NetworkFormat::Text => chiiki_render::network_text(&report, &title),
                NetworkFormat::Json => chiiki_render::network_json(&report),
                NetworkFormat::Svg => chiiki_render::network_svg(&chiiki_render::network_drawing(&report, &title)),
            };
            emit(out.as_deref(), &text)
        }
        Command::Phases { package, region, industry, min_drop, format, out } => {
            if !(min_drop > 0.0 && min_drop < 1.0) {
                bail!("--min-drop must lie strictly between 0 and 1");
            }
            let pkg = chiiki_package::Package::open(&package).map_err(input::problems)?;
            let bar = crate::progress::bytes(
                pkg.resource("employment").and_then(|r| std::fs::metadata(&r.location).ok()).map_or(0, |m| m.len()),
                "reading",
            );
            let employment = pkg.employment(&|n| bar.inc(n));
            bar.finish_and_clear();
            let employment = employment.map_err(input::problems)?;
            if let Some(r) = &region
                && !employment.regions.iter().any(|x| &x.id == r)
            {
                bail!("unknown region `{r}` in {}", pkg.dir.display());
            }
            if let Some(i) = &industry
                && !employment.categories.iter().any(|c| c == i)
            {
                bail!("unknown industry `{i}` (the employment table has no row for it)");
            }
            let network = match pkg.resource("organizations") {
                Some(_) => Some(pkg.lineage_with_progress(&|_| {}).map_err(input::problems)?),
                None => None,
            };
            let patents = match pkg.resource("patents") {
                Some(_) => Some(pkg.patents(&|_| {}).map_err(input::problems)?),
                None => None,
            };
            let config = chiiki_analysis::phases::PhasesConfig { min_drop, ..Default::default() };
            let mut paths = chiiki_analysis::phases::region_phases(
                &employment,
                network.as_ref(),
                patents.as_ref(),
                region.as_deref(),
                industry.as_deref(),
                &config,
            );
            let title = package_title(&pkg);
            let text = match format {
                NetworkFormat::Text => chiiki_render::phases_text(&paths, &title),
                NetworkFormat::Json => chiiki_render::phases_json(&paths),
                NetworkFormat::Svg => {
                    // The largest regions first (by their last year's employment).
                    paths.sort_by(|a, b| {
                        let last = |r: &chiiki_analysis::phases::RegionPhases| r.path.last().map_or(0.0, |p| p.size);
                        last(b).total_cmp(&last(a))
                    });
                    chiiki_render::phases_svg(&paths, &title)
                }
            };
            emit(out.as_deref(), &text)
        }
        Command::Diversify { package, region, year, since, relatedness, fields, top, format, out } => {
            use chiiki_analysis::diversify::{DiversifyConfig, Relatedness, diversify};
            use chiiki_methods::relatedness::Method;
            let pkg = chiiki_package::Package::open(&package).map_err(input::problems)?;
            let (employment, industries) = match fields {
                FieldsArg::Industries => {
                    (pkg.employment(&|_| {}).map_err(input::problems)?, pkg.industries().map_err(input::problems)?)
                }
                // Technology classes: patents counted per region, class and year; variety groups by
                // the first two characters of the class.
                FieldsArg::Technologies => (pkg.patents(&|_| {}).map_err(input::problems)?, None),
            };
            let config = DiversifyConfig {
                region: region.clone(),
                year,
                base_year: since,
                relatedness: match relatedness {
                    RelatednessArg::Proximity => Relatedness::Proximity,
                    RelatednessArg::Probability => Relatedness::Normalised(Method::Probability),
                    RelatednessArg::Association => Relatedness::Normalised(Method::Association),
                    RelatednessArg::Cosine => Relatedness::Normalised(Method::Cosine),
                    RelatednessArg::Jaccard => Relatedness::Normalised(Method::Jaccard),
                },
                top,
            };
            let profile = diversify(&employment, industries.as_deref(), &config).map_err(|e| anyhow::anyhow!("{e}"))?;
            let name = employment.regions.iter().find(|r| r.id == region).map_or(region.clone(), |r| r.name.en.clone());
            let text = match format {
                ReportFormat::Text => chiiki_render::diversify_text(&profile, &name),
                ReportFormat::Json => chiiki_render::diversify_json(&profile),
            };
            emit(out.as_deref(), &text)
        }
        Command::Efficiency {
            package,
            inputs,
            outputs,
            model,
            orientation,
            unit,
            from,
            to,
            malmquist,
            format,
            out,
        } => {
            use chiiki_analysis::efficiency::{EfficiencyConfig, UnitLevel, efficiency};
            use chiiki_methods::dea::{Orientation, Returns};
            let years = match (from, to) {
                (None, None) => None,
                (f, t) => Some((f.unwrap_or(i32::MIN), t.unwrap_or(i32::MAX))),
            };
            if let Some((f, t)) = years
                && f > t
            {
                bail!("--from {f} is after --to {t}");
            }
            let malmquist = match malmquist.as_deref() {
                None => None,
                Some(text) => {
                    let parse = |x: &str| x.trim().parse::<i32>().ok();
                    match text.split_once(':').map(|(a, b)| (parse(a), parse(b))) {
                        Some((Some(a), Some(b))) if a != b => Some((a, b)),
                        _ => bail!("--malmquist takes two different years as Y0:Y1, e.g. 2015:2024 (got `{text}`)"),
                    }
                }
            };
            let pkg = chiiki_package::Package::open(&package).map_err(input::problems)?;
            let funding = pkg.funding().map_err(input::problems)?;
            let config = EfficiencyConfig {
                inputs,
                outputs,
                returns: match model {
                    ModelArg::Ccr => Returns::Constant,
                    ModelArg::Bcc => Returns::Variable,
                },
                orientation: match orientation {
                    OrientationArg::Input => Orientation::Input,
                    OrientationArg::Output => Orientation::Output,
                },
                unit: match unit {
                    UnitArg::Region => UnitLevel::Region,
                    UnitArg::Program => UnitLevel::Program,
                },
                years,
                malmquist,
            };
            let report = efficiency(&funding, config).map_err(|e| anyhow::anyhow!("{e}"))?;
            let title = package_title(&pkg);
            let text = match format {
                ListFormat::Text => chiiki_render::efficiency_text(&report, &title),
                ListFormat::Json => chiiki_render::efficiency_json(&report),
                ListFormat::Csv => chiiki_render::efficiency_csv(&report),
            };
            emit(out.as_deref(), &text)
        }
        Command::Serve { db, addr, data, secure_cookies } => {
            crate::serve::serve(&db, addr, data.as_deref(), secure_cookies)
        }
        Command::User { action } => crate::serve::user(action),
        Command::Generate { regions, orgs, projects, industries, years, last_year, seed, out } => {
            let config = chiiki_package::generate::GenerateConfig {
                regions,
                orgs,
                projects: projects.unwrap_or(orgs / 2),
                years,
                last_year,
                seed,
                industries,
            };
            generate(&config, &out)
        }
    }
}

fn chart(
    framework: &Framework,
    dataset: &Dataset,
    ids: &[String],
    format: ChartFormat,
    out: &OutArgs,
    lang: Lang,
) -> Result<()> {
    for id in ids {
        if dataset.region(id).is_none() {
            let known: Vec<&str> = dataset.regions.iter().map(|r| r.id.as_str()).collect();
            bail!("unknown region `{id}` (known: {})", known.join(", "));
        }
    }
    let regions: Vec<&str> = if ids.is_empty() {
        dataset.regions.iter().map(|r| r.id.as_str()).collect()
    } else {
        ids.iter().map(String::as_str).collect()
    };
    let views: Vec<ChartView> = regions
        .iter()
        .map(|id| ChartView::new(framework, &dataset.assess(framework, id).expect("checked above"), lang))
        .collect();

    if let Some(dir) = &out.out_dir {
        // Render everything first, then write: a failure leaves no partial set behind.
        let files: Vec<(std::path::PathBuf, String)> = views
            .iter()
            .map(|v| {
                (dir.join(format!("{}.{}", v.region_id, format.extension())), render(std::slice::from_ref(v), format))
            })
            .collect();
        std::fs::create_dir_all(dir).map_err(|e| anyhow::anyhow!("cannot create {}: {e}", dir.display()))?;
        for (path, content) in &files {
            write_atomic(path, content)?;
        }
        return Ok(());
    }
    if format == ChartFormat::Svg && views.len() != 1 {
        bail!("an SVG holds one chart: name one region, or use --out-dir DIR for one file per region");
    }
    emit(out.out.as_deref(), &render(&views, format))
}

fn render(views: &[ChartView], format: ChartFormat) -> String {
    let joined = |f: fn(&ChartView) -> String| views.iter().map(f).collect::<Vec<_>>().join("\n");
    match format {
        ChartFormat::Text => joined(chart_text),
        ChartFormat::Markdown => joined(chart_markdown),
        ChartFormat::Csv => chart_csv(views),
        ChartFormat::Json if views.len() == 1 => chart_json(&views[0]),
        ChartFormat::Json => charts_json(views),
        ChartFormat::Svg => chart_svg(&views[0]),
        ChartFormat::Html => chart_html(views),
    }
}

fn regions_listing(dataset: &Dataset, format: ListFormat, lang: Lang) -> String {
    let assessors = |id: &str| {
        let mut who: Vec<&str> = Vec::new();
        for a in dataset.assessments.iter().filter(|a| a.region_id == id) {
            if !who.contains(&a.assessor.as_str()) {
                who.push(&a.assessor);
            }
        }
        who
    };
    match format {
        ListFormat::Text => {
            let rows: Vec<[String; 4]> = dataset
                .regions
                .iter()
                .map(|r| {
                    [
                        r.id.clone(),
                        r.name(lang).to_string(),
                        r.kind.clone().unwrap_or_default(),
                        assessors(&r.id).join(", "),
                    ]
                })
                .collect();
            let heads = ["id", "name", "kind", "assessors"];
            let widths: Vec<usize> = (0..4)
                .map(|i| rows.iter().map(|r| unicode_width(&r[i])).chain([heads[i].len()]).max().unwrap_or(0))
                .collect();
            let line = |cells: &[&str]| {
                let s: Vec<String> = cells
                    .iter()
                    .zip(&widths)
                    .map(|(c, w)| format!("{c}{}", " ".repeat(w - unicode_width(c))))
                    .collect();
                format!("{}\n", s.join("  ").trim_end())
            };
            let mut out = line(&heads);
            for r in &rows {
                out.push_str(&line(&r.iter().map(String::as_str).collect::<Vec<_>>()));
            }
            out
        }
        ListFormat::Json => {
            let list: Vec<_> = dataset
                .regions
                .iter()
                .map(|r| {
                    json!({
                        "id": r.id, "name": r.name.en, "name_ja": r.name.ja, "kind": r.kind, "code": r.code,
                        "lat": r.position.map(|p| p.0), "lon": r.position.map(|p| p.1),
                        "population": r.population, "assessors": assessors(&r.id),
                    })
                })
                .collect();
            format!("{}\n", serde_json::to_string_pretty(&json!({ "regions": list })).expect("JSON"))
        }
        ListFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(["id", "name", "name_ja", "kind", "code", "lat", "lon", "assessors"]).expect("memory");
            for r in &dataset.regions {
                let (lat, lon) =
                    r.position.map_or((String::new(), String::new()), |p| (p.0.to_string(), p.1.to_string()));
                w.write_record([
                    r.id.as_str(),
                    &r.name.en,
                    &r.name.ja,
                    r.kind.as_deref().unwrap_or_default(),
                    r.code.as_deref().unwrap_or_default(),
                    &lat,
                    &lon,
                    &assessors(&r.id).join("; "),
                ])
                .expect("memory");
            }
            String::from_utf8(w.into_inner().expect("memory")).expect("UTF-8")
        }
    }
}

fn unicode_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

fn framework_listing(fw: &Framework, source: &str, format: FrameworkFormat, lang: Lang) -> String {
    match format {
        FrameworkFormat::Toml => source.to_string(),
        FrameworkFormat::Json => {
            let value = json!({
                "id": fw.id(),
                "name": {"en": fw.name().en, "ja": fw.name().ja},
                "scale": {
                    "max": fw.scale().max(),
                    "levels": fw.scale().levels().iter().map(|l| json!({
                        "value": l.value, "symbol": l.symbol, "name": {"en": l.label.en, "ja": l.label.ja},
                    })).collect::<Vec<_>>(),
                },
                "steps": fw.steps().iter().map(|s| json!({"id": s.id, "name": {"en": s.label.en, "ja": s.label.ja}})).collect::<Vec<_>>(),
                "bases": fw.bases().iter().map(|b| json!({
                    "id": b.id, "name": {"en": b.label.en, "ja": b.label.ja}, "conditions": b.conditions,
                })).collect::<Vec<_>>(),
                "conditions": fw.conditions().iter().map(|c| json!({
                    "id": c.id, "step": fw.step_of(c).id, "base": fw.base_of(c.id).map(|b| b.id),
                    "name": {"en": c.label.en, "ja": c.label.ja}, "about": {"en": c.about.en, "ja": c.about.ja},
                })).collect::<Vec<_>>(),
            });
            format!("{}\n", serde_json::to_string_pretty(&value).expect("JSON"))
        }
        FrameworkFormat::Text => {
            let mut out = format!("{} ({})\n", fw.name().get(lang), fw.id());
            for step in fw.steps() {
                out.push_str(&format!("\n{}\n", step.label.get(lang)));
                for c in fw.conditions().iter().filter(|c| fw.step_of(c).id == step.id) {
                    let base = fw.base_of(c.id).map(|b| format!("({})", b.id)).unwrap_or_default();
                    out.push_str(&format!("  {:>3} {:>2}  {}\n", base, c.id, c.label.get(lang)));
                }
            }
            if !fw.bases().is_empty() {
                out.push('\n');
                let heading = match lang {
                    Lang::En => "Formation bases",
                    Lang::Ja => "形成基盤",
                };
                out.push_str(&format!("{heading}\n"));
                for b in fw.bases() {
                    let members: Vec<String> = b.conditions.iter().map(u16::to_string).collect();
                    out.push_str(&format!("  ({}) {} — {}\n", b.id, b.label.get(lang), members.join(", ")));
                }
            }
            let marks: Vec<String> = fw
                .scale()
                .levels()
                .iter()
                .map(|l| {
                    format!(
                        "{} = {}{}",
                        l.value,
                        l.label.get(lang),
                        if l.symbol.is_empty() { String::new() } else { format!(" ({})", l.symbol) }
                    )
                })
                .collect();
            out.push_str(&format!("\n{}: {}\n", if lang == Lang::Ja { "評価" } else { "Marks" }, marks.join(", ")));
            out
        }
    }
}

fn package_title(pkg: &chiiki_package::Package) -> String {
    let name = pkg.title.clone().or_else(|| pkg.name.clone()).unwrap_or_else(|| pkg.dir.display().to_string());
    if pkg.synthetic { format!("{name} (synthetic data)") } else { name }
}

fn spinoffs(
    pkg: &chiiki_package::Package,
    network: &chiiki_package::Network,
    anchor: Option<&str>,
    region: Option<&str>,
    min_spinoffs: usize,
    format: SpinoffFormat,
) -> Result<String> {
    use chiiki_analysis::spinoffs::{SpinoffConfig, Spinoffs};
    if let Some(r) = region
        && !network.regions.iter().any(|x| x.id == r)
    {
        bail!("unknown region `{r}` in {}", pkg.dir.display());
    }
    if let Some(a) = anchor
        && !network.organizations.iter().any(|o| o.id == a)
    {
        bail!("unknown organisation `{a}` in {}", pkg.dir.display());
    }
    let config = SpinoffConfig { min_spinoffs, ..SpinoffConfig::default() };
    let window = config.window;
    let analysis = Spinoffs::new(network, config);
    let anchors = match region {
        Some(r) => analysis.anchors_in(r),
        None => analysis.anchors(),
    };
    let regions: Vec<String> = match region {
        Some(r) => vec![r.to_string()],
        None => network.regions.iter().map(|r| r.id.clone()).collect(),
    };
    // The tree shown in detail: the one asked for; for a drawing, else the largest shown.
    let detail_id = anchor
        .map(str::to_string)
        .or_else(|| (format == SpinoffFormat::Svg).then(|| anchors.first().map(|a| a.id.clone())).flatten());
    let detail = detail_id.as_deref().map(|id| {
        (
            analysis.tree_of(id).expect("checked"),
            analysis.lineage(id).expect("checked"),
            analysis.tree_nodes(id).expect("checked"),
        )
    });
    let title = package_title(pkg);
    let view = chiiki_render::SpinoffView {
        package: &title,
        window,
        min_spinoffs,
        anchors: &anchors,
        regions: &regions,
        tree: detail.as_ref().map(|(t, l, n)| (t, l.as_slice(), n.as_slice())),
    };
    Ok(match format {
        SpinoffFormat::Text => chiiki_render::spinoffs_text(&view),
        SpinoffFormat::Json => chiiki_render::spinoffs_json(&view),
        SpinoffFormat::Dot => match &detail {
            Some((_, _, nodes)) => chiiki_render::spinoffs_dot(std::slice::from_ref(nodes)),
            None => {
                let trees: Vec<_> = anchors.iter().map(|a| analysis.tree_nodes(&a.id).expect("an anchor")).collect();
                chiiki_render::spinoffs_dot(&trees)
            }
        },
        SpinoffFormat::Svg => match &detail {
            Some((tree, _, nodes)) => {
                chiiki_render::spinoff_tree_svg(&chiiki_render::tree_drawing(tree, nodes, window))
            }
            None => bail!("there is no spin-off tree to draw (no organisation has spun off another)"),
        },
    })
}

/// Generates into a temporary folder beside `out`, then renames it into place: an interrupted run
/// leaves nothing at `out`.
fn generate(config: &chiiki_package::generate::GenerateConfig, out: &std::path::Path) -> Result<()> {
    if out.exists() {
        bail!("{} already exists: name a new folder", out.display());
    }
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| anyhow::anyhow!("cannot create {}: {e}", parent.display()))?;
    let tmp = tempfile::Builder::new()
        .prefix(".chiiki-generate-")
        .tempdir_in(parent)
        .map_err(|e| anyhow::anyhow!("cannot write in {}: {e}", parent.display()))?;
    let expected = config.regions
        + config.orgs
        + config.orgs / 5
        + config.projects * 3
        + if config.industries > 0 {
            config.regions * config.industries * config.years as usize / 2
                + config.orgs
                + config.regions * config.years as usize * 8
        } else {
            0
        };
    let bar = crate::progress::bar(expected as u64, "writing");
    let made = chiiki_package::generate::generate(tmp.path(), config, &|rows| bar.set_position(rows))
        .map_err(|e| anyhow::anyhow!("cannot write the package: {e}"))?;
    bar.finish_and_clear();
    let path = tmp.keep();
    std::fs::rename(&path, out).map_err(|e| anyhow::anyhow!("cannot move the package to {}: {e}", out.display()))?;
    eprintln!(
        "wrote {}: {} regions, {} organisations, {} people, {} project participations, {} employment rows, {} patents, {} funding rows, {} migration rows, {} mention rows (synthetic)",
        out.display(),
        made.regions,
        made.organizations,
        made.people,
        made.collaborations,
        made.employment,
        made.patents,
        made.funding,
        made.migrations,
        made.mentions
    );
    Ok(())
}

/// Checks every table of a package. Text: one line per table, then `ok`; JSON: the tables and the
/// problems. Problems are refused input (exit status 1): in text they are the error message, in JSON
/// they are printed and the error message repeats them.
fn validate(path: &std::path::Path, format: ReportFormat) -> Result<()> {
    let (tables, problems) = match chiiki_package::Package::open(path) {
        Ok(pkg) => {
            let bar = crate::progress::bytes(pkg.validate_bytes(), "checking");
            let (validation, problems) = pkg.check_tables(&|n| bar.inc(n));
            bar.finish_and_clear();
            (validation.tables, problems)
        }
        Err(e) => (Vec::new(), e.0),
    };
    if format == ReportFormat::Json {
        let tables: Vec<_> = tables
            .iter()
            .map(|t| json!({"name": t.name, "file": t.file, "rows": t.rows, "checked": t.check.as_str()}))
            .collect();
        let listed: Vec<_> = problems
            .iter()
            .map(|e| json!({"file": e.file, "line": e.line, "field": e.field, "message": e.message}))
            .collect();
        emit(
            None,
            &format!(
                "{}\n",
                serde_json::to_string_pretty(&json!({"tables": tables, "problems": listed})).expect("JSON")
            ),
        )?;
    }
    if !problems.is_empty() {
        return Err(input::problems(chiiki_package::InputErrors(problems)));
    }
    if format == ReportFormat::Text {
        let status = |t: &chiiki_package::TableCheck| match (t.check, t.rows) {
            (chiiki_package::Check::Rows, Some(1)) => "1 row".to_string(),
            (chiiki_package::Check::Rows, Some(n)) => format!("{n} rows"),
            (check, _) => check.describe().to_string(),
        };
        let name_width = tables.iter().map(|t| unicode_width(&t.name)).max().unwrap_or(0);
        let path_width = tables.iter().map(|t| unicode_width(&t.path)).max().unwrap_or(0);
        let mut out = String::new();
        for t in &tables {
            let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w - unicode_width(s)));
            out.push_str(&format!("{}  {}  {}\n", pad(&t.name, name_width), pad(&t.path, path_width), status(t)));
        }
        out.push_str("ok\n");
        emit(None, &out)?;
    }
    Ok(())
}

#[cfg(feature = "evidence")]
fn indicators(framework: &Framework, format: ListFormat, lang: Lang) -> Result<()> {
    emit(None, &crate::evidence::indicators(framework, format, lang))
}

#[cfg(feature = "evidence")]
fn evidence(
    package: &std::path::Path,
    measure: &MeasureArgs,
    framework: &Framework,
    format: ListFormat,
    out: Option<&std::path::Path>,
    lang: Lang,
) -> Result<()> {
    let cuts = crate::evidence::cuts(&measure.cuts, framework)?;
    crate::allocator::tune_for_passes();
    let (pkg, engine) = crate::evidence::open_checked(package)?;
    let ev = crate::evidence::measure(&pkg, &engine, measure.year, measure.peers.as_deref(), &cuts)?;
    let names: Vec<(String, String)> = pkg
        .regions()
        .map_err(input::problems)?
        .into_iter()
        .map(|r| (r.id.clone(), r.name.get(lang).to_string()))
        .collect();
    emit(out, &crate::evidence::evidence_text(&ev, framework, &names, format, lang))?;
    // The process ends with the command: its tables in memory are left to the kernel to reclaim at
    // once rather than freed block by block (a tenth of a second on large packages).
    std::mem::forget(engine);
    Ok(())
}

#[cfg(feature = "evidence")]
fn convert(package: &std::path::Path, out: &std::path::Path, tables: &[String]) -> Result<()> {
    crate::evidence::convert(package, out, tables)
}

#[cfg(feature = "evidence")]
fn lq(
    package: &std::path::Path,
    year: Option<i32>,
    reference: Option<String>,
    total: Option<String>,
    format: ListFormat,
    out: Option<&std::path::Path>,
) -> Result<()> {
    crate::allocator::tune_for_passes();
    let (pkg, engine) = crate::evidence::open_checked(package)?;
    emit(out, &crate::evidence::lq(&engine, &pkg, year, reference, total, format)?)
}

#[cfg(feature = "evidence")]
fn measured_side_by_side(
    framework: &Framework,
    assessed: &[RegionAssessment],
    package: &std::path::Path,
    measure: &MeasureArgs,
    threshold: u8,
    format: ReportFormat,
    lang: Lang,
) -> Result<String> {
    let cuts = crate::evidence::cuts(&measure.cuts, framework)?;
    crate::allocator::tune_for_passes();
    let (pkg, engine) = crate::evidence::open_checked(package)?;
    let ev = crate::evidence::measure(&pkg, &engine, measure.year, measure.peers.as_deref(), &cuts)?;
    crate::evidence::side_by_side(framework, assessed, &ev, threshold, format, lang)
}

#[cfg(not(feature = "evidence"))]
const NO_ENGINE: &str = "this chiiki was built without the evidence engine (cargo feature `evidence`, on by default)";

#[cfg(not(feature = "evidence"))]
fn indicators(_: &Framework, _: ListFormat, _: Lang) -> Result<()> {
    bail!(NO_ENGINE)
}

#[cfg(not(feature = "evidence"))]
fn evidence(
    _: &std::path::Path,
    _: &MeasureArgs,
    _: &Framework,
    _: ListFormat,
    _: Option<&std::path::Path>,
    _: Lang,
) -> Result<()> {
    bail!(NO_ENGINE)
}

#[cfg(not(feature = "evidence"))]
fn convert(_: &std::path::Path, _: &std::path::Path, _: &[String]) -> Result<()> {
    bail!(NO_ENGINE)
}

#[cfg(not(feature = "evidence"))]
fn lq(
    _: &std::path::Path,
    _: Option<i32>,
    _: Option<String>,
    _: Option<String>,
    _: ListFormat,
    _: Option<&std::path::Path>,
) -> Result<()> {
    bail!(NO_ENGINE)
}

#[cfg(not(feature = "evidence"))]
fn measured_side_by_side(
    _: &Framework,
    _: &[RegionAssessment],
    _: &std::path::Path,
    _: &MeasureArgs,
    _: u8,
    _: ReportFormat,
    _: Lang,
) -> Result<String> {
    bail!(NO_ENGINE)
}
