//! A delivery or notification that repeats a member: the same value again is
//! that value, another value makes only that member say nothing, and the
//! transaction still routes when it is not the member in doubt, with a shared or
//! a per-Checkout token, whatever the content type, the body size or the
//! length of a forged token.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::SystemTime;

use cm_checkout::{CheckoutWebhooks, WebhookEvent, WebhookNotification, WebhookToken};
use txstatus_core::{
    SecretString,
    provider::header::{CONTENT_TYPE, HeaderMap, HeaderValue},
    webhook::{Delivery, Inbound, Refusal, WebhookSide},
};

const TOKEN: &str = "tok-R3peat_9f8e7d6c5b4a";

fn sides() -> [(&'static str, CheckoutWebhooks); 2] {
    let token = || WebhookToken::from_stored(SecretString::from(TOKEN));
    [
        ("shared", CheckoutWebhooks::new(token())),
        (
            "per checkout",
            CheckoutWebhooks::per_checkout(move |id| (id == "tx-R").then(token)),
        ),
    ]
}

fn receive(
    side: &CheckoutWebhooks,
    target: &str,
    content_type: Option<&'static str>,
    body: &[u8],
) -> Result<Delivery, Refusal> {
    let mut headers = HeaderMap::new();
    if let Some(content_type) = content_type {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    }
    side.receive(&Inbound {
        method: "POST",
        headers: &headers,
        peer: None,
        target,
        body,
        now: SystemTime::now(),
    })
}

fn target(token: &str) -> String {
    format!("/webhooks/cm-checkout?cm_token={token}")
}

#[test]
fn a_repeated_event_or_the_same_transaction_twice_still_routes() {
    for (body, event) in [
        (
            r#"{"event":"FINALSTATUS","event":"STATUS_CHANGE","transaction":"tx-R"}"#,
            None,
        ),
        (
            r#"{"transaction":"tx-R","event":"FINALSTATUS","event":"FINALSTATUS"}"#,
            Some("FINALSTATUS"),
        ),
        (
            r#"{"transaction":"tx-R","transaction":"tx-R","event":"REFUND_STATUS"}"#,
            Some("REFUND_STATUS"),
        ),
        (
            r#"{"event":null,"transaction":"tx-R","event":{"x":1}}"#,
            None,
        ),
    ] {
        for (name, side) in sides() {
            for content_type in [
                None,
                Some("text/html"),
                Some("application/x-www-form-urlencoded"),
            ] {
                let delivery = receive(&side, &target(TOKEN), content_type, body.as_bytes())
                    .unwrap_or_else(|refusal| panic!("{name} {body}: {refusal:?}"));
                assert_eq!(
                    delivery.transaction_id.as_deref(),
                    Some("tx-R"),
                    "{name} {body}"
                );
                assert_eq!(delivery.event_name.as_deref(), event, "{name} {body}");
            }
        }
        // The notification model reads every member it has: an object where
        // the event belongs fails it, as it did before any repeat.
        if body.contains(r#"{"x""#) {
            continue;
        }
        let notification = WebhookNotification::from_slice(body.as_bytes())
            .unwrap_or_else(|error| panic!("{body}: {error}"));
        assert_eq!(notification.transaction_id().unwrap(), "tx-R", "{body}");
    }
    let notification = WebhookNotification::from_slice(
        br#"{"event":"REFUND_STATUS","transaction":"tx-R","event":"REFUND_STATUS","reference":"a","reference":"b"}"#,
    )
    .unwrap();
    assert_eq!(notification.event, Some(WebhookEvent::RefundStatus));
    assert_eq!(notification.reference, None);
}

/// JSON allows a member name that is a lone surrogate, which no Rust string
/// holds: it is a member the side does not know, not a lost notification.
#[test]
fn a_member_name_no_string_holds_still_routes() {
    for key in [r#""\ud800""#, r#""x\udfffy""#, r#""\ud83d\u0041""#] {
        let body = format!(
            r#"{{{key}:[1,{{"a":2}}],"transaction":"tx-R",{key}:"x","event":"FINALSTATUS"}}"#
        );
        for (name, side) in sides() {
            let delivery = receive(&side, &target(TOKEN), None, body.as_bytes())
                .unwrap_or_else(|refusal| panic!("{name} {body}: {refusal:?}"));
            assert_eq!(
                delivery.transaction_id.as_deref(),
                Some("tx-R"),
                "{name} {body}"
            );
            assert_eq!(
                delivery.event_name.as_deref(),
                Some("FINALSTATUS"),
                "{name} {body}"
            );
        }
    }
}

#[test]
fn a_transaction_repeated_with_another_value_names_none() {
    for body in [
        &br#"{"transaction":"tx-R","transaction":"tx-B"}"#[..],
        br#"{"transaction":"tx-R","event":"FINALSTATUS","transaction":"TX-R"}"#,
        br#"{"transaction":"tx-R","transaction":null}"#,
    ] {
        let [(_, shared), (_, per_checkout)] = sides();
        let delivery = receive(&shared, &target(TOKEN), None, body).unwrap();
        assert_eq!(delivery.transaction_id, None, "{body:?}");
        assert!(receive(&per_checkout, &target(TOKEN), None, body).is_err());
        let notification = WebhookNotification::from_slice(body).unwrap();
        assert!(
            notification
                .transaction_id()
                .unwrap_err()
                .is_invalid_input()
        );
    }
}

#[test]
fn a_huge_body_routes_and_forged_tokens_of_any_length_are_refused() {
    let huge = format!(
        r#"{{"event":"FINALSTATUS","reference":"{}","transaction":"tx-R","payment":[{}0]}}"#,
        "r".repeat(4 * 1024 * 1024),
        "0,".repeat(100_000)
    );
    for (name, side) in sides() {
        let delivery = receive(
            &side,
            &target(TOKEN),
            Some("application/json"),
            huge.as_bytes(),
        )
        .unwrap_or_else(|refusal| panic!("{name}: {refusal:?}"));
        assert_eq!(delivery.transaction_id.as_deref(), Some("tx-R"), "{name}");
        let body = br#"{"event":"FINALSTATUS","transaction":"tx-R"}"#;
        for forged in [
            String::new(),
            "t".to_owned(),
            TOKEN[..TOKEN.len() - 1].to_owned(),
            format!("{TOKEN}x"),
            format!("{TOKEN}%00"),
            format!("%20{TOKEN}"),
            TOKEN.to_ascii_uppercase(),
            "A".repeat(64 * 1024),
            format!("{TOKEN}&cm_token={}", &TOKEN[1..]),
        ] {
            let refusal = receive(&side, &target(&forged), Some("application/json"), body)
                .expect_err(&format!("{name}: {forged:.40}"));
            assert!(matches!(refusal, Refusal::Unauthenticated(_)), "{name}");
            assert!(!format!("{refusal} {refusal:?}").contains(TOKEN), "{name}");
        }
    }
}
