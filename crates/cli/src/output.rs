//! Writing results: to standard output, or atomically to files.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

/// Writes `content` to `path` through a temporary file in the same folder, renamed into place, so a
/// reader never sees a half-written file and an error leaves any earlier file as it was.
pub fn write_atomic(path: &Path, content: &str) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).with_context(|| format!("cannot write in {}", dir.display()))?;
    tmp.write_all(content.as_bytes()).with_context(|| format!("cannot write {}", path.display()))?;
    tmp.as_file().sync_all().with_context(|| format!("cannot write {}", path.display()))?;
    tmp.persist(path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Prints to standard output, or writes the file when `out` is given.
pub fn emit(out: Option<&Path>, content: &str) -> Result<()> {
    match out {
        Some(path) => write_atomic(path, content),
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(content.as_bytes()).and_then(|()| stdout.flush()) {
                // A closed pipe (`chiiki chart | head`) is not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.context("cannot write to standard output"),
            }
        }
    }
}
