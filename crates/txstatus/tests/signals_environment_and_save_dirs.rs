//! Sixteenth outside audit: the environment a command is given (variables that are
//! not UTF-8, a blank save directory) and SIGINT/SIGTERM on every command that
//! sends a request, checked from outside on the real binary.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::{
    ffi::OsStr,
    io::{BufRead, BufReader, Read},
    os::unix::ffi::OsStrExt,
    process::{Child, Command, Output, Stdio},
    time::{Duration, Instant},
};

use serde_json::Value;

use crate::support;

use support::*;

/// Bytes that are not UTF-8 around a secret-looking part that must never be shown.
const NOT_UTF8: &[u8] = b"\xff\xfeNOTSHOWN-secret-0123456789";

fn not_utf8() -> &'static OsStr {
    OsStr::from_bytes(NOT_UTF8)
}

/// docs/CLI.md, Environment: "A missing or empty credential is a usage error naming
/// the variable". A variable set to bytes that are not UTF-8 was read as unset: a
/// credential was reported "not set" (it is set), and a base URL or OneSpan's tenant
/// silently gave way to the default (Persona's production host), and the HTTP client
/// sent requests around a proxy whose variable it could not read. Each is now a usage
/// error saying the variable is not valid UTF-8, without its value, nothing sent.
#[test]
fn a_variable_that_is_not_utf8_is_a_usage_error_naming_it_and_nothing_is_sent() {
    type Build = fn(&Fake) -> Command;
    let persona: Build = |fake| persona_command(fake, &[]);
    let idin: Build = |fake| idin_command(fake, &[]);
    let onespan: Build = |fake| onespan_command(fake, &[]);
    let runs: Vec<(&str, Vec<&str>, Build)> = vec![
        (
            "PERSONA_API_KEY",
            vec!["get", "persona", "t1", "--json"],
            persona,
        ),
        (
            "PERSONA_BASE_URL",
            vec!["list", "persona", "--json"],
            persona,
        ),
        (
            "CM_IDSCAN_KEY_ID",
            vec!["get", "cm-idscan", "t1", "--json"],
            idscan_command,
        ),
        (
            "CM_IDSCAN_SECRET",
            vec!["watch", "cm-idscan", "t1", "--json"],
            idscan_command,
        ),
        (
            "CM_IDIN_MERCHANT_TOKEN",
            vec![
                "get",
                "cm-idin",
                "t1",
                "--merchant-reference",
                "r",
                "--json",
            ],
            idin,
        ),
        (
            "CM_CHECKOUT_CLIENT_SECRET",
            vec!["get", "cm-checkout", "t1", "--json"],
            checkout_command,
        ),
        (
            "ONESPAN_TOKEN",
            vec![
                "erase",
                "onespan",
                "t1",
                "--grace-period-days",
                "1",
                "--yes",
                "--json",
            ],
            onespan,
        ),
        (
            "ONESPAN_TENANT",
            vec!["get", "onespan", "t1", "--json"],
            onespan,
        ),
        (
            "ONESPAN_BASE_URL",
            vec!["get", "onespan", "t1", "--json"],
            onespan,
        ),
        // The HTTP client took an unreadable proxy variable as unset and went
        // around the proxy.
        (
            "HTTPS_PROXY",
            vec!["get", "persona", "t1", "--json"],
            persona,
        ),
        (
            "no_proxy",
            vec![
                "get",
                "cm-idin",
                "t1",
                "--merchant-reference",
                "r",
                "--json",
            ],
            idin,
        ),
        // Read only with Redis configured; refused before it is contacted.
        (
            "TXSTATUS_REDIS_ERASE_STREAM",
            vec!["erase", "persona", "t1", "--yes", "--json"],
            persona_with_redis,
        ),
        (
            "TXSTATUS_BUDGET_NAME",
            vec!["watch", "persona", "t1", "--rate-limit", "5/1s", "--json"],
            persona_with_redis,
        ),
        // A worker serves the providers whose credentials are set: one that is set
        // but unreadable was skipped as unset.
        ("PERSONA_API_KEY", vec!["worker"], persona),
    ];
    for (variable, args, build) in runs {
        let what = format!("{variable}: {}", args.join(" "));
        let fake = Fake::start();
        // Answered (not left waiting) should a request go out after all.
        fake.send(404, "{}");
        let output = build(&fake)
            .args(&args)
            .env(variable, not_utf8())
            .output()
            .unwrap();
        assert_eq!(code(&output), Some(2), "{what}: {}", stderr(&output));
        let error = json_error(&output);
        assert_eq!(error["kind"], "usage", "{what}");
        let message = error["message"].as_str().unwrap();
        assert!(
            message.contains(variable) && message.contains("not valid UTF-8"),
            "{what}: {message}"
        );
        let all = format!("{}{}", stdout(&output), stderr(&output));
        assert!(!all.contains("NOTSHOWN"), "{what}: the value shown: {all}");
        assert_eq!(fake.requests(), 0, "{what}: a request was sent");
    }
}

/// Persona, and a Redis URL nothing listens on (never reached by a usage error).
fn persona_with_redis(fake: &Fake) -> Command {
    let mut command = persona_command(fake, &[]);
    command.env("TXSTATUS_REDIS_URL", "redis://127.0.0.1:1");
    command
}

fn idscan_command(fake: &Fake) -> Command {
    let mut command = command(&[]);
    command
        .env("CM_IDSCAN_KEY_ID", "key-id-1")
        .env("CM_IDSCAN_SECRET", "idscan-secret-0123456789")
        .env("CM_IDSCAN_BASE_URL", &fake.url);
    command
}

fn checkout_command(fake: &Fake) -> Command {
    let mut command = command(&[]);
    command
        .env("CM_CHECKOUT_CLIENT_ID", "client-id-1")
        .env("CM_CHECKOUT_CLIENT_SECRET", "checkout-secret-0123456789")
        .env("CM_CHECKOUT_BASE_URL", &fake.url);
    command
}

/// docs/CLI.md, "Files": iDIN's identity goes to `--save-dir DIR`, else
/// `$TXSTATUS_SAVE_DIR`, else the current directory. A blank variable was taken as
/// a directory: `" "` as a relative directory of that name (a one-time identity
/// written there when it existed), and an empty one (`TXSTATUS_SAVE_DIR=$DIR` with
/// `DIR` unset) as no variable, the identity landing in the current directory the
/// variable was set to avoid. Both are now usage errors, nothing sent and no file
/// made; so is a blank `--save-dir`.
#[test]
fn a_blank_save_directory_is_a_usage_error_and_no_identity_file_is_made() {
    for (variable, flag) in [(Some(""), None), (Some("  "), None), (None, Some(" "))] {
        let fake = Fake::start();
        // Answered (not left waiting) should a request go out after all.
        fake.send(404, "{}");
        let cwd = temp_dir(&format!("blank-save-dir-{}", variable.map_or(9, str::len)));
        // A directory of that name exists: it must not be taken.
        std::fs::create_dir_all(cwd.join("  ")).unwrap();
        let mut extra = vec!["--json"];
        if let Some(flag) = flag {
            extra.extend(["--save-dir", flag]);
        }
        let mut command = idin_get(&fake, &extra);
        command.current_dir(&cwd);
        if let Some(variable) = variable {
            command.env("TXSTATUS_SAVE_DIR", variable);
        }
        let what = format!("{variable:?} {flag:?}");
        let output = command.output().unwrap();
        assert_eq!(code(&output), Some(2), "{what}: {}", stderr(&output));
        assert_eq!(json_error(&output)["kind"], "usage", "{what}");
        assert!(
            stderr(&output).contains("empty or only whitespace"),
            "{what}: {}",
            stderr(&output)
        );
        assert_eq!(fake.requests(), 0, "{what}: a request was sent");
        let mut left: Vec<_> = std::fs::read_dir(&cwd)
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        left.extend(
            std::fs::read_dir(cwd.join("  "))
                .unwrap()
                .map(|entry| entry.unwrap().file_name()),
        );
        assert_eq!(left, ["  "], "{what}: a file was made");
        let _ = std::fs::remove_dir_all(&cwd);
    }
}

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

/// Waits (without asserting any speed) until `ready` holds.
fn wait_until(what: &str, ready: impl Fn() -> bool) {
    let started = Instant::now();
    while !ready() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{what} never came"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The error document of a command stopped by a signal: exit 1 (not death by the
/// signal), `failed`, saying it was interrupted.
fn interrupted(name: &str, what: &str, output: &Output) -> String {
    assert_eq!(
        code(output),
        Some(1),
        "{name} {what}: {:?} {}",
        output.status,
        stderr(output)
    );
    let error = json_error(output);
    assert_eq!(error["kind"], "failed", "{name} {what}: {error}");
    let message = error["message"].as_str().unwrap().to_owned();
    assert!(
        message.starts_with("interrupted by SIGINT or SIGTERM: "),
        "{name} {what}: {message}"
    );
    message
}

/// docs/CLI.md, exit codes: a panic or a signal it caused itself is never the exit,
/// and a stream or batch that ends incomplete is exit 1. `list`, `events`, `erase`,
/// `enqueue` and `demo` once died by Ctrl-C (SIGINT) or SIGTERM with no word of what
/// was printed or sent, where `get` and `watch` stopped with exit 1. Every command
/// that sends a request now stops the same way: exit 1, the records printed
/// standing, the error saying whether a request may have reached the provider.
#[test]
fn list_and_events_stopped_by_a_signal_exit_1_and_keep_the_records_printed() {
    let page = r#"{"data":[{"type":"transaction","id":"txn_1","attributes":{"status":"approved"}}],
        "links":{"next":"/api/v1/transactions?page%5Bafter%5D=txn_1"}}"#;
    for name in ["INT", "TERM"] {
        // list: the first page answered, the second never.
        let fake = Fake::start();
        fake.send(200, page);
        let child = spawn(persona_command(&fake, &["list", "persona", "--json"]));
        wait_until("the second page request", || fake.requests() >= 2);
        signal(&child, name);
        let output = child.wait_with_output().unwrap();
        let message = interrupted(name, "list", &output);
        assert!(
            message.contains("1 record(s) printed") && message.contains("may have reached"),
            "{name}: {message}"
        );
        let records = json_lines(&output);
        assert_eq!(records.len(), 1, "{name}: the record printed stands");
        assert_eq!(records[0]["id"], "txn_1");

        // events: the first page never answered.
        let fake = Fake::start();
        let child = spawn(persona_command(&fake, &["events", "persona", "--json"]));
        wait_until("the page request", || fake.requests() >= 1);
        signal(&child, name);
        let output = child.wait_with_output().unwrap();
        let message = interrupted(name, "events", &output);
        assert!(message.contains("0 record(s) printed"), "{name}: {message}");
        assert!(output.stdout.is_empty(), "{name}");
    }
}

/// The same for `erase`: the id whose call was under way is `failed` with
/// `may_have_been_sent`, the later ones `not_attempted`, and nothing more is sent.
#[test]
fn an_erase_stopped_by_a_signal_says_which_call_may_have_reached_the_provider() {
    for name in ["INT", "TERM"] {
        let fake = Fake::start();
        fake.send(404, r#"{"errors":[{"title":"Not found"}]}"#);
        let child = spawn(persona_command(
            &fake,
            &["erase", "persona", "a", "b", "c", "--yes", "--json"],
        ));
        wait_until("the second redaction", || fake.requests() >= 2);
        signal(&child, name);
        let output = child.wait_with_output().unwrap();
        let message = interrupted(name, "erase persona", &output);
        assert!(
            message.contains("may have reached persona"),
            "{name}: {message}"
        );
        let records = json_lines(&output);
        let outcomes: Vec<(&Value, &Value)> = records
            .iter()
            .map(|r| (&r["outcome"], &r["may_have_been_sent"]))
            .collect();
        assert_eq!(
            outcomes,
            [
                (&Value::from("refused"), &Value::from(true)),
                (&Value::from("failed"), &Value::from(true)),
                (&Value::from("not_attempted"), &Value::from(false)),
            ],
            "{name}: {records:?}"
        );
        assert_eq!(fake.requests(), 2, "{name}: nothing sent after the signal");
    }

    let fake = Fake::start();
    let child = spawn(onespan_command(
        &fake,
        &[
            "erase",
            "onespan",
            "a",
            "b",
            "--grace-period-days",
            "1",
            "--yes",
            "--json",
        ],
    ));
    wait_until("the erasure call", || fake.requests() >= 1);
    signal(&child, "INT");
    let output = child.wait_with_output().unwrap();
    let message = interrupted("INT", "erase onespan", &output);
    assert!(message.contains("may have reached onespan"), "{message}");
    let records = json_lines(&output);
    assert_eq!(records.len(), 2);
    for record in &records {
        assert_eq!(record["outcome"], "failed", "{record}");
        assert_eq!(record["may_have_been_sent"], true, "{record}");
    }
}

/// `demo` (its own sandbox, in-process): stopped while it runs, it exits 1 after
/// the lines printed, and still says how many requests its sandbox saw. The process
/// is held (SIGSTOP) while the signal is sent, so the demo cannot end first.
#[test]
fn a_demo_stopped_by_a_signal_exits_1_after_the_lines_printed() {
    let mut child = spawn(command(&["demo"]));
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    assert!(first.starts_with("read "), "{first}");
    signal(&child, "STOP");
    signal(&child, "INT");
    signal(&child, "CONT");
    let mut rest = String::new();
    reader.read_to_string(&mut rest).unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        code(&output),
        Some(1),
        "{:?} {}",
        output.status,
        stderr(&output)
    );
    let text = stderr(&output);
    assert!(
        text.contains("txstatus: interrupted by SIGINT or SIGTERM: the demo stopped"),
        "{text}"
    );
    assert!(text.contains("sandbox saw"), "{text}");
    assert!(
        !rest.contains("push "),
        "stopped before the push path: {rest}"
    );
}

/// A Redis that accepts connections and never answers, and its URL.
fn silent_redis() -> (std::net::TcpListener, String) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("redis://{}", listener.local_addr().unwrap());
    (listener, url)
}

/// The readiness marker: the first connection to `listener` arrived.
fn first_connection(listener: &std::net::TcpListener) -> std::net::TcpStream {
    listener.set_nonblocking(true).unwrap();
    let started = Instant::now();
    loop {
        if let Ok((connection, _)) = listener.accept() {
            return connection;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the connection never came"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `enqueue` waiting for Redis (a server that accepts and never answers): stopped,
/// it says nothing was enqueued, exit 1.
#[test]
fn an_enqueue_stopped_by_a_signal_says_what_was_enqueued() {
    let (listener, url) = silent_redis();
    let child = spawn({
        let mut command = command(&["enqueue", "persona", "a", "--json"]);
        command.env("TXSTATUS_REDIS_URL", &url);
        command
    });
    let connection = first_connection(&listener);
    signal(&child, "TERM");
    let output = child.wait_with_output().unwrap();
    drop(connection);
    let message = interrupted("TERM", "enqueue", &output);
    assert!(message.contains("nothing was enqueued"), "{message}");
    assert!(output.stdout.is_empty());
}

/// docs/CLI.md, `txstatus.report/1`: `transaction` is the provider's document,
/// personal values shown under `--show-personal-data`. A document nested deeper
/// than the JSON reader goes (a hostile 5,000 levels in one member) could not be
/// rendered unmasked, and `get --show-personal-data` printed `"transaction": null`
/// with exit 0 and no word, as if the provider had sent none. It is now shown
/// masked, and stderr says why.
#[test]
fn a_document_too_deep_to_show_as_asked_is_shown_masked_and_said() {
    let deep = format!(
        r#"{{"data":{{"type":"transaction","id":"t1","attributes":{{"status":"pending","x":{}1{}}}}}}}"#,
        r#"{"a":"#.repeat(5000),
        "}".repeat(5000)
    );
    for extra in [&["--json"][..], &[][..]] {
        let fake = Fake::start();
        fake.send(200, &deep);
        let mut args = vec!["get", "persona", "t1", "--show-personal-data"];
        args.extend_from_slice(extra);
        let output = persona_command(&fake, &args).output().unwrap();
        let what = args.join(" ");
        assert_eq!(code(&output), Some(0), "{what}: {}", stderr(&output));
        assert!(
            stderr(&output).contains("could not be rendered as asked")
                && stderr(&output).contains("shown masked"),
            "{what}: {}",
            stderr(&output)
        );
        if extra.is_empty() {
            assert!(
                stdout(&output).contains("\"[redacted]\""),
                "{what}: {}",
                stdout(&output)
            );
        } else {
            let report = json(&output);
            assert_eq!(
                report["transaction"]["data"]["attributes"]["status"], "pending",
                "{what}: {report}"
            );
            assert_eq!(
                report["transaction"]["data"]["attributes"]["x"],
                "[redacted]"
            );
        }
    }
}

/// docs/CLI.md, "Files": SIGINT or SIGTERM stops `watch` without leaving a reserved
/// file empty. `watch --rate-limit` with `TXSTATUS_REDIS_URL` reserves its
/// `--save-raw` file, then connects to the shared budget; a signal while that
/// connection hung once killed it there, the file left at 0 bytes (refusing the
/// next run's `--save-raw`). It now exits 1 and removes the file.
#[test]
fn a_watch_stopped_while_its_shared_budget_connects_leaves_no_empty_file() {
    let (listener, url) = silent_redis();
    let fake = Fake::start();
    let dir = temp_dir("interrupted-budget");
    let file = dir.join("last.json");
    let mut command = persona_command(
        &fake,
        &[
            "watch",
            "persona",
            "t1",
            "--rate-limit",
            "5/1s",
            "--save-raw",
            file.to_str().unwrap(),
            "--json",
        ],
    );
    command.env("TXSTATUS_REDIS_URL", &url);
    let child = spawn(command);
    let connection = first_connection(&listener);
    signal(&child, "TERM");
    let output = child.wait_with_output().unwrap();
    drop(connection);
    let message = interrupted("TERM", "watch --rate-limit", &output);
    assert!(message.contains("nothing was sent"), "{message}");
    assert!(!file.exists(), "the reserved file was left behind");
    assert_eq!(fake.requests(), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

/// docs/CLI.md: `worker` and `listen` stop on SIGINT or SIGTERM with exit 0. Both
/// listened for the signals only once Redis had answered: stopped while it
/// connected (a Redis that never answers), they died by the signal. They now end
/// as stopped, exit 0, saying nothing was claimed or accepted.
#[test]
fn a_worker_or_listener_stopped_while_redis_connects_exits_0() {
    let runs: [(&[&str], &str); 2] = [
        (&["worker"], "nothing was claimed"),
        (
            &["listen", "--providers", "persona", "--addr", "127.0.0.1:0"],
            "nothing was accepted",
        ),
    ];
    for (args, said) in runs {
        for name in ["INT", "TERM"] {
            let (listener, url) = silent_redis();
            let fake = Fake::start();
            let mut command = persona_command(&fake, args);
            command
                .env("TXSTATUS_REDIS_URL", &url)
                .env("PERSONA_WEBHOOK_SECRET", "wbhsec_0123456789abcdef");
            let child = spawn(command);
            let connection = first_connection(&listener);
            signal(&child, name);
            let output = child.wait_with_output().unwrap();
            drop(connection);
            let what = format!("{} {name}", args[0]);
            assert_eq!(
                code(&output),
                Some(0),
                "{what}: {:?} {}",
                output.status,
                stderr(&output)
            );
            assert!(
                stderr(&output).contains(said),
                "{what}: {}",
                stderr(&output)
            );
            assert!(output.stdout.is_empty(), "{what}");
        }
    }
}
