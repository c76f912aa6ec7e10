//! iDIN through the provider-neutral `StatusSource` view.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::support;

use std::{sync::Arc, time::Duration};

use cm_idin::Client;
use mockito::Matcher;
use serde_json::json;
use support::{TOKEN, client, fixture};
use txstatus_core::{
    ManualClock, NormalizedStatus, PollOptions, StatusReport, StatusSource, poll_until_terminal,
};

fn status_for(transaction_id: &str) -> Matcher {
    Matcher::Json(json!({
        "merchant_token": TOKEN,
        "transaction_id": transaction_id,
        "merchant_reference": "merchant-ref-1",
    }))
}

/// The status report of `transaction_id` (`merchant_reference`) from a server
/// answering `body`.
async fn report_answered_with(
    body: Vec<u8>,
    transaction_id: &str,
    merchant_reference: &str,
) -> StatusReport {
    let mut server = mockito::Server::new_async().await;
    let _mock = support::status_answers_uncounted(&mut server, body).await;
    let (client, _) = client(&server.url());

    client
        .status_report(transaction_id, merchant_reference)
        .await
        .unwrap()
}

/// Polls transaction `3645651845961623` (reference `merchant-ref-1`) until it is
/// terminal, every 2 s on the client's manual clock.
async fn poll_every_two_seconds(client: &Client, clock: &ManualClock) -> StatusReport {
    let source = client.status_source("merchant-ref-1");
    let options = PollOptions {
        interval: Duration::from_secs(2),
        clock: Arc::new(clock.clone()),
        ..PollOptions::default()
    };
    poll_until_terminal(&source, "3645651845961623", &options, |_| {})
        .await
        .unwrap()
}

#[tokio::test]
async fn the_report_keeps_the_raw_body_and_the_typed_document() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("POST", "/status")
        .match_body(status_for("3645651845961623"))
        .with_status(200)
        .with_body(fixture("status-success"))
        .expect(1)
        .create_async()
        .await;
    let (client, _) = client(&server.url());
    let source: Box<dyn StatusSource> = Box::new(client.status_source("merchant-ref-1"));

    let report = source.status_report("3645651845961623").await.unwrap();

    mock.assert_async().await;
    assert_eq!(source.provider(), "cm-idin");
    assert_eq!(report.provider, "cm-idin");
    assert_eq!(report.id, "3645651845961623");
    assert_eq!(report.status.normalized(), NormalizedStatus::Succeeded);
    assert_eq!(report.status.raw(), "success");
    assert!(report.created_at.is_none() && report.updated_at.is_none());
    assert_eq!(report.notice, None);
    assert_eq!(report.raw.as_bytes(), fixture("status-success").as_slice());
    let document = report.document.to_json(false).unwrap();
    assert_eq!(document["bin"], "NLINGB3x4u89498qe4tqjvdaj0");
    assert_eq!(document["age"]["18y_or_older"], true);
    let redacted = report.document.to_json(true).unwrap();
    assert_eq!(redacted["bin"], "[redacted]");
}

#[tokio::test]
async fn the_report_carries_the_notice_of_a_late_success() {
    let report = report_answered_with(
        fixture("status-success-notice-2000"),
        "3645651845961623",
        "merchant-ref-1",
    )
    .await;

    assert_eq!(report.status.normalized(), NormalizedStatus::Succeeded);
    assert_eq!(
        report.notice.as_deref(),
        Some("The transaction was successful, but the data was not retrieved within 30 seconds.")
    );
}

#[tokio::test]
async fn an_unknown_status_is_reported_raw_and_not_terminal() {
    let report =
        report_answered_with(fixture("status-unknown-status"), "3645651845961627", "ref").await;

    assert_eq!(report.status.normalized(), NormalizedStatus::Unknown);
    assert_eq!(report.status.raw(), "pending_at_issuer");
    assert!(!report.status.is_terminal());
}

#[tokio::test]
async fn polling_until_terminal_returns_the_success_with_its_identity() {
    let mut server = mockito::Server::new_async().await;
    let open = support::status_answers(&mut server, fixture("status-open"), 2).await;
    let success = support::status_answers(&mut server, fixture("status-success"), 1).await;
    let (client, clock) = client(&server.url());

    let report = poll_every_two_seconds(&client, &clock).await;

    open.assert_async().await;
    success.assert_async().await;
    assert_eq!(report.status.normalized(), NormalizedStatus::Succeeded);
    assert_eq!(report.raw.as_bytes(), fixture("status-success").as_slice());
}

/// Polls `open`, then `answer`, then a late notice-2000 success: the poller
/// must stop at `answer` and keep its body.
async fn poll_stops_at(answer: &str) {
    let mut server = mockito::Server::new_async().await;
    let open = support::status_answers(&mut server, fixture("status-open"), 1).await;
    let identity = support::status_answers(&mut server, fixture(answer), 1).await;
    let later =
        support::status_answers(&mut server, fixture("status-success-notice-2000"), 0).await;
    let (client, clock) = client(&server.url());

    let report = poll_every_two_seconds(&client, &clock).await;

    open.assert_async().await;
    identity.assert_async().await;
    later.assert_async().await;
    assert!(report.should_stop(), "{answer}");
    assert_eq!(report.raw.as_bytes(), fixture(answer).as_slice());
}

#[tokio::test]
async fn polling_stops_at_an_unknown_status_that_carries_an_identity() {
    poll_stops_at("status-unknown-status-with-identity").await;
}

#[tokio::test]
async fn polling_stops_at_an_open_answer_that_carries_an_identity() {
    poll_stops_at("status-open-with-identity").await;
}

#[tokio::test]
async fn an_answer_without_personal_data_does_not_ask_to_stop() {
    let report =
        report_answered_with(fixture("status-unknown-status"), "3645651845961627", "ref").await;

    assert!(!report.should_stop());
}
