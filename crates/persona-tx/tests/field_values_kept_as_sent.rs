//! A field value that does not fit its type, or that serde_json does not read
//! (a number past `f64`, an escaped surrogate without its other half), is kept
//! as sent (`FieldValue::Raw`, written as received): the read never fails for
//! it, and no digit is rounded. Both decode paths: `type` first (Persona's
//! order) and `value` first.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use persona_tx::{FieldValue, Transaction};
use txstatus_core::{RawBody, provider::decode_json_bytes};

fn with_field(field: &str) -> String {
    format!(
        r#"{{"data":{{"type":"transaction","id":"txn_NUMF1","attributes":{{"status":"approved","fields":{{"f":{field}}}}}}}}}"#
    )
}

fn decoded_field(field: &str) -> FieldValue {
    let body = with_field(field);
    let transaction: Transaction =
        decode_json_bytes(persona_tx::PROVIDER, 200, &RawBody::new(body.clone()))
            .unwrap_or_else(|e| panic!("{body}: {e}"));
    transaction.field("f").unwrap().clone()
}

fn raw_text(value: &FieldValue) -> String {
    match value {
        FieldValue::Raw(raw) => raw.expose().get().to_owned(),
        other => panic!("expected the value kept raw, got {:?}", other.type_name()),
    }
}

#[test]
fn a_value_no_number_type_holds_is_kept_with_every_digit() {
    for kind in [
        "integer", "number", "string", "boolean", "date", "choices", "hash", "array",
    ] {
        for value in [
            "1e400",
            "-2.5E+99999",
            "123456789012345678901234567890",
            "0.1000000000000000055511151231257827",
            r#""a\ud800b""#,
            r#""\udc00""#,
        ] {
            if kind == "number"
                && !value.contains("e")
                && !value.contains("E")
                && !value.starts_with('"')
            {
                // A float holds it, if not exactly: `number` is an `f64`.
                continue;
            }
            for field in [
                format!(r#"{{"type":"{kind}","value":{value}}}"#),
                format!(r#"{{"value":{value},"type":"{kind}"}}"#),
            ] {
                let decoded = decoded_field(&field);
                let kept = raw_text(&decoded);
                assert!(kept.contains(value), "{field}: kept {kept}");
                assert!(kept.contains(kind), "{field}: kept {kept}");
            }
        }
    }
}

#[test]
fn values_that_fit_their_type_are_still_typed() {
    let cases = [
        (r#"{"type":"integer","value":12}"#, "integer"),
        (r#"{"type":"number","value":2.5}"#, "number"),
        (
            r#"{"type":"number","value":123456789012345678901234567890}"#,
            "number",
        ),
        (
            r#"{"type":"string","value":"Jan \u00e9 \ud83d\ude00"}"#,
            "string",
        ),
        (r#"{"value":"x","type":"string"}"#, "string"),
        (r#"{"type":"boolean","value":true}"#, "boolean"),
        (
            r#"{"type":"hash","value":{"a":{"type":"integer","value":1e400}}}"#,
            "hash",
        ),
        (
            r#"{"type":"array","value":[{"type":"string","value":"\ud800"}]}"#,
            "array",
        ),
    ];
    for (field, kind) in cases {
        let decoded = decoded_field(field);
        assert_eq!(decoded.type_name(), Some(kind), "{field}");
    }
    let hash = decoded_field(r#"{"type":"hash","value":{"a":{"type":"integer","value":1e400}}}"#);
    assert_eq!(
        raw_text(hash.get("a").unwrap()),
        r#"{"type":"integer","value":1e400}"#
    );
    let text = decoded_field(r#"{"type":"string","value":"Jan \u00e9"}"#);
    assert_eq!(text.text().unwrap().expose(), "Jan é");
}
