//! Hostile `Retry-After` and `RateLimit-Reset` values (huge, negative,
//! fractional, dates far in the past and future, garbage) under a short real
//! deadline and under `Duration::MAX`: no panic, and every call ends within a
//! generous bound of its deadline.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use std::time::{Duration, Instant};

use txstatus_core::{RetryPolicy, TransportBuilder, provider::RequestSpec};

const HEADERS: [(&str, &str); 12] = [
    ("retry-after", "18446744073709551615"),
    ("retry-after", "18446744073709551616"),
    ("retry-after", "-1"),
    ("retry-after", "1.5"),
    ("retry-after", "1e30"),
    ("retry-after", "Sun, 06 Nov 1994 08:49:37 GMT"),
    ("retry-after", "Fri, 31 Dec 9999 23:59:59 GMT"),
    ("retry-after", "Friday, 31-Dec-99 23:59:59 GMT"),
    ("retry-after", "Fri Dec 31 23:59:59 9999"),
    ("retry-after", "soon"),
    ("ratelimit-reset", "18446744073709551615"),
    ("ratelimit-reset", "-5"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_waits_never_panic_and_end_by_the_deadline() {
    let mut server = mockito::Server::new_async().await;
    for (deadline, bound) in [
        (Duration::from_secs(1), Duration::from_secs(30)),
        (Duration::MAX, Duration::from_secs(60)),
    ] {
        for (name, value) in HEADERS {
            let mock = server
                .mock("GET", "/t")
                .with_status(429)
                .with_header(name, value)
                .create_async()
                .await;
            let policy = RetryPolicy {
                max_attempts: 2,
                max_backoff: Duration::from_millis(50),
                initial_backoff: Duration::from_millis(10),
                max_retry_after: Duration::from_secs(2),
            };
            let service = support::service_with(
                &server.url(),
                TransportBuilder::new()
                    .no_proxy()
                    .deadline(deadline)
                    .retry_policy(policy),
            );
            let began = Instant::now();
            let error = service
                .execute(RequestSpec::get("read").segment("t"))
                .await
                .expect_err(value);
            assert!(began.elapsed() < bound, "{name}: {value}: {error}");
            assert_eq!(error.status(), Some(429), "{name}: {value}: {error}");
            mock.remove_async().await;
        }
    }
}
