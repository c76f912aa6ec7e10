//! `cargo xtask check`: every gate CI runs, in order, stopping at the first failure.

use crate::{
    deny, snapshots,
    util::{cargo, step},
};

pub fn run() -> Result<(), String> {
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

    let mut test = cargo();
    test.args(["test", "--workspace", "--locked"])
        .env("CI", "true");
    step("cargo test --workspace", test)?;

    let mut doc = cargo();
    doc.args(["doc", "--workspace", "--no-deps", "--locked"])
        .env("RUSTDOCFLAGS", "-D warnings");
    step("cargo doc -D warnings", doc)?;

    println!("==> snapshot tests are fresh");
    snapshots::check_fresh()?;
    println!("ok: snapshot tests are fresh");

    deny::run()?;
    println!("all checks passed");
    Ok(())
}
