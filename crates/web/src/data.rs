//! A regional data package loaded beside the assessments (`chiiki serve --data PKG`): the figures of
//! a region page (spin-off tree, joint-research network, phase path), drawn on first request and
//! kept, and the measured marks that the CLI computes with the evidence engine before the server
//! starts.

use std::collections::HashMap;
use std::sync::Mutex;

use chiiki_analysis::networks::{NetworkConfig, NetworkReport};
use chiiki_analysis::phases::{PhasesConfig, region_phases};
use chiiki_analysis::spinoffs::{SpinoffConfig, Spinoffs};
use chiiki_package::{InputErrors, Network, Package, Panel, Region};

/// The measured marks of each region (per framework condition, in order; `None`: no evidence).
#[derive(Debug, Clone, Default)]
pub struct Measured {
    /// The year measured.
    pub year: i32,
    /// Region id → one entry per condition.
    pub marks: HashMap<String, Vec<Option<u8>>>,
}

/// A region page's figure drawn from the data package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Figure {
    /// The largest spin-off tree anchored in the region.
    Tree,
    /// The region's joint-research network.
    Network,
    /// The region's life-cycle phase path.
    Phases,
}

impl Figure {
    /// Every figure, in page order.
    pub const ALL: [Figure; 3] = [Figure::Tree, Figure::Network, Figure::Phases];

    /// The figure's name in URLs and element ids.
    pub fn kind(self) -> &'static str {
        match self {
            Figure::Tree => "tree",
            Figure::Network => "network",
            Figure::Phases => "phases",
        }
    }

    /// Parses [`Figure::kind`].
    pub fn parse(s: &str) -> Option<Figure> {
        Figure::ALL.into_iter().find(|f| f.kind() == s)
    }
}

/// The package's tables that the figures need, read once at start-up.
pub struct DataPackage {
    title: String,
    regions: Vec<Region>,
    network: Option<Network>,
    employment: Option<Panel>,
    patents: Option<Panel>,
    cache: Mutex<HashMap<(String, Figure), Option<String>>>,
}

impl std::fmt::Debug for DataPackage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DataPackage").field("title", &self.title).field("regions", &self.regions.len()).finish()
    }
}

impl DataPackage {
    /// Reads the package's regions, organisations and projects, employment and patents (those it has).
    ///
    /// # Errors
    /// Every problem of the tables read, each with file, line and column.
    pub fn read(package: &Package) -> Result<DataPackage, InputErrors> {
        let name = package.title.clone().or_else(|| package.name.clone()).unwrap_or_else(|| "data".to_string());
        let title = if package.synthetic { format!("{name} (synthetic data)") } else { name };
        let network = match package.resource("organizations") {
            Some(_) => Some(package.network()?),
            None => None,
        };
        let employment = match package.resource("employment") {
            Some(_) => Some(package.employment(&|_| {})?),
            None => None,
        };
        let patents = match package.resource("patents") {
            Some(_) => Some(package.patents(&|_| {})?),
            None => None,
        };
        let regions = match &network {
            Some(n) => n.regions.clone(),
            None => package.regions()?,
        };
        Ok(DataPackage { title, regions, network, employment, patents, cache: Mutex::new(HashMap::new()) })
    }

    /// The package's regions.
    pub fn regions(&self) -> &[Region] {
        &self.regions
    }

    /// The figure of a region as SVG, or `None` when the package has nothing to draw for it. Drawn
    /// on first request, then kept.
    pub fn figure(&self, region: &str, figure: Figure) -> Option<String> {
        let key = (region.to_string(), figure);
        if let Some(svg) = self.cache.lock().expect("cache lock").get(&key) {
            return svg.clone();
        }
        let svg = if self.regions.iter().any(|r| r.id == region) { self.draw(region, figure) } else { None };
        self.cache.lock().expect("cache lock").insert(key, svg.clone());
        svg
    }

    fn draw(&self, region: &str, figure: Figure) -> Option<String> {
        match figure {
            Figure::Tree => {
                let network = self.network.as_ref()?;
                let config = SpinoffConfig::default();
                let window = config.window;
                let analysis = Spinoffs::new(network, config);
                let anchor = analysis.anchors_in(region).into_iter().next()?;
                let tree = analysis.tree_of(&anchor.id)?;
                let nodes = analysis.tree_nodes(&anchor.id)?;
                (nodes.len() > 1)
                    .then(|| chiiki_render::spinoff_tree_svg(&chiiki_render::tree_drawing(&tree, &nodes, window)))
            }
            Figure::Network => {
                let network = self.network.as_ref()?;
                let report = NetworkReport::build(
                    network,
                    NetworkConfig { region: Some(region.to_string()), ..NetworkConfig::default() },
                );
                (!report.organizations.is_empty()).then(|| {
                    chiiki_render::network_svg(&chiiki_render::network_drawing(
                        &report,
                        &format!("{} — {region}", self.title),
                    ))
                })
            }
            Figure::Phases => {
                let employment = self.employment.as_ref()?;
                let paths = region_phases(
                    employment,
                    self.network.as_ref(),
                    self.patents.as_ref(),
                    Some(region),
                    None,
                    &PhasesConfig::default(),
                );
                (!paths.is_empty()).then(|| chiiki_render::phases_svg(&paths, &self.title))
            }
        }
    }
}
