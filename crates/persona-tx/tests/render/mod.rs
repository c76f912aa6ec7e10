//! Decodes a fixture the way the client would and renders it for a snapshot.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use persona_tx::{
    Client, ClientOptions, PROVIDER, Rejection, Transaction, WebhookEvent,
    model::{ErrorBody, EventDocument, EventList, TransactionList},
};
use serde::{Serialize, de::DeserializeOwned};
use txstatus_core::provider::{RawResponse, header::HeaderMap};
use txstatus_core::{RawBody, RetryPolicy};

/// Renders the decoded fixture: the redacted JSON the model serializes to (or a
/// summary of the error the client returns); `Debug` is covered by the redaction
/// tests, not by snapshots.
///
/// - `error-<status>-*`: served by a local server with that status and decoded
///   by the client (one attempt); the `txstatus_core::Error` and the `ErrorBody`.
/// - `webhook-*`: a `WebhookEvent`.
/// - `transaction-list`: a `TransactionList`.
/// - `event-list`: an `EventList`; other `event-*`: an `EventDocument`.
/// - anything else: a `Transaction`, as `Client::transaction` decodes it.
pub fn snapshot(case: &str, bytes: &[u8]) -> String {
    if let Some(rest) = case.strip_prefix("error-") {
        return error_snapshot(rest, bytes);
    }
    if case.starts_with("webhook-") {
        return render(WebhookEvent::from_slice(bytes));
    }
    if case == "event-list" {
        return render(decode::<EventList>(bytes));
    }
    if case.starts_with("event-") {
        return render(decode::<EventDocument>(bytes));
    }
    if case == "transaction-list" {
        return render(decode::<TransactionList>(bytes));
    }
    render(decode::<Transaction>(bytes))
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> txstatus_core::Result<T> {
    RawResponse::new(
        PROVIDER,
        200,
        HeaderMap::new(),
        RawBody::new(bytes.to_vec()),
    )
    .decode_json::<T>()
    .map(txstatus_core::Response::into_value)
}

fn render<T: Serialize>(result: txstatus_core::Result<T>) -> String {
    match result {
        Ok(value) => {
            let redacted = txstatus_core::to_redacted_json(&value).unwrap();
            format!(
                "---- redacted JSON ----\n{}\n",
                serde_json::to_string_pretty(&redacted).unwrap()
            )
        }
        Err(error) => format!("decode error: {error}\n"),
    }
}

fn error_snapshot(rest: &str, bytes: &[u8]) -> String {
    let status: usize = rest.split('-').next().unwrap().parse().unwrap();
    let html = bytes.first() == Some(&b'<');
    let mut server = mockito::Server::new();
    let mut mock = server
        .mock("GET", "/transactions/txn_fixture")
        .with_status(status)
        .with_header(
            "content-type",
            if html {
                "text/html"
            } else {
                "application/json"
            },
        )
        .with_header("request-id", "req_fixture")
        .with_body(bytes);
    if status == 429 {
        mock = mock
            .with_header("ratelimit-limit", "300")
            .with_header("ratelimit-remaining", "0")
            .with_header("ratelimit-reset", "30")
            .with_header("retry-after", "30");
    }
    let _mock = mock.create();
    let client = Client::builder("persona_fixture_key")
        .base_url(server.url())
        .configure_transport(|t| t.no_proxy().retry_policy(RetryPolicy::none()))
        .build()
        .unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let error = runtime
        .block_on(client.transaction("txn_fixture"))
        .expect_err("an error status must be an error");
    // The body's errors as `title: details`; codes and pointers are in the rejection.
    let body: Vec<String> = ErrorBody::from_error(&error)
        .map(|body| body.errors)
        .unwrap_or_default()
        .into_iter()
        .map(|e| format!("{:?}: {:?}", e.title, e.details))
        .collect();
    let rejection = Rejection::from_error(&error).map(|rejection| {
        (
            rejection.kind,
            rejection.pointers().map(str::to_owned).collect::<Vec<_>>(),
            rejection.codes().map(str::to_owned).collect::<Vec<_>>(),
        )
    });
    format!(
        "display: {error}\nstatus: {:?}\nmessage: {:?}\nrequest_id: {:?}\nretry_after: {:?}\nretryable: {}\nbody kept: {} of {} bytes\n\n---- ErrorBody ----\n{}\n\n---- Rejection (kind, pointers, codes) ----\n{rejection:?}\n",
        error.status(),
        error.message(),
        error.request_id(),
        error.retry_after(),
        error.is_retryable(),
        error.body().map_or(0, RawBody::len),
        bytes.len(),
        body.join("\n"),
    )
}
