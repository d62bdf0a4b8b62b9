//! Statistical methods, one per module, each with its formula, conventions and reference in the
//! module's documentation. Methods take plain slices and return plain values: no IO, no rounding,
//! no presentation.
//!
//! - [`krippendorff`]: Krippendorff's alpha, the agreement among assessors (nominal, ordinal,
//!   interval and ratio data, missing values allowed).

pub mod complexity;
pub mod dea;
pub mod krippendorff;
pub mod location_quotient;
pub mod malmquist;
pub mod phases;
pub mod relatedness;
pub mod variety;
