//! Request shape: path, query, headers.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::sync::Arc;

use mockito::Matcher;
use onespan_tx::{Client, ClientOptions};
use txstatus_core::ManualClock;

const ID: &str = "dcaad720-d1e9-47ba-a76b-a6370ef0373b";
const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.request-test.c2lnbmF0dXJl";
const BODY: &str = r#"{"id":"dcaad720-d1e9-47ba-a76b-a6370ef0373b","status":"new"}"#;

fn client(base: String, tenant: Option<&str>) -> Client {
    let mut builder = Client::builder(JWT)
        .base_url(base)
        .configure_transport(|t| t.clock(Arc::new(ManualClock::new())));
    if let Some(tenant) = tenant {
        builder = builder.tenant(tenant);
    }
    builder.build().unwrap()
}

#[tokio::test]
async fn get_transaction_sends_path_bearer_and_accept_without_tenant_or_query() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock(
            "GET",
            "/api/transaction/dcaad720-d1e9-47ba-a76b-a6370ef0373b",
        )
        .match_query(Matcher::Missing)
        .match_header("authorization", format!("Bearer {JWT}").as_str())
        .match_header("accept", "application/json")
        .match_header("x-tenant", Matcher::Missing)
        .with_header("content-type", "application/json")
        .with_body(BODY)
        .expect(1)
        .create_async()
        .await;
    let response = client(server.url(), None).transaction(ID).await.unwrap();
    mock.assert_async().await;
    assert_eq!(response.value().id.as_deref(), Some(ID));
    assert_eq!(response.value().raw_status(), "new");
    assert_eq!(response.attempts(), 1);
}

#[tokio::test]
async fn with_verifications_adds_the_query_flag() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock(
            "GET",
            "/api/transaction/dcaad720-d1e9-47ba-a76b-a6370ef0373b",
        )
        .match_query(Matcher::UrlEncoded(
            "withVerifications".into(),
            "true".into(),
        ))
        .match_header("accept", "application/json")
        .with_body(BODY)
        .expect(2)
        .create_async()
        .await;
    let client = client(server.url(), None);
    client.transaction_with_verifications(ID).await.unwrap();
    client.transaction_with_verifications(ID).await.unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn tenant_is_sent_as_x_tenant_when_set() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock(
            "GET",
            "/api/transaction/dcaad720-d1e9-47ba-a76b-a6370ef0373b",
        )
        .match_header("x-tenant", "acme-tenant")
        .match_header("authorization", format!("Bearer {JWT}").as_str())
        .match_header("accept", "application/json")
        .with_body(BODY)
        .expect(1)
        .create_async()
        .await;
    client(server.url(), Some("acme-tenant"))
        .transaction(ID)
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn base_url_path_prefix_is_kept() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock(
            "GET",
            "/rpoc-saa/api/transaction/dcaad720-d1e9-47ba-a76b-a6370ef0373b",
        )
        .match_query(Matcher::UrlEncoded(
            "withVerifications".into(),
            "true".into(),
        ))
        .with_body(BODY)
        .expect(2)
        .create_async()
        .await;
    for base in [
        format!("{}/rpoc-saa", server.url()),
        format!("{}/rpoc-saa/", server.url()),
    ] {
        client(base, None)
            .transaction_with_verifications(ID)
            .await
            .unwrap();
    }
    mock.assert_async().await;
}

#[tokio::test]
async fn id_is_encoded_as_one_path_segment() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", "/api/transaction/a%2Fb%3Fc")
        .with_body(r#"{"id":"a/b?c","status":"new"}"#)
        .expect(1)
        .create_async()
        .await;
    client(server.url(), None)
        .transaction("a/b?c")
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn bad_ids_are_refused_before_any_request() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", Matcher::Any)
        .expect(0)
        .create_async()
        .await;
    let client = client(server.url(), None);
    for id in ["", ".", "..", "bad\nid"] {
        let error = client.transaction(id).await.unwrap_err();
        assert!(error.is_invalid_input(), "{id:?}: {error}");
        assert!(!error.may_have_been_sent());
    }
    mock.assert_async().await;
}
