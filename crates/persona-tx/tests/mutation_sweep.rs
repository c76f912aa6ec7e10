//! The mutation sweep over every fixture of this crate (txstatus-core's
//! `test_util::mutations`): one value or member name replaced by personal data
//! shows in no `Debug`, redacted JSON, masked document or error.
#![allow(missing_docs)]

use persona_tx::{
    PROVIDER, Transaction, WebhookEvent,
    model::{EventDocument, EventList, TransactionList},
};
use txstatus_core::test_util::mutations::{Renderer, assert_fixtures_hidden, decoded, parsed};

/// The fixtures swept: one of each shape the crate decodes (every fixture would
/// take minutes in a debug build).
const SWEPT: [&str; 6] = [
    "transaction-retrieve",
    "transaction-2026-09-29",
    "transaction-list",
    "event-list",
    "event-retrieve",
    "webhook-transaction-status-updated",
];

/// The renderers of one fixture: the models the crate decodes it into.
fn renderers(name: &str) -> Vec<Renderer> {
    if name.starts_with("webhook-") {
        vec![parsed(WebhookEvent::from_slice)]
    } else if name == "event-list" {
        vec![decoded::<EventList>(PROVIDER)]
    } else if name.starts_with("event-") {
        vec![decoded::<EventDocument>(PROVIDER)]
    } else if name == "transaction-list" {
        vec![decoded::<TransactionList>(PROVIDER)]
    } else {
        vec![decoded::<Transaction>(PROVIDER)]
    }
}

#[test]
fn personal_data_planted_in_any_fixture_leaf_or_member_name_is_never_shown() {
    assert_fixtures_hidden(
        concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures"),
        &SWEPT,
        renderers,
    );
}
