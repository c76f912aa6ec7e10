//! `Persona-Signature` verification and webhook event decoding.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use persona_tx::{
    WebhookError, WebhookVerifier,
    model::EventName,
    webhook::{DEFAULT_TOLERANCE, signature_header},
};
use txstatus_core::{NormalizedStatus, SecretString, crypto::hex_encode};

const SECRET: &str = "wbhsec_test_3b7c9d1e";
const OLD_SECRET: &str = "wbhsec_old_0a1b2c";
const T: u64 = 1_709_686_052;
const BODY: &[u8] = include_bytes!("../fixtures/webhook-transaction-status-updated.json");

fn at(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

fn secret(text: &str) -> SecretString {
    SecretString::from(text)
}

#[test]
fn a_valid_signature_over_the_raw_body_yields_the_event() {
    let header = signature_header(&secret(SECRET), T, BODY);
    let event = WebhookVerifier::new(secret(SECRET))
        .verify_event(&header, BODY, at(T + 10))
        .unwrap();
    assert_eq!(event.name(), Some(&EventName::TransactionStatusUpdated));
    let transaction = event.transaction().unwrap();
    assert_eq!(transaction.data.id, "txn_26wUfNNK6Ze7qkwyK6kuj7RkZgdP");
    assert_eq!(transaction.raw_status(), "approved");
    assert_eq!(
        persona_tx::normalize(transaction.raw_status()),
        NormalizedStatus::Succeeded
    );
    assert_eq!(transaction.accounts().count(), 1);
    assert_eq!(transaction.included().len(), 4);
}

#[test]
fn the_signature_is_hmac_sha256_of_timestamp_dot_body() {
    let mut message = format!("{T}.").into_bytes();
    message.extend_from_slice(BODY);
    let expected = hex_encode(&txstatus_core::crypto::hmac_sha256(
        SECRET.as_bytes(),
        &message,
    ));
    assert_eq!(
        signature_header(&secret(SECRET), T, BODY),
        format!("t={T},v1={expected}")
    );
    // Upper-case hex is accepted too.
    let upper = format!("t={T},v1={}", expected.to_uppercase());
    WebhookVerifier::new(secret(SECRET))
        .verify(&upper, BODY, at(T))
        .unwrap();
}

#[test]
fn during_rotation_either_pair_may_match() {
    let old = signature_header(&secret(OLD_SECRET), T, BODY);
    let new = signature_header(&secret(SECRET), T, BODY);
    let verifier = WebhookVerifier::new(secret(SECRET));
    verifier
        .verify(&format!("{old} {new}"), BODY, at(T))
        .unwrap();
    verifier
        .verify(&format!("{new} {old}"), BODY, at(T))
        .unwrap();
    let old_only = WebhookVerifier::new(secret(OLD_SECRET));
    old_only
        .verify(&format!("{new} {old}"), BODY, at(T))
        .unwrap();
}

#[test]
fn a_verifier_may_hold_the_old_and_the_new_secret() {
    let verifier = WebhookVerifier::new(secret(SECRET)).also_accept(secret(OLD_SECRET));
    verifier
        .verify(&signature_header(&secret(OLD_SECRET), T, BODY), BODY, at(T))
        .unwrap();
    verifier
        .verify(&signature_header(&secret(SECRET), T, BODY), BODY, at(T))
        .unwrap();
}

#[test]
fn a_changed_body_or_a_wrong_secret_is_a_mismatch() {
    let header = signature_header(&secret(SECRET), T, BODY);
    let mut altered = BODY.to_vec();
    altered[20] ^= 1;
    let verifier = WebhookVerifier::new(secret(SECRET));
    assert!(matches!(
        verifier.verify(&header, &altered, at(T)),
        Err(WebhookError::SignatureMismatch)
    ));
    // Re-serialized JSON is not the raw body.
    let reserialized =
        serde_json::to_vec(&serde_json::from_slice::<serde_json::Value>(BODY).unwrap()).unwrap();
    assert!(verifier.verify(&header, &reserialized, at(T)).is_err());
    assert!(matches!(
        WebhookVerifier::new(secret("wbhsec_wrong")).verify(&header, BODY, at(T)),
        Err(WebhookError::SignatureMismatch)
    ));
    let bad_hex = format!("t={T},v1=zz{}", "0".repeat(62));
    assert!(matches!(
        verifier.verify(&bad_hex, BODY, at(T)),
        Err(WebhookError::SignatureMismatch)
    ));
    // A timestamp moved by the sender is a different message.
    let moved = signature_header(&secret(SECRET), T, BODY)
        .replace(&format!("t={T}"), &format!("t={}", T + 1));
    assert!(matches!(
        verifier.verify(&moved, BODY, at(T)),
        Err(WebhookError::SignatureMismatch)
    ));
}

#[test]
fn timestamps_outside_the_tolerance_are_refused_either_way() {
    let header = signature_header(&secret(SECRET), T, BODY);
    let verifier = WebhookVerifier::new(secret(SECRET));
    let limit = DEFAULT_TOLERANCE.as_secs();
    verifier.verify(&header, BODY, at(T + limit)).unwrap();
    verifier.verify(&header, BODY, at(T - limit)).unwrap();
    assert!(matches!(
        verifier.verify(&header, BODY, at(T + limit + 1)),
        Err(WebhookError::OutsideTolerance)
    ));
    assert!(matches!(
        verifier.verify(&header, BODY, at(T - limit - 1)),
        Err(WebhookError::OutsideTolerance)
    ));
    let strict = verifier.clone().tolerance(Duration::from_secs(5));
    assert!(strict.verify(&header, BODY, at(T + 6)).is_err());
    strict.verify(&header, BODY, at(T + 5)).unwrap();
}

#[test]
fn a_stale_pair_does_not_hide_a_fresh_one() {
    let stale = signature_header(&secret(SECRET), T - 3600, BODY);
    let fresh = signature_header(&secret(SECRET), T, BODY);
    WebhookVerifier::new(secret(SECRET))
        .verify(&format!("{stale} {fresh}"), BODY, at(T))
        .unwrap();
}

#[test]
fn malformed_headers_are_refused() {
    let verifier = WebhookVerifier::new(secret(SECRET));
    for header in ["", "v1=abcd", "sha256=abcd", "t=,v1=", "garbage"] {
        let result = verifier.verify(header, BODY, at(T));
        assert!(result.is_err(), "{header:?}");
    }
    assert!(matches!(
        verifier.verify("v1=abcd", BODY, at(T)),
        Err(WebhookError::MalformedSignature)
    ));
    assert!(matches!(
        verifier.verify("t=soon,v1=abcd", BODY, at(T)),
        Err(WebhookError::MalformedSignature)
    ));
}

#[test]
fn a_signed_body_that_is_not_an_event_is_a_decode_error() {
    let body = br#"{"data":{"attributes":{"created-at":42}}}"#;
    let header = signature_header(&secret(SECRET), T, body);
    let error = WebhookVerifier::new(secret(SECRET))
        .verify_event(&header, body, at(T))
        .unwrap_err();
    match &error {
        WebhookError::Decode(inner) => {
            assert_eq!(inner.json_path(), Some("data.attributes.created-at"));
            assert_eq!(inner.body().unwrap().as_bytes(), body);
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert!(std::error::Error::source(&error).is_some());
}

#[test]
fn the_created_event_decodes_with_its_included_transaction_type() {
    let body = include_bytes!("../fixtures/webhook-transaction-created.json");
    let event = persona_tx::WebhookEvent::from_slice(body).unwrap();
    assert_eq!(event.name(), Some(&EventName::TransactionCreated));
    let transaction = event.transaction().unwrap();
    assert_eq!(transaction.raw_status(), "created");
    assert_eq!(transaction.included()[0].kind(), Some("transaction-type"));
}

#[test]
fn verifier_debug_and_errors_show_no_secret() {
    let verifier = WebhookVerifier::new(secret(SECRET)).also_accept(secret(OLD_SECRET));
    let shown = format!("{verifier:?}");
    assert!(
        !shown.contains(SECRET) && !shown.contains(OLD_SECRET),
        "{shown}"
    );
    assert!(shown.contains("2 redacted"));
    let error = verifier.verify("t=1,v1=00", BODY, at(T)).unwrap_err();
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(SECRET));
}

#[test]
fn a_replay_within_the_tolerance_verifies_again_so_events_need_deduplicating() {
    let header = signature_header(&secret(SECRET), T, BODY);
    let verifier = WebhookVerifier::new(secret(SECRET));
    verifier.verify(&header, BODY, at(T + 1)).unwrap();
    verifier.verify(&header, BODY, at(T + 60)).unwrap();
}

#[test]
fn a_header_with_too_many_pairs_is_malformed_even_if_one_matches() {
    let good = signature_header(&secret(SECRET), T, BODY);
    let noise =
        format!("t={T},v1={} ", "00".repeat(32)).repeat(persona_tx::webhook::MAX_SIGNATURE_PAIRS);
    let verifier = WebhookVerifier::new(secret(SECRET));
    assert!(matches!(
        verifier.verify(&format!("{noise}{good}"), BODY, at(T)),
        Err(WebhookError::MalformedSignature)
    ));
}

#[test]
fn a_valid_pair_after_duplicates_of_its_timestamp_still_matches() {
    let good = signature_header(&secret(SECRET), T, BODY);
    let header = format!("t={T},v1={},v1={} {good}", "00".repeat(32), "11".repeat(32));
    let verifier = WebhookVerifier::new(secret("wbhsec_other")).also_accept(secret(SECRET));
    verifier.verify(&header, BODY, at(T)).unwrap();
}

#[test]
fn an_empty_secret_authenticates_no_delivery() {
    let forged = signature_header(&secret(""), T, BODY);
    let refused = WebhookVerifier::new(secret("")).verify(&forged, BODY, at(T));
    assert!(
        matches!(refused, Err(WebhookError::NoSecret)),
        "{refused:?}"
    );
    assert!(
        WebhookVerifier::new(secret(""))
            .verify_event(&forged, BODY, at(T))
            .is_err()
    );
}

#[test]
fn a_whitespace_only_secret_authenticates_no_delivery() {
    for blank in [" ", "   ", "\t", " \r\n "] {
        let forged = signature_header(&secret(blank), T, BODY);
        let refused = WebhookVerifier::new(secret(blank)).verify(&forged, BODY, at(T));
        assert!(
            matches!(refused, Err(WebhookError::NoSecret)),
            "{blank:?}: {refused:?}"
        );
        let also = WebhookVerifier::new(secret(""))
            .also_accept(secret(blank))
            .verify(&forged, BODY, at(T));
        assert!(matches!(also, Err(WebhookError::NoSecret)), "{blank:?}");
    }
}

#[test]
fn an_empty_secret_added_with_also_accept_verifies_nothing() {
    let verifier = WebhookVerifier::new(secret(SECRET))
        .also_accept(secret(""))
        .also_accept(secret("  "));
    for blank in ["", "  "] {
        let forged = signature_header(&secret(blank), T, BODY);
        assert!(
            matches!(
                verifier.verify(&forged, BODY, at(T)),
                Err(WebhookError::SignatureMismatch)
            ),
            "{blank:?}"
        );
    }
    // The real secret still verifies.
    let genuine = signature_header(&secret(SECRET), T, BODY);
    verifier.verify(&genuine, BODY, at(T)).unwrap();
}

#[test]
fn the_no_secret_refusal_names_no_secret_value() {
    let error = WebhookVerifier::new(secret(" "))
        .verify("t=1,v1=00", BODY, at(T))
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "persona: webhook: no webhook secret is configured"
    );
    assert_eq!(format!("{error:?}"), "NoSecret");
}

/// An event about another resource (an inquiry) carries it as its payload: it
/// is not the event's transaction.
#[test]
fn an_event_whose_payload_is_another_type_names_no_transaction() {
    let body = br#"{"data":{"type":"event","id":"evt_1","attributes":{"name":"inquiry.completed","payload":{"data":{"type":"inquiry","id":"inq_1","attributes":{"status":"completed"}}}}}}"#;
    let secret = SecretString::from("wbhsec_x");
    let header = persona_tx::webhook::signature_header(&secret, 1_700_000_000, body);
    let event = persona_tx::WebhookVerifier::new(secret)
        .verify_event(
            &header,
            body,
            UNIX_EPOCH + Duration::from_secs(1_700_000_000),
        )
        .unwrap();
    assert!(event.transaction().is_none());
}

/// An escaped payload `type` (`"transact\u0069on"`) is read alike whether it
/// comes before or after the payload's id.
#[test]
fn an_escaped_payload_type_is_read_alike_in_either_member_order() {
    let list = |data: &str| -> persona_tx::model::EventList {
        serde_json::from_str(&format!(
            r#"{{"data":[{{"type":"event","id":"evt_1","attributes":{{"name":"transaction.status-updated","payload":{{"data":{data}}}}}}}],"links":{{"next":null}}}}"#
        ))
        .unwrap()
    };
    let first =
        list(r#"{"type":"transact\u0069on","id":"txn_1","attributes":{"status":"approved"}}"#).data
            [0]
        .transaction()
        .map(|t| t.data.id.clone());
    let last =
        list(r#"{"id":"txn_1","type":"transact\u0069on","attributes":{"status":"approved"}}"#).data
            [0]
        .transaction()
        .map(|t| t.data.id.clone());
    assert_eq!(first.as_deref(), Some("txn_1"));
    assert_eq!(first, last);
}
