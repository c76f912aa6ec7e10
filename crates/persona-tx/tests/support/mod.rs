//! Shared helpers for the mockito tests.
#![allow(dead_code, clippy::unwrap_used)]

use std::sync::{Arc, Mutex};

use persona_tx::{Client, ClientOptions};
use txstatus_core::{ManualClock, RetryPolicy, SecretString};

/// A client with API key `key` for `server`, whose retries sleep on a manual
/// clock (no real waiting).
pub fn client(server: &mockito::Server, key: &str) -> Client {
    client_on(server, key, &ManualClock::new())
}

/// A client with API key `key` for `server`, whose retries sleep on `clock`.
pub fn client_on(server: &mockito::Server, key: &str, clock: &ManualClock) -> Client {
    let clock = clock.clone();
    Client::builder(key)
        .base_url(server.url())
        .configure_transport(move |t| t.no_proxy().clock(Arc::new(clock)))
        .build()
        .unwrap()
}

/// A client with API key `key` for the API at `api` that downloads files from
/// `files` (at most 64 bytes), never retrying.
pub fn file_client(api: &str, files: &str, key: &str) -> Client {
    Client::builder(SecretString::from(key))
        .base_url(api)
        .file_origin(files)
        .download_limit(64)
        .configure_transport(|t| t.no_proxy().retry_policy(RetryPolicy::none()))
        .build()
        .unwrap()
}

/// A mock of `method path` answering `status` with `body`, which must be asked
/// exactly `times` times (checked where the test calls `assert_async`).
pub async fn answers(
    server: &mut mockito::ServerGuard,
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

/// A mock of `GET path` (whatever the query) answering `body` as JSON, however
/// often it is asked.
pub async fn serves_json(
    server: &mut mockito::ServerGuard,
    path: &str,
    body: impl AsRef<[u8]>,
) -> mockito::Mock {
    server
        .mock("GET", path)
        .match_query(mockito::Matcher::Any)
        .with_header("content-type", "application/json")
        .with_body(body)
        .create_async()
        .await
}

/// Records every `Idempotency-Key` the server sees (a matcher runs per mock, so
/// a key may be recorded more than once: compare the distinct values).
pub fn key_recorder(keys: &Arc<Mutex<Vec<String>>>) -> impl Fn(&mockito::Request) -> bool + use<> {
    let keys = keys.clone();
    move |request| {
        for value in request.header("idempotency-key") {
            keys.lock()
                .unwrap()
                .push(value.to_str().unwrap().to_owned());
        }
        true
    }
}

/// The distinct keys `key_recorder` recorded, sorted.
pub fn distinct(keys: &Arc<Mutex<Vec<String>>>) -> Vec<String> {
    let mut keys = keys.lock().unwrap().clone();
    keys.sort();
    keys.dedup();
    keys
}
