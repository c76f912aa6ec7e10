//! iDIN's one-time identity through the CLI, against a raw fake CM: the watch
//! stops at the first answer that carries it, it lands in a private file before
//! anything is printed, a lost identity exits 3, a failed save still leaves the
//! user what they allowed.
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

const SURNAME: &str = "Secret\\\"Surname`x";
const BIN: &str = "BIN-SECRET-0001";

fn identity(status: &str) -> String {
    serde_json::json!({
        "status": status,
        "transaction_id": "t1",
        "bin": BIN,
        "name": {"initials": "J", "last_name": SURNAME},
        "age": {"date_of_birth": "1970-02-03"},
    })
    .to_string()
}

const NOTICE: &str = r#"{"status":"success","transaction_id":"t1","notice":"The transaction was successful, but the data was not retrieved within 30 seconds.","notice_code":2000}"#;

fn files_in(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect()
}

fn assert_private(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", path.display());
    }
}

fn assert_nothing_personal(text: &str) {
    for value in [BIN, "Surname", "1970-02-03"] {
        assert!(!text.contains(value), "{value} leaked: {text}");
    }
}

fn watch_args(dir: &Path) -> Vec<String> {
    [
        "watch",
        "cm-idin",
        "t1",
        "--merchant-reference",
        "ref-1",
        "--interval",
        "10ms",
        "--json",
        "--save-dir",
        dir.to_str().unwrap(),
    ]
    .map(str::to_owned)
    .to_vec()
}

#[test]
fn watch_stops_at_the_first_answer_with_personal_data_whatever_its_status() {
    for status in ["Success", "open", "success", "sandbox_hold"] {
        let fake = Fake::start();
        let dir = temp_dir(&format!("watch-{status}"));
        fake.send(200, r#"{"status":"open","transaction_id":"t1"}"#);
        fake.send(200, &identity(status));
        // Were the watch to ask again, this would replace the identity.
        fake.send(200, NOTICE);
        let args = watch_args(&dir);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = idin_command(&fake, &args).output().unwrap();
        assert_eq!(code(&output), Some(0), "{status}: {}", stderr(&output));
        assert_eq!(fake.requests(), 2, "{status}: no read after the identity");
        let files = files_in(&dir);
        assert_eq!(files.len(), 1, "{status}: {files:?}");
        let saved = std::fs::read_to_string(&files[0]).unwrap();
        assert!(saved.contains(BIN), "{status}: the identity is in the file");
        assert_private(&files[0]);
        assert!(
            stderr(&output).contains(&files[0].display().to_string()),
            "the path is named on stderr: {}",
            stderr(&output)
        );
        let records = json_lines(&output);
        let last = records.last().unwrap();
        assert_eq!(last["last"], true);
        assert_eq!(last["saved_to"], files[0].display().to_string());
        assert_nothing_personal(&stdout(&output));
        assert_nothing_personal(&stderr(&output));
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn get_keeps_the_identity_in_a_default_file_named_on_stderr() {
    let fake = Fake::start();
    let dir = temp_dir("get-default");
    fake.send(200, &identity("success"));
    let output = idin_get(&fake, &["--json"])
        .env("TXSTATUS_SAVE_DIR", &dir)
        .output()
        .unwrap();
    let value = json(&output);
    let files = files_in(&dir);
    assert_eq!(files.len(), 1);
    assert_eq!(value["saved_to"], files[0].display().to_string());
    assert_eq!(
        std::fs::read_to_string(&files[0]).unwrap(),
        identity("success")
    );
    assert_private(&files[0]);
    assert!(stderr(&output).contains(&files[0].display().to_string()));
    assert_nothing_personal(&stdout(&output));
    // A notice-only answer leaves no file behind.
    fake.send(200, NOTICE);
    let other = temp_dir("get-default-notice");
    let output = idin_get(&fake, &["--save-dir", other.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    assert!(files_in(&other).is_empty());
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&other);
}

#[test]
fn a_save_dir_inside_a_git_work_tree_is_warned_about() {
    let fake = Fake::start();
    let repo = temp_dir("git-tree");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    let dir = repo.join("sub");
    std::fs::create_dir_all(&dir).unwrap();
    fake.send(200, &identity("success"));
    let output = idin_get(&fake, &["--save-dir", dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("git work tree"),
        "{}",
        stderr(&output)
    );
    let _ = std::fs::remove_dir_all(&repo);
}

#[test]
fn an_identity_lost_to_an_earlier_attempt_exits_3() {
    for json in [false, true] {
        let fake = Fake::start();
        let dir = temp_dir("lost");
        fake.send(500, r#"{"error":"oops"}"#);
        fake.send(200, NOTICE);
        let mut command = idin_get(&fake, &["--save-dir", dir.to_str().unwrap()]);
        if json {
            command.arg("--json");
        }
        let output = command.output().unwrap();
        assert_eq!(code(&output), Some(3), "{}", stderr(&output));
        assert!(
            output.stdout.is_empty(),
            "a single result prints nothing on failure"
        );
        assert!(stderr(&output).contains("attempt 2"), "{}", stderr(&output));
        if json {
            let error = json_error(&output);
            assert_eq!(error["exit_code"], 3);
            assert_eq!(error["kind"], "identity_lost");
        }
        assert_eq!(fake.requests(), 2);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn attempts_show_in_json_when_the_identity_arrives_after_a_failure() {
    let fake = Fake::start();
    let dir = temp_dir("attempts");
    fake.send(502, "bad gateway");
    fake.send(200, &identity("success"));
    let output = idin_get(&fake, &["--json", "--save-dir", dir.to_str().unwrap()])
        .output()
        .unwrap();
    let value = json(&output);
    assert_eq!(value["attempts"], 2);
    assert_eq!(value["earlier_attempt_may_have_reached_server"], true);
    assert!(stderr(&output).contains("attempt 2"), "{}", stderr(&output));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `sh` with a file-size limit of 0 and SIGXFSZ ignored: every file write fails
/// with EFBIG, while the pipes to the test still work.
#[cfg(unix)]
fn with_no_file_writes(command: &std::process::Command) -> std::process::Output {
    let mut shell = std::process::Command::new("/bin/sh");
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

#[cfg(unix)]
#[test]
fn a_failed_save_still_prints_what_was_allowed_and_leaves_no_empty_file() {
    let fake = Fake::start();
    let dir = temp_dir("save-fails");
    let target = dir.join("identity.json");
    fake.send(200, &identity("success"));
    let command = idin_get(
        &fake,
        &[
            "--save-raw",
            target.to_str().unwrap(),
            "--save-dir",
            dir.to_str().unwrap(),
            "--show-personal-data",
            "--json",
        ],
    );
    let output = with_no_file_writes(&command);
    assert_eq!(code(&output), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("cannot write"), "{err}");
    assert!(
        err.contains("failed too"),
        "each fallback is reported: {err}"
    );
    assert!(
        files_in(&dir).is_empty(),
        "no 0-byte file: {:?}",
        files_in(&dir)
    );
    let printed = stdout(&output);
    assert!(
        printed.contains(BIN),
        "the identity the user allowed is on stdout"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_existing_save_raw_file_is_never_overwritten() {
    let fake = Fake::start();
    let path = temp_path("exists.json");
    std::fs::write(&path, "keep").unwrap();
    let output = idin_get(&fake, &["--save-raw", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(code(&output), Some(2));
    assert_eq!(fake.requests(), 0);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "keep");
    let _ = std::fs::remove_file(&path);
}

#[test]
fn an_undecodable_success_is_kept_and_a_refusal_leaves_no_file() {
    let fake = Fake::start();
    let dir = temp_dir("undecodable");
    let save = dir.to_str().unwrap().to_owned();
    let args = [
        "get",
        "cm-idin",
        "t1",
        "--merchant-reference",
        "ref-1",
        "--save-dir",
        &save,
    ];
    // Cut short: it does not decode, and it holds the identity.
    let body = format!(r#"{{"status":"success","bin":"{BIN}","name":{{"last_name":"x""#);
    fake.send(200, &body);
    let output = idin_command(&fake, &args).output().unwrap();
    assert_eq!(code(&output), Some(1), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    let files = files_in(&dir);
    assert_eq!(files.len(), 1, "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&files[0]).unwrap(), body);
    assert_nothing_personal(&stderr(&output));
    std::fs::remove_file(&files[0]).unwrap();
    fake.send(403, r#"{"error":"merchant_token unknown"}"#);
    let output = idin_command(&fake, &args).output().unwrap();
    assert_eq!(code(&output), Some(5), "{}", stderr(&output));
    assert!(files_in(&dir).is_empty(), "an error body is no identity");
    let _ = std::fs::remove_dir_all(&dir);
}
