//! Reading the rows of a CSV table into typed values, collecting every problem.

use std::io::Read;

use crate::error::{InputError, InputErrors};
use crate::table::{Table, csv_error};
use crate::{YEAR_MAX, YEAR_MIN};

/// One row being read: typed accessors that record a problem (with file, line and column) instead of
/// failing, so a whole table is checked in one pass.
pub(crate) struct Row<'a> {
    file: &'a str,
    pub line: u64,
    record: &'a csv::StringRecord,
    table: &'a Table,
    errors: &'a mut Vec<InputError>,
}

impl Row<'_> {
    /// Records a problem in `field`.
    pub fn error(&mut self, field: &str, message: String) {
        self.errors.push(InputError::new(self.file, Some(self.line), Some(field), message));
    }

    /// The non-empty text of a column, if the table has it and the cell is not empty.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.table.column(field).and_then(|c| self.record.get(c)).filter(|s| !s.is_empty())
    }

    /// The text of a required column; a problem when empty.
    pub fn required(&mut self, field: &str) -> Option<String> {
        match self.get(field) {
            Some(s) => Some(s.to_string()),
            None => {
                self.error(field, "required value is empty".into());
                None
            }
        }
    }

    /// An optional year within [`YEAR_MIN`]..=[`YEAR_MAX`].
    pub fn year(&mut self, field: &str) -> Option<i32> {
        let text = self.get(field)?.to_string();
        match text.parse::<i32>() {
            Ok(y) if (YEAR_MIN..=YEAR_MAX).contains(&y) => Some(y),
            Ok(y) => {
                self.error(field, format!("year {y} is out of range ({YEAR_MIN}–{YEAR_MAX})"));
                None
            }
            Err(_) => {
                self.error(field, format!("`{text}` is not a year"));
                None
            }
        }
    }

    /// An optional non-negative whole number.
    pub fn count(&mut self, field: &str) -> Option<u64> {
        let text = self.get(field)?.to_string();
        match text.parse::<i64>() {
            Ok(n) if n >= 0 => Some(n as u64),
            Ok(n) => {
                self.error(field, format!("count {n} is negative"));
                None
            }
            Err(_) => {
                self.error(field, format!("`{text}` is not a whole number"));
                None
            }
        }
    }

    /// An optional non-negative finite number.
    pub fn amount(&mut self, field: &str) -> Option<f64> {
        let text = self.get(field)?.to_string();
        match text.parse::<f64>() {
            Ok(x) if x.is_finite() && x >= 0.0 => Some(x),
            Ok(x) if x.is_finite() => {
                self.error(field, format!("amount {x} is negative"));
                None
            }
            _ => {
                self.error(field, format!("`{text}` is not a number"));
                None
            }
        }
    }

    /// An optional boolean: `true`/`false`, `1`/`0`, `yes`/`no` (any case).
    pub fn boolean(&mut self, field: &str) -> Option<bool> {
        let text = self.get(field)?.to_ascii_lowercase();
        match text.as_str() {
            "true" | "1" | "yes" | "t" | "y" => Some(true),
            "false" | "0" | "no" | "f" | "n" => Some(false),
            _ => {
                self.error(field, format!("`{text}` is not true or false"));
                None
            }
        }
    }

    /// An optional value from a fixed list.
    pub fn choice<T: Copy>(&mut self, field: &str, options: &[(&str, T)]) -> Option<T> {
        let text = self.get(field)?.to_string();
        match options.iter().find(|(name, _)| *name == text) {
            Some((_, v)) => Some(*v),
            None => {
                let names: Vec<&str> = options.iter().map(|o| o.0).collect();
                self.error(field, format!("unknown value `{text}` (expected one of {})", names.join(", ")));
                None
            }
        }
    }
}

/// Reads every row of a CSV table with `parse`, which returns `None` for a row it refused (after
/// recording why). Returns all rows, or every problem.
pub(crate) fn read_rows<R: Read, T>(
    file: &str,
    input: R,
    required: &[&str],
    mut parse: impl FnMut(&mut Row) -> Option<T>,
) -> Result<Vec<T>, InputErrors> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(input);
    let table = Table::check_header(file, &mut reader, required)?;
    let mut errors = Vec::new();
    let mut out = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line());
                let before = errors.len();
                let mut row = Row { file, line, record: &record, table: &table, errors: &mut errors };
                let value = parse(&mut row);
                if let (Some(v), true) = (value, errors.len() == before) {
                    out.push(v);
                }
            }
            Err(e) => {
                errors.push(csv_error(file, &e));
                if e.is_io_error() || matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                    break;
                }
            }
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(InputErrors(errors)) }
}
