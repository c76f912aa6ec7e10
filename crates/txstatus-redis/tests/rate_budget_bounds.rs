//! The shared rate budget against absurd parameters and junk in its log, on a real
//! server: refused at build, or neither starved nor polling Redis in a loop.

use crate::common;

use common::{RedisServer, connect, raw};

use std::time::Duration;

use txstatus_core::{ManualClock, RateLimit, RateLimiter};
use txstatus_redis::{ErrorKind, MAX_BUDGET_INTERVAL, RedisRateLimiter};

#[tokio::test]
async fn no_requests_or_an_interval_headroom_or_history_out_of_range_is_refused_at_build() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let second = RateLimit::new(1, Duration::from_secs(1));
    let too_long = MAX_BUDGET_INTERVAL + Duration::from_micros(1);
    let builders = [
        RedisRateLimiter::builder(&redis, "b", RateLimit::new(1, Duration::ZERO)),
        RedisRateLimiter::builder(&redis, "b", RateLimit::new(0, Duration::from_secs(1))),
        RedisRateLimiter::builder(&redis, "b", RateLimit::new(1, Duration::from_nanos(999))),
        RedisRateLimiter::builder(&redis, "b", RateLimit::new(1, too_long)),
        RedisRateLimiter::builder(&redis, "b", RateLimit::new(1, Duration::MAX)),
        RedisRateLimiter::builder(&redis, "b", second).headroom(Duration::MAX),
        RedisRateLimiter::builder(&redis, "b", second).headroom(too_long),
        RedisRateLimiter::builder(&redis, "b", second).keep_history(Duration::MAX),
        RedisRateLimiter::builder(&redis, "b", second).keep_history(too_long),
    ];
    for builder in builders {
        let shown = format!("{builder:?}");
        let error = builder.build().await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Config, "{shown}: {error}");
    }
    // The longest of each is taken, and a slot is granted then refused with a wait
    // within the window (nothing overflowed).
    let longest = RedisRateLimiter::builder(&redis, "c", RateLimit::new(1, MAX_BUDGET_INTERVAL))
        .headroom(MAX_BUDGET_INTERVAL)
        .keep_history(MAX_BUDGET_INTERVAL)
        .build()
        .await
        .unwrap();
    let clock = ManualClock::new();
    longest.acquire(&clock, Duration::ZERO).await.unwrap();
    let wait = longest.acquire(&clock, Duration::ZERO).await.unwrap_err();
    assert!(
        wait > MAX_BUDGET_INTERVAL && wait <= MAX_BUDGET_INTERVAL * 2,
        "{wait:?}"
    );
    assert!(longest.failure().is_none());
}

#[tokio::test]
async fn junk_starts_in_the_far_future_neither_hold_the_budget_shut_nor_make_it_poll() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let limit = RateLimit::new(1, Duration::from_secs(1));
    let log = format!("{}:rl:J:log", redis.prefix());
    let mut connection = raw(&server);
    for score in ["+inf", "1e300", "9999999999999999", "4000000000000000"] {
        redis::cmd("DEL").arg(&log).exec(&mut connection).unwrap();
        redis::cmd("ZADD")
            .arg(&log)
            .arg(score)
            .arg("junk")
            .exec(&mut connection)
            .unwrap();
        let limiter = RedisRateLimiter::builder(&redis, "J", limit)
            .build()
            .await
            .unwrap();
        let clock = ManualClock::new();
        // The junk is no start: the slot is free now.
        limiter
            .acquire(&clock, Duration::ZERO)
            .await
            .unwrap_or_else(|wait| panic!("{score}: refused, wait {wait:?}"));
        // The next one is told to wait for the real start to leave the window: more
        // than a 1 ms poll, at most two windows.
        let wait = limiter.acquire(&clock, Duration::ZERO).await.unwrap_err();
        assert!(
            wait > Duration::from_millis(1) && wait <= limit.window() * 2,
            "{score}: {wait:?}"
        );
        assert!(limiter.failure().is_none());
    }
}

#[tokio::test]
async fn a_stored_interval_longer_than_any_limiter_takes_is_replaced() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let limit = RateLimit::new(2, Duration::from_secs(10));
    let mut connection = raw(&server);
    redis::cmd("HSET")
        .arg(format!("{}:rl:L:limit", redis.prefix()))
        .arg(&["requests", "2", "per_us", "9007199254740992"])
        .exec(&mut connection)
        .unwrap();
    let limiter = RedisRateLimiter::builder(&redis, "L", limit)
        .build()
        .await
        .unwrap();
    let clock = ManualClock::new();
    let granted = [
        limiter.acquire(&clock, Duration::ZERO).await.is_ok(),
        limiter.acquire(&clock, Duration::ZERO).await.is_ok(),
        limiter.acquire(&clock, Duration::ZERO).await.is_ok(),
    ];
    assert_eq!(granted, [true, true, false]);
    assert_eq!(limiter.stored_limit().await.unwrap(), Some(limit));
    assert_eq!(limiter.mismatch(), None);
}
