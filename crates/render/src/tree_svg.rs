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
    if text_width(s, size, bold) <= max + 1e-6 {
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
    /// The kind's colour, or `None` for the listed firms' sample.
    kind: Option<&'static str>,
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
    let star = if listed { STAR_W } else { 0.0 };
    STRIP_W + PAD + star + text_width(label, LABEL_SIZE, listed) + year_w + PAD
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
            let star = if listed { STAR_W } else { 0.0 };
            let w = 26.0 + star + text_width(&text, LEGEND_SIZE, listed) + 18.0;
            if lx > MARGIN && lx + w > MARGIN + content_w {
                lx = MARGIN;
                ly += 22.0;
            }
            legend.push(LegendItem { kind, text, x: lx, y: ly });
            lx += w;
        };
        for kind in legend_kinds(nodes.iter().map(|n| n.kind.as_str())) {
            let (colour, name) = kind_style(kind);
            add(Some(colour), false, name);
        }
        if !nodes.is_empty() {
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
                let star = if node.listed { STAR_W } else { 0.0 };
                let room = w - STRIP_W - 2.0 * PAD - star - year_w;
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
            let _ =
                write!(out, r#"<text class="marker" x="{}" y="{}" font-weight="700">★</text>"#, num(x), num(baseline));
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
            r#"<rect class="box" x="{x0}" y="{y}" width="{w}" height="{h}" rx="{r}" fill="{fill}"/>"#,
            r#"<path class="strip" d="M {x1} {y} H {xr} Q {x0} {y} {x0} {yr} V {yb} Q {x0} {y1} {xr} {y1} H {x1} Z" fill="{colour}"/>"#,
            r#"<rect class="outline" x="{x0}" y="{y}" width="{w}" height="{h}" rx="{r}" fill="none" stroke="{stroke}" stroke-width="{sw}"/>"#,
        ),
        xr = num(x + r),
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

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::drawing::TreeDrawingNode;

    /// A SplitMix64 step (tests' own random numbers).
    fn next(state: &mut u64) -> u64 {
        *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn node(
        id: &str,
        label: &str,
        founded: Option<i32>,
        listed: bool,
        kind: &str,
        parent: Option<usize>,
    ) -> TreeDrawingNode {
        TreeDrawingNode { label: label.into(), id: id.into(), founded, listed, kind: kind.into(), parent }
    }

    fn drawing(title: &str, nodes: Vec<TreeDrawingNode>) -> TreeDrawing {
        TreeDrawing {
            title: title.into(),
            subtitle: format!("{} spin-offs; ★ listed", nodes.len().saturating_sub(1)),
            nodes,
            listed_label: "Listed".into(),
        }
    }

    /// A small illustrative tree in the manner of the study's Figure 5 (invented firms).
    fn small_tree() -> TreeDrawing {
        let nodes = vec![
            node("motor", "Enshu Motor Co.", Some(1955), true, "large", None),
            node("optic", "Optic Works", Some(1975), false, "startup", Some(0)),
            node("lens", "Lens & Mirror <Lab>", Some(1983), false, "small", Some(1)),
            node("photon", "Photon Devices", Some(1979), true, "mid_sized", Some(0)),
            node("tenryu", "天竜精機株式会社", Some(1981), false, "mid_sized", Some(3)),
            node("laser", "Laser Systems Hamamatsu", Some(1990), false, "startup", Some(3)),
            node(
                "cut",
                "Precision Cutting Tools and Advanced Surface Engineering International",
                None,
                true,
                "small",
                Some(3),
            ),
            node("marine", "Marine Engines", Some(1986), false, "mid_sized", Some(0)),
            node("boat", "Boat Design", Some(1992), false, "startup", Some(7)),
            node("sail", "Sailcloth Research", Some(1998), false, "public_research", Some(8)),
            node("fund", "Enshu Ventures", Some(2001), false, "finance", Some(0)),
        ];
        drawing("Spin-off tree of Enshu Motor Co.", nodes)
    }

    /// A tree of `n` organisations, 2–6 generations, fan-outs from 0 to 12, in depth-first order.
    fn generated_tree(n: usize, seed: u64) -> TreeDrawing {
        const FIRST: [&str; 16] = [
            "Enshu",
            "Tenryu",
            "Hamana",
            "Sanen",
            "Mikatahara",
            "Kosai",
            "Iwata",
            "Fukuroi",
            "Kakegawa",
            "Hikuma",
            "Sakuma",
            "Nakatajima",
            "Maisaka",
            "Araimachi",
            "Hosoe",
            "Inasa",
        ];
        const SECOND: [&str; 14] = [
            "Optics",
            "Precision",
            "Motor Parts",
            "Photonics",
            "Electronics",
            "Devices",
            "Software",
            "Instruments",
            "Materials",
            "Robotics",
            "Acoustics",
            "Machine Tools",
            "Medical Systems",
            "Laser Works",
        ];
        const KIND: [&str; 5] = ["startup", "small", "mid_sized", "startup", "large"];
        let mut state = seed;
        // Grow breadth-first with random fan-outs, then order depth-first.
        let mut parent: Vec<Option<usize>> = vec![None];
        let mut depth = vec![0usize];
        let mut queue = std::collections::VecDeque::from([0usize]);
        while parent.len() < n {
            let v = queue.pop_front().unwrap_or(0);
            let max = match depth[v] {
                0 => 12,
                1 => 7,
                2 => 5,
                3 => 4,
                4 => 3,
                _ => 0,
            };
            let fan = if max == 0 { 0 } else { (next(&mut state) % (max + 1)) as usize };
            for _ in 0..fan {
                if parent.len() == n {
                    break;
                }
                parent.push(Some(v));
                depth.push(depth[v] + 1);
                queue.push_back(parent.len() - 1);
            }
        }
        let mut children = vec![Vec::new(); n];
        for (i, p) in parent.iter().enumerate() {
            if let Some(p) = *p {
                children[p].push(i);
            }
        }
        let mut order = Vec::with_capacity(n);
        let mut stack = vec![0usize];
        while let Some(v) = stack.pop() {
            order.push(v);
            stack.extend(children[v].iter().rev());
        }
        let mut new_index = vec![0; n];
        for (i, &v) in order.iter().enumerate() {
            new_index[v] = i;
        }
        // Each firm founded 2–13 years after its parent; the anchor is a listed large firm.
        let mut founded = vec![1955; n];
        let mut nodes: Vec<TreeDrawingNode> = Vec::with_capacity(n);
        for &v in &order {
            let r = next(&mut state);
            let label = format!("{} {}", FIRST[(r % 16) as usize], SECOND[((r >> 8) % 14) as usize]);
            if let Some(p) = parent[v] {
                founded[v] = founded[p] + 2 + ((r >> 16) % 12) as i32;
            }
            let root = parent[v].is_none();
            let listed = root || (r >> 24).is_multiple_of(7);
            let kind = if root { "large" } else { KIND[((r >> 32) % 5) as usize] };
            let parent = parent[v].map(|p| new_index[p]);
            nodes.push(node(&format!("f{v}"), &label, Some(founded[v]), listed, kind, parent));
        }
        drawing("Spin-off tree of Enshu Motor Co. (generated, 300 firms)", nodes)
    }

    fn parse(svg: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(svg).unwrap()
    }

    fn with_class<'a, 'i>(doc: &'a roxmltree::Document<'i>, tag: &str, class: &str) -> Vec<roxmltree::Node<'a, 'i>> {
        doc.descendants().filter(|n| n.has_tag_name(tag) && n.attribute("class") == Some(class)).collect()
    }

    fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, tag: &str, class: &str) -> Option<roxmltree::Node<'a, 'i>> {
        node.children().find(|c| c.has_tag_name(tag) && c.attribute("class") == Some(class))
    }

    fn f(node: roxmltree::Node, attribute: &str) -> f64 {
        node.attribute(attribute).unwrap().parse().unwrap()
    }

    /// Checks the structure against `tree` and that no two boxes overlap; returns the boxes.
    fn check(tree: &TreeDrawing) -> Vec<(f64, f64, f64, f64)> {
        let svg = spinoff_tree_svg(tree);
        let doc = parse(&svg);
        let root = doc.root_element();
        assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2000/svg"));
        assert_eq!(root.attribute("data-nodes"), Some(tree.nodes.len().to_string().as_str()));
        let (w, h) = (f(root, "width"), f(root, "height"));
        assert_eq!(root.attribute("viewBox"), Some(format!("0 0 {w} {h}").as_str()));

        let nodes = with_class(&doc, "g", "node");
        assert_eq!(nodes.len(), tree.nodes.len());
        let mut boxes = Vec::new();
        for (g, n) in nodes.iter().zip(&tree.nodes) {
            assert_eq!(g.attribute("data-id"), Some(n.id.as_str()));
            let parent = n.parent.map(|p| tree.nodes[p].id.as_str()).unwrap_or_default();
            assert_eq!(g.attribute("data-parent"), Some(parent));
            assert_eq!(g.attribute("data-listed"), Some(if n.listed { "true" } else { "false" }));
            assert_eq!(child(*g, "text", "marker").is_some(), n.listed, "{}", n.id);
            let label = child(*g, "text", "label").unwrap().text().unwrap_or_default();
            if label != n.label {
                assert!(label.ends_with('…') && n.label.starts_with(label.trim_end_matches('…')), "{label:?}");
            }
            let title = g.children().find(|c| c.has_tag_name("title")).unwrap();
            assert_eq!(title.text().unwrap_or_default(), n.label);
            let year = child(*g, "text", "year").unwrap().text().unwrap_or_default().to_string();
            assert_eq!(year, n.founded.map(|y| y.to_string()).unwrap_or_default());
            let b = child(*g, "rect", "box").unwrap();
            let bx = (f(b, "x"), f(b, "y"), f(b, "width"), f(b, "height"));
            assert!(bx.0 >= 0.0 && bx.1 >= 0.0 && bx.0 + bx.2 <= w && bx.1 + bx.3 <= h, "{bx:?} in {w}×{h}");
            // The name and year fit in the box.
            let listed_extra = if n.listed { STAR_W } else { 0.0 };
            let used = STRIP_W
                + 2.0 * PAD
                + listed_extra
                + text_width(label, LABEL_SIZE, n.listed)
                + if year.is_empty() { 0.0 } else { YEAR_GAP + text_width(&year, YEAR_SIZE, false) };
            assert!(used <= bx.2 + 0.5, "{label:?}: {used} > {}", bx.2);
            boxes.push(bx);
        }
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                let apart = a.0 + a.2 <= b.0 || b.0 + b.2 <= a.0 || a.1 + a.3 <= b.1 || b.1 + b.3 <= a.1;
                assert!(apart, "boxes {a:?} and {b:?} overlap");
            }
        }

        let edges = with_class(&doc, "path", "edge");
        let with_parent: Vec<&TreeDrawingNode> = tree.nodes.iter().filter(|n| n.parent.is_some()).collect();
        assert_eq!(edges.len(), with_parent.len());
        let ids: HashMap<&str, usize> = tree.nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
        for e in &edges {
            let (from, to) = (ids[e.attribute("data-from").unwrap()], ids[e.attribute("data-to").unwrap()]);
            assert_eq!(tree.nodes[to].parent, Some(from));
        }
        boxes
    }

    #[test]
    fn small_tree_structure_and_escaping() {
        let tree = small_tree();
        check(&tree);
        let svg = spinoff_tree_svg(&tree);
        let doc = parse(&svg);
        assert!(svg.contains("Lens &amp; Mirror &lt;Lab&gt;"));
        assert!(svg.contains(">天竜精機株式会社</text>"));
        assert!(svg.contains("font-family=\"'Noto Sans', 'Noto Sans CJK JP', 'IPAexGothic', sans-serif\""));
        // The long name is cut, its full text in the title.
        let cut = with_class(&doc, "g", "node").into_iter().find(|g| g.attribute("data-id") == Some("cut")).unwrap();
        let label = child(cut, "text", "label").unwrap();
        assert!(label.text().unwrap().ends_with('…'));
        assert_eq!(label.attribute("data-cut"), Some("true"));
        // Title, subtitle, legend with the kinds present and "Listed".
        assert_eq!(with_class(&doc, "text", "title")[0].text(), Some(tree.title.as_str()));
        assert_eq!(with_class(&doc, "text", "subtitle")[0].text(), Some(tree.subtitle.as_str()));
        let legend: Vec<String> = with_class(&doc, "g", "legend")[0]
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text().map(str::to_string))
            .collect();
        assert_eq!(
            legend,
            ["Start-up", "Mid-sized firm", "Small firm", "Large firm", "Public research", "Finance", "★", "Listed"]
        );
        // Listed boxes have the bold outline.
        for g in with_class(&doc, "g", "node") {
            let outline = child(g, "rect", "outline").unwrap();
            let bold = outline.attribute("stroke-width") == Some("2.2");
            assert_eq!(bold, g.attribute("data-listed") == Some("true"));
        }
    }

    #[test]
    fn parents_are_left_of_children_and_centred() {
        let tree = small_tree();
        let boxes = check(&tree);
        for (i, n) in tree.nodes.iter().enumerate() {
            if let Some(p) = n.parent {
                assert!(boxes[p].0 + boxes[p].2 + COLUMN_GAP <= boxes[i].0 + 1e-9);
            }
            let kids: Vec<usize> = (0..tree.nodes.len()).filter(|&c| tree.nodes[c].parent == Some(i)).collect();
            if let (Some(&a), Some(&b)) = (kids.first(), kids.last()) {
                assert!((boxes[i].1 - (boxes[a].1 + boxes[b].1) / 2.0).abs() < 0.2);
            }
        }
    }

    #[test]
    fn three_hundred_firms() {
        let tree = generated_tree(300, 7);
        assert_eq!(tree.nodes.len(), 300);
        let boxes = check(&tree);
        let columns: std::collections::BTreeSet<u64> = boxes.iter().map(|b| b.0.to_bits()).collect();
        assert!((3..=7).contains(&columns.len()), "{} generations", columns.len());
        // About one row per leaf, not more.
        let leaves = (0..300).filter(|&i| !tree.nodes.iter().any(|n| n.parent == Some(i))).count();
        let rows =
            boxes.iter().map(|b| b.1 + b.3).fold(0.0, f64::max) - boxes.iter().map(|b| b.1).fold(f64::MAX, f64::min);
        assert!(rows <= leaves as f64 * (BOX_H + COUSIN_GAP), "{rows} for {leaves} leaves");
    }

    #[test]
    fn long_chain_does_not_overflow() {
        let nodes: Vec<TreeDrawingNode> = (0..5000usize)
            .map(|i| {
                node(
                    &format!("n{i}"),
                    &format!("Firm {i}"),
                    Some(1900 + (i % 120) as i32),
                    i % 50 == 0,
                    "startup",
                    i.checked_sub(1),
                )
            })
            .collect();
        let tree = drawing("A chain", nodes);
        let svg = spinoff_tree_svg(&tree);
        let doc = parse(&svg);
        assert_eq!(with_class(&doc, "g", "node").len(), 5000);
        assert_eq!(with_class(&doc, "path", "edge").len(), 4999);
    }

    #[test]
    fn empty_and_single_trees() {
        let empty = drawing("Nothing", Vec::new());
        let svg = spinoff_tree_svg(&empty);
        let doc = parse(&svg);
        assert_eq!(doc.root_element().attribute("data-nodes"), Some("0"));
        assert!(with_class(&doc, "g", "node").is_empty());
        let one = drawing("One", vec![node("a", "Alone", None, false, "", None)]);
        check(&one);
        let svg = spinoff_tree_svg(&one);
        assert!(svg.contains(r#"<text class="year" x="#) && svg.contains("></text></g>"));
    }

    #[test]
    fn bad_parent_links_draw_as_roots() {
        let nodes = vec![
            node("a", "A", Some(1990), false, "startup", None),
            node("b", "B", Some(1991), false, "startup", Some(0)),
            node("c", "C", Some(1992), false, "startup", Some(9)),
            node("d", "D", Some(1993), false, "startup", Some(3)),
        ];
        let svg = spinoff_tree_svg(&drawing("Forest", nodes));
        let doc = parse(&svg);
        let parents: Vec<&str> =
            with_class(&doc, "g", "node").iter().map(|g| g.attribute("data-parent").unwrap()).collect();
        assert_eq!(parents, ["", "a", "", ""]);
        assert_eq!(with_class(&doc, "path", "edge").len(), 1);
    }

    #[test]
    fn output_is_deterministic() {
        let tree = generated_tree(300, 11);
        assert_eq!(spinoff_tree_svg(&tree), spinoff_tree_svg(&tree.clone()));
    }

    #[test]
    fn names_are_cut_to_fit() {
        assert_eq!(fit("Optic Works", 200.0, 12.0, false), ("Optic Works".to_string(), false));
        let (cut, was_cut) = fit("Precision Cutting Tools International", 100.0, 12.0, false);
        assert!(was_cut && cut.ends_with('…') && text_width(&cut, 12.0, false) <= 100.0, "{cut}");
        let (cut, _) = fit("浜松ホトニクス株式会社", 60.0, 12.0, false);
        assert_eq!(cut, "浜松ホト…");
        assert_eq!(tint("#000000", 0.5), "#808080");
    }

    /// Writes sample trees to the directory named by `CHIIKI_WRITE_SAMPLES` (for looking at them).
    #[test]
    fn write_samples() {
        let Some(dir) = std::env::var_os("CHIIKI_WRITE_SAMPLES") else { return };
        let dir = std::path::Path::new(&dir);
        std::fs::write(dir.join("tree-small.svg"), spinoff_tree_svg(&small_tree())).unwrap();
        std::fs::write(dir.join("tree-300.svg"), spinoff_tree_svg(&generated_tree(300, 7))).unwrap();
    }
}
