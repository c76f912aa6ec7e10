//! serde's derive reads a struct from an array too, field by field: a hostile
//! `[...]` in place of any object of the models must be a decode error, not a
//! value whose state came from a position.
#![allow(clippy::unwrap_used)]

use cm_idscan::{
    CreatedTransaction, Delivery, Transaction, TransactionResult, WebhookSubscription,
};
use txstatus_core::provider::from_json_slice;

#[test]
fn an_array_in_place_of_a_model_is_a_decode_error() {
    let transaction = r#"["tx1","completed","2026-01-01T00:00:00Z",null,null,[]]"#;
    assert!(from_json_slice::<Transaction>(transaction.as_bytes()).is_err());
    assert!(from_json_slice::<TransactionResult>(transaction.as_bytes()).is_err());
    assert!(from_json_slice::<CreatedTransaction>(transaction.as_bytes()).is_err());
    assert!(from_json_slice::<WebhookSubscription>(br#"["w1","https://x.test",[]]"#).is_err());
    assert!(
        from_json_slice::<Delivery>(br#"["d1","transaction.state.updated",["t1","completed"]]"#)
            .is_err()
    );
}

/// The webhook's transaction carries the state a delivery reports: it is read
/// from an object only too. (Tasks, scans, files and fields keep serde's array
/// form: wrapping them cost ID Scan's transaction decode about 8 %, and the
/// transaction's state is not read from them.)
#[test]
fn an_array_in_place_of_the_delivered_transaction_is_a_decode_error() {
    let object = r#"{"id":"d1","type":"transaction.state.updated","transaction":{"id":"t1","state":"completed"}}"#;
    assert!(from_json_slice::<Delivery>(object.as_bytes()).is_ok());
    let array =
        r#"{"id":"d1","type":"transaction.state.updated","transaction":["t1","completed"]}"#;
    assert!(from_json_slice::<Delivery>(array.as_bytes()).is_err());
}
