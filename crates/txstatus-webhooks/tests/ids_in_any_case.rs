//! A provider whose ids compare ignoring ASCII case (UUIDs): one transaction
//! named in two cases, by deliveries, hints or its read, is one transaction:
//! read, recorded and reported once, never twice or backwards.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::common;

use std::sync::Arc;

use common::{Table, TokenSide};
use txstatus_core::{
    NormalizedStatus,
    provider::IdCase,
    webhook::{Delivery, Inbound, Refusal, WebhookSide},
};
use txstatus_webhooks::{MemoryStore, Receiver, TxKey};

/// [`TokenSide`], for a provider whose ids are UUIDs.
#[derive(Debug)]
struct UuidSide(TokenSide);

impl WebhookSide for UuidSide {
    fn provider(&self) -> &'static str {
        self.0.provider()
    }

    fn receive(&self, inbound: &Inbound<'_>) -> Result<Delivery, Refusal> {
        self.0.receive(inbound)
    }

    fn id_case(&self) -> IdCase {
        IdCase::IgnoreAscii
    }
}

const UPPER: &str = "B659C273-1B2C-4D3E-8F90-ABCDEF012345";
const LOWER: &str = "b659c273-1b2c-4d3e-8f90-abcdef012345";

#[tokio::test]
async fn one_transaction_named_in_two_cases_is_reported_once() {
    let table = Arc::new(Table::default());
    table.set(LOWER, NormalizedStatus::Succeeded, "completed");
    let store = Arc::new(MemoryStore::new());
    let (receiver, mut transitions) = Receiver::builder(store.clone())
        .provider(Arc::new(UuidSide(TokenSide { hint: false })), table.clone())
        .build();
    for (event, tx) in [
        ("e1", LOWER),
        ("e2", UPPER),
        ("e3", "B659c273-1b2c-4d3e-8f90-ABCDEF012345"),
    ] {
        assert_eq!(common::deliver(&receiver, event, tx).await, 200, "{tx}");
    }
    let first = transitions.try_recv().unwrap();
    assert_eq!(first.id, LOWER);
    assert!(transitions.try_recv().is_err(), "reported twice");
    assert!(
        store
            .last_state(&TxKey::new(common::PROVIDER, LOWER))
            .is_some()
    );
    assert!(
        store
            .last_state(&TxKey::new(common::PROVIDER, UPPER))
            .is_none()
    );
}

#[tokio::test]
async fn a_provider_whose_ids_keep_their_case_keeps_them_apart() {
    let table = Arc::new(Table::default());
    table.set("txn_ABC", NormalizedStatus::Succeeded, "approved");
    table.set("txn_abc", NormalizedStatus::Failed, "declined");
    let (receiver, mut transitions) = Receiver::builder(Arc::new(MemoryStore::new()))
        .provider(Arc::new(TokenSide { hint: false }), table.clone())
        .build();
    for (event, tx) in [("e1", "txn_ABC"), ("e2", "txn_abc")] {
        assert_eq!(common::deliver(&receiver, event, tx).await, 200);
    }
    assert_eq!(transitions.try_recv().unwrap().id, "txn_ABC");
    assert_eq!(transitions.try_recv().unwrap().id, "txn_abc");
}
