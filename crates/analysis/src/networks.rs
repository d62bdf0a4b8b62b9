//! The joint-research network of a data package, by id: who works with whom, in which combinations
//! of organisation kinds, who brokers between groups, how much rests on one leader or organisation,
//! and how regions are linked.
//!
//! # Scope
//!
//! Projects come from the `collaborations` table, restricted to the years asked for (`from`, `to`,
//! inclusive, by the project's year). With a region, each project keeps only its participants located
//! in that region, and projects left without any are dropped; the network, the kind combinations, the
//! brokerage and the risk then describe the region's own collaboration. Links between regions always
//! use every project of the period.
//!
//! # Measures
//!
//! - **Betweenness**: unnormalised, each unordered pair once (NetworkX `normalized=False`); exact
//!   (Brandes) up to 50,000 organisations by default, above that sampled with a stated error bound
//!   ([`BetweennessMethod`]); the report says which ([`BetweennessUsed`]).
//! - **Brokerage**: Gould–Fernandez roles with the organisation kind as the group, counted as R
//!   `sna::brokerage` counts undirected graphs (each open two-path in both directions).
//! - **Large–research intermediation**: for every organisation *v*, the pairs of its partners made of
//!   one large corporation and one university or public research institute that are not partners
//!   themselves — the open paths through which *v* carries research to industry. The study's headline
//!   is the share of these paths that run through start-ups.
//! - **Key-person risk**: leaders are people with role `leader`; two people are linked when they take
//!   part in the same project. The most central leader (by betweenness in that network, then by
//!   projects) is removed, and so is the most central organisation from the organisation network;
//!   the change in the largest component and in the share of connected pairs says how much rests on
//!   them. Leadership concentration is the Herfindahl index of leaders' project counts (1 = one leader
//!   in every leader-led project, 1/k = k leaders equally).
//! - **Region links**: two regions are linked by the projects that have participants in both.

use std::collections::HashMap;

use chiiki_graph::Graph;
use chiiki_graph::betweenness::{betweenness, betweenness_approx};
use chiiki_graph::brokerage::{Roles, brokerage};
use chiiki_graph::connectivity::{RemovalImpact, articulation_points, components, removal_impact};
use chiiki_graph::joint::{Project, kind_combinations, organisation_network, projects, region_network};
use chiiki_package::{Network, OrgKind, PersonRole};

/// How betweenness is computed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BetweennessMethod {
    /// Exact (Brandes).
    Exact,
    /// Riondato–Kornaropoulos sampling: every node's normalised value within `epsilon` of the truth
    /// with probability at least `1 − delta`; deterministic for `seed`.
    Approximate {
        /// The error bound on normalised values.
        epsilon: f64,
        /// The failure probability.
        delta: f64,
        /// The sampling seed.
        seed: u64,
    },
    /// Exact up to `max_exact` nodes, approximate (ε = 0.01, δ = 0.1) above.
    Auto {
        /// The largest network computed exactly.
        max_exact: usize,
    },
}

impl Default for BetweennessMethod {
    fn default() -> Self {
        BetweennessMethod::Auto { max_exact: 50_000 }
    }
}

/// How betweenness was computed for a report.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BetweennessUsed {
    /// Exact.
    Exact,
    /// Sampled.
    Approximate {
        /// The error bound on normalised values.
        epsilon: f64,
        /// The failure probability.
        delta: f64,
        /// Pairs sampled.
        samples: usize,
    },
}

/// Betweenness of `g` by `method`, unnormalised (NetworkX convention), and how it was computed.
fn centrality(g: &Graph, method: BetweennessMethod) -> (Vec<f64>, BetweennessUsed) {
    let sampled = |epsilon, delta, seed| {
        let a = betweenness_approx(g, epsilon, delta, seed);
        let used = BetweennessUsed::Approximate { epsilon, delta, samples: a.samples };
        (a.values, used)
    };
    match method {
        BetweennessMethod::Exact => (betweenness(g), BetweennessUsed::Exact),
        BetweennessMethod::Approximate { epsilon, delta, seed } => sampled(epsilon, delta, seed),
        BetweennessMethod::Auto { max_exact } if g.node_count() <= max_exact => {
            (betweenness(g), BetweennessUsed::Exact)
        }
        BetweennessMethod::Auto { .. } => sampled(0.01, 0.1, 2004),
    }
}

/// What part of the network to analyse, and how.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NetworkConfig {
    /// Only this region's organisations.
    pub region: Option<String>,
    /// Projects from this year on.
    pub from: Option<i32>,
    /// Projects up to this year.
    pub to: Option<i32>,
    /// How betweenness is computed.
    pub betweenness: BetweennessMethod,
}

/// One organisation's place in the network.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgMeasures {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: OrgKind,
    /// Its region.
    pub region_id: String,
    /// Projects it takes part in (within the scope).
    pub projects: usize,
    /// Partners.
    pub degree: usize,
    /// Betweenness (unnormalised, NetworkX convention).
    pub betweenness: f64,
    /// Gould–Fernandez roles, kinds as groups.
    pub brokerage: Roles,
    /// Open large–research paths through it.
    pub large_research_paths: u64,
    /// Whether removing it splits its component.
    pub articulation: bool,
}

/// Projects per combination of kinds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindCombination {
    /// The kinds present, sorted.
    pub kinds: Vec<OrgKind>,
    /// Projects.
    pub projects: usize,
}

/// The study's comparison of project types.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StudyComparison {
    /// Projects whose participants are all start-ups, mid-sized firms, universities or public
    /// research institutes (and at least two organisations).
    pub among_startups_midsized_research: usize,
    /// Projects with at least one large corporation.
    pub with_large: usize,
    /// Projects in scope.
    pub total: usize,
    /// Open large–research paths through organisations of each kind, most first.
    pub large_research_paths_by_kind: Vec<(OrgKind, u64)>,
}

/// The most central node removed, and what it did.
#[derive(Debug, Clone, PartialEq)]
pub struct Removal {
    /// The id removed.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its betweenness in its network.
    pub betweenness: f64,
    /// Projects it takes part in.
    pub projects: usize,
    /// The effect of removing it.
    pub impact: RemovalImpact,
}

/// Key-person and key-organisation risk.
#[derive(Debug, Clone, PartialEq)]
pub struct Risk {
    /// People with role `leader` who take part in projects in scope.
    pub leaders: usize,
    /// Herfindahl index of leaders' project counts (`None` without leaders).
    pub leader_concentration: Option<f64>,
    /// The share of leader-led projects in which the top leader takes part.
    pub top_leader_share: Option<f64>,
    /// Removing the most central leader from the people network.
    pub top_leader: Option<Removal>,
    /// Removing the most central organisation from the organisation network.
    pub top_organization: Option<Removal>,
    /// Organisations whose removal splits their component.
    pub articulation_points: Vec<String>,
}

/// One region's links to others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionLinks {
    /// The region.
    pub id: String,
    /// Projects with participants in this region and at least one other.
    pub inter_regional_projects: usize,
    /// Projects with participants in this region only.
    pub intra_regional_projects: usize,
    /// Partner regions and the projects shared with each, most first.
    pub partners: Vec<(String, usize)>,
    /// The cluster group (connected component of the region network) it belongs to.
    pub group: usize,
}

/// The analysis of a joint-research network.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkReport {
    /// The scope analysed.
    pub config: NetworkConfig,
    /// How the organisations' betweenness was computed.
    pub betweenness: BetweennessUsed,
    /// Organisations taking part in at least one project in scope, in table order.
    pub organizations: Vec<OrgMeasures>,
    /// Edges between positions in `organizations`, with the projects shared.
    pub edges: Vec<(usize, usize, u32)>,
    /// Projects in scope.
    pub projects: usize,
    /// Projects per combination of kinds.
    pub kind_combinations: Vec<KindCombination>,
    /// The study's comparison.
    pub comparison: StudyComparison,
    /// Key-person and key-organisation risk.
    pub risk: Risk,
    /// Every region's links (all projects of the period).
    pub regions: Vec<RegionLinks>,
}

fn kind_code(k: OrgKind) -> u8 {
    OrgKind::ALL.iter().position(|x| *x == k).expect("a kind") as u8
}

fn is_research(k: OrgKind) -> bool {
    matches!(k, OrgKind::University | OrgKind::PublicResearch)
}

/// Open paths `a – v – c` with `a` large and `c` research (or the reverse), `a`, `c` not linked.
fn large_research_paths(g: &Graph, kinds: &[OrgKind]) -> Vec<u64> {
    (0..g.node_count() as u32)
        .map(|v| {
            let nb = g.neighbors(v);
            let large: Vec<u32> = nb.iter().copied().filter(|&a| kinds[a as usize] == OrgKind::Large).collect();
            let research: Vec<u32> = nb.iter().copied().filter(|&c| is_research(kinds[c as usize])).collect();
            let mut n = 0;
            for &a in &large {
                for &c in &research {
                    n += u64::from(!g.has_edge(a, c));
                }
            }
            n
        })
        .collect()
}

/// The most central node (betweenness, then projects, then lowest index) among `candidates`.
fn most_central(candidates: &[u32], centrality: &[f64], projects: &[usize]) -> Option<u32> {
    candidates.iter().copied().max_by(|&a, &b| {
        centrality[a as usize]
            .total_cmp(&centrality[b as usize])
            .then(projects[a as usize].cmp(&projects[b as usize]))
            .then(b.cmp(&a))
    })
}

impl NetworkReport {
    /// Analyses `network` within `config`'s scope. The region, if any, must exist.
    pub fn build(network: &Network, config: NetworkConfig) -> NetworkReport {
        let orgs = &network.organizations;
        let org_index: HashMap<&str, u32> = orgs.iter().enumerate().map(|(i, o)| (o.id.as_str(), i as u32)).collect();
        let region_index: HashMap<&str, u32> =
            network.regions.iter().enumerate().map(|(i, r)| (r.id.as_str(), i as u32)).collect();
        let org_region: Vec<u32> = orgs.iter().map(|o| region_index[o.region_id.as_str()]).collect();
        let kinds: Vec<OrgKind> = orgs.iter().map(|o| o.kind).collect();
        let in_period = |y: i32| config.from.is_none_or(|f| y >= f) && config.to.is_none_or(|t| y <= t);

        // Projects of the period, numbered in order of first appearance.
        let mut project_ids: HashMap<&str, u32> = HashMap::new();
        let person_index: HashMap<&str, u32> =
            network.people.iter().enumerate().map(|(i, p)| (p.id.as_str(), i as u32)).collect();
        let mut rows: Vec<(u32, u32, i32)> = Vec::new();
        // (project, organisation, person) for every participation that names a person.
        let mut people_rows: Vec<(u32, u32, u32)> = Vec::new();
        for c in network.collaborations.iter().filter(|c| in_period(c.year)) {
            let next = project_ids.len() as u32;
            let p = *project_ids.entry(c.project_id.as_str()).or_insert(next);
            let o = org_index[c.org_id.as_str()];
            rows.push((p, o, c.year));
            if let Some(person) = c.person_id.as_deref() {
                people_rows.push((p, o, person_index[person]));
            }
        }
        let all_projects = projects(rows);
        let region_filter = config.region.as_deref().map(|r| region_index[r]);
        let scoped: Vec<Project> = match region_filter {
            None => all_projects.clone(),
            Some(r) => all_projects
                .iter()
                .filter_map(|p| {
                    let orgs: Vec<u32> = p.orgs.iter().copied().filter(|&o| org_region[o as usize] == r).collect();
                    (!orgs.is_empty()).then_some(Project { id: p.id, year: p.year, orgs })
                })
                .collect(),
        };

        // The organisation network over the organisations of the scoped projects, numbered 0..m in
        // table order (`present[local]` is the organisation's row).
        let n = orgs.len();
        let mut project_count_all = vec![0usize; n];
        for p in &scoped {
            for &o in &p.orgs {
                project_count_all[o as usize] += 1;
            }
        }
        let present: Vec<u32> = (0..n as u32).filter(|&o| project_count_all[o as usize] > 0).collect();
        let mut local = vec![u32::MAX; n];
        for (i, &o) in present.iter().enumerate() {
            local[o as usize] = i as u32;
        }
        let scoped: Vec<Project> = scoped
            .into_iter()
            .map(|p| Project { id: p.id, year: p.year, orgs: p.orgs.iter().map(|&o| local[o as usize]).collect() })
            .collect();
        let m = present.len();
        let kinds: Vec<OrgKind> = present.iter().map(|&o| kinds[o as usize]).collect();
        let project_count: Vec<usize> = present.iter().map(|&o| project_count_all[o as usize]).collect();
        let people_rows: Vec<(u32, u32, u32)> = people_rows
            .into_iter()
            .filter(|r| local[r.1 as usize] != u32::MAX)
            .map(|(p, o, person)| (p, local[o as usize], person))
            .collect();
        let g = organisation_network(m, &scoped, |_| true);
        let (bc, betweenness_used) = centrality(&g, config.betweenness);
        let groups: Vec<u32> = kinds.iter().map(|&k| u32::from(kind_code(k))).collect();
        let roles = brokerage(&g, &groups);
        let lr = large_research_paths(&g, &kinds);
        let cut: Vec<u32> = articulation_points(&g);
        let organizations: Vec<OrgMeasures> = present
            .iter()
            .enumerate()
            .map(|(i, &o)| {
                let x = &orgs[o as usize];
                OrgMeasures {
                    id: x.id.clone(),
                    name: x.name.clone(),
                    kind: x.kind,
                    region_id: x.region_id.clone(),
                    projects: project_count[i],
                    degree: g.degree(i as u32),
                    betweenness: bc[i],
                    brokerage: roles[i],
                    large_research_paths: lr[i],
                    articulation: cut.binary_search(&(i as u32)).is_ok(),
                }
            })
            .collect();
        let mut edges = Vec::new();
        for a in 0..m as u32 {
            for (&b, &w) in g.neighbors(a).iter().zip(g.weights(a)) {
                if a < b {
                    edges.push((a as usize, b as usize, w as u32));
                }
            }
        }

        // Kinds and the study's comparison.
        let codes: Vec<u8> = kinds.iter().map(|&k| kind_code(k)).collect();
        let kinds_of = |o: u32| kinds[o as usize];
        let kind_combinations = kind_combinations(&scoped, &codes)
            .into_iter()
            .map(|(ks, count)| KindCombination {
                kinds: ks.into_iter().map(|c| OrgKind::ALL[c as usize]).collect(),
                projects: count,
            })
            .collect();
        let small_and_research = |k: OrgKind| {
            matches!(k, OrgKind::Startup | OrgKind::MidSized | OrgKind::University | OrgKind::PublicResearch)
        };
        let mut by_kind: HashMap<OrgKind, u64> = HashMap::new();
        for (i, &paths) in lr.iter().enumerate() {
            if paths > 0 {
                *by_kind.entry(kinds[i]).or_default() += paths;
            }
        }
        let mut large_research_paths_by_kind: Vec<(OrgKind, u64)> = by_kind.into_iter().collect();
        large_research_paths_by_kind.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let comparison = StudyComparison {
            among_startups_midsized_research: scoped
                .iter()
                .filter(|p| p.orgs.len() >= 2 && p.orgs.iter().all(|&o| small_and_research(kinds_of(o))))
                .count(),
            with_large: scoped.iter().filter(|p| p.orgs.iter().any(|&o| kinds_of(o) == OrgKind::Large)).count(),
            total: scoped.len(),
            large_research_paths_by_kind,
        };

        let all_local: Vec<u32> = (0..m as u32).collect();
        let risk = Self::risk(
            network,
            config.betweenness,
            &present,
            &scoped,
            &people_rows,
            &g,
            &bc,
            &project_count,
            &all_local,
            &cut,
        );
        let regions = Self::region_links(network, &all_projects, &org_region);
        NetworkReport {
            config,
            betweenness: betweenness_used,
            organizations,
            edges,
            projects: scoped.len(),
            kind_combinations,
            comparison,
            risk,
            regions,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn risk(
        network: &Network,
        method: BetweennessMethod,
        present: &[u32],
        scoped: &[Project],
        people_rows: &[(u32, u32, u32)],
        g: &Graph,
        bc: &[f64],
        project_count: &[usize],
        candidates: &[u32],
        cut: &[u32],
    ) -> Risk {
        let orgs = &network.organizations;
        let top_organization = most_central(candidates, bc, project_count).map(|o| Removal {
            id: orgs[present[o as usize] as usize].id.clone(),
            name: orgs[present[o as usize] as usize].name.clone(),
            betweenness: bc[o as usize],
            projects: project_count[o as usize],
            impact: removal_impact(g, &[o]),
        });

        // The people network: people linked when they take part in the same project in scope (for
        // an organisation in scope).
        let scoped_at: HashMap<u32, usize> = scoped.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
        let mut people_in: Vec<Vec<u32>> = vec![Vec::new(); scoped.len()];
        for &(p, o, person) in people_rows {
            if let Some(&i) = scoped_at.get(&p)
                && scoped[i].orgs.binary_search(&o).is_ok()
            {
                people_in[i].push(person);
            }
        }
        let people_projects: Vec<Project> = people_in
            .into_iter()
            .enumerate()
            .map(|(i, mut ps)| {
                ps.sort_unstable();
                ps.dedup();
                Project { id: i as u32, year: scoped[i].year, orgs: ps }
            })
            .collect();
        let np = network.people.len();
        let pg = organisation_network(np, &people_projects, |_| true);
        let (pbc, _) = centrality(&pg, method);
        let mut person_projects = vec![0usize; np];
        for p in &people_projects {
            for &x in &p.orgs {
                person_projects[x as usize] += 1;
            }
        }
        let leaders: Vec<u32> = (0..np as u32)
            .filter(|&x| network.people[x as usize].role == Some(PersonRole::Leader) && person_projects[x as usize] > 0)
            .collect();
        let led = people_projects.iter().filter(|p| p.orgs.iter().any(|x| leaders.binary_search(x).is_ok())).count();
        let total: usize = leaders.iter().map(|&x| person_projects[x as usize]).sum();
        let leader_concentration = (total > 0)
            .then(|| leaders.iter().map(|&x| (person_projects[x as usize] as f64 / total as f64).powi(2)).sum::<f64>());
        let top = most_central(&leaders, &pbc, &person_projects);
        let top_leader_share = top.filter(|_| led > 0).map(|x| person_projects[x as usize] as f64 / led as f64);
        let top_leader = top.map(|x| Removal {
            id: network.people[x as usize].id.clone(),
            name: network.people[x as usize].name.clone(),
            betweenness: pbc[x as usize],
            projects: person_projects[x as usize],
            impact: removal_impact(&pg, &[x]),
        });
        Risk {
            leaders: leaders.len(),
            leader_concentration,
            top_leader_share,
            top_leader,
            top_organization,
            articulation_points: cut.iter().map(|&o| orgs[present[o as usize] as usize].id.clone()).collect(),
        }
    }

    fn region_links(network: &Network, all: &[Project], org_region: &[u32]) -> Vec<RegionLinks> {
        let nr = network.regions.len();
        let rg = region_network(nr, all, org_region);
        let labels = components(&rg);
        let mut inter = vec![0usize; nr];
        let mut intra = vec![0usize; nr];
        for p in all {
            let mut rs: Vec<u32> = p.orgs.iter().map(|&o| org_region[o as usize]).collect();
            rs.sort_unstable();
            rs.dedup();
            for &r in &rs {
                if rs.len() > 1 {
                    inter[r as usize] += 1;
                } else {
                    intra[r as usize] += 1;
                }
            }
        }
        (0..nr)
            .map(|r| {
                let mut partners: Vec<(String, usize)> = rg
                    .neighbors(r as u32)
                    .iter()
                    .zip(rg.weights(r as u32))
                    .map(|(&q, &w)| (network.regions[q as usize].id.clone(), w as usize))
                    .collect();
                partners.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                RegionLinks {
                    id: network.regions[r].id.clone(),
                    inter_regional_projects: inter[r],
                    intra_regional_projects: intra[r],
                    partners,
                    group: labels[r] as usize,
                }
            })
            .collect()
    }
}
