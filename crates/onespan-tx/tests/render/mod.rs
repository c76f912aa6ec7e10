//! Renders a fixture the way the client sees it, for the generated snapshot tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod cases;

use std::{fmt::Write as _, sync::Arc};

use onespan_tx::{Client, ClientOptions, PROVIDER, Transaction};
use txstatus_core::{ManualClock, RawBody, RetryPolicy};

/// `error-<status>-...` cases are served with that HTTP status to a real client
/// and rendered as the error it returns; every other case is a 200 body decoded
/// into [`Transaction`]; the prefixes `verification-`, `report-`, `images-`,
/// `notification-` and `erasure-` decode into their own types (`cases.rs`).
pub fn snapshot(case: &str, bytes: &[u8]) -> String {
    if let Some(rendered) = cases::render(case, bytes) {
        return rendered;
    }
    match error_status(case) {
        Some(status) => render_error(status, bytes),
        None => render_transaction(bytes),
    }
}

fn error_status(case: &str) -> Option<u16> {
    let rest = case.strip_prefix("error-")?;
    rest.get(..3)?.parse().ok()
}

fn render_transaction(bytes: &[u8]) -> String {
    let transaction: Transaction =
        txstatus_core::provider::decode_json_bytes(PROVIDER, 200, &RawBody::new(bytes.to_vec()))
            .unwrap_or_else(|e| panic!("fixture does not decode: {e}"));
    let mut out = String::new();
    let status = transaction.tx_status();
    writeln!(out, "status: {status} terminal={}", status.is_terminal()).unwrap();
    writeln!(out, "created: {:?}", transaction.created).unwrap();
    writeln!(out, "completed: {:?}", transaction.completed).unwrap();
    let redacted = txstatus_core::to_redacted_json(&transaction).unwrap();
    writeln!(
        out,
        "\n--- redacted json\n{}",
        serde_json::to_string_pretty(&redacted).unwrap()
    )
    .unwrap();
    out
}

fn render_error(status: u16, bytes: &[u8]) -> String {
    let mut server = mockito::Server::new();
    let content_type = if bytes.trim_ascii_start().starts_with(b"<") {
        "text/html"
    } else {
        "application/json"
    };
    let mock = server
        .mock(
            "GET",
            "/api/transaction/dcaad720-d1e9-47ba-a76b-a6370ef0373b",
        )
        .with_status(usize::from(status))
        .with_header("content-type", content_type)
        .with_header("x-request-id", "req-fixture-1")
        .with_body(bytes)
        .expect(1)
        .create();
    let client = Client::builder("fixture-jwt-for-snapshots")
        .base_url(server.url())
        .configure_transport(|t| {
            t.clock(Arc::new(ManualClock::new()))
                .retry_policy(RetryPolicy::none())
        })
        .build()
        .unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let error = runtime
        .block_on(client.transaction("dcaad720-d1e9-47ba-a76b-a6370ef0373b"))
        .expect_err("an error status must be an error");
    mock.assert();
    let body = error.body().expect("the body is kept");
    assert_eq!(body.as_bytes(), bytes, "the body is kept whole");
    let mut out = String::new();
    writeln!(out, "display: {error}").unwrap();
    writeln!(out, "status: {:?}", error.status()).unwrap();
    writeln!(out, "message: {:?}", error.message()).unwrap();
    writeln!(out, "request_id: {:?}", error.request_id()).unwrap();
    writeln!(out, "retryable: {}", error.is_retryable()).unwrap();
    writeln!(out, "may_have_been_sent: {}", error.may_have_been_sent()).unwrap();
    writeln!(out, "body: {} bytes, kept whole", body.len()).unwrap();
    out
}
