//! `poll_until_terminal` with absurd options and hostile sources: a zero
//! interval, a source that fails at once forever, a `Retry-After` of 2^64
//! seconds under a poll without a timeout, an unknown status spelled as a
//! sentence. No panic, no stream of requests, no sleep for as long as a
//! provider says, no provider text in the timeout's message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::{
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use txstatus_core::{
    BoxFuture, HttpError, ManualClock, NormalizedStatus, PollError, PollOptions, RawBody,
    StatusReport, StatusSource, TxStatus, poll_until_terminal,
};

/// What each read answers: pending, or a 503/429 with an optional
/// `Retry-After`; succeeded from read `done_at` on.
#[derive(Debug)]
struct Hostile {
    reads: AtomicUsize,
    error: Option<(u16, Option<Duration>)>,
    done_at: usize,
}

impl Hostile {
    fn new(error: Option<(u16, Option<Duration>)>, done_at: usize) -> Self {
        Self {
            reads: AtomicUsize::new(0),
            error,
            done_at,
        }
    }
}

impl StatusSource for Hostile {
    fn provider(&self) -> &'static str {
        "hostile"
    }

    fn status_report<'a>(
        &'a self,
        id: &'a str,
    ) -> BoxFuture<'a, txstatus_core::Result<StatusReport>> {
        Box::pin(async move {
            let read = self.reads.fetch_add(1, Ordering::SeqCst) + 1;
            let report = |status: NormalizedStatus| {
                let status = TxStatus::new(status, status.as_str());
                StatusReport::new("hostile", id, status, RawBody::default(), Arc::new(()))
            };
            if read >= self.done_at {
                return Ok(report(NormalizedStatus::Succeeded));
            }
            match self.error {
                None => Ok(report(NormalizedStatus::Pending)),
                Some((status, retry_after)) => {
                    let mut error = HttpError::new(status, RawBody::default());
                    error.retry_after = retry_after;
                    Err(txstatus_core::Error::http("hostile", error))
                }
            }
        })
    }
}

fn options(clock: &ManualClock, interval: Duration, timeout: Duration) -> PollOptions {
    PollOptions {
        interval,
        backoff: 1.0,
        max_interval: interval,
        timeout,
        clock: Arc::new(clock.clone()),
    }
}

/// Runs a poll on a thread of its own and gives up on it after `limit`: a poll
/// that spins never yields, so no timer inside its runtime could stop it.
fn poll_on_a_thread(
    source: Arc<Hostile>,
    options: PollOptions,
    limit: Duration,
) -> Option<Result<StatusReport, PollError>> {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        let result = runtime.block_on(poll_until_terminal(source.as_ref(), "1", &options, |_| {}));
        let _ = sender.send(result);
    });
    receiver.recv_timeout(limit).ok()
}

#[test]
fn a_zero_interval_still_waits_between_reads_and_ends_at_the_timeout() {
    for error in [None, Some((503, None)), Some((429, Some(Duration::ZERO)))] {
        let clock = ManualClock::new();
        let source = Arc::new(Hostile::new(error, usize::MAX));
        let options = options(&clock, Duration::ZERO, Duration::from_secs(10));
        // Without a floor, a manual clock never moves and the poll spins forever.
        let result = poll_on_a_thread(source.clone(), options, Duration::from_secs(10))
            .unwrap_or_else(|| panic!("{error:?}: the poll spun without waiting"));
        assert!(
            matches!(result, Err(PollError::Timeout { .. })),
            "{error:?}: {result:?}"
        );
        let reads = source.reads.load(Ordering::SeqCst);
        assert!(reads <= 1001, "{error:?}: {reads} reads in 10 s");
        let sleeps = clock.sleeps();
        assert!(
            sleeps.iter().all(|s| *s >= Duration::from_millis(10)),
            "{error:?}: {sleeps:?}"
        );
        assert!(clock.elapsed() <= Duration::from_secs(10), "{error:?}");
    }
}

#[tokio::test]
async fn a_zero_max_interval_after_a_longer_first_wait_keeps_the_floor() {
    let clock = ManualClock::new();
    let source = Hostile::new(None, 6);
    let options = PollOptions {
        interval: Duration::from_secs(1),
        backoff: 2.0,
        max_interval: Duration::ZERO,
        timeout: Duration::from_secs(60),
        clock: Arc::new(clock.clone()),
    };
    let report = poll_until_terminal(&source, "1", &options, |_| {})
        .await
        .unwrap();
    assert_eq!(report.status.normalized(), NormalizedStatus::Succeeded);
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.first(), Some(&Duration::from_secs(1)), "{sleeps:?}");
    assert!(
        sleeps.iter().all(|s| *s >= Duration::from_millis(10)),
        "{sleeps:?}"
    );
}

#[tokio::test]
async fn a_huge_retry_after_without_a_poll_timeout_is_honoured_up_to_an_hour() {
    for status in [429, 503] {
        let clock = ManualClock::new();
        let asked = Some(Duration::from_secs(u64::MAX));
        let source = Hostile::new(Some((status, asked)), 3);
        let report = poll_until_terminal(
            &source,
            "1",
            &options(&clock, Duration::from_secs(1), Duration::MAX),
            |_| {},
        )
        .await
        .unwrap();
        assert_eq!(report.status.normalized(), NormalizedStatus::Succeeded);
        assert_eq!(
            clock.sleeps(),
            vec![Duration::from_secs(3600); 2],
            "{status}: asked for 2^64 s"
        );
    }
}

#[tokio::test]
async fn a_retry_after_past_a_finite_timeout_ends_the_poll_at_the_timeout() {
    let clock = ManualClock::new();
    let source = Hostile::new(Some((503, Some(Duration::from_secs(u64::MAX)))), 3);
    let result = poll_until_terminal(
        &source,
        "1",
        &options(&clock, Duration::from_secs(1), Duration::from_secs(90)),
        |_| {},
    )
    .await;
    assert!(
        matches!(result, Err(PollError::Timeout { .. })),
        "{result:?}"
    );
    assert_eq!(source.reads.load(Ordering::SeqCst), 1);
    assert!(clock.elapsed() <= Duration::from_secs(90));
}

/// A source whose every read is pending, in the provider's spelling `raw`.
#[derive(Debug)]
struct Spelled(&'static str);

impl StatusSource for Spelled {
    fn provider(&self) -> &'static str {
        "hostile"
    }

    fn status_report<'a>(
        &'a self,
        id: &'a str,
    ) -> BoxFuture<'a, txstatus_core::Result<StatusReport>> {
        Box::pin(async move {
            let status = TxStatus::new(NormalizedStatus::Unknown, self.0);
            Ok(StatusReport::new(
                "hostile",
                id,
                status,
                RawBody::default(),
                Arc::new(()),
            ))
        })
    }
}

#[tokio::test]
async fn a_timeout_names_the_last_status_but_no_provider_sentence() {
    for raw in [
        "Jan de Vries, born 1970-01-01",
        "\u{1b}[2J\u{1b}]0;owned\u{7}",
        "pending\nSECRET",
    ] {
        let clock = ManualClock::new();
        let result = poll_until_terminal(
            &Spelled(raw),
            "1",
            &options(&clock, Duration::from_secs(1), Duration::from_secs(5)),
            |_| {},
        )
        .await;
        let error = result.unwrap_err();
        let shown = error.to_string();
        assert!(shown.contains("unknown"), "{shown}");
        assert!(shown.contains("withheld"), "{shown}");
        for part in ["Vries", "1970", "\u{1b}", "SECRET"] {
            assert!(!shown.contains(part), "{raw:?}: {shown}");
        }
    }
    let clock = ManualClock::new();
    let error = poll_until_terminal(
        &Spelled("AWAITING_SCAN.v2"),
        "1",
        &options(&clock, Duration::from_secs(1), Duration::from_secs(5)),
        |_| {},
    )
    .await
    .unwrap_err();
    assert!(error.to_string().contains("(AWAITING_SCAN.v2)"), "{error}");
}
