//! The OAuth flow under a subscriber that records everything (every span,
//! field and event at every level): the client secret, the access tokens (the
//! first one refused with a 401, the fresh one after it), a token echoed in an
//! error answer and the personal values of the transaction reach none of it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;

use support::*;
use txstatus_core::{ManualClock, test_util::TraceCapture};

const FIRST: &str = "tok-Refused-7Qm2";
const FRESH: &str = "tok-Fresh-9Xw4";

#[tokio::test]
async fn the_token_flow_leaves_no_secret_token_or_personal_value_in_traces() {
    let capture = TraceCapture::default();
    let _guard = txstatus_core::test_util::set_test_subscriber(capture.clone());
    let mut server = mockito::Server::new_async().await;
    let first = token_once(&mut server, FIRST, 3600).await;
    let refused = server
        .mock("GET", TX_PATH)
        .match_header("authorization", format!("Bearer {FIRST}").as_str())
        .with_status(401)
        .with_body(format!(
            r#"{{"message":"token {FIRST} expired for Jan de Vries"}}"#
        ))
        .expect(1)
        .create_async()
        .await;
    let fresh = token_once(&mut server, FRESH, 3600).await;
    let read = transactions_with(&mut server, FRESH, 1).await;

    let client = client(&server, &ManualClock::new());
    let response = client.transaction(ID).await.unwrap();
    assert_eq!(response.value().id.as_deref(), Some(ID));
    // An answer naming no token: an error, traced too.
    let _ = client.transaction("other-id").await;
    first.assert_async().await;
    refused.assert_async().await;
    fresh.assert_async().await;
    read.assert_async().await;

    let text = capture.text();
    assert!(!text.is_empty(), "the subscriber saw the calls");
    for secret in [SECRET, FIRST, FRESH, "Jan de Vries", "Vries"] {
        assert!(!text.contains(secret), "{secret} in traces:\n{text}");
    }
    let body = String::from_utf8_lossy(documented()).into_owned();
    for personal in ["email", "firstName", "lastName"]
        .iter()
        .filter_map(|key| personal_value(&body, key))
    {
        assert!(!text.contains(&personal), "{personal} in traces");
    }
}

/// The string value of `key` in the documented transaction body, if any.
fn personal_value(body: &str, key: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    find(&value, key).filter(|v| v.len() > 3)
}

fn find(value: &serde_json::Value, key: &str) -> Option<String> {
    match value {
        serde_json::Value::Object(map) => map
            .get(key)
            .and_then(|v| v.as_str().map(str::to_owned))
            .or_else(|| map.values().find_map(|v| find(v, key))),
        serde_json::Value::Array(items) => items.iter().find_map(|v| find(v, key)),
        _ => None,
    }
}
