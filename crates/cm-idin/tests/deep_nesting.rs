//! Deeply nested bodies decode to a value or a decode error on a small stack.
#![allow(clippy::unwrap_used, clippy::panic)]

use txstatus_core::test_util as hostile;

/// This crate's fixtures.
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");

#[test]
fn status_answers_survive_deep_nesting_in_every_member() {
    hostile::assert_survives::<cm_idin::StatusResponse>(cm_idin::PROVIDER, FIXTURES, "status-");
}

#[test]
fn directories_survive_deep_nesting_in_every_member() {
    hostile::assert_survives::<Vec<cm_idin::DirectoryCountry>>(
        cm_idin::PROVIDER,
        FIXTURES,
        "directory",
    );
}

#[test]
fn created_transactions_survive_deep_nesting_in_every_member() {
    hostile::assert_survives::<cm_idin::CreatedTransaction>(
        cm_idin::PROVIDER,
        FIXTURES,
        "transaction-",
    );
}

#[test]
fn status_outcomes_survive_deep_nesting_in_every_member() {
    hostile::on_small_stack(|| {
        for (_, body) in hostile::bodies(&hostile::fixtures_in(FIXTURES.as_ref(), "status-")) {
            if let Ok(status) = serde_json::from_str::<cm_idin::StatusResponse>(&body) {
                let _ = status.outcome();
            }
        }
    });
}
