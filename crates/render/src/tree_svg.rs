//! The spin-off tree as an SVG figure, like Figure 5 of NISTEP Policy Study No. 9 (the spin-offs of
//! one anchor firm, listed companies starred).
//!
//! The tree is drawn left to right: one column per generation, the anchor on the left, each
//! organisation a rounded box with its name and founding year on one line, so that even a tree of
//! several hundred firms stays readable (about one row per leaf; the figure grows downwards). The
//! positions come from the tidy tree layout of [`crate::layout_tree`] (Buchheim, Jünger and Leipert's
//! linear-time Reingold–Tilford algorithm, 2002): parents are centred on their children, subtrees
//! are packed closely and never overlap, siblings sit closer together than cousins.
//!
//! Each box is tinted by the organisation's kind, with a strip of the kind's full colour on its
//! left (the palette of [`kind_style`], shared with the network drawing); listed firms have a bold
//! black outline, a bold name and a "★" before it. Connectors are orthogonal, with rounded corners,
//! from a parent's right edge to its children's left edges through the middle of the gap between
//! the columns. SVG has no text wrapping: names are measured with an estimate of Noto Sans' advance
//! widths (East Asian wide characters 1 em) and cut with "…" when they do not fit; every node has a
//! `<title>` child with the full name, which browsers show as a tooltip.
//!
//! Tests and other tools can rely on this structure: the root `<svg>` has `data-nodes` (the number
//! of organisations); each organisation is a `<g class="node" data-id="…" data-parent="…"
//! data-listed="true|false" data-kind="…">` (`data-parent` empty for a root) holding
//! `<rect class="box">`, `<text class="label">` (the name, possibly cut) and `<text class="year">`
//! (empty when the year is unknown); each connector is a `<path class="edge" data-from="PARENT"
//! data-to="CHILD">`.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthChar;

use crate::chart_svg::escape;
use crate::drawing::TreeDrawing;
use crate::layout_tree::tidy_tree;

/// The font stack of the figures: Noto Sans, then Japanese fonts, then any sans-serif (as the
/// chart's).
pub(crate) const FONT_FAMILY: &str = "'Noto Sans', 'Noto Sans CJK JP', 'IPAexGothic', sans-serif";

/// Ink, secondary ink and connector colours (as the chart's).
pub(crate) const INK: &str = "#1a1a1a";
pub(crate) const INK_SOFT: &str = "#555b63";
const EDGE: &str = "#8d949c";
const BOX_STROKE: &str = "#a3aab2";

/// Margin around the figure.
const MARGIN: f64 = 24.0;
/// Title, subtitle, legend, name and year sizes.
const TITLE_SIZE: f64 = 18.0;
const SUBTITLE_SIZE: f64 = 12.5;
const LEGEND_SIZE: f64 = 11.5;
const LABEL_SIZE: f64 = 12.0;
const YEAR_SIZE: f64 = 10.5;

/// A box's height, the gaps between boxes of siblings and of cousins, and between columns.
const BOX_H: f64 = 24.0;
const SIBLING_GAP: f64 = 6.0;
const COUSIN_GAP: f64 = 14.0;
const COLUMN_GAP: f64 = 44.0;
/// Bounds of a column's width.
const BOX_MIN_W: f64 = 104.0;
const BOX_MAX_W: f64 = 250.0;
/// The kind strip's width, the padding inside a box, the star's width.
const STRIP_W: f64 = 5.0;
const PAD: f64 = 8.0;
const STAR_W: f64 = 15.0;
/// The space between a name and its year.
const YEAR_GAP: f64 = 10.0;
/// The least width of the figure's content.
const MIN_CONTENT_W: f64 = 560.0;

/// The kinds of organisation in table order, with their colours and names in legends. The colours
/// are Paul Tol's "muted" qualitative scheme, distinguishable with the common colour-vision
/// deficiencies (P. Tol, "Colour schemes", SRON/EPS/TN/09-002, 2021).
pub(crate) const KINDS: [(&str, &str, &str); 9] = [
    ("startup", "#CC6677", "Start-up"),
    ("mid_sized", "#DDCC77", "Mid-sized firm"),
    ("small", "#999933", "Small firm"),
    ("large", "#332288", "Large firm"),
    ("university", "#117733", "University"),
    ("public_research", "#44AA99", "Public research"),
    ("government", "#AA4499", "Government"),
    ("support", "#88CCEE", "Support organisation"),
    ("finance", "#882255", "Finance"),
];
/// The colour of a kind not in [`KINDS`].
const OTHER_KIND: &str = "#BBBBBB";

/// The colour of `kind` and its name in legends (an unknown kind is grey and named as given).
pub(crate) fn kind_style(kind: &str) -> (&'static str, String) {
    match KINDS.iter().find(|(k, _, _)| *k == kind) {
        Some((_, colour, name)) => (colour, (*name).to_string()),
        None => (OTHER_KIND, if kind.is_empty() { "Other".to_string() } else { kind.to_string() }),
    }
}

/// The kinds of `kinds` in legend order: known kinds in table order, then others by name.
pub(crate) fn legend_kinds<'a>(kinds: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen: Vec<&str> = kinds.collect();
    seen.sort_by_key(|k| (KINDS.iter().position(|(known, _, _)| known == k).unwrap_or(KINDS.len()), *k));
    seen.dedup();
    seen
}

/// `colour` (`#rrggbb`) mixed with white, `t` of white (0–1).
fn tint(colour: &str, t: f64) -> String {
    let channel = |i: usize| u8::from_str_radix(colour.get(i..i + 2).unwrap_or("bb"), 16).unwrap_or(0xbb);
    let mix = |c: u8| (f64::from(c) * (1.0 - t) + 255.0 * t).round() as u8;
    format!("#{:02x}{:02x}{:02x}", mix(channel(1)), mix(channel(3)), mix(channel(5)))
}

// ---------------------------------------------------------------------------------------------
// Text measurement
// ---------------------------------------------------------------------------------------------

/// The estimated advance of `c` in ems in Noto Sans (East Asian wide characters 1 em).
fn char_em(c: char) -> f64 {
    match c.width() {
        Some(2) => return 1.0,
        Some(0) | None => return 0.0,
        _ => {}
    }
    match c {
        ' ' => 0.26,
        'i' | 'j' | 'l' | '\'' | '.' | ',' | ':' | ';' | '!' | '|' => 0.27,
        'f' | 't' | 'r' | 'I' | 'J' | '(' | ')' | '[' | ']' | '-' => 0.36,
        'm' | 'w' | 'M' | 'W' | '@' => 0.92,
        'A'..='Z' => 0.68,
        '0'..='9' => 0.58,
        'a'..='z' => 0.58,
        '&' => 0.72,
        _ => 0.62,
    }
}

/// The estimated width of `s` at font size `size` (bold text is about 6% wider).
pub(crate) fn text_width(s: &str, size: f64, bold: bool) -> f64 {
    let w = s.chars().map(char_em).sum::<f64>() * size;
    if bold { w * 1.06 } else { w }
}

/// `s`, cut with "…" to fit in `max` at `size`; and whether it was cut.
pub(crate) fn fit(s: &str, max: f64, size: f64, bold: bool) -> (String, bool) {
    if text_width(s, size, bold) <= max {
        return (s.to_string(), false);
    }
    let room = max - text_width("…", size, bold);
    let mut out = String::new();
    let mut width = 0.0;
    for c in s.chars() {
        let w = text_width(&c.to_string(), size, bold);
        if width + w > room {
            break;
        }
        out.push(c);
        width += w;
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('…');
    (out, true)
}

/// A coordinate with at most one decimal.
pub(crate) fn num(v: f64) -> String {
    let v = (v * 10.0).round() / 10.0;
    if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v:.1}") }
}

// ---------------------------------------------------------------------------------------------
// Layout
// ---------------------------------------------------------------------------------------------

/// One organisation, placed.
struct Placed {
    /// The box's left, top and width (the column's width).
    x: f64,
    y: f64,
    w: f64,
    label: String,
    cut: bool,
}

/// A legend item: a box sample and its words.
struct LegendItem {
    kind: Option<&'static str>,
    listed: bool,
    text: String,
    x: f64,
    y: f64,
}

/// The whole figure, laid out.
struct Figure<'a> {
    tree: &'a TreeDrawing,
    parent: Vec<Option<usize>>,
    placed: Vec<Placed>,
    legend: Vec<LegendItem>,
    width: f64,
    height: f64,
}

/// The width a node's box would like: strip, padding, star, name, year.
fn natural_width(label: &str, listed: bool, year: &str) -> f64 {
    let year_w = if year.is_empty() { 0.0 } else { YEAR_GAP + text_width(year, YEAR_SIZE, false) };
    STRIP_W + PAD + if listed { STAR_W } else { 0.0 } + text_width(label, LABEL_SIZE, listed) + year_w + PAD
}

fn year_text(year: Option<i32>) -> String {
    year.map(|y| y.to_string()).unwrap_or_default()
}

impl<'a> Figure<'a> {
    fn new(tree: &'a TreeDrawing) -> Figure<'a> {
        let nodes = &tree.nodes;
        let parents: Vec<Option<usize>> = nodes.iter().map(|n| n.parent).collect();
        let layout = {
            let parents = &parents;
            tidy_tree(parents, |a, b| BOX_H + if parents[a] == parents[b] { SIBLING_GAP } else { COUSIN_GAP })
        };

        // Columns: one per depth, as wide as its widest box wants (within bounds).
        let depths = layout.depth.iter().copied().max().map_or(0, |d| d + 1);
        let mut column_w = vec![BOX_MIN_W; depths];
        for (node, &d) in nodes.iter().zip(&layout.depth) {
            let want = natural_width(&node.label, node.listed, &year_text(node.founded));
            column_w[d] = column_w[d].max(want.min(BOX_MAX_W));
        }
        let mut column_x = Vec::with_capacity(depths);
        let mut x = MARGIN;
        for w in &column_w {
            column_x.push(x);
            x += w + COLUMN_GAP;
        }
        let tree_w = if depths == 0 { 0.0 } else { x - COLUMN_GAP - MARGIN };
        let tree_h = layout.pos.iter().copied().fold(0.0, f64::max) + if nodes.is_empty() { 0.0 } else { BOX_H };

        // The header: title, subtitle, then the legend in rows as wide as the content.
        let header_w = text_width(&tree.title, TITLE_SIZE, true).max(text_width(&tree.subtitle, SUBTITLE_SIZE, false));
        let content_w = tree_w.max(header_w).max(MIN_CONTENT_W);
        let title_y = MARGIN + TITLE_SIZE * 0.8;
        let subtitle_y = title_y + 22.0;
        let mut legend = Vec::new();
        let (mut lx, mut ly) = (MARGIN, subtitle_y + 16.0);
        let mut add = |kind: Option<&'static str>, listed: bool, text: String| {
            let w = 26.0 + if listed { STAR_W } else { 0.0 } + text_width(&text, LEGEND_SIZE, listed) + 18.0;
            if lx > MARGIN && lx + w > MARGIN + content_w {
                lx = MARGIN;
                ly += 22.0;
            }
            legend.push(LegendItem { kind, listed, text, x: lx, y: ly });
            lx += w;
        };
        for kind in legend_kinds(nodes.iter().map(|n| n.kind.as_str())) {
            let (colour, name) = kind_style(kind);
            add(Some(colour), false, name);
        }
        if nodes.iter().any(|n| n.listed) || !nodes.is_empty() {
            add(None, true, tree.listed_label.clone());
        }
        let tree_top = if legend.is_empty() { subtitle_y + 20.0 } else { ly + 16.0 + 20.0 };

        let placed = nodes
            .iter()
            .enumerate()
            .map(|(i, node)| {
                let d = layout.depth[i];
                let w = column_w[d];
                let year = year_text(node.founded);
                let year_w = if year.is_empty() { 0.0 } else { YEAR_GAP + text_width(&year, YEAR_SIZE, false) };
                let room = w - STRIP_W - 2.0 * PAD - if node.listed { STAR_W } else { 0.0 } - year_w;
                let (label, cut) = fit(&node.label, room, LABEL_SIZE, node.listed);
                Placed { x: column_x[d], y: tree_top + layout.pos[i], w, label, cut }
            })
            .collect();

        Figure {
            tree,
            parent: layout.parent,
            placed,
            legend,
            width: (content_w + 2.0 * MARGIN).ceil(),
            height: (tree_top + tree_h + MARGIN).ceil(),
        }
    }

    fn render(&self) -> String {
        let tree = self.tree;
        let mut out = String::new();
        let _ = write!(
            out,
            concat!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" "#,
                r#"data-nodes="{n}" font-family="{font}" font-size="{size}" fill="{ink}">"#,
                "\n<title>{title}</title>\n"
            ),
            w = self.width,
            h = self.height,
            n = tree.nodes.len(),
            font = FONT_FAMILY,
            size = LABEL_SIZE,
            ink = INK,
            title = escape(&tree.title),
        );
        let _ = writeln!(
            out,
            r##"<rect class="background" x="0" y="0" width="{}" height="{}" fill="#ffffff"/>"##,
            self.width, self.height
        );
        let title_y = MARGIN + TITLE_SIZE * 0.8;
        let _ = writeln!(
            out,
            r#"<text class="title" x="{}" y="{}" font-size="{TITLE_SIZE}" font-weight="700">{}</text>"#,
            num(MARGIN),
            num(title_y),
            escape(&tree.title)
        );
        let _ = writeln!(
            out,
            r#"<text class="subtitle" x="{}" y="{}" font-size="{SUBTITLE_SIZE}" fill="{INK_SOFT}">{}</text>"#,
            num(MARGIN),
            num(title_y + 22.0),
            escape(&tree.subtitle)
        );
        self.render_legend(&mut out);
        self.render_edges(&mut out);
        out.push_str("<g class=\"nodes\">\n");
        for i in 0..self.placed.len() {
            self.render_node(&mut out, i);
        }
        out.push_str("</g>\n</svg>\n");
        out
    }

    fn render_legend(&self, out: &mut String) {
        if self.legend.is_empty() {
            return;
        }
        let _ = writeln!(out, r#"<g class="legend" font-size="{LEGEND_SIZE}">"#);
        for item in &self.legend {
            let (x, y) = (item.x, item.y);
            match item.kind {
                Some(colour) => {
                    let _ = writeln!(
                        out,
                        r#"<g class="legend-kind">{}<text x="{}" y="{}">{}</text></g>"#,
                        box_shapes(x, y, 20.0, 14.0, colour, false),
                        num(x + 26.0),
                        num(y + 7.0 + 0.36 * LEGEND_SIZE),
                        escape(&item.text)
                    );
                }
                None => {
                    let _ = writeln!(
                        out,
                        r#"<g class="legend-listed">{}<text x="{}" y="{}" font-weight="700">★</text><text x="{}" y="{}" font-weight="700">{}</text></g>"#,
                        box_shapes(x, y, 20.0, 14.0, OTHER_KIND, true),
                        num(x + 26.0),
                        num(y + 7.0 + 0.36 * LEGEND_SIZE),
                        num(x + 26.0 + STAR_W),
                        num(y + 7.0 + 0.36 * LEGEND_SIZE),
                        escape(&item.text)
                    );
                }
            }
        }
        out.push_str("</g>\n");
    }

    fn render_edges(&self, out: &mut String) {
        let _ = writeln!(out, r#"<g class="edges" fill="none" stroke="{EDGE}" stroke-width="1.2">"#);
        for (i, p) in self.parent.iter().enumerate() {
            let Some(p) = *p else { continue };
            let (from, to) = (&self.placed[p], &self.placed[i]);
            let (x0, y0) = (from.x + from.w, from.y + BOX_H / 2.0);
            let (x1, y1) = (to.x, to.y + BOX_H / 2.0);
            let xm = (x0 + x1) / 2.0;
            let dy = y1 - y0;
            let d = if dy.abs() < 0.5 {
                format!("M {} {} H {}", num(x0), num(y0), num(x1))
            } else {
                let r = 6.0_f64.min(dy.abs() / 2.0).min((x1 - x0).abs() / 2.0);
                let s = dy.signum();
                format!(
                    "M {} {} H {} Q {} {} {} {} V {} Q {} {} {} {} H {}",
                    num(x0),
                    num(y0),
                    num(xm - r),
                    num(xm),
                    num(y0),
                    num(xm),
                    num(y0 + s * r),
                    num(y1 - s * r),
                    num(xm),
                    num(y1),
                    num(xm + r),
                    num(y1),
                    num(x1)
                )
            };
            let _ = writeln!(
                out,
                r#"<path class="edge" data-from="{}" data-to="{}" d="{d}"/>"#,
                escape(&self.tree.nodes[p].id),
                escape(&self.tree.nodes[i].id)
            );
        }
        out.push_str("</g>\n");
    }

    fn render_node(&self, out: &mut String, i: usize) {
        let node = &self.tree.nodes[i];
        let placed = &self.placed[i];
        let parent = self.parent[i].map(|p| self.tree.nodes[p].id.as_str()).unwrap_or_default();
        let (colour, _) = kind_style(&node.kind);
        let _ = write!(
            out,
            r#"<g class="node" data-id="{}" data-parent="{}" data-listed="{}" data-kind="{}"><title>{}</title>"#,
            escape(&node.id),
            escape(parent),
            node.listed,
            escape(&node.kind),
            escape(&node.label)
        );
        out.push_str(&box_shapes(placed.x, placed.y, placed.w, BOX_H, colour, node.listed));
        let baseline = placed.y + BOX_H / 2.0 + 0.36 * LABEL_SIZE;
        let mut x = placed.x + STRIP_W + PAD;
        if node.listed {
            let _ = write!(out, r#"<text class="marker" x="{}" y="{}" font-weight="700">★</text>"#, num(x), num(baseline));
            x += STAR_W;
        }
        let bold = if node.listed { r#" font-weight="700""# } else { "" };
        let cut = if placed.cut { r#" data-cut="true""# } else { "" };
        let _ = write!(
            out,
            r#"<text class="label" x="{}" y="{}"{bold}{cut}>{}</text>"#,
            num(x),
            num(baseline),
            escape(&placed.label)
        );
        let _ = writeln!(
            out,
            r#"<text class="year" x="{}" y="{}" text-anchor="end" font-size="{YEAR_SIZE}" fill="{INK_SOFT}">{}</text></g>"#,
            num(placed.x + placed.w - PAD),
            num(placed.y + BOX_H / 2.0 + 0.36 * YEAR_SIZE),
            year_text(node.founded)
        );
    }
}

/// A node's box: a tinted rounded rectangle with a strip of `colour` on its left; listed firms
/// have a bold black outline.
fn box_shapes(x: f64, y: f64, w: f64, h: f64, colour: &str, listed: bool) -> String {
    let r = 4.0;
    let (stroke, stroke_w) = if listed { (INK, 2.2) } else { (BOX_STROKE, 0.8) };
    format!(
        concat!(
            r#"<rect class="box" x="{x}" y="{y}" width="{w}" height="{h}" rx="{r}" fill="{fill}"/>"#,
            r#"<path class="strip" d="M {x1} {y} H {x} Q {x0} {y} {x0} {yr} V {yb} Q {x0} {y1} {x} {y1} H {x1} Z" fill="{colour}"/>"#,
            r#"<rect class="outline" x="{x0}" y="{y}" width="{w}" height="{h}" rx="{r}" fill="none" stroke="{stroke}" stroke-width="{sw}"/>"#,
        ),
        x = num(x + r),
        x0 = num(x),
        x1 = num(x + STRIP_W.min(w)),
        y = num(y),
        y1 = num(y + h),
        yr = num(y + r),
        yb = num(y + h - r),
        w = num(w),
        h = num(h),
        r = r,
        fill = tint(colour, 0.8),
        colour = colour,
        stroke = stroke,
        sw = stroke_w,
    )
}

/// The tree as a standalone SVG document: a tidy tree drawn left to right, one box per
/// organisation with its name and founding year, listed firms starred and outlined in bold.
///
/// ```
/// use chiiki_render::{TreeDrawing, TreeDrawingNode, spinoff_tree_svg};
///
/// let node = |id: &str, parent, listed| TreeDrawingNode {
///     label: id.to_uppercase(),
///     id: id.into(),
///     founded: Some(1970),
///     listed,
///     kind: "startup".into(),
///     parent,
/// };
/// let tree = TreeDrawing {
///     title: "Spin-offs of A".into(),
///     subtitle: "2 spin-offs".into(),
///     nodes: vec![node("a", None, true), node("b", Some(0), false), node("c", Some(0), true)],
///     listed_label: "Listed".into(),
/// };
/// let svg = spinoff_tree_svg(&tree);
/// assert!(svg.contains(r#"data-nodes="3""#));
/// assert!(svg.contains(r#"<path class="edge" data-from="a" data-to="c""#));
/// ```
pub fn spinoff_tree_svg(tree: &TreeDrawing) -> String {
    Figure::new(tree).render()
}
