//! Every member of the fixtures replaced by a value of another type (null,
//! numbers as text, text as numbers, booleans, objects, arrays, huge numbers, a
//! 100 kB string, a lone surrogate, NUL...) decodes, or fails with a decode
//! error that keeps the body and shows no personal value, on a small stack.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::sync::atomic::{AtomicUsize, Ordering};

use cm_idin::{
    CreatedTransaction, Directory, DirectoryCountry, GoLiveCase, PROVIDER, StatusReport,
    StatusResponse,
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
    "last_name",
    "initials",
    "street",
    "city",
    "postal_code",
    "date_of_birth",
    "telephone_number",
    "email_address",
    "bin",
];

/// The decode `RawResponse::decode_json` runs for a 200.
fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T> {
    decode_json_bytes(PROVIDER, 200, &RawBody::new(body.to_vec()))
}

fn assert_hidden(shown: &str) {
    assert!(!shown.contains(hostile::PERSONAL_MARKER), "{shown}");
}

#[test]
fn status_answers_with_any_member_of_another_type_decode_or_keep_the_body() {
    let fixtures = hostile::with_personal_marker(
        &hostile::fixtures_in(FIXTURES.as_ref(), "status-"),
        PERSONAL_KEYS,
    );
    static MARKED: AtomicUsize = AtomicUsize::new(0);
    let tried = hostile::assert_type_mutations(
        fixtures,
        |body| hostile::decode_response::<StatusResponse>(PROVIDER, body),
        |response| {
            let status = response.value();
            assert_hidden(&format!("{status:?}"));
            let outcome = status.outcome();
            let _ = (outcome.normalized(), outcome.is_final(), outcome.identity());
            let _ = GoLiveCase::ALL
                .iter()
                .filter(|case| case.accepts(&outcome))
                .count();
            assert_hidden(&format!("{outcome:?}"));
            // The report `StatusSource::status_report` builds from it.
            let report = StatusReport::from_response(PROVIDER, "tx", response, |document| {
                ReportParts::new(document.tx_status())
                    .with_notice(document.notice.clone())
                    .with_stop_asking(document.has_personal_data())
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
fn directories_with_any_member_of_another_type_decode_or_keep_the_body() {
    // The directory lists banks: nothing personal to plant.
    hostile::assert_type_mutations(
        hostile::fixtures_in(FIXTURES.as_ref(), "directory"),
        decode::<Vec<DirectoryCountry>>,
        |countries| {
            let directory = Directory::new(countries);
            let _ = directory.by_country();
            let _ = directory.issuers("NL");
        },
    );
}

#[test]
fn created_transactions_with_any_member_of_another_type_decode_or_keep_the_body() {
    hostile::assert_type_mutations(
        hostile::fixtures_in(FIXTURES.as_ref(), "transaction-"),
        CreatedTransaction::from_json,
        |created| {
            let _ = format!("{created:?}");
        },
    );
}
