//! Polls a source until its transaction reaches a terminal status.

use std::{sync::Arc, time::Duration};

use crate::{
    clock::{Clock, SystemClock},
    error::Error,
    report::{StatusReport, StatusSource},
};

/// How often and how long to poll.
#[derive(Clone, Debug)]
pub struct PollOptions {
    /// First wait between reads (default 2 s). Every wait is at least 10 ms,
    /// whatever this and [`max_interval`](Self::max_interval) say: a zero
    /// interval never spins (a source that fails at once would be asked again
    /// without yielding).
    pub interval: Duration,
    /// Factor applied to the wait after each non-terminal read (default 1.5).
    pub backoff: f64,
    /// Longest wait between reads (default 30 s).
    pub max_interval: Duration,
    /// Give up after this long (default 10 min).
    pub timeout: Duration,
    /// The clock (tests use [`crate::ManualClock`]).
    pub clock: Arc<dyn Clock>,
}

impl Default for PollOptions {
    fn default() -> Self {
        Self {
            interval: Duration::from_secs(2),
            backoff: 1.5,
            max_interval: Duration::from_secs(30),
            timeout: Duration::from_secs(600),
            clock: Arc::new(SystemClock),
        }
    }
}

/// What the poller saw, for progress output.
#[non_exhaustive]
#[derive(Debug)]
pub enum PollEvent<'a> {
    /// A read succeeded.
    Report(&'a StatusReport),
    /// A read failed with an error worth retrying; polling goes on.
    RetryableError(&'a Error),
}

/// Why polling stopped without a terminal status.
#[non_exhaustive]
#[derive(Debug)]
pub enum PollError {
    /// The timeout passed; the last report is kept.
    Timeout {
        /// The last successful read, if any.
        last: Option<Box<StatusReport>>,
    },
    /// An error that asking again would not fix.
    Failed(Error),
}

impl std::fmt::Display for PollError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Timeout { last: Some(last) } => {
                write!(
                    f,
                    "{}: timed out waiting for a final status (last: {}",
                    last.provider,
                    last.status.normalized()
                )?;
                // The provider's own spelling only when it is a plain token: an
                // unknown status can be any text (a sentence, a name, a megabyte).
                let raw = last.status.raw();
                if crate::message::is_machine_token(raw, crate::message::MAX_CODE_CHARS) {
                    write!(f, " ({raw}))")
                } else {
                    f.write_str(", provider's spelling withheld: not a plain token)")
                }
            }
            Self::Timeout { last: None } => f.write_str("timed out waiting for a final status"),
            Self::Failed(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for PollError {}

/// How long past its own timeout a poll waits for a source that does not bound its
/// reads itself (a custom [`StatusSource`]); sources built on
/// [`Service`](crate::provider::Service) end their reads at the poll's timeout.
const READ_GRACE: Duration = Duration::from_secs(1);

/// The shortest wait between two reads, whatever the options say: with a zero
/// interval (or `max_interval`) a source that answers at once would be asked
/// again without the poll ever yielding. Kept low: pacing requests to a
/// provider is the rate limit's work.
const MIN_INTERVAL: Duration = Duration::from_millis(10);

/// The longest wait a provider's `Retry-After` can impose between two reads: a
/// poll without a timeout (`Duration::MAX`) asks again by then instead of
/// sleeping for as long as a hostile header says (2^64 seconds).
const MAX_ASKED_PAUSE: Duration = Duration::from_secs(3600);

/// Reads `id` until its status is terminal or the source asks to stop
/// ([`StatusReport::should_stop`]), waiting `interval` (growing by `backoff` up to
/// `max_interval`, never less than 10 ms, and never less than a provider's
/// `Retry-After`, honoured up to an hour) between reads.
///
/// The timeout bounds everything: each read gets at most the time left (requests
/// made through a [`Service`](crate::provider::Service) inside the read see it as their
/// deadline), and a wait that would pass it ends the poll. `Duration::MAX` means
/// no timeout. Dropping the future cancels it cleanly: it holds no state outside
/// itself.
///
/// ```
/// # use std::{sync::Arc, time::Duration};
/// # use txstatus_core::*;
/// #[derive(Debug)]
/// struct AlwaysDone;
///
/// impl StatusSource for AlwaysDone {
///     fn provider(&self) -> &'static str {
///         "example"
///     }
///     fn status_report<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<StatusReport>> {
///         Box::pin(async move {
///             let status = TxStatus::new(NormalizedStatus::Succeeded, "done");
///             Ok(StatusReport::new("example", id, status, RawBody::default(), Arc::new(())))
///         })
///     }
/// }
///
/// # tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(async {
/// let options = PollOptions {
///     timeout: Duration::from_secs(30),
///     ..PollOptions::default()
/// };
/// let report = poll_until_terminal(&AlwaysDone, "tx-1", &options, |event| {
///     if let PollEvent::RetryableError(error) = event {
///         eprintln!("will ask again: {error}");
///     }
/// })
/// .await?;
/// assert!(report.status.is_terminal());
/// # Ok::<(), PollError>(())
/// # }).unwrap();
/// ```
pub async fn poll_until_terminal(
    source: &dyn StatusSource,
    id: &str,
    options: &PollOptions,
    mut on_event: impl FnMut(PollEvent<'_>) + Send,
) -> Result<StatusReport, PollError> {
    let clock = options.clock.clone();
    let start = clock.now();
    // `None`: the timeout is too long to represent, so there is none.
    let end = start.checked_add(options.timeout);
    let mut wait = options.interval;
    let mut last: Option<Box<StatusReport>> = None;
    // A failed read the provider may have acted on (a 502, a reset after the
    // request was written) may have been handed one-time data (iDIN's identity):
    // the next report says so, as the attempt loop does within one call.
    let mut earlier_reached = false;
    loop {
        let mut pause = wait.max(MIN_INTERVAL);
        let left = end.map_or(Duration::MAX, |end| {
            end.saturating_duration_since(clock.now())
        });
        let read = crate::budget::within(end, source.status_report(id));
        let Ok(result) = tokio::time::timeout(left.saturating_add(READ_GRACE), read).await else {
            return Err(PollError::Timeout { last });
        };
        match result {
            Ok(mut report) => {
                report.earlier_attempt_may_have_reached_server |= earlier_reached;
                earlier_reached = false;
                on_event(PollEvent::Report(&report));
                if report.should_stop() {
                    return Ok(report);
                }
                last = Some(Box::new(report));
            }
            Err(error) if error.is_retryable() => {
                earlier_reached |= error.may_have_been_processed();
                on_event(PollEvent::RetryableError(&error));
                if let Some(asked) = error.retry_after() {
                    pause = pause.max(asked.min(MAX_ASKED_PAUSE));
                }
            }
            Err(error) => return Err(PollError::Failed(error)),
        }
        let spent = clock.now().saturating_duration_since(start);
        if spent.saturating_add(pause) > options.timeout {
            let rest = options.timeout.saturating_sub(spent);
            if !rest.is_zero() {
                clock.sleep(rest).await;
            }
            return Err(PollError::Timeout { last });
        }
        clock.sleep(pause).await;
        wait = grow(wait, options.backoff).min(options.max_interval);
    }
}

/// `wait * backoff`, saturating; a factor below 1 (or not a number) keeps `wait`.
fn grow(wait: Duration, backoff: f64) -> Duration {
    if backoff.partial_cmp(&1.0) != Some(std::cmp::Ordering::Greater) {
        return wait;
    }
    Duration::try_from_secs_f64(wait.as_secs_f64() * backoff).unwrap_or(Duration::MAX)
}
