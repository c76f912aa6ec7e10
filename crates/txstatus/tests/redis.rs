//! `enqueue`, `worker`, `watch --rate-limit` and `erase` on a real Redis and the sandbox.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use std::{
    collections::{BTreeSet, HashSet},
    io::{BufRead, BufReader, Read},
    process::{Child, Command, Stdio},
    sync::mpsc,
    thread,
    time::{Duration, Instant},
};

use persona_tx::{Client, ClientOptions, CreateTransaction};
use serde_json::Value;
use support::*;
use txstatus_redis::{Redis, WatchQueue, test_util::RedisServer};
use txstatus_sandbox::{Sandbox, persona_ids};

/// Long enough for a loaded machine; never reached when things work.
const PATIENCE: Duration = Duration::from_secs(120);
const PASSWORD: &str = "s3cret-redis-pass";

fn with_redis(mut command: Command, server: &RedisServer) -> Command {
    command.env("TXSTATUS_REDIS_URL", server.url());
    command
}

async fn create(sandbox: &Sandbox) -> String {
    let client = Client::builder(sandbox.credentials().persona_api_key.clone())
        .base_url(sandbox.persona_base_url())
        .configure_transport(|t| t.no_proxy())
        .build()
        .unwrap();
    client
        .create_transaction(&CreateTransaction::new(persona_ids::TRANSACTION_TYPE_ID))
        .await
        .unwrap()
        .into_value()
        .data
        .id
}

struct Running {
    child: Child,
    lines: mpsc::Receiver<String>,
}

fn spawn_worker(sandbox: &Sandbox, server: &RedisServer, args: &[&str]) -> Running {
    let mut child = with_redis(sandboxed(sandbox, args), server)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, lines) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    Running { child, lines }
}

fn terminate(running: &mut Running) -> (Option<i32>, String) {
    let pid = running.child.id().to_string();
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    let status = running.child.wait().unwrap();
    let mut err = String::new();
    running
        .child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (status.code(), err)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_worker_processes_record_each_transition_once_and_stop_cleanly_on_sigterm() {
    let server = RedisServer::start_with_password(PASSWORD);
    let sandbox = Sandbox::builder()
        .persona_step_interval(Duration::from_millis(300))
        .start()
        .await
        .unwrap();
    let mut ids = Vec::new();
    for _ in 0..4 {
        ids.push(create(&sandbox).await);
    }
    let mut args = vec!["enqueue", "persona", "--interval", "50ms", "--json"];
    args.extend(ids.iter().map(String::as_str));
    let output = with_redis(sandboxed(&sandbox, &args), &server)
        .output()
        .unwrap();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    let records = json_lines(&output);
    assert_eq!(records.len(), ids.len());
    assert!(
        records
            .iter()
            .all(|r| r["schema"] == "txstatus.enqueue/1" && r["outcome"] == "added")
    );

    let worker_args = ["worker", "--concurrency", "2", "--rate-limit", "40/1s"];
    let mut workers = vec![
        spawn_worker(&sandbox, &server, &worker_args),
        spawn_worker(&sandbox, &server, &worker_args),
    ];
    let mut seen: Vec<Value> = Vec::new();
    let mut finished = BTreeSet::new();
    let start = Instant::now();
    while finished.len() < ids.len() {
        assert!(start.elapsed() < PATIENCE, "finished: {finished:?}");
        for worker in &workers {
            while let Ok(line) = worker.lines.try_recv() {
                let record: Value = serde_json::from_str(&line).unwrap();
                if record["status"]["terminal"] == true {
                    finished.insert(record["id"].as_str().unwrap().to_owned());
                }
                seen.push(record);
            }
        }
        thread::sleep(Duration::from_millis(20));
    }
    for worker in &mut workers {
        let (code, err) = terminate(worker);
        assert_eq!(code, Some(0), "{err}");
        assert!(!err.contains(PASSWORD), "{err}");
        assert!(!err.contains(&server.port().to_string()), "{err}");
    }
    let mut stream_ids = HashSet::new();
    let mut states = HashSet::new();
    for record in &seen {
        assert_eq!(record["schema"], "txstatus.transition/1");
        assert_eq!(record["source"], "poll");
        assert!(stream_ids.insert(record["stream_id"].as_str().unwrap().to_owned()));
        let key = format!("{}/{}", record["id"], record["status"]["raw"]);
        assert!(states.insert(key.clone()), "{key} recorded twice");
    }
    // Enqueuing a finished id reports it and watches nothing.
    let output = with_redis(
        sandboxed(&sandbox, &["enqueue", "persona", &ids[0]]),
        &server,
    )
    .output()
    .unwrap();
    assert_eq!(code(&output), Some(0));
    assert!(stdout(&output).contains("finished"), "{}", stdout(&output));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn erase_also_removes_the_shared_state_and_says_what_stays() {
    let server = RedisServer::start();
    let sandbox = Sandbox::builder().start().await.unwrap();
    let id = create(&sandbox).await;
    let output = with_redis(sandboxed(&sandbox, &["enqueue", "persona", &id]), &server)
        .output()
        .unwrap();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    let queue = WatchQueue::new(&Redis::connect(&server.config()).await.unwrap());
    assert!(queue.state("persona", &id).await.unwrap().is_some());
    let output = with_redis(
        sandboxed(&sandbox, &["erase", "persona", &id, "--yes"]),
        &server,
    )
    .output()
    .unwrap();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("not removed"),
        "{}",
        stderr(&output)
    );
    assert_eq!(queue.state("persona", &id).await.unwrap(), None);
    assert_eq!(queue.scheduled("persona").await.unwrap(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_with_a_rate_limit_shares_the_stored_budget_and_reports_a_mismatch() {
    let server = RedisServer::start();
    let sandbox = Sandbox::builder().start().await.unwrap();
    let first = with_redis(
        sandboxed(
            &sandbox,
            &[
                "watch",
                "persona",
                "sbx-progress",
                "--interval",
                "10ms",
                "--rate-limit",
                "50/1s",
            ],
        ),
        &server,
    )
    .output()
    .unwrap();
    assert_eq!(code(&first), Some(0), "{}", stderr(&first));
    let second = with_redis(
        sandboxed(
            &sandbox,
            &[
                "watch",
                "persona",
                "sbx-progress",
                "--interval",
                "10ms",
                "--rate-limit",
                "60/1s",
            ],
        ),
        &server,
    )
    .output()
    .unwrap();
    assert_eq!(code(&second), Some(0), "{}", stderr(&second));
    assert!(stderr(&second).contains("mismatch"), "{}", stderr(&second));
}

#[test]
fn an_unreachable_redis_is_one_clear_error_without_the_url() {
    let url = format!("redis://:{PASSWORD}@127.0.0.1:1");
    let output = command(&["enqueue", "persona", "a"])
        .env("TXSTATUS_REDIS_URL", &url)
        .output()
        .unwrap();
    assert_eq!(code(&output), Some(1), "{}", stderr(&output));
    assert!(!stderr(&output).contains(PASSWORD));
    assert!(stderr(&output).contains("TXSTATUS_REDIS_URL"));
    let output = command(&["enqueue", "persona", "a"])
        .env("TXSTATUS_REDIS_URL", format!("http://:{PASSWORD}@x"))
        .output()
        .unwrap();
    assert_eq!(code(&output), Some(2), "{}", stderr(&output));
    assert!(!stderr(&output).contains(PASSWORD));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_stopping_under_a_worker_is_one_clear_error_exit_1() {
    let mut server = RedisServer::start_with_password(PASSWORD);
    let sandbox = Sandbox::builder().start().await.unwrap();
    let id = create(&sandbox).await;
    let output = with_redis(sandboxed(&sandbox, &["enqueue", "persona", &id]), &server)
        .output()
        .unwrap();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    let mut worker = spawn_worker(&sandbox, &server, &["worker", "--rate-limit", "10/1s"]);
    // Its first record says it runs (readiness, not a timing assertion).
    worker.lines.recv_timeout(PATIENCE).unwrap();
    server.kill();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = worker.child.try_wait().unwrap() {
            break status;
        }
        assert!(start.elapsed() < PATIENCE, "the worker kept running");
        thread::sleep(Duration::from_millis(50));
    };
    let mut err = String::new();
    worker
        .child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(err.contains("redis"), "{err}");
    assert!(!err.contains(PASSWORD), "{err}");
    // One error, not a storm.
    assert!(err.lines().count() <= 5, "{err}");
}
