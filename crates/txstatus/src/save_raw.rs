//! `--save-raw FILE`: the last response body, exactly as received, in a new 0600 file.

use std::{
    fs::{File, OpenOptions},
    io::Write,
    path::{Path, PathBuf},
};

use crate::failure::Failure;

/// A file reserved before any request, so a clash is a usage error and nothing is lost.
#[derive(Debug)]
pub struct RawSink {
    path: PathBuf,
    file: File,
}

impl RawSink {
    /// Creates FILE, which must not exist, readable only by the owner.
    pub fn create(path: &Path) -> Result<Self, Failure> {
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Failure::usage(format!("--save-raw: {} already exists", path.display()))
            } else {
                Failure::usage(format!("--save-raw: cannot create {}: {e}", path.display()))
            }
        })?;
        Ok(Self {
            path: path.to_path_buf(),
            file,
        })
    }

    /// Writes the bytes; called once, before anything is printed.
    pub fn write(mut self, bytes: &[u8]) -> Result<(), Failure> {
        self.file
            .write_all(bytes)
            .and_then(|()| self.file.sync_all())
            .map_err(|e| {
                Failure::Api(format!(
                    "--save-raw: cannot write {}: {e}",
                    self.path.display()
                ))
            })
    }

    /// Removes the reserved file when no response arrived at all.
    pub fn discard(self) {
        drop(self.file);
        let _ = std::fs::remove_file(&self.path);
    }
}
