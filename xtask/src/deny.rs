//! cargo-deny, offline, against the advisory database [`tools`] prepared. Fails closed:
//! without the tool or the database there is no "skipped" outcome.
//!
//! Two runs: every check on the graph users get (deny.toml, dev-dependencies excluded, which
//! is what the layering rules are about), then licenses, sources and advisories again with
//! dev-dependencies included, from a copy of deny.toml with `exclude-dev = false`.

use std::{fs, process::Command};

use crate::{
    tools::{self, Tools},
    util::{cargo, root, step},
};

/// `cargo xtask deny`: ensures cargo-deny and its database, then runs the checks.
pub fn run() -> Result<(), String> {
    let tools = tools::ensure_deny()?;
    run_with(&tools)
}

/// The checks, with tools already ensured.
pub fn run_with(tools: &Tools) -> Result<(), String> {
    let root = root();
    // `--offline` needs every platform's crates on disk, not only this one's.
    let mut fetch = cargo();
    fetch.args(["fetch", "--locked", "--quiet"]);
    step("cargo fetch (for cargo-deny --offline)", fetch)?;

    step(
        "cargo deny check (normal dependencies: all checks)",
        deny(tools, None, &["check"]),
    )?;

    let config = fs::read_to_string(root.join("deny.toml"))
        .map_err(|e| format!("cannot read deny.toml: {e}"))?;
    if !config.contains("exclude-dev = true") {
        return Err(
            "deny.toml no longer says `exclude-dev = true`; update xtask/src/deny.rs".into(),
        );
    }
    let with_dev = root.join("target/deny-with-dev.toml");
    fs::write(
        &with_dev,
        config.replace("exclude-dev = true", "exclude-dev = false"),
    )
    .map_err(|e| format!("cannot write {}: {e}", with_dev.display()))?;
    let with_dev = with_dev.display().to_string();
    step(
        "cargo deny check licenses sources advisories (with dev-dependencies)",
        deny(
            tools,
            Some(&with_dev),
            &["check", "licenses", "sources", "advisories"],
        ),
    )
}

fn deny(tools: &Tools, config: Option<&str>, args: &[&str]) -> Command {
    // Exactly how cargo runs a subcommand: the binary, then its name.
    let mut command = Command::new(&tools.cargo_deny);
    command.current_dir(root()).args(["deny", "--offline"]);
    if let Some(config) = config {
        // A global option in cargo-deny 0.20: before the subcommand.
        command.args(["--config", config]);
    }
    command.args(args);
    // deny.toml's db-path reads this variable.
    command.env("TXSTATUS_ADVISORY_DB", &tools.advisory_db_path);
    command
}
