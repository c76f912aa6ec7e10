//! The secret header as it may arrive on several lines (RFC 9110, 5.3: repeated
//! field lines mean one comma-joined value). The secret must be one line's
//! value, never a concatenation of lines: a proxy repeating the header with the
//! same value still authenticates the delivery (else CM resends it for days),
//! while a line holding anything else beside it is ambiguous and refused.
#![allow(missing_docs, clippy::unwrap_used, clippy::panic)]

use std::time::SystemTime;

use cm_idscan::{IdScanWebhooks, WebhookRefusal, WebhookVerifier};
use txstatus_core::{
    SecretString,
    provider::header::{HeaderMap, HeaderName, HeaderValue},
    webhook::{Inbound, Refusal, WebhookSide},
};

const BODY: &[u8] = br#"{"id":"e1","type":"transaction.state.updated","transaction":{"id":"t1"}}"#;
const SECRET: &str = "hunter2-secret";

fn verifier() -> WebhookVerifier {
    WebhookVerifier::new("X-Hook-Secret", SecretString::from(SECRET))
}

/// One header line per value, each under the given spelling of the name.
fn lines(values: &[(&str, &[u8])]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (name, value) in values {
        headers.append(
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_bytes(value).unwrap(),
        );
    }
    headers
}

fn through_side(headers: &HeaderMap) -> Result<(), Refusal> {
    IdScanWebhooks::new(verifier())
        .receive(&Inbound {
            method: "POST",
            headers,
            peer: None,
            target: "/webhooks/cm-idscan",
            body: BODY,
            now: SystemTime::now(),
        })
        .map(|_| ())
}

#[test]
fn the_secret_repeated_on_several_lines_in_any_case_of_the_name_authenticates() {
    for headers in [
        lines(&[("x-hook-secret", b"hunter2-secret")]),
        lines(&[("X-HOOK-SECRET", b"hunter2-secret")]),
        lines(&[
            ("x-hook-secret", b"hunter2-secret"),
            ("X-Hook-Secret", b"hunter2-secret"),
        ]),
        lines(&[
            ("X-HOOK-SECRET", b"hunter2-secret"),
            ("x-Hook-secret", b" hunter2-secret\t"),
            ("x-hook-secret", b"hunter2-secret"),
        ]),
    ] {
        assert!(verifier().verify(&headers, BODY).is_ok(), "{headers:?}");
        assert_eq!(through_side(&headers), Ok(()), "{headers:?}");
    }
}

#[test]
fn a_line_holding_anything_but_the_secret_beside_it_is_refused() {
    for headers in [
        // The genuine value on a later line, another before it.
        lines(&[
            ("x-hook-secret", b"wrong"),
            ("x-hook-secret", b"hunter2-secret"),
        ]),
        lines(&[
            ("x-hook-secret", b"hunter2-secret"),
            ("x-hook-secret", b"wrong"),
        ]),
        // A first line that is no text.
        lines(&[
            ("x-hook-secret", b"\xff\xfe"),
            ("x-hook-secret", b"hunter2-secret"),
        ]),
        // An empty line beside it.
        lines(&[("x-hook-secret", b""), ("x-hook-secret", b"hunter2-secret")]),
        // The secret split over two lines: their comma-joined value is no secret.
        lines(&[("x-hook-secret", b"hunter2"), ("x-hook-secret", b"-secret")]),
    ] {
        assert_eq!(
            verifier().verify(&headers, BODY).unwrap_err(),
            WebhookRefusal::WrongHeader,
            "{headers:?}"
        );
        assert!(through_side(&headers).is_err(), "{headers:?}");
    }
}

/// A secret that itself holds `, ` is never made of two lines joined.
#[test]
fn a_secret_with_a_comma_is_never_assembled_from_two_lines() {
    let verifier = WebhookVerifier::new("X-Hook-Secret", SecretString::from("left, right"));
    let split = lines(&[("x-hook-secret", b"left"), ("x-hook-secret", b"right")]);
    assert_eq!(
        verifier.verify(&split, BODY).unwrap_err(),
        WebhookRefusal::WrongHeader
    );
    let whole = lines(&[("x-hook-secret", b"left, right")]);
    assert!(verifier.verify(&whole, BODY).is_ok());
}

/// Spaces and tabs around a value are no part of it (RFC 9110, 5.5): a framework
/// that hands them over still gets the delivery authenticated; inside the value
/// they count.
#[test]
fn spaces_and_tabs_around_a_delivered_value_are_not_part_of_it() {
    for sent in [
        &b" hunter2-secret"[..],
        b"hunter2-secret\t",
        b" \t hunter2-secret  ",
    ] {
        assert!(
            verifier().verify_value(Some(sent), BODY).is_ok(),
            "{sent:?}"
        );
        let headers = lines(&[("x-hook-secret", sent)]);
        assert!(verifier().verify(&headers, BODY).is_ok(), "{sent:?}");
        assert_eq!(through_side(&headers), Ok(()), "{sent:?}");
    }
    for sent in [
        &b"hunter2 -secret"[..],
        b"hunter2-secret\t x",
        b"\xa0hunter2-secret",
    ] {
        assert_eq!(
            verifier().verify_value(Some(sent), BODY).unwrap_err(),
            WebhookRefusal::WrongHeader,
            "{sent:?}"
        );
    }
}

/// What no header line can carry, or what folding leaves (obs-fold becomes a
/// space, RFC 9112 5.2), or an absurdly long value: refused, no panic.
#[test]
fn folded_nul_and_huge_values_are_refused_without_panicking() {
    let huge = "hunter2-secret".repeat(64 * 1024 / 14 + 1);
    let huge_line = lines(&[("x-hook-secret", huge.as_bytes())]);
    assert_eq!(
        verifier().verify(&huge_line, BODY).unwrap_err(),
        WebhookRefusal::WrongHeader
    );
    assert!(through_side(&huge_line).is_err());
    for sent in [
        &b"hunter2-\r\n secret"[..],
        b"hunter2- secret",
        b"hunter2-secret\0",
        b"\0hunter2-secret",
        b"hunter2-secret\r\n",
        huge.as_bytes(),
    ] {
        assert_eq!(
            verifier().verify_value(Some(sent), BODY).unwrap_err(),
            WebhookRefusal::WrongHeader,
            "{:?}",
            sent.get(..20)
        );
    }
}
