//! Polling that a streaming command can abandon when its reader goes away.

use tokio::sync::Notify;
use txstatus_core::{PollError, PollEvent, PollOptions, StatusReport, StatusSource};

/// [`txstatus_core::poll_until_terminal`], or `None` once `stop` is notified
/// (dropping the poll cancels it cleanly).
pub async fn poll(
    source: &dyn StatusSource,
    id: &str,
    options: &PollOptions,
    stop: &Notify,
    on_event: impl FnMut(PollEvent<'_>) + Send,
) -> Option<Result<StatusReport, PollError>> {
    tokio::select! {
        result = txstatus_core::poll_until_terminal(source, id, options, on_event) => Some(result),
        () = stop.notified() => None,
    }
}

/// SIGINT or SIGTERM, when they can be listened for (`None`: never).
///
/// `get` and `watch` listen for them from their start: killed by one, they would
/// leave the file reserved for the answer (`--save-raw FILE`, iDIN's default
/// file) empty, and that empty file would refuse the next run's `--save-raw`
/// (docs/CLI.md, "Files"). Stopped by one instead, they settle their files and
/// exit 1 ([`interrupted`]).
pub fn listen_for_interrupt() -> Option<crate::commands::sandbox::Stop> {
    crate::commands::sandbox::Stop::listen().ok()
}

/// Resolves when `stop` receives SIGINT or SIGTERM; never without one.
pub async fn interrupt(stop: Option<crate::commands::sandbox::Stop>) {
    match stop {
        Some(stop) => stop.wait().await,
        None => std::future::pending().await,
    }
}

/// The failure of a `get` or `watch` stopped by SIGINT or SIGTERM (exit 1).
pub fn interrupted(what: &str) -> crate::failure::Failure {
    crate::failure::Failure::failed(format!("interrupted by SIGINT or SIGTERM: {what}"))
}
