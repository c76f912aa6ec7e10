//! `watch` prints a read only when it is newer than the last printed: a stale
//! read (a lagging replica, a cache) never shows the transaction going back.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support::{Fake, code, command, json_lines, stderr};

fn transaction(status: &str, updated_at: &str) -> String {
    format!(
        r#"{{"data":{{"type":"transaction","id":"txn_1","attributes":{{"status":"{status}","updated-at":"{updated_at}"}}}}}}"#
    )
}

#[test]
fn a_read_older_than_the_last_printed_is_not_printed() {
    let fake = Fake::start();
    for (status, at) in [
        ("pending", "2026-12-01T10:00:09Z"),
        ("created", "2026-12-01T10:00:01Z"),
        ("pending", "2026-12-01T10:00:09Z"),
        ("approved", "2026-12-01T10:00:20Z"),
    ] {
        fake.send(200, &transaction(status, at));
    }
    let output = command(&["watch", "persona", "txn_1", "--interval", "10ms", "--json"])
        .env("PERSONA_API_KEY", "persona_test_key_watch")
        .env("PERSONA_BASE_URL", &fake.url)
        .output()
        .unwrap();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    assert_eq!(fake.requests(), 4);
    let printed: Vec<String> = json_lines(&output)
        .iter()
        .map(|line| line.to_string())
        .collect();
    assert_eq!(printed.len(), 2, "{printed:#?}");
    assert!(printed[0].contains("\"pending\""), "{}", printed[0]);
    assert!(printed[1].contains("\"approved\""), "{}", printed[1]);
}
