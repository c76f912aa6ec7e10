//! A tiny HTTP/1.1 client over a raw `TcpStream`, an HS256 JWT maker, and one status
//! reader per provider, for the sandbox's integration tests.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::net::SocketAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ring::hmac;
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use txstatus_sandbox::{Provider, Sandbox};

/// One HTTP request.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: &'static str,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn get(path: impl Into<String>) -> Self {
        Request {
            method: "GET",
            path: path.into(),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub fn post(path: impl Into<String>, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Request {
            method: "POST",
            path: path.into(),
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
        }
    }

    pub fn post_json(path: impl Into<String>, body: &Value) -> Self {
        Self::post(path, "application/json", serde_json::to_vec(body).unwrap())
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn bearer(self, token: &str) -> Self {
        self.header("Authorization", &format!("Bearer {token}"))
    }
}

/// One HTTP response.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "body is not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}

/// A keep-alive connection.
pub struct Conn {
    stream: BufReader<TcpStream>,
    addr: SocketAddr,
}

impl Conn {
    pub async fn open(addr: SocketAddr) -> Conn {
        Conn {
            stream: BufReader::new(TcpStream::connect(addr).await.unwrap()),
            addr,
        }
    }

    pub async fn send(&mut self, request: &Request) -> Response {
        let mut head = format!(
            "{} {} HTTP/1.1\r\nHost: {}\r\n",
            request.method, request.path, self.addr
        );
        for (name, value) in &request.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if request.method != "GET" || !request.body.is_empty() {
            head.push_str(&format!("Content-Length: {}\r\n", request.body.len()));
        }
        head.push_str("\r\n");
        let stream = self.stream.get_mut();
        stream.write_all(head.as_bytes()).await.unwrap();
        stream.write_all(&request.body).await.unwrap();
        stream.flush().await.unwrap();
        tokio::time::timeout(Duration::from_secs(10), self.read_response())
            .await
            .expect("response within 10 s")
    }

    async fn read_response(&mut self) -> Response {
        let mut line = String::new();
        self.stream.read_line(&mut line).await.unwrap();
        let status: u16 = line
            .split(' ')
            .nth(1)
            .unwrap_or_else(|| panic!("bad status line {line:?}"))
            .parse()
            .unwrap();
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            self.stream.read_line(&mut line).await.unwrap();
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            let (name, value) = line.split_once(':').unwrap();
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
        let mut response = Response {
            status,
            headers,
            body: Vec::new(),
        };
        if let Some(length) = response.header("content-length") {
            let mut body = vec![0; length.parse().unwrap()];
            self.stream.read_exact(&mut body).await.unwrap();
            response.body = body;
        } else if response
            .header("transfer-encoding")
            .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
        {
            loop {
                let mut size = String::new();
                self.stream.read_line(&mut size).await.unwrap();
                let size = usize::from_str_radix(size.trim(), 16).unwrap();
                let mut chunk = vec![0; size + 2];
                self.stream.read_exact(&mut chunk).await.unwrap();
                if size == 0 {
                    break;
                }
                response.body.extend_from_slice(&chunk[..size]);
            }
        }
        response
    }
}

/// Sends one request on a fresh connection.
pub async fn send(sandbox: &Sandbox, request: Request) -> Response {
    Conn::open(sandbox.addr()).await.send(&request).await
}

/// The path part of a sandbox base URL plus `rest`.
pub fn path(sandbox: &Sandbox, provider: Provider, rest: &str) -> String {
    let base = sandbox.base_url(provider);
    let path = base.strip_prefix(sandbox.root_url()).unwrap();
    format!("{path}{rest}")
}

pub fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// An HS256 JWT over the given header and claims.
pub fn jwt(header: &Value, claims: &Value, secret: &str) -> String {
    let signed = format!(
        "{}.{}",
        base64url(&serde_json::to_vec(header).unwrap()),
        base64url(&serde_json::to_vec(claims).unwrap())
    );
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
    let signature = hmac::sign(&key, signed.as_bytes());
    format!("{signed}.{}", base64url(signature.as_ref()))
}

/// A valid ID Scan JWT for the sandbox's credentials.
pub fn idscan_token(sandbox: &Sandbox) -> String {
    let credentials = sandbox.credentials();
    let now = unix_now();
    jwt(
        &serde_json::json!({ "alg": "HS256", "typ": "JWT", "kid": credentials.idscan_key_id }),
        &serde_json::json!({ "iat": now, "nbf": now, "exp": now + 60 }),
        &credentials.idscan_secret,
    )
}

/// Reads a transaction with valid credentials, the way each provider wants it.
pub fn status_request(sandbox: &Sandbox, provider: Provider, id: &str) -> Request {
    let credentials = sandbox.credentials();
    match provider {
        Provider::Persona => Request::get(path(sandbox, provider, &format!("/transactions/{id}")))
            .bearer(&credentials.persona_api_key)
            .header("Key-Inflection", "kebab")
            .header("Persona-Version", "2025-12-08"),
        Provider::CmIdScan => Request::get(path(sandbox, provider, &format!("/transactions/{id}")))
            .bearer(&idscan_token(sandbox)),
        Provider::CmIdin => Request::post_json(
            path(sandbox, provider, "/status"),
            &serde_json::json!({
                "merchant_token": credentials.idin_merchant_token,
                "transaction_id": id,
                "merchant_reference": "sbx-merchant-reference-0001",
            }),
        ),
        Provider::CmCheckout => Request::get(path(
            sandbox,
            provider,
            &format!("/paymentmethods/checkout/v1/transactions/{id}"),
        ))
        .bearer(&sandbox.issue_checkout_token(Duration::from_secs(60))),
        Provider::OneSpan => Request::get(path(
            sandbox,
            provider,
            &format!("/api/transaction/{id}?withVerifications=true"),
        ))
        .bearer(&credentials.onespan_token)
        .header("Accept", "application/json"),
    }
}

/// The status a provider's document reports.
pub fn status_of(provider: Provider, body: &Value) -> String {
    let pointer = match provider {
        Provider::Persona => "/data/attributes/status",
        Provider::CmIdScan => "/state",
        _ => "/status",
    };
    body.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no status at {pointer} in {body}"))
        .to_owned()
}

/// Reads `id` once: the HTTP status and, for 200, the document's status.
pub async fn read(sandbox: &Sandbox, provider: Provider, id: &str) -> (u16, Option<String>) {
    let response = send(sandbox, status_request(sandbox, provider, id)).await;
    let status = (response.status == 200).then(|| status_of(provider, &response.json()));
    (response.status, status)
}
