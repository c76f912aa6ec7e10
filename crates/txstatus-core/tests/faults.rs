//! Faults a mock server cannot produce, served from a raw TcpListener.
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
    ErrorKind, ManualClock, RetryPolicy, TransportBuilder,
    provider::{RequestSpec, RetryClass},
};

/// What the fake server does after reading a request.
#[derive(Clone, Copy)]
enum Fault {
    /// Close without answering.
    ResetBeforeResponse,
    /// Send headers promising 100 bytes, send 20, close.
    CloseMidBody,
    /// Send headers promising 100 bytes, send 10, then stall.
    StallBody,
    /// Never send headers.
    SlowHeaders,
    /// Claim a 10 MiB body.
    HugeContentLength,
    /// Stream a chunked body far larger than the cap.
    EndlessChunks,
    /// Claim a 10 MiB body, send 30 bytes, close.
    OverstatedLength,
}

async fn serve(fault: Fault) -> (String, Arc<AtomicUsize>, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let bytes_sent = Arc::new(AtomicUsize::new(0));
    let (c, b) = (connections.clone(), bytes_sent.clone());
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            c.fetch_add(1, Ordering::SeqCst);
            let b = b.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 4096];
                let _ = socket.read(&mut buf).await;
                match fault {
                    Fault::ResetBeforeResponse => {}
                    Fault::CloseMidBody => {
                        let head = "HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n";
                        socket.write_all(head.as_bytes()).await.unwrap();
                        socket.write_all(&[b'x'; 20]).await.unwrap();
                        socket.flush().await.unwrap();
                    }
                    Fault::StallBody => {
                        let head = "HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n";
                        socket.write_all(head.as_bytes()).await.unwrap();
                        socket.write_all(&[b'y'; 10]).await.unwrap();
                        socket.flush().await.unwrap();
                        tokio::time::sleep(Duration::from_secs(30)).await;
                    }
                    Fault::SlowHeaders => tokio::time::sleep(Duration::from_secs(30)).await,
                    Fault::HugeContentLength => {
                        let head = "HTTP/1.1 200 OK\r\ncontent-length: 10485760\r\n\r\n";
                        socket.write_all(head.as_bytes()).await.unwrap();
                        tokio::time::sleep(Duration::from_secs(30)).await;
                    }
                    Fault::OverstatedLength => {
                        let head = "HTTP/1.1 200 OK\r\ncontent-length: 10485760\r\n\r\n";
                        socket.write_all(head.as_bytes()).await.unwrap();
                        socket.write_all(&[b'o'; 30]).await.unwrap();
                        socket.flush().await.unwrap();
                    }
                    Fault::EndlessChunks => {
                        let head = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n";
                        socket.write_all(head.as_bytes()).await.unwrap();
                        let chunk = format!("400\r\n{}\r\n", "z".repeat(1024));
                        for _ in 0..10_000 {
                            if socket.write_all(chunk.as_bytes()).await.is_err() {
                                return;
                            }
                            b.fetch_add(1024, Ordering::SeqCst);
                        }
                    }
                }
            });
        }
    });
    (url, connections, bytes_sent)
}

fn transport(clock: &ManualClock) -> TransportBuilder {
    TransportBuilder::new()
        .clock(Arc::new(clock.clone()))
        .attempt_timeout(Duration::from_millis(300))
        .no_proxy()
}

fn get() -> RequestSpec {
    RequestSpec::get("get").segment("t").id_segment("1")
}

#[tokio::test]
async fn keep_first_success_cut_mid_body_is_one_request_with_the_bytes_that_arrived() {
    let (url, connections, _) = serve(Fault::CloseMidBody).await;
    let clock = ManualClock::new();
    let service = support::service_with(&url, transport(&clock));
    let spec = RequestSpec::post("status")
        .segment("status")
        .json_body("{}")
        .retry(RetryClass::KeepFirstSuccess);
    let error = service.execute(spec).await.unwrap_err();
    assert_eq!(connections.load(Ordering::SeqCst), 1);
    assert_eq!(error.status(), Some(200));
    assert_eq!(error.body().unwrap().as_bytes(), &[b'x'; 20][..]);
    assert!(error.may_have_been_sent());
}

#[tokio::test]
async fn idempotent_read_cut_mid_body_is_retried_and_keeps_the_last_bytes() {
    let (url, connections, _) = serve(Fault::CloseMidBody).await;
    let clock = ManualClock::new();
    let error = support::service_with(&url, transport(&clock))
        .execute(get())
        .await
        .unwrap_err();
    assert_eq!(connections.load(Ordering::SeqCst), 3);
    assert_eq!(error.body().unwrap().len(), 20);
}

#[tokio::test]
async fn a_stalled_body_ends_in_a_timeout_that_keeps_the_bytes() {
    let (url, _, _) = serve(Fault::StallBody).await;
    let clock = ManualClock::new();
    let service = support::service_with(&url, transport(&clock).retry_policy(RetryPolicy::none()));
    let error = service.execute(get()).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(error.body().unwrap().as_bytes(), &[b'y'; 10][..]);
}

#[tokio::test]
async fn slow_headers_time_out_and_idempotent_reads_retry() {
    let (url, connections, _) = serve(Fault::SlowHeaders).await;
    let clock = ManualClock::new();
    let error = support::service_with(&url, transport(&clock))
        .execute(get())
        .await
        .unwrap_err();
    assert!(error.is_timeout());
    assert!(error.may_have_been_sent());
    assert_eq!(connections.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn reset_before_response_is_retried_only_for_reads() {
    let (url, connections, _) = serve(Fault::ResetBeforeResponse).await;
    let clock = ManualClock::new();
    let service = support::service_with(&url, transport(&clock));
    service.execute(get()).await.unwrap_err();
    assert_eq!(connections.load(Ordering::SeqCst), 3);

    let (url, connections, _) = serve(Fault::ResetBeforeResponse).await;
    let service = support::service_with(&url, transport(&clock));
    let spec = RequestSpec::post("create").segment("t").json_body("{}");
    let error = service.execute(spec).await.unwrap_err();
    assert_eq!(connections.load(Ordering::SeqCst), 1);
    assert!(error.may_have_been_sent());
    assert!(
        error
            .to_string()
            .contains("the request may have reached the provider"),
        "a create that may have happened says so: {error}"
    );
}

#[tokio::test]
async fn a_declared_body_over_the_cap_fails_before_reading_it() {
    let (url, _, _) = serve(Fault::HugeContentLength).await;
    let clock = ManualClock::new();
    let service = support::service_with(&url, transport(&clock));
    let error = service.execute(get()).await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::BodyTooLarge { limit, .. } if *limit == 4 * 1024 * 1024)
    );
}

#[tokio::test]
async fn a_streamed_body_over_the_cap_stops_early() {
    let (url, _, sent) = serve(Fault::EndlessChunks).await;
    let clock = ManualClock::new();
    let service = support::service_with(&url, transport(&clock).body_limit(16 * 1024));
    let error = service.execute(get()).await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::BodyTooLarge { .. }),
        "{error:?}"
    );
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(
        sent.load(Ordering::SeqCst) < 10_000 * 1024,
        "the client did not read it all"
    );
}

fn keep_first_success() -> RequestSpec {
    RequestSpec::post("status")
        .segment("status")
        .json_body("{}")
        .retry(RetryClass::KeepFirstSuccess)
}

#[tokio::test]
async fn keep_first_success_with_an_overstated_length_keeps_the_bytes_that_arrived() {
    let (url, connections, _) = serve(Fault::OverstatedLength).await;
    let clock = ManualClock::new();
    let service = support::service_with(&url, transport(&clock));
    let error = service.execute(keep_first_success()).await.unwrap_err();
    assert_eq!(connections.load(Ordering::SeqCst), 1);
    assert_eq!(error.status(), Some(200));
    assert_eq!(error.body().unwrap().as_bytes(), &[b'o'; 30][..]);
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn keep_first_success_over_the_cap_keeps_the_bytes_up_to_the_cap() {
    let (url, connections, _) = serve(Fault::EndlessChunks).await;
    let clock = ManualClock::new();
    let service = support::service_with(&url, transport(&clock).body_limit(16 * 1024 + 7));
    let error = service.execute(keep_first_success()).await.unwrap_err();
    assert_eq!(connections.load(Ordering::SeqCst), 1);
    assert_eq!(error.status(), Some(200));
    let body = error.body().expect("the bytes read are kept");
    assert_eq!(body.len(), 16 * 1024 + 7);
    assert!(body.as_bytes().iter().all(|b| *b == b'z'));
    assert!(!error.is_retryable());
}
