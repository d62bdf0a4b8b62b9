//! Writing a package's tables as Parquet (`chiiki convert`): the same rows and columns, typed once, so
//! that later runs skip parsing text.

use std::path::Path;

use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Int64Type};

use crate::engine::Engine;
use crate::error::EngineError;

/// Whether the text column `column` of `table` takes its cells from a small vocabulary (regions,
/// industries, kinds, classes, programmes): such a column is written with its Arrow type a
/// dictionary, so that a reader gets each row as a key into the column chunk's dictionary and the
/// passes look each distinct id up once per dictionary instead of once per row.
fn categorical(table: &str, column: &str) -> bool {
    matches!(
        (table, column),
        (_, "region_id" | "origin_id" | "destination_id")
            | ("employment", "industry")
            | ("organizations", "kind")
            | ("patents", "tech_class")
            | ("people", "role")
            | ("migrations", "kind")
            | ("funding", "program")
    )
}

impl Engine {
    /// Writes the table `name`, every column of its file in the engine's types (text as UTF-8, years
    /// as 64-bit integers, counts and amounts as 64-bit floats; columns the contract does not know as
    /// text), to one Parquet file at `path`. Returns the number of rows written.
    ///
    /// # Errors
    /// A table the engine does not read; a cell that does not parse as its column's type (the read
    /// fails, and the command line then names file, line and column); a file that cannot be written.
    pub fn write_parquet(&self, name: &str, path: &Path) -> Result<u64, EngineError> {
        if !self.has(name) {
            return Err(EngineError::MissingTable { table: name.to_string() });
        }
        let target = path.to_string_lossy().replace('\'', "''");
        let columns: Vec<String> = self.tables()[name]
            .iter()
            .map(|c| {
                let quoted = format!("\"{}\"", c.replace('"', "\"\""));
                if categorical(name, c) {
                    format!("arrow_cast(CAST({quoted} AS VARCHAR), 'Dictionary(Int32, Utf8)') AS {quoted}")
                } else {
                    quoted
                }
            })
            .collect();
        let sql = format!("COPY (SELECT {} FROM raw_{name}) TO '{target}' STORED AS PARQUET", columns.join(", "));
        let batches = self.sql_collect(&sql, name)?;
        let count = batches
            .first()
            .filter(|b| b.num_rows() > 0)
            .map(|b| cast(b.column(0), &DataType::Int64))
            .transpose()
            .map_err(|e| EngineError::Query { context: name.to_string(), source: Box::new(e.into()) })?;
        Ok(count.map_or(0, |c| {
            let c = c.as_primitive::<Int64Type>();
            if c.is_valid(0) { u64::try_from(c.value(0)).unwrap_or(0) } else { 0 }
        }))
    }
}
