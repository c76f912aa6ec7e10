//! The Debug sweep of persona-tx's public types: a planted marker, in every
//! spelling, reaches none of `{:?}`, `{:#?}`, `{}`, an error's source chain or
//! the redacted JSON.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use persona_tx::{
    Client, ClientOptions, CreateTransaction, Idempotency, IdempotencyKey, ListTransactions,
    Rejection, Transaction, UpdateTransaction, WebhookVerifier,
    model::{EventList, TransactionList},
    webhook::signature_header,
};
use txstatus_core::{
    Error, HttpError, ProviderMessage, RawBody, SecretString, mask_document,
    provider::decode_json_bytes,
    test_util::sweep::{MARKER, assert_debug_hides, assert_error_hides, marker_in, planted_url},
    to_redacted_json,
};

fn assert_redacted_json_hides(label: &str, value: &impl serde::Serialize, raw: &[u8]) {
    let redacted = to_redacted_json(value).unwrap();
    assert_eq!(
        marker_in(&redacted.to_string()),
        None,
        "{label}: {redacted}"
    );
    let raw: serde_json::Value = serde_json::from_slice(raw).unwrap();
    let masked = mask_document(&raw, &redacted).to_string();
    assert_eq!(marker_in(&masked), None, "{label}: {masked}");
}

/// A list page whose links echo a reference-id and identifier filter, as Persona
/// sends them back.
fn page_echoing_filters(resource: &str) -> Vec<u8> {
    serde_json::json!({
        "data": [],
        "links": {
            "prev": format!("/api/v1/{resource}?filter%5Breference-id%5D={MARKER}&page%5Bbefore%5D=x"),
            "next": format!("/api/v1/{resource}?filter%5Bidentifier%5D%5Bvalue%5D={MARKER}%40example.com&page%5Bafter%5D=y"),
        }
    })
    .to_string()
    .into_bytes()
}

#[test]
fn list_links_echoing_a_reference_id_filter_are_hidden_from_debug_and_redacted_json() {
    let body = page_echoing_filters("transactions");
    let page =
        decode_json_bytes::<TransactionList>("persona", 200, &RawBody::from(body.clone())).unwrap();
    assert_debug_hides("transaction list", &page);
    assert_redacted_json_hides("transaction list", &page, &body);
    // The cursor is still there for pagination.
    assert!(
        page.links
            .as_ref()
            .unwrap()
            .next
            .as_deref()
            .unwrap()
            .contains("page%5Bafter%5D=y")
    );

    let body = page_echoing_filters("events");
    let page =
        decode_json_bytes::<EventList>("persona", 200, &RawBody::from(body.clone())).unwrap();
    assert_debug_hides("event list", &page);
    assert_redacted_json_hides("event list", &page, &body);
}

#[test]
fn builders_and_clients_show_no_api_key_or_base_url_secret() {
    let builder = Client::builder(SecretString::from(MARKER))
        .base_url(planted_url(MARKER))
        .file_origin(planted_url(MARKER));
    assert_debug_hides("builder", &builder);
    let client = Client::builder(SecretString::from(MARKER))
        .base_url(format!(
            "https://api.example.com/base?token={MARKER}#{MARKER}"
        ))
        .file_origin("https://files.example.com")
        .build()
        .unwrap();
    assert_debug_hides("client", &client);
}

#[test]
fn write_and_list_descriptions_show_no_reference_id_field_value_tag_or_key() {
    let key = IdempotencyKey::new(format!("key-{MARKER}")).unwrap();
    assert_debug_hides("key", &key);
    let create = CreateTransaction::new("txntp_1")
        .reference_id(MARKER)
        .field("name-first", MARKER)
        .tags([MARKER])
        .idempotency(Idempotency::Key(key.clone()));
    assert_debug_hides("create", &create);
    let update = UpdateTransaction::new()
        .reference_id(MARKER)
        .field("name-first", MARKER)
        .label(MARKER)
        .tags([MARKER])
        .idempotency(Idempotency::Key(key));
    assert_debug_hides("update", &update);
    let list = ListTransactions::new()
        .reference_id(MARKER)
        .identifier("email", MARKER);
    assert_debug_hides("list", &list);
}

#[test]
fn webhook_verifiers_and_refusals_show_no_secret_or_body() {
    let verifier =
        WebhookVerifier::new(SecretString::from(MARKER)).also_accept(SecretString::from(MARKER));
    assert_debug_hides("verifier", &verifier);
    let body = format!(r#"{{"data":{{"attributes":{{"payload":[{{"{MARKER}":"{MARKER}"}}]}}}}}}"#);
    let now = SystemTime::now();
    let t = now.duration_since(UNIX_EPOCH).unwrap().as_secs();
    let header = signature_header(&SecretString::from(MARKER), t, body.as_bytes());
    for (label, header, now) in [
        ("valid signature, bad body", header.clone(), now),
        ("bad signature", format!("t={t},v1={MARKER}"), now),
        ("malformed", MARKER.to_owned(), now),
        ("stale", header, now + Duration::from_secs(3600)),
    ] {
        if let Err(error) = verifier.verify_event(&header, body.as_bytes(), now) {
            assert_error_hides(label, &error);
        }
    }
}

#[test]
fn rejections_hide_persona_error_titles_details_codes_and_pointers() {
    let body = serde_json::json!({"errors": [{
        "title": MARKER,
        "details": format!("reference-id {MARKER} taken"),
        "code": format!("code {MARKER}"),
        "source": {"pointer": format!("/data/attributes/fields/{MARKER} x"), "parameter": format!("filter[{MARKER} x]")},
        "meta": {"x": MARKER},
    }]})
    .to_string();
    let error = Error::http(
        "persona",
        HttpError::new(422, RawBody::from(body.into_bytes())).with_provider_message(
            ProviderMessage::new(Some(MARKER), Some(&format!("code {MARKER}"))),
        ),
    );
    assert_error_hides("422", &error);
    let rejection = Rejection::from_error(&error).unwrap();
    assert_debug_hides("rejection", &rejection);
}

/// Seventeenth outside audit: a relationship of a later API version is kept
/// verbatim, and its `meta` (or a resource object with attributes in its
/// `data`) can hold anything, so it is personal like an unknown attribute and
/// like an undecodable included object's `relationships`: `Debug` withholds it,
/// redacted serialization and `mask_document` write `"[redacted]"`, and plain
/// serialization still writes it back as sent.
#[test]
fn unknown_relationships_of_later_versions_are_personal_like_unknown_attributes() {
    let body = serde_json::json!({"data": {
        "type": "transaction",
        "id": "txn_1",
        "attributes": {"status": "created", "future-attribute": {"note": MARKER}},
        "relationships": {
            "transaction-type": {"data": {"type": "transaction-type", "id": "txntp_1"}},
            "future-link": {
                "data": {"type": "person", "id": "per_1"},
                "meta": {"email": format!("{MARKER}@example.com")},
            },
            "future-list": {"data": [{"type": "person", "id": "per_2", "attributes": {"name": MARKER}}]},
        },
    }})
    .to_string()
    .into_bytes();
    let transaction = Transaction::from_json(&body).unwrap();
    assert_debug_hides("transaction", &transaction);
    assert_redacted_json_hides("transaction", &transaction, &body);
    let redacted = to_redacted_json(&transaction).unwrap();
    let relationships = &redacted["data"]["relationships"];
    assert_eq!(relationships["future-link"], "[redacted]");
    assert_eq!(relationships["future-list"], "[redacted]");
    assert_eq!(relationships["transaction-type"]["data"]["id"], "txntp_1");
    // Kept, not dropped: readable on purpose and written back as sent.
    let other = &transaction.data.relationships.as_ref().unwrap().other;
    assert!(
        other
            .get("future-link")
            .unwrap()
            .expose()
            .get()
            .contains(MARKER)
    );
    let plain = serde_json::to_value(&transaction).unwrap();
    assert_eq!(
        plain["data"]["relationships"]["future-list"]["data"][0]["attributes"]["name"],
        MARKER
    );
}

/// Ids, types and member names are shown in `Debug` only as plain tokens, as
/// every provider's models show them: text a provider put there (a name, an
/// IBAN, an email address) is withheld, in relationships, event contexts,
/// unknown members and included objects kept whole.
#[test]
fn ids_types_and_member_names_holding_free_text_are_withheld_in_debug() {
    let personal = ["Jan Jansen", "NL91ABNA0417164300", "Jan.Jansen@example.com"];
    let body = serde_json::json!({
        "data": {
            "type": "transaction",
            "id": "txn_1",
            "attributes": {"status": "created", "Jan.Jansen@example.com": 1},
            "relationships": {
                "account": {"data": {"type": "Jan Jansen", "id": "NL91ABNA0417164300"}},
                "Jan.Jansen@example.com": {"data": null}
            }
        },
        "included": [
            {"type": "note", "id": "Jan Jansen", "Jan.Jansen@example.com": 1},
            {"type": "Jan Jansen", "id": "x_1", "attributes": {}}
        ]
    })
    .to_string();
    let transaction = Transaction::from_json(body.as_bytes()).unwrap();
    let events = serde_json::json!({"data": [{
        "type": "event",
        "id": "Jan Jansen",
        "attributes": {
            "name": "transaction.created",
            "context": {
                "relation-schema-key": "Jan Jansen",
                "target-account-id": "NL91ABNA0417164300",
                "target-txn-id": "Jan.Jansen@example.com"
            }
        }
    }]})
    .to_string();
    let events =
        decode_json_bytes::<EventList>("persona", 200, &RawBody::from(events.into_bytes()))
            .unwrap();
    for shown in [
        format!("{transaction:?}"),
        format!("{transaction:#?}"),
        format!("{events:?}"),
    ] {
        for value in personal {
            assert!(!shown.contains(value), "{value}: {shown}");
        }
    }
    // Plain ids and types stay shown.
    let plain = format!("{transaction:?}");
    assert!(plain.contains("txn_1") && plain.contains("x_1"), "{plain}");
}
