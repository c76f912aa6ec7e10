//! The CLI contract (docs/CLI.md), row by row, by running the binary: exit codes,
//! output rules per kind of command, closed and broken stdout, reserved verbs,
//! help, completions, colours, escaping.
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
use txstatus_sandbox::ids;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_stdout_is_a_usage_error_before_anything_is_sent() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let dir = temp_dir("closed-stdout");
    let save = dir.to_str().unwrap();
    let cases: Vec<Vec<&str>> = vec![
        vec!["get", "persona", ids::persona::APPROVED],
        vec!["get", "persona", ids::persona::APPROVED, "--json"],
        vec![
            "get",
            "cm-idin",
            ids::idin::IDENTITY_ONCE,
            "--merchant-reference",
            ids::idin::MERCHANT_REFERENCE,
            "--show-personal-data",
            "--save-dir",
            save,
        ],
        vec!["watch", "persona", "sbx-progress", "--interval", "10ms"],
        vec!["completions", "bash"],
        vec!["demo"],
        vec!["get", "onespan", ids::onespan::COMPLETED, "--outcome"],
        vec![
            "erase",
            "onespan",
            ids::onespan::COMPLETED,
            "--grace-period-days",
            "0",
            "--yes",
        ],
    ];
    for args in cases {
        let output = with_stdout_closed(&sandboxed(&sandbox, &args));
        assert_eq!(code(&output), Some(2), "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).contains("standard output is closed"));
    }
    assert_eq!(sandbox.stats().total_requests(), 0, "nothing was sent");
    assert!(
        std::fs::read_dir(&dir).unwrap().next().is_none(),
        "no file left"
    );
    // The identity is still there for a run with a stdout.
    let output = txstatus(
        &sandbox,
        &[
            "get",
            "cm-idin",
            ids::idin::IDENTITY_ONCE,
            "--merchant-reference",
            ids::idin::MERCHANT_REFERENCE,
            "--save-dir",
            save,
        ],
    );
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_that_goes_away_stops_a_stream_quietly_with_0() {
    // `watch`: the fake answers the second read only after the reader is gone.
    let fake = Fake::start();
    fake.send(
        200,
        r#"{"data":{"type":"transaction","id":"t1","attributes":{"status":"created"}}}"#,
    );
    let mut child = persona_command(&fake, &["watch", "persona", "t1", "--interval", "10ms"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    assert!(first.contains("t1"), "{first}");
    drop(reader);
    fake.send(
        200,
        r#"{"data":{"type":"transaction","id":"t1","attributes":{"status":"pending"}}}"#,
    );
    let output = child.wait_with_output().unwrap();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    assert!(!stderr(&output).contains("panicked"));
    assert!(stderr(&output).is_empty(), "quietly: {}", stderr(&output));

    // `demo | head -1`.
    let mut child = command(&["demo"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    drop(reader);
    let output = child.wait_with_output().unwrap();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    assert!(!stderr(&output).contains("panicked"));
}

#[test]
fn a_single_result_whose_reader_is_gone_is_a_failure() {
    let fake = Fake::start();
    let mut child = persona_command(&fake, &["get", "persona", "t1", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    fake.send(
        200,
        r#"{"data":{"type":"transaction","id":"t1","attributes":{"status":"approved"}}}"#,
    );
    let output = child.wait_with_output().unwrap();
    assert_eq!(code(&output), Some(1), "{}", stderr(&output));
    assert!(!stderr(&output).contains("panicked"));
    let error = json_error(&output);
    assert_eq!(error["kind"], "failed");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("standard output")
    );
}

#[test]
fn checked_flags_and_missing_prerequisites_answer_usage_with_nothing_sent() {
    let fake = Fake::start();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["list", "persona", "--page-size", "101"], "101"),
        (vec!["list", "onespan"], "applies to persona"),
        (
            vec!["events", "persona", "--transaction", "..", "--name", "a,b"],
            "invalid transaction id",
        ),
        (vec!["events", "persona", "--name", " , "], "--name"),
        (vec!["events", "cm-idin"], "applies to persona"),
        (vec!["erase", "persona", "a", "b"], "refuses without --yes"),
        (
            vec!["erase", "persona", "a", "--yes", "--undo"],
            "cannot be undone",
        ),
        (
            vec!["erase", "onespan", "a", "--yes"],
            "--grace-period-days",
        ),
        (
            vec!["erase", "onespan", "a", "--grace-period-days", "30"],
            "refuses without --yes",
        ),
        (
            vec!["erase", "onespan", "a", "--undo"],
            "refuses without --yes",
        ),
        (
            vec![
                "erase",
                "onespan",
                "a",
                "--yes",
                "--undo",
                "--grace-period-days",
                "3",
            ],
            "--undo",
        ),
        (
            vec!["erase", "persona", "a", "--yes", "--grace-period-days", "3"],
            "applies to onespan",
        ),
        (
            vec!["erase", "onespan", "a", "..", "--yes", "--undo"],
            "invalid transaction id",
        ),
        (
            vec!["erase", "cm-checkout", "a", "--yes"],
            "applies to persona and onespan",
        ),
        (vec!["erase", "persona"], "required"),
        (
            vec!["listen", "--addr", "127.0.0.1:0", "--providers", "persona"],
            "PERSONA_WEBHOOK_SECRET",
        ),
        (
            vec!["enqueue", "persona", "a", "--interval", "5s"],
            "TXSTATUS_REDIS_URL",
        ),
        (vec!["enqueue", "cm-idin", "a"], "shared queue"),
        (vec!["enqueue", "persona", ".."], "invalid transaction id"),
        (
            vec!["worker", "--concurrency", "4", "--rate-limit", "300/1m"],
            "TXSTATUS_REDIS_URL",
        ),
        (vec!["worker", "--rate-limit", "300"], "N/PERIOD"),
        (vec!["worker", "--concurrency", "0"], "--concurrency"),
        (
            vec!["watch", "persona", "a", "--rate-limit", "0/1s"],
            "N/PERIOD",
        ),
        (
            vec!["get", "onespan", "t", "--outcome", "--save-raw", "/tmp/x"],
            "--save-raw",
        ),
        (
            vec!["get", "persona", "t", "--outcome"],
            "applies to onespan",
        ),
        (
            vec!["get", "cm-idin", "t", "--result", "r"],
            "applies to cm-idscan",
        ),
    ];
    for (args, says) in cases {
        let output = persona_command(&fake, &args).output().unwrap();
        assert_eq!(code(&output), Some(2), "{args:?}: {}", stderr(&output));
        assert!(output.stdout.is_empty(), "{args:?}");
        assert!(
            stderr(&output).contains(says),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    assert_eq!(fake.requests(), 0);
}

#[test]
fn json_usage_errors_are_one_json_document_on_stderr() {
    for args in [
        vec!["get", "persona", "t", "--json"],
        vec!["list", "persona", "--json"],
        vec!["erase", "persona", "t", "--json"],
        vec!["get", "persona", "t", "--json", "--no-such-flag"],
        vec!["get", "nope", "t", "--json"],
    ] {
        let output = bare(&args);
        assert_eq!(code(&output), Some(2));
        assert!(output.stdout.is_empty());
        assert_eq!(stderr(&output).lines().count(), 1, "{}", stderr(&output));
        let error = json_error(&output);
        assert_eq!(error["schema"], "txstatus.error/1");
        assert_eq!(error["exit_code"], 2);
        assert_eq!(error["kind"], "usage");
        assert!(error["message"].is_string());
    }
}

#[test]
fn help_documents_exit_codes_and_environment_and_never_a_secret() {
    let secret = "s3cret-value-from-env";
    for args in [
        vec!["--help"],
        vec!["get", "--help"],
        vec!["watch", "--help"],
        vec!["erase", "--help"],
    ] {
        let output = command(&args)
            .env("PERSONA_API_KEY", secret)
            .env("CM_IDIN_MERCHANT_TOKEN", secret)
            .output()
            .unwrap();
        assert_eq!(code(&output), Some(0));
        let text = stdout(&output);
        assert!(!text.contains(secret));
        for needle in [
            "Exit codes",
            "PERSONA_API_KEY",
            "CM_IDIN_MERCHANT_TOKEN",
            "Examples",
        ] {
            assert!(text.contains(needle), "{args:?}: {needle}");
        }
    }
    let output = bare(&["wach", "persona", "x"]);
    assert_eq!(code(&output), Some(2));
    assert!(
        stderr(&output).contains("'watch'"),
        "a suggestion: {}",
        stderr(&output)
    );
}

#[test]
fn completions_print_a_script_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let output = bare(&["completions", shell]);
        assert_eq!(code(&output), Some(0), "{shell}");
        assert!(stdout(&output).contains("txstatus"), "{shell}");
    }
    assert_eq!(code(&bare(&["completions", "tcsh"])), Some(2));
}

#[test]
fn provider_text_is_escaped_in_human_output_and_json_parses_back() {
    let fake = Fake::start();
    let hostile_status = "approved\u{1b}]52;c;QUFB\u{7}\u{9b}2J\u{202e}";
    let body = serde_json::json!({
        "data": {"type": "transaction", "id": "t1", "attributes": {"status": hostile_status}}
    })
    .to_string();
    fake.send(200, &body);
    // Shown only when asked: a status no docs list may be any text.
    let human = persona_command(&fake, &["get", "persona", "t1", "--show-personal-data"])
        .output()
        .unwrap();
    assert_eq!(code(&human), Some(0), "{}", stderr(&human));
    let text = stdout(&human);
    for bad in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'] {
        assert!(!text.contains(bad), "{bad:?} printed raw: {text:?}");
    }
    assert!(text.contains("\\u{1b}"), "{text}");
    assert!(
        !text.contains("\\u000a"),
        "the document keeps its lines: {text}"
    );
    fake.send(200, &body);
    let json = persona_command(
        &fake,
        &["get", "persona", "t1", "--json", "--show-personal-data"],
    )
    .output()
    .unwrap();
    let raw = stdout(&json);
    assert!(!raw.contains('\u{9b}') && !raw.contains('\u{1b}'));
    let value = self::json(&json);
    assert_eq!(
        value["status"]["raw"], hostile_status,
        "the value parses back intact"
    );
    fake.send(200, &body);
    let masked = persona_command(&fake, &["get", "persona", "t1", "--json"])
        .output()
        .unwrap();
    assert_eq!(self::json(&masked)["status"]["raw"], "[redacted]");
    // An error message from the provider reaches stderr escaped too.
    fake.send(
        404,
        r#"{"errors":[{"title":"gone\u001b[2J\u0007","details":"x"}]}"#,
    );
    let error = persona_command(&fake, &["get", "persona", "t1"])
        .output()
        .unwrap();
    assert_eq!(code(&error), Some(1));
    assert!(!stderr(&error).contains('\u{1b}'), "{:?}", stderr(&error));
}

#[test]
fn no_colour_off_a_terminal_or_with_no_color() {
    let fake = Fake::start();
    for no_color in [None, Some("1")] {
        fake.send(
            200,
            r#"{"data":{"type":"transaction","id":"t1","attributes":{"status":"approved"}}}"#,
        );
        let mut command = persona_command(&fake, &["get", "persona", "t1"]);
        if let Some(value) = no_color {
            command.env("NO_COLOR", value);
        }
        let output = command.output().unwrap();
        assert_eq!(code(&output), Some(0));
        assert!(!stdout(&output).contains('\u{1b}'));
        assert!(stdout(&output).contains("succeeded"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verbose_traces_requests_without_secrets_or_queries() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let output = txstatus(
        &sandbox,
        &[
            "-v",
            "get",
            "persona",
            ids::persona::APPROVED,
            "--include",
            "account",
        ],
    );
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("trace"), "{err}");
    assert!(err.contains("persona"));
    for (_, value) in sandbox_env(&sandbox) {
        if !value.starts_with("http") {
            assert!(!err.contains(&value), "a credential in the trace: {err}");
        }
    }
    assert!(!err.contains("include"), "no query string: {err}");
    let quiet = txstatus(&sandbox, &["get", "persona", ids::persona::APPROVED]);
    assert!(!stderr(&quiet).contains("trace"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idscan_results_are_read_and_masked() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let first = txstatus(&sandbox, &["get", "cm-idscan", ids::idscan::COMPLETED]);
    assert_eq!(code(&first), Some(0), "{}", stderr(&first));
    let output = txstatus(
        &sandbox,
        &[
            "get",
            "cm-idscan",
            ids::idscan::COMPLETED,
            "--result",
            ids::idscan::RESULT_ID,
            "--json",
        ],
    );
    let value = json(&output);
    assert_eq!(value["schema"], "txstatus.result/1");
    assert_eq!(value["result_id"], ids::idscan::RESULT_ID);
    assert!(value["result"].is_object());
    assert_no_personal_data(&output);
    let missing = txstatus(
        &sandbox,
        &[
            "get",
            "cm-idscan",
            ids::idscan::COMPLETED,
            "--result",
            "nope",
        ],
    );
    assert_eq!(code(&missing), Some(1));
    assert!(missing.stdout.is_empty());
}

#[test]
fn sandbox_prints_its_variables_then_serves_until_interrupted() {
    let mut child = command(&["sandbox"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (lines, received) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if lines.send(line.unwrap()).is_err() {
                return;
            }
        }
    });
    let mut names = Vec::new();
    while !["PERSONA_API_KEY", "PERSONA_BASE_URL"]
        .iter()
        .all(|needed| names.iter().any(|n| n == needed))
    {
        // A guard against a hang, not a timing assertion.
        let line = received
            .recv_timeout(std::time::Duration::from_secs(120))
            .expect("the variables are printed");
        let (name, _) = line.split_once('=').expect("NAME=value");
        names.push(name.to_owned());
    }
    let status = crate::support::kill("INT", child.id());
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
}

#[test]
fn a_broken_stderr_never_turns_a_failure_into_a_panic() {
    let fake = Fake::start();
    let mut child = persona_command(&fake, &["get", "persona", "t1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    fake.send(404, r#"{"errors":[{"title":"Record not found"}]}"#);
    let output = child.wait_with_output().unwrap();
    assert_eq!(code(&output), Some(1));
    assert!(output.stdout.is_empty());
}
