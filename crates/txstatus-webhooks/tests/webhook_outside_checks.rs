//! The receiver end to end with the real Persona side and the sandbox's API:
//! genuine deliveries with hostile members still cause their re-read, the same
//! event arriving twice at once is read once, a lagging re-read never moves a
//! transaction backwards, and a failed re-read loses nothing.
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
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use persona_tx::{
    Client, ClientOptions, CreateTransaction, PersonaWebhooks, WebhookVerifier,
    webhook::{SIGNATURE_HEADER, signature_header},
};
use tokio::sync::mpsc::UnboundedReceiver;
use txstatus_core::{
    BoxFuture, Error, SecretString, StatusReport, StatusSource,
    provider::header::{HeaderMap, HeaderName, HeaderValue},
};
use txstatus_sandbox::{PERSONA_WEBHOOK_SECRET, Sandbox, WebhookDelivery, persona_ids};
use txstatus_webhooks::{MemoryStore, Receiver, Reply, Transition};

const URL: &str = "http://127.0.0.1:9/webhooks/persona";

/// The real client, with a switch that fails reads and one that answers the
/// first report it read again (a lagging replica).
#[derive(Debug)]
struct Flaky {
    client: Client,
    failing: AtomicBool,
    lagging: AtomicBool,
    first: Mutex<Option<StatusReport>>,
}

impl StatusSource for Flaky {
    fn provider(&self) -> &'static str {
        self.client.provider()
    }

    fn status_report<'a>(
        &'a self,
        id: &'a str,
    ) -> BoxFuture<'a, txstatus_core::Result<StatusReport>> {
        Box::pin(async move {
            if self.failing.load(Ordering::SeqCst) {
                return Err(Error::invalid_input("persona", "read failed on purpose"));
            }
            if self.lagging.load(Ordering::SeqCst)
                && let Some(first) = self.first.lock().unwrap().clone()
            {
                return Ok(first);
            }
            let report = self.client.status_report(id).await?;
            self.first
                .lock()
                .unwrap()
                .get_or_insert_with(|| report.clone());
            Ok(report)
        })
    }
}

struct Setup {
    sandbox: Sandbox,
    client: Client,
    source: Arc<Flaky>,
    receiver: Receiver,
    transitions: UnboundedReceiver<Transition>,
}

async fn setup() -> Setup {
    let sandbox = Sandbox::builder()
        .persona_step_interval(Duration::ZERO)
        .start()
        .await
        .unwrap();
    let client = Client::builder(sandbox.credentials().persona_api_key.clone())
        .base_url(sandbox.persona_base_url())
        .configure_transport(|t| t.no_proxy())
        .build()
        .unwrap();
    let source = Arc::new(Flaky {
        client: client.clone(),
        failing: AtomicBool::new(false),
        lagging: AtomicBool::new(false),
        first: Mutex::new(None),
    });
    let verifier = WebhookVerifier::new(SecretString::from(PERSONA_WEBHOOK_SECRET));
    let (receiver, transitions) = Receiver::builder(Arc::new(MemoryStore::new()))
        .provider(Arc::new(PersonaWebhooks::new(verifier)), source.clone())
        .sweep_threshold(Duration::ZERO)
        .build();
    Setup {
        sandbox,
        client,
        source,
        receiver,
        transitions,
    }
}

async fn create(client: &Client) -> String {
    client
        .create_transaction(&CreateTransaction::new(persona_ids::TRANSACTION_TYPE_ID))
        .await
        .unwrap()
        .into_value()
        .data
        .id
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

async fn handle(receiver: &Receiver, delivery: &WebhookDelivery) -> Reply {
    let reply = receiver
        .handle(
            "POST",
            delivery.target(),
            &headers_of(delivery),
            None,
            &delivery.body,
        )
        .await;
    receiver.drain().await;
    reply
}

fn statuses(rx: &mut UnboundedReceiver<Transition>) -> Vec<String> {
    let mut all = Vec::new();
    while let Ok(t) = rx.try_recv() {
        all.push(t.status.raw);
    }
    all
}

/// `delivery` with its body changed by `edit` and signed again with the
/// sandbox's secret, now: what Persona would send if its body had that shape.
fn resigned(
    delivery: &WebhookDelivery,
    edit: impl FnOnce(&mut serde_json::Value),
) -> WebhookDelivery {
    let mut value: serde_json::Value = serde_json::from_slice(&delivery.body).unwrap();
    edit(&mut value);
    let body = serde_json::to_vec(&value).unwrap();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let signature = signature_header(&SecretString::from(PERSONA_WEBHOOK_SECRET), now, &body);
    let mut resigned = delivery.clone();
    resigned.body = body;
    resigned
        .headers
        .retain(|(name, _)| !name.eq_ignore_ascii_case(SIGNATURE_HEADER));
    resigned
        .headers
        .push((SIGNATURE_HEADER.to_owned(), signature));
    resigned
}

#[tokio::test]
async fn a_genuine_delivery_with_hostile_members_is_still_reread_into_a_transition() {
    let mut setup = setup().await;
    let id = create(&setup.client).await;
    let delivery = setup.sandbox.persona_webhook(URL, &id).unwrap();
    let hostile = resigned(&delivery, |body| {
        let attributes = &mut body["data"]["attributes"];
        attributes["name"] = serde_json::json!({"nested": ["transaction.created"]});
        attributes["created-at"] = serde_json::json!(12345);
        let object = &mut attributes["payload"]["data"];
        object["attributes"] = serde_json::json!([null, {"status": {"x": 1}}]);
        object["relationships"] = serde_json::json!("Zebulon-Planted");
    });
    let reply = handle(&setup.receiver, &hostile).await;
    assert_eq!(reply.status, 200);
    assert_eq!(setup.receiver.reads(), 1);
    assert_eq!(statuses(&mut setup.transitions), ["created"]);
}

#[tokio::test]
async fn the_same_event_delivered_twice_at_once_is_reread_once() {
    let mut setup = setup().await;
    let id = create(&setup.client).await;
    let delivery = setup.sandbox.persona_webhook(URL, &id).unwrap();
    let headers = headers_of(&delivery);
    let (a, b) = tokio::join!(
        setup
            .receiver
            .handle("POST", delivery.target(), &headers, None, &delivery.body),
        setup
            .receiver
            .handle("POST", delivery.target(), &headers, None, &delivery.body),
    );
    setup.receiver.drain().await;
    let mut bodies = [a.body, b.body];
    bodies.sort_unstable();
    assert_eq!(bodies, ["accepted\n", "duplicate\n"]);
    assert_eq!(setup.receiver.reads(), 1);
    assert_eq!(statuses(&mut setup.transitions), ["created"]);
}

#[tokio::test]
async fn a_lagging_reread_after_a_newer_one_is_never_reported() {
    let mut setup = setup().await;
    let id = create(&setup.client).await;
    let created = setup.sandbox.persona_webhook(URL, &id).unwrap();
    assert_eq!(handle(&setup.receiver, &created).await.status, 200);
    setup.sandbox.advance_persona(&id);
    setup.sandbox.advance_persona(&id);
    let completed = setup.sandbox.persona_webhook(URL, &id).unwrap();
    assert_eq!(handle(&setup.receiver, &completed).await.status, 200);
    assert_eq!(statuses(&mut setup.transitions), ["created", "completed"]);
    // The API now answers the first state again (a replica behind): neither a
    // new delivery nor a sweep reports it.
    setup.source.lagging.store(true, Ordering::SeqCst);
    let again = setup.sandbox.persona_webhook(URL, &id).unwrap();
    assert_eq!(handle(&setup.receiver, &again).await.status, 200);
    setup.receiver.sweep().await.unwrap();
    assert!(setup.receiver.reads() >= 3);
    assert!(statuses(&mut setup.transitions).is_empty());
}

#[tokio::test]
async fn a_failed_reread_is_kept_for_the_sweep_and_recorded_exactly_once() {
    let mut setup = setup().await;
    let id = create(&setup.client).await;
    let delivery = setup.sandbox.persona_webhook(URL, &id).unwrap();
    setup.source.failing.store(true, Ordering::SeqCst);
    // Acknowledged once recorded (the read runs after the answer).
    assert_eq!(handle(&setup.receiver, &delivery).await.status, 200);
    assert_eq!(setup.receiver.reads(), 1);
    assert!(statuses(&mut setup.transitions).is_empty());
    // Persona resending it changes nothing: the event is known, still awaiting.
    assert_eq!(handle(&setup.receiver, &delivery).await.body, "duplicate\n");
    // A sweep while the API still fails keeps it.
    let report = setup.receiver.sweep().await.unwrap();
    assert_eq!(report.reread, 1);
    assert_eq!(report.transitions, 0);
    // The API is back: the next sweep records the state, once.
    setup.source.failing.store(false, Ordering::SeqCst);
    let report = setup.receiver.sweep().await.unwrap();
    assert_eq!(report.transitions, 1);
    assert_eq!(statuses(&mut setup.transitions), ["created"]);
    let report = setup.receiver.sweep().await.unwrap();
    assert_eq!(report.transitions, 0);
    assert!(statuses(&mut setup.transitions).is_empty());
}

#[tokio::test]
async fn feed_event_ids_that_are_no_usable_id_are_never_recorded_or_kept_as_the_cursor() {
    use common::{Feed, Table};
    use txstatus_core::webhook::FeedEvent;

    let long = "e".repeat(10 * 1024);
    let events = [
        ("e-ok-1", "tx-1"),
        ("..", "tx-2"),
        ("e\u{1b}[31m", "tx-3"),
        ("", "tx-4"),
        (long.as_str(), "tx-5"),
    ]
    .into_iter()
    .map(|(event, tx)| FeedEvent::new(event.to_owned(), None, Some(tx.to_owned())))
    .collect();
    let table = Arc::new(Table::default());
    let store = Arc::new(MemoryStore::new());
    let (receiver, mut transitions) = Receiver::builder(store.clone())
        .provider(Arc::new(common::TokenSide { hint: false }), table.clone())
        .feed(Arc::new(Feed {
            events,
            ..Feed::default()
        }))
        .build();
    let report = receiver.sweep().await.unwrap();
    // Every transaction is still re-read: the id it names is fine.
    assert_eq!(report.reread, 5);
    let mut event_ids = Vec::new();
    while let Ok(t) = transitions.try_recv() {
        event_ids.push(t.event_id);
    }
    event_ids.sort();
    assert_eq!(
        event_ids,
        [None, None, None, None, Some("e-ok-1".to_owned())]
    );
    assert_eq!(
        receiver
            .store()
            .feed_cursor(common::PROVIDER)
            .await
            .unwrap()
            .as_deref(),
        Some("e-ok-1")
    );
}

/// `delivery` with `body` as it is (no JSON edit), signed now with the
/// sandbox's secret.
fn signed_raw(delivery: &WebhookDelivery, body: Vec<u8>) -> WebhookDelivery {
    let now = SystemTime::now()
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

/// Nineteenth outside audit: a signed delivery claiming `approved` (status,
/// a later update time, the event name) for a transaction the API shows as
/// created records `created`; its signature over another body, or over the
/// body with one space added, or with no body, is refused without a read; a
/// signed empty body is accepted and read nothing.
#[tokio::test]
async fn a_signed_delivery_claiming_approved_records_what_the_reread_says() {
    let mut setup = setup().await;
    let id = create(&setup.client).await;
    let delivery = setup.sandbox.persona_webhook(URL, &id).unwrap();
    let claiming = resigned(&delivery, |body| {
        body["data"]["attributes"]["name"] = serde_json::json!("transaction.approved");
        let attributes = &mut body["data"]["attributes"]["payload"]["data"]["attributes"];
        attributes["status"] = serde_json::json!("approved");
        attributes["updated-at"] = serde_json::json!("2099-01-01T00:00:00.000Z");
    });
    assert_eq!(handle(&setup.receiver, &claiming).await.status, 200);
    assert_eq!(statuses(&mut setup.transitions), ["created"]);
    assert_eq!(setup.receiver.reads(), 1);

    let mut other_body = claiming.clone();
    other_body.body = delivery.body.clone();
    let mut spaced = claiming.clone();
    spaced.body.push(b' ');
    let mut emptied = claiming.clone();
    emptied.body.clear();
    for forged in [&other_body, &spaced, &emptied] {
        assert_eq!(handle(&setup.receiver, forged).await.status, 401);
    }
    assert_eq!(setup.receiver.reads(), 1, "no forged delivery is read");

    let empty = signed_raw(&delivery, Vec::new());
    let reply = handle(&setup.receiver, &empty).await;
    assert_eq!((reply.status, reply.body), (200, "accepted\n"));
    assert_eq!(
        setup.receiver.reads(),
        1,
        "an empty body names nothing to read"
    );
    assert!(statuses(&mut setup.transitions).is_empty());
}

/// Nineteenth outside audit, the documented limit of `MemoryStore`: a
/// restarted listener (a new store) forgets event ids and last states, so a
/// retried event is accepted and read again and its current state recorded
/// again, with no previous state; never an older state.
#[tokio::test]
async fn a_restarted_listener_on_a_memory_store_reads_a_retried_event_again() {
    let mut setup = setup().await;
    let id = create(&setup.client).await;
    let delivery = setup.sandbox.persona_webhook(URL, &id).unwrap();
    assert_eq!(handle(&setup.receiver, &delivery).await.status, 200);
    let duplicate = handle(&setup.receiver, &delivery).await;
    assert_eq!((duplicate.status, duplicate.body), (200, "duplicate\n"));
    assert_eq!(statuses(&mut setup.transitions), ["created"]);

    let verifier = WebhookVerifier::new(SecretString::from(PERSONA_WEBHOOK_SECRET));
    let (restarted, mut transitions) = Receiver::builder(Arc::new(MemoryStore::new()))
        .provider(
            Arc::new(PersonaWebhooks::new(verifier)),
            setup.source.clone(),
        )
        .build();
    let retried = handle(&restarted, &delivery).await;
    assert_eq!((retried.status, retried.body), (200, "accepted\n"));
    assert_eq!(restarted.reads(), 1);
    let again = {
        let mut all = Vec::new();
        while let Ok(t) = transitions.try_recv() {
            all.push((t.status.raw, t.previous.is_none()));
        }
        all
    };
    assert_eq!(again, [("created".to_owned(), true)]);
}
