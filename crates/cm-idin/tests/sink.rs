//! The identity sink: answers that may hold an identity are durable before
//! `status()` returns them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;

use std::{
    io,
    path::PathBuf,
    sync::{Arc, Mutex},
};

use cm_idin::{FileSink, IdentitySink};
use support::fixture;
use txstatus_core::{BoxFuture, RawBody};

/// Records what it was given, or fails when told to.
#[derive(Debug, Default)]
struct Recorder {
    seen: Mutex<Vec<(String, Vec<u8>)>>,
    fail: bool,
}

impl IdentitySink for Recorder {
    fn persist<'a>(
        &'a self,
        transaction_id: &'a str,
        raw: &'a RawBody,
    ) -> BoxFuture<'a, io::Result<String>> {
        Box::pin(async move {
            if self.fail {
                return Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"));
            }
            self.seen
                .lock()
                .unwrap()
                .push((transaction_id.to_owned(), raw.as_bytes().to_vec()));
            Ok("memory".to_owned())
        })
    }
}

async fn serve(body: Vec<u8>) -> mockito::ServerGuard {
    let mut server = mockito::Server::new_async().await;
    server
        .mock("POST", "/status")
        .with_status(200)
        .with_body(body)
        .create_async()
        .await;
    server
}

fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cm-idin-sink-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test]
async fn every_answer_that_may_hold_an_identity_reaches_the_sink_before_status_returns() {
    for case in [
        "status-success",
        "status-unknown-status-with-identity",
        "status-open-with-identity",
        "status-truncated",
    ] {
        let server = serve(fixture(case)).await;
        let recorder = Arc::new(Recorder::default());
        let client = support::client_with_sink(&server.url(), recorder.clone());

        let _ = client.status("3645651845961623", "ref").await;

        let seen = recorder.seen.lock().unwrap();
        assert_eq!(seen.len(), 1, "{case}");
        assert_eq!(seen[0].0, "3645651845961623");
        assert_eq!(seen[0].1, fixture(case), "{case}");
    }
}

#[tokio::test]
async fn answers_without_personal_data_are_not_persisted() {
    for (case, id) in [
        ("status-open", "3645651845961623"),
        ("status-success-notice-2000", "3645651845961623"),
        ("status-failure", "3645651845961625"),
    ] {
        let server = serve(fixture(case)).await;
        let recorder = Arc::new(Recorder::default());
        let client = support::client_with_sink(&server.url(), recorder.clone());

        client.status(id, "ref").await.unwrap();

        assert!(recorder.seen.lock().unwrap().is_empty(), "{case}");
    }
}

/// CM may add a personal value under a name this version does not read; the
/// answer is handed out once, so a body with any non-null member outside the
/// model reaches the sink even when no known personal field is set. Known-only
/// answers, and unknown members that are `null`, do not.
#[tokio::test]
async fn an_answer_with_a_member_the_model_does_not_read_reaches_the_sink() {
    for (body, persisted) in [
        (
            &br#"{"status":"success","transaction_id":"3645651845961623","birth_name":"Visser"}"#[..],
            true,
        ),
        (
            br#"{"status":"success","name":{"legal_last_name":"Hoogendoorn-Visser"}}"#,
            true,
        ),
        (
            br#"{"status":"success","address":{"region":"Groningen"},"age":{}}"#,
            true,
        ),
        (
            br#"{"status":"success","age":{"place_of_birth":"Zwolle"}}"#,
            true,
        ),
        (
            br#"{"status":"Success","identity":{"bin":"NLINGB3x4u8"}}"#,
            true,
        ),
        (
            br#"{"status":"success","notice_code":2000,"consumer":[1]}"#,
            true,
        ),
        (
            br#"{"status":"open","transaction_id":"3645651845961623","issued_at":null,"name":{"x":null}}"#,
            false,
        ),
        (
            br#"{"status":"success","notice":"late","notice_code":2000,"name":null}"#,
            false,
        ),
    ] {
        let server = serve(body.to_vec()).await;
        let recorder = Arc::new(Recorder::default());
        let client = support::client_with_sink(&server.url(), recorder.clone());

        client.status("3645651845961623", "ref").await.unwrap();

        let seen = recorder.seen.lock().unwrap();
        let shown = String::from_utf8_lossy(body);
        assert_eq!(seen.len(), usize::from(persisted), "{shown}");
        if persisted {
            assert_eq!(seen[0].1, body, "{shown}");
        }
    }
}

#[tokio::test]
async fn a_failing_sink_is_an_error_that_still_carries_the_whole_body() {
    let server = serve(fixture("status-success")).await;
    let recorder = Arc::new(Recorder {
        fail: true,
        ..Recorder::default()
    });
    let client = support::client_with_sink(&server.url(), recorder);

    let error = client.status("3645651845961623", "ref").await.unwrap_err();

    assert_eq!(error.body().unwrap().as_bytes(), fixture("status-success"));
    assert!(!error.is_retryable());
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("Dijk"), "{shown}");
}

#[tokio::test]
async fn the_file_sink_writes_a_new_private_file_per_answer() {
    let dir = scratch_dir("files");
    let server = serve(fixture("status-success")).await;
    let client = support::client_with_sink(&server.url(), Arc::new(FileSink::new(&dir)));

    client.status("3645651845961623", "ref").await.unwrap();
    client.status("3645651845961623", "ref").await.unwrap();

    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 2, "one new file per answer, none overwritten");
    for file in &files {
        assert_eq!(std::fs::read(file).unwrap(), fixture("status-success"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_file_sink_keeps_hostile_ids_out_of_the_path() {
    let dir = scratch_dir("names");
    let sink = FileSink::new(&dir);

    let path = sink.write("../../etc/passwd\n", b"{}").unwrap();

    assert_eq!(path.parent().unwrap(), dir);
    assert!(
        path.file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("idin-______etc_passwd_-")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_file_sink_in_a_missing_directory_fails_the_call_and_keeps_the_body() {
    let server = serve(fixture("status-success")).await;
    let missing = std::env::temp_dir().join("cm-idin-sink-missing-dir/nested");
    let client = support::client_with_sink(&server.url(), Arc::new(FileSink::new(missing)));

    let error = client.status("3645651845961623", "ref").await.unwrap_err();

    assert_eq!(error.body().unwrap().as_bytes(), fixture("status-success"));
}
