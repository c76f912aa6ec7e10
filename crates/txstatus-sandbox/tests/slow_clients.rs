//! Clients that hold a connection without finishing with it: an idle connection,
//! a request head dripped byte by byte, pipelined requests whose answers are
//! never read. Each is closed at its limit (set short here) while others are
//! served. Checks are logical (closed or not, how much was answered); the
//! waits are generous.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use std::time::Duration;

use support::{read, status_request};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::{sleep, timeout};
use txstatus_sandbox::{Provider, Sandbox};

/// Far longer than anything a passing test waits for.
const LONG: Duration = Duration::from_secs(600);
/// Generous bound for what must happen promptly.
const SLACK: Duration = Duration::from_secs(20);

/// Everything the server sends until it closes (or resets) the connection.
async fn read_to_close(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn an_idle_connection_is_closed_at_the_head_timeout_and_others_are_served() {
    let sandbox = Sandbox::builder()
        .head_timeout(Duration::from_millis(300))
        .start()
        .await
        .unwrap();
    let mut idle = TcpStream::connect(sandbox.addr()).await.unwrap();
    let answer = timeout(SLACK, read_to_close(&mut idle))
        .await
        .expect("an idle connection is held open");
    assert!(answer.is_empty(), "{answer}");
    assert_eq!(
        read(&sandbox, Provider::Persona, "sbx-completed").await.0,
        200
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_head_dripped_byte_by_byte_is_cut_off_at_the_head_timeout() {
    let sandbox = Sandbox::builder()
        .head_timeout(Duration::from_millis(300))
        .start()
        .await
        .unwrap();
    let stream = TcpStream::connect(sandbox.addr()).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let drip = tokio::spawn(async move {
        let _ = writer
            .write_all(b"GET /persona/api/v1/transactions/sbx-completed HTTP/1.1\r\n")
            .await;
        // A header line that never ends, one byte every 50 ms.
        while writer.write_all(b"a").await.is_ok() {
            sleep(Duration::from_millis(50)).await;
        }
    });
    let mut answer = Vec::new();
    let closed = timeout(SLACK, async {
        let mut buf = [0u8; 1024];
        loop {
            match reader.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    drip.abort();
    assert!(closed.is_ok(), "a dripping head holds the connection");
    assert!(
        !answer.starts_with(b"HTTP/1.1 2"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_client_that_never_reads_its_answers_is_disconnected_after_the_write_timeout() {
    let sandbox = Sandbox::builder()
        .head_timeout(LONG)
        .write_timeout(Duration::from_millis(200))
        .start()
        .await
        .unwrap();
    let request = status_request(&sandbox, Provider::Persona, "sbx-completed");
    let mut head = format!(
        "{} {} HTTP/1.1\r\nHost: sandbox\r\n",
        request.method, request.path
    );
    for (name, value) in &request.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let batch = head.repeat(64);
    let mut stream = TcpStream::connect(sandbox.addr()).await.unwrap();
    // Pipelined reads, never reading an answer, until the sandbox stops taking them.
    let mut sent = 0usize;
    while let Ok(written) =
        timeout(Duration::from_secs(2), stream.write_all(batch.as_bytes())).await
    {
        if written.is_err() {
            break;
        }
        sent += 64;
        assert!(
            sent < 10_000_000,
            "the sandbox never stopped taking requests"
        );
    }
    // Still not reading, well past the write timeout.
    sleep(Duration::from_secs(2)).await;
    let answers = timeout(SLACK, read_to_close(&mut stream))
        .await
        .expect("the connection is still open: a client that never reads holds it");
    let answered = answers.matches("HTTP/1.1 ").count();
    assert!(answered < sent, "{answered} of {sent} answered");
    assert_eq!(
        read(&sandbox, Provider::Persona, "sbx-completed").await.0,
        200
    );
    sandbox.shutdown().await;
}
