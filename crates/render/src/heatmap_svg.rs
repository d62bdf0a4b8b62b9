//! The overview heat map of many regions' charts as an SVG figure.
//!
//! One column per region, one row per condition (grouped by step, as in the chart). Each cell holds
//! two small squares side by side: the strength at formation on the left, on a warm ramp, and the
//! proposal for the near future on the right, on a cool ramp; both go from almost white (no mark)
//! to dark (the scale's top mark), with the mark drawn in the square: its symbol when every mark
//! has one that fits, else its number (the study's `***` does not fit: numbers 1–3, the legend
//! pairs them with the symbols); no mark leaves the square empty. The region headers are set
//! vertically so that the figure stays narrow with many regions: Latin text turned to read upwards,
//! Japanese text in vertical writing; the region's name and, beside it, its formation base (and
//! the bases tied with it). A legend of both ramps is at the bottom. Names too long for their room
//! are cut with "…"; every cell has a `<title>` with the full names, which browsers show as a
//! tooltip.
//!
//! Tests and other tools can rely on this structure: the root `<svg>` has `data-kind="heatmap"`;
//! each region header is a `<text class="region" data-region="ID">` (the region's name, possibly
//! cut); each cell is a `<g class="cell" data-region="ID" data-condition="N">` holding
//! `<rect class="strength" data-region="ID" data-condition="N" data-mark="V">` and likewise
//! `<rect class="proposal" …>`.

use std::fmt::Write as _;

use crate::chart_svg::{escape, labelled};
use crate::i18n::{Text, text};
use crate::tree_svg::{FONT_FAMILY, INK, INK_SOFT, fit, num, text_width};
use crate::view::{ChartRow, ChartView, MarkCell};

/// The margin around the figure.
const MARGIN: f64 = 24.0;
/// Title and subtitle sizes.
const TITLE_SIZE: f64 = 18.0;
const SUBTITLE_SIZE: f64 = 11.5;
/// Condition names and step names.
const BODY_SIZE: f64 = 11.5;
/// Region names in the headers.
const REGION_SIZE: f64 = 11.5;
/// Formation bases in the headers.
const BASE_SIZE: f64 = 10.0;
/// Column headings and the legend.
const SMALL_SIZE: f64 = 10.5;
/// The marks drawn in the squares.
const MARK_SIZE: f64 = 9.5;

/// A mark's square, the gap between the two squares of a cell, a region column's width.
const SQUARE: f64 = 17.0;
const SQUARE_GAP: f64 = 3.0;
const COLUMN_W: f64 = 50.0;
/// A condition row's height.
const ROW_H: f64 = 23.0;
/// Horizontal padding of the label columns.
const PAD_X: f64 = 8.0;
/// The longest condition name and region header drawn before cutting.
const MAX_NAME_W: f64 = 400.0;
const MAX_HEADER_W: f64 = 210.0;

const RULE: &str = "#7d848c";
const RULE_LIGHT: &str = "#d5d9de";
const FILL_BAND: &str = "#f6f7f9";
const FILL_STEP_CELL: &str = "#e6e9ed";

/// The strength ramp (ColorBrewer Oranges), light to dark.
const WARM: [u32; 9] = [0xfff5eb, 0xfee6ce, 0xfdd0a2, 0xfdae6b, 0xfd8d3c, 0xf16913, 0xd94801, 0xa63603, 0x7f2704];
/// The proposal ramp (ColorBrewer Blues), light to dark.
const COOL: [u32; 9] = [0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x08519c, 0x08306b];

/// Which of a cell's two marks.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Strength,
    Proposal,
}

impl Kind {
    fn class(self) -> &'static str {
        match self {
            Kind::Strength => "strength",
            Kind::Proposal => "proposal",
        }
    }

    fn ramp(self) -> &'static [u32; 9] {
        match self {
            Kind::Strength => &WARM,
            Kind::Proposal => &COOL,
        }
    }
}

/// `(r, g, b)` of `0xrrggbb`.
fn rgb(c: u32) -> [f64; 3] {
    [(c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff].map(f64::from)
}

/// The fill of mark `value` on a scale up to `max`: the ramp interpolated, `0` its lightest end,
/// `max` its darkest.
fn fill(kind: Kind, value: u8, max: u8) -> String {
    let ramp = kind.ramp();
    let t = if max == 0 { 0.0 } else { f64::from(value.min(max)) / f64::from(max) };
    let pos = t * (ramp.len() - 1) as f64;
    let i = (pos.floor() as usize).min(ramp.len() - 2);
    let f = pos - i as f64;
    let (a, b) = (rgb(ramp[i]), rgb(ramp[i + 1]));
    let c: Vec<u8> = (0..3).map(|k| (a[k] + (b[k] - a[k]) * f).round() as u8).collect();
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// The relative luminance (WCAG) of `#rrggbb`.
fn luminance(colour: &str) -> f64 {
    let c = u32::from_str_radix(colour.trim_start_matches('#'), 16).unwrap_or(0);
    let lin = |v: f64| {
        let v = v / 255.0;
        if v <= 0.04045 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
    };
    let [r, g, b] = rgb(c).map(lin);
    0.2126 * r + 0.7152 * g + 0.0722 * b
}

/// The heat map of many regions' charts as a standalone SVG document (see the module's
/// documentation for its layout and structure). The views should share a framework and a
/// language; the rows are the first view's.
///
/// ```
/// use chiiki_diagnosis::Dataset;
/// use chiiki_framework::{Framework, Lang};
/// use chiiki_render::{ChartView, heatmap_svg};
///
/// let fw = Framework::study();
/// let views: Vec<ChartView> = Dataset::study(&fw).unwrap().assess_all(&fw).iter()
///     .map(|a| ChartView::new(&fw, a, Lang::En))
///     .collect();
/// let svg = heatmap_svg(&views);
/// assert!(svg.contains(r#"data-kind="heatmap""#));
/// assert!(svg.contains(r#"<rect class="strength" data-region="kobe" data-condition="6" data-mark="3""#));
/// ```
pub fn heatmap_svg(views: &[ChartView]) -> String {
    Heatmap::new(views).render()
}

/// The heat map's data as CSV in long format: one line per region and condition, with the columns
/// `region_id, region_name, condition, strength, proposal` (marks as numbers, 0 = none) and a
/// header line. [`crate::chart_csv`] has these and more (step, base group, keywords).
pub fn heatmap_csv(views: &[ChartView]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["region_id", "region_name", "condition", "strength", "proposal"]).expect("writing to memory");
    for view in views {
        for row in &view.rows {
            w.write_record([
                view.region_id.as_str(),
                view.region_name.as_str(),
                &row.id.to_string(),
                &row.strength.value.to_string(),
                &row.proposal.value.to_string(),
            ])
            .expect("writing to memory");
        }
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("CSV of UTF-8 input is UTF-8")
}

/// A region's header: its name and its formation base, both cut to fit, and their lengths.
struct Header {
    name: String,
    base: String,
    base_id: String,
    length: f64,
}

/// How the region headers are set: Latin text turned a quarter anticlockwise, reading upwards;
/// Japanese text in vertical writing (upright characters, lines from right to left).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Orientation {
    Turned,
    Vertical,
}

impl Orientation {
    /// The estimated length of `s` at `size` (in vertical writing every character about 1 em).
    fn length(self, s: &str, size: f64, bold: bool) -> f64 {
        match self {
            Orientation::Turned => text_width(s, size, bold),
            Orientation::Vertical => s.chars().count() as f64 * size,
        }
    }

    /// `s`, cut with "…" to be at most `max` long at `size`.
    fn fit(self, s: &str, max: f64, size: f64, bold: bool) -> String {
        match self {
            Orientation::Turned => fit(s, max, size, bold).0,
            Orientation::Vertical if self.length(s, size, bold) <= max => s.to_string(),
            Orientation::Vertical => {
                let keep = ((max / size).floor() as usize).saturating_sub(1);
                let mut cut: String = s.chars().take(keep).collect();
                cut.truncate(cut.trim_end().len());
                cut.push('…');
                cut
            }
        }
    }
}

/// The whole figure, laid out.
struct Heatmap<'a> {
    views: &'a [ChartView],
    lang: chiiki_framework::Lang,
    rows: &'a [ChartRow],
    scale_max: u8,
    /// The symbol of each mark, from the cells (empty when no cell has the mark).
    symbols: Vec<String>,
    /// Whether the squares show the marks' symbols (every mark has one and all fit) rather than
    /// their numbers.
    show_symbols: bool,
    orientation: Orientation,
    headers: Vec<Header>,
    /// Left edges of the step, number and name columns and of the first region column.
    step_x: f64,
    no_x: f64,
    name_x: f64,
    grid_x: f64,
    names: Vec<(String, bool)>,
    title_y: f64,
    subtitle_y: f64,
    grid_top: f64,
    grid_bottom: f64,
    legend_y: f64,
    width: f64,
    height: f64,
}

impl<'a> Heatmap<'a> {
    fn new(views: &'a [ChartView]) -> Heatmap<'a> {
        let lang = views.first().map_or(chiiki_framework::Lang::En, |v| v.lang);
        let rows: &[ChartRow] = views.first().map_or(&[], |v| &v.rows);
        let scale_max = views.iter().map(|v| v.scale_max).max().unwrap_or(3);
        let mut symbols = vec![String::new(); usize::from(scale_max) + 1];
        for cell in views.iter().flat_map(|v| &v.rows).flat_map(|r| [&r.strength, &r.proposal]) {
            if let Some(s) = symbols.get_mut(usize::from(cell.value)) {
                s.clone_from(&cell.symbol);
            }
        }

        let show_symbols = symbols
            .iter()
            .enumerate()
            .all(|(v, s)| (v == 0 || !s.is_empty()) && text_width(s, MARK_SIZE, true) <= SQUARE - 3.0);

        let orientation = match lang {
            chiiki_framework::Lang::Ja => Orientation::Vertical,
            chiiki_framework::Lang::En => Orientation::Turned,
        };
        let headers: Vec<Header> = views
            .iter()
            .map(|v| {
                let name = orientation.fit(&v.region_name, MAX_HEADER_W, REGION_SIZE, true);
                let bases: Vec<String> =
                    v.base.iter().chain(&v.tied_with).map(|(id, name)| format!("({id}) {name}")).collect();
                let caption = if bases.is_empty() { text(Text::NoBase, lang).to_string() } else { bases.join(", ") };
                let base = orientation.fit(&caption, MAX_HEADER_W, BASE_SIZE, false);
                let base_id = v.base.as_ref().map(|(id, _)| id.to_string()).unwrap_or_default();
                let length =
                    orientation.length(&name, REGION_SIZE, true).max(orientation.length(&base, BASE_SIZE, false));
                Header { name, base, base_id, length }
            })
            .collect();

        let step_w = rows
            .iter()
            .map(|r| text_width(&r.step, BODY_SIZE, true))
            .chain([text_width(text(Text::Step, lang), SMALL_SIZE, true)])
            .fold(0.0, f64::max)
            + 2.0 * PAD_X;
        let no_w = 30.0;
        let names: Vec<(String, bool)> = rows.iter().map(|r| fit(&r.name, MAX_NAME_W, BODY_SIZE, false)).collect();
        let name_w = names
            .iter()
            .map(|(n, _)| text_width(n, BODY_SIZE, false))
            .chain([text_width(text(Text::Condition, lang), SMALL_SIZE, true)])
            .fold(0.0, f64::max)
            + 2.0 * PAD_X;
        let step_x = MARGIN;
        let no_x = step_x + step_w;
        let name_x = no_x + no_w;
        let grid_x = name_x + name_w;
        let grid_w = COLUMN_W * views.len() as f64;

        let title_y = MARGIN + TITLE_SIZE * 0.8;
        let subtitle_y = title_y + 22.0;
        let header_h = headers.iter().map(|h| h.length).fold(2.0 * SMALL_SIZE, f64::max) + 16.0;
        let grid_top = subtitle_y + 14.0 + header_h;
        let grid_bottom = grid_top + ROW_H * rows.len().max(1) as f64;
        let legend_y = grid_bottom + 26.0;
        let height = (legend_y + 2.0 * LEGEND_ROW + MARGIN).ceil();

        let title_w = text_width(text(Text::HeatmapTitle, lang), TITLE_SIZE, true);
        let subtitle_w = text_width(text(Text::HeatmapNote, lang), SUBTITLE_SIZE, false);
        let content_w = (grid_x - MARGIN + grid_w).max(title_w).max(subtitle_w).max(legend_width(lang, scale_max));
        let width = (content_w + 2.0 * MARGIN).ceil();

        Heatmap {
            views,
            lang,
            rows,
            scale_max,
            symbols,
            show_symbols,
            orientation,
            headers,
            step_x,
            no_x,
            name_x,
            grid_x,
            names,
            title_y,
            subtitle_y,
            grid_top,
            grid_bottom,
            legend_y,
            width,
            height,
        }
    }

    /// The right edge of the grid.
    fn grid_right(&self) -> f64 {
        self.grid_x + COLUMN_W * self.views.len() as f64
    }

    fn render(&self) -> String {
        let lang = self.lang;
        let mut out = String::new();
        let title = text(Text::HeatmapTitle, lang);
        let _ = write!(
            out,
            concat!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" "#,
                r#"data-kind="heatmap" data-regions="{n}" xml:lang="{lang}" font-family="{font}" "#,
                r#"font-size="{size}" fill="{ink}">"#,
                "\n<title>{title}</title>\n"
            ),
            w = self.width,
            h = self.height,
            n = self.views.len(),
            lang = lang.code(),
            font = FONT_FAMILY,
            size = BODY_SIZE,
            ink = INK,
            title = escape(title),
        );
        rect(&mut out, "background", 0.0, 0.0, self.width, self.height, "#ffffff", "");
        let _ = writeln!(
            out,
            r#"<text class="title" x="{}" y="{}" font-size="{TITLE_SIZE}" font-weight="700">{}</text>"#,
            num(MARGIN),
            num(self.title_y),
            escape(title)
        );
        let _ = writeln!(
            out,
            r#"<text class="subtitle" x="{}" y="{}" font-size="{SUBTITLE_SIZE}" fill="{INK_SOFT}">{}</text>"#,
            num(MARGIN),
            num(self.subtitle_y),
            escape(text(Text::HeatmapNote, lang))
        );
        if self.views.is_empty() {
            let _ = writeln!(
                out,
                r#"<text class="empty" x="{}" y="{}" fill="{INK_SOFT}">{}</text>"#,
                num(MARGIN),
                num(self.grid_top + ROW_H * 0.65),
                escape(text(Text::NoAssessments, lang))
            );
        } else {
            self.render_bands(&mut out);
            self.render_headers(&mut out);
            self.render_labels(&mut out);
            self.render_cells(&mut out);
            self.render_rules(&mut out);
        }
        self.render_legend(&mut out);
        out.push_str("</svg>\n");
        out
    }

    /// The rows `from..from + span` as a vertical extent.
    fn extent(&self, from: usize, span: usize) -> (f64, f64) {
        (self.grid_top + ROW_H * from as f64, self.grid_top + ROW_H * (from + span) as f64)
    }

    /// The baseline that centres a line of text of `size` in the row from `top`.
    fn baseline(top: f64, height: f64, size: f64) -> f64 {
        top + height / 2.0 + 0.36 * size
    }

    fn render_bands(&self, out: &mut String) {
        let view = &self.views[0];
        let mut band = 0;
        for i in 0..self.rows.len() {
            if view.starts_step(i) {
                let (top, bottom) = self.extent(i, view.step_span(i));
                if band % 2 == 0 {
                    rect(out, "band", self.step_x, top, self.grid_right() - self.step_x, bottom - top, FILL_BAND, "");
                }
                rect(out, "step-cell", self.step_x, top, self.no_x - self.step_x, bottom - top, FILL_STEP_CELL, "");
                band += 1;
            }
        }
    }

    /// The column headings of the label columns and, set vertically, each region's name and
    /// formation base.
    fn render_headers(&self, out: &mut String) {
        let y = self.grid_top - 7.0;
        let heading = |out: &mut String, x: f64, anchor: &str, s: &str| {
            let _ = writeln!(
                out,
                r#"<text class="heading" x="{}" y="{}" text-anchor="{anchor}" font-size="{SMALL_SIZE}" font-weight="700" fill="{INK_SOFT}">{}</text>"#,
                num(x),
                num(y),
                escape(s)
            );
        };
        heading(out, (self.step_x + self.no_x) / 2.0, "middle", text(Text::Step, self.lang));
        heading(out, (self.no_x + self.name_x) / 2.0, "middle", "No.");
        heading(out, self.name_x + PAD_X, "start", text(Text::Condition, self.lang));

        out.push_str("<g class=\"headers\">\n");
        for (i, (view, header)) in self.views.iter().zip(&self.headers).enumerate() {
            let centre = self.grid_x + COLUMN_W * (i as f64 + 0.5);
            let region = escape(&view.region_id);
            // Turned a quarter anticlockwise, a line's glyphs lie left of its baseline and the next
            // line is to the right; in vertical writing a line is centred on its x, the next line to
            // the left.
            let (name_x, base_x, setting) = match self.orientation {
                Orientation::Turned => (centre - 2.0, centre + 10.0, "transform=\"rotate(-90 {x} {y})\""),
                Orientation::Vertical => {
                    (centre + 5.5, centre - 7.0, "writing-mode=\"vertical-rl\" text-anchor=\"end\"")
                }
            };
            let setting = |x: f64| setting.replace("{x}", &num(x)).replace("{y}", &num(y));
            let _ = writeln!(
                out,
                r#"<text class="region" data-region="{region}" x="{}" y="{}" {} font-size="{REGION_SIZE}" font-weight="700">{}</text>"#,
                num(name_x),
                num(y),
                setting(name_x),
                escape(&header.name),
            );
            let _ = writeln!(
                out,
                r#"<text class="region-base" data-region="{region}" data-base="{}" x="{}" y="{}" {} font-size="{BASE_SIZE}" fill="{INK_SOFT}">{}</text>"#,
                header.base_id,
                num(base_x),
                num(y),
                setting(base_x),
                escape(&header.base),
            );
        }
        out.push_str("</g>\n");
    }

    /// The step names (spanning their rows), the conditions' numbers and names.
    fn render_labels(&self, out: &mut String) {
        let view = &self.views[0];
        for (i, row) in self.rows.iter().enumerate() {
            if view.starts_step(i) {
                let (top, bottom) = self.extent(i, view.step_span(i));
                let _ = writeln!(
                    out,
                    r#"<text class="step" x="{}" y="{}" text-anchor="middle" font-weight="700">{}</text>"#,
                    num((self.step_x + self.no_x) / 2.0),
                    num(Self::baseline(top, bottom - top, BODY_SIZE)),
                    escape(&row.step)
                );
            }
            let (top, _) = self.extent(i, 1);
            let y = num(Self::baseline(top, ROW_H, BODY_SIZE));
            let (name, cut) = &self.names[i];
            let _ = write!(
                out,
                r#"<text class="no" x="{}" y="{y}" text-anchor="middle">{}</text>"#,
                num((self.no_x + self.name_x) / 2.0),
                row.id
            );
            let _ = write!(
                out,
                r#"<text class="condition" data-condition="{}" x="{}" y="{y}">{}"#,
                row.id,
                num(self.name_x + PAD_X),
                escape(name)
            );
            if *cut {
                let _ = write!(out, "<title>{}</title>", escape(&row.name));
            }
            out.push_str("</text>\n");
        }
    }

    fn render_cells(&self, out: &mut String) {
        out.push_str("<g class=\"cells\">\n");
        for (c, view) in self.views.iter().enumerate() {
            let left = self.grid_x + COLUMN_W * c as f64 + (COLUMN_W - 2.0 * SQUARE - SQUARE_GAP) / 2.0;
            let region = escape(&view.region_id);
            for (i, label) in self.rows.iter().enumerate() {
                let Some(row) = view.rows.iter().find(|r| r.id == label.id) else { continue };
                let top = self.grid_top + ROW_H * i as f64 + (ROW_H - SQUARE) / 2.0;
                let _ = writeln!(
                    out,
                    r#"<g class="cell" data-region="{region}" data-condition="{}"><title>{}</title>"#,
                    row.id,
                    escape(&self.tooltip(view, row)),
                );
                for (k, kind, cell) in [(0.0, Kind::Strength, &row.strength), (1.0, Kind::Proposal, &row.proposal)] {
                    let x = left + k * (SQUARE + SQUARE_GAP);
                    let attrs =
                        format!(r#"data-region="{region}" data-condition="{}" data-mark="{}""#, row.id, cell.value);
                    self.square(out, kind.class(), kind, cell, (x, top), &attrs);
                }
                out.push_str("</g>\n");
            }
        }
        out.push_str("</g>\n");
    }

    /// "Kobe Bio Cluster — 6 Shared sense of economic crisis: Strengths ***, Proposals **".
    fn tooltip(&self, view: &ChartView, row: &ChartRow) -> String {
        let mark = |m: &MarkCell| if m.symbol.is_empty() { m.value.to_string() } else { m.symbol.clone() };
        let marks = format!(
            "{} {}, {} {}",
            text(Text::Strengths, self.lang),
            mark(&row.strength),
            text(Text::Proposals, self.lang),
            mark(&row.proposal)
        );
        labelled(&format!("{} — {} {}", view.region_name, row.id, row.name), &marks, self.lang)
    }

    /// One mark's square at `(x, top)`, filled by its ramp, with its symbol (or number) in it.
    fn square(&self, out: &mut String, class: &str, kind: Kind, cell: &MarkCell, (x, top): (f64, f64), attrs: &str) {
        let colour = fill(kind, cell.value, self.scale_max);
        let attrs = format!(r#"{attrs} stroke="{RULE_LIGHT}" stroke-width="0.6""#);
        rect(out, class, x, top, SQUARE, SQUARE, &colour, &attrs);
        let label = match (self.show_symbols, cell.value) {
            (true, _) => cell.symbol.clone(),
            (false, 0) => String::new(),
            (false, v) => v.to_string(),
        };
        if label.is_empty() {
            return;
        }
        let ink = if luminance(&colour) < 0.3 { "#ffffff" } else { INK };
        // An asterisk sits high in its line: lower it so that its middle is the square's.
        let stars = label.chars().all(|c| c == '*');
        let y = top + SQUARE / 2.0 + if stars { 0.55 } else { 0.36 } * MARK_SIZE;
        let spacing = if stars { r#" letter-spacing="-0.5""# } else { "" };
        let _ = write!(
            out,
            r#"<text class="mark" x="{}" y="{}" text-anchor="middle" font-size="{MARK_SIZE}" font-weight="700" fill="{ink}"{spacing}>{}</text>"#,
            num(x + SQUARE / 2.0),
            num(y),
            escape(&label)
        );
        out.push('\n');
    }

    /// Rules: above and below the grid, between steps; light rules between region columns.
    fn render_rules(&self, out: &mut String) {
        let view = &self.views[0];
        let (left, right) = (self.step_x, self.grid_right());
        let (top, bottom) = (self.grid_top, self.grid_bottom);
        out.push_str("<g class=\"rules\" fill=\"none\">\n");
        for c in 0..=self.views.len() {
            let x = self.grid_x + COLUMN_W * c as f64;
            line(out, x, top, x, bottom, RULE_LIGHT, 0.6);
        }
        for i in 1..self.rows.len() {
            if view.starts_step(i) {
                let y = self.grid_top + ROW_H * i as f64;
                line(out, left, y, right, y, RULE, 0.9);
            }
        }
        line(out, left, top, right, top, INK, 1.2);
        line(out, left, bottom, right, bottom, INK, 1.2);
        out.push_str("</g>\n");
    }

    /// Both ramps, each with its label and one square per mark, the mark's number under it.
    fn render_legend(&self, out: &mut String) {
        let label_w = legend_label_width(self.lang);
        out.push_str("<g class=\"legend\">\n");
        for (r, (kind, key)) in
            [(Kind::Strength, Text::Strength), (Kind::Proposal, Text::Proposal)].into_iter().enumerate()
        {
            let top = self.legend_y + LEGEND_ROW * r as f64;
            let _ = writeln!(
                out,
                r#"<text class="legend-label" x="{}" y="{}" font-size="{SMALL_SIZE}" font-weight="700">{}</text>"#,
                num(MARGIN),
                num(top + SQUARE / 2.0 + 0.36 * SMALL_SIZE),
                escape(text(key, self.lang))
            );
            for value in 0..=self.scale_max {
                let x = MARGIN + label_w + LEGEND_STEP * f64::from(value);
                let cell = MarkCell { value, symbol: self.symbols[usize::from(value)].clone(), spread: (value, value) };
                let class = format!("legend-{}", kind.class());
                self.square(out, &class, kind, &cell, (x, top), &format!(r#"data-mark="{value}""#));
                // Under the square, the mark's other form: its symbol under its number, its number
                // under its symbol (and under an empty square).
                let under = match &cell.symbol {
                    symbol if !self.show_symbols && !symbol.is_empty() => symbol.clone(),
                    _ => value.to_string(),
                };
                let _ = writeln!(
                    out,
                    r#"<text class="legend-value" x="{}" y="{}" text-anchor="middle" font-size="{SMALL_SIZE}" fill="{INK_SOFT}">{}</text>"#,
                    num(x + SQUARE / 2.0),
                    num(top + SQUARE + SMALL_SIZE + 1.0),
                    escape(&under),
                );
            }
        }
        out.push_str("</g>\n");
    }
}

/// A legend row's height and the distance between its squares.
const LEGEND_ROW: f64 = 34.0;
const LEGEND_STEP: f64 = 24.0;

/// The room for the legend's labels.
fn legend_label_width(lang: chiiki_framework::Lang) -> f64 {
    [Text::Strength, Text::Proposal]
        .map(|k| text_width(text(k, lang), SMALL_SIZE, true))
        .into_iter()
        .fold(0.0, f64::max)
        + 12.0
}

/// The legend's width.
fn legend_width(lang: chiiki_framework::Lang, scale_max: u8) -> f64 {
    legend_label_width(lang) + LEGEND_STEP * f64::from(scale_max) + SQUARE
}

/// A `<rect>`; `attrs` holds further attributes, placed after the class.
#[allow(clippy::too_many_arguments)]
fn rect(out: &mut String, class: &str, x: f64, y: f64, width: f64, height: f64, fill: &str, attrs: &str) {
    let sep = if attrs.is_empty() || attrs.starts_with(' ') { "" } else { " " };
    let _ = writeln!(
        out,
        r#"<rect class="{class}"{sep}{attrs} x="{}" y="{}" width="{}" height="{}" fill="{fill}"/>"#,
        num(x),
        num(y),
        num(width),
        num(height),
    );
}

fn line(out: &mut String, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str, width: f64) {
    let _ = writeln!(
        out,
        r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{stroke}" stroke-width="{width}"/>"#,
        num(x1),
        num(y1),
        num(x2),
        num(y2),
    );
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use chiiki_diagnosis::Dataset;
    use chiiki_framework::{Framework, Lang};

    use super::*;

    /// The study's four regions' charts in `lang`.
    fn study_views(lang: Lang) -> Vec<ChartView> {
        let fw = Framework::study();
        Dataset::study(&fw).unwrap().assess_all(&fw).iter().map(|a| ChartView::new(&fw, a, lang)).collect()
    }

    /// The `<rect class="{class}">` cells of a heat map.
    fn cells<'a, 'i>(doc: &'a roxmltree::Document<'i>, class: &str) -> Vec<roxmltree::Node<'a, 'i>> {
        doc.descendants().filter(|n| n.has_tag_name("rect") && n.attribute("class") == Some(class)).collect()
    }

    #[test]
    fn one_strength_and_one_proposal_cell_per_region_and_condition() {
        let views = study_views(Lang::En);
        assert_eq!(views.len(), 4);
        let svg = heatmap_svg(&views);
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2000/svg"));
        assert_eq!(root.attribute("data-kind"), Some("heatmap"));
        for class in ["strength", "proposal"] {
            let cells = cells(&doc, class);
            assert_eq!(cells.len(), 4 * 15, "{class}");
            for view in &views {
                for row in &view.rows {
                    let condition = row.id.to_string();
                    let found: Vec<_> = cells
                        .iter()
                        .filter(|c| {
                            c.attribute("data-region") == Some(view.region_id.as_str())
                                && c.attribute("data-condition") == Some(condition.as_str())
                        })
                        .collect();
                    assert_eq!(found.len(), 1, "{} {condition} {class}", view.region_id);
                    let expected = if class == "strength" { row.strength.value } else { row.proposal.value };
                    assert_eq!(found[0].attribute("data-mark"), Some(expected.to_string().as_str()));
                }
            }
        }
        let headers: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text") && n.attribute("class") == Some("region"))
            .map(|n| (n.attribute("data-region").unwrap(), n.text().unwrap()))
            .collect();
        assert_eq!(
            headers,
            [
                ("sapporo", "Sapporo IT Cluster"),
                ("kagawa", "Kagawa Rare Sugar Cluster"),
                ("fukui", "Fukui Nano-Cluster"),
                ("kobe", "Kobe Bio Cluster")
            ]
        );
        assert!(svg.contains(">(3) Core start-ups</text>"), "Sapporo's base");
        assert!(svg.contains(">Strengths and proposals by region</text>"));
    }

    #[test]
    fn kobe_s_shared_crisis_is_its_consensus() {
        let views = study_views(Lang::En);
        let kobe = views.iter().find(|v| v.region_id == "kobe").unwrap();
        let row = kobe.rows.iter().find(|r| r.id == 6).unwrap();
        let doc_svg = heatmap_svg(&views);
        let doc = roxmltree::Document::parse(&doc_svg).unwrap();
        for (class, cell) in [("strength", &row.strength), ("proposal", &row.proposal)] {
            let found = cells(&doc, class)
                .into_iter()
                .find(|c| c.attribute("data-region") == Some("kobe") && c.attribute("data-condition") == Some("6"))
                .unwrap();
            assert_eq!(found.attribute("data-mark"), Some(cell.value.to_string().as_str()), "{class}");
        }
        // Kobe's formation base is the shared sense of economic crisis.
        assert_eq!(row.strength.value, 3);
    }

    #[test]
    fn fills_darken_with_the_mark() {
        let views = study_views(Lang::En);
        let svg = heatmap_svg(&views);
        let doc = roxmltree::Document::parse(&svg).unwrap();
        for class in ["strength", "proposal"] {
            let mut by_mark: BTreeMap<u8, String> = BTreeMap::new();
            for cell in cells(&doc, class) {
                let mark: u8 = cell.attribute("data-mark").unwrap().parse().unwrap();
                let fill = cell.attribute("fill").unwrap().to_string();
                assert_eq!(by_mark.entry(mark).or_insert_with(|| fill.clone()), &fill, "one fill per mark");
            }
            assert_eq!(by_mark.keys().copied().collect::<Vec<_>>(), [0, 1, 2, 3], "{class}");
            let lum: Vec<f64> = by_mark.values().map(|f| luminance(f)).collect();
            assert!(lum.windows(2).all(|w| w[0] > w[1] + 0.05), "{class}: {lum:?}");
            assert!(lum[0] > 0.9, "no mark is almost white: {lum:?}");
            assert!(lum[3] < 0.2, "the top mark is dark: {lum:?}");
        }
        // Any scale: monotone from almost white to dark, and the two ramps differ.
        for max in 1..=9 {
            for kind in [Kind::Strength, Kind::Proposal] {
                let lum: Vec<f64> = (0..=max).map(|v| luminance(&fill(kind, v, max))).collect();
                assert!(lum.windows(2).all(|w| w[0] > w[1]), "{kind:?} {max}: {lum:?}");
            }
            assert_ne!(fill(Kind::Strength, max, max), fill(Kind::Proposal, max, max));
        }
        assert_eq!(fill(Kind::Strength, 0, 3), "#fff5eb");
        assert_eq!(fill(Kind::Proposal, 3, 3), "#08306b");
    }

    #[test]
    fn japanese_headers() {
        let svg = heatmap_svg(&study_views(Lang::Ja));
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let kobe = doc
            .descendants()
            .find(|n| n.attribute("class") == Some("region") && n.attribute("data-region") == Some("kobe"))
            .unwrap();
        assert_eq!(kobe.text(), Some("神戸バイオクラスター"));
        assert!(svg.contains(">(4) 経済的危機感</text>"));
        assert!(svg.contains(">地域別の強みと提言</text>"));
        assert!(svg.contains(">経済的危機感の共有</text>"));
        assert!(svg.contains(">形成</text>"));
        assert_eq!(doc.root_element().attribute(("http://www.w3.org/XML/1998/namespace", "lang")), Some("ja"));
    }

    #[test]
    fn width_grows_with_the_regions() {
        let views = study_views(Lang::En);
        let width = |n: usize| {
            let many: Vec<ChartView> = views
                .iter()
                .cycle()
                .take(n)
                .enumerate()
                .map(|(i, v)| ChartView { region_id: format!("r{i}"), ..v.clone() })
                .collect();
            let svg = heatmap_svg(&many);
            let doc = roxmltree::Document::parse(&svg).unwrap();
            assert_eq!(cells(&doc, "strength").len(), 15 * n);
            assert_eq!(cells(&doc, "proposal").len(), 15 * n);
            doc.root_element().attribute("width").unwrap().parse::<f64>().unwrap()
        };
        let (one, ten, fifty) = (width(1), width(10), width(50));
        assert!(one < ten && ten < fifty);
        assert_eq!(fifty - ten, 40.0 * COLUMN_W);
        assert!(one >= legend_width(Lang::En, 3) + 2.0 * MARGIN);
    }

    #[test]
    fn empty_and_escaped() {
        let svg = heatmap_svg(&[]);
        let doc = roxmltree::Document::parse(&svg).unwrap();
        assert_eq!(doc.root_element().attribute("data-kind"), Some("heatmap"));
        assert!(cells(&doc, "strength").is_empty());
        assert!(svg.contains(">no assessments</text>"));

        let mut views = study_views(Lang::En);
        views[0].region_name = "R&D <\"Valley\">".into();
        views[0].region_id = "a&b".into();
        let svg = heatmap_svg(&views);
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let header = doc.descendants().find(|n| n.attribute("class") == Some("region")).unwrap();
        assert_eq!(header.attribute("data-region"), Some("a&b"));
        assert_eq!(header.text(), Some("R&D <\"Valley\">"));
    }

    #[test]
    fn long_names_are_cut() {
        let mut views = study_views(Lang::En);
        views[1].region_name = "A Very Long Regional Innovation Cluster Name For Testing Purposes".into();
        views[0].rows[8].name = "x".repeat(200);
        let svg = heatmap_svg(&views);
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let header = doc
            .descendants()
            .find(|n| n.attribute("class") == Some("region") && n.attribute("data-region") == Some("kagawa"))
            .unwrap();
        let shown = header.text().unwrap();
        assert!(shown.ends_with('…') && text_width(shown, REGION_SIZE, true) <= MAX_HEADER_W + 1e-6, "{shown}");
        let name = doc.descendants().find(|n| n.attribute("data-condition") == Some("9")).unwrap();
        assert!(name.text().unwrap().ends_with('…'));
    }

    #[test]
    fn csv_is_long() {
        let views = study_views(Lang::En);
        let csv = heatmap_csv(&views);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "region_id,region_name,condition,strength,proposal");
        assert_eq!(lines.len(), 1 + 4 * 15);
        let kobe = views.iter().find(|v| v.region_id == "kobe").unwrap();
        let r6 = &kobe.rows[5];
        let line = format!("kobe,Kobe Bio Cluster,6,{},{}", r6.strength.value, r6.proposal.value);
        assert!(lines.contains(&line.as_str()), "{line}");
    }

    /// Writes the heat map and the Kobe chart, as SVG and PNG, to the directory named by
    /// `CHIIKI_WRITE_SAMPLES` (for looking at them).
    #[test]
    fn write_samples() {
        let Some(dir) = std::env::var_os("CHIIKI_WRITE_SAMPLES") else { return };
        let dir = std::path::Path::new(&dir);
        for (lang, name) in [(Lang::En, "heatmap"), (Lang::Ja, "heatmap-ja")] {
            let svg = heatmap_svg(&study_views(lang));
            std::fs::write(dir.join(format!("{name}.png")), crate::svg_to_png(&svg, 1.5).unwrap()).unwrap();
            std::fs::write(dir.join(format!("{name}.svg")), svg).unwrap();
        }
        let views = study_views(Lang::En);
        for n in [1, 50] {
            let many: Vec<ChartView> = views
                .iter()
                .cycle()
                .take(n)
                .enumerate()
                .map(|(i, v)| ChartView { region_id: format!("r{i}"), ..v.clone() })
                .collect();
            std::fs::write(dir.join(format!("heatmap-{n}.png")), crate::svg_to_png(&heatmap_svg(&many), 1.0).unwrap())
                .unwrap();
        }
        let kobe = study_views(Lang::Ja).into_iter().find(|v| v.region_id == "kobe").unwrap();
        std::fs::write(dir.join("kobe_ja.png"), crate::svg_to_png(&crate::chart_svg(&kobe), 1.5).unwrap()).unwrap();
    }
}
