//! A ready axum router over [`Receiver::handle`]: `POST <prefix>{provider}`
//! (and anything under it, for token URLs), the raw body read up to the largest
//! cap plus one byte, so an oversized body is refused without buffering it. A
//! path no provider's route takes is answered `404`, and any other method than
//! `POST` `405` with `Allow: POST`, both before a byte of the body is read.
//!
//! ## Time limits
//!
//! A client that sends slowly must not hold a connection, or a clean stop, open:
//!
//! - **body**: once a request's headers are in, its body must arrive within
//!   [`Receiver::body_timeout`] (default 10 s, set with
//!   [`ReceiverBuilder::body_timeout`](crate::ReceiverBuilder::body_timeout)), or
//!   it is answered `408 Request Timeout` and the connection closed. [`router`]
//!   applies it whatever serves it.
//! - **headers**: [`serve`] and [`Server`] close a connection whose request
//!   headers are not complete within [`Server::header_timeout`] (default 10 s;
//!   this also ends idle keep-alive connections). `axum::serve` has no such
//!   limit, so serving [`router`] with it leaves the headers unbounded.
//! - **answers**: [`serve`] and [`Server`] close a connection whose answer
//!   cannot be written for [`Server::write_timeout`] (default 10 s): a client
//!   that never reads what it asked for (pipelining, say) does not hold it open.
//! - **stop**: when the shutdown future resolves, [`serve`] and [`Server`] stop
//!   accepting, let the requests in flight finish for at most
//!   [`Server::shutdown_grace`] (default 10 s), then close what is still open and
//!   return.
//!
//! ## Size limits
//!
//! A body announced (`Content-Length`) or sent past the largest cap is refused
//! with `413` and the connection closed, before any `100 Continue`; a body whose
//! framing breaks (chunked encoding that does not parse) is answered `400` and
//! the connection closed, never taken for an oversized one. [`serve`]
//! and [`Server`] keep at most [`Server::max_connections`] connections open
//! (default 1024; more wait in the listen backlog) and buffer about
//! [`MAX_HEAD_BYTES`] of a request head (`431` past it).

use std::{
    convert::Infallible,
    future::Future,
    io,
    net::{IpAddr, SocketAddr},
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
    time::Duration,
};

use axum::{
    Router,
    body::{Body, HttpBody},
    extract::{ConnectInfo, Request, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::any,
};
use hyper::{body::Incoming, server::conn::http1, service::service_fn};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    net::{TcpListener, TcpStream},
    sync::{OwnedSemaphorePermit, Semaphore, watch},
    task::JoinSet,
    time::Sleep,
};

use crate::{Receiver, Reply};

/// How long a connection may take to send a request's headers
/// ([`Server::header_timeout`]).
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a stop waits for the requests in flight ([`Server::shutdown_grace`]).
pub const DEFAULT_SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// How long writing an answer may make no progress ([`Server::write_timeout`]).
pub const DEFAULT_WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// How many connections are open at once at most ([`Server::max_connections`]).
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;

/// How much a connection buffers of a request head (request line and headers);
/// a larger head is answered `431` (hyper checks between reads, so one read may
/// take it a little past). Webhook heads are far smaller.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;

/// After an accept error other than a refused or reset connection (out of file
/// descriptors, say), the pause before accepting again.
const ACCEPT_PAUSE: Duration = Duration::from_secs(1);

/// Serves `receiver`'s routes on `listener` (with peer addresses) until
/// `shutdown` resolves, then stops accepting and finishes the requests in
/// flight, for at most [`DEFAULT_SHUTDOWN_GRACE`]. [`Server`] with its defaults;
/// for applications that must not depend on axum themselves (the CLI).
pub async fn serve(
    listener: TcpListener,
    receiver: Receiver,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    Server::new(receiver).serve(listener, shutdown).await
}

/// An HTTP/1.1 server for a [`Receiver`], with time limits on request headers
/// and on a stop (see the [module](self) documentation).
#[derive(Clone, Debug)]
pub struct Server {
    receiver: Receiver,
    header_timeout: Duration,
    write_timeout: Duration,
    shutdown_grace: Duration,
    max_connections: usize,
}

impl Server {
    /// A server for `receiver` with the default limits.
    pub fn new(receiver: Receiver) -> Self {
        Self {
            receiver,
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            write_timeout: DEFAULT_WRITE_TIMEOUT,
            shutdown_grace: DEFAULT_SHUTDOWN_GRACE,
            max_connections: DEFAULT_MAX_CONNECTIONS,
        }
    }

    /// How long a connection may take to send a request's headers, counted from
    /// when the server starts waiting for them (a new connection, or the end of
    /// the previous answer on a kept-alive one); the connection is closed then,
    /// without an answer. Default [`DEFAULT_HEADER_TIMEOUT`], 10 s.
    pub fn header_timeout(mut self, timeout: Duration) -> Self {
        self.header_timeout = timeout;
        self
    }

    /// How long writing to a connection may make no progress (the client does
    /// not read its answers) before the connection is closed. Default
    /// [`DEFAULT_WRITE_TIMEOUT`], 10 s.
    pub fn write_timeout(mut self, timeout: Duration) -> Self {
        self.write_timeout = timeout;
        self
    }

    /// The most connections open at once (at least one); a further connection
    /// waits in the listen backlog until one closes. Default
    /// [`DEFAULT_MAX_CONNECTIONS`], 1024.
    pub fn max_connections(mut self, max: usize) -> Self {
        self.max_connections = max.max(1);
        self
    }

    /// How long a stop waits for the requests in flight before it closes their
    /// connections. Default [`DEFAULT_SHUTDOWN_GRACE`], 10 s.
    pub fn shutdown_grace(mut self, grace: Duration) -> Self {
        self.shutdown_grace = grace;
        self
    }

    /// Serves on `listener` until `shutdown` resolves, then stops accepting,
    /// lets the requests in flight finish for at most the shutdown grace, closes
    /// every connection still open and returns. Accept errors are logged and
    /// retried, never returned.
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> io::Result<()> {
        let (stopping, stop) = watch::channel(false);
        let mut connections = JoinSet::new();
        let mut shutdown = std::pin::pin!(shutdown);
        let slots = Arc::new(Semaphore::new(self.max_connections));
        // A free connection slot, taken before accepting: past the limit new
        // connections wait in the backlog instead of costing a task each.
        let mut slot: Option<OwnedSemaphorePermit> = None;
        loop {
            tokio::select! {
                () = &mut shutdown => break,
                taken = Arc::clone(&slots).acquire_owned(), if slot.is_none() => slot = taken.ok(),
                accepted = listener.accept(), if slot.is_some() => match accepted {
                    Ok((stream, peer)) => {
                        if let Some(slot) = slot.take() {
                            connections.spawn(self.connection(stream, peer, stop.clone(), slot));
                        }
                    }
                    Err(error) => accept_failed(&error).await,
                },
                // Reaps finished connections so the set stays the size of the open ones.
                Some(_) = connections.join_next(), if !connections.is_empty() => {}
            }
        }
        drop(listener);
        stopping.send_replace(true);
        let finished = tokio::time::timeout(self.shutdown_grace, async {
            while connections.join_next().await.is_some() {}
        })
        .await;
        if finished.is_err() {
            tracing::info!(
                open = connections.len(),
                "webhook connections still open after the shutdown grace: closed"
            );
            connections.shutdown().await;
        }
        Ok(())
    }

    /// One connection: HTTP/1.1 with the header and write timeouts, shut down
    /// gracefully when `stop` turns true; `slot` is held until it ends.
    fn connection(
        &self,
        stream: TcpStream,
        peer: SocketAddr,
        mut stop: watch::Receiver<bool>,
        slot: OwnedSemaphorePermit,
    ) -> impl Future<Output = ()> + Send + 'static {
        let receiver = self.receiver.clone();
        let mut builder = http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(self.header_timeout)
            .max_buf_size(MAX_HEAD_BYTES)
            // A sender may close its sending side once the request is written
            // and wait for the answer: without this, that end of input drops a
            // request whose answer waits on the store (Redis) unanswered.
            .half_close(true);
        let stream = WriteStallLimit::new(stream, self.write_timeout);
        async move {
            let _slot = slot;
            let service = service_fn(move |request: hyper::Request<Incoming>| {
                let receiver = receiver.clone();
                async move {
                    Ok::<_, Infallible>(
                        respond(&receiver, Some(peer.ip()), request.map(Body::new)).await,
                    )
                }
            });
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                // A header timeout or a client gone is the end of this connection only.
                _ = connection.as_mut() => return,
                _ = stop.wait_for(|stopping| *stopping) => {}
            }
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        }
    }
}

/// An accept error: a connection refused or reset before it was accepted is
/// skipped; anything else (no file descriptors left) is logged and followed by
/// a pause, so the loop does not spin.
async fn accept_failed(error: &io::Error) {
    if matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    ) {
        return;
    }
    tracing::warn!(%error, "webhook listener cannot accept; retrying");
    tokio::time::sleep(ACCEPT_PAUSE).await;
}

/// A router serving every route of `receiver`. Serve it with
/// `into_make_service_with_connect_info::<SocketAddr>()` so the peer address is
/// known (OneSpan's allow-list and hint limits need it). It applies the body
/// timeout, not the header timeout ([`Server`] does that).
pub fn router(receiver: Receiver) -> Router {
    Router::new().fallback(any(handle)).with_state(receiver)
}

async fn handle(State(receiver): State<Receiver>, request: Request) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    respond(&receiver, peer, request).await
}

/// Reads the body under the cap and the body timeout, then hands the request
/// to the receiver.
async fn respond(receiver: &Receiver, peer: Option<IpAddr>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let target = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path(), |pq| pq.as_str());
    // No provider's route: refused before a byte of the body is asked for
    // (no `100 Continue`) or read; the unread body ends the connection.
    if !receiver.has_route(target) {
        return (
            StatusCode::NOT_FOUND,
            [(header::CONNECTION, "close")],
            "no such webhook route\n",
        )
            .into_response();
    }
    // Not a delivery's method: refused before a byte of the body is asked for
    // (no `100 Continue`) or read, whatever the route's side would take; the
    // unread body ends the connection. A 405 names the methods the route takes
    // (RFC 9110, 15.5.6).
    if !receiver.takes_method(parts.method.as_str()) {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "POST"), (header::CONNECTION, "close")],
            "method not allowed\n",
        )
            .into_response();
    }
    // Announced past every cap: refused before a byte of it is asked for
    // (no `100 Continue`) or read.
    let announced = usize::try_from(body.size_hint().lower()).unwrap_or(usize::MAX);
    if announced > receiver.max_body() {
        return too_large();
    }
    let read = tokio::time::timeout(
        receiver.body_timeout(),
        read_capped(body, receiver.max_body()),
    )
    .await;
    let bytes = match read {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(BodyRead::TooLarge)) => return too_large(),
        Ok(Err(BodyRead::Broken)) => return broken_body(),
        Err(_elapsed) => {
            // The rest of the body is never read: the connection cannot be reused.
            let reply = receiver.body_timed_out(target);
            return (status(reply), [(header::CONNECTION, "close")], reply.body).into_response();
        }
    };
    let reply = receiver
        .handle(parts.method.as_str(), target, &parts.headers, peer, &bytes)
        .await;
    if reply.status == StatusCode::METHOD_NOT_ALLOWED.as_u16() {
        // A 405 names the methods the route takes (RFC 9110, 15.5.6): every
        // provider's side takes deliveries as POST only.
        return (status(reply), [(header::ALLOW, "POST")], reply.body).into_response();
    }
    (status(reply), reply.body).into_response()
}

/// Why a body was not read whole.
enum BodyRead {
    /// More than the cap arrived.
    TooLarge,
    /// The body's framing was broken (chunked encoding that does not parse, a
    /// connection closed before the announced length): not a delivery at all.
    Broken,
}

/// The body, read frame by frame up to `cap` bytes: one byte past it is
/// [`BodyRead::TooLarge`] (nothing more is read), a body the connection could
/// not deliver whole is [`BodyRead::Broken`], so neither is mistaken for the
/// other.
async fn read_capped(mut body: Body, cap: usize) -> Result<Vec<u8>, BodyRead> {
    let mut bytes = Vec::new();
    while let Some(frame) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let Ok(data) = frame.map_err(|_| BodyRead::Broken)?.into_data() else {
            // Trailers: nothing the receiver reads.
            continue;
        };
        if bytes.len().saturating_add(data.len()) > cap {
            return Err(BodyRead::TooLarge);
        }
        bytes.extend_from_slice(&data);
    }
    Ok(bytes)
}

/// `400` for a body whose framing broke; what is left of it cannot be read, so
/// the connection is closed.
fn broken_body() -> Response {
    (
        StatusCode::BAD_REQUEST,
        [(header::CONNECTION, "close")],
        "malformed body\n",
    )
        .into_response()
}

/// `413`; the rest of the body is never read, so the connection is closed.
fn too_large() -> Response {
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        [(header::CONNECTION, "close")],
        "body too large\n",
    )
        .into_response()
}

fn status(reply: Reply) -> StatusCode {
    StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// A connection whose writes fail with `TimedOut` once one has made no
/// progress for `limit`: hyper has no write timeout, and a client that never
/// reads its answers would otherwise hold the connection (and its buffers)
/// for as long as it likes. Reads pass through (the header and body timeouts
/// bound them).
#[derive(Debug)]
struct WriteStallLimit<S> {
    inner: S,
    limit: Duration,
    /// Armed when a write cannot proceed; cleared by any progress.
    stalled: Option<Pin<Box<Sleep>>>,
}

impl<S> WriteStallLimit<S> {
    fn new(inner: S, limit: Duration) -> Self {
        Self {
            inner,
            limit,
            stalled: None,
        }
    }

    /// What a write attempt that returned `poll` comes to: progress clears
    /// the stall; no progress arms it, and an expired one is an error.
    fn watch<T>(&mut self, cx: &mut Context<'_>, poll: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        if poll.is_ready() {
            self.stalled = None;
            return poll;
        }
        let limit = self.limit;
        let stalled = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        match stalled.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client does not read its answers",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for WriteStallLimit<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for WriteStallLimit<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.watch(cx, poll)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.watch(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.inner).poll_flush(cx);
        self.watch(cx, poll)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.inner).poll_shutdown(cx);
        self.watch(cx, poll)
    }
}
