//! Graphs of organisations: the spin-off forest (who spun off from whom) and the joint-research
//! network (who works with whom), with the measures the study asks of them.
//!
//! The main type is [`Graph`], a compact adjacency structure (CSR: one offsets array, one targets
//! array) over nodes numbered `0..n`, directed or undirected. Algorithms take a `&Graph` and return
//! plain vectors indexed by node.

mod csr;

pub mod betweenness;
pub mod brokerage;
pub mod connectivity;
pub mod genealogy;
pub mod joint;

pub use csr::Graph;
