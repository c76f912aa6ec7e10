//! docs/CLI.md's promises about stopping `get` and
//! `watch`, checked from outside with a signal, as a user's Ctrl-C (or
//! `timeout`'s SIGTERM) sends it.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::{
    io::{BufRead, BufReader, Read},
    path::Path,
    process::{Child, Command, Output, Stdio},
    time::{Duration, Instant},
};

use crate::support;

use support::*;

const PENDING: &str =
    r#"{"data":{"type":"transaction","id":"t1","attributes":{"status":"pending"}}}"#;

fn spawn(mut command: Command) -> Child {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn signal(child: &Child, name: &str) {
    let sent = crate::support::kill(name, child.id());
    assert!(sent.success());
}

/// Waits (without asserting any speed) until the fake provider has `n` requests.
fn wait_for_requests(fake: &Fake, n: usize) {
    let started = Instant::now();
    while fake.requests() < n {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the request never came"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The child's whole output, `first` (lines already read from stdout) put back.
fn finish(mut child: Child, first: &str) -> Output {
    let mut rest = String::new();
    if let Some(mut out) = child.stdout.take() {
        out.read_to_string(&mut rest).unwrap();
    }
    let mut output = child.wait_with_output().unwrap();
    output.stdout = format!("{first}{rest}").into_bytes();
    output
}

fn files_in(dir: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect()
}

/// docs/CLI.md, "Files": the `--save-raw` file is reserved before the request and
/// keeps the last body; an unwritten reservation is removed, so no empty file is
/// left to look like a saved answer or to refuse the next `--save-raw`. A watch
/// stopped with Ctrl-C (SIGINT) or SIGTERM once died by the signal with the file
/// left empty (0 bytes): the next run with the same `--save-raw` was refused
/// with exit 2. It now keeps the last body it read and exits 1 (incomplete).
#[test]
fn a_watch_stopped_by_a_signal_keeps_the_last_body_and_exits_1() {
    for name in ["INT", "TERM"] {
        let fake = Fake::start();
        let dir = temp_dir(&format!("interrupted-watch-{name}"));
        let file = dir.join("last.json");
        fake.send(200, PENDING);
        let mut child = spawn(persona_command(
            &fake,
            &[
                "watch",
                "persona",
                "t1",
                "--json",
                "--interval",
                "50ms",
                "--save-raw",
                file.to_str().unwrap(),
            ],
        ));
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        reader.read_line(&mut first).unwrap();
        assert!(first.contains("\"pending\""), "{name}: {first}");
        child.stdout = None;
        // The second read waits for an answer that never comes.
        wait_for_requests(&fake, 2);
        signal(&child, name);
        let mut rest = String::new();
        reader.read_to_string(&mut rest).unwrap();
        let output = finish(child, &format!("{first}{rest}"));
        assert_eq!(code(&output), Some(1), "{name}: {}", stderr(&output));
        let error = json_error(&output);
        assert_eq!(error["kind"], "failed", "{name}");
        assert!(
            error["message"].as_str().unwrap().contains("interrupted"),
            "{name}: {error}"
        );
        let records = json_lines(&output);
        assert_eq!(records.len(), 1, "{name}: the records printed stand");
        assert_eq!(records[0]["last"], false, "{name}");
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            PENDING,
            "{name}: the last body is kept, not an empty file"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// docs/CLI.md, "Single-result commands" and "Files": `get` prints nothing on a
/// non-zero exit, and the file reserved for its answer (`--save-raw`, or iDIN's
/// default file) never stays empty. A `get` stopped by a signal while its answer
/// had not come once died with the reserved file left at 0 bytes; it now removes
/// it and exits 1 with nothing on stdout.
#[test]
fn a_get_stopped_by_a_signal_leaves_no_reserved_file_and_no_stdout() {
    // --save-raw, for a provider and for iDIN.
    for name in ["INT", "TERM"] {
        let fake = Fake::start();
        let dir = temp_dir(&format!("interrupted-get-{name}"));
        let file = dir.join("answer.json");
        let child = spawn(persona_command(
            &fake,
            &["get", "persona", "t1", "--save-raw", file.to_str().unwrap()],
        ));
        wait_for_requests(&fake, 1);
        signal(&child, name);
        let output = finish(child, "");
        assert_eq!(code(&output), Some(1), "{name}: {}", stderr(&output));
        assert!(output.stdout.is_empty(), "{name}");
        assert!(
            stderr(&output).starts_with("txstatus: interrupted"),
            "{name}: {}",
            stderr(&output)
        );
        assert!(files_in(&dir).is_empty(), "{name}: {:?}", files_in(&dir));
        let _ = std::fs::remove_dir_all(&dir);
    }
    // iDIN's default file, in --save-dir. Its request went out, so the first signal
    // finishes the read (its answer may hold the identity, handed out once: see
    // idin_interrupted.rs); the second abandons it.
    let fake = Fake::start();
    let dir = temp_dir("interrupted-idin");
    let mut child = spawn(idin_get(&fake, &["--save-dir", dir.to_str().unwrap()]));
    wait_for_requests(&fake, 1);
    signal(&child, "INT");
    let mut errors = BufReader::new(child.stderr.take().unwrap());
    let mut note = String::new();
    errors.read_line(&mut note).unwrap();
    assert!(note.contains("finishing the status read"), "{note}");
    signal(&child, "INT");
    let mut rest = String::new();
    errors.read_to_string(&mut rest).unwrap();
    let output = finish(child, "");
    assert!(rest.contains("abandoned at the second signal"), "{rest}");
    assert_eq!(code(&output), Some(1), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    assert!(files_in(&dir).is_empty(), "{:?}", files_in(&dir));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `sh` with a file-size limit of 0 and SIGXFSZ ignored: every file write fails.
#[cfg(unix)]
fn with_no_file_writes(command: &Command) -> Output {
    let mut shell = Command::new("/bin/sh");
    shell
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 0 && exec \"$0\" \"$@\"")
        .arg(command.get_program())
        .args(command.get_args());
    for (name, value) in command.get_envs() {
        match value {
            Some(value) => shell.env(name, value),
            None => shell.env_remove(name),
        };
    }
    shell.output().unwrap()
}

/// docs/CLI.md, "Files": iDIN's identity goes to a default file when no
/// `--save-raw` is given, and a write that fails is said on stderr, then exit 1.
/// The error of a default file that could not be written once blamed
/// `--save-raw` ("--save-raw: the file asked for could not be written"), a flag
/// the user never gave, on `get` and `watch` alike. It now names the identity file.
#[cfg(unix)]
#[test]
fn a_default_identity_file_that_cannot_be_written_is_not_blamed_on_save_raw() {
    let identity = r#"{"status":"success","transaction_id":"t1","bin":"BIN-0001"}"#;
    for verb in ["get", "watch"] {
        let fake = Fake::start();
        let dir = temp_dir(&format!("identity-unwritable-{verb}"));
        fake.send(200, identity);
        let command = idin_command(
            &fake,
            &[
                verb,
                "cm-idin",
                "t1",
                "--merchant-reference",
                "ref-1",
                "--save-dir",
                dir.to_str().unwrap(),
                "--json",
            ],
        );
        let output = with_no_file_writes(&command);
        assert_eq!(code(&output), Some(1), "{verb}: {}", stderr(&output));
        let message = json_error(&output)["message"].as_str().unwrap().to_owned();
        assert!(!message.contains("--save-raw"), "{verb}: {message}");
        assert!(message.contains("identity file"), "{verb}: {message}");
        assert!(files_in(&dir).is_empty(), "{verb}: {:?}", files_in(&dir));
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// docs/CLI.md, `list` and `events`: "A page that fails ends the command with exit
/// 1 (5 for refused credentials): the records printed stand", and exit 2 means
/// nothing was sent. A later page the client refused to send (Persona's cursor
/// pushing the URL of a long filter past the 65534-byte cap) once ended the list
/// with exit 2, "usage error", after a page had been read and its records printed.
#[test]
fn a_later_page_refused_before_sending_ends_the_list_with_1_not_2() {
    let long = "r".repeat(65_400);
    let cursor = format!("txn_{}", "c".repeat(200));
    let runs: Vec<(Vec<&str>, String)> = vec![
        (
            vec!["list", "persona", "--reference-id", &long, "--json"],
            format!(
                r#"{{"data":[{{"type":"transaction","id":"txn_1","attributes":{{"status":"approved"}}}}],"links":{{"next":"/api/v1/transactions?page%5Bafter%5D={cursor}"}}}}"#
            ),
        ),
        (
            // The page's event has the name filtered on (a page listing another
            // would be refused as not the answer to this listing).
            vec!["events", "persona", "--name", &long, "--json"],
            format!(
                r#"{{"data":[{{"type":"event","id":"evt_1","attributes":{{"name":"{long}"}}}}],"links":{{"next":"/api/v1/events?page%5Bafter%5D={cursor}"}}}}"#
            ),
        ),
    ];
    for (args, page) in runs {
        let what = args[0];
        let fake = Fake::start();
        fake.send(200, &page);
        let output = persona_command(&fake, &args).output().unwrap();
        assert_eq!(code(&output), Some(1), "{what}: {}", stderr(&output));
        assert_eq!(json_lines(&output).len(), 1, "{what}: the record stands");
        let error = json_error(&output);
        assert_eq!(error["kind"], "failed", "{what}: {error}");
        assert!(
            error["message"]
                .as_str()
                .unwrap()
                .contains("1 record(s) printed"),
            "{what}: {error}"
        );
        assert_eq!(fake.requests(), 1, "{what}: the refused page was not sent");
    }
}

/// docs/CLI.md, exit codes: 2 means nothing was sent. `get onespan --outcome`
/// makes three reads; when the later ones' longer paths pushed a long base URL's
/// request past the 65534-byte cap, the client refused them before sending and
/// the command once exited 2 ("usage error") after the transaction had been read.
/// It is now exit 1, with nothing on stdout.
#[test]
fn an_outcome_read_refused_after_the_transaction_was_read_is_exit_1_not_2() {
    let fake = Fake::start();
    // The status read fits; the detailed report's longer path does not.
    let base = format!("{}/{}", fake.url, "p".repeat(65_534 - fake.url.len() - 30));
    fake.send(200, r#"{"id":"t1","status":"completed"}"#);
    let output = onespan_command(&fake, &["get", "onespan", "t1", "--outcome", "--json"])
        .env("ONESPAN_BASE_URL", &base)
        .output()
        .unwrap();
    assert_eq!(code(&output), Some(1), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    assert_eq!(json_error(&output)["kind"], "failed");
    assert_eq!(fake.requests(), 1, "the refused reads were not sent");
}

/// docs/CLI.md, `txstatus.report/1`: "when an earlier one [attempt] may have
/// reached the provider, stderr says so too". `get onespan --outcome` prints the
/// same report, yet once said nothing on stderr when its transaction read was
/// answered on a second attempt after a 500; plain `get` did.
#[test]
fn get_outcome_says_on_stderr_when_an_earlier_attempt_may_have_reached_onespan() {
    for extra in [&[][..], &["--outcome"][..]] {
        let fake = Fake::start();
        fake.send(500, "{}");
        fake.send(200, r#"{"id":"t1","status":"completed"}"#);
        fake.send(200, r#"{"id":"t1","result":"Passed","status":"Completed"}"#);
        fake.send(200, "{}");
        let mut args = vec!["get", "onespan", "t1", "--json"];
        args.extend_from_slice(extra);
        let output = onespan_command(&fake, &args).output().unwrap();
        let what = args.join(" ");
        let report = json(&output);
        assert_eq!(report["attempts"], 2, "{what}");
        assert_eq!(
            report["earlier_attempt_may_have_reached_server"], true,
            "{what}"
        );
        assert!(
            stderr(&output).contains("an earlier attempt may have reached it"),
            "{what}: {}",
            stderr(&output)
        );
    }
}

/// The same for `get cm-idscan --result`, whose `txstatus.result/1` carries
/// `attempts` and `earlier_attempt_may_have_reached_server` like a report.
#[test]
fn get_result_says_on_stderr_when_an_earlier_attempt_may_have_reached_id_scan() {
    let fake = Fake::start();
    fake.send(500, "{}");
    fake.send(200, r#"{"id":"t1","state":"completed","tasks":[]}"#);
    let output = command(&["get", "cm-idscan", "t1", "--result", "r1", "--json"])
        .env("CM_IDSCAN_KEY_ID", "key-id-1")
        .env("CM_IDSCAN_SECRET", "idscan-secret-0123456789")
        .env("CM_IDSCAN_BASE_URL", &fake.url)
        .output()
        .unwrap();
    let result = json(&output);
    assert_eq!(result["attempts"], 2);
    assert_eq!(result["earlier_attempt_may_have_reached_server"], true);
    assert!(
        stderr(&output).contains("an earlier attempt may have reached it"),
        "{}",
        stderr(&output)
    );
}
