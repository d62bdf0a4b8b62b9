//! Joint research: from project participations to the organisation network, the mix of
//! organisation kinds per project, and the links between regions.
//!
//! # Conventions
//!
//! - A **project** is the set of distinct organisations listed for one project id (several people of
//!   one organisation count once). Its year is the earliest year given for it.
//! - The **organisation network** joins two organisations with an edge whose weight is the number of
//!   projects they share (an undirected co-participation network, the one-mode projection of the
//!   project–organisation table). A filter keeps only some organisations (a region's, say); edges to
//!   the others are dropped.
//! - The **kind combination** of a project is the sorted set of kinds among its organisations.
//! - The **region network** joins two regions with the number of projects that have organisations in
//!   both; a project spanning three regions adds one to each of the three pairs.

use std::collections::HashMap;

use crate::Graph;

/// One joint project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// The project's number (its index in the input's order of first appearance).
    pub id: u32,
    /// Its year (the earliest given).
    pub year: i32,
    /// Its organisations, sorted, each once.
    pub orgs: Vec<u32>,
}

/// Groups participations `(project, organisation, year)` into projects, in order of first appearance.
pub fn projects(participations: impl IntoIterator<Item = (u32, u32, i32)>) -> Vec<Project> {
    let mut index: HashMap<u32, usize> = HashMap::new();
    let mut out: Vec<Project> = Vec::new();
    for (p, org, year) in participations {
        let i = *index.entry(p).or_insert_with(|| {
            out.push(Project { id: p, year, orgs: Vec::new() });
            out.len() - 1
        });
        out[i].year = out[i].year.min(year);
        out[i].orgs.push(org);
    }
    for p in &mut out {
        p.orgs.sort_unstable();
        p.orgs.dedup();
    }
    out
}

/// The co-participation network over organisations `0..n` from `projects`, keeping only
/// organisations for which `keep` is true.
pub fn organisation_network(n: usize, projects: &[Project], keep: impl Fn(u32) -> bool) -> Graph {
    let mut edges: Vec<(u32, u32, f64)> = Vec::new();
    for p in projects {
        let kept: Vec<u32> = p.orgs.iter().copied().filter(|&o| keep(o)).collect();
        for (i, &a) in kept.iter().enumerate() {
            for &b in &kept[i + 1..] {
                edges.push((a, b, 1.0));
            }
        }
    }
    Graph::from_edges(n, edges, false)
}

/// The number of projects per combination of kinds (`kind[org]`), most frequent first, then by
/// combination.
pub fn kind_combinations(projects: &[Project], kind: &[u8]) -> Vec<(Vec<u8>, usize)> {
    let mut counts: HashMap<Vec<u8>, usize> = HashMap::new();
    for p in projects {
        let mut kinds: Vec<u8> = p.orgs.iter().map(|&o| kind[o as usize]).collect();
        kinds.sort_unstable();
        kinds.dedup();
        *counts.entry(kinds).or_default() += 1;
    }
    let mut out: Vec<(Vec<u8>, usize)> = counts.into_iter().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

/// The regions `0..n_regions` joined by the projects that span them (`region[org]`).
pub fn region_network(n_regions: usize, projects: &[Project], region: &[u32]) -> Graph {
    let mut edges: Vec<(u32, u32, f64)> = Vec::new();
    for p in projects {
        let mut regions: Vec<u32> = p.orgs.iter().map(|&o| region[o as usize]).collect();
        regions.sort_unstable();
        regions.dedup();
        for (i, &a) in regions.iter().enumerate() {
            for &b in &regions[i + 1..] {
                edges.push((a, b, 1.0));
            }
        }
    }
    Graph::from_edges(n_regions, edges, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projects_become_weighted_edges() {
        // Project 7 joins orgs 0, 1, 2 (org 1 twice, two people); project 9 joins 0 and 1 again.
        let ps = projects([(7, 0, 2001), (7, 1, 2001), (7, 1, 2000), (7, 2, 2001), (9, 0, 2003), (9, 1, 2003)]);
        assert_eq!(ps.len(), 2);
        assert_eq!(ps[0], Project { id: 7, year: 2000, orgs: vec![0, 1, 2] });
        let g = organisation_network(4, &ps, |_| true);
        assert_eq!(g.edge_count(), 3);
        assert_eq!(g.neighbors(0), [1, 2]);
        assert_eq!(g.weights(0), [2.0, 1.0]);
        let only = organisation_network(4, &ps, |o| o != 2);
        assert_eq!(only.edge_count(), 1);

        let kinds = kind_combinations(&ps, &[0, 4, 3, 0]);
        assert_eq!(kinds, vec![(vec![0, 3, 4], 1), (vec![0, 4], 1)]);

        let regions = region_network(2, &ps, &[0, 0, 1, 1]);
        assert_eq!(regions.weights(0), [1.0], "only project 7 spans both regions");
    }
}
