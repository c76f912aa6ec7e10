//! Renders a fixture the way the client would see it, for the snapshot tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::{fmt::Write as _, sync::Arc};

use cm_checkout::{
    Client, ClientOptions, ReturnTarget, TokenResponse, Transaction, WebhookNotification,
};
use txstatus_core::ManualClock;

/// The client secret used when a fixture is served through a mock server.
const SECRET: &str = "fixture-client-secret-Zq81";
/// The access token used when a fixture is served through a mock server.
const TOKEN: &str = "fixture-access-token-Yw42";

/// Decodes `bytes` as the client would for `case` and renders the result.
///
/// - `transaction-*`: the transaction model;
/// - `webhook-*`: a webhook notification;
/// - `token-*`: a token endpoint answer;
/// - `error-<status>-*`: served with that status through a mock server (the token
///   endpoint for `error-*-token-*`, the transaction endpoint otherwise), rendering
///   the `txstatus_core::Error` the client returns.
pub fn snapshot(case: &str, bytes: &[u8]) -> String {
    if case.starts_with("transaction-") {
        transaction(case, bytes)
    } else if case.starts_with("webhook-") {
        webhook(bytes)
    } else if case.starts_with("token-") {
        token(bytes)
    } else if case.starts_with("refunds-") {
        let value: cm_checkout::RefundList = decode(bytes);
        let mut out = String::new();
        render_model(&mut out, &value);
        out
    } else if case.starts_with("refund-") {
        let value: cm_checkout::Refund = decode(bytes);
        let mut out = String::new();
        render_model(&mut out, &value);
        assert!(!out.contains("Damaged"), "the refund reason leaked");
        out
    } else if case.starts_with("error-") {
        error(case, bytes)
    } else {
        panic!("no rule for fixture case {case}")
    }
}

fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> T {
    txstatus_core::provider::decode_json_bytes::<T>(
        cm_checkout::PROVIDER,
        200,
        &txstatus_core::RawBody::from(bytes.to_vec()),
    )
    .unwrap()
}

fn transaction(case: &str, bytes: &[u8]) -> String {
    let value: Transaction = match txstatus_core::provider::decode_json_bytes(
        cm_checkout::PROVIDER,
        200,
        &txstatus_core::RawBody::from(bytes.to_vec()),
    ) {
        Ok(value) => value,
        // `transaction-fails-*` fixtures: the decode error, which must name no
        // personal value either.
        Err(error) => {
            assert!(
                case.contains("-fails-"),
                "{case} does not decode; a fixture meant to fail says so in its name: {error}"
            );
            let out = format!("decode error: {error}\n");
            assert_no_personal_values(bytes, &format!("{out}{error:#?}"));
            return out;
        }
    };
    let mut out = String::new();
    writeln!(out, "status: {}", value.tx_status()).unwrap();
    writeln!(out, "money: {:?}", value.money()).unwrap();
    writeln!(out, "refunded: {:?}", value.refunded()).unwrap();
    writeln!(out, "refund pending: {:?}", value.refund_pending()).unwrap();
    writeln!(
        out,
        "redirect while OPEN: {}",
        if value.redirect_url().is_some() {
            "present"
        } else {
            "absent"
        }
    )
    .unwrap();
    let target = match value.return_target() {
        Some(ReturnTarget::Single(url)) => format!("returnUrl ({} chars, personal)", url.len()),
        Some(ReturnTarget::PerStatus(urls)) => format!("returnUrls {urls:?}"),
        Some(other) => format!("{other:?}"),
        None => "none".to_owned(),
    };
    writeln!(out, "return target: {target}").unwrap();
    render_model(&mut out, &value);
    assert_no_personal_values(bytes, &format!("{out}{value:#?}"));
    out
}

fn webhook(bytes: &[u8]) -> String {
    let value = WebhookNotification::from_slice(bytes).unwrap();
    let mut out = String::new();
    writeln!(
        out,
        "transaction to fetch: {:?}",
        value.transaction_id().ok()
    )
    .unwrap();
    render_model(&mut out, &value);
    out
}

fn token(bytes: &[u8]) -> String {
    let value = TokenResponse::from_slice(200, bytes).unwrap();
    let out = format!(
        "expires in: {:?}\ntoken type: {:?}\n",
        value.expires_in(),
        value.token_type()
    );
    let debug = format!("{value:#?}");
    let debug = format!("{debug}\n{:#?}", value.into_issued());
    let raw: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    let secret = raw["access_token"].as_str().unwrap();
    assert!(
        !out.contains(secret) && !debug.contains(secret),
        "the access token leaked"
    );
    out
}

fn error(case: &str, bytes: &[u8]) -> String {
    let status: usize = case
        .split('-')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("error fixtures are named error-<status>-...");
    let on_token = case.contains("-token-");
    let body = bytes.to_vec();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let error = runtime.block_on(async move {
        let mut server = mockito::Server::new_async().await;
        let token_body = format!(r#"{{"access_token":"{TOKEN}","expires_in":3600}}"#);
        let (token_status, token_body) = if on_token {
            (status, body.clone())
        } else {
            (200, token_body.into_bytes())
        };
        let _token = server
            .mock("POST", "/api/v1/authorization/oauth2/token")
            .with_status(token_status)
            .with_header("content-type", content_type(&token_body))
            .with_body(token_body)
            .create_async()
            .await;
        let _transaction = server
            .mock(
                "GET",
                "/api/v1/paymentmethods/checkout/v1/transactions/8db1e7fa-ba8a-4189-92fd-67a20217443d",
            )
            .with_status(status)
            .with_header("content-type", content_type(&body))
            .with_body(body)
            .create_async()
            .await;
        let clock = ManualClock::new();
        let client = Client::builder("fixture-client-id", SECRET)
            .base_url(format!("{}/api/v1", server.url()))
            .configure_transport(|t| t.clock(Arc::new(clock)))
            .build()
            .unwrap();
        client
            .transaction("8db1e7fa-ba8a-4189-92fd-67a20217443d")
            .await
            .unwrap_err()
    });
    let mut out = String::new();
    writeln!(out, "display: {error}").unwrap();
    writeln!(out, "status: {:?}", error.status()).unwrap();
    writeln!(out, "message: {:?}", error.message()).unwrap();
    writeln!(out, "retryable: {}", error.is_retryable()).unwrap();
    writeln!(out, "body kept: {:?}", error.body().map(|b| b.len())).unwrap();
    let debug = format!("{out}{error:#?}");
    assert!(
        !debug.contains(SECRET) && !debug.contains(TOKEN),
        "a credential leaked"
    );
    out
}

fn content_type(body: &[u8]) -> &'static str {
    if body.trim_ascii_start().starts_with(b"<") {
        "text/html"
    } else {
        "application/json"
    }
}

fn render_model<T: serde::Serialize>(out: &mut String, value: &T) {
    let redacted = txstatus_core::to_redacted_json(value).unwrap();
    writeln!(
        out,
        "\nredacted JSON:\n{}",
        serde_json::to_string_pretty(&redacted).unwrap()
    )
    .unwrap();
}

/// No consumer value (and no redirect URL) of four characters or more appears in
/// the rendering (the summary and redacted JSON, checked with the Debug beside them:
/// all of them hide these values).
fn assert_no_personal_values(bytes: &[u8], rendered: &str) {
    let raw: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    let mut personal = Vec::new();
    collect_strings(&raw["consumer"], &mut personal);
    collect_strings(&raw["action"]["redirect"]["url"], &mut personal);
    // Free text and merchant URLs: they can name the customer.
    for key in ["description", "returnUrl", "returnUrls"] {
        collect_strings(&raw[key], &mut personal);
    }
    for item in raw["orderItems"].as_array().into_iter().flatten() {
        collect_strings(&item["name"], &mut personal);
        collect_strings(&item["description"], &mut personal);
    }
    for webhook in raw["webhooks"].as_array().into_iter().flatten() {
        collect_strings(&webhook["url"], &mut personal);
    }
    for value in personal.iter().filter(|v| v.len() >= 4) {
        assert!(
            !rendered.contains(value.as_str()),
            "personal value {value:?} leaked"
        );
    }
}

fn collect_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}
