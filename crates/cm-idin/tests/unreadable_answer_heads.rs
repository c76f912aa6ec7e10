//! An answer to the status call whose head the HTTP reader refuses (a NUL in a
//! header, more headers or a longer head than it takes, two Content-Lengths)
//! may have been the 200 that carried the identity: the call is not sent again,
//! and its error says an answer arrived that could not be read.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::{
    io::{Read, Write},
    net::TcpListener,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    thread,
};

use cm_idin::{Client, ClientOptions};
use txstatus_core::ErrorKind;

const TOKEN: &str = "3c01abeb-b031-4fea-9f2d-c55c283cd78e";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/fixtures/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// `200 OK` with `extra` header bytes and `body`, then close.
fn ok(extra: &[u8], body: &[u8]) -> Vec<u8> {
    let mut out = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n".to_vec();
    out.extend_from_slice(extra);
    out.extend_from_slice(
        format!(
            "content-length: {}\r\nconnection: close\r\n\r\n",
            body.len()
        )
        .as_bytes(),
    );
    out.extend_from_slice(body);
    out
}

/// A raw TCP server: the n-th request gets `answers[n]` (the last repeats).
fn serve(answers: Vec<Vec<u8>>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let counted = count.clone();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") {
                if stream.read(&mut byte).unwrap() == 0 {
                    break;
                }
                head.push(byte[0]);
            }
            let text = String::from_utf8_lossy(&head).to_ascii_lowercase();
            let len = text
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .map_or(0, |v| v.trim().parse::<usize>().unwrap());
            let mut body = vec![0; len];
            stream.read_exact(&mut body).unwrap();
            let n = counted.fetch_add(1, Ordering::SeqCst);
            let _ = stream.write_all(&answers[n.min(answers.len() - 1)]);
            let _ = stream.shutdown(std::net::Shutdown::Write);
        }
    });
    (url, count)
}

/// One status call against `answers` (the first answers the first request, the
/// last every later one): its result, and how many requests the server read.
async fn status_against(
    answers: Vec<Vec<u8>>,
) -> (txstatus_core::Result<impl std::fmt::Debug>, usize) {
    let (url, count) = serve(answers);
    let client = Client::builder(TOKEN)
        .base_url(&url)
        .configure_transport(|t| t.no_proxy())
        .build()
        .unwrap();
    let result = client
        .status("3645651845961623", "7defa5c6-7651-45cd-9016-f9027dc4dda9")
        .await;
    (result, count.load(Ordering::SeqCst))
}

async fn assert_asked_once(extra: &[u8]) {
    let (result, asked) = status_against(vec![
        ok(extra, &fixture("status-success")),
        ok(b"", &fixture("status-success-notice-2000")),
    ])
    .await;
    assert_eq!(asked, 1, "the status call was sent again");
    let error = result.expect_err("an unreadable answer is no success");
    let ErrorKind::Transport(transport) = error.kind() else {
        panic!("not a transport error: {error}");
    };
    assert!(transport.answer_unreadable, "{error}");
    assert!(error.may_have_been_sent());
    assert!(error.to_string().contains("could not be read"), "{error}");
}

#[tokio::test]
async fn a_nul_in_a_header_value_is_not_asked_again() {
    assert_asked_once(b"x-trace: a\0b\r\n").await;
}

#[tokio::test]
async fn more_headers_than_the_reader_takes_are_not_asked_again() {
    let many: String = (0..101).map(|i| format!("x-h{i}: v\r\n")).collect();
    assert_asked_once(many.as_bytes()).await;
}

#[tokio::test]
async fn a_head_over_the_readers_limit_is_not_asked_again() {
    assert_asked_once(format!("x-big: {}\r\n", "a".repeat(512 * 1024)).as_bytes()).await;
}

#[tokio::test]
async fn two_different_content_lengths_are_not_asked_again() {
    assert_asked_once(b"content-length: 7\r\n").await;
}

#[tokio::test]
async fn a_garbage_status_line_is_not_asked_again() {
    let (result, asked) = status_against(vec![
        b"HTTP/1.1 2x0 OK\r\ncontent-length: 2\r\n\r\n{}".to_vec(),
        ok(b"", &fixture("status-success-notice-2000")),
    ])
    .await;
    assert_eq!(asked, 1);
    assert!(result.is_err());
}
