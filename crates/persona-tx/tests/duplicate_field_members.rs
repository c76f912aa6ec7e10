//! Members sent twice inside field values (a hostile or broken body): no copy
//! silently wins. A field object with `type` or `value` twice, and a `hash`
//! value naming a member twice, are kept whole as `FieldValue::Raw` (every
//! copy); a field name sent twice in `fields` fails the read with a decode error
//! that keeps the body and does not name the field.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;

use persona_tx::{FieldValue, Included, Transaction};
use txstatus_core::ErrorKind;

const PERSONAL: &str = "Qwertzuiop Personal";

fn with_fields(fields: &str) -> String {
    format!(
        r#"{{"data":{{"type":"transaction","id":"txn_DUPF1","attributes":{{"status":"approved","fields":{{{fields}}}}}}}}}"#
    )
}

fn decode(body: &str) -> Transaction {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{body}: {e}"))
}

fn raw_text(value: &FieldValue) -> String {
    match value {
        FieldValue::Raw(raw) => raw.expose().get().to_owned(),
        other => panic!("expected the field kept raw, got {:?}", other.type_name()),
    }
}

#[test]
fn a_field_object_sending_type_or_value_twice_is_kept_whole_with_every_copy() {
    let cases = [
        // (member as sent, every copy that must be kept)
        (
            r#"{"type":"string","value":"first","value":"second"}"#,
            &["\"first\"", "\"second\""][..],
        ),
        (
            r#"{"type":"string","type":"integer","value":"7"}"#,
            &["\"string\"", "\"integer\""][..],
        ),
        (
            r#"{"type":"integer","value":7,"type":"string"}"#,
            &["\"integer\"", "\"string\""][..],
        ),
        (
            r#"{"type":"integer","type":"string"}"#,
            &["\"integer\"", "\"string\""][..],
        ),
        (
            r#"{"type":"integer","value":"x","value":8}"#,
            &["\"x\"", "8"][..],
        ),
        // `type` not first: the buffered path.
        (
            r#"{"value":"first","type":"string","value":"second"}"#,
            &["\"first\"", "\"second\""][..],
        ),
        (
            r#"{"value":"7","type":"string","type":"integer"}"#,
            &["\"string\"", "\"integer\""][..],
        ),
        // Nested in a hash.
        (
            r#"{"type":"hash","value":{"k":{"type":"string","value":"first","value":"second"}}}"#,
            &["\"first\"", "\"second\""][..],
        ),
    ];
    for (member, copies) in cases {
        let body = with_fields(&format!(r#""f":{member}"#));
        let transaction = decode(&body);
        let mut field = transaction.field("f").unwrap();
        if let Some(inner) = field.get("k") {
            field = inner;
        }
        let raw = raw_text(field);
        for copy in copies {
            assert_eq!(raw.matches(copy).count(), 1, "{member}: {raw} lacks {copy}");
        }
        // Written back whole, never one copy.
        let written = serde_json::to_string(&transaction).unwrap();
        for copy in copies {
            assert!(written.contains(copy), "{member}: {written}");
        }
    }
}

#[test]
fn a_hash_naming_a_member_twice_is_kept_whole_in_the_order_sent() {
    let body = with_fields(
        r#""name":{"type":"hash","value":{"first":{"type":"string","value":"Ann"},"last":{"type":"string","value":"Roe"},"first":{"type":"string","value":"Bea"},"middle":{"type":"json","value":[1]}}}"#,
    );
    let transaction = decode(&body);
    let raw = raw_text(transaction.field("name").unwrap());
    assert_eq!(
        raw,
        r#"{"type":"hash","value":{"first":{"type":"string","value":"Ann"},"last":{"type":"string","value":"Roe"},"first":{"type":"string","value":"Bea"},"middle":{"type":"json","value":[1]}}}"#
    );
    // Personal either way.
    assert!(!format!("{transaction:?}").contains("Bea"));
    let redacted = txstatus_core::to_redacted_json(&transaction)
        .unwrap()
        .to_string();
    assert!(
        !redacted.contains("Bea") && !redacted.contains("Ann"),
        "{redacted}"
    );
}

#[test]
fn a_repeated_hash_member_keeps_the_members_before_it_in_arrival_order() {
    let body = with_fields(
        r#""name":{"type":"hash","value":{"z":{"type":"string","value":"Z"},"a":{"type":"string","value":"A"},"z":{"type":"string","value":"Y"}}}"#,
    );
    let transaction = decode(&body);
    let raw = raw_text(transaction.field("name").unwrap());
    assert_eq!(
        raw,
        r#"{"type":"hash","value":{"z":{"type":"string","value":"Z"},"a":{"type":"string","value":"A"},"z":{"type":"string","value":"Y"}}}"#
    );
}

#[test]
fn a_hash_with_distinct_members_is_still_typed() {
    let body = with_fields(
        r#""name":{"type":"hash","value":{"b":{"type":"string","value":"B"},"a":{"type":"integer","value":1}}}"#,
    );
    let transaction = decode(&body);
    let name = transaction.field("name").unwrap();
    assert_eq!(name.type_name(), Some("hash"));
    assert_eq!(name.get("b").unwrap().text().unwrap().expose(), "B");
    assert_eq!(name.get("a").unwrap().type_name(), Some("integer"));
}

async fn read(body: &str) -> persona_tx::Result<Transaction> {
    let mut server = mockito::Server::new_async().await;
    let _mock = support::serves_json(&mut server, "/transactions/txn_DUPF1", body).await;
    let client = support::client(&server, "persona_test_key_dupf_9a1c");
    client
        .transaction("txn_DUPF1")
        .await
        .map(|response| response.value().clone())
}

#[tokio::test]
async fn a_field_name_sent_twice_fails_the_read_with_the_body_and_no_name_shown() {
    let twice = format!(
        r#""{PERSONAL}":{{"type":"string","value":"a"}},"{PERSONAL}":{{"type":"string","value":"b"}}"#
    );
    let cases = [
        with_fields(
            r#""country":{"type":"string","value":"NL"},"country":{"type":"string","value":"US"}"#,
        ),
        with_fields(r#""country":null,"country":{"type":"string","value":"US"}"#),
        with_fields(&twice),
    ];
    for body in cases {
        let error = match read(&body).await {
            Ok(t) => panic!("{body}: read as {:?}", t.raw_status()),
            Err(error) => error,
        };
        assert!(
            matches!(error.kind(), ErrorKind::Decode(_)),
            "{body}: {error}"
        );
        assert_eq!(error.body().map(|b| b.as_bytes()), Some(body.as_bytes()));
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains(PERSONAL), "{shown}");
    }
    // Distinct names still read.
    let fine = read(&with_fields(
        r#""country":{"type":"string","value":"NL"},"Country":{"type":"string","value":"US"}"#,
    ))
    .await
    .unwrap();
    assert_eq!(fine.fields().unwrap().len(), 2);
}

#[test]
fn an_included_account_naming_a_field_twice_is_kept_whole_not_typed() {
    // As for any included object whose attributes do not decode: kept whole
    // (`Included::Other`), every copy, never the account with one copy.
    let body = r#"{"data":{"type":"transaction","id":"txn_DUPF1","attributes":{"status":"approved"}},"included":[{"type":"account","id":"act_1","attributes":{"fields":{"birthdate":{"type":"date","value":"1990-01-01"},"birthdate":{"type":"date","value":"2000-02-02"}}}}]}"#;
    let transaction = decode(body);
    let included = &transaction.included.as_ref().unwrap()[0];
    assert!(included.as_account().is_none());
    let Included::Other(other) = included else {
        panic!("expected the account kept whole");
    };
    let attributes = other.attributes.as_ref().unwrap().expose().get();
    assert!(
        attributes.contains("1990-01-01") && attributes.contains("2000-02-02"),
        "{attributes}"
    );
}

#[test]
fn a_value_kept_raw_keeps_member_order_every_copy_and_number_forms() {
    // A value that does not fit its type, a `type` that is not a string, and
    // a member that is not a field object: each kept as received.
    let cases = [
        r#"{"type":"string","value":{"z":1.50,"a":[2.0,{"y":1,"y":2}],"a":null}}"#,
        r#"{"type":{"z":1,"a":2,"z":3},"value":"x"}"#,
        r#"[{"z":1.50,"a":1,"z":2}]"#,
        r#"{"type":"integer","value":[3.10,{"b":1,"a":1,"b":2}]}"#,
    ];
    for member in cases {
        let body = with_fields(&format!(r#""f":{member}"#));
        let transaction = decode(&body);
        assert_eq!(raw_text(transaction.field("f").unwrap()), member);
    }
    // Through a `serde_json::Value` (whose objects are already one of each
    // name, in its own order) it still decodes.
    let value: serde_json::Value =
        serde_json::from_str(r#"{"type":"string","value":{"b":[1],"a":2}}"#).unwrap();
    let field: FieldValue = serde_json::from_value(value).unwrap();
    assert_eq!(
        raw_text(&field),
        r#"{"type":"string","value":{"a":2,"b":[1]}}"#
    );
}
