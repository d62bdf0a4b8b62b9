//! The regional data package: a folder with a `datapackage.json` descriptor (Frictionless Data
//! Package) naming its tables, each a CSV file. This crate reads the descriptor and the tables that
//! describe regions, organisations, people and joint projects, the yearly tables (employment,
//! patents, funding, migrations, mentions), checking every row; [`Package::validate`] checks them all
//! at once.
//!
//! Reading never stops at the first problem and never returns part of a table: a reader returns all
//! rows, or every problem it found ([`InputErrors`]), each naming file, line and column.
//!
//! Main types: [`Package`] (the descriptor and its tables), [`Region`], [`Organization`],
//! [`Person`], [`Participation`] (one row of `collaborations`) and [`Network`] (all of them, checked
//! against each other); [`Panel`], [`Funding`], [`Migrations`], [`Mentions`] (the yearly tables);
//! [`Validation`] (what [`Package::validate`] checked).
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
mod mentions;
mod migrations;
mod network;
mod region;
pub mod row;
mod series;
pub mod table;
mod validate;

pub use descriptor::{Package, Resource, Settings, TableFormat};
pub use error::{InputError, InputErrors};
pub use mentions::{Mention, Mentions};
pub use migrations::{Migration, MigrationKind, Migrations};
pub use network::{Network, OrgKind, Organization, Participation, Person, PersonRole};
pub use region::{REGION_KINDS, Region, read_regions};
pub use series::{Cell, Funding, FundingRow, Industry, Panel};
pub use validate::{Check, TableCheck, Validation};

/// The earliest year a table may name.
pub const YEAR_MIN: i32 = 1800;
/// The latest year a table may name.
pub const YEAR_MAX: i32 = 2100;
