//! Answers a raw server writes in pieces, with odd framings, lies and stalls,
//! through `Service` as a provider drives it: each is a typed error keeping what
//! arrived (or the answer itself), ends by its deadline, and a request that
//! must never be resent is sent once once it may have reached the server.
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
    time::{Duration, Instant},
};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpListener,
};
use txstatus_core::{
    Error, ErrorKind, ManualClock, RetryPolicy, TransportBuilder,
    provider::{RequestSpec, RetryClass, Service},
};

/// One thing the server does on a connection, after reading the request head.
#[derive(Clone)]
pub enum Step {
    /// Writes these bytes in pieces of this many bytes, flushing each.
    Write(Vec<u8>, usize),
    /// Waits.
    Pause(Duration),
    /// Writes these bytes again and again, pausing between, for as long as
    /// the peer reads.
    Repeat(Vec<u8>, Duration),
}

/// Serves `script` on every connection (closing after it); counts connections.
pub async fn serve(script: Vec<Step>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = connections.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
            let script = script.clone();
            tokio::spawn(async move {
                socket.set_nodelay(true).unwrap();
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(k) => head.extend_from_slice(&buf[..k]),
                    }
                }
                for step in script {
                    match step {
                        Step::Write(bytes, piece) => {
                            for part in bytes.chunks(piece.max(1)) {
                                if socket.write_all(part).await.is_err() {
                                    return;
                                }
                                let _ = socket.flush().await;
                                if piece < bytes.len() {
                                    tokio::task::yield_now().await;
                                }
                            }
                        }
                        Step::Pause(pause) => tokio::time::sleep(pause).await,
                        Step::Repeat(bytes, pause) => loop {
                            if socket.write_all(&bytes).await.is_err() {
                                return;
                            }
                            tokio::time::sleep(pause).await;
                        },
                    }
                }
                let _ = socket.shutdown().await;
            });
        }
    });
    (url, connections)
}

fn write(bytes: &[u8]) -> Step {
    Step::Write(bytes.to_vec(), usize::MAX)
}

fn service(url: &str, deadline: Duration, policy: RetryPolicy) -> Service {
    support::service_with(
        url,
        TransportBuilder::new()
            .no_proxy()
            .attempt_timeout(Duration::from_secs(10))
            .deadline(deadline)
            .body_limit(1000)
            .retry_policy(policy),
    )
}

/// Three attempts, no backoff: the count of connections is the count of sends.
fn three_quick() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        initial_backoff: Duration::ZERO,
        max_backoff: Duration::ZERO,
        ..RetryPolicy::default()
    }
}

fn spec(class: RetryClass) -> RequestSpec {
    match class {
        RetryClass::NeverResend => RequestSpec::post("create")
            .segment("t")
            .json_body(&b"{}"[..]),
        class => RequestSpec::get("read").segment("t").retry(class),
    }
}

const CLASSES: [RetryClass; 3] = [
    RetryClass::Idempotent,
    RetryClass::NeverResend,
    RetryClass::KeepFirstSuccess,
];

/// The bytes an error kept, as text for messages.
fn kept(error: &Error) -> Option<Vec<u8>> {
    error.body().map(|body| body.as_bytes().to_vec())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_written_in_pieces_of_any_size_reads_as_one() {
    let body = br#"{"status":"approved","id":"tx-1"}"#;
    let mut plain =
        format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n", body.len()).into_bytes();
    plain.extend_from_slice(body);
    let mut chunked = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n".to_vec();
    for part in body.chunks(7) {
        chunked.extend_from_slice(format!("{:x};ext=1\r\n", part.len()).as_bytes());
        chunked.extend_from_slice(part);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\nx-trailer: t\r\n\r\n");
    let mut folded = b"HTTP/1.1 200 OK\r\nx-note: a\r\n b\r\n".to_vec();
    folded.extend_from_slice(format!("content-length: {}\r\n\r\n", body.len()).as_bytes());
    folded.extend_from_slice(body);
    for (name, bytes) in [("plain", plain), ("chunked", chunked), ("folded", folded)] {
        for piece in [1, 2, 3, 5, 13, 64] {
            let (url, connections) = serve(vec![Step::Write(bytes.clone(), piece)]).await;
            let raw = service(&url, Duration::from_secs(5), three_quick())
                .execute(spec(RetryClass::KeepFirstSuccess))
                .await
                .unwrap_or_else(|error| panic!("{name}/{piece}: {error:?}"));
            assert_eq!(raw.body().as_bytes(), body, "{name}/{piece}");
            assert_eq!(connections.load(Ordering::SeqCst), 1, "{name}/{piece}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_chunk_size_is_a_transport_error_keeping_the_chunks_before_it() {
    let head = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n";
    // A good chunk, then a chunk-size line that is not one.
    for bad in [
        &b"zz\r\n"[..],
        b"-1\r\n",
        b"0x2\r\n",
        b"2 2\r\n",
        b"ffffffffffffffffff\r\nab",
        b"\r\n",
        b"2\r\nabXX",
        b"2\xff\r\nab\r\n",
    ] {
        let shown = String::from_utf8_lossy(bad).into_owned();
        let mut bytes = head.as_bytes().to_vec();
        bytes.extend_from_slice(b"3\r\n{\"a\r\n");
        bytes.extend_from_slice(bad);
        for class in CLASSES {
            let (url, connections) = serve(vec![write(&bytes)]).await;
            let began = Instant::now();
            let error = service(&url, Duration::from_secs(3), three_quick())
                .execute(spec(class))
                .await
                .expect_err(&shown);
            assert!(
                began.elapsed() < Duration::from_secs(3),
                "{shown}/{class:?}"
            );
            assert!(
                matches!(error.kind(), ErrorKind::Transport(_)),
                "{shown}/{class:?}: {error:?}"
            );
            assert_eq!(error.status(), Some(200), "{shown}/{class:?}");
            let body = kept(&error).unwrap();
            assert!(body.starts_with(b"{\"a"), "{shown}/{class:?}: {body:?}");
            let sends = connections.load(Ordering::SeqCst);
            let expected = if class == RetryClass::Idempotent {
                3
            } else {
                1
            };
            assert_eq!(sends, expected, "{shown}/{class:?}");
            let printed = format!("{error} {error:?}");
            assert!(!printed.contains("ffffffff"), "{shown}: {printed}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_closed_mid_head_is_resent_only_when_the_class_allows() {
    for cut in [
        &b""[..],
        b"HTTP/1.1 2",
        b"HTTP/1.1 200 OK\r\n",
        b"HTTP/1.1 200 OK\r\ncontent-le",
        b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n",
        b"HTTP/1.1 429 Slow down\r\nretry-after: 0\r\n",
    ] {
        let shown = String::from_utf8_lossy(cut).into_owned();
        for class in CLASSES {
            let (url, connections) = serve(vec![write(cut)]).await;
            let error = service(&url, Duration::from_secs(3), three_quick())
                .execute(spec(class))
                .await
                .expect_err(&shown);
            assert!(
                matches!(error.kind(), ErrorKind::Transport(_)),
                "{shown:?}/{class:?}: {error:?}"
            );
            assert_eq!(error.status(), None, "{shown:?}/{class:?}");
            assert!(error.may_have_been_sent(), "{shown:?}/{class:?}");
            let expected = if class == RetryClass::NeverResend {
                1
            } else {
                3
            };
            assert_eq!(
                connections.load(Ordering::SeqCst),
                expected,
                "{shown:?}/{class:?}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_that_stalls_or_trickles_ends_by_the_deadline_keeping_what_arrived() {
    let deadline = Duration::from_millis(500);
    // (what, the script, the status the error keeps, the bytes it keeps first)
    type Case = (&'static str, Vec<Step>, Option<u16>, &'static [u8]);
    let cases: Vec<Case> = vec![
        (
            "a 503 asking a wait, then a stall mid-body",
            vec![
                write(b"HTTP/1.1 503 X\r\nretry-after: 0\r\ncontent-length: 100\r\n\r\nabc"),
                Step::Pause(Duration::from_secs(30)),
            ],
            Some(503),
            b"abc",
        ),
        (
            "a 200 then a stall before the body",
            vec![
                write(b"HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n"),
                Step::Pause(Duration::from_secs(30)),
            ],
            Some(200),
            b"",
        ),
        (
            "a chunked 200 that stalls after a chunk",
            vec![
                write(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\n{\"\r\n"),
                Step::Pause(Duration::from_secs(30)),
            ],
            Some(200),
            b"{\"",
        ),
        (
            "a body trickling one byte at a time",
            vec![
                write(b"HTTP/1.1 200 OK\r\ncontent-length: 900\r\n\r\n"),
                Step::Repeat(b"x".to_vec(), Duration::from_millis(100)),
            ],
            Some(200),
            b"x",
        ),
        (
            "endless informational answers",
            vec![Step::Repeat(
                b"HTTP/1.1 102 Processing\r\n\r\n".to_vec(),
                Duration::from_millis(50),
            )],
            None,
            b"",
        ),
        (
            "a head trickling one header at a time",
            vec![
                write(b"HTTP/1.1 200 OK\r\n"),
                Step::Repeat(b"x-a: b\r\n".to_vec(), Duration::from_millis(50)),
            ],
            None,
            b"",
        ),
    ];
    for (name, script, status, prefix) in cases {
        for class in CLASSES {
            let (url, connections) = serve(script.clone()).await;
            let began = Instant::now();
            let error = service(&url, deadline, three_quick())
                .execute(spec(class))
                .await
                .expect_err(name);
            let took = began.elapsed();
            assert!(
                took < deadline + Duration::from_millis(400),
                "{name}/{class:?}: {took:?}"
            );
            assert!(error.is_timeout(), "{name}/{class:?}: {error:?}");
            assert_eq!(error.status(), status, "{name}/{class:?}");
            if status.is_some() {
                let body = kept(&error).unwrap();
                assert!(body.starts_with(prefix), "{name}/{class:?}: {body:?}");
            }
            assert!(connections.load(Ordering::SeqCst) >= 1, "{name}/{class:?}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_lines_out_of_every_range_are_typed_and_never_resent_as_writes() {
    // (status line, the status an error names: None when no answer was read)
    let cases: Vec<(&[u8], Option<Option<u16>>)> = vec![
        (b"HTTP/1.1 1000 X", Some(None)),
        (b"HTTP/1.1 20 OK", Some(None)),
        (b"HTTP/1.1 +20 OK", Some(None)),
        (b"HTTP/1.1 2OO OK", Some(None)),
        (b"HTTP/1.1 -200 OK", Some(None)),
        (b"HTTP/1.1 600 Beyond", Some(Some(600))),
        (b"HTTP/1.1 599 Edge", Some(Some(599))),
        (b"HTTP/1.1 999 Nine", Some(Some(999))),
        (b"HTTP/1.1 200 \xff\xfe\x80", None),
        (b"HTTP/1.1 200", None),
        (b"HTTP/1.0 200 OK", None),
        (b"HTTP/1.1 204 No Content", None),
    ];
    for (line, expected) in cases {
        let shown = String::from_utf8_lossy(line).into_owned();
        let mut bytes = line.to_vec();
        bytes.extend_from_slice(b"\r\ncontent-length: 2\r\n\r\n{}");
        for class in CLASSES {
            let (url, connections) = serve(vec![write(&bytes)]).await;
            let result = service(&url, Duration::from_secs(3), three_quick())
                .execute(spec(class))
                .await;
            let sends = connections.load(Ordering::SeqCst);
            match (expected, result) {
                (None, Ok(raw)) => {
                    assert_eq!(sends, 1, "{shown}/{class:?}");
                    assert!(raw.status() < 300, "{shown}");
                }
                (Some(status), Err(error)) => {
                    assert_eq!(error.status(), status, "{shown}/{class:?}: {error:?}");
                    match status {
                        Some(_) => {
                            assert_eq!(sends, 1, "{shown}/{class:?}");
                            assert_eq!(kept(&error).unwrap(), b"{}", "{shown}/{class:?}");
                        }
                        None => {
                            assert!(
                                matches!(error.kind(), ErrorKind::Transport(t) if t.answer_unreadable),
                                "{shown}/{class:?}: {error:?}"
                            );
                            // An unreadable answer may have been a success: only a
                            // read is sent again, not a one-time request.
                            let expected = if class == RetryClass::Idempotent {
                                3
                            } else {
                                1
                            };
                            assert_eq!(sends, expected, "{shown}/{class:?}");
                        }
                    }
                }
                (_, other) => panic!("{shown}/{class:?}: {other:?}"),
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_or_conflicting_framing_headers_never_give_a_wrong_body() {
    let chunked_body = b"2\r\n{}\r\n0\r\n\r\n";
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "the same length twice",
            b"content-length: 2\r\ncontent-length: 2\r\n\r\n{}".to_vec(),
        ),
        (
            "a list of one length",
            b"content-length: 2, 2\r\n\r\n{}".to_vec(),
        ),
        (
            "a list of two lengths",
            b"content-length: 2, 3\r\n\r\n{}x".to_vec(),
        ),
        (
            "a length with a plus",
            b"content-length: +2\r\n\r\n{}".to_vec(),
        ),
        ("a length in hex", b"content-length: 0x2\r\n\r\n{}".to_vec()),
        (
            "a length with spaces inside",
            b"content-length: 1 1\r\n\r\n{}".to_vec(),
        ),
        ("an empty length", b"content-length:\r\n\r\n{}".to_vec()),
        (
            "a length beside chunked",
            [
                &b"content-length: 40\r\ntransfer-encoding: chunked\r\n\r\n"[..],
                chunked_body,
            ]
            .concat(),
        ),
        (
            "chunked twice",
            [
                &b"transfer-encoding: chunked\r\ntransfer-encoding: chunked\r\n\r\n"[..],
                chunked_body,
            ]
            .concat(),
        ),
        (
            "chunked not last",
            [
                &b"transfer-encoding: chunked, identity\r\n\r\n"[..],
                chunked_body,
            ]
            .concat(),
        ),
        (
            "an unknown coding",
            [
                &b"transfer-encoding: x-secret-coding\r\n\r\n"[..],
                chunked_body,
            ]
            .concat(),
        ),
    ];
    for (name, rest) in cases {
        let mut bytes = b"HTTP/1.1 200 OK\r\n".to_vec();
        bytes.extend_from_slice(&rest);
        let (url, _) = serve(vec![write(&bytes)]).await;
        let began = Instant::now();
        let result = service(&url, Duration::from_secs(2), three_quick())
            .execute(spec(RetryClass::KeepFirstSuccess))
            .await;
        assert!(began.elapsed() < Duration::from_secs(3), "{name}");
        match result {
            Ok(raw) => {
                let body = raw.body().as_bytes();
                assert!(
                    body == b"{}" || body == chunked_body,
                    "{name}: {:?}",
                    String::from_utf8_lossy(body)
                );
            }
            Err(error) => {
                assert!(
                    matches!(error.kind(), ErrorKind::Transport(_)),
                    "{name}: {error:?}"
                );
                let printed = format!("{error} {error:?}");
                assert!(!printed.contains("x-secret"), "{name}: {printed}");
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_over_the_cap_keeps_its_status_and_at_most_the_cap() {
    let big = vec![b'z'; 5000];
    let mut chunked = b"HTTP/1.1 502 Bad\r\ntransfer-encoding: chunked\r\n\r\n".to_vec();
    for part in big.chunks(300) {
        chunked.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
        chunked.extend_from_slice(part);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let mut to_close = b"HTTP/1.0 502 Bad\r\n\r\n".to_vec();
    to_close.extend_from_slice(&big);
    let mut declared = b"HTTP/1.1 502 Bad\r\ncontent-length: 5000\r\n\r\n".to_vec();
    declared.extend_from_slice(&big);
    let mut exactly = b"HTTP/1.1 502 Bad\r\ntransfer-encoding: chunked\r\n\r\n3e8\r\n".to_vec();
    exactly.extend_from_slice(&big[..1000]);
    exactly.extend_from_slice(b"\r\n0\r\n\r\n");
    for (name, bytes, over) in [
        ("chunked", chunked, true),
        ("read to close", to_close, true),
        ("declared", declared, true),
        ("exactly the cap", exactly, false),
    ] {
        for class in CLASSES {
            let (url, connections) = serve(vec![Step::Write(bytes.clone(), 777)]).await;
            let error = service(&url, Duration::from_secs(3), three_quick())
                .execute(spec(class))
                .await
                .expect_err(name);
            assert_eq!(error.status(), Some(502), "{name}/{class:?}: {error:?}");
            let body = kept(&error).unwrap_or_default();
            assert!(body.len() <= 1000, "{name}/{class:?}");
            assert!(body.iter().all(|b| *b == b'z'), "{name}/{class:?}");
            if over {
                assert!(
                    matches!(error.kind(), ErrorKind::BodyTooLarge { .. }),
                    "{name}/{class:?}: {error:?}"
                );
                assert_eq!(connections.load(Ordering::SeqCst), 1, "{name}/{class:?}");
            } else {
                assert_eq!(body.len(), 1000, "{name}/{class:?}");
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_loop_never_exceeds_the_policy_nor_waits_past_the_deadline() {
    let past = "Thu, 01 Jan 1970 00:00:00 GMT";
    let far = "Fri, 31 Dec 9999 23:59:59 GMT";
    let forms: Vec<(&str, Vec<&str>)> = vec![
        ("none", vec![]),
        ("zero", vec!["0"]),
        ("seconds", vec!["2"]),
        ("negative", vec!["-5"]),
        ("fractional", vec!["1.5"]),
        ("a past date", vec![past]),
        ("a far date", vec![far]),
        ("huge", vec!["99999999999999999999999999"]),
        ("repeated", vec!["1", "3"]),
        ("a list", vec!["1, 4"]),
        ("empty", vec![""]),
        ("a date and seconds", vec![past, "2"]),
    ];
    for status in [429u16, 503] {
        for (name, values) in &forms {
            for max_attempts in [0u32, 1, 2, 4] {
                // Not kept alive: each send is one connection, counted.
                let mut head =
                    format!("HTTP/1.1 {status} X\r\nconnection: close\r\ncontent-length: 2\r\n");
                for value in values {
                    head.push_str(&format!("retry-after: {value}\r\n"));
                }
                head.push_str("\r\n{}");
                let (url, connections) = serve(vec![write(head.as_bytes())]).await;
                let clock = ManualClock::new();
                let deadline = Duration::from_secs(10);
                let service = support::service_with(
                    &url,
                    TransportBuilder::new()
                        .no_proxy()
                        .clock(Arc::new(clock.clone()))
                        .deadline(deadline)
                        .retry_policy(RetryPolicy {
                            max_attempts,
                            ..RetryPolicy::default()
                        }),
                );
                let label = format!("{status} {name} {max_attempts}");
                for class in CLASSES {
                    connections.store(0, Ordering::SeqCst);
                    let before = clock.elapsed();
                    let error = service.execute(spec(class)).await.expect_err(&label);
                    let sends = connections.load(Ordering::SeqCst) as u32;
                    assert!(sends >= 1, "{label}/{class:?}");
                    assert!(sends <= max_attempts.max(1), "{label}/{class:?}: {sends}");
                    if class == RetryClass::NeverResend {
                        assert_eq!(sends, 1, "{label}/{class:?}");
                    }
                    let waited = clock.elapsed() - before;
                    assert!(waited < deadline, "{label}/{class:?}: {waited:?}");
                    assert_eq!(error.status(), Some(status), "{label}/{class:?}");
                    assert_eq!(kept(&error).unwrap(), b"{}", "{label}/{class:?}");
                }
            }
        }
    }
}

#[tokio::test(flavor = "current_thread")]
async fn answers_with_personal_text_in_their_framing_leave_none_in_traces_or_errors() {
    const NAME: &str = "Gerritje Kraaijeveld";
    const IBAN: &str = "NL02ABNA0123456789";
    const TOKEN: &str = "tok_FrAmInG_Secret_88";
    let answers: Vec<(&str, Vec<u8>)> = vec![
        (
            "a reason phrase",
            format!("HTTP/1.1 500 {NAME} {IBAN}\r\ncontent-length: 2\r\n\r\n{{}}").into_bytes(),
        ),
        (
            "chunk extensions and trailers",
            format!(
                "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2;name=\"{NAME}\"\r\n{{}}\r\n0;iban={IBAN}\r\nx-holder: {NAME}\r\n\r\n"
            )
            .into_bytes(),
        ),
        (
            "a chunk size that is text",
            format!("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n{IBAN}\r\n{{}}\r\n")
                .into_bytes(),
        ),
        (
            "a folded and a binary header",
            format!(
                "HTTP/1.1 503 X\r\nx-holder: {NAME}\r\n {IBAN}\r\nx-raw: \u{ff}{TOKEN}\r\nretry-after: {IBAN}\r\ncontent-length: 2\r\n\r\n{{}}"
            )
            .into_bytes(),
        ),
        (
            "a length that is text",
            format!("HTTP/1.1 200 OK\r\ncontent-length: {IBAN}\r\n\r\n{{}}").into_bytes(),
        ),
        (
            "a status that is text",
            format!("HTTP/1.1 {IBAN} {NAME}\r\ncontent-length: 2\r\n\r\n{{}}").into_bytes(),
        ),
        (
            "a body over the cap",
            format!(
                "HTTP/1.1 502 X\r\ncontent-length: 3000\r\n\r\n{}",
                format!("{NAME} {IBAN} ").repeat(200)
            )
            .into_bytes()[..3040]
                .to_vec(),
        ),
    ];
    for (name, bytes) in answers {
        let (url, _) = serve(vec![write(&bytes)]).await;
        let recorder = txstatus_core::test_util::TraceCapture::default();
        let result = {
            let _guard = txstatus_core::test_util::set_test_subscriber(recorder.clone());
            let service = service(&url, Duration::from_secs(3), three_quick()).with_auth(Arc::new(
                txstatus_core::provider::BearerToken::new(
                    "test",
                    &txstatus_core::SecretString::from(TOKEN),
                )
                .unwrap(),
            ));
            service
                .execute(
                    RequestSpec::get("read")
                        .segment("t")
                        .id_segment("4012888888881881")
                        .query("holder", NAME),
                )
                .await
        };
        let mut shown = recorder.text();
        assert!(!shown.is_empty(), "{name}: nothing traced");
        if let Err(error) = &result {
            shown.push_str(&format!("\n{error}\n{error:?}"));
            let mut source = std::error::Error::source(error);
            while let Some(inner) = source {
                shown.push_str(&format!("\n{inner} / {inner:?}"));
                source = inner.source();
            }
        }
        for marker in [
            NAME,
            "Gerritje",
            "Kraaijeveld",
            IBAN,
            TOKEN,
            "4012888888881881",
        ] {
            assert!(!shown.contains(marker), "{name}: {marker} in:\n{shown}");
        }
    }
}

/// A token source that hands out a new token on every fetch.
#[derive(Debug, Default)]
struct Counting(AtomicUsize);

impl txstatus_core::provider::TokenSource for Counting {
    fn fetch(
        &self,
    ) -> txstatus_core::BoxFuture<'_, txstatus_core::Result<txstatus_core::provider::IssuedToken>>
    {
        Box::pin(async move {
            let n = self.0.fetch_add(1, Ordering::SeqCst);
            Ok(txstatus_core::provider::IssuedToken {
                token: txstatus_core::SecretString::from(format!("tok-{n}")),
                expires_in: Duration::from_secs(3600),
            })
        })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_401_costs_at_most_one_send_past_the_policy_and_only_once() {
    let unauthorized =
        b"HTTP/1.1 401 No\r\nconnection: close\r\ncontent-length: 2\r\n\r\n{}".to_vec();
    for max_attempts in [0u32, 1, 2, 3] {
        for class in CLASSES {
            let (url, connections) = serve(vec![write(&unauthorized)]).await;
            let clock = ManualClock::new();
            let source = Arc::new(Counting::default());
            let auth = Arc::new(txstatus_core::provider::CachedToken::new(
                source.clone(),
                Arc::new(clock.clone()),
            ));
            let policy = RetryPolicy {
                max_attempts,
                ..three_quick()
            };
            let error = service(&url, Duration::from_secs(5), policy)
                .with_auth(auth)
                .execute(spec(class))
                .await
                .expect_err("401");
            assert_eq!(error.status(), Some(401), "{max_attempts}/{class:?}");
            // One send, one refresh, one send with the fresh token: never a
            // second refresh, whatever the policy allows.
            assert_eq!(
                connections.load(Ordering::SeqCst),
                2,
                "{max_attempts}/{class:?}"
            );
            assert_eq!(
                source.0.load(Ordering::SeqCst),
                2,
                "{max_attempts}/{class:?}"
            );
        }
    }
}
