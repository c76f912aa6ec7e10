//! Error statuses map to txstatus-core errors with the body kept; retries follow txstatus-core's rules.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::sync::Arc;

use onespan_tx::{Client, ClientOptions};
use txstatus_core::{ErrorKind, ManualClock};

const ID: &str = "dcaad720-d1e9-47ba-a76b-a6370ef0373b";
const PATH: &str = "/api/transaction/dcaad720-d1e9-47ba-a76b-a6370ef0373b";
const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.error-test.c2lnbmF0dXJl";

fn client(base: String, clock: &ManualClock) -> Client {
    let clock = clock.clone();
    Client::builder(JWT)
        .base_url(base)
        .configure_transport(|t| t.clock(Arc::new(clock)))
        .build()
        .unwrap()
}

async fn error_for(status: usize, body: &str, expected_attempts: usize) -> txstatus_core::Error {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", PATH)
        .with_status(status)
        .with_header("content-type", "application/json")
        .with_body(body)
        .expect(expected_attempts)
        .create_async()
        .await;
    let clock = ManualClock::new();
    let error = client(server.url(), &clock)
        .transaction(ID)
        .await
        .unwrap_err();
    mock.assert_async().await;
    assert_eq!(clock.sleeps().len(), expected_attempts - 1);
    error
}

#[tokio::test]
async fn client_errors_map_to_http_errors_with_message_and_body_and_are_not_retried() {
    for (status, body, message) in [
        (
            400,
            r#"{"status":400,"error":"Bad Request","message":"The transaction data is invalid."}"#,
            "The transaction data is invalid.",
        ),
        (
            401,
            r#"{"error":"invalid_token","error_description":"Invalid token."}"#,
            "Invalid token.",
        ),
        (
            403,
            r#"{"message":"The token does not grant access."}"#,
            "The token does not grant access.",
        ),
        (
            404,
            r#"{"message":"Transaction not found."}"#,
            "Transaction not found.",
        ),
    ] {
        let error = error_for(status, body, 1).await;
        assert!(
            matches!(error.kind(), ErrorKind::Http(_)),
            "{status}: {error:?}"
        );
        assert_eq!(error.status(), Some(status as u16));
        assert_eq!(error.message(), Some(message));
        assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
        assert!(!error.is_retryable());
        assert_eq!(error.provider(), "onespan");
        assert!(error.to_string().contains(&format!("HTTP {status}")));
        assert!(!format!("{error:?}").contains(JWT));
    }
}

#[tokio::test]
async fn server_errors_are_retried_three_times_then_kept_with_body() {
    for status in [500, 502, 503, 504] {
        let body = "<html><body><h1>Bad Gateway</h1></body></html>";
        let error = error_for(status, body, 3).await;
        assert_eq!(error.status(), Some(status as u16));
        assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
        assert_eq!(error.message(), None);
        assert!(error.is_retryable());
    }
}

#[tokio::test]
async fn a_server_error_then_success_returns_the_success_after_two_attempts() {
    let mut server = mockito::Server::new_async().await;
    let failing = server
        .mock("GET", PATH)
        .with_status(503)
        .with_body("busy")
        .expect(1)
        .create_async()
        .await;
    let ok = server
        .mock("GET", PATH)
        .with_body(r#"{"id":"dcaad720-d1e9-47ba-a76b-a6370ef0373b","status":"completed"}"#)
        .expect(1)
        .create_async()
        .await;
    let clock = ManualClock::new();
    let response = client(server.url(), &clock).transaction(ID).await.unwrap();
    failing.assert_async().await;
    ok.assert_async().await;
    assert_eq!(response.attempts(), 2);
    assert_eq!(clock.sleeps().len(), 1);
    assert_eq!(response.value().raw_status(), "completed");
}

#[tokio::test]
async fn a_success_body_that_is_not_json_is_a_decode_error_with_the_body_kept() {
    let mut server = mockito::Server::new_async().await;
    let body = "<html>maintenance</html>";
    let mock = server
        .mock("GET", PATH)
        .with_body(body)
        .expect(1)
        .create_async()
        .await;
    let error = client(server.url(), &ManualClock::new())
        .transaction(ID)
        .await
        .unwrap_err();
    mock.assert_async().await;
    assert!(matches!(error.kind(), ErrorKind::Decode(_)), "{error:?}");
    assert_eq!(error.status(), Some(200));
    assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
}

#[tokio::test]
async fn a_wrongly_typed_field_is_a_decode_error_naming_the_path_without_the_value() {
    let mut server = mockito::Server::new_async().await;
    let body = r#"{"id":"x","users":[{"first_name":"Secretia","address":"Secret Street 1"}]}"#;
    let mock = server
        .mock("GET", PATH)
        .with_body(body)
        .expect(1)
        .create_async()
        .await;
    let error = client(server.url(), &ManualClock::new())
        .transaction(ID)
        .await
        .unwrap_err();
    mock.assert_async().await;
    assert!(matches!(error.kind(), ErrorKind::Decode(_)), "{error:?}");
    assert_eq!(error.json_path(), Some("users[0].address"));
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("Secret"), "{shown}");
}
