//! Nineteenth outside audit: a delivery is reconciled only by a read that began
//! after it was recorded. A read already running when it arrived may have read
//! the state before the change the delivery is about; when that read records
//! and the delivery's own read then fails, the delivery still awaits a read, so
//! the change is read later (never lost) and recorded once (never twice).
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::common;

use std::{
    sync::{Arc, atomic::Ordering},
    time::Duration,
};

use common::{Table, TokenSide, body, token_headers};
use time::macros::datetime;
use tokio::sync::{Semaphore, mpsc::UnboundedReceiver};
use txstatus_core::{ManualClock, NormalizedStatus};
use txstatus_webhooks::{MemoryStore, Origin, Receiver, Transition};

const ROUTE: &str = "/webhooks/fake";

fn raws(rx: &mut UnboundedReceiver<Transition>) -> Vec<(String, Option<String>, Origin)> {
    let mut all = Vec::new();
    while let Ok(t) = rx.try_recv() {
        all.push((t.status.raw, t.previous.map(|p| p.raw), t.source));
    }
    all
}

async fn wait_for_reads(table: &Table, reads: usize) {
    while table.reads() < reads {
        tokio::task::yield_now().await;
    }
}

#[tokio::test]
async fn a_delivery_arriving_during_an_earlier_read_still_awaits_when_its_own_read_fails() {
    let gate = Arc::new(Semaphore::new(0));
    let table = Arc::new(Table::gated(gate.clone()));
    let clock = ManualClock::new();
    let (receiver, mut transitions) = Receiver::builder(Arc::new(MemoryStore::new()))
        .provider(Arc::new(TokenSide { hint: false }), table.clone())
        .clock(Arc::new(clock.clone()))
        .sweep_threshold(Duration::from_secs(300))
        .build();
    let post = |event: &'static str| {
        let receiver = receiver.clone();
        async move {
            receiver
                .handle(
                    "POST",
                    ROUTE,
                    &token_headers("good"),
                    None,
                    &body(event, "tx-1"),
                )
                .await
                .status
        }
    };
    // Completed (terminal) at 10:00; the first delivery's read takes that.
    let completed = datetime!(2026-01-01 10:00 UTC);
    table.set_at(
        "tx-1",
        NormalizedStatus::Succeeded,
        "completed",
        Some(completed),
    );
    assert_eq!(post("evt-1").await, 200);
    wait_for_reads(&table, 1).await;
    // Reviewed while that read is held: approved at 11:00, and delivered (the
    // delivery claims "declined": never trusted).
    let approved = datetime!(2026-01-01 11:00 UTC);
    table.set_at(
        "tx-1",
        NormalizedStatus::Succeeded,
        "approved",
        Some(approved),
    );
    assert_eq!(post("evt-2").await, 200);
    // The earlier read records `completed`; the delivery's own read fails.
    gate.add_permits(1);
    wait_for_reads(&table, 2).await;
    table.failing.store(true, Ordering::SeqCst);
    gate.add_permits(1);
    receiver.drain().await;
    assert_eq!(
        raws(&mut transitions),
        [("completed".to_owned(), None, Origin::Webhook)]
    );
    // The provider answers again: the sweep reads what the failed read left.
    table.failing.store(false, Ordering::SeqCst);
    gate.add_permits(100);
    clock.advance(Duration::from_secs(301));
    let report = receiver.sweep().await.unwrap();
    assert_eq!(
        raws(&mut transitions),
        [(
            "approved".to_owned(),
            Some("completed".to_owned()),
            Origin::Sweep
        )],
        "the change the failed read was for is recorded: {report:?}"
    );
    // Recorded once: reconciled and terminal, nothing is due any more.
    clock.advance(Duration::from_secs(301));
    assert_eq!(receiver.sweep().await.unwrap().reread, 0);
    assert!(raws(&mut transitions).is_empty());
}

#[tokio::test]
async fn a_read_that_began_after_the_delivery_reconciles_it() {
    let table = Arc::new(Table::default());
    let clock = ManualClock::new();
    let (receiver, mut transitions) = Receiver::builder(Arc::new(MemoryStore::new()))
        .provider(Arc::new(TokenSide { hint: false }), table.clone())
        .clock(Arc::new(clock.clone()))
        .sweep_threshold(Duration::from_secs(300))
        .build();
    table.set("tx-1", NormalizedStatus::Succeeded, "approved");
    let reply = receiver
        .handle(
            "POST",
            ROUTE,
            &token_headers("good"),
            None,
            &body("evt-1", "tx-1"),
        )
        .await;
    receiver.drain().await;
    assert_eq!(reply.status, 200);
    assert_eq!(raws(&mut transitions).len(), 1);
    clock.advance(Duration::from_secs(301));
    assert_eq!(
        receiver.sweep().await.unwrap().reread,
        0,
        "its own read reconciled it: nothing left awaiting"
    );
    assert_eq!(table.reads(), 1);
}
