//! `record_decoder!` keeps the rules of `#[derive(Deserialize)]` with
//! `#[serde(default)]` fields: missing keys default, unknown keys (of any shape)
//! are skipped, a repeated key and anything but an object are errors, and a
//! decode error still names the record's fields and hides other keys.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use txstatus_core::{
    Pii, RawBody,
    provider::{
        decode_json_bytes,
        lenient::{StringOrNumber, opt_u64},
    },
};

#[derive(Debug, Default)]
struct Person {
    name: Option<Pii<String>>,
    city: Option<String>,
    age: Option<u64>,
    house: Option<StringOrNumber>,
    address: Option<Address>,
    tags: Option<Vec<String>>,
}

txstatus_core::provider::record_decoder! {
    Person {
        "name" => name: text,
        "homeCity" => city: text,
        "age" => age: (with opt_u64 as Option<u64>),
        "house" => house: value,
        "address" => address: value,
        "tags" => tags: value,
    }
}

#[derive(Debug, Default, PartialEq)]
struct Address {
    street: Option<String>,
}

txstatus_core::provider::record_decoder! {
    Address {
        "street" => street: text,
    }
}

fn read(json: &str) -> Person {
    serde_json::from_str(json).unwrap()
}

#[test]
fn declared_keys_are_read_and_missing_keys_keep_their_default() {
    let person = read(r#"{"name":"Ann","age":"41","address":{"street":"Main"}}"#);
    assert_eq!(person.name.map(Pii::into_exposed).as_deref(), Some("Ann"));
    assert_eq!(person.age, Some(41));
    assert_eq!(
        person.address,
        Some(Address {
            street: Some("Main".into())
        })
    );
    assert!(person.city.is_none() && person.house.is_none() && person.tags.is_none());
    let empty = read("{}");
    assert!(empty.name.is_none() && empty.age.is_none() && empty.address.is_none());
}

#[test]
fn keys_are_matched_as_sent_including_renamed_and_escaped_ones() {
    let person = read(r#"{"homeCity":"Utrecht"}"#);
    assert_eq!(person.city.as_deref(), Some("Utrecht"));
    // The Rust field name is not a key; an escaped key is the same key.
    assert!(read(r#"{"city":"Utrecht"}"#).city.is_none());
    let escaped = read(r#"{"home\u0043ity":"Delft","n\u0061me":"Bo"}"#);
    assert_eq!(escaped.city.as_deref(), Some("Delft"));
    assert!(escaped.name.is_some());
}

#[test]
fn text_fields_take_null_numbers_and_booleans() {
    let person = read(r#"{"name":null,"homeCity":3512}"#);
    assert!(person.name.is_none());
    assert_eq!(person.city.as_deref(), Some("3512"));
    assert_eq!(read(r#"{"homeCity":true}"#).city.as_deref(), Some("true"));
    assert!(serde_json::from_str::<Person>(r#"{"homeCity":{"a":1}}"#).is_err());
}

#[test]
fn unknown_keys_of_any_shape_are_skipped() {
    let person =
        read(r#"{"x":{"deep":[1,{"y":null}]},"name":"Ann","z":[[],{}],"w":-1.5e300,"v":"\u00e9"}"#);
    assert!(person.name.is_some());
}

/// A record a webhook side routes on: its keys are read as bytes.
#[derive(Debug, Default)]
struct Routed {
    id: Option<String>,
    kind: Option<String>,
}

txstatus_core::provider::record_decoder! {
    any_key Routed {
        "id" => id: text,
        "kind" => kind: text,
    }
}

#[test]
fn an_any_key_record_skips_keys_no_rust_string_holds_and_matches_escaped_names() {
    // JSON allows a member name that is a lone surrogate; no `str` holds it.
    for key in [r"\ud800", r"\udfff", r"x\ud83dy", r"\ud83d\u0041"] {
        for read_it in [
            |json: &str| serde_json::from_str::<Routed>(json),
            |json: &str| serde_json::from_slice::<Routed>(json.as_bytes()),
            |json: &str| serde_json::from_reader::<_, Routed>(json.as_bytes()),
        ] {
            let json = format!(r#"{{"{key}":{{"a":[1]}},"id":"t1","kind":"k"}}"#);
            let routed = read_it(&json).unwrap();
            assert_eq!(routed.id.as_deref(), Some("t1"), "{key}");
            assert_eq!(routed.kind.as_deref(), Some("k"), "{key}");
        }
        // A record without `any_key` fails on such a name (with the raw body
        // kept by the caller): reading keys as bytes costs decode time.
        let json = format!(r#"{{"{key}":1,"age":3}}"#);
        assert!(serde_json::from_str::<Person>(&json).is_err(), "{key}");
    }
    // A name written with escapes is the same name, in both kinds of record.
    let routed: Routed = serde_json::from_str(r#"{"\u0069d":"t2","k\u0069nd":"x"}"#).unwrap();
    assert_eq!(routed.id.as_deref(), Some("t2"));
    assert_eq!(routed.kind.as_deref(), Some("x"));
    let person = read(r#"{"\u0061ge":7,"home\u0043ity":"Delft"}"#);
    assert_eq!(person.age, Some(7));
    assert_eq!(person.city.as_deref(), Some("Delft"));
    // Through serde_json's `Value` and serde's own buffer too.
    let value: serde_json::Value = serde_json::from_str(r#"{"id":"t3"}"#).unwrap();
    let routed: Routed = serde_json::from_value(value).unwrap();
    assert_eq!(routed.id.as_deref(), Some("t3"));
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Either {
        Routed(Routed),
    }
    let Either::Routed(routed) = serde_json::from_str(r#"{"id":"t4"}"#).unwrap();
    assert_eq!(routed.id.as_deref(), Some("t4"));
}

#[test]
fn a_repeated_key_is_refused_as_the_derive_refuses_it() {
    let error = serde_json::from_str::<Person>(r#"{"age":1,"age":2}"#).unwrap_err();
    assert!(
        error.to_string().starts_with("duplicate field `age`"),
        "{error}"
    );
    let error = serde_json::from_str::<Person>(r#"{"homeCity":"a","homeCity":"b"}"#).unwrap_err();
    assert!(
        error.to_string().starts_with("duplicate field `homeCity`"),
        "{error}"
    );
    // Unknown keys may repeat: they are not read.
    assert!(serde_json::from_str::<Person>(r#"{"x":1,"x":2}"#).is_ok());
}

#[test]
fn only_an_object_is_a_record() {
    for body in [r#"["Ann","Utrecht"]"#, r#""Ann""#, "3", "true", "null"] {
        let error = serde_json::from_str::<Person>(body).unwrap_err();
        assert!(
            error.to_string().contains("expected struct Person"),
            "{body}: {error}"
        );
    }
}

#[test]
fn a_wrong_value_fails_with_the_field_type_expected() {
    let error = serde_json::from_str::<Person>(r#"{"tags":"a"}"#).unwrap_err();
    assert!(error.to_string().contains("expected a sequence"), "{error}");
    let error = serde_json::from_str::<Person>(r#"{"address":[]}"#).unwrap_err();
    assert!(
        error.to_string().contains("expected struct Address"),
        "{error}"
    );
}

#[test]
fn records_decode_from_other_deserializers_too() {
    let value = serde_json::json!({"name": "Ann", "address": {"street": "Main"}, "q": 1});
    let person: Person = serde_json::from_value(value).unwrap();
    assert!(person.name.is_some());
    assert!(person.address.is_some());
}

#[test]
fn a_decode_error_names_fields_and_hides_other_keys() {
    const PLANTED: &str = "PlantedSurname";
    let body = r#"{"name":"Ann","address":{"street":{"no":1}}}"#;
    let error = decode_json_bytes::<Person>("test", 200, &RawBody::new(body)).unwrap_err();
    assert_eq!(error.json_path(), Some("address.street"));
    let body = format!(r#"{{"{PLANTED}":{{"a":[1,]}}}}"#);
    let error = decode_json_bytes::<Person>("test", 200, &RawBody::new(body)).unwrap_err();
    let shown = format!("{error} {error:?} {:?}", error.json_path());
    assert!(!shown.contains(PLANTED), "{shown}");
}

#[test]
fn decoding_in_place_replaces_every_field_as_a_fresh_decode_does() {
    use serde::Deserialize;

    let mut person = read(r#"{"name":"Ann","homeCity":"Gouda","age":41,"tags":["a"]}"#);
    let mut de = serde_json::Deserializer::from_str(r#"{"age":7}"#);
    Person::deserialize_in_place(&mut de, &mut person).unwrap();
    assert!(person.name.is_none());
    assert!(person.city.is_none());
    assert!(person.tags.is_none());
    assert_eq!(person.age, Some(7));

    for bad in ["[1]", r#""x""#, r#"{"age":[]}"#, r#"{"age":1,"age":2}"#] {
        let mut de = serde_json::Deserializer::from_str(bad);
        let in_place = Person::deserialize_in_place(&mut de, &mut person).unwrap_err();
        let fresh = serde_json::from_str::<Person>(bad).unwrap_err();
        assert_eq!(in_place.to_string(), fresh.to_string(), "{bad}");
    }
}

#[derive(Debug, Default)]
struct IdsAsText {
    id: Option<txstatus_core::Text>,
    name: Option<Pii<txstatus_core::Text>>,
}

txstatus_core::provider::record_decoder! {
    IdsAsText {
        "id" => id: text,
        "name" => name: text,
    }
}

#[derive(Debug, Default)]
struct IdsAsValue {
    id: Option<txstatus_core::Text>,
    name: Option<Pii<txstatus_core::Text>>,
}

txstatus_core::provider::record_decoder! {
    IdsAsValue {
        "id" => id: value,
        "name" => name: value,
    }
}

/// The `text` kind writes the value into the field where it is kept (no copy
/// through serde's return values): it reads what the `value` kind reads, fresh
/// and in place over a record that already holds values.
#[test]
fn text_fields_written_in_place_read_what_the_value_kind_reads() {
    use serde::Deserialize;

    let long = format!("\"{}\"", "x".repeat(200));
    let values = [
        r#""84f29725-7b57-4baa-a290-3be937f95ce6""#,
        r#""""#,
        r#""\u00e9t\u00e9 escaped""#,
        long.as_str(),
        "null",
        "42",
        "-7",
        "7.5",
        "true",
        "{}",
        "[]",
        r#"["a"]"#,
    ];
    let show = |id: &Option<txstatus_core::Text>, name: &Option<Pii<txstatus_core::Text>>| {
        (
            id.as_ref().map(|t| t.as_str().to_owned()),
            name.as_ref().map(|t| t.expose().as_str().to_owned()),
        )
    };
    for value in values {
        let json = format!(r#"{{"id":{value},"name":{value}}}"#);
        let text = serde_json::from_str::<IdsAsText>(&json)
            .map(|r| show(&r.id, &r.name))
            .map_err(|e| e.to_string());
        let by_value = serde_json::from_str::<IdsAsValue>(&json)
            .map(|r| show(&r.id, &r.name))
            .map_err(|e| e.to_string());
        assert_eq!(text, by_value, "for {value}");

        let mut held = serde_json::from_str::<IdsAsText>(
            r#"{"id":"an id held before","name":"a name held before, longer than 38 bytes"}"#,
        )
        .unwrap();
        let mut de = serde_json::Deserializer::from_str(&json);
        let in_place = IdsAsText::deserialize_in_place(&mut de, &mut held)
            .map(|()| show(&held.id, &held.name))
            .map_err(|e| e.to_string());
        assert_eq!(in_place, text, "in place, for {value}");
    }
}
