//! A body over the cap, however it is framed (chunked, read to close, a
//! `Content-Length` that lies beside chunked framing), fails with an error that
//! keeps exactly the bytes up to the cap, for every status and retry class.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use std::{
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpListener,
};
use txstatus_core::{
    Error, ErrorKind, ManualClock, RetryPolicy, TransportBuilder,
    provider::{RequestSpec, RetryClass},
};

pub(crate) const CAP: usize = 1000;
const SENT: usize = 5000;
/// Text in every body sent: never shown by Display or Debug.
const MARKER: &[u8] = b"PRIVATE-BODY-TEXT";

/// How the body is framed.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Framing {
    Chunked,
    ReadToClose,
    /// `Content-Length: 5` beside `Transfer-Encoding: chunked`.
    LyingLength,
}

/// `len` bytes: the marker, then a counting pattern (a shifted prefix shows).
fn body_bytes(len: usize, seed: u8) -> Vec<u8> {
    let mut body: Vec<u8> = MARKER.to_vec();
    let mut i = 0usize;
    while body.len() < len {
        body.push(b'a' + ((i + usize::from(seed)) % 26) as u8);
        i += 1;
    }
    body.truncate(len);
    body
}

pub(crate) fn answer(status: u16, framing: Framing, body: &[u8]) -> Vec<u8> {
    let head = match framing {
        Framing::Chunked => "transfer-encoding: chunked\r\n",
        Framing::ReadToClose => "",
        Framing::LyingLength => "content-length: 5\r\ntransfer-encoding: chunked\r\n",
    };
    let mut out = format!(
        "HTTP/1.1 {status} X\r\n{head}content-type: application/json\r\nconnection: close\r\n\r\n"
    )
    .into_bytes();
    match framing {
        Framing::ReadToClose => out.extend_from_slice(body),
        Framing::Chunked | Framing::LyingLength => {
            // Chunks of 300 bytes: the cap falls inside one.
            for chunk in body.chunks(300) {
                out.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
                out.extend_from_slice(chunk);
                out.extend_from_slice(b"\r\n");
            }
            out.extend_from_slice(b"0\r\n\r\n");
        }
    }
    out
}

/// Serves `answers[n]` to the n-th connection (the last one after that).
pub(crate) async fn serve(answers: Vec<Vec<u8>>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = connections.clone();
    let answers = Arc::new(answers);
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let n = counted.fetch_add(1, Ordering::SeqCst);
            let answers = answers.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                let _ = socket.read(&mut buf).await;
                let answer = &answers[n.min(answers.len() - 1)];
                let _ = socket.write_all(answer).await;
                let _ = socket.flush().await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (url, connections)
}

pub(crate) fn transport(clock: &ManualClock) -> TransportBuilder {
    let policy = RetryPolicy {
        initial_backoff: Duration::ZERO,
        max_backoff: Duration::ZERO,
        ..RetryPolicy::default()
    };
    TransportBuilder::new()
        .clock(Arc::new(clock.clone()))
        .attempt_timeout(Duration::from_secs(5))
        .body_limit(CAP)
        .retry_policy(policy)
        .no_proxy()
}

fn specs() -> [(&'static str, RequestSpec); 3] {
    [
        (
            "idempotent GET",
            RequestSpec::get("get").segment("t").id_segment("1"),
        ),
        (
            "never-resend POST",
            RequestSpec::post("create").segment("t").json_body("{}"),
        ),
        (
            "one-time POST",
            RequestSpec::post("status")
                .segment("status")
                .json_body("{}")
                .retry(RetryClass::KeepFirstSuccess),
        ),
    ]
}

/// The error keeps exactly the first `CAP` bytes of `sent`, and shows neither them
/// in Display nor Debug.
fn assert_keeps_prefix(error: &Error, sent: &[u8], what: &str) {
    let kept = error
        .body()
        .unwrap_or_else(|| panic!("{what}: no body kept: {error:?}"));
    assert_eq!(kept.len(), CAP, "{what}: never more than the cap held");
    assert_eq!(kept.as_bytes(), &sent[..CAP], "{what}");
    let marker = std::str::from_utf8(MARKER).unwrap();
    for text in [
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#?}"),
    ] {
        assert!(!text.contains(marker), "{what}: {text}");
        assert!(!text.contains("abcdefgh"), "{what}: {text}");
    }
}

async fn over_the_cap_keeps_the_prefix(status: u16) {
    for framing in [Framing::Chunked, Framing::ReadToClose, Framing::LyingLength] {
        for (name, spec) in specs() {
            let what = format!("{status} {framing:?} {name}");
            let sent = body_bytes(SENT, 0);
            let (url, connections) = serve(vec![answer(status, framing, &sent)]).await;
            let clock = ManualClock::new();
            let service = support::service_with(&url, transport(&clock));
            let error = service.execute(spec).await.unwrap_err();
            assert_eq!(
                connections.load(Ordering::SeqCst),
                1,
                "{what}: never fetched again"
            );
            assert_eq!(error.status(), Some(status), "{what}");
            let one_time_success = name == "one-time POST" && (200..300).contains(&status);
            if !one_time_success {
                assert!(
                    matches!(error.kind(), ErrorKind::BodyTooLarge { limit: CAP, .. }),
                    "{what}: {error:?}"
                );
            }
            assert_keeps_prefix(&error, &sent, &what);
        }
    }
}

#[tokio::test]
async fn a_2xx_body_over_the_cap_keeps_exactly_the_first_cap_bytes_however_framed() {
    over_the_cap_keeps_the_prefix(200).await;
}

#[tokio::test]
async fn a_5xx_body_over_the_cap_keeps_exactly_the_first_cap_bytes_however_framed() {
    over_the_cap_keeps_the_prefix(500).await;
}

#[tokio::test]
async fn a_declared_length_over_the_cap_is_refused_before_reading_and_keeps_nothing() {
    let sent = body_bytes(SENT, 0);
    let mut bytes =
        format!("HTTP/1.1 200 OK\r\ncontent-length: {SENT}\r\nconnection: close\r\n\r\n")
            .into_bytes();
    bytes.extend_from_slice(&sent);
    let (url, _) = serve(vec![bytes]).await;
    let clock = ManualClock::new();
    let service = support::service_with(&url, transport(&clock));
    let error = service
        .execute(RequestSpec::get("get").segment("t").id_segment("1"))
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::BodyTooLarge { limit: CAP, .. }),
        "{error:?}"
    );
    assert!(error.body().is_none(), "no byte was read: {error:?}");
}

#[tokio::test]
async fn a_retried_read_ending_over_the_cap_keeps_only_the_last_answers_prefix() {
    // First a 503 (retried), then an answer over the cap: the error keeps the
    // prefix of the second answer only, never the two together.
    let first = body_bytes(CAP - 10, 3);
    let mut retried = b"HTTP/1.1 503 X\r\nretry-after: 0\r\nconnection: close\r\n".to_vec();
    retried.extend_from_slice(format!("content-length: {}\r\n\r\n", first.len()).as_bytes());
    retried.extend_from_slice(&first);
    let sent = body_bytes(SENT, 0);
    let (url, connections) = serve(vec![
        retried.clone(),
        answer(500, Framing::Chunked, &sent),
        retried,
        answer(200, Framing::Chunked, &sent),
    ])
    .await;
    let clock = ManualClock::new();
    let service = support::service_with(&url, transport(&clock));
    let spec = RequestSpec::get("get").segment("t").id_segment("1");
    let error = service.execute(spec.clone()).await.unwrap_err();
    assert_eq!(connections.load(Ordering::SeqCst), 2);
    assert_eq!(error.status(), Some(500));
    assert_keeps_prefix(&error, &sent, "first call");
    // The same service again: a fresh buffer, nothing of the first call.
    let error = service.execute(spec).await.unwrap_err();
    assert_eq!(connections.load(Ordering::SeqCst), 4);
    assert_eq!(error.status(), Some(200));
    assert_keeps_prefix(&error, &sent, "second call");
}

#[tokio::test]
async fn a_content_length_under_the_cap_that_lies_short_is_read_as_declared() {
    // The framing is the declared length: the bytes after it are not part of
    // the answer, so a cut document fails to decode with what was declared.
    let sent = br#"{"id":"1","status":"done"}"#;
    let mut bytes = b"HTTP/1.1 200 OK\r\ncontent-length: 9\r\nconnection: close\r\n\r\n".to_vec();
    bytes.extend_from_slice(sent);
    let (url, connections) = serve(vec![bytes]).await;
    let clock = ManualClock::new();
    let service = support::service_with(&url, transport(&clock));
    let error = service
        .execute(RequestSpec::get("get").segment("t").id_segment("1"))
        .await
        .and_then(|raw| raw.decode_json::<serde_json::Value>())
        .unwrap_err();
    assert_eq!(connections.load(Ordering::SeqCst), 1);
    assert!(matches!(error.kind(), ErrorKind::Decode(_)), "{error:?}");
    assert_eq!(error.body().unwrap().as_bytes(), &sent[..9]);
}
