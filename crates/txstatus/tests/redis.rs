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
    crate::support::kill("TERM", &pid);
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_read_that_is_retried_takes_a_budget_slot_for_every_request_it_sends() {
    use txstatus_core::RateLimit;
    use txstatus_redis::RedisRateLimiter;
    use txstatus_sandbox::{Provider, ids::persona};

    let server = RedisServer::start();
    let sandbox = Sandbox::builder().start().await.unwrap();
    // Each is answered 503 (or 429) once, then `completed`: the client retries
    // within one read, so one read sends two requests.
    let ids = [persona::UNAVAILABLE, persona::RATE_LIMITED];
    let mut args = vec!["enqueue", "persona", "--interval", "50ms"];
    args.extend(ids);
    let output = with_redis(sandboxed(&sandbox, &args), &server)
        .output()
        .unwrap();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));

    let budget = "retried-reads";
    let mut command = with_redis(
        sandboxed(&sandbox, &["worker", "--rate-limit", "50/1m"]),
        &server,
    );
    command
        .env("TXSTATUS_BUDGET_NAME", budget)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
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
    let mut worker = Running { child, lines };
    let mut finished = BTreeSet::new();
    while finished.len() < ids.len() {
        let line = worker.lines.recv_timeout(PATIENCE).unwrap();
        let record: Value = serde_json::from_str(&line).unwrap();
        if record["status"]["terminal"] == true {
            finished.insert(record["id"].as_str().unwrap().to_owned());
        }
    }
    let (code, err) = terminate(&mut worker);
    assert_eq!(code, Some(0), "{err}");

    let sent: usize = ids
        .iter()
        .map(|id| sandbox.reads(Provider::Persona, id))
        .sum();
    assert!(sent >= 2 * ids.len(), "each id was answered twice: {sent}");
    let redis = Redis::connect(&server.config()).await.unwrap();
    let limiter = RedisRateLimiter::builder(
        &redis,
        format!("persona:{budget}"),
        RateLimit::new(50, Duration::from_secs(60)),
    )
    .build()
    .await
    .unwrap();
    let slots = limiter.starts().await.unwrap().len();
    assert!(
        sent <= slots,
        "{sent} requests reached the provider on {slots} slots of the shared budget"
    );
}

#[test]
fn a_redis_that_echoes_the_password_never_gets_it_printed_in_any_url_spelling() {
    let port = txstatus_redis::test_util::password_echoing_server(false);
    // As written in the URL, and as the server is sent it (percent-decoded).
    let cases = [
        ("Sup3r%2FS3cr3t%402026%21", "Sup3r/S3cr3t@2026!"),
        ("TOKEN%2B4a7Q%3D%3Dz9", "TOKEN+4a7Q==z9"),
    ];
    for (written, sent) in cases {
        let url = format!("redis://default:{written}@127.0.0.1:{port}/0");
        for args in [
            &["enqueue", "persona", "abc", "--json"][..],
            &["enqueue", "persona", "abc"][..],
            &["worker"][..],
        ] {
            let output = command(args)
                .env("TXSTATUS_REDIS_URL", &url)
                .env("PERSONA_API_KEY", "persona-key-for-this-test")
                .output()
                .unwrap();
            let err = stderr(&output);
            assert_eq!(code(&output), Some(1), "{args:?}: {err}");
            assert!(stdout(&output).is_empty(), "{args:?}");
            for secret in [written, sent] {
                assert!(!err.contains(secret), "{args:?}: {err}");
            }
            assert!(!err.contains("was the password"), "{args:?}: {err}");
            assert!(err.contains("TXSTATUS_REDIS_URL"), "{args:?}: {err}");
            assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        }
    }
}

#[test]
fn a_usage_error_is_exit_2_and_leaves_redis_alone_whether_redis_answers_or_not() {
    let server = RedisServer::start_with_password(PASSWORD);
    let down = format!("redis://:{PASSWORD}@127.0.0.1:1");
    // The command line, the variables set, and what the usage error names.
    type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);
    let cases: [Case<'_>; 6] = [
        (
            &["watch", "persona", "inq_1", "--rate-limit", "5/1s"],
            &[],
            "PERSONA_API_KEY",
        ),
        (
            &[
                "watch",
                "cm-idin",
                "0050001",
                "--rate-limit",
                "5/1s",
                "--json",
            ],
            &[("CM_IDIN_MERCHANT_TOKEN", "idin-token-for-this-test")],
            "--merchant-reference",
        ),
        (
            &["watch", "onespan", "tx_1", "--rate-limit", "5/1s"],
            &[("ONESPAN_TOKEN", "onespan-token-for-this-test")],
            "ONESPAN_BASE_URL",
        ),
        (
            &["listen", "--addr", "127.0.0.1:0", "--providers", "persona"],
            &[("PERSONA_API_KEY", "persona-key-for-this-test")],
            "PERSONA_WEBHOOK_SECRET",
        ),
        (
            &["erase", "persona", "txn_1", "--yes"],
            &[],
            "PERSONA_API_KEY",
        ),
        (
            &[
                "erase",
                "onespan",
                "tx_1",
                "--grace-period-days",
                "1",
                "--yes",
            ],
            &[("ONESPAN_TOKEN", "onespan-token-for-this-test")],
            "ONESPAN_BASE_URL",
        ),
    ];
    for (args, vars, named) in cases {
        for url in [down.clone(), server.url()] {
            let mut command = command(args);
            command.env("TXSTATUS_REDIS_URL", &url);
            for (name, value) in vars {
                command.env(name, value);
            }
            let output = command.output().unwrap();
            let err = stderr(&output);
            assert_eq!(code(&output), Some(2), "{args:?}: {err}");
            assert!(err.contains(named), "{args:?}: {err}");
            assert!(!err.contains(PASSWORD), "{args:?}: {err}");
            assert!(stdout(&output).is_empty(), "{args:?}");
        }
        assert_eq!(dbsize(&server, PASSWORD), 0, "{args:?} wrote to Redis");
    }
}

/// The number of keys the server holds (`DBSIZE`, over a socket of its own).
fn dbsize(server: &RedisServer, password: &str) -> u64 {
    use std::io::Write;
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", server.port())).unwrap();
    write!(
        stream,
        "*2\r\n$4\r\nAUTH\r\n${}\r\n{password}\r\n*1\r\n$6\r\nDBSIZE\r\n",
        password.len()
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let mut auth = String::new();
    reader.read_line(&mut auth).unwrap();
    assert_eq!(auth, "+OK\r\n");
    let mut size = String::new();
    reader.read_line(&mut size).unwrap();
    size.trim_end().trim_start_matches(':').parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_during_a_read_releases_its_lease_so_another_worker_claims_it_at_once() {
    let server = RedisServer::start();
    let fake = Fake::start();
    let id = "txn_read_in_flight";
    let output = with_redis(
        persona_command(&fake, &["enqueue", "persona", id, "--interval", "1h"]),
        &server,
    )
    .output()
    .unwrap();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    let mut child = with_redis(
        persona_command(&fake, &["worker", "--concurrency", "1"]),
        &server,
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    // The read is in flight: the fake holds its answer back.
    let start = Instant::now();
    while fake.requests() == 0 {
        assert!(start.elapsed() < PATIENCE, "the worker never read");
        thread::sleep(Duration::from_millis(20));
    }
    let (code, err) = terminate(&mut Running {
        child: {
            let stdout = child.stdout.take();
            drop(stdout);
            child
        },
        lines: mpsc::channel().1,
    });
    assert_eq!(code, Some(0), "{err}");
    let queue = WatchQueue::new(&Redis::connect(&server.config()).await.unwrap());
    // Due at once for the next worker, not after the 70 s lease.
    let lease = queue
        .claim("persona", Duration::from_secs(60))
        .await
        .unwrap()
        .map(|lease| lease.id);
    assert_eq!(lease.as_deref(), Some(id), "{err}");
}

/// Sends `commands` (each a list of arguments) over a socket of its own, after
/// `AUTH password`; the replies' first lines.
fn redis_commands(server: &RedisServer, password: &str, commands: &[&[&str]]) -> Vec<String> {
    use std::io::Write;
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", server.port())).unwrap();
    let auth = ["AUTH", password];
    let mut all: Vec<&[&str]> = vec![&auth];
    all.extend_from_slice(commands);
    for args in &all {
        let mut packed = format!("*{}\r\n", args.len());
        for arg in *args {
            packed.push_str(&format!("${}\r\n{arg}\r\n", arg.len()));
        }
        stream.write_all(packed.as_bytes()).unwrap();
    }
    let mut reader = BufReader::new(stream);
    let mut replies = Vec::new();
    for _ in &all {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        replies.push(line.trim_end().to_owned());
    }
    replies
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_whose_password_redis_now_refuses_stops_with_one_error_exit_1() {
    let server = RedisServer::start_with_password(PASSWORD);
    let sandbox = Sandbox::builder().start().await.unwrap();
    let id = create(&sandbox).await;
    let output = with_redis(sandboxed(&sandbox, &["enqueue", "persona", &id]), &server)
        .output()
        .unwrap();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    let mut worker = spawn_worker(&sandbox, &server, &["worker"]);
    worker.lines.recv_timeout(PATIENCE).unwrap();
    // The password changes and every connection is dropped: the worker's reconnects
    // are refused for as long as it runs.
    let replies = redis_commands(
        &server,
        PASSWORD,
        &[
            &["CONFIG", "SET", "requirepass", "a-new-password-0123"],
            &["CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes"],
        ],
    );
    assert_eq!(replies[..2], ["+OK", "+OK"], "{replies:?}");
    assert!(replies[2].starts_with(':'), "{replies:?}");
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
    assert!(!err.contains(PASSWORD), "{err}");
    assert!(!err.contains("a-new-password-0123"), "{err}");
    let last: Value = serde_json::from_str(err.trim_end().lines().last().unwrap()).unwrap();
    assert_eq!(last["schema"], "txstatus.error/1", "{err}");
    assert!(err.lines().count() <= 5, "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_whose_budget_key_holds_another_type_says_wrongtype_and_reads_once_repaired() {
    let server = RedisServer::start_with_password(PASSWORD);
    let sandbox = Sandbox::builder().start().await.unwrap();
    let id = create(&sandbox).await;
    let output = with_redis(
        sandboxed(&sandbox, &["enqueue", "persona", &id, "--interval", "1h"]),
        &server,
    )
    .output()
    .unwrap();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    // Another program (or an older version) left a string where the budget's log is.
    let log_key = "txstatus:rl:persona:wrongtype-budget:log";
    let replies = redis_commands(&server, PASSWORD, &[&["SET", log_key, "not-a-sorted-set"]]);
    assert_eq!(replies, ["+OK", "+OK"]);
    let mut child = with_redis(
        sandboxed(
            &sandbox,
            &["worker", "--concurrency", "1", "--rate-limit", "10/1s"],
        ),
        &server,
    )
    .env("TXSTATUS_BUDGET_NAME", "wrongtype-budget")
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let (out_tx, out_lines) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let _ = out_tx.send(line);
        }
    });
    let (err_tx, err_lines) = mpsc::channel();
    let stderr_pipe = child.stderr.take().unwrap();
    let collected = thread::spawn(move || {
        let mut all = String::new();
        for line in BufReader::new(stderr_pipe).lines() {
            let Ok(line) = line else { break };
            all.push_str(&line);
            all.push('\n');
            let _ = err_tx.send(line);
        }
        all
    });
    // The budget's own cause is said (not "unreachable"), and the worker keeps running.
    let start = Instant::now();
    loop {
        let line = err_lines
            .recv_timeout(PATIENCE.saturating_sub(start.elapsed()))
            .expect("the worker says why its budget failed");
        assert!(!line.contains("unreachable"), "{line}");
        if line.contains("WRONGTYPE") {
            assert!(!line.contains(log_key), "no key in messages: {line}");
            break;
        }
    }
    assert_eq!(child.try_wait().unwrap(), None, "the worker keeps running");
    assert!(out_lines.try_recv().is_err(), "nothing read without a slot");
    // Repaired: the transaction is read and its transition printed.
    let replies = redis_commands(&server, PASSWORD, &[&["DEL", log_key]]);
    assert_eq!(replies, ["+OK", ":1"]);
    let record: Value = serde_json::from_str(&out_lines.recv_timeout(PATIENCE).unwrap()).unwrap();
    assert_eq!(record["id"], id.as_str());
    crate::support::kill("TERM", child.id());
    let status = child.wait().unwrap();
    let err = collected.join().unwrap();
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(!err.contains(PASSWORD), "{err}");
}
