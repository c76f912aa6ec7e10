//! Error mapping and the retry rules for reads.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::support;

use std::time::Duration;

use support::{DETAILS, client};
use txstatus_core::ErrorKind;

const ID: &str = "2c2f04a5-44e4-4a83-aa53-1a9fa90c2394";
const PATH: &str = "/idscan/v1/transactions/2c2f04a5-44e4-4a83-aa53-1a9fa90c2394";
const UNAUTHORIZED: &[u8] = include_bytes!("../fixtures/error-401-unauthorized.json");
const NOT_FOUND: &[u8] = include_bytes!("../fixtures/error-404-not-found.json");
const BAD_GATEWAY: &[u8] = include_bytes!("../fixtures/error-502-bad-gateway-html.json");

#[tokio::test]
async fn a_401_is_returned_at_once_with_cms_message_and_body() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", PATH)
        .with_status(401)
        .with_header("content-type", "application/json")
        .with_body(UNAUTHORIZED)
        .expect(1)
        .create_async()
        .await;
    let (client, _clock) = client(&server);
    let error = client.transaction(ID).await.unwrap_err();
    mock.assert_async().await;
    assert_eq!(error.status(), Some(401));
    assert_eq!(error.message(), Some("Invalid JWT Token"));
    assert_eq!(error.body().unwrap().as_bytes(), UNAUTHORIZED);
    assert!(!error.is_retryable());
    // The provider's text may quote personal data: Display leaves it out.
    assert_eq!(
        error.to_string(),
        "cm-idscan: HTTP 401 (unauthorized), code 401; the provider's message is withheld: it may hold personal data"
    );
}

#[tokio::test]
async fn a_404_is_not_retried() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", PATH)
        .with_status(404)
        .with_body(NOT_FOUND)
        .expect(1)
        .create_async()
        .await;
    let (client, clock) = client(&server);
    let error = client.transaction(ID).await.unwrap_err();
    mock.assert_async().await;
    assert_eq!(error.status(), Some(404));
    assert_eq!(error.message(), Some("Transaction not found"));
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn an_html_502_is_retried_three_times_and_kept_whole() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", PATH)
        .with_status(502)
        .with_header("content-type", "text/html")
        .with_body(BAD_GATEWAY)
        .expect(3)
        .create_async()
        .await;
    let (client, clock) = client(&server);
    let error = client.transaction(ID).await.unwrap_err();
    mock.assert_async().await;
    assert_eq!(error.status(), Some(502));
    assert_eq!(error.message(), None);
    assert_eq!(error.body().unwrap().as_bytes(), BAD_GATEWAY);
    assert!(error.is_retryable());
    assert_eq!(clock.sleeps().len(), 2);
}

#[tokio::test]
async fn a_transient_failure_then_success_returns_the_success() {
    let mut server = mockito::Server::new_async().await;
    let failing = server
        .mock("GET", PATH)
        .with_status(500)
        .expect(2)
        .create_async()
        .await;
    let ok = server
        .mock("GET", PATH)
        .with_body(DETAILS)
        .expect(1)
        .create_async()
        .await;
    let (client, _clock) = client(&server);
    let response = client.transaction(ID).await.unwrap();
    failing.assert_async().await;
    ok.assert_async().await;
    assert_eq!(response.attempts(), 3);
}

#[tokio::test]
async fn a_long_retry_after_is_a_rate_limited_error_without_waiting() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", PATH)
        .with_status(429)
        .with_header("retry-after", "120")
        .expect(1)
        .create_async()
        .await;
    let (client, clock) = client(&server);
    let error = client.transaction(ID).await.unwrap_err();
    mock.assert_async().await;
    assert!(matches!(error.kind(), ErrorKind::RateLimited { .. }));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(120)));
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn a_success_that_does_not_decode_keeps_the_body_and_path() {
    let mut server = mockito::Server::new_async().await;
    let body: &[u8] =
        br#"{"id":"x","state":"pending","tasks":[{"type":"face_match","attempts":"many"}]}"#;
    let mock = server
        .mock("GET", PATH)
        .with_body(body)
        .expect(1)
        .create_async()
        .await;
    let (client, _clock) = client(&server);
    let error = client.transaction(ID).await.unwrap_err();
    mock.assert_async().await;
    assert!(matches!(error.kind(), ErrorKind::Decode(_)));
    assert_eq!(error.json_path(), Some("tasks[0].attempts"));
    assert_eq!(error.body().unwrap().as_bytes(), body);
}

#[tokio::test]
async fn an_html_200_is_a_decode_error() {
    let mut server = mockito::Server::new_async().await;
    let _mock = server
        .mock("GET", PATH)
        .with_body(BAD_GATEWAY)
        .create_async()
        .await;
    let (client, _clock) = client(&server);
    let error = client.transaction(ID).await.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Decode(_)));
    assert_eq!(error.status(), Some(200));
}
