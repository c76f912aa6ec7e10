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
    /// First wait between reads (default 2 s).
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
#[derive(Debug)]
pub enum PollEvent<'a> {
    /// A read succeeded.
    Report(&'a StatusReport),
    /// A read failed with an error worth retrying; polling goes on.
    RetryableError(&'a Error),
}

/// Why polling stopped without a terminal status.
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
            Self::Timeout { last: Some(last) } => write!(
                f,
                "{}: timed out waiting for a final status (last: {})",
                last.provider, last.status
            ),
            Self::Timeout { last: None } => f.write_str("timed out waiting for a final status"),
            Self::Failed(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for PollError {}

/// Reads `id` until its status is terminal, waiting `interval` (growing by
/// `backoff` up to `max_interval`, and never less than a provider's `Retry-After`)
/// between reads. Dropping the future cancels it cleanly: it holds no state
/// outside itself.
pub async fn poll_until_terminal(
    source: &dyn StatusSource,
    id: &str,
    options: &PollOptions,
    mut on_event: impl FnMut(PollEvent<'_>) + Send,
) -> Result<StatusReport, PollError> {
    let clock = options.clock.clone();
    let start = clock.now();
    let mut wait = options.interval;
    let mut last: Option<Box<StatusReport>> = None;
    loop {
        let mut pause = wait;
        match source.status_report(id).await {
            Ok(report) => {
                on_event(PollEvent::Report(&report));
                if report.should_stop() {
                    return Ok(report);
                }
                last = Some(Box::new(report));
            }
            Err(error) if error.is_retryable() => {
                on_event(PollEvent::RetryableError(&error));
                if let Some(asked) = error.retry_after() {
                    pause = pause.max(asked);
                }
            }
            Err(error) => return Err(PollError::Failed(error)),
        }
        let spent = clock.now().saturating_duration_since(start);
        if spent + pause > options.timeout {
            let rest = options.timeout.saturating_sub(spent);
            if !rest.is_zero() {
                clock.sleep(rest).await;
            }
            return Err(PollError::Timeout { last });
        }
        clock.sleep(pause).await;
        wait = wait
            .mul_f64(options.backoff.max(1.0))
            .min(options.max_interval);
    }
}
