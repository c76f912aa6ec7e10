//! Conformance to OneSpan's documentation (`providers/README.md`, the seed and the
//! examples): the status call on the wire (bearer, `Accept`, `X-Tenant`,
//! `withVerifications`), nothing else sent, the documented payloads decoded once
//! repaired, and the status table.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::sync::Arc;

use mockito::{Matcher, ServerGuard};
use onespan_tx::{Client, ClientOptions, NormalizedStatus, Notification, Transaction, normalize};
use txstatus_core::{ManualClock, StatusSource};

const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.conformance.c2lnbmF0dXJl";
const ID: &str = "dcaad720-d1e9-47ba-a76b-a6370ef0373b";
/// Copies of `../shared/providers/examples` (the providers' documented payloads),
/// kept in the crate so its package tests on its own.
const EXAMPLES: &str = "tests/docs_examples";

fn example(name: &str) -> String {
    std::fs::read_to_string(format!("{}/{EXAMPLES}/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The repairs README.md allows: `//` comment lines dropped, the page's no-break
/// spaces as spaces, the missing quote restored, `[...]` placeholders as empty arrays.
fn repaired_status(name: &str) -> String {
    example(name)
        .replace('\u{a0}', " ")
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
        .replace("  language\":", "  \"language\":")
        .replace("[...]", "[]")
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

fn status_mock(server: &mut ServerGuard, query: &str, tenant: Option<&str>) -> mockito::Mock {
    server
        .mock("GET", format!("/tenant-api/api/transaction/{ID}").as_str())
        .match_query(Matcher::Exact(query.to_owned()))
        .match_header("authorization", format!("Bearer {JWT}").as_str())
        .match_header("accept", "application/json")
        .match_header(
            "x-tenant",
            tenant.map_or(Matcher::Missing, |t| Matcher::Exact(t.to_owned())),
        )
        .match_body(Matcher::Exact(String::new()))
        .with_header("content-type", "application/json")
        .with_body(repaired_status("onespan-transaction-status.seed-raw.txt"))
        .expect(1)
}

#[tokio::test]
async fn the_status_call_is_the_documented_get_with_bearer_and_accept() {
    let mut server = mockito::Server::new_async().await;
    let status = status_mock(&mut server, "", None).create_async().await;
    let others = nothing_else(&mut server).await;
    let client = Client::builder(JWT)
        .base_url(format!("{}/tenant-api", server.url()))
        .configure_transport(|t| t.no_proxy().clock(Arc::new(ManualClock::new())))
        .build()
        .unwrap();
    let report = client.status_report(ID).await.unwrap();
    status.assert_async().await;
    for other in others {
        other.assert_async().await;
    }
    assert_eq!(report.status.raw(), "new");
    assert_eq!(report.status.normalized(), NormalizedStatus::Pending);
    assert!(report.created_at.is_some());
}

#[tokio::test]
async fn with_verifications_and_a_tenant_the_flag_and_header_are_sent() {
    let mut server = mockito::Server::new_async().await;
    let status = status_mock(&mut server, "withVerifications=true", Some("acme"))
        .create_async()
        .await;
    let others = nothing_else(&mut server).await;
    let client = Client::builder(JWT)
        .base_url(format!("{}/tenant-api", server.url()))
        .tenant("acme")
        .status_with_verifications(true)
        .configure_transport(|t| t.no_proxy().clock(Arc::new(ManualClock::new())))
        .build()
        .unwrap();
    client.status_report(ID).await.unwrap();
    status.assert_async().await;
    for other in others {
        other.assert_async().await;
    }
}

#[test]
fn the_documented_status_answers_decode_once_repaired() {
    for name in [
        "onespan-transaction-status.seed-raw.txt",
        "onespan-transaction-status-with-verifications.seed-raw.txt",
    ] {
        let transaction = Transaction::from_json(repaired_status(name).as_bytes()).unwrap();
        assert_eq!(transaction.id.as_ref().unwrap().as_str(), ID, "{name}");
        assert_eq!(
            transaction.status.as_ref().unwrap().normalized(),
            NormalizedStatus::Pending
        );
        let value = serde_json::to_value(&transaction).unwrap();
        assert_eq!(value["urlSetKey"], "default");
        assert_eq!(value["tenant_id"], "5e52d7b8-8b18-41a4-9187-d4ce75af681");
        assert_eq!(value["language"], "english");
    }
}

#[test]
fn the_documented_verification_excerpt_keeps_epoch_millis_and_uppercase_statuses() {
    let body = format!(
        r#"{{"id":"84f29725-7b57-4baa-a290-3be937f95ce6","status":"completed","verifications":[{}]}}"#,
        r#"{"id":"document_id_authentication","revision_id":"3dc47509-a2c3-41ff-aa5b-2f1cfa95b321",
        "name":"doc_id","status":"SUCCESS","timestamp":1657216749097,
        "vhub_workflow_id":"3e16826f-fb30-4cfb-bc7d-ac96545e0e93",
        "vhub_transaction_id":"4254041b-1228-44c0-8455-627553987636",
        "vhub_verification_id":"3e16826f-fb30-4cfb-bc7d-ac96545e0111",
        "vhub_transaction_status":"COMPLETED"}"#
    );
    let transaction = Transaction::from_json(body.as_bytes()).unwrap();
    let value = serde_json::to_value(&transaction).unwrap();
    let verification = &value["verifications"][0];
    assert_eq!(verification["timestamp"], 1_657_216_749_097_u64);
    assert_eq!(verification["status"], "SUCCESS");
    assert_eq!(verification["vhub_transaction_status"], "COMPLETED");
    assert_eq!(
        verification["vhub_verification_id"],
        "3e16826f-fb30-4cfb-bc7d-ac96545e0111"
    );
}

#[test]
fn the_documented_token_version_is_accepted_as_text_and_as_a_number() {
    let token = example("onespan-token.json");
    for version in ["\"0\"", "0"] {
        let token = token.replace("\"version\": \"0\"", &format!("\"version\": {version}"));
        let body = format!(r#"{{"id":"{ID}","status":"new","tokens":[{token}]}}"#);
        let transaction = Transaction::from_json(body.as_bytes()).unwrap();
        let tokens = transaction.tokens.as_ref().unwrap();
        assert!(tokens[0].version.is_some(), "{version}");
    }
}

#[test]
fn the_documented_notification_parses_once_repaired() {
    let body = example("onespan-notification-transaction-created.docs-raw.txt")
        .replace('\u{a0}', " ")
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
        .replace("  @timestamp\":", "  \"@timestamp\":")
        .replace("\"version\":\n}", "\"version\": null\n}");
    let notification = Notification::parse(body.as_bytes()).unwrap();
    assert_eq!(
        notification.transaction_id.as_deref(),
        Some("a17800d8-0208-4052-b2c6-752f07c04dfa")
    );
    assert_eq!(
        notification.trigger.as_ref().unwrap().as_str(),
        "transaction_created"
    );
    assert_eq!(
        notification.at_timestamp.as_deref(),
        Some("2020-01-17 00:08:31.118 +0000")
    );
}

#[test]
fn every_documented_status_maps_as_the_table_says() {
    use NormalizedStatus::*;
    for (raw, expected) in [
        ("new", Pending),
        ("workflow_in_progress", Pending),
        ("workflow_completed", Pending),
        ("post_processing", Pending),
        ("completed", Succeeded),
        ("autosigned", Succeeded),
        ("vaulted", Succeeded),
        ("error", Failed),
        ("cancelled", Cancelled),
        ("expired", Expired),
        ("unknown", Unknown),
        ("COMPLETED", Unknown),
        ("in_progress", Unknown),
    ] {
        assert_eq!(normalize(raw), expected, "{raw}");
    }
    assert!(!normalize("unknown").is_terminal());
}
