//! Shared pieces of the mock-server tests.
#![allow(dead_code, clippy::unwrap_used)]

use std::sync::Arc;

use cm_checkout::{Client, ClientOptions};
use mockito::ServerGuard;
use txstatus_core::ManualClock;

/// The documented transaction id.
pub const ID: &str = "8db1e7fa-ba8a-4189-92fd-67a20217443d";
/// Base path prefix the tests put in the base URL; it must be kept.
pub const PREFIX: &str = "/api/v1";
/// Token endpoint path under the prefix.
pub const TOKEN_PATH: &str = "/api/v1/authorization/oauth2/token";
/// Transaction path under the prefix.
pub const TX_PATH: &str =
    "/api/v1/paymentmethods/checkout/v1/transactions/8db1e7fa-ba8a-4189-92fd-67a20217443d";
/// Client id used by the tests.
pub const CLIENT_ID: &str = "merchant-client-17";
/// Client secret used by the tests; it must never show up anywhere.
pub const SECRET: &str = "s3cr3t-Client-Secret-Kq9";

/// The documented transaction.
pub fn documented() -> &'static [u8] {
    include_bytes!("../../fixtures/transaction-documented.json")
}

/// The documented webhook notification.
pub fn finalstatus_webhook() -> &'static [u8] {
    include_bytes!("../../fixtures/webhook-finalstatus.json")
}

/// A token endpoint answer.
pub fn token_body(token: &str, expires_in: u64) -> String {
    format!(r#"{{"access_token":"{token}","token_type":"Bearer","expires_in":{expires_in}}}"#)
}

/// A client against the mock server with the prefix in its base URL and the
/// given manual clock.
pub fn client(server: &ServerGuard, clock: &ManualClock) -> Client {
    let clock = clock.clone();
    Client::builder(CLIENT_ID, SECRET)
        .base_url(format!("{}{PREFIX}", server.url()))
        .configure_transport(|t| t.clock(Arc::new(clock)))
        .build()
        .unwrap()
}

/// Mocks the token endpoint once with `token`.
pub async fn token_once(server: &mut ServerGuard, token: &str, expires_in: u64) -> mockito::Mock {
    server
        .mock("POST", TOKEN_PATH)
        .with_status(200)
        .with_header("content-type", "application/json")
        .with_body(token_body(token, expires_in))
        .expect(1)
        .create_async()
        .await
}

/// Mocks the transaction endpoint for requests bearing `token`.
pub fn transaction_with(server: &mut ServerGuard, token: &str) -> mockito::Mock {
    server
        .mock("GET", TX_PATH)
        .match_header("authorization", format!("Bearer {token}").as_str())
        .with_status(200)
        .with_header("content-type", "application/json")
        .with_body(documented())
}

/// Mocks the transaction endpoint for requests bearing `token`, which must be
/// asked exactly `times` times.
pub async fn transactions_with(
    server: &mut ServerGuard,
    token: &str,
    times: usize,
) -> mockito::Mock {
    transaction_with(server, token)
        .expect(times)
        .create_async()
        .await
}

/// Mocks the token endpoint issuing `token` (with no content type), which must
/// be asked exactly `times` times.
pub async fn tokens(
    server: &mut ServerGuard,
    token: &str,
    expires_in: u64,
    times: usize,
) -> mockito::Mock {
    server
        .mock("POST", TOKEN_PATH)
        .with_status(200)
        .with_body(token_body(token, expires_in))
        .expect(times)
        .create_async()
        .await
}

/// A mock of `method path` answering `status` with `body`, which must be asked
/// exactly `times` times (checked where the test calls `assert_async`).
pub async fn answers(
    server: &mut ServerGuard,
    method: &str,
    path: &str,
    status: usize,
    body: impl AsRef<[u8]>,
    times: usize,
) -> mockito::Mock {
    server
        .mock(method, path)
        .with_status(status)
        .with_body(body)
        .expect(times)
        .create_async()
        .await
}

/// A mock of any `POST` that must never be asked.
pub async fn no_post(server: &mut ServerGuard) -> mockito::Mock {
    server
        .mock("POST", mockito::Matcher::Any)
        .expect(0)
        .create_async()
        .await
}

/// Mocks the transaction endpoint refusing every token with a `401` and
/// `body`; it must be asked exactly `times` times.
pub async fn transactions_refused(
    server: &mut ServerGuard,
    body: &str,
    times: usize,
) -> mockito::Mock {
    answers(server, "GET", TX_PATH, 401, body, times).await
}
