//! A Redis restart that loses the data (no persistence, a flush, a failover to an empty
//! replica), simulated with `FLUSHALL` on a real server: fencing and consumer groups
//! survive it.

use crate::common;

use common::{RedisServer, connect, leased, queue, raw, state, webhook_commit};

use std::time::Duration;

use time::OffsetDateTime;
use txstatus_core::{ManualClock, NormalizedStatus, RateLimit, RateLimiter};
use txstatus_redis::{Recorded, RedisRateLimiter, RedisStore, TransitionConsumer};
use txstatus_webhooks::{Store, TxKey};

fn flush_all(server: &RedisServer) {
    redis::cmd("FLUSHALL").exec(&mut raw(server)).unwrap();
}

#[tokio::test]
async fn a_lease_held_across_a_restart_that_lost_the_data_is_fenced_out() {
    let server = RedisServer::start();
    let queue = queue(&server).await;
    let stalled = leased(&queue, "persona", "inq_1", Duration::from_secs(60)).await;
    let ticket = queue.begin_read(&stalled).await.unwrap().unwrap();
    // Redis restarts empty; the transaction is enqueued again and claimed by another.
    flush_all(&server);
    let owner = leased(&queue, "persona", "inq_1", Duration::from_secs(60)).await;
    assert_ne!(
        owner.token, stalled.token,
        "a token is never handed out twice"
    );
    // The stalled owner's late (final) result is refused: nothing is written.
    let late = queue
        .record(
            &stalled,
            ticket,
            state(NormalizedStatus::Succeeded, "approved"),
            OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    assert_eq!(late, Recorded::Fenced);
    assert!(!queue.release(&stalled, Duration::ZERO).await.unwrap());
    let now = queue.state("persona", "inq_1").await.unwrap().unwrap();
    assert_eq!(now.last, None);
    assert!(!now.finished);
    assert_eq!(now.token, owner.token);
    // The current owner records normally.
    let recorded = queue
        .record(
            &owner,
            queue.begin_read(&owner).await.unwrap().unwrap(),
            state(NormalizedStatus::Pending, "pending"),
            OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    assert!(
        matches!(recorded, Recorded::Transition { .. }),
        "{recorded:?}"
    );
}

#[tokio::test]
async fn a_consumer_whose_group_vanished_in_a_restart_creates_it_again_and_reads_what_came_since() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let mut consumer = TransitionConsumer::builder(&redis, "printers", "a")
        .block(Duration::from_millis(10))
        .build()
        .await
        .unwrap();
    assert!(consumer.next().await.unwrap().is_empty());
    flush_all(&server);
    // Recorded after the restart, before the consumer reads again.
    let key = TxKey::new("fake", "tx-1");
    let ticket = store.begin_read(&key).await.unwrap();
    let recorded = store
        .commit(webhook_commit(
            key,
            ticket,
            state(NormalizedStatus::Pending, "created"),
        ))
        .await
        .unwrap()
        .unwrap();
    let read = consumer.next().await.unwrap();
    let ids: Vec<_> = read.iter().map(|t| t.stream_id.clone()).collect();
    assert_eq!(ids, vec![recorded.stream_id.clone()]);
    consumer.ack(&[recorded.stream_id.unwrap()]).await.unwrap();
    assert!(consumer.next().await.unwrap().is_empty());
}

#[tokio::test]
async fn limiters_started_on_either_side_of_a_restart_never_exceed_the_budget_together() {
    let server = RedisServer::start();
    let limit = RateLimit::new(4, Duration::from_secs(60));
    let before = RedisRateLimiter::builder(&connect(&server).await, "shared", limit)
        .build()
        .await
        .unwrap();
    // Redis restarts empty: the next limiter gets the same instance number.
    flush_all(&server);
    let after = RedisRateLimiter::builder(&connect(&server).await, "shared", limit)
        .build()
        .await
        .unwrap();
    let clock = ManualClock::new();
    let mut granted = 0;
    for _ in 0..5 {
        for limiter in [&before, &after] {
            if limiter.acquire(&clock, Duration::ZERO).await.is_ok() {
                granted += 1;
            }
        }
    }
    assert_eq!(granted, 4, "the budget is 4 per minute across both");
    assert_eq!(before.starts().await.unwrap().len(), 4);
}
