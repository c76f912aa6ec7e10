//! A value documented as digits keeps every digit a provider sent, whichever
//! reader hands it over.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde::Deserialize;
use txstatus_core::Pii;
use txstatus_core::provider::lenient::StringOrNumber;

#[derive(Debug, Deserialize)]
struct Holder {
    value: Option<StringOrNumber>,
    personal: Option<Pii<StringOrNumber>>,
}

fn read(json: &str) -> Option<StringOrNumber> {
    let body = format!(r#"{{"value": {json}, "personal": {json}}}"#);
    let holder: Holder = serde_json::from_str(&body).unwrap();
    let from_bytes: Holder = serde_json::from_slice(body.as_bytes()).unwrap();
    let from_reader: Holder = serde_json::from_reader(body.as_bytes()).unwrap();
    assert_eq!(holder.value, from_bytes.value, "{json}");
    assert_eq!(holder.value, from_reader.value, "{json}");
    assert_eq!(
        holder.personal.as_ref().map(|p| p.expose().clone()),
        holder.value,
        "{json}"
    );
    holder.value
}

#[test]
fn numbers_no_integer_or_float_holds_are_kept_as_their_text() {
    for text in [
        "123456789012345678901234",
        "-98765432109876543210",
        "18446744073709551616",
        "21.000000000000000001",
        "9007199254740993.5",
        "1e400",
        "-1E+400",
        "1e-400",
        "1e99999999999999999999",
        "-1E+99999999999999999999",
        "1.5e-9223372036854775808",
    ] {
        assert_eq!(
            read(text),
            Some(StringOrNumber::Text(text.into())),
            "{text}"
        );
    }
}

#[test]
fn numbers_an_integer_or_a_float_holds_keep_their_kind() {
    assert_eq!(
        read("18446744073709551615"),
        Some(StringOrNumber::Unsigned(u64::MAX))
    );
    assert_eq!(
        read("-9223372036854775808"),
        Some(StringOrNumber::Signed(i64::MIN))
    );
    assert_eq!(read("12"), Some(StringOrNumber::Unsigned(12)));
    assert_eq!(read(" 12 "), Some(StringOrNumber::Unsigned(12)));
    assert_eq!(read("20.5"), Some(StringOrNumber::Float(20.5)));
    assert_eq!(read("2.05e1"), Some(StringOrNumber::Float(20.5)));
    assert_eq!(
        read(r#""0012a""#),
        Some(StringOrNumber::Text("0012a".into()))
    );
    assert_eq!(read(r#""\u00e9""#), Some(StringOrNumber::Text("é".into())));
    assert_eq!(read("null"), None);
}

#[test]
fn other_kinds_of_value_are_refused() {
    for json in ["true", "{}", r#"{"a":1}"#, "[1]", r#""\ud800""#] {
        let body = format!(r#"{{"value": {json}, "personal": null}}"#);
        assert!(serde_json::from_str::<Holder>(&body).is_err(), "{json}");
    }
}

#[test]
fn readers_without_json_text_still_hand_the_value_over() {
    // serde's own buffer (an untagged enum) and serde_json's `Value` read the
    // number as they hold it.
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        Holder(Holder),
    }
    let body = r#"{"value": 12, "personal": "12a"}"#;
    let Either::Holder(holder) = serde_json::from_str::<Either>(body).unwrap();
    assert_eq!(holder.value, Some(StringOrNumber::Unsigned(12)));
    let value: serde_json::Value = serde_json::from_str(body).unwrap();
    let holder: Holder = serde_json::from_value(value).unwrap();
    assert_eq!(holder.value, Some(StringOrNumber::Unsigned(12)));
    assert_eq!(
        holder.personal.map(|p| p.expose().clone()),
        Some(StringOrNumber::Text("12a".into()))
    );
}
