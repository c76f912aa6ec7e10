//! Downloads exactly as they leave the client, read off a raw socket: one `Accept`,
//! one `Authorization`, one `X-Tenant`, and the path under the tenant base URL.
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

const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.wire-files.c2lnbmF0dXJl";

fn serve_once(content_type: &'static str) -> (String, mpsc::Receiver<String>) {
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
        let answer = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ncontent-length: 8\r\nconnection: close\r\n\r\n%PDF-1.7"
        );
        stream.write_all(answer.as_bytes()).unwrap();
        sender.send(String::from_utf8(head).unwrap()).unwrap();
    });
    (base, receiver)
}

fn header_lines<'a>(head: &'a str, name: &str) -> Vec<&'a str> {
    head.lines()
        .filter_map(|line| line.split_once(':'))
        .filter(|(n, _)| n.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
        .collect()
}

fn client(base: &str) -> Client {
    Client::builder(JWT)
        .tenant("acme")
        .base_url(format!("{base}/tenant-prefix"))
        .build()
        .unwrap()
}

#[tokio::test]
async fn an_image_download_sends_each_header_once_under_the_base_path() {
    let (base, head) = serve_once("image/jpeg");
    let image = client(&base)
        .download("sfs://my_db/default/a b.jpg")
        .await
        .unwrap();
    assert_eq!(image.value().bytes(), b"%PDF-1.7");
    let head = head.recv().unwrap();
    assert_eq!(
        head.lines().next().unwrap(),
        "GET /tenant-prefix/api/sfs/my_db/default/a%20b.jpg HTTP/1.1"
    );
    assert_eq!(header_lines(&head, "accept"), ["*/*"]);
    assert_eq!(
        header_lines(&head, "authorization"),
        [format!("Bearer {JWT}").as_str()]
    );
    assert_eq!(header_lines(&head, "x-tenant"), ["acme"]);
}

#[tokio::test]
async fn a_pdf_download_asks_for_pdf_once() {
    let (base, head) = serve_once("application/pdf");
    client(&base).audit_trail_pdf("tx-1").await.unwrap();
    let head = head.recv().unwrap();
    assert_eq!(
        head.lines().next().unwrap(),
        "GET /tenant-prefix/api/transaction/tx-1/document/AuditTrailDocument/pdf HTTP/1.1"
    );
    assert_eq!(header_lines(&head, "accept"), ["application/pdf"]);
    assert_eq!(header_lines(&head, "x-tenant"), ["acme"]);
}
