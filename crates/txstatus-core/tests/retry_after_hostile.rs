//! A `Retry-After` (or `RateLimit-Reset`) of more seconds than 64 bits hold is
//! the longest wait there is, not "no wait asked"; an answer that asks more
//! than once is honoured for its longest ask.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use std::time::Duration;

use txstatus_core::{
    Error, ErrorKind, ManualClock,
    provider::{RequestSpec, Service},
};

/// A mock of `GET /t` answering `status` with `headers`, which must be asked
/// exactly once.
async fn asks_to_wait(
    server: &mut mockito::ServerGuard,
    status: usize,
    headers: &[(&str, &str)],
) -> mockito::Mock {
    support::answers(server, "GET", "/t", status, headers, "", 1).await
}

/// The error a read of `/t` through `service` ends in (`case` names the case
/// should it succeed).
async fn read_error(service: &Service, case: &str) -> Error {
    service
        .execute(RequestSpec::get("read").segment("t"))
        .await
        .expect_err(case)
}

#[tokio::test]
async fn a_wait_past_u64_seconds_is_a_rate_limited_error_at_once_not_a_retry() {
    for (status, name, value) in [
        (503, "retry-after", "18446744073709551616"),
        (429, "retry-after", "99999999999999999999999999999999999999"),
        (429, "ratelimit-reset", "18446744073709551616"),
    ] {
        let mut server = mockito::Server::new_async().await;
        let mock = asks_to_wait(&mut server, status, &[(name, value)]).await;
        let clock = ManualClock::new();
        let service = support::service(&server.url(), &clock);
        let error = read_error(&service, value).await;
        mock.assert_async().await;
        assert!(
            matches!(error.kind(), ErrorKind::RateLimited { .. }),
            "{name}: {value}: {error:?}"
        );
        assert_eq!(error.retry_after(), Some(Duration::from_secs(u64::MAX)));
        assert!(clock.sleeps().is_empty(), "{:?}", clock.sleeps());
    }
}

#[tokio::test]
async fn a_signed_or_fractional_wait_is_not_read_as_a_count_of_seconds() {
    for value in ["+5", "-5", "5.0", " ", "0x10"] {
        let mut server = mockito::Server::new_async().await;
        let mock = asks_to_wait(&mut server, 503, &[("retry-after", value)]).await;
        let clock = ManualClock::new();
        let service = support::service_with(
            &server.url(),
            txstatus_core::TransportBuilder::new()
                .clock(std::sync::Arc::new(clock.clone()))
                .no_proxy()
                .retry_policy(support::no_retry()),
        );
        let error = read_error(&service, value).await;
        mock.assert_async().await;
        assert_eq!(error.retry_after(), None, "{value:?}: {error:?}");
    }
}

#[tokio::test]
async fn an_answer_asking_several_waits_is_honoured_for_the_longest() {
    // Each asks for 120 s somewhere (over the 60 s the policy honours): a
    // rate-limited error at once, never a quick resend on the shorter ask.
    let cases: [(u16, &[(&str, &str)]); 5] = [
        (503, &[("retry-after", "0"), ("retry-after", "120")]),
        (503, &[("retry-after", "soon"), ("retry-after", "120")]),
        (503, &[("retry-after", "1, 120")]),
        (429, &[("retry-after", "-3"), ("retry-after", "120")]),
        (429, &[("ratelimit-reset", "1"), ("ratelimit-reset", "120")]),
    ];
    for (status, headers) in cases {
        let mut server = mockito::Server::new_async().await;
        let mock = asks_to_wait(&mut server, usize::from(status), headers).await;
        let clock = ManualClock::new();
        let service = support::service(&server.url(), &clock);
        let error = read_error(&service, "rate limited").await;
        mock.assert_async().await;
        assert!(
            matches!(error.kind(), ErrorKind::RateLimited { .. }),
            "{headers:?}: {error:?}"
        );
        assert_eq!(
            error.retry_after(),
            Some(Duration::from_secs(120)),
            "{headers:?}"
        );
        assert!(clock.sleeps().is_empty(), "{:?}", clock.sleeps());
    }
}

#[tokio::test]
async fn asks_joined_on_one_line_are_each_read_dates_included() {
    // An intermediary that joins repeated lines with commas: an HTTP date has
    // a comma of its own, and the date is still one of the asks. The clock's
    // wall time is 120 s before Sun, 06 Nov 1994 08:49:37 GMT.
    let now = std::time::UNIX_EPOCH + Duration::from_secs(784_111_777 - 120);
    for value in [
        "1, Sun, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT, 1",
        "Sunday, 06-Nov-94 08:49:37 GMT, 0",
        "0, Sun Nov  6 08:49:37 1994",
        "Sun, 06 Nov 1994 08:47:37 GMT, Sun, 06 Nov 1994 08:49:37 GMT",
        "soon, Sun, 06 Nov 1994 08:49:37 GMT",
        // A count of seconds before a date without its weekday is its own ask.
        "120, 06 Nov 1994 08:40:00 GMT",
    ] {
        let mut server = mockito::Server::new_async().await;
        let mock = asks_to_wait(&mut server, 503, &[("retry-after", value)]).await;
        let clock = ManualClock::starting_at(now);
        let service = support::service(&server.url(), &clock);
        let error = read_error(&service, value).await;
        mock.assert_async().await;
        assert!(
            matches!(error.kind(), ErrorKind::RateLimited { .. }),
            "{value}: {error:?}"
        );
        assert_eq!(
            error.retry_after(),
            Some(Duration::from_secs(120)),
            "{value}"
        );
        assert!(clock.sleeps().is_empty(), "{value}: {:?}", clock.sleeps());
    }
}
