//! serde's derive reads a struct from an array too, field by field: a hostile
//! `[...]` in place of an object must be a decode error, not a transaction whose
//! status came from a position.
#![allow(clippy::unwrap_used)]

use persona_tx::Transaction;
use txstatus_core::provider::from_json_slice;

#[test]
fn an_array_in_place_of_the_transaction_is_a_decode_error() {
    for body in [
        r#"[{"type":"transaction","id":"txn_1","attributes":{"status":"approved"}}, null]"#,
        r#"[{"type":"transaction","id":"txn_1","attributes":{"status":"approved"}}]"#,
    ] {
        assert!(
            from_json_slice::<Transaction>(body.as_bytes()).is_err(),
            "{body}"
        );
    }
    let object =
        r#"{"data":{"type":"transaction","id":"txn_1","attributes":{"status":"approved"}}}"#;
    assert_eq!(
        from_json_slice::<Transaction>(object.as_bytes())
            .unwrap()
            .raw_status(),
        "approved"
    );
}
