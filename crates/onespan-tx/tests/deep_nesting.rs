//! Deeply nested bodies decode to a value or a decode error on a small stack.
#![allow(clippy::unwrap_used, clippy::panic)]

use txstatus_core::test_util as hostile;

/// This crate's fixtures.
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");

#[test]
fn transactions_survive_deep_nesting_in_every_member() {
    hostile::assert_survives::<onespan_tx::Transaction>(onespan_tx::PROVIDER, FIXTURES, "");
}
