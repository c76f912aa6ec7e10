//! Durations, counts and limits a caller hands in (zero, under the unit Redis counts in,
//! huge, `MAX`): each is a typed error or a documented clamp, never a panic, an
//! overflow, or a Redis command with an absurd argument.

use crate::common;

use common::{RedisServer, accept_an_hour_ago, connect, queue};

use std::time::Duration;

use time::OffsetDateTime;
use txstatus_redis::{EnqueueError, ErrorKind, Redis, RedisStore};
use txstatus_webhooks::{Store, TxKey};

#[tokio::test]
async fn an_interval_under_a_microsecond_is_refused_at_enqueue_and_nothing_is_scheduled() {
    let server = RedisServer::start();
    let queue = queue(&server).await;
    for interval in [
        Duration::ZERO,
        Duration::from_nanos(1),
        Duration::from_nanos(999),
    ] {
        let refused = queue
            .enqueue("persona", "inq_1", interval)
            .await
            .unwrap_err();
        assert!(
            matches!(refused, EnqueueError::IntervalTooShort { .. }),
            "{interval:?}: {refused}"
        );
        assert!(refused.to_string().contains("shorter"), "{refused}");
    }
    assert_eq!(queue.state("persona", "inq_1").await.unwrap(), None);
    assert_eq!(queue.scheduled("persona").await.unwrap(), 0);
    for interval in [Duration::from_micros(1), Duration::from_nanos(1001)] {
        queue.enqueue("persona", "inq_1", interval).await.unwrap();
        let watched = queue.state("persona", "inq_1").await.unwrap().unwrap();
        assert_eq!(watched.interval, Duration::from_micros(1), "{interval:?}");
    }
}

#[tokio::test]
async fn a_timeout_under_a_millisecond_is_refused_at_connect_naming_which() {
    let server = RedisServer::start();
    for (connect_timeout, response_timeout, named) in [
        (Duration::ZERO, Duration::from_secs(5), "connect timeout"),
        (
            Duration::from_nanos(1),
            Duration::from_secs(5),
            "connect timeout",
        ),
        (Duration::from_micros(999), Duration::MAX, "connect timeout"),
        (Duration::from_secs(5), Duration::ZERO, "response timeout"),
        (
            Duration::MAX,
            Duration::from_micros(999),
            "response timeout",
        ),
    ] {
        let config = server
            .config()
            .with_connect_timeout(connect_timeout)
            .with_response_timeout(response_timeout);
        let refused = Redis::connect(&config).await.unwrap_err();
        assert_eq!(refused.kind(), ErrorKind::Config, "{refused}");
        assert!(
            refused.to_string().contains(named),
            "{connect_timeout:?}/{response_timeout:?}: {refused}"
        );
    }
    // A millisecond and "no end" both work.
    for timeout in [Duration::from_millis(1000), Duration::MAX] {
        let config = server
            .config()
            .with_connect_timeout(timeout)
            .with_response_timeout(timeout);
        Redis::connect(&config).await.unwrap().ping().await.unwrap();
    }
}

#[tokio::test]
async fn a_sweep_limit_of_zero_or_huge_is_empty_or_shortened_never_an_error() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    accept_an_hour_ago(&store).await;
    let now = OffsetDateTime::now_utc();
    assert!(store.due(now, 0).await.unwrap().is_empty());
    for limit in [1, 10_000, usize::MAX / 2, usize::MAX] {
        assert_eq!(
            store.due(now, limit).await.unwrap(),
            vec![TxKey::new("fake", "tx-1")],
            "{limit}"
        );
    }
    // Far past and far future cutoffs.
    assert!(
        store
            .due(
                OffsetDateTime::UNIX_EPOCH - time::Duration::days(365 * 100),
                10
            )
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .due(now + time::Duration::days(365 * 1000), usize::MAX)
            .await
            .unwrap()
            .len(),
        1
    );
    for (after, limit) in [
        (0, 0),
        (usize::MAX, 0),
        (usize::MAX, 1),
        (usize::MAX / 2, usize::MAX),
    ] {
        assert!(
            store.transitions(after, limit).await.unwrap().is_empty(),
            "{after}/{limit}"
        );
    }
}

#[tokio::test]
async fn more_sweep_entries_than_one_call_hands_over_come_in_several_calls() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let an_hour_ago = OffsetDateTime::now_utc() - time::Duration::hours(1);
    let total = txstatus_redis::MAX_DUE + 5;
    for i in 0..total {
        store
            .accept(
                &common::delivery(&format!("evt-{i}"), &format!("tx-{i}")),
                an_hour_ago,
            )
            .await
            .unwrap();
    }
    let now = OffsetDateTime::now_utc();
    let first = store.due(now, usize::MAX).await.unwrap();
    assert_eq!(first.len(), txstatus_redis::MAX_DUE);
}
