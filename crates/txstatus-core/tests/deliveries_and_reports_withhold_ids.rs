//! Ids, event names and hints that a webhook sender or an event feed hands
//! over (anyone can send a hint), the members a webhook side routes on, and the id a report is about, are shown by
//! `Debug` only when they are plain tokens without a personal number, as a
//! provider's code or raw status is: a name, an email address, a card number
//! or an IBAN in one of them is withheld, and the value itself is kept.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use txstatus_core::{
    NormalizedStatus, RawBody, StatusReport, TxStatus,
    provider::lenient::TextOrNothing,
    webhook::{Delivery, FeedEvent},
};

const PERSONAL: [&str; 6] = [
    "Jan de Vries",
    "jan.devries@example.com",
    "5105105105105100",
    "4012 8888 8888 1881",
    "NL02ABNA0123456789",
    "inv-999999990",
];

const PLAIN: [&str; 4] = [
    "txn_2xYz81",
    "evt-0001",
    "transaction.status-updated",
    "0b4f5c7e-2d3a-4c1b-9e8f-6a7b8c9d0e1f",
];

#[test]
fn a_delivery_withholds_ids_names_and_hints_that_are_not_plain_tokens() {
    for text in PERSONAL {
        let delivery = Delivery::authenticated("test")
            .with_transaction_id(Some(text.to_owned()))
            .with_event_id(Some(text.to_owned()))
            .with_event_name(Some(text.to_owned()))
            .with_hint(text, text);
        assert_eq!(delivery.transaction_id.as_deref(), Some(text));
        assert_eq!(delivery.event_id.as_deref(), Some(text));
        assert_eq!(delivery.event_name.as_deref(), Some(text));
        // A hint is kept only as a plain token: it is printed with the
        // transition it leads to.
        assert!(delivery.hints.is_empty(), "{text}");
        let keyed = Delivery::authenticated("test").with_hint("resultId", text);
        assert!(keyed.hints.is_empty(), "{text}");
        let feed = FeedEvent::new(
            text.to_owned(),
            Some(text.to_owned()),
            Some(text.to_owned()),
        );
        let hint = Delivery::hint("test").with_transaction_id(Some(text.to_owned()));
        let routed: TextOrNothing = serde_json::from_value(serde_json::json!(text)).unwrap();
        assert_eq!(routed.0.as_deref(), Some(text));
        for shown in [
            format!("{routed:?}"),
            format!("{delivery:?}"),
            format!("{delivery:#?}"),
            format!("{hint:?}"),
            format!("{feed:?}"),
            format!("{feed:#?}"),
        ] {
            assert!(!shown.contains(text), "{text}: {shown}");
            assert!(shown.contains("withheld"), "{text}: {shown}");
        }
    }
}

#[test]
fn a_report_withholds_an_id_that_is_not_a_plain_token() {
    for text in PERSONAL {
        let status = TxStatus::new(NormalizedStatus::Pending, "pending");
        let report = StatusReport::new("test", text, status, RawBody::default(), Arc::new(()));
        assert_eq!(report.id, text);
        for shown in [format!("{report:?}"), format!("{report:#?}")] {
            assert!(!shown.contains(text), "{text}: {shown}");
        }
    }
}

#[test]
fn plain_ids_names_and_hints_are_still_shown() {
    for text in PLAIN {
        let delivery = Delivery::authenticated("test")
            .with_transaction_id(Some(text.to_owned()))
            .with_event_id(Some(text.to_owned()))
            .with_event_name(Some(text.to_owned()))
            .with_hint("resultId", text);
        let feed = FeedEvent::new(
            text.to_owned(),
            Some(text.to_owned()),
            Some(text.to_owned()),
        );
        let status = TxStatus::new(NormalizedStatus::Pending, "pending");
        let report = StatusReport::new("test", text, status, RawBody::default(), Arc::new(()));
        for shown in [
            format!("{delivery:?}"),
            format!("{feed:?}"),
            format!("{report:?}"),
        ] {
            assert!(shown.contains(text), "{text}: {shown}");
        }
        assert!(format!("{delivery:?}").contains("resultId"));
    }
}
