//! OneSpan's webhook side against hostile notifications: the transaction is
//! re-read whatever shape the members it never uses have; ids that are no usable
//! id name nothing; an allow-list matches an address in either of its forms;
//! nothing panics.
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
    test_util as hostile,
    webhook::{Delivery, Inbound, Refusal, Trust, WebhookSide},
};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");

const BODY: &[u8] = br#"{"transaction_id":"t1","trigger":"transaction_completed"}"#;

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

fn receive_from(
    side: &OneSpanWebhooks,
    peer: &str,
    forwarded: Option<&str>,
    body: &[u8],
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
        body,
        now: SystemTime::now(),
    })
}

fn receive(body: &[u8]) -> Delivery {
    receive_from(&OneSpanWebhooks::new(), "203.0.113.9", None, body).unwrap()
}

#[test]
fn the_transaction_is_reread_whatever_shape_the_members_it_never_uses_have() {
    for body in [
        r#"{"@timestamp":1579219711118,"transaction_id":"t1","trigger":"transaction_completed"}"#,
        r#"{"timestamp":{"at":"2022-07-22"},"transaction_id":"t1"}"#,
        r#"{"transaction_id":"t1","message":5}"#,
        r#"{"transaction_id":"t1","message":{"text":"Jan Jansen"}}"#,
        r#"{"transaction_id":"t1","id":5,"session_id":{},"role":["Borrower"]}"#,
        r#"{"transaction_id":"t1","skip_view_state":"maybe","skip_common_ux_components":2}"#,
        r#"{"transaction_id":"t1","trigger":{"name":"x"},"type":7}"#,
        r#"{"transaction_id":"t1","@timestamp":"x","@timestamp":"y"}"#,
        // A member name no Rust string holds (a lone surrogate).
        r#"{"\ud800":{"a":[1]},"transaction_id":"t1","x\udfffy":2}"#,
    ] {
        let delivery = receive(body.as_bytes());
        assert_eq!(delivery.transaction_id.as_deref(), Some("t1"), "{body}");
    }
}

#[test]
fn a_transaction_id_sent_as_a_number_is_read_as_its_text() {
    let delivery = receive(br#"{"transaction_id":12345,"trigger":"transaction_completed"}"#);
    assert_eq!(delivery.transaction_id.as_deref(), Some("12345"));
    assert_eq!(
        delivery.event_name.as_deref(),
        Some("transaction_completed")
    );
}

#[test]
fn ids_that_are_no_usable_id_name_nothing_to_reread_or_pass_on() {
    let long = "a".repeat(10 * 1024);
    for hostile in [
        "",
        ".",
        "..",
        "a\u{0}b",
        "a\nb",
        "\u{1b}[31m",
        "\u{7f}",
        "\u{85}",
        &long,
    ] {
        let text = serde_json::to_string(hostile).unwrap();
        let body = format!(r#"{{"transaction_id":{text},"trigger":{text},"type":{text}}}"#);
        let delivery = receive(body.as_bytes());
        assert_eq!(delivery.transaction_id, None, "{hostile:?}");
        assert_eq!(delivery.event_name, None, "{hostile:?}");
    }
}

#[test]
fn a_repeated_transaction_id_routes_nothing_rather_than_guess_which_was_meant() {
    let delivery = receive(br#"{"transaction_id":"t1","transaction_id":"t2"}"#);
    assert_eq!(delivery.transaction_id, None);
}

#[test]
fn a_body_that_is_not_a_notification_is_a_hint_without_a_transaction() {
    for body in [
        &b""[..],
        b"null",
        b"[{\"transaction_id\":\"t1\"}]",
        b"{\"transaction_id\":\"t1\"",
        b"{\"transaction_id\":\"t\xff\"}",
    ] {
        let delivery = receive(body);
        assert_eq!(delivery.trust, Trust::Hint);
        assert_eq!(delivery.transaction_id, None, "{body:?}");
    }
}

#[test]
fn deep_nesting_anywhere_in_a_notification_is_a_hint_on_a_small_stack() {
    let fixtures = hostile::fixtures_in(FIXTURES.as_ref(), "notification");
    hostile::on_small_stack(move || {
        for (label, body) in hostile::bodies(&fixtures) {
            let delivery = receive(body.as_bytes());
            if let Some(id) = delivery.transaction_id {
                assert!(!id.contains('['), "{label}");
            }
        }
    });
}

#[test]
fn an_allowed_ipv4_source_matches_in_its_ipv4_mapped_form() {
    let side = OneSpanWebhooks::new().allow([ip("198.51.100.1")]);
    // A dual-stack listener reports an IPv4 peer as `::ffff:a.b.c.d`.
    let delivery = receive_from(&side, "::ffff:198.51.100.1", None, BODY).unwrap();
    assert_eq!(delivery.trust, Trust::Authenticated);
    assert_eq!(delivery.source, Some(ip("198.51.100.1")));
    // Configured in the mapped form, the plain form matches too.
    let side = OneSpanWebhooks::new().allow([ip("::ffff:198.51.100.1")]);
    assert_eq!(
        receive_from(&side, "198.51.100.1", None, BODY)
            .unwrap()
            .trust,
        Trust::Authenticated
    );
    // Other addresses stay refused in either form.
    for peer in [
        "::ffff:198.51.100.2",
        "198.51.100.2",
        "::1",
        "::198.51.100.1",
    ] {
        assert_eq!(
            receive_from(&side, peer, None, BODY),
            Err(Refusal::Unauthenticated("source address")),
            "{peer}"
        );
    }
}

#[test]
fn a_trusted_proxy_matches_in_its_ipv4_mapped_form_and_forwards_no_more_than_before() {
    let side = OneSpanWebhooks::new()
        .allow([ip("198.51.100.1")])
        .trusted_proxies([ip("10.0.0.1")]);
    let delivery = receive_from(&side, "::ffff:10.0.0.1", Some("198.51.100.1"), BODY).unwrap();
    assert_eq!(delivery.trust, Trust::Authenticated);
    assert_eq!(delivery.source, Some(ip("198.51.100.1")));
    // A client still cannot prepend the allowed address in front of itself.
    assert!(
        receive_from(
            &side,
            "::ffff:10.0.0.1",
            Some("198.51.100.1, 203.0.113.5"),
            BODY
        )
        .is_err()
    );
    // An untrusted peer's forwarded header is still ignored.
    assert!(receive_from(&side, "::ffff:10.0.0.2", Some("198.51.100.1"), BODY).is_err());
}

#[test]
fn an_empty_allow_list_accepts_no_notification_instead_of_taking_hints_from_anyone() {
    let nobody: [IpAddr; 0] = [];
    let side = OneSpanWebhooks::new().allow(nobody);
    for (peer, forwarded) in [
        ("198.51.100.1", None),
        ("::ffff:198.51.100.1", None),
        ("::1", None),
        ("203.0.113.9", Some("198.51.100.1")),
    ] {
        assert_eq!(
            receive_from(&side, peer, forwarded, BODY),
            Err(Refusal::Unauthenticated("source address")),
            "{peer} {forwarded:?}"
        );
    }
    // Behind a trusted proxy too: an empty list is never "no list".
    let side = OneSpanWebhooks::new()
        .allow(Vec::new())
        .trusted_proxies([ip("10.0.0.1")]);
    assert_eq!(
        receive_from(&side, "10.0.0.1", Some("198.51.100.1"), BODY),
        Err(Refusal::Unauthenticated("source address"))
    );
    // Without an allow-list at all, a notification is still a hint.
    assert_eq!(
        receive_from(&OneSpanWebhooks::new(), "203.0.113.9", None, BODY)
            .unwrap()
            .trust,
        Trust::Hint
    );
}

#[test]
fn a_forwarded_line_that_is_not_text_never_lets_a_client_written_hop_pass_as_the_client() {
    let side = OneSpanWebhooks::new()
        .allow([ip("198.51.100.1")])
        .trusted_proxies([ip("10.0.0.1")]);
    // The client writes the allowed address on one line and bytes that are not
    // text on another; the proxy appends the real client to that last line.
    for garbled in [
        &b"\xff, 203.0.113.5"[..],
        b"203.0.113.5, \x80",
        b"caf\xc3\xa9, 203.0.113.5",
    ] {
        let mut headers = HeaderMap::new();
        headers.append("x-forwarded-for", HeaderValue::from_static("198.51.100.1"));
        headers.append("x-forwarded-for", HeaderValue::from_bytes(garbled).unwrap());
        for peer in ["10.0.0.1", "::ffff:10.0.0.1"] {
            let received = side.receive(&Inbound {
                method: "POST",
                headers: &headers,
                peer: Some(ip(peer)),
                target: "/webhooks/onespan",
                body: BODY,
                now: SystemTime::now(),
            });
            assert_eq!(
                received,
                Err(Refusal::Unauthenticated("source address")),
                "{garbled:?} via {peer}"
            );
        }
    }
    // Without an allow-list such a hint names no source (never the written one).
    let mut headers = HeaderMap::new();
    headers.append("x-forwarded-for", HeaderValue::from_static("198.51.100.1"));
    headers.append(
        "x-forwarded-for",
        HeaderValue::from_bytes(b"\xff, 203.0.113.5").unwrap(),
    );
    let hint = OneSpanWebhooks::new()
        .trusted_proxies([ip("10.0.0.1")])
        .receive(&Inbound {
            method: "POST",
            headers: &headers,
            peer: Some(ip("10.0.0.1")),
            target: "/webhooks/onespan",
            body: BODY,
            now: SystemTime::now(),
        })
        .unwrap();
    assert_eq!(hint.trust, Trust::Hint);
    assert_eq!(hint.source, None);
    // From an untrusted peer the forwarded lines are ignored: the peer is the client.
    let delivery = side
        .receive(&Inbound {
            method: "POST",
            headers: &headers,
            peer: Some(ip("198.51.100.1")),
            target: "/webhooks/onespan",
            body: BODY,
            now: SystemTime::now(),
        })
        .unwrap();
    assert_eq!(delivery.trust, Trust::Authenticated);
}

/// A trusted proxy that appends the client's port (`ip:port`, `[v6]:port`)
/// forwards that address: the port says nothing about who sent. A hop that is
/// no address at all names no client, never the hop a client wrote left of it.
#[test]
fn a_forwarded_hop_with_a_port_names_its_address_and_a_garbled_one_names_no_client() {
    let side = OneSpanWebhooks::new()
        .allow([ip("198.51.100.1"), ip("2001:db8::1")])
        .trusted_proxies([ip("10.0.0.1")]);
    for (forwarded, source) in [
        ("198.51.100.1:5678", "198.51.100.1"),
        ("203.0.113.5, 198.51.100.1:443", "198.51.100.1"),
        ("[2001:db8::1]:443", "2001:db8::1"),
    ] {
        let delivery = receive_from(&side, "10.0.0.1", Some(forwarded), BODY).unwrap();
        assert_eq!(delivery.trust, Trust::Authenticated, "{forwarded}");
        assert_eq!(delivery.source, Some(ip(source)), "{forwarded}");
    }
    for garbled in [
        "198.51.100.1, host:80",
        "198.51.100.1, 203.0.113.5:",
        "198.51.100.1, 203.0.113.5:99999",
    ] {
        assert_eq!(
            receive_from(&side, "10.0.0.1", Some(garbled), BODY),
            Err(Refusal::Unauthenticated("source address")),
            "{garbled}"
        );
    }
}
