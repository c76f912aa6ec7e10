//! Notifications: both documented shapes, unknown triggers, redaction.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use onespan_tx::{Notification, NotificationTrigger, webhook::Scenario};

#[test]
fn the_at_timestamp_shape_parses_with_its_spaced_timestamp() {
    let body = br#"{"@timestamp":"2020-01-17 00:08:31.118 +0000","type":"notification","transaction_id":"a17800d8","session_id":"s","trigger":"transaction_created","skip_common_ux_components":true,"skip_view_state":"false","role":"Borrower","message":"Esign started for Jan Jansen","fields":[],"version":null}"#;
    let n = Notification::parse(body).unwrap();
    assert_eq!(n.trigger, Some(NotificationTrigger::TransactionCreated));
    assert_eq!(n.scenario(), Scenario::Transaction);
    assert_eq!(n.skip_view_state, Some(false));
    let at = n.timestamp().unwrap();
    assert_eq!(at.to_rfc3339().as_deref(), Some("2020-01-17T00:08:31.118Z"));
    assert!(!format!("{n:?}").contains("Jansen"));
}

#[test]
fn the_timestamp_shape_parses_and_personal_parts_are_hidden() {
    let body = br#"{"timestamp":"2022-07-22T20:32:10.336Z","type":"consent_accepted","transaction_id":"16b48158","id":"33cb","trigger":"page_next","message":"Consent is accepted","client_device":{"ip_address":"192.0.2.15"},"fields":[{"name":"consent","value":"yes"}],"document_references":[]}"#;
    let n = Notification::parse(body).unwrap();
    assert_eq!(n.trigger, Some(NotificationTrigger::PageNext));
    assert_eq!(n.scenario(), Scenario::PageView);
    assert!(n.timestamp().unwrap().parsed().is_some());
    let debug = format!("{n:?}");
    assert!(!debug.contains("192.0.2.15"), "{debug}");
    let redacted = txstatus_core::to_redacted_json(&n).unwrap().to_string();
    assert!(!redacted.contains("192.0.2.15"), "{redacted}");
}

#[test]
fn unknown_triggers_are_kept_and_sorted_by_prefix() {
    let n =
        Notification::parse(br#"{"trigger":"audit_trail_archived","transaction_id":"t"}"#).unwrap();
    assert_eq!(
        n.trigger,
        Some(NotificationTrigger::Unknown("audit_trail_archived".into()))
    );
    assert_eq!(n.scenario(), Scenario::AuditTrail);
    let n = Notification::parse(br#"{"trigger":"brand_new","type":"consent_accepted"}"#).unwrap();
    assert_eq!(n.scenario(), Scenario::Consent);
    let n = Notification::parse(br#"{"trigger":"brand_new"}"#).unwrap();
    assert_eq!(n.scenario(), Scenario::Other);
}

#[test]
fn every_documented_trigger_round_trips() {
    for name in [
        "transaction_created",
        "transaction_completed",
        "transaction_expired",
        "transaction_cancelled",
        "transaction_error",
        "session_started",
        "session_ended",
        "document_signed",
        "verification_doc_id",
        "audit_trail_generated",
        "consent_accepted",
    ] {
        let trigger = NotificationTrigger::from_provider(name);
        assert!(!trigger.is_unknown(), "{name}");
        assert_eq!(trigger.as_str(), name);
    }
}

#[test]
fn a_malformed_body_is_an_error_that_does_not_repeat_it() {
    let body = br#"{ @timestamp": "2020-01-17", "message": "Jan Jansen", "version": }"#;
    let error = Notification::parse(body).unwrap_err();
    assert!(!error.to_string().contains("Jansen"));
    assert!(!format!("{error:?}").contains("Jansen"));
    assert_eq!(error.body().unwrap().as_bytes(), body);
}

#[test]
fn notification_debug_shows_no_member_of_personal_content() {
    // `version` is the notification format's (shown by `Debug` and written by
    // redacted serialization alike); the personal members are hidden by both.
    let body = br#"{"transaction_id":"t1","message":"Jan Jansen","fields":[{"v":"Jansen"}],"document_references":["Jansen.pdf"],"client_device":{"ip_address":"192.0.2.15"},"version":3}"#;
    let n = Notification::parse(body).unwrap();
    let debug = format!("{n:?}");
    assert!(!debug.contains("Jansen"), "{debug}");
    assert!(!debug.contains("192.0.2.15"), "{debug}");
    assert!(debug.contains("t1"), "{debug}");
    let redacted = txstatus_core::to_redacted_json(&n).unwrap().to_string();
    assert!(!redacted.contains("Jansen"), "{redacted}");
    assert!(!redacted.contains("192.0.2.15"), "{redacted}");
}

#[test]
fn a_notification_version_holding_a_card_number_or_bsn_is_withheld() {
    for (version, digits) in [
        ("4111111111111111", "4111111111111111"),
        ("\"5105105105105100\"", "5105105105105100"),
        ("111222333", "111222333"),
        ("\"999999990\"", "999999990"),
        ("4111111111111111.0", "4111111111111111"),
    ] {
        let body = format!(r#"{{"transaction_id":"t1","version":{version}}}"#);
        let n = Notification::parse(body.as_bytes()).unwrap();
        let debug = format!("{n:?}");
        assert!(!debug.contains(digits), "{version}: {debug}");
        let redacted = txstatus_core::to_redacted_json(&n).unwrap().to_string();
        assert!(!redacted.contains(digits), "{version}: {redacted}");
    }
    // A version number stays shown.
    let n = Notification::parse(br#"{"transaction_id":"t1","version":"2.1"}"#).unwrap();
    assert!(format!("{n:?}").contains("2.1"));
}

#[test]
fn text_members_sent_as_numbers_are_kept_as_their_text() {
    let body = br#"{"@timestamp":1579219711118,"type":"notification","id":33,"transaction_id":12345,"session_id":7,"role":1,"message":42,"trigger":"transaction_completed"}"#;
    let n = Notification::parse(body).unwrap();
    assert_eq!(n.at_timestamp.as_deref(), Some("1579219711118"));
    assert_eq!(n.id.as_deref(), Some("33"));
    assert_eq!(n.transaction_id.as_deref(), Some("12345"));
    assert_eq!(n.session_id.as_deref(), Some("7"));
    assert_eq!(n.message.as_ref().map(|m| m.expose().as_str()), Some("42"));
    assert_eq!(n.trigger, Some(NotificationTrigger::TransactionCompleted));
}

/// Ids, keys, types and roles are shown in `Debug` only as plain tokens: a
/// name or an email address sent where one goes is withheld, in a
/// notification and in a transaction alike.
#[test]
fn ids_keys_and_roles_holding_free_text_are_withheld_in_debug() {
    let body = br#"{"@timestamp":"2020-01-17 00:08:31.118 +0000","type":"Jan Jansen","id":"jan@example.com","transaction_id":"t1","session_id":"Jan Jansen","role":"Jan Jansen","trigger":"transaction_created"}"#;
    let notification = Notification::parse(body).unwrap();
    let transaction = onespan_tx::Transaction::from_json(
        br#"{"id":"dcaad720-d1e9-47ba-a76b-a6370ef0373b","status":"new","url_set_key":"Jan Jansen","brand_id":"jan@example.com","documents":[{"id":"Jan Jansen"}]}"#,
    )
    .unwrap();
    for shown in [format!("{notification:?}"), format!("{transaction:?}")] {
        for value in ["Jan Jansen", "jan@example.com"] {
            assert!(!shown.contains(value), "{value}: {shown}");
        }
    }
    assert!(format!("{transaction:?}").contains("dcaad720-d1e9-47ba-a76b-a6370ef0373b"));
    assert!(format!("{notification:?}").contains("2020-01-17 00:08:31.118 +0000"));
    // Text in a time's place is shown only when shaped like a time.
    for key in ["timestamp", "@timestamp"] {
        let body = format!(r#"{{"{key}":"Jan Jansen jan@example.com","transaction_id":"t1"}}"#);
        let shown = format!("{:?}", Notification::parse(body.as_bytes()).unwrap());
        assert!(!shown.contains("Jan Jansen"), "{key}: {shown}");
    }
}

/// A stage id or attempt number whose digits make a card number or a BSN is
/// withheld in `Debug` and the redacted JSON; a small one is shown.
#[test]
fn report_stage_numbers_holding_a_card_number_are_withheld() {
    let report: onespan_tx::DetailedVerificationReport =
        serde_json::from_value(serde_json::json!({
            "id": "fe74d66e-6b51-8992-a169-e14c3c281e5f",
            "stages": [
                {"stageId": "4111111111111111", "attemptNumber": 111222333, "result": "Passed"},
                {"stageId": 7, "attemptNumber": 2}
            ]
        }))
        .unwrap();
    let shown = format!("{report:?}");
    let redacted = txstatus_core::to_redacted_json(&report)
        .unwrap()
        .to_string();
    for text in [&shown, &redacted] {
        assert!(
            !text.contains("4111111111111111") && !text.contains("111222333"),
            "{text}"
        );
    }
    assert!(redacted.contains(r#""stageId":7"#), "{redacted}");
    // Kept as sent for the caller.
    let stages = report.stages.as_ref().unwrap();
    assert_eq!(stages[0].stage_id, Some(4_111_111_111_111_111));
}
