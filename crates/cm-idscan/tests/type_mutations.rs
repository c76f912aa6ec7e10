//! Every member of the fixtures replaced by a value of another type (null,
//! numbers as text, text as numbers, booleans, objects, arrays, huge numbers, a
//! 100 kB string, a lone surrogate, NUL...) decodes, or fails with a decode
//! error that keeps the body and shows no personal value, on a small stack.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::sync::atomic::{AtomicUsize, Ordering};

use cm_idscan::{
    CreatedTransaction, Delivery, PROVIDER, StatusReport, Time, Transaction, TransactionResult,
    WebhookSubscription,
};
use serde::de::DeserializeOwned;
use txstatus_core::{
    RawBody, Result,
    provider::{ReportParts, decode_json_bytes},
    test_util as hostile,
};

/// This crate's fixtures.
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");

/// Members whose values are personal: the marker is planted under them
/// (extracted values, file names and links).
const PERSONAL_KEYS: &[&str] = &["value", "name", "url"];

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
fn transaction_details_with_any_member_of_another_type_decode_or_keep_the_body() {
    static MARKED: AtomicUsize = AtomicUsize::new(0);
    let tried = hostile::assert_type_mutations(
        fixtures("transaction-details"),
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
    assert!(tried.errors > 0, "{tried:?}");
    assert!(
        MARKED.load(Ordering::Relaxed) > 0,
        "no report held the marker"
    );
}

#[test]
fn transaction_results_with_any_member_of_another_type_decode_or_keep_the_body() {
    let tried = hostile::assert_type_mutations(
        fixtures("transaction-result"),
        TransactionResult::from_json,
        |result| {
            let _ = result.tx_status();
            for task in &result.tasks {
                for picked in task.picked() {
                    let _ = picked.field();
                    let _ = picked.value.text();
                }
            }
            assert_hidden(&format!("{result:?}"));
            let _ = txstatus_core::to_redacted_json(&result);
        },
    );
    assert!(tried.errors > 0, "{tried:?}");
}

#[test]
fn created_transactions_with_any_member_of_another_type_decode_or_keep_the_body() {
    hostile::assert_type_mutations(
        fixtures("create-response"),
        decode::<CreatedTransaction>,
        |created| {
            let _ = created.tx_status();
            assert_hidden(&format!("{created:?}"));
        },
    );
}

#[test]
fn webhook_subscriptions_with_any_member_of_another_type_decode_or_keep_the_body() {
    hostile::assert_type_mutations(
        fixtures("webhook-subscription"),
        decode::<WebhookSubscription>,
        |subscription| {
            let _ = format!("{subscription:?}");
        },
    );
}

#[test]
fn webhook_deliveries_with_any_member_of_another_type_decode_or_keep_the_body() {
    // A delivery holds ids and states only: nothing personal to plant.
    hostile::assert_type_mutations(
        hostile::fixtures_in(FIXTURES.as_ref(), "webhook-delivery"),
        decode::<Delivery>,
        |delivery| {
            let _ = delivery.result_id();
            let _ = format!("{delivery:?}");
        },
    );
}
