//! Promises of docs/CLI.md checked from outside with variants the other tests do
//! not run, each where the binary once said something else: clap's own refusals,
//! zero durations, `--help` to a stdout that cannot take it, and a `--save-raw`
//! file that cannot be written.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use std::process::{Command, Output, Stdio};

use support::*;
use txstatus_sandbox::ids;

const KEY: &str = "persona-key-secret-0123456789";

/// docs/CLI.md, "Errors": one line on stderr, `txstatus: <message>`, or one
/// `txstatus.error/1` document, and the message says what was wrong. clap's own
/// refusals (missing arguments, an unknown subcommand) once wrote clap's several
/// lines (`error: ...`, `Usage: ...`) and, under `--json`, a message cut at its
/// first line, `the following required arguments were not provided:`, naming none.
#[test]
fn a_usage_error_clap_finds_is_one_line_naming_what_is_wrong() {
    let cases: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (vec!["get"], vec!["<PROVIDER>", "<ID>"]),
        (vec!["get", "persona"], vec!["<ID>"]),
        (vec!["erase", "persona"], vec!["<ID>"]),
        (vec!["frobnicate"], vec!["frobnicate"]),
        (
            vec!["get", "nobody", "x"],
            vec!["nobody", "persona", "onespan"],
        ),
        (vec!["get", "persona", "x", "--bogus"], vec!["--bogus"]),
        (vec![], vec!["--help"]),
    ];
    for (args, names) in cases {
        let output = bare(&args);
        assert_eq!(code(&output), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        let text = stderr(&output);
        assert_eq!(text.lines().count(), 1, "{args:?}: one line: {text}");
        assert!(
            text.starts_with("txstatus: usage error: "),
            "{args:?}: {text}"
        );
        for name in &names {
            assert!(text.contains(name), "{args:?}: names {name}: {text}");
        }

        let mut with_json = args.clone();
        with_json.push("--json");
        let output = bare(&with_json);
        assert_eq!(code(&output), Some(2), "{with_json:?}");
        assert!(output.stdout.is_empty(), "{with_json:?}");
        let text = stderr(&output);
        assert_eq!(
            text.lines().count(),
            1,
            "{with_json:?}: one document: {text}"
        );
        let error: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(error["schema"], "txstatus.error/1");
        assert_eq!(error["kind"], "usage");
        assert_eq!(error["exit_code"], 2);
        let message = error["message"].as_str().unwrap();
        assert!(
            !message.ends_with(':'),
            "{with_json:?}: cut short: {message}"
        );
        if !args.is_empty() {
            for name in &names {
                assert!(message.contains(name), "{with_json:?}: {name}: {message}");
            }
        }
    }
}

/// docs/CLI.md, "Output rules": every credential of the environment is
/// `[redacted]` in everything the CLI writes, and control characters are escaped.
/// clap quotes the command line back in its refusals, and that text once went to
/// stderr raw: a key pasted into the wrong place, an escape sequence.
#[test]
fn a_command_line_quoted_back_by_a_usage_error_is_scrubbed_and_escaped() {
    let hostile = "\x1b]52;c;aGk=\x07\x1b[2J\u{202e}";
    let cases: Vec<Vec<&str>> = vec![
        vec!["watch", "persona", "x", "--interval", KEY],
        vec!["get", KEY, "x"],
        vec!["get", "persona", "x", KEY],
        vec!["list", "persona", "--limit", KEY],
        vec!["get", hostile, "x"],
        vec!["watch", "persona", "x", "--timeout", hostile],
        vec!["get", "persona", "x", hostile],
    ];
    for args in cases {
        for json in [false, true] {
            let mut args = args.clone();
            if json {
                args.push("--json");
            }
            let output = command(&args).env("PERSONA_API_KEY", KEY).output().unwrap();
            assert_eq!(code(&output), Some(2), "{args:?}");
            let text = stderr(&output);
            assert!(!text.contains(KEY), "{args:?}: key echoed: {text}");
            assert!(
                !text.contains("0123456789"),
                "{args:?}: part of the key: {text}"
            );
            assert!(
                !text
                    .chars()
                    .any(|c| c != '\n' && (c.is_control() || c == '\u{202e}')),
                "{args:?}: raw control character: {text:?}"
            );
        }
    }
}

/// docs/CLI.md, "Flags": a duration is `<integer>(ms|s|m|h)`; a zero one is a
/// usage error with nothing sent, for every flag that waits. `watch --interval 0ms`
/// once polled as fast as the provider answered (about a thousand requests a
/// second), and `--timeout 0s` gave up before its first read, said as a retry.
#[test]
fn a_zero_interval_or_timeout_is_a_usage_error_with_nothing_sent() {
    let fake = Fake::start();
    let cases: Vec<Vec<&str>> = vec![
        vec!["watch", "persona", "t1", "--interval", "0ms"],
        vec!["watch", "persona", "t1", "--interval", "0s"],
        vec!["watch", "persona", "t1", "--timeout", "0ms"],
        vec!["watch", "persona", "t1", "--timeout", "000h"],
        vec!["enqueue", "persona", "t1", "--interval", "0m"],
        vec!["listen", "--sweep-every", "0s", "--providers", "persona"],
    ];
    for args in cases {
        let output = persona_command(&fake, &args)
            .env("PERSONA_WEBHOOK_SECRET", "whsec-not-used-here")
            .output()
            .unwrap();
        assert_eq!(code(&output), Some(2), "{args:?}: {}", stderr(&output));
        assert!(output.stdout.is_empty(), "{args:?}");
        let text = stderr(&output);
        assert!(text.contains("longer than zero"), "{args:?}: {text}");
        assert_eq!(text.lines().count(), 1, "{args:?}: {text}");
    }
    assert_eq!(fake.requests(), 0, "nothing sent");
}

/// docs/CLI.md, "Closed stdout" and "Single-result commands": a closed stdout is a
/// usage error, one that cannot be written is a failure said on stderr. `--help`
/// once exited 0 into a closed stdout and 1 without a word when its reader was gone.
#[test]
fn help_to_a_closed_or_gone_stdout_is_never_a_silent_exit() {
    for flag in ["--help", "--version"] {
        let closed = with_stdout_closed(&command(&[flag]));
        assert_eq!(code(&closed), Some(2), "{flag}: {}", stderr(&closed));
        assert!(
            stderr(&closed).contains("standard output is closed"),
            "{flag}: {}",
            stderr(&closed)
        );

        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let gone = command(&[flag])
            .stdout(Stdio::from(writer))
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(code(&gone), Some(1), "{flag}");
        let text = stderr(&gone);
        assert!(
            text.contains("cannot write to standard output"),
            "{flag}: {text}"
        );
        assert_eq!(text.lines().count(), 1, "{flag}: {text}");

        let fine = command(&[flag]).output().unwrap();
        assert_eq!(code(&fine), Some(0), "{flag}");
        assert!(!fine.stdout.is_empty(), "{flag}");
    }
}

/// `txstatus ARGS` under `ulimit -f 0` with SIGXFSZ ignored: every file write fails
/// (EFBIG) while stdout and stderr, pipes, still work.
fn with_no_file_space(command: &Command, dir: &std::path::Path) -> Output {
    let mut shell = Command::new("/bin/sh");
    shell
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 0 && exec \"$0\" \"$@\"")
        .arg(command.get_program())
        .args(command.get_args())
        .current_dir(dir)
        .env("TMPDIR", dir);
    for (name, value) in command.get_envs() {
        match value {
            Some(value) => shell.env(name, value),
            None => shell.env_remove(name),
        };
    }
    shell.stdin(Stdio::null()).output().unwrap()
}

/// docs/CLI.md, "Single-result commands": stdout is empty on any non-zero exit;
/// the one exception is iDIN's one-time identity. A `--save-raw` file that could
/// not be written (exit 1) once still left Persona's report, or ID Scan's result,
/// on stdout, though both can simply be asked for again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_save_raw_file_that_cannot_be_written_leaves_get_stdout_empty() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let cases: Vec<Vec<&str>> = vec![
        vec!["get", "persona", ids::persona::COMPLETED],
        vec!["get", "persona", ids::persona::COMPLETED, "--json"],
        vec![
            "get",
            "cm-idscan",
            ids::idscan::COMPLETED,
            "--result",
            ids::idscan::RESULT_ID,
        ],
        vec!["get", "cm-checkout", ids::checkout::AUTHORIZED, "--json"],
    ];
    for (n, args) in cases.into_iter().enumerate() {
        let dir = temp_dir(&format!("no-space-{n}"));
        let file = dir.join("raw.json");
        let shown = file.display().to_string();
        let mut args = args.clone();
        args.extend_from_slice(&["--save-raw", &shown]);
        let output = with_no_file_space(&sandboxed(&sandbox, &args), &dir);
        assert_eq!(code(&output), Some(1), "{args:?}: {}", stderr(&output));
        assert!(
            output.stdout.is_empty(),
            "{args:?}: stdout on exit 1: {}",
            stdout(&output)
        );
        let text = stderr(&output);
        assert!(text.contains("cannot write"), "{args:?}: {text}");
        assert!(!file.exists(), "{args:?}: no empty file");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// docs/CLI.md, "Output rules": a credential is `[redacted]` in any spelling,
/// percent-encoded included. Only one percent-encoding (every reserved character
/// escaped, upper-case hex) was once searched for: a provider echoing the key the
/// way Python's `quote` (`/` kept), `quote_plus` or `encodeURI` writes it showed it
/// on stdout, on stderr and in the `--save-raw` file.
#[test]
fn a_credential_echoed_percent_encoded_by_any_encoder_is_redacted_everywhere() {
    const SPECIAL_KEY: &str = "pk_live+Key/With=Pad$9";
    let spellings = [
        "pk_live%2BKey/With%3DPad%249",
        "pk_live%2BKey%2FWith%3DPad%249",
        "pk_live+Key/With=Pad%249",
        "pk_live%2bkey%2fwith%3dpad%249",
    ];
    let echoed: Vec<String> = spellings
        .iter()
        .enumerate()
        .map(|(n, spelling)| format!(r#""echo{n}":"u={spelling}&x=1""#))
        .collect();
    let body = format!(
        r#"{{"data":{{"type":"transaction","id":"t1","attributes":{{"status":"approved",{}}}}}}}"#,
        echoed.join(",")
    );
    let fake = Fake::start();
    let dir = temp_dir("percent-echo");
    let file = dir.join("raw.json");
    let shown = file.display().to_string();
    let mut command = persona_command(
        &fake,
        &[
            "-v",
            "get",
            "persona",
            "t1",
            "--json",
            "--show-personal-data",
            "--save-raw",
            &shown,
        ],
    );
    command.env("PERSONA_API_KEY", SPECIAL_KEY);
    fake.send(200, &body);
    let output = command.output().unwrap();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    let kept = std::fs::read_to_string(&file).unwrap();
    for (place, text) in [
        ("stdout", stdout(&output)),
        ("stderr", stderr(&output)),
        ("file", kept),
    ] {
        let lower = text.to_ascii_lowercase();
        for spelling in spellings {
            assert!(
                !lower.contains(&spelling.to_ascii_lowercase()),
                "{place}: {spelling}: {text}"
            );
        }
        assert!(!lower.contains("with"), "{place}: {text}");
    }
    let value = json(&output);
    let attributes = &value["transaction"]["data"]["attributes"];
    for n in 0..spellings.len() {
        assert_eq!(attributes[format!("echo{n}")], "u=[redacted]&x=1");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// docs/CLI.md, "Exit codes": 2 means nothing was sent, and `erase` touches Redis
/// only for ids it erased or tried to. A credential or base URL found missing after
/// connecting to `TXSTATUS_REDIS_URL` once still deleted the ids' shared state
/// (and said so) before exiting 2.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn erase_refused_for_a_missing_credential_leaves_the_shared_state_alone() {
    use txstatus_redis::{Redis, WatchQueue, test_util::RedisServer};
    let server = RedisServer::start();
    let queue = WatchQueue::new(&Redis::connect(&server.config()).await.unwrap());
    // (provider, erase command, its credential, what is missing)
    type Case<'a> = (&'a str, Vec<&'a str>, (&'a str, &'a str), &'a str);
    let cases: Vec<Case> = vec![
        (
            "persona",
            vec!["erase", "persona", "kept-1", "--yes"],
            ("PERSONA_API_KEY", "persona-key-secret-0123456789"),
            "PERSONA_API_KEY",
        ),
        (
            "onespan",
            vec![
                "erase",
                "onespan",
                "kept-1",
                "--yes",
                "--grace-period-days",
                "3",
            ],
            ("ONESPAN_TOKEN", "onespan-token-secret-0123456789"),
            "ONESPAN_BASE_URL",
        ),
    ];
    for (provider, erase, (name, value), missing) in cases {
        let enqueued = command(&["enqueue", provider, "kept-1"])
            .env("TXSTATUS_REDIS_URL", server.url())
            .env(name, value)
            .output()
            .unwrap();
        assert_eq!(code(&enqueued), Some(0), "{}", stderr(&enqueued));
        assert!(queue.state(provider, "kept-1").await.unwrap().is_some());

        let mut refused = command(&erase);
        refused.env("TXSTATUS_REDIS_URL", server.url());
        if missing != name {
            refused.env(name, value);
        }
        let output = refused.output().unwrap();
        assert_eq!(code(&output), Some(2), "{provider}: {}", stderr(&output));
        let text = stderr(&output);
        assert!(text.contains(missing), "{provider}: {text}");
        assert_eq!(
            text.lines().count(),
            1,
            "{provider}: only the error: {text}"
        );
        assert!(output.stdout.is_empty(), "{provider}");
        assert!(
            queue.state(provider, "kept-1").await.unwrap().is_some(),
            "{provider}: the shared state was left alone"
        );
        assert_eq!(queue.scheduled(provider).await.unwrap(), 1, "{provider}");
    }
}

/// docs/CLI.md, "Output rules": a credential is `[redacted]` in kept files too, in
/// any spelling. A `--save-raw` file keeps the provider's bytes, and JSON lets a
/// body spell a key in `\uXXXX` escapes: such a key once reached the file whole
/// (stdout, parsed and written again, was already clean).
#[test]
fn a_credential_echoed_in_json_escapes_never_reaches_a_kept_file() {
    let every: String = KEY
        .chars()
        .map(|c| format!("\\u{:04x}", u32::from(c)))
        .collect();
    let dashes = KEY.replace('-', "\\u002d");
    let body = format!(
        r#"{{"data":{{"type":"transaction","id":"t1","attributes":{{"status":"approved","reference-id":"{every}","note":"{dashes}"}}}}}}"#
    );
    let fake = Fake::start();
    let dir = temp_dir("json-escape-echo");
    let file = dir.join("raw.json");
    let shown = file.display().to_string();
    let mut command = persona_command(
        &fake,
        &[
            "get",
            "persona",
            "t1",
            "--json",
            "--show-personal-data",
            "--save-raw",
            &shown,
        ],
    );
    command.env("PERSONA_API_KEY", KEY);
    fake.send(200, &body);
    let output = command.output().unwrap();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    let kept = std::fs::read_to_string(&file).unwrap();
    let decoded: serde_json::Value = serde_json::from_str(&kept).unwrap();
    let attributes = &decoded["data"]["attributes"];
    assert_eq!(attributes["reference-id"], "[redacted]", "{kept}");
    assert_eq!(attributes["note"], "[redacted]", "{kept}");
    assert_eq!(attributes["status"], "approved");
    for text in [stdout(&output), stderr(&output)] {
        assert!(!text.contains("0123456789"), "{text}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
