//! A count or a score whose digits make a card number or a BSN (a provider's
//! field holding one, as a number, a float or a numeric string) reaches neither
//! `Debug` nor the redacted JSON nor the masked document; ordinary figures do.
#![allow(missing_docs, clippy::unwrap_used)]

use cm_idscan::{Transaction, TransactionResult};
use txstatus_core::{RawBody, mask_document, provider::decode_json_bytes, to_redacted_json};

const CARD: &str = "4111111111111111";
const BSN: &str = "123456782";

fn decoded<T: serde::de::DeserializeOwned>(body: &serde_json::Value) -> T {
    decode_json_bytes::<T>(
        "cm-idscan",
        200,
        &RawBody::from(body.to_string().into_bytes()),
    )
    .unwrap()
}

fn assert_hidden(what: &str, shown: &str) {
    for secret in [CARD, "4.111111111111111", BSN] {
        assert!(!shown.contains(secret), "{what} shows {secret}: {shown}");
    }
}

fn assert_everywhere_hidden<T: std::fmt::Debug + serde::Serialize>(
    raw: &serde_json::Value,
    model: &T,
) {
    assert_hidden("Debug", &format!("{model:?}"));
    assert_hidden("Debug (alternate)", &format!("{model:#?}"));
    let redacted = to_redacted_json(model).unwrap();
    assert_hidden("redacted JSON", &redacted.to_string());
    assert_hidden(
        "masked document",
        &mask_document(raw, &redacted).to_string(),
    );
}

#[test]
fn task_counts_and_scores_holding_a_card_number_or_bsn_are_withheld() {
    let file = serde_json::json!({
        "category": "document", "type": "passport", "score": 4111111111111111.0_f64,
        "url": "https://api.cm.com/id-scan/v1/downloads/t"
    });
    let raw = serde_json::json!({
        "id": "tx-1",
        "state": "pending",
        "tasks": [
            {"type": "document_scan", "state": "pending", "attempts": 4111111111111111_u64,
             "attemptsInvoiced": BSN, "score": CARD,
             "documentScans": [{"code": "ok", "score": 123456782, "files": [file]}]},
            {"type": "face_match", "attempts": CARD, "attemptsInvoiced": 123456782},
        ],
    });
    let transaction: Transaction = decoded(&raw);
    assert_eq!(transaction.tasks[0].attempts, Some(4_111_111_111_111_111));
    assert_everywhere_hidden(&raw, &transaction);
}

#[test]
fn a_result_task_score_holding_a_card_number_is_withheld() {
    let raw = serde_json::json!({
        "id": "tx-1",
        "state": "completed",
        "tasks": [{"type": "face_match", "state": "completed", "score": CARD}],
    });
    let result: TransactionResult = decoded(&raw);
    assert_everywhere_hidden(&raw, &result);
}

#[test]
fn ordinary_counts_and_scores_are_shown() {
    let raw = serde_json::json!({
        "id": "tx-1",
        "state": "pending",
        "tasks": [{"type": "face_match", "attempts": 3, "attemptsInvoiced": 2,
                   "score": 0.123_456_782}],
    });
    let transaction: Transaction = decoded(&raw);
    let debug = format!("{transaction:?}");
    assert!(debug.contains("attempts: Some(3)"), "{debug}");
    assert!(debug.contains("score: Some(0.123456782)"), "{debug}");
    let redacted = to_redacted_json(&transaction).unwrap();
    assert_eq!(redacted["tasks"][0]["attempts"], 3);
    assert_eq!(redacted["tasks"][0]["score"], 0.123_456_782);
}
