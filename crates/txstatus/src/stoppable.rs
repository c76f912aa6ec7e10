//! Polling that a streaming command can abandon when its reader goes away, and
//! the SIGINT/SIGTERM every command that sends a request stops on (exit 1),
//! instead of dying by the signal (docs/CLI.md, "Exit codes").

use std::{future::Future, pin::Pin, task::Poll};

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

/// The failure of a command stopped by SIGINT or SIGTERM (exit 1): `what` says
/// what was printed and whether a request may have reached the provider.
pub fn interrupted(what: &str) -> crate::failure::Failure {
    crate::failure::Failure::failed(format!("interrupted by SIGINT or SIGTERM: {what}"))
}

/// SIGINT or SIGTERM, listened for from when it is made, beside each await of a
/// command in turn (`list`, `events`, `erase`, `enqueue`, `demo`). Killed by the
/// signal, those commands once left no word of what was printed or sent; stopped
/// by it, each ends with exit 1 and says whether a request may have gone out.
pub struct Interrupt {
    signal: Pin<Box<dyn Future<Output = ()> + Send>>,
    fired: bool,
}

/// Why [`Interrupt::or`] gave up on its work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stopped {
    /// The signal came before the work was first polled: the work did nothing
    /// (no request of it was sent).
    BeforeStart,
    /// The signal came while the work was under way: its request may have been
    /// sent.
    Midway,
}

impl Interrupt {
    /// Starts listening (a platform that cannot listen is never interrupted).
    pub fn listen() -> Self {
        Self {
            signal: Box::pin(interrupt(listen_for_interrupt())),
            fired: false,
        }
    }

    /// Whether SIGINT or SIGTERM has stopped a work.
    pub fn fired(&self) -> bool {
        self.fired
    }

    /// `work`'s output, or why it was abandoned: SIGINT or SIGTERM came first (or
    /// had come already: once fired, every later call gives up before starting).
    /// The signal is checked before each poll of `work`, so [`Stopped::BeforeStart`]
    /// means `work` never ran.
    pub async fn or<T>(&mut self, work: impl Future<Output = T>) -> Result<T, Stopped> {
        if self.fired {
            return Err(Stopped::BeforeStart);
        }
        let mut work = std::pin::pin!(work);
        let mut started = false;
        std::future::poll_fn(|cx| {
            if self.signal.as_mut().poll(cx).is_ready() {
                self.fired = true;
                return Poll::Ready(Err(if started {
                    Stopped::Midway
                } else {
                    Stopped::BeforeStart
                }));
            }
            started = true;
            work.as_mut().poll(cx).map(Ok)
        })
        .await
    }
}
