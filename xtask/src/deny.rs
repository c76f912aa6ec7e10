//! cargo-deny with the advisory database copied from `../shared/advisory-db`.
//!
//! These machines cannot reach the database's home, so the snapshot is turned into
//! the git checkout cargo-deny expects (see ../shared/README.md) and the check runs
//! offline.

use std::{fs, path::Path, process::Command};

use crate::util::{cargo, root, step};

/// cargo-deny's folder name for the default advisory database URL.
const DB_DIR: &str = "advisory-db-3157b0e258782691";

pub fn run() -> Result<(), String> {
    let root = root();
    let source = root.join("../shared/advisory-db");
    let db_path = root.join("target/advisory-dbs");
    // `--offline` needs every platform's crates on disk, not only this one's.
    let mut fetch = cargo();
    fetch.args(["fetch", "--locked", "--quiet"]);
    step("cargo fetch (for cargo-deny --offline)", fetch)?;
    let mut deny = cargo();
    deny.args(["deny", "--offline"]);
    if source.is_dir() {
        prepare_db(&source, &db_path.join(DB_DIR))?;
        deny.args(["check"]);
        // deny.toml's db-path reads this variable.
        deny.env("TXSTATUS_ADVISORY_DB", &db_path);
        step("cargo deny check (advisories offline)", deny)
    } else {
        println!("note: ../shared/advisory-db is missing; skipping the advisories check");
        deny.args(["check", "licenses", "bans", "sources"]);
        step("cargo deny check licenses bans sources", deny)
    }
}

fn prepare_db(source: &Path, target: &Path) -> Result<(), String> {
    let snapshot = fs::read_to_string(source.join("SNAPSHOT")).unwrap_or_default();
    let stamp = target.join(".txstatus-snapshot");
    if target.join(".git").is_dir() && fs::read_to_string(&stamp).unwrap_or_default() == snapshot {
        return Ok(());
    }
    if target.exists() {
        fs::remove_dir_all(target)
            .map_err(|e| format!("cannot clear {}: {e}", target.display()))?;
    }
    copy_dir(source, target)?;
    fs::write(&stamp, &snapshot).map_err(|e| format!("cannot write stamp: {e}"))?;
    let git = |args: &[&str]| -> Result<(), String> {
        let status = Command::new("git")
            .args(["-c", "user.name=ci", "-c", "user.email=ci@invalid"])
            .args(args)
            .current_dir(target)
            .stdout(std::process::Stdio::null())
            .status()
            .map_err(|e| format!("git: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!(
                "git {} failed in the advisory db copy",
                args.join(" ")
            ))
        }
    };
    git(&["init", "-q"])?;
    git(&["add", "-A"])?;
    git(&["commit", "-q", "-m", "advisory-db snapshot"])?;
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    let entries = fs::read_dir(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| e.to_string())?;
        let path = entry.path();
        let dest = to.join(entry.file_name());
        if entry.file_name() == ".git" {
            continue;
        }
        if path.is_dir() {
            copy_dir(&path, &dest)?;
        } else {
            fs::copy(&path, &dest).map_err(|e| format!("cannot copy {}: {e}", path.display()))?;
        }
    }
    Ok(())
}
