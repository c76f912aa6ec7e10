//! Lifecycle calls checked from outside: erasure outcomes name only the ids the
//! answer names, and hostile caller ids never leave their one segment.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::sync::Arc;

use mockito::Matcher;
use onespan_tx::{Client, ClientOptions, ErasureAction, ErasureOutcome, GracePeriod};
use serde_json::json;
use txstatus_core::ManualClock;

const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.outside-test.c2lnbmF0dXJl";
const ACCEPTED: &str = "Transaction Erase Request - Accepted";

fn client(base: String) -> Client {
    Client::builder(JWT)
        .tenant("acme")
        .base_url(base)
        .configure_transport(|t| t.clock(Arc::new(ManualClock::new())))
        .build()
        .unwrap()
}

async fn erase(ids: &[&str], body: serde_json::Value) -> onespan_tx::ErasureReport {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("POST", "/api/transaction/mark-for-erasure")
        .with_body(body.to_string())
        .expect(1)
        .create_async()
        .await;
    let report = client(server.url())
        .erase_all(ids, ErasureAction::Mark(GracePeriod::days(2)))
        .await;
    mock.assert_async().await;
    report
}

#[tokio::test]
async fn an_answer_naming_one_id_exactly_does_not_accept_its_recased_sibling() {
    let report = erase(
        &["abc", "ABC"],
        json!({"transactions": [{"transaction_id": "abc", "marking_event": ACCEPTED}]}),
    )
    .await;
    assert!(matches!(
        report.outcomes[0].outcome,
        ErasureOutcome::Accepted { .. }
    ));
    assert!(
        matches!(report.outcomes[1].outcome, ErasureOutcome::NotInAnswer),
        "{:?}",
        report.outcomes[1]
    );
    assert_eq!(report.unfinished_ids(), ["ABC"]);
}

#[tokio::test]
async fn a_recased_answer_entry_matching_two_sent_ids_accepts_neither() {
    let report = erase(
        &["abc", "ABC"],
        json!({"transactions": [{"transaction_id": "Abc", "marking_event": ACCEPTED}]}),
    )
    .await;
    for outcome in &report.outcomes {
        assert!(
            matches!(outcome.outcome, ErasureOutcome::NotInAnswer),
            "{outcome:?}"
        );
    }
}

#[tokio::test]
async fn a_recased_answer_entry_still_matches_its_one_sent_id() {
    let report = erase(
        &["3f2a-ab", "other"],
        json!({"transactions": [
            {"transaction_id": "3F2A-AB", "marking_event": ACCEPTED},
            {"transaction_id": "other", "marking_event": ACCEPTED},
        ]}),
    )
    .await;
    assert!(report.all_accepted(), "{report:?}");
}

#[tokio::test]
async fn hostile_transaction_ids_stay_one_path_segment_or_are_refused_before_sending() {
    let mut server = mockito::Server::new_async().await;
    let cases = [
        ("a&b=c", "a&b=c"),
        ("a#f", "a%23f"),
        ("a?x=1", "a%3Fx=1"),
        ("../admin", "..%2Fadmin"),
        ("a%2Fb", "a%252Fb"),
        ("a b", "a%20b"),
        ("\u{e9}", "%C3%A9"),
    ];
    let mut mocks = Vec::new();
    for (_, encoded) in cases {
        mocks.push(
            server
                .mock(
                    "GET",
                    format!("/api/transaction/{encoded}/verification").as_str(),
                )
                .match_query(Matcher::Exact(String::new()))
                .with_status(404)
                .expect(1)
                .create_async()
                .await,
        );
    }
    let client = client(server.url());
    for (id, _) in cases {
        let error = client.verification(id).await.unwrap_err();
        assert_eq!(error.status(), Some(404), "{id}: {error}");
    }
    for mock in mocks {
        mock.assert_async().await;
    }
    let other = server
        .mock("GET", Matcher::Any)
        .expect(0)
        .create_async()
        .await;
    for id in ["..", ".", "", "a\nb", "nul\0", &"x".repeat(100_000)] {
        assert!(
            client
                .verification(id)
                .await
                .unwrap_err()
                .is_invalid_input()
        );
    }
    other.assert_async().await;
}

/// An answer that names an id more than once (repeated, or re-cased when it can
/// only mean that id) and refuses it in any of those entries is no proof it was
/// marked: the id is refused, not accepted, whichever entry comes first.
#[tokio::test]
async fn an_id_the_answer_both_accepts_and_refuses_is_refused_not_accepted() {
    const NOT_FOUND: &str = "Transaction Erase Request - Transaction Not Found";
    let bodies = [
        json!({"transactions": [
            {"transaction_id": "abc", "marking_event": ACCEPTED},
            {"transaction_id": "abc", "marking_event": NOT_FOUND, "message": "gone"},
        ]}),
        json!({"transactions": [
            {"transaction_id": "abc", "marking_event": NOT_FOUND, "message": "gone"},
            {"transaction_id": "abc", "marking_event": ACCEPTED},
        ]}),
        json!({"transactions": [
            {"transaction_id": "abc", "marking_event": ACCEPTED},
            {"transaction_id": "ABC", "marking_event": NOT_FOUND, "message": "gone"},
        ]}),
    ];
    for body in bodies {
        let report = erase(&["abc"], body.clone()).await;
        let ErasureOutcome::Refused { event, message } = &report.outcomes[0].outcome else {
            panic!("{body}: {:?}", report.outcomes[0])
        };
        assert_eq!(
            event.as_ref().map(|e| e.as_str()),
            Some(NOT_FOUND),
            "{body}"
        );
        assert_eq!(message.as_deref(), Some("gone"), "{body}");
        assert!(report.accepted_ids().is_empty(), "{body}");
        assert!(!report.all_accepted(), "{body}");
    }

    // Repeated acceptances are still one acceptance.
    let report = erase(
        &["abc"],
        json!({"transactions": [
            {"transaction_id": "abc", "marking_event": ACCEPTED},
            {"transaction_id": "abc", "marking_event": ACCEPTED},
        ]}),
    )
    .await;
    assert!(report.all_accepted(), "{report:?}");
}
