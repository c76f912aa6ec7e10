//! Credentials the CLI's clients sent without being given them (CM Checkout's
//! fetched token, however often it is replaced; the signature of each JWT ID
//! Scan's client signs) are withheld from everything written, in every
//! spelling, glued to other text, escaped or split; a token that would rewrite
//! the CLI's own output (punctuation, a word) is not searched for.
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
    sync::{Arc, Mutex},
};

use crate::support;

use support::*;

/// An HTTP fake answering from the request line, the bearer token the client
/// sent and a request counter; it records each request line and token.
struct Echo {
    url: String,
    seen: Arc<Mutex<Vec<(String, String)>>>,
}

type Answer = (u16, String);

impl Echo {
    fn start(answer: impl Fn(&str, &str) -> Answer + Send + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let mut reader = BufReader::new(stream);
                let (mut length, mut line) = (0usize, String::new());
                let (mut request_line, mut bearer) = (String::new(), String::new());
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
                    if lower.starts_with("authorization:") {
                        let value = line["authorization:".len()..].trim();
                        bearer = value.split_once(' ').map_or(value, |(_, t)| t).to_owned();
                    }
                    if line == "\r\n" {
                        break;
                    }
                }
                let mut body = vec![0; length];
                let _ = reader.read_exact(&mut body);
                log.lock()
                    .unwrap()
                    .push((request_line.clone(), bearer.clone()));
                let (status, body) = answer(&request_line, &bearer);
                let mut stream = reader.into_inner();
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.flush();
            }
        });
        Self { url, seen }
    }
}

const CHECKOUT_ID: &str = "3f0c1f0e-6c53-4d6b-9a55-0d1c7d0a4b12";
const CHECKOUT_SECRET: &str = "cs_Mn4Bv5Cx6Zl7Kj8Hg9Fd0Sa1Qw2";

fn checkout_doc(status: &str, reference: &str) -> String {
    serde_json::json!({"id": CHECKOUT_ID, "amount": 995, "currency": "EUR", "status": status, "reference": reference})
        .to_string()
}

/// The `n`th token a rotating endpoint issues: 28 random-looking characters.
fn nth_token(n: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut state = (n as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (0..28)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            char::from(ALPHABET[(state % ALPHABET.len() as u64) as usize])
        })
        .collect()
}

fn checkout(fake: &Echo, args: &[&str]) -> std::process::Output {
    command(args)
        .env("CM_CHECKOUT_CLIENT_ID", "merchant-client")
        .env("CM_CHECKOUT_CLIENT_SECRET", CHECKOUT_SECRET)
        .env("CM_CHECKOUT_BASE_URL", &fake.url)
        .output()
        .unwrap()
}

#[test]
fn the_first_of_many_rotated_checkout_tokens_echoed_late_is_never_printed_nor_kept() {
    let issued = Arc::new(Mutex::new(0usize));
    let reads = Arc::new(Mutex::new(0usize));
    let (tokens, counted) = (issued.clone(), reads.clone());
    let fake = Echo::start(move |line, _| {
        if line.contains("/oauth2/token") {
            let mut n = tokens.lock().unwrap();
            let token = nth_token(*n);
            *n += 1;
            return (
                200,
                serde_json::json!({"access_token": token, "expires_in": 0, "token_type": "Bearer"})
                    .to_string(),
            );
        }
        let mut read = counted.lock().unwrap();
        *read += 1;
        if *read < 70 {
            (200, checkout_doc("OPEN", "order-1"))
        } else {
            (200, checkout_doc("SUCCESS", &nth_token(0)))
        }
    });
    let file = temp_path("rotated-token.json");
    let _ = std::fs::remove_file(&file);
    let save = format!("--save-raw={}", file.to_str().unwrap());
    let output = checkout(
        &fake,
        &[
            "watch",
            "cm-checkout",
            CHECKOUT_ID,
            "--json",
            "--interval",
            "1ms",
            "--timeout",
            "2m",
            &save,
        ],
    );
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    assert!(*issued.lock().unwrap() >= 70);
    let kept = std::fs::read_to_string(&file).unwrap_or_default();
    let _ = std::fs::remove_file(&file);
    for text in [stdout(&output), stderr(&output), kept] {
        assert!(!text.contains(&nth_token(0)), "{text}");
    }
}

const IDSCAN_SECRET: &str = "idscan-Secret-7Hq2Lx9Vb4";
const IDSCAN_ID: &str = "2c2f04a5-44e4-4a83-aa53-1a9fa90c2394";

fn idscan(fake: &Echo, args: &[&str]) -> std::process::Output {
    command(args)
        .env("CM_IDSCAN_KEY_ID", "key-1")
        .env("CM_IDSCAN_SECRET", IDSCAN_SECRET)
        .env("CM_IDSCAN_BASE_URL", &fake.url)
        .output()
        .unwrap()
}

/// The JWT the client sent, echoed glued to a prefix, with its dots escaped in
/// a kept body, or split over two fields: its signature is never written.
#[test]
fn the_id_scan_jwt_sent_echoed_glued_escaped_or_split_is_never_printed_nor_kept() {
    let file = temp_path("echoed-sent-jwt.json");
    for (shape, keep) in [
        ("jwt:{}", false),
        ("https://cdn.example/t/{}", false),
        ("Bearer:{}", false),
        ("escaped", true),
        ("split", false),
    ] {
        let fake = Echo::start(move |_, bearer| {
            let body = match shape {
                "escaped" => format!(
                    r#"{{"id":"{IDSCAN_ID}","state":"pending","echo":"{}"}}"#,
                    bearer.replace('.', "\\u002e")
                ),
                "split" => {
                    let (signed, signature) = bearer.rsplit_once('.').unwrap_or_default();
                    serde_json::json!({"id": IDSCAN_ID, "state": "pending", "a": signed, "b": signature})
                        .to_string()
                }
                _ => serde_json::json!({"id": IDSCAN_ID, "state": "pending", "echo": shape.replace("{}", bearer)})
                    .to_string(),
            };
            (200, body)
        });
        let _ = std::fs::remove_file(&file);
        let save = format!("--save-raw={}", file.to_str().unwrap());
        let mut args = vec![
            "get",
            "cm-idscan",
            IDSCAN_ID,
            "--json",
            "--show-personal-data",
        ];
        if keep {
            args.push(&save);
        }
        let output = idscan(&fake, &args);
        assert_eq!(code(&output), Some(0), "{}", stderr(&output));
        let sent = fake.seen.lock().unwrap()[0].1.clone();
        assert!(sent.starts_with("eyJ"), "{sent}");
        let signature = sent.rsplit('.').next().unwrap().to_owned();
        let kept = std::fs::read_to_string(&file).unwrap_or_default();
        for text in [stdout(&output), kept] {
            assert!(!text.contains(&signature), "{shape}: {text}");
        }
    }
    let _ = std::fs::remove_file(&file);
}

/// A token made of JSON punctuation or spelling one of the CLI's own words is
/// not searched for: the JSON line stays one document with its schema. (A long
/// token equal to a value the CLI writes is withheld there, inside the string.)
#[test]
fn a_token_of_punctuation_or_a_word_leaves_json_output_whole() {
    for token in [
        ":null,\"",
        "schema",
        "\",\"schema\":\"x-y-z-w\"",
        "txstatus.report/1",
    ] {
        let fake = Echo::start(move |line, _| {
            if line.contains("/oauth2/token") {
                return (
                    200,
                    serde_json::json!({"access_token": token, "expires_in": 3600, "token_type": "Bearer"})
                        .to_string(),
                );
            }
            (200, checkout_doc("OPEN", "order-1"))
        });
        let output = checkout(&fake, &["get", "cm-checkout", CHECKOUT_ID, "--json"]);
        assert_eq!(code(&output), Some(0), "{}", stderr(&output));
        let document: serde_json::Value = serde_json::from_str(&stdout(&output))
            .unwrap_or_else(|e| panic!("{token}: {e}: {}", stdout(&output)));
        if token != "txstatus.report/1" {
            assert_eq!(document["schema"], "txstatus.report/1", "{token}");
        }
    }
}
