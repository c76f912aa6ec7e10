//! The sandbox's answers in the providers' documented shapes: Persona's error items
//! hold only the members the spec allows for their status (`persona/openapi-2025-12-08.yaml`,
//! `components.responses`: a 400 item `title`, `details`, `meta`; a 422 item `title`,
//! `details`, `source` with `pointer` only).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use serde_json::{Value, json};
use support::{Request, path, send};
use txstatus_sandbox::{Provider, Sandbox};

fn persona(sandbox: &Sandbox, request: Request) -> Request {
    request
        .bearer(&sandbox.credentials().persona_api_key)
        .header("Key-Inflection", "kebab")
        .header("Persona-Version", "2025-12-08")
}

fn assert_spec_items(body: &Value, status: u16) {
    let allowed: &[&str] = match status {
        400 => &["title", "details", "meta"],
        422 => &["title", "details", "source"],
        _ => panic!("no rule for {status}"),
    };
    for item in body["errors"].as_array().unwrap() {
        for key in item.as_object().unwrap().keys() {
            assert!(allowed.contains(&key.as_str()), "{status}: {key} in {item}");
        }
        if let Some(source) = item.get("source") {
            let keys: Vec<&String> = source.as_object().unwrap().keys().collect();
            assert_eq!(keys, ["pointer"], "{status}: {item}");
        }
    }
}

#[tokio::test]
async fn persona_400_error_items_carry_no_source_member() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    for query in ["?page%5Bsize%5D=0", "?reference-id=x"] {
        let request = Request::get(path(
            &sandbox,
            Provider::Persona,
            &format!("/transactions{query}"),
        ));
        let response = send(&sandbox, persona(&sandbox, request)).await;
        assert_eq!(response.status, 400, "{query}");
        assert_spec_items(&response.json(), 400);
    }
    let body = json!({"data": {"attributes": {"transaction-type-id": 7}}});
    let request = Request::post_json(path(&sandbox, Provider::Persona, "/transactions"), &body);
    let response = send(&sandbox, persona(&sandbox, request)).await;
    assert_eq!(response.status, 400);
    assert_spec_items(&response.json(), 400);
}

#[tokio::test]
async fn persona_422_error_items_point_into_the_body_only() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let body = json!({"data": {"attributes": {"reference-id": "r"}}});
    let request = Request::post_json(path(&sandbox, Provider::Persona, "/transactions"), &body);
    let response = send(&sandbox, persona(&sandbox, request)).await;
    assert_eq!(response.status, 422);
    let json = response.json();
    assert_spec_items(&json, 422);
    assert_eq!(
        json["errors"][0]["source"]["pointer"],
        "/data/attributes/transaction-type-id"
    );
}

#[tokio::test]
async fn persona_422_for_a_reused_idempotency_key_has_no_parameter_source() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let create = |body: &Value| {
        let request = Request::post_json(path(&sandbox, Provider::Persona, "/transactions"), body);
        persona(&sandbox, request).header("Idempotency-Key", "k-spec")
    };
    let first = json!({"data": {"attributes": {"transaction-type-id": "txntp_1"}}});
    assert_eq!(send(&sandbox, create(&first)).await.status, 201);
    let other = json!({"data": {"attributes": {"transaction-type-id": "txntp_2"}}});
    let reused = send(&sandbox, create(&other)).await;
    assert_eq!(reused.status, 422);
    assert_spec_items(&reused.json(), 422);
}
