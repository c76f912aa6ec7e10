//! A transaction whose re-reads the provider keeps refusing in a way asking
//! again will not change (404, 410, 400, 422, an id refused before sending) was
//! once re-read by
//! every sweep for the life of the store. It is now given up after the rule
//! (by default 5 refusals in a row over at least an hour), counted and logged
//! without its id, and a later delivery naming it starts over. Failures that
//! may pass (5xx, 408, 425, 429, rate limits, credentials refused, answers that
//! do not decode or are too large) keep being re-read.
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
        atomic::{AtomicUsize, Ordering},
    },
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use common::{PROVIDER, Table, TokenSide};
use persona_tx::{
    CreateTransaction, PersonaWebhooks, WebhookVerifier,
    webhook::{SIGNATURE_HEADER, signature_header},
};
use tokio::sync::mpsc::UnboundedReceiver;
use txstatus_core::{
    BoxFuture, Clock, Error, HttpError, ManualClock, NormalizedStatus, RawBody, SecretString,
    StatusReport, StatusSource,
    provider::header::{HeaderMap, HeaderName, HeaderValue},
    test_util::TraceCapture,
};
use txstatus_sandbox::{PERSONA_WEBHOOK_SECRET, WebhookDelivery, persona_ids};
use txstatus_webhooks::{GiveUp, MemoryStore, Receiver, Store, Transition, TxKey};

const THRESHOLD: Duration = Duration::from_secs(300);

/// An error as a provider's read returns it.
type MakeError = fn() -> Error;

fn http(status: u16) -> Error {
    Error::http(
        PROVIDER,
        HttpError::new(status, RawBody::new(br#"{"error":"no"}"#.to_vec())),
    )
}

/// Refusals asking again will not change.
const LASTING: &[(&str, MakeError)] = &[
    ("404", || http(404)),
    ("410", || http(410)),
    ("400", || http(400)),
    ("422", || http(422)),
    ("refused id", || {
        Error::invalid_input(PROVIDER, "refused id")
    }),
];

/// Failures that may pass.
const PASSING: &[(&str, MakeError)] = &[
    ("500", || http(500)),
    ("502", || http(502)),
    ("503", || http(503)),
    ("504", || http(504)),
    ("520", || http(520)),
    ("501", || http(501)),
    ("408", || http(408)),
    ("425", || http(425)),
    ("429", || http(429)),
    ("rate limited", || {
        Error::rate_limited(
            PROVIDER,
            429,
            Some(Duration::from_secs(120)),
            None,
            RawBody::new(Vec::new()),
        )
    }),
    ("local rate limit", || {
        Error::local_rate_limit(PROVIDER, Duration::from_secs(5))
    }),
    ("401", || http(401)),
    ("403", || http(403)),
    ("407", || http(407)),
    ("decode", || {
        Error::decode(
            PROVIDER,
            200,
            "$.data",
            "expected an object",
            RawBody::new(b"<html>maintenance</html>".to_vec()),
        )
    }),
    ("too large", || Error::body_too_large(PROVIDER, 200, 1024)),
];

/// Reads of ids starting with `gone` fail with the error set (none: read from
/// the table); counts every read.
#[derive(Debug)]
struct Refusing {
    table: Table,
    error: Mutex<Option<MakeError>>,
    reads: AtomicUsize,
}

impl StatusSource for Refusing {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    fn status_report<'a>(
        &'a self,
        id: &'a str,
    ) -> BoxFuture<'a, txstatus_core::Result<StatusReport>> {
        self.reads.fetch_add(1, Ordering::SeqCst);
        let error = *self.error.lock().unwrap();
        match error {
            Some(make) if id.starts_with("gone") => Box::pin(async move { Err(make()) }),
            _ => self.table.status_report(id),
        }
    }
}

struct Setup {
    receiver: Receiver,
    transitions: UnboundedReceiver<Transition>,
    source: Arc<Refusing>,
    store: Arc<MemoryStore>,
    clock: ManualClock,
}

fn setup(error: MakeError) -> Setup {
    let source = Arc::new(Refusing {
        table: Table::default(),
        error: Mutex::new(Some(error)),
        reads: AtomicUsize::new(0),
    });
    let store = Arc::new(MemoryStore::new());
    let clock = ManualClock::new();
    let (receiver, transitions) = Receiver::builder(store.clone())
        .provider(Arc::new(TokenSide { hint: false }), source.clone())
        .clock(Arc::new(clock.clone()))
        .sweep_threshold(THRESHOLD)
        .build();
    Setup {
        receiver,
        transitions,
        source,
        store,
        clock,
    }
}

async fn deliver(receiver: &Receiver, event: &str, tx: &str) {
    assert_eq!(common::deliver_token(receiver, event, tx).await.0, 200);
}

fn reads(s: &Setup) -> usize {
    s.source.reads.load(Ordering::SeqCst)
}

#[tokio::test]
async fn a_transaction_the_provider_keeps_refusing_is_given_up_and_a_delivery_starts_it_over() {
    for (name, error) in LASTING {
        let mut s = setup(*error);
        deliver(&s.receiver, "evt-1", "gone-tx").await;
        assert_eq!(reads(&s), 1, "{name}: read on delivery");
        // Sweeps every threshold: given up once 5 refusals in a row span an
        // hour (the default rule), in exactly one sweep.
        let mut given_up_in = Vec::new();
        for sweep in 1..=30 {
            s.clock.advance(THRESHOLD + Duration::from_secs(1));
            let report = s.receiver.sweep().await.unwrap();
            if report.given_up > 0 {
                given_up_in.push((sweep, report.given_up));
            }
        }
        // Refusals at 0 s and every 301 s: the first at least an hour after
        // the first is the 12th sweep's.
        assert_eq!(given_up_in, [(12, 1)], "{name}");
        assert_eq!(s.receiver.given_up(), 1, "{name}");
        assert_eq!(reads(&s), 13, "{name}: no read after it was given up");
        let key = TxKey::new(PROVIDER, "gone-tx");
        assert!(s.store.given_up(&key), "{name}");
        assert!(
            s.store
                .due(
                    time::OffsetDateTime::from(s.clock.system_now()) + time::Duration::days(365),
                    1000
                )
                .await
                .unwrap()
                .is_empty(),
            "{name}: nothing due"
        );
        // A later genuine delivery starts over: read again, and recorded once
        // the provider answers.
        *s.source.error.lock().unwrap() = None;
        s.source
            .table
            .set("gone-tx", NormalizedStatus::Succeeded, "approved");
        deliver(&s.receiver, "evt-2", "gone-tx").await;
        assert_eq!(reads(&s), 14, "{name}: a new delivery is read");
        let transition = s.transitions.try_recv().unwrap();
        assert_eq!(
            (transition.id.as_str(), transition.status.raw.as_str()),
            ("gone-tx", "approved"),
            "{name}"
        );
        assert!(!s.store.given_up(&key), "{name}");
    }
}

#[tokio::test]
async fn failures_that_may_pass_are_re_read_after_every_threshold_without_end() {
    for (name, error) in PASSING {
        let s = setup(*error);
        deliver(&s.receiver, "evt-1", "gone-tx").await;
        for _ in 0..48 {
            s.clock.advance(THRESHOLD + Duration::from_secs(1));
            let report = s.receiver.sweep().await.unwrap();
            assert_eq!((report.reread, report.given_up), (1, 0), "{name}");
        }
        assert_eq!(reads(&s), 49, "{name}: four hours of sweeps, all read");
        assert_eq!(s.receiver.given_up(), 0, "{name}");
    }
}

#[tokio::test]
async fn a_refused_transaction_whose_last_state_is_open_is_given_up_too() {
    // Read once (pending), then the provider refuses it (erased, a credential
    // revoked): its open state would keep it due for ever.
    let s = setup(|| http(404));
    *s.source.error.lock().unwrap() = None;
    deliver(&s.receiver, "evt-1", "gone-open").await;
    *s.source.error.lock().unwrap() = Some(|| http(404));
    let mut swept = 0;
    for _ in 0..30 {
        s.clock.advance(THRESHOLD + Duration::from_secs(1));
        swept += s.receiver.sweep().await.unwrap().reread;
    }
    assert_eq!(s.receiver.given_up(), 1);
    assert!(swept < 15, "re-read {swept} times");
}

#[tokio::test]
async fn the_give_up_rule_is_the_builders() {
    let source = Arc::new(Refusing {
        table: Table::default(),
        error: Mutex::new(Some(|| http(404))),
        reads: AtomicUsize::new(0),
    });
    let clock = ManualClock::new();
    let (receiver, _transitions) = Receiver::builder(Arc::new(MemoryStore::new()))
        .provider(Arc::new(TokenSide { hint: false }), source.clone())
        .clock(Arc::new(clock.clone()))
        .sweep_threshold(THRESHOLD)
        .give_up(GiveUp {
            refusals: 2,
            after: Duration::ZERO,
        })
        .build();
    deliver(&receiver, "evt-1", "gone-tx").await;
    clock.advance(THRESHOLD + Duration::from_secs(1));
    assert_eq!(receiver.sweep().await.unwrap().given_up, 1);
    clock.advance(THRESHOLD + Duration::from_secs(1));
    assert_eq!(receiver.sweep().await.unwrap().reread, 0);
    assert_eq!(source.reads.load(Ordering::SeqCst), 2);
}

/// A store written before `read_refused` (the trait's default method): it
/// keeps re-reading, as it did, and passes the store contract.
#[derive(Debug, Default)]
struct OlderStore(MemoryStore);

impl Store for OlderStore {
    fn accept<'a>(
        &'a self,
        delivery: &'a txstatus_core::webhook::Delivery,
        now: time::OffsetDateTime,
    ) -> BoxFuture<'a, Result<txstatus_webhooks::Acceptance, txstatus_webhooks::StoreError>> {
        self.0.accept(delivery, now)
    }

    fn begin_read<'a>(
        &'a self,
        key: &'a TxKey,
    ) -> BoxFuture<'a, Result<u64, txstatus_webhooks::StoreError>> {
        self.0.begin_read(key)
    }

    fn commit(
        &self,
        commit: txstatus_webhooks::Commit,
    ) -> BoxFuture<'_, Result<Option<Transition>, txstatus_webhooks::StoreError>> {
        self.0.commit(commit)
    }

    fn read_failed<'a>(
        &'a self,
        key: &'a TxKey,
        at: time::OffsetDateTime,
    ) -> BoxFuture<'a, Result<(), txstatus_webhooks::StoreError>> {
        self.0.read_failed(key, at)
    }

    fn due(
        &self,
        checked_before: time::OffsetDateTime,
        limit: usize,
    ) -> BoxFuture<'_, Result<Vec<TxKey>, txstatus_webhooks::StoreError>> {
        self.0.due(checked_before, limit)
    }

    fn feed_cursor<'a>(
        &'a self,
        provider: &'a str,
    ) -> BoxFuture<'a, Result<Option<String>, txstatus_webhooks::StoreError>> {
        self.0.feed_cursor(provider)
    }

    fn set_feed_cursor<'a>(
        &'a self,
        provider: &'a str,
        event_id: &'a str,
    ) -> BoxFuture<'a, Result<(), txstatus_webhooks::StoreError>> {
        self.0.set_feed_cursor(provider, event_id)
    }

    fn transitions(
        &self,
        after: usize,
        limit: usize,
    ) -> BoxFuture<'_, Result<Vec<Transition>, txstatus_webhooks::StoreError>> {
        self.0.transitions(after, limit)
    }
}

#[cfg(feature = "test-util")]
#[tokio::test]
async fn a_store_without_read_refused_keeps_the_store_contract() {
    txstatus_webhooks::contract::check_store(&OlderStore::default()).await;
}

#[tokio::test]
async fn a_store_without_read_refused_keeps_re_reading() {
    let source = Arc::new(Refusing {
        table: Table::default(),
        error: Mutex::new(Some(|| http(404))),
        reads: AtomicUsize::new(0),
    });
    let clock = ManualClock::new();
    let (receiver, _transitions) = Receiver::builder(Arc::new(OlderStore::default()))
        .provider(Arc::new(TokenSide { hint: false }), source.clone())
        .clock(Arc::new(clock.clone()))
        .sweep_threshold(THRESHOLD)
        .build();
    deliver(&receiver, "evt-1", "gone-tx").await;
    for _ in 0..24 {
        clock.advance(THRESHOLD + Duration::from_secs(1));
        assert_eq!(receiver.sweep().await.unwrap().reread, 1);
    }
    assert_eq!(receiver.given_up(), 0);
}

// A current-thread runtime: the re-reads spawned run on this thread, under the
// subscriber set here.
#[tokio::test]
async fn giving_up_is_traced_with_the_provider_and_status_never_the_id() {
    let capture = TraceCapture::default();
    let _guard = txstatus_core::test_util::set_test_subscriber(capture.clone());
    const PERSONAL_ID: &str = "gone-Jannetje.Opgegeven@example.com";
    let s = setup(|| http(404));
    deliver(&s.receiver, "evt-Jannetje-Opgegeven", PERSONAL_ID).await;
    for _ in 0..13 {
        s.clock.advance(THRESHOLD + Duration::from_secs(1));
        s.receiver.sweep().await.unwrap();
    }
    assert_eq!(s.receiver.given_up(), 1);
    let text = capture.text();
    let line = text
        .lines()
        .find(|line| line.contains("given up"))
        .unwrap_or_else(|| panic!("giving up was not traced: {text}"));
    assert!(line.contains(PROVIDER) && line.contains("404"), "{line}");
    for line in text.lines() {
        assert!(
            !line.contains("Jannetje") && !line.contains("example.com"),
            "an id in a trace line: {line}"
        );
    }
}

/// The Persona side and client against the sandbox: a signed delivery naming a
/// transaction the API does not know (404) is given up after the rule, and the
/// same transaction named by a later delivery is read again.
#[tokio::test]
async fn a_persona_delivery_naming_an_unknown_transaction_is_given_up_end_to_end() {
    let (sandbox, client) = crate::common::persona_sandbox().await;
    let clock = ManualClock::starting_at(SystemTime::now());
    let verifier = WebhookVerifier::new(SecretString::from(PERSONA_WEBHOOK_SECRET));
    let (receiver, _transitions) = Receiver::builder(Arc::new(MemoryStore::new()))
        .provider(
            Arc::new(PersonaWebhooks::new(verifier)),
            Arc::new(client.clone()),
        )
        .clock(Arc::new(clock.clone()))
        .sweep_threshold(THRESHOLD)
        .build();
    let id = client
        .create_transaction(&CreateTransaction::new(persona_ids::TRANSACTION_TYPE_ID))
        .await
        .unwrap()
        .into_value()
        .data
        .id;
    let url = "http://127.0.0.1:9/webhooks/persona";
    let delivery = sandbox.persona_webhook(url, &id).unwrap();
    let unknown = "txn_UnknownToTheApi404";
    let handle = |event: &'static str| {
        let clock = clock.clone();
        let receiver = receiver.clone();
        let delivery = delivery.clone();
        async move {
            let signed = naming(&delivery, unknown, event, &clock);
            let reply = receiver
                .handle(
                    "POST",
                    signed.target(),
                    &headers_of(&signed),
                    None,
                    &signed.body,
                )
                .await;
            receiver.drain().await;
            assert_eq!(reply.status, 200);
        }
    };
    handle("evt_unknown_1").await;
    assert_eq!(receiver.reads(), 1);
    for _ in 0..30 {
        clock.advance(THRESHOLD + Duration::from_secs(1));
        receiver.sweep().await.unwrap();
    }
    assert_eq!(receiver.given_up(), 1, "the sandbox's 404, given up");
    let reads = receiver.reads();
    assert_eq!(reads, 13);
    handle("evt_unknown_2").await;
    assert_eq!(receiver.reads(), reads + 1, "a later delivery starts over");
    clock.advance(THRESHOLD + Duration::from_secs(1));
    assert_eq!(receiver.sweep().await.unwrap().reread, 1);
}

/// `delivery` about `transaction`, with its event id `event`, signed with the
/// sandbox's secret at the receiver's clock.
fn naming(
    delivery: &WebhookDelivery,
    transaction: &str,
    event: &str,
    clock: &ManualClock,
) -> WebhookDelivery {
    let mut value: serde_json::Value = serde_json::from_slice(&delivery.body).unwrap();
    value["data"]["id"] = serde_json::json!(event);
    value["data"]["attributes"]["payload"]["data"]["id"] = serde_json::json!(transaction);
    let body = serde_json::to_vec(&value).unwrap();
    let now = clock
        .system_now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let signature = signature_header(&SecretString::from(PERSONA_WEBHOOK_SECRET), now, &body);
    let mut signed = delivery.clone();
    signed.body = body;
    signed
        .headers
        .retain(|(name, _)| !name.eq_ignore_ascii_case(SIGNATURE_HEADER));
    signed
        .headers
        .push((SIGNATURE_HEADER.to_owned(), signature));
    signed
}

fn headers_of(delivery: &WebhookDelivery) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (name, value) in &delivery.headers {
        headers.insert(
            HeaderName::try_from(name.as_str()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    headers
}
