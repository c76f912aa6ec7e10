//! The mutation sweep over every fixture of this crate (txstatus-core's
//! `test_util::mutations`): one value or member name replaced by personal data
//! shows in no `Debug`, redacted JSON, masked document or error.
#![allow(missing_docs)]

use cm_idin::{CreatedTransaction, DirectoryCountry, PROVIDER, StatusResponse};
use txstatus_core::test_util::mutations::{Renderer, assert_fixtures_hidden, decoded};

/// The fixtures swept: one of each shape the crate decodes (every fixture would
/// take minutes in a debug build).
const SWEPT: [&str; 5] = [
    "status-success",
    "status-extra-fields",
    "status-success-notice-2000",
    "directory",
    "transaction-created",
];

/// The renderers of one fixture: the models the crate decodes it into.
fn renderers(name: &str) -> Vec<Renderer> {
    if name.starts_with("status-") {
        vec![decoded::<StatusResponse>(PROVIDER)]
    } else if name == "directory" {
        vec![decoded::<Vec<DirectoryCountry>>(PROVIDER)]
    } else {
        vec![decoded::<CreatedTransaction>(PROVIDER)]
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
