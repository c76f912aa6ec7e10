//! Conformance to CM's ID Scan documentation (`providers/README.md`, the seed and the
//! example payloads): every call on the wire, nothing else sent, and the JWT checked
//! with a SHA-256/HMAC written here (not the crate's or the core's).
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic
)]

use std::{
    sync::{Arc, Mutex},
    time::{Duration, SystemTime},
};

use cm_idscan::{
    Client, ClientOptions, CreateTransaction, DocumentScanSettings, NormalizedStatus, SecretString,
    Settings, TaskType, WebhookSubscriptionRequest, normalize,
};
use mockito::Matcher;
use txstatus_core::{Clock, Sleep, StatusSource};

const KEY_ID: &str = "3b438437-04a4-40bb-8389-54bb02766fba";
const SECRET: &str = "AC4Etykn7jusGR5FwLDAtILtQbiQbTMKedP31szXg4WlSbjGEXyNMZ";
const ID: &str = "2c2f04a5-44e4-4a83-aa53-1a9fa90c2394";
/// Copies of `../shared/providers/examples` (the providers' documented payloads),
/// kept in the crate so its package tests on its own.
const EXAMPLES: &str = "tests/docs_examples";
const NOW: u64 = 1_765_000_000;

fn example(name: &str) -> Vec<u8> {
    let path = format!("{}/{EXAMPLES}/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|_| panic!("{path}"))
}

// --- SHA-256 and HMAC (FIPS 180-4, RFC 2104), written for this test only. ---

const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

fn sha256(message: &[u8]) -> [u8; 32] {
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut data = message.to_vec();
    data.push(0x80);
    while data.len() % 64 != 56 {
        data.push(0);
    }
    data.extend_from_slice(&((message.len() as u64) * 8).to_be_bytes());
    for block in data.chunks(64) {
        let mut w = [0u32; 64];
        for i in 0..16 {
            w[i] = u32::from_be_bytes(block[i * 4..i * 4 + 4].try_into().unwrap());
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (slot, value) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *slot = slot.wrapping_add(value);
        }
    }
    let mut out = [0u8; 32];
    for (i, word) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&word.to_be_bytes());
    }
    out
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&sha256(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let inner: Vec<u8> = block
        .iter()
        .map(|b| b ^ 0x36)
        .chain(message.iter().copied())
        .collect();
    let inner = sha256(&inner);
    let outer: Vec<u8> = block.iter().map(|b| b ^ 0x5c).chain(inner).collect();
    sha256(&outer)
}

fn base64url_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    assert!(!text.contains('='), "JWT parts carry no padding");
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = Vec::new();
    for byte in text.bytes() {
        let value = ALPHABET.iter().position(|c| *c == byte).expect("base64url") as u32;
        bits = (bits << 6) | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    out
}

#[test]
fn the_test_hmac_matches_rfc_4231_case_2() {
    let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
    let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(
        hex,
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
}

/// Checks `Authorization: Bearer <jwt>` against the documentation: header `alg`
/// HS256, `typ` JWT, `kid` the key id; payload `iat`, `nbf`, `exp` as integers (UNIX
/// seconds); signature HMAC-SHA256 keyed with the secret's UTF-8 bytes.
fn check_jwt(authorization: &str) -> serde_json::Value {
    let token = authorization.strip_prefix("Bearer ").expect("Bearer");
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3);
    let header: serde_json::Value = serde_json::from_slice(&base64url_decode(parts[0])).unwrap();
    assert_eq!(
        header,
        serde_json::json!({"alg": "HS256", "typ": "JWT", "kid": KEY_ID})
    );
    let expected = hmac_sha256(
        SECRET.as_bytes(),
        format!("{}.{}", parts[0], parts[1]).as_bytes(),
    );
    assert_eq!(base64url_decode(parts[2]), expected.to_vec(), "signature");
    let claims: serde_json::Value = serde_json::from_slice(&base64url_decode(parts[1])).unwrap();
    for name in ["iat", "nbf", "exp"] {
        assert!(claims[name].is_u64(), "{name} is an integer: {claims}");
    }
    claims
}

#[derive(Debug)]
struct FixedClock;

impl Clock for FixedClock {
    fn now(&self) -> std::time::Instant {
        std::time::Instant::now()
    }
    fn system_now(&self) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(NOW)
    }
    fn sleep(&self, _duration: Duration) -> Sleep {
        Box::pin(std::future::ready(()))
    }
}

fn client(server: &mockito::Server) -> Client {
    Client::builder(KEY_ID, SecretString::from(SECRET))
        .base_url(format!("{}/id-scan/v1", server.url()))
        .configure_transport(|t| t.no_proxy().clock(Arc::new(FixedClock)))
        .build()
        .unwrap()
}

async fn nothing_else(server: &mut mockito::Server) -> Vec<mockito::Mock> {
    let mut mocks = Vec::new();
    for method in ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"] {
        mocks.push(
            server
                .mock(method, Matcher::Any)
                .expect(0)
                .create_async()
                .await,
        );
    }
    mocks
}

#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<String>>>);

impl Seen {
    fn respond(
        &self,
        body: Vec<u8>,
    ) -> impl Fn(&mockito::Request) -> Vec<u8> + Send + Sync + 'static {
        let seen = self.0.clone();
        move |request| {
            let value = request.header("authorization")[0]
                .to_str()
                .unwrap()
                .to_owned();
            seen.lock().unwrap().push(value);
            body.clone()
        }
    }
}

#[tokio::test]
async fn details_are_one_get_with_a_jwt_that_verifies_and_lives_60_seconds() {
    let mut server = mockito::Server::new_async().await;
    let seen = Seen::default();
    let details = server
        .mock("GET", format!("/id-scan/v1/transactions/{ID}").as_str())
        .match_query(Matcher::Exact(String::new()))
        .match_body(Matcher::Exact(String::new()))
        .with_body_from_request(seen.respond(example("cm-idscan-transaction-details.json")))
        .expect(1)
        .create_async()
        .await;
    let others = nothing_else(&mut server).await;
    let report = client(&server).status_report(ID).await.unwrap();
    details.assert_async().await;
    for other in others {
        other.assert_async().await;
    }
    assert_eq!(report.status.raw(), "pending");
    assert_eq!(report.status.normalized(), NormalizedStatus::Pending);
    let claims = check_jwt(&seen.0.lock().unwrap()[0]);
    let (iat, nbf, exp) = (
        claims["iat"].as_u64().unwrap(),
        claims["nbf"].as_u64().unwrap(),
        claims["exp"].as_u64().unwrap(),
    );
    assert_eq!(iat, NOW);
    assert!(nbf <= iat, "valid from the moment it is issued");
    assert_eq!(exp - iat, 60, "the documented 60 s lifetime");
}

#[tokio::test]
async fn results_are_read_from_the_documented_path_with_the_jwt() {
    let mut server = mockito::Server::new_async().await;
    let seen = Seen::default();
    let body = br#"{"id":"c3b92333-3935-4c15-a95e-8eb0051e644b","state":"completed","tasks":[]}"#;
    let result = server
        .mock(
            "GET",
            "/id-scan/v1/transactions/c3b92333-3935-4c15-a95e-8eb0051e644b/results/e6b7ce66-df56-4316-bb36-3d014ed84636",
        )
        .match_query(Matcher::Exact(String::new()))
        .with_body_from_request(seen.respond(body.to_vec()))
        .expect(1)
        .create_async()
        .await;
    let others = nothing_else(&mut server).await;
    client(&server)
        .transaction_result(
            "c3b92333-3935-4c15-a95e-8eb0051e644b",
            "e6b7ce66-df56-4316-bb36-3d014ed84636",
        )
        .await
        .unwrap();
    result.assert_async().await;
    for other in others {
        other.assert_async().await;
    }
    check_jwt(&seen.0.lock().unwrap()[0]);
}

#[tokio::test]
async fn create_sends_the_documented_body_and_decodes_the_documented_answer() {
    let mut server = mockito::Server::new_async().await;
    let documented: serde_json::Value =
        serde_json::from_slice(&example("cm-idscan-create-transaction-request.json")).unwrap();
    let seen = Seen::default();
    let create = server
        .mock("POST", "/id-scan/v1/transactions")
        .match_header("content-type", "application/json")
        .match_body(Matcher::Json(documented))
        .with_status(201)
        .with_body_from_request(seen.respond(example("cm-idscan-create-transaction-response.json")))
        .expect(1)
        .create_async()
        .await;
    let others = nothing_else(&mut server).await;
    let mut request = CreateTransaction::new([
        TaskType::DocumentScan,
        TaskType::FaceLiveness,
        TaskType::FaceMatch,
    ]);
    request.settings = Some(Settings {
        document_scan: Some(DocumentScanSettings {
            redact_fields: vec!["personal_number".to_owned()],
        }),
    });
    request.locale = Some("nl-NL".to_owned());
    request.mobile_only = Some(true);
    request.expires_in = Some(3600);
    let created = client(&server).create_transaction(&request).await.unwrap();
    create.assert_async().await;
    for other in others {
        other.assert_async().await;
    }
    check_jwt(&seen.0.lock().unwrap()[0]);
    let created = created.value();
    assert_eq!(created.id, "c3b92333-3935-4c15-a95e-8eb0051e644b");
}

#[tokio::test]
async fn subscribing_without_custom_headers_sends_exactly_the_documented_body() {
    let mut server = mockito::Server::new_async().await;
    let documented =
        String::from_utf8(example("cm-idscan-webhook-subscribe-request.json")).unwrap();
    let documented: serde_json::Value = serde_json::from_str(&documented).unwrap();
    let seen = Seen::default();
    let subscribe = server
        .mock("POST", "/id-scan/v1/webhooks")
        .match_header("content-type", "application/json")
        .match_body(Matcher::Json(documented))
        .with_status(201)
        .with_body_from_request(seen.respond(example("cm-idscan-webhook-subscribe-response.json")))
        .expect(1)
        .create_async()
        .await;
    let others = nothing_else(&mut server).await;
    let response = client(&server)
        .subscribe_webhook(&WebhookSubscriptionRequest::new("https://example.com"))
        .await
        .unwrap();
    subscribe.assert_async().await;
    for other in others {
        other.assert_async().await;
    }
    check_jwt(&seen.0.lock().unwrap()[0]);
    assert_eq!(response.value().id, "77e79832-1708-4a49-9528-3536ba4057d7");
}

#[test]
fn the_documented_states_map_as_the_table_says() {
    assert_eq!(normalize("pending"), NormalizedStatus::Pending);
    assert_eq!(normalize("completed"), NormalizedStatus::Succeeded);
    assert_eq!(normalize("expired"), NormalizedStatus::Expired);
    for other in ["unknown", "failed", "cancelled", "PENDING", "Completed", ""] {
        assert_eq!(normalize(other), NormalizedStatus::Unknown, "{other:?}");
        assert!(!normalize(other).is_terminal());
    }
}

#[test]
fn the_documented_result_page_decodes_once_repaired() {
    let raw = String::from_utf8(example("cm-idscan-transaction-result.docs-partial.txt")).unwrap();
    // Repairs: drop `//` comment lines, the trailing comma they leave, close the cut-off tail.
    let mut text: String = raw
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    text = text.replace(
        "\"values\": [ { \"source\": \"visual\", \"value\": \"Nederlandse\" } ] },",
        "\"values\": [ { \"source\": \"visual\", \"value\": \"Nederlandse\" } ] }",
    );
    text.push_str("\n] } ] }");
    let result = cm_idscan::TransactionResult::from_json(text.as_bytes()).unwrap();
    assert_eq!(result.state.as_str(), "completed");
}

#[test]
fn the_documented_webhook_delivery_names_the_result_id() {
    let delivery =
        cm_idscan::parse_delivery(&example("cm-idscan-webhook-transaction-state-updated.json"))
            .unwrap();
    assert_eq!(
        delivery.result_id(),
        Some("e6b7ce66-df56-4316-bb36-3d014ed84636")
    );
}
