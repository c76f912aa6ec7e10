//! With an identity sink, an answer that carries the identity is persisted
//! before the call returns whatever its status line (any 2xx, and an error
//! status whose body still reads as a status answer with personal data) and
//! whatever its body looks like around it (a byte-order mark, trailing bytes,
//! a repeated member, the identity under a member the model reads as something
//! else, cut short, over the cap). Nothing of it is asked for a second time.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::support;

use std::{
    io,
    sync::{Arc, Mutex},
};

use cm_idin::{Client, ClientOptions, IdentitySink};
use support::TOKEN;
use txstatus_core::{BoxFuture, ManualClock, RawBody};

/// Records what it was given.
#[derive(Debug, Default)]
struct Recorder {
    seen: Mutex<Vec<Vec<u8>>>,
}

impl IdentitySink for Recorder {
    fn persist<'a>(
        &'a self,
        _transaction_id: &'a str,
        raw: &'a RawBody,
    ) -> BoxFuture<'a, io::Result<String>> {
        Box::pin(async move {
            self.seen.lock().unwrap().push(raw.as_bytes().to_vec());
            Ok("memory".to_owned())
        })
    }
}

const ID: &str = "3645651845961623";

const IDENTITY: &str = r#"{"status":"success","transaction_id":"3645651845961623","bin":"NLINGB3x4u89498qe4tqjvdaj0","name":{"last_name":"Dijk"},"email_address":"a.vandijk@example.nl"}"#;

fn client_with(base: &str, sink: Arc<dyn IdentitySink>, body_limit: Option<usize>) -> Client {
    Client::builder(TOKEN)
        .base_url(base)
        .configure_transport(|t| {
            let t = t.clock(Arc::new(ManualClock::new())).no_proxy();
            match body_limit {
                Some(limit) => t.body_limit(limit),
                None => t,
            }
        })
        .identity_sink(sink)
        .build()
        .unwrap()
}

/// Serves `body` with `status` once (asserted), reads the status with a
/// recording sink, and returns what the sink saw and the call's result.
async fn read_once(
    status: usize,
    body: &[u8],
    body_limit: Option<usize>,
) -> (
    Vec<Vec<u8>>,
    txstatus_core::Result<txstatus_core::Response<cm_idin::StatusResponse>>,
) {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("POST", "/status")
        .with_status(status)
        .with_header("content-type", "application/json")
        .with_body(body)
        .expect(1)
        .create_async()
        .await;
    let recorder = Arc::new(Recorder::default());
    let client = client_with(&server.url(), recorder.clone(), body_limit);
    let result = client.status(ID, "ref").await;
    mock.assert_async().await;
    let seen = recorder.seen.lock().unwrap().clone();
    (seen, result)
}

#[tokio::test]
async fn an_identity_under_any_2xx_status_line_reaches_the_sink() {
    for status in [200, 201, 202, 203, 206, 226, 299] {
        let (seen, _) = read_once(status, IDENTITY.as_bytes(), None).await;
        assert_eq!(seen, [IDENTITY.as_bytes()], "HTTP {status}");
    }
}

#[tokio::test]
async fn an_identity_under_an_error_status_line_reaches_the_sink_and_the_error_keeps_it() {
    for status in [300, 302, 400, 403, 404, 409, 410, 418, 422, 451] {
        let (seen, result) = read_once(status, IDENTITY.as_bytes(), None).await;
        let error = result.expect_err("an error status");
        assert_eq!(error.status(), Some(status as u16));
        assert_eq!(
            error.body().map(|b| b.as_bytes().to_vec()),
            Some(IDENTITY.as_bytes().to_vec()),
            "HTTP {status}: the error keeps the body"
        );
        assert_eq!(seen, [IDENTITY.as_bytes()], "HTTP {status}");
        let shown = format!("{error} {error:?}");
        for planted in ["Dijk", "vandijk", "NLINGB3x4u"] {
            assert!(!shown.contains(planted), "HTTP {status}: {shown}");
        }
    }
}

/// A known status next to a member the model does not read (a personal value
/// under a new name) under an error status: kept like a 2xx one.
#[tokio::test]
async fn an_unmodelled_member_beside_a_known_status_under_an_error_status_reaches_the_sink() {
    for (status, body) in [
        (409, &br#"{"status":"success","birth_name":"Visser"}"#[..]),
        (
            400,
            br#"{"status":"open","name":{"second_last_name":"Jansen"}}"#,
        ),
    ] {
        let (seen, result) = read_once(status, body, None).await;
        assert_eq!(result.unwrap_err().status(), Some(status as u16));
        assert_eq!(seen, [body], "HTTP {status}");
    }
}

/// Statuses the retry rules would ask again (429, 5xx, with and without a
/// `Retry-After`): an identity under one is handed out already, so it reaches
/// the sink and CM is asked once only (the mock expects one request).
#[tokio::test]
async fn an_identity_under_a_retried_status_is_kept_and_never_asked_again() {
    for (status, retry_after) in [
        (500, None),
        (502, None),
        (503, Some("1")),
        (504, None),
        (429, None),
        (429, Some("2")),
    ] {
        let mut server = mockito::Server::new_async().await;
        let mut mock = server
            .mock("POST", "/status")
            .with_status(status)
            .with_header("content-type", "application/json");
        if let Some(wait) = retry_after {
            mock = mock.with_header("retry-after", wait);
        }
        let mock = mock.with_body(IDENTITY).expect(1).create_async().await;
        let recorder = Arc::new(Recorder::default());
        let client = client_with(&server.url(), recorder.clone(), None);
        let error = client.status(ID, "ref").await.expect_err("an error status");
        mock.assert_async().await;
        assert_eq!(error.status(), Some(status as u16));
        assert_eq!(
            error.body().map(|b| b.as_bytes().to_vec()),
            Some(IDENTITY.as_bytes().to_vec()),
            "HTTP {status}"
        );
        assert_eq!(
            *recorder.seen.lock().unwrap(),
            [IDENTITY.as_bytes()],
            "HTTP {status}"
        );
    }
}

/// A status answer that does not read whole (a member of a type this version
/// does not expect, a repeated key, a name as text, bytes after it) under a
/// retried status: its identity is handed out all the same, so it reaches the
/// sink whole and CM is asked once only.
#[tokio::test]
async fn a_broken_identity_under_a_retried_status_is_kept_and_never_asked_again() {
    for body in [
        r#"{"status":"success","bin":"NLINGB3x4u89498qe4tqjvdaj0","notice_code":{"x":1}}"#,
        r#"{"status":"success","bin":"NLINGB3x4u89498qe4tqjvdaj0","bin":"NLINGB3x4u89498qe4tqjvdaj0"}"#,
        r#"{"status":"success","name":"Dijk"}"#,
        r#"{"status":"success","age":{"18y_or_older":"ja"}}"#,
        r#"{"status":"success","email_address":"a.vandijk@example.nl"}}"#,
        // Wrapped in a member the model does not read.
        r#"{"data":{"status":"success","transaction_id":"T1","bin":"NLINGB3x4u89498qe4tqjvdaj0"}}"#,
    ] {
        for status in [503, 429, 500] {
            let mut server = mockito::Server::new_async().await;
            let mock = server
                .mock("POST", "/status")
                .with_status(status)
                .with_header("content-type", "application/json")
                .with_body(body)
                .expect(1)
                .create_async()
                .await;
            let recorder = Arc::new(Recorder::default());
            let client = client_with(&server.url(), recorder.clone(), None);
            let error = client.status(ID, "ref").await.expect_err("an error status");
            mock.assert_async().await;
            assert!(!error.is_retryable(), "HTTP {status} {body}");
            assert!(error.holds_one_time_answer(), "HTTP {status} {body}");
            assert_eq!(
                *recorder.seen.lock().unwrap(),
                [body.as_bytes()],
                "HTTP {status} {body}"
            );
            let shown = format!("{error} {error:?}");
            for planted in ["Dijk", "vandijk", "NLINGB3x4u"] {
                assert!(!shown.contains(planted), "HTTP {status}: {shown}");
            }
        }
    }
}

/// A retried status without an identity is still asked again (the rules as
/// before): a gateway's 503 page, then the answer.
#[tokio::test]
async fn a_retried_status_without_an_identity_is_asked_again() {
    let mut server = mockito::Server::new_async().await;
    let failing = support::answers(&mut server, "/status", 503, "<html>busy</html>", 1).await;
    let answer = server
        .mock("POST", "/status")
        .with_status(200)
        .with_header("content-type", "application/json")
        .with_body(IDENTITY)
        .expect(1)
        .create_async()
        .await;
    let recorder = Arc::new(Recorder::default());
    let client = client_with(&server.url(), recorder.clone(), None);
    client.status(ID, "ref").await.unwrap();
    failing.assert_async().await;
    answer.assert_async().await;
    assert_eq!(*recorder.seen.lock().unwrap(), [IDENTITY.as_bytes()]);
}

#[tokio::test]
async fn an_error_status_without_personal_data_is_not_persisted() {
    for (status, body) in [
        (
            400,
            &br#"{"message":"Invalid request: merchant_reference is required."}"#[..],
        ),
        (
            404,
            br#"{"message":"The transaction could not be found.","code":404}"#,
        ),
        (403, b"<html><body>Forbidden</body></html>"),
        (409, br#"{"status":"failure"}"#),
        (
            400,
            br#"{"status":400,"message":"Jan de Vries is not allowed"}"#,
        ),
        (
            422,
            br#"{"status":"success","notice_code":2000,"extra":null}"#,
        ),
        (410, b""),
    ] {
        let (seen, result) = read_once(status, body, None).await;
        assert!(result.is_err());
        assert!(seen.is_empty(), "HTTP {status}: {seen:?}");
    }
}

/// 200 bodies around an identity that the model cannot read as such.
const ODD_BODIES: &[(&str, &str)] = &[
    ("a byte-order mark", "\u{feff}{IDENTITY}"),
    ("trailing bytes", "{IDENTITY} trailing"),
    ("a second document", "{IDENTITY}{IDENTITY}"),
    (
        "a repeated bin, the last null",
        r#"{"status":"success","bin":"NLINGB3x4u89498qe4tqjvdaj0","bin":null}"#,
    ),
    (
        "a repeated name, the last null",
        r#"{"status":"success","name":{"last_name":"Dijk"},"name":null}"#,
    ),
    (
        "the identity under notice",
        r#"{"status":"success","notice":{"bin":"NLINGB3x4u89498qe4tqjvdaj0"}}"#,
    ),
    (
        "the identity under transaction_reference",
        r#"{"status":"success","transaction_reference":{"last_name":"Dijk"}}"#,
    ),
    (
        "the identity under notice_code",
        r#"{"status":"success","notice_code":{"email_address":"a.vandijk@example.nl"}}"#,
    ),
    (
        "the identity under issuer_id",
        r#"{"status":"success","issuer_id":["NLINGB3x4u89498qe4tqjvdaj0"]}"#,
    ),
    (
        "the identity under status",
        r#"{"status":{"value":"success","bin":"NLINGB3x4u89498qe4tqjvdaj0"}}"#,
    ),
    (
        "the identity under transaction_id",
        r#"{"status":"success","transaction_id":{"bin":"NLINGB3x4u89498qe4tqjvdaj0"}}"#,
    ),
    (
        "a bin as a number",
        r#"{"status":"success","bin":123456782}"#,
    ),
    (
        "the 18-or-older flag as text",
        r#"{"status":"success","age":{"18y_or_older":"yes"}}"#,
    ),
    (
        "a house number as text with letters",
        r#"{"status":"success","address":{"house_number":"1b"}}"#,
    ),
    (
        "an escaped key",
        r#"{"status":"success","b\u0069n":"NLINGB3x4u89498qe4tqjvdaj0"}"#,
    ),
    (
        "the identity as an array",
        r#"[{"status":"success","bin":"NLINGB3x4u89498qe4tqjvdaj0"}]"#,
    ),
    (
        "the identity cut inside a key",
        r#"{"status":"success","bin":"NLINGB3x4u89498qe4tqjvdaj0","name":{"last_na"#,
    ),
];

#[tokio::test]
async fn an_identity_in_an_odd_body_reaches_the_sink_whole() {
    for (what, body) in ODD_BODIES {
        let body = body.replace("{IDENTITY}", IDENTITY);
        let (seen, _) = read_once(200, body.as_bytes(), None).await;
        assert_eq!(seen, [body.as_bytes()], "{what}");
    }
}

#[tokio::test]
async fn an_identity_over_the_body_cap_reaches_the_sink_up_to_the_cap() {
    let padded = format!(
        r#"{{"status":"success","bin":"NLINGB3x4u89498qe4tqjvdaj0","padding":"{}"}}"#,
        "x".repeat(4096)
    );
    let (seen, result) = read_once(200, padded.as_bytes(), Some(1024)).await;
    let error = result.expect_err("over the cap");
    assert_eq!(seen.len(), 1, "{error:?}");
    assert_eq!(seen[0], &padded.as_bytes()[..1024]);
    assert_eq!(
        error.body().map(|b| b.as_bytes().to_vec()),
        Some(seen[0].clone())
    );
}

/// An identity under an error status whose body is cut short (the connection
/// closes before its `Content-Length`): what arrived names a personal member, so
/// it reaches the sink as it arrived and CM is asked once only.
#[tokio::test]
async fn an_identity_cut_short_under_an_error_status_is_kept_and_never_asked_again() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    const SENT: &[u8] = br#"{"status":"success","bin":"NLINGB3x4u89498qe4tqjvdaj0"#;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = connections.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
            let mut request = [0u8; 8192];
            let _ = stream.read(&mut request).await;
            let head = "HTTP/1.1 502 Bad Gateway\r\ncontent-type: application/json\r\ncontent-length: 500\r\nconnection: close\r\n\r\n";
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(SENT).await;
            let _ = stream.shutdown().await;
        }
    });
    let recorder = Arc::new(Recorder::default());
    let client = client_with(&base, recorder.clone(), None);
    let error = client.status(ID, "ref").await.expect_err("a cut answer");
    assert_eq!(
        connections.load(Ordering::SeqCst),
        1,
        "asked again: {error:?}"
    );
    assert!(!error.is_retryable(), "{error:?}");
    assert!(error.holds_one_time_answer(), "{error:?}");
    assert_eq!(*recorder.seen.lock().unwrap(), [SENT]);
    assert!(!format!("{error} {error:?}").contains("NLINGB3x4u"));
}
