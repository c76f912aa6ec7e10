//! Starts lost from the shared log (Redis restarted without persistence or from an
//! older snapshot, flushed, or the log key evicted under memory pressure) are noticed
//! by the first limiter that had a start in the window: the budget is shut for one
//! window, so the starts granted before the loss and after it never exceed the budget
//! together. A start that left the window legitimately is no loss.

use crate::common;

use common::{RedisServer, connect, raw};

use std::time::Duration;

use txstatus_core::{ManualClock, RateLimit, RateLimiter};
use txstatus_redis::RedisRateLimiter;

#[tokio::test]
async fn starts_lost_in_a_restart_a_flush_or_an_eviction_never_let_the_budget_be_spent_twice() {
    let losses: [&[&str]; 3] = [
        &["FLUSHALL"],
        // The log evicted, the stored limit kept.
        &["DEL", "txstatus:rl:lost:log"],
        // Both keys evicted.
        &["DEL", "txstatus:rl:lost:log", "txstatus:rl:lost:limit"],
    ];
    for loss in losses {
        let server = RedisServer::start();
        let limit = RateLimit::new(4, Duration::from_secs(60));
        let a = RedisRateLimiter::builder(&connect(&server).await, "lost", limit)
            .build()
            .await
            .unwrap();
        let b = RedisRateLimiter::builder(&connect(&server).await, "lost", limit)
            .build()
            .await
            .unwrap();
        let clock = ManualClock::new();
        for limiter in [&a, &b, &a, &b] {
            limiter.acquire(&clock, Duration::ZERO).await.unwrap();
        }
        let mut command = redis::cmd(loss[0]);
        for arg in &loss[1..] {
            command.arg(*arg);
        }
        command.exec(&mut raw(&server)).unwrap();
        let mut granted = 0;
        for _ in 0..3 {
            for limiter in [&a, &b] {
                match limiter.acquire(&clock, Duration::ZERO).await {
                    Ok(()) => granted += 1,
                    Err(wait) => assert!(
                        wait <= Duration::from_secs(121) && wait > Duration::ZERO,
                        "{loss:?}: {wait:?}"
                    ),
                }
            }
        }
        assert_eq!(
            granted, 0,
            "{loss:?}: 4 starts before the loss and {granted} after, in one minute"
        );
        assert!(a.failure().is_none() && b.failure().is_none());
    }
}

#[tokio::test]
async fn a_start_that_left_the_window_is_no_loss() {
    let server = RedisServer::start();
    let limit = RateLimit::new(2, Duration::from_millis(100));
    let limiter = RedisRateLimiter::builder(&connect(&server).await, "aged", limit)
        .headroom(Duration::from_millis(10))
        .build()
        .await
        .unwrap();
    let clock = ManualClock::new();
    for _ in 0..2 {
        limiter.acquire(&clock, Duration::ZERO).await.unwrap();
    }
    // Past the window (and its headroom): the log has dropped the starts, rightly.
    tokio::time::sleep(Duration::from_millis(300)).await;
    redis::cmd("DEL")
        .arg("txstatus:rl:aged:log")
        .exec(&mut raw(&server))
        .unwrap();
    for _ in 0..2 {
        limiter.acquire(&clock, Duration::ZERO).await.unwrap();
    }
}

#[tokio::test]
async fn a_loss_shuts_the_budget_for_one_window_from_when_it_was_noticed_not_longer() {
    let server = RedisServer::start();
    let limit = RateLimit::new(4, Duration::from_millis(1000));
    let limiter = RedisRateLimiter::builder(&connect(&server).await, "once", limit)
        .headroom(Duration::from_millis(10))
        .build()
        .await
        .unwrap();
    let clock = ManualClock::new();
    limiter.acquire(&clock, Duration::ZERO).await.unwrap();
    redis::cmd("FLUSHALL").exec(&mut raw(&server)).unwrap();
    let noticed = std::time::Instant::now();
    // Noticed here: shut for one window from now.
    limiter.acquire(&clock, Duration::ZERO).await.unwrap_err();
    // Asked again during the shut: still shut, but not for longer.
    tokio::time::sleep(Duration::from_millis(800)).await;
    limiter.acquire(&clock, Duration::ZERO).await.unwrap_err();
    let until_open = Duration::from_millis(1200).saturating_sub(noticed.elapsed());
    tokio::time::sleep(until_open).await;
    limiter.acquire(&clock, Duration::ZERO).await.unwrap();
}

#[tokio::test]
async fn a_shut_mark_no_limiter_wrote_never_holds_the_budget_shut() {
    let server = RedisServer::start();
    let limit = RateLimit::new(100, Duration::from_secs(60));
    let limiter = RedisRateLimiter::builder(&connect(&server).await, "mark", limit)
        .build()
        .await
        .unwrap();
    let clock = ManualClock::new();
    limiter.acquire(&clock, Duration::ZERO).await.unwrap();
    let (secs, _): (u64, u64) = redis::cmd("TIME").query(&mut raw(&server)).unwrap();
    let far = format!("{}", (secs + 3600) * 1_000_000);
    for mark in [
        "junk",
        "-1",
        "1e300",
        "inf",
        "99999999999999999999",
        far.as_str(),
    ] {
        redis::cmd("HSET")
            .arg("txstatus:rl:mark:limit")
            .arg("shut_until")
            .arg(mark)
            .exec(&mut raw(&server))
            .unwrap();
        limiter
            .acquire(&clock, Duration::ZERO)
            .await
            .unwrap_or_else(|wait| panic!("{mark}: shut for {wait:?}"));
    }
}

#[tokio::test]
async fn a_start_another_limiter_dropped_with_a_shorter_headroom_is_no_loss() {
    let server = RedisServer::start();
    let limit = RateLimit::new(10, Duration::from_secs(1));
    let long = RedisRateLimiter::builder(&connect(&server).await, "edge", limit)
        .headroom(Duration::from_millis(800))
        .build()
        .await
        .unwrap();
    let short = RedisRateLimiter::builder(&connect(&server).await, "edge", limit)
        .headroom(Duration::ZERO)
        .build()
        .await
        .unwrap();
    let clock = ManualClock::new();
    long.acquire(&clock, Duration::ZERO).await.unwrap();
    // Past the interval, inside the longer headroom: the shorter one drops the start.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    short.acquire(&clock, Duration::ZERO).await.unwrap();
    long.acquire(&clock, Duration::ZERO)
        .await
        .unwrap_or_else(|wait| panic!("shut for {wait:?}: no start was lost"));
}
