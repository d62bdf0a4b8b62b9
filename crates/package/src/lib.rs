//! The regional data package: a folder with a `datapackage.json` descriptor (Frictionless Data
//! Package) naming its tables, each a CSV file. This crate reads the descriptor and the tables that
//! describe regions, organisations, people and joint projects, checking every row.
//!
//! Reading never stops at the first problem and never returns part of a table: a reader returns all
//! rows, or every problem it found ([`InputErrors`]), each naming file, line and column.
//!
//! Main types: [`Package`] (the descriptor and its tables), [`Region`], [`Organization`],
//! [`Person`], [`Participation`] (one row of `collaborations`) and [`Network`] (all of them, checked
//! against each other).
//!
//! ```no_run
//! use chiiki_package::Package;
//!
//! let package = Package::open("my-package".as_ref()).unwrap();
//! let network = package.network().unwrap();
//! println!("{} organisations", network.organizations.len());
//! ```

mod descriptor;
mod error;
pub mod generate;
mod network;
mod region;
pub mod row;
mod series;
pub mod table;

pub use descriptor::{Package, Resource, TableFormat};
pub use error::{InputError, InputErrors};
pub use network::{Network, OrgKind, Organization, Participation, Person, PersonRole};
pub use region::{REGION_KINDS, Region, read_regions};
pub use series::{Cell, Funding, FundingRow, Industry, Panel};

/// The earliest year a table may name.
pub const YEAR_MIN: i32 = 1800;
/// The latest year a table may name.
pub const YEAR_MAX: i32 = 2100;
