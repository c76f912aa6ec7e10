//! `cargo xtask bench [--quick] [tx-bench options]`: runs the benchmark harness
//! (`crates/tx-bench`) in release mode; it writes BENCHMARKS.md. Every argument is passed
//! on (`--quick`, `--only decode,overhead,footprint,polling,webhooks,distributed`, `--crates ...`,
//! `--[no-]cold-builds`, `--build-rounds N`, `--no-pin`, `--out FILE`).
//!
//! `cargo xtask bench --compare REV [--quick] [--only overhead,decode]`: the regression
//! guard. Checks REV out in a git worktree at `target/compare/<rev>`, builds its tx-bench
//! there with its own target directory (`target/compare/target`, kept between runs so the
//! next comparison builds incrementally; the two builds never share an output), runs this
//! tree's tx-bench with `--compare-with` that binary (both builds' overhead and decode
//! runs interleaved in one run; new / old ratios with intervals, printed and written to
//! `target/BENCHMARKS.compare.md`), and removes the worktree again.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{cargo, root, step};

pub fn run(args: &[String]) -> Result<(), String> {
    let (rev, rest) = split_compare(args)?;
    match rev {
        None => {
            // Benchmark 6 starts a real redis-server (as the Redis tests do).
            let redis_server = crate::redis_server::ensure()?;
            let mut command = cargo();
            command.env("TXSTATUS_REDIS_SERVER", redis_server);
            command.args(["run", "--release", "-p", "tx-bench", "--"]);
            command.args(&rest);
            step("benchmarks", command)
        }
        Some(rev) => compare(&rev, &rest),
    }
}

/// Takes `--compare REV` out of the arguments.
fn split_compare(args: &[String]) -> Result<(Option<String>, Vec<String>), String> {
    let mut rev = None;
    let mut rest = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == "--compare" {
            let value = iter.next().ok_or("--compare needs a revision")?;
            rev = Some(value.clone());
        } else {
            rest.push(arg.clone());
        }
    }
    Ok((rev, rest))
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
    use super::split_compare;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn compare_revision_is_taken_out_and_the_rest_passed_on() {
        let (rev, rest) = split_compare(&args(&[
            "--quick",
            "--compare",
            "main",
            "--only",
            "overhead",
        ]))
        .unwrap();
        assert_eq!(rev.as_deref(), Some("main"));
        assert_eq!(rest, args(&["--quick", "--only", "overhead"]));
        let (rev, rest) = split_compare(&args(&["--quick"])).unwrap();
        assert_eq!((rev, rest), (None, args(&["--quick"])));
        assert!(split_compare(&args(&["--compare"])).is_err());
    }
}
