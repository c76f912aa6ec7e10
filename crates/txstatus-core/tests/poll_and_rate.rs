//! Polling to a terminal status and the client-side rate limit.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use std::{
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use txstatus_core::{
    BoxFuture, ClientOptions, Clock, ManualClock, NormalizedStatus, PollError, PollEvent,
    PollOptions, RateLimit, RawBody, StatusReport, StatusSource, TransportBuilder, TxStatus,
    poll_until_terminal,
    provider::{RequestSpec, ServiceBuilder},
};

#[derive(Debug)]
struct Script {
    steps: Mutex<Vec<Result<NormalizedStatus, u16>>>,
    reads: AtomicUsize,
}

impl StatusSource for Script {
    fn provider(&self) -> &'static str {
        "script"
    }

    fn status_report<'a>(
        &'a self,
        id: &'a str,
    ) -> BoxFuture<'a, txstatus_core::Result<StatusReport>> {
        Box::pin(async move {
            self.reads.fetch_add(1, Ordering::SeqCst);
            let step = {
                let mut steps = self.steps.lock().unwrap();
                if steps.len() > 1 {
                    steps.remove(0)
                } else {
                    steps[0]
                }
            };
            match step {
                Ok(status) => Ok(StatusReport::new(
                    "script",
                    id,
                    TxStatus::new(status, status.as_str()),
                    RawBody::default(),
                    Arc::new(()),
                )),
                Err(code) => Err(txstatus_core::Error::http(
                    "script",
                    txstatus_core::HttpError::new(code, RawBody::default()),
                )),
            }
        })
    }
}

fn script(steps: Vec<Result<NormalizedStatus, u16>>) -> Script {
    Script {
        steps: Mutex::new(steps),
        reads: AtomicUsize::new(0),
    }
}

fn options(clock: &ManualClock) -> PollOptions {
    PollOptions {
        interval: Duration::from_secs(1),
        backoff: 2.0,
        max_interval: Duration::from_secs(3),
        timeout: Duration::from_secs(60),
        clock: Arc::new(clock.clone()),
    }
}

#[tokio::test]
async fn polls_until_terminal_with_backoff_and_reports_each_step() {
    use NormalizedStatus::*;
    let source = script(vec![
        Ok(Pending),
        Ok(Pending),
        Ok(Pending),
        Ok(Pending),
        Ok(Succeeded),
    ]);
    let clock = ManualClock::new();
    let mut seen = Vec::new();
    let report = poll_until_terminal(&source, "tx", &options(&clock), |event| {
        if let PollEvent::Report(r) = event {
            seen.push(r.status.normalized());
        }
    })
    .await
    .unwrap();
    assert_eq!(report.status.normalized(), Succeeded);
    assert_eq!(seen.len(), 5);
    let sleeps = clock.sleeps();
    assert_eq!(sleeps, [1, 2, 3, 3].map(Duration::from_secs).to_vec());
}

#[tokio::test]
async fn retryable_errors_do_not_stop_polling_but_others_do() {
    use NormalizedStatus::*;
    let source = script(vec![Err(503), Ok(Pending), Ok(Expired)]);
    let clock = ManualClock::new();
    let mut errors = 0;
    let report = poll_until_terminal(&source, "tx", &options(&clock), |event| {
        if let PollEvent::RetryableError(_) = event {
            errors += 1;
        }
    })
    .await
    .unwrap();
    assert_eq!(report.status.normalized(), Expired);
    assert_eq!(errors, 1);

    let source = script(vec![Ok(Pending), Err(404)]);
    let error = poll_until_terminal(&source, "tx", &options(&clock), |_| {})
        .await
        .unwrap_err();
    assert!(matches!(error, PollError::Failed(e) if e.status() == Some(404)));
}

#[tokio::test]
async fn polling_times_out_with_the_last_report() {
    let source = script(vec![Ok(NormalizedStatus::Pending)]);
    let clock = ManualClock::new();
    let mut opts = options(&clock);
    opts.timeout = Duration::from_secs(10);
    let error = poll_until_terminal(&source, "tx", &opts, |_| {})
        .await
        .unwrap_err();
    match error {
        PollError::Timeout { last: Some(last) } => assert_eq!(last.status.raw(), "pending"),
        other => panic!("{other:?}"),
    }
    assert!(clock.elapsed() <= Duration::from_secs(10));
    assert_eq!(source.reads.load(Ordering::SeqCst), 5);
}

#[tokio::test]
async fn unknown_status_is_never_terminal() {
    assert!(!NormalizedStatus::Unknown.is_terminal());
    assert!(!NormalizedStatus::Pending.is_terminal());
    for s in [
        NormalizedStatus::Succeeded,
        NormalizedStatus::Failed,
        NormalizedStatus::Cancelled,
        NormalizedStatus::Expired,
    ] {
        assert!(s.is_terminal());
    }
}

struct B(ServiceBuilder);
impl ClientOptions for B {
    fn service_builder_mut(&mut self) -> &mut ServiceBuilder {
        &mut self.0
    }
}

#[tokio::test]
async fn the_rate_limit_spaces_requests_across_clones() {
    let mut server = mockito::Server::new_async().await;
    let mock = support::answers(&mut server, "GET", "/t", 200, &[], "{}", 10).await;
    let clock = ManualClock::new();
    let service = B(ServiceBuilder::new("test", None))
        .base_url(server.url())
        .configure_transport(|t: TransportBuilder| t.clock(Arc::new(clock.clone())).no_proxy())
        .rate_limit(RateLimit::new(5, Duration::from_secs(1)))
        .0
        .build()
        .unwrap();
    let start = clock.now();
    for _ in 0..10 {
        let s = service.clone();
        s.execute(RequestSpec::get("get").segment("t"))
            .await
            .unwrap();
    }
    mock.assert_async().await;
    // 10 requests at 5 per second: the sixth waits for the first to leave the
    // (1% longer) window, so the last starts at least one window after the first.
    assert!(clock.now() - start >= Duration::from_millis(1010));
}

#[test]
fn a_rate_limit_of_no_requests_or_over_no_time_is_refused_at_build() {
    for limit in [
        RateLimit::new(0, Duration::from_secs(1)),
        RateLimit::new(5, Duration::ZERO),
        RateLimit::new(0, Duration::ZERO),
    ] {
        let built = B(ServiceBuilder::new("test", Some("https://api.example")))
            .rate_limit(limit)
            .0
            .build();
        let error = built
            .err()
            .unwrap_or_else(|| panic!("{limit:?} was accepted"));
        assert!(error.is_invalid_input(), "{limit:?}: {error}");
    }
    let fine = B(ServiceBuilder::new("test", Some("https://api.example")))
        .rate_limit(RateLimit::new(1, Duration::from_nanos(1)))
        .0
        .build();
    assert!(fine.is_ok());
}

#[tokio::test]
async fn a_report_after_a_failed_read_the_provider_may_have_acted_on_says_so() {
    use NormalizedStatus::*;
    // 502: the provider may have acted (and handed out one-time data); 503: it
    // says it did not.
    let source = script(vec![
        Ok(Pending),
        Err(502),
        Ok(Pending),
        Err(503),
        Ok(Succeeded),
    ]);
    let clock = ManualClock::new();
    let mut flags = Vec::new();
    let report = poll_until_terminal(&source, "tx", &options(&clock), |event| {
        if let PollEvent::Report(r) = event {
            flags.push(r.earlier_attempt_may_have_reached_server);
        }
    })
    .await
    .unwrap();
    assert_eq!(flags, [false, true, false]);
    assert!(!report.earlier_attempt_may_have_reached_server);
}
