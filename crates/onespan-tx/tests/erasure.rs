//! Erasure: request shape, per-call validation, batching by 500, per-id outcomes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::sync::{Arc, Mutex};

use mockito::Matcher;
use onespan_tx::{Client, ClientOptions, ErasureAction, ErasureEvent, ErasureOutcome, GracePeriod};
use serde_json::{Value, json};
use txstatus_core::ManualClock;

const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.erasure-test.c2lnbmF0dXJl";

fn client(base: String) -> Client {
    Client::builder(JWT)
        .tenant("acme")
        .base_url(base)
        .configure_transport(|t| t.clock(Arc::new(ManualClock::new())))
        .build()
        .unwrap()
}

fn ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("tx-{i:04}")).collect()
}

/// Answers every id as accepted, except ids ending in `7` (not found), and
/// records each call's id count.
fn answer_all(
    calls: Arc<Mutex<Vec<usize>>>,
    event: &'static str,
) -> impl Fn(&mockito::Request) -> Vec<u8> {
    move |request| {
        let body: Value = serde_json::from_slice(request.body().unwrap()).unwrap();
        let ids = body["transaction_ids"].as_array().unwrap();
        calls.lock().unwrap().push(ids.len());
        let transactions: Vec<Value> = ids
            .iter()
            .map(|id| {
                let id = id.as_str().unwrap();
                let outcome = if id.ends_with('7') {
                    "Transaction Erase Request - Transaction Not Found"
                } else {
                    event
                };
                json!({"transaction_id": id, "marking_event": outcome, "message": ""})
            })
            .collect();
        json!({"message": "done", "transactions": transactions})
            .to_string()
            .into_bytes()
    }
}

#[tokio::test]
async fn mark_posts_the_grace_period_and_ids_with_bearer_and_tenant() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("POST", "/api/transaction/mark-for-erasure")
        .match_header("authorization", format!("Bearer {JWT}").as_str())
        .match_header("x-tenant", "acme")
        .match_header("accept", "application/json")
        .match_body(Matcher::Json(json!({"grace_period": 30, "transaction_ids": ["a", "b"]})))
        .with_body(
            r#"{"message":"Some could","transactions":[
                {"transaction_id":"a","marking_event":"Transaction Erase Request - Accepted","message":"ok"},
                {"transaction_id":"b","marking_event":"Transaction Erase Request - ID field error","message":""}]}"#,
        )
        .expect(1)
        .create_async()
        .await;
    let answer = client(server.url())
        .mark_for_erasure(&["a", "b"], GracePeriod::days(30))
        .await
        .unwrap()
        .into_value();
    mock.assert_async().await;
    let entries = answer.transactions.unwrap();
    assert!(entries[0].is_accepted());
    assert!(!entries[1].is_accepted());
    assert_eq!(entries[1].event(), Some(&ErasureEvent::MarkIdFieldError));
}

#[tokio::test]
async fn unmark_posts_only_the_ids_and_immediate_sends_zero() {
    let mut server = mockito::Server::new_async().await;
    let unmark = server
        .mock("POST", "/api/transaction/unmark-for-erasure")
        .match_body(Matcher::Json(json!({"transaction_ids": ["a"]})))
        .with_body(r#"{"transactions":[{"transaction_id":"a","unmarking_event":"Transaction Recovery - Accepted"}]}"#)
        .expect(1)
        .create_async()
        .await;
    let mark = server
        .mock("POST", "/api/transaction/mark-for-erasure")
        .match_body(Matcher::Json(
            json!({"grace_period": 0, "transaction_ids": ["a"]}),
        ))
        .with_body("{}")
        .expect(1)
        .create_async()
        .await;
    let client = client(server.url());
    let answer = client
        .unmark_for_erasure(&["a"])
        .await
        .unwrap()
        .into_value();
    assert!(answer.transactions.unwrap()[0].is_accepted());
    assert!(GracePeriod::IMMEDIATE.is_immediate());
    client
        .mark_for_erasure(&["a"], GracePeriod::IMMEDIATE)
        .await
        .unwrap();
    unmark.assert_async().await;
    mark.assert_async().await;
}

#[tokio::test]
async fn one_call_takes_one_to_five_hundred_valid_ids_or_sends_nothing() {
    let mut server = mockito::Server::new_async().await;
    let any = server
        .mock("POST", Matcher::Any)
        .expect(0)
        .create_async()
        .await;
    let client = client(server.url());
    let none: [&str; 0] = [];
    for bad in [
        none.to_vec(),
        ids(501).iter().map(String::as_str).collect(),
        vec!["a", ""],
        vec![".."],
    ] {
        let error = client
            .mark_for_erasure(&bad, GracePeriod::days(1))
            .await
            .unwrap_err();
        assert!(error.is_invalid_input());
        assert!(!error.may_have_been_sent());
    }
    any.assert_async().await;
}

#[tokio::test]
async fn erase_all_sends_1001_ids_as_500_500_and_1_and_reports_each() {
    let mut server = mockito::Server::new_async().await;
    let calls = Arc::new(Mutex::new(Vec::new()));
    let mock = server
        .mock("POST", "/api/transaction/mark-for-erasure")
        .match_body(Matcher::PartialJson(json!({"grace_period": 7})))
        .with_body_from_request(answer_all(
            Arc::clone(&calls),
            "Transaction Erase Request - Accepted",
        ))
        .expect(3)
        .create_async()
        .await;
    let report = client(server.url())
        .erase_all(ids(1001), ErasureAction::Mark(GracePeriod::days(7)))
        .await;
    mock.assert_async().await;
    assert_eq!(*calls.lock().unwrap(), [500, 500, 1]);
    assert_eq!(report.calls, 3);
    assert_eq!(report.outcomes.len(), 1001);
    assert_eq!(report.refused_ids().len(), 100);
    assert_eq!(report.accepted_ids().len(), 901);
    assert!(report.unfinished_ids().is_empty());
    assert!(!report.all_accepted());
    assert!(matches!(
        report.outcomes[7].outcome,
        ErasureOutcome::Refused {
            event: Some(ErasureEvent::MarkNotFound),
            ..
        }
    ));
}

#[tokio::test]
async fn a_failed_batch_is_visible_per_id_and_resumable() {
    let mut server = mockito::Server::new_async().await;
    let calls = Arc::new(Mutex::new(Vec::new()));
    // The first call (ids starting tx-00..tx-04) is answered; the second fails.
    let ok = server
        .mock("POST", "/api/transaction/unmark-for-erasure")
        .match_body(Matcher::Regex("\"tx-0000\"".into()))
        .with_body_from_request(answer_all(
            Arc::clone(&calls),
            "Transaction Recovery - Accepted",
        ))
        .expect(1)
        .create_async()
        .await;
    let failing = server
        .mock("POST", "/api/transaction/unmark-for-erasure")
        .match_body(Matcher::Regex("\"tx-0500\"".into()))
        .with_status(500)
        .expect(1)
        .create_async()
        .await;
    let mut input = ids(1200);
    input.push("tx-0001".into()); // a duplicate is sent once
    input.push(String::new()); // an invalid id is not sent
    let report = client(server.url())
        .erase_all(&input, ErasureAction::Unmark)
        .await;
    ok.assert_async().await;
    failing.assert_async().await;
    assert_eq!(report.calls, 2);
    assert_eq!(report.outcomes.len(), 1201);
    assert!(matches!(
        report.outcomes[1200].outcome,
        ErasureOutcome::Invalid(_)
    ));
    match &report.outcomes[600].outcome {
        ErasureOutcome::Failed(error) => {
            assert_eq!(error.status(), Some(500));
            assert!(error.may_have_been_sent());
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        report.outcomes[1100].outcome,
        ErasureOutcome::NotAttempted
    ));
    let unfinished = report.unfinished_ids();
    assert_eq!(unfinished.len(), 700);
    assert_eq!(unfinished[0], "tx-0500");
    assert_eq!(
        report.accepted_ids().len() + report.refused_ids().len(),
        500
    );
}

#[tokio::test]
async fn an_id_missing_from_the_answer_is_not_in_answer_and_recased_ids_still_match() {
    let mut server = mockito::Server::new_async().await;
    server
        .mock("POST", "/api/transaction/mark-for-erasure")
        .with_body(r#"{"transactions":[{"transaction_id":"a","marking_event":"Transaction Erase Request - Accepted"}]}"#)
        .create_async()
        .await;
    let report = client(server.url())
        .erase_all(["a", "b"], ErasureAction::Mark(GracePeriod::days(2)))
        .await;
    assert!(matches!(
        report.outcomes[0].outcome,
        ErasureOutcome::Accepted { .. }
    ));
    assert!(matches!(
        report.outcomes[1].outcome,
        ErasureOutcome::NotInAnswer
    ));
    assert_eq!(report.unfinished_ids(), ["b"]);
}
