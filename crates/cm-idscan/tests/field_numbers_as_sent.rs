//! An extracted value sent as a JSON number (a document number, a card number,
//! an IBAN's digits, a BSN, a birth date as `19900101`) keeps every digit as
//! sent: `FieldValue::text` gives the digits CM wrote, not a float's rounding,
//! and neither `Debug` nor the redacted JSON shows them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cm_idscan::{PROVIDER, TransactionResult};
use txstatus_core::{RawBody, provider::decode_json_bytes, to_redacted_json};

/// Numbers as CM might write them, each past what a float or a 64-bit integer
/// keeps exactly, or written in a form a float would rewrite.
const NUMBERS: &[&str] = &[
    // 24 digits: past u64.
    "123456789012345678901234",
    // A 20-digit number just past u64::MAX.
    "18446744073709551616",
    // IBAN digits (NL91ABNA0417164300 as digits only).
    "91041716430012345678901",
    // Negative, past i64.
    "-9223372036854775809",
    // Forms a float rewrites.
    "1.10",
    "1e3",
    "0.000000000000000000012345678901234567890",
    // Past a float's range: serde_json's `Value` refuses them.
    "1e400",
    "-2.5E+99999",
];

fn result_with(number: &str) -> (String, TransactionResult) {
    let body = format!(
        r#"{{"id":"t1","state":"completed","tasks":[{{"type":"document_scan","result":[
            {{"field":"document_number","values":[{{"source":"mrz","value":{number}}}]}},
            {{"field":"document_number","values":[{{"source":"visual","value":{number}}}]}}
        ]}}]}}"#
    );
    let result = decode_json_bytes::<TransactionResult>(
        PROVIDER,
        200,
        &RawBody::from(body.clone().into_bytes()),
    )
    .unwrap();
    (body, result)
}

#[test]
fn a_value_sent_as_a_number_keeps_every_digit_as_sent() {
    for number in NUMBERS {
        let (_, result) = result_with(number);
        let picked = result.pick("document_number").expect(number);
        let text = picked.value.text().expect(number).into_exposed();
        assert_eq!(&text, number, "the digits as sent");
        for task in &result.tasks {
            for field in task.fields() {
                for value in &field.values {
                    assert_eq!(value.text().unwrap().expose(), number);
                }
            }
        }
    }
}

#[test]
fn a_value_sent_as_a_number_is_written_back_as_sent_and_hidden_when_redacted() {
    for number in NUMBERS {
        let (_, result) = result_with(number);
        let written = serde_json::to_string(&result).unwrap();
        assert!(
            written.contains(&format!(r#""value":{number}"#)),
            "{number}: {written}"
        );
        let redacted = to_redacted_json(&result).unwrap().to_string();
        let shown = format!("{result:?} {result:#?}");
        let digits = number.trim_start_matches('-');
        if digits.len() >= 8 {
            assert!(!redacted.contains(digits), "{number}: {redacted}");
            assert!(!shown.contains(digits), "{number}: {shown}");
        }
    }
}

#[test]
fn numbers_that_fit_still_read_as_numbers() {
    let (_, result) = result_with("123456789");
    let value = result.pick("document_number").unwrap().value;
    assert_eq!(value.text().unwrap().expose(), "123456789");
    assert_eq!(
        value.value.as_ref().unwrap().expose(),
        &serde_json::json!(123456789)
    );
}

#[test]
fn a_value_holding_an_escaped_lone_surrogate_reads_as_one_replacement_character() {
    let (_, result) = result_with(r#""AB\ud800CD""#);
    let value = result.pick("document_number").unwrap().value;
    assert_eq!(value.text().unwrap().expose(), "AB\u{fffd}CD");
}
