//! "Ensure tools": everything `check` needs beyond the Rust toolchain, installed or
//! prepared when missing, saying so on stderr. A missing tool is an error, never a
//! skipped step.
//!
//! Each need is one `ensure_*` function called from [`ensure_all`]; `redis-server` (the
//! Redis crate's tests start a real one) lives in `redis_server.rs`.

use std::{
    fs,
    path::{Path, PathBuf},
    process::{Command, Stdio},
};

use crate::util::root;

/// The cargo-deny release `check` runs: the newest that builds with the stable toolchain
/// and needs no more than the workspace's MSRV (its own `rust-version` is 1.88).
pub const CARGO_DENY_VERSION: &str = "0.20.2";

/// cargo-deny's folder name for the default advisory database URL.
pub const ADVISORY_DB_DIR: &str = "advisory-db-3157b0e258782691";

/// Where the advisory database comes from when `../shared/advisory-db` is missing.
const ADVISORY_DB_URL: &str = "https://github.com/rustsec/advisory-db";

/// What `check` needs, ready to use.
#[derive(Debug)]
pub struct Tools {
    /// The `cargo-deny` binary of [`CARGO_DENY_VERSION`].
    pub cargo_deny: PathBuf,
    /// The folder to give cargo-deny as `db-path` (it holds [`ADVISORY_DB_DIR`]).
    pub advisory_db_path: PathBuf,
    /// A `redis-server` binary the tests start; `None` where only cargo-deny
    /// runs (`cargo xtask deny`).
    pub redis_server: Option<PathBuf>,
}

/// Installs or prepares every tool `check` needs; fails when one cannot be had.
pub fn ensure_all() -> Result<Tools, String> {
    println!("==> ensure tools");
    let redis_server = crate::redis_server::ensure()?;
    let tools = Tools {
        cargo_deny: ensure_cargo_deny()?,
        advisory_db_path: ensure_advisory_db()?,
        redis_server: Some(redis_server),
    };
    println!("ok: ensure tools");
    Ok(tools)
}

/// What `cargo xtask deny` alone needs: cargo-deny and its advisory database
/// (no `redis-server`).
pub fn ensure_deny() -> Result<Tools, String> {
    println!("==> ensure tools (cargo-deny)");
    let tools = Tools {
        cargo_deny: ensure_cargo_deny()?,
        advisory_db_path: ensure_advisory_db()?,
        redis_server: None,
    };
    println!("ok: ensure tools (cargo-deny)");
    Ok(tools)
}

/// `cargo-deny` at [`CARGO_DENY_VERSION`]: the one on `PATH` when it is that version,
/// else installed with `cargo install --locked` into `target/tools` (so a different
/// version a developer has installed is left alone).
pub fn ensure_cargo_deny() -> Result<PathBuf, String> {
    let wanted = format!("cargo-deny {CARGO_DENY_VERSION}");
    let on_path = PathBuf::from("cargo-deny");
    if version_of(&on_path).as_deref() == Some(wanted.as_str()) {
        return Ok(on_path);
    }
    let tools_root = root().join("target/tools");
    let local = tools_root.join("bin/cargo-deny");
    if version_of(&local).as_deref() == Some(wanted.as_str()) {
        return Ok(local);
    }
    eprintln!(
        "xtask: {wanted} is not installed; installing it into {} \
         (`cargo install --locked cargo-deny@{CARGO_DENY_VERSION}`, a few minutes, once)",
        tools_root.display()
    );
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .args(["install", "--locked", "--quiet", "--root"])
        .arg(&tools_root)
        .arg(format!("cargo-deny@{CARGO_DENY_VERSION}"))
        .status()
        .map_err(|e| format!("cannot run cargo install: {e}"))?;
    if !status.success() {
        return Err(format!(
            "could not install cargo-deny {CARGO_DENY_VERSION} (needs network to crates.io \
             and a C compiler); install it yourself with \
             `cargo install --locked cargo-deny@{CARGO_DENY_VERSION}`"
        ));
    }
    match version_of(&local) {
        Some(version) if version == wanted => Ok(local),
        other => Err(format!(
            "installed cargo-deny reports {other:?}, expected {wanted}"
        )),
    }
}

/// `<binary> --version`, trimmed, when it runs.
fn version_of(binary: &Path) -> Option<String> {
    let output = Command::new(binary)
        .arg("--version")
        .stderr(Stdio::null())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// The advisory database as the git checkout cargo-deny reads offline, under
/// `target/advisory-dbs`: copied from `../shared/advisory-db` when it exists, else cloned
/// from GitHub. Fails when neither works: advisories are never skipped.
pub fn ensure_advisory_db() -> Result<PathBuf, String> {
    let root = root();
    let db_path = root.join("target/advisory-dbs");
    let target = db_path.join(ADVISORY_DB_DIR);
    let shared = root.join("../shared/advisory-db");
    if shared.is_dir() {
        prepare_from_snapshot(&shared, &target)?;
        return Ok(db_path);
    }
    eprintln!(
        "xtask: {} is missing; fetching the advisory database from {ADVISORY_DB_URL}",
        shared.display()
    );
    match clone_db(&target) {
        Ok(()) => Ok(db_path),
        Err(reason) => Err(format!(
            "no advisory database: {} is missing and fetching {ADVISORY_DB_URL} failed \
             ({reason}); the advisories check cannot run, so check fails",
            shared.display()
        )),
    }
}

/// A fresh shallow clone of the database into `target`.
fn clone_db(target: &Path) -> Result<(), String> {
    if target.exists() {
        fs::remove_dir_all(target)
            .map_err(|e| format!("cannot clear {}: {e}", target.display()))?;
    }
    let status = Command::new("git")
        .args(["clone", "--quiet", "--depth", "1", ADVISORY_DB_URL])
        .arg(target)
        // Give up on a dead connection instead of hanging.
        .env("GIT_HTTP_LOW_SPEED_LIMIT", "1000")
        .env("GIT_HTTP_LOW_SPEED_TIME", "30")
        .env("GIT_TERMINAL_PROMPT", "0")
        .status()
        .map_err(|e| format!("git: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err("git clone failed".to_owned())
    }
}

/// Copies the plain-file snapshot to `target` and commits it there (cargo-deny asks git
/// for the database's date), unless the same snapshot is already in place.
fn prepare_from_snapshot(source: &Path, target: &Path) -> Result<(), String> {
    let snapshot = fs::read_to_string(source.join("SNAPSHOT")).unwrap_or_default();
    let stamp = target.join(".txstatus-snapshot");
    if target.join(".git").is_dir() && fs::read_to_string(&stamp).unwrap_or_default() == snapshot {
        return Ok(());
    }
    eprintln!(
        "xtask: preparing the advisory database from {}",
        source.display()
    );
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
            .stdout(Stdio::null())
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
