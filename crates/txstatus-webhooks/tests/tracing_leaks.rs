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
    sync::{Arc, atomic::Ordering},
    time::Duration,
};

use common::{PROVIDER, Table, TokenSide};
use txstatus_core::{
    BoxFuture, Error, ManualClock,
    provider::header::{HeaderMap, HeaderValue},
    test_util::TraceCapture,
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

/// Everything traced ([`TraceCapture`]), with this file's check.
#[derive(Clone, Default)]
struct Everything(TraceCapture);

impl Everything {
    fn text(&self) -> String {
        self.0.text()
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
    let _guard = txstatus_core::test_util::set_test_subscriber(recorder.0.clone());
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
