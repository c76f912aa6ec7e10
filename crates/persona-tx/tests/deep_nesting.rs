//! Deeply nested bodies decode to a value or a decode error on a small stack.
#![allow(clippy::unwrap_used, clippy::panic)]

use txstatus_core::test_util as hostile;

use persona_tx::{PROVIDER, Transaction, WebhookEvent, model::TransactionList};

/// This crate's fixtures.
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");

#[test]
fn transactions_survive_deep_nesting_in_every_member() {
    hostile::assert_survives::<Transaction>(PROVIDER, FIXTURES, "transaction-");
}

#[test]
fn webhook_events_survive_deep_nesting_in_every_member() {
    hostile::assert_survives::<WebhookEvent>(PROVIDER, FIXTURES, "webhook-");
}

#[test]
fn transaction_lists_survive_deep_nesting_in_every_member() {
    hostile::assert_survives::<TransactionList>(PROVIDER, FIXTURES, "transaction-list");
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
