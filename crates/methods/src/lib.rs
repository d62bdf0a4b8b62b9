//! Statistical methods, one per module, each with its formula, conventions and reference in the
//! module's documentation. Methods take plain slices and return plain values: no IO, no rounding,
//! no presentation.
//!
//! - [`krippendorff`]: Krippendorff's alpha, the agreement among assessors (nominal, ordinal,
//!   interval and ratio data, missing values allowed).
//! - [`location_quotient`]: location quotients and RCA with an explicit reference base, presence with
//!   an explicit threshold rule; the dense [`location_quotient::Matrix`].
//! - [`relatedness`]: co-occurrence, EconGeo's relatedness methods, product-space proximity,
//!   relatedness density, entries and exits.
//! - [`variety`]: related and unrelated variety (entropy decomposition).
//! - [`complexity`]: diversity, ubiquity, method of reflections, eigenvector ECI/PCI, fitness.
//! - [`dea`]: Data Envelopment Analysis (CCR, BCC, IRS, DRS; input or output orientation; slacks,
//!   peers, super-efficiency); [`malmquist`]: the Malmquist productivity index.
//! - [`phases`]: life-cycle phases and sharp drops of a cluster's series.
//! - [`quantile`]: type-7 sample quantiles; [`cluster_mapping`]: the U.S. Cluster Mapping Project's
//!   cluster classes; [`shift_share`]: Dunn, Esteban-Marquillas and Gerfin shift-share.

pub mod cluster_mapping;
pub mod complexity;
pub mod dea;
pub mod krippendorff;
pub mod location_quotient;
pub mod malmquist;
pub mod phases;
pub mod quantile;
pub mod relatedness;
pub mod shift_share;
pub mod variety;
