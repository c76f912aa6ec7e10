//! The minimum supported Rust version (`rust-version` in the workspace `Cargo.toml`).
//!
//! `check` enforces what it can on the stable toolchain: every package in `Cargo.lock`
//! declares a `rust-version` no newer than ours (resolver 3 prefers such versions; this
//! catches a hand-edited or `--ignore-rust-version` lock), and clippy's `incompatible_msrv`
//! lint (on by default, `-D warnings`) flags std APIs newer than the MSRV.
//! `cargo xtask msrv` builds everything with that exact toolchain when rustup has it.

use std::process::Command;

use serde_json::Value;

use crate::util::{cargo, root, step};

/// `cargo xtask msrv`: `cargo +<msrv> check` of every target, or a plain error saying why
/// it cannot run here.
pub fn run() -> Result<(), String> {
    let msrv = workspace_msrv()?;
    let installed = Command::new("rustup")
        .args(["toolchain", "list"])
        .output()
        .map_err(|e| format!("cannot build with Rust {msrv}: rustup is not available ({e})"))?;
    let list = String::from_utf8_lossy(&installed.stdout);
    let toolchain = list
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .find(|name| has_version(name, &msrv))
        .map(str::to_owned);
    let Some(toolchain) = toolchain else {
        return Err(format!(
            "cannot build with Rust {msrv}: rustup has no {msrv} toolchain on this machine \
             (installed: {}). Nothing was checked against the MSRV toolchain. It does not \
             download one (that needs network beyond the package registries): run \
             `rustup toolchain install {msrv} --profile minimal` where you may, then \
             `cargo xtask msrv`",
            list.lines()
                .filter_map(|line| line.split_whitespace().next())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    };
    // rustup's `cargo` proxy, not the cargo running us, so `+toolchain` is honoured.
    let mut build = Command::new("cargo");
    build
        .current_dir(root())
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("RUSTC")
        .args([
            &format!("+{toolchain}"),
            "check",
            "--workspace",
            "--all-targets",
            "--locked",
        ]);
    step(&format!("cargo +{toolchain} check (MSRV {msrv})"), build)
}

/// Whether a rustup toolchain name is exactly `version` (`1.88`, `1.88.0`, `1.88-x86_64-…`).
fn has_version(toolchain: &str, version: &str) -> bool {
    let full = if version.matches('.').count() == 1 {
        format!("{version}.0")
    } else {
        version.to_owned()
    };
    [version, full.as_str()].iter().any(|v| {
        toolchain == *v
            || toolchain
                .strip_prefix(v)
                .is_some_and(|rest| rest.starts_with('-'))
    })
}

/// The workspace's `rust-version`.
pub fn workspace_msrv() -> Result<String, String> {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml"))
        .map_err(|e| format!("cannot read Cargo.toml: {e}"))?;
    manifest
        .lines()
        .find_map(|line| {
            let value = line.trim().strip_prefix("rust-version")?.trim();
            Some(value.strip_prefix('=')?.trim().trim_matches('"').to_owned())
        })
        .ok_or_else(|| "no rust-version in the workspace Cargo.toml".to_owned())
}

/// `check`'s step: no locked package needs a newer Rust than the MSRV.
pub fn check_lock() -> Result<(), String> {
    println!("==> every locked dependency builds with the MSRV");
    let msrv = workspace_msrv()?;
    // Not `--offline`: reading every package's `rust-version` needs every
    // platform's packages on disk (wasm-only ones included), which a fresh
    // machine's builds never download; cargo fetches the missing ones.
    let output = cargo()
        .args(["metadata", "--format-version", "1", "--locked"])
        .output()
        .map_err(|e| format!("cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let metadata: Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("cargo metadata output: {e}"))?;
    let too_new = newer_than(&metadata, &msrv)?;
    if too_new.is_empty() {
        println!("ok: every locked dependency builds with Rust {msrv}");
        Ok(())
    } else {
        Err(format!(
            "these locked packages need a newer Rust than the MSRV {msrv} (pick older \
             versions with `cargo update -p NAME --precise VERSION`, or raise the MSRV \
             honestly in Cargo.toml and README.md): {}",
            too_new.join(", ")
        ))
    }
}

/// `name version (rust-version)` of every package whose `rust-version` is above `msrv`.
fn newer_than(metadata: &Value, msrv: &str) -> Result<Vec<String>, String> {
    let limit = parse_version(msrv).ok_or_else(|| format!("bad MSRV {msrv:?}"))?;
    let packages = metadata
        .get("packages")
        .and_then(Value::as_array)
        .ok_or("cargo metadata has no packages")?;
    let mut too_new = Vec::new();
    for package in packages {
        let Some(needed) = package.get("rust_version").and_then(Value::as_str) else {
            continue;
        };
        let parsed = parse_version(needed)
            .ok_or_else(|| format!("bad rust-version {needed:?} in the lock"))?;
        if parsed > limit {
            let name = package.get("name").and_then(Value::as_str).unwrap_or("?");
            let version = package
                .get("version")
                .and_then(Value::as_str)
                .unwrap_or("?");
            too_new.push(format!("{name} {version} (rust-version {needed})"));
        }
    }
    too_new.sort();
    Ok(too_new)
}

/// `1.88` or `1.88.0` as (major, minor, patch).
fn parse_version(text: &str) -> Option<(u64, u64, u64)> {
    let mut parts = text.split('.').map(|p| p.parse::<u64>().ok());
    let major = parts.next()??;
    let minor = parts.next().flatten().unwrap_or(0);
    let patch = parts.next().flatten().unwrap_or(0);
    Some((major, minor, patch))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dependency_needing_a_newer_rust_is_reported_and_older_ones_are_not() {
        let metadata = serde_json::json!({"packages": [
            {"name": "old", "version": "1.0.0", "rust_version": "1.70"},
            {"name": "same", "version": "1.0.0", "rust_version": "1.88.0"},
            {"name": "none", "version": "1.0.0", "rust_version": null},
            {"name": "new", "version": "2.0.0", "rust_version": "1.89"},
        ]});
        assert_eq!(
            newer_than(&metadata, "1.88").unwrap(),
            vec!["new 2.0.0 (rust-version 1.89)".to_owned()]
        );
    }

    #[test]
    fn toolchain_names_match_the_exact_version_only() {
        assert!(has_version("1.88-x86_64-unknown-linux-gnu", "1.88"));
        assert!(has_version("1.88.0-x86_64-unknown-linux-gnu", "1.88"));
        assert!(has_version("1.88.0", "1.88"));
        assert!(!has_version("1.88.1-x86_64-unknown-linux-gnu", "1.88"));
        assert!(!has_version("1.95.0-x86_64-unknown-linux-gnu", "1.88"));
        assert!(!has_version("stable-x86_64-unknown-linux-gnu", "1.88"));
    }

    #[test]
    fn the_workspace_states_an_msrv() {
        assert!(parse_version(&workspace_msrv().unwrap()).is_some());
    }
}
