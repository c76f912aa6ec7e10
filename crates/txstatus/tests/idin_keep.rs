//! iDIN answers the CLI must keep and stop at beyond the modelled identity: a
//! member this version does not read (CM may add a personal value under a new
//! name), and a later notice after an earlier read that may have reached CM.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use std::path::{Path, PathBuf};

use support::*;

const PLACE: &str = "SECRET-BIRTH-PLACE";

const NOTICE: &str = r#"{"status":"success","transaction_id":"t1","notice":"The transaction was successful, but the data was not retrieved within 30 seconds.","notice_code":2000}"#;

fn unmodelled(status: &str) -> String {
    serde_json::json!({
        "status": status,
        "transaction_id": "t1",
        "birth_place": PLACE,
    })
    .to_string()
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect()
}

fn watch(fake: &Fake, dir: &Path) -> std::process::Output {
    let save = dir.to_str().unwrap();
    idin_command(
        fake,
        &[
            "watch",
            "cm-idin",
            "t1",
            "--merchant-reference",
            "ref-1",
            "--interval",
            "10ms",
            "--json",
            "--save-dir",
            save,
        ],
    )
    .output()
    .unwrap()
}

#[test]
fn get_keeps_a_success_holding_a_member_the_model_does_not_read() {
    let fake = Fake::start();
    let dir = temp_dir("keep-unmodelled-get");
    let body = unmodelled("success");
    fake.send(200, &body);
    let output = idin_get(&fake, &["--json", "--save-dir", dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    let files = files_in(&dir);
    assert_eq!(files.len(), 1, "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&files[0]).unwrap(), body);
    assert!(!stdout(&output).contains(PLACE), "{}", stdout(&output));
    assert!(!stderr(&output).contains(PLACE), "{}", stderr(&output));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn watch_stops_at_an_open_answer_holding_a_member_the_model_does_not_read() {
    let fake = Fake::start();
    let dir = temp_dir("keep-unmodelled-watch");
    let body = unmodelled("open");
    fake.send(200, &body);
    // Were the watch to ask again, this would replace the answer that holds it.
    fake.send(200, NOTICE);
    let output = watch(&fake, &dir);
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    assert_eq!(fake.requests(), 1, "no read after it: {}", stderr(&output));
    let files = files_in(&dir);
    assert_eq!(files.len(), 1, "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&files[0]).unwrap(), body);
    assert!(!stdout(&output).contains(PLACE), "{}", stdout(&output));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn watch_reports_a_notice_after_a_read_that_may_have_reached_cm_as_a_lost_identity() {
    let fake = Fake::start();
    let dir = temp_dir("keep-lost-watch");
    // One status call, all its attempts answered 502 (CM may have handed the
    // identity to any of them): the call fails, the watch reads again.
    for _ in 0..3 {
        fake.send(502, "bad gateway");
    }
    fake.send(200, NOTICE);
    let output = watch(&fake, &dir);
    assert_eq!(fake.requests(), 4, "{}", stderr(&output));
    assert_eq!(code(&output), Some(3), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("earlier"),
        "says why: {}",
        stderr(&output)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_against_the_sandbox_keeps_the_identity_once_and_never_reads_past_it() {
    use txstatus_sandbox::ids;
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let dir = temp_dir("keep-sandbox-watch");
    let output = sandboxed(
        &sandbox,
        &[
            "watch",
            "cm-idin",
            ids::idin::PROGRESS,
            "--merchant-reference",
            ids::idin::MERCHANT_REFERENCE,
            "--interval",
            "10ms",
            "--json",
            "--save-dir",
            dir.to_str().unwrap(),
        ],
    )
    .output()
    .unwrap();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    // `open`, then the identity: no third read (it would be the notice).
    assert_eq!(sandbox.stats().cm_idin.requests, 2, "{}", stderr(&output));
    let files = files_in(&dir);
    assert_eq!(files.len(), 1, "{}", stderr(&output));
    let saved = std::fs::read_to_string(&files[0]).unwrap();
    assert!(
        saved.contains("Sandboxstraat"),
        "the identity is in the file"
    );
    assert_no_personal_data(&output);
    sandbox.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}
