//! CM.com iDIN: merchant token, body checks, identity once, directory, transaction.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use serde_json::{Value, json};
use support::{Request, path, send};
use txstatus_sandbox::{Provider, Sandbox, ids::idin};

fn status(sandbox: &Sandbox, id: &str) -> Request {
    Request::post_json(
        path(sandbox, Provider::CmIdin, "/status"),
        &json!({
            "merchant_token": sandbox.credentials().idin_merchant_token,
            "transaction_id": id,
            "merchant_reference": idin::MERCHANT_REFERENCE,
        }),
    )
}

async fn read(sandbox: &Sandbox, id: &str) -> Value {
    let response = send(sandbox, status(sandbox, id)).await;
    assert_eq!(response.status, 200);
    response.json()
}

fn has_identity(body: &Value) -> bool {
    [
        "bin",
        "name",
        "address",
        "age",
        "telephone_number",
        "email_address",
    ]
    .iter()
    .any(|key| body.get(key).is_some())
}

#[tokio::test]
async fn the_identity_is_sent_once_then_notice_2000() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let first = read(&sandbox, idin::IDENTITY_ONCE).await;
    assert_eq!(first["status"], "success");
    assert_eq!(first["name"]["last_name"], "Sandbox");
    assert_eq!(first["age"]["18y_or_older"], true);
    assert!(first.get("notice_code").is_none());
    for _ in 0..2 {
        let later = read(&sandbox, idin::IDENTITY_ONCE).await;
        assert_eq!(later["status"], "success");
        assert_eq!(later["notice_code"], 2000);
        assert!(later["notice"].is_string());
        assert!(!has_identity(&later), "{later}");
        assert_eq!(later["transaction_id"], idin::IDENTITY_ONCE);
    }
}

#[tokio::test]
async fn progress_opens_then_sends_the_identity_once() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let open = read(&sandbox, idin::PROGRESS).await;
    assert_eq!(open["status"], "open");
    assert!(!has_identity(&open));
    assert!(has_identity(&read(&sandbox, idin::PROGRESS).await));
    assert_eq!(read(&sandbox, idin::PROGRESS).await["notice_code"], 2000);
}

#[tokio::test]
async fn late_reads_never_carry_the_identity() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let body = read(&sandbox, idin::LATE).await;
    assert_eq!(body["status"], "success");
    assert_eq!(body["notice_code"], 2000);
    assert!(!has_identity(&body));
}

#[tokio::test]
async fn a_fault_before_success_keeps_the_identity_for_the_retry() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    for id in [idin::RATE_LIMITED, idin::UNAVAILABLE] {
        let fault = send(&sandbox, status(&sandbox, id)).await;
        assert!(fault.status == 429 || fault.status == 503);
        assert!(has_identity(&read(&sandbox, id).await), "{id}");
        assert_eq!(read(&sandbox, id).await["notice_code"], 2000);
    }
}

#[tokio::test]
async fn a_wrong_or_missing_merchant_token_is_403() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let url = path(&sandbox, Provider::CmIdin, "/status");
    for body in [
        json!({ "merchant_token": "00000000-0000-0000-0000-000000000000", "transaction_id": idin::IDENTITY_ONCE, "merchant_reference": "r" }),
        json!({ "transaction_id": idin::IDENTITY_ONCE, "merchant_reference": "r" }),
        json!({ "merchant_token": 7, "transaction_id": idin::IDENTITY_ONCE, "merchant_reference": "r" }),
    ] {
        let response = send(&sandbox, Request::post_json(url.clone(), &body)).await;
        assert_eq!(response.status, 403, "{body}");
        assert!(response.json()["message"].is_string());
    }
    // Refused reads must not spend the one-time identity.
    assert_eq!(sandbox.reads(Provider::CmIdin, idin::IDENTITY_ONCE), 0);
    assert!(has_identity(&read(&sandbox, idin::IDENTITY_ONCE).await));
}

#[tokio::test]
async fn malformed_requests_are_400() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let url = path(&sandbox, Provider::CmIdin, "/status");
    let token = sandbox.credentials().idin_merchant_token.clone();
    let valid =
        json!({ "merchant_token": token, "transaction_id": idin::LATE, "merchant_reference": "r" });
    let cases = vec![
        ("text/plain", serde_json::to_vec(&valid).unwrap()),
        ("application/x-www-form-urlencoded", b"merchant_token=x".to_vec()),
        ("application/json", b"{not json".to_vec()),
        ("application/json", b"[]".to_vec()),
        (
            "application/json",
            serde_json::to_vec(&json!({ "merchant_token": token, "merchant_reference": "r" })).unwrap(),
        ),
        (
            "application/json",
            serde_json::to_vec(&json!({ "merchant_token": token, "transaction_id": idin::LATE })).unwrap(),
        ),
        (
            "application/json",
            serde_json::to_vec(&json!({ "merchant_token": token, "transaction_id": idin::LATE, "merchant_reference": "" })).unwrap(),
        ),
    ];
    for (content_type, body) in cases {
        let response = send(
            &sandbox,
            Request::post(url.clone(), content_type, body.clone()),
        )
        .await;
        assert_eq!(
            response.status,
            400,
            "{content_type} {}",
            String::from_utf8_lossy(&body)
        );
    }
    let charset = Request::post(
        url,
        "application/json; charset=utf-8",
        serde_json::to_vec(&valid).unwrap(),
    );
    assert_eq!(send(&sandbox, charset).await.status, 200);
}

#[tokio::test]
async fn status_is_post_only() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let response = send(
        &sandbox,
        Request::get(path(&sandbox, Provider::CmIdin, "/status")),
    )
    .await;
    assert_eq!(response.status, 405);
}

#[tokio::test]
async fn directory_lists_issuers() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let url = path(&sandbox, Provider::CmIdin, "/directory");
    let token = sandbox.credentials().idin_merchant_token.clone();
    let response = send(
        &sandbox,
        Request::post_json(url.clone(), &json!({ "merchant_token": token })),
    )
    .await;
    assert_eq!(response.status, 200);
    assert!(response.json()[0]["issuers"][0]["issuer_id"].is_string());
    let refused = send(
        &sandbox,
        Request::post_json(url, &json!({ "merchant_token": "x" })),
    )
    .await;
    assert_eq!(refused.status, 403);
}

#[tokio::test]
async fn created_transactions_progress_like_sbx_progress() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let url = path(&sandbox, Provider::CmIdin, "/transaction");
    let token = sandbox.credentials().idin_merchant_token.clone();
    let request = json!({
        "merchant_token": token,
        "identity": true,
        "name": true,
        "issuer_id": "SBXBNL2S",
        "entrance_code": "sbx",
        "merchant_return_url": "https://merchant.sandbox.invalid/return",
        "language": "nl",
    });
    let created = send(&sandbox, Request::post_json(url.clone(), &request)).await;
    assert_eq!(created.status, 200);
    let created = created.json();
    let id = created["transaction_id"].as_str().unwrap().to_owned();
    assert_eq!(id, format!("{}1", idin::ISSUED_PREFIX));
    assert_eq!(created["merchant_reference"], idin::MERCHANT_REFERENCE);
    assert!(
        created["issuer_authentication_url"]
            .as_str()
            .unwrap()
            .contains(&id)
    );

    assert_eq!(read(&sandbox, &id).await["status"], "open");
    assert!(has_identity(&read(&sandbox, &id).await));
    assert_eq!(read(&sandbox, &id).await["notice_code"], 2000);

    // Not issued yet, or not canonical: unknown.
    for unknown in [
        "sbx-issued-2",
        "sbx-issued-01",
        "sbx-issued-+1",
        "sbx-issued-0",
    ] {
        assert_eq!(
            send(&sandbox, status(&sandbox, unknown)).await.status,
            404,
            "{unknown}"
        );
    }
    let incomplete = json!({ "merchant_token": token, "issuer_id": "SBXBNL2S" });
    assert_eq!(
        send(&sandbox, Request::post_json(url, &incomplete))
            .await
            .status,
        400
    );
}

#[tokio::test]
async fn an_issued_transaction_is_read_only_with_the_merchant_reference_its_creation_returned() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let url = path(&sandbox, Provider::CmIdin, "/transaction");
    let token = sandbox.credentials().idin_merchant_token.clone();
    let request = json!({
        "merchant_token": token,
        "issuer_id": "SBXBNL2S",
        "merchant_return_url": "https://merchant.sandbox.invalid/return",
    });
    let mut created = Vec::new();
    for _ in 0..2 {
        let answer = send(&sandbox, Request::post_json(url.clone(), &request)).await;
        assert_eq!(answer.status, 200);
        let answer = answer.json();
        created.push((
            answer["transaction_id"].as_str().unwrap().to_owned(),
            answer["merchant_reference"].as_str().unwrap().to_owned(),
        ));
    }
    let [(first, first_reference), (second, second_reference)] = &created[..] else {
        unreachable!()
    };
    assert_ne!(first_reference, second_reference);
    let read_with = |id: &str, reference: &str| {
        Request::post_json(
            path(&sandbox, Provider::CmIdin, "/status"),
            &json!({
                "merchant_token": token,
                "transaction_id": id,
                "merchant_reference": reference,
            }),
        )
    };
    // Another transaction's reference, a made-up one, or the right one in another case.
    for (id, reference) in [
        (first, second_reference.as_str()),
        (second, first_reference.as_str()),
        (first, "tx-bench"),
        (second, &second_reference.to_uppercase()),
    ] {
        let answer = send(&sandbox, read_with(id, reference)).await;
        assert_eq!(answer.status, 404, "{id} with {reference}");
    }
    for (id, reference) in [(first, first_reference), (second, second_reference)] {
        let answer = send(&sandbox, read_with(id, reference)).await;
        assert_eq!(answer.status, 200, "{id}");
        assert_eq!(answer.json()["status"], "open");
    }
    // A fixed scenario id still takes any reference.
    let answer = send(&sandbox, read_with(idin::PROGRESS, "any-reference")).await;
    assert_eq!(answer.status, 200);
}
