//! Error mapping: Persona's error bodies, rate limits, retries and non-JSON 5xx.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use std::time::Duration;

use persona_tx::{Client, Error, model::ErrorBody};
use txstatus_core::{ErrorKind, ManualClock};

fn client(server: &mockito::Server, clock: &ManualClock) -> Client {
    support::client_on(server, "persona_test_key", clock)
}

/// The error `transaction("txn_1")` ends in, asked of `server` on `clock`.
async fn error_for_txn_1(server: &mockito::Server, clock: &ManualClock) -> Error {
    client(server, clock)
        .transaction("txn_1")
        .await
        .unwrap_err()
}

/// Persona's answer to too many requests.
const TOO_MANY_REQUESTS: &[u8] = include_bytes!("../fixtures/error-429-too-many-requests.json");

/// A mock of `GET /transactions/txn_1` answering `429` with `headers` and
/// [`TOO_MANY_REQUESTS`], which must be asked exactly `times` times.
async fn too_many_requests(
    server: &mut mockito::ServerGuard,
    headers: &[(&str, &str)],
    times: usize,
) -> mockito::Mock {
    let mut mock = server.mock("GET", "/transactions/txn_1").with_status(429);
    for (name, value) in headers {
        mock = mock.with_header(*name, value);
    }
    mock.with_body(TOO_MANY_REQUESTS)
        .expect(times)
        .create_async()
        .await
}

async fn serve(status: usize, body: &[u8], expect: usize) -> (mockito::ServerGuard, mockito::Mock) {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", "/transactions/txn_1")
        .with_status(status)
        .with_header("content-type", "application/json")
        .with_header("request-id", "req_Err1")
        .with_body(body)
        .expect(expect)
        .create_async()
        .await;
    (server, mock)
}

#[tokio::test]
async fn client_errors_carry_title_details_request_id_and_body_and_are_not_retried() {
    let cases: [(usize, &[u8], &str); 4] = [
        (
            400,
            include_bytes!("../fixtures/error-400-bad-request.json"),
            "Bad Request: data.attributes.type must be a string",
        ),
        (
            401,
            include_bytes!("../fixtures/error-401-unauthorized.json"),
            "Must be authenticated to access this endpoint",
        ),
        (
            403,
            include_bytes!("../fixtures/error-403-forbidden.json"),
            "Forbidden: IP address is not permitted access to current environment",
        ),
        (
            404,
            include_bytes!("../fixtures/error-404-not-found.json"),
            "Record not found",
        ),
    ];
    for (status, body, message) in cases {
        let clock = ManualClock::new();
        let (server, mock) = serve(status, body, 1).await;
        let error = error_for_txn_1(&server, &clock).await;
        mock.assert_async().await;
        assert_eq!(error.provider(), "persona");
        assert_eq!(error.status(), Some(status as u16));
        assert_eq!(error.message(), Some(message));
        assert_eq!(error.request_id(), Some("req_Err1"));
        assert_eq!(error.body().unwrap().as_bytes(), body);
        assert!(!error.is_retryable());
        assert!(matches!(error.kind(), ErrorKind::Http(_)));
        // The provider's text may quote personal data: Display leaves it out.
        assert!(!error.to_string().contains(message), "{error}");
        assert!(error.to_string().contains("request id req_Err1"), "{error}");
        assert!(clock.sleeps().is_empty());

        let parsed = ErrorBody::from_error(&error).unwrap();
        assert_eq!(parsed.errors.len(), 1);
        assert!(message.starts_with(parsed.errors[0].title.as_deref().unwrap()));
    }
}

#[tokio::test]
async fn rate_limited_requests_honour_retry_after_then_keep_the_last_answer() {
    let body = TOO_MANY_REQUESTS;
    let mut server = mockito::Server::new_async().await;
    let headers = [
        ("content-type", "application/json"),
        ("request-id", "req_Rl1"),
        ("ratelimit-limit", "300"),
        ("ratelimit-remaining", "0"),
        ("ratelimit-reset", "2"),
        ("retry-after", "2"),
    ];
    let mock = too_many_requests(&mut server, &headers, 3).await;
    let clock = ManualClock::new();
    let error = error_for_txn_1(&server, &clock).await;
    mock.assert_async().await;
    assert_eq!(error.status(), Some(429));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(2)));
    assert_eq!(error.request_id(), Some("req_Rl1"));
    assert!(error.message().unwrap().starts_with("Rate limit exceeded"));
    assert!(error.is_retryable());
    assert_eq!(error.body().unwrap().as_bytes(), body);
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 2);
    assert!(
        sleeps.iter().all(|s| *s >= Duration::from_secs(2)),
        "{sleeps:?}"
    );
}

#[tokio::test]
async fn rate_limit_reset_is_used_when_retry_after_is_missing() {
    let mut server = mockito::Server::new_async().await;
    let _mock = too_many_requests(&mut server, &[("ratelimit-reset", "7")], 3).await;
    let clock = ManualClock::new();
    let error = error_for_txn_1(&server, &clock).await;
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
}

#[tokio::test]
async fn a_long_retry_after_returns_a_rate_limited_error_at_once() {
    let mut server = mockito::Server::new_async().await;
    let headers = [("request-id", "req_Rl2"), ("retry-after", "120")];
    let mock = too_many_requests(&mut server, &headers, 1).await;
    let clock = ManualClock::new();
    let error = error_for_txn_1(&server, &clock).await;
    mock.assert_async().await;
    assert!(matches!(error.kind(), ErrorKind::RateLimited { .. }));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(error.request_id(), Some("req_Rl2"));
    assert!(error.body().is_some());
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn an_html_502_is_retried_and_kept_whole() {
    let body = include_bytes!("../fixtures/error-502-html.json");
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", "/transactions/txn_1")
        .with_status(502)
        .with_header("content-type", "text/html")
        .with_body(body.as_slice())
        .expect(3)
        .create_async()
        .await;
    let clock = ManualClock::new();
    let error = error_for_txn_1(&server, &clock).await;
    mock.assert_async().await;
    assert_eq!(error.status(), Some(502));
    assert_eq!(error.message(), None);
    assert_eq!(error.to_string(), "persona: HTTP 502 (bad gateway)");
    assert_eq!(error.body().unwrap().as_bytes(), body);
    assert!(error.is_retryable());
    assert!(ErrorBody::from_error(&error).is_none());
    assert_eq!(clock.sleeps().len(), 2);
}

#[tokio::test]
async fn a_502_then_success_returns_the_transaction() {
    let mut server = mockito::Server::new_async().await;
    let failing = server
        .mock("GET", "/transactions/txn_ABC123")
        .with_status(502)
        .with_body("<html>bad gateway</html>")
        .expect(1)
        .create_async()
        .await;
    // mockito answers with the first mock still missing hits: 502 once, then 200.
    let ok = server
        .mock("GET", "/transactions/txn_ABC123")
        .with_body(include_bytes!("../fixtures/transaction-retrieve.json").as_slice())
        .expect(1)
        .create_async()
        .await;
    let clock = ManualClock::new();
    let response = client(&server, &clock)
        .transaction("txn_ABC123")
        .await
        .unwrap();
    failing.assert_async().await;
    ok.assert_async().await;
    assert_eq!(response.attempts(), 2);
    assert_eq!(response.value().raw_status(), "declined");
}

#[tokio::test]
async fn a_success_body_that_does_not_decode_keeps_body_and_path_but_not_values() {
    let body =
        br#"{"data":{"id":"txn_1","attributes":{"status":"approved","tags":["ok",987654321]}}}"#;
    let (server, _mock) = serve(200, body, 1).await;
    let error = error_for_txn_1(&server, &ManualClock::new()).await;
    assert!(matches!(error.kind(), ErrorKind::Decode(_)));
    assert_eq!(error.json_path(), Some("data.attributes.tags[1]"));
    assert_eq!(error.body().unwrap().as_bytes(), body);
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("987654321"), "{shown}");
}

/// A provider that quotes the credential it was sent back in its error message:
/// the message keeps its words, never the key (with or without the scheme).
#[tokio::test]
async fn an_error_message_quoting_the_api_key_has_it_redacted() {
    let body = br#"{"errors":[{"title":"Unauthorized: Bearer persona_test_key is not valid","details":"key persona_test_key revoked"}]}"#;
    let (server, mock) = serve(401, body, 1).await;
    let error = error_for_txn_1(&server, &ManualClock::new()).await;
    mock.assert_async().await;
    let said = error.provider_message().unwrap();
    assert!(!said.contains("persona_test_key"), "{said}");
    assert!(
        said.contains("Unauthorized") && said.contains("revoked"),
        "{said}"
    );
}
