//! What a hostile or careless counterpart cannot make the CLI do: print a
//! credential a provider echoes (on stdout, stderr, the `-v` trace or a kept file,
//! even under `--show-personal-data`), leave an empty `--save-raw` file behind a
//! usage error, take absurd durations or concurrency, or serve a sandbox whose
//! variables nobody could read.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;

use std::{
    process::Stdio,
    time::{Duration, Instant},
};

use support::*;

/// A Persona API key shaped like a real one (a machine token, so nothing in it
/// looks like prose to be withheld).
const KEY: &str = "persona_live_ECHOED0123456789abcdef";

/// An error body quoting the key everywhere Persona puts words.
fn echoing_error() -> String {
    format!(
        r#"{{"errors":[{{"title":"Invalid key {KEY}","details":"key {KEY} is not valid","code":"{KEY}"}}]}}"#
    )
}

/// A fake Persona that answers every request (up to `n`) with `status` and
/// `body`, its request id header quoting the key.
fn echoing_persona(status: u16, body: &str, n: usize) -> Fake {
    let fake = Fake::start();
    let request_id = format!("Request-Id: {KEY}");
    let x_request_id = format!("X-Request-Id: {KEY}");
    for _ in 0..n {
        fake.send_with_headers(status, body, &[&request_id, &x_request_id]);
    }
    fake
}

fn persona_with_key(fake: &Fake, args: &[&str]) -> std::process::Command {
    let mut command = command(args);
    command
        .env("PERSONA_API_KEY", KEY)
        .env("PERSONA_BASE_URL", &fake.url);
    command
}

fn assert_no_key(what: &str, output: &std::process::Output) {
    for (stream, text) in [("stdout", stdout(output)), ("stderr", stderr(output))] {
        assert!(!text.contains(KEY), "{what}: the key on {stream}: {text}");
        assert!(
            !text.contains("ECHOED0123456789"),
            "{what}: part of the key on {stream}: {text}"
        );
    }
}

#[test]
fn a_credential_a_provider_echoes_never_reaches_stdout_stderr_the_trace_or_a_file() {
    let runs: &[(u16, &[&str])] = &[
        (422, &["get", "persona", "txn_1"]),
        (422, &["get", "persona", "txn_1", "--json"]),
        (422, &["get", "persona", "txn_1", "--show-personal-data"]),
        (
            401,
            &[
                "-v",
                "get",
                "persona",
                "txn_1",
                "--show-personal-data",
                "--json",
            ],
        ),
        (401, &["watch", "persona", "txn_1", "--show-personal-data"]),
        (401, &["list", "persona", "--limit", "1"]),
        (422, &["-v", "events", "persona", "--limit", "1", "--json"]),
        (401, &["erase", "persona", "txn_1", "--yes", "--json"]),
    ];
    for (status, args) in runs {
        let fake = echoing_persona(*status, &echoing_error(), 4);
        let output = persona_with_key(&fake, args).output().unwrap();
        let what = args.join(" ");
        assert!(fake.requests() >= 1, "{what}: nothing was sent");
        assert_ne!(code(&output), Some(0), "{what}: {}", stderr(&output));
        assert_no_key(&what, &output);
    }

    // An error body kept by --save-raw, under --show-personal-data.
    let file = temp_path("echoed-key.json");
    let fake = echoing_persona(422, &echoing_error(), 4);
    let output = persona_with_key(
        &fake,
        &[
            "get",
            "persona",
            "txn_1",
            "--show-personal-data",
            "--save-raw",
            file.to_str().unwrap(),
        ],
    )
    .output()
    .unwrap();
    assert_eq!(code(&output), Some(1), "{}", stderr(&output));
    assert_no_key("--save-raw", &output);
    let kept = std::fs::read_to_string(&file).unwrap();
    assert!(!kept.contains(KEY), "the key in the kept file: {kept}");
    assert!(kept.contains("[redacted]"), "{kept}");
    let _ = std::fs::remove_file(&file);

    // A document quoting the key, printed under --show-personal-data.
    let document = format!(
        r#"{{"data":{{"type":"transaction","id":"txn_1","attributes":{{"status":"pending","reference-id":"{KEY}"}}}}}}"#
    );
    for extra in [&[][..], &["--json"][..]] {
        let fake = echoing_persona(200, &document, 2);
        let mut args = vec!["get", "persona", "txn_1", "--show-personal-data"];
        args.extend_from_slice(extra);
        let output = persona_with_key(&fake, &args).output().unwrap();
        assert_eq!(code(&output), Some(0), "{}", stderr(&output));
        assert_no_key("document", &output);
        assert!(
            stdout(&output).contains("[redacted]"),
            "{}",
            stdout(&output)
        );
        if extra.contains(&"--json") {
            let _ = json(&output);
        }
    }
}

#[test]
fn a_usage_error_found_after_the_save_raw_file_is_reserved_leaves_no_file() {
    let fake = Fake::start();
    let file = temp_path("reserved-then-refused.json");
    let mut command = command(&[
        "get",
        "cm-idscan",
        "t1",
        "--result",
        "..",
        "--save-raw",
        file.to_str().unwrap(),
    ]);
    command
        .env("CM_IDSCAN_KEY_ID", "key-id-0001")
        .env("CM_IDSCAN_SECRET", "idscan-secret-0001")
        .env("CM_IDSCAN_BASE_URL", &fake.url);
    let output = command.output().unwrap();
    assert_eq!(code(&output), Some(2), "{}", stderr(&output));
    assert_eq!(fake.requests(), 0, "nothing was sent");
    assert!(stdout(&output).is_empty());
    assert!(
        !file.exists(),
        "an empty --save-raw file was left behind (and would block the next run)"
    );
}

#[test]
fn an_absurd_worker_concurrency_is_a_usage_error_before_anything_starts() {
    for concurrency in ["4294967295", "1025"] {
        let output = command(&["worker", "--concurrency", concurrency])
            .env("PERSONA_API_KEY", "persona-key-secret")
            .output()
            .unwrap();
        assert_eq!(code(&output), Some(2), "{}", stderr(&output));
        let error = json_error(&output);
        assert_eq!(error["kind"], "usage");
        assert!(
            error["message"].as_str().unwrap().contains("--concurrency"),
            "{error}"
        );
    }
}

#[test]
fn absurd_durations_and_rates_are_usage_errors_naming_the_limit() {
    let runs: &[&[&str]] = &[
        &[
            "enqueue",
            "persona",
            "txn_1",
            "--interval",
            "18446744073709551615h",
        ],
        &[
            "watch",
            "persona",
            "txn_1",
            "--interval",
            "5124095576030432h",
        ],
        &[
            "watch",
            "persona",
            "txn_1",
            "--timeout",
            "99999999999999999999s",
        ],
        &["listen", "--sweep-every", "18446744073709551615h"],
        &["worker", "--rate-limit", "1/18446744073709551615h"],
    ];
    for args in runs {
        let output = command(args)
            .env("PERSONA_API_KEY", "persona-key-secret")
            .env("TXSTATUS_REDIS_URL", "redis://127.0.0.1:1")
            .output()
            .unwrap();
        let what = args.join(" ");
        assert_eq!(code(&output), Some(2), "{what}: {}", stderr(&output));
        assert!(
            stderr(&output).contains("366 days"),
            "{what}: {}",
            stderr(&output)
        );
        assert!(stdout(&output).is_empty(), "{what}");
    }
    let output = command(&["worker", "--rate-limit", "99999999999/1s"])
        .env("PERSONA_API_KEY", "persona-key-secret")
        .output()
        .unwrap();
    assert_eq!(code(&output), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("at most 4294967295"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_sandbox_whose_variables_cannot_be_written_fails_instead_of_serving_unseen() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let mut child = command(&["sandbox"])
        .stdin(Stdio::null())
        .stdout(full)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > Duration::from_secs(20) {
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let Some(status) = status else {
        let _ = child.kill();
        let _ = child.wait();
        panic!("the sandbox kept serving though nobody could read its variables");
    };
    assert_eq!(status.code(), Some(1));
}

#[test]
fn listen_and_worker_refuse_bad_flags_with_one_json_error_document() {
    let runs: &[&[&str]] = &[
        &["worker", "--concurrency", "abc"],
        &["-v", "worker", "--bogus"],
        &["listen", "--sweep-every", "5x"],
        &["listen", "--addr", "not-an-address"],
    ];
    for args in runs {
        let output = command(args).output().unwrap();
        let what = args.join(" ");
        assert_eq!(code(&output), Some(2), "{what}: {}", stderr(&output));
        assert!(stdout(&output).is_empty(), "{what}");
        let text = stderr(&output);
        assert_eq!(text.lines().count(), 1, "{what}: one document: {text}");
        let error = json_error(&output);
        assert_eq!(error["schema"], "txstatus.error/1", "{what}");
        assert_eq!(error["kind"], "usage", "{what}");
        assert_eq!(error["exit_code"], 2, "{what}");
    }
}
