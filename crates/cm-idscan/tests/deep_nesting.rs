//! Deeply nested bodies decode to a value or a decode error on a small stack.
#![allow(clippy::unwrap_used, clippy::panic)]

use txstatus_core::test_util as hostile;

/// This crate's fixtures.
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");

#[test]
fn transaction_details_survive_deep_nesting_in_every_member() {
    hostile::assert_survives::<cm_idscan::Transaction>(
        cm_idscan::PROVIDER,
        FIXTURES,
        "transaction-details",
    );
}

#[test]
fn transaction_results_survive_deep_nesting_in_every_member() {
    hostile::assert_survives::<cm_idscan::TransactionResult>(
        cm_idscan::PROVIDER,
        FIXTURES,
        "transaction-result",
    );
}
