//! `cargo xtask bench [--quick] [tx-bench options]`: runs the benchmark harness
//! (`crates/tx-bench`) in release mode; it writes BENCHMARKS.md. Every argument is passed
//! on (`--quick`, `--only decode,overhead,footprint,polling,webhooks,distributed`, `--crates ...`,
//! `--[no-]cold-builds`, `--out FILE`).

use crate::util::{cargo, step};

pub fn run(args: &[String]) -> Result<(), String> {
    let mut command = cargo();
    command.args(["run", "--release", "-p", "tx-bench", "--"]);
    command.args(args);
    step("benchmarks", command)
}
