//! `cargo xtask fuzz [--seconds N] [TARGET...]`: runs the cargo-fuzz targets in
//! `fuzz/` on the nightly toolchain, each for N seconds (default 30), starting
//! from its committed seed corpus. Not run by `check`: a crash found here becomes
//! a regression test in the provider crate's normal tests. `check` does compile
//! and format-checks the targets ([`clippy`], [`fmt_check`]), so an API change
//! cannot leave them broken.

use std::{fs, process::Command};

use crate::util::{root, step};

/// Seconds per target when `--seconds` is not given.
const DEFAULT_SECONDS: u64 = 30;

pub fn run(args: &[String]) -> Result<(), String> {
    let mut seconds = DEFAULT_SECONDS;
    let mut targets = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seconds" => {
                seconds = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|n| *n > 0)
                    .ok_or("--seconds needs a positive number")?;
            }
            other => targets.push(other.to_owned()),
        }
    }
    ensure_cargo_fuzz()?;
    if targets.is_empty() {
        targets = all_targets()?;
    }
    let root = root();
    for target in &targets {
        // New inputs go to a scratch corpus under fuzz/target; the committed seeds
        // are read only.
        let scratch = root.join("fuzz/target/corpus").join(target);
        fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
        let mut command = nightly_cargo();
        command
            .args(["fuzz", "run", target])
            .arg(&scratch)
            .arg(root.join("fuzz/corpus").join(target))
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .arg("-rss_limit_mb=1024");
        step(&format!("fuzz {target} for {seconds} s"), command)?;
    }
    Ok(())
}

/// `cargo fmt --check` of the fuzz workspace (its own workspace: `cargo fmt --all`
/// of the main one does not reach it).
pub fn fmt_check() -> Command {
    let mut command = crate::util::cargo();
    command.args(["fmt", "--manifest-path", "fuzz/Cargo.toml", "--check"]);
    command
}

/// `cargo clippy` of the fuzz workspace on the stable toolchain, warnings denied,
/// its own lock file kept current (`--locked`). libFuzzer's C++ is not compiled:
/// nothing is linked, so its build script is pointed at a library it never reads.
pub fn clippy() -> Command {
    let mut command = crate::util::cargo();
    command
        .args([
            "clippy",
            "--manifest-path",
            "fuzz/Cargo.toml",
            "--bins",
            "--locked",
            "--",
            "-D",
            "warnings",
        ])
        .env("CUSTOM_LIBFUZZER_PATH", "/nonexistent/libfuzzer.a");
    command
}

/// `cargo +nightly` through rustup (not `$CARGO`, which is pinned to stable).
fn nightly_cargo() -> Command {
    let mut command = Command::new("cargo");
    command.arg("+nightly").current_dir(root());
    command.env_remove("RUSTUP_TOOLCHAIN").env_remove("CARGO");
    command
}

/// Installs cargo-fuzz when `cargo +nightly fuzz` is missing, saying so.
fn ensure_cargo_fuzz() -> Result<(), String> {
    let present = nightly_cargo()
        .args(["fuzz", "--version"])
        .output()
        .is_ok_and(|output| output.status.success());
    if present {
        return Ok(());
    }
    eprintln!(
        "xtask: cargo-fuzz is missing; installing it with `cargo install cargo-fuzz --locked`"
    );
    let mut install = Command::new("cargo");
    install.args(["install", "cargo-fuzz", "--locked"]);
    step("install cargo-fuzz", install)
}

/// The targets declared in `fuzz/fuzz_targets/`.
fn all_targets() -> Result<Vec<String>, String> {
    let dir = root().join("fuzz/fuzz_targets");
    let mut targets: Vec<String> = fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            let path = entry.path();
            (path.extension()? == "rs")
                .then(|| path.file_stem()?.to_str().map(str::to_owned))
                .flatten()
        })
        .collect();
    targets.sort();
    Ok(targets)
}
