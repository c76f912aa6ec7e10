//! The request trace from outside: `txstatus -v` (and every logging variable a
//! user might set, `RUST_LOG=trace` included) against providers that echo the
//! credentials they were sent, in other forms (upper or lower case, percent-encoded,
//! base64) and in hostile places (request id, redirect, challenge, cookie, custom
//! headers, error bodies), never puts a credential or a personal value on
//! stdout, stderr or in a file.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use std::process::{Command, Output};

use support::*;

/// Credentials shaped like real ones: plain tokens (which an error message may
/// quote as a request id or code), and with characters percent-encoding changes.
const PERSONA_KEY: &str = "persona_live_EchoKey90abCDef";
const ONESPAN_TOKEN: &str = "eyJhbGciOi.OneSpanEchoToken77XYZ";
const IDSCAN_SECRET: &str = "IdScanEchoSecretQw3141";
const IDIN_TOKEN: &str = "IdinEchoMerchantTok2718";
const CHECKOUT_SECRET: &str = "CheckoutEchoSecretCs1618";
const CHECKOUT_ID: &str = "checkout-client-0001";
/// Appended to every secret in the second round.
const ENCODED_TAIL: &str = "+Zq/9=";

/// Personal values a hostile provider puts in its headers.
const PERSONAL_HEADERS: &[&str] = &["Jannetje Echovrouw", "jannetje.echo@example.com"];

/// Logging variables a user might set; the CLI must not turn any of them into
/// a dependency's header or body log.
const LOG_ENV: &[(&str, &str)] = &[
    ("RUST_LOG", "trace"),
    ("RUST_LOG_STYLE", "always"),
    ("RUST_BACKTRACE", "full"),
    ("TXSTATUS_LOG", "trace"),
];

fn b64(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = text.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

fn percent(text: &str, lower: bool) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                char::from(b).to_string()
            } else if lower {
                format!("%{b:02x}")
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The forms a provider echoes a credential in.
fn echoed_forms(secret: &str) -> Vec<String> {
    vec![
        secret.to_owned(),
        secret.to_ascii_uppercase(),
        secret.to_ascii_lowercase(),
        percent(secret, false),
        percent(secret, true),
        b64(secret),
    ]
}

/// Header lines quoting `secret` in every form and personal values.
fn hostile_headers(secret: &str) -> Vec<String> {
    let forms = echoed_forms(secret);
    vec![
        format!("Request-Id: {}", forms[1]),
        format!("X-Request-Id: {}", forms[2]),
        format!(
            "Location: https://elsewhere.example/{}?token={}",
            percent(PERSONAL_HEADERS[0], true),
            forms[4]
        ),
        format!(
            "WWW-Authenticate: Bearer error=\"invalid_token\", error_description=\"{} {}\"",
            forms[0], PERSONAL_HEADERS[1]
        ),
        format!("Set-Cookie: session={}; HttpOnly", forms[5]),
        format!("X-Echo: {} {}", forms[3], PERSONAL_HEADERS[0]),
    ]
}

/// An error body quoting `secret` in every form where providers put words.
fn hostile_body(secret: &str) -> String {
    let forms = echoed_forms(secret);
    let [head, tail] = halves(secret);
    format!(
        r#"{{"errors":[{{"title":"{}","details":"{} (key {head}... ends ...{tail})","code":"{}"}}],"message":"{}","error":"{}","error_description":"{}","requestId":"{}"}}"#,
        forms[1], forms[2], forms[1], forms[3], forms[2], forms[5], forms[1]
    )
}

/// `secret` split in two, as a provider quoting it in two fields would.
fn halves(secret: &str) -> [&str; 2] {
    let (head, tail) = secret.split_at(secret.len() / 2);
    [head, tail]
}

fn leaks_in(
    what: &str,
    secret: &str,
    output: &Output,
    files: &[std::path::PathBuf],
    personal: bool,
) -> Vec<String> {
    let mut found = Vec::new();
    let mut texts = vec![("stdout", stdout(output)), ("stderr", stderr(output))];
    for file in files {
        if let Ok(text) = std::fs::read_to_string(file) {
            texts.push(("a kept file", text));
        }
    }
    for (stream, text) in &texts {
        for form in echoed_forms(secret)
            .into_iter()
            .chain(halves(secret).map(str::to_owned))
        {
            if text.contains(&form) {
                found.push(format!(
                    "{what}: the credential as {form:?} on {stream}: {text}"
                ));
            }
        }
        for value in PERSONAL_HEADERS.iter().filter(|_| personal) {
            if text.contains(value) {
                found.push(format!("{what}: {value} on {stream}: {text}"));
            }
        }
    }
    for line in stderr(output).lines() {
        if line.starts_with("txstatus: trace:") && line.contains(".rs:") {
            found.push(format!("{what}: a source path in the trace: {line}"));
        }
    }
    found
}

/// A fake that answers the next `n` requests with `status`, the hostile
/// headers and body.
fn echoing(secret: &str, status: u16, n: usize) -> Fake {
    let fake = Fake::start();
    let headers = hostile_headers(secret);
    let lines: Vec<&str> = headers.iter().map(String::as_str).collect();
    for _ in 0..n {
        fake.send_with_headers(status, &hostile_body(secret), &lines);
    }
    fake
}

struct Case {
    /// Variables that do not hold the secret.
    env: &'static [(&'static str, &'static str)],
    secret_var: &'static str,
    base_var: &'static str,
    secret: &'static str,
    args: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        env: &[],
        secret_var: "PERSONA_API_KEY",
        base_var: "PERSONA_BASE_URL",
        secret: PERSONA_KEY,
        args: &["get", "persona", "txn_1"],
    },
    Case {
        env: &[],
        secret_var: "PERSONA_API_KEY",
        base_var: "PERSONA_BASE_URL",
        secret: PERSONA_KEY,
        args: &[
            "watch",
            "persona",
            "txn_1",
            "--timeout",
            "1s",
            "--interval",
            "10ms",
        ],
    },
    Case {
        env: &[],
        secret_var: "PERSONA_API_KEY",
        base_var: "PERSONA_BASE_URL",
        secret: PERSONA_KEY,
        args: &["erase", "persona", "txn_1", "--yes"],
    },
    Case {
        env: &[],
        secret_var: "ONESPAN_TOKEN",
        base_var: "ONESPAN_BASE_URL",
        secret: ONESPAN_TOKEN,
        args: &["get", "onespan", "tx-1", "--outcome"],
    },
    Case {
        env: &[],
        secret_var: "ONESPAN_TOKEN",
        base_var: "ONESPAN_BASE_URL",
        secret: ONESPAN_TOKEN,
        args: &[
            "erase",
            "onespan",
            "tx-1",
            "--yes",
            "--grace-period-days",
            "30",
        ],
    },
    Case {
        env: &[("CM_IDSCAN_KEY_ID", "idscan-key-0001")],
        secret_var: "CM_IDSCAN_SECRET",
        base_var: "CM_IDSCAN_BASE_URL",
        secret: IDSCAN_SECRET,
        args: &["get", "cm-idscan", "tx-1", "--result", "res-1"],
    },
    Case {
        env: &[],
        secret_var: "CM_IDIN_MERCHANT_TOKEN",
        base_var: "CM_IDIN_BASE_URL",
        secret: IDIN_TOKEN,
        args: &["get", "cm-idin", "tx-1", "--merchant-reference", "ref-1"],
    },
    Case {
        env: &[("CM_CHECKOUT_CLIENT_ID", CHECKOUT_ID)],
        secret_var: "CM_CHECKOUT_CLIENT_SECRET",
        base_var: "CM_CHECKOUT_BASE_URL",
        secret: CHECKOUT_SECRET,
        args: &["get", "cm-checkout", "tx-1"],
    },
];

fn run(case: &Case, secret: &str, fake: &Fake, extra: &[&str], dir: &std::path::Path) -> Output {
    let raw = dir.join("raw.json");
    let mut args = vec!["-v"];
    args.extend_from_slice(case.args);
    for flag in extra {
        args.push(flag);
        if *flag == "--save-raw" {
            // Kept in `dir`, which the test reads back.
            args.push(raw.to_str().unwrap());
        }
    }
    let mut command: Command = command(&args);
    for (name, value) in case.env {
        command.env(name, value);
    }
    for (name, value) in LOG_ENV {
        command.env(name, value);
    }
    command
        .env(case.secret_var, secret)
        .env(case.base_var, &fake.url)
        .env("TXSTATUS_SAVE_DIR", dir)
        .current_dir(dir);
    command.output().unwrap()
}

#[test]
fn the_verbose_trace_never_shows_a_credential_echoed_in_any_form_or_a_personal_header() {
    let mut leaks = Vec::new();
    for tail in ["", ENCODED_TAIL] {
        for status in [401_u16, 422, 503] {
            for case in CASES {
                for extra in [
                    &[][..],
                    &["--json"][..],
                    &["--show-personal-data"][..],
                    &["--save-raw", "--show-personal-data"][..],
                ] {
                    // A 503 is retried with real waits: once per command and flag.
                    if status == 503 && !tail.is_empty() {
                        continue;
                    }
                    let only_get_and_watch = extra.contains(&"--show-personal-data");
                    if only_get_and_watch && case.args[0] == "erase"
                        || extra.contains(&"--save-raw") && case.args.contains(&"--outcome")
                    {
                        continue;
                    }
                    let secret = format!("{}{tail}", case.secret);
                    let dir = temp_dir(&format!("trace-leaks-{status}-{}", case.base_var));
                    let fake = echoing(&secret, status, 8);
                    let output = run(case, &secret, &fake, extra, &dir);
                    let what = format!(
                        "HTTP {status}: {} {} (secret {secret})",
                        case.args.join(" "),
                        extra.join(" ")
                    );
                    assert!(
                        fake.requests() >= 1,
                        "{what}: nothing was sent: {}",
                        stderr(&output)
                    );
                    assert!(
                        stderr(&output).contains("trace"),
                        "{what}: {}",
                        stderr(&output)
                    );
                    let files: Vec<_> = std::fs::read_dir(&dir)
                        .unwrap()
                        .map(|entry| entry.unwrap().path())
                        .collect();
                    leaks.extend(leaks_in(
                        &what,
                        &secret,
                        &output,
                        &files,
                        !extra.contains(&"--show-personal-data"),
                    ));
                    let _ = std::fs::remove_dir_all(&dir);
                }
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "{} leaks:\n{}",
        leaks.len(),
        leaks.join("\n---\n")
    );
}

/// A raw HTTP/1.1 POST to `listen`, whatever its headers say; its status line.
/// A write the server cut short (a body refused by its announced length before
/// it is read) is not a failure: the answer is read all the same.
fn post_raw(address: &str, target: &str, headers: &[String], body: &str) -> String {
    use std::io::{Read as _, Write as _};
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .unwrap();
    let extra: String = headers.iter().map(|line| format!("{line}\r\n")).collect();
    let _ = write!(
        stream,
        "POST {target} HTTP/1.1\r\nhost: {address}\r\ncontent-type: application/json\r\n\
         content-length: {}\r\n{extra}connection: close\r\n\r\n{body}",
        body.len()
    );
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.lines().next().unwrap_or_default().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_verbose_listen_trace_never_shows_the_webhook_secret_or_what_a_delivery_carries() {
    use std::io::{BufRead as _, Read as _};
    const SECRET: &str = "wbhsec_EchoListen+Zq/4242abcd";
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let mut command = sandboxed(
        &sandbox,
        &[
            "-v",
            "listen",
            "--addr",
            "127.0.0.1:0",
            "--providers",
            "persona",
        ],
    );
    for (name, value) in LOG_ENV {
        command.env(name, value);
    }
    let mut child = command
        // Rotation: the sandbox signs with the second secret.
        .env(
            "PERSONA_WEBHOOK_SECRET",
            format!("{SECRET},{}", txstatus_sandbox::PERSONA_WEBHOOK_SECRET),
        )
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    let address = first
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address announced: {first}"))
        .to_owned();
    let forms = echoed_forms(SECRET);
    let target = format!(
        "/webhooks/persona?secret={}&email={}&token={}",
        forms[4],
        percent(PERSONAL_HEADERS[1], true),
        forms[5]
    );
    let body = format!(
        r#"{{"data":{{"type":"event","id":"evt_1","attributes":{{"name":"transaction.status-updated","payload":{{"data":{{"type":"transaction","id":"txn_{}","attributes":{{"name":"{}","secret":"{}"}}}}}}}}}}}}"#,
        forms[1], PERSONAL_HEADERS[0], forms[2]
    );
    let mut headers = hostile_headers(SECRET);
    headers.push(format!("Persona-Signature: t=1,v1={}", forms[0]));
    headers.push(format!("Authorization: Bearer {}", forms[3]));
    headers.push(format!("Cookie: s={}", forms[1]));
    let mut answers = Vec::new();
    for _ in 0..3 {
        answers.push(post_raw(&address, &target, &headers, &body));
    }
    // A delivery refused for its size.
    answers.push(post_raw(
        &address,
        &target,
        &headers,
        &"x".repeat(2_000_000),
    ));
    // A signed delivery: re-read (traced) and printed.
    let (lines, read) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let _ = lines.send(line);
        }
    });
    let id = create_persona(&sandbox).await;
    let signed = sandbox
        .persona_webhook(&format!("http://{address}/webhooks/persona"), &id)
        .unwrap();
    assert_eq!(signed.send().await.unwrap(), 200);
    let record = read
        .recv_timeout(std::time::Duration::from_secs(120))
        .unwrap();
    assert!(!id.is_empty() && record.contains(&id), "{record}");
    let pid = child.id().to_string();
    let sent = crate::support::kill("TERM", &pid);
    assert!(sent.success());
    let mut rest = first;
    stderr.read_to_string(&mut rest).unwrap();
    reader.join().unwrap();
    let out: String = std::iter::once(record).chain(read.try_iter()).collect();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{rest}");
    assert!(
        answers.iter().take(3).all(|line| line.contains(" 401 ")),
        "{answers:?}"
    );
    assert!(
        rest.contains("txstatus.request"),
        "the re-read is traced: {rest}"
    );
    assert!(
        rest.contains("txstatus_webhooks"),
        "refusals are traced by target: {rest}"
    );
    assert!(!rest.contains(".rs:"), "a source path in the trace: {rest}");
    for text in [&out, &rest] {
        for form in &forms {
            assert!(!text.contains(form.as_str()), "{form} in: {text}");
        }
        for value in PERSONAL_HEADERS {
            assert!(!text.contains(value), "{value} in: {text}");
        }
    }
}

async fn create_persona(sandbox: &txstatus_sandbox::Sandbox) -> String {
    use persona_tx::{Client, ClientOptions, CreateTransaction};
    let client = Client::builder(sandbox.credentials().persona_api_key.clone())
        .base_url(sandbox.persona_base_url())
        .configure_transport(|t| t.no_proxy())
        .build()
        .unwrap();
    client
        .create_transaction(&CreateTransaction::new(
            txstatus_sandbox::persona_ids::TRANSACTION_TYPE_ID,
        ))
        .await
        .unwrap()
        .into_value()
        .data
        .id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_verbose_trace_of_every_reading_command_against_the_sandbox_holds_no_credential_or_personal_value()
 {
    use txstatus_sandbox::ids;
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let dir = temp_dir("trace-leaks-sandbox");
    let save = dir.to_str().unwrap();
    let runs: Vec<Vec<&str>> = vec![
        vec![
            "get",
            "persona",
            ids::persona::APPROVED,
            "--include",
            "account",
        ],
        vec!["get", "persona", ids::persona::NOT_FOUND],
        vec!["get", "persona", ids::persona::RATE_LIMITED, "--json"],
        vec![
            "watch",
            "persona",
            ids::persona::PROGRESS,
            "--interval",
            "10ms",
        ],
        vec!["get", "cm-idscan", ids::idscan::COMPLETED],
        vec![
            "get",
            "cm-idscan",
            ids::idscan::COMPLETED,
            "--result",
            ids::idscan::RESULT_ID,
            "--json",
        ],
        vec![
            "get",
            "cm-idin",
            ids::idin::IDENTITY_ONCE,
            "--merchant-reference",
            ids::idin::MERCHANT_REFERENCE,
            "--save-dir",
            save,
        ],
        vec!["get", "cm-checkout", ids::checkout::PROGRESS],
        vec!["get", "onespan", ids::onespan::COMPLETED, "--outcome"],
        vec![
            "get",
            "onespan",
            ids::onespan::COMPLETED,
            "--with-verifications",
            "--json",
        ],
        vec!["list", "persona", "--limit", "2"],
        vec!["events", "persona", "--limit", "2", "--json"],
        vec!["erase", "persona", ids::persona::COMPLETED, "--yes"],
        vec![
            "erase",
            "onespan",
            ids::onespan::COMPLETED,
            "--grace-period-days",
            "30",
            "--yes",
            "--json",
        ],
    ];
    let credentials: Vec<String> = sandbox_env(&sandbox)
        .into_iter()
        .filter(|(name, _)| !name.ends_with("_BASE_URL") && !name.ends_with("_ID"))
        .map(|(_, value)| value)
        .collect();
    for args in runs {
        let mut full = vec!["-v"];
        full.extend_from_slice(&args);
        let mut command = sandboxed(&sandbox, &full);
        for (name, value) in LOG_ENV {
            command.env(name, value);
        }
        let output = command.current_dir(&dir).output().unwrap();
        let what = args.join(" ");
        let err = stderr(&output);
        assert!(err.contains("txstatus.request"), "{what}: {err}");
        for text in [stdout(&output), err] {
            for credential in &credentials {
                for form in echoed_forms(credential) {
                    assert!(!text.contains(&form), "{what}: {form} in: {text}");
                }
            }
            for value in PERSONAL {
                assert!(!text.contains(value), "{what}: {value} in: {text}");
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
