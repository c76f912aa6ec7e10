//! Running commands and finding the workspace.

use std::{
    path::{Path, PathBuf},
    process::Command,
};

/// The workspace root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// `cargo`, as the one that runs us.
pub fn cargo() -> Command {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command.current_dir(root());
    // Incremental caches doubled the target directory (about 4 GB of a 13 GB check) and
    // buy nothing on a clean clone; a caller's own setting wins.
    if std::env::var_os("CARGO_INCREMENTAL").is_none() {
        command.env("CARGO_INCREMENTAL", "0");
    }
    command
}

/// Runs a step, printing its name; fails with the name when the command fails.
pub fn step(name: &str, mut command: Command) -> Result<(), String> {
    println!("==> {name}");
    let status = command
        .status()
        .map_err(|e| format!("{name}: cannot start: {e}"))?;
    if status.success() {
        println!("ok: {name}");
        Ok(())
    } else {
        Err(format!("step failed: {name}"))
    }
}
