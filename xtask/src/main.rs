//! Project automation, in Rust instead of shell scripts.
//!
//! - `cargo xtask check`: what CI runs (ensure tools, fmt, clippy, tests, docs, snapshots,
//!   crates.io metadata, MSRV lock, cargo-deny, packaged tests).
//! - `cargo xtask snapshots [--check]`: regenerates the fixture snapshot tests (new and
//!   changed renderings wait as `.snap.new` for review); `--check` only checks.
//! - `cargo xtask deny`: cargo-deny, offline, failing closed without the advisory database.
//! - `cargo xtask package`: `cargo publish --dry-run --workspace`, then the unpacked
//!   packages' own tests.
//! - `cargo xtask msrv`: builds with the MSRV toolchain when rustup has it.
//! - `cargo xtask bench [--quick]`: runs the benchmarks and writes `BENCHMARKS.md`;
//!   `--compare REV` runs this tree's and REV's benchmarks interleaved (REV built in a
//!   temporary worktree under `target/compare/`) and writes the new/old ratios to
//!   `target/BENCHMARKS.compare.md`; `--lto` does the same against this tree built with
//!   whole-program LTO (`target/lto/`).
//! - `cargo xtask tools`: ensures what `check` needs (cargo-deny, the advisory database,
//!   `redis-server`) without running the gates.
//! - `cargo xtask fuzz [--seconds N] [TARGET...]`: runs the cargo-fuzz targets (nightly).

mod bench;
mod check;
mod deny;
mod file_set;
mod fuzz;
mod metadata;
mod msrv;
mod package;
mod providers;
mod redis_server;
mod snapshots;
mod test_targets;
mod tools;
mod util;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <check | snapshots [--check] | tools | deny | package | msrv | bench [--quick] [--only SECTIONS] [--compare REV | --lto] | fuzz [--seconds N] [TARGET...]>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("check") => check::run(),
        Some("snapshots") if args.get(1).map(String::as_str) == Some("--check") => {
            snapshots::check_fresh()
        }
        Some("snapshots") => snapshots::run(),
        Some("tools") => tools::ensure_all().map(|_| ()),
        Some("deny") => deny::run(),
        Some("package") => package::run(),
        Some("msrv") => msrv::run(),
        Some("bench") => bench::run(args.get(1..).unwrap_or_default()),
        Some("fuzz") => fuzz::run(args.get(1..).unwrap_or_default()),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
