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
use txstatus_core::provider::lenient::StringOrNumber;

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

/// Fixtures of other answers (`tests/render/cases.rs`), and error bodies.
const NOT_TRANSACTIONS: &[&str] = &[
    "error-",
    "erasure-",
    "report-",
    "images-",
    "notification-",
    "verification-",
];

fn transactions() -> Vec<(String, Vec<u8>, Transaction)> {
    fixtures()
        .into_iter()
        .filter(|(case, _)| !NOT_TRANSACTIONS.iter().any(|p| case.starts_with(p)))
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
    // The personal values under the keys the model names (the others stay in
    // the raw body only).
    let written = serde_json::to_value(&transaction).unwrap();
    let json = pruned_to(
        serde_json::from_slice(&bytes).unwrap(),
        &written,
        &mut Vec::new(),
    );
    let plain = serde_json::to_string(&transaction).unwrap();
    let secrets = personal_values(&json);
    assert!(secrets.len() > 10, "{secrets:?}");
    for secret in secrets {
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

/// `sent` with only the object keys `written` has; the keys left out go to
/// `dropped`.
fn pruned_to(sent: Value, written: &Value, dropped: &mut Vec<String>) -> Value {
    match (sent, written) {
        (Value::Object(map), Value::Object(kept)) => Value::Object(
            map.into_iter()
                .filter_map(|(k, v)| match kept.get(&k) {
                    Some(w) => Some((k.clone(), pruned_to(v, w, dropped))),
                    None => {
                        dropped.push(k);
                        None
                    }
                })
                .collect(),
        ),
        (Value::Array(items), Value::Array(kept)) => Value::Array(
            items
                .into_iter()
                .zip(kept)
                .map(|(v, w)| pruned_to(v, w, dropped))
                .collect(),
        ),
        (other, _) => other,
    }
}

/// The keys of the fixtures that no model names: they stay in the raw body only.
const UNMODELLED_KEYS: &[&str] = &[
    "opaque_id",
    "request_ids",
    "configuration",
    "expiry",
    "view_state",
    "gender",
    "company",
    "bank",
    "nationality",
    "groups",
    "address_line_2",
    "expires",
    "score",
    "extracted",
    "extension",
    "signatures",
];

#[test]
fn every_fixture_serializes_back_with_the_keys_and_values_as_sent() {
    let mut dropped = Vec::new();
    for (case, bytes, transaction) in transactions() {
        // `null` is read as absent.
        let written = without_nulls(serde_json::to_value(&transaction).unwrap());
        let mut here = Vec::new();
        let sent = pruned_to(
            without_nulls(serde_json::from_slice(&bytes).unwrap()),
            &written,
            &mut here,
        );
        for key in &here {
            assert!(
                UNMODELLED_KEYS.contains(&key.as_str()),
                "{case}: `{key}` is modelled but was not written back"
            );
        }
        dropped.extend(here);
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
    assert!(dropped.iter().any(|k| k == "address_line_2"), "{dropped:?}");
}

#[test]
fn unknown_keys_stay_in_the_raw_body_and_are_masked_there_at_every_level() {
    let (_, bytes, t) = transactions()
        .into_iter()
        .find(|(case, ..)| case == "extra-fields")
        .unwrap();
    let raw: Value = serde_json::from_slice(&bytes).unwrap();
    let typed = txstatus_core::to_redacted_json(&t).unwrap();
    assert!(typed.get("request_ids").is_none());
    assert!(!serde_json::to_string(&t).unwrap().contains("request_ids"));
    // What the CLI prints: the raw body, masked by the typed model.
    let masked = txstatus_core::mask_document(&raw, &typed);
    assert_eq!(masked["request_ids"], "[redacted]");
    assert_eq!(masked["configuration"], "[redacted]");
    assert_eq!(masked["users"][0]["gender"], "[redacted]");
    assert_eq!(
        masked["users"][0]["address"]["address_line_2"],
        "[redacted]"
    );
    assert_eq!(masked["tokens"][0]["expires"], "[redacted]");
    assert_eq!(masked["verifications"][0]["extracted"], "[redacted]");
    assert_eq!(masked["urlSetKey"], "default");
    assert_eq!(masked["id"], raw["id"]);
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
            "unknown": {"deep": [1, 2, {"x": null}]}
        }"#,
    )
    .unwrap();
    assert_eq!(t.id.as_deref(), Some("12345"));
    assert_eq!(t.raw_status(), "completed");
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
    assert!(!serde_json::to_string(&t).unwrap().contains("unknown"));

    let emails: Emails = serde_json::from_str(r#"" a@example.com ,b@example.com,""#).unwrap();
    assert_eq!(emails.addresses(), ["a@example.com", "b@example.com"]);
    assert!(!format!("{emails:?}").contains("example"));

    let empty: Transaction = serde_json::from_str("{}").unwrap();
    assert!(empty.id.is_none());
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
fn a_repeated_unknown_key_is_skipped_and_a_repeated_modelled_key_is_refused() {
    let t: Transaction =
        serde_json::from_str(r#"{"a": 1, "b": {"x": 2}, "c": 3, "a": [4], "id": "x"}"#).unwrap();
    assert_eq!(serde_json::to_string(&t).unwrap(), r#"{"id":"x"}"#);
    // Two values for one field are ambiguous (which status is true?): a decode
    // error that keeps the body, never a guess.
    let body = br#"{"status": "completed", "id": "x", "status": "expired"}"#;
    let error = Transaction::from_json(body).unwrap_err();
    assert!(error.to_string().contains("decode"), "{error}");
    assert_eq!(error.body().unwrap().as_bytes(), body);
    let nested =
        br#"{"users": [{"address": {"city": "Old Town"}, "address": {"city": "New Town"}}]}"#;
    assert!(Transaction::from_json(nested).is_err());
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
                {"address": {"city": "New Town"}},
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
    let address = users[0].address.as_ref().unwrap();
    assert_eq!(address.city.as_ref().unwrap().expose(), "New Town");
    assert!(address.street.is_none());
    assert!(users[1].address.is_none());
    // A `null` item is an empty record, so indexes match the JSON.
    assert!(users[2].role.is_none() && users[2].first_name.is_none());
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

#[test]
fn an_array_item_that_is_not_a_record_is_an_error_naming_the_record() {
    for (json, record) in [
        (r#"{"tokens":["x"]}"#, "struct Token"),
        (r#"{"verifications":[null,7]}"#, "struct Verification"),
        (r#"{"users":[{},true]}"#, "struct User"),
        (r#"{"documents":[[]]}"#, "struct Document"),
    ] {
        let error = serde_json::from_str::<Transaction>(json)
            .unwrap_err()
            .to_string();
        assert!(error.contains(record), "{json}: {error}");
    }
    let items: Transaction =
        serde_json::from_str(r#"{"verifications":[null,{"id":"v2"},null]}"#).unwrap();
    let items = items.verifications.unwrap();
    assert_eq!(items.len(), 3);
    assert!(items[0].id.is_none() && items[2].id.is_none());
    assert_eq!(items[1].id.as_deref(), Some("v2"));
}

/// Found by `cargo xtask fuzz` (onespan_decode): a number far outside any time
/// (`-5.5e150`) saturated to `i128::MIN`, whose `abs()` overflows. Every such
/// number now decodes, kept as its text.
#[test]
fn numeric_times_far_outside_any_date_decode_and_keep_the_number() {
    for number in [
        "-555555555555555555555555555555555555555555555555555555555555555555555555555555",
        "555555555555555555555555555555555555555555555555555555555555555555555555555555",
        "-1e300",
        "1.7976931348623157e308",
        "-170141183460469231731687303715884105728",
        "170141183460469231731687303715884105727",
        "-9223372036854775808",
        "18446744073709551615",
        "-1e20",
        "-99999999999",
    ] {
        let json = format!(r#"{{"created": {number}, "completed": {number}}}"#);
        let t: Transaction = serde_json::from_str(&json).unwrap();
        let created = t.created.as_ref().unwrap();
        assert!(!created.as_str().is_empty(), "{number}");
        assert_eq!(created.parsed().is_some(), created.as_str().ends_with('Z'));
        assert_eq!(t.completed.as_ref().unwrap().as_str(), created.as_str());
    }
    let far: Transaction = serde_json::from_str(r#"{"created": -1e300}"#).unwrap();
    assert!(far.created.unwrap().parsed().is_none());
}
