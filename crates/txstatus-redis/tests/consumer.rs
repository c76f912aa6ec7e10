//! Consuming transitions through a consumer group: each entry to one consumer, acked;
//! entries a dead consumer left pending are claimed; a restart reads back its own.

use crate::common;

use common::{RedisServer, commit_id, connect, stream_ids};

use std::time::Duration;

use txstatus_core::NormalizedStatus;
use txstatus_redis::{RedisStore, StartFrom, TransitionConsumer};
use txstatus_webhooks::Store;

/// Commits `fake` transactions `tx-<i>` for each `i` in `ids`: their stream ids.
async fn record(store: &RedisStore, ids: std::ops::Range<u32>) -> Vec<String> {
    let mut stream_ids = Vec::new();
    for i in ids {
        let id = format!("tx-{i}");
        stream_ids.push(commit_id(store, &id, NormalizedStatus::Pending, "created").await);
    }
    stream_ids
}

#[tokio::test]
async fn consumers_of_one_group_share_the_entries_each_once() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let mut a = TransitionConsumer::builder(&redis, "printers", "a")
        .batch(3)
        .block(Duration::from_millis(10))
        .build()
        .await
        .unwrap();
    let mut b = TransitionConsumer::builder(&redis, "printers", "b")
        .batch(3)
        .block(Duration::from_millis(10))
        .build()
        .await
        .unwrap();
    let written = record(&store, 0..10).await;
    let mut seen = Vec::new();
    for _ in 0..10 {
        for consumer in [&mut a, &mut b] {
            let batch = consumer.next().await.unwrap();
            consumer.ack(&stream_ids(&batch)).await.unwrap();
            seen.extend(stream_ids(&batch));
        }
    }
    seen.sort();
    assert_eq!(seen, written);
    let first = store.transitions(0, 1).await.unwrap();
    assert_eq!(first[0].id, "tx-0");
}

#[tokio::test]
async fn entries_left_pending_by_a_dead_consumer_are_claimed() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let mut dead = TransitionConsumer::builder(&redis, "g", "dead")
        .block(Duration::from_millis(10))
        .build()
        .await
        .unwrap();
    let written = record(&store, 0..4).await;
    // Read, never acknowledged: the consumer "dies".
    assert_eq!(stream_ids(&dead.next().await.unwrap()), written);
    drop(dead);
    let mut rescuer = TransitionConsumer::builder(&redis, "g", "rescuer")
        .claim_idle(Duration::ZERO)
        .block(Duration::from_millis(10))
        .build()
        .await
        .unwrap();
    // Zero is lengthened to the shortest claim idle a consumer takes.
    common::past_claim_idle().await;
    let claimed = rescuer.next().await.unwrap();
    assert_eq!(stream_ids(&claimed), written);
    rescuer.ack(&stream_ids(&claimed)).await.unwrap();
    assert!(rescuer.next().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_restarted_consumer_reads_back_what_it_had_not_acknowledged() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let builder =
        || TransitionConsumer::builder(&redis, "g", "listener-1").block(Duration::from_millis(10));
    let mut before = builder().build().await.unwrap();
    let written = record(&store, 0..3).await;
    let batch = before.next().await.unwrap();
    before.ack(&stream_ids(&batch)[..1]).await.unwrap();
    drop(before);
    let mut after = builder().build().await.unwrap();
    assert_eq!(stream_ids(&after.next().await.unwrap()), written[1..]);
}

#[tokio::test]
async fn a_group_can_start_from_the_beginning_or_only_new_entries() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let old = record(&store, 0..2).await;
    let mut replay = TransitionConsumer::builder(&redis, "replay", "c")
        .start_from(StartFrom::Beginning)
        .block(Duration::from_millis(10))
        .build()
        .await
        .unwrap();
    let mut fresh = TransitionConsumer::builder(&redis, "fresh", "c")
        .block(Duration::from_millis(10))
        .build()
        .await
        .unwrap();
    let new = record(&store, 2..3).await;
    assert_eq!(
        stream_ids(&replay.next().await.unwrap()),
        [old, new.clone()].concat()
    );
    assert_eq!(stream_ids(&fresh.next().await.unwrap()), new);
}

#[tokio::test]
async fn a_batch_past_what_redis_takes_is_shortened_and_reads_still_work() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let mut consumer = TransitionConsumer::builder(&redis, "printers", "a")
        .start_from(StartFrom::Beginning)
        .batch(usize::MAX)
        .block(Duration::from_millis(10))
        .build()
        .await
        .unwrap();
    let recorded = record(&store, 0..3).await;
    let read = consumer.next().await.unwrap();
    assert_eq!(stream_ids(&read), recorded);
}

#[tokio::test]
async fn a_claim_idle_or_block_time_past_what_redis_takes_is_shortened_and_reads_still_work() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let recorded = record(&store, 0..2).await;
    for (group, idle, block) in [
        ("idle-max", Duration::MAX, Duration::from_millis(10)),
        (
            "idle-past-i64-ms",
            Duration::from_secs(u64::MAX / 1000),
            Duration::from_millis(10),
        ),
        // Entries are waiting: a read with the longest block answers at once.
        ("block-max", Duration::from_secs(30), Duration::MAX),
    ] {
        let mut consumer = TransitionConsumer::builder(&redis, group, "a")
            .start_from(StartFrom::Beginning)
            .claim_idle(idle)
            .block(block)
            .build()
            .await
            .unwrap();
        let read = consumer
            .next()
            .await
            .unwrap_or_else(|e| panic!("{group}: {e}"));
        assert_eq!(stream_ids(&read), recorded, "{group}");
    }
}
