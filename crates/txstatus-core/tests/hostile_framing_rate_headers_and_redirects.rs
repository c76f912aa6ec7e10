//! Eighteenth outside audit: a raw local server answering with hostile
//! headers, framings and bodies, through `Service` as a provider drives it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use std::{
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpListener,
};
use txstatus_core::{
    ErrorKind, ManualClock, SecretString, TransportBuilder,
    provider::{BearerToken, RequestSpec, Service},
};

const TOKEN: &str = "SECRET-TOKEN-4711";

/// Serves `answers[n]` to the n-th connection (the last one again after), one
/// answer per connection, then closes; records each request head.
async fn serve(answers: Vec<Vec<u8>>) -> (String, Arc<AtomicUsize>, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let heads = Arc::new(Mutex::new(Vec::new()));
    let (c, h) = (connections.clone(), heads.clone());
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let n = c.fetch_add(1, Ordering::SeqCst);
            let answer = answers[n.min(answers.len() - 1)].clone();
            let h = h.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => break,
                        Ok(k) => head.extend_from_slice(&buf[..k]),
                    }
                }
                h.lock()
                    .unwrap()
                    .push(String::from_utf8_lossy(&head).into_owned());
                let _ = socket.write_all(&answer).await;
                let _ = socket.flush().await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (url, connections, heads)
}

fn service(url: &str) -> Service {
    service_on(url, &ManualClock::new())
}

fn service_on(url: &str, clock: &ManualClock) -> Service {
    let clock = clock.clone();
    support::service_with(
        url,
        TransportBuilder::new()
            .clock(Arc::new(clock))
            .attempt_timeout(Duration::from_secs(5))
            .no_proxy(),
    )
    .with_auth(Arc::new(
        BearerToken::new("test", &SecretString::from(TOKEN)).unwrap(),
    ))
}

/// An answer: `head` with `\n` line ends made `\r\n`, a blank line, `body`.
fn answer(head: &str, body: &[u8]) -> Vec<u8> {
    let mut out = head.replace('\n', "\r\n").into_bytes();
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    out
}

fn with_length(status: &str, body: &[u8]) -> Vec<u8> {
    answer(
        &format!("HTTP/1.1 {status}\ncontent-length: {}\n", body.len()),
        body,
    )
}

/// What a hostile answer must come to.
enum Expect {
    /// A success whose body does not decode: a decode error keeping all of it.
    DecodeError,
    /// A whole answer with this status: an error keeping all of its body.
    Status(u16),
    /// A framing the client cannot read: a transport error, retried as a read.
    Unreadable,
    /// A status line and part of a body: a transport error keeping that part,
    /// retried as a read.
    CutShort(usize),
    /// Over the cap: refused, never fetched again.
    TooLarge,
    /// Read and decoded.
    Decoded,
}

#[tokio::test]
async fn hostile_framings_and_bodies_are_typed_errors_that_keep_the_body_and_show_no_secret() {
    let deep = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let nested = |depth: usize| format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
    let mut whitespace = vec![b' '; 3_000_000];
    whitespace.extend_from_slice(b"{}");
    let cases: Vec<(&str, Vec<u8>, Expect)> = vec![
        (
            "cut mid UTF-8",
            with_length("200 OK", b"{\"a\":\"\xe2\x82\"}"),
            Expect::DecodeError,
        ),
        (
            "NUL in a string",
            with_length("200 OK", b"{\"a\":\"\0x\"}"),
            Expect::DecodeError,
        ),
        (
            "NUL after",
            with_length("200 OK", b"{}\0"),
            Expect::DecodeError,
        ),
        (
            "lone high surrogate",
            with_length("200 OK", br#"{"a":"\ud800"}"#),
            Expect::DecodeError,
        ),
        (
            "lone low surrogate key",
            with_length("200 OK", br#"{"\udc00":1}"#),
            Expect::DecodeError,
        ),
        (
            "1e999",
            with_length("200 OK", br#"{"a":1e999}"#),
            Expect::DecodeError,
        ),
        ("-0", with_length("200 OK", br#"{"a":-0}"#), Expect::Decoded),
        (
            "00012",
            with_length("200 OK", br#"{"a":00012}"#),
            Expect::DecodeError,
        ),
        (
            "trailing garbage",
            with_length("200 OK", br#"{"a":1}xx"#),
            Expect::DecodeError,
        ),
        (
            "two documents",
            with_length("200 OK", b"{}{}"),
            Expect::DecodeError,
        ),
        (
            // RFC 8259 lets a parser ignore it: skipped (decode_utf8.rs).
            "byte order mark",
            with_length("200 OK", b"\xef\xbb\xbf{}"),
            Expect::Decoded,
        ),
        (
            "two byte order marks",
            with_length("200 OK", b"\xef\xbb\xbf\xef\xbb\xbf{}"),
            Expect::DecodeError,
        ),
        (
            "UTF-16",
            with_length("200 OK", b"\xff\xfe{\0}\0"),
            Expect::DecodeError,
        ),
        (
            "3 MB of whitespace",
            with_length("200 OK", &whitespace),
            Expect::Decoded,
        ),
        (
            "10 MB of whitespace",
            with_length("200 OK", &vec![b' '; 10_000_000]),
            Expect::TooLarge,
        ),
        (
            "arrays 127 deep",
            with_length("200 OK", deep(127).as_bytes()),
            Expect::Decoded,
        ),
        (
            "arrays 128 deep",
            with_length("200 OK", deep(128).as_bytes()),
            Expect::DecodeError,
        ),
        (
            "arrays 1,000,000 deep",
            with_length("200 OK", deep(1_000_000).as_bytes()),
            Expect::DecodeError,
        ),
        (
            "objects 127 deep",
            with_length("200 OK", nested(127).as_bytes()),
            Expect::Decoded,
        ),
        (
            "objects 128 deep",
            with_length("200 OK", nested(128).as_bytes()),
            Expect::DecodeError,
        ),
        (
            "objects left open",
            with_length("200 OK", "{\"a\":".repeat(200_000).as_bytes()),
            Expect::DecodeError,
        ),
        (
            "a 3 MB number",
            with_length("200 OK", format!("[{}]", "9".repeat(3_000_000)).as_bytes()),
            Expect::DecodeError,
        ),
        (
            "odd content type",
            answer(
                "HTTP/1.1 200 OK\ncontent-type: application/json; charset=\"utf-16\"; q=\u{ff}; ;\ncontent-length: 2\n",
                b"{}",
            ),
            Expect::Decoded,
        ),
        (
            "two different lengths",
            answer(
                "HTTP/1.1 200 OK\ncontent-length: 2\ncontent-length: 5\n",
                b"{}abc",
            ),
            Expect::Unreadable,
        ),
        (
            "a negative length",
            answer("HTTP/1.1 200 OK\ncontent-length: -1\n", b"{}"),
            Expect::Unreadable,
        ),
        (
            "a length past 64 bits",
            answer(
                "HTTP/1.1 200 OK\ncontent-length: 99999999999999999999999\n",
                b"{}",
            ),
            Expect::Unreadable,
        ),
        (
            "a length larger than the body",
            answer("HTTP/1.1 200 OK\ncontent-length: 100\n", b"{\"a\":"),
            Expect::CutShort(5),
        ),
        (
            "a 500 cut short",
            answer("HTTP/1.1 500 E\ncontent-length: 100\n", b"{\"a\":"),
            Expect::CutShort(5),
        ),
        (
            "a chunk size past 64 bits",
            answer(
                "HTTP/1.1 200 OK\ntransfer-encoding: chunked\n",
                b"ffffffffffffffffff\r\n{}\r\n",
            ),
            Expect::CutShort(0),
        ),
        (
            "a chunk cut short",
            answer(
                "HTTP/1.1 200 OK\ntransfer-encoding: chunked\n",
                b"10\r\n{\"a\":",
            ),
            Expect::CutShort(5),
        ),
        (
            "a status of 099",
            with_length("099 X", b"{}"),
            Expect::Unreadable,
        ),
        (
            "an HTTP/2 status line",
            answer("HTTP/2 200 OK\ncontent-length: 2\n", b"{}"),
            Expect::Unreadable,
        ),
        (
            "a 100 then nothing",
            answer("HTTP/1.1 100 Continue\n", b""),
            Expect::Unreadable,
        ),
        (
            "an unasked 101",
            answer(
                "HTTP/1.1 101 Switching\nupgrade: websocket\nconnection: upgrade\n",
                b"",
            ),
            Expect::Status(101),
        ),
        (
            "a status of 999",
            with_length("999 X", b"<html>SECRET-PAGE</html>"),
            Expect::Status(999),
        ),
        (
            "2,000 early hints",
            {
                let mut v = b"HTTP/1.1 103 Early Hints\r\nlink: </a>\r\n\r\n".repeat(2000);
                v.extend_from_slice(&with_length("200 OK", b"{}"));
                v
            },
            Expect::Decoded,
        ),
        (
            "an HTML 503",
            answer(
                "HTTP/1.1 503 X\nretry-after: \u{20ac}5\ncontent-type: text/html\ncontent-length: 24\n",
                b"<html>SECRET-PAGE</html>",
            ),
            Expect::Status(503),
        ),
    ];
    for (name, bytes, expect) in cases {
        let sent_body = bytes
            .windows(4)
            .rposition(|w| w == b"\r\n\r\n")
            .map(|at| bytes[at + 4..].to_vec())
            .unwrap();
        let (url, connections, heads) = serve(vec![bytes]).await;
        let result = service(&url)
            .execute(RequestSpec::get("get").segment("t").id_segment("1"))
            .await
            .and_then(|raw| raw.decode_json::<serde_json::Value>());
        let attempts = connections.load(Ordering::SeqCst);
        assert!(
            heads.lock().unwrap().iter().all(|h| h.contains(TOKEN)),
            "{name}"
        );
        let error = match (expect, result) {
            (Expect::Decoded, Ok(_)) => {
                assert_eq!(attempts, 1, "{name}");
                continue;
            }
            (Expect::DecodeError, Err(error)) => {
                assert!(
                    matches!(error.kind(), ErrorKind::Decode(_)),
                    "{name}: {error:?}"
                );
                assert_eq!(error.body().unwrap().as_bytes(), &sent_body[..], "{name}");
                assert_eq!(attempts, 1, "{name}");
                error
            }
            (Expect::Status(status), Err(error)) => {
                assert_eq!(error.status(), Some(status), "{name}: {error:?}");
                assert_eq!(error.body().unwrap().as_bytes(), &sent_body[..], "{name}");
                error
            }
            (Expect::Unreadable, Err(error)) => {
                assert!(
                    matches!(error.kind(), ErrorKind::Transport(_)),
                    "{name}: {error:?}"
                );
                assert!(error.may_have_been_sent(), "{name}");
                assert_eq!(attempts, 3, "{name}: the retry budget");
                error
            }
            (Expect::CutShort(kept), Err(error)) => {
                assert!(
                    matches!(error.kind(), ErrorKind::Transport(_)),
                    "{name}: {error:?}"
                );
                assert_eq!(error.body().unwrap().len(), kept, "{name}");
                assert_eq!(attempts, 3, "{name}: the retry budget");
                error
            }
            (Expect::TooLarge, Err(error)) => {
                assert!(
                    matches!(error.kind(), ErrorKind::BodyTooLarge { .. }),
                    "{name}: {error:?}"
                );
                assert_eq!(attempts, 1, "{name}");
                error
            }
            (_, other) => panic!("{name}: {other:?}"),
        };
        for text in [
            error.to_string(),
            format!("{error:?}"),
            format!("{error:#?}"),
        ] {
            assert!(!text.contains(TOKEN), "{name}: {text:.300}");
            assert!(!text.contains("SECRET"), "{name}: {text:.300}");
            assert!(text.len() < 2000, "{name}: {text:.300}");
        }
    }
}

#[tokio::test]
async fn a_redirect_of_any_kind_is_an_error_and_the_token_never_reaches_its_target() {
    // The target: another origin this test controls, which must see nothing.
    let (elsewhere, reached, _) = serve(vec![with_length("200 OK", b"{}")]).await;
    let elsewhere_host = elsewhere.replace("127.0.0.1", "localhost");
    for code in [301, 302, 303, 307, 308] {
        for location in [
            format!("{elsewhere}/steal"),
            format!("{elsewhere_host}/steal"),
            format!("https://{}/steal", elsewhere.trim_start_matches("http://")),
            "//127.0.0.1:1/steal".to_owned(),
            "/t/1".to_owned(), // a loop back to the same URL
        ] {
            let (url, connections, _) = serve(vec![answer(
                &format!("HTTP/1.1 {code} Moved\nlocation: {location}\ncontent-length: 2\n"),
                b"{}",
            )])
            .await;
            let error = service(&url)
                .execute(RequestSpec::get("get").segment("t").id_segment("1"))
                .await
                .unwrap_err();
            assert_eq!(error.status(), Some(code));
            assert_eq!(error.body().unwrap().as_bytes(), b"{}");
            assert_eq!(connections.load(Ordering::SeqCst), 1, "{code} {location}");
            for text in [error.to_string(), format!("{error:?}")] {
                assert!(!text.contains("steal") && !text.contains(TOKEN), "{text}");
            }
        }
    }
    assert_eq!(reached.load(Ordering::SeqCst), 0);
}

/// Sends one GET to a server answering `head` + `body`, and returns the
/// decoded response.
async fn read_ok(head: &str, body: &[u8]) -> txstatus_core::Response<serde_json::Value> {
    let (url, _, _) = serve(vec![answer(head, body)]).await;
    service(&url)
        .execute(RequestSpec::get("get").segment("t").id_segment("1"))
        .await
        .unwrap()
        .decode_json::<serde_json::Value>()
        .unwrap()
}

#[tokio::test]
async fn rate_limit_figures_are_read_with_the_retry_after_grammar_and_the_most_cautious_line_wins()
{
    // A sign is not a count (as for `Retry-After`), a count past 64 bits is the
    // largest one (never "no figure"), and of several lines or list members the
    // lowest limit and remaining and the latest reset are the ones reported.
    let r = read_ok(
        "HTTP/1.1 200 OK\nratelimit-limit: +5\nratelimit-remaining: 3\nratelimit-remaining: 0\n\
         ratelimit-reset: 99999999999999999999\ncontent-length: 2\n",
        b"{}",
    )
    .await;
    let info = r.rate_limit();
    assert_eq!(
        (info.limit, info.remaining, info.reset),
        (None, Some(0), Some(u64::MAX))
    );
    // A list with quota policies (`10, 10;w=1, 50;w=60`) and a comma-joined reset.
    let r = read_ok(
        "HTTP/1.1 200 OK\nratelimit-limit: 50;w=60, 10;w=1\nratelimit-remaining: -1\n\
         ratelimit-reset: 5, 9\ncontent-length: 2\n",
        b"{}",
    )
    .await;
    let info = r.rate_limit();
    assert_eq!(
        (info.limit, info.remaining, info.reset),
        (Some(10), None, Some(9))
    );
}

#[tokio::test]
async fn a_wait_asked_by_an_answer_whose_body_is_cut_short_is_still_honoured() {
    // The status line and `Retry-After` arrived, the body did not: the provider
    // asked for 30 s all the same, and is not asked again sooner.
    for (status, header) in [(503, "retry-after: 30"), (429, "ratelimit-reset: 30")] {
        let cut = answer(
            &format!("HTTP/1.1 {status} Busy\n{header}\ncontent-length: 100\n"),
            b"{\"a\":",
        );
        let (url, connections, _) = serve(vec![cut, with_length("200 OK", b"{}")]).await;
        let clock = ManualClock::new();
        let response = service_on(&url, &clock)
            .execute(RequestSpec::get("get").segment("t").id_segment("1"))
            .await
            .unwrap();
        assert_eq!(response.attempts(), 2);
        assert_eq!(connections.load(Ordering::SeqCst), 2);
        assert_eq!(clock.sleeps().len(), 1, "{status}");
        assert!(
            clock.sleeps()[0] >= Duration::from_secs(30),
            "{status}: {:?}",
            clock.sleeps()
        );
    }
    // Past what the policy honours (60 s): the cut-short answer is the error
    // at once, with the bytes that arrived and the wait it asked for.
    let cut = answer(
        "HTTP/1.1 503 Busy\nretry-after: 3600\ncontent-length: 100\n",
        b"{\"a\":",
    );
    let (url, connections, _) = serve(vec![cut, with_length("200 OK", b"{}")]).await;
    let clock = ManualClock::new();
    let error = service_on(&url, &clock)
        .execute(RequestSpec::get("get").segment("t").id_segment("1"))
        .await
        .unwrap_err();
    assert_eq!(connections.load(Ordering::SeqCst), 1);
    assert!(clock.sleeps().is_empty());
    assert_eq!(error.status(), Some(503));
    assert_eq!(error.body().unwrap().as_bytes(), b"{\"a\":");
    // The wait is on the error, for a caller pacing itself (a poll).
    assert_eq!(error.retry_after(), Some(Duration::from_secs(3600)));
}
