//! `txstatus listen` (issue 19) as a process: the sandbox delivers, the listener
//! authenticates, re-reads and prints each transition once.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use std::{
    io::Read,
    process::Child,
    sync::mpsc,
    thread,
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use persona_tx::{Client, ClientOptions, CreateTransaction};
use serde_json::Value;
use support::*;
use txstatus_core::SecretString;
use txstatus_sandbox::{PERSONA_WEBHOOK_SECRET, Sandbox, persona_ids};

/// Long enough for a loaded machine; never reached when things work.
const PATIENCE: Duration = Duration::from_secs(120);

struct Listener {
    child: Child,
    url: String,
    lines: mpsc::Receiver<String>,
    stderr: thread::JoinHandle<String>,
}

fn spawn(sandbox: &Sandbox, secret: &str) -> Listener {
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
        .env("PERSONA_WEBHOOK_SECRET", secret),
    );
    let stderr = thread::spawn(move || {
        let mut rest = first;
        stderr.read_to_string(&mut rest).unwrap();
        rest
    });
    let lines = stdout_lines(child.stdout.take().unwrap());
    Listener {
        child,
        url: format!("http://{address}/webhooks/persona"),
        lines,
        stderr,
    }
}

impl Listener {
    fn next_record(&self) -> Value {
        let line = self.lines.recv_timeout(PATIENCE).unwrap();
        serde_json::from_str(&line).unwrap()
    }

    /// SIGTERM, then the exit code, the lines printed after and stderr.
    fn terminate(mut self) -> (Option<i32>, Vec<String>, String) {
        let pid = self.child.id().to_string();
        let sent = crate::support::kill("TERM", &pid);
        assert!(sent.success());
        let status = self.child.wait().unwrap();
        let rest = self.lines.iter().collect();
        (status.code(), rest, self.stderr.join().unwrap())
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

async fn still_sandbox() -> Sandbox {
    Sandbox::builder()
        .persona_step_interval(Duration::ZERO)
        .start()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_delivery_prints_one_transition_and_forged_or_repeated_ones_print_none() {
    let sandbox = still_sandbox().await;
    let listener = spawn(&sandbox, &format!(" {PERSONA_WEBHOOK_SECRET} ,"));
    let id = create(&sandbox).await;

    let signed = sandbox.persona_webhook(&listener.url, &id).unwrap();
    assert_eq!(signed.send().await.unwrap(), 200);
    let record = listener.next_record();
    assert_eq!(record["schema"], "txstatus.transition/1");
    assert_eq!(record["provider"], "persona");
    assert_eq!(record["id"], id.as_str());
    assert_eq!(record["source"], "webhook");
    assert_eq!(record["status"]["raw"], "created");
    assert_eq!(record["event_id"], signed.event_id.as_deref().unwrap());

    // Signed with a secret the listener does not hold, for a changed transaction.
    sandbox.advance_persona(&id);
    let mut forged = sandbox.persona_webhook(&listener.url, &id).unwrap();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let signature = persona_tx::webhook::signature_header(
        &SecretString::from("wbhsec_not_the_one"),
        now,
        &forged.body,
    );
    for (name, value) in &mut forged.headers {
        if name == "Persona-Signature" {
            *value = signature.clone();
        }
    }
    let reads = sandbox.stats().total_requests();
    assert_eq!(forged.send().await.unwrap(), 401);
    // The first delivery again: acknowledged, not re-read.
    assert_eq!(signed.send().await.unwrap(), 200);

    let (code, rest, stderr) = listener.terminate();
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        rest,
        Vec::<String>::new(),
        "nothing after the one transition"
    );
    assert_eq!(
        sandbox.stats().total_requests(),
        reads,
        "neither the forgery nor the duplicate caused a read"
    );
    assert!(!stderr.contains(PERSONA_WEBHOOK_SECRET));
    for value in PERSONAL {
        assert!(!stderr.contains(value));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_with_nothing_received_exits_zero_with_empty_stdout() {
    let sandbox = still_sandbox().await;
    let listener = spawn(&sandbox, PERSONA_WEBHOOK_SECRET);
    let (code, rest, stderr) = listener.terminate();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(rest.is_empty());
    // Without TXSTATUS_REDIS_URL the listener says its state does not survive a restart.
    assert!(stderr.contains("state is in memory"), "{stderr}");
    assert!(
        stderr.contains("deliveries acknowledged but not yet re-read are lost"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_header_http_sets_itself_is_a_usage_error_saying_why_never_the_value() {
    let sandbox = still_sandbox().await;
    for line in [
        "Content-Length: 4711-s3cret",
        "host: 4711-s3cret",
        " Transfer-Encoding : 4711-s3cret",
        "Content-Type: 4711-s3cret",
    ] {
        let output = sandboxed(
            &sandbox,
            &[
                "listen",
                "--addr",
                "127.0.0.1:0",
                "--providers",
                "cm-idscan",
            ],
        )
        .env("CM_IDSCAN_WEBHOOK_HEADER", line)
        .output()
        .unwrap();
        assert_eq!(code(&output), Some(2), "{line}");
        assert!(stdout(&output).is_empty(), "{line}");
        let error = json_error(&output);
        let message = error["message"].as_str().unwrap();
        assert!(
            message.contains("CM_IDSCAN_WEBHOOK_HEADER") && message.contains("HTTP sets itself"),
            "{line}: {message}"
        );
        let stderr = stderr(&output);
        assert!(
            !stderr.contains("4711") && !stderr.contains("s3cret"),
            "{stderr}"
        );
        assert!(!stderr.contains("listening"), "{stderr}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_webhook_secret_is_a_usage_error_before_binding() {
    let sandbox = still_sandbox().await;
    // All four by default: Persona's secret alone is not enough.
    let only_persona = sandboxed(&sandbox, &["listen", "--addr", "127.0.0.1:0"])
        .env("PERSONA_WEBHOOK_SECRET", PERSONA_WEBHOOK_SECRET)
        .output()
        .unwrap();
    assert_eq!(code(&only_persona), Some(2));
    assert!(stdout(&only_persona).is_empty());
    let error = json_error(&only_persona);
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("CM_IDSCAN_WEBHOOK_HEADER"),
        "{error}"
    );
    assert!(!stderr(&only_persona).contains("listening"));
    assert!(!stderr(&only_persona).contains(PERSONA_WEBHOOK_SECRET));

    let none = txstatus(
        &sandbox,
        &["listen", "--addr", "127.0.0.1:0", "--providers", "persona"],
    );
    assert_eq!(code(&none), Some(2));
    assert!(stderr(&none).contains("PERSONA_WEBHOOK_SECRET"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_provider_without_webhooks_is_a_usage_error() {
    let output = bare(&["listen", "--providers", "cm-idin"]);
    assert_eq!(code(&output), Some(2));
    assert!(stdout(&output).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_onespan_allow_list_set_to_nothing_is_a_usage_error_not_unset() {
    let sandbox = still_sandbox().await;
    for list in ["", " ", ",", " , "] {
        let output = sandboxed(
            &sandbox,
            &["listen", "--addr", "127.0.0.1:0", "--providers", "onespan"],
        )
        .env("ONESPAN_NOTIFY_ALLOW", list)
        .output()
        .unwrap();
        assert_eq!(code(&output), Some(2), "{list:?}");
        assert!(stdout(&output).is_empty(), "{list:?}");
        let error = json_error(&output);
        assert!(
            error["message"]
                .as_str()
                .unwrap()
                .contains("ONESPAN_NOTIFY_ALLOW"),
            "{list:?}: {error}"
        );
        assert!(!stderr(&output).contains("listening"), "{list:?}");
    }
}
