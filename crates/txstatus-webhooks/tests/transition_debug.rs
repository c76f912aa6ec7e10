//! A transition is printed and logged: the delivery's event id, the sender's
//! choice, is shown by `Debug` only when it is a plain token, and hints reach
//! a transition only as plain tokens.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use time::OffsetDateTime;
use txstatus_core::{NormalizedStatus, TxStatus, webhook::Delivery};
use txstatus_webhooks::{ObservedState, Origin, Transition, TxKey};

fn transition(event_id: &str, hints: BTreeMap<String, String>) -> Transition {
    let status = TxStatus::new(NormalizedStatus::Succeeded, "completed");
    let state = ObservedState::new(&status, None);
    Transition::new(
        TxKey::new("cm-idscan", "b659c273"),
        state,
        None,
        Origin::Webhook,
        OffsetDateTime::UNIX_EPOCH,
    )
    .with_delivery(Some(event_id.to_owned()), hints)
}

#[test]
fn an_event_id_or_hint_holding_personal_data_is_withheld_from_debug() {
    for personal in [
        "Jane Doe jane@example.com",
        "111222333",
        "NL02ABNA0123456789",
    ] {
        let hints = BTreeMap::from([("resultId".to_owned(), personal.to_owned())]);
        let shown = format!("{:?}", transition(personal, hints));
        assert!(!shown.contains(personal), "{shown}");
        let delivery = Delivery::authenticated("cm-idscan").with_hint("resultId", personal);
        assert!(delivery.hints.is_empty(), "{personal}");
    }
    let hints = BTreeMap::from([("resultId".to_owned(), "e6b7ce66".to_owned())]);
    let shown = format!("{:?}", transition("evt-0001", hints));
    assert!(
        shown.contains("evt-0001") && shown.contains("e6b7ce66"),
        "{shown}"
    );
}
