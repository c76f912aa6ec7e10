//! Promises of docs/CLI.md checked from outside against the sandbox, each where
//! the binary once said something else.
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

/// docs/CLI.md, `txstatus.erase/1`: the readable form is `<id>: <outcome> (...)`,
/// `<outcome>` being one of the values of the outcome table (`not_attempted`, not
/// `not attempted`), so a script reading lines sees what `--json` would say.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn erase_readable_lines_carry_the_outcome_values_of_the_table() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let output = sandboxed(&sandbox, &["erase", "persona", "txn_a", "txn_b", "--yes"])
        .env("PERSONA_API_KEY", "refused-by-the-sandbox")
        .output()
        .unwrap();
    assert_eq!(code(&output), Some(5), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "one line per id: {text}");
    assert!(lines[0].starts_with("txn_a: failed ("), "{text}");
    assert!(
        lines[1].starts_with("txn_b: not_attempted ("),
        "the outcome word is the table's: {text}"
    );
}

/// docs/CLI.md, "Files": a kept file's path is in `saved_to` under `--json`;
/// iDIN's is also named on stderr, a `--save-raw` file of another provider
/// written as asked is not (an error stays one line, "Errors").
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_save_raw_file_written_as_asked_is_named_in_saved_to_not_on_stderr() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    for command in ["get", "watch"] {
        let path = temp_path(&format!("save-raw-named-{command}.json"));
        let shown = path.display().to_string();
        let output = txstatus(
            &sandbox,
            &[
                command,
                "persona",
                ids::persona::COMPLETED,
                "--save-raw",
                &shown,
                "--json",
            ],
        );
        assert_eq!(code(&output), Some(0), "{}", stderr(&output));
        let record = json_lines(&output).pop().unwrap();
        assert_eq!(record["saved_to"], shown.as_str());
        assert!(stderr(&output).is_empty(), "{}", stderr(&output));
        let _ = std::fs::remove_file(&path);
    }
}
