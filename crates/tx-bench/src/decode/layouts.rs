//! Builds of this binary that differ only in where the linker put their code.
//!
//! Why: two builds of the same decoders gave typed/`Value` ratios up to 5 % apart
//! (code placement: `--compare` runs of 2026-12-05), more than one build's interval
//! over processes, so the interval of one commit's run did not hold the next commit's
//! run even where no decoder changed. Each decode process runs one of several builds
//! whose object files (codegen units) lld laid out in a different order
//! ([`link_order`](super::link_order), a fixed seed each, so a rerun of the same
//! commit gets the same builds), and the interval over processes then covers
//! placement as well.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::child::{self, Launcher};
use crate::decode::link_order::ObjectGroups;
use crate::error::{BenchError, Context, Result};
use crate::paths;

/// The builds the decode processes rotate through; the first is this build.
#[derive(Clone, Debug)]
pub struct Layouts {
    exes: Vec<PathBuf>,
    /// Why fewer builds than asked for exist (the linker is not lld, cargo failed).
    pub shortfall: Option<String>,
}

impl Layouts {
    /// Only this build, for a run that asks for one layout.
    pub fn this_build() -> Result<Self> {
        Ok(Self {
            exes: vec![Launcher::current()?.exe],
            shortfall: None,
        })
    }

    /// This build plus `count - 1` relinked with their object files in other orders,
    /// built now: one link with a map first (the default order, to group the
    /// functions by object), then one per seed with its `--symbol-ordering-file`.
    ///
    /// Cargo replaces this binary on disk when it relinks it, so a copy of this build
    /// is made first and every later child (of any section) runs from that copy.
    pub fn build(count: usize) -> Result<Self> {
        if count <= 1 {
            return Self::this_build();
        }
        let dir = paths::scratch("decode-layouts")?;
        let this = dir.join("layout-0");
        let running = Launcher::current()?.exe;
        std::fs::copy(&running, &this).context("copy this tx-bench build")?;
        child::run_children_from(this.clone());
        let mut exes = vec![this];
        let groups = match object_groups(&dir) {
            Ok(groups) => groups,
            Err(error) => {
                eprintln!("decode: no other layouts: {error}");
                return Ok(Self {
                    exes,
                    shortfall: Some(error.to_string()),
                });
            }
        };
        let mut shortfall = None;
        for seed in 1..count {
            let built = relink_in_order(&groups, seed, &dir).and_then(|exe| {
                let copy = dir.join(format!("layout-{seed}"));
                std::fs::copy(&exe, &copy).context("copy a relinked tx-bench")?;
                if same_bytes(&copy, exes.first().map_or(&copy, |first| first))? {
                    return Err(BenchError::new(
                        "the relinked build is identical to this one (objects not moved)",
                    ));
                }
                Ok(copy)
            });
            match built {
                Ok(exe) => {
                    eprintln!("decode: layout {seed} of {} built", count - 1);
                    exes.push(exe);
                }
                Err(error) => {
                    eprintln!("decode: layout {seed} not built: {error}");
                    shortfall = Some(error.to_string());
                    break;
                }
            }
        }
        Ok(Self { exes, shortfall })
    }

    /// Given builds, for tests of what uses them.
    #[cfg(test)]
    pub fn of(exes: Vec<PathBuf>) -> Self {
        Self {
            exes,
            shortfall: None,
        }
    }

    /// How many builds the processes rotate through.
    pub fn count(&self) -> usize {
        self.exes.len()
    }

    /// Which build process `index` (counted over both phases) runs.
    pub fn index_for(&self, process: usize) -> usize {
        process.checked_rem(self.exes.len()).unwrap_or(0)
    }

    /// The launcher of process `index`: one build after the other, unpinned.
    pub fn launcher(&self, process: usize) -> Result<Launcher> {
        match self.exes.get(self.index_for(process)) {
            Some(exe) => Ok(Launcher {
                exe: exe.clone(),
                cpus: None,
            }),
            None => Launcher::current(),
        }
    }
}

/// The lld options that lay a build's functions out in the order of `file`.
pub fn ordering_args(file: &Path) -> [String; 2] {
    [
        format!("link-arg=-Wl,--symbol-ordering-file={}", file.display()),
        // Symbols the map names but the final link drops (merged, or not functions).
        "link-arg=-Wl,--no-warn-symbol-ordering".to_owned(),
    ]
}

/// The functions of this build grouped by object file, from the map of a link in
/// the default order.
fn object_groups(dir: &Path) -> Result<ObjectGroups> {
    let map = dir.join("default-order.map");
    // A map left by an earlier run names another build's functions.
    if map.exists() {
        std::fs::remove_file(&map).context("remove an earlier linker map")?;
    }
    relink(&[format!("link-arg=-Wl,-Map={}", map.display())])?;
    let text = std::fs::read_to_string(&map).context("read the linker map")?;
    let groups = ObjectGroups::from_lld_map(&text);
    if groups.objects() < 2 {
        return Err(BenchError::new(
            "the linker map names no function sections of two objects (the linker is not lld)",
        ));
    }
    Ok(groups)
}

/// This binary relinked with its objects in the order `seed` gives.
fn relink_in_order(groups: &ObjectGroups, seed: usize, dir: &Path) -> Result<PathBuf> {
    let file = dir.join(format!("order-{seed}.txt"));
    let seed = u64::try_from(seed).unwrap_or(u64::MAX);
    std::fs::write(&file, groups.ordering_file(seed)).context("write a symbol ordering")?;
    relink(&ordering_args(&file))
}

/// `cargo rustc` of this binary with the codegen options `options` (each passed
/// after `-C`); the path of the executable cargo reports.
fn relink(options: &[String]) -> Result<PathBuf> {
    let cargo = paths::cargo();
    let mut command = Command::new(cargo);
    command
        .current_dir(paths::workspace_root())
        .args(["rustc", "--offline", "--quiet", "-p", "tx-bench"])
        .args([
            "--bin",
            "tx-bench",
            "--message-format=json-render-diagnostics",
        ]);
    if !cfg!(debug_assertions) {
        command.arg("--release");
    }
    command.arg("--");
    for option in options {
        command.args(["-C", option]);
    }
    let output = command.output().context("cannot run cargo rustc")?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr.lines().rev().find(|line| !line.trim().is_empty());
        return Err(BenchError::new(format!(
            "cargo rustc with `-C {}` failed: {}",
            options.join(" -C "),
            last.unwrap_or("no message").trim()
        )));
    }
    executable(&String::from_utf8_lossy(&output.stdout))
        .ok_or_else(|| BenchError::new("cargo reported no tx-bench executable"))
}

/// The `executable` of tx-bench's `compiler-artifact` message in cargo's JSON output.
fn executable(messages: &str) -> Option<PathBuf> {
    messages.lines().rev().find_map(|line| {
        let message: serde_json::Value = serde_json::from_str(line).ok()?;
        if message.get("reason")?.as_str()? != "compiler-artifact"
            || message.get("target")?.get("name")?.as_str()? != "tx-bench"
        {
            return None;
        }
        message.get("executable")?.as_str().map(PathBuf::from)
    })
}

fn same_bytes(a: &Path, b: &Path) -> Result<bool> {
    if a == b {
        return Ok(false);
    }
    Ok(std::fs::read(a)? == std::fs::read(b)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_executable_is_read_from_tx_bench_s_artifact_message() {
        let messages = concat!(
            r#"{"reason":"compiler-artifact","target":{"name":"serde"},"executable":null}"#,
            "\n",
            r#"{"reason":"compiler-artifact","target":{"name":"tx-bench"},"executable":"/t/release/tx-bench"}"#,
            "\n",
            r#"{"reason":"build-finished","success":true}"#,
            "\n"
        );
        assert_eq!(
            executable(messages),
            Some(PathBuf::from("/t/release/tx-bench"))
        );
        assert_eq!(executable(r#"{"reason":"build-finished"}"#), None);
        assert_eq!(executable("not json"), None);
    }

    #[test]
    fn processes_rotate_through_the_builds_across_both_phases() {
        let layouts = Layouts {
            exes: vec!["a".into(), "b".into(), "c".into()],
            shortfall: None,
        };
        let picked: Vec<usize> = (0..7).map(|p| layouts.index_for(p)).collect();
        assert_eq!(picked, [0, 1, 2, 0, 1, 2, 0]);
        assert_eq!(
            layouts.launcher(4).unwrap().exe,
            PathBuf::from("b"),
            "process 4 runs the second build"
        );
    }

    #[test]
    fn the_order_is_an_lld_ordering_file_without_warnings_for_dropped_symbols() {
        assert_eq!(
            ordering_args(Path::new("/t/order-3.txt")),
            [
                "link-arg=-Wl,--symbol-ordering-file=/t/order-3.txt",
                "link-arg=-Wl,--no-warn-symbol-ordering"
            ]
        );
    }
}
