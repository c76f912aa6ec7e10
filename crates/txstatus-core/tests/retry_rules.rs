//! The retry rules of each retry class, counted with mockito.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use std::time::Duration;

use support::{answers, service};
use txstatus_core::{
    Error, ErrorKind, ManualClock,
    provider::{RequestSpec, RetryClass},
};

/// The path `get()` asks for.
const THING: &str = "/things/abc";

fn get() -> RequestSpec {
    RequestSpec::get("get_thing")
        .segment("things")
        .id_segment("abc")
}

/// A mock of `GET THING` answering `status` with `headers` and no body, which
/// must be asked exactly `times` times.
async fn thing_answers(
    server: &mut mockito::ServerGuard,
    status: usize,
    headers: &[(&str, &str)],
    times: usize,
) -> mockito::Mock {
    answers(server, "GET", THING, status, headers, "", times).await
}

/// The error `spec` ends in, sent to `server` by a service on `clock`.
async fn error_of(server: &mockito::Server, clock: &ManualClock, spec: RequestSpec) -> Error {
    service(&server.url(), clock)
        .execute(spec)
        .await
        .unwrap_err()
}

// mockito serves a mock until its `expect` count is reached, then the next one.
#[tokio::test]
async fn idempotent_read_is_retried_on_503_until_success() {
    let mut server = mockito::Server::new_async().await;
    let fail = thing_answers(&mut server, 503, &[], 2).await;
    let ok = answers(&mut server, "GET", THING, 200, &[], "{}", 1).await;
    let clock = ManualClock::new();
    let response = service(&server.url(), &clock).execute(get()).await.unwrap();
    fail.assert_async().await;
    ok.assert_async().await;
    assert_eq!(response.attempts(), 3);
    assert_eq!(clock.sleeps().len(), 2);
}

#[tokio::test]
async fn idempotent_read_gives_up_after_three_attempts() {
    let mut server = mockito::Server::new_async().await;
    let mock = thing_answers(&mut server, 500, &[], 3).await;
    let clock = ManualClock::new();
    let error = error_of(&server, &clock, get()).await;
    mock.assert_async().await;
    assert_eq!(error.status(), Some(500));
    assert!(error.is_retryable());
    for sleep in clock.sleeps() {
        assert!(sleep <= Duration::from_secs(5));
    }
}

#[tokio::test]
async fn client_errors_other_than_429_are_not_retried() {
    for status in [400, 401, 403, 404, 409, 422] {
        let mut server = mockito::Server::new_async().await;
        let mock = server
            .mock("GET", THING)
            .with_status(status)
            .with_body(r#"{"errors":[{"title":"Nope"}]}"#)
            .expect(1)
            .create_async()
            .await;
        let clock = ManualClock::new();
        let error = error_of(&server, &clock, get()).await;
        mock.assert_async().await;
        assert_eq!(error.status(), Some(status as u16));
        assert_eq!(error.provider_message(), None); // the test service has no extractor
        assert_eq!(
            error.body().unwrap().as_bytes(),
            br#"{"errors":[{"title":"Nope"}]}"#
        );
    }
}

#[tokio::test]
async fn retry_after_seconds_is_waited_at_least() {
    let mut server = mockito::Server::new_async().await;
    let mock = thing_answers(&mut server, 429, &[("Retry-After", "7")], 3).await;
    let clock = ManualClock::new();
    let error = error_of(&server, &clock, get()).await;
    mock.assert_async().await;
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(clock.sleeps().len(), 2);
    assert!(clock.sleeps().iter().all(|s| *s >= Duration::from_secs(7)));
}

#[tokio::test]
async fn retry_after_http_date_is_understood() {
    let mut server = mockito::Server::new_async().await;
    let clock = ManualClock::new();
    let when = httpdate_in(&clock, 10);
    let mock = thing_answers(&mut server, 503, &[("Retry-After", &when)], 3).await;
    let error = error_of(&server, &clock, get()).await;
    mock.assert_async().await;
    let first = clock.sleeps()[0];
    assert!(
        first >= Duration::from_secs(8) && first <= Duration::from_secs(11),
        "{first:?}"
    );
    assert!(error.retry_after().is_some());
}

fn httpdate_in(clock: &ManualClock, seconds: u64) -> String {
    use txstatus_core::Clock;
    let when = clock.system_now() + Duration::from_secs(seconds);
    let since = when
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let t = time::OffsetDateTime::from_unix_timestamp(since).unwrap();
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    t.format(&format).unwrap()
}

#[tokio::test]
async fn retry_after_over_sixty_seconds_returns_rate_limited_at_once() {
    let mut server = mockito::Server::new_async().await;
    let headers = [("Retry-After", "120"), ("Request-Id", "req-9")];
    let mock = thing_answers(&mut server, 429, &headers, 1).await;
    let clock = ManualClock::new();
    let error = error_of(&server, &clock, get()).await;
    mock.assert_async().await;
    assert!(matches!(error.kind(), ErrorKind::RateLimited { .. }));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(error.request_id(), Some("req-9"));
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn retry_after_past_the_deadline_returns_rate_limited_at_once() {
    let mut server = mockito::Server::new_async().await;
    let mock = thing_answers(&mut server, 503, &[("Retry-After", "30")], 1).await;
    let clock = ManualClock::new();
    let spec = get().deadline(Duration::from_secs(10));
    let error = error_of(&server, &clock, spec).await;
    mock.assert_async().await;
    assert!(matches!(error.kind(), ErrorKind::RateLimited { .. }));
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn ratelimit_reset_is_used_when_retry_after_is_absent() {
    let mut server = mockito::Server::new_async().await;
    let mock = thing_answers(&mut server, 429, &[("RateLimit-Reset", "4")], 3).await;
    let clock = ManualClock::new();
    service(&server.url(), &clock)
        .execute(get())
        .await
        .unwrap_err();
    mock.assert_async().await;
    assert!(clock.sleeps().iter().all(|s| *s >= Duration::from_secs(4)));
}

#[tokio::test]
async fn deadline_stops_retries() {
    let mut server = mockito::Server::new_async().await;
    let mock = thing_answers(&mut server, 503, &[("Retry-After", "2")], 2).await;
    let clock = ManualClock::new();
    let spec = get().deadline(Duration::from_secs(3));
    let error = error_of(&server, &clock, spec).await;
    mock.assert_async().await;
    // Second Retry-After would pass the 3 s deadline: rate limited, no third attempt.
    assert!(matches!(error.kind(), ErrorKind::RateLimited { .. }));
}

#[tokio::test]
async fn never_resend_is_not_retried_after_a_response() {
    for status in [429, 500, 503] {
        let mut server = mockito::Server::new_async().await;
        let mock = answers(&mut server, "POST", "/things", status, &[], "", 1).await;
        let clock = ManualClock::new();
        let spec = RequestSpec::post("create")
            .segment("things")
            .json_body("{}");
        assert_eq!(spec.retry_class(), RetryClass::NeverResend);
        let error = error_of(&server, &clock, spec).await;
        mock.assert_async().await;
        assert!(error.may_have_been_sent());
    }
}

#[tokio::test]
async fn never_resend_is_retried_when_nothing_was_sent() {
    // A port with nothing listening: connect refused proves nothing was sent.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let clock = ManualClock::new();
    let spec = RequestSpec::post("create")
        .segment("things")
        .json_body("{}");
    let error = service(&format!("http://127.0.0.1:{port}"), &clock)
        .execute(spec)
        .await
        .unwrap_err();
    assert!(error.is_connect(), "{error:?}");
    assert!(!error.may_have_been_sent());
    assert_eq!(clock.sleeps().len(), 2, "three attempts were made");
}

#[tokio::test]
async fn keep_first_success_retries_503_then_keeps_the_200() {
    let mut server = mockito::Server::new_async().await;
    let clock = ManualClock::new();
    let service = service(&server.url(), &clock);
    let fail = answers(&mut server, "POST", "/status", 503, &[], "", 1).await;
    let ok = server
        .mock("POST", "/status")
        .with_status(200)
        .with_body(r#"{"status":"success"}"#)
        .expect(1)
        .create_async()
        .await;
    let spec = RequestSpec::post("status")
        .segment("status")
        .json_body("{}")
        .retry(RetryClass::KeepFirstSuccess);
    let response = service.execute(spec).await.unwrap();
    fail.assert_async().await;
    ok.assert_async().await;
    assert_eq!(response.attempts(), 2);
    assert_eq!(response.body().as_bytes(), br#"{"status":"success"}"#);
}

#[tokio::test]
async fn decode_errors_are_not_retried_and_keep_the_body() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", THING)
        .with_status(200)
        .with_body(r#"{"count":"Jane Doe"}"#)
        .expect(1)
        .create_async()
        .await;
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Thing {
        count: u32,
    }
    let clock = ManualClock::new();
    let raw = service(&server.url(), &clock).execute(get()).await.unwrap();
    let error = raw.decode_json::<Thing>().unwrap_err();
    mock.assert_async().await;
    assert_eq!(error.json_path(), Some("count"));
    assert_eq!(error.body().unwrap().as_bytes(), br#"{"count":"Jane Doe"}"#);
    assert!(!error.to_string().contains("Jane"));
    assert!(!format!("{error:?}").contains("Jane"));
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let mut server = mockito::Server::new_async().await;
    let location = [("Location", "https://elsewhere.invalid/steal")];
    let mock = thing_answers(&mut server, 302, &location, 1).await;
    let clock = ManualClock::new();
    let error = error_of(&server, &clock, get()).await;
    mock.assert_async().await;
    assert_eq!(error.status(), Some(302));
    assert!(!error.to_string().contains("elsewhere"));
}

#[tokio::test]
async fn requests_carry_the_user_agent_and_no_referer() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", THING)
        .match_header("user-agent", mockito::Matcher::Regex("^txstatus/".into()))
        .match_header("referer", mockito::Matcher::Missing)
        .with_status(200)
        .with_body("{}")
        .create_async()
        .await;
    let clock = ManualClock::new();
    service(&server.url(), &clock).execute(get()).await.unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn a_success_after_an_attempt_that_may_have_been_processed_says_so() {
    for (status, reached) in [(502, true), (500, true), (503, false), (429, false)] {
        let mut server = mockito::Server::new_async().await;
        let fail = answers(&mut server, "POST", "/status", status, &[], "", 1).await;
        let ok = answers(&mut server, "POST", "/status", 200, &[], "{}", 1).await;
        let clock = ManualClock::new();
        let spec = RequestSpec::post("status")
            .segment("status")
            .json_body("{}")
            .retry(RetryClass::KeepFirstSuccess);
        let raw = service(&server.url(), &clock).execute(spec).await.unwrap();
        fail.assert_async().await;
        ok.assert_async().await;
        assert_eq!(
            raw.earlier_attempt_may_have_reached_server(),
            reached,
            "{status}"
        );
        let response = raw.decode_json::<serde_json::Value>().unwrap();
        assert_eq!(response.earlier_attempt_may_have_reached_server(), reached);
    }
}
