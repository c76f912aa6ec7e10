//! The receiver's answers and the transition rule, end to end over test doubles.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::common;

use std::{
    net::IpAddr,
    sync::{Arc, atomic::Ordering},
    time::Duration,
};

use common::{Feed, PROVIDER, Table, TokenSide, body, token_headers};
use tokio::sync::{Semaphore, mpsc::UnboundedReceiver};
use txstatus_core::{
    ManualClock, NormalizedStatus, provider::header::HeaderMap, webhook::FeedEvent,
};
use txstatus_webhooks::{HintLimits, MemoryStore, Origin, Receiver, Transition, TxKey};

const ROUTE: &str = "/webhooks/fake";

struct Setup {
    receiver: Receiver,
    transitions: UnboundedReceiver<Transition>,
    table: Arc<Table>,
    store: Arc<MemoryStore>,
    clock: ManualClock,
}

fn setup_with(table: Table, hint: bool, feed: Option<Feed>) -> Setup {
    let table = Arc::new(table);
    let store = Arc::new(MemoryStore::new());
    let clock = ManualClock::new();
    let mut builder = Receiver::builder(store.clone())
        .provider(Arc::new(TokenSide { hint }), table.clone())
        .clock(Arc::new(clock.clone()))
        .hint_limits(HintLimits {
            window: Duration::from_secs(60),
            per_source: 3,
            total: 5,
        })
        .sweep_threshold(Duration::from_secs(300));
    if let Some(feed) = feed {
        builder = builder.feed(Arc::new(feed));
    }
    let (receiver, transitions) = builder.build();
    Setup {
        receiver,
        transitions,
        table,
        store,
        clock,
    }
}

fn setup() -> Setup {
    setup_with(Table::default(), false, None)
}

async fn deliver(setup: &Setup, event: &str, tx: &str) -> (u16, &'static str) {
    common::deliver_token(&setup.receiver, event, tx).await
}

fn drain_transitions(rx: &mut UnboundedReceiver<Transition>) -> Vec<Transition> {
    let mut all = Vec::new();
    while let Ok(t) = rx.try_recv() {
        all.push(t);
    }
    all
}

#[tokio::test]
async fn an_authenticated_delivery_is_acknowledged_then_reread_into_a_transition() {
    let mut s = setup();
    s.table.set("tx-1", NormalizedStatus::Succeeded, "approved");
    assert_eq!(deliver(&s, "evt-1", "tx-1").await, (200, "accepted\n"));
    let transitions = drain_transitions(&mut s.transitions);
    assert_eq!(transitions.len(), 1);
    let t = &transitions[0];
    assert_eq!((t.provider.as_str(), t.id.as_str()), (PROVIDER, "tx-1"));
    // The delivery claimed "declined": only the re-read state counts.
    assert_eq!(t.status.raw, "approved");
    assert!(t.status.terminal);
    assert_eq!(t.previous, None);
    assert_eq!(t.event_id.as_deref(), Some("evt-1"));
    assert_eq!(t.hints.get("resultId").map(String::as_str), Some("r-1"));
    assert_eq!(t.source, Origin::Webhook);
}

#[tokio::test]
async fn a_duplicate_event_is_acknowledged_without_a_reread() {
    let mut s = setup();
    deliver(&s, "evt-1", "tx-1").await;
    assert_eq!(deliver(&s, "evt-1", "tx-1").await, (200, "duplicate\n"));
    assert_eq!(s.table.reads(), 1);
    assert_eq!(drain_transitions(&mut s.transitions).len(), 1);
}

#[tokio::test]
async fn an_event_id_is_accepted_again_only_after_its_horizon() {
    let s = setup();
    deliver(&s, "evt-1", "tx-1").await;
    s.clock.advance(Duration::from_secs(2 * 24 * 3600));
    assert_eq!(deliver(&s, "evt-1", "tx-1").await.1, "duplicate\n");
    s.clock.advance(Duration::from_secs(2 * 24 * 3600));
    assert_eq!(deliver(&s, "evt-1", "tx-1").await.1, "accepted\n");
}

#[tokio::test]
async fn forged_oversized_and_unrecordable_deliveries_get_401_413_503() {
    let s = setup();
    let forged = s
        .receiver
        .handle("POST", ROUTE, &token_headers("bad"), None, &body("e", "t"))
        .await;
    assert_eq!(forged.status, 401);
    let missing = s
        .receiver
        .handle("POST", ROUTE, &HeaderMap::new(), None, &body("e", "t"))
        .await;
    assert_eq!(missing.status, 401);
    let big = vec![b' '; 1025];
    let large = s
        .receiver
        .handle("POST", ROUTE, &token_headers("good"), None, &big)
        .await;
    assert_eq!(large.status, 413);
    s.store.set_failing(true);
    assert_eq!(deliver(&s, "evt-1", "tx-1").await.0, 503);
    s.store.set_failing(false);
    s.receiver.drain().await;
    assert_eq!(s.table.reads(), 0);
    let unknown_route = s
        .receiver
        .handle(
            "POST",
            "/webhooks/other",
            &token_headers("good"),
            None,
            b"{}",
        )
        .await;
    assert_eq!(unknown_route.status, 404);
}

#[tokio::test]
async fn an_authenticated_unknown_shape_is_accepted_and_kept() {
    let s = setup();
    let reply = s
        .receiver
        .handle("POST", ROUTE, &token_headers("good"), None, b"\x00not json")
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(s.store.unrouted(), 1);
    assert_eq!(s.table.reads(), 0);
}

#[tokio::test]
async fn terminal_is_never_replaced_and_the_same_state_never_recorded_twice() {
    let mut s = setup();
    s.table.set("tx-1", NormalizedStatus::Pending, "pending");
    deliver(&s, "evt-1", "tx-1").await;
    deliver(&s, "evt-2", "tx-1").await;
    s.table.set("tx-1", NormalizedStatus::Succeeded, "approved");
    deliver(&s, "evt-3", "tx-1").await;
    s.table.set("tx-1", NormalizedStatus::Pending, "pending");
    deliver(&s, "evt-4", "tx-1").await;
    let transitions = drain_transitions(&mut s.transitions);
    let raws = transitions
        .iter()
        .map(|t| t.status.raw.as_str())
        .collect::<Vec<_>>();
    assert_eq!(raws, ["pending", "approved"]);
    assert_eq!(transitions[1].previous.as_ref().unwrap().raw, "pending");
    assert_eq!(s.table.reads(), 4);
}

#[tokio::test]
async fn a_later_provider_time_decides_and_an_earlier_one_is_ignored() {
    let mut s = setup();
    let t1 = time::macros::datetime!(2026-01-01 10:00 UTC);
    let t2 = time::macros::datetime!(2026-01-01 11:00 UTC);
    s.table
        .set_at("tx-1", NormalizedStatus::Pending, "needs review", Some(t2));
    deliver(&s, "evt-2", "tx-1").await;
    s.table
        .set_at("tx-1", NormalizedStatus::Pending, "submitted", Some(t1));
    deliver(&s, "evt-1", "tx-1").await;
    let transitions = drain_transitions(&mut s.transitions);
    assert_eq!(transitions.len(), 1);
    assert_eq!(transitions[0].status.raw, "needs review");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deliveries_during_a_read_cause_exactly_one_more_read_after_it() {
    let gate = Arc::new(Semaphore::new(0));
    let mut s = setup_with(Table::gated(gate.clone()), false, None);
    s.table.set("tx-1", NormalizedStatus::Pending, "submitted");
    s.receiver
        .handle(
            "POST",
            ROUTE,
            &token_headers("good"),
            None,
            &body("evt-1", "tx-1"),
        )
        .await;
    while s.table.reads() < 1 {
        tokio::task::yield_now().await;
    }
    // The first read took `submitted`; the transaction moves on and is delivered
    // three more times while that read is held.
    s.table.set("tx-1", NormalizedStatus::Pending, "in review");
    for event in ["evt-2", "evt-3", "evt-4"] {
        let reply = s
            .receiver
            .handle(
                "POST",
                ROUTE,
                &token_headers("good"),
                None,
                &body(event, "tx-1"),
            )
            .await;
        assert_eq!(reply.status, 200);
    }
    gate.add_permits(10);
    s.receiver.drain().await;
    assert_eq!(s.table.reads(), 2);
    let transitions = drain_transitions(&mut s.transitions);
    let raws = transitions
        .iter()
        .map(|t| t.status.raw.as_str())
        .collect::<Vec<_>>();
    assert_eq!(raws, ["submitted", "in review"]);
    assert_eq!(transitions[1].event_id.as_deref(), Some("evt-4"));
}

#[tokio::test]
async fn store_tickets_refuse_an_older_read_committed_after_a_newer_one() {
    use txstatus_core::TxStatus;
    use txstatus_webhooks::{Commit, ObservedState, Store};
    let store = MemoryStore::new();
    let key = TxKey::new(PROVIDER, "tx-1");
    let first = store.begin_read(&key).await.unwrap();
    let second = store.begin_read(&key).await.unwrap();
    let now = time::OffsetDateTime::now_utc();
    let state =
        |raw: &str| ObservedState::new(&TxStatus::new(NormalizedStatus::Pending, raw), None);
    let newer = Commit::new(
        key.clone(),
        second,
        state("in review"),
        Origin::Webhook,
        now,
    );
    let older = Commit::new(key.clone(), first, state("submitted"), Origin::Webhook, now);
    assert!(store.commit(newer).await.unwrap().is_some());
    assert!(store.commit(older).await.unwrap().is_none());
    assert_eq!(store.last_state(&key).unwrap().raw, "in review");
}

#[tokio::test]
async fn hints_are_coalesced_per_transaction_and_limited_per_source() {
    let gate = Arc::new(Semaphore::new(0));
    let s = setup_with(Table::gated(gate.clone()), true, None);
    let peer: IpAddr = "203.0.113.7".parse().unwrap();
    let headers = HeaderMap::new();
    for _ in 0..20 {
        let reply = s
            .receiver
            .handle("POST", ROUTE, &headers, Some(peer), &body("x", "tx-1"))
            .await;
        assert_eq!(reply.status, 202);
    }
    for n in 0..20 {
        s.receiver
            .handle(
                "POST",
                ROUTE,
                &headers,
                Some(peer),
                &body("x", &format!("tx-{n}")),
            )
            .await;
    }
    gate.add_permits(100);
    s.receiver.drain().await;
    // tx-1: one read and one follow-up however many hints; then tx-0 reaches the
    // source's cap of 3.
    assert_eq!(s.table.reads(), 3);
    // Other sources share the total cap of 5.
    for n in 0..20 {
        let other: IpAddr = format!("198.51.100.{n}").parse().unwrap();
        s.receiver
            .handle(
                "POST",
                ROUTE,
                &headers,
                Some(other),
                &body("x", &format!("tx-{n}")),
            )
            .await;
    }
    s.receiver.drain().await;
    assert_eq!(s.table.reads(), 5);
    // A hint never records a delivery.
    assert_eq!(s.store.unrouted(), 0);
}

#[tokio::test]
async fn the_sweep_rereads_accepted_deliveries_never_reconciled() {
    let mut s = setup();
    s.table.failing.store(true, Ordering::SeqCst);
    deliver(&s, "evt-1", "tx-1").await;
    assert!(drain_transitions(&mut s.transitions).is_empty());
    s.table.failing.store(false, Ordering::SeqCst);
    s.table.set("tx-1", NormalizedStatus::Failed, "declined");
    // Not yet past the threshold.
    assert_eq!(s.receiver.sweep().await.unwrap().reread, 0);
    s.clock.advance(Duration::from_secs(301));
    let report = s.receiver.sweep().await.unwrap();
    assert_eq!((report.reread, report.transitions), (1, 1));
    let transitions = drain_transitions(&mut s.transitions);
    assert_eq!(transitions[0].source, Origin::Sweep);
    // Terminal now: later sweeps leave it alone.
    s.clock.advance(Duration::from_secs(301));
    assert_eq!(s.receiver.sweep().await.unwrap().reread, 0);
}

#[tokio::test]
async fn the_sweep_rereads_non_final_transactions_older_than_the_threshold() {
    let mut s = setup();
    deliver(&s, "evt-1", "tx-1").await;
    s.table.set("tx-1", NormalizedStatus::Pending, "submitted");
    s.clock.advance(Duration::from_secs(301));
    let report = s.receiver.sweep().await.unwrap();
    assert_eq!(report.reread, 1);
    let raws = drain_transitions(&mut s.transitions)
        .into_iter()
        .map(|t| t.status.raw)
        .collect::<Vec<_>>();
    assert_eq!(raws, ["created", "submitted"]);
}

#[tokio::test]
async fn a_sweep_threshold_past_any_representable_time_makes_nothing_due_not_everything() {
    for threshold in [
        Duration::MAX,
        Duration::from_secs(400_000 * 365 * 24 * 60 * 60),
    ] {
        let table = Arc::new(Table::default());
        let clock = ManualClock::new();
        let (receiver, _transitions) = Receiver::builder(Arc::new(MemoryStore::new()))
            .provider(Arc::new(TokenSide { hint: false }), table.clone())
            .clock(Arc::new(clock.clone()))
            .sweep_threshold(threshold)
            .build();
        table.set("tx-1", NormalizedStatus::Pending, "submitted");
        let reply = receiver
            .handle(
                "POST",
                ROUTE,
                &token_headers("good"),
                None,
                &body("evt-1", "tx-1"),
            )
            .await;
        assert_eq!(reply.status, 200);
        receiver.drain().await;
        let reads = table.reads.load(Ordering::SeqCst);
        clock.advance(Duration::from_secs(1));
        // Non-final, yet never unchecked for longer than such a threshold.
        let report = receiver.sweep().await.unwrap();
        assert_eq!(report.reread, 0, "{threshold:?}");
        assert_eq!(table.reads.load(Ordering::SeqCst), reads, "{threshold:?}");
    }
}

#[tokio::test]
async fn the_sweep_reads_the_feed_from_its_cursor() {
    let feed = Feed {
        events: vec![
            FeedEvent::new("e1".into(), None, Some("tx-a".into())),
            FeedEvent::new("e2".into(), None, None),
            FeedEvent::new("e3".into(), None, Some("tx-a".into())),
            FeedEvent::new("e4".into(), None, Some("tx-b".into())),
        ],
        ..Feed::default()
    };
    let mut s = setup_with(Table::default(), false, Some(feed));
    let report = s.receiver.sweep().await.unwrap();
    assert_eq!((report.feed_events, report.reread), (4, 2));
    let transitions = drain_transitions(&mut s.transitions);
    assert_eq!(transitions.len(), 2);
    assert_eq!(transitions[0].event_id.as_deref(), Some("e3"));
    let again = s.receiver.sweep().await.unwrap();
    assert_eq!(again.feed_events, 0);
}

#[tokio::test]
async fn a_transition_serializes_without_personal_data() {
    let mut s = setup();
    s.table.set("tx-1", NormalizedStatus::Succeeded, "approved");
    deliver(&s, "evt-1", "tx-1").await;
    let t = drain_transitions(&mut s.transitions).remove(0);
    let json = serde_json::to_value(&t).unwrap();
    let text = json.to_string();
    assert!(!text.contains("Daniel"));
    assert!(!format!("{t:?}").contains("Daniel"));
    assert_eq!(json["status"]["normalized"], "succeeded");
    assert_eq!(json["status"]["terminal"], true);
    assert_eq!(json["source"], "webhook");
    assert!(json["observed_at"].is_string());
    assert!(json["previous"].is_null());
}

#[tokio::test]
async fn a_hint_whose_read_fails_is_never_swept() {
    let s = setup_with(Table::default(), true, None);
    s.table.failing.store(true, Ordering::SeqCst);
    let peer: IpAddr = "203.0.113.7".parse().unwrap();
    s.receiver
        .handle(
            "POST",
            ROUTE,
            &HeaderMap::new(),
            Some(peer),
            &body("x", "forged"),
        )
        .await;
    s.receiver.drain().await;
    assert_eq!(s.table.reads(), 1);
    s.clock.advance(Duration::from_secs(301));
    assert_eq!(s.receiver.sweep().await.unwrap().reread, 0);
    assert_eq!(s.table.reads(), 1);
}

#[tokio::test]
async fn feed_events_naming_hostile_transaction_ids_cause_no_read() {
    let hostile = ["..", ".", "", "tx\u{1}nul", "tx\u{85}", &"x".repeat(10_000)];
    let mut events = hostile
        .iter()
        .enumerate()
        .map(|(i, id)| FeedEvent::new(format!("e{i}"), None, Some((*id).to_owned())))
        .collect::<Vec<_>>();
    events.push(FeedEvent::new("e-ok".into(), None, Some("tx-ok".into())));
    let feed = Feed {
        events,
        ..Feed::default()
    };
    let mut s = setup_with(Table::default(), false, Some(feed));
    let report = s.receiver.sweep().await.unwrap();
    assert_eq!(report.reread, 1, "{report:?}");
    assert_eq!(s.table.reads(), 1);
    let ids = drain_transitions(&mut s.transitions)
        .into_iter()
        .map(|t| t.id)
        .collect::<Vec<_>>();
    assert_eq!(ids, ["tx-ok"]);
}

#[tokio::test]
async fn a_flood_of_hints_naming_made_up_ids_leaves_no_state_behind() {
    let s = setup_with(Table::default(), true, None);
    s.table.failing.store(true, Ordering::SeqCst);
    let headers = HeaderMap::new();
    for n in 0..200 {
        let peer: IpAddr = format!("198.51.100.{}", n % 250).parse().unwrap();
        s.receiver
            .handle(
                "POST",
                ROUTE,
                &headers,
                Some(peer),
                &body("x", &format!("forged-{n}")),
            )
            .await;
        s.receiver.drain().await;
        // A new hint window every 5 hints: every hint is read.
        if n % 5 == 4 {
            s.clock.advance(Duration::from_secs(60));
        }
    }
    assert_eq!(s.table.reads(), 200);
    assert_eq!(s.store.transactions(), 0);
}

#[tokio::test]
async fn a_flood_of_deliveries_while_reads_are_slow_runs_a_bounded_number_of_reads() {
    let gate = Arc::new(Semaphore::new(0));
    let table = Arc::new(Table::gated(gate.clone()));
    let store = Arc::new(MemoryStore::new());
    let clock = ManualClock::new();
    let (receiver, mut transitions) = Receiver::builder(store.clone())
        .provider(Arc::new(TokenSide { hint: false }), table.clone())
        .clock(Arc::new(clock.clone()))
        .sweep_threshold(Duration::from_secs(300))
        .max_reads(4)
        .build();
    // 4 readers, 4 x 64 waiting, 40 past both.
    for n in 0..300 {
        let reply = receiver
            .handle(
                "POST",
                ROUTE,
                &token_headers("good"),
                None,
                &body(&format!("evt-{n}"), &format!("tx-{n}")),
            )
            .await;
        // Recorded and acknowledged, read now, soon or by the sweep.
        assert_eq!(
            reply,
            txstatus_webhooks::Reply {
                status: 200,
                body: "accepted\n"
            }
        );
    }
    for _ in 0..100 {
        tokio::task::yield_now().await;
    }
    assert_eq!(table.reads(), 4, "reads held at the bound");
    gate.add_permits(100_000);
    receiver.drain().await;
    // The waiting ones were read by the four readers as they came free.
    assert_eq!(drain_transitions(&mut transitions).len(), 260);
    assert_eq!(table.reads(), 260);
    // The ones past the waiting room were not dropped: the sweep reads each (and
    // the 260 read before, still pending).
    clock.advance(Duration::from_secs(301));
    let (mut reread, mut recorded) = (0, 0);
    for _ in 0..3 {
        // 100 per sweep (the default batch).
        let report = receiver.sweep().await.unwrap();
        (reread, recorded) = (reread + report.reread, recorded + report.transitions);
    }
    assert_eq!((reread, recorded), (300, 40));
    assert_eq!(table.reads(), 560);
}

/// Fails every read of an id starting `a-gone` (a transaction the provider no
/// longer answers for), reads the rest from the table.
#[derive(Debug)]
struct GoneFirst(Arc<Table>);

impl txstatus_core::StatusSource for GoneFirst {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    fn status_report<'a>(
        &'a self,
        id: &'a str,
    ) -> txstatus_core::BoxFuture<'a, txstatus_core::Result<txstatus_core::StatusReport>> {
        if id.starts_with("a-gone") {
            return Box::pin(async { Err(txstatus_core::Error::invalid_input(PROVIDER, "gone")) });
        }
        self.0.status_report(id)
    }
}

#[tokio::test]
async fn transactions_whose_reads_keep_failing_do_not_starve_the_sweep() {
    let table = Arc::new(Table::default());
    let store = Arc::new(MemoryStore::new());
    let clock = ManualClock::new();
    let (receiver, _transitions) = Receiver::builder(store.clone())
        .provider(
            Arc::new(TokenSide { hint: false }),
            Arc::new(GoneFirst(table.clone())),
        )
        .clock(Arc::new(clock.clone()))
        .sweep_threshold(Duration::from_secs(300))
        .build();
    let deliver = |event: String, tx: String| {
        let receiver = receiver.clone();
        async move {
            let reply = receiver
                .handle(
                    "POST",
                    ROUTE,
                    &token_headers("good"),
                    None,
                    &body(&event, &tx),
                )
                .await;
            receiver.drain().await;
            assert_eq!(reply.status, 200);
        }
    };
    // More failing transactions than a sweep's batch, all sorting first.
    for n in 0..txstatus_webhooks::DEFAULT_SWEEP_BATCH {
        deliver(format!("evt-{n}"), format!("a-gone-{n:03}")).await;
    }
    // A pending transaction the sweep must keep re-reading.
    deliver("evt-live".into(), "z-live".into()).await;
    assert_eq!(table.reads(), 1);
    for _ in 0..3 {
        clock.advance(Duration::from_secs(301));
        receiver.sweep().await.unwrap();
    }
    assert!(
        table.reads() >= 2,
        "the pending transaction was never swept: {} reads",
        table.reads()
    );
    // The failing ones are still tried again (never dropped).
    clock.advance(Duration::from_secs(301));
    let report = receiver.sweep().await.unwrap();
    assert!(report.reread >= 1);
}

/// The feed is how a sweep catches what deliveries missed. A feed event whose
/// transaction could not be read (the provider failing for a moment) was once
/// passed over for good: the cursor moved past it and nothing was left awaiting,
/// so the transition it was about was never recorded. It is now left awaiting,
/// like an accepted delivery whose read failed, and a later sweep reads it.
#[tokio::test]
async fn a_feed_event_whose_reread_fails_is_read_again_by_a_later_sweep() {
    let feed = Feed {
        events: vec![
            FeedEvent::new("e1".into(), None, Some("tx-a".into())),
            FeedEvent::new("e2".into(), None, Some("tx-b".into())),
        ],
        ..Feed::default()
    };
    let mut s = setup_with(Table::default(), false, Some(feed));
    s.table.failing.store(true, Ordering::SeqCst);
    let report = s.receiver.sweep().await.unwrap();
    assert_eq!((report.feed_events, report.transitions), (2, 0));
    assert!(drain_transitions(&mut s.transitions).is_empty());
    s.table.failing.store(false, Ordering::SeqCst);
    s.table.set("tx-a", NormalizedStatus::Succeeded, "approved");
    s.table.set("tx-b", NormalizedStatus::Failed, "declined");
    // The feed has nothing new: the events stay behind the cursor.
    let report = s.receiver.sweep().await.unwrap();
    assert_eq!(report.feed_events, 0);
    s.clock.advance(Duration::from_secs(301));
    let report = s.receiver.sweep().await.unwrap();
    assert_eq!((report.reread, report.transitions), (2, 2));
    let mut recorded = drain_transitions(&mut s.transitions)
        .into_iter()
        .map(|t| (t.id, t.status.raw, t.source))
        .collect::<Vec<_>>();
    recorded.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        recorded,
        [
            ("tx-a".to_owned(), "approved".to_owned(), Origin::Sweep),
            ("tx-b".to_owned(), "declined".to_owned(), Origin::Sweep),
        ]
    );
    // Final now: nothing more to read.
    s.clock.advance(Duration::from_secs(301));
    assert_eq!(s.receiver.sweep().await.unwrap().reread, 0);
}
