//! Reads the provider keeps refusing (`Store::read_refused`) give a transaction up on a
//! real server, atomically, as the memory store does: counted, given up once past the
//! rule (both the count and the time), then not due until a delivery or a committed
//! read (a webhook's or a worker's) starts it over; junk counts are refused before any
//! write.

use crate::common;

use common::{
    PROVIDER, ROUTE, RedisServer, Table, TokenSide, body, connect, delivery, headers, leased, raw,
    state, webhook_commit,
};

use std::{
    sync::{Arc, atomic::Ordering},
    time::Duration,
};

use time::OffsetDateTime;
use txstatus_core::{ManualClock, NormalizedStatus};
use txstatus_redis::{RedisStore, WatchQueue};
use txstatus_webhooks::{GiveUp, ReadRefusal, Receiver, Store, TxKey};

const RULE: GiveUp = GiveUp {
    refusals: 3,
    after: Duration::from_secs(3600),
};

fn hash(server: &RedisServer, key: &str) -> Vec<(String, String)> {
    redis::cmd("HGETALL")
        .arg(key)
        .query(&mut raw(server))
        .unwrap()
}

fn field(server: &RedisServer, key: &str, name: &str) -> Option<String> {
    redis::cmd("HGET")
        .arg(key)
        .arg(name)
        .query(&mut raw(server))
        .unwrap()
}

fn tx_hash(id: &str) -> String {
    format!("txstatus:wh:tx:{PROVIDER}:{id}")
}

async fn is_due(store: &RedisStore, key: &TxKey, before: OffsetDateTime) -> bool {
    store.due(before, 1000).await.unwrap().contains(key)
}

#[tokio::test]
async fn many_refusals_within_the_rule_s_time_retry_then_give_up_once() {
    let server = RedisServer::start();
    let store = RedisStore::new(&connect(&server).await);
    let key = TxKey::new(PROVIDER, "tx-1");
    let t0 = OffsetDateTime::now_utc();
    store.accept(&delivery("evt-1", "tx-1"), t0).await.unwrap();
    // Far more refusals than the count, all within the hour: retrying, and due again
    // after each (checked at the refusal).
    for n in 1..=20u32 {
        let at = t0 + time::Duration::seconds(i64::from(n));
        assert_eq!(
            store.read_refused(&key, at, RULE).await.unwrap(),
            ReadRefusal::Retrying { refusals: n }
        );
        assert!(!is_due(&store, &key, at).await, "checked at the refusal");
        assert!(is_due(&store, &key, at + time::Duration::seconds(1)).await);
    }
    // Just short of the hour since the first: still retrying.
    let first = t0 + time::Duration::seconds(1);
    assert_eq!(
        store
            .read_refused(&key, first + time::Duration::seconds(3599), RULE)
            .await
            .unwrap(),
        ReadRefusal::Retrying { refusals: 21 }
    );
    let gave_up = first + time::Duration::seconds(3600);
    assert_eq!(
        store.read_refused(&key, gave_up, RULE).await.unwrap(),
        ReadRefusal::GivenUp { refusals: 22 }
    );
    let far = gave_up + time::Duration::days(7);
    assert!(!is_due(&store, &key, far).await, "given up: not due");
    let score: Option<f64> = redis::cmd("ZSCORE")
        .arg("txstatus:wh:due")
        .arg(format!("{PROVIDER}\ntx-1"))
        .query(&mut raw(&server))
        .unwrap();
    assert_eq!(score, None, "taken off the schedule");
    assert_eq!(field(&server, &tx_hash("tx-1"), "awaiting"), None);
    // Once only: later refusals (a hint's reads) change nothing.
    for seconds in [1, 2, 7200] {
        assert_eq!(
            store
                .read_refused(&key, gave_up + time::Duration::seconds(seconds), RULE)
                .await
                .unwrap(),
            ReadRefusal::NotCounted
        );
    }
    assert_eq!(
        field(&server, &tx_hash("tx-1"), "refusals").as_deref(),
        Some("22")
    );
    assert!(!is_due(&store, &key, far).await);
    // Put back on the schedule by something else (an older version): still not due,
    // and taken off again.
    let _: () = redis::cmd("ZADD")
        .arg("txstatus:wh:due")
        .arg(0)
        .arg(format!("{PROVIDER}\ntx-1"))
        .query(&mut raw(&server))
        .unwrap();
    assert!(
        !is_due(&store, &key, far).await,
        "a given-up entry is not handed over"
    );
    let left: u64 = redis::cmd("ZCARD")
        .arg("txstatus:wh:due")
        .query(&mut raw(&server))
        .unwrap();
    assert_eq!(left, 0);
    let ttl: i64 = redis::cmd("PTTL")
        .arg(tx_hash("tx-1"))
        .query(&mut raw(&server))
        .unwrap();
    assert!(ttl > 0, "the state keeps its TTL: {ttl}");
}

#[tokio::test]
async fn a_new_delivery_starts_a_transaction_given_up_over() {
    let server = RedisServer::start();
    let store = RedisStore::new(&connect(&server).await);
    let key = TxKey::new(PROVIDER, "tx-1");
    let t0 = OffsetDateTime::now_utc();
    store.accept(&delivery("evt-1", "tx-1"), t0).await.unwrap();
    for seconds in [1, 2, 3601] {
        store
            .read_refused(&key, t0 + time::Duration::seconds(seconds), RULE)
            .await
            .unwrap();
    }
    assert_eq!(
        field(&server, &tx_hash("tx-1"), "given_up").as_deref(),
        Some("1")
    );
    // A retry of the same delivery is a duplicate: it starts nothing over.
    let later = t0 + time::Duration::hours(2);
    store
        .accept(&delivery("evt-1", "tx-1"), later)
        .await
        .unwrap();
    assert!(!is_due(&store, &key, later + time::Duration::days(1)).await);
    // A new one does.
    store
        .accept(&delivery("evt-2", "tx-1"), later)
        .await
        .unwrap();
    assert!(is_due(&store, &key, later + time::Duration::seconds(1)).await);
    for name in ["refusals", "refused_since", "given_up"] {
        assert_eq!(field(&server, &tx_hash("tx-1"), name), None, "{name}");
    }
    // The count starts over, and so does the time since the first refusal.
    let again = later + time::Duration::seconds(1);
    for n in 1..=5u32 {
        assert_eq!(
            store
                .read_refused(&key, again + time::Duration::seconds(i64::from(n)), RULE)
                .await
                .unwrap(),
            ReadRefusal::Retrying { refusals: n }
        );
    }
    assert_eq!(
        store
            .read_refused(&key, again + time::Duration::seconds(3601), RULE)
            .await
            .unwrap(),
        ReadRefusal::GivenUp { refusals: 6 }
    );
}

#[tokio::test]
async fn a_worker_s_committed_read_starts_refusals_over() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let queue = WatchQueue::new(&redis);
    let key = TxKey::new("persona", "inq_1");
    let t0 = OffsetDateTime::now_utc();
    let pending = state(NormalizedStatus::Pending, "pending");
    let ticket = store.begin_read(&key).await.unwrap();
    store
        .commit(webhook_commit(key.clone(), ticket, pending.clone()))
        .await
        .unwrap();
    for seconds in [1, 2, 3601] {
        store
            .read_refused(&key, t0 + time::Duration::seconds(seconds), RULE)
            .await
            .unwrap();
    }
    assert!(!is_due(&store, &key, t0 + time::Duration::days(1)).await);
    // A worker's read of the same transaction records through commit.lua.
    let lease = leased(&queue, "persona", "inq_1", Duration::from_secs(60)).await;
    let ticket = queue.begin_read(&lease).await.unwrap().unwrap();
    queue
        .record(&lease, ticket, pending, OffsetDateTime::now_utc())
        .await
        .unwrap();
    let hash = "txstatus:wh:tx:persona:inq_1";
    for name in ["refusals", "refused_since", "given_up"] {
        assert_eq!(field(&server, hash, name), None, "{name}");
    }
    assert!(
        is_due(
            &store,
            &key,
            OffsetDateTime::now_utc() + time::Duration::days(1)
        )
        .await,
        "open again by its state"
    );
    assert_eq!(
        store
            .read_refused(&key, OffsetDateTime::now_utc(), RULE)
            .await
            .unwrap(),
        ReadRefusal::Retrying { refusals: 1 }
    );
}

#[tokio::test]
async fn a_hint_s_read_of_a_transaction_never_accepted_is_not_counted() {
    let server = RedisServer::start();
    let store = RedisStore::new(&connect(&server).await);
    let key = TxKey::new(PROVIDER, "hinted");
    // The receiver takes a ticket before every read: the hash then holds only that.
    store.begin_read(&key).await.unwrap();
    let before = hash(&server, &tx_hash("hinted"));
    let at = OffsetDateTime::now_utc();
    for seconds in [0, 1, 3601] {
        assert_eq!(
            store
                .read_refused(&key, at + time::Duration::seconds(seconds), RULE)
                .await
                .unwrap(),
            ReadRefusal::NotCounted
        );
    }
    assert_eq!(hash(&server, &tx_hash("hinted")), before, "nothing written");
    assert!(!is_due(&store, &key, at + time::Duration::days(1)).await);
}

#[tokio::test]
async fn junk_refusal_fields_are_a_typed_error_with_nothing_written() {
    let junk = [
        ("refusals", "many"),
        ("refusals", "-1"),
        ("refusals", "1.5"),
        ("refusals", "4294967296"),
        ("refusals", "99999999999999999999999"),
        ("refused_since", "yesterday"),
        ("refused_since", "1e15"),
        ("refused_since", "99999999999999999"),
    ];
    for (name, value) in junk {
        let server = RedisServer::start();
        let store = RedisStore::new(&connect(&server).await);
        let key = TxKey::new(PROVIDER, "tx-1");
        let t0 = OffsetDateTime::now_utc();
        store.accept(&delivery("evt-1", "tx-1"), t0).await.unwrap();
        let _: () = redis::cmd("HSET")
            .arg(tx_hash("tx-1"))
            .arg(name)
            .arg(value)
            .query(&mut raw(&server))
            .unwrap();
        let before = hash(&server, &tx_hash("tx-1"));
        let score: Option<f64> = redis::cmd("ZSCORE")
            .arg("txstatus:wh:due")
            .arg(format!("{PROVIDER}\ntx-1"))
            .query(&mut raw(&server))
            .unwrap();
        let error = store
            .read_refused(&key, t0 + time::Duration::hours(2), RULE)
            .await
            .unwrap_err();
        assert!(
            error.to_string().contains("(ERR)"),
            "{name}={value}: {error}"
        );
        assert!(!error.to_string().contains("tx-1"), "{error}");
        assert_eq!(hash(&server, &tx_hash("tx-1")), before, "{name}={value}");
        let after: Option<f64> = redis::cmd("ZSCORE")
            .arg("txstatus:wh:due")
            .arg(format!("{PROVIDER}\ntx-1"))
            .query(&mut raw(&server))
            .unwrap();
        assert_eq!(after, score, "{name}={value}");
        // A new delivery repairs it.
        store.accept(&delivery("evt-2", "tx-1"), t0).await.unwrap();
        assert_eq!(
            store
                .read_refused(&key, t0 + time::Duration::seconds(1), RULE)
                .await
                .unwrap(),
            ReadRefusal::Retrying { refusals: 1 }
        );
    }
}

#[tokio::test]
async fn a_refused_read_of_a_key_of_another_type_is_a_typed_error() {
    let server = RedisServer::start();
    let store = RedisStore::new(&connect(&server).await);
    let _: () = redis::cmd("SET")
        .arg(tx_hash("tx-1"))
        .arg("junk")
        .query(&mut raw(&server))
        .unwrap();
    let error = store
        .read_refused(
            &TxKey::new(PROVIDER, "tx-1"),
            OffsetDateTime::now_utc(),
            RULE,
        )
        .await
        .unwrap_err();
    assert!(error.to_string().contains("WRONGTYPE"), "{error}");
}

#[tokio::test]
async fn a_zero_count_rule_gives_up_after_one_refusal_past_the_time() {
    let server = RedisServer::start();
    let store = RedisStore::new(&connect(&server).await);
    let key = TxKey::new(PROVIDER, "tx-1");
    let t0 = OffsetDateTime::now_utc();
    store.accept(&delivery("evt-1", "tx-1"), t0).await.unwrap();
    let zero = GiveUp {
        refusals: 0,
        after: Duration::ZERO,
    };
    assert_eq!(
        store.read_refused(&key, t0, zero).await.unwrap(),
        ReadRefusal::GivenUp { refusals: 1 }
    );
    // A rule too long for any clock never gives up.
    store.accept(&delivery("evt-2", "tx-1"), t0).await.unwrap();
    let never = GiveUp {
        refusals: 1,
        after: Duration::MAX,
    };
    assert_eq!(
        store
            .read_refused(&key, t0 + time::Duration::days(3650), never)
            .await
            .unwrap(),
        ReadRefusal::Retrying { refusals: 1 }
    );
}

#[tokio::test]
async fn a_refusal_time_past_what_lua_holds_exactly_is_an_error_with_nothing_written() {
    let server = RedisServer::start();
    let store = RedisStore::new(&connect(&server).await);
    let key = TxKey::new(PROVIDER, "tx-1");
    let t0 = OffsetDateTime::now_utc();
    store.accept(&delivery("evt-1", "tx-1"), t0).await.unwrap();
    let before = hash(&server, &tx_hash("tx-1"));
    for far in [
        time::macros::datetime!(9999-12-31 23:59:59 UTC),
        time::macros::datetime!(-9999-01-01 00:00:00 UTC),
    ] {
        let error = store.read_refused(&key, far, RULE).await.unwrap_err();
        assert!(error.to_string().contains("(ERR)"), "{error}");
        assert_eq!(hash(&server, &tx_hash("tx-1")), before);
    }
    // Within the range, before 1970 too: counted.
    let old = time::macros::datetime!(1900-01-01 00:00:00 UTC);
    assert_eq!(
        store.read_refused(&key, old, RULE).await.unwrap(),
        ReadRefusal::Retrying { refusals: 1 }
    );
    assert_eq!(
        store
            .read_refused(&key, old + time::Duration::hours(2), RULE)
            .await
            .unwrap(),
        ReadRefusal::Retrying { refusals: 2 }
    );
    assert_eq!(
        store
            .read_refused(&key, old + time::Duration::hours(3), RULE)
            .await
            .unwrap(),
        ReadRefusal::GivenUp { refusals: 3 }
    );
}

#[tokio::test]
async fn replicas_sharing_redis_give_a_refused_transaction_up_once_and_a_delivery_starts_it_over() {
    let server = RedisServer::start();
    let table = Arc::new(Table::default());
    // Reads answer an id refused before sending: a refusal asking again will not change.
    table.failing.store(true, Ordering::SeqCst);
    let clock = ManualClock::new();
    let threshold = Duration::from_secs(300);
    let mut replicas = Vec::new();
    for _ in 0..2 {
        let (receiver, transitions) =
            Receiver::builder(Arc::new(RedisStore::new(&connect(&server).await)))
                .provider(Arc::new(TokenSide), table.clone())
                .clock(Arc::new(clock.clone()))
                .sweep_threshold(threshold)
                .build();
        replicas.push((receiver, transitions));
    }
    let reply = replicas[0]
        .0
        .handle("POST", ROUTE, &headers(), None, &body("evt-1", "tx-1"))
        .await;
    replicas[0].0.drain().await;
    assert_eq!(reply.status, 200);
    assert_eq!(table.reads.load(Ordering::SeqCst), 1);
    // Sweeps every threshold, by either replica: given up once 5 refusals in a row
    // span an hour (the default rule), by exactly one sweep.
    let mut given_up_in = Vec::new();
    for sweep in 1..=30 {
        clock.advance(threshold + Duration::from_secs(1));
        let report = replicas[sweep % 2].0.sweep().await.unwrap();
        if report.given_up > 0 {
            given_up_in.push((sweep, report.given_up));
        }
    }
    assert_eq!(given_up_in, [(12, 1)]);
    assert_eq!(replicas[0].0.given_up() + replicas[1].0.given_up(), 1);
    assert_eq!(table.reads.load(Ordering::SeqCst), 13, "no read after it");
    // The provider knows it now, and a new delivery names it: read and recorded.
    table.failing.store(false, Ordering::SeqCst);
    let reply = replicas[1]
        .0
        .handle("POST", ROUTE, &headers(), None, &body("evt-2", "tx-1"))
        .await;
    replicas[1].0.drain().await;
    assert_eq!(reply.status, 200);
    assert_eq!(table.reads.load(Ordering::SeqCst), 14);
    let transition = replicas[1].1.try_recv().unwrap();
    assert_eq!(transition.id, "tx-1");
    for name in ["refusals", "refused_since", "given_up"] {
        assert_eq!(field(&server, &tx_hash("tx-1"), name), None, "{name}");
    }
}
