//! OneSpan's lifecycle commands (issue 18): `get onespan --outcome` and
//! `erase onespan`, against the sandbox and against a fake for the answers the
//! sandbox does not give (mixed, failed, refused credentials).
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use std::process::Stdio;

use serde_json::{Value, json};
use support::*;
use txstatus_sandbox::ids;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_outcome_adds_the_verification_outcome_masked() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let output = txstatus(
        &sandbox,
        &[
            "get",
            "onespan",
            ids::onespan::COMPLETED,
            "--outcome",
            "--json",
        ],
    );
    assert_no_personal_data(&output);
    let report = json(&output);
    assert_eq!(report["schema"], "txstatus.report/1");
    assert_eq!(report["status"]["normalized"], "succeeded");
    let outcome = &report["outcome"];
    assert_eq!(outcome["result"], "Passed");
    assert_eq!(outcome["passed"], true);
    assert_eq!(outcome["status"], "Completed");
    let stages = outcome["stages"].as_array().unwrap();
    assert_eq!(stages.len(), 3);
    assert_eq!(
        stages[0],
        json!({"stage_id": 1, "title": "CreateVerification", "attempt": 1, "result": "Passed"})
    );
    for stage in outcome["report"]["stages"].as_array().unwrap() {
        assert_eq!(stage["details"], "[redacted]");
    }
    let results = &outcome["verification"]["verificationResults"];
    assert_eq!(results[0]["provider"], "sandbox-document-checks");
    assert_eq!(results[0]["content"], "[redacted]");
    assert_eq!(outcome["verification"]["vHubTransaction"], "[redacted]");

    let readable = txstatus(
        &sandbox,
        &["get", "onespan", ids::onespan::ERROR, "--outcome"],
    );
    assert_eq!(code(&readable), Some(0), "{}", stderr(&readable));
    assert_no_personal_data(&readable);
    let text = stdout(&readable);
    assert!(
        text.contains("outcome      failed (OneSpan says \"Failed\""),
        "{text}"
    );
    assert!(
        text.contains("stage 3 FaceMatch (attempt 1): Failed"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_outcome_shows_personal_data_only_when_asked() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let output = txstatus(
        &sandbox,
        &[
            "get",
            "onespan",
            ids::onespan::COMPLETED,
            "--outcome",
            "--json",
            "--show-personal-data",
        ],
    );
    let report = json(&output);
    let details = &report["outcome"]["report"]["stages"][0]["details"];
    assert_eq!(
        details["personalInformation"]["nameInformation"]["forename"],
        "Jane"
    );
    let content = &report["outcome"]["verification"]["verificationResults"][0]["content"];
    assert_eq!(content["findings"]["forename"], "Jane");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_outcome_that_cannot_be_read_prints_nothing_and_exits_1() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let output = txstatus(
        &sandbox,
        &["get", "onespan", ids::onespan::NOT_FOUND, "--outcome"],
    );
    assert_eq!(code(&output), Some(1), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    assert!(stderr(&output).contains("404"), "{}", stderr(&output));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn erase_marks_unmarks_and_reports_refused_ids_in_the_sandbox() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let marked = txstatus(
        &sandbox,
        &[
            "erase",
            "onespan",
            ids::onespan::COMPLETED,
            ids::onespan::NOT_FOUND,
            ids::onespan::COMPLETED,
            "--grace-period-days",
            "30",
            "--yes",
            "--json",
        ],
    );
    // A refused id leaves the batch short of what was asked: exit 1.
    assert_eq!(code(&marked), Some(1), "{}", stderr(&marked));
    let records = json_lines(&marked);
    assert_eq!(records.len(), 2, "one record per distinct id");
    assert_eq!(records[0]["schema"], "txstatus.erase/1");
    assert_eq!(records[0]["provider"], "onespan");
    assert_eq!(records[0]["id"], ids::onespan::COMPLETED);
    assert_eq!(records[0]["action"], "mark");
    assert_eq!(records[0]["grace_period_days"], 30);
    assert_eq!(records[0]["outcome"], "accepted");
    assert_eq!(records[0]["unfinished"], false);
    assert_eq!(records[1]["id"], ids::onespan::NOT_FOUND);
    assert_eq!(records[1]["outcome"], "refused");
    assert_eq!(
        records[1]["event"],
        "Transaction Erase Request - Transaction Not Found"
    );
    let error = json_error(&marked);
    assert_eq!(error["exit_code"], 1);
    assert!(
        error["message"].as_str().unwrap().contains("1 refused"),
        "{error}"
    );
    // Still readable within the grace period, then unmarked.
    let read = txstatus(&sandbox, &["get", "onespan", ids::onespan::COMPLETED]);
    assert_eq!(code(&read), Some(0), "{}", stderr(&read));
    let undone = txstatus(
        &sandbox,
        &[
            "erase",
            "onespan",
            ids::onespan::COMPLETED,
            "--undo",
            "--yes",
            "--show-personal-data",
        ],
    );
    assert_eq!(code(&undone), Some(0), "{}", stderr(&undone));
    assert_eq!(
        stdout(&undone),
        format!(
            "{}: accepted (Transaction Recovery - Accepted: Success unmarked for erasure.)\n",
            ids::onespan::COMPLETED
        )
    );
    let again = txstatus(
        &sandbox,
        &[
            "erase",
            "onespan",
            ids::onespan::COMPLETED,
            "--undo",
            "--yes",
        ],
    );
    assert_eq!(code(&again), Some(1), "not marked any more");
    assert!(stdout(&again).contains("refused"), "{}", stdout(&again));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn erase_with_no_grace_period_erases_at_once() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let erased = txstatus(
        &sandbox,
        &[
            "erase",
            "onespan",
            ids::onespan::CANCELLED,
            "--grace-period-days",
            "0",
            "--yes",
        ],
    );
    assert_eq!(code(&erased), Some(0), "{}", stderr(&erased));
    assert!(stderr(&erased).contains("cannot be undone"));
    let read = txstatus(&sandbox, &["get", "onespan", ids::onespan::CANCELLED]);
    assert_eq!(code(&read), Some(1));
    assert!(stderr(&read).contains("404"), "{}", stderr(&read));
}

/// OneSpan's words for an id are free text that may quote anything: shown as
/// `[redacted]` unless asked for, in both output forms.
#[test]
fn erase_shows_onespans_words_for_an_id_only_when_asked() {
    let said = "jan.devries@example.com was marked";
    let body = json!({"transactions": [{
        "transaction_id": "a",
        "marking_event": "Transaction Erase Request - Accepted",
        "message": said,
    }]})
    .to_string();
    for (extra, shown) in [
        (&[][..], false),
        (&["--json"][..], false),
        (&["--show-personal-data"][..], true),
        (&["--json", "--show-personal-data"][..], true),
    ] {
        let fake = Fake::start();
        fake.send(200, &body);
        let mut args = vec!["erase", "onespan", "a", "--grace-period-days", "7", "--yes"];
        args.extend_from_slice(extra);
        let output = onespan_command(&fake, &args).output().unwrap();
        assert_eq!(code(&output), Some(0), "{}", stderr(&output));
        let printed = format!("{}{}", stdout(&output), stderr(&output));
        assert_eq!(
            printed.contains("jan.devries"),
            shown,
            "{extra:?}: {printed}"
        );
        assert!(stdout(&output).contains("accepted"), "{extra:?}: {printed}");
        if !shown {
            assert!(
                stdout(&output).contains("[redacted]"),
                "{extra:?}: {printed}"
            );
        }
    }
    // Persona's records hold no words of its own: the flag is another provider's.
    let fake = Fake::start();
    let output = persona_command(
        &fake,
        &["erase", "persona", "a", "--yes", "--show-personal-data"],
    )
    .output()
    .unwrap();
    assert_eq!(code(&output), Some(2), "{}", stderr(&output));
    assert_eq!(fake.requests(), 0);
}

fn answer(entries: &[(&str, &str)]) -> String {
    let transactions: Vec<Value> = entries
        .iter()
        .map(|(id, event)| json!({"transaction_id": id, "marking_event": event, "message": "m"}))
        .collect();
    json!({"message": "Some", "transactions": transactions}).to_string()
}

#[test]
fn erase_reports_every_id_of_a_mixed_answer_and_sends_nothing_after_a_failed_call() {
    let fake = Fake::start();
    let ids: Vec<String> = (0..1001).map(|i| format!("id-{i:04}")).collect();
    // First call (500 ids): one refused, one missing from the answer, the rest accepted.
    let first: Vec<(&str, &str)> = ids[..500]
        .iter()
        .filter(|id| *id != "id-0002")
        .map(|id| {
            let event = if id == "id-0001" {
                "Transaction Erase Request - Transaction Not Found"
            } else {
                "Transaction Erase Request - Accepted"
            };
            (id.as_str(), event)
        })
        .collect();
    fake.send(200, &answer(&first));
    // Second call: a 503 that may have been acted on. A third is never sent.
    fake.send(503, r#"{"message":"down"}"#);
    let mut args = vec!["erase", "onespan"];
    args.extend(ids.iter().map(String::as_str));
    args.extend(["--grace-period-days", "7", "--yes", "--json"]);
    let output = onespan_command(&fake, &args).output().unwrap();
    assert_eq!(code(&output), Some(1), "{}", stderr(&output));
    assert_eq!(fake.requests(), 2);
    let received = fake.received.lock().unwrap().clone();
    assert!(
        received[0]
            .0
            .starts_with("POST /api/transaction/mark-for-erasure "),
        "{received:?}"
    );
    let body: Value = serde_json::from_str(&received[0].1).unwrap();
    assert_eq!(body["grace_period"], 7);
    assert_eq!(body["transaction_ids"].as_array().unwrap().len(), 500);

    let records = json_lines(&output);
    assert_eq!(records.len(), 1001);
    let outcome = |i: usize| records[i]["outcome"].as_str().unwrap().to_owned();
    assert_eq!(outcome(0), "accepted");
    assert_eq!(outcome(1), "refused");
    assert_eq!(outcome(2), "not_in_answer");
    assert_eq!(records[2]["unfinished"], true);
    assert_eq!(outcome(500), "failed");
    assert_eq!(records[500]["may_have_been_sent"], true);
    assert!(records[500]["error"].as_str().unwrap().contains("503"));
    assert_eq!(outcome(999), "failed");
    assert_eq!(outcome(1000), "not_attempted");
    assert_eq!(records[1000]["may_have_been_sent"], false);
    for (i, record) in records.iter().enumerate() {
        assert_eq!(record["id"], ids[i].as_str());
    }
    assert!(
        !stderr(&output).contains("onespan-token-secret"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn erase_unmark_sends_the_ids_without_a_grace_period() {
    let fake = Fake::start();
    fake.send(
        200,
        r#"{"transactions":[{"transaction_id":"a","unmarking_event":"Transaction Recovery - Accepted"}]}"#,
    );
    let output = onespan_command(&fake, &["erase", "onespan", "a", "--undo", "--yes"])
        .output()
        .unwrap();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "a: accepted (Transaction Recovery - Accepted)\n"
    );
    let received = fake.received.lock().unwrap().clone();
    assert!(
        received[0]
            .0
            .starts_with("POST /api/transaction/unmark-for-erasure ")
    );
    let body: Value = serde_json::from_str(&received[0].1).unwrap();
    assert_eq!(body, json!({"transaction_ids": ["a"]}));
}

#[test]
fn erase_refused_credentials_exit_5_after_a_failed_record_per_id() {
    let fake = Fake::start();
    fake.send(401, r#"{"message":"Unauthorized"}"#);
    let output = onespan_command(
        &fake,
        &[
            "erase",
            "onespan",
            "a",
            "b",
            "--grace-period-days",
            "3",
            "--yes",
        ],
    )
    .output()
    .unwrap();
    assert_eq!(code(&output), Some(5), "{}", stderr(&output));
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(
        text.starts_with("a: failed (may have reached the provider: "),
        "{text}"
    );
    assert!(!stderr(&output).contains("onespan-token-secret"));
}

#[test]
fn erase_that_cannot_connect_says_nothing_was_sent() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let output = command(&[
        "erase",
        "onespan",
        "a",
        "--grace-period-days",
        "3",
        "--yes",
        "--json",
    ])
    .env("ONESPAN_TOKEN", "onespan-token-secret")
    .env("ONESPAN_BASE_URL", &url)
    .output()
    .unwrap();
    assert_eq!(code(&output), Some(1), "{}", stderr(&output));
    let records = json_lines(&output);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["outcome"], "failed");
    assert_eq!(records[0]["may_have_been_sent"], false);
}

#[test]
fn erase_whose_reader_went_away_stops_quietly_and_sends_no_more() {
    let fake = Fake::start();
    let ids: Vec<String> = (0..501).map(|i| format!("id-{i:04}")).collect();
    let accepted: Vec<(&str, &str)> = ids[..500]
        .iter()
        .map(|id| (id.as_str(), "Transaction Erase Request - Accepted"))
        .collect();
    fake.send(200, &answer(&accepted));
    fake.send(
        200,
        &answer(&[("id-0500", "Transaction Erase Request - Accepted")]),
    );
    let mut args = vec!["erase", "onespan"];
    args.extend(ids.iter().map(String::as_str));
    args.extend(["--grace-period-days", "7", "--yes"]);
    let mut child = onespan_command(&fake, &args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    assert!(output.stderr.is_empty(), "{}", stderr(&output));
    assert_eq!(fake.requests(), 1, "the second batch was not sent");
}
