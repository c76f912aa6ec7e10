//! Persona's webhook side probed from outside: signature headers a sender
//! could write oddly, and genuine (correctly signed) deliveries whose members
//! have hostile types. A genuine delivery must still route to its transaction
//! when the members it routes on are usable, whatever the rest holds.
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
    webhook::{SIGNATURE_HEADER, WebhookError, signature_header},
};
use txstatus_core::{
    SecretString,
    crypto::{hex_encode, hmac_sha256},
    provider::header::{HeaderMap, HeaderValue},
    webhook::{Delivery, Inbound, Refusal, WebhookSide},
};

const NOW: u64 = 1_700_000_000;
const SECRET: &str = "wbhsec_new";

fn at(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

fn verifier() -> WebhookVerifier {
    WebhookVerifier::new(SecretString::from(SECRET))
}

/// A `v1` tag over `"<t as written>.<body>"`.
fn tag(secret: &str, t: &str, body: &[u8]) -> String {
    let mut message = t.as_bytes().to_vec();
    message.push(b'.');
    message.extend_from_slice(body);
    hex_encode(&hmac_sha256(secret.as_bytes(), &message))
}

fn receive_at(
    side: &PersonaWebhooks,
    signature: &str,
    body: &[u8],
    now: SystemTime,
) -> Result<Delivery, Refusal> {
    let mut headers = HeaderMap::new();
    headers.insert(SIGNATURE_HEADER, HeaderValue::from_str(signature).unwrap());
    side.receive(&Inbound {
        method: "POST",
        headers: &headers,
        peer: None,
        target: "/webhooks/persona",
        body,
        now,
    })
}

/// A correctly signed delivery of `body`.
fn genuine(body: &[u8]) -> Delivery {
    let side = PersonaWebhooks::new(verifier());
    let signature = signature_header(&SecretString::from(SECRET), NOW, body);
    receive_at(&side, &signature, body, at(NOW)).unwrap()
}

// ---- signatures ------------------------------------------------------------

const BODY: &[u8] = br#"{"data":{"type":"event","id":"evt_1","attributes":{"name":"transaction.approved","payload":{"data":{"type":"transaction","id":"txn_1"}}}}}"#;

#[test]
fn odd_spacing_around_a_genuine_pair_still_verifies() {
    let v1 = tag(SECRET, "1700000000", BODY);
    for header in [
        format!("t=1700000000,v1={v1}"),
        format!("  t=1700000000 ,  v1={v1}  "),
        format!("t=1700000000\t,\tv1={v1}"),
        format!(",,t=1700000000,,,v1={v1},,"),
        format!("{}t=1700000000,v1={v1}", " ".repeat(4000)),
    ] {
        verifier().verify(&header, BODY, at(NOW)).unwrap();
    }
}

#[test]
fn a_tag_in_uppercase_hex_is_the_same_tag() {
    let v1 = tag(SECRET, "1700000000", BODY).to_uppercase();
    verifier()
        .verify(&format!("t=1700000000,v1={v1}"), BODY, at(NOW))
        .unwrap();
}

#[test]
fn other_scheme_keys_never_verify_and_never_hide_a_genuine_v1() {
    let good = tag(SECRET, "1700000000", BODY);
    for header in [
        format!("t=1700000000,v0={good}"),
        format!("t=1700000000,v2={good}"),
        format!("t=1700000000,V1={good}"),
        format!("T=1700000000,v1={good}"),
        format!("t =1700000000,v1={good}"),
    ] {
        assert!(
            verifier().verify(&header, BODY, at(NOW)).is_err(),
            "{header}"
        );
    }
    let bad = "00".repeat(32);
    for header in [
        format!("t=1700000000,v0={bad},v1={good},v2={bad}"),
        format!("t=1700000000,v1={bad},v1={good}"),
        format!("t=1700000000,v1={good},t=1700000000"),
    ] {
        verifier().verify(&header, BODY, at(NOW)).unwrap();
    }
}

#[test]
fn a_timestamp_is_verified_as_written_so_a_rewritten_t_never_matches() {
    // The tag covers `t` as sent: padding or a sign changes the signed text.
    let genuine_tag = tag(SECRET, "1700000000", BODY);
    for t in ["01700000000", "+1700000000", "1700000000.0", "1.7e9"] {
        let header = format!("t={t},v1={genuine_tag}");
        assert!(verifier().verify(&header, BODY, at(NOW)).is_err(), "{t}");
    }
}

#[test]
fn timestamps_that_are_not_unix_seconds_void_their_signatures() {
    for t in [
        "-1700000000",
        "1700000000.5",
        "18446744073709551616",
        "99999999999999999999999999",
        "",
        "0x6553f100",
        "1 700 000 000",
    ] {
        let v1 = tag(SECRET, t, BODY);
        let header = format!("t={t},v1={v1}");
        assert!(verifier().verify(&header, BODY, at(NOW)).is_err(), "{t:?}");
    }
}

#[test]
fn a_huge_timestamp_is_outside_any_finite_tolerance_and_never_overflows() {
    let t = u64::MAX.to_string();
    let header = format!("t={t},v1={}", tag(SECRET, &t, BODY));
    assert!(matches!(
        verifier().verify(&header, BODY, at(NOW)),
        Err(WebhookError::OutsideTolerance)
    ));
    // Only an unbounded tolerance takes it, and only with the right secret.
    let unbounded = verifier().tolerance(Duration::MAX);
    unbounded.verify(&header, BODY, at(NOW)).unwrap();
    let forged = format!("t={t},v1={}", tag("other", &t, BODY));
    assert!(matches!(
        unbounded.verify(&forged, BODY, at(NOW)),
        Err(WebhookError::SignatureMismatch)
    ));
}

#[test]
fn the_tolerance_edge_is_inclusive_and_one_second_past_it_is_refused() {
    let tolerance = Duration::from_secs(300);
    let v = verifier().tolerance(tolerance);
    for (t, ok) in [
        (NOW - 300, true),
        (NOW + 300, true),
        (NOW - 301, false),
        (NOW + 301, false),
    ] {
        let header = signature_header(&SecretString::from(SECRET), t, BODY);
        assert_eq!(v.verify(&header, BODY, at(NOW)).is_ok(), ok, "{t}");
    }
    // Zero tolerance: only this very second.
    let strict = verifier().tolerance(Duration::ZERO);
    let header = signature_header(&SecretString::from(SECRET), NOW, BODY);
    strict.verify(&header, BODY, at(NOW)).unwrap();
    let header = signature_header(&SecretString::from(SECRET), NOW - 1, BODY);
    assert!(strict.verify(&header, BODY, at(NOW)).is_err());
}

/// Seventeenth outside audit: `now` is a moment, not a whole second. The signed
/// `t` may be at most the tolerance from it, either way, to the nanosecond:
/// 300.5 s after `t` is past a 300 s tolerance, and a tolerance with a part of
/// a second (1.5 s) is neither cut to its whole seconds nor widened by them.
#[test]
fn the_tolerance_holds_to_the_part_of_a_second_of_now() {
    let header = signature_header(&SecretString::from(SECRET), NOW, BODY);
    let half = Duration::from_millis(500);
    let v = verifier().tolerance(Duration::from_secs(300));
    v.verify(&header, BODY, at(NOW + 300)).unwrap();
    v.verify(&header, BODY, at(NOW - 300)).unwrap();
    for late in [at(NOW + 300) + half, at(NOW - 301) + half] {
        assert!(matches!(
            v.verify(&header, BODY, late),
            Err(WebhookError::OutsideTolerance)
        ));
    }
    let v = verifier().tolerance(Duration::from_millis(1500));
    for (now, ok) in [
        (at(NOW + 1) + Duration::from_millis(400), true),
        (at(NOW - 2) + Duration::from_millis(600), true),
        (at(NOW + 1) + Duration::from_millis(600), false),
        (at(NOW - 2) + Duration::from_millis(400), false),
    ] {
        assert_eq!(v.verify(&header, BODY, now).is_ok(), ok, "{now:?}");
    }
    let v = verifier().tolerance(half);
    v.verify(&header, BODY, at(NOW) + Duration::from_millis(400))
        .unwrap();
    assert!(
        v.verify(&header, BODY, at(NOW) + Duration::from_millis(600))
            .is_err()
    );
}

#[test]
fn a_clock_before_the_unix_epoch_refuses_a_current_signature_without_panicking() {
    let before_epoch = UNIX_EPOCH - Duration::from_secs(3600);
    let header = signature_header(&SecretString::from(SECRET), NOW, BODY);
    assert!(matches!(
        verifier().verify(&header, BODY, before_epoch),
        Err(WebhookError::OutsideTolerance)
    ));
}

#[test]
fn pairs_over_the_cap_are_refused_even_when_the_last_is_genuine() {
    let bad = format!("t={NOW},v1={} ", "00".repeat(32));
    let good = signature_header(&SecretString::from(SECRET), NOW, BODY);
    let header = format!(
        "{}{good}",
        bad.repeat(persona_tx::webhook::MAX_SIGNATURE_PAIRS)
    );
    assert!(matches!(
        verifier().verify(&header, BODY, at(NOW)),
        Err(WebhookError::MalformedSignature)
    ));
    // At the cap, the genuine one counts.
    let header = format!(
        "{}{good}",
        bad.repeat(persona_tx::webhook::MAX_SIGNATURE_PAIRS - 1)
    );
    verifier().verify(&header, BODY, at(NOW)).unwrap();
}

#[test]
fn rotating_secrets_verify_with_either_until_the_old_one_is_dropped() {
    let old = "wbhsec_old";
    let both = verifier().also_accept(SecretString::from(old));
    let old_pair = signature_header(&SecretString::from(old), NOW, BODY);
    let new_pair = signature_header(&SecretString::from(SECRET), NOW, BODY);
    both.verify(&old_pair, BODY, at(NOW)).unwrap();
    both.verify(&new_pair, BODY, at(NOW)).unwrap();
    both.verify(&format!("{old_pair} {new_pair}"), BODY, at(NOW))
        .unwrap();
    // After rotation: the old secret no longer verifies anything.
    assert!(verifier().verify(&old_pair, BODY, at(NOW)).is_err());
    verifier()
        .verify(&format!("{old_pair} {new_pair}"), BODY, at(NOW))
        .unwrap();
    // Empty secrets around a real one change nothing.
    let padded = WebhookVerifier::new(SecretString::from(""))
        .also_accept(SecretString::from(SECRET))
        .also_accept(SecretString::from(" "));
    padded.verify(&new_pair, BODY, at(NOW)).unwrap();
    let empty_signed = signature_header(&SecretString::from(""), NOW, BODY);
    assert!(padded.verify(&empty_signed, BODY, at(NOW)).is_err());
}

#[test]
fn a_repeated_signature_header_verifies_on_its_genuine_line_and_a_non_text_one_is_refused() {
    let side = PersonaWebhooks::new(verifier());
    let good = signature_header(&SecretString::from(SECRET), NOW, BODY);
    let mut headers = HeaderMap::new();
    headers.append(SIGNATURE_HEADER, HeaderValue::from_str(&good).unwrap());
    headers.append(SIGNATURE_HEADER, HeaderValue::from_static("t=1,v1=00"));
    let inbound = |headers: &HeaderMap| {
        side.receive(&Inbound {
            method: "POST",
            headers,
            peer: None,
            target: "/webhooks/persona",
            body: BODY,
            now: at(NOW),
        })
    };
    assert!(inbound(&headers).is_ok());
    let mut opaque = HeaderMap::new();
    opaque.insert(
        SIGNATURE_HEADER,
        HeaderValue::from_bytes(b"t=1700000000,v1=\xff\xfe").unwrap(),
    );
    assert_eq!(
        inbound(&opaque),
        Err(Refusal::Unauthenticated(SIGNATURE_HEADER))
    );
    // Header names are case-insensitive: a lowercase name is the same header.
    let mut lower = HeaderMap::new();
    lower.insert("persona-signature", HeaderValue::from_str(&good).unwrap());
    assert!(inbound(&lower).is_ok());
}

/// Nineteenth outside audit: repeated `Persona-Signature` lines mean what one
/// line listing their values means (RFC 9110, section 5.3), so a genuine pair
/// verifies on whichever line it is (a proxy may or may not have combined
/// them), forged lines verify nothing, and the pair cap counts every line.
#[test]
fn a_genuine_pair_on_a_later_signature_line_verifies_and_the_cap_counts_every_line() {
    let side = PersonaWebhooks::new(verifier());
    let good = signature_header(&SecretString::from(SECRET), NOW, BODY);
    let old_secret = signature_header(&SecretString::from("wbhsec_old"), NOW, BODY);
    let stale = signature_header(&SecretString::from(SECRET), NOW - 3600, BODY);
    let receive = |lines: &[&[u8]]| {
        let mut headers = HeaderMap::new();
        for line in lines {
            headers.append(SIGNATURE_HEADER, HeaderValue::from_bytes(line).unwrap());
        }
        side.receive(&Inbound {
            method: "POST",
            headers: &headers,
            peer: None,
            target: "/webhooks/persona",
            body: BODY,
            now: at(NOW),
        })
    };
    for first in [
        old_secret.as_bytes(),
        stale.as_bytes(),
        b"t=1,v1=00",
        b"garbage",
        b"t=1700000000,v1=\xff\xfe",
    ] {
        let delivery = receive(&[first, good.as_bytes()]).unwrap();
        assert_eq!(delivery.event_id.as_deref(), Some("evt_1"), "{first:?}");
        assert_eq!(delivery.transaction_id.as_deref(), Some("txn_1"));
    }
    // Combined on one line by a proxy: the same answer.
    let combined = format!("{old_secret}, {good}");
    assert!(receive(&[combined.as_bytes()]).is_ok());
    // Forged on every line: refused.
    assert_eq!(
        receive(&[old_secret.as_bytes(), stale.as_bytes()]),
        Err(Refusal::Unauthenticated(SIGNATURE_HEADER))
    );
    // The cap counts pairs over all lines: past it, even a genuine last line
    // is refused.
    let filler = "t=1,v1=00";
    let mut lines = vec![filler.as_bytes(); persona_tx::webhook::MAX_SIGNATURE_PAIRS];
    lines.push(good.as_bytes());
    assert_eq!(
        receive(&lines),
        Err(Refusal::Unauthenticated(SIGNATURE_HEADER))
    );
    lines.remove(0);
    assert!(receive(&lines).is_ok());
}

/// Nineteenth outside audit: `Persona-Webhook-First-Attempted-At` is not signed;
/// sent on two lines it names no first attempt (which line would be meant?),
/// so the event id is remembered for the whole retry window, never for the
/// shorter one the first line would give.
#[test]
fn a_repeated_first_attempted_header_names_no_first_attempt() {
    let side = PersonaWebhooks::new(verifier());
    let good = signature_header(&SecretString::from(SECRET), NOW, BODY);
    let receive = |first_attempted: &[&str]| {
        let mut headers = HeaderMap::new();
        headers.insert(SIGNATURE_HEADER, HeaderValue::from_str(&good).unwrap());
        for line in first_attempted {
            headers.append(
                persona_tx::webhook::FIRST_ATTEMPTED_HEADER,
                HeaderValue::from_str(line).unwrap(),
            );
        }
        side.receive(&Inbound {
            method: "POST",
            headers: &headers,
            peer: None,
            target: "/webhooks/persona",
            body: BODY,
            now: at(NOW),
        })
        .unwrap()
        .retry_horizon
    };
    let full = persona_tx::webhook::RETRY_WINDOW + persona_tx::webhook::RETRY_MARGIN;
    assert_eq!(receive(&[]), full);
    assert_eq!(receive(&["1"]), persona_tx::webhook::RETRY_MARGIN);
    assert_eq!(receive(&["1", NOW.to_string().as_str()]), full);
    assert_eq!(receive(&[NOW.to_string().as_str(), "1"]), full);
}

// ---- bodies ----------------------------------------------------------------

/// A delivery with `name`, `event_type` and `object_type` spliced in as JSON.
fn body_with(
    event_id: &str,
    name: &str,
    object_type: &str,
    object_id: &str,
    extra: &str,
) -> Vec<u8> {
    format!(
        r#"{{"data":{{"type":"event","id":{event_id},"attributes":{{"name":{name},"created-at":{extra},"payload":{{"data":{{"type":{object_type},"id":{object_id},"attributes":{{"status":{extra},"fields":{extra}}}}}}}}}}}}}"#
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

#[test]
fn hostile_types_in_members_not_routed_on_never_lose_the_transaction() {
    for extra in HOSTILE {
        let delivery = genuine(&body_with(
            r#""evt_1""#,
            r#""transaction.approved""#,
            r#""transaction""#,
            r#""txn_1""#,
            extra,
        ));
        assert_eq!(delivery.transaction_id.as_deref(), Some("txn_1"), "{extra}");
        assert_eq!(delivery.event_id.as_deref(), Some("evt_1"), "{extra}");
    }
}

#[test]
fn an_event_name_of_any_type_never_loses_the_transaction() {
    for name in HOSTILE {
        let delivery = genuine(&body_with(
            r#""evt_1""#,
            name,
            r#""transaction""#,
            r#""txn_1""#,
            "null",
        ));
        assert_eq!(delivery.transaction_id.as_deref(), Some("txn_1"), "{name}");
        assert_eq!(delivery.event_id.as_deref(), Some("evt_1"), "{name}");
    }
}

#[test]
fn an_event_id_of_another_type_never_loses_the_transaction() {
    for (event_id, expected) in [
        ("null", None),
        ("true", None),
        ("{}", None),
        ("[]", None),
        ("987", Some("987")),
        (r#""..""#, None),
    ] {
        let delivery = genuine(&body_with(
            event_id,
            r#""transaction.approved""#,
            r#""transaction""#,
            r#""txn_1""#,
            "null",
        ));
        assert_eq!(
            delivery.transaction_id.as_deref(),
            Some("txn_1"),
            "{event_id}"
        );
        assert_eq!(delivery.event_id.as_deref(), expected, "{event_id}");
    }
}

#[test]
fn a_transaction_id_sent_as_a_number_routes_as_its_text() {
    let delivery = genuine(&body_with(
        r#""evt_1""#,
        r#""transaction.approved""#,
        r#""transaction""#,
        "4242",
        "null",
    ));
    assert_eq!(delivery.transaction_id.as_deref(), Some("4242"));
}

#[test]
fn an_object_type_that_is_not_text_routes_nothing_and_refuses_nothing() {
    for object_type in ["null", "7", "{}", r#"["transaction"]"#] {
        let delivery = genuine(&body_with(
            r#""evt_1""#,
            r#""transaction.approved""#,
            object_type,
            r#""txn_1""#,
            "null",
        ));
        assert!(delivery.is_authenticated());
        assert_eq!(delivery.transaction_id, None, "{object_type}");
        assert_eq!(delivery.event_id.as_deref(), Some("evt_1"), "{object_type}");
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
        "{}",
        "[]",
    ] {
        let delivery = genuine(&body_with(
            r#""evt_1""#,
            r#""transaction.approved""#,
            r#""transaction""#,
            id,
            "null",
        ));
        assert!(delivery.is_authenticated(), "{id}");
        assert_eq!(delivery.transaction_id, None, "{id}");
    }
}

#[test]
fn payload_and_attributes_of_other_shapes_are_accepted_without_a_transaction() {
    for body in [
        br#"{"data":{"id":"evt_1","attributes":"x"}}"#.to_vec(),
        br#"{"data":{"id":"evt_1","attributes":{"payload":[1]}}}"#.to_vec(),
        br#"{"data":{"id":"evt_1","attributes":{"payload":{"data":"txn_1"}}}}"#.to_vec(),
        br#"{"data":[1]}"#.to_vec(),
        br#"{"data":"evt_1"}"#.to_vec(),
    ] {
        let delivery = genuine(&body);
        assert!(delivery.is_authenticated());
        assert_eq!(delivery.transaction_id, None);
    }
}

#[test]
fn deep_nesting_in_a_skipped_member_never_panics() {
    let deep = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
    let body = body_with(
        r#""evt_1""#,
        r#""transaction.approved""#,
        r#""transaction""#,
        r#""txn_1""#,
        &deep,
    );
    let delivery = genuine(&body);
    assert!(delivery.is_authenticated());
}

#[test]
fn a_huge_string_in_a_skipped_member_still_routes() {
    let huge = format!("\"{}\"", "x".repeat(200 * 1024));
    let delivery = genuine(&body_with(
        r#""evt_1""#,
        r#""transaction.approved""#,
        r#""transaction""#,
        r#""txn_1""#,
        &huge,
    ));
    assert_eq!(delivery.transaction_id.as_deref(), Some("txn_1"));
}

#[test]
fn duplicate_keys_in_skipped_members_still_route() {
    let body = br#"{"data":{"type":"event","id":"evt_1","attributes":{"name":"transaction.approved","created-at":1,"created-at":2,"payload":{"data":{"type":"transaction","id":"txn_1","attributes":{"status":"a","status":"b"}}}}}}"#;
    assert_eq!(genuine(body).transaction_id.as_deref(), Some("txn_1"));
}

#[test]
fn a_repeated_routed_member_names_no_transaction() {
    // Which transaction would be meant? Neither; the sweep reads the feed.
    let body = br#"{"data":{"type":"event","id":"evt_1","attributes":{"name":"transaction.approved","payload":{"data":{"type":"transaction","id":"txn_1","id":"txn_2"}}}}}"#;
    let delivery = genuine(body);
    assert!(delivery.is_authenticated());
    assert_eq!(delivery.transaction_id, None);
}

#[test]
fn a_bom_or_trailing_garbage_is_accepted_and_never_panics() {
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(BODY);
    let mut trailing = BODY.to_vec();
    trailing.extend_from_slice(b" }garbage");
    for body in [bom, trailing, b"\xff\xfe".to_vec()] {
        assert!(genuine(&body).is_authenticated());
    }
}

#[test]
fn personal_data_in_the_body_never_reaches_debug_of_deliveries_or_refusals() {
    let body = br#"{"data":{"type":"event","id":"evt_1","attributes":{"name":"transaction.approved","payload":{"data":{"type":"transaction","id":"txn_1","attributes":{"fields":{"name_first":{"value":"Zebulon-Planted"},"email":"planted@example.test"}}}}}}}"#;
    let delivery = genuine(body);
    let text = format!("{delivery:?} {}", serde_json_free(&delivery));
    assert!(!text.contains("Zebulon"), "{text}");
    assert!(!text.contains("planted@"), "{text}");
    let side = PersonaWebhooks::new(verifier());
    let forged = signature_header(&SecretString::from("other"), NOW, body);
    let refusal = receive_at(&side, &forged, body, at(NOW)).unwrap_err();
    let text = format!("{refusal:?} {refusal}");
    assert!(
        !text.contains("Zebulon") && !text.contains(SECRET),
        "{text}"
    );
    for body in [
        &br#"{"data":"Zebulon"}"#[..],
        br#"{"data":{"id":["Zebulon"]}}"#,
        br#"{"data":{"id":"e","id":"Zebulon"}}"#,
        b"Zebulon",
    ] {
        let header = signature_header(&SecretString::from(SECRET), NOW, body);
        if let Err(error) = verifier().verify_event(&header, body, at(NOW)) {
            let text = format!("{error:?} {error}");
            assert!(!text.contains("Zebulon"), "{text}");
        }
    }
}

/// Every field of a delivery as text (no serde_json in this crate's tests).
fn serde_json_free(delivery: &Delivery) -> String {
    format!(
        "{:?} {:?} {:?} {:?}",
        delivery.transaction_id, delivery.event_id, delivery.event_name, delivery.hints
    )
}

/// Scalars JSON can write but a reader may not hold: a number past any float
/// (`1e400`), an escape that is no character (a lone surrogate). In a member
/// the side routes on, a number is its text as written and such a string names
/// nothing; neither ever loses the transaction the delivery names.
#[test]
fn an_unreadable_scalar_in_a_routed_member_never_loses_the_transaction() {
    for (hostile, as_text) in [
        ("1e400", Some("1e400")),
        ("-1e400", Some("-1e400")),
        (
            "123456789012345678901234567890",
            Some("123456789012345678901234567890"),
        ),
        (r#""\ud800""#, None),
        (r#""a\udfffb""#, None),
    ] {
        let as_event_id = genuine(&body_with(
            hostile,
            r#""transaction.approved""#,
            r#""transaction""#,
            r#""txn_1""#,
            "null",
        ));
        let as_name = genuine(&body_with(
            r#""evt_1""#,
            hostile,
            r#""transaction""#,
            r#""txn_1""#,
            "null",
        ));
        for delivery in [&as_event_id, &as_name] {
            assert_eq!(
                delivery.transaction_id.as_deref(),
                Some("txn_1"),
                "{hostile}"
            );
        }
        assert_eq!(as_event_id.event_id.as_deref(), as_text, "{hostile}");
        assert_eq!(as_name.event_id.as_deref(), Some("evt_1"), "{hostile}");
        let unreadable_id = genuine(&body_with(
            r#""evt_1""#,
            r#""transaction.approved""#,
            r#""transaction""#,
            hostile,
            "null",
        ));
        assert_eq!(
            unreadable_id.transaction_id.as_deref(),
            as_text,
            "{hostile}"
        );
        assert_eq!(
            unreadable_id.event_id.as_deref(),
            Some("evt_1"),
            "{hostile}"
        );
    }
}

/// JSON allows a member name that is a lone surrogate, which no Rust string
/// holds: at every level the side walks, such a member is one it does not
/// know, never a reason to lose the transaction the delivery names.
#[test]
fn a_member_name_no_string_holds_never_loses_the_transaction() {
    for key in [r#""\ud800""#, r#""x\udc00y""#, r#""\ud83d\u0041""#] {
        let extra = format!(r#"{key}:{{"a":[1]}},"#);
        let body = format!(
            r#"{{{extra}"data":{{{extra}"type":"event","id":"evt_1","attributes":{{{extra}"name":"transaction.approved","payload":{{{extra}"data":{{{extra}"type":"transaction","id":"txn_1"}}}}}}}}}}"#
        );
        let delivery = genuine(body.as_bytes());
        assert_eq!(delivery.transaction_id.as_deref(), Some("txn_1"), "{key}");
        assert_eq!(delivery.event_id.as_deref(), Some("evt_1"), "{key}");
    }
}
