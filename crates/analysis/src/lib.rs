//! chiiki's analyses of a regional data package, by id: the package's tables
//! ([`chiiki_package::Network`]) go in, compact graphs ([`chiiki_graph`]) do the work, and reports
//! that name organisations and regions by their ids come out.
//!
//! - [`spinoffs`]: spin-off trees — anchors, generations, spin-offs within 20 years, listed firms,
//!   regions reached, lineages, and the trees that pass the study's test per region.

pub mod spinoffs;
