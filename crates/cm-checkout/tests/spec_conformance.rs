//! Conformance to CM's Checkout documentation (`providers/README.md`, the seed and the
//! examples): the OAuth client-credentials token request, the transaction read, the
//! status table, and nothing else on the wire.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::{sync::Arc, time::Duration};

use cm_checkout::{Client, ClientOptions, NormalizedStatus, normalize};
use mockito::{Matcher, ServerGuard};
use txstatus_core::{ManualClock, StatusSource};

const ID: &str = "8db1e7fa-ba8a-4189-92fd-67a20217443d";
const CLIENT_ID: &str = "id with spaces&=+";
const SECRET: &str = "s3cr3t+/=&%?#é";
/// Copies of `../shared/providers/examples` (the providers' documented payloads),
/// kept in the crate so its package tests on its own.
const EXAMPLES: &str = "tests/docs_examples";

fn example(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/{EXAMPLES}/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

async fn nothing_else(server: &mut ServerGuard) -> Vec<mockito::Mock> {
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

async fn token(
    server: &mut ServerGuard,
    token: &str,
    expires_in: &str,
    hits: usize,
) -> mockito::Mock {
    server
        .mock("POST", "/api/v1/authorization/oauth2/token")
        .match_query(Matcher::Exact(String::new()))
        .match_header("content-type", "application/x-www-form-urlencoded")
        .match_header("authorization", Matcher::Missing)
        .match_body(Matcher::AllOf(vec![
            Matcher::UrlEncoded("client_id".into(), CLIENT_ID.into()),
            Matcher::UrlEncoded("client_secret".into(), SECRET.into()),
            Matcher::UrlEncoded("grant_type".into(), "client_credentials".into()),
            // Exactly these three fields, each once.
            Matcher::Regex("^[^&]*&[^&]*&[^&]*$".into()),
        ]))
        .with_header("content-type", "application/json")
        .with_body(format!(
            r#"{{"access_token":"{token}","token_type":"Bearer","expires_in":{expires_in}}}"#
        ))
        .expect(hits)
        .create_async()
        .await
}

fn read(server: &mut ServerGuard, token: &str) -> mockito::Mock {
    server
        .mock(
            "GET",
            format!("/api/v1/paymentmethods/checkout/v1/transactions/{ID}").as_str(),
        )
        .match_query(Matcher::Exact(String::new()))
        .match_header("authorization", format!("Bearer {token}").as_str())
        .match_body(Matcher::Exact(String::new()))
        .with_header("content-type", "application/json")
        .with_body(example("cm-payments-checkout-transaction.json"))
}

fn client(server: &ServerGuard, clock: &ManualClock) -> Client {
    let clock = clock.clone();
    Client::builder(CLIENT_ID, SECRET)
        .base_url(format!("{}/api/v1", server.url()))
        .configure_transport(|t| t.no_proxy().clock(Arc::new(clock)))
        .build()
        .unwrap()
}

#[tokio::test]
async fn credentials_with_reserved_characters_travel_form_encoded_and_the_token_is_cached() {
    let mut server = mockito::Server::new_async().await;
    let issued = token(&mut server, "tok-1", "3600", 1).await;
    let reads = read(&mut server, "tok-1").expect(3).create_async().await;
    let others = nothing_else(&mut server).await;
    let clock = ManualClock::new();
    let client = client(&server, &clock);
    let report = client.status_report(ID).await.unwrap();
    clock.advance(Duration::from_secs(3000));
    client.transaction(ID).await.unwrap();
    client.clone().transaction(ID).await.unwrap();
    issued.assert_async().await;
    reads.assert_async().await;
    for other in others {
        other.assert_async().await;
    }
    assert_eq!(report.status.raw(), "OPEN");
    assert_eq!(report.status.normalized(), NormalizedStatus::Pending);
}

#[tokio::test]
async fn a_numeric_string_expires_in_is_honoured_and_a_new_token_fetched_before_expiry() {
    let mut server = mockito::Server::new_async().await;
    let first = token(&mut server, "tok-1", "\"600\"", 1).await;
    let second = token(&mut server, "tok-2", "600", 1).await;
    let with_first = read(&mut server, "tok-1").expect(1).create_async().await;
    let with_second = read(&mut server, "tok-2").expect(1).create_async().await;
    let others = nothing_else(&mut server).await;
    let clock = ManualClock::new();
    let client = client(&server, &clock);
    client.transaction(ID).await.unwrap();
    clock.advance(Duration::from_secs(590));
    client.transaction(ID).await.unwrap();
    first.assert_async().await;
    second.assert_async().await;
    with_first.assert_async().await;
    with_second.assert_async().await;
    for other in others {
        other.assert_async().await;
    }
}

#[tokio::test]
async fn a_refused_token_request_is_asked_once_and_no_read_is_sent() {
    let mut server = mockito::Server::new_async().await;
    let refused = server
        .mock("POST", "/api/v1/authorization/oauth2/token")
        .with_status(401)
        .with_header("content-type", "application/json")
        .with_body(r#"{"error":"invalid_client","error_description":"bad"}"#)
        .expect(1)
        .create_async()
        .await;
    let others = nothing_else(&mut server).await;
    let error = client(&server, &ManualClock::new())
        .transaction(ID)
        .await
        .unwrap_err();
    refused.assert_async().await;
    for other in others {
        other.assert_async().await;
    }
    assert_eq!(error.status(), Some(401));
}

#[test]
fn every_documented_status_maps_as_the_table_says() {
    use NormalizedStatus::*;
    for (raw, expected) in [
        ("OPEN", Pending),
        ("PENDING", Pending),
        ("AUTHORIZED", Pending),
        ("SUCCESS", Succeeded),
        ("FAILURE", Failed),
        ("CANCELLED", Cancelled),
        ("EXPIRED", Expired),
        ("unknown", Unknown),
        ("UNKNOWN", Unknown),
        ("Success", Unknown),
        ("CANCELED", Unknown),
    ] {
        assert_eq!(normalize(raw), expected, "{raw}");
    }
    assert!(!normalize("UNKNOWN").is_terminal());
}

#[test]
fn the_documented_transaction_decodes_with_its_documented_values() {
    let transaction =
        cm_checkout::Transaction::from_json(&example("cm-payments-checkout-transaction.json"))
            .unwrap();
    let value = serde_json::to_value(&transaction).unwrap();
    assert_eq!(value["amount"], 1200);
    assert_eq!(value["currency"], "EUR");
    assert_eq!(value["status"], "OPEN");
    assert_eq!(value["consumer"]["address"]["houseNumber"], "25");
    assert_eq!(value["refunds"]["refundedAmount"], 300);
    assert_eq!(value["payments"][0]["status"], "OPEN");
    assert!(value["action"]["redirect"]["url"].is_string());
}
