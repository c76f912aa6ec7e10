//! Persona's lifecycle commands (issue 16): `list persona`, `events persona` and
//! `erase persona`, against the sandbox and a fake for failures.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use std::{
    io::{BufRead, BufReader},
    process::Stdio,
};

use support::*;
use txstatus_sandbox::{ids, persona_ids};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_follows_pages_newest_first_until_the_limit_masking_everyone() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let output = txstatus(
        &sandbox,
        &[
            "list",
            "persona",
            "--page-size",
            "7",
            "--limit",
            "25",
            "--json",
        ],
    );
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    assert_no_personal_data(&output);
    let records = json_lines(&output);
    assert_eq!(records.len(), 25);
    for (index, record) in records.iter().enumerate() {
        assert_eq!(record["schema"], "txstatus.list/1");
        assert_eq!(record["provider"], "persona");
        assert_eq!(record["id"], persona_ids::generated_id(index).as_str());
        assert!(record["status"]["normalized"].is_string());
        assert_eq!(record["transaction"]["id"], record["id"]);
    }
    let reads = sandbox.stats().total_requests();
    assert_eq!(reads, 4, "25 records at 7 per page is 4 pages, no more");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_filters_by_reference_id_to_the_end() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let output = txstatus(
        &sandbox,
        &[
            "list",
            "persona",
            "--reference-id",
            "sbx-ref-03",
            "--page-size",
            "3",
        ],
    );
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let expected = persona_ids::GENERATED / persona_ids::REFERENCE_IDS;
    assert_eq!(text.lines().count(), expected, "{text}");
    assert!(
        text.lines().all(|line| line.starts_with("txn_sbxgen")),
        "{text}"
    );
    assert_no_personal_data(&output);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_whose_reader_went_away_stops_quietly_with_0() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let mut child = sandboxed(&sandbox, &["list", "persona", "--page-size", "5"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    assert!(first.starts_with("txn_sbxgen0000"), "{first}");
    drop(reader);
    let output = child.wait_with_output().unwrap();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    assert!(output.stderr.is_empty(), "{}", stderr(&output));
}

#[test]
fn list_that_fails_midway_exits_1_after_the_records_printed() {
    let fake = Fake::start();
    fake.send(
        200,
        r#"{"data":[{"type":"transaction","id":"txn_1","attributes":{"status":"approved"}}],
            "links":{"next":"/api/v1/transactions?page%5Bafter%5D=txn_1"}}"#,
    );
    fake.send(500, r#"{"errors":[{"title":"down"}]}"#);
    fake.send(500, r#"{"errors":[{"title":"down"}]}"#);
    fake.send(500, r#"{"errors":[{"title":"down"}]}"#);
    fake.send(500, r#"{"errors":[{"title":"down"}]}"#);
    let output = persona_command(&fake, &["list", "persona", "--json"])
        .output()
        .unwrap();
    assert_eq!(code(&output), Some(1), "{}", stderr(&output));
    let records = json_lines(&output);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["id"], "txn_1");
    assert_eq!(records[0]["status"]["normalized"], "succeeded");
    assert!(
        stderr(&output).contains("incomplete"),
        "{}",
        stderr(&output)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_of_one_transaction_are_listed_and_masked() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let output = txstatus(
        &sandbox,
        &[
            "events",
            "persona",
            "--transaction",
            ids::persona::APPROVED,
            "--json",
        ],
    );
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    assert_no_personal_data(&output);
    let records = json_lines(&output);
    assert!(!records.is_empty(), "{}", stdout(&output));
    for record in &records {
        assert_eq!(record["schema"], "txstatus.event/1");
        assert_eq!(record["provider"], "persona");
        assert!(record["id"].as_str().unwrap().starts_with("evt_"));
        assert_eq!(record["transaction_id"], ids::persona::APPROVED);
    }
    let named = txstatus(
        &sandbox,
        &[
            "events",
            "persona",
            "--name",
            "transaction.created",
            "--limit",
            "2",
        ],
    );
    assert_eq!(code(&named), Some(0), "{}", stderr(&named));
    let text = stdout(&named);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(
        text.lines()
            .all(|line| line.starts_with("evt_") && line.contains(": transaction.created ")),
        "{text}"
    );
    assert_no_personal_data(&named);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn erase_redacts_each_id_once_and_refuses_unknown_ones() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let output = txstatus(
        &sandbox,
        &[
            "erase",
            "persona",
            ids::persona::COMPLETED,
            ids::persona::NOT_FOUND,
            ids::persona::COMPLETED,
            "--yes",
            "--json",
        ],
    );
    assert_eq!(code(&output), Some(1), "{}", stderr(&output));
    assert_no_personal_data(&output);
    let records = json_lines(&output);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["schema"], "txstatus.erase/1");
    assert_eq!(records[0]["action"], "redact");
    assert_eq!(records[0]["outcome"], "accepted");
    assert_eq!(records[1]["outcome"], "refused");
    assert_eq!(records[1]["unfinished"], false);
}

#[test]
fn erase_stops_sending_after_a_failed_call() {
    let fake = Fake::start();
    fake.send(401, r#"{"errors":[{"title":"Unauthorized"}]}"#);
    let output = persona_command(&fake, &["erase", "persona", "a", "b", "--yes", "--json"])
        .output()
        .unwrap();
    assert_eq!(code(&output), Some(5), "{}", stderr(&output));
    let records = json_lines(&output);
    assert_eq!(records[0]["outcome"], "failed");
    assert_eq!(records[1]["outcome"], "not_attempted");
    assert_eq!(records[1]["may_have_been_sent"], false);
    assert_eq!(fake.requests(), 1);
    assert!(!stderr(&output).contains("persona-key-secret"));
}

#[test]
fn list_stops_with_1_when_persona_repeats_a_cursor_and_never_follows_another_host() {
    let fake = Fake::start();
    let page = |id: &str| {
        format!(
            r#"{{"data":[{{"type":"transaction","id":"{id}","attributes":{{"status":"pending"}}}}],
                "links":{{"next":"https://elsewhere.example/api/v1/transactions?page%5Bafter%5D=cur_1"}}}}"#
        )
    };
    fake.send(200, &page("txn_1"));
    fake.send(200, &page("txn_2"));
    let output = persona_command(&fake, &["list", "persona"])
        .output()
        .unwrap();
    assert_eq!(code(&output), Some(1), "{}", stderr(&output));
    assert_eq!(stdout(&output).lines().count(), 2, "{}", stdout(&output));
    assert_eq!(fake.requests(), 2, "both pages came from the base URL");
    let received = fake.received.lock().unwrap().clone();
    assert!(
        received[1].0.contains("page%5Bafter%5D=cur_1")
            || received[1].0.contains("page[after]=cur_1"),
        "{received:?}"
    );
}
