//! The SQLite store of chiiki's web app: users, sessions, log-in failures, regions, every assessor's
//! marks, settled consensus marks and published charts. It is the only crate that knows the schema
//! (`migrations/`).
//!
//! Guarantees:
//! - the file is created and migrated on first open, in WAL mode with `synchronous = FULL` and foreign
//!   keys on, so a committed write survives the process being killed and a half-done one leaves nothing;
//! - every write is one transaction;
//! - concurrent edits never overwrite each other silently: an assessor's sheet carries a version and a
//!   region a revision, and a write that names an old one fails with [`StoreError::Conflict`].
//!
//! Rows are plain values ([`RegionRow`], [`MarkRow`], [`Publication`]); turning them into domain types
//! (consensus, charts) is the web layer's job. Times are Unix seconds given by the caller.
//!
//! ```
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! use chiiki_store::{Role, Store};
//! let dir = tempfile::tempdir().unwrap();
//! let store = Store::open(&dir.path().join("chiiki.db")).await.unwrap();
//! store.add_user("ada", Role::Assessor, "$argon2id$...", 0).await.unwrap();
//! assert_eq!(store.user_by_name("ada").await.unwrap().unwrap().user.role, Role::Assessor);
//! # });
//! ```

mod error;
mod rows;
mod store;

pub use error::StoreError;
pub use rows::{Lang, MarkRow, Publication, RegionRow, Role, Sheet, User, UserWithHash};
pub use store::{PublicView, Store};
