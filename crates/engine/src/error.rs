//! What can go wrong when the engine opens a package or runs a query.

use datafusion::error::DataFusionError;

/// An engine error.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The package lacks a table the engine needs.
    #[error("the package has no `{table}` table")]
    MissingTable {
        /// The table.
        table: String,
    },
    /// A table lacks a required column.
    #[error("{file}:1: {column}: required column is missing from the header")]
    MissingColumn {
        /// The file.
        file: String,
        /// The column.
        column: &'static str,
    },
    /// A file cannot be read.
    #[error("{file}: cannot be read: {message}")]
    Read {
        /// The file.
        file: String,
        /// Why.
        message: String,
    },
    /// A region id that the `regions` table does not have.
    #[error("unknown region `{region}`")]
    UnknownRegion {
        /// The id.
        region: String,
    },
    /// A year that no yearly table has.
    #[error("no table of the package has the year {year} (years: {})", match (first, last) { (Some(a), Some(b)) => format!("{a}–{b}"), _ => "none".to_string() })]
    Year {
        /// The year asked for.
        year: i32,
        /// The first year of the axis.
        first: Option<i32>,
        /// The last year of the axis.
        last: Option<i32>,
    },
    /// A query failed.
    #[error("{context}: {source}")]
    Query {
        /// The table or query.
        context: String,
        /// DataFusion's error.
        source: Box<DataFusionError>,
    },
    /// Rows the run uses fail the engine's checks (each entry says which); the row-by-row validation of
    /// `chiiki-package` names them with file, line and column.
    #[error("the package has rows that fail its checks:\n{}", .0.join("\n"))]
    Invalid(Vec<String>),
    /// The async runtime cannot start.
    #[error("cannot start the query runtime: {0}")]
    Runtime(String),
}
