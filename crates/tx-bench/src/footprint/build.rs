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
    /// CPU seconds of cargo and every compiler it ran (user + system), from this
    /// process's reaped-children times; less moved by a busy neighbour than wall time.
    pub cpu_seconds: f64,
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
    let cargo = crate::paths::cargo();
    let cpu_before = children_cpu_seconds();
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
    let cpu_seconds = (children_cpu_seconds() - cpu_before).max(0.0);
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
        cpu_seconds,
        critical_path,
    })
}

/// User + system seconds of this process's waited-for children (`cutime` + `cstime`
/// of `/proc/self/stat`); 0 without `/proc`.
fn children_cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name, which is in parentheses and may hold spaces:
    // the first is field 3 (`state`), so `cutime` (16) and `cstime` (17) are 13 and 14.
    let rest = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(13) + ticks(14)) / clock_ticks_per_second()
}

/// `getconf CLK_TCK` (100 on Linux unless configured otherwise).
fn clock_ticks_per_second() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|t| t.trim().parse::<f64>().ok())
        .filter(|t| *t > 0.0)
        .unwrap_or(100.0)
}

#[cfg(test)]
mod tests {
    use super::children_cpu_seconds;

    #[test]
    fn a_reaped_child_s_cpu_time_is_counted() {
        let before = children_cpu_seconds();
        let status = std::process::Command::new("sh")
            .args(["-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done"])
            .status()
            .unwrap();
        assert!(status.success());
        let spent = children_cpu_seconds() - before;
        assert!(spent > 0.0, "{spent}");
    }
}
