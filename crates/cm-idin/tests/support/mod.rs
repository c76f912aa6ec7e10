//! Shared helpers for the mockito tests.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::{path::PathBuf, sync::Arc};

use cm_idin::{Client, ClientOptions};
use txstatus_core::ManualClock;

/// The merchant token every test uses; no output may ever show it.
pub const TOKEN: &str = "3c01abeb-b031-4fea-9f2d-c55c283cd78e";

/// The bytes of `fixtures/<name>.json`.
pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixtures_dir().join(format!("{name}.json"))).unwrap()
}

/// `fixtures/`.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// A client for `base` whose retries sleep on a manual clock (no real waiting).
pub fn client(base: &str) -> (Client, ManualClock) {
    let clock = ManualClock::new();
    let client = Client::builder(TOKEN)
        .base_url(base)
        .configure_transport(|t| t.clock(Arc::new(clock.clone())).no_proxy())
        .build()
        .unwrap();
    (client, clock)
}

/// A client for `base` that hands every answer that may hold an identity to
/// `sink` first; its retries sleep on a manual clock.
pub fn client_with_sink(base: &str, sink: Arc<dyn cm_idin::IdentitySink>) -> Client {
    Client::builder(TOKEN)
        .base_url(base)
        .configure_transport(|t| t.clock(Arc::new(ManualClock::new())).no_proxy())
        .identity_sink(sink)
        .build()
        .unwrap()
}

/// A raw HTTP server on the test's runtime: reads each request whole, then either
/// drops the connection without a word (for the first `drop_first` connections) or
/// waits `delay` and answers `200` with `body`. Returns its base URL and the number
/// of connections it accepted.
pub async fn slow_server(
    delay: std::time::Duration,
    drop_first: usize,
    body: &'static [u8],
) -> (String, Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = connections.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let seen = counted.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                read_request(&mut stream).await;
                if seen < drop_first {
                    return;
                }
                tokio::time::sleep(delay).await;
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(body).await;
                let _ = stream.flush().await;
            });
        }
    });

    async fn read_request(stream: &mut tokio::net::TcpStream) {
        let mut request = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            let Ok(read) = stream.read(&mut chunk).await else {
                return;
            };
            if read == 0 {
                return;
            }
            request.extend_from_slice(&chunk[..read]);
            let text = String::from_utf8_lossy(&request).to_ascii_lowercase();
            if let Some(end) = text.find("\r\n\r\n") {
                let length = text[..end]
                    .lines()
                    .find_map(|line| line.strip_prefix("content-length:"))
                    .and_then(|value| value.trim().parse::<usize>().ok())
                    .unwrap_or(0);
                if request.len() >= end + 4 + length {
                    return;
                }
            }
        }
    }

    (format!("http://{address}"), connections)
}

/// A mock of `POST /status` answering `200` with `body`, which must be asked
/// exactly `times` times (checked where the test calls `assert_async`).
pub async fn status_answers(
    server: &mut mockito::ServerGuard,
    body: impl AsRef<[u8]>,
    times: usize,
) -> mockito::Mock {
    answers(server, "/status", 200, body, times).await
}

/// A mock of `POST /status` answering `200` with `body`, however often it is asked.
pub async fn status_answers_uncounted(
    server: &mut mockito::ServerGuard,
    body: impl AsRef<[u8]>,
) -> mockito::Mock {
    answers_uncounted(server, "/status", 200, body).await
}

/// A mock of `POST path` answering `status` with `body`, which must be asked
/// exactly `times` times (checked where the test calls `assert_async`).
pub async fn answers(
    server: &mut mockito::ServerGuard,
    path: &str,
    status: usize,
    body: impl AsRef<[u8]>,
    times: usize,
) -> mockito::Mock {
    server
        .mock("POST", path)
        .with_status(status)
        .with_body(body)
        .expect(times)
        .create_async()
        .await
}

/// A mock of `POST path` answering `status` with `body`, however often it is asked.
pub async fn answers_uncounted(
    server: &mut mockito::ServerGuard,
    path: &str,
    status: usize,
    body: impl AsRef<[u8]>,
) -> mockito::Mock {
    server
        .mock("POST", path)
        .with_status(status)
        .with_body(body)
        .create_async()
        .await
}

/// A mock of `POST path` that must never be asked.
pub async fn never_asked(server: &mut mockito::ServerGuard, path: &str) -> mockito::Mock {
    server.mock("POST", path).expect(0).create_async().await
}
