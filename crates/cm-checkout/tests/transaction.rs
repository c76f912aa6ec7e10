//! Reading a transaction: request shape, error mapping, status report, webhooks.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use crate::support;

use cm_checkout::{
    Client, ClientOptions, DEFAULT_BASE_URL, PROVIDER, TransactionStatus, WebhookNotification,
};
use support::*;
use txstatus_core::{ManualClock, NormalizedStatus, StatusSource};

#[test]
fn clients_are_send_sync_and_clone() {
    fn assert_traits<T: Send + Sync + Clone + std::fmt::Debug>() {}
    assert_traits::<Client>();
    assert_traits::<cm_checkout::ClientBuilder>();
}

#[test]
fn the_base_url_defaults_to_cm_production() {
    let client = Client::builder(CLIENT_ID, SECRET).build().unwrap();
    assert_eq!(client.base_url().as_str(), DEFAULT_BASE_URL);
}

#[test]
fn empty_credentials_and_plain_http_hosts_are_refused() {
    assert!(
        Client::builder("", SECRET)
            .build()
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        Client::builder(CLIENT_ID, " ")
            .build()
            .unwrap_err()
            .is_invalid_input()
    );
    let error = Client::builder(CLIENT_ID, SECRET)
        .base_url("http://api.pay.cm.com/api/v1")
        .build()
        .unwrap_err();
    assert!(error.is_invalid_input());
}

#[tokio::test]
async fn the_transaction_request_carries_the_bearer_token_and_decodes() {
    let mut server = mockito::Server::new_async().await;
    let _token = token_once(&mut server, "tok-1", 3600).await;
    let transaction = transaction_with(&mut server, "tok-1")
        .with_header("x-request-id", "req-42")
        .expect(1)
        .create_async()
        .await;

    let client = client(&server, &ManualClock::new());
    let response = client.transaction(ID).await.unwrap();

    transaction.assert_async().await;
    assert_eq!(response.request_id(), Some("req-42"));
    let value = response.value();
    assert_eq!(value.status, Some(TransactionStatus::Open));
    assert_eq!(value.money().unwrap().minor_units(), 1200);
    assert_eq!(value.money().unwrap().currency().as_str(), "EUR");
    assert!(value.redirect_url().unwrap().contains("hostedCheckoutId"));
    assert_eq!(response.raw().as_bytes(), documented());
}

#[tokio::test]
async fn ids_are_validated_before_any_request_and_sent_as_one_segment() {
    let mut server = mockito::Server::new_async().await;
    let token = token_once(&mut server, "tok-1", 3600).await;
    let encoded = server
        .mock(
            "GET",
            "/api/v1/paymentmethods/checkout/v1/transactions/a%2Fb%3Fc",
        )
        .with_status(200)
        .with_body(r#"{"id":"a/b?c","status":"OPEN"}"#)
        .expect(1)
        .create_async()
        .await;

    let client = client(&server, &ManualClock::new());
    for bad in ["", ".", "..", "a\nb"] {
        assert!(
            client
                .transaction(bad)
                .await
                .unwrap_err()
                .is_invalid_input()
        );
    }
    client.transaction("a/b?c").await.unwrap();

    token.assert_async().await;
    encoded.assert_async().await;
}

#[tokio::test]
async fn a_404_is_an_http_error_with_message_and_body_and_is_not_retried() {
    let mut server = mockito::Server::new_async().await;
    let _token = token_once(&mut server, "tok-1", 3600).await;
    let body = include_bytes!("../fixtures/error-404-not-found.json");
    let missing = transaction_with(&mut server, "tok-1")
        .with_status(404)
        .with_body(body)
        .expect(1)
        .create_async()
        .await;

    let client = client(&server, &ManualClock::new());
    let error = client.transaction(ID).await.unwrap_err();

    missing.assert_async().await;
    assert_eq!(error.provider(), PROVIDER);
    assert_eq!(error.status(), Some(404));
    assert_eq!(error.message(), Some("Transaction not found"));
    assert_eq!(error.body().unwrap().as_bytes(), body);
    assert!(!error.is_retryable());
    // The provider's text may quote personal data: Display leaves it out.
    assert_eq!(
        error.to_string(),
        "cm-checkout: HTTP 404 (not found); the provider's message is withheld: it may hold personal data"
    );
}

#[tokio::test]
async fn a_400_is_returned_at_once() {
    let mut server = mockito::Server::new_async().await;
    let _token = token_once(&mut server, "tok-1", 3600).await;
    let bad = transaction_with(&mut server, "tok-1")
        .with_status(400)
        .with_body(include_bytes!("../fixtures/error-400-bad-request.json"))
        .expect(1)
        .create_async()
        .await;

    let client = client(&server, &ManualClock::new());
    let error = client.transaction(ID).await.unwrap_err();

    bad.assert_async().await;
    assert_eq!(error.status(), Some(400));
    assert_eq!(error.message(), Some("The request is invalid."));
}

#[tokio::test]
async fn an_html_502_is_retried_three_times_and_keeps_its_body() {
    let mut server = mockito::Server::new_async().await;
    let token = token_once(&mut server, "tok-1", 3600).await;
    let body = include_bytes!("../fixtures/error-502-html.json");
    let gateway = transaction_with(&mut server, "tok-1")
        .with_status(502)
        .with_header("content-type", "text/html")
        .with_body(body)
        .expect(3)
        .create_async()
        .await;

    let clock = ManualClock::new();
    let client = client(&server, &clock);
    let error = client.transaction(ID).await.unwrap_err();

    token.assert_async().await;
    gateway.assert_async().await;
    assert_eq!(error.status(), Some(502));
    assert_eq!(error.message(), None);
    assert!(error.is_retryable());
    assert_eq!(error.body().unwrap().as_bytes(), body);
    assert_eq!(clock.sleeps().len(), 2);
}

#[tokio::test]
async fn a_refused_token_request_fails_the_call_without_sending_it() {
    let mut server = mockito::Server::new_async().await;
    let token = server
        .mock("POST", TOKEN_PATH)
        .with_status(401)
        .with_body(include_bytes!(
            "../fixtures/error-401-token-invalid-client.json"
        ))
        .expect(1)
        .create_async()
        .await;
    let transaction = server.mock("GET", TX_PATH).expect(0).create_async().await;

    let client = client(&server, &ManualClock::new());
    let error = client.transaction(ID).await.unwrap_err();

    token.assert_async().await;
    transaction.assert_async().await;
    assert_eq!(error.status(), Some(401));
    assert_eq!(error.message(), Some("Client authentication failed"));
}

#[tokio::test]
async fn a_failing_token_endpoint_is_retried_like_a_read() {
    let mut server = mockito::Server::new_async().await;
    let token = support::answers(&mut server, "POST", TOKEN_PATH, 503, "", 3).await;
    let transaction = server.mock("GET", TX_PATH).expect(0).create_async().await;

    let client = client(&server, &ManualClock::new());
    let error = client.transaction(ID).await.unwrap_err();

    token.assert_async().await;
    transaction.assert_async().await;
    assert_eq!(error.status(), Some(503));
}

#[tokio::test]
async fn an_undecodable_token_answer_is_a_decode_error() {
    let mut server = mockito::Server::new_async().await;
    let _token = server
        .mock("POST", TOKEN_PATH)
        .with_status(200)
        .with_body("<html>login</html>")
        .create_async()
        .await;
    let client = client(&server, &ManualClock::new());

    let error = client.transaction(ID).await.unwrap_err();

    assert_eq!(error.status(), Some(200));
    assert!(error.json_path().is_some());
    assert!(
        error.to_string().contains("not a token response"),
        "{error}"
    );
}

#[tokio::test]
async fn status_report_normalizes_and_takes_created_at() {
    let mut server = mockito::Server::new_async().await;
    let _token = token_once(&mut server, "tok-1", 3600).await;
    let _transaction = transaction_with(&mut server, "tok-1").create_async().await;
    let client = client(&server, &ManualClock::new());
    let source: Box<dyn StatusSource> = Box::new(client);

    let report = source.status_report(ID).await.unwrap();

    assert_eq!(source.provider(), "cm-checkout");
    assert_eq!(report.provider, "cm-checkout");
    assert_eq!(report.id, ID);
    assert_eq!(report.status.normalized(), NormalizedStatus::Pending);
    assert_eq!(report.status.raw(), "OPEN");
    assert_eq!(
        report.created_at.as_ref().map(|t| t.as_str()),
        Some("2006-01-02T15:04:05Z")
    );
    assert!(report.updated_at.is_none());
    assert_eq!(report.raw.as_bytes(), documented());
    let redacted = report.document.to_json(true).unwrap();
    assert_eq!(redacted["consumer"]["givenName"], "[redacted]");
    assert_eq!(redacted["status"], "OPEN");
    let full = report.document.to_json(false).unwrap();
    assert_eq!(full["consumer"]["givenName"], "John");
    assert_eq!(full["consumer"]["address"]["houseNumber"], "25");
}

#[tokio::test]
async fn a_webhook_is_answered_by_fetching_the_transaction_it_names() {
    let mut server = mockito::Server::new_async().await;
    let _token = token_once(&mut server, "tok-1", 3600).await;
    let transaction = transactions_with(&mut server, "tok-1", 1).await;
    let client = client(&server, &ManualClock::new());

    let notification = WebhookNotification::from_slice(finalstatus_webhook()).unwrap();
    let response = client
        .fetch_notified_transaction(&notification)
        .await
        .unwrap();

    transaction.assert_async().await;
    assert_eq!(response.value().id.as_deref(), Some(ID));
    assert_eq!(response.value().status, Some(TransactionStatus::Open));
}

#[tokio::test]
async fn a_webhook_without_transaction_sends_nothing() {
    let mut server = mockito::Server::new_async().await;
    let token = server
        .mock("POST", TOKEN_PATH)
        .expect(0)
        .create_async()
        .await;
    let client = client(&server, &ManualClock::new());

    let notification = WebhookNotification::from_slice(br#"{"event":"FINALSTATUS"}"#).unwrap();
    let error = client
        .fetch_notified_transaction(&notification)
        .await
        .unwrap_err();

    assert!(error.is_invalid_input());
    token.assert_async().await;
}
