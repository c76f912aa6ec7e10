//! Model behaviour over every fixture: privacy of Debug and redacted JSON, keys
//! written back as sent, lenient decoding.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::{fs, path::PathBuf};

use onespan_tx::{Emails, EpochMillis, Transaction};
use serde_json::Value;
use txstatus_core::lenient::StringOrNumber;

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut out: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            (
                p.file_stem().unwrap().to_str().unwrap().to_owned(),
                fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    assert!(out.len() >= 20, "fixtures missing");
    out
}

fn transactions() -> Vec<(String, Vec<u8>, Transaction)> {
    fixtures()
        .into_iter()
        .filter(|(case, _)| !case.starts_with("error-"))
        .map(|(case, bytes)| {
            let t = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{case}: {e}"));
            (case, bytes, t)
        })
        .collect()
}

/// Every leaf under `value`, as text.
fn leaves(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Number(n) => out.push(n.to_string()),
        Value::Array(items) => items.iter().for_each(|v| leaves(v, out)),
        Value::Object(map) => map.values().for_each(|v| leaves(v, out)),
        _ => {}
    }
}

/// The personal values and secrets of a fixture: everything about users but
/// their role, token values and access URLs, document content URLs, events,
/// and the values of keys the model does not know.
fn personal_values(json: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let items = |key: &str| {
        json.get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    for user in items("users") {
        for (key, value) in user.as_object().unwrap() {
            if key != "role" && key != "groups" {
                leaves(value, &mut out);
            }
        }
    }
    for token in items("tokens") {
        for key in ["token", "accessUrl"] {
            if let Some(v) = token.get(key) {
                leaves(v, &mut out);
            }
        }
    }
    for document in items("documents") {
        for key in ["content", "title", "description"] {
            if let Some(v) = document.get(key) {
                leaves(v, &mut out);
            }
        }
    }
    for event in items("events") {
        for (key, value) in event.as_object().unwrap() {
            if !matches!(key.as_str(), "role" | "type" | "verification") {
                leaves(value, &mut out);
            }
        }
    }
    for key in ["opaque_id", "view_state"] {
        if let Some(v) = json.get(key) {
            leaves(v, &mut out);
        }
    }
    for verification in items("verifications") {
        if let Some(v) = verification.get("extracted") {
            leaves(v, &mut out);
        }
    }
    // Short values ("GB", "3") also occur in non-personal text; the fixtures give
    // every personal value five characters or more.
    out.retain(|s| s.len() >= 5);
    out
}

#[test]
fn debug_and_redacted_json_show_no_personal_value_or_token_of_any_fixture() {
    let mut checked = 0;
    for (case, bytes, transaction) in transactions() {
        let json: Value = serde_json::from_slice(&bytes).unwrap();
        let secrets = personal_values(&json);
        let debug = format!("{transaction:?}\n{transaction:#?}");
        let redacted = txstatus_core::to_redacted_json(&transaction)
            .unwrap()
            .to_string();
        for secret in &secrets {
            assert!(
                !debug.contains(secret.as_str()),
                "{case}: Debug shows {secret:?}"
            );
            assert!(
                !redacted.contains(secret.as_str()),
                "{case}: redacted JSON shows {secret:?}"
            );
            checked += 1;
        }
    }
    assert!(checked > 60, "only {checked} values checked");
}

#[test]
fn fixture_personal_values_do_come_back_unredacted_on_request() {
    let (_, bytes, transaction) = transactions()
        .into_iter()
        .find(|(case, ..)| case == "transaction-status")
        .unwrap();
    let json: Value = serde_json::from_slice(&bytes).unwrap();
    let plain = serde_json::to_string(&transaction).unwrap();
    for secret in personal_values(&json) {
        assert!(plain.contains(&secret), "{secret}");
    }
    let user = &transaction.users.as_ref().unwrap()[0];
    assert_eq!(user.first_name.as_ref().unwrap().expose(), "Wilhelmina");
    assert_eq!(
        user.date_of_birth().unwrap().expose().to_string(),
        "1984-02-29"
    );
    assert_eq!(
        user.address
            .as_ref()
            .unwrap()
            .house_number
            .as_ref()
            .unwrap()
            .expose(),
        &StringOrNumber::Text("221B".into())
    );
    assert!(format!("{user:?}").contains("[redacted]"));
}

/// Objects without their `null` members (null values are read as absent).
fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

/// Scalars as text, for the case that sends numbers where text is documented.
fn scalars_as_text(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, scalars_as_text(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(scalars_as_text).collect()),
        Value::Number(n) => Value::String(n.to_string()),
        other => other,
    }
}

#[test]
fn every_fixture_serializes_back_with_the_keys_and_values_as_sent() {
    for (case, bytes, transaction) in transactions() {
        // `null` is read as absent, except under unknown keys, kept raw.
        let sent = without_nulls(serde_json::from_slice(&bytes).unwrap());
        let written = without_nulls(serde_json::to_value(&transaction).unwrap());
        if case == "huge-numbers" {
            // serde_json::Value rounds 2^64 to an f64; the model keeps the digits.
            let text = serde_json::to_string(&transaction).unwrap();
            assert!(text.contains("18446744073709551616"), "{case}: {text}");
        } else if matches!(
            case.as_str(),
            "lenient-types" | "numbers-and-strings-swapped"
        ) {
            // `phone_number` arrives as a number and is read as text.
            assert_eq!(scalars_as_text(written), scalars_as_text(sent), "{case}");
        } else {
            assert_eq!(written, sent, "{case}");
        }
    }
}

#[test]
fn unknown_keys_are_kept_in_order_at_every_level() {
    let (_, _, t) = transactions()
        .into_iter()
        .find(|(case, ..)| case == "extra-fields")
        .unwrap();
    assert_eq!(
        t.extra.keys().collect::<Vec<_>>(),
        [
            "opaque_id",
            "request_ids",
            "configuration",
            "expiry",
            "view_state"
        ]
    );
    assert_eq!(
        t.extra.get("request_ids").unwrap().expose().get(),
        r#"["5f1c9e2a-8d3b-4c71-a0e6-9b2d4f7c1a38"]"#
    );
    let user = &t.users.as_ref().unwrap()[0];
    assert_eq!(
        user.extra.keys().collect::<Vec<_>>(),
        ["gender", "company", "bank", "nationality"]
    );
    assert_eq!(
        user.address
            .as_ref()
            .unwrap()
            .extra
            .keys()
            .collect::<Vec<_>>(),
        ["address_line_2"]
    );
    assert_eq!(
        t.tokens.as_ref().unwrap()[0]
            .extra
            .keys()
            .collect::<Vec<_>>(),
        ["expires"]
    );
    assert_eq!(t.documents.as_ref().unwrap()[0].extra.len(), 2);
    assert_eq!(
        t.verifications.as_ref().unwrap()[0]
            .extra
            .keys()
            .collect::<Vec<_>>(),
        ["score", "extracted"]
    );
    let redacted = txstatus_core::to_redacted_json(&t).unwrap();
    assert_eq!(redacted["configuration"], "[redacted]");
    assert_eq!(redacted["urlSetKey"], "default");
}

#[test]
fn token_version_keeps_its_json_type() {
    let find = |name: &str| {
        transactions()
            .into_iter()
            .find(|(case, ..)| case == name)
            .unwrap()
            .2
    };
    let text = find("token-version-string");
    let tokens = text.tokens.as_ref().unwrap();
    assert_eq!(tokens[0].version, Some(StringOrNumber::Text("0".into())));
    assert_eq!(tokens[1].version.as_ref().unwrap().as_u64(), Some(12));
    let number = find("token-version-number");
    let tokens = number.tokens.as_ref().unwrap();
    assert_eq!(tokens[0].version, Some(StringOrNumber::Unsigned(0)));
    assert_eq!(tokens[1].version.as_ref().unwrap().as_u64(), Some(7));
    assert_eq!(serde_json::to_value(&tokens[1]).unwrap()["version"], 7);
}

#[test]
fn verification_timestamps_are_epoch_milliseconds() {
    let (_, _, t) = transactions()
        .into_iter()
        .find(|(case, ..)| case == "transaction-status-with-verifications")
        .unwrap();
    let v = &t.verifications.as_ref().unwrap()[0];
    let ts = v.timestamp.as_ref().unwrap();
    assert_eq!(ts.millis(), Some(1_657_216_749_097));
    let time = ts.to_datetime().unwrap();
    assert_eq!(time.unix_timestamp(), 1_657_216_749);
    assert_eq!(time.millisecond(), 97);
    assert_eq!(
        ts.to_timestamp().unwrap().as_str(),
        "2022-07-07T17:59:09.097Z"
    );
    assert_eq!(serde_json::to_string(ts).unwrap(), "1657216749097");
    assert_eq!(
        v.vhub_verification_id.as_deref(),
        Some("3e16826f-fb30-4cfb-bc7d-ac96545e0111")
    );

    let from_text: EpochMillis = serde_json::from_str(r#""1657216749097""#).unwrap();
    assert_eq!(from_text.millis(), Some(1_657_216_749_097));
    assert_eq!(
        serde_json::to_string(&from_text).unwrap(),
        r#""1657216749097""#
    );
    let rfc: EpochMillis = serde_json::from_str(r#""2022-07-07T17:59:09.097Z""#).unwrap();
    assert_eq!(rfc.millis(), Some(1_657_216_749_097));
    let junk: EpochMillis = serde_json::from_str(r#""yesterday""#).unwrap();
    assert_eq!(junk.to_datetime(), None);
    assert!(serde_json::from_str::<EpochMillis>("true").is_err());
}

#[test]
fn lenient_shapes_decode() {
    let t: Transaction = serde_json::from_str(
        r#"{
            "id": 12345,
            "status": "completed",
            "created": 1657216749097,
            "completed": 1657216800,
            "tokens": [null, {"role": "signer1", "version": 2.0}],
            "users": [{"emails": ["a@example.com", null, "b@example.com"], "dob": "not a date"}],
            "documents": [],
            "unknown": {"deep": [1, 2, {"x": null}]},
            "status": "expired"
        }"#,
    )
    .unwrap();
    assert_eq!(t.id.as_deref(), Some("12345"));
    assert_eq!(t.raw_status(), "expired", "the last duplicate wins");
    assert_eq!(
        t.created.as_ref().unwrap().as_str(),
        "2022-07-07T17:59:09.097Z"
    );
    assert_eq!(
        t.completed.as_ref().unwrap().as_str(),
        "2022-07-07T18:00:00Z"
    );
    let tokens = t.tokens.as_ref().unwrap();
    assert_eq!(tokens.len(), 2);
    assert!(tokens[0].role.is_none());
    let user = &t.users.as_ref().unwrap()[0];
    assert_eq!(
        user.emails.as_ref().unwrap().expose().addresses(),
        ["a@example.com", "b@example.com"]
    );
    assert!(user.date_of_birth().is_none());
    assert_eq!(t.extra.keys().collect::<Vec<_>>(), ["unknown"]);

    let emails: Emails = serde_json::from_str(r#"" a@example.com ,b@example.com,""#).unwrap();
    assert_eq!(emails.addresses(), ["a@example.com", "b@example.com"]);
    assert!(!format!("{emails:?}").contains("example"));

    let empty: Transaction = serde_json::from_str("{}").unwrap();
    assert!(empty.id.is_none() && empty.extra.is_empty());
    assert_eq!(serde_json::to_string(&empty).unwrap(), "{}");
}

#[test]
fn times_are_kept_as_sent_and_parsed_on_access() {
    let t: Transaction = serde_json::from_str(
        r#"{"created": "2022-07-07T18:05:11.204Z", "completed": "yesterday"}"#,
    )
    .unwrap();
    let created = t.created.as_ref().unwrap();
    assert_eq!(created.as_str(), "2022-07-07T18:05:11.204Z");
    assert_eq!(created.parsed().unwrap().unix_timestamp(), 1_657_217_111);
    assert_eq!(created.to_timestamp().parsed(), created.parsed());
    assert_eq!(format!("{created:?}"), "2022-07-07T18:05:11.204Z");
    let completed = t.completed.as_ref().unwrap();
    assert_eq!(completed.parsed(), None);
    assert_eq!(completed.to_timestamp().as_str(), "yesterday");
    assert_eq!(format!("{completed:?}"), r#"Unparsed("yesterday")"#);
    let written = serde_json::to_value(&t).unwrap();
    assert_eq!(written["created"], "2022-07-07T18:05:11.204Z");
    assert_eq!(written["completed"], "yesterday");
    assert!(serde_json::from_str::<Transaction>(r#"{"created": true}"#).is_err());
}

#[test]
fn events_are_one_raw_array_split_on_request() {
    let t: Transaction = serde_json::from_str(
        r#"{"events": [{"type": "a", "who": "Jane Example"}, null, {"type": "b"}]}"#,
    )
    .unwrap();
    let events = t.events.as_ref().unwrap();
    assert_eq!(events.len(), 3);
    assert_eq!(
        events.items()[0].expose().get(),
        r#"{"type": "a", "who": "Jane Example"}"#
    );
    assert_eq!(events.items()[1].expose().get(), "null");
    assert!(!format!("{t:?}").contains("Jane"));
    let redacted = txstatus_core::to_redacted_json(&t).unwrap();
    assert_eq!(
        redacted["events"],
        serde_json::json!(["[redacted]", "[redacted]", "[redacted]"])
    );
    let written = serde_json::to_value(&t).unwrap();
    assert_eq!(written["events"][0]["who"], "Jane Example");
    assert_eq!(written["events"][1], Value::Null);

    let empty: Transaction = serde_json::from_str(r#"{"events": []}"#).unwrap();
    assert!(empty.events.as_ref().unwrap().is_empty());
    let null: Transaction = serde_json::from_str(r#"{"events": null}"#).unwrap();
    assert!(null.events.is_none());
    assert!(serde_json::from_str::<Transaction>(r#"{"events": {"type": "a"}}"#).is_err());
}

#[test]
fn a_repeated_unknown_key_keeps_its_last_value_where_it_came_last() {
    let t: Transaction =
        serde_json::from_str(r#"{"a": 1, "b": {"x": 2}, "c": 3, "a": [4], "id": "x"}"#).unwrap();
    assert_eq!(t.extra.keys().collect::<Vec<_>>(), ["b", "c", "a"]);
    assert_eq!(t.extra.len(), 3);
    assert_eq!(t.extra.get("a").unwrap().expose().get(), "[4]");
    assert_eq!(
        serde_json::to_string(&t).unwrap(),
        r#"{"id":"x","b":{"x": 2},"c":3,"a":[4]}"#
    );
}

#[test]
fn closed_vocabularies_keep_unknown_values() {
    use onespan_tx::{Language, Role, VerificationName, VerificationStatus, VhubTransactionStatus};

    let t: Transaction = serde_json::from_str(
        r#"{
            "language": "klingon",
            "tokens": [{"role": "signer2"}, {"role": "witness"}],
            "verifications": [
                {"name": "doc_id", "status": "SUCCESS", "vhub_transaction_status": "COMPLETED"},
                {"name": "voice", "status": "PENDING", "vhub_transaction_status": "IN_PROGRESS"}
            ]
        }"#,
    )
    .unwrap();
    assert_eq!(t.language, Some(Language::Unknown("klingon".into())));
    let tokens = t.tokens.as_ref().unwrap();
    assert_eq!(tokens[0].role, Some(Role::Signer2));
    assert_eq!(tokens[1].role, Some(Role::Unknown("witness".into())));
    let v = t.verifications.as_ref().unwrap();
    assert_eq!(v[0].name, Some(VerificationName::DocId));
    assert_eq!(v[0].status, Some(VerificationStatus::Success));
    assert_eq!(
        v[0].vhub_transaction_status,
        Some(VhubTransactionStatus::Completed)
    );
    assert_eq!(v[1].name.as_ref().unwrap().as_str(), "voice");
    assert!(v[1].status.as_ref().unwrap().is_unknown());
    let written = serde_json::to_value(&t).unwrap();
    assert_eq!(written["language"], "klingon");
    assert_eq!(written["tokens"][1]["role"], "witness");
    assert_eq!(
        written["verifications"][1]["vhub_transaction_status"],
        "IN_PROGRESS"
    );
}

#[test]
fn nested_records_and_arrays_follow_the_json() {
    let t: Transaction = serde_json::from_str(
        r#"{
            "users": [
                {"address": {"city": "Old Town", "street": "First Street"}, "address": {"city": "New Town"}},
                {"address": null},
                null
            ],
            "documents": null,
            "verifications": []
        }"#,
    )
    .unwrap();
    let users = t.users.as_ref().unwrap();
    assert_eq!(users.len(), 3);
    // A repeated key replaces the whole record, as for every other field.
    let address = users[0].address.as_ref().unwrap();
    assert_eq!(address.city.as_ref().unwrap().expose(), "New Town");
    assert!(address.street.is_none());
    assert!(users[1].address.is_none());
    assert!(users[2].role.is_none() && users[2].extra.is_empty());
    assert!(t.documents.is_none());
    assert!(t.verifications.as_ref().unwrap().is_empty());
    assert!(serde_json::from_str::<Transaction>(r#"{"users": {"role": "signer1"}}"#).is_err());

    let many: Transaction = serde_json::from_str(
        r#"{"tokens": [{"role": "signer1"}, {"role": "signer2"}, {"role": "signer3"},
                       {"role": "signer4"}, {"role": "signer5"}, {"role": "signer6"}]}"#,
    )
    .unwrap();
    let roles: Vec<&str> = many
        .tokens
        .as_ref()
        .unwrap()
        .iter()
        .map(|t| t.role.as_ref().unwrap().as_str())
        .collect();
    assert_eq!(
        roles,
        [
            "signer1", "signer2", "signer3", "signer4", "signer5", "signer6"
        ]
    );
}
