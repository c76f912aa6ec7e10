//! Eighteenth outside audit: docs/CLI.md, "Files": iDIN's default file takes an
//! error body only when it came with a success status line (a 5xx cannot hold
//! the identity). `watch cm-idin` that timed out after 500s kept the 500's body
//! there and said "saved the answer to ...", as if it might be the identity.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use support::*;

#[test]
fn a_watch_cm_idin_that_times_out_after_server_errors_keeps_no_error_body() {
    let fake = Fake::start();
    for _ in 0..6 {
        fake.send(500, "<html>upstream oops</html>");
    }
    let dir = temp_dir("idin-watch-5xx-timeout");
    let output = idin_command(
        &fake,
        &[
            "watch",
            "cm-idin",
            "t1",
            "--merchant-reference",
            "ref-1",
            "--timeout",
            "2s",
            "--interval",
            "10s",
            "--save-dir",
            dir.to_str().unwrap(),
        ],
    )
    .output()
    .unwrap();
    let err = stderr(&output);
    assert!(fake.requests() >= 1, "{err}");
    assert_ne!(code(&output), Some(0), "{err}");
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert!(
        left.is_empty(),
        "a 500's body was kept as the identity: {left:?}"
    );
    assert!(!err.contains("saved the answer"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
