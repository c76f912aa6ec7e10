//! Every wait ends within its deadline, and `Duration::MAX` means "no deadline"
//! without overflowing anywhere.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use support::answers;

use std::{
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use txstatus_core::{
    BoxFuture, ClientOptions, ErrorKind, ManualClock, NormalizedStatus, PollError, PollOptions,
    RateLimit, RawBody, StatusReport, StatusSource, TransportBuilder, TxStatus,
    poll_until_terminal,
    provider::{RequestSpec, Service, ServiceBuilder},
};

fn options(clock: &ManualClock, timeout: Duration) -> PollOptions {
    PollOptions {
        interval: Duration::from_secs(1),
        backoff: 2.0,
        max_interval: Duration::from_secs(3),
        timeout,
        clock: Arc::new(clock.clone()),
    }
}

/// A mock of `method path` answering `503` with `retry-after: 10`, which must
/// be asked exactly once.
async fn waits_10_s(server: &mut mockito::ServerGuard, method: &str, path: &str) -> mockito::Mock {
    answers(server, method, path, 503, &[("retry-after", "10")], "", 1).await
}

/// Polls transaction `1` of `source` every 1 s (doubling up to 3 s) on `clock`
/// until it is terminal or `timeout` has passed.
async fn poll_one(
    source: &dyn StatusSource,
    clock: &ManualClock,
    timeout: Duration,
) -> Result<StatusReport, PollError> {
    poll_until_terminal(source, "1", &options(clock, timeout), |_| {}).await
}

/// A source that reads through a real [`Service`].
#[derive(Debug)]
struct ViaService {
    service: Service,
    reads: AtomicUsize,
}

impl StatusSource for ViaService {
    fn provider(&self) -> &'static str {
        "test"
    }

    fn status_report<'a>(
        &'a self,
        id: &'a str,
    ) -> BoxFuture<'a, txstatus_core::Result<StatusReport>> {
        Box::pin(async move {
            self.reads.fetch_add(1, Ordering::SeqCst);
            let response = self
                .service
                .execute(RequestSpec::get("get").segment("t").id_segment(id))
                .await?;
            let status = if response.body().as_bytes() == b"done" {
                NormalizedStatus::Succeeded
            } else {
                NormalizedStatus::Pending
            };
            Ok(StatusReport::new(
                "test",
                id,
                TxStatus::new(status, "x"),
                response.body().clone(),
                Arc::new(()),
            ))
        })
    }
}

fn via(server: &mockito::ServerGuard, clock: &ManualClock) -> ViaService {
    ViaService {
        service: support::service(&server.url(), clock),
        reads: AtomicUsize::new(0),
    }
}

#[tokio::test]
async fn a_huge_retry_after_neither_panics_nor_waits_in_the_service() {
    let mut server = mockito::Server::new_async().await;
    server
        .mock("GET", "/t/1")
        .with_status(429)
        .with_header("retry-after", "18446744073709551615")
        .create_async()
        .await;
    let clock = ManualClock::new();
    let error = support::service(&server.url(), &clock)
        .execute(RequestSpec::get("get").segment("t").id_segment("1"))
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::RateLimited { .. }),
        "{error:?}"
    );
    assert!(clock.sleeps().is_empty(), "{:?}", clock.sleeps());
}

#[tokio::test]
async fn a_huge_retry_after_ends_a_poll_at_its_timeout_without_panicking() {
    let mut server = mockito::Server::new_async().await;
    server
        .mock("GET", "/t/1")
        .with_status(429)
        .with_header("retry-after", "18446744073709551615")
        .create_async()
        .await;
    let clock = ManualClock::new();
    let source = via(&server, &clock);
    let result = poll_one(&source, &clock, Duration::from_secs(60)).await;
    assert!(
        matches!(result, Err(PollError::Timeout { .. })),
        "{result:?}"
    );
    assert!(
        clock.elapsed() <= Duration::from_secs(60),
        "{:?}",
        clock.elapsed()
    );
}

#[tokio::test]
async fn duration_max_works_as_a_poll_timeout_and_a_service_deadline() {
    let mut server = mockito::Server::new_async().await;
    server
        .mock("GET", "/t/1")
        .with_body("done")
        .create_async()
        .await;
    let clock = ManualClock::new();
    let transport = TransportBuilder::new()
        .clock(Arc::new(clock.clone()))
        .deadline(Duration::MAX)
        .attempt_timeout(Duration::MAX)
        .no_proxy();
    let source = ViaService {
        service: support::service_with(&server.url(), transport),
        reads: AtomicUsize::new(0),
    };
    let report = poll_one(&source, &clock, Duration::MAX).await.unwrap();
    assert!(report.status.is_terminal());
    let spec = RequestSpec::get("get")
        .segment("t")
        .id_segment("1")
        .deadline(Duration::MAX);
    source.service.execute(spec).await.unwrap();
}

#[tokio::test]
async fn each_poll_read_gets_at_most_the_time_left() {
    // The service alone would wait out a 10 s Retry-After (its deadline is 60 s);
    // inside a 5 s poll it must return at once and let the poll end.
    let mut server = mockito::Server::new_async().await;
    let mock = waits_10_s(&mut server, "GET", "/t/1").await;
    let clock = ManualClock::new();
    let source = via(&server, &clock);
    let result = poll_one(&source, &clock, Duration::from_secs(5)).await;
    assert!(
        matches!(result, Err(PollError::Timeout { .. })),
        "{result:?}"
    );
    assert_no_10_s_wait(&clock);
    assert!(
        clock.elapsed() <= Duration::from_secs(5),
        "{:?}",
        clock.elapsed()
    );
    mock.assert_async().await;
}

#[tokio::test]
async fn a_rate_limit_wait_past_the_deadline_fails_at_once_without_sending() {
    let mut server = mockito::Server::new_async().await;
    let mock = answers(&mut server, "GET", "/t/1", 200, &[], "ok", 1).await;
    let clock = ManualClock::new();
    struct B(ServiceBuilder);
    impl ClientOptions for B {
        fn service_builder_mut(&mut self) -> &mut ServiceBuilder {
            &mut self.0
        }
    }
    let service = B(ServiceBuilder::new("test", None))
        .base_url(server.url())
        .configure_transport(|t| {
            t.clock(Arc::new(clock.clone()))
                .deadline(Duration::from_secs(1))
                .no_proxy()
        })
        .rate_limit(RateLimit::new(1, Duration::from_secs(30)))
        .0
        .build()
        .unwrap();
    let get = || RequestSpec::get("get").segment("t").id_segment("1");
    service.execute(get()).await.unwrap();
    let error = service.execute(get()).await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::LocalRateLimit { .. }),
        "{error:?}"
    );
    assert!(!error.may_have_been_sent());
    assert!(error.retry_after().unwrap() > Duration::from_secs(29));
    assert!(
        clock.elapsed() < Duration::from_secs(1),
        "{:?}",
        clock.elapsed()
    );
    mock.assert_async().await;
}

#[derive(Debug)]
struct StopsAsking(AtomicUsize);

impl StatusSource for StopsAsking {
    fn provider(&self) -> &'static str {
        "test"
    }

    fn status_report<'a>(
        &'a self,
        id: &'a str,
    ) -> BoxFuture<'a, txstatus_core::Result<StatusReport>> {
        Box::pin(async move {
            let read = self.0.fetch_add(1, Ordering::SeqCst);
            let report = StatusReport::new(
                "test",
                id,
                TxStatus::new(NormalizedStatus::Unknown, "Success"),
                RawBody::default(),
                Arc::new(()),
            );
            Ok(report.with_stop_asking(read >= 1))
        })
    }
}

#[tokio::test]
async fn polling_stops_on_a_non_terminal_report_that_asks_to_stop() {
    let clock = ManualClock::new();
    let source = StopsAsking(AtomicUsize::new(0));
    let report = poll_one(&source, &clock, Duration::from_secs(60))
        .await
        .unwrap();
    assert!(!report.status.is_terminal());
    assert!(report.stop_asking);
    assert_eq!(source.0.load(Ordering::SeqCst), 2);
}

/// A limiter of the caller's making: lets `allowed` requests go, then says the
/// next slot is an hour away.
#[derive(Debug)]
struct Budget {
    allowed: AtomicUsize,
    asked_with: std::sync::Mutex<Vec<Duration>>,
}

impl txstatus_core::RateLimiter for Budget {
    fn acquire<'a>(
        &'a self,
        _clock: &'a dyn txstatus_core::Clock,
        max_wait: Duration,
    ) -> BoxFuture<'a, Result<(), Duration>> {
        Box::pin(async move {
            self.asked_with.lock().unwrap().push(max_wait);
            let left = self.allowed.load(Ordering::SeqCst);
            if left == 0 {
                return Err(Duration::from_secs(3600));
            }
            self.allowed.store(left - 1, Ordering::SeqCst);
            Ok(())
        })
    }
}

#[tokio::test]
async fn a_custom_rate_limiter_is_shared_by_clients_and_told_the_time_left() {
    let mut server = mockito::Server::new_async().await;
    let mock = answers(&mut server, "GET", "/t/1", 200, &[], "ok", 2).await;
    let clock = ManualClock::new();
    let limiter = Arc::new(Budget {
        allowed: AtomicUsize::new(2),
        asked_with: std::sync::Mutex::new(Vec::new()),
    });
    struct B(ServiceBuilder);
    impl ClientOptions for B {
        fn service_builder_mut(&mut self) -> &mut ServiceBuilder {
            &mut self.0
        }
    }
    let build = || {
        B(ServiceBuilder::new("test", None))
            .base_url(server.url())
            .configure_transport(|t| {
                t.clock(Arc::new(clock.clone()))
                    .deadline(Duration::from_secs(7))
                    .no_proxy()
            })
            .rate_limiter(limiter.clone())
            .0
            .build()
            .unwrap()
    };
    let (first, second) = (build(), build());
    let get = || RequestSpec::get("get").segment("t").id_segment("1");
    first.execute(get()).await.unwrap();
    second.execute(get()).await.unwrap();
    let error = first.execute(get()).await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::LocalRateLimit { .. }),
        "{error:?}"
    );
    assert!(!error.may_have_been_sent());
    assert_eq!(
        limiter.asked_with.lock().unwrap()[0],
        Duration::from_secs(7)
    );
    mock.assert_async().await;
}

/// A client-credentials token request: resent on a 503 like a read, as the
/// OAuth providers send it (a `NeverResend` POST would never wait at all).
fn token_request() -> RequestSpec {
    RequestSpec::post("token")
        .segment("token")
        .without_auth()
        .retry(txstatus_core::provider::RetryClass::Idempotent)
}

/// A read of `/t/1` with 5 s to go.
fn read_1_within_5_s() -> RequestSpec {
    RequestSpec::get("get")
        .segment("t")
        .id_segment("1")
        .deadline(Duration::from_secs(5))
}

/// Checks that nothing waited out the 10 s the server asked for.
fn assert_no_10_s_wait(clock: &ManualClock) {
    assert!(
        !clock.sleeps().contains(&Duration::from_secs(10)),
        "{:?}",
        clock.sleeps()
    );
}

/// The token `t`, valid for an hour.
fn an_hour_token() -> txstatus_core::provider::IssuedToken {
    txstatus_core::provider::IssuedToken {
        token: txstatus_core::SecretString::from("t"),
        expires_in: Duration::from_secs(3600),
    }
}

/// A token source that fetches through a service of its own, as the OAuth
/// providers do.
#[derive(Debug)]
struct TokenViaService(Service);

impl txstatus_core::provider::TokenSource for TokenViaService {
    fn fetch(&self) -> BoxFuture<'_, txstatus_core::Result<txstatus_core::provider::IssuedToken>> {
        Box::pin(async move {
            self.0.execute(token_request()).await?;
            Ok(an_hour_token())
        })
    }
}

#[tokio::test]
async fn a_token_fetch_is_bounded_by_the_deadline_of_the_request_it_serves() {
    // The token endpoint asks for 10 s; its own service (deadline 60 s) would
    // wait, but the request it serves has 5 s left, so the fetch fails at once.
    let mut server = mockito::Server::new_async().await;
    let token = waits_10_s(&mut server, "POST", "/token").await;
    let data = server.mock("GET", "/t/1").expect(0).create_async().await;
    let clock = ManualClock::new();
    let token_service = support::service(&server.url(), &clock);
    let auth = Arc::new(txstatus_core::provider::CachedToken::new(
        Arc::new(TokenViaService(token_service)),
        Arc::new(clock.clone()),
    ));
    let service = support::service(&server.url(), &clock).with_auth(auth);
    let error = service.execute(read_1_within_5_s()).await.unwrap_err();
    assert!(error.is_token_endpoint(), "{error:?}");
    assert_no_10_s_wait(&clock);
    token.assert_async().await;
    data.assert_async().await;
}

/// A token source whose first token is at hand and whose later fetches go
/// through `later` (a service of its own), or never end when it has none.
#[derive(Debug)]
struct FirstThenVia {
    fetches: AtomicUsize,
    later: Option<Service>,
}

impl txstatus_core::provider::TokenSource for FirstThenVia {
    fn fetch(&self) -> BoxFuture<'_, txstatus_core::Result<txstatus_core::provider::IssuedToken>> {
        Box::pin(async move {
            if self.fetches.fetch_add(1, Ordering::SeqCst) > 0 {
                match &self.later {
                    Some(service) => {
                        service.execute(token_request()).await?;
                    }
                    None => std::future::pending::<()>().await,
                }
            }
            Ok(an_hour_token())
        })
    }
}

#[tokio::test]
async fn a_token_refresh_after_a_401_is_bounded_by_the_deadline_of_the_request_it_serves() {
    // The data endpoint refuses the first token; the refresh's token endpoint
    // asks for 10 s, more than the 5 s the request has left: no 10 s wait.
    let mut server = mockito::Server::new_async().await;
    let token = waits_10_s(&mut server, "POST", "/token").await;
    let data = answers(&mut server, "GET", "/t/1", 401, &[], "", 1).await;
    let clock = ManualClock::new();
    let auth = Arc::new(txstatus_core::provider::CachedToken::new(
        Arc::new(FirstThenVia {
            fetches: AtomicUsize::new(0),
            later: Some(support::service(&server.url(), &clock)),
        }),
        Arc::new(clock.clone()),
    ));
    let service = support::service(&server.url(), &clock).with_auth(auth);
    let error = service.execute(read_1_within_5_s()).await.unwrap_err();
    assert!(error.is_token_endpoint(), "{error:?}");
    assert!(
        clock.elapsed() <= Duration::from_secs(5),
        "{:?}",
        clock.sleeps()
    );
    assert_no_10_s_wait(&clock);
    token.assert_async().await;
    data.assert_async().await;
}

#[tokio::test]
async fn a_token_refresh_that_never_ends_is_cut_at_the_deadline() {
    let mut server = mockito::Server::new_async().await;
    server
        .mock("GET", "/t/1")
        .with_status(401)
        .create_async()
        .await;
    let auth = Arc::new(txstatus_core::provider::CachedToken::new(
        Arc::new(FirstThenVia {
            fetches: AtomicUsize::new(0),
            later: None,
        }),
        Arc::new(txstatus_core::SystemClock),
    ));
    let service =
        support::service_with(&server.url(), TransportBuilder::new().no_proxy()).with_auth(auth);
    let spec = RequestSpec::get("get")
        .segment("t")
        .id_segment("1")
        .deadline(Duration::from_millis(300));
    let started = std::time::Instant::now();
    let outcome = tokio::time::timeout(Duration::from_secs(10), service.execute(spec)).await;
    let error = outcome
        .expect("the call outlived its deadline")
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

/// A limiter that never grants a slot and never says how long it would take:
/// a shared store that stalls.
#[derive(Debug)]
struct StalledLimiter;

impl txstatus_core::RateLimiter for StalledLimiter {
    fn acquire<'a>(
        &'a self,
        _clock: &'a dyn txstatus_core::Clock,
        _max_wait: Duration,
    ) -> BoxFuture<'a, Result<(), Duration>> {
        Box::pin(std::future::pending())
    }
}

#[tokio::test]
async fn a_rate_limiter_that_overstays_the_time_left_is_cut_at_the_deadline_without_sending() {
    let mut server = mockito::Server::new_async().await;
    let mock = answers(&mut server, "GET", "/t/1", 200, &[], "ok", 0).await;
    struct B(ServiceBuilder);
    impl ClientOptions for B {
        fn service_builder_mut(&mut self) -> &mut ServiceBuilder {
            &mut self.0
        }
    }
    let service = B(ServiceBuilder::new("test", None))
        .base_url(server.url())
        .configure_transport(|t| t.deadline(Duration::from_millis(300)).no_proxy())
        .rate_limiter(Arc::new(StalledLimiter))
        .0
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let outcome = tokio::time::timeout(
        Duration::from_secs(10),
        service.execute(RequestSpec::get("get").segment("t").id_segment("1")),
    )
    .await;
    let error = outcome
        .expect("the call outlived its deadline")
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::LocalRateLimit { .. }),
        "{error:?}"
    );
    assert!(!error.may_have_been_sent());
    assert!(started.elapsed() < Duration::from_secs(5));
    mock.assert_async().await;
}
