//! Junk another version (or an attacker) wrote into the webhook store's keys, on a real
//! server: removed or refused with a typed error, never hiding real work, never a panic.

use crate::common;

use common::{RedisServer, accept_an_hour_ago, connect, delivery, raw};

use time::OffsetDateTime;

use txstatus_redis::RedisStore;
use txstatus_webhooks::{Store, TxKey};

#[tokio::test]
async fn junk_sweep_entries_are_removed_and_never_hide_a_due_transaction() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    accept_an_hour_ago(&store).await;
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
    let redis = connect(&server).await;
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
    let delivery = delivery("evt-1", "tx-1");
    let now = OffsetDateTime::now_utc();
    assert!(store.accept(&delivery, now).await.is_err());
    assert!(store.due(now, 10).await.is_err());
    assert!(store.begin_read(&TxKey::new("fake", "tx-1")).await.is_err());
    assert!(store.transitions(0, 10).await.is_err());
}

#[tokio::test]
async fn a_limit_of_usize_max_reads_everything_instead_of_failing() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    accept_an_hour_ago(&store).await;
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
