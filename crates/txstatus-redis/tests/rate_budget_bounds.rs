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

#[tokio::test]
async fn the_stored_limit_and_the_starts_are_read_whatever_else_another_program_left_there() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let limit = RateLimit::new(3, Duration::from_secs(60));
    let limiter = RedisRateLimiter::builder(&redis, "R", limit)
        .build()
        .await
        .unwrap();
    let clock = ManualClock::new();
    limiter.acquire(&clock, Duration::ZERO).await.unwrap();
    let log = format!("{}:rl:R:log", redis.prefix());
    let limit_key = format!("{}:rl:R:limit", redis.prefix());
    let mut connection = raw(&server);
    // Members no limiter wrote (not UTF-8, 2 MiB long) are not starts' business: their
    // scores are read, the members never sent.
    let (secs, micros): (u64, u64) = redis::cmd("TIME").query(&mut connection).unwrap();
    let now = secs * 1_000_000 + micros;
    redis::cmd("ZADD")
        .arg(&log)
        .arg(now)
        .arg(&[0xff_u8, 0xfe][..])
        .arg(now)
        .arg(vec![b'x'; 2 << 20])
        .exec(&mut connection)
        .unwrap();
    let starts = limiter.starts().await.unwrap();
    assert_eq!(starts.len(), 3, "{starts:?}");
    assert!(starts.iter().all(|&start| start + 60_000_000 > now));
    assert_eq!(limiter.stored_limit().await.unwrap(), Some(limit));
    // A stored limit no limiter could have written (the script replaces it) is no
    // stored limit; one longer than MAX_VALUE_LEN is refused without being read.
    for (requests, per) in [
        ("0".to_owned(), "60000000".to_owned()),
        ("3".to_owned(), "-1".to_owned()),
        ("1e300".to_owned(), "60000000".to_owned()),
        ("3".to_owned(), "99999999999999999999".to_owned()),
    ] {
        redis::cmd("HSET")
            .arg(&limit_key)
            .arg("requests")
            .arg(&requests)
            .arg("per_us")
            .arg(&per)
            .exec(&mut connection)
            .unwrap();
        assert_eq!(
            limiter.stored_limit().await.unwrap(),
            None,
            "{requests} / {per}"
        );
    }
    redis::cmd("HSET")
        .arg(&limit_key)
        .arg("requests")
        .arg(vec![b'9'; 2 << 20])
        .exec(&mut connection)
        .unwrap();
    let error = limiter.stored_limit().await.unwrap_err();
    assert!(error.to_string().contains("MAX_VALUE_LEN"), "{error}");
}

#[tokio::test]
async fn an_instance_counter_no_limiter_wrote_is_replaced_and_limiters_still_start() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let counter = format!("{}:rl:instances", redis.prefix());
    let hostile: [&[&str]; 4] = [
        &["SET", "junk"],
        &["SET", "9223372036854775807"],
        &["SET", "-5"],
        &["RPUSH", "a", "b"],
    ];
    for words in hostile {
        let mut connection = raw(&server);
        redis::cmd("DEL")
            .arg(&counter)
            .exec(&mut connection)
            .unwrap();
        let mut command = redis::cmd(words[0]);
        command.arg(&counter);
        for word in &words[1..] {
            command.arg(*word);
        }
        command.exec(&mut connection).unwrap();
        let limit = RateLimit::new(2, Duration::from_secs(60));
        let budget = format!("I{}", words[1]);
        let first = RedisRateLimiter::builder(&redis, budget.clone(), limit)
            .build()
            .await
            .unwrap_or_else(|error| panic!("{words:?}: {error}"));
        let second = RedisRateLimiter::builder(&redis, budget, limit)
            .build()
            .await
            .unwrap();
        let clock = ManualClock::new();
        first.acquire(&clock, Duration::ZERO).await.unwrap();
        second.acquire(&clock, Duration::ZERO).await.unwrap();
        assert!(first.acquire(&clock, Duration::ZERO).await.is_err());
        assert_eq!(first.starts().await.unwrap().len(), 2, "{words:?}");
    }
}

#[tokio::test]
async fn a_local_fallback_limit_out_of_range_is_refused_at_build() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let second = RateLimit::new(1, Duration::from_secs(1));
    for fallback in [
        // Zero interval: a window of the core's headroom only, thousands per second.
        RateLimit::new(1000, Duration::ZERO),
        RateLimit::new(0, Duration::from_secs(1)),
        RateLimit::new(1, Duration::from_nanos(999)),
        RateLimit::new(1, MAX_BUDGET_INTERVAL + Duration::from_micros(1)),
        RateLimit::new(1, Duration::MAX),
    ] {
        let error = RedisRateLimiter::builder(&redis, "F", second)
            .fallback_to_local(fallback)
            .build()
            .await
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Config, "{fallback:?}: {error}");
    }
    RedisRateLimiter::builder(&redis, "F", second)
        .fallback_to_local(RateLimit::new(1, MAX_BUDGET_INTERVAL))
        .build()
        .await
        .unwrap();
}
