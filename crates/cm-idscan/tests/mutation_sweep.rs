//! The mutation sweep over every fixture of this crate (txstatus-core's
//! `test_util::mutations`): one value or member name replaced by personal data
//! shows in no `Debug`, redacted JSON, masked document or error.
#![allow(missing_docs)]

use cm_idscan::{
    CreatedTransaction, Delivery, PROVIDER, Transaction, TransactionResult, WebhookSubscription,
    parse_delivery,
};
use txstatus_core::test_util::mutations::{Renderer, assert_fixtures_hidden, decoded, parsed};

/// The fixtures swept: one of each shape the crate decodes (every fixture would
/// take minutes in a debug build).
const SWEPT: [&str; 5] = [
    "transaction-details-extra-fields",
    "transaction-result",
    "create-response",
    "webhook-subscription-with-headers",
    "webhook-delivery-transaction-state-updated",
];

/// The renderers of one fixture: the models the crate decodes it into.
fn renderers(name: &str) -> Vec<Renderer> {
    if name.starts_with("transaction-result") {
        vec![decoded::<TransactionResult>(PROVIDER)]
    } else if name.starts_with("transaction-details") {
        vec![decoded::<Transaction>(PROVIDER)]
    } else if name.starts_with("create-") {
        vec![decoded::<CreatedTransaction>(PROVIDER)]
    } else if name.starts_with("webhook-subscription") {
        vec![decoded::<WebhookSubscription>(PROVIDER)]
    } else {
        vec![decoded::<Delivery>(PROVIDER), parsed(parse_delivery)]
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
