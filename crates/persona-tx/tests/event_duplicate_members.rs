//! Sixteenth outside audit: an API event's payload (`GET /events`) sending a
//! member twice fails the read with a decode error that keeps the body, as a
//! transaction read and a webhook event already do, whichever member order the
//! payload has: the first copy never silently wins (`txn_A` approved over
//! `txn_B`, or `approved` over `declined`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use persona_tx::{
    PROVIDER, WebhookEvent,
    model::{EventDocument, EventList},
};
use txstatus_core::{ErrorKind, RawBody};

fn event(payload: &str) -> String {
    format!(
        r#"{{"type":"event","id":"evt_1","attributes":{{"name":"transaction.approved","payload":{payload}}}}}"#
    )
}

const TWICE: &[&str] = &[
    // Persona's layout (`data` first, `type` first in it): read in one pass.
    r#"{"data":{"type":"transaction","id":"txn_A","attributes":{"status":"approved"},"attributes":{"status":"declined"}}}"#,
    r#"{"data":{"type":"transaction","id":"txn_A","id":"txn_B"}}"#,
    r#"{"data":{"type":"transaction","id":"txn_A","relationships":{},"relationships":{}}}"#,
    r#"{"data":{"type":"transaction","type":"inquiry","id":"txn_A"}}"#,
    r#"{"data":{"type":"transaction","id":"txn_A"},"data":{"type":"transaction","id":"txn_B"}}"#,
    r#"{"data":{"type":"transaction","id":"txn_A"},"included":[],"included":[{"type":"account","id":"act_1"}]}"#,
    // Other layouts: captured, then decided.
    r#"{"included":[],"data":{"type":"transaction","id":"txn_A"},"data":{"type":"transaction","id":"txn_B"}}"#,
    r#"{"data":{"id":"txn_A","type":"transaction","type":"inquiry"}}"#,
    r#"{"data":{"id":"txn_A","type":"transaction","id":"txn_B"}}"#,
    r#"{"meta":{},"data":{"type":"transaction","id":"txn_A","attributes":{"status":"approved"},"attributes":{"status":"declined"}}}"#,
];

fn assert_refused<T: std::fmt::Debug>(body: &str, read: txstatus_core::Result<T>) {
    let error = match read {
        Ok(value) => panic!("{body}: read as {value:?}"),
        Err(error) => error,
    };
    assert!(
        matches!(error.kind(), ErrorKind::Decode(_)),
        "{body}: {error}"
    );
    assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes(), "{body}");
}

fn decode<T: serde::de::DeserializeOwned>(body: &str) -> txstatus_core::Result<T> {
    txstatus_core::provider::decode_json_bytes(
        PROVIDER,
        200,
        &RawBody::new(body.as_bytes().to_vec()),
    )
}

#[test]
fn an_event_payload_member_sent_twice_fails_the_read_in_any_layout() {
    for payload in TWICE {
        let document = format!(r#"{{"data":{}}}"#, event(payload));
        assert_refused(&document, decode::<EventDocument>(&document));
        let list = format!(r#"{{"data":[{}],"links":{{"next":null}}}}"#, event(payload));
        assert_refused(&list, decode::<EventList>(&list));
        // The webhook side already refused each: the two agree.
        assert!(
            WebhookEvent::from_slice(document.as_bytes()).is_err(),
            "{payload}"
        );
    }
}

#[test]
fn an_event_payload_with_each_member_once_still_reads_in_any_layout() {
    for payload in [
        r#"{"data":{"type":"transaction","id":"txn_A","attributes":{"status":"approved"}},"included":[]}"#,
        r#"{"included":[],"data":{"id":"txn_A","attributes":{"status":"approved"},"type":"transaction"}}"#,
    ] {
        let document = format!(r#"{{"data":{}}}"#, event(payload));
        let read = decode::<EventDocument>(&document).unwrap();
        let transaction = read.data.transaction().unwrap();
        assert_eq!(transaction.data.id, "txn_A");
        assert_eq!(transaction.raw_status(), "approved");
    }
    // Another kind of object is kept raw, as before.
    let document = format!(
        r#"{{"data":{}}}"#,
        event(r#"{"data":{"type":"inquiry","id":"inq_1","attributes":{"x":1}}}"#)
    );
    assert!(
        decode::<EventDocument>(&document)
            .unwrap()
            .data
            .transaction()
            .is_none()
    );
}
