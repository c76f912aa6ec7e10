//! End to end: the sandbox signs and delivers Persona webhooks (duplicates,
//! reordering, a transaction that changes after its delivery), the Persona side
//! authenticates them, and re-reads go to the sandbox's API.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::sync::Arc;

use persona_tx::{Client, CreateTransaction, PersonaEventFeed, PersonaWebhooks, WebhookVerifier};
use tokio::sync::mpsc::UnboundedReceiver;
use txstatus_core::{
    SecretString,
    provider::header::{HeaderMap, HeaderName, HeaderValue},
};
use txstatus_sandbox::{PERSONA_WEBHOOK_SECRET, WebhookDelivery, persona_ids};
use txstatus_webhooks::{MemoryStore, Receiver, Reply, Transition};

const URL: &str = "http://127.0.0.1:9/webhooks/persona";

fn receiver(client: &Client, secret: &str) -> (Receiver, UnboundedReceiver<Transition>) {
    let verifier = WebhookVerifier::new(SecretString::from(secret.to_owned()));
    Receiver::builder(Arc::new(MemoryStore::new()))
        .provider(
            Arc::new(PersonaWebhooks::new(verifier)),
            Arc::new(client.clone()),
        )
        .feed(Arc::new(PersonaEventFeed::new(client.clone())))
        .build()
}

async fn handle(receiver: &Receiver, delivery: &WebhookDelivery) -> Reply {
    let mut headers = HeaderMap::new();
    for (name, value) in &delivery.headers {
        headers.insert(
            HeaderName::try_from(name.as_str()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    let reply = receiver
        .handle("POST", delivery.target(), &headers, None, &delivery.body)
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

async fn create(client: &Client) -> String {
    client
        .create_transaction(&CreateTransaction::new(persona_ids::TRANSACTION_TYPE_ID))
        .await
        .unwrap()
        .into_value()
        .data
        .id
}

#[tokio::test]
async fn duplicates_and_reordered_deliveries_never_move_a_transaction_backwards() {
    let (sandbox, client) = crate::common::persona_sandbox().await;
    let (receiver, mut transitions) = receiver(&client, PERSONA_WEBHOOK_SECRET);
    let id = create(&client).await;

    let created = sandbox.persona_webhook(URL, &id).unwrap();
    assert_eq!(handle(&receiver, &created).await.status, 200);
    assert_eq!(statuses(&mut transitions), ["created"]);

    sandbox.advance_persona(&id);
    let pending = sandbox.persona_webhook(URL, &id).unwrap();
    sandbox.advance_persona(&id);
    let completed = sandbox.persona_webhook(URL, &id).unwrap();

    // Newest first, then the older one (which still claims `pending`).
    assert_eq!(handle(&receiver, &completed).await.status, 200);
    assert_eq!(handle(&receiver, &pending).await.status, 200);
    // Duplicates are acknowledged and not re-read.
    let reads = receiver.reads();
    assert_eq!(handle(&receiver, &pending).await.body, "duplicate\n");
    assert_eq!(handle(&receiver, &created).await.body, "duplicate\n");
    assert_eq!(receiver.reads(), reads);

    assert_eq!(statuses(&mut transitions), ["completed"]);
}

#[tokio::test]
async fn a_delivery_is_reread_so_a_later_change_is_what_gets_recorded() {
    let (sandbox, client) = crate::common::persona_sandbox().await;
    let (receiver, mut transitions) = receiver(&client, PERSONA_WEBHOOK_SECRET);
    let id = create(&client).await;
    let stale = sandbox.persona_webhook(URL, &id).unwrap();
    sandbox.advance_persona(&id);
    assert_eq!(handle(&receiver, &stale).await.status, 200);
    // The delivery said `created`; the re-read says `pending`.
    assert_eq!(statuses(&mut transitions), ["pending"]);
}

#[tokio::test]
async fn a_delivery_signed_with_another_secret_is_refused_without_a_read() {
    let (sandbox, client) = crate::common::persona_sandbox().await;
    let (receiver, mut transitions) = receiver(&client, "wbhsec_not_the_sandbox");
    let id = create(&client).await;
    let delivery = sandbox.persona_webhook(URL, &id).unwrap();
    assert_eq!(handle(&receiver, &delivery).await.status, 401);
    let mut tampered = delivery.clone();
    tampered.body = String::from_utf8(tampered.body)
        .unwrap()
        .replace("created", "completed")
        .into_bytes();
    let (good, _) = self::receiver(&client, PERSONA_WEBHOOK_SECRET);
    assert_eq!(handle(&good, &tampered).await.status, 401);
    assert_eq!(receiver.reads() + good.reads(), 0);
    assert!(statuses(&mut transitions).is_empty());
}

#[tokio::test]
async fn the_sweep_reads_persona_events_from_its_cursor() {
    let (_sandbox, client) = crate::common::persona_sandbox().await;
    let (receiver, _transitions) = receiver(&client, PERSONA_WEBHOOK_SECRET);
    create(&client).await;
    let first = receiver.sweep().await.unwrap();
    assert!(first.feed_events > 0);
    let cursor = receiver.store().feed_cursor("persona").await.unwrap();
    assert!(cursor.is_some());
    let again = receiver.sweep().await.unwrap();
    assert_eq!(again.feed_events, 0);
}

/// More events since the cursor than one sweep lists (the feed's limit, 200):
/// each sweep takes the next ones after the cursor, so every transaction whose
/// delivery was missed is re-read by some sweep; none is skipped.
#[tokio::test]
async fn a_burst_of_events_past_the_feed_limit_loses_none_of_them() {
    let (_sandbox, client) = crate::common::persona_sandbox().await;
    let (receiver, mut transitions) = receiver(&client, PERSONA_WEBHOOK_SECRET);
    create(&client).await;
    receiver.sweep().await.unwrap();
    while transitions.try_recv().is_ok() {}
    let mut ids = Vec::new();
    for _ in 0..250 {
        ids.push(create(&client).await);
    }
    let mut read = 0;
    for _ in 0..3 {
        read += receiver.sweep().await.unwrap().feed_events;
    }
    let mut seen = std::collections::HashSet::new();
    while let Ok(transition) = transitions.try_recv() {
        seen.insert(transition.id);
    }
    let missed: Vec<&String> = ids.iter().filter(|id| !seen.contains(*id)).collect();
    assert!(
        missed.is_empty(),
        "{} of 250 never re-read ({read} feed events read); first missed: {:?}",
        missed.len(),
        missed.first()
    );
    assert_eq!(receiver.sweep().await.unwrap().feed_events, 0);
}
