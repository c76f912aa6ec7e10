//! What a client meets at the provider, it meets here: errors the HTTP layer makes in
//! each provider's documented shape, refunds that never exceed the amount paid however
//! many arrive at once, ID Scan file links that end with their listing, iDIN creation
//! fields checked as CM documents them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use std::time::Duration;

use serde_json::Value;
use support::{Request, Response, path, send};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use txstatus_sandbox::{Provider, Sandbox};

/// Whether `body` is in `provider`'s documented error shape (Checkout's token
/// endpoint: RFC 6749's).
fn in_provider_shape(provider: Provider, oauth: bool, body: &Value) -> bool {
    match provider {
        Provider::Persona => body["errors"][0]["title"].is_string(),
        Provider::CmCheckout if oauth => {
            body["error"].is_string() && body["error_description"].is_string()
        }
        Provider::OneSpan => {
            body["messageKey"].is_string()
                && body["message"].is_string()
                && body["code"].is_u64()
                && body["name"].is_string()
        }
        _ => body["message"].is_string(),
    }
}

fn request(method: &'static str, path: String) -> Request {
    Request {
        method,
        path,
        headers: Vec::new(),
        body: Vec::new(),
    }
}

fn json_of(response: &Response) -> Value {
    assert_eq!(
        response.header("content-type"),
        Some("application/json"),
        "{} {:?}",
        response.status,
        String::from_utf8_lossy(&response.body)
    );
    response.json()
}

#[tokio::test]
async fn a_wrong_method_or_a_path_that_is_not_utf8_is_answered_in_the_providers_error_shape() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let cases = [
        (
            Provider::Persona,
            "PUT",
            "/transactions/sbx-progress",
            false,
            405,
        ),
        (Provider::Persona, "GET", "/transactions/%FF", false, 400),
        (Provider::Persona, "POST", "/events/x", false, 405),
        (
            Provider::CmIdScan,
            "PUT",
            "/transactions/sbx-progress",
            false,
            405,
        ),
        (
            Provider::CmIdScan,
            "GET",
            "/transactions/%FF%FE",
            false,
            400,
        ),
        (Provider::CmIdScan, "GET", "/downloads/%C3%28", false, 400),
        (Provider::CmIdin, "GET", "/status", false, 405),
        (Provider::CmIdin, "PUT", "/test/transaction", false, 405),
        (
            Provider::CmCheckout,
            "GET",
            "/authorization/oauth2/token",
            true,
            405,
        ),
        (
            Provider::CmCheckout,
            "PUT",
            "/paymentmethods/checkout/v1/transactions/sbx-success",
            false,
            405,
        ),
        (
            Provider::CmCheckout,
            "GET",
            "/paymentmethods/ideal/v1/transactions/%FF/refunds",
            false,
            400,
        ),
        (
            Provider::OneSpan,
            "POST",
            "/api/transaction/sbx-progress",
            false,
            405,
        ),
        (Provider::OneSpan, "GET", "/api/transaction/%FF", false, 400),
    ];
    for (provider, method, rest, oauth, status) in cases {
        let response = send(&sandbox, request(method, path(&sandbox, provider, rest))).await;
        assert_eq!(response.status, status, "{provider} {method} {rest}");
        let body = json_of(&response);
        assert!(
            in_provider_shape(provider, oauth, &body),
            "{provider} {method} {rest}: {body}"
        );
        if status == 405 {
            assert!(
                response.header("allow").is_some(),
                "{provider} {method} {rest}"
            );
        }
        assert!(response.header("request-id").is_some());
    }
    sandbox.shutdown().await;
}

/// One request head announcing `length` bytes of body, none sent; the answer.
async fn announce_body(sandbox: &Sandbox, target: &str, length: u64) -> (u16, Value) {
    let mut stream = TcpStream::connect(sandbox.addr()).await.unwrap();
    let head = format!(
        "POST {target} HTTP/1.1\r\nHost: sandbox\r\nContent-Type: application/json\r\n\
         Content-Length: {length}\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    let read = async {
        loop {
            let text = String::from_utf8_lossy(&answer).into_owned();
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let declared = head
                    .lines()
                    .find_map(|line| {
                        let (name, value) = line.split_once(':')?;
                        name.eq_ignore_ascii_case("content-length")
                            .then(|| value.trim().parse::<usize>().ok())?
                    })
                    .unwrap_or(0);
                if body.len() >= declared {
                    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
                    return (status, serde_json::from_str(body).unwrap_or(Value::Null));
                }
            }
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => panic!("closed before a whole answer: {text:?}"),
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
    };
    // A hang guard (the sandbox's head timeout is 2 s here), not a speed check.
    tokio::time::timeout(Duration::from_secs(20), read)
        .await
        .expect("an answer")
}

#[tokio::test]
async fn a_body_announced_over_the_cap_is_413_in_the_providers_shape_without_waiting_for_it() {
    let sandbox = Sandbox::builder()
        .head_timeout(Duration::from_secs(2))
        .start()
        .await
        .unwrap();
    let cases = [
        (Provider::Persona, "/transactions", false),
        (Provider::CmIdScan, "/transactions", false),
        (Provider::CmIdin, "/transaction", false),
        (Provider::CmCheckout, "/authorization/oauth2/token", true),
        (
            Provider::CmCheckout,
            "/paymentmethods/checkout/v1/transactions",
            false,
        ),
        (Provider::OneSpan, "/api/transaction/", false),
    ];
    for (provider, rest, oauth) in cases {
        let (status, body) =
            announce_body(&sandbox, &path(&sandbox, provider, rest), 3 * 1024 * 1024).await;
        assert_eq!(status, 413, "{provider} {rest}: {body}");
        assert!(
            in_provider_shape(provider, oauth, &body),
            "{provider} {rest}: {body}"
        );
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

/// Many refunds of one paid Checkout at once, each on its own connection, on a
/// runtime with several threads: together they never exceed the amount paid, as CM
/// refuses a refund larger than what is left.
#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn refunds_sent_at_once_never_together_exceed_the_amount_paid() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let token = checkout_token(&sandbox).await;
    for round in 0..60 {
        let created = send(
            &sandbox,
            Request::post_json(
                path(
                    &sandbox,
                    Provider::CmCheckout,
                    "/paymentmethods/checkout/v1/transactions",
                ),
                &serde_json::json!({ "amount": 100, "currency": "EUR",
                    "reference": format!("r{round}"), "paymentMethods": ["ideal"],
                    "returnUrl": "https://shop.example/back" }),
            )
            .bearer(&token),
        )
        .await;
        assert_eq!(created.status, 201);
        let id = created.json()["id"].as_str().unwrap().to_owned();
        assert!(sandbox.set_cm_flow_state(Provider::CmCheckout, &id, "SUCCESS"));
        let refunds = path(
            &sandbox,
            Provider::CmCheckout,
            &format!("/paymentmethods/ideal/v1/transactions/{id}/refunds"),
        );
        let mut connections = Vec::new();
        for _ in 0..40 {
            connections.push(support::Conn::open(sandbox.addr()).await);
        }
        let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(connections.len()));
        let mut sent = Vec::new();
        for mut connection in connections {
            let request = Request::post_json(refunds.clone(), &serde_json::json!({ "amount": 30 }))
                .bearer(&token);
            let barrier = barrier.clone();
            sent.push(tokio::spawn(async move {
                barrier.wait().await;
                connection.send(&request).await.status
            }));
        }
        let mut accepted = 0;
        for task in sent {
            match task.await.unwrap() {
                201 => accepted += 1,
                400 => {}
                other => panic!("refund answered {other}"),
            }
        }
        assert!(
            accepted <= 3,
            "round {round}: {accepted} refunds of 30 on 100 accepted"
        );
        let listed = send(&sandbox, Request::get(refunds).bearer(&token))
            .await
            .json();
        let total: u64 = listed
            .as_array()
            .unwrap()
            .iter()
            .map(|refund| refund["amount"].as_u64().unwrap())
            .sum();
        assert!(total <= 100, "round {round}: {total} refunded of 100");
    }
    sandbox.shutdown().await;
}

/// The first file URL of an ID Scan document, as a path on the sandbox.
fn first_file(sandbox: &Sandbox, document: &Value) -> String {
    let url = document["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|task| task["documentScans"].as_array())
        .flatten()
        .find_map(|scan| scan["files"][0]["url"].as_str())
        .unwrap_or_else(|| panic!("no file in {document}"));
    url.strip_prefix(sandbox.root_url()).unwrap().to_owned()
}

/// Every file URL anywhere in a document, as paths on the sandbox.
fn every_file(sandbox: &Sandbox, document: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![document];
    while let Some(value) = stack.pop() {
        match value {
            Value::String(text) if text.contains("/downloads/") => {
                found.push(text.strip_prefix(sandbox.root_url()).unwrap().to_owned());
            }
            Value::Array(items) => stack.extend(items),
            Value::Object(members) => stack.extend(members.values()),
            _ => {}
        }
    }
    found
}

/// CM lists a transaction's files only while it is pending and not expired, and hands
/// a completed transaction's files out through its result: a file link kept from a
/// pending read stops working once the transaction has moved on (a client that caches
/// links and downloads late fails at CM, so it fails here), and links from one
/// transaction's listing do not serve another's.
#[tokio::test]
async fn an_id_scan_file_link_works_only_while_its_listing_would_still_show_it() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let token = support::idscan_token(&sandbox);
    let get = |path: String| Request::get(path).bearer(&token);
    let read = |id: &str| {
        get(path(
            &sandbox,
            Provider::CmIdScan,
            &format!("/transactions/{id}"),
        ))
    };
    // sbx-progress: pending (with files) on the first read, completed on the second.
    let pending = send(&sandbox, read("sbx-progress")).await.json();
    assert_eq!(pending["state"], "pending");
    let link = first_file(&sandbox, &pending);
    assert_eq!(send(&sandbox, get(link.clone())).await.status, 200);
    // Another transaction's link to the same file is its own.
    let stuck = send(&sandbox, read("sbx-stuck")).await.json();
    let other = first_file(&sandbox, &stuck);
    assert_ne!(other, link);
    let completed = send(&sandbox, read("sbx-progress")).await.json();
    assert_eq!(completed["state"], "completed");
    let gone = send(&sandbox, get(link.clone())).await;
    assert_eq!(
        gone.status, 404,
        "a pending listing's link after completion"
    );
    assert!(gone.json()["message"].is_string());
    // The other transaction is still pending: its link still works.
    assert_eq!(send(&sandbox, get(other)).await.status, 200);
    // The completed transaction's files come through its result, and those work.
    let result = send(
        &sandbox,
        get(path(
            &sandbox,
            Provider::CmIdScan,
            &format!(
                "/transactions/sbx-progress/results/{}",
                txstatus_sandbox::ids::idscan::RESULT_ID
            ),
        )),
    )
    .await
    .json();
    let files = every_file(&sandbox, &result);
    assert!(!files.is_empty(), "{result}");
    for file in files {
        assert_eq!(
            send(&sandbox, get(file.clone())).await.status,
            200,
            "{file}"
        );
        // The same file named for another transaction whose result is not there: 404.
        let stuck_hex: String = "sbx-stuck".bytes().map(|b| format!("{b:02x}")).collect();
        let progress_hex: String = "sbx-progress".bytes().map(|b| format!("{b:02x}")).collect();
        let elsewhere = file.replace(&progress_hex, &stuck_hex);
        assert_ne!(elsewhere, file);
        assert_eq!(send(&sandbox, get(elsewhere)).await.status, 404);
    }
    // A bare file token, not tied to a listing, is no link at all.
    let bare = path(
        &sandbox,
        Provider::CmIdScan,
        &format!(
            "/downloads/{}",
            txstatus_sandbox::ids::idscan::DOWNLOAD_TOKEN
        ),
    );
    assert_eq!(send(&sandbox, get(bare)).await.status, 404);
    sandbox.shutdown().await;
}

/// CM documents `merchant_return_url` as an absolute URL of at most 512 characters,
/// `language` as `nl` or `en`, and `entrance_code` as 1 to 40 letters and digits (it
/// comes back as `ec` on the return URL): a create outside that fails at CM, so here.
#[tokio::test]
async fn an_idin_create_outside_the_documented_return_url_language_and_entrance_code_is_400() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let create = |extra: Value| {
        let mut body = serde_json::json!({
            "merchant_token": sandbox.credentials().idin_merchant_token,
            "issuer_id": "SBXBNL2S",
            "entrance_code": "sbx",
            "merchant_return_url": "https://merchant.sandbox.invalid/return",
        });
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        Request::post_json(path(&sandbox, Provider::CmIdin, "/transaction"), &body)
    };
    let long_url = format!("https://shop.example/{}", "a".repeat(512));
    let refused = [
        serde_json::json!({ "merchant_return_url": "not a url" }),
        serde_json::json!({ "merchant_return_url": "/relative/return" }),
        serde_json::json!({ "merchant_return_url": "https://shop.example/re turn" }),
        serde_json::json!({ "merchant_return_url": "https://shop.example/\nreturn" }),
        serde_json::json!({ "merchant_return_url": long_url }),
        serde_json::json!({ "merchant_return_url": 42 }),
        serde_json::json!({ "language": "de" }),
        serde_json::json!({ "language": "NL" }),
        serde_json::json!({ "language": "" }),
        serde_json::json!({ "language": true }),
        serde_json::json!({ "entrance_code": "" }),
        serde_json::json!({ "entrance_code": "a-b" }),
        serde_json::json!({ "entrance_code": "x".repeat(41) }),
        serde_json::json!({ "entrance_code": 7 }),
    ];
    for extra in refused {
        let answer = send(&sandbox, create(extra.clone())).await;
        assert_eq!(answer.status, 400, "{extra}");
        let message = answer.json()["message"].as_str().unwrap().to_owned();
        let field = extra.as_object().unwrap().keys().next().unwrap().clone();
        assert!(message.contains(&field), "{extra}: {message}");
    }
    let taken = [
        serde_json::json!({}),
        serde_json::json!({ "language": "nl" }),
        serde_json::json!({ "language": "en", "entrance_code": "x".repeat(40) }),
        serde_json::json!({ "language": null }),
        serde_json::json!({ "merchant_return_url": "myapp://idin/return" }),
        serde_json::json!({ "merchant_return_url":
            format!("https://shop.example/{}", "a".repeat(512 - 21)) }),
    ];
    for extra in taken {
        let answer = send(&sandbox, create(extra.clone())).await;
        assert_eq!(answer.status, 200, "{extra}: {:?}", answer.json());
    }
    sandbox.shutdown().await;
}
