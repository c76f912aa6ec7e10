//! Extracted values of every shape (text, numbers, booleans, objects, arrays,
//! digit-only and date-shaped personal values) under known and unknown field
//! names, repeated fields and unknown sources, validities and task types:
//! none of the values reaches `Debug`, the redacted JSON, or the raw document
//! masked with it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cm_idscan::{PROVIDER, TransactionResult};
use txstatus_core::{RawBody, mask_document, provider::decode_json_bytes, to_redacted_json};

/// Personal values as CM could send them, each with the text that must not show.
const VALUES: &[(&str, &str)] = &[
    (r#""1990-01-01""#, "1990-01-01"),
    (r#""19900101""#, "19900101"),
    ("19900101", "19900101"),
    (r#""NX1234567""#, "NX1234567"),
    (r#""NL91ABNA0417164300""#, "NL91ABNA0417164300"),
    ("4111111111111111", "4111111111111111"),
    (r#""123456782""#, "123456782"),
    ("123456782", "123456782"),
    ("123456789012345678901234", "123456789012345678901234"),
    (r#"{"day":"31","month":"12","year":"1990"}"#, "1990"),
    (r#"["Jan","Pieter"]"#, "Pieter"),
    (r#"{"nested":{"bsn":123456782}}"#, "123456782"),
    ("1990.0101", "1990.0101"),
];

#[test]
fn no_value_of_any_shape_shows_in_debug_or_redacted_json() {
    for (value, secret) in VALUES {
        let body = format!(
            r#"{{"id":"t1","state":"completed","tasks":[
                {{"type":"document_scan","state":"completed","result":[
                    {{"field":"date_of_birth","validity":"valid","locale":null,"values":[{{"source":"mrz","value":{value}}}]}},
                    {{"field":"date_of_birth","validity":"weird_new","locale":"nl-NL","values":[{{"source":"chip_v2","value":{value}}},{{"value":{value}}}]}},
                    {{"field":"brand_new_field","values":[{{"source":"visual","value":{value},"confidence":0.5}}]}}
                ]}},
                {{"type":"new_task_type","result":{{"anything":{value}}}}},
                {{"type":"face_match","result":[{value}]}}
            ]}}"#
        );
        let result = match decode_json_bytes::<TransactionResult>(
            PROVIDER,
            200,
            &RawBody::from(body.clone().into_bytes()),
        ) {
            Ok(result) => result,
            Err(error) => {
                let shown = format!("{error} {error:?}");
                assert!(!shown.contains(secret), "{value}: {shown}");
                continue;
            }
        };
        let shown = format!("{result:?} {result:#?}");
        assert!(!shown.contains(secret), "{value}: {shown}");
        let redacted = to_redacted_json(&result).unwrap();
        assert!(
            !redacted.to_string().contains(secret),
            "{value}: {redacted}"
        );
        let raw: serde_json::Value = serde_json::from_str(&body).unwrap();
        let masked = mask_document(&raw, &redacted).to_string();
        assert!(!masked.contains(secret), "{value}: {masked}");
    }
}

/// `[name, value]` pairs in place of fields, values or tasks: serde's array
/// form would read a value into `validity` or `source` (shown by `Debug`); they
/// are decode errors that keep the body and show nothing of it.
#[test]
fn pairs_in_place_of_fields_values_or_tasks_are_decode_errors() {
    for result in [
        r#"[["date_of_birth","1990-01-01"]]"#,
        r#"[["document_number","valid","NX1234567"]]"#,
        r#"[{"field":"date_of_birth","values":[["mrz","1990-01-01"]]}]"#,
        r#"[{"field":"date_of_birth","values":[["1990-01-01"]]}]"#,
    ] {
        let body = format!(
            r#"{{"id":"t1","state":"completed","tasks":[{{"type":"document_scan","result":{result}}}]}}"#
        );
        let error = decode_json_bytes::<TransactionResult>(
            PROVIDER,
            200,
            &RawBody::from(body.clone().into_bytes()),
        )
        .unwrap_err();
        assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
        let shown = format!("{error} {error:?}");
        assert!(
            !shown.contains("1990") && !shown.contains("NX1234567"),
            "{shown}"
        );
    }
    let task = r#"{"id":"t1","state":"completed","tasks":[["document_scan","completed",0.9,[]]]}"#;
    assert!(
        decode_json_bytes::<TransactionResult>(
            PROVIDER,
            200,
            &RawBody::from(task.as_bytes().to_vec())
        )
        .is_err()
    );
}
