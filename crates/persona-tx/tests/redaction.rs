//! No personal value from a fixture and no secret shows in any `Debug`.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::{fs, path::PathBuf};

use persona_tx::{
    Client, ClientOptions, Transaction, WebhookEvent, WebhookVerifier,
    model::{EventDocument, EventList, TransactionList},
};
use serde_json::Value;

const API_KEY: &str = "persona_live_key_5up3r5ecret";

/// Values planted in the fixtures that must never be printed.
const PLANTED: &[&str] = &[
    "LeBron",
    "Daniel",
    "Webster",
    "Marguerite",
    "MARGUERITE",
    "Okonkwo",
    "OKONKWO",
    "Lindqvist",
    "ASTRID",
    "Маргарита",
    "1984-07-23",
    "23.07.1984",
    "D7745-1193-20",
    "ID-88442211",
    "P55501234",
    "Evangeline",
    "Larkspur",
    "Fairhaven",
    "94117",
    "Apt 9B",
    "m.okonkwo@example.org",
    "+1-415-555-0199",
    "Wakandan",
    "Zeppelin-T",
    "Corrective-Lenses-B",
    "Class-Q",
    "5'9",
    "Sunflower-Club",
    "Thistledown",
    "Quillfeather",
    "Bramblewood",
    "Harrowgate",
    "passport-card",
    "fencing",
    "falconry",
    "98250.75",
    "123456.5",
    "several hundred",
    "DOC-0001-LARGE",
    "Person2",
    "ACCESS_",
    "access_token",
    "files.withpersona.com",
    "marguerite-passport.jpg",
    "scan-0007.png",
    "OFAC",
];

/// Attribute names whose values are personal wherever they appear.
const PERSONAL_KEYS: &[&str] = &[
    "name-first",
    "name-middle",
    "name-last",
    "name-suffix",
    "native-name-first",
    "native-name-middle",
    "native-name-last",
    "native-name-title",
    "birthdate",
    "birthplace",
    "document-number",
    "identification-number",
    "nationality",
    "visa-status",
    "issue-date",
    "expiration-date",
    "endorsements",
    "height",
    "restrictions",
    "vehicle-class",
    "address-street-1",
    "address-street-2",
    "address-city",
    "address-subdivision",
    "address-postal-code",
    "filename",
    "url",
    "normalized-url",
    "original-urls",
    "front-photo-url",
    "back-photo-url",
    "selfie-photo-url",
    "video-url",
    "reference-id",
    "tags",
];

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            (name, fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    assert!(files.len() >= 20, "fixtures missing");
    files
}

/// Personal strings of a document: every string under `fields` (but type names,
/// MIME types and sizes) and every value of a personal attribute.
fn personal_strings(value: &Value, key: Option<&str>, in_fields: bool, out: &mut Vec<String>) {
    match value {
        Value::String(text) => {
            let structural = matches!(key, Some("type" | "mime-type" | "byte-size"));
            let personal =
                (in_fields && !structural) || key.is_some_and(|k| PERSONAL_KEYS.contains(&k));
            if personal && text.chars().count() >= 4 && !is_object_id(text) {
                out.push(text.clone());
            }
        }
        Value::Array(items) => {
            for item in items {
                personal_strings(item, key, in_fields, out);
            }
        }
        Value::Object(members) => {
            for (name, member) in members {
                let inside = in_fields || name == "fields";
                personal_strings(member, Some(name), inside, out);
            }
        }
        _ => {}
    }
}

/// Persona object ids (`act_...`) may be field values but are not personal:
/// the same id shows in relationships.
fn is_object_id(text: &str) -> bool {
    text.split_once('_').is_some_and(|(prefix, rest)| {
        (2..=6).contains(&prefix.len())
            && prefix.chars().all(|c| c.is_ascii_lowercase())
            && !rest.is_empty()
            && rest.chars().all(|c| c.is_ascii_alphanumeric())
    })
}

fn debug_of(case: &str, bytes: &[u8]) -> Option<String> {
    if case.starts_with("error-") {
        return None;
    }
    Some(if case.starts_with("webhook-") {
        format!(
            "{:?} {:#?}",
            WebhookEvent::from_slice(bytes).unwrap(),
            WebhookEvent::from_slice(bytes).unwrap()
        )
    } else if case == "transaction-list" {
        let list: TransactionList = serde_json::from_slice(bytes).unwrap();
        format!("{list:?} {list:#?}")
    } else if case == "event-list" {
        let list: EventList = serde_json::from_slice(bytes).unwrap();
        format!("{list:?} {list:#?}")
    } else if case.starts_with("event-") {
        let event: EventDocument = serde_json::from_slice(bytes).unwrap();
        format!("{event:?} {event:#?}")
    } else {
        let transaction: Transaction = serde_json::from_slice(bytes).unwrap();
        format!("{transaction:?} {transaction:#?}")
    })
}

#[test]
fn every_planted_value_is_in_some_fixture() {
    let all: Vec<String> = fixtures()
        .into_iter()
        .map(|(_, bytes)| String::from_utf8(bytes).unwrap())
        .collect();
    for planted in PLANTED {
        assert!(
            all.iter().any(|text| text.contains(planted)),
            "{planted} is in no fixture"
        );
    }
}

#[test]
fn no_personal_value_of_any_fixture_shows_in_debug() {
    let mut checked = 0;
    for (case, bytes) in fixtures() {
        let Some(shown) = debug_of(&case, &bytes) else {
            continue;
        };
        let Ok(json) = serde_json::from_slice::<Value>(&bytes) else {
            continue;
        };
        let mut personal = Vec::new();
        personal_strings(&json, None, false, &mut personal);
        personal.extend(PLANTED.iter().map(|s| (*s).to_owned()));
        for value in &personal {
            assert!(
                !shown.contains(value.as_str()),
                "{case}: {value:?} shows in Debug"
            );
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} checks");
}

#[test]
fn redacted_json_holds_no_planted_value() {
    for (case, bytes) in fixtures() {
        if case.starts_with("error-") {
            continue;
        }
        let redacted = if case.starts_with("webhook-") {
            txstatus_core::to_redacted_json(&WebhookEvent::from_slice(&bytes).unwrap())
        } else if case == "transaction-list" {
            txstatus_core::to_redacted_json(
                &serde_json::from_slice::<TransactionList>(&bytes).unwrap(),
            )
        } else if case == "event-list" {
            txstatus_core::to_redacted_json(&serde_json::from_slice::<EventList>(&bytes).unwrap())
        } else if case.starts_with("event-") {
            txstatus_core::to_redacted_json(
                &serde_json::from_slice::<EventDocument>(&bytes).unwrap(),
            )
        } else {
            txstatus_core::to_redacted_json(&serde_json::from_slice::<Transaction>(&bytes).unwrap())
        }
        .unwrap()
        .to_string();
        for planted in PLANTED {
            assert!(
                !redacted.contains(planted),
                "{case}: {planted} in redacted JSON"
            );
        }
    }
}

#[test]
fn the_api_key_never_shows_in_client_or_builder_debug() {
    let builder = Client::builder(API_KEY).configure_transport(|t| t.user_agent_suffix("test"));
    let shown = format!("{builder:?} {builder:#?}");
    assert!(
        !shown.contains(API_KEY) && !shown.contains("5up3r5ecret"),
        "{shown}"
    );
    let client = builder.build().unwrap();
    let shown = format!("{client:?} {client:#?} {:?}", client.base_url());
    assert!(
        !shown.contains(API_KEY) && !shown.contains("5up3r5ecret"),
        "{shown}"
    );
}

#[test]
fn a_verifier_never_shows_its_secret() {
    let verifier = WebhookVerifier::new("wbhsec_5up3r5ecret");
    assert!(!format!("{verifier:?}").contains("5up3r5ecret"));
}

#[tokio::test]
async fn errors_show_no_personal_value_of_the_body() {
    let mut server = mockito::Server::new_async().await;
    // A success whose body fails to decode, full of personal data.
    let body = br#"{"data":{"id":"txn_1","attributes":{"fields":{"name":{"type":"string","value":"Marguerite"}},"tags":["Okonkwo",1984]}}}"#;
    let _mock = server
        .mock("GET", "/transactions/txn_1")
        .with_body(body.as_slice())
        .create_async()
        .await;
    let client = Client::builder(API_KEY)
        .base_url(server.url())
        .configure_transport(|t| t.no_proxy())
        .build()
        .unwrap();
    let error = client.transaction("txn_1").await.unwrap_err();
    let shown = format!("{error} {error:?} {error:#?}");
    for value in ["Marguerite", "Okonkwo", "1984", API_KEY] {
        assert!(!shown.contains(value), "{value} in {shown}");
    }
}
