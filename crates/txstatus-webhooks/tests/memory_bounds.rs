//! `MemoryStore` held everything for the life of the process: every event id,
//! every transaction ever named, every transition. A receiver running for
//! months with many distinct transactions grew without bound. Its maps are now
//! bounded (expired ids purged, ids past a bound forgotten closest to expiry
//! first, settled transactions dropped after a retention and past a bound, the
//! transition log capped oldest first) and every rule still holds: an id is a
//! duplicate within its TTL, open transactions are never dropped, a read that
//! began before a drop records nothing, and nothing goes backwards.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::Duration;

use time::{OffsetDateTime, macros::datetime};
use txstatus_core::{NormalizedStatus, TxStatus, webhook::Delivery};
use txstatus_webhooks::{Acceptance, Commit, MemoryStore, ObservedState, Origin, Store, TxKey};

const P: &str = "bounded";

fn t0() -> OffsetDateTime {
    datetime!(2026-06-01 00:00 UTC)
}

fn delivery(event: Option<String>, tx: Option<String>) -> Delivery {
    Delivery::authenticated(P)
        .with_event_id(event)
        .with_transaction_id(tx)
}

fn state(normalized: NormalizedStatus, raw: &str) -> ObservedState {
    ObservedState::new(&TxStatus::new(normalized, raw), None)
}

async fn commit(
    store: &MemoryStore,
    tx: &str,
    state: ObservedState,
    at: OffsetDateTime,
) -> Option<txstatus_webhooks::Transition> {
    let key = TxKey::new(P, tx);
    let ticket = store.begin_read(&key).await.unwrap();
    store
        .commit(Commit::new(key, ticket, state, Origin::Webhook, at))
        .await
        .unwrap()
}

#[tokio::test]
async fn event_ids_stay_bounded_with_many_distinct_deliveries_and_recent_ones_stay_duplicates() {
    // All at one time (no TTL ends), then spread over time.
    for spread in [false, true] {
        let store = MemoryStore::new().with_max_event_ids(1_000);
        for n in 0..20_000i64 {
            let at = if spread {
                t0() + time::Duration::seconds(n)
            } else {
                t0()
            };
            let d = delivery(Some(format!("evt-{n}")), None);
            assert_eq!(store.accept(&d, at).await.unwrap(), Acceptance::New);
            assert!(store.event_ids() <= 1_000, "{} ids", store.event_ids());
        }
        let at = t0() + time::Duration::seconds(20_000);
        let latest = delivery(Some("evt-19999".to_owned()), None);
        assert_eq!(
            store.accept(&latest, at).await.unwrap(),
            Acceptance::Duplicate,
            "spread {spread}: the latest id is still a duplicate within its TTL"
        );
        assert!(store.unrouted() <= 10_000);
    }
}

#[tokio::test]
async fn expired_event_ids_are_purged_as_deliveries_arrive() {
    let store = MemoryStore::new();
    // One hour apart: each id's TTL (one hour, the least) has ended by the next.
    for n in 0..5_000i64 {
        let d = delivery(Some(format!("evt-{n}")), None);
        store
            .accept(&d, t0() + time::Duration::hours(n))
            .await
            .unwrap();
    }
    assert!(
        store.event_ids() <= 1_024 + 1,
        "{} ids kept, most expired",
        store.event_ids()
    );
}

#[tokio::test]
async fn settled_transactions_stay_bounded_and_open_ones_are_all_kept() {
    let store = MemoryStore::new().with_max_settled(500);
    let done = state(NormalizedStatus::Succeeded, "approved");
    for n in 0..10_000 {
        let tx = format!("done-{n}");
        store
            .accept(&delivery(Some(format!("e-{n}")), Some(tx.clone())), t0())
            .await
            .unwrap();
        assert!(commit(&store, &tx, done.clone(), t0()).await.is_some());
        assert!(
            store.transactions() <= 500 + 1_024 + 1,
            "{} transactions",
            store.transactions()
        );
    }
    // Open ones (awaiting, or pending) are never dropped, whatever their number.
    let pending = state(NormalizedStatus::Pending, "pending");
    for n in 0..3_000 {
        let tx = format!("open-{n}");
        store
            .accept(&delivery(None, Some(tx.clone())), t0())
            .await
            .unwrap();
        if n % 2 == 0 {
            commit(&store, &tx, pending.clone(), t0()).await;
        }
    }
    for n in 0..2_000 {
        let tx = format!("more-done-{n}");
        store
            .accept(&delivery(None, Some(tx.clone())), t0())
            .await
            .unwrap();
        commit(&store, &tx, done.clone(), t0()).await;
    }
    let due = store
        .due(t0() + time::Duration::seconds(1), 100_000)
        .await
        .unwrap();
    assert_eq!(due.len(), 3_000, "every open transaction is kept and due");
    assert!(store.transactions() <= 3_000 + 500 + 1_024 + 1);
}

#[tokio::test]
async fn settled_transactions_are_dropped_after_the_retention() {
    let store = MemoryStore::new().with_retention(Duration::from_secs(3600));
    let done = state(NormalizedStatus::Failed, "declined");
    for n in 0..100 {
        commit(&store, &format!("old-{n}"), done.clone(), t0()).await;
    }
    assert_eq!(store.transactions(), 100);
    // Writes two hours later (enough of them for a purge).
    let later = t0() + time::Duration::hours(2);
    for n in 0..1_100 {
        let d = delivery(Some(format!("later-{n}")), None);
        store.accept(&d, later).await.unwrap();
    }
    assert_eq!(store.transactions(), 0, "settled and past the retention");
}

#[tokio::test]
async fn a_read_begun_before_its_transaction_was_dropped_records_nothing() {
    let store = MemoryStore::new().with_retention(Duration::from_secs(3600));
    let key = TxKey::new(P, "late");
    commit(
        &store,
        "late",
        state(NormalizedStatus::Succeeded, "approved"),
        t0(),
    )
    .await
    .unwrap();
    // A read begins (it reads an old, pending state, as a lagging replica
    // would answer), then the transaction is dropped.
    let ticket = store.begin_read(&key).await.unwrap();
    let later = t0() + time::Duration::hours(2);
    for n in 0..1_100 {
        let d = delivery(Some(format!("later-{n}")), None);
        store.accept(&d, later).await.unwrap();
    }
    assert_eq!(store.transactions(), 0);
    let stale = Commit::new(
        key.clone(),
        ticket,
        state(NormalizedStatus::Pending, "pending"),
        Origin::Webhook,
        later,
    );
    assert!(
        store.commit(stale).await.unwrap().is_none(),
        "a read that began before the drop is not recorded as a first state"
    );
    assert_eq!(store.transactions(), 0, "and leaves nothing behind");
    // Nor after a delivery started the transaction again.
    commit(
        &store,
        "late",
        state(NormalizedStatus::Succeeded, "approved"),
        later,
    )
    .await
    .unwrap();
    let ticket = store.begin_read(&key).await.unwrap();
    let much_later = later + time::Duration::hours(2);
    for n in 0..1_100 {
        let d = delivery(Some(format!("again-{n}")), None);
        store.accept(&d, much_later).await.unwrap();
    }
    assert_eq!(store.transactions(), 0);
    store
        .accept(
            &delivery(Some("late-2".into()), Some("late".into())),
            much_later,
        )
        .await
        .unwrap();
    let stale = Commit::new(
        key.clone(),
        ticket,
        state(NormalizedStatus::Pending, "pending"),
        Origin::Webhook,
        much_later,
    );
    assert!(
        store.commit(stale).await.unwrap().is_none(),
        "a read that began before the drop records nothing in the state started again"
    );
    // A read that begins now records the current state as a first one.
    let t = commit(
        &store,
        "late",
        state(NormalizedStatus::Succeeded, "approved"),
        much_later,
    )
    .await
    .unwrap();
    assert_eq!(t.previous, None);
}

#[tokio::test]
async fn the_transition_log_keeps_the_latest_and_positions_count_every_transition() {
    let store = MemoryStore::new().with_max_transitions(100);
    for n in 0..1_000 {
        commit(
            &store,
            &format!("tx-{n}"),
            state(NormalizedStatus::Pending, "pending"),
            t0(),
        )
        .await
        .unwrap();
        assert!(store.kept_transitions() <= 100);
    }
    let all = store.transitions(0, 10_000).await.unwrap();
    assert_eq!(all.len(), 100, "a reader behind gets the oldest kept");
    assert_eq!(all[0].id, "tx-900");
    let page = store.transitions(950, 10).await.unwrap();
    let ids = page.iter().map(|t| t.id.as_str()).collect::<Vec<_>>();
    assert_eq!(ids.first(), Some(&"tx-950"), "positions still count all");
    assert_eq!(ids.len(), 10);
    assert!(store.transitions(1_000, 10).await.unwrap().is_empty());
}

#[tokio::test]
async fn feed_cursors_are_bounded_and_existing_ones_still_move() {
    let store = MemoryStore::new();
    for n in 0..1_024 {
        store
            .set_feed_cursor(&format!("provider-{n}"), "evt-1")
            .await
            .unwrap();
    }
    assert!(store.set_feed_cursor("one-more", "evt-1").await.is_err());
    store.set_feed_cursor("provider-0", "evt-2").await.unwrap();
    assert_eq!(
        store.feed_cursor("provider-0").await.unwrap().as_deref(),
        Some("evt-2")
    );
}

#[tokio::test]
async fn a_first_read_running_while_other_transactions_are_dropped_is_recorded() {
    let store = MemoryStore::new().with_retention(Duration::from_secs(3600));
    for n in 0..100 {
        commit(
            &store,
            &format!("old-{n}"),
            state(NormalizedStatus::Failed, "declined"),
            t0(),
        )
        .await;
    }
    // A feed event's (or hint's) first read of a transaction the store does
    // not hold yet begins; meanwhile a purge drops the old ones.
    let key = TxKey::new(P, "fresh");
    let ticket = store.begin_read(&key).await.unwrap();
    let later = t0() + time::Duration::hours(2);
    for n in 0..1_100 {
        let d = delivery(Some(format!("later-{n}")), None);
        store.accept(&d, later).await.unwrap();
    }
    assert_eq!(store.transactions(), 0);
    let first = Commit::new(
        key,
        ticket,
        state(NormalizedStatus::Pending, "pending"),
        Origin::Sweep,
        later,
    );
    assert!(
        store.commit(first).await.unwrap().is_some(),
        "only reads of the dropped transactions are fenced"
    );
}
