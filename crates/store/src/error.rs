//! The store's error: what went wrong, classified so the web layer can map it to a status code.

/// An error of the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The thing asked for does not exist (a region, a user).
    #[error("{0} not found")]
    NotFound(String),
    /// A user of this name already exists.
    #[error("a user named {0:?} already exists")]
    Duplicate(String),
    /// Someone else changed the data since the caller read it: `current` is the version now stored.
    #[error("changed by someone else in the meantime (now at version {current}, you edited version {expected})")]
    Conflict {
        /// The version the caller read.
        expected: i64,
        /// The version stored now.
        current: i64,
    },
    /// A value the schema refuses (a role or language that does not exist).
    #[error("invalid {field}: {value:?}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// The value given.
        value: String,
    },
    /// The database failed (file not writable, disk full, corrupt file).
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// The schema could not be brought up to date.
    #[error("database migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}
