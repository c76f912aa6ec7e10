//! The verification outcome, images and evidence PDFs: request shape, caps,
//! redaction.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::sync::Arc;

use mockito::Matcher;
use onespan_tx::{CheckResult, Client, ClientOptions, ReportStatus};
use txstatus_core::{ErrorKind, ManualClock};

const ID: &str = "dcaad720-d1e9-47ba-a76b-a6370ef0373b";
const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.outcome-test.c2lnbmF0dXJl";

fn client(base: String, limit: usize) -> Client {
    Client::builder(JWT)
        .tenant("acme")
        .base_url(base)
        .download_limit(limit)
        .configure_transport(|t| t.clock(Arc::new(ManualClock::new())))
        .build()
        .unwrap()
}

#[tokio::test]
async fn verification_is_a_get_with_bearer_tenant_and_json_accept_and_hides_content() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", format!("/api/transaction/{ID}/verification").as_str())
        .match_header("authorization", format!("Bearer {JWT}").as_str())
        .match_header("accept", "application/json")
        .match_header("x-tenant", "acme")
        .with_header("content-type", "application/json")
        .with_body(
            r#"{"vHubTransaction":"vh-1","verificationResults":[{"provider":"acme-docs","type":"document_id","content":{"findings":{"surname":"Secretname"}}}]}"#,
        )
        .expect(1)
        .create_async()
        .await;
    let response = client(server.url(), 10).verification(ID).await.unwrap();
    mock.assert_async().await;
    let value = response.value();
    let results = value.verification_results.as_ref().unwrap();
    assert_eq!(results[0].kind.as_deref(), Some("document_id"));
    assert!(
        results[0]
            .content
            .as_ref()
            .unwrap()
            .expose()
            .get()
            .contains("Secretname")
    );
    let debug = format!("{value:?}");
    assert!(!debug.contains("Secretname"), "{debug}");
}

#[tokio::test]
async fn detailed_report_reads_results_per_stage_as_open_enums() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock(
            "GET",
            format!("/api/transactions/{ID}/detailed-verification-report").as_str(),
        )
        .match_header("accept", "application/json")
        .with_body(
            r#"{"id":"r1","result":"Failed","status":"Done","stages":[
                {"stageId":"1","result":"Passed","details":{"personalInformation":{"nameInformation":{"forename":"Jolanda"}}}},
                {"stageId":2,"result":"Failed"},{"stageId":3,"result":"Undefined"},{"stageId":4,"result":"Skipped"}]}"#,
        )
        .create_async()
        .await;
    let report = client(server.url(), 10)
        .detailed_verification_report(ID)
        .await
        .unwrap()
        .into_value();
    mock.assert_async().await;
    assert_eq!(report.result, Some(CheckResult::Failed));
    assert!(!report.passed());
    assert_eq!(report.status, Some(ReportStatus::Unknown("Done".into())));
    let results: Vec<_> = report
        .stages
        .iter()
        .flatten()
        .map(|s| s.result.clone().unwrap())
        .collect();
    assert_eq!(
        results,
        [
            CheckResult::Passed,
            CheckResult::Failed,
            CheckResult::Undefined,
            CheckResult::Unknown("Skipped".into())
        ]
    );
    assert_eq!(report.stages.as_ref().unwrap()[0].stage_id, Some(1));
    assert!(!format!("{report:?}").contains("Jolanda"));
}

#[tokio::test]
async fn verification_images_lists_sfs_references_without_showing_them() {
    let mut server = mockito::Server::new_async().await;
    server
        .mock(
            "GET",
            format!("/api/transactions/{ID}/verifications/v-9/verification-images").as_str(),
        )
        .match_header("accept", "application/json")
        .with_body(
            r#"{"transaction_id":"dcaad720-d1e9-47ba-a76b-a6370ef0373b","verification_id":"v-9","verified_images":[{"image_submitted_document_front":"sfs://db/default/front.jpg","image_selfie":"sfs://db/default/selfie.jpg"}]}"#,
        )
        .expect(1)
        .create_async()
        .await;
    let images = client(server.url(), 10)
        .verification_images(ID, "v-9")
        .await
        .unwrap()
        .into_value();
    let names: Vec<_> = images.references().map(|(name, _)| name).collect();
    assert_eq!(names, ["image_selfie", "image_submitted_document_front"]);
    assert!(!format!("{images:?}").contains("sfs://"));
}

#[tokio::test]
async fn an_image_of_the_caps_size_downloads_and_one_byte_more_is_a_typed_error() {
    let mut server = mockito::Server::new_async().await;
    let exact = server
        .mock("GET", "/prefix/api/sfs/db/default/front.jpg")
        .match_header("authorization", format!("Bearer {JWT}").as_str())
        .match_header("x-tenant", "acme")
        .with_header("content-type", "image/jpeg")
        .with_body(vec![7u8; 64])
        .expect(1)
        .create_async()
        .await;
    let over = server
        .mock("GET", "/prefix/api/sfs/db/default/big.jpg")
        .with_body(vec![7u8; 65])
        .expect(1)
        .create_async()
        .await;
    let client = client(format!("{}/prefix", server.url()), 64);
    let image = client
        .download("sfs://db/default/front.jpg")
        .await
        .unwrap()
        .into_value();
    assert_eq!(image.len(), 64);
    assert_eq!(image.content_type(), Some("image/jpeg"));
    assert_eq!(
        format!("{image:?}"),
        r#"Download { content_type: Some("image/jpeg"), len: 64 }"#
    );
    let mut out = Vec::new();
    image.write_to(&mut out).await.unwrap();
    assert_eq!(out, vec![7u8; 64]);
    let error = client
        .download("sfs://db/default/big.jpg")
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::BodyTooLarge { limit: 64, .. }),
        "{error:?}"
    );
    exact.assert_async().await;
    over.assert_async().await;
}

#[tokio::test]
async fn an_image_reference_outside_sfs_is_refused_before_any_request() {
    let mut server = mockito::Server::new_async().await;
    let any = server
        .mock("GET", Matcher::Any)
        .expect(0)
        .create_async()
        .await;
    let client = client(server.url(), 64);
    for reference in [
        format!("{}/api/sfs/x.jpg", server.url()),
        "https://attacker.example/x.jpg".to_owned(),
        "sfs://db/../../api/transaction".to_owned(),
        "sfs://db/x.jpg?steal=1".to_owned(),
    ] {
        let error = client.download(&reference).await.unwrap_err();
        assert!(error.is_invalid_input(), "{reference}");
        assert!(!error.to_string().contains("attacker"), "{error}");
    }
    any.assert_async().await;
}

#[tokio::test]
async fn document_and_audit_trail_pdfs_ask_for_pdf_under_the_cap() {
    let mut server = mockito::Server::new_async().await;
    let document = server
        .mock(
            "GET",
            format!("/api/transaction/{ID}/document/doc-1/pdf").as_str(),
        )
        .match_header("accept", "application/pdf")
        .match_header("authorization", format!("Bearer {JWT}").as_str())
        .with_header("content-type", "application/pdf")
        .with_body(pdf_bytes(32))
        .expect(1)
        .create_async()
        .await;
    let audit = server
        .mock(
            "GET",
            format!("/api/transaction/{ID}/document/AuditTrailDocument/pdf").as_str(),
        )
        .match_header("accept", "application/pdf")
        .with_body(pdf_bytes(33))
        .expect(1)
        .create_async()
        .await;
    let client = client(server.url(), 32);
    let pdf = client.document_pdf(ID, "doc-1").await.unwrap().into_value();
    assert_eq!(pdf.len(), 32);
    let error = client.audit_trail_pdf(ID).await.unwrap_err();
    assert!(matches!(
        error.kind(),
        ErrorKind::BodyTooLarge { limit: 32, .. }
    ));
    document.assert_async().await;
    audit.assert_async().await;
}

/// `len` bytes opening with a PDF header, as every PDF does.
fn pdf_bytes(len: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.resize(len, b'%');
    bytes
}
