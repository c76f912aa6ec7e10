//! The mutation sweep over every fixture of this crate (txstatus-core's
//! `test_util::mutations`): one value or member name replaced by personal data
//! shows in no `Debug`, redacted JSON, masked document or error.
#![allow(missing_docs)]

use cm_checkout::{PROVIDER, Refund, RefundList, Transaction, WebhookNotification};
use txstatus_core::test_util::mutations::{Renderer, assert_fixtures_hidden, decoded, parsed};

/// The fixtures swept: one of each shape the crate decodes (every fixture would
/// take minutes in a debug build).
const SWEPT: [&str; 6] = [
    "transaction-extra-fields",
    "transaction-documented",
    "refund-pending",
    "refunds-list-array",
    "webhook-finalstatus",
    "webhook-nulls-and-extra-fields",
];

/// The renderers of one fixture: the models the crate decodes it into.
fn renderers(name: &str) -> Vec<Renderer> {
    if name.starts_with("transaction-") {
        vec![decoded::<Transaction>(PROVIDER)]
    } else if name.starts_with("refunds-") {
        vec![decoded::<RefundList>(PROVIDER)]
    } else if name.starts_with("refund-") {
        vec![decoded::<Refund>(PROVIDER)]
    } else {
        vec![parsed(WebhookNotification::from_slice)]
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
