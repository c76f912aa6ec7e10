//! The client secret and access tokens appear in no Debug and no error.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use crate::support;

use cm_checkout::{Client, ClientOptions, Transaction};
use support::*;
use txstatus_core::ManualClock;

const TOKEN: &str = "tok-VERY-secret-access-token-77";

fn assert_clean(text: &str) {
    assert!(!text.contains(SECRET), "client secret leaked: {text}");
    assert!(!text.contains(TOKEN), "access token leaked: {text}");
}

#[test]
fn builder_debug_hides_the_secret() {
    let builder = Client::builder(CLIENT_ID, SECRET).base_url("https://127.0.0.1:1/x");
    let text = format!("{builder:?} {builder:#?}");
    assert_clean(&text);
    assert!(text.contains(CLIENT_ID));
}

#[tokio::test]
async fn client_debug_hides_secret_and_cached_token() {
    let mut server = mockito::Server::new_async().await;
    let _token = token_once(&mut server, TOKEN, 3600).await;
    let _transaction = transaction_with(&mut server, TOKEN).create_async().await;
    let client = client(&server, &ManualClock::new());
    assert_clean(&format!("{client:?}"));

    client.transaction(ID).await.unwrap();

    assert_clean(&format!("{client:?} {client:#?}"));
}

#[tokio::test]
async fn errors_after_a_token_failure_hold_no_credential() {
    let mut server = mockito::Server::new_async().await;
    let _token = server
        .mock("POST", TOKEN_PATH)
        .with_status(400)
        .with_body(r#"{"error":"invalid_client","error_description":"Bad client credentials"}"#)
        .create_async()
        .await;
    let client = client(&server, &ManualClock::new());

    let error = client.transaction(ID).await.unwrap_err();

    assert_eq!(error.status(), Some(400));
    assert_clean(&format!("{error} {error:?} {error:#?}"));
}

#[tokio::test]
async fn a_token_answer_that_fails_to_decode_is_not_kept() {
    let mut server = mockito::Server::new_async().await;
    let _token = server
        .mock("POST", TOKEN_PATH)
        .with_status(200)
        .with_body(format!(
            r#"{{"access_token":"{TOKEN}","expires_in":"later"}}"#
        ))
        .create_async()
        .await;
    let client = client(&server, &ManualClock::new());

    let error = client.transaction(ID).await.unwrap_err();

    assert_clean(&format!("{error} {error:?}"));
    assert!(error.body().is_none_or(|b| b.is_empty()));
    assert!(std::error::Error::source(&error).is_none());
}

#[test]
fn model_debug_hides_consumer_data() {
    let transaction: Transaction = serde_json::from_slice(documented()).unwrap();
    let text = format!("{transaction:?}");
    for personal in [
        "John",
        "Doe",
        "Rustenburgerlaan",
        "2012AL",
        "Haarlem",
        "Noord-Holland",
        "Right-hand portal",
        "06-95613259",
        "1996-12-01",
        "hostedCheckoutId",
    ] {
        assert!(!text.contains(personal), "{personal} leaked");
    }
}

/// A return URL is the merchant's and can carry the customer (an email, an
/// order) or a session: no request, model or view of one shows it.
#[test]
fn return_urls_appear_in_no_debug_of_a_request_or_a_transaction() {
    use cm_checkout::{CreateCheckout, ReturnTo, ReturnUrls};
    use txstatus_core::Pii;

    const PERSONAL: &str = "jan.devries@example.com";
    let url = format!("https://shop.example/return?email={PERSONAL}");
    let single = CreateCheckout::new(100, "EUR", "ref-1", ReturnTo::Single(url.clone()));
    let mut urls = ReturnUrls::default();
    urls.success = Some(Pii::new(url.clone()));
    let per_status = ReturnTo::PerStatus(urls);
    let mut shown = format!("{single:?} {single:#?} {per_status:?}");

    for body in [
        format!(r#"{{"id":"t1","status":"OPEN","returnUrl":"{url}"}}"#),
        format!(
            r#"{{"id":"t1","status":"OPEN","returnUrls":{{"success":"{url}","failed":"{url}"}}}}"#
        ),
    ] {
        let transaction: Transaction = serde_json::from_str(&body).unwrap();
        let target = transaction.return_target();
        assert!(target.is_some(), "{body}");
        shown.push_str(&format!("{transaction:?} {target:?} {target:#?}"));
    }
    assert!(!shown.contains(PERSONAL), "a return URL leaked: {shown}");
    assert!(
        !shown.contains("shop.example"),
        "a return URL leaked: {shown}"
    );
}

/// A token endpoint that quotes its form body back: the client secret is
/// redacted from the message (raw and form-encoded).
#[tokio::test]
async fn a_token_error_quoting_the_client_secret_has_it_redacted() {
    let mut server = mockito::Server::new_async().await;
    let echo = format!(
        r#"{{"error":"invalid_client","error_description":"got client_id={CLIENT_ID}&client_secret={SECRET}&grant_type=client_credentials"}}"#
    );
    let _token = server
        .mock("POST", support::TOKEN_PATH)
        .with_status(401)
        .with_body(echo)
        .create_async()
        .await;
    let client = client(&server, &ManualClock::new());
    let error = client.transaction(ID).await.unwrap_err();
    let said = error.provider_message().unwrap_or_default();
    assert_clean(said);
    assert!(said.contains(CLIENT_ID), "{said}");
}

/// A create or refund answered with an error that quotes the body back: the
/// webhook token (a secret) and the customer's data never reach `Display` or
/// `Debug` (a short machine-like `code` is shown there) nor the provider's
/// message.
#[tokio::test]
async fn a_create_or_refund_error_quoting_the_webhook_token_or_the_customer_hides_them() {
    use cm_checkout::{
        CheckoutWebhook, Consumer, CreateCheckout, RefundRequest, ReturnTo, WebhookEvent,
    };
    use txstatus_core::Pii;

    const HOOK_TOKEN: &str = "hookTok_Zk83mQ2pLx9";
    const FAMILY: &str = "Hoogendoorn";
    const REASON: &str = "Broken_by_Hoogendoorn";
    let create_path = "/api/v1/paymentmethods/checkout/v1/transactions";
    let refund_path = format!("{create_path}/{ID}/refunds").replace("/checkout/", "/ideal/");
    let mut server = mockito::Server::new_async().await;
    let _token = token_once(&mut server, TOKEN, 3600).await;
    for (path, code) in [
        (create_path, HOOK_TOKEN),
        (create_path, FAMILY),
        (refund_path.as_str(), REASON),
    ] {
        server
            .mock("POST", path)
            .with_status(400)
            .with_body(format!(
                r#"{{"message":"refused https://shop.test/h?cm_token={HOOK_TOKEN} for {FAMILY}: {REASON}","code":"{code}"}}"#
            ))
            .expect(1)
            .create_async()
            .await;
        let client = client(&server, &ManualClock::new());
        let error = if path == create_path {
            let mut request = CreateCheckout::new(
                100,
                "EUR",
                "order-9",
                ReturnTo::Single("https://shop.test/r".into()),
            );
            request.webhooks.push(CheckoutWebhook {
                url: format!("https://shop.test/h?cm_token={HOOK_TOKEN}"),
                events: vec![WebhookEvent::FinalStatus],
            });
            let mut consumer = Consumer::default();
            consumer.family_name = Some(Pii::new(FAMILY.into()));
            request.consumer = Some(consumer);
            client.create_transaction(&request).await.unwrap_err()
        } else {
            client
                .create_refund(ID, "ideal", &RefundRequest::new(5).reason(REASON))
                .await
                .unwrap_err()
        };
        let shown = format!(
            "{error} {error:?} {}",
            error.provider_message().unwrap_or_default()
        );
        // Each request hides what it sent: the create its webhook token and the
        // customer, the refund its reason.
        let sent: &[&str] = if path == create_path {
            &[HOOK_TOKEN, FAMILY]
        } else {
            &[REASON]
        };
        for hidden in sent.iter().copied().chain([code]) {
            assert!(!shown.contains(hidden), "{hidden} leaked: {shown}");
        }
        server.reset();
        let _token = token_once(&mut server, TOKEN, 3600).await;
    }
}

/// `Debug` hides a create's webhook URL (it carries the token) and return URL;
/// redacted serialization, what a caller logs, masks them too, while the request
/// body still carries them.
#[test]
fn redacted_serialization_of_a_create_masks_webhook_tokens_and_return_urls() {
    use cm_checkout::{CheckoutWebhook, CreateCheckout, ReturnTo, WebhookEvent};

    let mut request = CreateCheckout::new(
        100,
        "EUR",
        "order-9",
        ReturnTo::Single("https://shop.test/r?customer=jane.doe".into()),
    );
    request.webhooks.push(CheckoutWebhook {
        url: "https://shop.test/h?cm_token=hookTok_Zk83mQ2pLx9".into(),
        events: vec![WebhookEvent::FinalStatus],
    });
    let redacted = txstatus_core::to_redacted_json(&request)
        .unwrap()
        .to_string();
    assert!(!redacted.contains("hookTok_Zk83mQ2pLx9"), "{redacted}");
    assert!(!redacted.contains("jane.doe"), "{redacted}");
    assert!(redacted.contains("order-9"), "{redacted}");
    let body = serde_json::to_string(&request).unwrap();
    assert!(
        body.contains("hookTok_Zk83mQ2pLx9") && body.contains("jane.doe"),
        "{body}"
    );
}
