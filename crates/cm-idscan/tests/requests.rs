//! Request shape: method, path under the base prefix, id encoding, typed answers.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::support;

use cm_idscan::{
    ClientOptions, FileCategory, ScanCode, ScanSource, TaskType, TransactionState, Validity,
    ValueSource,
};
use mockito::Matcher;
use support::{DETAILS, RESULT, client};
use txstatus_core::{NormalizedStatus, StatusSource};

const ID: &str = "2c2f04a5-44e4-4a83-aa53-1a9fa90c2394";

#[tokio::test]
async fn details_are_read_from_the_prefixed_transactions_path() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock(
            "GET",
            "/idscan/v1/transactions/2c2f04a5-44e4-4a83-aa53-1a9fa90c2394",
        )
        .match_header(
            "authorization",
            Matcher::Regex("^Bearer [^.]+\\.[^.]+\\.[^.]+$".into()),
        )
        .match_body(Matcher::Exact(String::new()))
        .with_header("content-type", "application/json")
        .with_body(DETAILS)
        .expect(1)
        .create_async()
        .await;
    let (client, _clock) = client(&server);
    let response = client.transaction(ID).await.unwrap();
    mock.assert_async().await;

    let tx = response.value();
    assert_eq!(tx.id, ID);
    assert_eq!(tx.state, TransactionState::Pending);
    assert_eq!(tx.status(), NormalizedStatus::Pending);
    assert!(tx.completed.is_none());
    assert_eq!(tx.tasks.len(), 3);
    let scan = tx.task(&TaskType::DocumentScan).unwrap();
    assert_eq!((scan.attempts, scan.attempts_invoiced), (Some(2), Some(1)));
    let scans = scan.document_scans.as_ref().unwrap();
    assert_eq!(
        scans[0].code,
        Some(ScanCode::FrontSideProvidedBackSideRequired)
    );
    assert_eq!(scans[0].source, Some(ScanSource::File));
    assert_eq!(scans[1].linked, Some(true));
    assert_eq!(scans[0].files[2].category, Some(FileCategory::Image));
    assert_eq!(
        scans[0].files[0].url.as_ref().unwrap().expose(),
        "https://api.cm.com/id-scan/v1/downloads/kvd6UWjcymy9O3dsd9MU9nQF6pIMwRLi0wIDc6w16dnKv2AQBK"
    );
    assert_eq!(tx.task(&TaskType::FaceMatch).unwrap().score, Some(0.99));
    assert_eq!(response.raw().as_bytes(), DETAILS);
}

#[tokio::test]
async fn details_serialize_back_with_cm_key_names() {
    let mut server = mockito::Server::new_async().await;
    let _mock = server
        .mock(
            "GET",
            "/idscan/v1/transactions/2c2f04a5-44e4-4a83-aa53-1a9fa90c2394",
        )
        .with_body(DETAILS)
        .create_async()
        .await;
    let (client, _clock) = client(&server);
    let tx = client.transaction(ID).await.unwrap().into_value();
    let written = serde_json::to_value(&tx).unwrap();
    let sent: serde_json::Value = serde_json::from_slice(DETAILS).unwrap();
    assert_eq!(written, sent);
}

#[tokio::test]
async fn results_are_read_from_the_prefixed_results_path() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock(
            "GET",
            "/idscan/v1/transactions/c3b92333-3935-4c15-a95e-8eb0051e644b/results/e6b7ce66-df56-4316-bb36-3d014ed84636",
        )
        .with_body(RESULT)
        .expect(1)
        .create_async()
        .await;
    let (client, _clock) = client(&server);
    let response = client
        .transaction_result(
            "c3b92333-3935-4c15-a95e-8eb0051e644b",
            "e6b7ce66-df56-4316-bb36-3d014ed84636",
        )
        .await
        .unwrap();
    mock.assert_async().await;

    let result = response.value();
    assert_eq!(result.status(), NormalizedStatus::Succeeded);
    let picked = result.pick("given_names").unwrap();
    assert_eq!(picked.value.source, Some(ValueSource::Mrz));
    assert_eq!(picked.value.text().unwrap().expose(), "WILLEKE LISELOTTE");
    let nationality = result.pick("nationality").unwrap();
    assert_eq!(nationality.entry.validity, Some(Validity::Valid));
    assert_eq!(nationality.value.text().unwrap().expose(), "Netherlands");
    let files = result.tasks[0].files.as_ref().unwrap();
    assert_eq!(
        files[2].url.as_ref().unwrap().expose(),
        "https://api.cm.com/id-scan/v1/downloads/YNBQ0V4nofRehT8e2Yp1Lm9Kj3Hg5Fd7Sa2Qw4Er6Ty8"
    );
}

#[tokio::test]
async fn ids_are_encoded_as_one_segment() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", "/idscan/v1/transactions/a%2Fb%20c%3F")
        .with_body(r#"{"id":"a/b c?","state":"pending"}"#)
        .expect(1)
        .create_async()
        .await;
    let (client, _clock) = client(&server);
    client.transaction("a/b c?").await.unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn bad_ids_are_refused_before_any_request() {
    let mut server = mockito::Server::new_async().await;
    let any = server
        .mock("GET", Matcher::Any)
        .expect(0)
        .create_async()
        .await;
    let (client, _clock) = client(&server);
    for id in ["", ".", "..", "a\nb"] {
        let error = client.transaction(id).await.unwrap_err();
        assert!(
            error.is_invalid_input() && !error.may_have_been_sent(),
            "{id:?}"
        );
        let error = client.transaction_result(ID, id).await.unwrap_err();
        assert!(error.is_invalid_input(), "{id:?}");
    }
    any.assert_async().await;
}

#[tokio::test]
async fn the_status_report_uses_created_and_completed() {
    let completed: &[u8] = include_bytes!("../fixtures/transaction-details-completed.json");
    let mut server = mockito::Server::new_async().await;
    let _mock = server
        .mock(
            "GET",
            "/idscan/v1/transactions/b659c273-954e-43cf-893a-0f74a7f87153",
        )
        .with_body(completed)
        .create_async()
        .await;
    let (client, _clock) = client(&server);
    let sources: Vec<Box<dyn StatusSource>> = vec![Box::new(client)];
    let report = sources[0]
        .status_report("b659c273-954e-43cf-893a-0f74a7f87153")
        .await
        .unwrap();
    assert_eq!(report.provider, "cm-idscan");
    assert_eq!(report.status.normalized(), NormalizedStatus::Succeeded);
    assert_eq!(report.status.raw(), "completed");
    assert_eq!(
        report.created_at.unwrap().as_str(),
        "2024-10-28T14:32:32+00:00"
    );
    assert_eq!(
        report.updated_at.unwrap().as_str(),
        "2024-10-28T14:35:10+00:00"
    );
    assert_eq!(report.raw.as_bytes(), completed);
    let document = report.document.to_json(false).unwrap();
    assert_eq!(
        document["tasks"][2]["score"], 0.12,
        "a completed transaction with a failed face match"
    );
}

#[test]
fn the_default_base_url_is_cms_production_api() {
    let client = cm_idscan::Client::builder("kid", cm_idscan::SecretString::from("secret"))
        .build()
        .unwrap();
    assert_eq!(client.base_url().as_str(), "https://api.cm.com/id-scan/v1");
    assert_eq!(cm_idscan::DEFAULT_BASE_URL, "https://api.cm.com/id-scan/v1");
}

#[test]
fn plain_http_is_refused_outside_loopback() {
    let error = cm_idscan::Client::builder("kid", cm_idscan::SecretString::from("secret"))
        .base_url("http://api.cm.com/id-scan/v1")
        .build()
        .unwrap_err();
    assert!(error.is_invalid_input());
}
