//! A time stamp, a score or a file size whose digits make a card number or a BSN
//! (sent as a number or a numeric string) reaches neither `Debug` nor the
//! redacted JSON nor the masked document; ordinary figures do.
#![allow(missing_docs, clippy::unwrap_used, clippy::indexing_slicing)]

use persona_tx::Transaction;
use serde_json::{Value, json};
use txstatus_core::{RawBody, mask_document, provider::decode_json_bytes, to_redacted_json};

const CARD: &str = "4111111111111111";
const BSN: &str = "123456782";

fn retrieve() -> Value {
    serde_json::from_str(include_str!("../fixtures/transaction-retrieve.json")).unwrap()
}

fn decoded(body: &Value) -> Transaction {
    decode_json_bytes::<Transaction>(
        "persona",
        200,
        &RawBody::from(body.to_string().into_bytes()),
    )
    .unwrap()
}

#[test]
fn government_id_stamps_scores_and_sizes_holding_a_card_number_or_bsn_are_withheld() {
    let mut raw = retrieve();
    let attributes = &mut raw["included"][1]["attributes"];
    attributes["created-at-ts"] = json!(4_111_111_111_111_111_i64);
    attributes["submitted-at-ts"] = json!(CARD);
    attributes["completed-at-ts"] = json!(123_456_782);
    attributes["entity-confidence-score"] = json!(4_111_111_111_111_111.0_f64);
    attributes["photo-urls"][0]["byte-size"] = json!(CARD);
    attributes["selfie-photo"] = json!({"byte-size": 123_456_782});
    raw["data"]["attributes"]["fields"]["front-photo"]["value"]["byte-size"] = json!(BSN);
    let transaction = decoded(&raw);
    let redacted = to_redacted_json(&transaction).unwrap();
    for (what, shown) in [
        ("Debug", format!("{transaction:?}")),
        ("Debug (alternate)", format!("{transaction:#?}")),
        ("redacted JSON", redacted.to_string()),
        (
            "masked document",
            mask_document(&raw, &redacted).to_string(),
        ),
    ] {
        for secret in [CARD, "4.111111111111111", BSN] {
            assert!(!shown.contains(secret), "{what} shows {secret}: {shown}");
        }
    }
}

#[test]
fn ordinary_stamps_and_sizes_are_shown() {
    let transaction = decoded(&retrieve());
    let debug = format!("{transaction:?}");
    assert!(debug.contains("created_at_ts: Some(1685119783)"), "{debug}");
    assert!(debug.contains("byte_size: Some(62347)"), "{debug}");
}
