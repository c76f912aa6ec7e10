//! The axum service over real HTTP: the raw body reaches the receiver, the peer
//! address comes from the connection, oversized bodies are refused, and
//! `serve` finishes what it accepted before it stops. Slow clients: a body or
//! headers that do not arrive in time end the request, and a stop waits for an
//! open connection no longer than its grace.
#![cfg(feature = "axum")]
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::{net::SocketAddr, sync::Arc, time::Duration};

use common::{PROVIDER, Table, TokenSide, body};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
    sync::{mpsc::UnboundedReceiver, oneshot},
    task::JoinHandle,
    time::{Instant, sleep, timeout},
};
use txstatus_core::{
    NormalizedStatus,
    webhook::{Delivery, Inbound, Refusal, WebhookSide},
};
use txstatus_webhooks::{MemoryStore, Receiver, Transition, service};

/// Generous next to the short limits the slow-client tests set; never reached
/// when the limits work.
const SLACK: Duration = Duration::from_secs(5);

/// Time limits for a test server (`start_with(.., None)` serves with
/// `service::serve`'s defaults).
#[derive(Clone, Copy)]
struct Limits {
    body: Duration,
    headers: Duration,
    grace: Duration,
}

/// Authenticated only when the connection's peer is the loopback address.
#[derive(Debug)]
struct LoopbackOnly;

impl WebhookSide for LoopbackOnly {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    fn receive(&self, inbound: &Inbound<'_>) -> Result<Delivery, Refusal> {
        if inbound.peer != Some([127, 0, 0, 1].into()) {
            return Err(Refusal::Unauthenticated("peer"));
        }
        Ok(Delivery::authenticated(PROVIDER).with_transaction_id(Some("tx-peer".to_owned())))
    }
}

struct Server {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
    transitions: UnboundedReceiver<Transition>,
    table: Arc<Table>,
    receiver: Receiver,
}

async fn start(side: Arc<dyn WebhookSide>) -> Server {
    start_with(side, None).await
}

async fn start_with(side: Arc<dyn WebhookSide>, limits: Option<Limits>) -> Server {
    let table = Arc::new(Table::default());
    table.set("tx-1", NormalizedStatus::Succeeded, "approved");
    table.set("tx-peer", NormalizedStatus::Failed, "declined");
    let mut builder = Receiver::builder(Arc::new(MemoryStore::new())).provider(side, table.clone());
    if let Some(limits) = limits {
        builder = builder.body_timeout(limits.body);
    }
    let (receiver, transitions) = builder.build();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let shutdown = async {
        let _ = stopped.await;
    };
    let task = match limits {
        None => tokio::spawn(service::serve(listener, receiver.clone(), shutdown)),
        Some(limits) => tokio::spawn(
            service::Server::new(receiver.clone())
                .header_timeout(limits.headers)
                .shutdown_grace(limits.grace)
                .serve(listener, shutdown),
        ),
    };
    Server {
        addr,
        stop: Some(stop),
        task,
        transitions,
        table,
        receiver,
    }
}

/// One HTTP/1.1 POST; the status code and the body of the answer.
async fn post(
    addr: SocketAddr,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let mut head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.unwrap();
    // The server may answer 413 and close before the whole body is written.
    let _ = stream.write_all(body).await;
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap();
    let body = text.split("\r\n\r\n").nth(1).unwrap_or_default().to_owned();
    (status, body)
}

async fn stop(mut server: Server) -> Vec<Transition> {
    server.stop.take().unwrap().send(()).unwrap();
    server.task.await.unwrap().unwrap();
    // Re-reads run after the acknowledgement: wait for those accepted.
    server.receiver.drain().await;
    let mut all = Vec::new();
    while let Ok(t) = server.transitions.try_recv() {
        all.push(t);
    }
    all
}

#[tokio::test]
async fn an_authenticated_delivery_over_http_is_acknowledged_and_becomes_a_transition() {
    let server = start(Arc::new(TokenSide { hint: false })).await;
    let (status, _) = post(
        server.addr,
        "/webhooks/fake",
        &[("x-token", "good")],
        &body("evt-1", "tx-1"),
    )
    .await;
    assert_eq!(status, 200);
    let table = server.table.clone();
    let transitions = stop(server).await;
    assert_eq!(transitions.len(), 1);
    assert_eq!(transitions[0].status.raw, "approved");
    assert_eq!(table.reads(), 1);
}

#[tokio::test]
async fn a_forged_delivery_over_http_gets_401_and_no_read() {
    let server = start(Arc::new(TokenSide { hint: false })).await;
    let (status, body_text) = post(
        server.addr,
        "/webhooks/fake",
        &[("x-token", "forged")],
        &body("evt-1", "tx-1"),
    )
    .await;
    assert_eq!(status, 401);
    assert!(!body_text.contains("forged"));
    let table = server.table.clone();
    assert!(stop(server).await.is_empty());
    assert_eq!(table.reads(), 0);
}

#[tokio::test]
async fn a_body_over_the_cap_gets_413_without_reaching_the_side() {
    let server = start(Arc::new(TokenSide { hint: false })).await;
    // TokenSide's cap is 1 KiB; send a valid token with a far larger body.
    let big = vec![b' '; 64 * 1024];
    let (status, _) = post(server.addr, "/webhooks/fake", &[("x-token", "good")], &big).await;
    assert_eq!(status, 413);
    let table = server.table.clone();
    assert!(stop(server).await.is_empty());
    assert_eq!(table.reads(), 0);
}

#[tokio::test]
async fn the_peer_address_comes_from_the_connection() {
    let server = start(Arc::new(LoopbackOnly)).await;
    let (status, _) = post(server.addr, "/webhooks/fake", &[], b"{}").await;
    assert_eq!(status, 200);
    let transitions = stop(server).await;
    assert_eq!(transitions.len(), 1);
    assert_eq!(transitions[0].id, "tx-peer");
}

/// Writes a delivery's request head announcing a 1000-byte body, asking for
/// `100 Continue`, and waits for it: the server is then reading the body.
async fn open_delivery(addr: SocketAddr) -> TcpStream {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /webhooks/fake HTTP/1.1\r\nHost: {addr}\r\nx-token: good\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 256];
    while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = timeout(SLACK, stream.read(&mut buf))
            .await
            .unwrap()
            .unwrap();
        assert!(n > 0, "closed before 100 Continue");
        seen.extend_from_slice(&buf[..n]);
    }
    assert!(
        seen.starts_with(b"HTTP/1.1 100"),
        "{}",
        String::from_utf8_lossy(&seen)
    );
    stream
}

/// Reads until the server closes the connection (or resets it).
async fn read_until_closed(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn a_body_dripping_slower_than_the_body_timeout_gets_408_and_the_connection_closes() {
    let limit = Duration::from_millis(300);
    let server = start_with(
        Arc::new(TokenSide { hint: false }),
        Some(Limits {
            body: limit,
            headers: SLACK,
            grace: SLACK,
        }),
    )
    .await;
    let mut stream = open_delivery(server.addr).await;
    let started = Instant::now();
    let (mut reader, mut writer) = stream.split();
    // One byte every 50 ms: the 1000-byte body would take 50 s.
    let drip = async {
        for _ in 0..1000 {
            if writer.write_all(b" ").await.is_err() {
                break;
            }
            sleep(Duration::from_millis(50)).await;
        }
    };
    let answer = async {
        let mut answer = Vec::new();
        let mut buf = [0u8; 1024];
        loop {
            match reader.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
        String::from_utf8_lossy(&answer).into_owned()
    };
    let answer = tokio::select! {
        answer = timeout(limit + SLACK, answer) => answer.expect("no answer past the body timeout"),
        () = drip => panic!("the whole body was sent: no timeout"),
    };
    assert!(
        started.elapsed() < limit + SLACK,
        "answered after {:?}",
        started.elapsed()
    );
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("connection: close"),
        "{answer}"
    );
    assert_eq!(server.receiver.body_timeouts(), 1);
    let table = server.table.clone();
    assert!(stop(server).await.is_empty());
    assert_eq!(table.reads(), 0);
}

#[tokio::test]
async fn a_prompt_delivery_is_accepted_under_short_time_limits() {
    let short = Duration::from_millis(300);
    let server = start_with(
        Arc::new(TokenSide { hint: false }),
        Some(Limits {
            body: short,
            headers: short,
            grace: short,
        }),
    )
    .await;
    let (status, _) = post(
        server.addr,
        "/webhooks/fake",
        &[("x-token", "good")],
        &body("evt-1", "tx-1"),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(server.receiver.body_timeouts(), 0);
    let transitions = stop(server).await;
    assert_eq!(transitions.len(), 1);
}

#[tokio::test]
async fn headers_dripping_past_the_header_timeout_close_the_connection_unanswered() {
    let limit = Duration::from_millis(300);
    let server = start_with(
        Arc::new(TokenSide { hint: false }),
        Some(Limits {
            body: SLACK,
            headers: limit,
            grace: SLACK,
        }),
    )
    .await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    stream
        .write_all(b"POST /webhooks/fake HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let (mut reader, mut writer) = stream.split();
    // A header line one byte every 50 ms, never ending.
    let drip = async {
        loop {
            if writer.write_all(b"a").await.is_err() {
                break;
            }
            sleep(Duration::from_millis(50)).await;
        }
    };
    let closed = async {
        let mut answer = Vec::new();
        let mut buf = [0u8; 1024];
        loop {
            match reader.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
        answer
    };
    let answer = tokio::select! {
        answer = timeout(limit + SLACK, closed) => answer.expect("still open past the header timeout"),
        () = drip => Vec::new(),
    };
    assert!(
        started.elapsed() < limit + SLACK,
        "closed after {:?}",
        started.elapsed()
    );
    assert!(
        !answer.starts_with(b"HTTP/1.1 2"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    let table = server.table.clone();
    assert!(stop(server).await.is_empty());
    assert_eq!(table.reads(), 0);
}

#[tokio::test]
async fn a_stop_closes_a_connection_still_sending_once_the_shutdown_grace_is_over() {
    let grace = Duration::from_millis(300);
    let mut server = start_with(
        Arc::new(TokenSide { hint: false }),
        Some(Limits {
            body: Duration::from_secs(60),
            headers: Duration::from_secs(60),
            grace,
        }),
    )
    .await;
    // The request is in the handler, reading a body that never comes.
    let mut hanging = open_delivery(server.addr).await;
    hanging.write_all(b"{").await.unwrap();
    let stopped_at = Instant::now();
    server.stop.take().unwrap().send(()).unwrap();
    timeout(grace + SLACK, &mut server.task)
        .await
        .expect("serve outlived the shutdown grace")
        .unwrap()
        .unwrap();
    // It did wait for the request in flight, up to the grace.
    assert!(stopped_at.elapsed() >= grace, "{:?}", stopped_at.elapsed());
    let answer = timeout(SLACK, read_until_closed(&mut hanging))
        .await
        .expect("the connection is still open");
    assert!(!answer.contains("HTTP/1.1 2"), "{answer}");
    assert_eq!(server.receiver.body_timeouts(), 0);
    assert_eq!(server.table.reads(), 0);
}
