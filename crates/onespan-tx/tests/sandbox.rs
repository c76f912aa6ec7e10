//! End to end against the sandbox: outcome, images, PDFs, create, cancel, erasure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use onespan_tx::{
    CheckResult, Client, ClientOptions, ErasureAction, ErasureOutcome, GracePeriod, NewTransaction,
    ReportStatus,
};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use txstatus_sandbox::{Sandbox, ids::onespan};

fn client(sandbox: &Sandbox) -> Client {
    let mut builder = Client::builder(sandbox.credentials().onespan_token.clone())
        .base_url(sandbox.onespan_base_url());
    if let Some(tenant) = &sandbox.credentials().onespan_tenant {
        builder = builder.tenant(tenant.clone());
    }
    builder.build().unwrap()
}

/// Calls a sandbox control route (`POST /onespan/__sandbox/...`) over raw HTTP.
async fn control(sandbox: &Sandbox, path_and_query: &str) -> u16 {
    let mut stream = tokio::net::TcpStream::connect(sandbox.addr())
        .await
        .unwrap();
    let tenant = sandbox
        .credentials()
        .onespan_tenant
        .as_ref()
        .map(|t| format!("X-Tenant: {t}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "POST /onespan/__sandbox/{path_and_query} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {}\r\n{tenant}Accept: application/json\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        sandbox.addr(),
        sandbox.credentials().onespan_token,
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    answer
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap()
}

async fn status(client: &Client, id: &str) -> String {
    client
        .transaction(id)
        .await
        .unwrap()
        .value()
        .raw_status()
        .to_owned()
}

fn new_transaction() -> NewTransaction {
    NewTransaction::from_json(&json!({"workflow_id": "wf-1", "users": [{"first_name": "Jane"}]}))
        .unwrap()
}

#[tokio::test]
async fn a_created_transaction_progresses_when_told_or_with_time_not_per_read() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    assert_eq!(control(&sandbox, "clock?freeze=true").await, 200);
    let client = client(&sandbox);
    let created = client
        .create_transaction(new_transaction())
        .await
        .unwrap()
        .into_value();
    let id = created.id.clone().unwrap();
    assert_eq!(created.raw_status(), "new");
    assert_eq!(created.workflow_id.as_deref(), Some("wf-1"));
    for _ in 0..3 {
        assert_eq!(status(&client, &id).await, "new");
    }
    assert_eq!(
        control(&sandbox, &format!("transactions/{id}/advance")).await,
        200
    );
    assert_eq!(status(&client, &id).await, "workflow_in_progress");
    assert_eq!(control(&sandbox, "clock?seconds=5").await, 200);
    assert_eq!(status(&client, &id).await, "completed");
    let report = client
        .detailed_verification_report(&id)
        .await
        .unwrap()
        .into_value();
    assert_eq!(report.result, Some(CheckResult::Passed));
}

#[tokio::test]
async fn a_completed_transaction_serves_its_outcome_images_and_pdfs() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let client = client(&sandbox);
    let id = onespan::COMPLETED;
    let outcome = client.verification(id).await.unwrap().into_value();
    assert!(!outcome.verification_results.unwrap().is_empty());
    let report = client
        .detailed_verification_report(id)
        .await
        .unwrap()
        .into_value();
    assert_eq!(report.status, Some(ReportStatus::Completed));
    assert!(report.passed());
    assert!(!format!("{report:?}").contains("Sandbox"));

    let transaction = client
        .transaction_with_verifications(id)
        .await
        .unwrap()
        .into_value();
    let verification_id = transaction.verifications.as_ref().unwrap()[0]
        .vhub_verification_id
        .clone()
        .unwrap();
    let images = client
        .verification_images(id, &verification_id)
        .await
        .unwrap()
        .into_value();
    let references: Vec<_> = images.references().map(|(_, r)| r.clone()).collect();
    assert_eq!(references.len(), 3);
    for reference in references {
        let image = client
            .download(reference.expose())
            .await
            .unwrap()
            .into_value();
        assert!(image.bytes().starts_with(&[0xFF, 0xD8]));
        assert_eq!(image.content_type(), Some("image/jpeg"));
    }
    let document_id = transaction.documents.as_ref().unwrap()[0]
        .id
        .clone()
        .unwrap();
    let pdf = client
        .document_pdf(id, &document_id)
        .await
        .unwrap()
        .into_value();
    assert!(pdf.bytes().starts_with(b"%PDF-"));
    let mut file = Vec::new();
    let audit = client.audit_trail_pdf(id).await.unwrap().into_value();
    audit.write_to(&mut file).await.unwrap();
    assert!(file.starts_with(b"%PDF-"));
}

#[tokio::test]
async fn an_image_over_the_download_limit_is_refused() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let small = Client::builder(sandbox.credentials().onespan_token.clone())
        .base_url(sandbox.onespan_base_url())
        .download_limit(8)
        .build()
        .unwrap();
    let images = small
        .verification_images(onespan::COMPLETED, "00000000-0000-4000-8000-000000000010")
        .await
        .unwrap()
        .into_value();
    let (_, reference) = images.references().next().unwrap();
    let error = small.download(reference.expose()).await.unwrap_err();
    assert!(matches!(
        error.kind(),
        txstatus_core::ErrorKind::BodyTooLarge { limit: 8, .. }
    ));
}

#[tokio::test]
async fn cancel_moves_a_transaction_in_progress_to_cancelled_once() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    assert_eq!(control(&sandbox, "clock?freeze=true").await, 200);
    let client = client(&sandbox);
    let id = client
        .create_transaction(new_transaction())
        .await
        .unwrap()
        .into_value()
        .id
        .unwrap();
    client.cancel_transaction(&id).await.unwrap();
    assert_eq!(status(&client, &id).await, "cancelled");
    let again = client.cancel_transaction(&id).await.unwrap_err();
    assert_eq!(again.status(), Some(409));
}

#[tokio::test]
async fn erasure_reports_each_id_and_erases_after_the_grace_period_unless_unmarked() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let client = client(&sandbox);
    let created = client
        .create_transaction(new_transaction())
        .await
        .unwrap()
        .into_value()
        .id
        .unwrap();
    let ids = [
        created.as_str(),
        onespan::COMPLETED,
        "00000000-0000-4000-9999-000000000000",
        "not an id!",
    ];
    let report = client
        .erase_all(ids, ErasureAction::Mark(GracePeriod::days(2)))
        .await;
    assert_eq!(
        report.accepted_ids(),
        [created.as_str(), onespan::COMPLETED]
    );
    assert_eq!(report.refused_ids().len(), 2);
    assert!(report.unfinished_ids().is_empty());

    let undo = client
        .erase_all([onespan::COMPLETED], ErasureAction::Unmark)
        .await;
    assert!(undo.all_accepted(), "{undo:?}");

    assert_eq!(control(&sandbox, "clock?seconds=86400").await, 200);
    assert!(client.transaction(&created).await.is_ok());
    assert_eq!(control(&sandbox, "clock?seconds=86400").await, 200);
    let erased = client.transaction(&created).await.unwrap_err();
    assert_eq!(erased.status(), Some(404));
    assert_eq!(status(&client, onespan::COMPLETED).await, "completed");

    let late = client
        .erase_all([created.as_str()], ErasureAction::Unmark)
        .await;
    assert!(matches!(
        late.outcomes[0].outcome,
        ErasureOutcome::Refused { .. }
    ));
}

#[tokio::test]
async fn a_zero_grace_period_erases_at_once() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let client = client(&sandbox);
    let answer = client
        .mark_for_erasure(&[onespan::COMPLETED], GracePeriod::IMMEDIATE)
        .await
        .unwrap()
        .into_value();
    assert!(
        answer.transactions.unwrap()[0]
            .is_accepted_for(ErasureAction::Mark(GracePeriod::IMMEDIATE))
    );
    assert_eq!(
        client
            .verification(onespan::COMPLETED)
            .await
            .unwrap_err()
            .status(),
        Some(404)
    );
}

#[tokio::test]
async fn the_new_endpoints_check_the_tenant() {
    let sandbox = Sandbox::builder()
        .onespan_tenant("acme")
        .start()
        .await
        .unwrap();
    let without_tenant = Client::builder(sandbox.credentials().onespan_token.clone())
        .base_url(sandbox.onespan_base_url())
        .build()
        .unwrap();
    assert_eq!(
        without_tenant
            .verification(onespan::COMPLETED)
            .await
            .unwrap_err()
            .status(),
        Some(401)
    );
    assert_eq!(
        without_tenant
            .audit_trail_pdf(onespan::COMPLETED)
            .await
            .unwrap_err()
            .status(),
        Some(401)
    );
    let with_tenant = client(&sandbox);
    assert!(
        with_tenant
            .audit_trail_pdf(onespan::COMPLETED)
            .await
            .is_ok()
    );
    let wrong_token = Client::builder("wrong")
        .tenant("acme")
        .base_url(sandbox.onespan_base_url())
        .build()
        .unwrap();
    let error = wrong_token
        .mark_for_erasure(&["a"], GracePeriod::days(1))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(401));
}
