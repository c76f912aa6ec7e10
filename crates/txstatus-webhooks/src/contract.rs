//! The [`Store`] contract as one suite, run against every store: `MemoryStore` in this
//! crate's tests, the Redis store in txstatus-redis's. A store passes when
//! [`check_store`] returns; each check panics with the rule it broke.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::arithmetic_side_effects
)]

use std::collections::BTreeMap;

use time::{Duration, OffsetDateTime, macros::datetime};
use txstatus_core::{NormalizedStatus, TxStatus, webhook::Delivery};

use crate::{
    store::{Acceptance, Commit, GiveUp, ReadRefusal, Store, TxKey},
    transition::{ObservedState, Origin},
};

/// The provider name the checks use.
pub const PROVIDER: &str = "contract";

/// Runs every check against `store`. The store may hold other data; the checks use
/// their own transaction and event ids (all under [`PROVIDER`]), so call it once per
/// empty store.
pub async fn check_store(store: &dyn Store) {
    deduplicates_by_event_id_per_provider(store).await;
    an_accepted_delivery_is_due_until_reconciled(store).await;
    tickets_strictly_increase(store).await;
    commits_follow_the_transition_rule(store).await;
    an_older_ticket_never_overwrites_a_newer_commit(store).await;
    provider_times_decide_when_both_have_one(store).await;
    only_open_recorded_transactions_are_swept(store).await;
    a_committed_event_id_is_a_duplicate_later(store).await;
    feed_cursors_round_trip(store).await;
    transitions_are_listed_in_order(store).await;
    a_failed_read_moves_a_transaction_behind_the_others(store).await;
    check_reads_begun_before_a_delivery_leave_it_awaiting(store).await;
    check_lasting_refusals_give_up(store).await;
}

/// A transaction whose reads the provider keeps refusing ([`Store::read_refused`])
/// is given up once the rule holds (both the count and the time since the first
/// refusal), once, and is then not due, whatever its last state, until a delivery
/// naming it is accepted (which starts over the count) or a read commits; a
/// refusal of a key the store holds nothing for adds nothing. A store that does
/// not count refusals (the trait's default method: every answer
/// [`ReadRefusal::NotCounted`]) passes, and keeps the transaction due: it
/// re-reads it after every threshold. Part of [`check_store`].
pub async fn check_lasting_refusals_give_up(store: &dyn Store) {
    let at = t0() + Duration::days(60);
    let rule = GiveUp {
        refusals: 3,
        after: std::time::Duration::from_secs(3600),
    };
    let key = TxKey::new(PROVIDER, "refused");
    store
        .accept(&delivery(Some("refused-1"), Some("refused")), at)
        .await
        .unwrap();
    let first = refuse(store, &key, at + Duration::seconds(1), rule).await;
    if first == ReadRefusal::NotCounted {
        // The default method: counted as a failed read, still due.
        assert!(
            is_due(store, at + Duration::days(1), &key).await,
            "a store that does not count refusals keeps the transaction due"
        );
        return;
    }
    assert_eq!(first, ReadRefusal::Retrying { refusals: 1 });
    assert!(
        !is_due(store, at + Duration::seconds(1), &key).await,
        "a refused read counts as checked then"
    );
    for (n, seconds) in [(2, 2), (3, 3)] {
        assert_eq!(
            refuse(store, &key, at + Duration::seconds(seconds), rule).await,
            ReadRefusal::Retrying { refusals: n },
            "the count reached, but not the time since the first: still retrying"
        );
    }
    assert!(
        is_due(store, at + Duration::seconds(4), &key).await,
        "still due while retrying"
    );
    let gave_up = at + Duration::seconds(3601);
    assert_eq!(
        refuse(store, &key, gave_up, rule).await,
        ReadRefusal::GivenUp { refusals: 4 },
        "both the count and the time since the first refusal reached: given up"
    );
    assert!(
        !is_due(store, gave_up + Duration::days(1), &key).await,
        "a transaction given up is not due"
    );
    assert_eq!(
        refuse(store, &key, gave_up + Duration::seconds(1), rule).await,
        ReadRefusal::NotCounted,
        "given up once: a later refusal (a hint's read) changes nothing"
    );
    let unknown = TxKey::new(PROVIDER, "refused-unknown");
    assert_eq!(
        refuse(store, &unknown, gave_up, rule).await,
        ReadRefusal::NotCounted
    );
    assert!(
        !is_due(store, gave_up + Duration::days(1), &unknown).await,
        "a refused read of a key the store does not hold adds nothing"
    );
    // A later delivery starts over.
    let again = gave_up + Duration::hours(1);
    store
        .accept(&delivery(Some("refused-2"), Some("refused")), again)
        .await
        .unwrap();
    assert!(
        is_due(store, again + Duration::seconds(1), &key).await,
        "a delivery naming a transaction given up makes it due again"
    );
    assert_eq!(
        refuse(store, &key, again + Duration::seconds(1), rule).await,
        ReadRefusal::Retrying { refusals: 1 },
        "and starts the count over"
    );

    // A recorded state that is not final, then refusals: given up all the same
    // (its last state would keep it due for ever); a read that commits starts over.
    let open = TxKey::new(PROVIDER, "refused-open");
    let pending = state(NormalizedStatus::Pending, "pending");
    let t = commit(store, "refused-open", pending.clone(), at).await;
    assert!(t.is_some());
    for seconds in [1, 2, 3601] {
        refuse(store, &open, at + Duration::seconds(seconds), rule).await;
    }
    assert!(
        !is_due(store, at + Duration::days(1), &open).await,
        "given up though its last state is not final"
    );
    let read_at = at + Duration::hours(3);
    assert!(
        commit(store, "refused-open", pending, read_at)
            .await
            .is_none()
    );
    assert!(
        is_due(store, read_at + Duration::seconds(1), &open).await,
        "a committed read makes a transaction given up due again by its state"
    );
    assert_eq!(
        refuse(store, &open, read_at + Duration::seconds(2), rule).await,
        ReadRefusal::Retrying { refusals: 1 },
        "and starts the count over"
    );

    // Refusals in quick succession never give up before the time is reached.
    let quick = TxKey::new(PROVIDER, "refused-quick");
    store
        .accept(&delivery(Some("refused-q"), Some("refused-quick")), at)
        .await
        .unwrap();
    for n in 1..=50 {
        let answer = refuse(store, &quick, at + Duration::seconds(n), rule).await;
        assert!(
            matches!(answer, ReadRefusal::Retrying { .. }),
            "given up within a minute of the first refusal: {answer:?}"
        );
    }
}

/// A delivery is reconciled only by a read that began after it was accepted: a
/// read whose ticket was issued before (it may have read the state before the
/// change the delivery is about) records by the rule but leaves the delivery
/// awaiting, so it stays due. Part of [`check_store`].
pub async fn check_reads_begun_before_a_delivery_leave_it_awaiting(store: &dyn Store) {
    let at = t0() + Duration::days(40);
    let key = TxKey::new(PROVIDER, "await-earlier");
    let earlier = store.begin_read(&key).await.unwrap();
    store
        .accept(&delivery(Some("await-1"), Some("await-earlier")), at)
        .await
        .unwrap();
    let done = state(NormalizedStatus::Succeeded, "completed");
    let recorded = store
        .commit(Commit::new(
            key.clone(),
            earlier,
            done.clone(),
            Origin::Sweep,
            at + Duration::seconds(1),
        ))
        .await
        .unwrap();
    assert!(recorded.is_some(), "the earlier read records by the rule");
    assert!(
        is_due(store, at + Duration::seconds(2), &key).await,
        "a read that began before the delivery leaves it awaiting, terminal or not"
    );
    let later = store.begin_read(&key).await.unwrap();
    store
        .commit(Commit::new(
            key.clone(),
            later,
            done,
            Origin::Sweep,
            at + Duration::seconds(3),
        ))
        .await
        .unwrap();
    assert!(
        !is_due(store, at + Duration::days(1), &key).await,
        "a read that began after it reconciles it"
    );
}

/// Whether `key` is among the transactions due at `at`.
async fn is_due(store: &dyn Store, at: OffsetDateTime, key: &TxKey) -> bool {
    store.due(at, 1000).await.unwrap().contains(key)
}

/// The store's answer to a refused read of `key` at `at`.
async fn refuse(store: &dyn Store, key: &TxKey, at: OffsetDateTime, rule: GiveUp) -> ReadRefusal {
    store.read_refused(key, at, rule).await.unwrap()
}

fn t0() -> OffsetDateTime {
    datetime!(2026-03-01 12:00 UTC)
}

fn state(normalized: NormalizedStatus, raw: &str) -> ObservedState {
    ObservedState::new(&TxStatus::new(normalized, raw), None)
}

fn delivery(event: Option<&str>, tx: Option<&str>) -> Delivery {
    Delivery::authenticated(PROVIDER)
        .with_event_id(event.map(str::to_owned))
        .with_transaction_id(tx.map(str::to_owned))
}

async fn commit(
    store: &dyn Store,
    tx: &str,
    state: ObservedState,
    at: OffsetDateTime,
) -> Option<crate::Transition> {
    let key = TxKey::new(PROVIDER, tx);
    let ticket = store.begin_read(&key).await.unwrap();
    store
        .commit(Commit::new(key, ticket, state, Origin::Webhook, at))
        .await
        .unwrap()
}

async fn deduplicates_by_event_id_per_provider(store: &dyn Store) {
    let d = delivery(Some("dedupe-1"), Some("dedupe-tx"));
    assert_eq!(store.accept(&d, t0()).await.unwrap(), Acceptance::New);
    assert_eq!(
        store.accept(&d, t0()).await.unwrap(),
        Acceptance::Duplicate,
        "an event id seen within its TTL is a duplicate"
    );
    let other = Delivery::authenticated("contract-other")
        .with_event_id(Some("dedupe-1".to_owned()))
        .with_transaction_id(Some("dedupe-tx".to_owned()));
    assert_eq!(
        store.accept(&other, t0()).await.unwrap(),
        Acceptance::New,
        "event ids are per provider"
    );
    let no_id = delivery(None, Some("dedupe-tx"));
    assert_eq!(store.accept(&no_id, t0()).await.unwrap(), Acceptance::New);
    assert_eq!(
        store.accept(&no_id, t0()).await.unwrap(),
        Acceptance::New,
        "a delivery without an event id is never a duplicate"
    );
    let unrouted = delivery(Some("dedupe-unrouted"), None);
    assert_eq!(
        store.accept(&unrouted, t0()).await.unwrap(),
        Acceptance::New
    );
    assert_eq!(
        store.accept(&unrouted, t0()).await.unwrap(),
        Acceptance::Duplicate
    );
}

async fn an_accepted_delivery_is_due_until_reconciled(store: &dyn Store) {
    let key = TxKey::new(PROVIDER, "due-accepted");
    let at = t0();
    store
        .accept(&delivery(Some("due-1"), Some("due-accepted")), at)
        .await
        .unwrap();
    let before = store.due(at, 1000).await.unwrap();
    assert!(!before.contains(&key), "not due before its acceptance time");
    let after = store.due(at + Duration::seconds(1), 1000).await.unwrap();
    assert!(
        after.contains(&key),
        "an accepted delivery is due until reconciled"
    );
    let done = commit(
        store,
        "due-accepted",
        state(NormalizedStatus::Succeeded, "approved"),
        at + Duration::seconds(2),
    )
    .await;
    assert!(done.is_some());
    let later = store.due(at + Duration::days(1), 1000).await.unwrap();
    assert!(
        !later.contains(&key),
        "a terminal, reconciled transaction is not due"
    );
}

async fn tickets_strictly_increase(store: &dyn Store) {
    let key = TxKey::new(PROVIDER, "tickets");
    let mut last = 0;
    for _ in 0..5 {
        let ticket = store.begin_read(&key).await.unwrap();
        assert!(
            ticket > last,
            "tickets strictly increase: {ticket} after {last}"
        );
        last = ticket;
    }
}

async fn commits_follow_the_transition_rule(store: &dyn Store) {
    let tx = "rule";
    let pending = state(NormalizedStatus::Pending, "pending");
    let first = commit(store, tx, pending.clone(), t0()).await.unwrap();
    assert_eq!(first.previous, None, "the first state has no previous");
    assert_eq!((first.provider.as_str(), first.id.as_str()), (PROVIDER, tx));
    assert!(
        commit(store, tx, pending.clone(), t0()).await.is_none(),
        "the same state is never recorded twice"
    );
    let done = state(NormalizedStatus::Succeeded, "approved");
    let second = commit(store, tx, done.clone(), t0()).await.unwrap();
    assert_eq!(
        second.previous,
        Some(pending.clone()),
        "the previous state is carried"
    );
    assert_eq!(second.status, done);
    assert!(
        commit(store, tx, pending, t0()).await.is_none(),
        "a terminal state is never replaced by a non-terminal one"
    );
}

async fn an_older_ticket_never_overwrites_a_newer_commit(store: &dyn Store) {
    let key = TxKey::new(PROVIDER, "fence");
    let first = store.begin_read(&key).await.unwrap();
    let second = store.begin_read(&key).await.unwrap();
    let newer = Commit::new(
        key.clone(),
        second,
        state(NormalizedStatus::Pending, "in review"),
        Origin::Webhook,
        t0(),
    );
    let older = Commit::new(
        key.clone(),
        first,
        state(NormalizedStatus::Pending, "submitted"),
        Origin::Webhook,
        t0(),
    )
    .with_delivery(Some("fence-old".to_owned()), BTreeMap::new());
    assert!(store.commit(newer).await.unwrap().is_some());
    assert!(
        store.commit(older).await.unwrap().is_none(),
        "a read that started earlier cannot record after a later one"
    );
    let again = commit(
        store,
        "fence",
        state(NormalizedStatus::Pending, "in review"),
        t0(),
    )
    .await;
    assert!(
        again.is_none(),
        "the later read's state is the last recorded"
    );
}

async fn provider_times_decide_when_both_have_one(store: &dyn Store) {
    let tx = "times";
    let mut later = state(NormalizedStatus::Pending, "needs review");
    later.updated_at = Some(datetime!(2026-01-01 11:00 UTC));
    let mut earlier = state(NormalizedStatus::Pending, "submitted");
    earlier.updated_at = Some(datetime!(2026-01-01 10:00 UTC));
    assert!(commit(store, tx, later.clone(), t0()).await.is_some());
    assert!(
        commit(store, tx, earlier, t0()).await.is_none(),
        "an earlier provider time is never recorded after a later one"
    );
    let mut latest = state(NormalizedStatus::Failed, "declined");
    latest.updated_at = Some(datetime!(2026-01-01 12:00 UTC));
    let t = commit(store, tx, latest, t0()).await.unwrap();
    assert_eq!(t.previous, Some(later), "updated_at survives the store");
}

async fn only_open_recorded_transactions_are_swept(store: &dyn Store) {
    let at = t0() + Duration::days(10);
    let open = TxKey::new(PROVIDER, "sweep-open");
    commit(
        store,
        "sweep-open",
        state(NormalizedStatus::Pending, "pending"),
        at,
    )
    .await;
    let hint_only = TxKey::new(PROVIDER, "sweep-hint-only");
    store.begin_read(&hint_only).await.unwrap();
    assert!(
        !is_due(store, at, &open).await,
        "checked at `at`: not due before"
    );
    let due = store.due(at + Duration::seconds(1), 1000).await.unwrap();
    assert!(
        due.contains(&open),
        "a non-terminal recorded state is due after its check"
    );
    assert!(
        !due.contains(&hint_only),
        "a transaction only ever read, never recorded, is not due"
    );
    assert!(
        store
            .due(at + Duration::seconds(1), 0)
            .await
            .unwrap()
            .is_empty(),
        "limit holds"
    );
}

async fn a_committed_event_id_is_a_duplicate_later(store: &dyn Store) {
    let key = TxKey::new(PROVIDER, "feed-tx");
    let ticket = store.begin_read(&key).await.unwrap();
    let c = Commit::new(
        key,
        ticket,
        state(NormalizedStatus::Pending, "created"),
        Origin::Sweep,
        t0(),
    )
    .with_delivery(Some("feed-evt".to_owned()), BTreeMap::new());
    let t = store.commit(c).await.unwrap().unwrap();
    assert_eq!(t.event_id.as_deref(), Some("feed-evt"));
    assert_eq!(t.source, Origin::Sweep);
    let d = delivery(Some("feed-evt"), Some("feed-tx"));
    assert_eq!(
        store.accept(&d, t0()).await.unwrap(),
        Acceptance::Duplicate,
        "an event id a sweep committed is a duplicate when delivered"
    );
}

async fn feed_cursors_round_trip(store: &dyn Store) {
    assert_eq!(store.feed_cursor("contract-feed").await.unwrap(), None);
    store
        .set_feed_cursor("contract-feed", "evt-9")
        .await
        .unwrap();
    store
        .set_feed_cursor("contract-feed", "evt-10")
        .await
        .unwrap();
    assert_eq!(
        store.feed_cursor("contract-feed").await.unwrap().as_deref(),
        Some("evt-10")
    );
}

async fn transitions_are_listed_in_order(store: &dyn Store) {
    let all = store.transitions(0, 10_000).await.unwrap();
    assert!(all.len() >= 3);
    let ours = all
        .iter()
        .filter(|t| t.provider == PROVIDER && t.id == "rule")
        .map(|t| t.status.raw.as_str())
        .collect::<Vec<_>>();
    assert_eq!(
        ours,
        ["pending", "approved"],
        "appended once each, in order"
    );
    let tail = store.transitions(1, 2).await.unwrap();
    assert_eq!(tail.len(), 2);
    assert_eq!(tail.first(), all.get(1), "`after` skips that many");
    let mut hints = BTreeMap::new();
    hints.insert("resultId".to_owned(), "r-1".to_owned());
    let key = TxKey::new(PROVIDER, "hints");
    let ticket = store.begin_read(&key).await.unwrap();
    let c = Commit::new(
        key,
        ticket,
        state(NormalizedStatus::Pending, "created"),
        Origin::Webhook,
        t0(),
    )
    .with_delivery(Some("hints-evt".to_owned()), hints.clone());
    let t = store.commit(c).await.unwrap().unwrap();
    let listed = store.transitions(0, 10_000).await.unwrap();
    let stored = listed.iter().find(|s| s.id == "hints").unwrap();
    assert_eq!(stored.hints, hints, "hints survive the store");
    assert_eq!(stored.event_id, t.event_id);
    assert_eq!(stored.observed_at, t.observed_at);
    assert_eq!(stored.stream_id, t.stream_id, "listed as committed");
}

async fn a_failed_read_moves_a_transaction_behind_the_others(store: &dyn Store) {
    let at = t0() + Duration::days(20);
    let first = TxKey::new(PROVIDER, "fail-first");
    let second = TxKey::new(PROVIDER, "fail-second");
    store
        .accept(&delivery(Some("fail-1"), Some("fail-first")), at)
        .await
        .unwrap();
    store
        .accept(
            &delivery(Some("fail-2"), Some("fail-second")),
            at + Duration::seconds(1),
        )
        .await
        .unwrap();
    store
        .read_failed(&first, at + Duration::seconds(2))
        .await
        .unwrap();
    let unknown = TxKey::new(PROVIDER, "fail-unknown");
    store
        .read_failed(&unknown, at + Duration::seconds(2))
        .await
        .unwrap();
    let soon = store.due(at + Duration::seconds(2), 1000).await.unwrap();
    assert!(soon.contains(&second), "the other one is due");
    assert!(
        !soon.contains(&first),
        "checked at its failed read: not due before it"
    );
    let later = store.due(at + Duration::seconds(10), 1000).await.unwrap();
    let position = |key: &TxKey| later.iter().position(|due| due == key);
    assert!(
        matches!((position(&second), position(&first)), (Some(s), Some(f)) if s < f),
        "a transaction whose read failed stays due, behind the longer unchecked"
    );
    assert!(
        !later.contains(&unknown),
        "a failed read of a key the store does not hold adds nothing"
    );
}
