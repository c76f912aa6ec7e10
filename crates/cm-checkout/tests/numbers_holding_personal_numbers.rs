//! An amount, a count or a retry limit whose digits make a card number or a BSN
//! (sent as a number or a numeric string) reaches neither `Debug` nor the
//! redacted JSON nor the masked document; ordinary figures do.
#![allow(missing_docs, clippy::unwrap_used)]

use cm_checkout::{MinorUnits, RefundList, Transaction};
use txstatus_core::{RawBody, mask_document, provider::decode_json_bytes, to_redacted_json};

const CARD: &str = "4111111111111111";
const BSN: &str = "123456782";

fn decoded<T: serde::de::DeserializeOwned>(body: &serde_json::Value) -> T {
    decode_json_bytes::<T>(
        "cm-checkout",
        200,
        &RawBody::from(body.to_string().into_bytes()),
    )
    .unwrap()
}

fn assert_everywhere_hidden<T: std::fmt::Debug + serde::Serialize>(
    raw: &serde_json::Value,
    model: &T,
) {
    let redacted = to_redacted_json(model).unwrap();
    for (what, shown) in [
        ("Debug", format!("{model:?}")),
        ("Debug (alternate)", format!("{model:#?}")),
        ("redacted JSON", redacted.to_string()),
        ("masked document", mask_document(raw, &redacted).to_string()),
    ] {
        for secret in [CARD, BSN] {
            assert!(!shown.contains(secret), "{what} shows {secret}: {shown}");
        }
    }
}

#[test]
fn amounts_quantities_and_retry_limits_holding_a_card_number_or_bsn_are_withheld() {
    let raw = serde_json::json!({
        "id": "tx-1",
        "status": "OPEN",
        "amount": CARD,
        "currency": "EUR",
        "maxRetries": 123456782,
        "orderItems": [{"code": "A", "unitPrice": 4111111111111111_u64, "quantity": BSN,
                        "vatAmount": 123456782}],
    });
    let transaction: Transaction = decoded(&raw);
    assert_eq!(
        transaction.amount,
        Some(MinorUnits::new(4_111_111_111_111_111))
    );
    assert_everywhere_hidden(&raw, &transaction);
}

#[test]
fn a_refund_amount_holding_a_card_number_is_withheld() {
    let raw = serde_json::json!([{"id": "r-1", "amount": CARD, "currency": "EUR",
                                  "status": "SUCCESS"}]);
    let refunds: RefundList = decoded(&raw);
    assert_everywhere_hidden(&raw, &refunds);
}

#[test]
fn ordinary_amounts_are_shown() {
    let raw = serde_json::json!({"id": "tx-1", "status": "OPEN", "amount": 1200,
                                 "currency": "EUR", "maxRetries": 3,
                                 "orderItems": [{"quantity": 2}]});
    let transaction: Transaction = decoded(&raw);
    let debug = format!("{transaction:?}");
    assert!(debug.contains("MinorUnits(1200)"), "{debug}");
    assert!(debug.contains("max_retries: Some(3)"), "{debug}");
    assert!(debug.contains("quantity: Some(2)"), "{debug}");
    let redacted = to_redacted_json(&transaction).unwrap();
    assert_eq!(redacted["amount"], 1200);
}

#[test]
fn a_token_lifetime_holding_a_card_number_is_withheld_in_debug() {
    for expires_in in [r#""4111111111111111""#, "4111111111111111", "123456782"] {
        let body = format!(r#"{{"access_token":"tok-123456","expires_in":{expires_in}}}"#);
        let token = cm_checkout::TokenResponse::from_slice(200, body.as_bytes()).unwrap();
        let debug = format!("{token:?}");
        assert!(!debug.contains(CARD) && !debug.contains(BSN), "{debug}");
    }
}
