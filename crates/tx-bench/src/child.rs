//! Variants that report memory run in their own process: the parent re-executes this
//! binary as `tx-bench child <kind> <config JSON>` and reads one JSON line back.

use std::process::{Command, Stdio};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{BenchError, Context, Result};

/// Runs `tx-bench child <kind> <config>` and decodes the last line it prints.
pub fn run<C: Serialize, R: DeserializeOwned>(kind: &str, config: &C) -> Result<R> {
    let exe = std::env::current_exe().context("cannot find the tx-bench binary")?;
    let config = serde_json::to_string(config)?;
    let output = Command::new(exe)
        .args(["child", kind, &config])
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .context("cannot start a child process")?;
    if !output.status.success() {
        return Err(BenchError::new(format!(
            "child `{kind}` failed ({})",
            output.status
        )));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .ok_or_else(|| BenchError::new(format!("child `{kind}` printed nothing")))?;
    serde_json::from_str(line).context("child result")
}

/// In the child: decodes the config, runs `body`, prints its result as one JSON line.
pub fn serve<C: DeserializeOwned, R: Serialize>(
    config: Option<&String>,
    body: impl FnOnce(C) -> Result<R>,
) -> Result<()> {
    let config = config.ok_or_else(|| BenchError::new("child: missing config"))?;
    let config: C = serde_json::from_str(config).context("child config")?;
    let result = body(config)?;
    println!("{}", serde_json::to_string(&result)?);
    Ok(())
}
