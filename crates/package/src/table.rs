//! Reading CSV tables: header checks and malformed-row messages shared by every table reader.

use crate::error::{InputError, InputErrors};

/// A CSV table's header, checked: required columns present, none twice.
pub struct Table {
    /// The column names, trimmed, in file order.
    pub headers: Vec<String>,
}

impl Table {
    /// Checks the header: `required` columns present, no column twice. Returns the header or the
    /// problems found.
    pub fn check_header<R: std::io::Read>(
        file: &str,
        reader: &mut csv::Reader<R>,
        required: &[&str],
    ) -> Result<Table, InputErrors> {
        let headers = match reader.headers() {
            Ok(h) => h.iter().map(|s| s.trim().trim_start_matches('\u{feff}').to_string()).collect::<Vec<_>>(),
            Err(e) => return Err(InputErrors(vec![csv_error(file, &e)])),
        };
        if headers.iter().all(|h| h.is_empty()) {
            return Err(InputErrors(vec![InputError::new(
                file,
                Some(1),
                None,
                "the file is empty or has no header line",
            )]));
        }
        let mut errors = Vec::new();
        for (i, h) in headers.iter().enumerate() {
            if !h.is_empty() && headers[..i].contains(h) {
                errors.push(InputError::new(file, Some(1), Some(h), "column appears twice in the header"));
            }
        }
        for r in required {
            if !headers.iter().any(|h| h == r) {
                errors.push(InputError::new(
                    file,
                    Some(1),
                    Some(r),
                    format!("required column is missing from the header (found: {})", headers.join(", ")),
                ));
            }
        }
        if errors.is_empty() { Ok(Table { headers }) } else { Err(InputErrors(errors)) }
    }

    /// The position of a column, if the header has it.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }
}

/// A csv crate error as an [`InputError`] with its line.
pub fn csv_error(file: &str, e: &csv::Error) -> InputError {
    let line = e.position().map(|p| p.line());
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => format!(
            "malformed row: it has {len} fields but the header has {expected_len} (a missing comma, an unclosed quote or a cut-off line?)"
        ),
        csv::ErrorKind::Utf8 { .. } => "the text is not valid UTF-8".to_string(),
        csv::ErrorKind::Io(io) => format!("cannot be read: {io}"),
        _ => format!("malformed CSV: {e}"),
    };
    InputError::new(file, line, None, message)
}
