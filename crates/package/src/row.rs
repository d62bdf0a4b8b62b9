//! Reading the rows of a CSV table into typed values, collecting every problem.

use std::io::Read;

use crate::error::{InputError, InputErrors};
use crate::table::{Table, csv_error};

use crate::{YEAR_MAX, YEAR_MIN};

/// One row being read: typed accessors that record a problem (with file, line and column) instead of
/// failing, so a whole table is checked in one pass.
pub struct Row<'a> {
    file: &'a str,
    /// The 1-based line of the row.
    pub line: u64,
    record: &'a csv::StringRecord,
    /// The names of the fields the reader asks for, and where each is in the file.
    fields: &'a [&'a str],
    columns: &'a [Option<usize>],
    errors: &'a mut Vec<InputError>,
}

impl Row<'_> {
    /// Records a problem in field `f` (an index into the reader's field list).
    pub fn error(&mut self, f: usize, message: String) {
        self.errors.push(InputError::new(self.file, Some(self.line), Some(self.fields[f]), message));
    }

    /// The non-empty text of field `f`, if the table has the column and the cell is not empty.
    pub fn get(&self, f: usize) -> Option<&str> {
        self.columns[f].and_then(|c| self.record.get(c)).map(str::trim).filter(|s| !s.is_empty())
    }

    /// The text of a required column; a problem when empty.
    pub fn required(&mut self, field: usize) -> Option<String> {
        match self.get(field) {
            Some(s) => Some(s.to_string()),
            None => {
                self.error(field, "required value is empty".into());
                None
            }
        }
    }

    /// An optional year within [`YEAR_MIN`]..=[`YEAR_MAX`].
    pub fn year(&mut self, field: usize) -> Option<i32> {
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
    pub fn count(&mut self, field: usize) -> Option<u64> {
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
    pub fn amount(&mut self, field: usize) -> Option<f64> {
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
    pub fn boolean(&mut self, field: usize) -> Option<bool> {
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
    pub fn choice<T: Copy>(&mut self, field: usize, options: &[(&str, T)]) -> Option<T> {
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
/// `fields` names every column `parse` asks for (by index); `required` of them must be in the header.
/// `capacity_hint` is the expected number of rows (a guess from the file's size is enough).
pub fn read_rows<R: Read, T>(
    file: &str,
    input: R,
    capacity_hint: usize,
    fields: &[&str],
    required: &[&str],
    mut parse: impl FnMut(&mut Row) -> Option<T>,
) -> Result<Vec<T>, InputErrors> {
    // Only the header is trimmed by the reader; cells are trimmed as they are read (cheaper than
    // rebuilding every record).
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::Headers).from_reader(input);
    let table = Table::check_header(file, &mut reader, required)?;
    let columns: Vec<Option<usize>> = fields.iter().map(|f| table.column(f)).collect();
    let mut errors = Vec::new();
    let mut out = Vec::with_capacity(capacity_hint);
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line());
                let before = errors.len();
                let mut row = Row { file, line, record: &record, fields, columns: &columns, errors: &mut errors };
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
