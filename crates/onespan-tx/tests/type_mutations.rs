//! Every member of the fixtures replaced by a value of another type (null,
//! numbers as text, text as numbers, booleans, objects, arrays, huge numbers, a
//! 100 kB string, a lone surrogate, NUL...) decodes, or fails with a decode
//! error that keeps the body and shows no personal value, on a small stack.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::sync::atomic::{AtomicUsize, Ordering};

use onespan_tx::{
    DetailedVerificationReport, ErasureAction, ErasureResponse, GracePeriod, Notification,
    PROVIDER, StatusReport, Time, Transaction, TransactionVerification, VerificationImages,
};
use serde::de::DeserializeOwned;
use txstatus_core::{
    RawBody, Result,
    provider::{ReportParts, decode_json_bytes},
    test_util as hostile,
};

/// This crate's fixtures.
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");

/// Members whose values are personal: the marker is planted under them.
const PERSONAL_KEYS: &[&str] = &[
    "first_name",
    "last_name",
    "street",
    "city",
    "phone_number",
    "ip_address",
    "forename",
    "surname",
    "documentNumber",
    "dateOfBirth",
];

fn fixtures(prefix: &str) -> Vec<Vec<u8>> {
    hostile::with_personal_marker(
        &hostile::fixtures_in(FIXTURES.as_ref(), prefix),
        PERSONAL_KEYS,
    )
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
    // Every fixture read as a transaction, like the deep-nesting test: the
    // status answers and the documented quirks (nulls, huge numbers...).
    let tried = hostile::assert_type_mutations(
        fixtures(""),
        |body| hostile::decode_response::<Transaction>(PROVIDER, body),
        |response| {
            assert_hidden(&format!("{:?}", response.value()));
            // The report `StatusSource::status_report` builds from it.
            let report = StatusReport::from_response(PROVIDER, "tx", response, |transaction| {
                ReportParts::new(transaction.tx_status())
                    .with_created_at(transaction.created.as_ref().map(Time::to_timestamp))
                    .with_updated_at(transaction.completed.as_ref().map(Time::to_timestamp))
            });
            if hostile::assert_report_hides_marker(&report) {
                MARKED.fetch_add(1, Ordering::Relaxed);
            }
        },
    );
    assert!(
        MARKED.load(Ordering::Relaxed) > 0,
        "no report held the marker"
    );
    assert!(tried.errors > 0, "{tried:?}");
}

#[test]
fn verifications_with_any_member_of_another_type_decode_or_keep_the_body() {
    hostile::assert_type_mutations(
        fixtures("verification-"),
        decode::<TransactionVerification>,
        |verification| assert_hidden(&format!("{verification:?}")),
    );
}

#[test]
fn reports_with_any_member_of_another_type_decode_or_keep_the_body() {
    hostile::assert_type_mutations(
        fixtures("report-"),
        decode::<DetailedVerificationReport>,
        |report| {
            let _ = report.passed();
            assert_hidden(&format!("{report:?}"));
            let _ = txstatus_core::to_redacted_json(&report);
        },
    );
}

#[test]
fn images_with_any_member_of_another_type_decode_or_keep_the_body() {
    // The references are links to images, not values to plant under a name.
    hostile::assert_type_mutations(
        hostile::fixtures_in(FIXTURES.as_ref(), "images-"),
        decode::<VerificationImages>,
        |images| {
            let _ = images.references().count();
            let _ = format!("{images:?}");
        },
    );
}

#[test]
fn erasure_answers_with_any_member_of_another_type_decode_or_keep_the_body() {
    hostile::assert_type_mutations(
        hostile::fixtures_in(FIXTURES.as_ref(), "erasure-"),
        decode::<ErasureResponse>,
        |answer| {
            for entry in answer.transactions.iter().flatten() {
                let _ = entry.is_accepted_for(ErasureAction::Unmark);
                let _ = entry.is_accepted_for(ErasureAction::Mark(GracePeriod::days(1)));
                let _ = entry.event();
            }
            let _ = format!("{answer:?}");
        },
    );
}

#[test]
fn notifications_with_any_member_of_another_type_decode_or_keep_the_body() {
    hostile::assert_type_mutations(
        fixtures("notification-"),
        Notification::parse,
        |notification| {
            let _ = (notification.scenario(), notification.timestamp());
            assert_hidden(&format!("{notification:?}"));
        },
    );
}
