//! Life-cycle phases as text, JSON and an SVG of each region's path over time.
//!
//! JSON (a contract, documented in `docs/formats.md`): `{ "regions": [ { "id", "name", "industry",
//! "current", "path": [ { "year", "phase", "employment", "growth", "scale", "from_peak", "entries",
//! "patents" } ], "crises": [ { "start", "end", "drop" } ] } ] }`.

use chiiki_analysis::phases::RegionPhases;
use chiiki_methods::phases::Phase;
use serde::Serialize;

use crate::chart_svg::escape;

#[derive(Serialize)]
struct YearOut {
    year: i32,
    phase: &'static str,
    employment: f64,
    growth: Option<f64>,
    scale: f64,
    from_peak: f64,
    entries: Option<f64>,
    patents: Option<f64>,
}

#[derive(Serialize)]
struct CrisisOut {
    start: i32,
    end: i32,
    drop: f64,
}

#[derive(Serialize)]
struct RegionOut<'a> {
    id: &'a str,
    name: &'a str,
    industry: Option<&'a str>,
    current: Option<&'static str>,
    path: Vec<YearOut>,
    crises: Vec<CrisisOut>,
}

#[derive(Serialize)]
struct Report<'a> {
    regions: Vec<RegionOut<'a>>,
}

/// The phases as pretty-printed JSON.
pub fn phases_json(regions: &[RegionPhases]) -> String {
    let report = Report {
        regions: regions
            .iter()
            .map(|r| RegionOut {
                id: &r.id,
                name: &r.name,
                industry: r.industry.as_deref(),
                current: r.current().map(Phase::as_str),
                path: r
                    .path
                    .iter()
                    .map(|p| YearOut {
                        year: p.year,
                        phase: p.phase.as_str(),
                        employment: p.size,
                        growth: p.growth,
                        scale: p.scale,
                        from_peak: p.from_peak,
                        entries: p.entries,
                        patents: p.patents,
                    })
                    .collect(),
                crises: r.crises.iter().map(|c| CrisisOut { start: c.start, end: c.end, drop: c.drop }).collect(),
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&report).expect("the report serialises");
    s.push('\n');
    s
}

/// The path as runs of years in one phase: `1990–1994 germinal, 1995–2001 growth, …`.
fn runs(r: &RegionPhases) -> Vec<(i32, i32, Phase)> {
    let mut out: Vec<(i32, i32, Phase)> = Vec::new();
    for p in &r.path {
        match out.last_mut() {
            Some(last) if last.2 == p.phase => last.1 = p.year,
            _ => out.push((p.year, p.year, p.phase)),
        }
    }
    out
}

/// The phases as text: one region per paragraph, its path as runs of years, its sharp drops.
pub fn phases_text(regions: &[RegionPhases], title: &str) -> String {
    let mut out = format!("Life-cycle phases — {title}\n");
    out.push_str("Phases from employment: growth over 3 years, size against the series' peak (see the guide).\n\n");
    if regions.is_empty() {
        out.push_str("No region has employment in the package.\n");
    }
    for r in regions {
        let what = r.industry.as_ref().map_or(String::new(), |i| format!(", industry {i}"));
        out.push_str(&format!("{} ({}{what}): now {}\n", r.name, r.id, r.current().map_or("—", Phase::as_str)));
        let path: Vec<String> = runs(r)
            .iter()
            .map(|(a, b, p)| if a == b { format!("{a} {}", p.as_str()) } else { format!("{a}–{b} {}", p.as_str()) })
            .collect();
        out.push_str(&format!("  path: {}\n", path.join(", ")));
        if let (Some(first), Some(last)) = (r.path.first(), r.path.last()) {
            out.push_str(&format!(
                "  employment {} ({}) → {} ({}); growth now {}; {:.0} % below its peak\n",
                first.size,
                first.year,
                last.size,
                last.year,
                last.growth.map_or("—".to_string(), |g| format!("{:+.1} %/yr", g * 100.0)),
                last.from_peak * 100.0
            ));
            let entries: f64 = r.path.iter().filter_map(|p| p.entries).sum();
            let patents: f64 = r.path.iter().filter_map(|p| p.patents).sum();
            if r.path.iter().any(|p| p.entries.is_some() || p.patents.is_some()) {
                out.push_str(&format!("  start-ups founded: {entries}; patents: {patents}\n"));
            }
        }
        for c in &r.crises {
            out.push_str(&format!("  sharp drop {}–{}: −{:.1} %\n", c.start, c.end, c.drop * 100.0));
        }
        out.push('\n');
    }
    out
}

fn phase_colour(p: Phase) -> &'static str {
    match p {
        Phase::Germinal => "#dde5d0",
        Phase::Exploratory => "#c9dfe8",
        Phase::Growth => "#bfe3c0",
        Phase::Maturity => "#e9e1c4",
        Phase::Decline => "#f1cccc",
        Phase::Renewal => "#d9cdea",
    }
}

/// The paths as an SVG: for each region (up to 12, in the given order) its employment over the years
/// on bands coloured by phase, sharp drops marked.
pub fn phases_svg(regions: &[RegionPhases], title: &str) -> String {
    const PANEL_H: f64 = 190.0;
    let shown = &regions[..regions.len().min(12)];
    let cols = if shown.len() <= 1 { 1 } else { 2 };
    // One region gets the full width; several share it two by two.
    let panel_w: f64 = if cols == 1 { 870.0 } else { 420.0 };
    let rows = shown.len().div_ceil(cols).max(1);
    let width = 40.0 + cols as f64 * (panel_w + 30.0);
    let top = 126.0;
    let height = top + rows as f64 * (PANEL_H + 52.0) + 20.0;
    let font = "'Noto Sans', 'Noto Sans CJK JP', 'IPAexGothic', sans-serif";
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" font-family=\"{font}\" data-regions=\"{}\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n",
        shown.len()
    );
    s.push_str(&format!(
        "<text x=\"24\" y=\"32\" font-size=\"18\" font-weight=\"700\" fill=\"#1a1a1a\">{}</text>\n",
        "Life-cycle phases"
    ));
    s.push_str(&format!("<text x=\"24\" y=\"52\" font-size=\"12\" fill=\"#555\">{}</text>\n", escape(title)));
    // Legend.
    let mut x = 24.0;
    for p in [Phase::Germinal, Phase::Exploratory, Phase::Growth, Phase::Maturity, Phase::Decline, Phase::Renewal] {
        s.push_str(&format!(
            "<rect x=\"{x}\" y=\"68\" width=\"14\" height=\"14\" fill=\"{}\" stroke=\"#999\" stroke-width=\"0.5\"/><text x=\"{}\" y=\"80\" font-size=\"12\" fill=\"#333\">{}</text>\n",
            phase_colour(p),
            x + 19.0,
            p.as_str()
        ));
        x += 30.0 + 7.2 * p.as_str().len() as f64;
    }
    s.push_str(&format!(
        "<line x1=\"{x}\" y1=\"75\" x2=\"{}\" y2=\"75\" stroke=\"#b22\" stroke-width=\"2\" stroke-dasharray=\"4 2\"/><text x=\"{}\" y=\"80\" font-size=\"12\" fill=\"#333\">sharp drop</text>\n",
        x + 22.0,
        x + 28.0
    ));
    s.push_str("<text x=\"24\" y=\"100\" font-size=\"11\" fill=\"#555\">Line: employment; bands: the phase called for each year.</text>\n");

    for (k, r) in shown.iter().enumerate() {
        let ox = 40.0 + (k % cols) as f64 * (panel_w + 30.0);
        let oy = top + (k / cols) as f64 * (PANEL_H + 52.0);
        let n = r.path.len();
        let max = r.path.iter().map(|p| p.size).fold(0.0_f64, f64::max).max(1.0);
        let step = if n > 1 { panel_w / (n - 1) as f64 } else { panel_w };
        let px = |i: usize| ox + i as f64 * step;
        let py = |v: f64| oy + PANEL_H - v / max * (PANEL_H - 10.0);
        let label = r.industry.as_ref().map_or(r.name.clone(), |i| format!("{} — {i}", r.name));
        s.push_str(&format!("<g class=\"region\" data-id=\"{}\">\n", escape(&r.id)));
        s.push_str(&format!(
            "<text x=\"{ox}\" y=\"{}\" font-size=\"13\" font-weight=\"700\" fill=\"#1a1a1a\">{}</text>\n",
            oy - 8.0,
            escape(&label)
        ));
        for (i, p) in r.path.iter().enumerate() {
            let x0 = if i == 0 { ox } else { px(i) - step / 2.0 };
            let x1 = if i + 1 == n { ox + panel_w } else { px(i) + step / 2.0 };
            s.push_str(&format!(
                "<rect class=\"year\" data-year=\"{}\" data-phase=\"{}\" shape-rendering=\"crispEdges\" x=\"{x0:.1}\" y=\"{oy}\" width=\"{:.1}\" height=\"{PANEL_H}\" fill=\"{}\"/>\n",
                p.year,
                p.phase.as_str(),
                (x1 - x0).max(0.5),
                phase_colour(p.phase)
            ));
        }
        for c in &r.crises {
            let i0 = r.path.iter().position(|p| p.year == c.start).unwrap_or(0);
            let i1 = r.path.iter().position(|p| p.year == c.end).unwrap_or(i0);
            s.push_str(&format!(
                "<line class=\"crisis\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#b22\" stroke-width=\"2\" stroke-dasharray=\"4 2\"/>\n",
                px(i0),
                py(r.path[i0].size) - 6.0,
                px(i1),
                py(r.path[i1].size) - 6.0
            ));
        }
        let points: Vec<String> =
            r.path.iter().enumerate().map(|(i, p)| format!("{:.1},{:.1}", px(i), py(p.size))).collect();
        s.push_str(&format!(
            "<polyline points=\"{}\" fill=\"none\" stroke=\"#1a1a1a\" stroke-width=\"1.8\"/>\n",
            points.join(" ")
        ));
        s.push_str(&format!(
            "<rect x=\"{ox}\" y=\"{oy}\" width=\"{panel_w}\" height=\"{PANEL_H}\" fill=\"none\" stroke=\"#888\" stroke-width=\"0.8\"/>\n"
        ));
        // Axis labels: first and last year, the peak.
        if let (Some(first), Some(last)) = (r.path.first(), r.path.last()) {
            s.push_str(&format!(
                "<text x=\"{ox}\" y=\"{:.1}\" font-size=\"11\" fill=\"#555\">{}</text><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"#555\" text-anchor=\"end\">{}</text>\n",
                oy + PANEL_H + 14.0,
                first.year,
                ox + panel_w,
                oy + PANEL_H + 14.0,
                last.year
            ));
        }
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#555\" text-anchor=\"end\">peak {max:.0}</text>\n",
            ox + panel_w - 4.0,
            oy + 12.0
        ));
        s.push_str("</g>\n");
    }
    s.push_str("</svg>\n");
    s
}
