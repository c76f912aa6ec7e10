//! `txstatus sandbox [--port N]`: the fake APIs in the foreground (a service: its
//! stdout is the `NAME=value` lines, written once; a reader that goes away does not
//! stop it).

use std::io::Write;

use crate::failure::Failure;

/// Runs the sandbox until SIGINT (Ctrl-C) or SIGTERM, after printing `NAME=value`
/// lines.
pub async fn run(port: Option<u16>) -> Result<(), Failure> {
    // Listen for the signals before announcing anything: a caller that reads the
    // lines and then interrupts must find the handler in place.
    let stop = Stop::listen()?;
    let sandbox = match port {
        Some(port) => txstatus_sandbox::start_on(port).await,
        None => txstatus_sandbox::start().await,
    }
    .map_err(|e| Failure::failed(format!("sandbox: cannot listen: {e}")))?;
    let mut lines = String::new();
    for (name, value) in crate::providers::sandbox_env(&sandbox) {
        lines.push_str(&format!("{name}={value}\n"));
    }
    let written = {
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(lines.as_bytes())
            .and_then(|()| stdout.flush())
    };
    match written {
        // A reader that went away does not stop the service.
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            // The lines are the only way to reach it: a sandbox nobody can use is a
            // failure, not a service.
            sandbox.shutdown().await;
            return Err(Failure::failed(format!(
                "sandbox: cannot write its variables to standard output: {error}"
            )));
        }
        _ => {}
    }
    note!(
        "txstatus: sandbox listening on {}; Ctrl-C stops it",
        sandbox.root_url()
    );
    stop.wait().await;
    sandbox.shutdown().await;
    Ok(())
}

/// SIGINT and SIGTERM, registered when made.
#[cfg(unix)]
pub(crate) struct Stop {
    interrupt: tokio::signal::unix::Signal,
    terminate: tokio::signal::unix::Signal,
}

#[cfg(unix)]
impl Stop {
    pub(crate) fn listen() -> Result<Self, Failure> {
        use tokio::signal::unix::{SignalKind, signal};
        let register = |kind| {
            signal(kind).map_err(|e| Failure::failed(format!("cannot listen for signals: {e}")))
        };
        Ok(Self {
            interrupt: register(SignalKind::interrupt())?,
            terminate: register(SignalKind::terminate())?,
        })
    }

    pub(crate) async fn wait(mut self) {
        self.signalled().await;
    }

    /// Resolves at the next signal, keeping the registration for later waits.
    pub(crate) async fn signalled(&mut self) {
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
    }

    /// `work`'s output, or `None` when a signal came first (a service stopped
    /// while it was still setting up: nothing to finish, exit 0).
    pub(crate) async fn or<T>(&mut self, work: impl Future<Output = T>) -> Option<T> {
        tokio::select! {
            value = work => Some(value),
            () = self.signalled() => None,
        }
    }
}

/// Ctrl-C only, elsewhere.
#[cfg(not(unix))]
pub(crate) struct Stop;

#[cfg(not(unix))]
impl Stop {
    pub(crate) fn listen() -> Result<Self, Failure> {
        Ok(Self)
    }

    pub(crate) async fn wait(mut self) {
        self.signalled().await;
    }

    /// Resolves at the next Ctrl-C.
    pub(crate) async fn signalled(&mut self) {
        let _ = tokio::signal::ctrl_c().await;
    }

    /// `work`'s output, or `None` when Ctrl-C came first.
    pub(crate) async fn or<T>(&mut self, work: impl Future<Output = T>) -> Option<T> {
        tokio::select! {
            value = work => Some(value),
            () = self.signalled() => None,
        }
    }
}
