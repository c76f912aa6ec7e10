//! Cold release builds, timed: a fresh `CARGO_TARGET_DIR` per program, offline.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::error::{BenchError, Context, Result};

/// Seconds `cargo build --release --offline` takes from an empty target directory.
pub fn cold_build(manifest: &Path) -> Result<f64> {
    let dir = manifest.parent().unwrap_or(manifest);
    let target = dir.join("target");
    if target.exists() {
        std::fs::remove_dir_all(&target).context("clear the footprint target directory")?;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let start = Instant::now();
    let output = Command::new(cargo)
        .args([
            "build",
            "--release",
            "--offline",
            "--quiet",
            "--manifest-path",
        ])
        .arg(manifest)
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTC_WRAPPER")
        .env_remove("CARGO_BUILD_RUSTC_WRAPPER")
        .output()
        .context("cannot run cargo build")?;
    let seconds = start.elapsed().as_secs_f64();
    if !output.status.success() {
        return Err(BenchError::new(format!(
            "cold build of {} failed: {}",
            manifest.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    // The build output is large and no longer needed.
    let _ = std::fs::remove_dir_all(&target);
    Ok(seconds)
}
