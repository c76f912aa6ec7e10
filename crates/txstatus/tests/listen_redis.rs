//! `txstatus listen` with `TXSTATUS_REDIS_URL`: listeners on one Redis share the
//! webhook state; each transition is recorded once in the stream however deliveries
//! are spread, printed with its stream id; a listener killed and restarted repeats
//! nothing and never goes backwards; the URL never shows.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use std::{
    collections::BTreeMap,
    io::{BufRead, BufReader, Read},
    process::Child,
    sync::mpsc,
    thread,
    time::Duration,
};

use persona_tx::{Client, ClientOptions, CreateTransaction};
use serde_json::Value;
use support::*;
use txstatus_redis::{Redis, RedisStore, test_util::RedisServer};
use txstatus_sandbox::{PERSONA_WEBHOOK_SECRET, Sandbox, persona_ids};
use txstatus_webhooks::Store;

/// Long enough for a loaded machine; never reached when things work.
const PATIENCE: Duration = Duration::from_secs(120);
const PASSWORD: &str = "listen-Redis-pw-7731";

struct Listener {
    child: Child,
    url: String,
    stdout: thread::JoinHandle<()>,
    stderr: thread::JoinHandle<String>,
}

/// A listener whose stdout lines go to `lines`.
fn spawn(sandbox: &Sandbox, redis: &RedisServer, lines: mpsc::Sender<String>) -> Listener {
    let Listening {
        mut child,
        mut stderr,
        first,
        address,
    } = start_listening(
        sandboxed(
            sandbox,
            &["listen", "--addr", "127.0.0.1:0", "--providers", "persona"],
        )
        .env("PERSONA_WEBHOOK_SECRET", PERSONA_WEBHOOK_SECRET)
        .env("TXSTATUS_REDIS_URL", redis.url()),
    );
    let stderr = thread::spawn(move || {
        let mut rest = first;
        stderr.read_to_string(&mut rest).unwrap();
        rest
    });
    let out = child.stdout.take().unwrap();
    let stdout = thread::spawn(move || {
        for line in BufReader::new(out).lines() {
            let Ok(line) = line else { break };
            let _ = lines.send(line);
        }
    });
    Listener {
        child,
        url: format!("http://{address}/webhooks/persona"),
        stdout,
        stderr,
    }
}

impl Listener {
    /// SIGTERM (or SIGKILL), then the exit code and stderr.
    fn stop(mut self, signal: &str) -> (Option<i32>, String) {
        let pid = self.child.id().to_string();
        let sent = crate::support::kill(signal.trim_start_matches('-'), &pid);
        assert!(sent.success());
        let status = self.child.wait().unwrap();
        self.stdout.join().unwrap();
        (status.code(), self.stderr.join().unwrap())
    }
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

/// Waits for the next printed record, whichever listener printed it.
fn next_record(lines: &mpsc::Receiver<String>) -> Value {
    let line = lines.recv_timeout(PATIENCE).unwrap();
    serde_json::from_str(&line).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_listeners_on_one_redis_record_and_print_each_transition_once_across_restarts() {
    let redis = RedisServer::start_with_password(PASSWORD);
    let sandbox = Sandbox::builder()
        .persona_step_interval(Duration::ZERO)
        .start()
        .await
        .unwrap();
    let (send, lines) = mpsc::channel();
    let a = spawn(&sandbox, &redis, send.clone());
    let b = spawn(&sandbox, &redis, send.clone());
    let id = create(&sandbox).await;

    // The first state, delivered to A, then the same event retried to B.
    let first = sandbox.persona_webhook(&a.url, &id).unwrap();
    assert_eq!(first.send().await.unwrap(), 200);
    let mut printed = vec![next_record(&lines)];
    let mut retry = first.clone();
    retry.url = b.url.clone();
    assert_eq!(retry.send().await.unwrap(), 200);

    // The transaction moves on; new events reach both listeners.
    sandbox.advance_persona(&id);
    for url in [&a.url, &b.url, &a.url] {
        let delivery = sandbox.persona_webhook(url, &id).unwrap();
        assert_eq!(delivery.send().await.unwrap(), 200);
    }
    printed.push(next_record(&lines));

    // A dies without a goodbye and comes back; the provider retries everything.
    let (_, a_stderr) = a.stop("-KILL");
    let a = spawn(&sandbox, &redis, send.clone());
    let mut old = first.clone();
    old.url = a.url.clone();
    assert_eq!(old.send().await.unwrap(), 200);
    sandbox.advance_persona(&id);
    let delivery = sandbox.persona_webhook(&a.url, &id).unwrap();
    assert_eq!(delivery.send().await.unwrap(), 200);
    printed.push(next_record(&lines));

    let (a_code, a_stderr2) = a.stop("-TERM");
    let (b_code, b_stderr) = b.stop("-TERM");
    assert_eq!(
        (a_code, b_code),
        (Some(0), Some(0)),
        "{a_stderr2}\n{b_stderr}"
    );
    drop(send);
    printed.extend(
        lines
            .iter()
            .map(|line| serde_json::from_str::<Value>(&line).unwrap()),
    );

    // The stream: one entry per transition, in order, never backwards.
    let store = RedisStore::new(&Redis::connect(&redis.config()).await.unwrap());
    let recorded = store.transitions(0, 100).await.unwrap();
    assert_eq!(recorded.len(), 3, "{recorded:?}");
    for pair in recorded.windows(2) {
        assert_eq!(pair[1].previous.as_ref(), Some(&pair[0].status));
    }
    // Printed: each record with its stream id; at least once, so deduplicated by it,
    // exactly what the stream holds.
    let mut by_id = BTreeMap::new();
    for record in &printed {
        assert_eq!(record["schema"], "txstatus.transition/1");
        assert_eq!(record["id"], id.as_str());
        let stream_id = record["stream_id"].as_str().unwrap().to_owned();
        by_id.insert(stream_id, record["status"]["raw"].clone());
    }
    let expected = recorded
        .iter()
        .map(|t| {
            (
                t.stream_id.clone().unwrap(),
                Value::from(t.status.raw.clone()),
            )
        })
        .collect::<BTreeMap<_, _>>();
    assert_eq!(by_id, expected);

    for text in [a_stderr, a_stderr2, b_stderr] {
        assert!(!text.contains(PASSWORD), "{text}");
        assert!(!text.contains(&redis.url()), "{text}");
        assert!(!text.contains(PERSONA_WEBHOOK_SECRET));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_redis_password_fails_before_binding_without_echoing_the_url() {
    let redis = RedisServer::start_with_password(PASSWORD);
    let sandbox = Sandbox::builder().start().await.unwrap();
    let wrong = format!("redis://:not-{PASSWORD}@127.0.0.1:{}", redis.port());
    let output = sandboxed(
        &sandbox,
        &["listen", "--addr", "127.0.0.1:0", "--providers", "persona"],
    )
    .env("PERSONA_WEBHOOK_SECRET", PERSONA_WEBHOOK_SECRET)
    .env("TXSTATUS_REDIS_URL", &wrong)
    .output()
    .unwrap();
    assert_eq!(code(&output), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("TXSTATUS_REDIS_URL"), "{stderr}");
    assert!(!stderr.contains("listening"), "{stderr}");
    assert!(!stderr.contains(PASSWORD), "{stderr}");
    let malformed = sandboxed(&sandbox, &["listen", "--providers", "persona"])
        .env("PERSONA_WEBHOOK_SECRET", PERSONA_WEBHOOK_SECRET)
        .env("TXSTATUS_REDIS_URL", format!("http://:{PASSWORD}@x"))
        .output()
        .unwrap();
    assert_eq!(code(&malformed), Some(2));
    assert!(!String::from_utf8_lossy(&malformed.stderr).contains(PASSWORD));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_listener_stopped_while_redis_is_down_stops_at_the_first_failure_and_says_what_is_left() {
    let mut redis = RedisServer::start_with_password(PASSWORD);
    let sandbox = Sandbox::builder()
        .persona_step_interval(Duration::ZERO)
        .start()
        .await
        .unwrap();
    let (send, lines) = mpsc::channel();
    let listener = spawn(&sandbox, &redis, send);
    let id = create(&sandbox).await;
    // A delivery answered 2xx and printed: the listener reads its stream.
    let delivery = sandbox.persona_webhook(&listener.url, &id).unwrap();
    assert_eq!(delivery.send().await.unwrap(), 200);
    let printed = next_record(&lines);
    assert_eq!(printed["id"], id.as_str());

    // Redis goes away, then the listener is asked to stop: its final prints meet the
    // failure once and end there (no retry, no pause per batch), saying what is left.
    redis.kill();
    let (code, stderr) = listener.stop("-INT");
    assert_eq!(code, Some(0), "{stderr}");
    let stopping = "stopping without printing the rest";
    assert_eq!(stderr.matches(stopping).count(), 1, "{stderr}");
    let after_stop = stderr.split(stopping).nth(1).unwrap_or_default();
    assert!(!after_stop.contains("retrying"), "{stderr}");
    assert!(stderr.contains("txstatus-listen"), "{stderr}");
    assert!(!stderr.contains(PASSWORD), "{stderr}");
    assert!(!stderr.contains(&redis.url()), "{stderr}");
    assert!(lines.try_recv().is_err(), "nothing more printed");
}
