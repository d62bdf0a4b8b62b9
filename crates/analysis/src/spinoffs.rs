//! Spin-off trees of a data package, by organisation id (definitions in
//! [`chiiki_graph::genealogy`]).

use std::collections::HashMap;

use chiiki_graph::genealogy::{Attributes, Forest, TreeStats, anchor_stats, subtree_stats};
use chiiki_package::{Network, OrgKind};

/// Settings of the spin-off analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpinoffConfig {
    /// The window, in years from the first spin-off, in which spin-offs are counted (the study: 20).
    pub window: i32,
    /// The number of spin-offs within the window that makes a spin-off tree in the study's sense.
    pub min_spinoffs: usize,
}

impl Default for SpinoffConfig {
    fn default() -> Self {
        Self { window: 20, min_spinoffs: 10 }
    }
}

/// One anchor and its tree's measures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// The anchor's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: OrgKind,
    /// Its region.
    pub region_id: String,
    /// Year founded.
    pub founded: Option<i32>,
    /// Descendants.
    pub size: usize,
    /// The deepest generation.
    pub generations: u32,
    /// The founding year of the first spin-off.
    pub first_spinoff: Option<i32>,
    /// Spin-offs founded within the window.
    pub within_window: usize,
    /// Listed descendants.
    pub listed: usize,
    /// The regions the tree reaches (the anchor's included), by id.
    pub regions: Vec<String>,
    /// Whether the tree passes the study's test (`within_window >= min_spinoffs`).
    pub passes: bool,
}

/// One organisation in a drawn tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeNode {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The index of its parent in the tree's node list (`None` for the top).
    pub parent: Option<usize>,
    /// Its generation below the top.
    pub depth: u32,
    /// Year founded.
    pub founded: Option<i32>,
    /// Listed on a stock exchange.
    pub listed: bool,
    /// Its kind.
    pub kind: OrgKind,
    /// Its region.
    pub region_id: String,
}

/// The spin-off genealogy of a package.
#[derive(Debug, Clone)]
pub struct Spinoffs<'a> {
    network: &'a Network,
    forest: Forest,
    founded: Vec<Option<i32>>,
    listed: Vec<bool>,
    region: Vec<u32>,
    config: SpinoffConfig,
}

impl<'a> Spinoffs<'a> {
    /// Builds the forest of `network`'s organisations. The package crate has already checked that the
    /// lineage has no cycle and names only known organisations.
    pub fn new(network: &'a Network, config: SpinoffConfig) -> Spinoffs<'a> {
        let parent: Vec<Option<u32>> = network.organizations.iter().map(|o| o.parent).collect();
        let forest = Forest::new(parent).expect("the package checked the lineage for cycles");
        Spinoffs {
            network,
            forest,
            founded: network.organizations.iter().map(|o| o.founded).collect(),
            listed: network.organizations.iter().map(|o| o.listed).collect(),
            region: network.organizations.iter().map(|o| o.region).collect(),
            config,
        }
    }

    /// The position of organisation `id` (a scan: it is asked for once per command).
    fn position(&self, id: &str) -> Option<u32> {
        self.network.organizations.iter().position(|o| o.id == id).map(|i| i as u32)
    }

    fn attrs(&self) -> Attributes<'_> {
        Attributes { founded: &self.founded, listed: &self.listed, region: &self.region }
    }

    fn anchor(&self, s: TreeStats) -> Anchor {
        let o = &self.network.organizations[s.anchor as usize];
        Anchor {
            id: o.id.clone(),
            name: o.name.clone(),
            kind: o.kind,
            region_id: o.region_id.clone(),
            founded: o.founded,
            size: s.size,
            generations: s.generations,
            first_spinoff: s.first_spinoff,
            within_window: s.within_window,
            listed: s.listed,
            regions: s.regions.iter().map(|&r| self.network.regions[r as usize].id.clone()).collect(),
            passes: s.within_window >= self.config.min_spinoffs,
        }
    }

    /// Every anchor (a root with descendants), largest tree first, then by id.
    pub fn anchors(&self) -> Vec<Anchor> {
        let mut out: Vec<Anchor> =
            anchor_stats(&self.forest, self.attrs(), self.config.window).into_iter().map(|s| self.anchor(s)).collect();
        out.sort_by(|a, b| b.size.cmp(&a.size).then_with(|| a.id.cmp(&b.id)));
        out
    }

    /// The anchors located in `region_id`.
    pub fn anchors_in(&self, region_id: &str) -> Vec<Anchor> {
        self.anchors().into_iter().filter(|a| a.region_id == region_id).collect()
    }

    /// The measures of the tree below organisation `id` (any organisation, not only roots).
    pub fn tree_of(&self, id: &str) -> Option<Anchor> {
        let v = self.position(id)?;
        Some(self.anchor(subtree_stats(&self.forest, self.attrs(), self.config.window, v)))
    }

    /// The lineage of organisation `id`: its root's id, …, its parent's id, its own id.
    pub fn lineage(&self, id: &str) -> Option<Vec<String>> {
        let v = self.position(id)?;
        Some(self.forest.lineage(v).into_iter().map(|x| self.network.organizations[x as usize].id.clone()).collect())
    }

    /// The organisations of the tree below `id`, in depth-first order, for drawing.
    pub fn tree_nodes(&self, id: &str) -> Option<Vec<TreeNode>> {
        let v = self.position(id)?;
        let nodes = self.forest.subtree(v);
        let position: HashMap<u32, usize> = nodes.iter().enumerate().map(|(i, &x)| (x, i)).collect();
        let base = self.forest.depth(v);
        Some(
            nodes
                .iter()
                .map(|&x| {
                    let o = &self.network.organizations[x as usize];
                    TreeNode {
                        id: o.id.clone(),
                        name: o.name.clone(),
                        parent: if x == v { None } else { self.forest.parent(x).map(|p| position[&p]) },
                        depth: self.forest.depth(x) - base,
                        founded: o.founded,
                        listed: o.listed,
                        kind: o.kind,
                        region_id: o.region_id.clone(),
                    }
                })
                .collect(),
        )
    }

    /// The settings in use.
    pub fn config(&self) -> &SpinoffConfig {
        &self.config
    }
}
