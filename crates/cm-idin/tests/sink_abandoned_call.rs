//! A status call its caller abandons (a caller's own timeout, a `select!` that
//! took another branch, a worker stopping) after the request went out: with an
//! identity sink, the answer CM hands out is still read to its end and
//! persisted, since it is not handed out again.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::support;

use std::{
    io,
    sync::{Arc, Mutex},
    time::Duration,
};

use cm_idin::{Client, ClientOptions, IdentitySink};
use support::{TOKEN, fixture};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpListener,
    sync::{Notify, oneshot},
};
use txstatus_core::{BoxFuture, RawBody};

/// Records what it was given and says so.
#[derive(Debug, Default)]
struct Recorder {
    stored: Mutex<Vec<Vec<u8>>>,
    done: Notify,
}

impl IdentitySink for Recorder {
    fn persist<'a>(
        &'a self,
        _transaction_id: &'a str,
        raw: &'a RawBody,
    ) -> BoxFuture<'a, io::Result<String>> {
        Box::pin(async move {
            self.stored.lock().unwrap().push(raw.as_bytes().to_vec());
            self.done.notify_one();
            Ok("memory".to_owned())
        })
    }
}

/// Answers one status request with a 200 whose body comes in two parts: the
/// status line and the first bytes, then (after `rest`) the remainder. Says
/// when the first part is written.
async fn split_answer(
    body: Vec<u8>,
    first_part_sent: oneshot::Sender<()>,
    rest: oneshot::Receiver<()>,
) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        // The request's JSON body ends with its last member's closing brace.
        while !(request.windows(4).any(|w| w == b"\r\n\r\n") && request.ends_with(b"}")) {
            let n = socket.read(&mut buf).await.unwrap();
            assert!(n > 0, "the request ended early");
            request.extend_from_slice(&buf[..n]);
        }
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            body.len()
        );
        socket.write_all(head.as_bytes()).await.unwrap();
        socket.write_all(&body[..10]).await.unwrap();
        socket.flush().await.unwrap();
        first_part_sent.send(()).unwrap();
        let _ = rest.await;
        // The client may be gone (without the fix it is): nothing to assert here.
        let _ = socket.write_all(&body[10..]).await;
        let _ = socket.flush().await;
        let _ = socket.read(&mut buf).await;
    });
    base
}

/// A client for `base` on real time that hands every answer that may hold an
/// identity to `sink` first.
fn real_time_client(base: &str, sink: Arc<Recorder>) -> Client {
    Client::builder(TOKEN)
        .base_url(base)
        .configure_transport(|t| t.no_proxy())
        .identity_sink(sink)
        .build()
        .unwrap()
}

/// The documented success served by `split_answer`, with the channels that say
/// its first part was sent and let the rest go, and a real-time client that
/// persists to `sink`.
struct SplitSuccess {
    body: Vec<u8>,
    sent_rx: oneshot::Receiver<()>,
    rest_tx: oneshot::Sender<()>,
    sink: Arc<Recorder>,
    client: Client,
}

async fn split_success() -> SplitSuccess {
    let body = fixture("status-success");
    let (sent_tx, sent_rx) = oneshot::channel();
    let (rest_tx, rest_rx) = oneshot::channel();
    let base = split_answer(body.clone(), sent_tx, rest_rx).await;
    let sink = Arc::new(Recorder::default());
    let client = real_time_client(&base, sink.clone());
    SplitSuccess {
        body,
        sent_rx,
        rest_tx,
        sink,
        client,
    }
}

/// Lets the rest of the answer go and checks that `sink` persists the whole
/// `body` (failing with `abandoned` when it never does).
async fn assert_rest_is_persisted(
    rest_tx: oneshot::Sender<()>,
    sink: &Recorder,
    body: Vec<u8>,
    abandoned: &str,
) {
    rest_tx.send(()).unwrap();
    // A bound for a failing run only, not a timing under test.
    let persisted = tokio::time::timeout(Duration::from_secs(30), sink.done.notified()).await;
    assert!(persisted.is_ok(), "{abandoned}");
    assert_eq!(sink.stored.lock().unwrap().as_slice(), [body]);
}

#[tokio::test]
async fn a_status_call_abandoned_while_its_answer_arrives_still_persists_the_whole_body() {
    let SplitSuccess {
        body,
        sent_rx,
        rest_tx,
        sink,
        client,
    } = split_success().await;

    // The caller gives up once the answer has begun to arrive: its call is dropped.
    tokio::select! {
        _ = client.status("3645651845961623", "ref") => panic!("the answer cannot be whole yet"),
        _ = sent_rx => {}
    }
    let abandoned = "the answer was abandoned with the call: CM handed it out once";
    assert_rest_is_persisted(rest_tx, &sink, body, abandoned).await;
}

#[tokio::test]
async fn a_window_read_abandoned_while_its_answer_arrives_still_persists_the_whole_body() {
    let SplitSuccess {
        body,
        sent_rx,
        rest_tx,
        sink,
        client,
    } = split_success().await;

    tokio::select! {
        _ = client.status_within_window("3645651845961623", "ref", std::time::Instant::now()) => {
            panic!("the answer cannot be whole yet")
        }
        _ = sent_rx => {}
    }
    let abandoned = "the answer was abandoned with the window";
    assert_rest_is_persisted(rest_tx, &sink, body, abandoned).await;
}
