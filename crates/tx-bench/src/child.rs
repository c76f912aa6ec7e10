//! Variants that report memory run in their own process: the parent re-executes this
//! binary as `tx-bench child <kind> <config JSON>` and reads one JSON line back.
//!
//! This command line is also how `--compare-with` drives another commit's build: keep
//! `child load` and its JSON compatible (new config fields must be optional).

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{BenchError, Context, Result};

/// Which binary a child runs, and on which CPUs.
#[derive(Clone, Debug)]
pub struct Launcher {
    /// The tx-bench binary.
    pub exe: PathBuf,
    /// `taskset -c` list, when pinned.
    pub cpus: Option<String>,
}

/// A copy of this binary that children run instead of the file it was started from.
static CHILD_EXE: OnceLock<PathBuf> = OnceLock::new();

/// From now on children run `exe`, a copy of this build: set before cargo relinks
/// tx-bench for the decode layouts, which replaces this binary's file on disk.
pub fn run_children_from(exe: PathBuf) {
    let _ = CHILD_EXE.set(exe);
}

impl Launcher {
    /// This binary (or its copy, [`run_children_from`]), not pinned.
    pub fn current() -> Result<Self> {
        let exe = match CHILD_EXE.get() {
            Some(copy) => copy.clone(),
            None => std::env::current_exe().context("cannot find the tx-bench binary")?,
        };
        Ok(Self { exe, cpus: None })
    }

    /// The same binary on `cpus` (unpinned for `None`).
    pub fn pinned(self, cpus: Option<&str>) -> Self {
        Self {
            cpus: cpus.map(str::to_owned),
            ..self
        }
    }

    fn command(&self) -> Command {
        match &self.cpus {
            Some(cpus) => {
                let mut command = Command::new("taskset");
                command.arg("-c").arg(cpus).arg(&self.exe);
                command
            }
            None => Command::new(&self.exe),
        }
    }
}

/// Runs `tx-bench child <kind> <config>` (this binary, unpinned) and decodes the last
/// line it prints.
pub fn run<C: Serialize, R: DeserializeOwned>(kind: &str, config: &C) -> Result<R> {
    run_with(&Launcher::current()?, kind, config)
}

/// Runs `kind` with `launcher` and decodes the last line it prints.
pub fn run_with<C: Serialize, R: DeserializeOwned>(
    launcher: &Launcher,
    kind: &str,
    config: &C,
) -> Result<R> {
    let config = serde_json::to_string(config)?;
    let output = launcher
        .command()
        .args(["child", kind, &config])
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .context("cannot start a child process")?;
    if !output.status.success() {
        return Err(BenchError::new(format!(
            "child `{kind}` failed ({})",
            output.status
        )));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .ok_or_else(|| BenchError::new(format!("child `{kind}` printed nothing")))?;
    serde_json::from_str(line).context("child result")
}

/// In the child: decodes the config, runs `body`, prints its result as one JSON line.
pub fn serve<C: DeserializeOwned, R: Serialize>(
    config: Option<&String>,
    body: impl FnOnce(C) -> Result<R>,
) -> Result<()> {
    let config = config.ok_or_else(|| BenchError::new("child: missing config"))?;
    let config: C = serde_json::from_str(config).context("child config")?;
    let result = body(config)?;
    println!("{}", serde_json::to_string(&result)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    /// Every child starts through [`super::Launcher::current`]: after the decode
    /// layouts are built, the file this process started from holds another build.
    #[test]
    fn only_the_launcher_asks_for_the_running_binary() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut offenders = Vec::new();
        let mut dirs = vec![src.clone()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && path != src.join("child.rs")
                    && std::fs::read_to_string(&path)
                        .unwrap()
                        .contains(concat!("current", "_exe"))
                {
                    offenders.push(path);
                }
            }
        }
        assert!(offenders.is_empty(), "{offenders:?}");
    }
}
