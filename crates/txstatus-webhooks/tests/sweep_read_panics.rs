//! A re-read that panics (a provider's source, a store) ends that read only, in
//! the sweep as on the webhook path: the sweep goes on with the rest of its
//! batch, and the panicking transaction goes behind the others instead of first
//! in every batch.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::common;

use std::{sync::Arc, time::Duration};

use common::{PROVIDER, Table, TokenSide};
use txstatus_core::{BoxFuture, ManualClock, NormalizedStatus, StatusReport, StatusSource};
use txstatus_webhooks::{MemoryStore, Receiver, TxKey};

/// Panics on every read of `a-panics`; answers the rest from the table.
#[derive(Debug)]
struct PanicsOn(Arc<Table>);

impl StatusSource for PanicsOn {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    fn status_report<'a>(
        &'a self,
        id: &'a str,
    ) -> BoxFuture<'a, txstatus_core::Result<StatusReport>> {
        assert!(id != "a-panics", "read panicked");
        self.0.status_report(id)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sweep_read_that_panics_ends_that_read_only() {
    let table = Arc::new(Table::default());
    let store = Arc::new(MemoryStore::new());
    let clock = ManualClock::new();
    let (receiver, mut transitions) = Receiver::builder(store.clone())
        .provider(
            Arc::new(TokenSide { hint: false }),
            Arc::new(PanicsOn(table.clone())),
        )
        .clock(Arc::new(clock.clone()))
        .sweep_threshold(Duration::from_secs(300))
        .build();
    table.set("b-fine", NormalizedStatus::Pending, "pending");
    for (event, tx) in [("e1", "a-panics"), ("e2", "b-fine")] {
        assert_eq!(common::deliver(&receiver, event, tx).await, 200);
    }
    assert_eq!(transitions.try_recv().unwrap().id, "b-fine");
    // The provider moves b-fine on; only the sweep can see it.
    table.set("b-fine", NormalizedStatus::Succeeded, "approved");
    for _ in 0..2 {
        clock.advance(Duration::from_secs(3600));
        let report = receiver.sweep().await.unwrap();
        assert!(report.reread >= 1, "{report:?}");
    }
    let last = store.last_state(&TxKey::new(PROVIDER, "b-fine")).unwrap();
    assert_eq!(last.raw, "approved");
    assert_eq!(transitions.try_recv().unwrap().id, "b-fine");
}
