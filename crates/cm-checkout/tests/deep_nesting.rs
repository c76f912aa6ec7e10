//! Deeply nested bodies decode to a value or a decode error on a small stack.
#![allow(clippy::unwrap_used, clippy::panic)]

use txstatus_core::test_util as hostile;

use txstatus_core::ErrorKind;

/// This crate's fixtures.
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");

#[test]
fn transactions_survive_deep_nesting_in_every_member() {
    hostile::assert_survives::<cm_checkout::Transaction>(
        cm_checkout::PROVIDER,
        FIXTURES,
        "transaction-",
    );
}

#[test]
fn webhook_notifications_survive_deep_nesting_in_every_member() {
    hostile::on_small_stack(|| {
        for (label, body) in hostile::bodies(&hostile::fixtures_in(FIXTURES.as_ref(), "webhook-")) {
            if let Err(error) = cm_checkout::WebhookNotification::from_slice(body.as_bytes()) {
                assert!(
                    error.is_invalid_input() || matches!(error.kind(), ErrorKind::Decode(_)),
                    "{label}: {error}"
                );
            }
        }
    });
}

#[test]
fn token_responses_survive_deep_nesting_in_every_member() {
    hostile::on_small_stack(|| {
        for (label, body) in hostile::bodies(&hostile::fixtures_in(FIXTURES.as_ref(), "token-")) {
            if let Err(error) = cm_checkout::TokenResponse::from_slice(200, body.as_bytes()) {
                assert!(
                    matches!(error.kind(), ErrorKind::Decode(_)),
                    "{label}: {error}"
                );
            }
        }
    });
}
