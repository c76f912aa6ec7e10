//! A status call dropped while its sink is writing (a caller's timeout, a poll's
//! deadline, a worker stopping) does not abandon the write: the body that arrived
//! is persisted all the same.
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

use cm_idin::IdentitySink;
use support::fixture;
use tokio::sync::Notify;
use txstatus_core::{BoxFuture, RawBody};

/// Says when a write has begun, then waits for the test's go before storing.
#[derive(Debug, Default)]
struct Gated {
    begun: Notify,
    go: Notify,
    stored: Mutex<Vec<Vec<u8>>>,
    done: Notify,
}

impl IdentitySink for Gated {
    fn persist<'a>(
        &'a self,
        _transaction_id: &'a str,
        raw: &'a RawBody,
    ) -> BoxFuture<'a, io::Result<String>> {
        Box::pin(async move {
            self.begun.notify_one();
            self.go.notified().await;
            self.stored.lock().unwrap().push(raw.as_bytes().to_vec());
            self.done.notify_one();
            Ok("memory".to_owned())
        })
    }
}

#[tokio::test]
async fn a_status_call_dropped_while_the_sink_writes_still_persists_the_body() {
    let body = fixture("status-success");
    let mut server = mockito::Server::new_async().await;
    let once = support::status_answers(&mut server, body.clone(), 1).await;
    let sink = Arc::new(Gated::default());
    let client = support::client_with_sink(&server.url(), sink.clone());

    // The caller gives up (its own deadline) once the body has arrived and the
    // sink is writing: the call's future is dropped there.
    tokio::select! {
        _ = client.status("3645651845961623", "ref") => panic!("the sink was never let go"),
        () = sink.begun.notified() => {}
    }
    sink.go.notify_one();
    // A bound for a failing run only, not a timing under test.
    let finished = tokio::time::timeout(Duration::from_secs(30), sink.done.notified()).await;
    assert!(finished.is_ok(), "the write was abandoned with the call");
    assert_eq!(sink.stored.lock().unwrap().as_slice(), [body]);
    once.assert_async().await;
}
