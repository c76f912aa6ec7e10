//! Arrays refilled with hundreds of thousands of tiny items (`{}`, `null`, `0`)
//! decode to a value or a decode error, and never to many times the body's
//! size. One test in its own binary (a `[[test]]`, never a suite module): it measures the
//! process's peak memory.
#![allow(clippy::unwrap_used, clippy::panic)]

use txstatus_core::test_util as hostile;

/// This crate's fixtures.
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");

#[test]
fn wide_arrays_of_tiny_items_keep_memory_in_proportion_to_the_body() {
    use cm_idscan::{PROVIDER, Transaction, TransactionResult};
    hostile::assert_wide_arrays_bounded::<Transaction>(
        PROVIDER,
        FIXTURES,
        "transaction-details-completed",
    );
    hostile::assert_wide_arrays_bounded::<TransactionResult>(
        PROVIDER,
        FIXTURES,
        "transaction-result-unknown-shapes",
    );
    hostile::assert_wide_arrays_bounded::<TransactionResult>(
        PROVIDER,
        FIXTURES,
        "transaction-result",
    );
}
