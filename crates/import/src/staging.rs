//! Writing a package all or nothing: into a new folder beside the output, renamed into place at the end.

use std::path::{Path, PathBuf};

use crate::ImportError;

/// Refuses an output that exists and is not an empty folder.
pub(crate) fn check_output(out: &Path) -> Result<(), ImportError> {
    match std::fs::read_dir(out) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(ImportError::OutputExists { out: out.to_path_buf() });
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        // A file (or something unreadable) in the way.
        Err(_) => Err(ImportError::OutputExists { out: out.to_path_buf() }),
    }
}

/// A hidden folder beside the output that holds the package while it is written. Dropped without
/// [`Staging::commit`], it is removed with everything in it.
pub(crate) struct Staging {
    dir: PathBuf,
    out: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates the staging folder (and the output's parent folders when missing).
    pub(crate) fn new(out: &Path) -> Result<Staging, ImportError> {
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|source| ImportError::Write { path: parent.to_path_buf(), source })?;
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "package".into());
        let pid = std::process::id();
        let mut attempt = 0u32;
        loop {
            let dir = parent.join(format!(".{name}.importing-{pid}-{attempt}"));
            match std::fs::create_dir(&dir) {
                Ok(()) => return Ok(Staging { dir, out: out.to_path_buf(), committed: false }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 1000 => attempt += 1,
                Err(source) => return Err(ImportError::Write { path: dir, source }),
            }
        }
    }

    /// The folder to write into.
    pub(crate) fn path(&self) -> &Path {
        &self.dir
    }

    /// Moves the finished package to the output (an empty folder there is replaced).
    pub(crate) fn commit(mut self) -> Result<(), ImportError> {
        check_output(&self.out)?;
        if self.out.is_dir() {
            std::fs::remove_dir(&self.out).map_err(|source| ImportError::Write { path: self.out.clone(), source })?;
        }
        std::fs::rename(&self.dir, &self.out)
            .map_err(|source| ImportError::Write { path: self.out.clone(), source })?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}
