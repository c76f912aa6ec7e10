//! The request exactly as it leaves the client, read off a raw socket.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::{
    io::{Read, Write},
    net::TcpListener,
    sync::mpsc,
    thread,
};

use onespan_tx::{Client, ClientOptions};

const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.wire-test.c2lnbmF0dXJl";

/// Serves one request with a small transaction and returns its head, lower-cased.
fn serve_once() -> (String, mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            if stream.read(&mut byte).unwrap() == 0 {
                break;
            }
            head.push(byte[0]);
        }
        let body = r#"{"id":"abc","status":"new"}"#;
        let answer = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(answer.as_bytes()).unwrap();
        sender.send(String::from_utf8(head).unwrap()).unwrap();
    });
    (base, receiver)
}

fn header_lines<'a>(head: &'a str, name: &str) -> Vec<&'a str> {
    head.lines()
        .filter(|line| {
            line.split_once(':')
                .is_some_and(|(n, _)| n.trim().eq_ignore_ascii_case(name))
        })
        .map(|line| line.split_once(':').unwrap().1.trim())
        .collect()
}

#[tokio::test]
async fn the_request_carries_exactly_one_accept_authorization_and_tenant() {
    let (base, head) = serve_once();
    let client = Client::builder(JWT)
        .tenant("acme-tenant")
        .base_url(format!("{base}/prefix"))
        .build()
        .unwrap();
    client.transaction_with_verifications("abc").await.unwrap();
    let head = head.recv().unwrap();
    let request_line = head.lines().next().unwrap();
    assert_eq!(
        request_line,
        "GET /prefix/api/transaction/abc?withVerifications=true HTTP/1.1"
    );
    assert_eq!(header_lines(&head, "accept"), ["application/json"]);
    assert_eq!(
        header_lines(&head, "authorization"),
        [format!("Bearer {JWT}").as_str()]
    );
    assert_eq!(header_lines(&head, "x-tenant"), ["acme-tenant"]);
}

#[tokio::test]
async fn without_a_tenant_no_x_tenant_header_is_sent() {
    let (base, head) = serve_once();
    let client = Client::builder(JWT).base_url(base).build().unwrap();
    client.transaction("abc").await.unwrap();
    let head = head.recv().unwrap();
    assert!(
        head.starts_with("GET /api/transaction/abc HTTP/1.1\r\n"),
        "{head}"
    );
    assert!(header_lines(&head, "x-tenant").is_empty(), "{head}");
    assert_eq!(header_lines(&head, "accept"), ["application/json"]);
}
