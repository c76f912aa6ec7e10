//! Cold release builds, timed: a fresh `CARGO_TARGET_DIR` per program, offline.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::error::{BenchError, Context, Result};
use crate::footprint::timings::{self, Step};

/// A timed cold build and its critical path.
#[derive(Clone, Debug)]
pub struct ColdBuild {
    /// Wall seconds.
    pub seconds: f64,
    /// The chain of units that ended the build (empty when cargo's report was unreadable).
    pub critical_path: Vec<Step>,
}

/// `cargo build --release --offline --timings` from an empty target directory.
pub fn cold_build(manifest: &Path) -> Result<ColdBuild> {
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
            "--timings",
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
    let report = target.join("cargo-timings").join("cargo-timing.html");
    let critical_path = std::fs::read_to_string(&report)
        .ok()
        .and_then(|html| timings::units(&html))
        .map(|units| timings::critical_path(&units))
        .unwrap_or_default();
    // The build output is large and no longer needed.
    let _ = std::fs::remove_dir_all(&target);
    Ok(ColdBuild {
        seconds,
        critical_path,
    })
}
