//! Deeply nested bodies decode to a value or a decode error on a small stack.
#![allow(clippy::unwrap_used, clippy::panic)]

mod hostile;

use persona_tx::{PROVIDER, Transaction, WebhookEvent, model::TransactionList};
use serde::de::DeserializeOwned;
use txstatus_core::{ErrorKind, RawBody, decode_json_bytes};

fn survives<T: DeserializeOwned>(prefix: &'static str) {
    hostile::on_small_stack(move || {
        for (label, body) in hostile::bodies(&hostile::fixtures("persona", prefix)) {
            let result = decode_json_bytes::<T>(PROVIDER, 200, &RawBody::new(body.into_bytes()));
            if let Err(error) = result {
                assert!(
                    matches!(error.kind(), ErrorKind::Decode(_)),
                    "{label}: {error}"
                );
            }
        }
    });
}

#[test]
fn transactions_survive_deep_nesting_in_every_member() {
    survives::<Transaction>("transaction-");
}

#[test]
fn webhook_events_survive_deep_nesting_in_every_member() {
    survives::<WebhookEvent>("webhook-");
}

#[test]
fn transaction_lists_survive_deep_nesting_in_every_member() {
    survives::<TransactionList>("transaction-list");
}

#[test]
fn error_bodies_survive_deep_nesting() {
    hostile::on_small_stack(|| {
        for (_, body) in hostile::bodies(&[br#"{"errors":[{"title":"x","details":"y"}]}"#.to_vec()])
        {
            let _ = persona_tx::model::ErrorBody::from_slice(body.as_bytes());
        }
    });
}
