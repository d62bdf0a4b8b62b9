//! Errors in user input: each names the file, the line and the field.

use std::fmt;

/// One problem found in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file's name as the user gave it.
    pub file: String,
    /// The 1-based line of the problem, when it is on one line.
    pub line: Option<u64>,
    /// The column (field) the problem is in, when it is in one.
    pub field: Option<String>,
    /// What is wrong, in lower case.
    pub message: String,
}

impl InputError {
    pub(crate) fn new(file: &str, line: Option<u64>, field: Option<&str>, message: impl Into<String>) -> Self {
        Self { file: file.to_string(), line, field: field.map(str::to_string), message: message.into() }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem found in one or more input files (never empty).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct InputErrors(pub Vec<InputError>);

impl InputErrors {
    /// The problems, in the order they were found.
    pub fn errors(&self) -> &[InputError] {
        &self.0
    }
}

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 50;
        for (i, e) in self.0.iter().take(SHOWN).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        if self.0.len() > SHOWN {
            write!(f, "\n… and {} more problems", self.0.len() - SHOWN)?;
        }
        Ok(())
    }
}

/// A CSV table read with its header checked: the header's column positions, then rows.
pub(crate) struct Table {
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
pub(crate) fn csv_error(file: &str, e: &csv::Error) -> InputError {
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
