//! Every member of the fixtures replaced by a value of another type (null,
//! numbers as text, text as numbers, booleans, objects, arrays, huge numbers, a
//! 100 kB string, a lone surrogate, NUL...) decodes, or fails with a typed
//! error that shows no personal value (and, for the API's answers, keeps the
//! body), on a small stack.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::sync::atomic::{AtomicUsize, Ordering};

use cm_checkout::{
    PROVIDER, Refund, RefundList, StatusReport, Time, TokenResponse, Transaction,
    WebhookNotification,
};
use serde::de::DeserializeOwned;
use txstatus_core::{
    Error, ErrorKind, RawBody, Result,
    provider::{ReportParts, decode_json_bytes},
    test_util as hostile,
};

/// This crate's fixtures.
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");

/// Members whose values are personal: the marker is planted under them.
const PERSONAL_KEYS: &[&str] = &[
    "givenName",
    "familyName",
    "email",
    "street",
    "city",
    "phone",
    "dateOfBirth",
    "reason",
];

fn fixtures(prefix: &str, keys: &[&str]) -> Vec<Vec<u8>> {
    hostile::with_personal_marker(&hostile::fixtures_in(FIXTURES.as_ref(), prefix), keys)
}

/// The decode `RawResponse::decode_json` runs for a 200.
fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T> {
    decode_json_bytes(PROVIDER, 200, &RawBody::new(body.to_vec()))
}

fn assert_hidden(shown: &str) {
    assert!(!shown.contains(hostile::PERSONAL_MARKER), "{shown}");
}

#[test]
fn transactions_with_any_member_of_another_type_decode_or_keep_the_body() {
    static MARKED: AtomicUsize = AtomicUsize::new(0);
    let tried = hostile::assert_type_mutations(
        fixtures("transaction-", PERSONAL_KEYS),
        |body| hostile::decode_response::<Transaction>(PROVIDER, body),
        |response| {
            let transaction = response.value();
            let _ = (
                transaction.money(),
                transaction.refunded(),
                transaction.refund_pending(),
            );
            let _ = (transaction.redirect_url(), transaction.return_target());
            assert_hidden(&format!("{transaction:?}"));
            // The report `StatusSource::status_report` builds from it.
            let report = StatusReport::from_response(PROVIDER, "tx", response, |transaction| {
                ReportParts::new(transaction.tx_status())
                    .with_created_at(transaction.created_at.as_ref().map(Time::to_timestamp))
            });
            if hostile::assert_report_hides_marker(&report) {
                MARKED.fetch_add(1, Ordering::Relaxed);
            }
        },
    );
    assert!(tried.errors > 0, "{tried:?}");
    assert!(
        MARKED.load(Ordering::Relaxed) > 0,
        "no report held the marker"
    );
}

#[test]
fn refunds_with_any_member_of_another_type_decode_or_keep_the_body() {
    hostile::assert_type_mutations(
        fixtures("refund-", PERSONAL_KEYS),
        decode::<Refund>,
        |refund| assert_hidden(&format!("{refund:?}")),
    );
    // The lists carry no reason: nothing personal to plant.
    hostile::assert_type_mutations(
        hostile::fixtures_in(FIXTURES.as_ref(), "refunds-list"),
        decode::<RefundList>,
        |list| assert_hidden(&format!("{list:?}")),
    );
}

/// A token answer's error is a decode error without the body, by design: the
/// bytes may hold a token.
fn assert_token_error(label: &str, _body: &str, error: &Error) {
    assert!(
        matches!(error.kind(), ErrorKind::Decode(_)),
        "{label}: {error}"
    );
}

#[test]
fn token_answers_with_any_member_of_another_type_decode_or_fail_without_the_token() {
    // The token stands in for the personal value: no error or Debug shows it.
    hostile::assert_type_mutations_with(
        fixtures("token-", &["access_token"]),
        |body| TokenResponse::from_slice(200, body),
        |token| {
            let _ = (token.expires_in(), token.token_type());
            assert_hidden(&format!("{token:?}"));
            let _ = token.into_issued();
        },
        assert_token_error,
    );
}

/// A notification is a request body: one that does not decode is invalid
/// input naming the path, never a value.
fn assert_notification_error(label: &str, _body: &str, error: &Error) {
    assert!(error.is_invalid_input(), "{label}: {error}");
}

#[test]
fn webhook_notifications_with_any_member_of_another_type_decode_or_are_refused() {
    // The merchant's reference stands in for a personal value: no error shows it.
    hostile::assert_type_mutations_with(
        fixtures("webhook-", &["reference"]),
        WebhookNotification::from_slice,
        |notification| {
            let _ = notification.transaction_id();
            let _ = format!("{notification:?}");
        },
        assert_notification_error,
    );
}
