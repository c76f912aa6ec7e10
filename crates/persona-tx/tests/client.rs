//! Request shape of the retrieve call and the status report, against a local server.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use mockito::Matcher;
use persona_tx::{Client, ClientOptions, DEFAULT_PERSONA_VERSION, RetrieveOptions};
use txstatus_core::{NormalizedStatus, StatusSource};

const KEY: &str = "persona_test_key_9f8e7d";
const RETRIEVE: &[u8] = include_bytes!("../fixtures/transaction-retrieve.json");

fn client(server: &mockito::Server) -> Client {
    support::client(server, KEY)
}

#[tokio::test]
async fn retrieve_sends_path_auth_inflection_version_and_user_agent() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", "/transactions/txn_ABC123")
        .match_query(Matcher::Exact(String::new()))
        .match_header("authorization", format!("Bearer {KEY}").as_str())
        .match_header("key-inflection", "kebab")
        .match_header("persona-version", DEFAULT_PERSONA_VERSION)
        .match_header("user-agent", Matcher::Regex("^txstatus/".into()))
        .with_header("content-type", "application/json")
        .with_header("request-id", "req_AbcDeF")
        .with_header("ratelimit-limit", "300")
        .with_header("ratelimit-remaining", "299")
        .with_header("ratelimit-reset", "42")
        .with_body(RETRIEVE)
        .expect(1)
        .create_async()
        .await;

    let response = client(&server).transaction("txn_ABC123").await.unwrap();
    mock.assert_async().await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.request_id(), Some("req_AbcDeF"));
    let limits = response.rate_limit();
    assert_eq!(
        (limits.limit, limits.remaining, limits.reset),
        (Some(300), Some(299), Some(42))
    );
    assert_eq!(response.raw().as_bytes(), RETRIEVE);
    let transaction = response.value();
    assert_eq!(transaction.data.id, "txn_ABC123");
    assert_eq!(transaction.raw_status(), "declined");
    assert_eq!(transaction.accounts().count(), 1);
    assert_eq!(transaction.government_id_verifications().count(), 1);
}

#[tokio::test]
async fn persona_version_is_settable() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", "/transactions/txn_ABC123")
        .match_header("persona-version", "2023-01-05")
        .with_body(RETRIEVE)
        .create_async()
        .await;
    let client = Client::builder(KEY)
        .base_url(server.url())
        .persona_version("2023-01-05")
        .configure_transport(|t| t.no_proxy())
        .build()
        .unwrap();
    assert_eq!(client.persona_version(), "2023-01-05");
    client.transaction("txn_ABC123").await.unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn include_and_sparse_fieldsets_are_percent_encoded() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", "/transactions/txn_ABC123")
        .match_query(Matcher::Exact(
            "include=account%2Cverification%2Fgovernment-id\
             &fields%5Btransaction%5D=status%2Cfields\
             &fields%5Baccount%5D=reference-id"
                .into(),
        ))
        .with_body(RETRIEVE)
        .expect(1)
        .create_async()
        .await;
    let options = RetrieveOptions::new()
        .include(["account", "verification/government-id"])
        .fields("transaction", ["status", "fields"])
        .fields("account", ["reference-id"]);
    client(&server)
        .transaction_with("txn_ABC123", &options)
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn decoded_query_matches_what_persona_reads() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", "/transactions/txn_ABC123")
        .match_query(Matcher::AllOf(vec![
            Matcher::UrlEncoded("include".into(), "account".into()),
            Matcher::UrlEncoded(
                "fields[verification/government-id]".into(),
                "status,checks".into(),
            ),
        ]))
        .with_body(RETRIEVE)
        .create_async()
        .await;
    let options = RetrieveOptions::new()
        .include(["account"])
        .fields("verification/government-id", ["status", "checks"]);
    client(&server)
        .transaction_with("txn_ABC123", &options)
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn empty_include_is_sent_as_include_with_no_value() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", "/transactions/txn_NoIncl01")
        .match_query(Matcher::Exact("include=".into()))
        .with_body(include_bytes!("../fixtures/transaction-include-empty.json").as_slice())
        .create_async()
        .await;
    let response = client(&server)
        .transaction_with("txn_NoIncl01", &RetrieveOptions::new().include_nothing())
        .await
        .unwrap();
    mock.assert_async().await;
    assert!(response.value().included().is_empty());
}

#[tokio::test]
async fn the_id_travels_as_one_encoded_segment() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", "/transactions/txn%2Fodd%20id")
        .with_body(r#"{"data":{"type":"transaction","id":"txn/odd id","attributes":{"status":"created"}}}"#)
        .create_async()
        .await;
    client(&server).transaction("txn/odd id").await.unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn invalid_ids_are_refused_before_sending() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", Matcher::Any)
        .expect(0)
        .create_async()
        .await;
    let client = client(&server);
    for id in ["", "..", ".", "txn\n1"] {
        let error = client.transaction(id).await.unwrap_err();
        assert!(error.is_invalid_input(), "{id:?}: {error}");
        assert!(!error.may_have_been_sent());
    }
    mock.assert_async().await;
}

#[tokio::test]
async fn a_path_prefix_in_the_base_url_is_kept() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", "/api/v1/transactions/txn_ABC123")
        .with_body(RETRIEVE)
        .create_async()
        .await;
    let client = Client::builder(KEY)
        .base_url(format!("{}/api/v1/", server.url()))
        .configure_transport(|t| t.no_proxy())
        .build()
        .unwrap();
    client.transaction("txn_ABC123").await.unwrap();
    mock.assert_async().await;
}

#[test]
fn build_refuses_bad_configuration() {
    for builder in [
        Client::builder(""),
        Client::builder("  "),
        Client::builder("key\nwith newline"),
        Client::builder(KEY).persona_version(""),
        Client::builder(KEY).persona_version("2025\n12"),
        Client::builder(KEY).base_url("http://api.withpersona.com/api/v1"),
        Client::builder(KEY).base_url("not a url"),
    ] {
        let error = builder.build().unwrap_err();
        assert!(error.is_invalid_input(), "{error}");
        assert!(!format!("{error} {error:?}").contains("with newline"));
    }
    let client = Client::builder(KEY).build().unwrap();
    assert_eq!(
        client.base_url().as_str(),
        "https://api.withpersona.com/api/v1"
    );
    assert_eq!(client.persona_version(), DEFAULT_PERSONA_VERSION);
}

#[test]
fn client_is_send_sync_and_a_status_source() {
    fn assert_send_sync<T: Send + Sync + Clone + 'static>() {}
    assert_send_sync::<Client>();
    let client = Client::builder(KEY).build().unwrap();
    let sources: Vec<Box<dyn StatusSource>> = vec![Box::new(client)];
    assert_eq!(sources[0].provider(), "persona");
}

#[test]
fn status_of_uses_the_default_table_and_extra_mappings() {
    let client = Client::builder(KEY)
        .status_mapping("Manual Approval", NormalizedStatus::Succeeded)
        .status_mapping("declined", NormalizedStatus::Cancelled)
        .build()
        .unwrap();
    let status = client.status_of("manual_approval");
    assert_eq!(status.normalized(), NormalizedStatus::Succeeded);
    assert_eq!(status.raw(), "manual_approval");
    assert_eq!(
        client.status_of("Declined").normalized(),
        NormalizedStatus::Cancelled
    );
    assert_eq!(
        client.status_of("needs-review").normalized(),
        NormalizedStatus::Pending
    );
    assert_eq!(
        client.status_of("escalated").normalized(),
        NormalizedStatus::Unknown
    );
}

#[tokio::test]
async fn status_report_normalizes_and_carries_timestamps_and_document() {
    let mut server = mockito::Server::new_async().await;
    let _mock = server
        .mock("GET", "/transactions/txn_ABC123")
        .with_body(RETRIEVE)
        .create_async()
        .await;
    let source: Box<dyn StatusSource> = Box::new(client(&server));
    let report = source.status_report("txn_ABC123").await.unwrap();
    assert_eq!(report.provider, "persona");
    assert_eq!(report.id, "txn_ABC123");
    assert_eq!(report.status.normalized(), NormalizedStatus::Failed);
    assert_eq!(report.status.raw(), "declined");
    assert!(report.status.is_terminal());
    assert_eq!(
        report.created_at.unwrap().as_str(),
        "2023-05-26T16:49:33.860Z"
    );
    assert_eq!(
        report.updated_at.unwrap().as_str(),
        "2023-05-26T16:49:43.965Z"
    );
    assert_eq!(report.raw.as_bytes(), RETRIEVE);

    let document = report.document.to_json(false).unwrap();
    assert_eq!(document["data"]["attributes"]["status"], "declined");
    assert_eq!(
        document["data"]["attributes"]["fields"]["name-first"]["value"],
        "LeBron"
    );
    let redacted = report.document.to_json(true).unwrap();
    assert_eq!(
        redacted["data"]["attributes"]["fields"]["name-first"]["value"],
        "[redacted]"
    );
    assert!(!redacted.to_string().contains("access_token"));
}

#[tokio::test]
async fn status_report_maps_custom_and_unknown_statuses() {
    let mut server = mockito::Server::new_async().await;
    let _mock = server
        .mock("GET", "/transactions/txn_Odd01")
        .with_body(include_bytes!("../fixtures/transaction-status-unknown.json").as_slice())
        .create_async()
        .await;
    let plain = client(&server);
    let report = plain.status_report("txn_Odd01").await.unwrap();
    assert_eq!(report.status.normalized(), NormalizedStatus::Unknown);
    assert_eq!(report.status.raw(), "Escalated To Compliance");
    assert!(!report.status.is_terminal());

    let mapped = Client::builder(KEY)
        .base_url(server.url())
        .configure_transport(|t| t.no_proxy())
        .status_mapping("escalated-to-compliance", NormalizedStatus::Pending)
        .build()
        .unwrap();
    let report = mapped.status_report("txn_Odd01").await.unwrap();
    assert_eq!(report.status.normalized(), NormalizedStatus::Pending);
}

#[tokio::test]
async fn status_report_without_status_is_unknown() {
    let mut server = mockito::Server::new_async().await;
    let _mock = server
        .mock("GET", "/transactions/txn_1")
        .with_body(r#"{"data":{"id":"txn_1","type":"transaction","attributes":{}}}"#)
        .create_async()
        .await;
    let report = client(&server).status_report("txn_1").await.unwrap();
    assert_eq!(report.status.normalized(), NormalizedStatus::Unknown);
    assert_eq!(report.status.raw(), "");
    assert!(report.created_at.is_none());
}
