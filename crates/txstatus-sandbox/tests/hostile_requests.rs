//! Requests a hostile or buggy client sends, checked from outside with raw HTTP:
//! a request body that never arrives whole, credentials and bodies the providers
//! document as refused, transactions whose own deadline has passed. Waits are
//! generous; nothing here asserts speed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use std::time::Duration;

use serde_json::json;
use support::{Request, idscan_token, path, send};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::{sleep, timeout};
use txstatus_sandbox::{Provider, Sandbox};

/// Generous bound for what must happen at all (a hang guard, not a speed check).
const SLACK: Duration = Duration::from_secs(20);

/// Everything the server sends until it closes (or resets) the connection.
async fn read_to_close(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn a_request_body_that_never_arrives_whole_is_cut_off_at_the_head_timeout() {
    let sandbox = Sandbox::builder()
        .head_timeout(Duration::from_millis(300))
        .start()
        .await
        .unwrap();
    let status = path(&sandbox, Provider::CmIdin, "/status");
    let token = path(
        &sandbox,
        Provider::CmCheckout,
        "/authorization/oauth2/token",
    );
    for (target, content_type) in [
        (status.as_str(), "application/json"),
        (token.as_str(), "application/x-www-form-urlencoded"),
    ] {
        let stream = TcpStream::connect(sandbox.addr()).await.unwrap();
        let (mut reader, mut writer) = stream.into_split();
        let head = format!(
            "POST {target} HTTP/1.1\r\nHost: sandbox\r\nContent-Type: {content_type}\r\n\
             Content-Length: 100000\r\n\r\n{{\"merchant_token\":"
        );
        writer.write_all(head.as_bytes()).await.unwrap();
        // The rest of the promised body dripped a byte at a time, never finished.
        let drip = tokio::spawn(async move {
            while writer.write_all(b" ").await.is_ok() {
                sleep(Duration::from_millis(50)).await;
            }
        });
        let mut answer = Vec::new();
        let closed = timeout(SLACK, async {
            let mut buf = [0u8; 1024];
            loop {
                match reader.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => answer.extend_from_slice(&buf[..n]),
                }
            }
        })
        .await;
        drip.abort();
        assert!(
            closed.is_ok(),
            "{target}: a dripping body holds the connection"
        );
        assert!(
            !answer.starts_with(b"HTTP/1.1 2"),
            "{target}: {}",
            String::from_utf8_lossy(&answer)
        );
    }
    // Others are still served.
    let response = send(
        &sandbox,
        support::status_request(&sandbox, Provider::CmIdin, "sbx-late"),
    )
    .await;
    assert_eq!(response.status, 200);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_request_body_promised_but_never_sent_does_not_hold_the_connection() {
    let sandbox = Sandbox::builder()
        .head_timeout(Duration::from_millis(300))
        .start()
        .await
        .unwrap();
    let mut stream = TcpStream::connect(sandbox.addr()).await.unwrap();
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: sandbox\r\nContent-Type: application/json\r\n\
         Content-Length: 10\r\n\r\n",
        path(&sandbox, Provider::CmIdin, "/directory")
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let answer = timeout(SLACK, read_to_close(&mut stream))
        .await
        .expect("a body that never comes holds the connection");
    assert!(!answer.starts_with("HTTP/1.1 2"), "{answer}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_created_id_scan_transaction_is_expired_once_its_expires_has_passed() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let created = send(
        &sandbox,
        Request::post_json(
            path(&sandbox, Provider::CmIdScan, "/transactions"),
            &json!({ "tasks": ["document_scan"], "expiresIn": 1 }),
        )
        .bearer(&idscan_token(&sandbox)),
    )
    .await;
    assert_eq!(created.status, 201);
    let id = created.json()["id"].as_str().unwrap().to_owned();
    // Well past `expires` (one second), still before the flow would complete.
    sleep(Duration::from_millis(2500)).await;
    let read = send(
        &sandbox,
        Request::get(path(
            &sandbox,
            Provider::CmIdScan,
            &format!("/transactions/{id}"),
        ))
        .bearer(&idscan_token(&sandbox)),
    )
    .await;
    assert_eq!(read.status, 200);
    let document = read.json();
    assert_eq!(document["state"], "expired", "{document}");
    assert_eq!(document["completed"], serde_json::Value::Null);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn an_id_scan_expires_in_beyond_any_timestamp_is_refused() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    for expires_in in [u64::MAX, 1u64 << 40, 400_000_000_000] {
        let created = send(
            &sandbox,
            Request::post_json(
                path(&sandbox, Provider::CmIdScan, "/transactions"),
                &json!({ "tasks": ["document_scan"], "expiresIn": expires_in }),
            )
            .bearer(&idscan_token(&sandbox)),
        )
        .await;
        assert_eq!(created.status, 422, "{expires_in}: {:?}", created.json());
        assert!(created.json()["message"].is_string());
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_checkout_token_request_with_a_repeated_parameter_is_invalid_request() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let credentials = sandbox.credentials();
    let (id, secret) = (
        credentials.checkout_client_id.as_str(),
        credentials.checkout_client_secret.as_str(),
    );
    for form in [
        format!(
            "grant_type=client_credentials&client_id={id}&client_secret={secret}&client_id=other"
        ),
        format!(
            "grant_type=client_credentials&client_id={id}&client_secret={secret}&client_secret={secret}"
        ),
        format!(
            "grant_type=client_credentials&grant_type=password&client_id={id}&client_secret={secret}"
        ),
    ] {
        let response = send(
            &sandbox,
            Request::post(
                path(
                    &sandbox,
                    Provider::CmCheckout,
                    "/authorization/oauth2/token",
                ),
                "application/x-www-form-urlencoded",
                form.clone(),
            ),
        )
        .await;
        assert_eq!(response.status, 400, "{form}");
        assert_eq!(response.json()["error"], "invalid_request", "{form}");
    }
    sandbox.shutdown().await;
}

/// A Persona GET with the sandbox's credentials and headers.
fn persona_get(sandbox: &Sandbox, rest: &str) -> Request {
    Request::get(path(sandbox, Provider::Persona, rest))
        .bearer(&sandbox.credentials().persona_api_key)
        .header("Key-Inflection", "kebab")
        .header("Persona-Version", "2025-12-08")
}

#[tokio::test]
async fn a_persona_retrieve_with_an_unknown_query_parameter_is_a_400_naming_it() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    for query in [
        "?expand=account",
        "?includes=account",
        "?fields=status",
        "?%ff=1",
    ] {
        let response = send(
            &sandbox,
            persona_get(&sandbox, &format!("/transactions/sbx-completed{query}")),
        )
        .await;
        assert_eq!(response.status, 400, "{query}");
        assert!(response.json()["errors"][0]["title"].is_string(), "{query}");
    }
    let response = send(
        &sandbox,
        persona_get(&sandbox, "/transactions/sbx-completed?expand=account"),
    )
    .await;
    assert_eq!(response.json()["errors"][0]["meta"]["parameter"], "expand");
    // Refusals count no read: the scenario has not moved.
    assert_eq!(sandbox.reads(Provider::Persona, "sbx-completed"), 0);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_persona_retrieve_serializes_only_the_attributes_its_sparse_fieldset_asks_for() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let response = send(
        &sandbox,
        persona_get(
            &sandbox,
            "/transactions/sbx-completed?fields%5Btransaction%5D=status,reference-id",
        ),
    )
    .await;
    assert_eq!(response.status, 200);
    let document = response.json();
    let attributes = document["data"]["attributes"].as_object().unwrap();
    let mut names: Vec<&str> = attributes.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(names, ["reference-id", "status"], "{document}");
    // Other types keep every attribute.
    assert!(
        document["included"]
            .as_array()
            .unwrap()
            .iter()
            .any(|item| item["attributes"].get("created-at").is_some())
    );
    // An empty list: no attributes at all.
    let response = send(
        &sandbox,
        persona_get(&sandbox, "/transactions/sbx-completed?fields[transaction]="),
    )
    .await;
    assert_eq!(response.status, 200);
    assert_eq!(response.json()["data"]["attributes"], json!({}));
    // The unshaped document is unchanged by the shaped reads.
    let response = send(
        &sandbox,
        persona_get(&sandbox, "/transactions/sbx-completed"),
    )
    .await;
    assert!(response.json()["data"]["attributes"]["fields"].is_object());
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_persona_retrieve_includes_only_the_relationships_its_include_names() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let included = |response: &support::Response| -> Vec<String> {
        response.json()["included"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["type"].as_str().unwrap().to_owned())
            .collect()
    };
    let nothing = send(
        &sandbox,
        persona_get(&sandbox, "/transactions/sbx-completed?include="),
    )
    .await;
    assert_eq!(nothing.status, 200);
    assert!(included(&nothing).is_empty());
    let reviewer = send(
        &sandbox,
        persona_get(&sandbox, "/transactions/sbx-completed?include=reviewer"),
    )
    .await;
    assert_eq!(included(&reviewer), ["workflow-run"]);
    let related = send(
        &sandbox,
        persona_get(
            &sandbox,
            "/transactions/sbx-completed?include=related-objects",
        ),
    )
    .await;
    let mut types = included(&related);
    types.sort_unstable();
    assert_eq!(types, ["account", "verification/government-id"]);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_persona_list_applies_its_sparse_fieldset_to_every_listed_transaction() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let response = send(
        &sandbox,
        persona_get(
            &sandbox,
            "/transactions?fields%5Btransaction%5D=status&page%5Bsize%5D=3",
        ),
    )
    .await;
    assert_eq!(response.status, 200);
    let document = response.json();
    let data = document["data"].as_array().unwrap();
    assert_eq!(data.len(), 3);
    for item in data {
        let names: Vec<&String> = item["attributes"].as_object().unwrap().keys().collect();
        assert_eq!(names, ["status"], "{item}");
    }
    sandbox.shutdown().await;
}

/// A Checkout access token from the sandbox's token endpoint.
async fn checkout_token(sandbox: &Sandbox) -> String {
    let credentials = sandbox.credentials();
    let response = send(
        sandbox,
        Request::post(
            path(sandbox, Provider::CmCheckout, "/authorization/oauth2/token"),
            "application/x-www-form-urlencoded",
            format!(
                "grant_type=client_credentials&client_id={}&client_secret={}",
                credentials.checkout_client_id, credentials.checkout_client_secret
            ),
        ),
    )
    .await;
    assert_eq!(response.status, 200);
    response.json()["access_token"].as_str().unwrap().to_owned()
}

fn checkout_create(sandbox: &Sandbox, token: &str, body: &serde_json::Value) -> Request {
    Request::post_json(
        path(
            sandbox,
            Provider::CmCheckout,
            "/paymentmethods/checkout/v1/transactions",
        ),
        body,
    )
    .bearer(token)
}

#[tokio::test]
async fn a_cm_json_body_sent_without_a_json_content_type_is_415() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let token = checkout_token(&sandbox).await;
    let jwt = idscan_token(&sandbox);
    let checkout = json!({ "amount": 100, "currency": "EUR", "reference": "r1",
                           "returnUrl": "https://shop.example/back" });
    let cases = [
        (
            path(&sandbox, Provider::CmIdScan, "/transactions"),
            jwt.clone(),
            json!({ "tasks": ["document_scan"] }),
        ),
        (
            path(&sandbox, Provider::CmIdScan, "/webhooks"),
            jwt.clone(),
            json!({ "url": "https://shop.example/hook", "events": ["transaction.state.updated"] }),
        ),
        (
            path(
                &sandbox,
                Provider::CmCheckout,
                "/paymentmethods/checkout/v1/transactions",
            ),
            token.clone(),
            checkout.clone(),
        ),
        (
            path(
                &sandbox,
                Provider::CmCheckout,
                "/paymentmethods/ideal/v1/transactions/sbx-success/refunds",
            ),
            token.clone(),
            json!({ "amount": 100 }),
        ),
    ];
    for (target, credential, body) in cases {
        for content_type in [
            None,
            Some("text/plain"),
            Some("application/x-www-form-urlencoded"),
        ] {
            let mut request = Request::post_json(target.clone(), &body).bearer(&credential);
            request.headers.retain(|(name, _)| name != "Content-Type");
            if let Some(content_type) = content_type {
                request = request.header("Content-Type", content_type);
            }
            let response = send(&sandbox, request).await;
            assert_eq!(response.status, 415, "{target} {content_type:?}");
            assert!(response.json()["message"].is_string());
        }
    }
    // With the JSON type the same bodies are taken.
    let created = send(&sandbox, checkout_create(&sandbox, &token, &checkout)).await;
    assert_eq!(created.status, 201);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_checkout_create_outside_the_documented_amount_and_lengths_is_400() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let token = checkout_token(&sandbox).await;
    let base = json!({ "amount": 99_999_999, "currency": "EUR", "reference": "r".repeat(255),
                       "merchantOrderReference": "m".repeat(35), "description": "d".repeat(255),
                       "returnUrl": "https://shop.example/back" });
    let created = send(&sandbox, checkout_create(&sandbox, &token, &base)).await;
    assert_eq!(created.status, 201, "{:?}", created.json());
    for (name, value) in [
        ("amount", json!(100_000_000)),
        ("amount", json!(u64::MAX)),
        ("reference", json!("r".repeat(256))),
        ("reference", json!("")),
        ("reference", json!(42)),
        ("merchantOrderReference", json!("m".repeat(36))),
        ("merchantOrderReference", json!("")),
        ("description", json!("d".repeat(256))),
        ("description", json!(["d"])),
    ] {
        let mut body = base.clone();
        body[name] = value.clone();
        let response = send(&sandbox, checkout_create(&sandbox, &token, &body)).await;
        assert_eq!(response.status, 400, "{name} = {value}");
        assert!(response.json()["message"].is_string());
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_onespan_transaction_lists_no_verification_before_it_has_succeeded() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let token = sandbox.credentials().onespan_token.clone();
    let get = |id: &str| {
        Request::get(path(
            &sandbox,
            Provider::OneSpan,
            &format!("/api/transaction/{id}?withVerifications=true"),
        ))
        .bearer(&token)
        .header("Accept", "application/json")
    };
    for id in [
        "sbx-stuck",
        "sbx-error",
        "sbx-cancelled",
        "sbx-expired",
        "sbx-unknown-status",
    ] {
        let response = send(&sandbox, get(id)).await;
        assert_eq!(response.status, 200, "{id}");
        assert_eq!(response.json()["verifications"], json!([]), "{id}");
    }
    // The first read of sbx-progress is `new`; its last, `completed`, lists them.
    let first = send(&sandbox, get("sbx-progress")).await.json();
    assert_eq!(first["status"], "new");
    assert_eq!(first["verifications"], json!([]));
    let completed = send(&sandbox, get("sbx-completed")).await.json();
    let verification = &completed["verifications"][0];
    assert_eq!(verification["status"], "SUCCESS");
    // The id it lists has images, as the documented flow expects.
    let images = send(
        &sandbox,
        Request::get(path(
            &sandbox,
            Provider::OneSpan,
            &format!(
                "/api/transactions/sbx-completed/verifications/{}/verification-images",
                verification["vhub_verification_id"].as_str().unwrap()
            ),
        ))
        .bearer(&token)
        .header("Accept", "application/json"),
    )
    .await;
    assert_eq!(images.status, 200);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_webhook_receiver_answering_an_endless_status_line_is_refused_without_buffering_it() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    let receiver = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let _ = socket.write_all(b"HTTP/1.1 200 ").await;
        // A status line that never ends: no line feed, ever.
        let chunk = vec![b'x'; 64 * 1024];
        while socket.write_all(&chunk).await.is_ok() {}
    });
    let delivery = txstatus_sandbox::checkout_webhook(&url, "sbx-success", "FINALSTATUS");
    let sent = timeout(SLACK, delivery.send())
        .await
        .expect("the sender kept reading an endless status line");
    let error = sent.unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::InvalidData, "{error}");
    receiver.abort();
}

#[tokio::test]
async fn a_webhook_url_with_a_line_break_or_space_is_refused_before_anything_is_sent() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    for url in [
        format!("http://{address}/hooks\r\nX-Injected: 1"),
        format!("http://{address}/hooks HTTP/1.0\r\n\r\nGET /other"),
        format!("http://{address}/ho oks"),
    ] {
        let delivery = txstatus_sandbox::checkout_webhook(&url, "sbx-success", "FINALSTATUS");
        let error = timeout(SLACK, delivery.send()).await.unwrap().unwrap_err();
        assert_eq!(
            error.kind(),
            std::io::ErrorKind::InvalidInput,
            "{url:?}: {error}"
        );
    }
    // Nothing connected.
    assert!(
        timeout(Duration::from_millis(200), listener.accept())
            .await
            .is_err()
    );
}

/// `YYYY-MM-DDTHH:MM:SSZ`, the form CM's Payments API documents.
fn is_cm_payments_timestamp(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 20
        && bytes.iter().enumerate().all(|(at, b)| match at {
            4 | 7 => *b == b'-',
            10 => *b == b'T',
            13 | 16 => *b == b':',
            19 => *b == b'Z',
            _ => b.is_ascii_digit(),
        })
}

#[tokio::test]
async fn a_created_checkout_and_its_refund_carry_timestamps_in_cms_documented_form() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let token = checkout_token(&sandbox).await;
    let created = send(
        &sandbox,
        checkout_create(
            &sandbox,
            &token,
            &json!({ "amount": 500, "currency": "EUR", "reference": "r2",
                     "paymentMethods": ["ideal"], "returnUrl": "https://shop.example/back" }),
        ),
    )
    .await;
    assert_eq!(created.status, 201);
    let created = created.json();
    let created_at = created["createdAt"].as_str().unwrap();
    assert!(is_cm_payments_timestamp(created_at), "{created_at}");
    let id = created["id"].as_str().unwrap();
    assert!(sandbox.set_cm_flow_state(Provider::CmCheckout, id, "SUCCESS"));
    let refund = send(
        &sandbox,
        Request::post_json(
            path(
                &sandbox,
                Provider::CmCheckout,
                &format!("/paymentmethods/ideal/v1/transactions/{id}/refunds"),
            ),
            &json!({ "amount": 100 }),
        )
        .bearer(&token),
    )
    .await;
    assert_eq!(refund.status, 201, "{:?}", refund.json());
    let refund = refund.json();
    let refund_at = refund["createdAt"].as_str().unwrap();
    assert!(is_cm_payments_timestamp(refund_at), "{refund_at}");
    // The scenario documents use the same form.
    let read = send(
        &sandbox,
        support::status_request(&sandbox, Provider::CmCheckout, "sbx-success"),
    )
    .await
    .json();
    assert!(is_cm_payments_timestamp(
        read["createdAt"].as_str().unwrap()
    ));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn an_id_scan_transaction_lists_files_only_while_it_is_pending() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let files = |document: &serde_json::Value| -> usize {
        document["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|task| task["documentScans"].as_array())
            .flatten()
            .filter(|scan| scan.get("files").is_some())
            .count()
    };
    for (id, pending) in [
        ("sbx-stuck", true),
        ("sbx-unknown-status", false),
        ("sbx-completed", false),
        ("sbx-expired", false),
    ] {
        let response = send(
            &sandbox,
            support::status_request(&sandbox, Provider::CmIdScan, id),
        )
        .await;
        assert_eq!(response.status, 200, "{id}");
        let document = response.json();
        assert_eq!(document["state"] == "pending", pending, "{id}");
        assert_eq!(files(&document) > 0, pending, "{id}: {document}");
    }
    sandbox.shutdown().await;
}
