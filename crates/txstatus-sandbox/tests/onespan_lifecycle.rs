//! OneSpan beyond the status: the sandbox's own checks on files, create, events and
//! erasure (the client's end-to-end tests are in `onespan-tx/tests/sandbox.rs`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use serde_json::json;
use support::{Request, path, send};
use txstatus_sandbox::{Provider, Sandbox, ids::onespan};

fn authed(sandbox: &Sandbox, request: Request, accept: &str) -> Request {
    request
        .bearer(&sandbox.credentials().onespan_token)
        .header("Accept", accept)
}

fn at(sandbox: &Sandbox, rest: &str) -> String {
    path(sandbox, Provider::OneSpan, rest)
}

#[tokio::test]
async fn files_check_accept_for_their_own_type() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let pdf = at(
        &sandbox,
        &format!(
            "/api/transaction/{}/document/AuditTrailDocument/pdf",
            onespan::COMPLETED
        ),
    );
    let refused = send(
        &sandbox,
        authed(&sandbox, Request::get(pdf.clone()), "application/json"),
    )
    .await;
    assert_eq!(refused.status, 406);
    let served = send(
        &sandbox,
        authed(&sandbox, Request::get(pdf), "application/pdf"),
    )
    .await;
    assert_eq!(served.status, 200);
    assert!(served.body.starts_with(b"%PDF-"));
    assert_eq!(served.header("content-type"), Some("application/pdf"));

    let image = at(
        &sandbox,
        &format!(
            "/api/sfs/sandbox/default/onespanidv/transaction/{}/image_selfie.jpg",
            onespan::COMPLETED
        ),
    );
    let refused = send(
        &sandbox,
        authed(&sandbox, Request::get(image.clone()), "application/pdf"),
    )
    .await;
    assert_eq!(refused.status, 406);
    let served = send(&sandbox, authed(&sandbox, Request::get(image), "image/*")).await;
    assert_eq!(served.status, 200);
    assert!(served.body.starts_with(&[0xFF, 0xD8]));
}

#[tokio::test]
async fn files_of_a_pending_transaction_or_an_unknown_verification_are_404() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let images = at(
        &sandbox,
        &format!(
            "/api/transactions/{}/verifications/00000000-0000-4000-8000-000000000010/verification-images",
            onespan::STUCK
        ),
    );
    let response = send(
        &sandbox,
        authed(&sandbox, Request::get(images), "application/json"),
    )
    .await;
    assert_eq!(response.status, 404);
    let images = at(
        &sandbox,
        &format!(
            "/api/transactions/{}/verifications/other/verification-images",
            onespan::COMPLETED
        ),
    );
    let response = send(
        &sandbox,
        authed(&sandbox, Request::get(images), "application/json"),
    )
    .await;
    assert_eq!(response.status, 404);
}

#[tokio::test]
async fn erasure_validates_the_batch_and_answers_per_id() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let url = at(&sandbox, "/api/transaction/mark-for-erasure");
    let too_many: Vec<String> = (0..501).map(|i| format!("id-{i}")).collect();
    for body in [
        json!({"transaction_ids": ["a"]}),
        json!({"grace_period": -1, "transaction_ids": ["a"]}),
        json!({"grace_period": 1, "transaction_ids": []}),
        json!({"grace_period": 1, "transaction_ids": too_many}),
        json!({"grace_period": 1, "transaction_ids": [1]}),
    ] {
        let response = send(
            &sandbox,
            authed(
                &sandbox,
                Request::post_json(url.clone(), &body),
                "application/json",
            ),
        )
        .await;
        assert_eq!(response.status, 400, "{body}");
    }
    let response = send(
        &sandbox,
        authed(
            &sandbox,
            Request::post_json(
                url,
                &json!({"grace_period": 3, "transaction_ids": [onespan::COMPLETED, "unknown-id", "bad id"]}),
            ),
            "application/json",
        ),
    )
    .await;
    assert_eq!(response.status, 200);
    let events: Vec<String> = response.json()["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["marking_event"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        events,
        [
            "Transaction Erase Request - Accepted",
            "Transaction Erase Request - Transaction Not Found",
            "Transaction Erase Request - ID field error",
        ]
    );
}

#[tokio::test]
async fn create_needs_a_json_object_and_controls_need_the_token() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let mut create = Request::post(
        at(&sandbox, "/api/transaction/"),
        "text/plain",
        b"{}".to_vec(),
    );
    create.method = "PUT";
    let response = send(&sandbox, authed(&sandbox, create, "application/json")).await;
    assert_eq!(response.status, 415);
    let mut create = Request::post_json(at(&sandbox, "/api/transaction/"), &json!([1]));
    create.method = "PUT";
    let response = send(&sandbox, authed(&sandbox, create, "application/json")).await;
    assert_eq!(response.status, 400);
    let mut create = Request::post_json(at(&sandbox, "/api/transaction/"), &json!({}));
    create.method = "PUT";
    let response = send(&sandbox, authed(&sandbox, create, "application/json")).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.json()["status"], "new");

    let control = Request::post(
        at(&sandbox, "/__sandbox/clock?seconds=5"),
        "text/plain",
        Vec::new(),
    )
    .header("Accept", "application/json");
    assert_eq!(send(&sandbox, control).await.status, 401);
}
