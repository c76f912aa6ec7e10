//! The secret header as HTTP delivers it: a field value reaches the receiver
//! without the spaces and tabs around it (RFC 9110, 5.5; hyper strips them), and
//! a header name in any case. A verifier configured with a secret or a name
//! carrying such spaces (read from a file, pasted from a dashboard) must still
//! authenticate the deliveries CM sends with it, never refuse every one.
#![allow(missing_docs, clippy::unwrap_used, clippy::panic)]

use std::time::SystemTime;

use cm_idscan::{IdScanWebhooks, WebhookRefusal, WebhookVerifier};
use txstatus_core::{
    SecretString,
    provider::header::{HeaderMap, HeaderValue},
    webhook::{Inbound, Refusal, WebhookSide},
};

const BODY: &[u8] = br#"{"id":"e1","type":"transaction.state.updated","transaction":{"id":"t1"}}"#;

fn delivered(value: &'static [u8]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert("x-hook-secret", HeaderValue::from_bytes(value).unwrap());
    headers
}

fn through_side(verifier: WebhookVerifier, headers: &HeaderMap) -> Result<(), Refusal> {
    IdScanWebhooks::new(verifier)
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
fn a_secret_or_name_configured_with_surrounding_spaces_matches_the_value_http_delivers() {
    for (name, secret) in [
        ("X-Hook-Secret", " hunter2-secret"),
        ("X-Hook-Secret", "hunter2-secret\t"),
        ("X-Hook-Secret", " \thunter2-secret  "),
        (" X-Hook-Secret ", "hunter2-secret"),
        ("x-hook-secret\t", " hunter2-secret "),
    ] {
        let verifier = || WebhookVerifier::new(name, SecretString::from(secret));
        let headers = delivered(b"hunter2-secret");
        assert!(
            verifier().verify(&headers, BODY).is_ok(),
            "{name:?} {secret:?}"
        );
        assert!(
            verifier()
                .verify_value(Some(b"hunter2-secret"), BODY)
                .is_ok(),
            "{name:?} {secret:?}"
        );
        assert_eq!(
            through_side(verifier(), &headers),
            Ok(()),
            "{name:?} {secret:?}"
        );
    }
}

#[test]
fn trimming_the_configured_secret_opens_nothing_else() {
    let verifier = || WebhookVerifier::new("X-Hook-Secret", SecretString::from(" hunter2-secret "));
    for sent in [
        &b"hunter2-secre"[..],
        b"hunter2-secretX",
        b"HUNTER2-SECRET",
        b"hunter2-secret\xff",
        b" hunter2-secret x",
        b"",
    ] {
        let headers = delivered(sent);
        assert_eq!(
            verifier().verify(&headers, BODY).unwrap_err(),
            WebhookRefusal::WrongHeader,
            "{sent:?}"
        );
        assert!(through_side(verifier(), &headers).is_err(), "{sent:?}");
    }
    // Twice, in any case of the name, once with another value: which one
    // would count? Refused.
    let mut twice = delivered(b"hunter2-secret");
    twice.append("X-HOOK-SECRET", HeaderValue::from_static("hunter2-secreT"));
    assert_eq!(
        verifier().verify(&twice, BODY).unwrap_err(),
        WebhookRefusal::WrongHeader
    );
    // Spaces only are no secret, trimmed or not.
    let blank = WebhookVerifier::new("X-Hook-Secret", SecretString::from(" \t "));
    assert_eq!(
        blank.verify(&delivered(b""), BODY).unwrap_err(),
        WebhookRefusal::NoSecret
    );
}

/// A `Name: value` line whose value no HTTP header can carry (a control
/// character, a line break inside it) configures a side that refuses every
/// delivery: refused when read, naming neither the value nor the secret.
#[test]
fn a_header_line_whose_value_no_header_can_carry_is_refused() {
    for line in [
        "X-Hook-Secret: s3cret\u{1}value",
        "X-Hook-Secret: s3cret\rvalue",
        "X-Hook-Secret: s3cret\nX-Other: value",
        "X-Hook-Secret: s3cret\u{7f}",
        "X Hook: s3cret",
        "X-Hook-Secret:  \t ",
    ] {
        let error = IdScanWebhooks::from_header_line(line).unwrap_err();
        assert!(error.is_invalid_input(), "{line:?}");
        assert!(!format!("{error} {error:?}").contains("s3cret"), "{line:?}");
    }
    for line in [
        "X-Hook-Secret: s3cret value",
        "X-Hook-Secret:\ts3cret\t",
        "x-hook-secret:s3cret:with:colons",
    ] {
        assert!(IdScanWebhooks::from_header_line(line).is_ok(), "{line:?}");
    }
}

/// A header name no HTTP header can have (a space, a colon, a line break,
/// nothing, a non-ASCII letter) can be carried by no delivery: such a verifier
/// refuses every one. `try_new` refuses it at construction with a typed error,
/// as it refuses a blank secret or one no header value can carry, naming
/// neither the name's nor the secret's text; `new` keeps it, and each delivery
/// it checks is then refused as unusable, never as "missing header" (which sends
/// an operator looking at CM).
#[test]
fn a_verifier_whose_header_name_or_secret_no_delivery_can_carry_is_refused_at_construction() {
    use cm_idscan::VerifierError;

    for (name, secret, expected) in [
        ("X Hook", "s3cret-value", VerifierError::HeaderName),
        ("X-Hook:", "s3cret-value", VerifierError::HeaderName),
        ("", "s3cret-value", VerifierError::HeaderName),
        (" \t ", "s3cret-value", VerifierError::HeaderName),
        (
            "X-Hook\r\nX-Other",
            "s3cret-value",
            VerifierError::HeaderName,
        ),
        ("Х-Hook", "s3cret-value", VerifierError::HeaderName),
        ("X-Hook(1)", "s3cret-value", VerifierError::HeaderName),
        (
            "Content-Length",
            "s3cret-value",
            VerifierError::ReservedHeaderName,
        ),
        ("host", "s3cret-value", VerifierError::ReservedHeaderName),
        (
            " TRANSFER-ENCODING ",
            "s3cret-value",
            VerifierError::ReservedHeaderName,
        ),
        (
            "Connection",
            "s3cret-value",
            VerifierError::ReservedHeaderName,
        ),
        (
            "content-type",
            "s3cret-value",
            VerifierError::ReservedHeaderName,
        ),
        ("X-Hook", "", VerifierError::BlankSecret),
        ("X-Hook", " \t ", VerifierError::BlankSecret),
        (
            "X-Hook",
            "s3cret\nvalue",
            VerifierError::SecretNotAHeaderValue,
        ),
        (
            "X-Hook",
            "s3cret\u{0}",
            VerifierError::SecretNotAHeaderValue,
        ),
        (
            "X-Hook",
            "s3cret\u{7f}",
            VerifierError::SecretNotAHeaderValue,
        ),
    ] {
        let error = WebhookVerifier::try_new(name, SecretString::from(secret)).unwrap_err();
        assert_eq!(error, expected, "{name:?} {secret:?}");
        let shown = format!("{error} {error:?}");
        assert!(
            !shown.contains("s3cret") && !shown.contains("Hook"),
            "{shown}"
        );
        // `new` keeps it: every delivery is refused, and says why.
        let verifier = WebhookVerifier::new(name, SecretString::from(secret));
        let mut headers = HeaderMap::new();
        headers.insert("x-hook", HeaderValue::from_static("s3cret-value"));
        let refusal = verifier.verify(&headers, BODY).unwrap_err();
        if expected == VerifierError::BlankSecret {
            assert_eq!(refusal, WebhookRefusal::NoSecret, "{name:?} {secret:?}");
        } else {
            assert_eq!(refusal, WebhookRefusal::Unusable, "{name:?} {secret:?}");
        }
        assert!(through_side(verifier, &headers).is_err());
    }
    // A name HTTP sets itself never lets a delivery in, even one whose value
    // is the configured "secret".
    let verifier = WebhookVerifier::new("Content-Type", SecretString::from("application/json"));
    let mut headers = HeaderMap::new();
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    assert_eq!(
        verifier.verify(&headers, BODY).unwrap_err(),
        WebhookRefusal::Unusable
    );
    assert!(through_side(verifier, &headers).is_err());
    for (name, secret) in [
        ("X-Hook-Secret", "s3cret"),
        (" x-hook-secret\t", " s3cret value "),
        ("X_HOOK.SECRET~1", "s3cret\tvalue"),
    ] {
        let verifier = WebhookVerifier::try_new(name, SecretString::from(secret)).unwrap();
        assert!(!format!("{verifier:?}").contains("s3cret"));
    }
    // The CLI's constructor takes the same rule and says which part is wrong,
    // never the value.
    for line in ["Х-Hook: s3cret", "X-Hook(1): s3cret", "X-Hook: s3cret\u{0}"] {
        let error = IdScanWebhooks::from_header_line(line).unwrap_err();
        assert!(error.is_invalid_input(), "{line:?}");
        assert!(!format!("{error} {error:?}").contains("s3cret"), "{line:?}");
    }
}
