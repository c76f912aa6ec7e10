//! OneSpan: bearer token, tenant, Accept, withVerifications.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use support::{Request, path, send};
use txstatus_sandbox::{Provider, Sandbox, ids::onespan};

fn transaction(sandbox: &Sandbox, query: &str) -> Request {
    Request::get(path(
        sandbox,
        Provider::OneSpan,
        &format!("/api/transaction/{}{query}", onespan::COMPLETED),
    ))
}

#[tokio::test]
async fn accepts_the_token_and_json_accept() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let token = sandbox.credentials().onespan_token.clone();
    for accept in [
        "application/json",
        "application/json, text/javascript",
        "*/*",
    ] {
        let response = send(
            &sandbox,
            transaction(&sandbox, "")
                .bearer(&token)
                .header("Accept", accept),
        )
        .await;
        assert_eq!(response.status, 200, "{accept}");
        assert_eq!(response.json()["status"], "completed");
    }
}

#[tokio::test]
async fn refuses_a_wrong_token_with_401_and_onespan_body() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    for auth in [None, Some("Bearer wrong")] {
        let mut request = transaction(&sandbox, "").header("Accept", "application/json");
        if let Some(auth) = auth {
            request = request.header("Authorization", auth);
        }
        let response = send(&sandbox, request).await;
        assert_eq!(response.status, 401);
        let body = response.json();
        assert_eq!(body["code"], 401);
        assert!(body["messageKey"].is_string());
        assert!(body["message"].is_string());
    }
}

#[tokio::test]
async fn requires_an_accept_that_allows_json() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let token = sandbox.credentials().onespan_token.clone();
    let missing = send(&sandbox, transaction(&sandbox, "").bearer(&token)).await;
    assert_eq!(missing.status, 406);
    let html = send(
        &sandbox,
        transaction(&sandbox, "")
            .bearer(&token)
            .header("Accept", "text/html"),
    )
    .await;
    assert_eq!(html.status, 406);
    assert_eq!(html.json()["code"], 406);
}

#[tokio::test]
async fn checks_the_tenant_when_configured() {
    let plain = txstatus_sandbox::start().await.unwrap();
    let token = plain.credentials().onespan_token.clone();
    let response = send(
        &plain,
        transaction(&plain, "")
            .bearer(&token)
            .header("Accept", "application/json")
            .header("X-Tenant", "anything"),
    )
    .await;
    assert_eq!(
        response.status, 200,
        "without a configured tenant the header is ignored"
    );

    let sandbox = Sandbox::builder()
        .onespan_tenant("sbx-tenant")
        .start()
        .await
        .unwrap();
    assert_eq!(
        sandbox.credentials().onespan_tenant.as_deref(),
        Some("sbx-tenant")
    );
    let request = || {
        transaction(&sandbox, "")
            .bearer(&token)
            .header("Accept", "application/json")
    };
    assert_eq!(send(&sandbox, request()).await.status, 401);
    assert_eq!(
        send(&sandbox, request().header("X-Tenant", "other"))
            .await
            .status,
        401
    );
    let response = send(&sandbox, request().header("X-Tenant", "sbx-tenant")).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.json()["tenant_id"], "sbx-tenant");
}

#[tokio::test]
async fn verifications_only_when_asked() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let token = sandbox.credentials().onespan_token.clone();
    for (query, expected) in [
        ("?withVerifications=true", true),
        ("?withVerifications=false", false),
        ("", false),
    ] {
        let body = send(
            &sandbox,
            transaction(&sandbox, query)
                .bearer(&token)
                .header("Accept", "application/json"),
        )
        .await
        .json();
        assert_eq!(body.get("verifications").is_some(), expected, "{query:?}");
        assert_eq!(body["tokens"][0]["version"], "0");
        assert_eq!(body["users"][0]["last_name"], "Sandbox");
    }
}
