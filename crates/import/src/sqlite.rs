//! Opening an input database: a plain SQLite file or a gzip-compressed one, read-only, its tables
//! and columns checked before anything is read.

use std::io::Read;
use std::path::{Path, PathBuf};

use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Row};

use crate::ImportError;

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// An SQLite file ready to open: the input itself, or a decompressed copy that lives as long as
/// this value.
pub(crate) struct DatabaseFile {
    /// The file the user named (for messages).
    pub(crate) file: PathBuf,
    path: PathBuf,
    _copy: Option<tempfile::TempPath>,
}

fn header(file: &Path, reader: &mut dyn Read) -> Result<Vec<u8>, ImportError> {
    let mut buf = Vec::with_capacity(16);
    reader.take(16).read_to_end(&mut buf).map_err(|source| ImportError::Read { file: file.to_path_buf(), source })?;
    Ok(buf)
}

impl DatabaseFile {
    /// Checks that `file` is an SQLite database (by its header), decompressing it first into a
    /// temporary file when it is gzip-compressed.
    pub(crate) fn locate(file: &Path) -> Result<DatabaseFile, ImportError> {
        let read_err = |source| ImportError::Read { file: file.to_path_buf(), source };
        let not_sqlite = |reason: &str| ImportError::NotSqlite { file: file.to_path_buf(), reason: reason.to_string() };
        let mut f = std::fs::File::open(file).map_err(read_err)?;
        let head = header(file, &mut f)?;
        if head.as_slice() == SQLITE_HEADER {
            return Ok(DatabaseFile { file: file.to_path_buf(), path: file.to_path_buf(), _copy: None });
        }
        if head.is_empty() {
            return Err(not_sqlite("the file is empty"));
        }
        if !head.starts_with(&GZIP_MAGIC) {
            return Err(not_sqlite("it does not start with the SQLite header, nor is it gzip-compressed"));
        }
        // Decompress the whole file: SQLite needs random access.
        let f = std::fs::File::open(file).map_err(read_err)?;
        let mut gz = flate2::read::MultiGzDecoder::new(std::io::BufReader::with_capacity(1 << 20, f));
        let inner = header(file, &mut gz).map_err(|_| not_sqlite("a gzip file that does not decompress"))?;
        if inner.as_slice() != SQLITE_HEADER {
            return Err(not_sqlite("gzip-compressed, but what it holds is not an SQLite database"));
        }
        let mut copy = tempfile::Builder::new()
            .prefix("chiiki-import-")
            .suffix(".sqlite")
            .tempfile()
            .map_err(|source| ImportError::Write { path: std::env::temp_dir(), source })?;
        let copy_path = copy.path().to_path_buf();
        std::io::Write::write_all(copy.as_file_mut(), &inner)
            .map_err(|source| ImportError::Write { path: copy_path.clone(), source })?;
        std::io::copy(&mut gz, copy.as_file_mut()).map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidInput | std::io::ErrorKind::InvalidData | std::io::ErrorKind::UnexpectedEof => {
                not_sqlite(&format!("a damaged gzip file: {e}"))
            }
            _ => ImportError::Write { path: copy_path.clone(), source: e },
        })?;
        let copy = copy.into_temp_path();
        Ok(DatabaseFile { file: file.to_path_buf(), path: copy.to_path_buf(), _copy: Some(copy) })
    }

    /// Opens the database read-only.
    pub(crate) async fn connect(&self) -> Result<SqliteConnection, ImportError> {
        SqliteConnectOptions::new()
            .filename(&self.path)
            .read_only(true)
            .create_if_missing(false)
            .connect()
            .await
            .map_err(|source| self.sqlite(source))
    }

    /// A driver error about this file.
    pub(crate) fn sqlite(&self, source: sqlx::Error) -> ImportError {
        ImportError::Sqlite { file: self.file.clone(), source }
    }

    /// Fails unless every table has every column listed (tables and columns checked in order).
    pub(crate) async fn require(
        &self,
        conn: &mut SqliteConnection,
        source_name: &'static str,
        tables: &[(&'static str, &[&'static str])],
    ) -> Result<(), ImportError> {
        for &(table, columns) in tables {
            let present: Vec<String> = sqlx::query("SELECT name FROM pragma_table_info(?1)")
                .bind(table)
                .fetch_all(&mut *conn)
                .await
                .map_err(|e| self.sqlite(e))?
                .iter()
                .map(|row| row.try_get::<String, _>(0))
                .collect::<Result<_, _>>()
                .map_err(|e| self.sqlite(e))?;
            if present.is_empty() {
                return Err(ImportError::MissingTable { file: self.file.clone(), source_name, table });
            }
            if let Some(column) = columns.iter().find(|c| !present.iter().any(|p| p.eq_ignore_ascii_case(c))) {
                return Err(ImportError::MissingColumn { file: self.file.clone(), source_name, table, column });
            }
        }
        Ok(())
    }
}
