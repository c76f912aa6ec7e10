//! The shared rate budget on a real server.

use crate::common;

use common::{RedisServer, connect, raw};

use std::{sync::Arc, time::Duration};

use txstatus_core::{ManualClock, RateLimit, RateLimiter, SystemClock};
use txstatus_redis::RedisRateLimiter;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_processes_never_exceed_the_budget_in_any_window() {
    let server = RedisServer::start();
    let limit = RateLimit::new(5, Duration::from_millis(200));
    // Three "processes": each its own connection and limiter, one budget.
    let mut limiters = Vec::new();
    for _ in 0..3 {
        let redis = connect(&server).await;
        let limiter = RedisRateLimiter::builder(&redis, "persona:test", limit)
            .keep_history(Duration::from_secs(600))
            .build()
            .await
            .unwrap();
        limiters.push(Arc::new(limiter));
    }
    let mut tasks = Vec::new();
    for limiter in &limiters {
        for _ in 0..4 {
            let limiter = limiter.clone();
            tasks.push(tokio::spawn(async move {
                for _ in 0..3 {
                    limiter.acquire(&SystemClock, Duration::MAX).await.unwrap();
                }
            }));
        }
    }
    for task in tasks {
        task.await.unwrap();
    }
    // The log as Redis recorded it (Redis TIME, µs): every start, in order.
    let starts = limiters[0].starts().await.unwrap();
    assert_eq!(starts.len(), 36);
    let per = limit.per.as_micros() as u64;
    for (i, start) in starts.iter().enumerate() {
        let in_window = starts[i..]
            .iter()
            .take_while(|s| **s - *start < per)
            .count();
        assert!(
            in_window <= 5,
            "{in_window} starts within {per} µs from {start}"
        );
    }
}

#[tokio::test]
async fn a_wait_longer_than_the_time_left_fails_at_once() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let limiter =
        RedisRateLimiter::builder(&redis, "b", RateLimit::new(1, Duration::from_secs(30)))
            .build()
            .await
            .unwrap();
    let clock = ManualClock::new();
    limiter
        .acquire(&clock, Duration::from_secs(1))
        .await
        .unwrap();
    let wait = limiter
        .acquire(&clock, Duration::from_secs(1))
        .await
        .unwrap_err();
    assert!(wait > Duration::from_secs(29), "{wait:?}");
    assert!(clock.sleeps().is_empty(), "{:?}", clock.sleeps());
    assert_eq!(limiter.starts().await.unwrap().len(), 1);
}

#[tokio::test]
async fn the_stored_limit_wins_and_the_mismatch_is_reported() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let first = RateLimit::new(1, Duration::from_secs(60));
    let second = RateLimit::new(100, Duration::from_secs(60));
    let a = RedisRateLimiter::builder(&redis, "shared", first)
        .build()
        .await
        .unwrap();
    let b = RedisRateLimiter::builder(&redis, "shared", second)
        .build()
        .await
        .unwrap();
    let clock = ManualClock::new();
    a.acquire(&clock, Duration::ZERO).await.unwrap();
    assert_eq!(a.mismatch(), None);
    // b asked for 100/min, but the stored 1/min holds: its first request must wait.
    let wait = b.acquire(&clock, Duration::ZERO).await.unwrap_err();
    assert!(wait > Duration::from_secs(59), "{wait:?}");
    let mismatch = b.mismatch().unwrap();
    assert_eq!(mismatch.stored, first);
    assert_eq!(mismatch.configured, second);
    assert!(
        mismatch.to_string().contains("stored limit is used"),
        "{mismatch}"
    );
    assert_eq!(b.stored_limit().await.unwrap(), Some(first));
}

#[tokio::test]
async fn an_unreachable_server_fails_requests_with_a_clear_reason() {
    let mut server = RedisServer::start();
    let redis = connect(&server).await;
    let limiter =
        RedisRateLimiter::builder(&redis, "b", RateLimit::new(100, Duration::from_secs(1)))
            .build()
            .await
            .unwrap();
    server.kill();
    let clock = ManualClock::new();
    for _ in 0..3 {
        // Never silently unlimited: every request is refused.
        assert!(
            limiter
                .acquire(&clock, Duration::from_secs(60))
                .await
                .is_err()
        );
    }
    let failure = limiter.failure().unwrap();
    assert!(failure.is_unreachable(), "{failure}");
}

#[tokio::test]
async fn a_builder_on_an_unreachable_server_fails_at_start() {
    let mut server = RedisServer::start();
    let redis = connect(&server).await;
    server.kill();
    let error = RedisRateLimiter::builder(&redis, "b", RateLimit::per_minute(300))
        .build()
        .await
        .unwrap_err();
    assert!(error.is_unreachable(), "{error}");
}

#[tokio::test]
async fn the_opt_in_fallback_limits_locally_when_redis_is_gone() {
    let mut server = RedisServer::start();
    let redis = connect(&server).await;
    let limiter =
        RedisRateLimiter::builder(&redis, "b", RateLimit::new(100, Duration::from_secs(1)))
            .fallback_to_local(RateLimit::new(2, Duration::from_secs(60)))
            .build()
            .await
            .unwrap();
    server.kill();
    let clock = ManualClock::new();
    limiter.acquire(&clock, Duration::ZERO).await.unwrap();
    limiter.acquire(&clock, Duration::ZERO).await.unwrap();
    // The local limit holds: the third waits a minute, past the time left.
    let wait = limiter.acquire(&clock, Duration::ZERO).await.unwrap_err();
    assert!(wait > Duration::from_secs(59), "{wait:?}");
    assert!(limiter.failure().unwrap().is_unreachable());
}

#[tokio::test]
async fn an_unusable_stored_limit_is_replaced_and_never_makes_the_budget_unlimited() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let limit = RateLimit::new(2, Duration::from_secs(10));
    let key = format!("{}:rl:B:limit", redis.prefix());
    let garbage = [
        ("2", "-100000000"),
        ("inf", "10000000"),
        ("1e300", "10000000"),
        ("nan", "10000000"),
        ("2", "0"),
        ("0x10", "10000000"),
        ("2", "1e300"),
    ];
    for (requests, per_us) in garbage {
        let mut connection = raw(&server);
        redis::cmd("DEL")
            .arg(format!("{}:rl:B:log", redis.prefix()))
            .exec(&mut connection)
            .unwrap();
        redis::cmd("HSET")
            .arg(&key)
            .arg("requests")
            .arg(requests)
            .arg("per_us")
            .arg(per_us)
            .exec(&mut connection)
            .unwrap();
        let limiter = RedisRateLimiter::builder(&redis, "B", limit)
            .build()
            .await
            .unwrap();
        let clock = ManualClock::new();
        let mut granted = 0;
        for _ in 0..20 {
            if limiter.acquire(&clock, Duration::ZERO).await.is_ok() {
                granted += 1;
            }
        }
        assert_eq!(granted, 2, "stored {requests} per {per_us} µs");
        assert!(limiter.failure().is_none());
        assert_eq!(limiter.mismatch(), None);
        assert_eq!(limiter.stored_limit().await.unwrap(), Some(limit));
    }
}
