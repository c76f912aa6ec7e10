//! A read that began before a transaction's state was erased (or expired) records
//! nothing once the state has started again (a later delivery, a worker), whatever the
//! order the reads commit in: its ticket is never one the new state issued.

use crate::common;

use common::{PROVIDER, RedisServer, connect, delivery, state, webhook_commit};

use std::time::Duration;

use time::OffsetDateTime;
use txstatus_core::NormalizedStatus;
use txstatus_redis::{Recorded, RedisStore, WatchQueue};
use txstatus_webhooks::{Store, TxKey};

#[tokio::test]
async fn a_read_begun_before_erasure_records_nothing_once_the_transaction_starts_again() {
    // Which read commits first: the one begun after the new delivery, or the old one.
    for new_first in [true, false] {
        let server = RedisServer::start();
        let redis = connect(&server).await;
        let store = RedisStore::new(&redis);
        let queue = WatchQueue::new(&redis);
        let key = TxKey::new(PROVIDER, "tx-1");
        let now = OffsetDateTime::now_utc();
        store.accept(&delivery("evt-1", "tx-1"), now).await.unwrap();
        // Read in flight (it sees "submitted") when the erasure comes.
        let old = store.begin_read(&key).await.unwrap();
        queue.erase(PROVIDER, "tx-1").await.unwrap();
        // The transaction starts again: a new delivery, a new read.
        store.accept(&delivery("evt-2", "tx-1"), now).await.unwrap();
        let new = store.begin_read(&key).await.unwrap();
        let old_commit = webhook_commit(
            key.clone(),
            old,
            state(NormalizedStatus::Pending, "submitted"),
        );
        let new_commit = webhook_commit(
            key.clone(),
            new,
            state(NormalizedStatus::Pending, "needs review"),
        );
        if new_first {
            assert!(store.commit(new_commit).await.unwrap().is_some());
            assert_eq!(store.commit(old_commit).await.unwrap(), None, "old last");
        } else {
            assert_eq!(store.commit(old_commit).await.unwrap(), None, "old first");
            assert!(store.commit(new_commit).await.unwrap().is_some());
        }
        let raws: Vec<_> = store
            .transitions(0, 10)
            .await
            .unwrap()
            .into_iter()
            .map(|t| t.status.raw)
            .collect();
        assert_eq!(raws, ["needs review"], "new first: {new_first}");
    }
}

#[tokio::test]
async fn a_read_begun_before_the_state_expired_records_nothing_once_it_starts_again() {
    let server = RedisServer::start();
    let store = RedisStore::new(&connect(&server).await).with_state_ttl(Duration::from_secs(1));
    let key = TxKey::new(PROVIDER, "tx-1");
    store
        .accept(&delivery("evt-1", "tx-1"), OffsetDateTime::now_utc())
        .await
        .unwrap();
    let old = store.begin_read(&key).await.unwrap();
    // The read outlasts the state's TTL.
    tokio::time::sleep(Duration::from_millis(1300)).await;
    store
        .accept(&delivery("evt-2", "tx-1"), OffsetDateTime::now_utc())
        .await
        .unwrap();
    let new = store.begin_read(&key).await.unwrap();
    let commit = webhook_commit(
        key.clone(),
        new,
        state(NormalizedStatus::Pending, "needs review"),
    );
    assert!(store.commit(commit).await.unwrap().is_some());
    let commit = webhook_commit(key, old, state(NormalizedStatus::Pending, "submitted"));
    assert_eq!(store.commit(commit).await.unwrap(), None);
}

#[tokio::test]
async fn a_webhook_read_begun_before_erasure_records_nothing_after_a_worker_starts_it_again() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let queue = WatchQueue::new(&redis);
    let key = TxKey::new("persona", "inq_1");
    let accepted = txstatus_core::webhook::Delivery::authenticated("persona")
        .with_event_id(Some("evt-1".to_owned()))
        .with_transaction_id(Some("inq_1".to_owned()));
    store
        .accept(&accepted, OffsetDateTime::now_utc())
        .await
        .unwrap();
    let old = store.begin_read(&key).await.unwrap();
    queue.erase("persona", "inq_1").await.unwrap();
    let lease = common::leased(&queue, "persona", "inq_1", Duration::from_secs(60)).await;
    let ticket = queue.begin_read(&lease).await.unwrap().unwrap();
    let recorded = queue
        .record(
            &lease,
            ticket,
            state(NormalizedStatus::Pending, "needs review"),
            OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    assert!(matches!(recorded, Recorded::Transition { .. }));
    let commit = webhook_commit(key, old, state(NormalizedStatus::Pending, "submitted"));
    assert_eq!(store.commit(commit).await.unwrap(), None);
    assert_eq!(store.transitions(0, 10).await.unwrap().len(), 1);
}

/// What the ticket scheme keeps, written by another program: a counter that is no plain
/// integer (or not a string) is replaced, a `born` no writer left decides nothing, and
/// tickets still strictly increase; an `issued` that is no plain integer is a typed
/// error, nothing issued.
#[tokio::test]
async fn junk_in_the_ticket_counter_or_a_states_first_ticket_never_stops_a_read() {
    let hostile: [&[&str]; 5] = [
        &["SET", "txstatus:wh:ticket", "lots"],
        &["SET", "txstatus:wh:ticket", "99999999999999999999"],
        &["HSET", "txstatus:wh:ticket", "a", "b"],
        &["HSET", "txstatus:wh:tx:fake:tx-1", "born", "yesterday"],
        &["HSET", "txstatus:wh:tx:fake:tx-1", "born", "-5"],
    ];
    for command in hostile {
        let server = RedisServer::start();
        let store = RedisStore::new(&connect(&server).await);
        let mut cmd = redis::cmd(command[0]);
        for arg in &command[1..] {
            cmd.arg(*arg);
        }
        cmd.exec(&mut common::raw(&server)).unwrap();
        let key = TxKey::new(PROVIDER, "tx-1");
        let first = store.begin_read(&key).await.unwrap();
        let second = store.begin_read(&key).await.unwrap();
        assert!(second > first, "{command:?}: {first} then {second}");
        let commit = webhook_commit(key, second, state(NormalizedStatus::Pending, "pending"));
        assert!(store.commit(commit).await.unwrap().is_some(), "{command:?}");
    }
    let server = RedisServer::start();
    let store = RedisStore::new(&connect(&server).await);
    redis::cmd("HSET")
        .arg("txstatus:wh:tx:fake:tx-1")
        .arg("issued")
        .arg("many")
        .exec(&mut common::raw(&server))
        .unwrap();
    let refused = store
        .begin_read(&TxKey::new(PROVIDER, "tx-1"))
        .await
        .unwrap_err();
    assert!(!refused.to_string().contains("many"), "{refused}");
}
