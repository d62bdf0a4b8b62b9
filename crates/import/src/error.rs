//! Why an import fails. Every error names the file it is about.

use std::path::PathBuf;

/// An import that could not be done. Nothing is left at the output folder when one is returned.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The input file cannot be opened or read.
    #[error("{}: cannot read: {source}", file.display())]
    Read {
        /// The input file.
        file: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The input is neither an SQLite database nor a gzip-compressed one.
    #[error("{}: not an SQLite database ({reason})", file.display())]
    NotSqlite {
        /// The input file.
        file: PathBuf,
        /// What was found instead.
        reason: String,
    },
    /// The database lacks a table the importer reads.
    #[error("{}: not a {source_name} database: table `{table}` is missing", file.display())]
    MissingTable {
        /// The input file.
        file: PathBuf,
        /// The data set expected (`BLS OEWS`).
        source_name: &'static str,
        /// The missing table.
        table: &'static str,
    },
    /// A table of the database lacks a column the importer reads.
    #[error("{}: not a {source_name} database: table `{table}` has no column `{column}`", file.display())]
    MissingColumn {
        /// The input file.
        file: PathBuf,
        /// The data set expected (`BLS OEWS`).
        source_name: &'static str,
        /// The table.
        table: &'static str,
        /// The missing column.
        column: &'static str,
    },
    /// The database has the expected tables but their content is not as expected.
    #[error("{}: {message}", file.display())]
    Content {
        /// The input file.
        file: PathBuf,
        /// What is wrong, naming the table, row or value.
        message: String,
    },
    /// SQLite refused a query (a damaged file, for example).
    #[error("{}: SQLite: {source}", file.display())]
    Sqlite {
        /// The input file.
        file: PathBuf,
        /// The driver's error.
        source: sqlx::Error,
    },
    /// The output folder exists and is not an empty folder.
    #[error("{}: the output folder already exists and is not empty: name a new folder", out.display())]
    OutputExists {
        /// The output folder.
        out: PathBuf,
    },
    /// Writing the package failed.
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        /// The file or folder being written.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}
