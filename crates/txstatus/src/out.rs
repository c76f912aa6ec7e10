//! Standard output: checked before anything is sent, written record by record.
//!
//! Rust's runtime reopens a closed descriptor 1 on `/dev/null` (read-write) at
//! start-up, so a `>&-` stdout swallows every write with no error. The only copy
//! of a one-time answer must never go there: [`check_open`] refuses it first.

use std::io::{self, Write};

use crate::failure::Failure;

/// Fails with a usage error (exit 2, nothing sent) when stdout is closed or not
/// writable.
pub fn check_open() -> Result<(), Failure> {
    match descriptor_state() {
        State::Usable => Ok(()),
        State::Closed => Err(Failure::usage(
            "standard output is closed: give the command somewhere to write (e.g. >/dev/null \
             to discard it on purpose)",
        )),
        State::ReadOnly => Err(Failure::usage("standard output is not open for writing")),
    }
}

enum State {
    Usable,
    Closed,
    ReadOnly,
}

#[cfg(target_os = "linux")]
fn descriptor_state() -> State {
    let Ok(info) = std::fs::read_to_string("/proc/self/fdinfo/1") else {
        // No entry for descriptor 1 while /proc answers: it is closed.
        return if std::path::Path::new("/proc/self/fdinfo").is_dir() {
            State::Closed
        } else {
            State::Usable
        };
    };
    let access = info
        .lines()
        .find_map(|line| line.strip_prefix("flags:"))
        .and_then(|flags| u32::from_str_radix(flags.trim(), 8).ok())
        .map(|flags| flags & 0o3);
    match access {
        // O_RDONLY.
        Some(0) => State::ReadOnly,
        // O_RDWR on /dev/null: what the runtime put in place of a closed stdout (a
        // shell's `>/dev/null` opens it write-only).
        Some(2)
            if std::fs::read_link("/proc/self/fd/1")
                .is_ok_and(|target| target == std::path::Path::new("/dev/null")) =>
        {
            State::Closed
        }
        _ => State::Usable,
    }
}

#[cfg(not(target_os = "linux"))]
fn descriptor_state() -> State {
    State::Usable
}

/// Writes `text` to stdout and flushes it; every secret this process holds is
/// replaced by `[redacted]` first, whatever a provider echoed.
pub fn write(text: &str) -> io::Result<()> {
    let text = crate::secrets::scrub(text);
    let mut stdout = io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()
}

/// For single-result commands: any write error is a failure (exit 1).
pub fn write_result(text: &str) -> Result<(), Failure> {
    write(text).map_err(|e| Failure::failed(format!("cannot write to standard output: {e}")))
}

/// Where a streaming command's records go.
#[derive(Debug, Default)]
pub struct Stream {
    reader_gone: bool,
}

impl Stream {
    /// A stream on stdout.
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes one record (one line). Returns `Ok(false)` when the reader went away
    /// (a broken pipe): the command stops quietly and exits 0, since the reader
    /// stopped on purpose (`| head`). Any other write error is a failure (exit 1).
    pub fn record(&mut self, line: &str) -> Result<bool, Failure> {
        if self.reader_gone {
            return Ok(false);
        }
        let mut text = String::with_capacity(line.len().saturating_add(1));
        text.push_str(line);
        text.push('\n');
        match write(&text) {
            Ok(()) => Ok(true),
            Err(error) if error.kind() == io::ErrorKind::BrokenPipe => {
                self.reader_gone = true;
                Ok(false)
            }
            Err(error) => Err(Failure::failed(format!(
                "cannot write to standard output: {error}"
            ))),
        }
    }
}
