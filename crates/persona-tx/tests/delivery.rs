//! Persona's webhook side: authenticates before reading, reads only ids and name.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use persona_tx::{
    PersonaWebhooks, WebhookVerifier,
    webhook::{SIGNATURE_HEADER, signature_header},
};
use txstatus_core::provider::header::{HeaderMap, HeaderValue};
use txstatus_core::{
    SecretString,
    webhook::{Inbound, Refusal, Trust, WebhookSide},
};

const NOW: u64 = 1_700_000_000;
const BODY: &[u8] = br#"{"data":{"type":"event","id":"evt_1","attributes":{"name":"transaction.status-updated","payload":{"data":{"type":"transaction","id":"txn_1","attributes":{"status":"approved","fields":{"name_first":{"type":"string","value":"Daniel"}}}}},"created-at":"2024-01-01T00:00:00Z"}}}"#;

fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(NOW)
}

fn side() -> PersonaWebhooks {
    PersonaWebhooks::new(
        WebhookVerifier::new(SecretString::from("new-secret"))
            .also_accept(SecretString::from("old-secret")),
    )
}

fn headers(signature: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(SIGNATURE_HEADER, HeaderValue::from_str(signature).unwrap());
    headers
}

fn receive(
    side: &PersonaWebhooks,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<txstatus_core::webhook::Delivery, Refusal> {
    side.receive(&Inbound {
        method: "POST",
        headers,
        peer: None,
        target: "/webhooks/persona",
        body,
        now: now(),
    })
}

fn sign(secret: &str, at: u64, body: &[u8]) -> String {
    signature_header(&SecretString::from(secret), at, body)
}

#[test]
fn a_signed_delivery_yields_event_id_name_and_transaction_id() {
    let delivery = receive(&side(), &headers(&sign("new-secret", NOW, BODY)), BODY).unwrap();
    assert_eq!(delivery.trust, Trust::Authenticated);
    assert_eq!(delivery.event_id.as_deref(), Some("evt_1"));
    assert_eq!(
        delivery.event_name.as_deref(),
        Some("transaction.status-updated")
    );
    assert_eq!(delivery.transaction_id.as_deref(), Some("txn_1"));
    assert!(!format!("{delivery:?}").contains("Daniel"));
}

#[test]
fn a_rotation_pair_verifies_with_either_secret() {
    let pair = format!(
        "{} {}",
        sign("unknown", NOW, BODY),
        sign("old-secret", NOW, BODY)
    );
    assert!(receive(&side(), &headers(&pair), BODY).is_ok());
}

#[test]
fn forged_stale_future_and_tampered_deliveries_are_refused() {
    let side = side();
    let cases = [
        (sign("wrong", NOW, BODY), BODY.to_vec()),
        (sign("new-secret", NOW - 3600, BODY), BODY.to_vec()),
        (sign("new-secret", NOW + 3600, BODY), BODY.to_vec()),
        (sign("new-secret", NOW, BODY), BODY.replace_evt()),
        ("garbage".to_owned(), BODY.to_vec()),
    ];
    for (signature, body) in cases {
        assert_eq!(
            receive(&side, &headers(&signature), &body),
            Err(Refusal::Unauthenticated(SIGNATURE_HEADER))
        );
    }
    assert_eq!(
        receive(&side, &HeaderMap::new(), BODY),
        Err(Refusal::Unauthenticated(SIGNATURE_HEADER))
    );
}

trait Tamper {
    fn replace_evt(&self) -> Vec<u8>;
}

impl Tamper for [u8] {
    fn replace_evt(&self) -> Vec<u8> {
        String::from_utf8(self.to_vec())
            .unwrap()
            .replace("approved", "declined")
            .into_bytes()
    }
}

#[test]
fn camel_and_snake_inflected_deliveries_read_alike() {
    let body = br#"{"data":{"type":"event","id":"evt_2","attributes":{"name":"transaction.created","createdAt":"x","payload":{"data":{"type":"transaction","id":"txn_2","attributes":{"referenceId":"r","created_at":"y"}}}}}}"#;
    let delivery = receive(&side(), &headers(&sign("new-secret", NOW, body)), body).unwrap();
    assert_eq!(delivery.event_id.as_deref(), Some("evt_2"));
    assert_eq!(delivery.transaction_id.as_deref(), Some("txn_2"));
}

#[test]
fn an_authenticated_unknown_shape_is_accepted_without_ids() {
    for body in [&b"not json"[..], br#"{"data":{"id":5}}"#, br#"[]"#] {
        let delivery = receive(&side(), &headers(&sign("new-secret", NOW, body)), body).unwrap();
        assert!(delivery.is_authenticated());
        assert_eq!(delivery.transaction_id, None);
    }
}

#[test]
fn an_event_about_another_object_carries_no_transaction_id() {
    let body = br#"{"data":{"id":"evt_3","attributes":{"name":"inquiry.completed","payload":{"data":{"type":"inquiry","id":"inq_1"}}}}}"#;
    let delivery = receive(&side(), &headers(&sign("new-secret", NOW, body)), body).unwrap();
    assert_eq!(delivery.event_id.as_deref(), Some("evt_3"));
    assert_eq!(delivery.transaction_id, None);
}

#[test]
fn the_dedupe_horizon_follows_the_first_attempt_header() {
    let mut headers = headers(&sign("new-secret", NOW, BODY));
    headers.insert(
        persona_tx::webhook::FIRST_ATTEMPTED_HEADER,
        HeaderValue::from_str(&(NOW - 24 * 3600).to_string()).unwrap(),
    );
    let delivery = receive(&side(), &headers, BODY).unwrap();
    let full = persona_tx::webhook::RETRY_WINDOW + persona_tx::webhook::RETRY_MARGIN;
    assert_eq!(
        delivery.retry_horizon,
        full - Duration::from_secs(24 * 3600)
    );
}

#[test]
fn an_empty_secret_authenticates_no_delivery() {
    for (current, rotated) in [("", None), ("  ", None), ("", Some("")), ("\t", Some(" "))] {
        let mut verifier = WebhookVerifier::new(SecretString::from(current));
        if let Some(rotated) = rotated {
            verifier = verifier.also_accept(SecretString::from(rotated));
        }
        let side = PersonaWebhooks::new(verifier);
        for key in ["", " ", "  ", "\t"] {
            assert_eq!(
                receive(&side, &headers(&sign(key, NOW, BODY)), BODY),
                Err(Refusal::Unauthenticated(SIGNATURE_HEADER)),
                "{current:?} {rotated:?} {key:?}"
            );
        }
    }
}

#[test]
fn an_empty_rotation_secret_next_to_a_real_one_authenticates_no_forgery() {
    let side = PersonaWebhooks::new(
        WebhookVerifier::new(SecretString::from("new-secret")).also_accept(SecretString::from("")),
    );
    assert_eq!(
        receive(&side, &headers(&sign("", NOW, BODY)), BODY),
        Err(Refusal::Unauthenticated(SIGNATURE_HEADER))
    );
    assert!(receive(&side, &headers(&sign("new-secret", NOW, BODY)), BODY).is_ok());
}
