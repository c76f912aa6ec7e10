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

/// Answers every id with `event` in `field` (`marking_event` for a mark,
/// `unmarking_event` for an unmark), except ids ending in `7` (not found), and
/// records each call's id count.
fn answer_all(
    calls: Arc<Mutex<Vec<usize>>>,
    field: &'static str,
    event: &'static str,
    not_found: &'static str,
) -> impl Fn(&mockito::Request) -> Vec<u8> {
    move |request| {
        let body: Value = serde_json::from_slice(request.body().unwrap()).unwrap();
        let ids = body["transaction_ids"].as_array().unwrap();
        calls.lock().unwrap().push(ids.len());
        let transactions: Vec<Value> = ids
            .iter()
            .map(|id| {
                let id = id.as_str().unwrap();
                let outcome = if id.ends_with('7') { not_found } else { event };
                json!({"transaction_id": id, field: outcome, "message": ""})
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
    let mark = ErasureAction::Mark(GracePeriod::days(30));
    assert!(entries[0].is_accepted_for(mark));
    assert!(!entries[1].is_accepted_for(mark));
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
        .with_body(r#"{"transactions":[{"transaction_id":"a","marking_event":"Transaction Erase Request - Accepted"}]}"#)
        .expect(1)
        .create_async()
        .await;
    let client = client(server.url());
    let answer = client
        .unmark_for_erasure(&["a"])
        .await
        .unwrap()
        .into_value();
    assert!(answer.transactions.unwrap()[0].is_accepted_for(ErasureAction::Unmark));
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
            "marking_event",
            "Transaction Erase Request - Accepted",
            "Transaction Erase Request - Transaction Not Found",
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

/// Seventeenth outside audit: 1,001 distinct ids given 1,671 times (repeats
/// before and after each batch boundary, an empty id twice) still make three
/// calls of 500, 500 and 1, each id sent once, reported once in first-seen order.
#[tokio::test]
async fn repeats_around_batch_boundaries_are_sent_once_and_batches_stay_full() {
    let mut server = mockito::Server::new_async().await;
    let calls = Arc::new(Mutex::new(Vec::new()));
    let mock = server
        .mock("POST", "/api/transaction/unmark-for-erasure")
        .with_body_from_request(answer_all(
            Arc::clone(&calls),
            "unmarking_event",
            "Transaction Recovery - Accepted",
            "Transaction Recovery - Transaction Not Found",
        ))
        .expect(3)
        .create_async()
        .await;
    let distinct = ids(1001);
    let mut input = Vec::new();
    for (i, id) in distinct.iter().enumerate() {
        input.push(id.clone());
        if i % 3 == 0 {
            input.push(distinct[i / 2].clone());
            input.push(id.clone());
        }
        if i == 499 || i == 500 {
            input.push(String::new());
        }
    }
    let report = client(server.url())
        .erase_all(&input, ErasureAction::Unmark)
        .await;
    mock.assert_async().await;
    assert_eq!(*calls.lock().unwrap(), [500, 500, 1]);
    assert_eq!(report.outcomes.len(), 1002);
    let order: Vec<&str> = report
        .outcomes
        .iter()
        .map(|o| o.id.as_str())
        .filter(|id| !id.is_empty())
        .collect();
    assert_eq!(order, distinct);
    assert_eq!(
        report.accepted_ids().len() + report.refused_ids().len(),
        1001
    );
    assert!(report.unfinished_ids().is_empty());
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
            "unmarking_event",
            "Transaction Recovery - Accepted",
            "Transaction Recovery - Transaction Not Found",
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

/// One mark or unmark call answered with `body`, run through `erase_all`.
async fn erase_answered(
    ids: &[&str],
    action: ErasureAction,
    body: Value,
) -> onespan_tx::ErasureReport {
    let mut server = mockito::Server::new_async().await;
    let path = match action {
        ErasureAction::Mark(_) => "/api/transaction/mark-for-erasure",
        ErasureAction::Unmark => "/api/transaction/unmark-for-erasure",
    };
    let mock = server
        .mock("POST", path)
        .with_body(body.to_string())
        .expect(1)
        .create_async()
        .await;
    let report = client(server.url()).erase_all(ids, action).await;
    mock.assert_async().await;
    report
}

/// The event and message of a refused outcome; panics on any other outcome.
fn refused(outcome: &ErasureOutcome) -> (Option<&ErasureEvent>, Option<&str>) {
    match outcome {
        ErasureOutcome::Refused { event, message } => (event.as_ref(), message.as_deref()),
        other => panic!("expected refused, got {other:?}"),
    }
}

#[tokio::test]
async fn a_mark_answered_with_the_unmark_accepted_event_is_refused_not_accepted() {
    let mark = ErasureAction::Mark(GracePeriod::days(1));
    let report = erase_answered(
        &["tx-1", "tx-2", "tx-3"],
        mark,
        json!({"transactions": [
            // The other action's acceptance, in the other action's field.
            {"transaction_id": "tx-1", "unmarking_event": "Transaction Recovery - Accepted", "message": "m1"},
            // The other action's acceptance, in the mark's field.
            {"transaction_id": "tx-2", "marking_event": "Transaction Recovery - Accepted"},
            // The mark's acceptance, but in the unmark's field.
            {"transaction_id": "tx-3", "unmarking_event": "Transaction Erase Request - Accepted"},
        ]}),
    )
    .await;
    assert!(!report.all_accepted(), "{report:?}");
    assert!(report.accepted_ids().is_empty(), "{report:?}");
    assert_eq!(report.refused_ids(), ["tx-1", "tx-2", "tx-3"]);
    assert!(report.unfinished_ids().is_empty());
    // What was sent is kept.
    assert_eq!(
        refused(&report.outcomes[0].outcome),
        (Some(&ErasureEvent::UnmarkAccepted), Some("m1"))
    );
    assert_eq!(
        refused(&report.outcomes[1].outcome),
        (Some(&ErasureEvent::UnmarkAccepted), None)
    );
    assert_eq!(
        refused(&report.outcomes[2].outcome),
        (Some(&ErasureEvent::MarkAccepted), None)
    );
}

#[tokio::test]
async fn an_unmark_answered_with_the_mark_accepted_event_is_refused_not_accepted() {
    let report = erase_answered(
        &["tx-1", "tx-2", "tx-3"],
        ErasureAction::Unmark,
        json!({"transactions": [
            {"transaction_id": "tx-1", "marking_event": "Transaction Erase Request - Accepted", "message": "m1"},
            {"transaction_id": "tx-2", "unmarking_event": "Transaction Erase Request - Accepted"},
            {"transaction_id": "tx-3", "marking_event": "Transaction Recovery - Accepted"},
        ]}),
    )
    .await;
    assert!(!report.all_accepted(), "{report:?}");
    assert!(report.accepted_ids().is_empty(), "{report:?}");
    assert_eq!(report.refused_ids(), ["tx-1", "tx-2", "tx-3"]);
    assert_eq!(
        refused(&report.outcomes[0].outcome),
        (Some(&ErasureEvent::MarkAccepted), Some("m1"))
    );
    assert_eq!(
        refused(&report.outcomes[1].outcome),
        (Some(&ErasureEvent::MarkAccepted), None)
    );
    assert_eq!(
        refused(&report.outcomes[2].outcome),
        (Some(&ErasureEvent::UnmarkAccepted), None)
    );
}

#[tokio::test]
async fn an_unknown_event_ending_in_accepted_is_refused_not_accepted() {
    for (action, field) in [
        (ErasureAction::Mark(GracePeriod::days(1)), "marking_event"),
        (ErasureAction::Unmark, "unmarking_event"),
    ] {
        let report = erase_answered(
            &["tx-1", "tx-2"],
            action,
            json!({"transactions": [
                {"transaction_id": "tx-1", field: "Something - Accepted"},
                {"transaction_id": "tx-2", field: "Transaction Erase Request - Partially Accepted"},
            ]}),
        )
        .await;
        assert!(!report.all_accepted(), "{action:?}: {report:?}");
        assert!(report.accepted_ids().is_empty(), "{action:?}: {report:?}");
        assert_eq!(report.refused_ids(), ["tx-1", "tx-2"], "{action:?}");
        let (event, _) = refused(&report.outcomes[0].outcome);
        assert_eq!(
            event.map(ErasureEvent::as_str),
            Some("Something - Accepted")
        );
        assert!(!event.unwrap().is_accepted_for(action));
    }
}

#[tokio::test]
async fn an_entry_carrying_both_events_is_refused_not_accepted() {
    let report = erase_answered(
        &["tx-1"],
        ErasureAction::Mark(GracePeriod::days(1)),
        json!({"transactions": [{
            "transaction_id": "tx-1",
            "marking_event": "Transaction Erase Request - Accepted",
            "unmarking_event": "Transaction Recovery - Transaction Not Found",
        }]}),
    )
    .await;
    assert!(!report.all_accepted(), "{report:?}");
    assert_eq!(
        refused(&report.outcomes[0].outcome),
        (Some(&ErasureEvent::MarkAccepted), None)
    );
}

#[tokio::test]
async fn the_acceptance_event_of_the_action_sent_in_its_field_is_still_accepted() {
    for (action, field, accepted) in [
        (
            ErasureAction::Mark(GracePeriod::days(1)),
            "marking_event",
            ErasureEvent::MarkAccepted,
        ),
        (
            ErasureAction::Unmark,
            "unmarking_event",
            ErasureEvent::UnmarkAccepted,
        ),
    ] {
        assert_eq!(action.accepted_event(), accepted);
        let report = erase_answered(
            &["tx-1"],
            action,
            json!({"transactions": [
                {"transaction_id": "tx-1", field: accepted.as_str(), "message": "ok"},
            ]}),
        )
        .await;
        assert!(report.all_accepted(), "{action:?}: {report:?}");
        assert_eq!(report.accepted_ids(), ["tx-1"]);
        match &report.outcomes[0].outcome {
            ErasureOutcome::Accepted { event, message } => {
                assert_eq!(event.as_ref(), Some(&accepted));
                assert_eq!(message.as_deref(), Some("ok"));
            }
            other => panic!("{action:?}: {other:?}"),
        }
    }
}

/// A mark or unmark is a write: a 2xx answer without `transactions`, or whose
/// entries name none of the ids sent (an error object under a 200, an answer
/// about another request), is a decode error at `transactions` that keeps the
/// body and says the write may have been carried out, never a success; an
/// answer naming an id sent (in any ASCII case) is the answer.
#[tokio::test]
async fn an_erasure_answer_naming_no_id_sent_is_a_decode_error_never_a_success() {
    for (body, action) in [
        (
            r#"{"message":"Internal error"}"#,
            ErasureAction::Mark(GracePeriod::days(2)),
        ),
        (r#"{"transactions":null}"#, ErasureAction::Unmark),
        (
            r#"{"transactions":[]}"#,
            ErasureAction::Mark(GracePeriod::days(2)),
        ),
        (
            r#"{"transactions":[{"transaction_id":"tx-other","marking_event":"Transaction Erase Request - Accepted"}]}"#,
            ErasureAction::Mark(GracePeriod::days(2)),
        ),
    ] {
        let mut server = mockito::Server::new_async().await;
        let path = match action {
            ErasureAction::Unmark => "/api/transaction/unmark-for-erasure",
            _ => "/api/transaction/mark-for-erasure",
        };
        let mock = server
            .mock("POST", path)
            .with_body(body)
            .expect(2)
            .create_async()
            .await;
        let client = client(server.url());
        let error = client.erasure_call(action, &["tx-1"]).await.unwrap_err();
        assert_eq!(error.json_path(), Some("transactions"), "{body}: {error:?}");
        assert!(error.write_was_accepted(), "{body}");
        assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes(), "{body}");
        // The batch helper reports the ids as failed: to resume with.
        let report = client.erase_all(["tx-1"], action).await;
        assert!(
            matches!(report.outcomes[0].outcome, ErasureOutcome::Failed(_)),
            "{body}: {:?}",
            report.outcomes[0]
        );
        assert_eq!(report.unfinished_ids(), ["tx-1"]);
        mock.assert_async().await;
    }
    // An answer naming the id sent in another case is the answer.
    let mut server = mockito::Server::new_async().await;
    server
        .mock("POST", "/api/transaction/mark-for-erasure")
        .with_body(r#"{"transactions":[{"transaction_id":"TX-1","marking_event":"Transaction Erase Request - Accepted"}]}"#)
        .create_async()
        .await;
    let response = client(server.url())
        .mark_for_erasure(&["tx-1"], GracePeriod::days(2))
        .await
        .unwrap();
    assert_eq!(response.value().transactions.as_ref().unwrap().len(), 1);
}

/// An answer that also names ids that were not sent (a proxy or cache answering
/// for another request, or a batch merged with another) is not the answer to
/// this call, even when it names every id sent as accepted: a decode error at
/// `transactions` that keeps the body and says the write may have been carried
/// out; `erase_all` reports the batch's ids as failed, never accepted. Neither id
/// reaches the error's text.
#[tokio::test]
async fn an_erasure_answer_naming_ids_not_sent_is_a_decode_error_never_a_success() {
    let accepted = "Transaction Erase Request - Accepted";
    for extra in [
        json!({"transaction_id": "tx-not-sent", "marking_event": accepted}),
        json!({"transaction_id": "tx-not-sent", "marking_event": "Transaction Erase Request - Transaction Not Found"}),
        json!({"transaction_id": "tx-1 ", "marking_event": accepted}),
        json!({"transaction_id": "tx-10", "marking_event": accepted}),
    ] {
        let body = json!({"transactions": [
            {"transaction_id": "tx-1", "marking_event": accepted},
            {"transaction_id": "tx-2", "marking_event": accepted},
            extra,
        ]})
        .to_string();
        let mut server = mockito::Server::new_async().await;
        let mock = server
            .mock("POST", "/api/transaction/mark-for-erasure")
            .with_body(&body)
            .expect(2)
            .create_async()
            .await;
        let client = client(server.url());
        let error = client
            .mark_for_erasure(&["tx-1", "tx-2"], GracePeriod::days(2))
            .await
            .unwrap_err();
        assert_eq!(error.json_path(), Some("transactions"), "{body}: {error:?}");
        assert!(error.write_was_accepted(), "{body}");
        assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
        let shown = format!("{error} {error:?}");
        assert!(
            !shown.contains("tx-not-sent") && !shown.contains("tx-1"),
            "{shown}"
        );
        let report = client
            .erase_all(["tx-1", "tx-2"], ErasureAction::Mark(GracePeriod::days(2)))
            .await;
        assert!(report.accepted_ids().is_empty(), "{body}: {report:?}");
        assert_eq!(report.unfinished_ids(), ["tx-1", "tx-2"], "{body}");
        mock.assert_async().await;
    }
    // Entries naming no id (absent, null, blank) name nothing not sent.
    let body = json!({"transactions": [
        {"transaction_id": "tx-1", "marking_event": accepted},
        {"transaction_id": null, "marking_event": accepted},
        {"marking_event": accepted},
        {"transaction_id": " ", "marking_event": accepted},
    ]});
    let report = erase_answered(&["tx-1"], ErasureAction::Mark(GracePeriod::days(2)), body).await;
    assert_eq!(report.accepted_ids(), ["tx-1"]);
}

/// An error body under a 2xx (`status` 500, OAuth's `error`) beside entries that
/// say "accepted" is no erasure: a decode error keeping the body, marked as a
/// write that may have been done; `erase_all` reports no id accepted.
#[tokio::test]
async fn an_erasure_answered_with_an_error_body_under_200_is_not_accepted() {
    for body in [
        r#"{"timestamp":"2026-01-01T00:00:00Z","status":500,"error":"Internal Server Error","message":"rolled back","transactions":[{"transaction_id":"tx-1","marking_event":"Transaction Erase Request - Accepted"}]}"#,
        r#"{"error":"invalid_token","transactions":[{"transaction_id":"tx-1","marking_event":"Transaction Erase Request - Accepted"}]}"#,
    ] {
        let mut server = mockito::Server::new_async().await;
        let _mock = server
            .mock("POST", "/api/transaction/mark-for-erasure")
            .with_status(200)
            .with_header("content-type", "application/json")
            .with_body(body)
            .create_async()
            .await;
        let client = client(server.url());
        let error = client
            .mark_for_erasure(&["tx-1"], GracePeriod::days(3))
            .await
            .unwrap_err();
        assert!(error.write_was_accepted(), "{error}");
        assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
        let report = client
            .erase_all(["tx-1"], ErasureAction::Mark(GracePeriod::days(3)))
            .await;
        assert!(!report.all_accepted(), "{report:?}");
    }
}

/// `Debug` of an erasure answer shows an entry's transaction id only as a
/// plain token.
#[test]
fn erasure_entries_show_no_free_text_where_an_id_goes() {
    let body = br#"{"message":"m","transactions":[{"transaction_id":"jan.jansen@example.com","marking_event":"Transaction Erase Request - Accepted","message":"x"},{"transaction_id":"tx-1"}]}"#;
    let model: onespan_tx::ErasureResponse = serde_json::from_slice(body).unwrap();
    let shown = format!("{model:?}");
    assert!(!shown.contains("jan.jansen@example.com"), "{shown}");
    assert!(shown.contains("tx-1"), "{shown}");
}
