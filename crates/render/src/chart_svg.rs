//! The chart as an SVG figure, laid out like Figure 2 of NISTEP Policy Study No. 9.
//!
//! The figure has a title block (the chart's name, the region's name and its formation base), a
//! table of one row per condition and a footer with the marks' legend and, when several assessors
//! marked the region, their agreement. The table's columns are the step (spanning its rows), the
//! formation base group (spanning its rows, with a brace), the condition's number and name, the
//! strength at formation, the proposal for the near future and the keywords.
//!
//! The layout is computed here: SVG has no text wrapping, so names and keywords are broken into
//! lines with an estimate of their width (East Asian wide characters about 1 em, others about
//! 0.55 em), by words in Latin text and by characters in Japanese text.
//!
//! Tests and other tools can rely on this structure: the root `<svg>` has `data-region`; each row
//! is a `<g class="row" data-condition="N">` holding `<text class="strength" data-mark="V">`,
//! `<text class="proposal" data-mark="V">` (the mark's symbol, possibly empty), `<text class="name">`
//! and `<text class="keywords">` (one `<tspan>` per line, keywords joined by `"; "`).

use std::fmt::Write as _;

use chiiki_framework::Lang;
use unicode_width::UnicodeWidthChar;

use crate::i18n::{Text, text};
use crate::view::{ChartRow, ChartView, MarkCell};

/// The font stack of the figure: Noto Sans, then Japanese fonts, then any sans-serif.
const FONT_FAMILY: &str = "'Noto Sans', 'Noto Sans CJK JP', 'IPAexGothic', sans-serif";

/// The figure's width in pixels.
const WIDTH: f64 = 1000.0;
/// The margin around the figure.
const MARGIN: f64 = 28.0;
/// The widths of the fixed columns: step, base, number, condition, strength, proposal. The
/// keywords take the rest.
const COLUMNS: [f64; 6] = [84.0, 46.0, 34.0, 250.0, 104.0, 104.0];
/// Horizontal padding inside a cell.
const PAD_X: f64 = 7.0;
/// Vertical padding inside a body cell.
const PAD_Y: f64 = 6.0;

/// Body text size.
const BODY_SIZE: f64 = 12.0;
/// Body line height.
const BODY_LINE: f64 = 15.0;
/// Header text size.
const HEAD_SIZE: f64 = 11.0;
/// Header line height.
const HEAD_LINE: f64 = 13.5;
/// Size of the stars.
const STAR_SIZE: f64 = 16.0;
/// Footer text size.
const NOTE_SIZE: f64 = 10.5;
/// Footer line height.
const NOTE_LINE: f64 = 14.0;

/// Colours: ink, secondary ink, rules and fills. The fills are light enough to print in grey.
const INK: &str = "#1a1a1a";
const INK_SOFT: &str = "#555b63";
const RULE_STRONG: &str = "#1a1a1a";
const RULE_STEP: &str = "#7d848c";
const RULE_LIGHT: &str = "#c9ced4";
const FILL_HEAD: &str = "#eceef1";
const FILL_STEP_CELL: &str = "#e6e9ed";
const FILL_BAND: &str = "#f6f7f9";
const FILL_STRENGTH: &str = "#f7e4c0";
const FILL_PROPOSAL: &str = "#d6e4f3";

/// The chart as a standalone SVG document.
///
/// ```
/// use chiiki_diagnosis::Dataset;
/// use chiiki_framework::{Framework, Lang};
/// use chiiki_render::{ChartView, chart_svg};
///
/// let fw = Framework::study();
/// let kobe = Dataset::study(&fw).unwrap().assess(&fw, "kobe").unwrap();
/// let svg = chart_svg(&ChartView::new(&fw, &kobe, Lang::En));
/// assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
/// assert!(svg.contains(r#"<g class="row" data-condition="6">"#));
/// ```
pub fn chart_svg(view: &ChartView) -> String {
    Figure::new(view).render()
}

/// Escapes the XML special characters of `s` (also right for HTML text and attribute values).
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `"label: value"`, with the colon of `lang` (full-width in Japanese).
pub(crate) fn labelled(label: &str, value: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{label}: {value}"),
        Lang::Ja => format!("{label}：{value}"),
    }
}

/// Whether base group `id` is the view's formation base or tied with it.
pub(crate) fn is_formation_base(view: &ChartView, id: u8) -> bool {
    view.base.as_ref().is_some_and(|(b, _)| *b == id) || view.tied_with.iter().any(|(b, _)| *b == id)
}

/// The agreement line of the footer, when the view has one.
pub(crate) fn agreement_note(view: &ChartView) -> Option<String> {
    let agreement = view.agreement.as_ref()?;
    let alpha = agreement.alpha.map_or_else(|| text(Text::Undefined, view.lang).to_string(), |a| format!("{a:.3}"));
    let alpha = labelled(text(Text::Agreement, view.lang), &format!("α = {alpha}"), view.lang);
    let assessors = labelled(text(Text::Assessors, view.lang), &agreement.assessors.to_string(), view.lang);
    Some(match view.lang {
        Lang::En => format!("{alpha}; {assessors}."),
        Lang::Ja => format!("{alpha}、{assessors}。"),
    })
}

// ---------------------------------------------------------------------------------------------
// Text measurement and wrapping
// ---------------------------------------------------------------------------------------------

/// Characters that may not start a line (closing brackets and punctuation, small kana).
const NO_LINE_START: &str =
    "、。，．・：；？！）」』】〕〉》ー～ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々,.;:!?)]}%";
/// Characters that may not end a line (opening brackets).
const NO_LINE_END: &str = "（「『【〔〈《([{";

/// The estimated width of `c` in ems.
fn char_em(c: char) -> f64 {
    match c.width() {
        Some(2) => 1.0,
        Some(0) | None => 0.0,
        _ => 0.55,
    }
}

/// The estimated width of `s` at font size `size`.
fn text_width(s: &str, size: f64) -> f64 {
    s.chars().map(char_em).sum::<f64>() * size
}

/// An unbreakable piece of text: a Latin word or one Japanese character, with the punctuation
/// that must stay with it.
struct Token {
    text: String,
    space_before: bool,
}

/// Splits `s` into the pieces a line may break between.
fn tokens(s: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let (mut space, mut in_word) = (false, false);
    for c in s.chars() {
        if c.is_whitespace() {
            (space, in_word) = (true, false);
            continue;
        }
        let wide = c.width() == Some(2);
        let glue = match out.last() {
            Some(last) if !space => {
                (in_word && !wide) || NO_LINE_START.contains(c) || last.text.ends_with(|l| NO_LINE_END.contains(l))
            }
            _ => false,
        };
        match out.last_mut() {
            Some(last) if glue => last.text.push(c),
            _ => out.push(Token { text: c.to_string(), space_before: space && !out.is_empty() }),
        }
        (space, in_word) = (false, !wide);
    }
    out
}

/// Breaks `s` into lines no wider than `max` at font size `size`: between words in Latin text,
/// between characters in Japanese text, and inside a word only when it alone is too wide.
fn wrap(s: &str, max: f64, size: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut width = 0.0;
    for token in tokens(s) {
        let token_width = text_width(&token.text, size);
        let sep = if !line.is_empty() && token.space_before { " " } else { "" };
        let sep_width = text_width(sep, size);
        if !line.is_empty() && width + sep_width + token_width > max {
            lines.push(std::mem::take(&mut line));
            width = 0.0;
        } else {
            line.push_str(sep);
            width += sep_width;
        }
        if token_width <= max {
            line.push_str(&token.text);
            width += token_width;
            continue;
        }
        for c in token.text.chars() {
            let w = char_em(c) * size;
            if !line.is_empty() && width + w > max {
                lines.push(std::mem::take(&mut line));
                width = 0.0;
            }
            line.push(c);
            width += w;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

// ---------------------------------------------------------------------------------------------
// Layout
// ---------------------------------------------------------------------------------------------

/// Horizontal alignment of a text.
#[derive(Clone, Copy)]
enum Align {
    Start,
    Middle,
}

impl Align {
    fn anchor(self) -> &'static str {
        match self {
            Align::Start => "start",
            Align::Middle => "middle",
        }
    }
}

/// A column: its left edge and width.
#[derive(Clone, Copy)]
struct Column {
    x: f64,
    width: f64,
}

impl Column {
    /// Where a text aligned `align` is anchored.
    fn anchor_x(self, align: Align) -> f64 {
        match align {
            Align::Start => self.x + PAD_X,
            Align::Middle => self.x + self.width / 2.0,
        }
    }

    /// The width available to text.
    fn inner(self) -> f64 {
        self.width - 2.0 * PAD_X
    }
}

/// The table's columns.
struct Columns {
    step: Column,
    base: Column,
    no: Column,
    name: Column,
    strength: Column,
    proposal: Column,
    keywords: Column,
}

impl Columns {
    fn new() -> Columns {
        let mut x = MARGIN;
        let [step, base, no, name, strength, proposal] = COLUMNS.map(|width| {
            let c = Column { x, width };
            x += width;
            c
        });
        let keywords = Column { x, width: WIDTH - MARGIN - x };
        Columns { step, base, no, name, strength, proposal, keywords }
    }

    fn all(&self) -> [Column; 7] {
        [self.step, self.base, self.no, self.name, self.strength, self.proposal, self.keywords]
    }
}

/// One body row, laid out.
struct RowLayout<'a> {
    row: &'a ChartRow,
    y: f64,
    height: f64,
    name: Vec<String>,
    keywords: Vec<String>,
}

/// The whole figure, laid out.
struct Figure<'a> {
    view: &'a ChartView,
    columns: Columns,
    kicker_y: f64,
    title_y: f64,
    subtitle: Vec<String>,
    subtitle_y: f64,
    table_top: f64,
    header: Vec<(Column, Align, Vec<String>)>,
    header_height: f64,
    rows: Vec<RowLayout<'a>>,
    table_bottom: f64,
    notes: Vec<String>,
    notes_y: f64,
    height: f64,
}

impl<'a> Figure<'a> {
    fn new(view: &'a ChartView) -> Figure<'a> {
        let columns = Columns::new();
        let lang = view.lang;
        let content_width = WIDTH - 2.0 * MARGIN;

        let kicker_y = MARGIN + 11.0;
        let title_y = kicker_y + 27.0;
        let subtitle =
            wrap(&labelled(text(Text::FormationBase, lang), &view.base_caption(), lang), content_width, 13.5);
        let subtitle_y = title_y + 23.0;
        let table_top = subtitle_y + (subtitle.len().max(1) - 1) as f64 * 18.0 + 20.0;

        let header: Vec<(Column, Align, Vec<String>)> = [
            (columns.step, Align::Middle, text(Text::Step, lang)),
            (columns.base, Align::Middle, text(Text::Base, lang)),
            (columns.no, Align::Middle, "No."),
            (columns.name, Align::Start, text(Text::Condition, lang)),
            (columns.strength, Align::Middle, text(Text::Strength, lang)),
            (columns.proposal, Align::Middle, text(Text::Proposal, lang)),
            (columns.keywords, Align::Start, text(Text::Keywords, lang)),
        ]
        .into_iter()
        .map(|(c, a, t)| (c, a, wrap(t, c.inner(), HEAD_SIZE)))
        .collect();
        let header_lines = header.iter().map(|(_, _, l)| l.len()).max().unwrap_or(1);
        let header_height = header_lines as f64 * HEAD_LINE + 2.0 * PAD_Y + 2.0;

        let mut y = table_top + header_height;
        let rows = view
            .rows
            .iter()
            .map(|row| {
                let name = wrap(&row.name, columns.name.inner(), BODY_SIZE);
                let keywords = wrap(&row.keywords.join("; "), columns.keywords.inner(), BODY_SIZE);
                let lines = name.len().max(keywords.len()).max(1);
                let height = lines as f64 * BODY_LINE + 2.0 * PAD_Y;
                let layout = RowLayout { row, y, height, name, keywords };
                y += height;
                layout
            })
            .collect();
        let table_bottom = y;

        let mut notes = wrap(text(Text::MarksNote, lang), content_width, NOTE_SIZE);
        if let Some(agreement) = agreement_note(view) {
            notes.extend(wrap(&agreement, content_width, NOTE_SIZE));
        }
        let notes_y = table_bottom + 20.0;
        let height = (notes_y + (notes.len().max(1) - 1) as f64 * NOTE_LINE + MARGIN).ceil();

        Figure {
            view,
            columns,
            kicker_y,
            title_y,
            subtitle,
            subtitle_y,
            table_top,
            header,
            header_height,
            rows,
            table_bottom,
            notes,
            notes_y,
            height,
        }
    }

    /// The y of the first baseline of `lines` lines of text at `size`, centred between `top` and
    /// `top + height`.
    fn first_baseline(top: f64, height: f64, lines: usize, line_height: f64, size: f64) -> f64 {
        top + (height - lines as f64 * line_height) / 2.0 + line_height / 2.0 + 0.36 * size
    }

    /// The rows `from..from + span` as a vertical extent.
    fn extent(&self, from: usize, span: usize) -> (f64, f64) {
        let first = &self.rows[from];
        let last = &self.rows[from + span - 1];
        (first.y, last.y + last.height)
    }

    fn render(&self) -> String {
        let view = self.view;
        let mut svg = Svg::default();
        let title = labelled(text(Text::ChartTitle, view.lang), &view.region_name, view.lang);
        let _ = write!(
            svg.out,
            concat!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" "#,
                r#"data-region="{region}" xml:lang="{lang}" font-family="{font}" font-size="{size}" fill="{ink}">"#,
                "\n<title>{title}</title>\n"
            ),
            w = WIDTH,
            h = self.height,
            region = escape(&view.region_id),
            lang = view.lang.code(),
            font = FONT_FAMILY,
            size = BODY_SIZE,
            ink = INK,
            title = escape(&title),
        );
        svg.rect(0.0, 0.0, WIDTH, self.height, "#ffffff", "background");
        self.render_title(&mut svg);
        self.render_header(&mut svg);
        self.render_bands(&mut svg);
        for row in &self.rows {
            self.render_row(&mut svg, row);
        }
        self.render_rules(&mut svg);
        self.render_notes(&mut svg);
        svg.out.push_str("</svg>\n");
        svg.out
    }

    fn render_title(&self, svg: &mut Svg) {
        let view = self.view;
        let x = MARGIN;
        svg.open_text(
            "kicker",
            x,
            self.kicker_y,
            Align::Start,
            &format!(r#"font-size="11.5" fill="{INK_SOFT}" letter-spacing="0.6""#),
        );
        svg.out.push_str(&escape(text(Text::ChartTitle, view.lang)));
        svg.close_text();
        svg.open_text("title", x, self.title_y, Align::Start, r#"font-size="21" font-weight="700""#);
        svg.out.push_str(&escape(&view.region_name));
        svg.close_text();
        svg.open_text("subtitle", x, self.subtitle_y, Align::Start, r#"font-size="13.5""#);
        svg.tspans(x, self.subtitle_y, 18.0, &self.subtitle);
        svg.close_text();
    }

    fn render_header(&self, svg: &mut Svg) {
        let top = self.table_top;
        svg.rect(MARGIN, top, WIDTH - 2.0 * MARGIN, self.header_height, FILL_HEAD, "header");
        for (column, align, lines) in &self.header {
            let y = Self::first_baseline(top, self.header_height, lines.len(), HEAD_LINE, HEAD_SIZE);
            let x = column.anchor_x(*align);
            svg.open_text("heading", x, y, *align, &format!(r#"font-size="{HEAD_SIZE}" font-weight="700""#));
            svg.tspans(x, y, HEAD_LINE, lines);
            svg.close_text();
        }
    }

    /// The step bands, the step cells and the base group cells, which span rows.
    fn render_bands(&self, svg: &mut Svg) {
        let view = self.view;
        let c = &self.columns;
        let mut band = 0;
        for i in 0..self.rows.len() {
            if view.starts_step(i) {
                let (top, bottom) = self.extent(i, view.step_span(i));
                if band % 2 == 0 {
                    svg.rect(MARGIN, top, WIDTH - 2.0 * MARGIN, bottom - top, FILL_BAND, "band");
                }
                svg.rect(c.step.x, top, c.step.width, bottom - top, FILL_STEP_CELL, "step-cell");
                band += 1;
            }
        }
    }

    fn render_row(&self, svg: &mut Svg, layout: &RowLayout) {
        let c = &self.columns;
        let row = layout.row;
        let (top, height) = (layout.y, layout.height);
        let _ = writeln!(svg.out, r#"<g class="row" data-condition="{}">"#, row.id);
        for (cell, column, fill) in
            [(&row.strength, c.strength, FILL_STRENGTH), (&row.proposal, c.proposal, FILL_PROPOSAL)]
        {
            if cell.value > 0 {
                svg.rect(column.x, top, column.width, height, fill, "tint");
            }
        }
        let y = Self::first_baseline(top, height, 1, BODY_LINE, BODY_SIZE);
        svg.open_text("no", c.no.anchor_x(Align::Middle), y, Align::Middle, "");
        svg.out.push_str(&row.id.to_string());
        svg.close_text();

        let y = Self::first_baseline(top, height, layout.name.len(), BODY_LINE, BODY_SIZE);
        let x = c.name.anchor_x(Align::Start);
        svg.open_text("name", x, y, Align::Start, "");
        svg.tspans(x, y, BODY_LINE, &layout.name);
        svg.close_text();

        let centre = top + height / 2.0;
        for (class, cell, column) in [("strength", &row.strength, c.strength), ("proposal", &row.proposal, c.proposal)]
        {
            Self::render_mark(svg, class, cell, column, centre);
        }

        let y = Self::first_baseline(top, height, layout.keywords.len(), BODY_LINE, BODY_SIZE);
        let x = c.keywords.anchor_x(Align::Start);
        svg.open_text("keywords", x, y, Align::Start, "");
        svg.tspans(x, y, BODY_LINE, &layout.keywords);
        svg.close_text();
        svg.out.push_str("</g>\n");
    }

    fn render_mark(svg: &mut Svg, class: &str, cell: &MarkCell, column: Column, centre: f64) {
        // An asterisk sits high in its line: put its middle, not the line's, on the row's centre.
        let y = centre + 0.47 * STAR_SIZE;
        let _ = write!(
            svg.out,
            r#"<text class="{class}" data-mark="{}" x="{}" y="{}" text-anchor="middle" font-size="{STAR_SIZE}" font-weight="700" letter-spacing="1">{}</text>"#,
            cell.value,
            num(column.anchor_x(Align::Middle)),
            num(y),
            escape(&cell.symbol),
        );
        svg.out.push('\n');
    }

    /// The rules: top and bottom of the table, under the header, between steps, base groups and
    /// rows, and between columns; then the labels of the spanning step and base cells.
    fn render_rules(&self, svg: &mut Svg) {
        let view = self.view;
        let c = &self.columns;
        let (left, right) = (MARGIN, WIDTH - MARGIN);
        let (top, bottom) = (self.table_top, self.table_bottom);
        let body_top = top + self.header_height;
        svg.out.push_str("<g class=\"rules\" fill=\"none\">\n");
        // Column rules.
        for column in &c.all()[1..] {
            svg.line(column.x, top, column.x, bottom, RULE_LIGHT, 0.6);
        }
        svg.line(left, top, left, bottom, RULE_STEP, 0.6);
        svg.line(right, top, right, bottom, RULE_STEP, 0.6);
        // Row rules: between rows across the row's own cells, between base groups from the base
        // column, between steps across the table.
        for i in 1..self.rows.len() {
            let y = self.rows[i].y;
            if view.starts_step(i) {
                svg.line(left, y, right, y, RULE_STEP, 0.9);
            } else if view.starts_base(i) {
                svg.line(c.base.x, y, right, y, RULE_LIGHT, 0.6);
            } else {
                svg.line(c.no.x, y, right, y, RULE_LIGHT, 0.6);
            }
        }
        svg.line(left, top, right, top, RULE_STRONG, 1.4);
        svg.line(left, body_top, right, body_top, RULE_STRONG, 0.9);
        svg.line(left, bottom, right, bottom, RULE_STRONG, 1.4);
        svg.out.push_str("</g>\n");

        for i in 0..self.rows.len() {
            if view.starts_step(i) {
                self.render_step_label(svg, i);
            }
            if view.starts_base(i) {
                self.render_base_label(svg, i);
            }
        }
    }

    fn render_step_label(&self, svg: &mut Svg, index: usize) {
        let column = self.columns.step;
        let (top, bottom) = self.extent(index, self.view.step_span(index));
        let lines = wrap(&self.rows[index].row.step, column.inner(), BODY_SIZE);
        let y = Self::first_baseline(top, bottom - top, lines.len(), BODY_LINE, BODY_SIZE);
        let x = column.anchor_x(Align::Middle);
        svg.open_text("step", x, y, Align::Middle, r#"font-weight="700""#);
        svg.tspans(x, y, BODY_LINE, &lines);
        svg.close_text();
    }

    /// The base group's number, bold for the region's formation base, and a brace over its rows
    /// when it has several.
    fn render_base_label(&self, svg: &mut Svg, index: usize) {
        let Some(base) = self.rows[index].row.base else { return };
        let column = self.columns.base;
        let span = self.view.base_span(index);
        let (top, bottom) = self.extent(index, span);
        let centre = (top + bottom) / 2.0;
        let is_base = is_formation_base(self.view, base);
        let weight = if is_base { r#"font-weight="700""# } else { "" };
        let x = column.x + 6.0;
        svg.open_text("base", x, centre + 0.36 * BODY_SIZE, Align::Start, weight);
        let _ = write!(svg.out, "({base})");
        svg.close_text();
        if span > 1 {
            let (x0, w) = (column.x + column.width - 14.0, 7.0);
            let (y0, y1) = (top + 5.0, bottom - 5.0);
            let r = 4.0_f64.min((y1 - y0) / 4.0);
            let xm = x0 + w / 2.0;
            let _ = writeln!(
                svg.out,
                r#"<path class="brace" d="M {} {} Q {} {} {} {} L {} {} Q {} {} {} {} Q {} {} {} {} L {} {} Q {} {} {} {}" fill="none" stroke="{INK}" stroke-width="{}"/>"#,
                num(x0 + w),
                num(y0),
                num(xm),
                num(y0),
                num(xm),
                num(y0 + r),
                num(xm),
                num(centre - r),
                num(xm),
                num(centre),
                num(x0),
                num(centre),
                num(xm),
                num(centre),
                num(xm),
                num(centre + r),
                num(xm),
                num(y1 - r),
                num(xm),
                num(y1),
                num(x0 + w),
                num(y1),
                if is_base { "1.3" } else { "0.9" },
            );
        }
    }

    fn render_notes(&self, svg: &mut Svg) {
        svg.open_text(
            "note",
            MARGIN,
            self.notes_y,
            Align::Start,
            &format!(r#"font-size="{NOTE_SIZE}" fill="{INK_SOFT}""#),
        );
        svg.tspans(MARGIN, self.notes_y, NOTE_LINE, &self.notes);
        svg.close_text();
    }
}

/// A coordinate with at most one decimal.
fn num(v: f64) -> String {
    let v = (v * 10.0).round() / 10.0;
    if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v:.1}") }
}

/// The SVG being written.
#[derive(Default)]
struct Svg {
    out: String,
}

impl Svg {
    fn rect(&mut self, x: f64, y: f64, width: f64, height: f64, fill: &str, class: &str) {
        let _ = writeln!(
            self.out,
            r#"<rect class="{class}" x="{}" y="{}" width="{}" height="{}" fill="{fill}"/>"#,
            num(x),
            num(y),
            num(width),
            num(height),
        );
    }

    fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str, width: f64) {
        let _ = writeln!(
            self.out,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{stroke}" stroke-width="{width}"/>"#,
            num(x1),
            num(y1),
            num(x2),
            num(y2),
        );
    }

    /// Opens a `<text>`; `extra` holds further attributes.
    fn open_text(&mut self, class: &str, x: f64, y: f64, align: Align, extra: &str) {
        let _ = write!(self.out, r#"<text class="{class}" x="{}" y="{}""#, num(x), num(y));
        if !matches!(align, Align::Start) {
            let _ = write!(self.out, r#" text-anchor="{}""#, align.anchor());
        }
        if !extra.is_empty() {
            self.out.push(' ');
            self.out.push_str(extra);
        }
        self.out.push('>');
    }

    fn close_text(&mut self) {
        self.out.push_str("</text>\n");
    }

    /// One `<tspan>` per line, from baseline `y` down.
    fn tspans(&mut self, x: f64, y: f64, line_height: f64, lines: &[String]) {
        for (i, line) in lines.iter().enumerate() {
            let _ = write!(
                self.out,
                r#"<tspan x="{}" y="{}">{}</tspan>"#,
                num(x),
                num(y + i as f64 * line_height),
                escape(line)
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use chiiki_diagnosis::{Agreement, Dataset, study_rows};
    use chiiki_framework::{Framework, Lang};

    use super::*;

    /// The study's chart of `region` in `lang`.
    fn study_view(region: &str, lang: Lang) -> ChartView {
        let fw = Framework::study();
        let ds = Dataset::study(&fw).unwrap();
        ChartView::new(&fw, &ds.assess(&fw, region).unwrap(), lang)
    }

    /// The study's printed marks and keywords of `region`, by condition.
    fn printed(region: &str) -> BTreeMap<u16, (u8, u8, String)> {
        study_rows()
            .into_iter()
            .filter(|r| r.region == region)
            .map(|r| (r.condition, (r.strength, r.proposal, r.keywords)))
            .collect()
    }

    /// The text of an element, its `<tspan>` lines joined by spaces.
    fn joined(node: roxmltree::Node) -> String {
        let spans: Vec<&str> = node.children().filter(|c| c.has_tag_name("tspan")).filter_map(|c| c.text()).collect();
        if spans.is_empty() { node.text().unwrap_or_default().to_string() } else { spans.join(" ") }
    }

    /// The `<text class="{class}">` children of a row.
    fn child<'a, 'i>(row: roxmltree::Node<'a, 'i>, class: &str) -> roxmltree::Node<'a, 'i> {
        let found: Vec<_> =
            row.children().filter(|c| c.has_tag_name("text") && c.attribute("class") == Some(class)).collect();
        assert_eq!(found.len(), 1, "one <text class={class:?}> per row");
        found[0]
    }

    fn rows<'a, 'i>(doc: &'a roxmltree::Document<'i>) -> Vec<roxmltree::Node<'a, 'i>> {
        doc.descendants().filter(|n| n.has_tag_name("g") && n.attribute("class") == Some("row")).collect()
    }

    #[test]
    fn marks_and_keywords_are_the_study_s() {
        for region in ["sapporo", "kagawa", "fukui", "kobe"] {
            let svg = chart_svg(&study_view(region, Lang::En));
            let doc = roxmltree::Document::parse(&svg).unwrap();
            let root = doc.root_element();
            assert_eq!(root.tag_name().name(), "svg");
            assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2000/svg"));
            assert_eq!(root.attribute("data-region"), Some(region));
            assert_eq!(root.attribute("width"), Some("1000"));
            let height: f64 = root.attribute("height").unwrap().parse().unwrap();
            assert_eq!(root.attribute("viewBox"), Some(format!("0 0 1000 {height}").as_str()));

            let rows = rows(&doc);
            assert_eq!(rows.len(), 15, "{region}");
            let printed = printed(region);
            for (i, row) in rows.iter().enumerate() {
                let id: u16 = row.attribute("data-condition").unwrap().parse().unwrap();
                assert_eq!(usize::from(id), i + 1);
                let (strength, proposal, keywords) = printed.get(&id).cloned().unwrap_or_default();
                for (class, expected) in [("strength", strength), ("proposal", proposal)] {
                    let mark = child(*row, class);
                    assert_eq!(
                        mark.attribute("data-mark"),
                        Some(expected.to_string().as_str()),
                        "{region} {id} {class}"
                    );
                    assert_eq!(mark.text().unwrap_or_default(), "*".repeat(usize::from(expected)), "{region} {id}");
                }
                let shown = joined(child(*row, "keywords"));
                for keyword in keywords.split(';').map(str::trim).filter(|k| !k.is_empty()) {
                    assert!(shown.contains(keyword), "{region} {id}: {keyword:?} in {shown:?}");
                }
                if keywords.is_empty() {
                    assert_eq!(shown, "");
                }
                assert!(!joined(child(*row, "name")).is_empty());
            }
        }
    }

    #[test]
    fn title_subtitle_and_notes() {
        let svg = chart_svg(&study_view("sapporo", Lang::En));
        assert!(svg.contains(">Sapporo IT Cluster</text>"));
        assert!(svg.contains("Formation base: (3) Core start-ups"));
        assert!(svg.contains(&escape(text(Text::MarksNote, Lang::En))));
        assert!(svg.contains("font-family=\"'Noto Sans', 'Noto Sans CJK JP', 'IPAexGothic', sans-serif\""));
        assert!(!svg.contains(text(Text::Agreement, Lang::En)), "a single assessor has no agreement");
    }

    #[test]
    fn agreement_is_noted() {
        let mut view = study_view("fukui", Lang::En);
        let agreement =
            Agreement { assessors: 3, units: 30, alpha: Some(0.81249), alpha_strength: None, alpha_proposal: None };
        view.agreement = Some(agreement.clone());
        let svg = chart_svg(&view);
        roxmltree::Document::parse(&svg).unwrap();
        assert!(svg.contains("α = 0.812; Assessors: 3."), "{svg}");

        view.agreement = Some(Agreement { alpha: None, ..agreement });
        view.lang = Lang::Ja;
        assert!(chart_svg(&view).contains("α = 算出不能、評価者：3。"));
    }

    #[test]
    fn text_is_escaped() {
        let mut view = study_view("kobe", Lang::En);
        view.region_name = "R&D \"Valley\" <'s>".into();
        view.region_id = "a&b".into();
        view.rows[0].name = "Tom & Jerry's <lab>".into();
        view.rows[0].keywords = vec!["Spin-offs <&> spin-ins".into(), "\"quoted\"".into()];
        let svg = chart_svg(&view);
        let doc = roxmltree::Document::parse(&svg).unwrap();
        assert_eq!(doc.root_element().attribute("data-region"), Some("a&b"));
        let first = rows(&doc)[0];
        assert_eq!(joined(child(first, "name")), "Tom & Jerry's <lab>");
        assert!(joined(child(first, "keywords")).contains("Spin-offs <&> spin-ins; \"quoted\""));
        assert!(
            doc.descendants().any(|n| n.attribute("class") == Some("title") && n.text() == Some("R&D \"Valley\" <'s>"))
        );
    }

    #[test]
    fn japanese_chart_has_japanese_names() {
        let view = study_view("kobe", Lang::Ja);
        let svg = chart_svg(&view);
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let names: Vec<String> = rows(&doc).iter().map(|r| joined(child(*r, "name")).replace(' ', "")).collect();
        assert_eq!(names[0], "知的集積");
        assert_eq!(names[5], "経済的危機感の共有");
        for (name, row) in names.iter().zip(&view.rows) {
            assert_eq!(*name, row.name.replace(' ', ""));
        }
        assert!(svg.contains("神戸バイオクラスター"));
        assert!(svg.contains("形成基盤：(4) 経済的危機感"));
        assert!(svg.contains(">形成</tspan>"));
        assert_eq!(doc.root_element().attribute(("http://www.w3.org/XML/1998/namespace", "lang")), Some("ja"));
    }

    #[test]
    fn output_is_deterministic() {
        let view = study_view("fukui", Lang::En);
        assert_eq!(chart_svg(&view), chart_svg(&view));
    }

    #[test]
    fn long_text_wraps_within_its_column() {
        let view = study_view("fukui", Lang::En);
        let columns = Columns::new();
        let figure = Figure::new(&view);
        let row7 = &figure.rows[6];
        assert!(row7.keywords.len() >= 2, "{:?}", row7.keywords);
        for line in figure.rows.iter().flat_map(|r| &r.keywords) {
            assert!(text_width(line, BODY_SIZE) <= columns.keywords.inner(), "{line:?}");
        }
        for line in figure.rows.iter().flat_map(|r| &r.name) {
            assert!(text_width(line, BODY_SIZE) <= columns.name.inner(), "{line:?}");
        }
        assert!(row7.height > figure.rows[7].height || figure.rows[7].keywords.len() > 1);
    }

    #[test]
    fn wrapping_breaks_words_and_characters() {
        assert_eq!(wrap("one two three", 10.0 * 0.55 * 8.0, 10.0), ["one two", "three"]);
        assert_eq!(wrap("", 100.0, 10.0), Vec::<String>::new());
        // A word wider than the line is cut.
        assert_eq!(wrap("abcdefghij", 4.0 * 5.5, 10.0), ["abcd", "efgh", "ij"]);
        // Japanese breaks between characters, never before a closing or after an opening bracket.
        assert_eq!(wrap("今後の促進条件（提案）", 80.0, 10.0), ["今後の促進条件", "（提案）"]);
        assert_eq!(wrap("評価：強、中。", 30.0, 10.0), ["評価：", "強、", "中。"]);
        // Mixed text keeps Latin words whole.
        assert_eq!(wrap("札幌IT Valley", 40.0, 10.0), ["札幌IT", "Valley"]);
    }

    /// Writes sample charts to the directory named by `CHIIKI_WRITE_SAMPLES` (for looking at them).
    #[test]
    fn write_samples() {
        let Some(dir) = std::env::var_os("CHIIKI_WRITE_SAMPLES") else { return };
        let dir = std::path::Path::new(&dir);
        for (region, lang, file) in [
            ("fukui", Lang::En, "chart-fukui.svg"),
            ("sapporo", Lang::En, "chart-sapporo.svg"),
            ("kobe", Lang::Ja, "chart-kobe-ja.svg"),
        ] {
            std::fs::write(dir.join(file), chart_svg(&study_view(region, lang))).unwrap();
        }
    }
}
