//! The `cm_token` parameter in the forms a delivery's URL may take: percent-
//! encoded (the token it encodes), encoded twice (not the token), in the path or
//! the fragment (no query parameter), repeated with the same value (still the
//! token: a URL registered with it twice must not have every delivery refused
//! for days) or beside another value (ambiguous, refused), and bytes that are
//! not UTF-8 (never read as a replacement character that a stored token holds).
#![allow(missing_docs, clippy::unwrap_used, clippy::panic)]

use std::time::SystemTime;

use cm_checkout::{CheckoutWebhooks, WebhookToken};
use txstatus_core::{
    SecretString,
    provider::header::HeaderMap,
    webhook::{Delivery, Inbound, Refusal, WebhookSide},
};

const TOKEN: &str = "tok-A_1234567890abcdef";
const BODY: &[u8] = br#"{"event":"FINALSTATUS","transaction":"tx-A"}"#;

fn token(text: &str) -> WebhookToken {
    WebhookToken::from_stored(SecretString::from(text))
}

fn sides(stored: &'static str) -> [CheckoutWebhooks; 2] {
    [
        CheckoutWebhooks::new(token(stored)),
        CheckoutWebhooks::per_checkout(move |id| (id == "tx-A").then(|| token(stored))),
    ]
}

fn receive(side: &CheckoutWebhooks, target: &str) -> Result<Delivery, Refusal> {
    side.receive(&Inbound {
        method: "POST",
        headers: &HeaderMap::new(),
        peer: None,
        target,
        body: BODY,
        now: SystemTime::now(),
    })
}

#[test]
fn the_token_repeated_with_the_same_value_or_encoded_once_authenticates() {
    for target in [
        format!("/hooks?cm_token={TOKEN}&cm_token={TOKEN}"),
        format!("/hooks?cm_token={TOKEN}&x=1&cm_token={TOKEN}&cm_token={TOKEN}"),
        format!("/hooks?cm%5ftoken={TOKEN}&cm_token={TOKEN}"),
        "/hooks?cm_token=tok%2DA%5F1234567890abcdef".to_owned(),
        "/hooks?cm%5Ftoken=%74%6F%6B-A_1234567890abcdef&cm_token=tok-A_1234567890abcdef".to_owned(),
    ] {
        for side in sides(TOKEN) {
            let delivery = receive(&side, &target).unwrap();
            assert_eq!(delivery.transaction_id.as_deref(), Some("tx-A"), "{target}");
        }
    }
    for stored in [&token(TOKEN), &token("tok+with space")] {
        assert!(stored.matches(&stored.webhook_url("https://shop.test/hooks").unwrap()));
    }
}

#[test]
fn the_token_beside_another_value_encoded_twice_or_outside_the_query_is_refused() {
    for target in [
        format!("/hooks?cm_token={TOKEN}&cm_token=other"),
        format!("/hooks?cm_token=other&cm_token={TOKEN}"),
        format!("/hooks?cm_token=&cm_token={TOKEN}"),
        format!("/hooks?cm_token&cm_token={TOKEN}"),
        format!("/hooks?cm_token={TOKEN}&cm%5Ftoken=%FF"),
        format!("/hooks?cm_token={TOKEN}&cm_token={TOKEN}%20"),
        "/hooks?cm_token=tok%252DA%255F1234567890abcdef".to_owned(),
        format!("/hooks/cm_token={TOKEN}"),
        format!("/hooks;cm_token={TOKEN}"),
        format!("/hooks#cm_token={TOKEN}"),
        format!("/hooks?x=1#&cm_token={TOKEN}"),
    ] {
        for side in sides(TOKEN) {
            assert!(
                matches!(receive(&side, &target), Err(Refusal::Unauthenticated(_))),
                "{target}"
            );
        }
    }
    // A fragment after the right token changes nothing.
    for side in sides(TOKEN) {
        assert!(receive(&side, &format!("/hooks?cm_token={TOKEN}#&cm_token=other")).is_ok());
    }
}

/// `%FE` and `%FF` are no UTF-8: read as text they would both become U+FFFD,
/// and a stored token holding that character would match bytes it never held.
#[test]
fn bytes_that_are_not_utf8_never_match_a_replacement_character() {
    const STORED: &str = "tok-\u{FFFD}-1234567890";
    for target in [
        "/hooks?cm_token=tok-%FF-1234567890",
        "/hooks?cm_token=tok-%FE-1234567890",
        "/hooks?cm_token=tok-%C3-1234567890",
    ] {
        for side in sides(STORED) {
            assert!(
                matches!(receive(&side, target), Err(Refusal::Unauthenticated(_))),
                "{target}"
            );
        }
    }
    for side in sides(STORED) {
        assert!(receive(&side, "/hooks?cm_token=tok-%EF%BF%BD-1234567890").is_ok());
    }
}
