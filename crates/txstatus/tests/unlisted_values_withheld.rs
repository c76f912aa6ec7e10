//! A status or event name no docs list can be any text (a name, a card number,
//! an IBAN, an email address): every command prints it only when it is a plain
//! machine token, or when `--show-personal-data` asks; else `[redacted]`, as
//! the masked document beside it does.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use support::*;

/// Values a provider could put where a status or an event name goes.
const PERSONAL: &[&str] = &[
    "Jan Jansen",
    "4111111111111111",
    "NL91ABNA0417164300",
    "jan.jansen@example.com",
    "111222333",
    "Ré Müller",
];

fn transaction(status: &str) -> String {
    serde_json::json!({"data": {"type": "transaction", "id": "txn_1", "attributes": {"status": status}}})
        .to_string()
}

fn assert_not_printed(value: &str, what: &str, output: &std::process::Output) {
    for (stream, text) in [("stdout", stdout(output)), ("stderr", stderr(output))] {
        assert!(!text.contains(value), "{what}: {value} on {stream}: {text}");
    }
}

#[test]
fn get_and_watch_print_an_unlisted_status_only_when_asked() {
    for value in PERSONAL {
        for args in [
            &["get", "persona", "txn_1"][..],
            &["get", "persona", "txn_1", "--json"][..],
            &[
                "watch",
                "persona",
                "txn_1",
                "--interval",
                "10ms",
                "--timeout",
                "200ms",
            ][..],
            &[
                "watch",
                "persona",
                "txn_1",
                "--json",
                "--interval",
                "10ms",
                "--timeout",
                "200ms",
            ][..],
        ] {
            let fake = Fake::start();
            for _ in 0..40 {
                fake.send(200, &transaction(value));
            }
            let output = persona_command(&fake, args).output().unwrap();
            assert_not_printed(value, &args.join(" "), &output);
            assert!(
                stdout(&output).contains("[redacted]"),
                "{}: {}",
                args.join(" "),
                stdout(&output)
            );
        }
        let fake = Fake::start();
        fake.send(200, &transaction(value));
        let output = persona_command(
            &fake,
            &["get", "persona", "txn_1", "--json", "--show-personal-data"],
        )
        .output()
        .unwrap();
        assert_eq!(json(&output)["status"]["raw"], *value);
    }
    // A plain token no docs list is shown as sent.
    let fake = Fake::start();
    fake.send(200, &transaction("awaiting-review_2"));
    let output = persona_command(&fake, &["get", "persona", "txn_1"])
        .output()
        .unwrap();
    assert!(
        stdout(&output).contains("provider says \"awaiting-review_2\""),
        "{}",
        stdout(&output)
    );
}

#[test]
fn list_and_events_print_an_unlisted_status_or_name_as_redacted() {
    for value in PERSONAL {
        let page = serde_json::json!({"data": [{"type": "transaction", "id": "txn_1", "attributes": {"status": value}}], "links": {}})
            .to_string();
        let events = serde_json::json!({"data": [{"type": "event", "id": "evt_1", "attributes": {"name": value, "created-at": "2026-12-01T10:00:00Z"}}], "links": {}})
            .to_string();
        for (args, body) in [
            (&["list", "persona"][..], &page),
            (&["list", "persona", "--json"][..], &page),
            (&["events", "persona"][..], &events),
            (&["events", "persona", "--json"][..], &events),
        ] {
            let fake = Fake::start();
            fake.send(200, body);
            let output = persona_command(&fake, args).output().unwrap();
            assert_eq!(code(&output), Some(0), "{}", stderr(&output));
            assert_not_printed(value, &args.join(" "), &output);
            assert!(
                stdout(&output).contains("[redacted]"),
                "{}",
                stdout(&output)
            );
        }
    }
}

/// `get onespan --outcome` prints a stage id or attempt number whose digits make
/// a card number only as `[redacted]`.
#[test]
fn an_outcome_stage_number_holding_a_card_number_is_redacted() {
    let report = serde_json::json!({"id": "fe74d66e-6b51-8992-a169-e14c3c281e5f", "result": "Failed", "status": "Completed",
        "stages": [{"stageId": "4111111111111111", "stageType": {"title": "CreateVerification"}, "attemptNumber": "4111111111111111", "result": "Passed"}]});
    let id = "84f29725-7b57-4baa-a290-3be937f95ce6";
    let fake = Fake::start();
    fake.send(
        200,
        &serde_json::json!({"id": id, "status": "completed"}).to_string(),
    );
    fake.send(200, &report.to_string());
    fake.send(
        200,
        r#"{"vHubTransaction":"4254041b-1228-44c0-8455-627553987636","verificationResults":[]}"#,
    );
    let output = onespan_command(&fake, &["get", "onespan", id, "--outcome", "--json"])
        .output()
        .unwrap();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    assert_not_printed("4111111111111111", "get --outcome", &output);
}
