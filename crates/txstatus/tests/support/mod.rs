//! Helpers shared by the binary tests: run `txstatus`, and a raw fake provider.
#![allow(
    dead_code,
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::TcpListener,
    path::PathBuf,
    process::{Command, Output, Stdio},
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
        mpsc,
    },
};

use serde_json::Value;
use txstatus_sandbox::Sandbox;

/// Personal values that appear in the sandbox's documents.
pub const PERSONAL: &[&str] = &[
    "Jane",
    "JANE",
    "jane.sandbox",
    "1990-01-01",
    "Sandboxstraat",
];

/// Every variable a provider reads, removed so the host's environment cannot leak in.
pub const PROVIDER_VARS: &[&str] = &[
    "PERSONA_API_KEY",
    "PERSONA_BASE_URL",
    "CM_IDSCAN_KEY_ID",
    "CM_IDSCAN_SECRET",
    "CM_IDSCAN_BASE_URL",
    "CM_IDIN_MERCHANT_TOKEN",
    "CM_IDIN_BASE_URL",
    "CM_CHECKOUT_CLIENT_ID",
    "CM_CHECKOUT_CLIENT_SECRET",
    "CM_CHECKOUT_BASE_URL",
    "ONESPAN_TOKEN",
    "ONESPAN_TENANT",
    "ONESPAN_BASE_URL",
    "TXSTATUS_SAVE_DIR",
    "NO_COLOR",
    "PERSONA_WEBHOOK_SECRET",
    "CM_IDSCAN_WEBHOOK_HEADER",
    "CM_CHECKOUT_WEBHOOK_TOKEN",
    "ONESPAN_NOTIFY_ALLOW",
    "TXSTATUS_REDIS_URL",
    "TXSTATUS_BUDGET_NAME",
    "TXSTATUS_REDIS_ERASE_STREAM",
];

/// The binary with a clean environment and no proxy.
pub fn command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_txstatus"));
    command.args(args);
    for name in PROVIDER_VARS {
        command.env_remove(name);
    }
    command
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .env("NO_PROXY", "*");
    command
}

/// The binary configured for the sandbox.
pub fn sandboxed(sandbox: &Sandbox, args: &[&str]) -> Command {
    let mut command = command(args);
    for (name, value) in sandbox_env(sandbox) {
        command.env(name, value);
    }
    command
}

/// The environment docs/CLI.md gives for a sandbox: each provider's base URL and
/// credentials (what `txstatus sandbox` prints).
pub fn sandbox_env(sandbox: &Sandbox) -> Vec<(&'static str, String)> {
    use txstatus_sandbox::Provider;
    let c = sandbox.credentials();
    let mut vars = vec![
        ("PERSONA_BASE_URL", sandbox.base_url(Provider::Persona)),
        ("PERSONA_API_KEY", c.persona_api_key.clone()),
        ("CM_IDSCAN_BASE_URL", sandbox.base_url(Provider::CmIdScan)),
        ("CM_IDSCAN_KEY_ID", c.idscan_key_id.clone()),
        ("CM_IDSCAN_SECRET", c.idscan_secret.clone()),
        ("CM_IDIN_BASE_URL", sandbox.base_url(Provider::CmIdin)),
        ("CM_IDIN_MERCHANT_TOKEN", c.idin_merchant_token.clone()),
        (
            "CM_CHECKOUT_BASE_URL",
            sandbox.base_url(Provider::CmCheckout),
        ),
        ("CM_CHECKOUT_CLIENT_ID", c.checkout_client_id.clone()),
        (
            "CM_CHECKOUT_CLIENT_SECRET",
            c.checkout_client_secret.clone(),
        ),
        ("ONESPAN_BASE_URL", sandbox.base_url(Provider::OneSpan)),
        ("ONESPAN_TOKEN", c.onespan_token.clone()),
    ];
    if let Some(tenant) = &c.onespan_tenant {
        vars.push(("ONESPAN_TENANT", tenant.clone()));
    }
    vars
}

pub fn txstatus(sandbox: &Sandbox, args: &[&str]) -> Output {
    sandboxed(sandbox, args).output().unwrap()
}

pub fn bare(args: &[&str]) -> Output {
    command(args).output().unwrap()
}

/// Runs `command` with descriptor 1 closed (the shell's `>&-`).
pub fn with_stdout_closed(command: &Command) -> Output {
    let mut shell = Command::new("/bin/sh");
    shell
        .arg("-c")
        .arg("exec \"$0\" \"$@\" >&-")
        .arg(command.get_program())
        .args(command.get_args());
    for (name, value) in command.get_envs() {
        match value {
            Some(value) => shell.env(name, value),
            None => shell.env_remove(name),
        };
    }
    shell.stdin(Stdio::null()).output().unwrap()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

pub fn code(output: &Output) -> Option<i32> {
    output.status.code()
}

/// The one JSON document `get --json` printed.
pub fn json(output: &Output) -> Value {
    assert_eq!(code(output), Some(0), "stderr: {}", stderr(output));
    let text = stdout(output);
    assert_eq!(text.lines().count(), 1, "exactly one JSON document: {text}");
    serde_json::from_str(&text).unwrap()
}

/// Every line of a streaming command's stdout, each parsed as JSON.
pub fn json_lines(output: &Output) -> Vec<Value> {
    stdout(output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// The error document `--json` writes on stderr (its last line).
pub fn json_error(output: &Output) -> Value {
    let text = stderr(output);
    let line = text.lines().last().unwrap_or_default();
    serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {text}"))
}

pub fn temp_path(name: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("txstatus-{}-{name}", std::process::id()));
    let _ = std::fs::remove_file(&path);
    path
}

pub fn temp_dir(name: &str) -> PathBuf {
    let path = temp_path(name);
    let _ = std::fs::remove_dir_all(&path);
    std::fs::create_dir_all(&path).unwrap();
    path
}

pub fn assert_no_personal_data(output: &Output) {
    for text in [stdout(output), stderr(output)] {
        for value in PERSONAL {
            assert!(!text.contains(value), "{value} leaked: {text}");
        }
    }
}

/// A canned answer.
pub struct Reply {
    pub status: u16,
    pub body: String,
    /// Extra header lines (`Name: value`).
    pub headers: Vec<String>,
}

pub fn reply(status: u16, body: &str) -> Reply {
    Reply {
        status,
        body: body.to_owned(),
        headers: Vec::new(),
    }
}

/// A provider on a raw `TcpListener`: each request (one per connection) gets the
/// next reply sent into `replies`, waiting for it when none is queued yet, so a
/// test decides when an answer leaves.
pub struct Fake {
    pub url: String,
    pub replies: mpsc::Sender<Reply>,
    pub requests: Arc<AtomicUsize>,
    /// Each request received: its request line, then its body.
    pub received: Arc<Mutex<Vec<(String, String)>>>,
}

impl Fake {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (replies, queue) = mpsc::channel::<Reply>();
        let requests = Arc::new(AtomicUsize::new(0));
        let counter = requests.clone();
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = received.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let mut reader = BufReader::new(stream);
                let mut length = 0usize;
                let mut line = String::new();
                let mut request_line = String::new();
                loop {
                    line.clear();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        break;
                    }
                    if request_line.is_empty() {
                        request_line = line.trim_end().to_owned();
                    }
                    let lower = line.to_ascii_lowercase();
                    if let Some(value) = lower.strip_prefix("content-length:") {
                        length = value.trim().parse().unwrap_or(0);
                    }
                    if line == "\r\n" {
                        break;
                    }
                }
                let mut body = vec![0; length];
                let _ = reader.read_exact(&mut body);
                log.lock()
                    .unwrap()
                    .push((request_line, String::from_utf8_lossy(&body).into_owned()));
                counter.fetch_add(1, Ordering::SeqCst);
                let Ok(reply) = queue.recv() else { return };
                let mut stream = reader.into_inner();
                let extra: String = reply
                    .headers
                    .iter()
                    .map(|line| format!("{line}\r\n"))
                    .collect();
                let _ = write!(
                    stream,
                    "HTTP/1.1 {} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
                     {extra}connection: close\r\n\r\n{}",
                    reply.status,
                    reply.body.len(),
                    reply.body
                );
                let _ = stream.flush();
            }
        });
        Self {
            url,
            replies,
            requests,
            received,
        }
    }

    pub fn send(&self, status: u16, body: &str) {
        self.replies.send(reply(status, body)).unwrap();
    }

    /// Sends a reply with extra header lines (`Name: value`).
    pub fn send_with_headers(&self, status: u16, body: &str, headers: &[&str]) {
        let mut reply = reply(status, body);
        reply.headers = headers.iter().map(|line| (*line).to_owned()).collect();
        self.replies.send(reply).unwrap();
    }

    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

/// `txstatus` aimed at a fake iDIN.
pub fn idin_command(fake: &Fake, args: &[&str]) -> Command {
    let mut command = command(args);
    command
        .env("CM_IDIN_MERCHANT_TOKEN", "merchant-token-secret")
        .env("CM_IDIN_BASE_URL", &fake.url);
    command
}

/// `txstatus get cm-idin t1 --merchant-reference ref-1 EXTRA...` aimed at a fake iDIN.
pub fn idin_get(fake: &Fake, extra: &[&str]) -> Command {
    let mut args = vec!["get", "cm-idin", "t1", "--merchant-reference", "ref-1"];
    args.extend_from_slice(extra);
    idin_command(fake, &args)
}

/// `txstatus` aimed at a fake OneSpan.
pub fn onespan_command(fake: &Fake, args: &[&str]) -> Command {
    let mut command = command(args);
    command
        .env("ONESPAN_TOKEN", "onespan-token-secret")
        .env("ONESPAN_BASE_URL", &fake.url);
    command
}

/// `txstatus` aimed at a fake Persona.
pub fn persona_command(fake: &Fake, args: &[&str]) -> Command {
    let mut command = command(args);
    command
        .env("PERSONA_API_KEY", "persona-key-secret")
        .env("PERSONA_BASE_URL", &fake.url);
    command
}

/// A `listen` child and what it announced: its first stderr line names the
/// address it listens on.
pub struct Listening {
    pub child: std::process::Child,
    /// The rest of its stderr (the first line already read).
    pub stderr: BufReader<std::process::ChildStderr>,
    pub first: String,
    /// `host:port` from the first line.
    pub address: String,
}

/// Starts `command` (a `listen`) with stdout and stderr piped and reads the
/// address it announces.
pub fn start_listening(command: &mut Command) -> Listening {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    let address = first
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address announced: {first}"))
        .to_owned();
    Listening {
        child,
        stderr,
        first,
        address,
    }
}

/// Every line a child prints on stdout, sent as it is read.
pub fn stdout_lines(stdout: std::process::ChildStdout) -> mpsc::Receiver<String> {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if send.send(line).is_err() {
                break;
            }
        }
    });
    receive
}

/// Sends `signal` (`TERM`, `INT`...) to process `pid` with the shell's own
/// `kill` (a POSIX shell builtin): no `kill` program (procps) is needed.
pub fn kill(signal: &str, pid: impl ToString) -> std::process::ExitStatus {
    std::process::Command::new("sh")
        .args([
            "-c",
            "kill -s \"$1\" \"$2\"",
            "sh",
            signal,
            &pid.to_string(),
        ])
        .status()
        .unwrap()
}
