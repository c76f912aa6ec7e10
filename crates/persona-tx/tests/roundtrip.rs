//! Serialization writes Persona's own keys: a decoded fixture serializes back to
//! the same document (absent and `null` attributes aside).
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use persona_tx::{Transaction, WebhookEvent, model::TransactionList};
use serde_json::{Map, Value};

/// Drops `null` members (the models leave them out) and reads every number as
/// a float (`0` and `0.0` are the same score).
fn normalize(value: Value) -> Value {
    match value {
        Value::Object(members) => Value::Object(
            members
                .into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, normalize(v)))
                .collect::<Map<_, _>>(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(normalize).collect()),
        Value::Number(n) => n.as_f64().map(Value::from).unwrap_or(Value::Number(n)),
        other => other,
    }
}

fn assert_round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(bytes: &[u8]) {
    let original: Value = serde_json::from_slice(bytes).unwrap();
    let decoded: T = serde_json::from_slice(bytes).unwrap();
    let written = serde_json::to_value(&decoded).unwrap();
    assert_eq!(normalize(written), normalize(original));
}

#[test]
fn official_examples_serialize_back_to_themselves() {
    assert_round_trip::<Transaction>(include_bytes!("../fixtures/transaction-retrieve.json"));
    assert_round_trip::<Transaction>(include_bytes!("../fixtures/transaction-redact.json"));
    assert_round_trip::<TransactionList>(include_bytes!("../fixtures/transaction-list.json"));
    assert_round_trip::<WebhookEvent>(include_bytes!(
        "../fixtures/webhook-transaction-created.json"
    ));
    assert_round_trip::<WebhookEvent>(include_bytes!(
        "../fixtures/webhook-transaction-status-updated.json"
    ));
}

#[test]
fn every_field_type_and_raw_member_serializes_back() {
    assert_round_trip::<Transaction>(include_bytes!("../fixtures/transaction-field-types.json"));
    assert_round_trip::<Transaction>(include_bytes!(
        "../fixtures/transaction-sparse-fieldsets.json"
    ));
    assert_round_trip::<Transaction>(include_bytes!(
        "../fixtures/transaction-timestamp-not-rfc3339.json"
    ));
    assert_round_trip::<Transaction>(include_bytes!("../fixtures/transaction-large.json"));
}

#[test]
fn unknown_and_undecodable_included_objects_are_kept_whole() {
    let bytes = include_bytes!("../fixtures/transaction-included-mixed.json");
    let original: Value = serde_json::from_slice(bytes).unwrap();
    let decoded: Transaction = serde_json::from_slice(bytes).unwrap();
    let kinds: Vec<_> = decoded
        .included()
        .iter()
        .map(|item| {
            (
                item.kind().unwrap(),
                item.id().unwrap(),
                item.as_account().is_some() || item.as_government_id().is_some(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("account", "act_Mq1", true),
            ("verification/government-id", "ver_Gov01", true),
            ("report/watchlist", "rep_Wl1", false),
            ("verification/government-id", "ver_Broken02", false),
            ("workflow-run", "wfr_Rv81", false),
            ("account", "act_Late9", true),
            ("transaction-type", "txntp_Pay01", false),
        ]
    );
    let written = serde_json::to_value(&decoded).unwrap();
    // Objects kept whole come back exactly, links and meta included.
    for index in [2, 3, 4, 6] {
        assert_eq!(
            written["included"][index], original["included"][index],
            "item {index}"
        );
    }
    // The typed government ID keeps its unknown check values.
    let checks = &written["included"][1]["attributes"]["checks"];
    assert_eq!(checks[4]["status"], "inconclusive");
    assert_eq!(checks[4]["requirement"], "advisory");
    assert_eq!(
        checks[4]["metadata"]["extracted-name"],
        "Marguerite Okonkwo"
    );
}

#[test]
fn numbers_sent_as_strings_are_read_as_numbers() {
    let bytes = include_bytes!("../fixtures/transaction-numbers-as-strings.json");
    let decoded: Transaction = serde_json::from_slice(bytes).unwrap();
    let verification = decoded.government_id_verifications().next().unwrap();
    let attributes = verification.attributes.as_ref().unwrap();
    assert_eq!(attributes.created_at_ts, Some(1_685_119_783));
    assert_eq!(attributes.entity_confidence_score, Some(88.5));
    assert_eq!(attributes.from_reusable_persona, Some(false));
    assert_eq!(
        attributes.photo_urls.as_ref().unwrap()[0].byte_size,
        Some(62_347)
    );
    let written = serde_json::to_value(&decoded).unwrap();
    let fields = &written["data"]["attributes"]["fields"];
    assert_eq!(fields["dependents"]["value"], 4);
    assert_eq!(fields["annual-income"]["value"], 123_456.5);
    assert_eq!(fields["consent-given"]["value"], true);
    assert_eq!(fields["front-photo"]["value"]["byte-size"], 237_011);
}

#[test]
fn extra_members_are_ignored_and_known_ones_kept() {
    let bytes = include_bytes!("../fixtures/transaction-extra-fields.json");
    let decoded: Transaction = serde_json::from_slice(bytes).unwrap();
    assert_eq!(decoded.raw_status(), "In Review");
    assert_eq!(
        persona_tx::normalize("In Review"),
        txstatus_core::NormalizedStatus::Pending
    );
    let country = decoded.field("country").unwrap();
    assert_eq!(country.text().unwrap().expose(), "NL");
    let reviewer = decoded
        .data
        .relationships
        .as_ref()
        .unwrap()
        .reviewer
        .as_ref()
        .unwrap();
    assert_eq!(reviewer.get().unwrap().id, "wfr_Rv81");
}

#[test]
fn nulls_and_absent_members_decode_to_none() {
    let bytes = include_bytes!("../fixtures/transaction-nulls.json");
    let decoded: Transaction = serde_json::from_slice(bytes).unwrap();
    let attributes = decoded.data.attributes.as_ref().unwrap();
    assert!(
        attributes.fields.is_none() && attributes.tags.is_none() && attributes.updated_at.is_none()
    );
    assert!(decoded.included.is_none());
    let relationships = decoded.data.relationships.as_ref().unwrap();
    assert!(relationships.reviewer.as_ref().unwrap().get().is_none());
    assert!(
        relationships
            .transaction_label
            .as_ref()
            .unwrap()
            .get()
            .is_none()
    );
    assert!(
        relationships
            .related_objects
            .as_ref()
            .unwrap()
            .get()
            .is_none()
    );
}

#[test]
fn timestamps_that_are_not_rfc3339_are_kept_as_text() {
    let bytes = include_bytes!("../fixtures/transaction-timestamp-not-rfc3339.json");
    let decoded: Transaction = serde_json::from_slice(bytes).unwrap();
    let attributes = decoded.data.attributes.as_ref().unwrap();
    let created = attributes.created_at.as_ref().unwrap();
    assert_eq!(created.as_str(), "2024-03-02 10:15:00 UTC");
    assert!(created.parsed().is_none());
    assert_eq!(
        attributes.updated_at.as_ref().unwrap().as_str(),
        "1709374661"
    );
}
