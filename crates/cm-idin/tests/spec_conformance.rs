//! Conformance to CM's iDIN documentation (`providers/README.md`, the seed and the
//! examples): the three POSTs with the merchant token in the body and nothing else on
//! the wire, the documented answers decoded, and the status table.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::sync::Arc;

use cm_idin::{Client, ClientOptions, NewTransaction, NormalizedStatus, normalize};
use mockito::{Matcher, ServerGuard};
use txstatus_core::{ManualClock, StatusSource};

const TOKEN: &str = "3c01abeb-b031-4fea-9f2d-c55c283cd78e";
/// Copies of `../shared/providers/examples` (the providers' documented payloads),
/// kept in the crate so its package tests on its own.
const EXAMPLES: &str = "tests/docs_examples";

fn example(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/{EXAMPLES}/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn example_json(name: &str) -> serde_json::Value {
    serde_json::from_slice(&example(name)).unwrap()
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

fn client(server: &ServerGuard) -> Client {
    Client::builder(TOKEN)
        .base_url(format!("{}/idin/v1.0", server.url()))
        .configure_transport(|t| t.clock(Arc::new(ManualClock::new())).no_proxy())
        .build()
        .unwrap()
}

fn post(server: &mut ServerGuard, path: &str, body: serde_json::Value) -> mockito::Mock {
    server
        .mock("POST", format!("/idin/v1.0/{path}").as_str())
        .match_query(Matcher::Exact(String::new()))
        .match_header("content-type", "application/json")
        .match_header("authorization", Matcher::Missing)
        .match_body(Matcher::Json(body))
        .with_header("content-type", "application/json")
}

#[tokio::test]
async fn status_posts_exactly_the_documented_body_and_decodes_the_documented_answer() {
    // The documented request shows the placeholder `"string"` where the answer
    // names transaction 3645651845961623: the request asks for that one (an
    // answer about another transaction is refused), as documented otherwise.
    let documented_answer_id = "3645651845961623";
    let mut request = example_json("cm-idin-status-request.json");
    assert_eq!(request["transaction_id"], "string");
    request["transaction_id"] = documented_answer_id.into();
    let mut server = mockito::Server::new_async().await;
    let status = post(&mut server, "status", request)
        .with_body(example("cm-idin-status-response.json"))
        .expect(1)
        .create_async()
        .await;
    let others = nothing_else(&mut server).await;
    let report = client(&server)
        .status_source("string")
        .status_report(documented_answer_id)
        .await
        .unwrap();
    status.assert_async().await;
    for other in others {
        other.assert_async().await;
    }
    assert_eq!(report.status.raw(), "success");
    assert_eq!(report.status.normalized(), NormalizedStatus::Succeeded);
    assert_eq!(report.created_at, None);
    assert_eq!(report.updated_at, None);
}

#[tokio::test]
async fn directory_posts_only_the_merchant_token_and_decodes_the_documented_answer() {
    let mut server = mockito::Server::new_async().await;
    let directory = post(
        &mut server,
        "directory",
        example_json("cm-idin-directory-request.json"),
    )
    .with_body(example("cm-idin-directory-response.json"))
    .expect(1)
    .create_async()
    .await;
    let others = nothing_else(&mut server).await;
    let response = client(&server).directory().await.unwrap();
    directory.assert_async().await;
    for other in others {
        other.assert_async().await;
    }
    let issuers = response.value()[0].issuers.as_ref().unwrap();
    assert_eq!(issuers[0].issuer_id.as_deref(), Some("RABONL2U"));
    assert_eq!(issuers[0].issuer_name.as_deref(), Some("Rabobank"));
}

#[tokio::test]
async fn transaction_posts_the_documented_body_with_every_flag() {
    let mut server = mockito::Server::new_async().await;
    let mut documented = example_json("cm-idin-transaction-request.json");
    // The documented placeholders ("string") are not a valid entrance code / URL.
    documented["entrance_code"] = "abc123".into();
    documented["merchant_return_url"] = "https://shop.example/idin/return".into();
    let create = post(&mut server, "transaction", documented)
        .with_body(
            r#"{"transaction_id":"3645651845961623","issuer_authentication_url":"https://bank.example/auth","merchant_reference":"mref-1"}"#,
        )
        .expect(1)
        .create_async()
        .await;
    let others = nothing_else(&mut server).await;
    let mut transaction =
        NewTransaction::new("RABONL2U", "abc123", "https://shop.example/idin/return");
    transaction.language = Some("nl".to_owned());
    transaction.transaction_reference = Some("7defa5c6-7651-45cd-9016-f9027dc4dda9".to_owned());
    transaction.identity = Some(true);
    transaction.name = Some(true);
    transaction.gender = Some(true);
    transaction.address = Some(true);
    transaction.date_of_birth = Some(true);
    transaction.is_18_or_older = Some(true);
    transaction.email_address = Some(true);
    transaction.telephone_number = Some(true);
    let created = client(&server)
        .create_transaction(&transaction)
        .await
        .unwrap();
    create.assert_async().await;
    for other in others {
        other.assert_async().await;
    }
    assert_eq!(
        created.value().merchant_reference.as_deref(),
        Some("mref-1")
    );
}

#[tokio::test]
async fn success_with_notice_code_2000_is_succeeded_too() {
    let mut server = mockito::Server::new_async().await;
    for notice_code in ["2000", "\"2000\""] {
        let status = post(
            &mut server,
            "status",
            example_json("cm-idin-status-request.json"),
        )
        .with_body(format!(
            r#"{{"status":"success","transaction_id":"string","notice":"The transaction was successful, but the data was not retrieved within 30 seconds.","notice_code":{notice_code}}}"#
        ))
        .expect(1)
        .create_async()
        .await;
        let report = client(&server)
            .status_source("string")
            .status_report("string")
            .await
            .unwrap();
        status.assert_async().await;
        status.remove_async().await;
        assert_eq!(report.status.normalized(), NormalizedStatus::Succeeded);
        assert!(report.status.is_terminal());
        assert!(report.notice.is_some());
    }
}

#[test]
fn every_documented_status_maps_as_the_table_says() {
    use NormalizedStatus::*;
    for (raw, expected) in [
        ("open", Pending),
        ("success", Succeeded),
        ("failure", Failed),
        ("cancelled", Cancelled),
        ("expired", Expired),
        ("unknown", Unknown),
        ("Success", Unknown),
    ] {
        assert_eq!(normalize(raw), expected, "{raw}");
    }
    assert!(!normalize("unknown").is_terminal());
}

#[test]
fn the_documented_house_number_decodes_as_a_number_and_as_digits() {
    for house_number in ["1", "\"1\""] {
        let body = format!(r#"{{"status":"success","address":{{"house_number":{house_number}}}}}"#);
        let status = cm_idin::StatusResponse::from_json(body.as_bytes()).unwrap();
        let value = serde_json::to_value(&status).unwrap();
        assert!(
            value["address"]["house_number"] == 1 || value["address"]["house_number"] == "1",
            "{value}"
        );
    }
}
