//! Polling and webhooks record through one rule, one state and one stream.

use crate::common;

use common::{RedisServer, connect, keys, leased, raw, state, webhook_commit};
use std::time::Duration;

use time::OffsetDateTime;
use txstatus_core::NormalizedStatus;
use txstatus_redis::{Recorded, RedisStore, WatchQueue};
use txstatus_webhooks::{Store, TxKey};

async fn stream_len(store: &RedisStore) -> usize {
    store.transitions(0, 1000).await.unwrap().len()
}

#[tokio::test]
async fn a_transition_seen_by_a_webhook_is_not_recorded_again_by_a_worker() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let queue = WatchQueue::new(&redis);
    let lease = leased(&queue, "persona", "inq_1", Duration::from_millis(1)).await;
    // The worker's read starts; meanwhile a webhook re-read records `pending`.
    let ticket = queue.begin_read(&lease).await.unwrap().unwrap();
    let key = TxKey::new("persona", "inq_1");
    let webhook_ticket = store.begin_read(&key).await.unwrap();
    let pending = state(NormalizedStatus::Pending, "pending");
    let recorded = store
        .commit(webhook_commit(key.clone(), webhook_ticket, pending.clone()))
        .await
        .unwrap();
    assert!(recorded.is_some());
    // The worker's older read of the same state records nothing more.
    let same = queue
        .record(&lease, ticket, pending, OffsetDateTime::now_utc())
        .await
        .unwrap();
    assert!(
        matches!(same, Recorded::Same { finished: false }),
        "{same:?}"
    );
    assert_eq!(stream_len(&store).await, 1);
    // The next read, by the worker, finds it approved: one transition, after `pending`.
    let lease = loop {
        if let Some(lease) = queue
            .claim("persona", Duration::from_secs(60))
            .await
            .unwrap()
        {
            break lease;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    let ticket = queue.begin_read(&lease).await.unwrap().unwrap();
    let approved = queue
        .record(
            &lease,
            ticket,
            state(NormalizedStatus::Succeeded, "approved"),
            OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    let Recorded::Transition {
        transition,
        finished,
    } = approved
    else {
        panic!("{approved:?}");
    };
    assert!(finished);
    assert_eq!(transition.previous.unwrap().raw, "pending");
    let all = store.transitions(0, 1000).await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(
        all[1].stream_id.as_deref(),
        Some(transition.stream_id.as_str())
    );
    // A webhook arriving late with the old state changes nothing.
    let late_ticket = store.begin_read(&key).await.unwrap();
    let late = store
        .commit(webhook_commit(
            key,
            late_ticket,
            state(NormalizedStatus::Pending, "pending"),
        ))
        .await
        .unwrap();
    assert!(late.is_none());
    assert!(
        queue
            .state("persona", "inq_1")
            .await
            .unwrap()
            .unwrap()
            .finished
    );
}

#[tokio::test]
async fn a_stored_state_the_webhook_store_refuses_is_refused_by_a_worker_record_too() {
    const PROVIDER: &str = common::PROVIDER;
    // Stored states another program (or an older version) wrote: no `terminal`, one that
    // is not a boolean, an `updated_at` that is no timestamp. The webhook store refuses
    // each; a worker's record must not read one by a guess and record over it.
    for stored in [
        r#"{"normalized":"succeeded","raw":"approved"}"#,
        r#"{"normalized":"pending","raw":"created","terminal":"no"}"#,
        r#"{"normalized":"pending","raw":"created","terminal":false,"updated_at":"yesterday"}"#,
    ] {
        let server = RedisServer::start();
        let redis = connect(&server).await;
        let queue = WatchQueue::new(&redis);
        let store = RedisStore::new(&redis);
        let lease = leased(&queue, PROVIDER, "tx-1", Duration::from_secs(60)).await;
        redis::cmd("HSET")
            .arg(format!("{}:wh:tx:{PROVIDER}:tx-1", redis.prefix()))
            .arg(&["last", stored, "version", "1"])
            .exec(&mut raw(&server))
            .unwrap();
        let key = TxKey::new(PROVIDER, "tx-1");
        let ticket = store.begin_read(&key).await.unwrap();
        let webhook = store
            .commit(webhook_commit(
                key,
                ticket,
                state(NormalizedStatus::Pending, "created"),
            ))
            .await;
        assert!(webhook.is_err(), "{stored}: the webhook store refuses it");
        let ticket = queue.begin_read(&lease).await.unwrap().unwrap();
        let polled = queue
            .record(
                &lease,
                ticket,
                state(NormalizedStatus::Pending, "created"),
                OffsetDateTime::now_utc(),
            )
            .await;
        let error = polled.unwrap_err();
        assert!(
            error.to_string().contains("does not parse"),
            "{stored}: {error}"
        );
        assert_eq!(
            queue.state(PROVIDER, "tx-1").await.unwrap().unwrap().last,
            None,
            "{stored}: unreadable, not guessed"
        );
        assert_eq!(stream_len(&store).await, 0, "{stored}");
    }
}

/// `txstatus erase` while a webhook re-read of that transaction is in flight (its ticket
/// taken before the erasure, its commit after): the commit records nothing, appends
/// nothing to the stream and leaves no key naming the id. Nor does a ticket of the
/// erased state count once a new delivery has started the state again.
#[tokio::test]
async fn a_webhook_reread_in_flight_when_its_transaction_is_erased_records_nothing() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let queue = WatchQueue::new(&redis).allow_stream_erasure(true);
    let id = "inq_erased_mid_reread";
    let key = TxKey::new("persona", id);
    let delivery = txstatus_core::webhook::Delivery::authenticated("persona")
        .with_transaction_id(Some(id.to_owned()));
    store
        .accept(&delivery, OffsetDateTime::now_utc())
        .await
        .unwrap();
    let ticket = store.begin_read(&key).await.unwrap();
    queue.erase("persona", id).await.unwrap();
    let late = store
        .commit(webhook_commit(
            key.clone(),
            ticket,
            state(NormalizedStatus::Succeeded, "approved"),
        ))
        .await
        .unwrap();
    assert!(late.is_none(), "{late:?}");
    assert_eq!(stream_len(&store).await, 0);
    let keys = keys(&server);
    assert!(keys.iter().all(|k| !k.contains(id)), "{keys:?}");
    // Several tickets before the erasure, one new delivery after it: the old ones are
    // not the new state's.
    let old: Vec<u64> = {
        let mut old = Vec::new();
        for _ in 0..3 {
            old.push(store.begin_read(&key).await.unwrap());
        }
        old
    };
    queue.erase("persona", id).await.unwrap();
    store
        .accept(&delivery, OffsetDateTime::now_utc())
        .await
        .unwrap();
    let fresh = store.begin_read(&key).await.unwrap();
    for ticket in old.into_iter().filter(|t| *t > fresh) {
        let late = store
            .commit(webhook_commit(
                key.clone(),
                ticket,
                state(NormalizedStatus::Failed, "declined"),
            ))
            .await
            .unwrap();
        assert!(late.is_none(), "ticket {ticket}: {late:?}");
    }
    let recorded = store
        .commit(webhook_commit(
            key,
            fresh,
            state(NormalizedStatus::Pending, "pending"),
        ))
        .await
        .unwrap();
    assert!(recorded.is_some());
    assert_eq!(stream_len(&store).await, 1);
}
