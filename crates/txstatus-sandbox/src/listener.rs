//! A TCP listener that counts accepted connections and tags each one, so the first
//! provider request on a connection can claim it for that provider.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::serve::Listener;
use tokio::net::{TcpListener, TcpStream};

use crate::state::Shared;

/// Per-connection information, handed to every request as `ConnectInfo<ConnTag>`
/// (by `serve.rs`).
#[derive(Clone, Debug)]
pub(crate) struct ConnTag {
    claimed: Arc<AtomicBool>,
}

impl ConnTag {
    fn new(_peer: SocketAddr) -> Self {
        ConnTag {
            claimed: Arc::new(AtomicBool::new(false)),
        }
    }

    /// True for the first caller only: that caller attributes the connection.
    pub(crate) fn claim(&self) -> bool {
        !self.claimed.swap(true, Ordering::AcqRel)
    }
}

/// Wraps the bound listener: sets `TCP_NODELAY`, counts and tags each connection.
#[derive(Debug)]
pub(crate) struct CountingListener {
    inner: TcpListener,
    shared: Arc<Shared>,
}

impl CountingListener {
    pub(crate) fn new(inner: TcpListener, shared: Arc<Shared>) -> Self {
        CountingListener { inner, shared }
    }
}

impl Listener for CountingListener {
    type Io = TcpStream;
    type Addr = ConnTag;

    async fn accept(&mut self) -> (TcpStream, ConnTag) {
        loop {
            match self.inner.accept().await {
                Ok((stream, peer)) => {
                    // Small responses must not wait for Nagle; failure only costs latency.
                    let _ = stream.set_nodelay(true);
                    self.shared.counters.connection_accepted();
                    return (stream, ConnTag::new(peer));
                }
                Err(error) => {
                    if !matches!(
                        error.kind(),
                        io::ErrorKind::ConnectionRefused
                            | io::ErrorKind::ConnectionAborted
                            | io::ErrorKind::ConnectionReset
                    ) {
                        // Out of file descriptors or similar: wait for some to close.
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                }
            }
        }
    }

    fn local_addr(&self) -> io::Result<ConnTag> {
        self.inner.local_addr().map(ConnTag::new)
    }
}
