//! Seventeenth outside audit: docs/CLI.md's one rule for a document that cannot be
//! rendered as asked, on every command that prints one; provider rejection codes
//! and pointers in every output; `--help` errors under the JSON error rule. Checked
//! from outside on the real binary.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::process::{Command, Stdio};

use crate::support;

use support::*;

/// A JSON object nested `levels` deep around a personal value: past the JSON
/// reader's 128 levels, so a body holding it is written from the typed model.
fn deep(levels: usize) -> String {
    format!(
        "{}\"Jane Deepvalue\"{}",
        r#"{"k":"#.repeat(levels),
        "}".repeat(levels)
    )
}

/// `txstatus` aimed at a fake ID Scan.
fn idscan_command(fake: &Fake, args: &[&str]) -> Command {
    let mut command = command(args);
    command
        .env("CM_IDSCAN_KEY_ID", "idscan-key-id")
        .env("CM_IDSCAN_SECRET", "idscan-secret-0123456789")
        .env("CM_IDSCAN_BASE_URL", &fake.url);
    command
}

/// What a render that fell back says, checked on one run.
fn assert_shown_masked_and_said(output: &std::process::Output, what: &str) {
    assert_eq!(code(output), Some(0), "{what}: {}", stderr(output));
    let said = stderr(output);
    assert!(
        said.contains("could not be rendered as asked") && said.contains("shown masked"),
        "{what}: {said}"
    );
    // And the body, past the JSON reader's depth, is shown as decoded.
    assert!(
        said.contains("nested too deep to be shown as received"),
        "{what}: {said}"
    );
    assert_eq!(said.lines().count(), 2, "{what}: {said}");
    assert!(!stdout(output).contains("Deepvalue"), "{what}");
}

/// docs/CLI.md, `txstatus.result/1` and `txstatus.report/1`: a document that cannot
/// be rendered as asked (`--show-personal-data` of one nested too deep) is shown
/// masked, and stderr says so. `get` did; `get cm-idscan --result` exited 1 with
/// "cannot render the result" and nothing on stdout, withholding a result that was
/// received.
#[test]
fn a_result_too_deep_to_show_as_asked_is_shown_masked_and_said() {
    let id = "c3b92333-3935-4c15-a95e-8eb0051e644b";
    let body = format!(
        r#"{{"id":"{id}","state":"completed","tasks":[{{"type":"document_scan","state":"completed","result":{}}}]}}"#,
        deep(200)
    );
    for extra in [&["--json"][..], &[][..]] {
        let fake = Fake::start();
        fake.send(200, &body);
        let mut args = vec![
            "get",
            "cm-idscan",
            id,
            "--result",
            id,
            "--show-personal-data",
        ];
        args.extend_from_slice(extra);
        let output = idscan_command(&fake, &args).output().unwrap();
        let what = args.join(" ");
        assert_shown_masked_and_said(&output, &what);
        if extra.is_empty() {
            assert!(stdout(&output).contains("\"[redacted]\""), "{what}");
        } else {
            let result = json(&output);
            assert_eq!(
                result["result"]["tasks"][0]["result"], "[redacted]",
                "{result}"
            );
            assert_eq!(result["result"]["tasks"][0]["type"], "document_scan");
        }
    }
    // Asked masked, it renders as asked: only the depth is said.
    let fake = Fake::start();
    fake.send(200, &body);
    let output = idscan_command(&fake, &["get", "cm-idscan", id, "--result", id, "--json"])
        .output()
        .unwrap();
    assert_eq!(json(&output)["result"]["tasks"][0]["result"], "[redacted]");
    assert!(
        !stderr(&output).contains("could not be rendered"),
        "{}",
        stderr(&output)
    );
}

/// The same rule for `get onespan --outcome`: its two outcome documents, shown
/// unmasked, exited 1 ("cannot render the outcome") when one was nested too deep.
#[test]
fn an_outcome_too_deep_to_show_as_asked_is_shown_masked_and_said() {
    let verification = format!(
        r#"{{"vHubTransaction":"v1","verificationResults":[{{"provider":"p","type":"document_id","content":{}}}]}}"#,
        deep(200)
    );
    for extra in [&["--json"][..], &[][..]] {
        let fake = Fake::start();
        fake.send(200, r#"{"id":"tx1","status":"completed"}"#);
        fake.send(
            200,
            r#"{"id":"tx1","result":"Passed","status":"Completed","stages":[]}"#,
        );
        fake.send(200, &verification);
        let mut args = vec!["get", "onespan", "tx1", "--outcome", "--show-personal-data"];
        args.extend_from_slice(extra);
        let output = onespan_command(&fake, &args).output().unwrap();
        let what = args.join(" ");
        assert_shown_masked_and_said(&output, &what);
        if extra.is_empty() {
            assert!(stdout(&output).contains("outcome      passed"), "{what}");
        } else {
            let report = json(&output);
            let outcome = &report["outcome"];
            assert_eq!(outcome["passed"], true, "{report}");
            assert_eq!(
                outcome["verification"]["verificationResults"][0]["content"], "[redacted]",
                "{report}"
            );
            // Only the document that could not be rendered is masked.
            assert_eq!(outcome["report"]["result"], "Passed", "{report}");
        }
    }
}

/// Persona's rejection as a hostile or careless provider may send it: pointers and
/// parameters naming keys the caller sent (an email, a name, a BSN), a code that is
/// a sentence, and a code that is a machine token (the one thing that may show).
const REJECTION: &str = r#"{"errors":[{"title":"Record invalid","code":"Jan Jansen 123456782","source":{"pointer":"/data/attributes/fields/jan.jansen@example.com","parameter":"filter[jansen-123456782]"}},{"title":"t","code":"bsn_123456782","source":{"pointer":"/data/attributes/fields/jansen.123456782"}}]}"#;

/// What no output may carry of [`REJECTION`] (the second entry's code included:
/// only the first entry's code is the error's).
const POINTED: &[&str] = &["jansen", "Jansen", "123456782", "example.com"];

/// The core shows a provider's error code only when it is a plain machine token,
/// and persona-tx's `Rejection::pointers()` hands pointers out as sent. No
/// command shows a pointer, a parameter or a code that is not a token from a
/// Persona rejection, in any output mode, `-v` included; a token code is shown.
#[test]
fn persona_rejection_pointers_parameters_and_codes_reach_no_output() {
    let token = REJECTION.replacen("Jan Jansen 123456782", "invalid_field", 1);
    let commands: [&[&str]; 5] = [
        &["-v", "get", "persona", "txn_1"],
        &["-v", "watch", "persona", "txn_1", "--interval", "10ms"],
        &["-v", "list", "persona"],
        &["-v", "events", "persona"],
        &["-v", "erase", "persona", "txn_1", "--yes"],
    ];
    for args in commands {
        for status in [400, 409, 422] {
            for extra in [&["--json"][..], &[][..]] {
                for (body, shows_code) in [(REJECTION, false), (token.as_str(), true)] {
                    let fake = Fake::start();
                    fake.send(status, body);
                    let mut args = args.to_vec();
                    args.extend_from_slice(extra);
                    let output = persona_command(&fake, &args).output().unwrap();
                    let what = format!("{} ({status})", args.join(" "));
                    assert_eq!(code(&output), Some(1), "{what}: {}", stderr(&output));
                    for text in [stdout(&output), stderr(&output)] {
                        for leak in POINTED {
                            assert!(!text.contains(leak), "{what}: {leak} in {text}");
                        }
                    }
                    assert_eq!(
                        stderr(&output).contains("invalid_field"),
                        shows_code,
                        "{what}: {}",
                        stderr(&output)
                    );
                }
            }
        }
    }
}

/// `erase onespan` records carry OneSpan's event for each id: its code for a
/// refusal. A documented event is shown as written; one OneSpan made up was shown
/// as sent, whatever it held. It is now shown only when a plain machine token
/// (the core's rule for a provider's code), `[redacted]` otherwise.
#[test]
fn an_unknown_erasure_event_is_shown_only_when_a_plain_token() {
    let answer = r#"{"transactions":[
        {"transaction_id":"tx1","marking_event":"Jan Jansen born 1990-01-01","message":"refused"},
        {"transaction_id":"tx2","marking_event":"Erase_Refused.v2","message":"refused"},
        {"transaction_id":"tx3","marking_event":"Transaction Erase Request - Transaction Not Found","message":"This transaction doesn't exist."}
    ]}"#;
    for json in [true, false] {
        let fake = Fake::start();
        fake.send(200, answer);
        let mut args = vec![
            "erase",
            "onespan",
            "tx1",
            "tx2",
            "tx3",
            "--grace-period-days",
            "3",
            "--yes",
        ];
        if json {
            args.push("--json");
        }
        let output = onespan_command(&fake, &args).output().unwrap();
        assert_eq!(code(&output), Some(1), "{}", stderr(&output));
        for text in [stdout(&output), stderr(&output)] {
            assert!(!text.contains("Jansen") && !text.contains("1990"), "{text}");
        }
        let shown = |id: &str| -> String {
            if json {
                let records = json_lines(&output);
                let record = records.iter().find(|r| r["id"] == id).unwrap();
                assert_eq!(record["outcome"], "refused", "{record}");
                record["event"].as_str().unwrap().to_owned()
            } else {
                let text = stdout(&output);
                text.lines()
                    .find(|line| line.starts_with(&format!("{id}: refused (")))
                    .unwrap_or_else(|| panic!("{id} in {text}"))
                    .to_owned()
            }
        };
        if json {
            assert_eq!(shown("tx1"), "[redacted]");
            assert_eq!(shown("tx2"), "Erase_Refused.v2");
            assert_eq!(
                shown("tx3"),
                "Transaction Erase Request - Transaction Not Found"
            );
        } else {
            // OneSpan's words for an id are withheld unless asked for.
            assert_eq!(shown("tx1"), "tx1: refused ([redacted]: [redacted])");
            assert_eq!(shown("tx2"), "tx2: refused (Erase_Refused.v2: [redacted])");
            assert!(shown("tx3").contains("Transaction Erase Request - Transaction Not Found"));
        }
    }
}

/// docs/CLI.md, "Errors": under `--json`, and always for `listen` and `worker`,
/// an error is one `txstatus.error/1` document on stderr, the command line's own
/// refusals included. `--help` to a closed or full stdout was a plain line there.
#[test]
fn help_that_cannot_be_written_follows_the_json_error_rule() {
    for (args, json_asked) in [
        (&["listen", "--help"][..], true),
        (&["worker", "--help"][..], true),
        (&["get", "persona", "t1", "--json", "--help"][..], true),
        (&["get", "--help"][..], false),
    ] {
        let what = args.join(" ");
        let closed = with_stdout_closed(&command(args));
        let written = command(args).stdout(full()).output().unwrap();
        for (output, exit) in [(closed, 2), (written, 1)] {
            assert_eq!(code(&output), Some(exit), "{what}: {}", stderr(&output));
            let text = stderr(&output);
            assert_eq!(text.lines().count(), 1, "{what}: {text}");
            if json_asked {
                let error = json_error(&output);
                assert_eq!(error["schema"], "txstatus.error/1", "{what}");
                assert_eq!(error["exit_code"], exit, "{what}");
            } else {
                assert!(text.starts_with("txstatus: "), "{what}: {text}");
            }
        }
    }
}

/// A writable stdout that takes nothing: every write fails with ENOSPC (not a
/// reader gone, which stops a batch quietly).
fn full() -> Stdio {
    Stdio::from(
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap(),
    )
}

/// docs/CLI.md, "Streaming and batch commands": a non-zero exit means incomplete.
/// `erase` whose record could not be written (a full disk) exited 1 with only
/// "cannot write to standard output": the calls already answered had changed the
/// provider's records, and nothing said which. The error now counts them, and
/// nothing more is sent.
#[test]
fn an_erase_whose_records_cannot_be_written_says_what_was_done() {
    let fake = Fake::start();
    fake.send(
        200,
        r#"{"data":{"type":"transaction","id":"txn_a","attributes":{"status":"redacted"}}}"#,
    );
    let output = persona_command(&fake, &["erase", "persona", "txn_a", "txn_b", "--yes"])
        .stdout(full())
        .output()
        .unwrap();
    assert_eq!(code(&output), Some(1), "{}", stderr(&output));
    let said = stderr(&output);
    assert!(
        said.contains("cannot write to standard output")
            && said.contains("nothing more was sent")
            && said.contains("1 id(s): 1 accepted"),
        "{said}"
    );
    assert_eq!(fake.requests(), 1);

    // OneSpan answers a whole call at once: each of its ids counts.
    let fake = Fake::start();
    fake.send(
        200,
        r#"{"transactions":[
            {"transaction_id":"tx1","marking_event":"Transaction Erase Request - Accepted"},
            {"transaction_id":"tx2","marking_event":"Transaction Erase Request - Transaction Not Found"}
        ]}"#,
    );
    let args = [
        "erase",
        "onespan",
        "tx1",
        "tx2",
        "--grace-period-days",
        "3",
        "--yes",
        "--json",
    ];
    let output = onespan_command(&fake, &args)
        .stdout(full())
        .output()
        .unwrap();
    assert_eq!(code(&output), Some(1), "{}", stderr(&output));
    let error = json_error(&output);
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("2 id(s): 1 accepted, 1 refused, 0 unfinished")
            && message.contains("nothing more was sent"),
        "{message}"
    );
    assert_eq!(stderr(&output).lines().count(), 1, "{}", stderr(&output));
}

/// The same for `enqueue`: the ids it put on the shared schedule before a record
/// could not be written stay there, and the error now says how many.
#[test]
fn an_enqueue_whose_records_cannot_be_written_says_what_was_scheduled() {
    let server = txstatus_redis::test_util::RedisServer::start();
    let output = command(&["enqueue", "persona", "txn_a", "txn_b", "--json"])
        .env("TXSTATUS_REDIS_URL", server.url())
        .stdout(full())
        .output()
        .unwrap();
    assert_eq!(code(&output), Some(1), "{}", stderr(&output));
    let message = json_error(&output)["message"].as_str().unwrap().to_owned();
    assert!(
        message.contains("cannot write to standard output")
            && message.contains("1 id(s) were put on the schedule")
            && message.contains("the ids after it were not"),
        "{message}"
    );
}

/// docs/CLI.md, `txstatus.report/1`: `transaction` is the provider's document with
/// the keys as sent. A body nested past the JSON reader's depth in a member the
/// model does not read (300 levels) was shown as the client decoded it, that member
/// silently left out, exit 0: the output looked whole. It is still shown that way,
/// and stderr now says so, for `get` and `get --result` alike.
#[test]
fn a_body_too_deep_to_show_as_received_says_what_is_left_out() {
    let id = "c3b92333-3935-4c15-a95e-8eb0051e644b";
    let details = format!(
        r#"{{"id":"{id}","state":"completed","zz_later":{}}}"#,
        deep(300)
    );
    let result = format!(
        r#"{{"id":"{id}","state":"completed","tasks":[],"zz_later":{}}}"#,
        deep(300)
    );
    for (args, body) in [
        (vec!["get", "cm-idscan", id, "--json"], &details),
        (vec!["get", "cm-idscan", id], &details),
        (
            vec!["get", "cm-idscan", id, "--result", id, "--json"],
            &result,
        ),
        (
            vec![
                "get",
                "cm-idscan",
                id,
                "--result",
                id,
                "--show-personal-data",
            ],
            &result,
        ),
    ] {
        let fake = Fake::start();
        fake.send(200, body);
        let output = idscan_command(&fake, &args).output().unwrap();
        let what = args.join(" ");
        assert_eq!(code(&output), Some(0), "{what}: {}", stderr(&output));
        assert!(!stdout(&output).contains("zz_later"), "{what}");
        let said = stderr(&output);
        assert!(
            said.contains("nested too deep to be shown as received")
                && said.contains("members the client does not read left out"),
            "{what}: {said}"
        );
        assert_eq!(said.lines().count(), 1, "{what}: {said}");
    }
    // A body the reader takes whole says nothing.
    let fake = Fake::start();
    fake.send(200, &details.replace(&deep(300), &deep(20)));
    let output = idscan_command(&fake, &["get", "cm-idscan", id, "--json"])
        .output()
        .unwrap();
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
}
