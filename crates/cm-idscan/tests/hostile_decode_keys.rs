//! A personal value planted as a key (a body cut short after it, a syntax error
//! after it, a wrong value under it) never reaches the decode error's path,
//! `Display` or `Debug`; the body is kept whole.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use cm_idscan::Transaction as Model;
use txstatus_core::test_util::planted;

#[test]
fn planted_keys_never_reach_the_decode_error() {
    planted::assert_planted_keys_hidden(r#"{"transactionId":"t1",KEY"#, Model::from_json);
}
