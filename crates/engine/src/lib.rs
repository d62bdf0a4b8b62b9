//! The evidence engine: the only part of chiiki that knows Apache DataFusion.
//!
//! [`Engine::open`] registers a regional data package's tables (CSV or Parquet) in a DataFusion
//! session as views with the contract's column names and types; [`Engine::indicators`] runs one SQL
//! query per group of indicators of the [`registry`] and returns plain values per region and year;
//! [`marks`] turns them into percentiles among the compared regions and measured marks per
//! condition. Tables are scanned as streams and only what the indicators need is kept: the three
//! large tables (employment, organisations, collaborations) in passes that give their ids integer
//! codes (CSV files read by the engine's own parallel reader, Parquet files by DataFusion), the others
//! by DataFusion in batches.
//!
//! Before computing, the engine checks every row it uses in SQL (unknown ids, negative counts,
//! duplicate keys: [`EngineError::Invalid`]); a file it cannot parse fails the read. In both cases the
//! command line then runs `chiiki-package`'s row-by-row validation, which names file, line and column.

mod checks;
mod codes;
mod convert;
mod csvscan;
mod employment;
mod engine;
mod error;
mod joint;
mod leaders;
pub mod lq;
pub mod marks;
mod network;
mod organisations;
mod patents;
mod people;
pub mod queries;
pub mod registry;
pub mod tables;
mod udaf;

pub use engine::{Engine, EngineOptions, IndicatorValues};
pub use error::EngineError;
pub use registry::{Direction, INDICATORS, Indicator};
