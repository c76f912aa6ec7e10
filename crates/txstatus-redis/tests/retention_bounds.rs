//! Absurd retention settings on a real server: shortened to what Redis takes, so every
//! write still works (an expiry past Redis's range failed every accept and commit).

use crate::common;

use common::{RedisServer, connect, delivery, leased, raw, state, webhook_commit};

use std::time::Duration;

use time::OffsetDateTime;
use txstatus_core::NormalizedStatus;
use txstatus_redis::{MAX_RETENTION, Recorded, RedisStore, WatchQueue};
use txstatus_webhooks::{Acceptance, ObservedState, Store, TxKey};

fn pttl(server: &RedisServer, key: &str) -> i64 {
    redis::cmd("PTTL").arg(key).query(&mut raw(server)).unwrap()
}

fn pending() -> ObservedState {
    state(NormalizedStatus::Pending, "pending")
}

#[tokio::test]
async fn the_longest_retention_and_stream_bound_are_shortened_and_writes_still_work() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis)
        .with_stream_max_len(u64::MAX)
        .with_state_ttl(Duration::MAX);
    let delivery = delivery("evt-1", "tx-1").with_retry_horizon(Duration::MAX);
    let accepted = store
        .accept(&delivery, OffsetDateTime::now_utc())
        .await
        .unwrap();
    assert_eq!(accepted, Acceptance::New);
    let key = TxKey::new("fake", "tx-1");
    let ticket = store.begin_read(&key).await.unwrap();
    let recorded = store
        .commit(webhook_commit(key, ticket, pending()))
        .await
        .unwrap();
    assert!(recorded.is_some());
    let prefix = redis.prefix().to_owned();
    let longest = i64::try_from(MAX_RETENTION.as_millis()).unwrap();
    for key in [
        format!("{prefix}:wh:tx:fake:tx-1"),
        format!("{prefix}:wh:seen:fake:evt-1"),
    ] {
        let left = pttl(&server, &key);
        assert!(left > 0 && left <= longest, "{key}: {left}");
    }

    let queue = WatchQueue::new(&redis)
        .with_key_ttl(Duration::MAX)
        .with_stream_max_len(u64::MAX);
    let lease = leased(&queue, "persona", "inq_1", Duration::from_secs(60)).await;
    let ticket = queue.begin_read(&lease).await.unwrap().unwrap();
    let recorded = queue
        .record(&lease, ticket, pending(), OffsetDateTime::now_utc())
        .await
        .unwrap();
    assert!(
        matches!(recorded, Recorded::Transition { .. }),
        "{recorded:?}"
    );
    let left = pttl(&server, &format!("{prefix}:watch:tx:persona:inq_1"));
    assert!(left > 0 && left <= longest, "{left}");
}
