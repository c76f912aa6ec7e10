//! Hostile HTTP against `service::Server` over real TCP: a client that never
//! reads its answers, more connections than the limit, a body announced past the
//! cap, an oversized request head, and panics (in a side, in a re-read) that
//! must end one request only. Checks are logical (what was answered, what was
//! closed); the only durations are limits set short and generous waits.
#![cfg(feature = "axum")]
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::{
    net::SocketAddr,
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    },
    time::Duration,
};

use common::{PROVIDER, Table, TokenSide, body};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
    sync::oneshot,
    task::JoinHandle,
    time::{sleep, timeout},
};
use txstatus_core::{
    BoxFuture, NormalizedStatus, StatusReport, StatusSource,
    webhook::{Delivery, Inbound, Refusal, WebhookSide},
};
use txstatus_webhooks::{
    Acceptance, Commit, MemoryStore, Receiver, Store, StoreError, Transition, TxKey, service,
};

/// Far longer than anything a passing test waits for.
const LONG: Duration = Duration::from_secs(600);
/// Generous bound for what must happen promptly.
const SLACK: Duration = Duration::from_secs(20);

struct Running {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
    receiver: Receiver,
}

impl Running {
    async fn stop(mut self) {
        self.stop.take().unwrap().send(()).unwrap();
        timeout(SLACK, self.task)
            .await
            .expect("serve did not stop")
            .unwrap()
            .unwrap();
    }
}

async fn serve(
    side: Arc<dyn WebhookSide>,
    source: Arc<dyn StatusSource>,
    server: impl FnOnce(Receiver) -> service::Server,
) -> Running {
    serve_on(Arc::new(MemoryStore::new()), side, source, server).await
}

async fn serve_on(
    store: Arc<dyn Store>,
    side: Arc<dyn WebhookSide>,
    source: Arc<dyn StatusSource>,
    server: impl FnOnce(Receiver) -> service::Server,
) -> Running {
    let (receiver, transitions) = Receiver::builder(store)
        .provider(side, source)
        .body_timeout(LONG)
        .build();
    drop(transitions);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let shutdown = async {
        let _ = stopped.await;
    };
    let task = tokio::spawn(server(receiver.clone()).serve(listener, shutdown));
    Running {
        addr,
        stop: Some(stop),
        task,
        receiver,
    }
}

fn table() -> Arc<Table> {
    let table = Arc::new(Table::default());
    table.set("tx-1", NormalizedStatus::Succeeded, "approved");
    table
}

fn token_side() -> Arc<dyn WebhookSide> {
    Arc::new(TokenSide { hint: false })
}

/// A delivery with `Connection: close`.
fn delivery(event: &str, tx: &str) -> Vec<u8> {
    let body = body(event, tx);
    let mut request = format!(
        "POST /webhooks/{PROVIDER} HTTP/1.1\r\nHost: x\r\nx-token: good\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(&body);
    request
}

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

/// Sends `request` on a new connection and reads the answer to the close.
async fn exchange(addr: SocketAddr, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    // The server may answer and close before all of it is written.
    let _ = stream.write_all(request).await;
    timeout(SLACK, read_to_close(&mut stream))
        .await
        .expect("no answer")
}

#[tokio::test]
async fn a_client_that_never_reads_its_answers_is_disconnected_after_the_write_timeout() {
    let server = serve(token_side(), table(), |receiver| {
        service::Server::new(receiver)
            .header_timeout(LONG)
            .write_timeout(Duration::from_millis(200))
    })
    .await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    // Pipelined requests, never reading an answer, until the server stops
    // taking them: the answers fill both sides' buffers.
    let request =
        format!("POST /webhooks/{PROVIDER} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
    let batch = request.repeat(64);
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
            "the server never stopped taking requests"
        );
    }
    // Still not reading, well past the write timeout.
    sleep(Duration::from_secs(2)).await;
    let answers = timeout(SLACK, read_to_close(&mut stream))
        .await
        .expect("the connection is still open: a client that never reads holds it");
    let answered = answers.matches("HTTP/1.1 ").count();
    assert!(answered < sent, "{answered} of {sent} answered");
    server.stop().await;
}

#[tokio::test]
async fn connections_past_the_limit_wait_until_one_closes() {
    let server = serve(token_side(), table(), |receiver| {
        service::Server::new(receiver)
            .header_timeout(LONG)
            .max_connections(1)
    })
    .await;
    // An idle connection takes the only slot.
    let mut idle = TcpStream::connect(server.addr).await.unwrap();
    idle.write_all(b"POST /webhooks/fake HTTP/1.1\r\n")
        .await
        .unwrap();
    let addr = server.addr;
    let mut second = tokio::spawn(async move { exchange(addr, &delivery("evt-1", "tx-1")).await });
    // Not served while the slot is taken (it would be at once without the limit).
    assert!(
        timeout(Duration::from_secs(1), &mut second).await.is_err(),
        "a connection past the limit was served"
    );
    drop(idle);
    let answer = timeout(SLACK, second).await.expect("never served").unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    server.stop().await;
}

#[tokio::test]
async fn a_body_announced_past_the_cap_is_refused_before_100_continue_and_closed() {
    let server = serve(token_side(), table(), service::Server::new).await;
    // TokenSide's cap is 1 KiB.
    for length in ["1025", "9999999999", "18446744073709551615"] {
        let head = format!(
            "POST /webhooks/{PROVIDER} HTTP/1.1\r\nHost: x\r\nx-token: good\r\nContent-Length: {length}\r\nExpect: 100-continue\r\n\r\n"
        );
        // The body is never sent: the answer must not wait for it.
        let answer = exchange(server.addr, head.as_bytes()).await;
        // hyper itself refuses a length it cannot represent (431).
        let refused = if length.len() > 19 {
            "HTTP/1.1 4"
        } else {
            "HTTP/1.1 413"
        };
        assert!(answer.starts_with(refused), "{length}: {answer}");
        assert!(!answer.contains(" 100 "), "{length}: {answer}");
        assert!(
            answer.to_ascii_lowercase().contains("connection: close"),
            "{answer}"
        );
    }
    assert_eq!(server.receiver.body_timeouts(), 0);
    server.stop().await;
}

/// A request to a path no provider's route takes is answered `404` before a
/// byte of its body is asked for (no `100 Continue`) or read, and closed: a
/// scanner announcing bodies to made-up paths costs no body reads.
#[tokio::test]
async fn a_request_to_no_route_is_refused_before_100_continue_and_closed() {
    let server = serve(token_side(), table(), service::Server::new).await;
    for target in [
        "/webhooks/nobody".to_owned(),
        format!("/webhooks%2F{PROVIDER}"),
        format!("/other/{PROVIDER}"),
        "*".to_owned(),
    ] {
        let head = format!(
            "POST {target} HTTP/1.1\r\nHost: x\r\nx-token: good\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n"
        );
        // The body is never sent: the answer must not wait for it.
        let answer = exchange(server.addr, head.as_bytes()).await;
        assert!(answer.starts_with("HTTP/1.1 4"), "{target}: {answer}");
        assert!(!answer.contains(" 100 "), "{target}: {answer}");
        assert!(
            answer.to_ascii_lowercase().contains("connection: close"),
            "{target}: {answer}"
        );
    }
    assert_eq!(server.receiver.body_timeouts(), 0);
    server.stop().await;
}

/// A chunked delivery: `chunks` as sent (hex sizes included), with `Connection: close`.
fn chunked(chunks: &[u8]) -> Vec<u8> {
    let mut request = format!(
        "POST /webhooks/{PROVIDER} HTTP/1.1\r\nHost: x\r\nx-token: good\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    .into_bytes();
    request.extend_from_slice(chunks);
    request
}

#[tokio::test]
async fn a_chunked_body_with_broken_framing_is_a_bad_request_not_a_body_too_large() {
    let server = serve(token_side(), table(), service::Server::new).await;
    for broken in [
        &b"zz\r\nabc\r\n0\r\n\r\n"[..],
        b"3\r\nabcdef\r\n0\r\n\r\n",
        b"-1\r\nabc\r\n0\r\n\r\n",
        b"ffffffffffffffffff\r\nabc\r\n",
    ] {
        let answer = exchange(server.addr, &chunked(broken)).await;
        assert!(
            answer.starts_with("HTTP/1.1 400"),
            "{:?}: {answer}",
            String::from_utf8_lossy(broken)
        );
        assert!(!answer.contains("too large"), "{answer}");
        assert!(
            answer.to_ascii_lowercase().contains("connection: close"),
            "{answer}"
        );
    }
    // A body cut short (the client stops sending before the announced length,
    // or inside a chunk) is no delivery either, and no oversized one.
    for cut in [
        format!("POST /webhooks/{PROVIDER} HTTP/1.1\r\nHost: x\r\nx-token: good\r\nContent-Length: 100\r\n\r\nabc").into_bytes(),
        chunked(b"10\r\nabc"),
    ] {
        let mut stream = TcpStream::connect(server.addr).await.unwrap();
        stream.write_all(&cut).await.unwrap();
        stream.shutdown().await.unwrap();
        let answer = timeout(SLACK, read_to_close(&mut stream))
            .await
            .expect("no answer");
        assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    }
    // Chunks adding up past the cap (1 KiB) are still too large; a well-framed
    // chunked delivery, trailers included, is still a delivery.
    let mut over = Vec::new();
    for _ in 0..3 {
        over.extend_from_slice(b"200\r\n");
        over.extend(std::iter::repeat_n(b' ', 0x200));
        over.extend_from_slice(b"\r\n");
    }
    over.extend_from_slice(b"0\r\n\r\n");
    let answer = exchange(server.addr, &chunked(&over)).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    let body = body("evt-chunked", "tx-1");
    let (head, tail) = body.split_at(body.len() / 2);
    let mut framed = Vec::new();
    for part in [head, tail] {
        framed.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
        framed.extend_from_slice(part);
        framed.extend_from_slice(b"\r\n");
    }
    framed.extend_from_slice(b"0\r\nx-trailer: t\r\n\r\n");
    let answer = exchange(server.addr, &chunked(&framed)).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    server.stop().await;
}

#[tokio::test]
async fn a_request_head_past_the_head_limit_gets_431() {
    let server = serve(token_side(), table(), service::Server::new).await;
    let mut request = b"POST /webhooks/fake HTTP/1.1\r\nHost: x\r\nx-pad: ".to_vec();
    // hyper checks the limit between reads: one read may take it a little past.
    request.extend(std::iter::repeat_n(b'a', 2 * service::MAX_HEAD_BYTES));
    request.extend_from_slice(b"\r\nx-token: good\r\nContent-Length: 0\r\n\r\n");
    let answer = exchange(server.addr, &request).await;
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");
    // Other clients are still served.
    let answer = exchange(server.addr, &delivery("evt-1", "tx-1")).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    server.stop().await;
}

/// Panics on a body of `boom`, else TokenSide's rules.
#[derive(Debug)]
struct PanickingSide;

impl WebhookSide for PanickingSide {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    fn receive(&self, inbound: &Inbound<'_>) -> Result<Delivery, Refusal> {
        assert!(inbound.body != b"boom", "side panicked");
        TokenSide { hint: false }.receive(inbound)
    }
}

#[tokio::test]
async fn a_side_that_panics_ends_that_request_only() {
    let server = serve(Arc::new(PanickingSide), table(), service::Server::new).await;
    let request = b"POST /webhooks/fake HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nboom";
    let answer = exchange(server.addr, request).await;
    assert!(!answer.contains("boom"), "{answer}");
    let answer = exchange(server.addr, &delivery("evt-1", "tx-1")).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    server.stop().await;
}

/// The first read panics; later reads answer from the table.
#[derive(Debug)]
struct PanicsOnce {
    table: Arc<Table>,
    panicked: AtomicBool,
    reads: AtomicUsize,
}

impl StatusSource for PanicsOnce {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    fn status_report<'a>(
        &'a self,
        id: &'a str,
    ) -> BoxFuture<'a, txstatus_core::Result<StatusReport>> {
        self.reads.fetch_add(1, Ordering::SeqCst);
        assert!(self.panicked.swap(true, Ordering::SeqCst), "read panicked");
        self.table.status_report(id)
    }
}

#[tokio::test]
async fn a_reread_that_panics_leaves_its_transaction_readable_on_the_next_delivery() {
    let source = Arc::new(PanicsOnce {
        table: table(),
        panicked: AtomicBool::new(false),
        reads: AtomicUsize::new(0),
    });
    let server = serve(token_side(), source.clone(), |receiver| {
        service::Server::new(receiver).max_connections(4)
    })
    .await;
    let answer = exchange(server.addr, &delivery("evt-1", "tx-1")).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    timeout(SLACK, server.receiver.drain())
        .await
        .expect("a panicked read never finished");
    assert_eq!(source.reads.load(Ordering::SeqCst), 1);
    // A new delivery for the same transaction is read again.
    let answer = exchange(server.addr, &delivery("evt-2", "tx-1")).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    timeout(SLACK, server.receiver.drain()).await.unwrap();
    assert_eq!(source.reads.load(Ordering::SeqCst), 2);
    server.stop().await;
}

#[tokio::test]
async fn a_wrong_method_gets_405_naming_post_in_an_allow_header() {
    let side = Arc::new(persona_tx::webhook::PersonaWebhooks::new(
        persona_tx::webhook::WebhookVerifier::new(txstatus_core::SecretString::from(
            "wbhsec_methods",
        )),
    ));
    let server = serve(side, table(), service::Server::new).await;
    for method in ["GET", "PUT", "PATCH", "DELETE", "OPTIONS"] {
        let request = format!(
            "{method} /webhooks/persona HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{{}}"
        );
        let answer = exchange(server.addr, request.as_bytes()).await;
        assert!(answer.starts_with("HTTP/1.1 405"), "{method}: {answer}");
        let head = answer
            .split("\r\n\r\n")
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        assert!(
            head.lines().any(|line| line == "allow: post"),
            "{method}: a 405 names the methods the route takes (RFC 9110 15.5.6): {answer}"
        );
    }
    // POST is still the route's, and a forged one is refused as such.
    let request = "POST /webhooks/persona HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}";
    let answer = exchange(server.addr, request.as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    assert!(!answer.to_ascii_lowercase().contains("allow:"), "{answer}");
    server.stop().await;
}

/// The test side takes any method: the server must still refuse every method
/// but `POST` with `405` and `Allow: POST`, before a byte of the body is asked
/// for (no `100 Continue`) or read, and close; nothing reaches the side, the
/// store or a read, even with the right token.
#[tokio::test]
async fn every_method_but_post_is_refused_before_its_body_whatever_the_side_takes() {
    let table = table();
    let server = serve(token_side(), table.clone(), service::Server::new).await;
    for method in ["GET", "PUT", "PATCH", "DELETE", "OPTIONS", "PROPFIND"] {
        let head = format!(
            "{method} /webhooks/{PROVIDER}?x=1 HTTP/1.1\r\nHost: x\r\nx-token: good\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n"
        );
        // The body is never sent: the answer must not wait for it.
        let answer = exchange(server.addr, head.as_bytes()).await;
        assert!(answer.starts_with("HTTP/1.1 405"), "{method}: {answer}");
        assert!(!answer.contains(" 100 "), "{method}: {answer}");
        let head = answer
            .split("\r\n\r\n")
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        assert!(
            head.lines().any(|line| line == "allow: post"),
            "{method}: {answer}"
        );
        assert!(head.contains("connection: close"), "{method}: {answer}");
    }
    // A whole GET delivery, right token and body: refused, never read.
    let body = body("evt-get", "tx-1");
    let mut request = format!(
        "GET /webhooks/{PROVIDER} HTTP/1.1\r\nHost: x\r\nx-token: good\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(&body);
    let answer = exchange(server.addr, &request).await;
    assert!(answer.starts_with("HTTP/1.1 405"), "{answer}");
    timeout(SLACK, server.receiver.drain()).await.unwrap();
    assert_eq!(table.reads(), 0);
    assert_eq!(server.receiver.body_timeouts(), 0);
    // POST still is the route's.
    let answer = exchange(server.addr, &delivery("evt-post", "tx-1")).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    server.stop().await;
}

/// Everything the server traces at TRACE under an application's subscriber,
/// while clients send secrets and personal data in the query, the headers,
/// the path and the body, and break every limit: refused, malformed, too
/// large, cut short, unknown routes, wrong methods. No secret, query string,
/// path past the route, header value or body content appears in any span,
/// field or message.
// A current-thread runtime: the server's connections run on this thread,
// under the subscriber set here.
#[tokio::test]
async fn hostile_requests_over_http_leave_no_secret_or_personal_value_in_any_trace() {
    const SECRET: &str = "whsec_HtTpTrAcE_5521";
    const QUERY_TOKEN: &str = "qtok_HtTpQuErY_7730";
    const PERSONAL: &[&str] = &["jannetje.http@example.com", "Jannetje", "evt_Jannetje_Http"];
    let recorder = txstatus_core::test_util::TraceCapture::default();
    let _guard = txstatus_core::test_util::set_test_subscriber(recorder.clone());
    let server = serve(token_side(), table(), service::Server::new).await;
    let body = format!(
        r#"{{"event":"{}","tx":"{}","result":"{SECRET}","status":"declined","name":"{}"}}"#,
        PERSONAL[2], PERSONAL[0], PERSONAL[1]
    );
    let request = |method: &str, target: &str, token: &str, framing: &str, body: &str| {
        format!(
            "{method} {target} HTTP/1.1\r\nHost: x\r\nx-token: {token}\r\n\
             authorization: Bearer {SECRET}\r\nx-person: {}\r\nConnection: close\r\n{framing}\r\n{body}",
            PERSONAL[0]
        )
        .into_bytes()
    };
    let route = format!(
        "/webhooks/{PROVIDER}?token={QUERY_TOKEN}&email={}",
        PERSONAL[0]
    );
    let unknown = format!("/webhooks/{}?token={QUERY_TOKEN}", PERSONAL[1]);
    let length = format!("Content-Length: {}\r\n", body.len());
    let mut head_too_large = request("POST", &route, "good", &length, &body);
    head_too_large.splice(
        ..0,
        format!(
            "POST {route} HTTP/1.1\r\nx-pad: {}\r\n",
            PERSONAL[1].repeat(20_000)
        )
        .into_bytes(),
    );
    for (request, expected) in [
        (request("POST", &route, SECRET, &length, &body), "401"),
        (request("POST", &route, "good", &length, &body), "200"),
        (request("POST", &unknown, "good", &length, &body), "404"),
        (request("GET", &route, "good", &length, &body), "405"),
        (
            request("POST", &route, "good", "Content-Length: 999999\r\n", &body),
            "413",
        ),
        (
            request(
                "POST",
                &route,
                "good",
                "Transfer-Encoding: chunked\r\n",
                "zz\r\n",
            ),
            "400",
        ),
        (head_too_large, "431"),
    ] {
        let answer = exchange(server.addr, &request).await;
        assert!(
            answer.starts_with(&format!("HTTP/1.1 {expected}")),
            "{expected}: {answer}"
        );
        for marker in [SECRET, QUERY_TOKEN].iter().chain(PERSONAL) {
            assert!(!answer.contains(marker), "{marker} echoed: {answer}");
        }
    }
    // Cut short: the connection ends inside the announced body.
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    stream
        .write_all(&request(
            "POST",
            &route,
            "good",
            "Content-Length: 5000\r\n",
            &body,
        ))
        .await
        .unwrap();
    stream.shutdown().await.unwrap();
    let _ = timeout(SLACK, read_to_close(&mut stream)).await;
    server.receiver.drain().await;
    server.stop().await;
    let text = recorder.text();
    assert!(text.contains("webhook refused"), "nothing traced: {text}");
    for marker in [SECRET, QUERY_TOKEN, "token=", "declined", "\"tx\"", "?"]
        .iter()
        .chain(PERSONAL)
    {
        for line in text.lines() {
            assert!(
                !line
                    .to_ascii_lowercase()
                    .contains(&marker.to_ascii_lowercase()),
                "{marker:?} in a trace line: {line}"
            );
        }
    }
}

/// A memory store whose `accept` takes a while, as a shared store's round trip
/// does (Redis): the answer is not ready when the request has been read.
#[derive(Debug, Default)]
struct SlowAccept(MemoryStore);

impl Store for SlowAccept {
    fn accept<'a>(
        &'a self,
        delivery: &'a Delivery,
        now: time::OffsetDateTime,
    ) -> BoxFuture<'a, Result<Acceptance, StoreError>> {
        Box::pin(async move {
            sleep(Duration::from_millis(300)).await;
            self.0.accept(delivery, now).await
        })
    }

    fn begin_read<'a>(&'a self, key: &'a TxKey) -> BoxFuture<'a, Result<u64, StoreError>> {
        self.0.begin_read(key)
    }

    fn commit(&self, commit: Commit) -> BoxFuture<'_, Result<Option<Transition>, StoreError>> {
        self.0.commit(commit)
    }

    fn due(
        &self,
        checked_before: time::OffsetDateTime,
        limit: usize,
    ) -> BoxFuture<'_, Result<Vec<TxKey>, StoreError>> {
        self.0.due(checked_before, limit)
    }

    fn feed_cursor<'a>(
        &'a self,
        provider: &'a str,
    ) -> BoxFuture<'a, Result<Option<String>, StoreError>> {
        self.0.feed_cursor(provider)
    }

    fn set_feed_cursor<'a>(
        &'a self,
        provider: &'a str,
        event_id: &'a str,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        self.0.set_feed_cursor(provider, event_id)
    }

    fn transitions(
        &self,
        after: usize,
        limit: usize,
    ) -> BoxFuture<'_, Result<Vec<Transition>, StoreError>> {
        self.0.transitions(after, limit)
    }
}

#[tokio::test]
async fn a_sender_that_half_closes_after_its_request_still_gets_its_answer() {
    let server = serve_on(
        Arc::new(SlowAccept::default()),
        token_side(),
        table(),
        service::Server::new,
    )
    .await;
    for keep_alive in [false, true] {
        let mut request = delivery(&format!("evt-half-{keep_alive}"), "tx-1");
        if keep_alive {
            request = String::from_utf8(request)
                .unwrap()
                .replace("Connection: close\r\n", "")
                .into_bytes();
        }
        let mut stream = TcpStream::connect(server.addr).await.unwrap();
        stream.write_all(&request).await.unwrap();
        // Nothing more to send: the sending side closes, the reading side waits.
        stream.shutdown().await.unwrap();
        let answer = timeout(SLACK, read_to_close(&mut stream))
            .await
            .expect("no answer");
        assert!(
            answer.starts_with("HTTP/1.1 200"),
            "keep-alive {keep_alive}: {answer:?}"
        );
    }
    server.stop().await;
}
