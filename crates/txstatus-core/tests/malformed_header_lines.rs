//! One malformed header line in an otherwise whole answer (a control byte other
//! than NUL in a value, a bad name, an obsolete line fold, which RFC 9112
//! section 5.2 tells a user agent to accept) never costs the answer: it is
//! read, the line dropped or unfolded, and a one-time answer is not asked for
//! again.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

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
    RetryPolicy, TransportBuilder,
    provider::{RequestSpec, RetryClass},
};

/// Answers every request with `bytes`; counts the requests.
async fn serve(bytes: Vec<u8>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(AtomicUsize::new(0));
    let counted = requests.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let bytes = bytes.clone();
            let counted = counted.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                while socket.read(&mut buf).await.is_ok_and(|n| n > 0) {
                    counted.fetch_add(1, Ordering::SeqCst);
                    if socket.write_all(&bytes).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (url, requests)
}

const IDENTITY: &[u8] = br#"{"status":"success","name":"Jan de Vries"}"#;

fn answer(line: &[u8]) -> Vec<u8> {
    let mut bytes = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n".to_vec();
    bytes.extend_from_slice(line);
    bytes.extend_from_slice(format!("\r\ncontent-length: {}\r\n\r\n", IDENTITY.len()).as_bytes());
    bytes.extend_from_slice(IDENTITY);
    bytes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_with_one_malformed_header_line_is_kept_and_not_asked_again() {
    for line in [
        &b"x-note: a\x01b"[..],
        b"x-note: first\r\n  folded",
        b"x-note: first\r\n\tfolded",
        b"x no\x7fte: value",
        b"x-note: a\x1b[2Jb",
    ] {
        let shown = String::from_utf8_lossy(line).into_owned();
        let (url, requests) = serve(answer(line)).await;
        let service = support::service_with(
            &url,
            TransportBuilder::new()
                .no_proxy()
                .deadline(Duration::from_secs(5))
                .retry_policy(RetryPolicy::default()),
        );
        let spec = RequestSpec::post("status")
            .segment("status")
            .retry(RetryClass::KeepFirstSuccess);
        let raw = service
            .execute(spec)
            .await
            .unwrap_or_else(|error| panic!("{shown:?}: {error}"));
        assert_eq!(raw.body().as_bytes(), IDENTITY, "{shown:?}");
        assert_eq!(raw.attempts(), 1, "{shown:?}");
        assert_eq!(requests.load(Ordering::SeqCst), 1, "{shown:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_framing_header_still_ends_by_the_deadline() {
    // With its only length line dropped, the body runs to the close: the
    // answer ends with the connection or at the deadline, never later.
    let (url, _) = serve(b"HTTP/1.1 200 OK\r\ncontent-length: 2\x01\r\n\r\n{}".to_vec()).await;
    let service = support::service_with(
        &url,
        TransportBuilder::new()
            .no_proxy()
            .deadline(Duration::from_millis(800))
            .retry_policy(RetryPolicy::none()),
    );
    let began = std::time::Instant::now();
    let result = service.execute(RequestSpec::get("read").segment("t")).await;
    assert!(began.elapsed() < Duration::from_secs(3), "{result:?}");
    if let Err(error) = result {
        assert!(!error.to_string().contains('\u{1}'), "{error}");
    }
}
