//! A re-read status keeps the provider's spelling as sent (the CLI prints it,
//! escaped), but `Debug` (logs, panics, `{:?}` in an application) shows it only
//! when it is a plain token: an unknown status can be any text, a name included.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use time::OffsetDateTime;
use txstatus_core::{NormalizedStatus, TxStatus};
use txstatus_webhooks::{ObservedState, Origin, Transition, TxKey};

const NAME: &str = "Please call Jan Jansen";

#[test]
fn a_sentence_as_raw_status_is_withheld_from_observed_state_and_transition_debug() {
    let state = ObservedState::new(&TxStatus::new(NormalizedStatus::Pending, NAME), None);
    assert_eq!(state.raw, NAME, "kept as sent");
    let transition = Transition::new(
        TxKey::new("persona", "txn_1"),
        state.clone(),
        Some(state.clone()),
        Origin::Webhook,
        OffsetDateTime::UNIX_EPOCH,
    );
    for shown in [
        format!("{state:?}"),
        format!("{state:#?}"),
        format!("{transition:?}"),
        format!("{transition:#?}"),
    ] {
        assert!(!shown.contains("Jansen"), "{shown}");
        assert!(!shown.to_lowercase().contains("jan jansen"), "{shown}");
    }
}

#[test]
fn a_plain_token_as_raw_status_is_shown_in_debug() {
    let state = ObservedState::new(
        &TxStatus::new(NormalizedStatus::Succeeded, "completed"),
        None,
    );
    assert!(format!("{state:?}").contains("\"completed\""));
}
