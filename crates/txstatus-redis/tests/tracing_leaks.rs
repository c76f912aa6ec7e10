//! This crate's traces under an application's subscriber listening to everything
//! at TRACE, on a real server with a password: junk entries naming personal ids,
//! keys of the wrong type, a password changed under a live connection and a
//! server gone leave no password, no URL, no key, no id and no value in any span,
//! field or message.

use crate::common;

use std::{
    sync::{Arc, atomic::Ordering},
    time::Duration,
};

use common::{PROVIDER, ROUTE, RedisServer, Table, TokenSide};
use txstatus_core::{
    ManualClock, RateLimit, RateLimiter,
    provider::header::{HeaderMap, HeaderValue},
    test_util::TraceCapture,
};
use txstatus_redis::{Redis, RedisRateLimiter, RedisStore, WatchQueue};
use txstatus_webhooks::Receiver;

const PASSWORD: &str = "RedisTrAcE_Pw_7731";
const NEW_PASSWORD: &str = "RedisTrAcE_NewPw_5520";
/// Personal values: transaction ids, junk members, values written.
const PERSONAL: &[&str] = &[
    "jannetje.redis@example.com",
    "Jannetje Redisvrouw",
    "NLDOC443322",
];

/// Everything traced ([`TraceCapture`]), with this file's check.
#[derive(Clone, Default)]
struct Everything(TraceCapture);

impl Everything {
    fn text(&self) -> String {
        self.0.text()
    }

    fn assert_clean(&self, what: &str, port: u16) {
        let text = self.text();
        assert!(!text.is_empty(), "{what}: nothing was traced");
        let mut markers: Vec<String> = vec![
            PASSWORD.into(),
            NEW_PASSWORD.into(),
            "redis://".into(),
            format!(":{port}"),
            "txstatus:".into(),
            "wh:".into(),
            "watch:".into(),
        ];
        markers.extend(PERSONAL.iter().map(|p| (*p).to_owned()));
        for marker in markers {
            for line in text.lines() {
                assert!(
                    !line
                        .to_ascii_lowercase()
                        .contains(&marker.to_ascii_lowercase()),
                    "{what}: {marker:?} in a trace line: {line}"
                );
            }
        }
    }
}

fn raw(url: &str) -> redis::Connection {
    redis::Client::open(url).unwrap().get_connection().unwrap()
}

fn good() -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert("x-token", HeaderValue::from_static("good"));
    headers
}

fn body(event: &str) -> Vec<u8> {
    format!(r#"{{"event":"{event}","tx":"{}"}}"#, PERSONAL[0]).into_bytes()
}

/// Everything the crate traces (and the receiver over it), driven once.
async fn drive(receiver: &Receiver, limiter: &RedisRateLimiter, queue: &WatchQueue, round: &str) {
    let clock = ManualClock::new();
    let _ = limiter.acquire(&clock, Duration::from_millis(200)).await;
    let _ = queue.claim(PROVIDER, Duration::from_secs(60)).await;
    receiver
        .handle("POST", ROUTE, &good(), None, &body(&format!("evt-{round}")))
        .await;
    receiver.drain().await;
    let _ = receiver.sweep().await;
    receiver.drain().await;
}

// A current-thread runtime: the re-reads spawned run on this thread, under the
// subscriber set here.
#[tokio::test]
async fn redis_failures_and_junk_leave_no_password_key_or_personal_value_in_any_trace() {
    let mut server = RedisServer::start_with_password(PASSWORD);
    let port = server.port();
    let recorder = Everything::default();
    let _guard = txstatus_core::test_util::set_test_subscriber(recorder.0.clone());
    let config = server
        .config()
        .with_response_timeout(Duration::from_secs(1))
        .with_connect_timeout(Duration::from_secs(1));
    let redis = Redis::connect(&config).await.unwrap();
    let limit = RateLimit::new(100, Duration::from_secs(1));
    let limiter = RedisRateLimiter::builder(&redis, PERSONAL[1], limit)
        .build()
        .await
        .unwrap();
    // Another process with a different limit on the same budget.
    let _other = RedisRateLimiter::builder(&redis, PERSONAL[1], RateLimit::new(7, limit.per))
        .build()
        .await
        .unwrap();
    let queue = WatchQueue::new(&redis);
    let store = Arc::new(RedisStore::new(&redis));
    let table = Arc::new(Table::default());
    let (receiver, _transitions) = Receiver::builder(store)
        .provider(Arc::new(TokenSide), table.clone())
        .sweep_threshold(Duration::ZERO)
        .build();
    drive(&receiver, &limiter, &queue, "ok").await;

    // Junk naming personal values where ids belong.
    let url = server.url();
    let mut connection = raw(&url);
    let prefix = redis.prefix().to_owned();
    for (key, member) in [
        (format!("{prefix}:wh:due"), PERSONAL[1].to_owned()),
        (
            format!("{prefix}:watch:due:{PROVIDER}"),
            format!("../{}", PERSONAL[0]),
        ),
        (
            format!("{prefix}:watch:due:{PROVIDER}"),
            format!("{}\n{}", PERSONAL[1], PERSONAL[2]),
        ),
    ] {
        redis::cmd("ZADD")
            .arg(&key)
            .arg(0)
            .arg(&member)
            .exec(&mut connection)
            .unwrap();
    }
    table.failing.store(true, Ordering::SeqCst);
    drive(&receiver, &limiter, &queue, "junk").await;

    // Keys of the wrong type holding personal values.
    let keys: Vec<String> = redis::cmd("KEYS").arg("*").query(&mut connection).unwrap();
    for key in keys {
        redis::cmd("DEL").arg(&key).exec(&mut connection).unwrap();
        redis::cmd("SET")
            .arg(&key)
            .arg(PERSONAL[2])
            .exec(&mut connection)
            .unwrap();
    }
    table.failing.store(false, Ordering::SeqCst);
    drive(&receiver, &limiter, &queue, "wrongtype").await;
    redis::cmd("FLUSHALL").exec(&mut connection).unwrap();

    // The password changes under the live connections: they reconnect and fail.
    redis::cmd("CONFIG")
        .arg("SET")
        .arg("requirepass")
        .arg(NEW_PASSWORD)
        .exec(&mut connection)
        .unwrap();
    let _ = redis::cmd("CLIENT")
        .arg("KILL")
        .arg("TYPE")
        .arg("normal")
        .exec(&mut connection);
    drive(&receiver, &limiter, &queue, "wrongpass").await;

    // The server is gone.
    server.kill();
    drive(&receiver, &limiter, &queue, "gone").await;
    let text = recorder.text();
    for traced in [
        "rate budget unavailable",
        "webhook not recorded",
        "removing sweep entries",
    ] {
        assert!(text.contains(traced), "{traced:?} was not traced: {text}");
    }
    recorder.assert_clean("redis failures", port);
}
