//! OneSpan's webhook side: hints unless an allow-list is set; proxies are trusted
//! only when named.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::{net::IpAddr, time::SystemTime};

use onespan_tx::OneSpanWebhooks;
use txstatus_core::{
    provider::header::{HeaderMap, HeaderValue},
    webhook::{Delivery, Inbound, Refusal, Trust, WebhookSide},
};

const BODY: &[u8] = br#"{"@timestamp":"2020-01-17 00:08:31.118 +0000","type":"notification","transaction_id":"a17800d8-0208-4052-b2c6-752f07c04dfa","trigger":"transaction_completed","message":"Private note","fields":[]}"#;

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

fn receive(
    side: &OneSpanWebhooks,
    peer: &str,
    forwarded: Option<&str>,
) -> Result<Delivery, Refusal> {
    let mut headers = HeaderMap::new();
    if let Some(forwarded) = forwarded {
        headers.insert("x-forwarded-for", HeaderValue::from_str(forwarded).unwrap());
    }
    side.receive(&Inbound {
        method: "POST",
        headers: &headers,
        peer: Some(ip(peer)),
        target: "/webhooks/onespan",
        body: BODY,
        now: SystemTime::now(),
    })
}

#[test]
fn without_an_allow_list_a_notification_is_a_hint_with_its_source() {
    let delivery = receive(&OneSpanWebhooks::new(), "203.0.113.9", Some("1.1.1.1")).unwrap();
    assert_eq!(delivery.trust, Trust::Hint);
    assert_eq!(delivery.source, Some(ip("203.0.113.9")));
    assert_eq!(
        delivery.transaction_id.as_deref(),
        Some("a17800d8-0208-4052-b2c6-752f07c04dfa")
    );
    assert_eq!(
        delivery.event_name.as_deref(),
        Some("transaction_completed")
    );
    assert_eq!(delivery.event_id, None);
    assert!(!format!("{delivery:?}").contains("Private"));
}

#[test]
fn with_an_allow_list_only_listed_sources_are_accepted_and_authenticated() {
    let side = OneSpanWebhooks::new().allow([ip("198.51.100.1")]);
    assert_eq!(
        receive(&side, "198.51.100.1", None).unwrap().trust,
        Trust::Authenticated
    );
    assert!(matches!(
        receive(&side, "198.51.100.2", None),
        Err(Refusal::Unauthenticated(_))
    ));
    // A forwarded header from an untrusted peer is ignored.
    assert!(matches!(
        receive(&side, "198.51.100.2", Some("198.51.100.1")),
        Err(Refusal::Unauthenticated(_))
    ));
}

#[test]
fn behind_a_trusted_proxy_the_forwarded_client_is_checked() {
    let side = OneSpanWebhooks::new()
        .allow([ip("198.51.100.1")])
        .trusted_proxies([ip("10.0.0.1")]);
    assert!(receive(&side, "10.0.0.1", Some("198.51.100.1")).is_ok());
    // A client cannot prepend the allowed address in front of itself.
    assert!(receive(&side, "10.0.0.1", Some("198.51.100.1, 203.0.113.5")).is_err());
    assert!(receive(&side, "10.0.0.1", None).is_err());
}

#[test]
fn an_unparseable_hint_is_accepted_without_a_transaction() {
    let headers = HeaderMap::new();
    let delivery = OneSpanWebhooks::new()
        .receive(&Inbound {
            method: "POST",
            headers: &headers,
            peer: None,
            target: "/",
            body: b"{not json",
            now: SystemTime::now(),
        })
        .unwrap();
    assert_eq!(delivery.transaction_id, None);
}
