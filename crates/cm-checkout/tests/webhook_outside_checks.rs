//! Checkout's webhook side probed from outside: URL tokens a sender could
//! write oddly, and genuine deliveries (carrying the right token) whose members
//! have hostile types. A genuine delivery must still route to its transaction
//! when the member it routes on (`transaction`) is usable, whatever the rest
//! holds; with per-Checkout tokens it must not be refused for them either.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::SystemTime;

use cm_checkout::{CheckoutWebhooks, WebhookNotification, WebhookToken};
use txstatus_core::{
    SecretString,
    provider::header::{HeaderMap, HeaderValue},
    webhook::{Delivery, Inbound, Refusal, WebhookSide},
};

const TOKEN: &str = "tok-A_1234567890abcdef";
const TARGET: &str = "/webhooks/cm-checkout?cm_token=tok-A_1234567890abcdef";

fn token(text: &str) -> WebhookToken {
    WebhookToken::from_stored(SecretString::from(text))
}

fn shared() -> CheckoutWebhooks {
    CheckoutWebhooks::new(token(TOKEN))
}

fn per_checkout() -> CheckoutWebhooks {
    CheckoutWebhooks::per_checkout(|id| match id {
        "tx-A" | "4242" => Some(token(TOKEN)),
        _ => None,
    })
}

fn receive_with(
    side: &CheckoutWebhooks,
    target: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Delivery, Refusal> {
    side.receive(&Inbound {
        method: "POST",
        headers,
        peer: None,
        target,
        body,
        now: SystemTime::now(),
    })
}

fn receive(side: &CheckoutWebhooks, target: &str, body: &[u8]) -> Result<Delivery, Refusal> {
    receive_with(side, target, &HeaderMap::new(), body)
}

/// A notification naming `transaction`, with `extra` in every member the side
/// does not route on.
fn body_with(transaction: &str, event: &str, extra: &str) -> Vec<u8> {
    format!(
        r#"{{"createdAt":{extra},"event":{event},"transaction":{transaction},"reference":{extra},"payment":{extra},"amount":{extra}}}"#
    )
    .into_bytes()
}

const HOSTILE: &[&str] = &[
    "null",
    "true",
    "12345",
    "-1.5e300",
    r#"{"a":{"b":[1,2,{"c":null}]}}"#,
    r#"[1,"two",{"three":3}]"#,
    r#""""#,
];

// ---- bodies ----------------------------------------------------------------

#[test]
fn hostile_types_in_members_not_routed_on_never_lose_the_transaction() {
    for extra in HOSTILE {
        let body = body_with(r#""tx-A""#, r#""FINALSTATUS""#, extra);
        for side in [shared(), per_checkout()] {
            let delivery = receive(&side, TARGET, &body).unwrap();
            assert!(delivery.is_authenticated(), "{extra}");
            assert_eq!(delivery.transaction_id.as_deref(), Some("tx-A"), "{extra}");
        }
    }
}

#[test]
fn an_event_of_any_type_never_loses_the_transaction() {
    for event in HOSTILE {
        let body = body_with(r#""tx-A""#, event, "null");
        for side in [shared(), per_checkout()] {
            let delivery = receive(&side, TARGET, &body).unwrap();
            assert_eq!(delivery.transaction_id.as_deref(), Some("tx-A"), "{event}");
        }
    }
}

#[test]
fn a_known_or_unknown_event_is_its_name_and_a_bad_one_is_none() {
    for (event, expected) in [
        (r#""FINALSTATUS""#, Some("FINALSTATUS")),
        (r#""SOMETHING_NEW""#, Some("SOMETHING_NEW")),
        (r#""a\u001bb""#, None),
        ("{}", None),
    ] {
        let body = body_with(r#""tx-A""#, event, "null");
        let delivery = receive(&shared(), TARGET, &body).unwrap();
        assert_eq!(delivery.event_name.as_deref(), expected, "{event}");
        assert_eq!(delivery.event_id, None);
    }
}

#[test]
fn a_transaction_sent_as_a_number_routes_as_its_text() {
    let body = body_with("4242", r#""FINALSTATUS""#, r#"{"x":1}"#);
    for side in [shared(), per_checkout()] {
        let delivery = receive(&side, TARGET, &body).unwrap();
        assert_eq!(delivery.transaction_id.as_deref(), Some("4242"));
    }
}

#[test]
fn unusable_transaction_ids_never_leave_the_side() {
    let long = format!("\"{}\"", "t".repeat(10 * 1024));
    for id in [
        r#"".""#,
        r#""..""#,
        r#""""#,
        r#""a\u0000b""#,
        r#""a\u001b[31m""#,
        r#""a\nb""#,
        r#""a\u0085b""#,
        long.as_str(),
        "null",
        "true",
        "{}",
        r#"["tx-A"]"#,
    ] {
        let body = body_with(id, r#""FINALSTATUS""#, "null");
        let delivery = receive(&shared(), TARGET, &body).unwrap();
        assert!(delivery.is_authenticated(), "{id}");
        assert_eq!(delivery.transaction_id, None, "{id}");
        // Per Checkout, no usable id means no token to compare with.
        assert!(
            matches!(
                receive(&per_checkout(), TARGET, &body),
                Err(Refusal::Unauthenticated(_))
            ),
            "{id}"
        );
    }
}

#[test]
fn deep_nesting_a_huge_string_a_bom_and_trailing_garbage_never_panic() {
    let deep = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
    let huge = format!("\"{}\"", "x".repeat(200 * 1024));
    let good = body_with(r#""tx-A""#, r#""FINALSTATUS""#, "null");
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(&good);
    let mut trailing = good.clone();
    trailing.extend_from_slice(b"}}garbage");
    for body in [
        body_with(r#""tx-A""#, r#""FINALSTATUS""#, &deep),
        bom,
        trailing,
        b"\xff\xfe".to_vec(),
    ] {
        assert!(
            receive(&shared(), TARGET, &body)
                .unwrap()
                .is_authenticated()
        );
        let _ = receive(&per_checkout(), TARGET, &body);
    }
    let body = body_with(r#""tx-A""#, r#""FINALSTATUS""#, &huge);
    let delivery = receive(&shared(), TARGET, &body).unwrap();
    assert_eq!(delivery.transaction_id.as_deref(), Some("tx-A"));
}

#[test]
fn duplicate_keys_in_other_members_still_route_and_a_repeated_transaction_names_none() {
    let body =
        br#"{"reference":"a","reference":{"b":1},"transaction":"tx-A","payment":1,"payment":2}"#;
    let delivery = receive(&shared(), TARGET, body).unwrap();
    assert_eq!(delivery.transaction_id.as_deref(), Some("tx-A"));
    let body = br#"{"transaction":"tx-A","transaction":"tx-B"}"#;
    let delivery = receive(&shared(), TARGET, body).unwrap();
    assert_eq!(delivery.transaction_id, None);
    assert!(receive(&per_checkout(), TARGET, body).is_err());
}

#[test]
fn personal_data_in_the_body_never_reaches_debug_of_deliveries_refusals_or_errors() {
    let body = br#"{"event":"FINALSTATUS","transaction":"tx-A","reference":"Zebulon-Planted","payment":"planted@example.test","customer":{"name":"Zebulon"}}"#;
    for side in [shared(), per_checkout()] {
        let delivery = receive(&side, TARGET, body).unwrap();
        let text = format!("{delivery:?} {side:?}");
        assert!(
            !text.contains("Zebulon") && !text.contains("planted@"),
            "{text}"
        );
        assert!(!text.contains(TOKEN), "{text}");
        let refusal = receive(&side, "/webhooks/cm-checkout?cm_token=wrong", body).unwrap_err();
        let text = format!("{refusal:?} {refusal}");
        assert!(
            !text.contains("Zebulon") && !text.contains("tok-"),
            "{text}"
        );
    }
    for body in [
        &br#"{"transaction":["Zebulon"]}"#[..],
        br#"{"transaction":"a","transaction":"Zebulon"}"#,
        br#"{"createdAt":{"Zebulon":1}}"#,
        br#"{"event":"Zebulon"} Zebulon"#,
        b"Zebulon",
    ] {
        if let Err(error) = WebhookNotification::from_slice(body) {
            let text = format!("{error:?} {error}");
            assert!(!text.contains("Zebulon"), "{text}");
        }
    }
}

// ---- tokens ----------------------------------------------------------------

#[test]
fn the_token_only_counts_as_the_one_query_parameter() {
    let body = body_with(r#""tx-A""#, r#""FINALSTATUS""#, "null");
    for target in [
        format!("/webhooks/cm-checkout/{TOKEN}"),
        format!("/webhooks/cm-checkout#cm_token={TOKEN}"),
        format!("/webhooks/cm-checkout?x=1#cm_token={TOKEN}"),
        format!("/webhooks/cm-checkout?CM_TOKEN={TOKEN}"),
        format!("/webhooks/cm-checkout?Cm_Token={TOKEN}"),
        format!("/webhooks/cm-checkout?cm_token={TOKEN}x"),
        format!("/webhooks/cm-checkout?cm_token=x{TOKEN}"),
        format!("/webhooks/cm-checkout?cm_token={}", TOKEN.to_uppercase()),
        format!("/webhooks/cm-checkout?cm_token={TOKEN}%00"),
        format!("/webhooks/cm-checkout?cm_token=%20{TOKEN}"),
        format!("/webhooks/cm-checkout?cm_token={TOKEN}&cm_token={TOKEN}x"),
        format!("/webhooks/cm-checkout?cm_token={TOKEN}&cm_token="),
        format!("/webhooks/cm-checkout?cm_token={TOKEN};cm_token=x"),
        format!("/webhooks/cm-checkout?xcm_token={TOKEN}"),
        "/webhooks/cm-checkout?cm_token".to_owned(),
        "/webhooks/cm-checkout?".to_owned(),
        "".to_owned(),
    ] {
        for side in [shared(), per_checkout()] {
            assert!(
                matches!(
                    receive(&side, &target, &body),
                    Err(Refusal::Unauthenticated(_))
                ),
                "{target}"
            );
        }
    }
}

#[test]
fn the_token_among_absurd_query_parameters_still_authenticates_once() {
    let body = body_with(r#""tx-A""#, r#""FINALSTATUS""#, "null");
    let noise = "a=1&".repeat(50_000);
    let huge_value = format!("x={}", "%".repeat(100_000));
    for target in [
        format!("/webhooks/cm-checkout?{noise}cm_token={TOKEN}"),
        format!("/webhooks/cm-checkout?{huge_value}&cm_token={TOKEN}&&&"),
        format!("/webhooks/cm-checkout?&&cm_token={TOKEN}#frag"),
        format!("https://shop.test/webhooks/cm-checkout?cm_token={TOKEN}"),
    ] {
        for side in [shared(), per_checkout()] {
            let delivery = receive(&side, &target, &body).unwrap();
            assert_eq!(delivery.transaction_id.as_deref(), Some("tx-A"));
        }
    }
}

#[test]
fn a_token_in_a_header_of_any_name_or_case_authenticates_nothing() {
    let body = body_with(r#""tx-A""#, r#""FINALSTATUS""#, "null");
    let mut headers = HeaderMap::new();
    for name in ["cm_token", "CM-Token", "authorization", "x-cm-token"] {
        headers.append(
            txstatus_core::provider::header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_static(TOKEN),
        );
    }
    headers.append("cm_token", HeaderValue::from_bytes(b"\xff\xfe").unwrap());
    for side in [shared(), per_checkout()] {
        assert!(matches!(
            receive_with(&side, "/webhooks/cm-checkout", &headers, &body),
            Err(Refusal::Unauthenticated(_))
        ));
        // Headers of any content beside the right URL token change nothing.
        assert!(receive_with(&side, TARGET, &headers, &body).is_ok());
    }
}

#[test]
fn blank_or_rotated_tokens_authenticate_only_what_they_should() {
    let body = body_with(r#""tx-A""#, r#""FINALSTATUS""#, "null");
    for blank in ["", " ", "\t\n", "\u{a0}\u{2003}"] {
        let side = CheckoutWebhooks::new(token(blank));
        for target in [
            "/w?cm_token=".to_owned(),
            format!("/w?cm_token={}", blank.replace(' ', "%20")),
            "/w?cm_token=%C2%A0%E2%80%83".to_owned(),
            "/w".to_owned(),
        ] {
            assert!(
                receive(&side, &target, &body).is_err(),
                "{blank:?} {target}"
            );
        }
    }
    // A new token for a Checkout: the old one no longer authenticates it.
    let rotated = CheckoutWebhooks::per_checkout(|id| (id == "tx-A").then(|| token("tok-new-999")));
    assert!(receive(&rotated, TARGET, &body).is_err());
    assert!(receive(&rotated, "/w?cm_token=tok-new-999", &body).is_ok());
}

#[test]
fn a_webhook_url_is_never_made_with_a_second_token_parameter_no_delivery_could_match() {
    let fresh = token("tok-new-999");
    for base in [
        "https://shop.test/hooks?cm_token=tok-old-111",
        "https://shop.test/hooks?purchaseId=order1&cm_token=",
        "https://shop.test/hooks?cm%5Ftoken=tok-old-111",
        "https://shop.test/hooks?cm_token",
    ] {
        let error = fresh.webhook_url(base).unwrap_err();
        assert!(error.is_invalid_input(), "{base}");
        let text = format!("{error} {error:?}");
        assert!(
            !text.contains("tok-new") && !text.contains("tok-old"),
            "{text}"
        );
    }
    // A base without one gets the token once, and its deliveries authenticate.
    let url = fresh
        .webhook_url("https://shop.test/hooks?purchaseId=order1&cm_tokens=x")
        .unwrap();
    assert!(fresh.matches(&url), "{url}");
    let side = CheckoutWebhooks::new(fresh.clone());
    let target = url.trim_start_matches("https://shop.test");
    let body = body_with(r#""tx-A""#, r#""FINALSTATUS""#, "null");
    assert!(receive(&side, target, &body).is_ok(), "{target}");
}

#[test]
fn a_token_inside_the_fragment_is_no_query_parameter() {
    let body = body_with(r#""tx-A""#, r#""FINALSTATUS""#, "null");
    // A `?` after the `#` starts no query: what follows is the fragment.
    for target in [
        format!("/webhooks/cm-checkout#?cm_token={TOKEN}"),
        format!("/webhooks/cm-checkout#frag?cm_token={TOKEN}"),
        format!("/webhooks/cm-checkout#x?a=1&cm_token={TOKEN}"),
        format!("https://shop.test/webhooks/cm-checkout#?cm_token={TOKEN}"),
    ] {
        assert!(!token(TOKEN).matches(&target), "{target}");
        for side in [shared(), per_checkout()] {
            assert!(
                matches!(
                    receive(&side, &target, &body),
                    Err(Refusal::Unauthenticated(_))
                ),
                "{target}"
            );
        }
    }
    // The query before a fragment still counts, whatever the fragment holds.
    let target = format!("/webhooks/cm-checkout?cm_token={TOKEN}#?cm_token=other");
    assert!(token(TOKEN).matches(&target));
}

#[test]
fn the_per_checkout_lookup_is_never_asked_about_an_id_the_delivery_would_not_carry() {
    let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let side = {
        let asked = std::sync::Arc::clone(&asked);
        CheckoutWebhooks::per_checkout(move |id| {
            asked.lock().unwrap().push(id.to_owned());
            // A lookup that finds a token for anything it is asked about.
            Some(token(TOKEN))
        })
    };
    for id in [r#"" ""#, r#""   ""#, r#""\u00a0""#, r#""\u2003 ""#, r#""""#] {
        let body = body_with(id, r#""FINALSTATUS""#, "null");
        assert!(
            matches!(
                receive(&side, TARGET, &body),
                Err(Refusal::Unauthenticated(_))
            ),
            "{id}"
        );
    }
    assert_eq!(*asked.lock().unwrap(), Vec::<String>::new());
    // A usable id is asked about, and is the id the delivery carries.
    let body = body_with(r#""tx-A""#, r#""FINALSTATUS""#, "null");
    let delivery = receive(&side, TARGET, &body).unwrap();
    assert_eq!(delivery.transaction_id.as_deref(), Some("tx-A"));
    assert_eq!(*asked.lock().unwrap(), vec!["tx-A".to_owned()]);
}

#[test]
fn a_notification_naming_a_blank_transaction_names_nothing_to_fetch() {
    for id in [r#"" ""#, r#""   ""#, r#""\u00a0""#, r#""\u2003\u3000""#] {
        let body = body_with(id, r#""FINALSTATUS""#, "null");
        let notification = WebhookNotification::from_slice(&body).unwrap();
        let error = notification.transaction_id().unwrap_err();
        assert!(error.is_invalid_input(), "{id}");
        // The side routes the same body to nothing either.
        assert_eq!(
            receive(&shared(), TARGET, &body).unwrap().transaction_id,
            None
        );
    }
    let body = body_with(r#""tx-A""#, r#""FINALSTATUS""#, "null");
    let notification = WebhookNotification::from_slice(&body).unwrap();
    assert_eq!(notification.transaction_id().unwrap(), "tx-A");
}
