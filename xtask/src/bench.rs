//! `cargo xtask bench [--quick]`: runs the benchmark harness and writes BENCHMARKS.md.

use crate::util::{cargo, step};

pub fn run(args: &[String]) -> Result<(), String> {
    let quick = args.iter().any(|a| a == "--quick");
    let mut command = cargo();
    command.args(["run", "--release", "-p", "tx-bench", "--"]);
    if quick {
        command.arg("--quick");
    }
    step("benchmarks", command)
}
