//! Every member of the fixtures replaced by a value of another type (null,
//! numbers as text, text as numbers, booleans, objects, arrays, huge numbers, a
//! 100 kB string, a lone surrogate, NUL...) decodes, or fails with a decode
//! error that keeps the body and shows no personal value, on a small stack.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::sync::atomic::{AtomicUsize, Ordering};

use persona_tx::{
    PROVIDER, Transaction, WebhookEvent,
    model::{Event, EventList, TransactionList},
};
use serde::de::DeserializeOwned;
use txstatus_core::{
    RawBody, Result, StatusReport,
    provider::{ReportParts, decode_json_bytes},
    test_util as hostile,
};

/// This crate's fixtures.
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");

/// Members whose values are personal: the marker is planted under them.
const PERSONAL_KEYS: &[&str] = &[
    "name-first",
    "name-last",
    "address-street-1",
    "reference-id",
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

/// What a caller reads of a transaction after it decoded.
fn read_transaction(transaction: &Transaction) {
    let _ = transaction.tx_status();
    let _ = transaction.accounts().count();
    for field in transaction
        .fields()
        .into_iter()
        .flat_map(|fields| fields.values())
    {
        let _ = (
            field.type_name(),
            field.is_null(),
            field.text(),
            field.get("k"),
        );
    }
    for verification in transaction.government_id_verifications() {
        // Decoded on first read, from the raw member the mutation may have hit.
        let checks = verification
            .attributes
            .as_ref()
            .and_then(|a| a.checks.as_ref());
        for check in checks.into_iter().flat_map(|checks| checks.iter()) {
            let shown = format!("{check:?}");
            assert!(!shown.contains(hostile::PERSONAL_MARKER), "{shown}");
        }
    }
    let shown = format!("{transaction:?}");
    assert!(!shown.contains(hostile::PERSONAL_MARKER), "{shown}");
    let _ = txstatus_core::to_redacted_json(transaction);
}

#[test]
fn transactions_with_any_member_of_another_type_decode_or_keep_the_body() {
    static MARKED: AtomicUsize = AtomicUsize::new(0);
    let tried = hostile::assert_type_mutations(
        fixtures("transaction-"),
        |body| hostile::decode_response::<Transaction>(PROVIDER, body),
        |response| {
            read_transaction(response.value());
            // The report `StatusSource::status_report` builds from it.
            let report = StatusReport::from_response(PROVIDER, "inq", response, |document| {
                let attributes = document.data.attributes.as_ref();
                ReportParts::new(document.tx_status())
                    .with_created_at(attributes.and_then(|a| a.created_at.clone()))
                    .with_updated_at(attributes.and_then(|a| a.updated_at.clone()))
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
fn transaction_lists_with_any_member_of_another_type_decode_or_keep_the_body() {
    hostile::assert_type_mutations(
        fixtures("transaction-list"),
        decode::<TransactionList>,
        |list| {
            let _ = persona_tx::next_cursor(list.links.as_ref());
            let _ = format!("{list:?}");
        },
    );
}

#[test]
fn events_with_any_member_of_another_type_decode_or_keep_the_body() {
    hostile::assert_type_mutations(fixtures("event-retrieve"), decode::<Event>, |event| {
        let _ = event.name();
        if let Some(transaction) = event.transaction() {
            read_transaction(transaction);
        }
        let _ = format!("{event:?}");
    });
    hostile::assert_type_mutations(fixtures("event-list"), decode::<EventList>, |list| {
        let _ = format!("{list:?}");
    });
}

#[test]
fn webhook_events_with_any_member_of_another_type_decode_or_keep_the_body() {
    hostile::assert_type_mutations(fixtures("webhook-"), WebhookEvent::from_slice, |event| {
        let _ = event.name();
        if let Some(transaction) = event.transaction() {
            read_transaction(transaction);
        }
        let _ = format!("{event:?}");
    });
}

/// A page walk (`Client::transactions`) over pages with any member of another
/// type: every error it ends with is a decode error that keeps the page's body,
/// including a `links.next` it cannot follow (no cursor, a cursor seen before).
#[tokio::test]
async fn page_walks_over_any_member_of_another_type_end_with_the_page_body() {
    use futures_util::StreamExt;
    use persona_tx::{Client, ClientOptions, ListTransactions};

    let mut server = mockito::Server::new_async().await;
    let client = Client::builder("persona_test_key_mutations")
        .base_url(server.url())
        .configure_transport(|t| {
            t.no_proxy()
                .clock(std::sync::Arc::new(txstatus_core::ManualClock::new()))
        })
        .build()
        .unwrap();
    let (mut errors, mut without_body) = (0, Vec::new());
    for (label, body) in hostile::mutation_bodies(&fixtures("transaction-list")) {
        // Every page is this one: a cursor it names is followed once, then seen again.
        let mock = server
            .mock("GET", mockito::Matcher::Any)
            .with_header("content-type", "application/json")
            .with_body(&body)
            .create_async()
            .await;
        let items: Vec<_> = client.transactions(ListTransactions::new()).collect().await;
        mock.remove_async().await;
        for error in items.iter().filter_map(|item| item.as_ref().err()) {
            errors += 1;
            hostile::assert_no_personal_marker(&label, error);
            if error.body().map(txstatus_core::RawBody::as_bytes) != Some(body.as_bytes()) {
                without_body.push(format!("{label}: {error}"));
            }
        }
    }
    assert!(errors > 0, "no walk ended in an error");
    assert!(
        without_body.is_empty(),
        "{} errors without the page's body:\n{}",
        without_body.len(),
        without_body.join("\n")
    );
}
