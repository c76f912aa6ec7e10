//! Junk another version (or an attacker) wrote into the webhook store's keys, on a real
//! server: removed or refused with a typed error, never hiding real work, never a panic.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use crate::common;

use common::RedisServer;

use time::OffsetDateTime;
use txstatus_core::webhook::Delivery;
use txstatus_redis::{Redis, RedisStore};
use txstatus_webhooks::{Store, TxKey};

fn raw(server: &RedisServer) -> redis::Connection {
    redis::Client::open(server.url())
        .unwrap()
        .get_connection()
        .unwrap()
}

#[tokio::test]
async fn junk_sweep_entries_are_removed_and_never_hide_a_due_transaction() {
    let server = RedisServer::start();
    let redis = Redis::connect(&server.config()).await.unwrap();
    let store = RedisStore::new(&redis);
    let an_hour_ago = OffsetDateTime::now_utc() - time::Duration::hours(1);
    let delivery = Delivery::authenticated("fake")
        .with_event_id(Some("evt-1".to_owned()))
        .with_transaction_id(Some("tx-1".to_owned()));
    store.accept(&delivery, an_hour_ago).await.unwrap();
    // Older than the real entry, so first in line: no separator, empty parts, not UTF-8.
    let due = format!("{}:wh:due", redis.prefix());
    let mut connection = raw(&server);
    let junk: [&[u8]; 4] = [
        b"no-separator",
        b"\nno-provider",
        b"fake\n",
        b"\xff\xfe\n\x80",
    ];
    for member in junk {
        redis::cmd("ZADD")
            .arg(&due)
            .arg(0)
            .arg(member)
            .exec(&mut connection)
            .unwrap();
    }
    let keys = store.due(OffsetDateTime::now_utc(), 3).await.unwrap();
    assert_eq!(keys, vec![TxKey::new("fake", "tx-1")]);
    let left: u64 = redis::cmd("ZCARD")
        .arg(&due)
        .query(&mut connection)
        .unwrap();
    assert_eq!(left, 1, "only the real entry stays");
}

#[tokio::test]
async fn store_keys_of_the_wrong_type_are_typed_errors() {
    let server = RedisServer::start();
    let redis = Redis::connect(&server.config()).await.unwrap();
    let store = RedisStore::new(&redis);
    let prefix = redis.prefix().to_owned();
    let mut connection = raw(&server);
    for key in ["wh:due", "wh:tx:fake:tx-1", "transitions"] {
        redis::cmd("SET")
            .arg(format!("{prefix}:{key}"))
            .arg("junk")
            .exec(&mut connection)
            .unwrap();
    }
    let delivery = Delivery::authenticated("fake")
        .with_event_id(Some("evt-1".to_owned()))
        .with_transaction_id(Some("tx-1".to_owned()));
    let now = OffsetDateTime::now_utc();
    assert!(store.accept(&delivery, now).await.is_err());
    assert!(store.due(now, 10).await.is_err());
    assert!(store.begin_read(&TxKey::new("fake", "tx-1")).await.is_err());
    assert!(store.transitions(0, 10).await.is_err());
}

#[tokio::test]
async fn a_limit_of_usize_max_reads_everything_instead_of_failing() {
    let server = RedisServer::start();
    let redis = Redis::connect(&server.config()).await.unwrap();
    let store = RedisStore::new(&redis);
    let an_hour_ago = OffsetDateTime::now_utc() - time::Duration::hours(1);
    let delivery = Delivery::authenticated("fake")
        .with_event_id(Some("evt-1".to_owned()))
        .with_transaction_id(Some("tx-1".to_owned()));
    store.accept(&delivery, an_hour_ago).await.unwrap();
    let now = OffsetDateTime::now_utc();
    assert_eq!(
        store.due(now, usize::MAX).await.unwrap(),
        vec![TxKey::new("fake", "tx-1")]
    );
    assert!(store.transitions(0, usize::MAX).await.unwrap().is_empty());
    assert!(
        store
            .transitions(usize::MAX, usize::MAX)
            .await
            .unwrap()
            .is_empty()
    );
}
