//! The mutation sweep over every fixture of this crate (txstatus-core's
//! `test_util::mutations`): one value or member name replaced by personal data
//! shows in no `Debug`, redacted JSON, masked document or error.
#![allow(missing_docs)]

use onespan_tx::{
    DetailedVerificationReport, ErasureResponse, Notification, PROVIDER, Transaction,
    TransactionVerification, VerificationImages,
};
use txstatus_core::test_util::mutations::{Renderer, assert_fixtures_hidden, decoded, parsed};

/// The fixtures swept: one of each shape the crate decodes (every fixture would
/// take minutes in a debug build).
const SWEPT: [&str; 7] = [
    "extra-fields",
    "transaction-status-with-verifications",
    "verification-results",
    "report-mixed-results",
    "images-verification-images",
    "notification-transaction-created",
    "erasure-mark-mixed",
];

/// The renderers of one fixture: the models the crate decodes it into.
fn renderers(name: &str) -> Vec<Renderer> {
    match name.split('-').next() {
        Some("verification") => vec![decoded::<TransactionVerification>(PROVIDER)],
        Some("report") => vec![decoded::<DetailedVerificationReport>(PROVIDER)],
        Some("images") => vec![decoded::<VerificationImages>(PROVIDER)],
        Some("notification") => vec![parsed(Notification::parse)],
        Some("erasure") => vec![decoded::<ErasureResponse>(PROVIDER)],
        _ => vec![decoded::<Transaction>(PROVIDER)],
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
