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
    /// A problem in `file`, on `line`, in column `field`.
    pub fn new(file: &str, line: Option<u64>, field: Option<&str>, message: impl Into<String>) -> Self {
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
