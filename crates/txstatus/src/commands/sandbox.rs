//! `txstatus sandbox [--port N]`: the fake APIs in the foreground.

use std::io::Write;

use crate::failure::Failure;

/// Runs the sandbox until Ctrl-C, after printing `NAME=value` lines.
pub async fn run(port: Option<u16>) -> Result<(), Failure> {
    let sandbox = match port {
        Some(port) => txstatus_sandbox::start_on(port).await,
        None => txstatus_sandbox::start().await,
    }
    .map_err(|e| Failure::failed(format!("sandbox: cannot listen: {e}")))?;
    {
        let mut stdout = std::io::stdout().lock();
        for line in sandbox.env_lines() {
            let _ = writeln!(stdout, "{line}");
        }
        let _ = stdout.flush();
    }
    note!(
        "sandbox listening on {}; Ctrl-C stops it",
        sandbox.root_url()
    );
    let _ = tokio::signal::ctrl_c().await;
    sandbox.shutdown().await;
    Ok(())
}
