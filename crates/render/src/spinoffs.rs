//! Spin-off trees as text, JSON, Graphviz DOT, and the input of the SVG tree drawing.
//!
//! JSON (a contract, documented in `docs/formats.md`):
//!
//! ```json
//! { "window_years": 20, "min_spinoffs": 10,
//!   "anchors": [ { "id": "motor", "name": "…", "kind": "large", "region": "lake", "founded": 1960,
//!                  "size": 7, "generations": 2, "first_spinoff": 1975, "within_20_years": 5,
//!                  "listed": 1, "regions": ["hill", "lake", "port"], "passes": false } ],
//!   "regions": [ { "id": "lake", "anchors": 1, "passing": [] } ] }
//! ```
//!
//! With an anchor named, the object also has `tree` (the anchor's measures, as above), `lineage`
//! (ids from its root down to it) and `nodes` (its tree: `id`, `name`, `parent`, `depth`, `founded`,
//! `listed`, `kind`, `region`).

use serde::Serialize;

use chiiki_analysis::spinoffs::{Anchor, TreeNode};

use crate::drawing::{TreeDrawing, TreeDrawingNode};

/// What a spin-off rendering shows.
#[derive(Debug, Clone)]
pub struct SpinoffView<'a> {
    /// The package's title.
    pub package: &'a str,
    /// The window in years.
    pub window: i32,
    /// The study's test threshold.
    pub min_spinoffs: usize,
    /// The anchors shown (all, or one region's).
    pub anchors: &'a [Anchor],
    /// Region ids to summarise (all regions, or the one asked for).
    pub regions: &'a [String],
    /// One tree in detail: its measures, lineage and nodes.
    pub tree: Option<(&'a Anchor, &'a [String], &'a [TreeNode])>,
}

/// An anchor as the JSON contract writes it (serialised directly: a report may hold hundreds of
/// thousands of anchors).
#[derive(Serialize)]
struct AnchorOut<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'static str,
    region: &'a str,
    founded: Option<i32>,
    size: usize,
    generations: u32,
    first_spinoff: Option<i32>,
    within_20_years: usize,
    listed: usize,
    regions: &'a [String],
    passes: bool,
}

impl<'a> From<&'a Anchor> for AnchorOut<'a> {
    fn from(a: &'a Anchor) -> Self {
        AnchorOut {
            id: &a.id,
            name: &a.name,
            kind: a.kind.as_str(),
            region: &a.region_id,
            founded: a.founded,
            size: a.size,
            generations: a.generations,
            first_spinoff: a.first_spinoff,
            within_20_years: a.within_window,
            listed: a.listed,
            regions: &a.regions,
            passes: a.passes,
        }
    }
}

#[derive(Serialize)]
struct RegionOut<'a> {
    id: &'a str,
    anchors: usize,
    passing: Vec<&'a str>,
}

#[derive(Serialize)]
struct NodeOut<'a> {
    id: &'a str,
    name: &'a str,
    parent: Option<&'a str>,
    depth: u32,
    founded: Option<i32>,
    listed: bool,
    kind: &'static str,
    region: &'a str,
}

#[derive(Serialize)]
struct ReportOut<'a> {
    window_years: i32,
    min_spinoffs: usize,
    anchors: Vec<AnchorOut<'a>>,
    regions: Vec<RegionOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tree: Option<AnchorOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lineage: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nodes: Option<Vec<NodeOut<'a>>>,
}

/// The anchors of each region, in the view's region order (one pass over the anchors).
fn by_region<'a>(view: &SpinoffView<'a>) -> Vec<Vec<&'a Anchor>> {
    let index: std::collections::HashMap<&str, usize> =
        view.regions.iter().enumerate().map(|(i, r)| (r.as_str(), i)).collect();
    let mut out: Vec<Vec<&Anchor>> = vec![Vec::new(); view.regions.len()];
    for a in view.anchors {
        if let Some(&i) = index.get(a.region_id.as_str()) {
            out[i].push(a);
        }
    }
    out
}

/// The spin-off report as pretty-printed JSON.
pub fn spinoffs_json(view: &SpinoffView) -> String {
    let grouped = by_region(view);
    let report = ReportOut {
        window_years: view.window,
        min_spinoffs: view.min_spinoffs,
        anchors: view.anchors.iter().map(AnchorOut::from).collect(),
        regions: view
            .regions
            .iter()
            .zip(&grouped)
            .map(|(r, here)| RegionOut {
                id: r,
                anchors: here.len(),
                passing: here.iter().filter(|a| a.passes).map(|a| a.id.as_str()).collect(),
            })
            .collect(),
        tree: view.tree.map(|(t, _, _)| AnchorOut::from(t)),
        lineage: view.tree.map(|(_, l, _)| l),
        nodes: view.tree.map(|(_, _, nodes)| {
            nodes
                .iter()
                .map(|n| NodeOut {
                    id: &n.id,
                    name: &n.name,
                    parent: n.parent.map(|p| nodes[p].id.as_str()),
                    depth: n.depth,
                    founded: n.founded,
                    listed: n.listed,
                    kind: n.kind.as_str(),
                    region: &n.region_id,
                })
                .collect()
        }),
    };
    let mut s = serde_json::to_string_pretty(&report).expect("the report serialises");
    s.push('\n');
    s
}

fn year(y: Option<i32>) -> String {
    y.map_or_else(|| "—".to_string(), |y| y.to_string())
}

/// The spin-off report as text: a table of anchors, a summary per region, and the tree in detail.
pub fn spinoffs_text(view: &SpinoffView) -> String {
    let mut out = format!("Spin-off trees — {}\n", view.package);
    out.push_str(&format!(
        "The study's test: an anchor with at least {} spin-offs within {} years of its first one.\n\n",
        view.min_spinoffs, view.window
    ));
    if view.anchors.is_empty() {
        out.push_str("No anchors: no organisation has spun off another.\n");
    } else {
        let heads = ["anchor", "region", "founded", "size", "gens", "first", "≤20y", "listed", "regions", "test"];
        const SHOWN: usize = 40;
        let rows: Vec<[String; 10]> = view
            .anchors
            .iter()
            .take(SHOWN)
            .map(|a| {
                [
                    format!("{} ({})", a.name, a.id),
                    a.region_id.clone(),
                    year(a.founded),
                    a.size.to_string(),
                    a.generations.to_string(),
                    year(a.first_spinoff),
                    a.within_window.to_string(),
                    a.listed.to_string(),
                    a.regions.len().to_string(),
                    if a.passes { "passes" } else { "—" }.to_string(),
                ]
            })
            .collect();
        out.push_str(&crate::table::aligned(
            &heads,
            &rows,
            &[false, false, true, true, true, true, true, true, true, false],
        ));
        out.push('\n');
        for (r, here) in view.regions.iter().zip(by_region(view)) {
            let passing: Vec<&str> = here.iter().filter(|a| a.passes).map(|a| a.id.as_str()).collect();
            out.push_str(&format!(
                "{r}: {} anchor(s), {} passing{}\n",
                here.len(),
                passing.len(),
                if passing.is_empty() { String::new() } else { format!(" ({})", passing.join(", ")) }
            ));
        }
    }
    if let Some((tree, lineage, nodes)) = view.tree {
        out.push_str(&format!("\nTree of {} ({})\n", tree.name, tree.id));
        out.push_str(&format!("Lineage: {}\n", lineage.join(" → ")));
        out.push_str(&format!(
            "{} spin-offs over {} generation(s); {} within {} years of the first ({}); {} listed (*)\n\n",
            tree.size,
            tree.generations,
            tree.within_window,
            view.window,
            year(tree.first_spinoff),
            tree.listed
        ));
        // Box-drawing tree: each node's prefix depends on whether its ancestors were last children.
        let mut last_child = vec![false; nodes.len()];
        for (i, n) in nodes.iter().enumerate() {
            if let Some(p) = n.parent {
                last_child[i] = !nodes[i + 1..].iter().any(|m| m.parent == Some(p));
            }
        }
        for (i, n) in nodes.iter().enumerate() {
            let mut prefix = String::new();
            let mut chain = Vec::new();
            let mut a = n.parent;
            while let Some(p) = a {
                chain.push(p);
                a = nodes[p].parent;
            }
            chain.reverse();
            for &anc in chain.iter().skip(1) {
                prefix.push_str(if last_child[anc] { "    " } else { "│   " });
            }
            if n.parent.is_some() {
                prefix.push_str(if last_child[i] { "└── " } else { "├── " });
            }
            out.push_str(&format!(
                "{prefix}{}{} ({}, {}, {})\n",
                n.name,
                if n.listed { " *" } else { "" },
                n.id,
                year(n.founded),
                n.region_id
            ));
        }
    }
    out
}

fn dot_id(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The trees as a Graphviz DOT digraph (parent → spin-off), listed firms drawn bold and starred.
pub fn spinoffs_dot(trees: &[Vec<TreeNode>]) -> String {
    let mut out =
        String::from("digraph spinoffs {\n  rankdir=LR;\n  node [shape=box, style=rounded, fontname=\"Noto Sans\"];\n");
    for nodes in trees {
        for n in nodes {
            let label = format!("{}{}\\n{}", n.name, if n.listed { " *" } else { "" }, year(n.founded));
            out.push_str(&format!(
                "  {} [label={}{}];\n",
                dot_id(&n.id),
                dot_id(&label).replace("\\\\n", "\\n"),
                if n.listed { ", penwidth=2.5" } else { "" }
            ));
        }
        for n in nodes {
            if let Some(p) = n.parent {
                out.push_str(&format!("  {} -> {};\n", dot_id(&nodes[p].id), dot_id(&n.id)));
            }
        }
    }
    out.push_str("}\n");
    out
}

/// The input of the SVG drawing of one tree.
pub fn tree_drawing(tree: &Anchor, nodes: &[TreeNode], window: i32) -> TreeDrawing {
    TreeDrawing {
        title: format!("Spin-off tree of {}", tree.name),
        subtitle: format!(
            "{} spin-offs, {} generation(s), {} within {} years of the first; * listed",
            tree.size, tree.generations, tree.within_window, window
        ),
        nodes: nodes
            .iter()
            .map(|n| TreeDrawingNode {
                label: n.name.clone(),
                id: n.id.clone(),
                founded: n.founded,
                listed: n.listed,
                kind: n.kind.as_str().to_string(),
                parent: n.parent,
            })
            .collect(),
        listed_label: "Listed".to_string(),
    }
}
