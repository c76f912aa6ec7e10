//! Rate limits a caller can configure that make no sense as a rate (no
//! request at all, more than can ever be counted, an interval of nothing or of
//! forever), built directly as a `SlidingWindow` and handed to a client with
//! `ClientOptions::rate_limiter` (which checks nothing): each does what its
//! documentation says, or fails with a typed error before anything is sent;
//! never a panic, an overflow or a wait past the deadline.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::{
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpListener,
};
use txstatus_core::{
    ClientOptions, ErrorKind, ManualClock, RateLimit, RateLimiter, SlidingWindow, TransportBuilder,
    provider::{RequestSpec, Service, ServiceBuilder},
};

/// Answers `200 {}` to every request; counts them.
async fn serve() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(AtomicUsize::new(0));
    let counted = requests.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let counted = counted.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                while socket.read(&mut buf).await.is_ok_and(|n| n > 0) {
                    counted.fetch_add(1, Ordering::SeqCst);
                    let answer = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}";
                    if socket.write_all(answer).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (url, requests)
}

struct Builder(ServiceBuilder);

impl ClientOptions for Builder {
    fn service_builder_mut(&mut self) -> &mut ServiceBuilder {
        &mut self.0
    }
}

fn limited(
    url: &str,
    clock: &ManualClock,
    limiter: Arc<dyn RateLimiter>,
    deadline: Duration,
) -> Service {
    let builder = Builder(ServiceBuilder::new("test", None))
        .base_url(url)
        .configure_transport(|t: TransportBuilder| {
            t.no_proxy()
                .clock(Arc::new(clock.clone()))
                .deadline(deadline)
        })
        .rate_limiter(limiter);
    builder.0.build().unwrap()
}

fn read() -> RequestSpec {
    RequestSpec::get("read").segment("t")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_window_of_no_requests_lets_none_through_and_says_so_at_once() {
    for per in [Duration::ZERO, Duration::from_secs(1), Duration::MAX] {
        for deadline in [Duration::from_secs(5), Duration::MAX] {
            let label = format!("0 per {per:?}, deadline {deadline:?}");
            let clock = ManualClock::new();
            let window = Arc::new(SlidingWindow::new(RateLimit::new(0, per)));
            assert!(!window.try_acquire(&clock), "{label}");
            let waited = window.acquire(&clock, deadline).await;
            assert!(waited.is_err(), "{label}: {waited:?}");
            let (url, requests) = serve().await;
            let service = limited(&url, &clock, window, deadline);
            let began = Instant::now();
            for _ in 0..3 {
                let error = tokio::time::timeout(Duration::from_secs(5), service.execute(read()))
                    .await
                    .unwrap_or_else(|_| panic!("{label}: the call did not end"))
                    .expect_err(&label);
                assert!(
                    matches!(error.kind(), ErrorKind::LocalRateLimit { .. }),
                    "{label}: {error:?}"
                );
                assert!(!error.may_have_been_sent(), "{label}");
                let shown = error.to_string();
                assert!(!shown.contains("18446744073709551615"), "{label}: {shown}");
            }
            assert_eq!(requests.load(Ordering::SeqCst), 0, "{label}");
            assert!(clock.sleeps().is_empty(), "{label}: {:?}", clock.sleeps());
            assert!(began.elapsed() < Duration::from_secs(2), "{label}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_largest_counts_and_intervals_neither_overflow_nor_wait_past_the_deadline() {
    let (url, requests) = serve().await;
    // As many requests as can be counted, over forever or over nothing: no wait.
    for per in [Duration::MAX, Duration::ZERO, Duration::from_nanos(1)] {
        let clock = ManualClock::new();
        let window = Arc::new(SlidingWindow::new(RateLimit::new(u32::MAX, per)));
        let service = limited(&url, &clock, window, Duration::from_secs(5));
        for _ in 0..20 {
            service.execute(read()).await.unwrap();
        }
        assert!(clock.sleeps().is_empty(), "{per:?}: {:?}", clock.sleeps());
    }
    // One request per forever: the second fails at once, nothing sent, with
    // a deadline and without one (a slot that never opens is not waited for).
    for deadline in [Duration::from_secs(5), Duration::MAX] {
        let before = requests.load(Ordering::SeqCst);
        let clock = ManualClock::new();
        let window = Arc::new(SlidingWindow::new(RateLimit::new(1, Duration::MAX)));
        let service = limited(&url, &clock, window, deadline);
        service.execute(read()).await.unwrap();
        let error = tokio::time::timeout(Duration::from_secs(5), service.execute(read()))
            .await
            .unwrap_or_else(|_| panic!("{deadline:?}: the call did not end"))
            .unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::LocalRateLimit { .. }),
            "{error:?}"
        );
        assert_eq!(requests.load(Ordering::SeqCst), before + 1);
        assert!(
            clock.sleeps().is_empty(),
            "{deadline:?}: {:?}",
            clock.sleeps()
        );
    }
    // One request per nanosecond: spaced by the headroom, never by less.
    let clock = ManualClock::new();
    let window = Arc::new(SlidingWindow::new(RateLimit::new(
        1,
        Duration::from_nanos(1),
    )));
    let service = limited(&url, &clock, window, Duration::from_secs(5));
    for _ in 0..3 {
        service.execute(read()).await.unwrap();
    }
    assert!(
        clock.elapsed() <= Duration::from_millis(200),
        "{:?}",
        clock.sleeps()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wait_under_a_second_is_not_said_as_no_wait() {
    let (url, _) = serve().await;
    let clock = ManualClock::new();
    // One per 200 ms (a window of 250 ms), under a deadline of 100 ms.
    let window = Arc::new(SlidingWindow::new(RateLimit::new(
        1,
        Duration::from_millis(200),
    )));
    let service = limited(&url, &clock, window, Duration::from_millis(100));
    service.execute(read()).await.unwrap();
    let error = service.execute(read()).await.unwrap_err();
    let wait = error.retry_after().unwrap();
    assert!(
        wait > Duration::ZERO && wait < Duration::from_secs(1),
        "{wait:?}"
    );
    let shown = error.to_string();
    assert!(!shown.contains(" 0 s"), "{shown}");
    assert!(shown.contains("0.25 s"), "{shown}");
}
