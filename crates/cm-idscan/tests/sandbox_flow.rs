//! End to end against txstatus-sandbox: create a flow, subscribe a webhook,
//! watch the flow complete, read its result.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cm_idscan::{
    Client, ClientOptions, CreateTransaction, SecretString, TaskType, TransactionState,
    WebhookSubscriptionRequest,
};
use txstatus_sandbox::Provider;

fn client(sandbox: &txstatus_sandbox::Sandbox) -> Client {
    let credentials = sandbox.credentials();
    Client::builder(
        credentials.idscan_key_id.clone(),
        SecretString::from(credentials.idscan_secret.clone()),
    )
    .base_url(sandbox.idscan_base_url())
    .configure_transport(|t| t.no_proxy())
    .build()
    .unwrap()
}

#[tokio::test]
async fn a_created_flow_stays_pending_across_reads_until_told_then_has_a_result() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let client = client(&sandbox);
    let mut request = CreateTransaction::new([TaskType::DocumentScan, TaskType::FaceMatch]);
    request.locale = Some("nl-NL".into());
    request.expires_in = Some(600);

    let created = client
        .create_transaction(&request)
        .await
        .unwrap()
        .into_value();
    assert_eq!(created.state, Some(TransactionState::Pending));
    assert!(
        created
            .url
            .as_ref()
            .unwrap()
            .expose()
            .starts_with("https://")
    );
    for _ in 0..3 {
        let read = client.transaction(&created.id).await.unwrap().into_value();
        assert_eq!(read.state, TransactionState::Pending);
        assert_eq!(read.tasks.len(), 2);
    }
    assert!(
        client
            .transaction_result(&created.id, txstatus_sandbox::ids::idscan::RESULT_ID)
            .await
            .unwrap_err()
            .status()
            == Some(404)
    );

    assert!(sandbox.set_cm_flow_state(Provider::CmIdScan, &created.id, "completed"));
    let read = client.transaction(&created.id).await.unwrap().into_value();
    assert_eq!(read.state, TransactionState::Completed);
    assert!(read.completed.is_some());
    let result = client
        .transaction_result(&created.id, txstatus_sandbox::ids::idscan::RESULT_ID)
        .await
        .unwrap()
        .into_value();
    assert_eq!(result.id, created.id);
}

#[tokio::test]
async fn the_sandbox_refuses_a_create_with_a_wrong_key_and_an_unknown_task() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let wrong = Client::builder(
        sandbox.credentials().idscan_key_id.clone(),
        SecretString::from("not-the-secret"),
    )
    .base_url(sandbox.idscan_base_url())
    .configure_transport(|t| t.no_proxy())
    .build()
    .unwrap();
    let error = wrong
        .create_transaction(&CreateTransaction::new([TaskType::DocumentScan]))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(401));

    let error = client(&sandbox)
        .create_transaction(&CreateTransaction::new([TaskType::Unknown(
            "palm_scan".into(),
        )]))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(422));
}

#[tokio::test]
async fn a_webhook_subscription_with_a_secret_header_is_accepted() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let request = WebhookSubscriptionRequest::new("https://shop.example/hooks/idscan")
        .secret_header("X-Hook-Secret", SecretString::from("s3cret"));
    let subscription = client(&sandbox)
        .subscribe_webhook(&request)
        .await
        .unwrap()
        .into_value();
    assert_eq!(subscription.events.len(), 2);
    assert_eq!(
        subscription.headers.unwrap().expose().get(),
        r#"{"X-Hook-Secret":"s3cret"}"#
    );
}

#[tokio::test]
async fn an_authenticated_delivery_leads_straight_to_the_result() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let client = client(&sandbox);
    let created = client
        .create_transaction(&CreateTransaction::new([TaskType::DocumentScan]))
        .await
        .unwrap()
        .into_value();
    assert!(sandbox.set_cm_flow_state(Provider::CmIdScan, &created.id, "completed"));
    let body = serde_json::json!({
        "id": "d1", "type": "transaction.state.updated",
        "transaction": {"id": created.id, "state": "completed",
                        "resultId": txstatus_sandbox::ids::idscan::RESULT_ID},
        "created": "2022-01-01T00:00:00+00:00"
    })
    .to_string();
    let verifier = cm_idscan::WebhookVerifier::new("X-Hook-Secret", SecretString::from("s3cret"));
    let delivery = verifier
        .verify_value(Some(b"s3cret"), body.as_bytes())
        .unwrap();
    let result = client
        .result_for_delivery(&delivery)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(result.value().id, created.id);
    assert!(
        verifier
            .verify_value(Some(b"wrong"), body.as_bytes())
            .is_err()
    );
}
