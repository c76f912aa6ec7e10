//! Durable files for response bodies: `--save-raw FILE`, and the default file that
//! keeps iDIN's one-time identity when no `--save-raw` was given.
//!
//! Every file is created exclusively (never over an existing file or through a
//! symlink), readable by its owner only, written, and fsynced with its directory
//! before anything is printed. A file that could not be written is removed: no
//! 0-byte or half-written file is left behind to look like a saved answer.

use std::{
    fs::{File, OpenOptions},
    io::{self, Write},
    path::{Path, PathBuf},
};

/// The environment variable naming the default directory for saved answers.
pub const SAVE_DIR_VAR: &str = "TXSTATUS_SAVE_DIR";

/// A file reserved before any request, so a clash or a permission problem is a
/// usage error and nothing is sent.
///
/// A reservation dropped without [`Reserved::write`] (an early return, a usage error
/// found after the files were reserved) removes its file: no empty file is left to
/// look like a saved answer or to block the next run's `--save-raw`.
#[derive(Debug)]
pub struct Reserved {
    path: PathBuf,
    file: Option<File>,
    /// Tests: every write fails (as on a full disk).
    #[cfg(test)]
    fail_writes: bool,
    /// Tests: the directory cannot be synced (as a write-only one cannot).
    #[cfg(test)]
    fail_dir_sync: bool,
}

impl Drop for Reserved {
    fn drop(&mut self) {
        if let Some(file) = self.file.take() {
            drop(file);
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

impl Reserved {
    /// Creates `path`, which must not exist, mode 0600.
    pub fn create(path: &Path) -> io::Result<Self> {
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(path)?;
        Ok(Self {
            path: path.to_path_buf(),
            file: Some(file),
            #[cfg(test)]
            fail_writes: false,
            #[cfg(test)]
            fail_dir_sync: false,
        })
    }

    /// Creates a new file named after the provider and transaction in `dir`.
    pub fn create_in(dir: &Path, provider: &str, id: &str) -> io::Result<Self> {
        let stem = format!("txstatus-{provider}-{}", file_safe(id));
        let mut last = None;
        for n in 0u32..100 {
            let name = if n == 0 {
                format!("{stem}.json")
            } else {
                format!("{stem}-{n}.json")
            };
            match Self::create(&dir.join(name)) {
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
                other => return other,
            }
        }
        Err(last.unwrap_or_else(|| io::Error::other("no free file name")))
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes the bytes and makes them durable; on any failure the file is removed.
    /// Every credential this process holds is replaced by `[redacted]` first: a
    /// provider that echoes one in its body never puts it in a file.
    ///
    /// The bytes go to a hidden sibling (`.<name>.partial`, new, 0600), are
    /// fsynced, and only then take the reserved name: a process killed midway
    /// leaves the reserved file empty (no answer) and a `.partial` file, never a
    /// cut answer under the answer's name. The directory is then fsynced where
    /// it can be opened (a write-only drop directory cannot be: the file stays).
    pub fn write(mut self, bytes: &[u8]) -> io::Result<PathBuf> {
        let scrubbed = crate::secrets::scrub_bytes(bytes);
        let bytes: &[u8] = &scrubbed;
        let Some(placeholder) = self.file.take() else {
            return Err(io::Error::other("the reserved file is already closed"));
        };
        drop(placeholder);
        let result = partial_sibling(&self.path).and_then(|(partial, mut file)| {
            #[cfg(test)]
            if self.fail_writes {
                drop(file);
                let _ = std::fs::remove_file(&partial);
                return Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"));
            }
            let written = file
                .write_all(bytes)
                .and_then(|()| file.sync_all())
                .and_then(|()| {
                    drop(file);
                    std::fs::rename(&partial, &self.path)
                });
            if written.is_err() {
                let _ = std::fs::remove_file(&partial);
            }
            written
        });
        match result {
            Ok(()) => {
                // The answer is in place, its bytes durable: a directory that
                // cannot be synced (a write-only drop directory cannot even be
                // opened) does not undo it; removing the file would lose it.
                let _ = self.sync_parent();
                Ok(std::mem::take(&mut self.path))
            }
            Err(error) => {
                let _ = std::fs::remove_file(&self.path);
                Err(error)
            }
        }
    }

    /// fsyncs the directory the file is in.
    fn sync_parent(&self) -> io::Result<()> {
        #[cfg(test)]
        if self.fail_dir_sync {
            return Err(io::Error::from(io::ErrorKind::PermissionDenied));
        }
        sync_dir(&self.path)
    }

    /// Removes the reserved file: there was nothing to keep.
    pub fn discard(self) {
        // Dropping an unwritten reservation removes its file.
        drop(self);
    }

    #[cfg(test)]
    fn unwritable(path: &Path) -> Self {
        let mut reserved = Self::create(path).unwrap();
        reserved.fail_writes = true;
        reserved
    }
}

/// A new hidden file beside `path` (`.<name>.partial`, else `.<name>.<n>.partial`
/// when one is left from a run that was killed), mode 0600.
fn partial_sibling(path: &Path) -> io::Result<(PathBuf, File)> {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut last = None;
    for n in 0u32..100 {
        let suffix = if n == 0 {
            String::from(".partial")
        } else {
            format!(".{n}.partial")
        };
        let partial = path.with_file_name(hidden_name(&name, &suffix));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        match options.open(&partial) {
            Ok(file) => return Ok((partial, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no free name for the partial file")))
}

/// The longest file name (bytes) the file systems in use take (`NAME_MAX`).
const MAX_NAME_BYTES: usize = 255;

/// `.<name><suffix>`, the name cut (at a character boundary) so the whole fits
/// in [`MAX_NAME_BYTES`]: a name that could be created has a sibling that can.
fn hidden_name(name: &str, suffix: &str) -> String {
    let room = MAX_NAME_BYTES.saturating_sub(suffix.len().saturating_add(1));
    let mut end = name.len().min(room);
    while !name.is_char_boundary(end) {
        end = end.saturating_sub(1);
    }
    format!(".{}{suffix}", name.get(..end).unwrap_or_default())
}

/// fsyncs the directory holding `path`, so the new entry survives a crash.
fn sync_dir(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(())
    }
}

/// The transaction id as a file-name part: anything but ASCII letters, digits,
/// `-` and `_` becomes `_`, and it is cut at 64 characters.
fn file_safe(id: &str) -> String {
    id.chars()
        .take(64)
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// `--save-dir`, else `TXSTATUS_SAVE_DIR`, else the current directory; `None` when
/// the one that decides is blank. A blank directory is no directory: `" "` would be
/// taken as a relative directory of that name, and an empty one (a script's
/// `TXSTATUS_SAVE_DIR=$DIR` with `DIR` unset) would put a one-time identity in
/// the current directory, the place the variable was set to avoid.
pub fn save_dir(flag: Option<&Path>) -> Option<PathBuf> {
    let chosen = match flag {
        Some(flag) => flag.as_os_str().to_owned(),
        None => match std::env::var_os(SAVE_DIR_VAR) {
            Some(value) => value,
            None => return Some(PathBuf::from(".")),
        },
    };
    (!is_blank(Path::new(&chosen))).then(|| PathBuf::from(chosen))
}

/// Whether a directory given is empty or only whitespace.
pub fn is_blank(dir: &Path) -> bool {
    dir.as_os_str().to_string_lossy().trim().is_empty()
}

/// Whether `dir` lies inside a git work tree, where a saved identity could be
/// committed by accident.
pub fn in_git_work_tree(dir: &Path) -> bool {
    let Ok(dir) = dir.canonicalize() else {
        return false;
    };
    dir.ancestors().any(|d| d.join(".git").exists())
}

/// What became of a body that had to be kept.
#[derive(Debug, Default)]
pub struct Saved {
    /// Where it is now, if anywhere.
    pub path: Option<PathBuf>,
    /// Whether the file the user asked for could not be written.
    pub primary_failed: bool,
    /// One line per outcome, for stderr.
    pub notes: Vec<String>,
}

/// Writes `bytes` to `primary`; when that fails, to a new file in each fallback
/// directory in turn, until one holds them. Every outcome is noted.
pub fn write_with_fallback(
    primary: Reserved,
    bytes: &[u8],
    fallbacks: &[PathBuf],
    provider: &str,
    id: &str,
) -> Saved {
    let shown = primary.path().display().to_string();
    let mut saved = Saved::default();
    match primary.write(bytes) {
        Ok(path) => {
            saved.notes.push(format!("saved the answer to {shown}"));
            saved.path = Some(path);
            return saved;
        }
        Err(error) => {
            saved.primary_failed = true;
            saved
                .notes
                .push(format!("cannot write {shown}: {error} (file removed)"));
        }
    }
    for dir in fallbacks {
        let attempt = Reserved::create_in(dir, provider, id).and_then(|file| {
            let at = file.path().display().to_string();
            file.write(bytes)
                .map_err(|e| (at, e))
                .map_err(|(at, e)| io::Error::new(e.kind(), format!("{at}: {e} (file removed)")))
        });
        match attempt {
            Ok(path) => {
                saved
                    .notes
                    .push(format!("saved the answer instead to {}", path.display()));
                saved.path = Some(path);
                return saved;
            }
            Err(error) => saved
                .notes
                .push(format!("fallback in {} failed too: {error}", dir.display())),
        }
    }
    saved
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("txstatus-keep-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_directory_that_cannot_be_synced_keeps_the_written_answer() {
        let dir = scratch("nosync");
        let path = dir.join("answer.json");
        let mut file = Reserved::create(&path).unwrap();
        file.fail_dir_sync = true;
        assert_eq!(file.write(b"{\"kept\":1}").unwrap(), path);
        assert_eq!(std::fs::read(&path).unwrap(), b"{\"kept\":1}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_name_as_long_as_a_file_name_may_be_is_written_too() {
        let dir = scratch("long");
        for name in [
            format!("{}.json", "L".repeat(250)),
            format!("{}.json", "é".repeat(125)),
        ] {
            let path = dir.join(&name);
            let file = Reserved::create(&path).unwrap();
            // A partial file left by a killed run: the next name is cut too.
            let stale = dir.join(hidden_name(&name, ".partial"));
            std::fs::write(&stale, b"").unwrap();
            assert_eq!(file.write(b"{}").unwrap(), path, "{} bytes", name.len());
            assert_eq!(std::fs::read(&path).unwrap(), b"{}");
        }
        assert!(hidden_name(&"é".repeat(200), ".7.partial").len() <= MAX_NAME_BYTES);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_reserved_file_is_new_private_and_holds_the_bytes() {
        let dir = scratch("new");
        let path = dir.join("a.json");
        let file = Reserved::create(&path).unwrap();
        assert!(
            Reserved::create(&path).is_err(),
            "never over an existing file"
        );
        assert_eq!(file.write(b"{}").unwrap(), path);
        assert_eq!(std::fs::read(&path).unwrap(), b"{}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A process killed while it writes (SIGKILL, a crash) must not leave a partly
    /// written answer under the answer's name: the file holds nothing (reserved,
    /// no answer yet) or the whole answer, never a cut one that reads like a body
    /// the provider sent cut short.
    #[test]
    fn the_reserved_file_is_never_seen_partly_written() {
        use std::sync::atomic::{AtomicBool, Ordering};
        let dir = scratch("partial");
        let path = dir.join("answer.json");
        let file = Reserved::create(&path).unwrap();
        let body = vec![b' '; 32 << 20];
        let done = AtomicBool::new(false);
        let mut partly_written = Vec::new();
        std::thread::scope(|scope| {
            let writer = scope.spawn(|| {
                let written = file.write(&body);
                done.store(true, Ordering::SeqCst);
                written
            });
            while !done.load(Ordering::SeqCst) {
                if let Ok(metadata) = std::fs::metadata(&path) {
                    let len = metadata.len();
                    if len != 0 && len != body.len() as u64 {
                        partly_written.push(len);
                    }
                }
            }
            writer.join().unwrap().unwrap();
        });
        assert!(
            partly_written.is_empty(),
            "seen partly written: {:?}",
            &partly_written[..partly_written.len().min(3)]
        );
        assert_eq!(std::fs::metadata(&path).unwrap().len(), body.len() as u64);
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(left.len(), 1, "only the answer is left");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_reservation_dropped_unwritten_leaves_no_file() {
        let dir = scratch("dropped");
        let path = dir.join("a.json");
        let file = Reserved::create(&path).unwrap();
        assert!(path.exists());
        drop(file);
        assert!(!path.exists(), "no empty file left behind");
        let written = Reserved::create(&path).unwrap().write(b"kept").unwrap();
        assert_eq!(
            std::fs::read(&written).unwrap(),
            b"kept",
            "a written file stays"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn default_names_never_clash_and_never_leave_the_directory() {
        let dir = scratch("names");
        let a = Reserved::create_in(&dir, "cm-idin", "../../etc/x").unwrap();
        let b = Reserved::create_in(&dir, "cm-idin", "../../etc/x").unwrap();
        assert_ne!(a.path(), b.path());
        assert_eq!(a.path().parent(), Some(dir.as_path()));
        assert!(
            a.path()
                .to_string_lossy()
                .ends_with("txstatus-cm-idin-______etc_x.json")
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_failed_write_is_removed_and_the_fallback_keeps_the_bytes() {
        let dir = scratch("fallback");
        let primary = Reserved::unwritable(&dir.join("primary.json"));
        let fallback = dir.join("fb");
        std::fs::create_dir_all(&fallback).unwrap();
        let saved = write_with_fallback(
            primary,
            b"identity",
            std::slice::from_ref(&fallback),
            "cm-idin",
            "t1",
        );
        assert!(saved.primary_failed);
        assert!(!dir.join("primary.json").exists(), "no empty file left");
        let path = saved.path.unwrap();
        assert_eq!(path.parent(), Some(fallback.as_path()));
        assert_eq!(std::fs::read(&path).unwrap(), b"identity");
        assert_eq!(saved.notes.len(), 2, "{:?}", saved.notes);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn when_every_place_fails_each_outcome_is_reported() {
        let dir = scratch("allfail");
        let primary = Reserved::unwritable(&dir.join("primary.json"));
        let missing = dir.join("missing");
        let saved = write_with_fallback(primary, b"x", &[missing], "cm-idin", "t1");
        assert!(saved.path.is_none());
        assert_eq!(saved.notes.len(), 2);
        assert!(
            std::fs::read_dir(&dir).unwrap().next().is_none(),
            "nothing left"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
