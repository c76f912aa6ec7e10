//! `cargo xtask bench [--quick] [tx-bench options]`: runs the benchmark harness
//! (`crates/tx-bench`) in release mode; it writes BENCHMARKS.md. Every argument is passed
//! on (`--quick`, `--only decode,overhead,footprint,polling,webhooks,distributed`, `--crates ...`,
//! `--[no-]cold-builds`, `--build-rounds N`, `--decode-layouts N`, `--no-pin`,
//! `--no-idle-poll`, `--out FILE`).
//!
//! `cargo xtask bench --compare REV [--quick] [--only overhead,decode]`: the regression
//! guard. Checks REV out in a git worktree at `target/compare/<rev>`, builds its tx-bench
//! there with its own target directory (`target/compare/target`, kept between runs so the
//! next comparison builds incrementally; the two builds never share an output), runs this
//! tree's tx-bench with `--compare-with` that binary (both builds' overhead and decode
//! runs interleaved in one run; new / old ratios with intervals, printed and written to
//! `target/BENCHMARKS.compare.md`), and removes the worktree again.
//!
//! `cargo xtask bench --lto [--quick] [--only overhead,decode]`: what whole-program
//! optimisation buys. Builds this tree's tx-bench a second time with fat LTO and one
//! codegen unit (the profile an application may opt into; a dependent crate gets
//! Cargo's default) in `target/lto`, and runs the same comparison with that build as
//! the other one: each build's SDK/raw ratios side by side, measured in one run.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{cargo, root, step};

pub fn run(args: &[String]) -> Result<(), String> {
    let (mode, rest) = split_mode(args)?;
    match mode {
        Mode::Report => {
            // Benchmark 6 starts a real redis-server (as the Redis tests do).
            let redis_server = crate::redis_server::ensure()?;
            let mut command = cargo();
            command.env("TXSTATUS_REDIS_SERVER", redis_server);
            command.args(["run", "--release", "-p", "tx-bench", "--"]);
            command.args(&rest);
            step("benchmarks", command)
        }
        Mode::Compare(rev) => compare(&rev, &rest),
        Mode::Lto => lto(&rest),
    }
}

/// What `cargo xtask bench` was asked for.
#[derive(Debug, PartialEq)]
enum Mode {
    /// The full report (BENCHMARKS.md).
    Report,
    /// `--compare REV`: this tree against another commit.
    Compare(String),
    /// `--lto`: this tree against itself built with whole-program LTO.
    Lto,
}

/// Takes `--compare REV` or `--lto` out of the arguments.
fn split_mode(args: &[String]) -> Result<(Mode, Vec<String>), String> {
    let mut mode = Mode::Report;
    let mut rest = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let next = match arg.as_str() {
            "--compare" => Mode::Compare(iter.next().ok_or("--compare needs a revision")?.clone()),
            "--lto" => Mode::Lto,
            _ => {
                rest.push(arg.clone());
                continue;
            }
        };
        if mode != Mode::Report {
            return Err("give one of --compare REV and --lto, once".to_owned());
        }
        mode = next;
    }
    Ok((mode, rest))
}

/// This tree against itself built with fat LTO and one codegen unit (`target/lto`).
fn lto(args: &[String]) -> Result<(), String> {
    let root = root();
    let lto_target = target_dir(&root).join("lto");
    let mut build = cargo();
    build
        .current_dir(&root)
        .env("CARGO_TARGET_DIR", &lto_target)
        .env("CARGO_PROFILE_RELEASE_LTO", "fat")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "1")
        .args(["build", "--release", "-p", "tx-bench"]);
    step("build tx-bench with whole-program LTO", build)?;
    let other = lto_target.join("release").join("tx-bench");
    let mut command = cargo();
    command
        .args(["run", "--release", "-p", "tx-bench", "--", "--compare-with"])
        .arg(&other)
        .args([
            "--compare-label",
            "this tree with lto = \"fat\", codegen-units = 1",
        ])
        .args(args);
    step("benchmark comparison with the LTO build", command)
}

fn compare(rev: &str, args: &[String]) -> Result<(), String> {
    let root = root();
    let commit = git_output(
        &root,
        &[
            "rev-parse",
            "--short=12",
            "--verify",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .map_err(|e| format!("--compare {rev}: not a commit: {e}"))?;
    let compare_dir = target_dir(&root).join("compare");
    let worktree = compare_dir.join(&commit);
    let other_target = compare_dir.join("target");
    if worktree.exists() {
        remove_worktree(&root, &worktree);
    }
    std::fs::create_dir_all(&compare_dir).map_err(|e| format!("{}: {e}", compare_dir.display()))?;
    let mut add = git(&root);
    add.args(["worktree", "add", "--detach"])
        .arg(&worktree)
        .arg(&commit);
    step(&format!("worktree of {rev} ({commit})"), add)?;
    let result = build_and_run(rev, &commit, &worktree, &other_target, args);
    remove_worktree(&root, &worktree);
    result
}

fn build_and_run(
    rev: &str,
    commit: &str,
    worktree: &Path,
    other_target: &Path,
    args: &[String],
) -> Result<(), String> {
    let mut build = cargo();
    build
        .current_dir(worktree)
        .env("CARGO_TARGET_DIR", other_target)
        .args(["build", "--release", "-p", "tx-bench", "--manifest-path"])
        .arg(worktree.join("Cargo.toml"));
    step(&format!("build tx-bench of {rev} ({commit})"), build)?;
    let other = other_target.join("release").join("tx-bench");
    let mut command = cargo();
    command
        .args(["run", "--release", "-p", "tx-bench", "--", "--compare-with"])
        .arg(&other)
        .args(["--compare-label", &format!("{rev} ({commit})")])
        .args(args);
    step("benchmark comparison", command)
}

/// `git worktree remove --force`, then `prune`; failures are reported, not fatal.
fn remove_worktree(root: &Path, worktree: &Path) {
    let mut remove = git(root);
    remove.args(["worktree", "remove", "--force"]).arg(worktree);
    if let Err(e) = step("remove the comparison worktree", remove) {
        eprintln!("xtask: {e}; remove {} by hand", worktree.display());
    }
    let mut prune = git(root);
    prune.args(["worktree", "prune"]);
    let _ = prune.status();
}

/// `CARGO_TARGET_DIR` or `<root>/target`.
fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

fn git(root: &Path) -> Command {
    let mut command = Command::new("git");
    command.current_dir(root);
    command
}

fn git_output(root: &Path, args: &[&str]) -> Result<String, String> {
    let output = git(root)
        .args(args)
        .output()
        .map_err(|e| format!("git: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).trim().to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::{Mode, split_mode};

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn compare_revision_is_taken_out_and_the_rest_passed_on() {
        let (mode, rest) = split_mode(&args(&[
            "--quick",
            "--compare",
            "main",
            "--only",
            "overhead",
        ]))
        .unwrap();
        assert_eq!(mode, Mode::Compare("main".to_owned()));
        assert_eq!(rest, args(&["--quick", "--only", "overhead"]));
        let (mode, rest) = split_mode(&args(&["--quick"])).unwrap();
        assert_eq!((mode, rest), (Mode::Report, args(&["--quick"])));
        assert!(split_mode(&args(&["--compare"])).is_err());
    }

    #[test]
    fn lto_is_taken_out_and_excludes_compare() {
        let (mode, rest) = split_mode(&args(&["--lto", "--only", "overhead"])).unwrap();
        assert_eq!(mode, Mode::Lto);
        assert_eq!(rest, args(&["--only", "overhead"]));
        assert!(split_mode(&args(&["--lto", "--compare", "main"])).is_err());
        assert!(split_mode(&args(&["--compare", "main", "--lto"])).is_err());
        assert!(split_mode(&args(&["--lto", "--lto"])).is_err());
    }
}
