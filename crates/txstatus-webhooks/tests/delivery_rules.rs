//! Rules the receiver keeps whatever a side does: only `POST` is a delivery,
//! an event id is remembered for a bounded time, and a verified hint (ID Scan's
//! `resultId`) reaches the transition it is about even when the state it names
//! was read before the delivery arrived, or its read was left to the sweep.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::common;

use std::{sync::Arc, time::Duration};

use common::{PROVIDER, Table, TokenSide, token_headers};
use time::OffsetDateTime;
use tokio::sync::{Semaphore, mpsc::UnboundedReceiver};
use txstatus_core::{ManualClock, NormalizedStatus, webhook::Delivery};
use txstatus_webhooks::{
    Acceptance, MAX_DEDUPE_TTL, MemoryStore, Origin, Receiver, Store, Transition,
};

const ROUTE: &str = "/webhooks/fake";

fn drain_transitions(rx: &mut UnboundedReceiver<Transition>) -> Vec<Transition> {
    let mut all = Vec::new();
    while let Ok(t) = rx.try_recv() {
        all.push(t);
    }
    all
}

/// `{"event", "tx"}` and, when given, `"result"` (TokenSide's `resultId` hint).
fn body(event: &str, tx: &str, result: Option<&str>) -> Vec<u8> {
    let result = result.map_or(String::new(), |r| format!(r#","result":"{r}""#));
    format!(r#"{{"event":"{event}","tx":"{tx}"{result}}}"#).into_bytes()
}

/// The test side takes any method (it does not check): the receiver must still
/// take only `POST` as a delivery. Anything else is `405` before the side, the
/// store or a read: a link preview or a crawler following a webhook URL (a
/// Checkout token travels in it) records and reads nothing.
#[tokio::test]
async fn any_method_but_post_is_405_before_the_side_whatever_the_side_takes() {
    let table = Arc::new(Table::default());
    let store = Arc::new(MemoryStore::new());
    let (receiver, mut transitions) = Receiver::builder(store.clone())
        .provider(Arc::new(TokenSide { hint: false }), table.clone())
        .build();
    for method in [
        "GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT", "X",
    ] {
        let reply = receiver
            .handle(
                method,
                ROUTE,
                &token_headers("good"),
                None,
                &body(&format!("evt-{method}"), "tx-1", None),
            )
            .await;
        receiver.drain().await;
        assert_eq!(reply.status, 405, "{method}");
    }
    assert!(receiver.takes_method("POST"));
    assert!(!receiver.takes_method("GET"));
    assert_eq!(table.reads(), 0);
    assert_eq!(store.transactions(), 0);
    assert!(drain_transitions(&mut transitions).is_empty());
    // No route is still 404, whatever the method.
    let reply = receiver
        .handle("GET", "/webhooks/nobody", &token_headers("good"), None, b"")
        .await;
    assert_eq!(reply.status, 404);
    // POST is a delivery.
    let reply = receiver
        .handle(
            "POST",
            ROUTE,
            &token_headers("good"),
            None,
            &body("evt-post", "tx-1", None),
        )
        .await;
    receiver.drain().await;
    assert_eq!(reply.status, 200);
    assert_eq!(table.reads(), 1);
}

fn t0() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap()
}

/// A side may say a provider resends for ever (`Duration::MAX`, or years). The
/// memory store remembers the event id for at most [`MAX_DEDUPE_TTL`]: past it
/// the id is new again and its entry can be purged, where it was once kept (and
/// refused as a duplicate) for the life of the process.
#[tokio::test]
async fn an_unbounded_retry_horizon_remembers_an_event_id_for_at_most_the_maximum() {
    for horizon in [
        Duration::MAX,
        Duration::from_secs(u64::MAX / 2),
        Duration::from_secs(10 * 365 * 24 * 3600),
    ] {
        let store = MemoryStore::new();
        let delivery = Delivery::authenticated(PROVIDER)
            .with_event_id(Some("evt-forever".into()))
            .with_transaction_id(Some("tx-1".into()))
            .with_retry_horizon(horizon);
        assert_eq!(
            store.accept(&delivery, t0()).await.unwrap(),
            Acceptance::New
        );
        let just_within = t0() + (MAX_DEDUPE_TTL - Duration::from_secs(1));
        assert_eq!(
            store.accept(&delivery, just_within).await.unwrap(),
            Acceptance::Duplicate,
            "{horizon:?}"
        );
        let past = t0() + MAX_DEDUPE_TTL + Duration::from_secs(1);
        assert_eq!(
            store.accept(&delivery, past).await.unwrap(),
            Acceptance::New,
            "{horizon:?}: remembered past the maximum"
        );
    }
    // At the end of representable time nothing overflows (a store answers).
    let store = MemoryStore::new();
    let delivery = Delivery::authenticated(PROVIDER)
        .with_event_id(Some("evt-end".into()))
        .with_retry_horizon(Duration::MAX);
    let end = time::PrimitiveDateTime::MAX.assume_utc();
    assert_eq!(store.accept(&delivery, end).await.unwrap(), Acceptance::New);
    store.accept(&delivery, end).await.unwrap();
}

struct Setup {
    receiver: Receiver,
    transitions: UnboundedReceiver<Transition>,
    table: Arc<Table>,
    clock: ManualClock,
}

fn setup(table: Table, max_reads: usize) -> Setup {
    let table = Arc::new(table);
    let clock = ManualClock::new();
    let (receiver, transitions) = Receiver::builder(Arc::new(MemoryStore::new()))
        .provider(Arc::new(TokenSide { hint: false }), table.clone())
        .clock(Arc::new(clock.clone()))
        .sweep_threshold(Duration::from_secs(300))
        .max_reads(max_reads)
        .build();
    Setup {
        receiver,
        transitions,
        table,
        clock,
    }
}

async fn post(receiver: &Receiver, body: &[u8]) -> u16 {
    receiver
        .handle("POST", ROUTE, &token_headers("good"), None, body)
        .await
        .status
}

/// Reordering: a first delivery (a task's, without a `resultId`) starts a read
/// that already sees the transaction completed; the delivery carrying the
/// `resultId` arrives while that read runs. The read records `completed`; the
/// follow-up read sees the same state and records nothing. The verified
/// `resultId` (the one way to the result: the details never name it) must be on
/// the transition that records `completed`, never dropped with the follow-up.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hint_delivered_while_the_read_that_records_its_state_runs_is_on_that_transition() {
    let gate = Arc::new(Semaphore::new(0));
    let mut s = setup(Table::gated(gate.clone()), 64);
    s.table
        .set("tx-1", NormalizedStatus::Succeeded, "completed");
    assert_eq!(
        post(&s.receiver, &body("evt-task", "tx-1", None)).await,
        200
    );
    while s.table.reads() < 1 {
        tokio::task::yield_now().await;
    }
    assert_eq!(
        post(&s.receiver, &body("evt-state", "tx-1", Some("r-42"))).await,
        200
    );
    gate.add_permits(10);
    s.receiver.drain().await;
    let transitions = drain_transitions(&mut s.transitions);
    assert_eq!(transitions.len(), 1, "{transitions:?}");
    assert_eq!(transitions[0].status.raw, "completed");
    assert_eq!(
        transitions[0].hints.get("resultId").map(String::as_str),
        Some("r-42"),
        "the verified resultId was dropped"
    );
}

/// A delivery whose read is left to the sweep (every reader busy, the waiting
/// line full) is recorded and acknowledged; the sweep's read must carry its
/// verified hint onto the transition it records.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hint_whose_read_was_left_to_the_sweep_is_on_the_sweeps_transition() {
    let gate = Arc::new(Semaphore::new(0));
    let mut s = setup(Table::gated(gate.clone()), 1);
    // One reader held, its waiting line (64 per reader) filled.
    assert_eq!(
        post(&s.receiver, &body("evt-0", "tx-busy", None)).await,
        200
    );
    while s.table.reads() < 1 {
        tokio::task::yield_now().await;
    }
    for n in 0..64 {
        let event = format!("evt-w{n}");
        let tx = format!("tx-w{n}");
        assert_eq!(post(&s.receiver, &body(&event, &tx, None)).await, 200);
    }
    s.table
        .set("tx-late", NormalizedStatus::Succeeded, "completed");
    assert_eq!(
        post(&s.receiver, &body("evt-late", "tx-late", Some("r-7"))).await,
        200
    );
    gate.add_permits(1000);
    s.receiver.drain().await;
    assert!(
        drain_transitions(&mut s.transitions)
            .iter()
            .all(|t| t.id != "tx-late"),
        "the deferred delivery was read before the sweep"
    );
    s.clock.advance(Duration::from_secs(301));
    s.receiver.sweep().await.unwrap();
    let late = drain_transitions(&mut s.transitions)
        .into_iter()
        .find(|t| t.id == "tx-late")
        .expect("the sweep recorded the deferred delivery's transaction");
    assert_eq!(late.source, Origin::Sweep);
    assert_eq!(
        late.hints.get("resultId").map(String::as_str),
        Some("r-7"),
        "the verified resultId was dropped"
    );
}
