//! The receiver's own traces under an application's subscriber listening to
//! everything at TRACE: deliveries carrying secrets (a header, a query string,
//! a body), personal ids and bodies, refusals, a store that fails, re-reads that
//! fail, hints and a feed that fails leave no secret, no query string, no
//! personal value and no body content in any span, field or message.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::common;

use std::{
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use common::{PROVIDER, Table, TokenSide};
use tracing::{
    Event, Metadata, Subscriber,
    field::{Field, Visit},
    span::{Attributes, Id, Record},
};
use txstatus_core::{
    BoxFuture, Error, ManualClock,
    provider::header::{HeaderMap, HeaderValue},
    webhook::{EventFeed, FeedEvent},
};
use txstatus_webhooks::{HintLimits, MemoryStore, Receiver};

/// A webhook secret a sender puts where it should not be.
const SECRET: &str = "whsec_TrAcEwEbHoOk_4411";
/// A token in the query string of the delivery URL.
const QUERY_TOKEN: &str = "qtok_TrAcEqUeRy_9902";
/// Personal values: the transaction id, the event id, the body's fields.
const PERSONAL: &[&str] = &[
    "jannetje.webhook@example.com",
    "Jannetje Webhookvrouw",
    "evt_Jannetje_Persoonlijk",
    "NLDOC556677",
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

    fn assert_clean(&self, what: &str) {
        let text = self.text();
        assert!(!text.is_empty(), "{what}: nothing was traced");
        let mut markers: Vec<String> = vec![SECRET.into(), QUERY_TOKEN.into(), "token=".into()];
        markers.extend(PERSONAL.iter().map(|p| (*p).to_owned()));
        markers.extend(PERSONAL.iter().map(|p| p.replace(' ', "%20")));
        markers.extend(PERSONAL.iter().map(|p| p.replace('@', "%40")));
        // Body content and the route's query.
        markers.extend(["\"tx\"", "declined", "?"].map(str::to_owned));
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

/// A feed whose provider answers with an error quoting everything.
#[derive(Debug)]
struct FailingFeed;

impl EventFeed for FailingFeed {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    fn events_after<'a>(
        &'a self,
        _after: Option<&'a str>,
        _limit: usize,
    ) -> BoxFuture<'a, txstatus_core::Result<Vec<FeedEvent>>> {
        Box::pin(async move {
            Err(Error::invalid_input(
                PROVIDER,
                format!("{SECRET} {}", PERSONAL[0]),
            ))
        })
    }
}

fn headers(token: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert("x-token", HeaderValue::from_str(token).unwrap());
    headers.insert(
        "authorization",
        HeaderValue::from_str(&format!("Bearer {SECRET}")).unwrap(),
    );
    headers.insert("x-signature", HeaderValue::from_str(SECRET).unwrap());
    headers.insert("x-person", HeaderValue::from_str(PERSONAL[0]).unwrap());
    headers
}

fn personal_body() -> Vec<u8> {
    format!(
        r#"{{"event":"{}","tx":"{}","result":"{SECRET}","status":"declined","name":"{}","document":"{}"}}"#,
        PERSONAL[2], PERSONAL[0], PERSONAL[1], PERSONAL[3]
    )
    .into_bytes()
}

fn receiver(hint: bool, table: Arc<Table>, store: Arc<MemoryStore>) -> Receiver {
    let clock = ManualClock::new();
    let (receiver, _transitions) = Receiver::builder(store)
        .provider(Arc::new(TokenSide { hint }), table)
        .feed(Arc::new(FailingFeed))
        .clock(Arc::new(clock))
        .hint_limits(HintLimits {
            window: Duration::from_secs(60),
            per_source: 1,
            total: 1,
        })
        .max_reads(1)
        .sweep_threshold(Duration::from_secs(0))
        .build();
    receiver
}

// A current-thread runtime: the re-reads spawned run on this thread, under the
// subscriber set here.
#[tokio::test]
async fn deliveries_with_secrets_queries_and_personal_bodies_leave_none_in_any_trace() {
    let recorder = Everything::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let route = format!(
        "/webhooks/{PROVIDER}?token={QUERY_TOKEN}&email={}",
        PERSONAL[0]
    );
    let unknown = format!(
        "/webhooks/{}?token={QUERY_TOKEN}",
        PERSONAL[1].replace(' ', "%20")
    );
    for hint in [false, true] {
        let table = Arc::new(Table::default());
        let store = Arc::new(MemoryStore::new());
        let receiver = receiver(hint, table.clone(), store.clone());
        // Refused: the secret as the token, a wrong method, an unknown route,
        // too large a body.
        for (method, target, token) in [
            ("POST", route.as_str(), SECRET),
            ("GET", route.as_str(), "good"),
            ("POST", unknown.as_str(), "good"),
        ] {
            receiver
                .handle(method, target, &headers(token), None, &personal_body())
                .await;
        }
        let huge = [personal_body(), vec![b' '; 4096]].concat();
        receiver
            .handle("POST", &route, &headers("good"), None, &huge)
            .await;
        receiver.body_timed_out(&route);
        receiver.body_timed_out(&unknown);
        // Accepted, re-read; then the re-read fails; then the store fails.
        receiver
            .handle("POST", &route, &headers("good"), None, &personal_body())
            .await;
        receiver.drain().await;
        table.failing.store(true, Ordering::SeqCst);
        let again = String::from_utf8(personal_body())
            .unwrap()
            .replace(PERSONAL[2], "evt_second");
        receiver
            .handle("POST", &route, &headers("good"), None, again.as_bytes())
            .await;
        // Hints over the limit, coalesced or dropped.
        for _ in 0..3 {
            receiver
                .handle("POST", &route, &headers("good"), None, &personal_body())
                .await;
        }
        receiver.drain().await;
        let _ = receiver.sweep().await;
        store.set_failing(true);
        let third = String::from_utf8(personal_body())
            .unwrap()
            .replace(PERSONAL[2], "evt_third");
        receiver
            .handle("POST", &route, &headers("good"), None, third.as_bytes())
            .await;
        let _ = receiver.sweep().await;
        receiver.drain().await;
    }
    let text = recorder.text();
    for traced in ["webhook refused", "re-read failed", "webhook not recorded"] {
        assert!(text.contains(traced), "{traced:?} was not traced: {text}");
    }
    recorder.assert_clean("webhook deliveries");
}
