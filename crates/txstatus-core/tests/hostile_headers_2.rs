//! Status lines and headers no honest provider sends, served byte for byte from
//! a raw socket: a typed error or a correct answer, within the deadline, with no
//! header value (a redirect target, a binary or huge request id) in `Display`
//! or `Debug`; and a body in a content coding the client does not decode is
//! never taken for the file it stands in for, nor is JSON behind an image type.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use std::time::{Duration, Instant};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpListener,
};
use txstatus_core::{
    Download, ErrorKind, FileKind, RetryPolicy, TransportBuilder, provider::RequestSpec,
};

/// Answers every request on every connection with `bytes`, as they are.
async fn serve(bytes: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let bytes = bytes.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                while socket.read(&mut buf).await.is_ok_and(|n| n > 0) {
                    if socket.write_all(&bytes).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    url
}

fn service(url: &str) -> txstatus_core::provider::Service {
    let policy = RetryPolicy {
        max_attempts: 2,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(20),
        max_retry_after: Duration::from_secs(1),
    };
    support::service_with(
        url,
        TransportBuilder::new()
            .no_proxy()
            .deadline(Duration::from_secs(2))
            .retry_policy(policy),
    )
}

fn read() -> RequestSpec {
    RequestSpec::get("read").segment("t")
}

fn answer(head: &str, body: &[u8]) -> Vec<u8> {
    let mut bytes = format!("{head}\r\ncontent-length: {}\r\n\r\n", body.len()).into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_download_in_a_content_coding_is_refused_and_keeps_its_bytes() {
    // reqwest is built without decompression and sends no Accept-Encoding: a
    // gzip or br body is not the image it claims to be.
    let gzip = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03SECRET-FACE";
    for coding in ["gzip", "br", "GZIP", "identity, gzip", "x-unknown"] {
        let url = serve(answer(
            &format!("HTTP/1.1 200 OK\r\ncontent-type: image/jpeg\r\ncontent-encoding: {coding}"),
            gzip,
        ))
        .await;
        let raw = service(&url).execute(read()).await.unwrap();
        let error = Download::from_file_answer(raw, FileKind::Any).expect_err(coding);
        assert!(
            matches!(error.kind(), ErrorKind::Decode(_)),
            "{coding}: {error:?}"
        );
        assert_eq!(error.body().unwrap().as_bytes(), gzip, "{coding}");
        let shown = format!("{error} {error:?}");
        assert!(shown.contains("compressed"), "{coding}: {shown}");
        assert!(!shown.contains("SECRET"), "{coding}: {shown}");
        assert!(!shown.contains(coding), "{coding}: {shown}");
    }
    for coding in ["identity", ""] {
        let url = serve(answer(
            &format!("HTTP/1.1 200 OK\r\ncontent-type: image/jpeg\r\ncontent-encoding: {coding}"),
            b"\xff\xd8\xff",
        ))
        .await;
        let raw = service(&url).execute(read()).await.unwrap();
        let file = Download::from_file_answer(raw, FileKind::Any).expect(coding);
        assert_eq!(file.value().bytes(), b"\xff\xd8\xff", "{coding:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn odd_statuses_are_typed_errors_that_show_no_header_value() {
    let big_id = format!("req-{}", "9".repeat(100 * 1024));
    let cases: Vec<(Vec<u8>, Option<u16>)> = vec![
        (answer("HTTP/1.1 600 Nonsense", b"{}"), Some(600)),
        (answer("HTTP/1.1 999 Nonsense", b"{}"), Some(999)),
        (
            b"HTTP/1.1 101 Switching Protocols\r\nupgrade: x\r\nconnection: upgrade\r\n\r\n"
                .to_vec(),
            Some(101),
        ),
        (
            answer(
                "HTTP/1.1 302 Found\r\nlocation: https://elsewhere.example/?key=SECRET-LOCATION",
                b"",
            ),
            Some(302),
        ),
        (answer("HTTP/1.1 304 Not Modified", b""), Some(304)),
        (
            b"HTTP/1.1 500 Oops\r\nrequest-id: \xff\xfeSECRET-BINARY\r\ncontent-length: 2\r\n\r\n{}"
                .to_vec(),
            Some(500),
        ),
        (
            answer(&format!("HTTP/1.1 500 Oops\r\nrequest-id: {big_id}"), b"{}"),
            Some(500),
        ),
        (answer("HTTP/1.1 099 Too Low", b"{}"), None),
        (answer("HTTP/1.1 000 Zero", b"{}"), None),
        (answer("HTTP/2 200", b"{}"), None),
        (
            b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\n{}".to_vec(),
            None,
        ),
        (
            b"HTTP/1.1 200 OK\r\ncontent-length: 18446744073709551616\r\n\r\n{}".to_vec(),
            None,
        ),
    ];
    for (bytes, status) in cases {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(60)]).into_owned();
        let url = serve(bytes).await;
        let began = Instant::now();
        let error = service(&url).execute(read()).await.expect_err(&head);
        assert!(began.elapsed() < Duration::from_secs(4), "{head}");
        assert_eq!(error.status(), status, "{head}: {error:?}");
        if status.is_none() {
            assert!(matches!(error.kind(), ErrorKind::Transport(_)), "{head}");
        }
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("SECRET"), "{head}: {shown}");
        assert!(!shown.contains("99999999"), "{head}: {shown}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousands_of_headers_are_a_transport_error_and_one_of_100_kb_is_read() {
    let mut many = String::from("HTTP/1.1 200 OK");
    for i in 0..3000 {
        many.push_str(&format!("\r\nx-h{i}: v"));
    }
    let url = serve(answer(&many, b"{}")).await;
    let error = service(&url).execute(read()).await.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Transport(_)), "{error:?}");

    let big = format!("HTTP/1.1 200 OK\r\nx-big: {}", "a".repeat(100 * 1024));
    let url = serve(answer(&big, b"{}")).await;
    let raw = service(&url).execute(read()).await.unwrap();
    assert_eq!(raw.body().as_bytes(), b"{}");
    assert!(!format!("{raw:?}").contains("aaaa"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bytes_past_a_short_content_length_never_answer_the_next_request() {
    // A second response hidden after the declared length: the next request on
    // the pool must not read it as its own answer.
    let url = serve(
        b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}\
          HTTP/1.1 200 OK\r\ncontent-length: 9\r\n\r\n\"SMUGGLE\""
            .to_vec(),
    )
    .await;
    let service = service(&url);
    for _ in 0..3 {
        let raw = service.execute(read()).await.unwrap();
        assert_eq!(raw.body().as_bytes(), b"{}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn informational_answers_before_the_real_one_are_skipped() {
    let url = serve(
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nlink: </a>\r\n\r\n\
          HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}"
            .to_vec(),
    )
    .await;
    let raw = service(&url).execute(read()).await.unwrap();
    assert_eq!((raw.status(), raw.body().as_bytes()), (200, &b"{}"[..]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_json_answer_is_not_a_file_behind_an_image_type_named_first() {
    let body = b"{\"error\":\"link expired\"}";
    for head in [
        "HTTP/1.1 200 OK\r\ncontent-type: image/jpeg\r\ncontent-type: application/json",
        "HTTP/1.1 200 OK\r\ncontent-type: image/jpeg, application/json",
    ] {
        let url = serve(answer(head, body)).await;
        let raw = service(&url).execute(read()).await.unwrap();
        let error = Download::from_file_answer(raw, FileKind::Any).expect_err(head);
        assert!(error.to_string().contains("JSON"), "{head}: {error}");
        assert_eq!(error.body().unwrap().as_bytes(), body, "{head}");
    }
    // A quoted comma inside a parameter names no second type.
    let url = serve(answer(
        "HTTP/1.1 200 OK\r\ncontent-type: application/pdf; name=\"a,b.pdf\"",
        b"%PDF-1.7",
    ))
    .await;
    let raw = service(&url).execute(read()).await.unwrap();
    let file = Download::from_file_answer(raw, FileKind::Pdf).unwrap();
    assert_eq!(file.value().bytes(), b"%PDF-1.7");
}
