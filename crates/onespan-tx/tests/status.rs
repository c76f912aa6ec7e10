//! Normalized status and the provider-neutral report.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::sync::Arc;

use mockito::Matcher;
use onespan_tx::{Client, ClientOptions, Transaction, TransactionStatus, normalize};
use txstatus_core::{ManualClock, NormalizedStatus, StatusSource};

const ID: &str = "84f29725-7b57-4baa-a290-3be937f95ce6";
const PATH: &str = "/api/transaction/84f29725-7b57-4baa-a290-3be937f95ce6";
const WITH: &[u8] = include_bytes!("../fixtures/transaction-status-with-verifications.json");

#[test]
fn both_published_status_lists_are_mapped() {
    use NormalizedStatus::*;
    for (raw, expected) in [
        ("new", Pending),
        ("workflow_in_progress", Pending),
        ("workflow_completed", Pending),
        ("post_processing", Pending),
        ("completed", Succeeded),
        ("autosigned", Succeeded),
        ("vaulted", Succeeded),
        ("error", Failed),
        ("cancelled", Cancelled),
        ("expired", Expired),
        ("archived", Unknown),
        ("COMPLETED", Unknown),
        ("", Unknown),
    ] {
        assert_eq!(normalize(raw), expected, "{raw}");
        let status = TransactionStatus::from_provider(raw);
        assert_eq!(status.as_str(), raw);
        assert_eq!(status.normalized(), expected);
    }
    assert!(!normalize("archived").is_terminal());
}

#[test]
fn a_missing_status_is_unknown_with_an_empty_raw_value() {
    let transaction: Transaction = serde_json::from_str(r#"{"id":"x"}"#).unwrap();
    assert_eq!(
        transaction.tx_status().normalized(),
        NormalizedStatus::Unknown
    );
    assert_eq!(transaction.tx_status().raw(), "");
}

fn client(base: String, with_verifications: bool) -> Client {
    Client::builder("jwt-for-status-tests")
        .base_url(base)
        .status_with_verifications(with_verifications)
        .configure_transport(|t| t.clock(Arc::new(ManualClock::new())))
        .build()
        .unwrap()
}

#[tokio::test]
async fn status_report_uses_created_and_completed_and_keeps_the_document() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", PATH)
        .match_query(Matcher::Missing)
        .with_body(WITH)
        .expect(1)
        .create_async()
        .await;
    let client = client(server.url(), false);
    let source: Box<dyn StatusSource> = Box::new(client);
    assert_eq!(source.provider(), "onespan");
    let report = source.status_report(ID).await.unwrap();
    mock.assert_async().await;
    assert_eq!(report.provider, "onespan");
    assert_eq!(report.id, ID);
    assert_eq!(report.status.normalized(), NormalizedStatus::Succeeded);
    assert_eq!(report.status.raw(), "completed");
    assert!(report.status.is_terminal());
    assert_eq!(
        report.created_at.unwrap().as_str(),
        "2022-07-07T18:05:11.204Z"
    );
    assert_eq!(
        report.updated_at.unwrap().as_str(),
        "2022-07-07T18:13:02.950Z"
    );
    assert_eq!(report.raw.as_bytes(), WITH);
    assert_eq!(report.notice, None);
    let document = report.document.to_json(false).unwrap();
    assert_eq!(document["urlSetKey"], "default");
    assert_eq!(document["verifications"][0]["timestamp"], 1657216749097u64);
    let redacted = report.document.to_json(true).unwrap();
    assert_eq!(redacted["users"][0]["first_name"], "[redacted]");
    assert_eq!(redacted["tokens"][0]["token"], "[redacted]");
}

#[tokio::test]
async fn status_report_asks_for_verifications_when_the_builder_says_so() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", PATH)
        .match_query(Matcher::UrlEncoded(
            "withVerifications".into(),
            "true".into(),
        ))
        .with_body(WITH)
        .expect(1)
        .create_async()
        .await;
    let client = client(server.url(), true);
    assert!(client.status_with_verifications());
    let report = client.status_report(ID).await.unwrap();
    mock.assert_async().await;
    assert_eq!(report.status.raw(), "completed");
}

#[tokio::test]
async fn status_report_of_a_pending_transaction_has_no_updated_at() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", PATH)
        .with_body(r#"{"id":"84f29725-7b57-4baa-a290-3be937f95ce6","status":"workflow_in_progress","created":"2024-01-01T00:00:00Z","completed":null}"#)
        .expect(1)
        .create_async()
        .await;
    let report = client(server.url(), false).status_report(ID).await.unwrap();
    mock.assert_async().await;
    assert_eq!(report.status.normalized(), NormalizedStatus::Pending);
    assert!(!report.status.is_terminal());
    assert!(report.created_at.unwrap().parsed().is_some());
    assert!(report.updated_at.is_none());
}

#[tokio::test]
async fn status_report_errors_are_the_client_errors() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", PATH)
        .with_status(404)
        .with_body(r#"{"message":"Transaction not found."}"#)
        .expect(1)
        .create_async()
        .await;
    let error = client(server.url(), false)
        .status_report(ID)
        .await
        .unwrap_err();
    mock.assert_async().await;
    assert_eq!(error.status(), Some(404));
    assert_eq!(error.message(), Some("Transaction not found."));
}
