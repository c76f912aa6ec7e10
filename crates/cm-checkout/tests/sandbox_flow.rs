//! End to end against txstatus-sandbox: create a Checkout, see it paid, refund
//! part of it on the payment method's path, list the refunds.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cm_checkout::{
    CheckoutWebhook, Client, ClientOptions, CreateCheckout, PaymentMethod, RefundRequest,
    RefundStatus, ReturnTo, TransactionStatus, WebhookEvent, WebhookToken,
};
use txstatus_sandbox::Provider;

fn client(sandbox: &txstatus_sandbox::Sandbox) -> Client {
    let credentials = sandbox.credentials();
    Client::builder(
        credentials.checkout_client_id.clone(),
        credentials.checkout_client_secret.clone(),
    )
    .base_url(sandbox.checkout_base_url())
    .configure_transport(|t| t.no_proxy())
    .build()
    .unwrap()
}

fn request() -> CreateCheckout {
    let token = WebhookToken::generate().unwrap();
    let mut request = CreateCheckout::new(
        1200,
        "EUR",
        "order-e2e-1",
        ReturnTo::Single("https://shop.example/return".into()),
    );
    request.payment_methods = vec![PaymentMethod::Ideal];
    request.webhooks.push(CheckoutWebhook {
        url: token.webhook_url("https://shop.example/hooks").unwrap(),
        events: vec![WebhookEvent::FinalStatus, WebhookEvent::RefundStatus],
    });
    request
}

#[tokio::test]
async fn a_created_checkout_is_paid_when_told_and_refunds_move_on_the_methods_path() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let client = client(&sandbox);

    let created = client
        .create_transaction(&request())
        .await
        .unwrap()
        .into_value();
    let id = created.id.clone().unwrap();
    assert_eq!(created.status, Some(TransactionStatus::Open));
    assert!(created.redirect_url().unwrap().starts_with("https://"));
    let read = client.transaction(&id).await.unwrap().into_value();
    assert_eq!(
        read.status,
        Some(TransactionStatus::Open),
        "reads do not move it"
    );

    let early = client
        .create_refund(&id, "ideal", &RefundRequest::new(100))
        .await
        .unwrap_err();
    assert_eq!(early.status(), Some(400));

    assert!(sandbox.set_cm_flow_state(Provider::CmCheckout, &id, "SUCCESS"));
    let paid = client.transaction(&id).await.unwrap().into_value();
    assert_eq!(paid.status, Some(TransactionStatus::Success));
    assert!(paid.redirect_url().is_none());
    let method = paid.refund_method().unwrap().to_owned();
    assert_eq!(method, "ideal");

    let wrong_path = client
        .create_refund(&id, "klarna", &RefundRequest::new(100))
        .await
        .unwrap_err();
    assert_eq!(wrong_path.status(), Some(400));
    let refund = client
        .create_refund(&id, &method, &RefundRequest::new(300).reason("damaged"))
        .await
        .unwrap()
        .into_value();
    assert_eq!(refund.status, Some(RefundStatus::Pending));
    let too_much = client
        .create_refund(&id, &method, &RefundRequest::new(1000))
        .await
        .unwrap_err();
    assert_eq!(too_much.status(), Some(400));

    let refund_id = refund.id.clone().unwrap();
    assert!(sandbox.set_cm_flow_state(Provider::CmCheckout, &refund_id, "SUCCESS"));
    let list = client.refunds(&id, &method).await.unwrap().into_value();
    assert_eq!(list.0.len(), 1);
    assert_eq!(list.0[0].status, Some(RefundStatus::Success));
    let after = client.transaction(&id).await.unwrap().into_value();
    assert_eq!(after.refunded().unwrap().minor_units(), 300);
}

#[tokio::test]
async fn the_sandbox_needs_a_token_for_creates() {
    let sandbox = txstatus_sandbox::start().await.unwrap();
    let wrong = Client::builder(sandbox.credentials().checkout_client_id.clone(), "wrong")
        .base_url(sandbox.checkout_base_url())
        .configure_transport(|t| t.no_proxy())
        .build()
        .unwrap();
    let error = wrong.create_transaction(&request()).await.unwrap_err();
    assert_eq!(error.status(), Some(401));
}
