//! The error returned when a framework definition cannot be used.

/// A framework definition that is malformed or inconsistent.
///
/// It names the line (1-based) of the definition where the problem was found, when it is known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
pub struct FrameworkError {
    /// The 1-based line of the definition the problem is on, if known.
    pub line: Option<usize>,
    /// What is wrong, in lower case.
    pub message: String,
}

impl FrameworkError {
    pub(crate) fn at(line: Option<usize>, message: impl Into<String>) -> Self {
        Self { line, message: message.into() }
    }
}
