//! The axum service over real HTTP: the raw body reaches the receiver, the peer
//! address comes from the connection, oversized bodies are refused, and
//! `serve` finishes what it accepted before it stops.
#![cfg(feature = "axum")]
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::{net::SocketAddr, sync::Arc};

use common::{PROVIDER, Table, TokenSide, body};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
    sync::{mpsc::UnboundedReceiver, oneshot},
    task::JoinHandle,
};
use txstatus_core::{
    NormalizedStatus,
    webhook::{Delivery, Inbound, Refusal, WebhookSide},
};
use txstatus_webhooks::{MemoryStore, Receiver, Transition, service};

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
    let table = Arc::new(Table::default());
    table.set("tx-1", NormalizedStatus::Succeeded, "approved");
    table.set("tx-peer", NormalizedStatus::Failed, "declined");
    let (receiver, transitions) = Receiver::builder(Arc::new(MemoryStore::new()))
        .provider(side, table.clone())
        .build();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(service::serve(listener, receiver.clone(), async {
        let _ = stopped.await;
    }));
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
