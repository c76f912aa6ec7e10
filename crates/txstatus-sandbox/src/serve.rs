//! The HTTP/1.1 connections: hyper's server with time limits `axum::serve` does
//! not set (it has no timer), so a client that drips its request head or body,
//! keeps an idle connection, or never reads its answers cannot hold a connection
//! for good.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use axum::serve::Listener;
use hyper::body::{Body, Frame, Incoming, SizeHint};
use hyper::server::conn::http1;
use hyper::service::{Service, service_fn};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio::time::Sleep;

use crate::listener::{ConnTag, CountingListener};

/// How long a request head may take, counted from when the server waits for it
/// (a new connection, or the end of the previous answer): past it the connection
/// is closed. Longer than the clients' pool idle time (reqwest: 90 s), so a
/// pooled connection is closed by its client first.
pub(crate) const HEAD_TIMEOUT: Duration = Duration::from_secs(120);

/// How long writing an answer may make no progress (a client that does not read
/// its answers) before the connection is closed.
pub(crate) const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// Time limits of the connections.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    pub(crate) head: Duration,
    pub(crate) write: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            head: HEAD_TIMEOUT,
            write: WRITE_TIMEOUT,
        }
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then stops accepting,
/// lets the requests in flight finish (idle connections close at once) and
/// returns once every connection has ended.
pub(crate) async fn serve(
    mut listener: CountingListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let (stopping, stop) = watch::channel(false);
    let mut connections = JoinSet::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            (stream, tag) = listener.accept() => {
                connections.spawn(connection(stream, tag, app.clone(), limits, stop.clone()));
            }
            // Reaps finished connections so the set stays the size of the open ones.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    stopping.send_replace(true);
    while connections.join_next().await.is_some() {}
}

/// One connection, with the head and write limits; shut down gracefully when
/// `stop` turns true. A panicking handler ends this connection's task only.
async fn connection(
    stream: tokio::net::TcpStream,
    tag: ConnTag,
    app: Router,
    limits: Limits,
    mut stop: watch::Receiver<bool>,
) {
    let app = TowerToHyperService::new(app);
    let service = service_fn(move |mut request: hyper::Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(tag.clone()));
        // The head limit bounds the body too: a body promised by the head but
        // dripped or never sent must not hold the connection for good.
        app.call(request.map(|body| BodyDeadline::new(body, limits.head)))
    });
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.head);
    let io = TokioIo::new(WriteStallLimit::new(stream, limits.write));
    let connection = builder.serve_connection(io, service);
    let mut connection = std::pin::pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => return,
        _ = stop.wait_for(|stopping| *stopping) => {}
    }
    connection.as_mut().graceful_shutdown();
    let _ = connection.await;
}

/// A request body that fails with `TimedOut` unless it has arrived whole within
/// `limit` of its head (hyper has no body timeout); the handler reading it then
/// answers with an error and the connection is closed. The timer is armed only
/// once the body has to be waited for, so bodiless requests cost none.
#[derive(Debug)]
struct BodyDeadline {
    inner: Incoming,
    /// When the head was handed over; the deadline is `limit` after it.
    started: tokio::time::Instant,
    limit: Duration,
    deadline: Option<Pin<Box<Sleep>>>,
}

impl BodyDeadline {
    fn new(inner: Incoming, limit: Duration) -> Self {
        BodyDeadline {
            inner,
            started: tokio::time::Instant::now(),
            limit,
            deadline: None,
        }
    }
}

impl Body for BodyDeadline {
    type Data = <Incoming as Body>::Data;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        match Pin::new(&mut self.inner).poll_frame(cx) {
            Poll::Ready(frame) => Poll::Ready(frame.map(|frame| frame.map_err(Into::into))),
            Poll::Pending => {
                let deadline = self.started.checked_add(self.limit);
                let sleep = self.deadline.get_or_insert_with(|| match deadline {
                    Some(at) => Box::pin(tokio::time::sleep_until(at)),
                    // A limit too long to represent: as good as none.
                    None => Box::pin(tokio::time::sleep(Duration::from_secs(31_536_000))),
                });
                match sleep.as_mut().poll(cx) {
                    Poll::Ready(()) => Poll::Ready(Some(Err(Box::new(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "the request body did not arrive in time",
                    ))))),
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// A connection whose writes fail with `TimedOut` once one has made no progress
/// for `limit` (hyper has no write timeout). Reads pass through.
///
/// txstatus-webhooks' server has the same wrapper: the sandbox shares no code
/// with what it is used to test (ARCHITECTURE.md), so it keeps its own.
#[derive(Debug)]
struct WriteStallLimit<S> {
    inner: S,
    limit: Duration,
    /// Armed when a write cannot proceed; cleared by any progress.
    stalled: Option<Pin<Box<Sleep>>>,
}

impl<S> WriteStallLimit<S> {
    fn new(inner: S, limit: Duration) -> Self {
        WriteStallLimit {
            inner,
            limit,
            stalled: None,
        }
    }

    /// What a write attempt that returned `poll` comes to: progress clears the
    /// stall; no progress arms it, and an expired one is an error.
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
