//! An error status (500, 502, 503, 504, 429) whose body still reads as a status
//! answer holding an identity: CM handed the identity out with it, once. The
//! error keeps its HTTP status, `Retry-After` and the whole body, and is not one
//! to ask again about (`Error::holds_one_time_answer`; `Error::is_retryable` is
//! false), so neither a poller nor a caller's own
//! retry loop sends a second status request that could only get
//! `notice_code` 2000. An error status without an identity stays retryable.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::support;

use std::{sync::Arc, time::Duration};

use support::client;
use txstatus_core::{PollError, PollOptions, poll_until_terminal};

const ID: &str = "3645651845961623";

/// Identities under an error status line, in several shapes: the documented
/// one, an unknown status with a personal member, a known status with a
/// member this version does not model.
const IDENTITIES: &[&str] = &[
    r#"{"status":"success","transaction_id":"3645651845961623","bin":"NLINGB3x4u89498qe4tqjvdaj0","name":{"last_name":"Dijk"}}"#,
    r#"{"status":"verified_v2","bin":"NLINGB3x4u89498qe4tqjvdaj0"}"#,
    r#"{"status":"success","birth_place":"Utrecht"}"#,
    // Status answers that do not read whole: the identity is in them all the same.
    r#"{"status":"success","bin":"NLINGB3x4u89498qe4tqjvdaj0","name":{"last_name":"Dijk"},"notice_code":{"x":1}}"#,
    r#"{"status":"success","bin":"NLINGB3x4u89498qe4tqjvdaj0","bin":"NLINGB3x4u89498qe4tqjvdaj0"}"#,
    r#"{"status":"success","name":"Dijk"}"#,
    r#"{"status":"success","age":{"18y_or_older":"ja"},"address":{"city":"Utrecht"}}"#,
    r#"{"status":"success","bin" : "NLINGB3x4u89498qe4tqjvdaj0"} and more"#,
    // Inside a wrapper the model does not read, member names spelled with
    // escapes (JSON lets any character of a name be one).
    r#"{"data":{"status":"success","transaction_id":"3645651845961623","b\u0069n":"NLINGB3x4u89498qe4tqjvdaj0","n\u0061me":{"last_name":"Dijk"}}}"#,
    r#"{"data":{"\u0065mail_address":"jan@example.com","status":"success"}}"#,
    r#"{"result":[{"\u0061ddress":{"city":"Utrecht"}}]}"#,
    r#"{"data":{"status":"success","\u0062\u0069\u006e":"NLINGB3x4u89498qe4tqjvdaj0"}"#,
    // A gateway quoting the upstream answer whole, as a JSON string (twice, too).
    r#"{"error":"bad gateway","upstream_body":"{\"status\":\"success\",\"transaction_id\":\"3645651845961623\",\"bin\":\"NLINGB3x4u89498qe4tqjvdaj0\",\"name\":{\"last_name\":\"Dijk\"}}"}"#,
    r#"{"errors":[{"detail":"[{\"upstream\":\"{\\\"email_address\\\":\\\"jan@example.com\\\"}\"}]"}]}"#,
];

const STATUSES: &[(usize, Option<&str>)] = &[
    (500, None),
    (502, None),
    (503, Some("1")),
    (504, None),
    (429, Some("2")),
];

async fn server_answering(
    status: usize,
    retry_after: Option<&str>,
    body: &str,
) -> (mockito::ServerGuard, mockito::Mock) {
    let mut server = mockito::Server::new_async().await;
    let mut mock = server
        .mock("POST", "/status")
        .with_status(status)
        .with_header("content-type", "application/json");
    if let Some(wait) = retry_after {
        mock = mock.with_header("retry-after", wait);
    }
    let mock = mock.with_body(body).expect(1).create_async().await;
    (server, mock)
}

#[tokio::test]
async fn an_identity_under_an_error_status_is_an_error_not_to_ask_again_about() {
    for body in IDENTITIES {
        for &(status, retry_after) in STATUSES {
            let (server, mock) = server_answering(status, retry_after, body).await;
            let (client, _) = client(&server.url());
            let error = client.status(ID, "ref").await.expect_err("an error status");
            mock.assert_async().await;
            assert!(!error.is_retryable(), "HTTP {status} {body}: {error:?}");
            assert!(
                error.holds_one_time_answer(),
                "HTTP {status} {body}: {error:?}"
            );
            assert_eq!(error.status(), Some(status as u16), "{body}");
            // Still the HTTP error it was: not turned into a decode error, and the
            // wait CM asked for is kept.
            assert!(
                !matches!(error.kind(), txstatus_core::ErrorKind::Decode(_)),
                "HTTP {status} {body}: {error:?}"
            );
            assert_eq!(
                error.retry_after(),
                retry_after.map(|secs| Duration::from_secs(secs.parse().unwrap())),
                "HTTP {status} {body}: {error:?}"
            );
            assert!(error.to_string().contains("hands out once"), "{error}");
            assert_eq!(
                error.body().map(|b| b.as_bytes().to_vec()),
                Some(body.as_bytes().to_vec()),
                "HTTP {status}"
            );
            let shown = format!("{error} {error:?}");
            for personal in ["NLINGB3x4u89498qe4tqjvdaj0", "Dijk", "Utrecht"] {
                assert!(!shown.contains(personal), "{shown}");
            }
        }
    }
}

#[tokio::test]
async fn a_poller_does_not_ask_again_after_an_identity_under_an_error_status() {
    for body in IDENTITIES {
        for &(status, retry_after) in STATUSES {
            let (server, mock) = server_answering(status, retry_after, body).await;
            let (client, clock) = client(&server.url());
            let source = client.status_source("merchant-ref-1");
            let options = PollOptions {
                interval: Duration::from_secs(2),
                timeout: Duration::from_secs(60),
                clock: Arc::new(clock.clone()),
                ..PollOptions::default()
            };
            let outcome = poll_until_terminal(&source, ID, &options, |_| {}).await;
            // One request: the poller stops at the identity.
            mock.assert_async().await;
            match outcome {
                Err(PollError::Failed(error)) => assert_eq!(
                    error.body().map(|b| b.as_bytes().to_vec()),
                    Some(body.as_bytes().to_vec()),
                    "HTTP {status}"
                ),
                other => panic!("HTTP {status} {body}: {other:?}"),
            }
        }
    }
}

#[tokio::test]
async fn an_error_status_without_an_identity_stays_retryable() {
    for body in [
        "<html>busy</html>",
        r#"{"message":"try later"}"#,
        r#"{"status":"open"}"#,
        r#"{"status":503,"error":"Service Unavailable"}"#,
        r#"{"status":"open","name":null,"notice_code":{"x":1}}"#,
        r#"{"message":"the member \"bin\": is missing","code":[1]}"#,
    ] {
        for &(status, retry_after) in STATUSES {
            let mut server = mockito::Server::new_async().await;
            let mut mock = server.mock("POST", "/status").with_status(status);
            if let Some(wait) = retry_after {
                mock = mock.with_header("retry-after", wait);
            }
            let _mock = mock.with_body(body).create_async().await;
            let (client, _) = client(&server.url());
            let error = client.status(ID, "ref").await.expect_err("an error status");
            assert!(error.is_retryable(), "HTTP {status} {body}: {error:?}");
            assert!(
                !error.holds_one_time_answer(),
                "HTTP {status} {body}: {error:?}"
            );
        }
    }
}

/// A sink that records what it was handed.
#[derive(Debug, Default)]
struct Recording(std::sync::Mutex<Vec<Vec<u8>>>);

impl cm_idin::IdentitySink for Recording {
    fn persist<'a>(
        &'a self,
        _transaction_id: &'a str,
        raw: &'a txstatus_core::RawBody,
    ) -> txstatus_core::BoxFuture<'a, std::io::Result<String>> {
        Box::pin(async move {
            self.0.lock().unwrap().push(raw.as_bytes().to_vec());
            Ok("memory".to_owned())
        })
    }
}

/// An identity a gateway quotes whole in its error body is handed to the sink
/// before the error is returned, after one request.
#[tokio::test]
async fn an_identity_quoted_in_a_gateway_error_reaches_the_sink_after_one_request() {
    let body = IDENTITIES
        .iter()
        .find(|body| body.contains("upstream_body"))
        .unwrap();
    let (server, mock) = server_answering(502, None, body).await;
    let sink = Arc::new(Recording::default());
    let client = support::client_with_sink(&server.url(), sink.clone());
    let error = client.status(ID, "ref").await.expect_err("an error status");
    mock.assert_async().await;
    assert!(
        error.holds_one_time_answer() && !error.is_retryable(),
        "{error:?}"
    );
    assert_eq!(*sink.0.lock().unwrap(), vec![body.as_bytes().to_vec()]);
}
