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
