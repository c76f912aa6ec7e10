//! A side builds its delivery; the receiver applies the delivery rules again
//! to what it returns, whatever the side set directly on the public fields:
//! hints that are no plain token (a name, an email address, a card number)
//! never reach the store or a transition, and a delivery is the provider's of
//! the route it arrived on (a side naming another provider never gets that
//! provider's source to read it, nor that provider's event ids to collide with).
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::common;

use std::{collections::BTreeMap, sync::Arc};

use common::{PROVIDER, Table};
use txstatus_core::{
    BoxFuture, StatusReport, StatusSource,
    provider::header::HeaderMap,
    webhook::{Delivery, Inbound, Refusal, WebhookSide},
};
use txstatus_webhooks::{MemoryStore, Receiver, TxKey};

/// A side (the route of `route`) that writes the public fields itself:
/// `{"event", "tx"}` from the body, hints set directly, and the provider name
/// `claims`.
#[derive(Debug)]
struct DirectSide {
    route: &'static str,
    claims: &'static str,
    hints: BTreeMap<String, String>,
}

impl WebhookSide for DirectSide {
    fn provider(&self) -> &'static str {
        self.route
    }

    fn receive(&self, inbound: &Inbound<'_>) -> Result<Delivery, Refusal> {
        let value: serde_json::Value = serde_json::from_slice(inbound.body).unwrap();
        let text = |key: &str| value.get(key).and_then(|v| v.as_str()).map(str::to_owned);
        let mut delivery = Delivery::authenticated(PROVIDER);
        delivery.provider = self.claims;
        delivery.event_id = text("event");
        delivery.transaction_id = text("tx");
        delivery.hints = self.hints.clone();
        Ok(delivery)
    }
}

/// Another provider's source: counts what it is asked to read.
#[derive(Debug, Default)]
struct Other(Table);

impl StatusSource for Other {
    fn provider(&self) -> &'static str {
        "other"
    }

    fn status_report<'a>(
        &'a self,
        id: &'a str,
    ) -> BoxFuture<'a, txstatus_core::Result<StatusReport>> {
        self.0.status_report(id)
    }
}

async fn post(receiver: &Receiver, route: &str, event: &str, tx: &str) -> u16 {
    let body = serde_json::to_vec(&serde_json::json!({"event": event, "tx": tx})).unwrap();
    let reply = receiver
        .handle("POST", route, &HeaderMap::new(), None, &body)
        .await;
    receiver.drain().await;
    reply.status
}

#[tokio::test]
async fn hints_a_side_set_directly_reach_a_transition_only_as_plain_tokens() {
    let personal = [
        ("resultId", "Jane Doe jane@example.com"),
        ("card", "4111111111111111"),
        ("Jan Jansen", "r-1"),
    ];
    let mut hints: BTreeMap<String, String> = personal
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    hints.insert("kept".to_owned(), "e6b7ce66".to_owned());
    let table = Arc::new(Table::default());
    let (receiver, mut transitions) = Receiver::builder(Arc::new(MemoryStore::new()))
        .provider(
            Arc::new(DirectSide {
                route: PROVIDER,
                claims: PROVIDER,
                hints,
            }),
            table.clone(),
        )
        .build();
    assert_eq!(
        post(&receiver, "/webhooks/fake", "evt-1", "tx-1").await,
        200
    );
    let transition = transitions.try_recv().expect("the delivery was read");
    assert_eq!(
        transition.hints,
        BTreeMap::from([("kept".to_owned(), "e6b7ce66".to_owned())])
    );
    let json = serde_json::to_string(&transition).unwrap();
    for (key, value) in personal {
        assert!(!json.contains(value), "{json}");
        assert!(!json.contains(key) || key == "resultId", "{json}");
    }
}

#[tokio::test]
async fn a_delivery_is_the_routes_provider_whatever_provider_its_side_names() {
    let table = Arc::new(Table::default());
    let other = Arc::new(Other::default());
    let store = Arc::new(MemoryStore::new());
    let (receiver, mut transitions) = Receiver::builder(store.clone())
        .provider(
            Arc::new(DirectSide {
                route: PROVIDER,
                claims: "other",
                hints: BTreeMap::new(),
            }),
            table.clone(),
        )
        .provider(
            Arc::new(DirectSide {
                route: "other",
                claims: "other",
                hints: BTreeMap::new(),
            }),
            other.clone(),
        )
        .build();
    assert_eq!(
        post(&receiver, "/webhooks/fake", "evt-1", "tx-1").await,
        200
    );
    // Read through the route's provider's source, never another's.
    assert_eq!(other.0.reads(), 0);
    assert_eq!(table.reads(), 1);
    let transition = transitions.try_recv().expect("the delivery was read");
    assert_eq!(transition.provider, PROVIDER);
    assert!(store.last_state(&TxKey::new(PROVIDER, "tx-1")).is_some());
    assert!(store.last_state(&TxKey::new("other", "tx-1")).is_none());
    // The same event id on the other provider's route is that provider's own.
    assert_eq!(
        post(&receiver, "/webhooks/other", "evt-1", "tx-1").await,
        200
    );
    assert_eq!(other.0.reads(), 1);
    assert!(transitions.try_recv().is_ok());
}
