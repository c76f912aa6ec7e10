//! `cargo xtask bench [--quick] [tx-bench options]`: runs the benchmark harness
//! (`crates/tx-bench`) in release mode; it writes BENCHMARKS.md. Every argument is passed
//! on (`--quick`, `--only decode,overhead,footprint,polling,webhooks,distributed`, `--crates ...`,
//! `--[no-]cold-builds`, `--out FILE`).

use crate::util::{cargo, step};

pub fn run(args: &[String]) -> Result<(), String> {
    // Benchmark 6 starts a real redis-server (as the Redis tests do).
    let redis_server = crate::redis_server::ensure()?;
    let mut command = cargo();
    command.env("TXSTATUS_REDIS_SERVER", redis_server);
    command.args(["run", "--release", "-p", "tx-bench", "--"]);
    command.args(args);
    step("benchmarks", command)
}
