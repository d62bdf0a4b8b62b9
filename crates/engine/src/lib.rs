//! The evidence engine: the only part of chiiki that knows Apache DataFusion.
//!
//! [`Engine::open`] registers a regional data package's tables (CSV or Parquet) in a DataFusion
//! session as views with the contract's column names and types; [`Engine::indicators`] runs one SQL
//! query per group of indicators of the [`registry`] and returns plain values per region and year;
//! [`marks`] turns them into percentiles among the compared regions and measured marks per
//! condition. Tables are scanned as streams: DataFusion reads CSV and Parquet in batches and keeps
//! only the aggregates in memory.
//!
//! Row-level checks with file, line and column (unknown ids, negative counts, years out of range)
//! belong to `chiiki-package`'s validation, which the command line runs first; the engine assumes
//! checked tables and reports any remaining read error with the file named.

mod engine;
mod error;
pub mod lq;
pub mod marks;
pub mod queries;
pub mod registry;
pub mod tables;
mod udaf;

pub use engine::{Engine, EngineOptions, IndicatorValues};
pub use error::EngineError;
pub use registry::{Direction, INDICATORS, Indicator};
