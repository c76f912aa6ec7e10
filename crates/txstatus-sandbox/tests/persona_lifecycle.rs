//! Persona lifecycle endpoints: the sandbox refuses requests that do not follow the
//! spec, with Persona's error objects naming the parameter or pointer at fault.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use serde_json::{Value, json};
use support::{Request, path, send};
use txstatus_sandbox::{Provider, Sandbox, persona_ids};

fn persona(sandbox: &Sandbox, request: Request) -> Request {
    request
        .bearer(&sandbox.credentials().persona_api_key)
        .header("Key-Inflection", "kebab")
        .header("Persona-Version", "2025-12-08")
}

fn get(sandbox: &Sandbox, rest: &str) -> Request {
    persona(
        sandbox,
        Request::get(path(sandbox, Provider::Persona, rest)),
    )
}

fn create(sandbox: &Sandbox, body: &Value) -> Request {
    persona(
        sandbox,
        Request::post_json(path(sandbox, Provider::Persona, "/transactions"), body),
    )
}

#[tokio::test]
async fn list_refuses_unknown_or_unencoded_parameters() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    for query in [
        "?reference-id=x",
        "?filter%5Breference_id%5D=x",
        "?page%5Bsize%5D=0",
        "?page%5Bsize%5D=101",
        "?include=account",
    ] {
        let response = send(&sandbox, get(&sandbox, &format!("/transactions{query}"))).await;
        assert_eq!(response.status, 400, "{query}");
        assert!(response.json()["errors"][0]["meta"]["parameter"].is_string());
    }
}

#[tokio::test]
async fn list_links_carry_only_the_cursor() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let reference = persona_ids::reference_id(1);
    let response = send(
        &sandbox,
        get(
            &sandbox,
            &format!("/transactions?page%5Bsize%5D=4&filter%5Breference-id%5D={reference}"),
        ),
    )
    .await;
    assert_eq!(response.status, 200);
    let body = response.json();
    assert_eq!(body["data"].as_array().unwrap().len(), 4);
    for item in body["data"].as_array().unwrap() {
        assert_eq!(item["attributes"]["reference-id"], reference.as_str());
    }
    let next = body["links"]["next"].as_str().unwrap();
    assert!(next.starts_with("/api/v1/transactions?page%5Bafter%5D=txn_sbxgen"));
    assert!(!next.contains("filter"));
    assert_eq!(body["links"]["prev"], Value::Null);
}

#[tokio::test]
async fn create_refuses_bodies_outside_the_spec() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let cases = [
        (json!({"transaction-type-id": "txntp_1"}), 400),
        (
            json!({"data": {"attributes": {"transaction-type-id": "txntp_1", "name": "x"}}}),
            400,
        ),
        (
            json!({"data": {"attributes": {"transaction-type-id": 7}}}),
            400,
        ),
        (json!({"data": {"attributes": {"reference-id": "r"}}}), 422),
        (
            json!({"data": {"attributes": {"transaction-type-id": "txntp_1", "tags": "a"}}}),
            400,
        ),
    ];
    for (body, status) in cases {
        let response = send(&sandbox, create(&sandbox, &body)).await;
        assert_eq!(response.status, status, "{body}");
        let at = if status == 422 { "source" } else { "meta" };
        assert!(response.json()["errors"][0][at]["pointer"].is_string());
    }
    let form = persona(
        &sandbox,
        Request::post(
            path(&sandbox, Provider::Persona, "/transactions"),
            "application/x-www-form-urlencoded",
            "a=b",
        ),
    );
    assert_eq!(send(&sandbox, form).await.status, 400);
}

#[tokio::test]
async fn a_key_reused_with_another_body_is_refused() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let body = json!({"data": {"attributes": {"transaction-type-id": "txntp_1"}}});
    let first = send(
        &sandbox,
        create(&sandbox, &body).header("Idempotency-Key", "k-1"),
    )
    .await;
    assert_eq!(first.status, 201);
    let same = send(
        &sandbox,
        create(&sandbox, &body).header("Idempotency-Key", "k-1"),
    )
    .await;
    assert_eq!(same.json()["data"]["id"], first.json()["data"]["id"]);
    let other = json!({"data": {"attributes": {"transaction-type-id": "txntp_2"}}});
    let reused = send(
        &sandbox,
        create(&sandbox, &other).header("Idempotency-Key", "k-1"),
    )
    .await;
    assert_eq!(reused.status, 422);
}

#[tokio::test]
async fn lifecycle_routes_require_the_api_key() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    for rest in ["/transactions", "/events", "/events/evt_sbx-progress-0"] {
        let request = Request::get(path(&sandbox, Provider::Persona, rest))
            .header("Key-Inflection", "kebab")
            .header("Persona-Version", "2025-12-08");
        assert_eq!(send(&sandbox, request).await.status, 401, "{rest}");
    }
}

#[tokio::test]
async fn an_unknown_event_is_a_404() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let response = send(&sandbox, get(&sandbox, "/events/evt_nope")).await;
    assert_eq!(response.status, 404);
    let known = send(&sandbox, get(&sandbox, "/events/evt_sbx-progress-0")).await;
    assert_eq!(known.status, 200);
    assert_eq!(
        known.json()["data"]["attributes"]["name"],
        "transaction.created"
    );
}
