//! End-to-end: the `txstatus` binary against the sandbox, every provider.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use support::*;
use txstatus_sandbox::ids;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_json_reports_each_provider_field_by_field() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let cases: &[(&[&str], &str, &str, &str)] = &[
        (
            &["get", "persona", ids::persona::APPROVED, "--json"],
            "approved",
            "succeeded",
            "persona",
        ),
        (
            &["get", "cm-idscan", ids::idscan::EXPIRED, "--json"],
            "expired",
            "expired",
            "cm-idscan",
        ),
        (
            &["get", "cm-checkout", ids::checkout::FAILURE, "--json"],
            "FAILURE",
            "failed",
            "cm-checkout",
        ),
        (
            &["get", "onespan", ids::onespan::CANCELLED, "--json"],
            "cancelled",
            "cancelled",
            "onespan",
        ),
    ];
    for (args, raw, normalized, provider) in cases {
        let output = txstatus(&sandbox, args);
        let value = json(&output);
        assert_eq!(value["schema"], "txstatus.report/1");
        assert_eq!(value["attempts"], 1);
        assert_eq!(value["earlier_attempt_may_have_reached_server"], false);
        assert_eq!(value["provider"], *provider);
        assert_eq!(value["id"], args[2]);
        assert_eq!(value["status"]["raw"], *raw);
        assert_eq!(value["status"]["normalized"], *normalized);
        assert_eq!(value["status"]["terminal"], true);
        assert!(value["created_at"].is_string(), "{provider}: {value}");
        assert!(value.get("updated_at").is_some());
        assert!(value["notice"].is_null());
        assert!(value["transaction"].is_object());
        assert_no_personal_data(&output);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn personal_data_is_shown_only_when_asked() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    for provider in ["persona", "cm-checkout", "onespan"] {
        let redacted = txstatus(&sandbox, &["get", provider, "sbx-progress", "--json"]);
        assert_eq!(redacted.status.code(), Some(0), "{}", stderr(&redacted));
        assert_no_personal_data(&redacted);
        let shown = txstatus(
            &sandbox,
            &[
                "get",
                provider,
                "sbx-progress",
                "--json",
                "--show-personal-data",
            ],
        );
        assert!(
            stdout(&shown).contains("Jane"),
            "{provider}: {}",
            stdout(&shown)
        );
    }
    let summary = txstatus(&sandbox, &["get", "persona", "sbx-progress"]);
    assert_eq!(summary.status.code(), Some(0));
    assert!(stdout(&summary).contains("[redacted]"));
    assert_no_personal_data(&summary);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idin_identity_is_saved_raw_before_printing_and_redacted_on_stdout() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let path = temp_path("idin.json");
    let output = txstatus(
        &sandbox,
        &[
            "get",
            "cm-idin",
            ids::idin::IDENTITY_ONCE,
            "--merchant-reference",
            ids::idin::MERCHANT_REFERENCE,
            "--save-raw",
            path.to_str().unwrap(),
            "--json",
        ],
    );
    let value = json(&output);
    assert_eq!(value["status"]["normalized"], "succeeded");
    assert!(value["created_at"].is_null() && value["updated_at"].is_null());
    assert_no_personal_data(&output);
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(
        saved.contains("Sandboxstraat"),
        "the identity is in the saved body"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    // The second read carries the notice and no identity.
    let again = txstatus(
        &sandbox,
        &[
            "get",
            "cm-idin",
            ids::idin::IDENTITY_ONCE,
            "--merchant-reference",
            ids::idin::MERCHANT_REFERENCE,
            "--show-personal-data",
            "--json",
        ],
    );
    let value = json(&again);
    assert!(value["notice"].is_string(), "{value}");
    let _ = std::fs::remove_file(&path);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_errors_exit_2_with_empty_stdout_and_no_request() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let existing = temp_path("exists");
    std::fs::write(&existing, "keep me").unwrap();
    let cases: Vec<Vec<&str>> = vec![
        vec!["get", "persona", ".."],
        vec!["get", "persona", "sbx-progress", "--with-verifications"],
        vec!["get", "onespan", "sbx-progress", "--include", "account"],
        vec![
            "get",
            "persona",
            "sbx-progress",
            "--merchant-reference",
            "x",
        ],
        vec![
            "get",
            "cm-idin",
            "sbx-progress",
            "--merchant-reference",
            "x",
            "--save-dir",
            "/nonexistent/dir",
        ],
        vec!["get", "cm-idin", "sbx-progress", "--show-personal-data"],
        vec!["get", "persona", "sbx-progress", "--save-dir", "/tmp"],
        vec!["get", "persona", "sbx-progress", "--result", "r"],
        vec!["get", "persona", "sbx-progress", "--outcome"],
        vec![
            "erase",
            "onespan",
            "sbx-progress",
            "--grace-period-days",
            "0",
        ],
        vec!["erase", "onespan", "sbx-progress", "--undo"],
        vec!["watch", "persona", "sbx-progress", "--rate-limit", "10/0ms"],
        vec![
            "get",
            "persona",
            "sbx-progress",
            "--save-raw",
            existing.to_str().unwrap(),
        ],
        vec!["get", "nope", "sbx-progress"],
        vec!["watch", "persona", "sbx-progress", "--interval", "2 days"],
        vec![
            "get",
            "persona",
            "sbx-progress",
            "--base-url",
            "http://api.example.com",
        ],
    ];
    for args in cases {
        let output = txstatus(&sandbox, &args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(output.stdout.is_empty(), "{args:?}");
    }
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "keep me");
    assert_eq!(sandbox.stats().total_requests(), 0, "no request was sent");
    let _ = std::fs::remove_file(&existing);
}

#[test]
fn missing_credentials_name_the_variable() {
    let cases: &[(&[&str], &str)] = &[
        (&["get", "persona", "x"], "PERSONA_API_KEY"),
        (&["get", "cm-idscan", "x"], "CM_IDSCAN_KEY_ID"),
        (
            &[
                "get",
                "cm-idin",
                "x",
                "--merchant-reference",
                "r",
                "--show-personal-data",
            ],
            "CM_IDIN_MERCHANT_TOKEN",
        ),
        (&["get", "cm-checkout", "x"], "CM_CHECKOUT_CLIENT_ID"),
        (
            &[
                "get",
                "onespan",
                "x",
                "--base-url",
                "https://tenant.example.com",
            ],
            "ONESPAN_TOKEN",
        ),
    ];
    for (args, variable) in cases {
        let output = bare(args);
        assert_eq!(output.status.code(), Some(2));
        assert!(stderr(&output).contains(variable), "{}", stderr(&output));
        assert!(output.stdout.is_empty());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_errors_exit_1_with_one_line_naming_provider_and_status() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let path = temp_path("error.json");
    for provider in ["persona", "cm-idscan", "cm-checkout", "onespan"] {
        let _ = std::fs::remove_file(&path);
        let output = txstatus(
            &sandbox,
            &[
                "get",
                provider,
                ids::persona::NOT_FOUND,
                "--save-raw",
                path.to_str().unwrap(),
            ],
        );
        assert_eq!(output.status.code(), Some(1), "{provider}");
        assert!(output.stdout.is_empty());
        let err = stderr(&output);
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains(provider) && err.contains("404"), "{err}");
        assert!(
            !std::fs::read(&path).unwrap().is_empty(),
            "the error body was saved"
        );
    }
    let _ = std::fs::remove_file(&path);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_credentials_exit_5_without_echoing_them() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let cases: &[(&str, &str)] = &[
        ("persona", "PERSONA_API_KEY"),
        ("cm-idscan", "CM_IDSCAN_SECRET"),
        ("onespan", "ONESPAN_TOKEN"),
    ];
    for (provider, variable) in cases {
        for (verb, json) in [("get", false), ("get", true), ("watch", true)] {
            let mut command = sandboxed(&sandbox, &[verb, provider, "sbx-progress"]);
            if json {
                command.arg("--json");
            }
            command.env(variable, "wrong-credential-value");
            let output = command.output().unwrap();
            assert_eq!(code(&output), Some(5), "{provider}: {}", stderr(&output));
            assert!(output.stdout.is_empty());
            assert!(!stderr(&output).contains("wrong-credential-value"));
            if json {
                let error = json_error(&output);
                assert_eq!(error["schema"], "txstatus.error/1");
                assert_eq!(error["exit_code"], 5);
                assert_eq!(error["kind"], "auth_refused");
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_follows_each_provider_to_its_final_state() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let raw = temp_path("watch-idin.json");
    let cases: Vec<Vec<&str>> = vec![
        vec![
            "watch",
            "persona",
            "sbx-progress",
            "--interval",
            "10ms",
            "--json",
        ],
        vec![
            "watch",
            "cm-idscan",
            "sbx-progress",
            "--interval",
            "10ms",
            "--json",
        ],
        vec![
            "watch",
            "cm-checkout",
            "sbx-progress",
            "--interval",
            "10ms",
            "--json",
        ],
        vec![
            "watch",
            "onespan",
            "sbx-progress",
            "--interval",
            "10ms",
            "--json",
            "--with-verifications",
        ],
        vec![
            "watch",
            "cm-idin",
            "sbx-progress",
            "--merchant-reference",
            ids::idin::MERCHANT_REFERENCE,
            "--save-raw",
            raw.to_str().unwrap(),
            "--interval",
            "10ms",
            "--json",
        ],
        vec![
            "watch",
            "persona",
            "sbx-rate-limited",
            "--interval",
            "10ms",
            "--json",
        ],
        vec![
            "watch",
            "onespan",
            "sbx-unavailable",
            "--interval",
            "10ms",
            "--json",
        ],
    ];
    for args in cases {
        let output = txstatus(&sandbox, &args);
        assert_eq!(code(&output), Some(0), "{args:?}: {}", stderr(&output));
        let records = json_lines(&output);
        assert!(!records.is_empty(), "{args:?}");
        for (n, record) in records.iter().enumerate() {
            assert_eq!(record["schema"], "txstatus.watch/1");
            assert_eq!(record["last"], n + 1 == records.len(), "{args:?}");
        }
        let last = records.last().unwrap();
        assert_eq!(last["status"]["terminal"], true, "{args:?}");
        assert_no_personal_data(&output);
    }
    assert!(
        std::fs::read_to_string(&raw)
            .unwrap()
            .contains("Sandboxstraat")
    );
    let _ = std::fs::remove_file(&raw);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_times_out_with_exit_4_after_truthful_records() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    for json in [false, true] {
        let mut args = vec![
            "watch",
            "cm-checkout",
            "sbx-stuck",
            "--interval",
            "50ms",
            "--timeout",
            "300ms",
        ];
        if json {
            args.push("--json");
        }
        let output = txstatus(&sandbox, &args);
        assert_eq!(code(&output), Some(4), "{}", stderr(&output));
        if json {
            let records = json_lines(&output);
            assert_eq!(records.len(), 1, "one record: the status never changed");
            assert_eq!(records[0]["last"], false, "no record claims to be the last");
            assert_eq!(records[0]["status"]["terminal"], false);
            assert_eq!(json_error(&output)["kind"], "timeout");
        } else {
            assert!(stderr(&output).contains("timed out"));
            assert!(!stdout(&output).contains("final"));
        }
    }
}

#[test]
fn demo_streams_one_record_per_line_with_no_credentials() {
    let output = bare(&["demo"]);
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    for line in text.lines() {
        assert!(
            line.starts_with("read  ") || line.starts_with("final ") || line.starts_with("push  "),
            "every line is a record: {line}"
        );
    }
    // The push path: the sandbox's webhooks, each transition once, ending final.
    let pushed: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("push  persona "))
        .collect();
    assert!(!pushed.is_empty(), "{text}");
    assert!(pushed.last().unwrap().contains(": succeeded ("), "{text}");
    let mut unique = pushed.clone();
    unique.dedup();
    assert_eq!(unique, pushed, "no transition twice");
    for provider in ["persona", "cm-idscan", "cm-idin", "cm-checkout", "onespan"] {
        assert!(
            text.lines()
                .any(|l| l.starts_with(&format!("final {provider} "))),
            "{provider}: {text}"
        );
    }
    assert!(stderr(&output).contains("sandbox listening"));
    assert_no_personal_data(&output);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_watch_that_fails_exits_1_after_the_records_it_could_stand_behind() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    for provider in ["persona", "cm-checkout"] {
        let output = txstatus(
            &sandbox,
            &[
                "watch",
                provider,
                ids::persona::NOT_FOUND,
                "--interval",
                "10ms",
                "--json",
            ],
        );
        assert_eq!(code(&output), Some(1), "{provider}: {}", stderr(&output));
        assert!(json_lines(&output).is_empty(), "no record was read");
        let error = json_error(&output);
        assert_eq!(error["kind"], "failed");
        assert!(error["message"].as_str().unwrap().contains("404"));
    }
}
