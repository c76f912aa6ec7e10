//! This crate's traces under an application's subscriber listening to everything
//! at TRACE, on a real server with a password: junk entries naming personal ids,
//! keys of the wrong type, a password changed under a live connection and a
//! server gone leave no password, no URL, no key, no id and no value in any span,
//! field or message.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use crate::common;

use std::{
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use common::{PROVIDER, ROUTE, RedisServer, Table, TokenSide};
use tracing::{
    Event, Metadata, Subscriber,
    field::{Field, Visit},
    span::{Attributes, Id, Record},
};
use txstatus_core::{
    ManualClock, RateLimit, RateLimiter,
    provider::header::{HeaderMap, HeaderValue},
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

/// Records every span, recorded value and event, with its target and message.
#[derive(Clone, Default)]
struct Everything {
    lines: Arc<Mutex<Vec<String>>>,
    next: Arc<AtomicU64>,
}

struct Text<'a>(&'a mut String);

impl Visit for Text<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push_str(&format!(" {}={value}", field.name()));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={value:?}", field.name()));
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        self.0
            .push_str(&format!(" {}={value} / {value:?}", field.name()));
        let mut source = value.source();
        while let Some(inner) = source {
            self.0.push_str(&format!(" <- {inner} / {inner:?}"));
            source = inner.source();
        }
    }
}

impl Everything {
    fn text(&self) -> String {
        self.lines.lock().unwrap().join("\n")
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

impl Subscriber for Everything {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let meta = span.metadata();
        let mut line = format!("span {} {}", meta.target(), meta.name());
        span.record(&mut Text(&mut line));
        self.lines.lock().unwrap().push(line);
        Id::from_u64(self.next.fetch_add(1, Ordering::SeqCst) + 1)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut line = "record".to_owned();
        values.record(&mut Text(&mut line));
        self.lines.lock().unwrap().push(line);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let meta = event.metadata();
        let mut line = format!("event {} {}", meta.level(), meta.target());
        event.record(&mut Text(&mut line));
        self.lines.lock().unwrap().push(line);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
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
    let _guard = tracing::subscriber::set_default(recorder.clone());
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
