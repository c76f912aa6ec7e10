//! Renders one fixture the way the client sees it, for the generated snapshot tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::fmt::Write as _;

use cm_idscan::{Client, ClientOptions, PROVIDER, SecretString, Transaction, TransactionResult};
use txstatus_core::{RawBody, RetryPolicy, provider::decode_json_bytes, to_redacted_json};

/// Decodes `bytes` as the client would for `case` and renders the result.
///
/// - `transaction-result*`: a [`TransactionResult`], with the value picked per field;
/// - `transaction-details*`: a [`Transaction`];
/// - `error-<status>-*`: served with that status by a local mock server and read
///   through the client, so the rendering is the `txstatus_core::Error` callers get.
pub fn snapshot(case: &str, bytes: &[u8]) -> String {
    let body = RawBody::new(bytes.to_vec());
    if case.starts_with("transaction-result") {
        let value: TransactionResult = decode_json_bytes(PROVIDER, 200, &body).unwrap();
        let mut out = render(&value.tx_status().to_string(), &value);
        out.push_str("\n--- picked\n");
        for task in &value.tasks {
            for picked in task.picked() {
                writeln!(
                    out,
                    "{}: {} <- {} (locale: {}, validity: {})",
                    task.kind,
                    picked.field(),
                    picked.value.source.as_ref().map_or("none", |s| s.as_str()),
                    picked.entry.locale.as_deref().unwrap_or("none"),
                    picked
                        .entry
                        .validity
                        .as_ref()
                        .map_or("none", |v| v.as_str()),
                )
                .unwrap();
            }
        }
        out
    } else if case.starts_with("transaction-details") {
        let value: Transaction = decode_json_bytes(PROVIDER, 200, &body).unwrap();
        render(&value.tx_status().to_string(), &value)
    } else if case.starts_with("create-") {
        let value: cm_idscan::CreatedTransaction = decode_json_bytes(PROVIDER, 200, &body).unwrap();
        render(&value.tx_status().to_string(), &value)
    } else if case.starts_with("webhook-subscription") {
        let value: cm_idscan::WebhookSubscription =
            decode_json_bytes(PROVIDER, 200, &body).unwrap();
        let out = render("n/a", &value);
        assert!(
            !out.contains("fixture-hook-secret"),
            "the hook secret leaked"
        );
        out
    } else if case.starts_with("webhook-delivery") {
        let value = cm_idscan::parse_delivery(bytes).unwrap();
        render(&format!("result id: {:?}", value.result_id()), &value)
    } else if let Some(rest) = case.strip_prefix("error-") {
        let status: usize = rest.split('-').next().unwrap().parse().unwrap();
        render_error(status, bytes)
    } else {
        panic!("no decoder for fixture case {case}");
    }
}

fn render<T: serde::Serialize>(status: &str, value: &T) -> String {
    let redacted = serde_json::to_string_pretty(&to_redacted_json(value).unwrap()).unwrap();
    format!("status: {status}\n--- redacted json\n{redacted}\n")
}

fn render_error(status: usize, bytes: &[u8]) -> String {
    let content_type = if bytes.trim_ascii_start().starts_with(b"<") {
        "text/html"
    } else {
        "application/json"
    };
    let mut server = mockito::Server::new();
    let _mock = server
        .mock("GET", "/transactions/2c2f04a5-44e4-4a83-aa53-1a9fa90c2394")
        .with_status(status)
        .with_header("content-type", content_type)
        .with_body(bytes)
        .create();
    let client = Client::builder("key-id", SecretString::from("key-secret"))
        .base_url(server.url())
        .configure_transport(|t| t.no_proxy().retry_policy(RetryPolicy::none()))
        .build()
        .unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let error = runtime
        .block_on(client.transaction("2c2f04a5-44e4-4a83-aa53-1a9fa90c2394"))
        .unwrap_err();
    format!(
        "display: {error}\nstatus: {:?}\nmessage: {:?}\nretryable: {}\nbody bytes: {}\n",
        error.status(),
        error.message(),
        error.is_retryable(),
        error.body().map_or(0, RawBody::len),
    )
}
