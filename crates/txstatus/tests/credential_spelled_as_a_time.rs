//! docs/CLI.md, "Output rules": every credential this process was given is
//! `[redacted]` in everything the CLI writes, in any spelling. OneSpan sends its
//! times as RFC 3339 text or as epoch numbers (seconds, or milliseconds), and the
//! CLI writes every time as RFC 3339: a provider echoing a credential made of
//! digits into a time had it printed as a date, the digits still readable from it
//! (`1767225600123` ms is `2026-01-01T00:00:00.123Z`), while the document beside
//! it showed the number as `"[redacted]"`.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use serde_json::Value;
use support::*;

/// A OneSpan answer whose `created` and `completed` are `created` and `completed`
/// as JSON (a number, or a quoted text).
fn transaction(created: &str, completed: &str) -> String {
    format!(r#"{{"id":"t1","status":"completed","created":{created},"completed":{completed}}}"#)
}

/// Runs `args` against a fake OneSpan answering `body`, the token being `token`.
fn run(token: &str, body: &str, args: &[&str]) -> std::process::Output {
    let fake = Fake::start();
    fake.send(200, body);
    onespan_command(&fake, args)
        .env("ONESPAN_TOKEN", token)
        .output()
        .unwrap()
}

#[test]
fn a_numeric_credential_echoed_as_an_epoch_time_is_never_written_as_a_date() {
    // (token, body, the date the token spells).
    let cases = [
        // Milliseconds, and the same instant as RFC 3339 text.
        (
            "1767225600123",
            transaction("1767225600123", r#""2026-01-01T00:00:00.123Z""#),
            "2026-01-01T00:00:00.123",
        ),
        // Seconds.
        (
            "1767225612",
            transaction("1767225612", "null"),
            "2026-01-01T00:00:12",
        ),
        // Only the RFC 3339 text, in another offset and precision.
        (
            "1767225600123",
            transaction(r#""2026-01-01T01:00:00.123000+01:00""#, "null"),
            "2026-01-01T00:00:00.123",
        ),
    ];
    for (token, body, date) in &cases {
        for args in [
            &["get", "onespan", "t1", "--json"][..],
            &["get", "onespan", "t1", "--json", "--show-personal-data"][..],
            &["watch", "onespan", "t1", "--json"][..],
        ] {
            let what = format!("{} ({body})", args.join(" "));
            let output = run(token, body, args);
            assert_eq!(code(&output), Some(0), "{what}: {}", stderr(&output));
            let text = stdout(&output);
            assert!(!text.contains(date), "{what}: the token as a date: {text}");
            assert!(!text.contains(token), "{what}: {text}");
            let lines = json_lines(&output);
            assert_eq!(lines.len(), 1, "{what}: {text}");
            assert_eq!(lines[0]["created_at"], "[redacted]", "{what}: {text}");
        }
        // The readable report: its `created` line and the document.
        let output = run(token, body, &["get", "onespan", "t1"]);
        assert_eq!(code(&output), Some(0), "{}", stderr(&output));
        let text = stdout(&output);
        assert!(!text.contains(date), "the token as a date: {text}");
        assert!(text.contains("created      [redacted]"), "{text}");
    }

    // A time that spells no credential is written as usual.
    let body = transaction("1767225600123", r#""2024-03-01T09:30:15.250Z""#);
    let output = run(
        "onespan-token-secret",
        &body,
        &["get", "onespan", "t1", "--json"],
    );
    let report: Value = json(&output);
    assert_eq!(report["created_at"], "2026-01-01T00:00:00.123Z", "{report}");
    assert!(
        report["updated_at"]
            .as_str()
            .unwrap()
            .starts_with("2024-03-01T09:30:15.25"),
        "{report}"
    );
}

/// `listen`'s transition records carry the re-read state's `updated_at` (OneSpan's
/// `completed`): the same rule holds there.
#[test]
fn a_transition_whose_time_spells_a_numeric_credential_shows_it_redacted() {
    use std::{
        io::{Read, Write},
        time::Duration,
    };

    let token = "1767225600123";
    let fake = Fake::start();
    // The re-read a notification causes (and any later one).
    for _ in 0..4 {
        fake.send(200, &transaction("1767225600123", "1767225600123"));
    }
    let Listening {
        mut child,
        mut stderr,
        first: _,
        address,
    } = start_listening(
        onespan_command(
            &fake,
            &["listen", "--addr", "127.0.0.1:0", "--providers", "onespan"],
        )
        .env("ONESPAN_TOKEN", token),
    );
    let received = stdout_lines(child.stdout.take().unwrap());
    let body = r#"{"type":"notification","transaction_id":"t1","trigger":"transaction_completed"}"#;
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    write!(
        stream,
        "POST /webhooks/onespan HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 2"), "{answer}");
    let line = received.recv_timeout(Duration::from_secs(20)).unwrap();
    let _ = crate::support::kill("TERM", child.id());
    let _ = child.wait();
    let mut rest = String::new();
    let _ = stderr.read_to_string(&mut rest);
    assert!(
        !line.contains("2026-01-01T00:00:00"),
        "the token as a date: {line}"
    );
    let record: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(record["schema"], "txstatus.transition/1", "{line}");
    assert_eq!(record["status"]["updated_at"], "[redacted]", "{line}");
    assert!(!rest.contains("2026-01-01T00:00:00"), "{rest}");
}
