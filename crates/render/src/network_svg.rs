//! The joint-research network as an SVG figure (force-directed layout).
//!
//! The positions come from [`crate::layout_force`]: Fruchterman and Reingold's spring embedder
//! (1991) with grid-based repulsion, seeded with the drawing's seed (SplitMix64), each connected
//! component laid out on its own and the components packed side by side, largest first. The layout
//! is scaled uniformly into the canvas, which grows with the number of nodes.
//!
//! Nodes are circles coloured by kind (Paul Tol's colour-blind-safe "muted" scheme, shared with the
//! tree drawing, see [`crate::tree_svg::kind_style`]), their radius growing with the square root of
//! `size` above a minimum that keeps every node visible. Brokers have a thick dark ring and always
//! a label, in bold. Other nodes are labelled when the network has at most 60 nodes, otherwise only
//! the largest few. Labels go right, left, above or below their node, wherever they overlap other
//! labels and nodes least, with a white halo over the edges. Edges are light grey lines, wider for
//! heavier weights. A legend names the kinds present and the broker ring.
//!
//! Tests and other tools can rely on this structure: the root `<svg>` has `data-nodes` and
//! `data-edges` (the edges drawn: both ends valid and distinct); each node is a `<g class="node"
//! data-id="…" data-kind="…" data-broker="true|false">` whose first `<circle>` is the node (`cx`,
//! `cy`, `r`), drawn largest first so that small nodes stay on top; each edge is a `<line
//! class="edge" data-from="…" data-to="…">`; each label is a `<text class="label" data-id="…">`.

use std::fmt::Write as _;

use crate::chart_svg::escape;
use crate::drawing::NetworkDrawing;
use crate::layout_force::{bounds, force_layout};
use crate::tree_svg::{FONT_FAMILY, INK, INK_SOFT, kind_style, legend_kinds, num, text_width};

/// Margin around the figure.
const MARGIN: f64 = 24.0;
/// Title, subtitle, legend and label sizes.
const TITLE_SIZE: f64 = 18.0;
const SUBTITLE_SIZE: f64 = 12.5;
const LEGEND_SIZE: f64 = 11.5;
const LABEL_SIZE: f64 = 11.0;
/// The most nodes for which every node is labelled.
const LABEL_ALL: usize = 60;
/// How many of the largest non-brokers are labelled in bigger networks.
const LABEL_TOP: usize = 12;
/// The least width of the figure's content.
const MIN_CONTENT_W: f64 = 600.0;
/// Edge colour.
const EDGE: &str = "#aab1b9";

/// One node, placed.
struct Placed {
    x: f64,
    y: f64,
    r: f64,
}

/// A label, placed: its node, anchor point (baseline), alignment and weight.
struct Label {
    node: usize,
    x: f64,
    y: f64,
    anchor: &'static str,
    bold: bool,
}

/// The network as a standalone SVG document: a force-directed drawing with nodes coloured by kind,
/// sized by `size`, brokers ringed and labelled.
///
/// ```
/// use chiiki_render::{NetworkDrawing, NetworkDrawingNode, network_svg};
///
/// let node = |id: &str, kind: &str, broker| NetworkDrawingNode {
///     id: id.into(),
///     label: id.to_uppercase(),
///     kind: kind.into(),
///     size: 1.0,
///     broker,
/// };
/// let network = NetworkDrawing {
///     title: "Joint research".into(),
///     subtitle: "3 organisations".into(),
///     nodes: vec![node("u", "university", true), node("a", "startup", false), node("b", "large", false)],
///     edges: vec![(0, 1, 2.0), (0, 2, 1.0)],
///     seed: 1,
/// };
/// let svg = network_svg(&network);
/// assert!(svg.contains(r#"data-nodes="3" data-edges="2""#));
/// assert!(svg.contains(r#"data-id="u" data-kind="university" data-broker="true""#));
/// ```
pub fn network_svg(network: &NetworkDrawing) -> String {
    let nodes = &network.nodes;
    let n = nodes.len();
    let edges: Vec<(usize, usize, f64)> =
        network.edges.iter().copied().filter(|&(a, b, _)| a < n && b < n && a != b).collect();
    let layout = force_layout(n, &edges, network.seed);
    let (_, extent) = bounds(&layout);

    // Sizes: the canvas grows with the square root of the number of nodes; at most 90 px per k.
    let target_w = (360.0 + 40.0 * (n as f64).sqrt()).clamp(560.0, 2000.0);
    let scale = (target_w / extent[0].max(1e-9)).min(target_w * 1.2 / extent[1].max(1e-9)).min(90.0);
    let r_min = match n {
        0..=60 => 5.0,
        61..=500 => 3.5,
        _ => 2.8,
    };
    let r_max = (scale * 0.55).clamp(r_min + 4.0, 20.0);
    let max_size = nodes.iter().map(|v| v.size).filter(|s| s.is_finite()).fold(0.0, f64::max);
    let radius = |size: f64| {
        let s = if size.is_finite() && size > 0.0 && max_size > 0.0 { size / max_size } else { 0.0 };
        r_min + (r_max - r_min) * s.sqrt()
    };
    let pad = r_max + 6.0;
    let plot_w = extent[0] * scale + 2.0 * pad;
    let plot_h = extent[1] * scale + 2.0 * pad;

    // Header and legend.
    let header_w =
        text_width(&network.title, TITLE_SIZE, true).max(text_width(&network.subtitle, SUBTITLE_SIZE, false));
    let content_w = plot_w.max(header_w).max(MIN_CONTENT_W);
    let width = (content_w + 2.0 * MARGIN).ceil();
    let title_y = MARGIN + TITLE_SIZE * 0.8;
    let subtitle_y = title_y + 22.0;
    let mut legend: Vec<(Option<&'static str>, String, f64, f64)> = Vec::new();
    let (mut lx, mut ly) = (MARGIN, subtitle_y + 24.0);
    let mut add = |colour: Option<&'static str>, text: String, bold: bool| {
        let w = 20.0 + text_width(&text, LEGEND_SIZE, bold) + 18.0;
        if lx > MARGIN && lx + w > MARGIN + content_w {
            lx = MARGIN;
            ly += 20.0;
        }
        legend.push((colour, text, lx, ly));
        lx += w;
    };
    for kind in legend_kinds(nodes.iter().map(|v| v.kind.as_str())) {
        let (colour, name) = kind_style(kind);
        add(Some(colour), name, false);
    }
    if nodes.iter().any(|v| v.broker) {
        add(None, "Broker".to_string(), true);
    }
    let note_y = if legend.is_empty() { subtitle_y + 24.0 } else { ly + 20.0 };
    let note = "Circle size: betweenness; line width: shared projects";
    let plot_top = note_y + 12.0;
    let plot_left = MARGIN + (content_w - plot_w) / 2.0;
    let height = (plot_top + plot_h + MARGIN).ceil();

    let placed: Vec<Placed> = layout
        .iter()
        .zip(nodes)
        .map(|(p, v)| Placed { x: plot_left + pad + p[0] * scale, y: plot_top + pad + p[1] * scale, r: radius(v.size) })
        .collect();

    let mut out = String::new();
    let _ = write!(
        out,
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" "#,
            r#"data-nodes="{n}" data-edges="{m}" font-family="{font}" font-size="{size}" fill="{ink}">"#,
            "\n<title>{title}</title>\n"
        ),
        w = width,
        h = height,
        n = n,
        m = edges.len(),
        font = FONT_FAMILY,
        size = LABEL_SIZE,
        ink = INK,
        title = escape(&network.title),
    );
    let _ =
        writeln!(out, r##"<rect class="background" x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>"##);
    let _ = writeln!(
        out,
        r#"<text class="title" x="{}" y="{}" font-size="{TITLE_SIZE}" font-weight="700">{}</text>"#,
        num(MARGIN),
        num(title_y),
        escape(&network.title)
    );
    let _ = writeln!(
        out,
        r#"<text class="subtitle" x="{}" y="{}" font-size="{SUBTITLE_SIZE}" fill="{INK_SOFT}">{}</text>"#,
        num(MARGIN),
        num(subtitle_y),
        escape(&network.subtitle)
    );

    // Legend.
    let _ = writeln!(out, r#"<g class="legend" font-size="{LEGEND_SIZE}">"#);
    for (colour, text, x, y) in &legend {
        let (cx, cy) = (x + 6.0, y - 0.36 * LEGEND_SIZE);
        match colour {
            Some(colour) => {
                let _ = writeln!(
                    out,
                    r##"<g class="legend-kind"><circle cx="{}" cy="{}" r="6" fill="{colour}" stroke="#ffffff"/><text x="{}" y="{}">{}</text></g>"##,
                    num(cx),
                    num(cy),
                    num(x + 16.0),
                    num(*y),
                    escape(text)
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    r##"<g class="legend-broker"><circle cx="{}" cy="{}" r="5" fill="#dddddd"/><circle cx="{}" cy="{}" r="7.2" fill="none" stroke="{INK}" stroke-width="2.4"/><text x="{}" y="{}" font-weight="700">{}</text></g>"##,
                    num(cx),
                    num(cy),
                    num(cx),
                    num(cy),
                    num(x + 16.0),
                    num(*y),
                    escape(text)
                );
            }
        }
    }
    if n > 0 {
        let _ = writeln!(
            out,
            r#"<text class="note" x="{}" y="{}" fill="{INK_SOFT}">{note}</text>"#,
            num(MARGIN),
            num(note_y)
        );
    }
    out.push_str("</g>\n");

    // Edges, heaviest on top.
    let max_weight = edges.iter().map(|e| e.2).filter(|w| w.is_finite()).fold(0.0, f64::max);
    let mut edge_order: Vec<usize> = (0..edges.len()).collect();
    edge_order.sort_by(|&a, &b| edges[a].2.total_cmp(&edges[b].2).then(a.cmp(&b)));
    let _ = writeln!(out, r#"<g class="edges" stroke="{EDGE}" stroke-linecap="round">"#);
    for i in edge_order {
        let (a, b, w) = edges[i];
        let share = if w.is_finite() && w > 0.0 && max_weight > 0.0 { w / max_weight } else { 0.0 };
        let _ = writeln!(
            out,
            r#"<line class="edge" data-from="{}" data-to="{}" x1="{}" y1="{}" x2="{}" y2="{}" stroke-width="{}"/>"#,
            escape(&nodes[a].id),
            escape(&nodes[b].id),
            num(placed[a].x),
            num(placed[a].y),
            num(placed[b].x),
            num(placed[b].y),
            num(0.6 + 2.6 * share.sqrt())
        );
    }
    out.push_str("</g>\n");

    // Nodes, largest first.
    let mut node_order: Vec<usize> = (0..n).collect();
    node_order.sort_by(|&a, &b| placed[b].r.total_cmp(&placed[a].r).then(a.cmp(&b)));
    out.push_str("<g class=\"nodes\">\n");
    for &i in &node_order {
        let (v, p) = (&nodes[i], &placed[i]);
        let (colour, _) = kind_style(&v.kind);
        let _ = write!(
            out,
            r##"<g class="node" data-id="{}" data-kind="{}" data-broker="{}"><title>{}</title><circle cx="{}" cy="{}" r="{}" fill="{colour}" stroke="#ffffff" stroke-width="1"/>"##,
            escape(&v.id),
            escape(&v.kind),
            v.broker,
            escape(&v.label),
            num(p.x),
            num(p.y),
            num(p.r)
        );
        if v.broker {
            let _ = write!(
                out,
                r#"<circle class="ring" cx="{}" cy="{}" r="{}" fill="none" stroke="{INK}" stroke-width="2.6"/>"#,
                num(p.x),
                num(p.y),
                num(p.r + 3.0)
            );
        }
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n");

    // Labels.
    let labels = place_labels(network, &placed, width, height, plot_top);
    let _ = writeln!(
        out,
        r##"<g class="labels" font-size="{LABEL_SIZE}" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">"##
    );
    for l in &labels {
        let bold = if l.bold { r#" font-weight="700""# } else { "" };
        let anchor = if l.anchor == "start" { String::new() } else { format!(r#" text-anchor="{}""#, l.anchor) };
        let _ = writeln!(
            out,
            r#"<text class="label" data-id="{}" x="{}" y="{}"{anchor}{bold}>{}</text>"#,
            escape(&nodes[l.node].id),
            num(l.x),
            num(l.y),
            escape(&nodes[l.node].label)
        );
    }
    out.push_str("</g>\n</svg>\n");
    out
}

/// Which nodes get labels, and where: brokers first, then by size. Each label takes the position
/// around its node that overlaps placed labels (heavily) and other nodes (lightly) least and stays
/// inside the plot.
fn place_labels(network: &NetworkDrawing, placed: &[Placed], width: f64, height: f64, top: f64) -> Vec<Label> {
    let nodes = &network.nodes;
    let n = nodes.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        nodes[b].broker.cmp(&nodes[a].broker).then(nodes[b].size.total_cmp(&nodes[a].size)).then(a.cmp(&b))
    });
    let chosen: Vec<usize> = if n <= LABEL_ALL {
        order
    } else {
        let brokers = order.iter().filter(|&&i| nodes[i].broker).count();
        order.into_iter().take(brokers + LABEL_TOP).collect()
    };

    // Nodes bucketed for the overlap test.
    let cell = 40.0;
    let mut buckets: std::collections::HashMap<(i64, i64), Vec<usize>> = std::collections::HashMap::new();
    for (i, p) in placed.iter().enumerate() {
        buckets.entry(((p.x / cell).floor() as i64, (p.y / cell).floor() as i64)).or_default().push(i);
    }
    let mut boxes: Vec<[f64; 4]> = Vec::new();
    let mut labels = Vec::new();
    for i in chosen {
        let p = &placed[i];
        let bold = nodes[i].broker;
        let w = text_width(&nodes[i].label, LABEL_SIZE, bold);
        let h = LABEL_SIZE * 1.2;
        let gap = p.r + if bold { 5.0 } else { 3.0 };
        let base = 0.36 * LABEL_SIZE;
        // (anchor x, baseline y, alignment, box left)
        let candidates: [(f64, f64, &'static str, f64, f64); 6] = [
            (p.x + gap, p.y + base, "start", p.x + gap, p.y - h / 2.0),
            (p.x - gap, p.y + base, "end", p.x - gap - w, p.y - h / 2.0),
            (p.x, p.y - gap - 0.3 * LABEL_SIZE, "middle", p.x - w / 2.0, p.y - gap - h),
            (p.x, p.y + gap + 0.95 * LABEL_SIZE, "middle", p.x - w / 2.0, p.y + gap),
            (p.x + gap * 0.7, p.y - gap * 0.7, "start", p.x + gap * 0.7, p.y - gap * 0.7 - h + base),
            (p.x + gap * 0.7, p.y + gap * 0.7 + h - base, "start", p.x + gap * 0.7, p.y + gap * 0.7),
        ];
        let mut best: Option<(f64, usize)> = None;
        for (k, &(_, _, _, bx, by)) in candidates.iter().enumerate() {
            let b = [bx, by, bx + w, by + h];
            let mut cost = k as f64 * 0.01;
            if b[0] < 2.0 || b[2] > width - 2.0 || b[1] < top || b[3] > height - 2.0 {
                cost += 1000.0;
            }
            cost += boxes.iter().map(|o| overlap(&b, o)).sum::<f64>() * 10.0;
            let (cx0, cx1) = ((b[0] / cell).floor() as i64 - 1, (b[2] / cell).floor() as i64 + 1);
            let (cy0, cy1) = ((b[1] / cell).floor() as i64 - 1, (b[3] / cell).floor() as i64 + 1);
            for gx in cx0..=cx1 {
                for gy in cy0..=cy1 {
                    for &j in buckets.get(&(gx, gy)).map(Vec::as_slice).unwrap_or_default() {
                        if j != i {
                            let q = &placed[j];
                            cost += overlap(&b, &[q.x - q.r, q.y - q.r, q.x + q.r, q.y + q.r]);
                        }
                    }
                }
            }
            if best.is_none_or(|(c, _)| cost < c) {
                best = Some((cost, k));
            }
        }
        let (_, k) = best.unwrap_or((0.0, 0));
        let (x, y, anchor, bx, by) = candidates[k];
        boxes.push([bx, by, bx + w, by + h]);
        labels.push(Label { node: i, x, y, anchor, bold });
    }
    labels
}

/// The area where two boxes `[x0, y0, x1, y1]` overlap.
fn overlap(a: &[f64; 4], b: &[f64; 4]) -> f64 {
    let w = a[2].min(b[2]) - a[0].max(b[0]);
    let h = a[3].min(b[3]) - a[1].max(b[1]);
    if w > 0.0 && h > 0.0 { w * h } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use super::*;
    use crate::drawing::NetworkDrawingNode;
    use crate::layout_force::SplitMix64;

    fn node(id: &str, label: &str, kind: &str, size: f64, broker: bool) -> NetworkDrawingNode {
        NetworkDrawingNode { id: id.into(), label: label.into(), kind: kind.into(), size, broker }
    }

    /// A small illustrative network (invented organisations) with a Japanese name.
    fn small_network() -> NetworkDrawing {
        let nodes = vec![
            node("uni", "Shizuoka University", "university", 0.42, true),
            node("inst", "Photonics Institute", "public_research", 0.18, false),
            node("city", "浜松市産業振興課", "government", 0.05, false),
            node("tlo", "Hamamatsu TLO", "support", 0.30, true),
            node("vc", "Enshu Capital", "finance", 0.08, false),
            node("motor", "Enshu Motor Co.", "large", 0.22, false),
            node("optic", "Optic Works", "startup", 0.02, false),
            node("photon", "Photon Devices", "mid_sized", 0.10, false),
            node("laser", "Laser Systems", "startup", 0.0, false),
            node("lens", "Lens & Mirror <Lab>", "small", 0.0, false),
            node("marine", "Marine Engines", "mid_sized", 0.04, false),
            node("boat", "Boat Design", "startup", 0.0, false),
            node("sensor", "Sensor Lab", "startup", 0.01, false),
            node("cast", "Tenryu Casting", "small", 0.0, false),
            node("bank", "Sanen Bank", "finance", 0.0, false),
            node("pair-a", "Kosai Acoustics", "small", 0.0, false),
            node("pair-b", "Iwata Software", "startup", 0.0, false),
            node("alone", "Hosoe Robotics", "startup", 0.0, false),
        ];
        let edges = vec![
            (0, 1, 4.0),
            (0, 3, 3.0),
            (0, 5, 2.0),
            (0, 6, 2.0),
            (0, 7, 1.0),
            (0, 12, 1.0),
            (1, 7, 3.0),
            (1, 8, 1.0),
            (3, 2, 1.0),
            (3, 4, 2.0),
            (3, 6, 1.0),
            (3, 9, 1.0),
            (3, 10, 1.0),
            (4, 14, 1.0),
            (5, 10, 5.0),
            (5, 11, 1.0),
            (5, 13, 2.0),
            (10, 11, 1.0),
            (7, 9, 1.0),
            (15, 16, 2.0),
        ];
        NetworkDrawing {
            title: "Joint research network, Hamamatsu (illustrative)".into(),
            subtitle: "18 organisations, 20 joint projects".into(),
            nodes,
            edges,
            seed: 2024,
        }
    }

    /// A network of `n` organisations in communities around hubs, joined by brokers, with a few
    /// small separate groups and isolated organisations.
    fn generated_network(n: usize, seed: u64) -> NetworkDrawing {
        const KINDS: [&str; 9] = [
            "startup",
            "mid_sized",
            "small",
            "large",
            "university",
            "public_research",
            "government",
            "support",
            "finance",
        ];
        const HUB_KINDS: [&str; 4] = ["university", "large", "public_research", "university"];
        const FIRST: [&str; 12] = [
            "Enshu", "Tenryu", "Hamana", "Sanen", "Kosai", "Iwata", "Fukuroi", "Hikuma", "Sakuma", "Maisaka", "Hosoe",
            "Inasa",
        ];
        const SECOND: [&str; 10] = [
            "Optics",
            "Precision",
            "Photonics",
            "Devices",
            "Software",
            "Instruments",
            "Materials",
            "Robotics",
            "Lab",
            "Systems",
        ];
        let mut rng = SplitMix64::new(seed);
        let communities = (n / 60).max(2);
        let loose = n / 25; // in small separate groups or alone
        let core = n - loose;
        let mut nodes = Vec::with_capacity(n);
        let mut edges = Vec::new();
        let mut degree = vec![0.0; n];
        for i in 0..n {
            let r = rng.next_u64();
            let c = i % communities;
            let hub = i < communities;
            let kind = if hub { HUB_KINDS[c % 4] } else { KINDS[(r % 9) as usize] };
            let label = format!("{} {}", FIRST[((r >> 8) % 12) as usize], SECOND[((r >> 16) % 10) as usize]);
            nodes.push(node(&format!("o{i}"), &label, kind, 0.0, false));
            if i >= core {
                // Loose groups of 1–3.
                if i > core && rng.next_f64() < 0.6 {
                    edges.push((i - 1, i, 1.0));
                }
                continue;
            }
            if !hub {
                // Attach to the community's hub or to an earlier member of it.
                let earlier: Vec<usize> = (c..i).step_by(communities).collect();
                let pick =
                    if rng.next_f64() < 0.4 { c } else { earlier[(rng.next_u64() % earlier.len() as u64) as usize] };
                edges.push((pick, i, 1.0 + (rng.next_u64() % 4) as f64));
                if rng.next_f64() < 0.35 {
                    let other = earlier[(rng.next_u64() % earlier.len() as u64) as usize];
                    if other != pick {
                        edges.push((other, i, 1.0));
                    }
                }
            }
        }
        // Brokers: a few members of each community tied to other communities.
        let mut brokers = HashSet::new();
        for c in 0..communities {
            let b = c + communities * (1 + (rng.next_u64() % ((core / communities - 1) as u64).max(1)) as usize);
            if b < core {
                brokers.insert(b);
                for k in 1..=2 {
                    let other = (c + k * 3) % communities;
                    edges.push((b, other, 2.0));
                }
            }
        }
        for &(a, b, _) in &edges {
            degree[a] += 1.0;
            degree[b] += 1.0;
        }
        for (i, v) in nodes.iter_mut().enumerate() {
            v.broker = brokers.contains(&i);
            v.size = degree[i] * degree[i] * if v.broker { 4.0 } else { 1.0 };
        }
        NetworkDrawing {
            title: format!("Joint research network (generated, {n} organisations)"),
            subtitle: format!("{} joint projects; brokers ringed", edges.len()),
            nodes,
            edges,
            seed,
        }
    }

    fn parse(svg: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(svg).unwrap()
    }

    fn with_class<'a, 'i>(doc: &'a roxmltree::Document<'i>, tag: &str, class: &str) -> Vec<roxmltree::Node<'a, 'i>> {
        doc.descendants().filter(|v| v.has_tag_name(tag) && v.attribute("class") == Some(class)).collect()
    }

    fn f(v: roxmltree::Node, attribute: &str) -> f64 {
        v.attribute(attribute).unwrap().parse().unwrap()
    }

    /// Each node's circle (`cx`, `cy`, `r`) by id.
    type Circles = HashMap<String, (f64, f64, f64)>;

    /// Checks the structure against `network`; returns each node's circle by id and the labels.
    fn check(network: &NetworkDrawing) -> (Circles, Vec<String>) {
        let svg = network_svg(network);
        let doc = parse(&svg);
        let root = doc.root_element();
        assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2000/svg"));
        let n = network.nodes.len();
        let valid = network.edges.iter().filter(|&&(a, b, _)| a < n && b < n && a != b).count();
        assert_eq!(root.attribute("data-nodes"), Some(n.to_string().as_str()));
        assert_eq!(root.attribute("data-edges"), Some(valid.to_string().as_str()));
        let (w, h) = (f(root, "width"), f(root, "height"));
        assert_eq!(root.attribute("viewBox"), Some(format!("0 0 {w} {h}").as_str()));

        let by_id: HashMap<&str, &NetworkDrawingNode> = network.nodes.iter().map(|v| (v.id.as_str(), v)).collect();
        let mut circles = HashMap::new();
        for g in with_class(&doc, "g", "node") {
            let id = g.attribute("data-id").unwrap();
            let v = by_id[id];
            assert_eq!(g.attribute("data-kind"), Some(v.kind.as_str()));
            assert_eq!(g.attribute("data-broker"), Some(if v.broker { "true" } else { "false" }));
            let c = g.children().find(|c| c.has_tag_name("circle")).unwrap();
            let (cx, cy, r) = (f(c, "cx"), f(c, "cy"), f(c, "r"));
            assert!(r >= 2.8 && cx - r >= 0.0 && cy - r >= 0.0 && cx + r <= w && cy + r <= h, "{id}");
            let ring = g.children().any(|c| c.attribute("class") == Some("ring"));
            assert_eq!(ring, v.broker);
            circles.insert(id.to_string(), (cx, cy, r));
        }
        assert_eq!(circles.len(), n);

        let edges = with_class(&doc, "line", "edge");
        assert_eq!(edges.len(), valid);
        for e in &edges {
            let (a, b) = (e.attribute("data-from").unwrap(), e.attribute("data-to").unwrap());
            let (ca, cb) = (circles[a], circles[b]);
            assert_eq!((f(*e, "x1"), f(*e, "y1"), f(*e, "x2"), f(*e, "y2")), (ca.0, ca.1, cb.0, cb.1));
        }
        let labels: Vec<String> =
            with_class(&doc, "text", "label").iter().map(|t| t.attribute("data-id").unwrap().to_string()).collect();
        for v in network.nodes.iter().filter(|v| v.broker) {
            assert!(labels.contains(&v.id), "broker {} is labelled", v.id);
        }
        (circles, labels)
    }

    #[test]
    fn small_network_structure() {
        let network = small_network();
        let (circles, labels) = check(&network);
        assert_eq!(labels.len(), network.nodes.len(), "small networks are fully labelled");
        let svg = network_svg(&network);
        assert!(svg.contains("Lens &amp; Mirror &lt;Lab&gt;"));
        assert!(svg.contains(">浜松市産業振興課</text>"));
        let doc = parse(&svg);
        let legend: Vec<&str> = with_class(&doc, "g", "legend")[0]
            .descendants()
            .filter(|v| v.has_tag_name("text"))
            .filter_map(|v| v.text())
            .collect();
        assert_eq!(
            legend[..10],
            [
                "Start-up",
                "Mid-sized firm",
                "Small firm",
                "Large firm",
                "University",
                "Public research",
                "Government",
                "Support organisation",
                "Finance",
                "Broker"
            ]
        );
        // The largest node is the biggest circle; sizes of zero still show.
        let r = |id: &str| circles[id].2;
        assert!(r("uni") > r("tlo") && r("tlo") > r("optic") && r("optic") > r("laser") - 1e-9);
        assert!(r("laser") >= 5.0);
        // Nodes do not sit on top of each other.
        let all: Vec<&(f64, f64, f64)> = circles.values().collect();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert!(((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt() > 8.0);
            }
        }
    }

    #[test]
    fn large_networks_label_brokers_and_the_largest() {
        let network = generated_network(500, 9);
        let (_, labels) = check(&network);
        let brokers = network.nodes.iter().filter(|v| v.broker).count();
        assert!(brokers >= 5);
        assert_eq!(labels.len(), brokers + LABEL_TOP);
        let mut sizes: Vec<f64> = network.nodes.iter().filter(|v| !v.broker).map(|v| v.size).collect();
        sizes.sort_by(|a, b| b.total_cmp(a));
        let by_id: HashMap<&str, &NetworkDrawingNode> = network.nodes.iter().map(|v| (v.id.as_str(), v)).collect();
        for id in &labels {
            let v = by_id[id.as_str()];
            assert!(v.broker || v.size >= sizes[LABEL_TOP - 1]);
        }
    }

    #[test]
    fn same_seed_same_picture() {
        let network = generated_network(200, 3);
        assert_eq!(network_svg(&network), network_svg(&network.clone()));
        let other = NetworkDrawing { seed: 4, ..network.clone() };
        assert_ne!(network_svg(&network), network_svg(&other));
    }

    #[test]
    fn two_thousand_nodes() {
        let network = generated_network(2000, 1);
        let start = std::time::Instant::now();
        let svg = network_svg(&network);
        eprintln!("2,000 nodes, {} edges: {:?}", network.edges.len(), start.elapsed());
        let doc = parse(&svg);
        assert_eq!(with_class(&doc, "g", "node").len(), 2000);
        assert_eq!(with_class(&doc, "line", "edge").len(), network.edges.len());
    }

    #[test]
    fn empty_single_and_bad_edges() {
        let empty =
            NetworkDrawing { title: "None".into(), subtitle: String::new(), nodes: vec![], edges: vec![], seed: 0 };
        check(&empty);
        let one = NetworkDrawing {
            nodes: vec![node("a", "A & B", "unknown-kind", f64::NAN, true)],
            edges: vec![(0, 0, 1.0), (0, 5, 1.0)],
            ..empty.clone()
        };
        let (circles, labels) = check(&one);
        assert_eq!(labels, ["a"]);
        assert!(circles["a"].2 >= 5.0);
        let svg = network_svg(&one);
        assert!(
            svg.contains(r#"data-edges="0""#)
                && svg.contains(">A &amp; B</text>")
                && svg.contains(">unknown-kind</text>")
        );
    }

    /// Writes sample networks to the directory named by `CHIIKI_WRITE_SAMPLES` (for looking at them).
    #[test]
    fn write_samples() {
        let Some(dir) = std::env::var_os("CHIIKI_WRITE_SAMPLES") else { return };
        let dir = std::path::Path::new(&dir);
        std::fs::write(dir.join("network-small.svg"), network_svg(&small_network())).unwrap();
        std::fs::write(dir.join("network-500.svg"), network_svg(&generated_network(500, 9))).unwrap();
    }
}
