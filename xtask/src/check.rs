//! `cargo xtask check`: every gate CI runs, in order, stopping at the first failure.
//!
//! First the tools it needs are ensured (installed or prepared, said on stderr; a missing
//! tool fails the check, it never skips a step), then the gates run.

use crate::{
    deny, fuzz, metadata, msrv, package, snapshots, test_targets, tools,
    util::{cargo, step},
};

pub fn run() -> Result<(), String> {
    let tools = tools::ensure_all()?;

    let mut fmt = cargo();
    fmt.args(["fmt", "--all", "--check"]);
    step("cargo fmt --check", fmt)?;

    let mut clippy = cargo();
    clippy.args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--locked",
        "--",
        "-D",
        "warnings",
    ]);
    step("cargo clippy -D warnings", clippy)?;
    step("fuzz targets: cargo fmt --check", fuzz::fmt_check())?;
    step("fuzz targets compile (clippy -D warnings)", fuzz::clippy())?;

    test_targets::check()?;

    let mut test = cargo();
    test.args(["test", "--workspace", "--locked"])
        .env("CI", "true");
    // The Redis tests start this binary (ensured above) on a free port.
    if let Some(redis_server) = &tools.redis_server {
        test.env("TXSTATUS_REDIS_SERVER", redis_server);
    }
    step("cargo test --workspace", test)?;

    let mut doc = cargo();
    doc.args(["doc", "--workspace", "--no-deps", "--locked"])
        .env("RUSTDOCFLAGS", "-D warnings");
    step("cargo doc -D warnings", doc)?;

    println!("==> snapshots are fresh and reviewed");
    snapshots::check_fresh()?;
    println!("ok: snapshots are fresh and reviewed");

    metadata::check()?;
    msrv::check_lock()?;
    deny::run_with(&tools)?;
    package::run()?;
    println!("all checks passed");
    Ok(())
}
