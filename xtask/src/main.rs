//! Project automation, in Rust instead of shell scripts.
//!
//! - `cargo xtask check`: what CI runs (fmt, clippy, tests, docs, snapshot freshness, cargo-deny).
//! - `cargo xtask snapshots`: regenerates the fixture snapshot tests.
//! - `cargo xtask bench [--quick]`: runs the benchmarks and writes `BENCHMARKS.md`.
//! - `cargo xtask fuzz [--seconds N] [TARGET...]`: runs the cargo-fuzz targets (nightly).

mod bench;
mod check;
mod deny;
mod fuzz;
mod snapshots;
mod util;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("check") => check::run(),
        Some("snapshots") => snapshots::run(),
        Some("deny") => deny::run(),
        Some("bench") => bench::run(args.get(1..).unwrap_or_default()),
        Some("fuzz") => fuzz::run(args.get(1..).unwrap_or_default()),
        _ => {
            eprintln!(
                "usage: cargo xtask <check | snapshots | deny | bench [--quick] | fuzz [--seconds N] [TARGET...]>"
            );
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
