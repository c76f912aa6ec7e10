//! Eighteenth outside audit: a Ctrl-C (or `timeout`'s SIGTERM) that comes while
//! CM is already sending iDIN's answer. `get cm-idin` abandoned the read there,
//! said "no answer was kept" and exited 1 (`watch` kept nothing either): the
//! identity CM was handing out, once, was gone. Each now finishes the read under way and keeps its answer; a second
//! signal abandons it.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Child, Stdio},
    sync::mpsc,
    time::{Duration, Instant},
};

use crate::support;

use support::*;

const IDENTITY: &str = r#"{"status":"success","transaction_id":"t1","name":{"last_name":"Interruptedsurname"},"email_address":"interrupted@example.nl"}"#;

/// A provider that answers one request with a 200 whose body comes in two parts:
/// the status line with the first bytes (then says so on `first`), and the rest
/// when `rest` says go.
fn split_provider(first: mpsc::Sender<()>, rest: mpsc::Receiver<()>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream);
        let mut length = 0usize;
        let mut line = String::new();
        loop {
            line.clear();
            if reader.read_line(&mut line).unwrap() == 0 {
                return;
            }
            if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = value.trim().parse().unwrap();
            }
            if line == "\r\n" {
                break;
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let mut stream = reader.into_inner();
        write!(
            stream,
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
             connection: close\r\n\r\n{}",
            IDENTITY.len(),
            &IDENTITY[..20]
        )
        .unwrap();
        stream.flush().unwrap();
        first.send(()).unwrap();
        if rest.recv().is_ok() {
            // The client may be gone (it was, before the fix).
            let _ = stream.write_all(&IDENTITY.as_bytes()[20..]);
            let _ = stream.flush();
        }
        let _ = stream.read(&mut [0; 64]);
    });
    url
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect()
}

fn signal(child: &Child, name: &str) {
    let sent = crate::support::kill(name, child.id());
    assert!(sent.success());
}

/// `<verb> cm-idin t1` against `url`, its stderr in a file the test reads while it runs.
fn spawn_idin(verb: &str, url: &str, dir: &Path, stderr_file: &Path) -> Child {
    let mut command = command(&[
        verb,
        "cm-idin",
        "t1",
        "--merchant-reference",
        "ref-1",
        "--json",
        "--save-dir",
        dir.to_str().unwrap(),
    ]);
    command
        .env("CM_IDIN_MERCHANT_TOKEN", "merchant-token-secret")
        .env("CM_IDIN_BASE_URL", url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(stderr_file).unwrap());
    command.spawn().unwrap()
}

/// Waits (asserting no speed) until the child exited or its stderr says `text`.
fn until_exit_or_said(child: &mut Child, stderr_file: &Path, text: &str) {
    let started = Instant::now();
    while child.try_wait().unwrap().is_none()
        && !std::fs::read_to_string(stderr_file).unwrap().contains(text)
    {
        assert!(started.elapsed() < Duration::from_secs(60), "stuck");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_get_or_watch_cm_idin_interrupted_while_the_answer_arrives_keeps_the_identity() {
    for (verb, name) in [
        ("get", "INT"),
        ("get", "TERM"),
        ("watch", "INT"),
        ("watch", "TERM"),
    ] {
        let name = format!("{verb} {name}");
        let (first_tx, first_rx) = mpsc::channel();
        let (rest_tx, rest_rx) = mpsc::channel();
        let url = split_provider(first_tx, rest_rx);
        let dir = temp_dir(&format!(
            "idin-interrupted-arriving-{}",
            name.replace(' ', "-")
        ));
        let stderr_file = dir.join("stderr.txt");
        let keep = dir.join("keep");
        std::fs::create_dir_all(&keep).unwrap();
        let mut child = spawn_idin(verb, &url, &keep, &stderr_file);
        first_rx.recv().unwrap();
        signal(&child, &name[verb.len() + 1..]);
        until_exit_or_said(&mut child, &stderr_file, "finishing the status read");
        rest_tx.send(()).unwrap();
        let output = child.wait_with_output().unwrap();
        let err = std::fs::read_to_string(&stderr_file).unwrap();
        let kept = files_in(&keep);
        assert_eq!(kept.len(), 1, "{name}: the identity was not kept: {err}");
        assert_eq!(
            std::fs::read_to_string(&kept[0]).unwrap(),
            IDENTITY,
            "{name}"
        );
        assert_eq!(code(&output), Some(0), "{name}: {err}");
        let out = stdout(&output);
        for personal in ["Interruptedsurname", "interrupted@example.nl"] {
            assert!(!out.contains(personal), "{name}: {out}");
            assert!(!err.contains(personal), "{name}: {err}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn a_second_signal_abandons_the_cm_idin_read_under_way() {
    for verb in ["get", "watch"] {
        let (first_tx, first_rx) = mpsc::channel();
        let (rest_tx, rest_rx) = mpsc::channel::<()>();
        let url = split_provider(first_tx, rest_rx);
        let dir = temp_dir(&format!("idin-interrupted-twice-{verb}"));
        let stderr_file = dir.join("stderr.txt");
        let keep = dir.join("keep");
        std::fs::create_dir_all(&keep).unwrap();
        let mut child = spawn_idin(verb, &url, &keep, &stderr_file);
        first_rx.recv().unwrap();
        signal(&child, "INT");
        until_exit_or_said(&mut child, &stderr_file, "finishing the status read");
        signal(&child, "INT");
        let output = child.wait_with_output().unwrap();
        drop(rest_tx);
        let err = std::fs::read_to_string(&stderr_file).unwrap();
        assert_eq!(code(&output), Some(1), "{verb}: {err}");
        assert!(output.stdout.is_empty(), "{verb}");
        assert!(
            err.contains("interrupted by SIGINT or SIGTERM"),
            "{verb}: {err}"
        );
        assert!(files_in(&keep).is_empty(), "{verb}: {:?}", files_in(&keep));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
