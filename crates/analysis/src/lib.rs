//! chiiki's analyses of a regional data package, by id: the package's tables
//! ([`chiiki_package::Network`]) go in, compact graphs ([`chiiki_graph`]) do the work, and reports
//! that name organisations and regions by their ids come out.
//!
//! - [`spinoffs`]: spin-off trees — anchors, generations, spin-offs within 20 years, listed firms,
//!   regions reached, lineages, and the trees that pass the study's test per region.
//! - [`networks`]: the joint-research network — betweenness, brokerage by organisation kind,
//!   combinations of kinds, key-person risk and links between regions.

pub mod diversify;
pub mod efficiency;
pub mod networks;
pub mod phases;
pub mod spinoffs;
