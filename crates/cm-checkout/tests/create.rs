//! Creates and refunds: request shapes, typed answers, and the never-resend rule.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::support;

use std::{
    io::{Read, Write},
    net::TcpListener,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    thread,
};

use cm_checkout::{
    CheckoutWebhook, Client, ClientOptions, CreateCheckout, RefundRequest, RefundStatus, ReturnTo,
    TransactionStatus, WebhookEvent, WebhookToken,
};
use mockito::Matcher;
use support::{CLIENT_ID, ID, PREFIX, SECRET, client, token_body, token_once};
use txstatus_core::{ManualClock, Pii};

const CREATE_PATH: &str = "/api/v1/paymentmethods/checkout/v1/transactions";
const REFUNDS_PATH: &str =
    "/api/v1/paymentmethods/ideal/v1/transactions/8db1e7fa-ba8a-4189-92fd-67a20217443d/refunds";

const CREATED: &str = r#"{"id":"8db1e7fa-ba8a-4189-92fd-67a20217443d","reference":"order-77",
    "amount":1200,"currency":"EUR","status":"OPEN","undocumented":[1],
    "action":{"redirect":{"url":"https://checkout.cmpayments.com/?hostedCheckoutId=0863a7aa"}},
    "createdAt":"2006-01-02T15:04:05Z"}"#;

fn request() -> CreateCheckout {
    let mut request = CreateCheckout::new(
        1200,
        "EUR",
        "order-77",
        ReturnTo::Single("https://shop.test/return".into()),
    );
    request.description = Some(Pii::new("Order for Jane".into()));
    request.language = Some(cm_checkout::Language::Nl);
    request.max_retries = Some(5);
    request.webhooks.push(CheckoutWebhook {
        url: "https://shop.test/hooks?cm_token=abc".into(),
        events: vec![WebhookEvent::FinalStatus, WebhookEvent::RefundStatus],
    });
    request
}

#[tokio::test]
async fn create_posts_the_validated_body_and_returns_the_redirect() {
    let mut server = mockito::Server::new_async().await;
    let token = token_once(&mut server, "tok-A", 3600).await;
    let mock = server
        .mock("POST", CREATE_PATH)
        .match_header("authorization", "Bearer tok-A")
        .match_header("content-type", "application/json")
        .match_body(Matcher::Json(serde_json::json!({
            "amount": 1200,
            "currency": "EUR",
            "reference": "order-77",
            "description": "Order for Jane",
            "language": "nl",
            "returnUrl": "https://shop.test/return",
            "webhooks": [{"url": "https://shop.test/hooks?cm_token=abc",
                          "events": ["FINALSTATUS", "REFUND_STATUS"]}],
            "maxRetries": 5
        })))
        .with_status(201)
        .with_body(CREATED)
        .expect(1)
        .create_async()
        .await;
    let clock = ManualClock::new();
    let client = client(&server, &clock);

    let response = client.create_transaction(&request()).await.unwrap();
    token.assert_async().await;
    mock.assert_async().await;
    let tx = response.value();
    assert_eq!(tx.status, Some(TransactionStatus::Open));
    assert_eq!(
        tx.redirect_url(),
        Some("https://checkout.cmpayments.com/?hostedCheckoutId=0863a7aa")
    );
    assert!(!format!("{request:?}", request = request()).contains("Jane"));
    assert!(!format!("{request:?}", request = request()).contains("cm_token=abc"));
}

#[tokio::test]
async fn an_invalid_create_is_refused_before_any_request() {
    let server = mockito::Server::new_async().await;
    let clock = ManualClock::new();
    let client = client(&server, &clock);
    let mut bad = request();
    bad.amount = 0;
    let error = client.create_transaction(&bad).await.unwrap_err();
    assert!(error.is_invalid_input());
    assert!(!error.may_have_been_sent());
}

/// A language this version does not know (CM documents a closed set), and a
/// payment method or webhook event that cannot be a name, are refused before
/// any request: no token is fetched, nothing is created.
#[tokio::test]
async fn a_create_with_an_unknown_language_or_an_unusable_name_is_refused_before_any_request() {
    use cm_checkout::{Language, PaymentMethod};

    let mut cases = Vec::new();
    for language in ["xx", "EN", "", "nl-NL"] {
        let mut bad = request();
        bad.language = Some(Language::from_provider(language));
        assert!(bad.language.as_ref().unwrap().is_unknown());
        cases.push(("language", bad));
    }
    for method in ["", " ", "apple pay", "ideal\n"] {
        let mut bad = request();
        bad.payment_methods = vec![PaymentMethod::Ideal, PaymentMethod::from_provider(method)];
        cases.push(("paymentMethods[]", bad));
    }
    for event in ["", "FINAL STATUS", "\tREFUND_STATUS"] {
        let mut bad = request();
        bad.webhooks[0]
            .events
            .push(WebhookEvent::from_provider(event));
        cases.push(("webhooks[].events[]", bad));
    }
    for (field, bad) in cases {
        let mut server = mockito::Server::new_async().await;
        let any = support::no_post(&mut server).await;
        let client = client(&server, &ManualClock::new());
        let error = client.create_transaction(&bad).await.unwrap_err();
        any.assert_async().await;
        assert!(error.is_invalid_input(), "{field}: {error:?}");
        assert!(!error.may_have_been_sent());
        assert!(error.to_string().contains(field), "{error}");
    }
    // A payment method this version does not know is still sent as given.
    let mut server = mockito::Server::new_async().await;
    let _token = token_once(&mut server, "tok-A", 3600).await;
    let create = server
        .mock("POST", CREATE_PATH)
        .match_body(Matcher::PartialJson(serde_json::json!({
            "paymentMethods": ["ideal", "applepay"]
        })))
        .with_status(201)
        .with_body(CREATED)
        .expect(1)
        .create_async()
        .await;
    let mut good = request();
    good.payment_methods = vec![
        PaymentMethod::Ideal,
        PaymentMethod::from_provider("applepay"),
    ];
    client(&server, &ManualClock::new())
        .create_transaction(&good)
        .await
        .unwrap();
    create.assert_async().await;
}

#[tokio::test]
async fn a_failed_create_or_refund_is_sent_once() {
    let mut server = mockito::Server::new_async().await;
    let _token = token_once(&mut server, "tok-A", 3600).await;
    let create = support::answers(&mut server, "POST", CREATE_PATH, 502, "", 1).await;
    let refund = support::answers(&mut server, "POST", REFUNDS_PATH, 500, "", 1).await;
    let clock = ManualClock::new();
    let client = client(&server, &clock);

    let error = client.create_transaction(&request()).await.unwrap_err();
    assert!(error.may_have_been_sent());
    let error = client
        .create_refund(ID, "ideal", &RefundRequest::new(300))
        .await
        .unwrap_err();
    assert!(error.may_have_been_sent());
    create.assert_async().await;
    refund.assert_async().await;
    assert!(clock.sleeps().is_empty());
}

/// Answers token requests and hangs up on everything else after reading it;
/// counts the requests it hung up on.
fn hang_up_server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let hung_up = Arc::new(AtomicUsize::new(0));
    let counted = hung_up.clone();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            let mut request = [0u8; 8192];
            let read = stream.read(&mut request).unwrap_or(0);
            let head = String::from_utf8_lossy(&request[..read]).into_owned();
            if head.contains("/oauth2/token") {
                let body = token_body("tok-raw", 3600);
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
            } else {
                counted.fetch_add(1, Ordering::SeqCst);
            }
            drop(stream);
        }
    });
    (format!("http://{address}{PREFIX}"), hung_up)
}

fn raw_client(base: String, clock: &ManualClock) -> Client {
    let clock = clock.clone();
    Client::builder(CLIENT_ID, SECRET)
        .base_url(base)
        .configure_transport(|t| t.no_proxy().clock(Arc::new(clock)))
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_reset_after_the_create_was_written_is_one_request_that_may_have_been_sent() {
    let (base, hung_up) = hang_up_server();
    let clock = ManualClock::new();
    let error = raw_client(base, &clock)
        .create_transaction(&request())
        .await
        .unwrap_err();
    assert_eq!(hung_up.load(Ordering::SeqCst), 1);
    assert!(error.may_have_been_sent(), "{error:?}");
}

#[tokio::test]
async fn a_reset_after_the_refund_was_written_is_one_request_that_may_have_been_sent() {
    let (base, hung_up) = hang_up_server();
    let clock = ManualClock::new();
    let error = raw_client(base, &clock)
        .create_refund(ID, "ideal", &RefundRequest::new(300))
        .await
        .unwrap_err();
    assert_eq!(hung_up.load(Ordering::SeqCst), 1);
    assert!(error.may_have_been_sent(), "{error:?}");
}

#[tokio::test]
async fn a_refund_posts_amount_and_reason_on_the_payment_methods_path() {
    let mut server = mockito::Server::new_async().await;
    let _token = token_once(&mut server, "tok-A", 3600).await;
    let mock = server
        .mock("POST", REFUNDS_PATH)
        .match_header("authorization", "Bearer tok-A")
        .match_body(Matcher::Json(
            serde_json::json!({"amount": 300, "reason": "damaged"}),
        ))
        .with_status(201)
        .with_body(r#"{"id":"rf-1","amount":300,"currency":"EUR","status":"PENDING","reason":"damaged","createdAt":"2006-01-02T15:04:05Z","bank":"x"}"#)
        .expect(1)
        .create_async()
        .await;
    let clock = ManualClock::new();
    let client = client(&server, &clock);
    let refund = client
        .create_refund(ID, "ideal", &RefundRequest::new(300).reason("damaged"))
        .await
        .unwrap()
        .into_value();
    mock.assert_async().await;
    assert_eq!(refund.id.as_deref(), Some("rf-1"));
    assert_eq!(refund.status, Some(RefundStatus::Pending));
    assert!(!format!("{refund:?}").contains("damaged"));
}

#[tokio::test]
async fn refunds_are_listed_with_unknown_statuses_kept_and_the_segment_overridable() {
    let mut server = mockito::Server::new_async().await;
    let _token = token_once(&mut server, "tok-A", 3600).await;
    let mock = server
        .mock(
            "GET",
            "/api/v1/paymentmethods/checkout/v1/transactions/8db1e7fa-ba8a-4189-92fd-67a20217443d/refunds",
        )
        .with_body(r#"[{"id":"rf-1","amount":"300","status":"SUCCESS"},{"id":"rf-2","status":"CHARGED_BACK"}]"#)
        .expect(1)
        .create_async()
        .await;
    let clock = ManualClock::new();
    let client = client(&server, &clock);
    let list = client.refunds(ID, "checkout").await.unwrap().into_value();
    mock.assert_async().await;
    assert_eq!(list.0.len(), 2);
    assert_eq!(list.0[0].status, Some(RefundStatus::Success));
    assert_eq!(list.0[1].status.as_ref().unwrap().as_str(), "CHARGED_BACK");
}

#[tokio::test]
async fn a_method_segment_that_is_not_one_segment_is_refused() {
    let server = mockito::Server::new_async().await;
    let clock = ManualClock::new();
    let client = client(&server, &clock);
    for method in ["..", "", "a\nb"] {
        let error = client
            .create_refund(ID, method, &RefundRequest::new(1))
            .await
            .unwrap_err();
        assert!(error.is_invalid_input(), "{method:?}");
    }
}

#[test]
fn a_token_url_authenticates_only_its_own_deliveries() {
    let token = WebhookToken::generate().unwrap();
    let other = WebhookToken::generate().unwrap();
    let url = token.webhook_url("https://shop.test/hooks").unwrap();
    let target = &url["https://shop.test".len()..];
    assert!(token.matches(target));
    assert!(!other.matches(target));
    assert!(!token.matches("/hooks"));
}

/// A 2xx answer to a create or a refund that names nothing (`{}`, an error object
/// under a 200) is not reported as a created Checkout or refund: it is a decode
/// error that keeps the body, says the write was accepted, and is not resent.
#[tokio::test]
async fn a_success_answer_that_names_no_checkout_or_refund_is_not_a_success() {
    for body in [
        r#"{}"#,
        r#"{"message":"Refund could not be processed"}"#,
        r#"{"id":" ","status":"PENDING"}"#,
    ] {
        let mut server = mockito::Server::new_async().await;
        let _token = token_once(&mut server, "tok-A", 3600).await;
        let create = support::answers(&mut server, "POST", CREATE_PATH, 200, body, 1).await;
        let refund = support::answers(&mut server, "POST", REFUNDS_PATH, 201, body, 1).await;
        let clock = ManualClock::new();
        let client = client(&server, &clock);

        let error = client.create_transaction(&request()).await.unwrap_err();
        assert!(error.write_was_accepted(), "{body}: {error}");
        assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
        let error = client
            .create_refund(ID, "ideal", &RefundRequest::new(300))
            .await
            .unwrap_err();
        assert!(error.write_was_accepted(), "{body}: {error}");
        assert!(error.may_have_been_processed(), "{body}: {error}");
        assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
        create.assert_async().await;
        refund.assert_async().await;
    }
}

/// A webhook URL whose `cm_token` no delivery could match (blank, or repeated:
/// `WebhookToken::matches` wants exactly one) registers a webhook whose every
/// delivery the receiver refuses: refused before any request, as
/// `WebhookToken::webhook_url` refuses to make one, naming no token.
#[tokio::test]
async fn a_create_whose_webhook_url_carries_a_blank_or_repeated_token_is_refused_before_any_request()
 {
    for url in [
        "https://shop.test/hooks?cm_token=",
        "https://shop.test/hooks?cm_token=%20%09",
        "https://shop.test/hooks?cm_token=+",
        "https://shop.test/hooks?cm_token",
        "https://shop.test/hooks?cm_token=tok-S3CRET&cm_token=tok-S3CRET",
        "https://shop.test/hooks?cm%5Ftoken=tok-S3CRET&cm_token=tok-S3CRET",
        "https://shop.test/hooks?cm_token=tok-S3CRET&order=1&cm_token=other",
    ] {
        let mut server = mockito::Server::new_async().await;
        let any = support::no_post(&mut server).await;
        let mut bad = request();
        bad.webhooks[0].url = url.to_owned();
        let error = client(&server, &ManualClock::new())
            .create_transaction(&bad)
            .await
            .unwrap_err();
        any.assert_async().await;
        assert!(error.is_invalid_input(), "{url}: {error:?}");
        assert!(!error.may_have_been_sent());
        let shown = format!("{error} {error:?}");
        assert!(shown.contains("webhooks[].url"), "{shown}");
        assert!(!shown.contains("S3CRET"), "{shown}");
    }
    // One token, or none at all (a merchant authenticating some other way), is sent.
    for url in [
        "https://shop.test/hooks?cm_token=tok-1&order=1",
        "https://shop.test/hooks?order=1",
    ] {
        let mut server = mockito::Server::new_async().await;
        let _token = token_once(&mut server, "tok-A", 3600).await;
        let create = support::answers(&mut server, "POST", CREATE_PATH, 502, "", 1).await;
        let mut good = request();
        good.webhooks[0].url = url.to_owned();
        let error = client(&server, &ManualClock::new())
            .create_transaction(&good)
            .await
            .unwrap_err();
        assert!(!error.is_invalid_input(), "{url}: {error:?}");
        create.assert_async().await;
    }
}

/// A 2xx answer to a create or a refund stating another amount, currency or
/// reference than asked is about another write (a proxy or cache answering for
/// another request): a decode error at that member, keeping the body, marked as
/// a write that was accepted, never reported as the Checkout or refund asked
/// for. The members left out, or the same values in another case of currency,
/// are the answer asked for.
#[tokio::test]
async fn a_write_answer_naming_another_amount_currency_or_reference_is_not_a_success() {
    const TX: &str = r#""id":"8db1e7fa-ba8a-4189-92fd-67a20217443d""#;
    for (body, path) in [
        (
            format!(r#"{{{TX},"amount":1201,"currency":"EUR","reference":"order-77"}}"#),
            Some("amount"),
        ),
        (
            format!(r#"{{{TX},"amount":"120000","reference":"order-77"}}"#),
            Some("amount"),
        ),
        (format!(r#"{{{TX},"amount":0}}"#), Some("amount")),
        (
            format!(r#"{{{TX},"amount":1200,"currency":"USD"}}"#),
            Some("currency"),
        ),
        (format!(r#"{{{TX},"currency":978}}"#), Some("currency")),
        (
            format!(r#"{{{TX},"reference":"order-78"}}"#),
            Some("reference"),
        ),
        (format!(r#"{{{TX},"reference":" order-77 "}}"#), None),
        (
            format!(r#"{{{TX},"amount":1200,"currency":"eur","reference":"order-77"}}"#),
            None,
        ),
        (
            format!(r#"{{{TX},"createdAt":"2006-01-02T15:04:05Z"}}"#),
            None,
        ),
    ] {
        let mut server = mockito::Server::new_async().await;
        let _token = token_once(&mut server, "tok-A", 3600).await;
        let create = support::answers(&mut server, "POST", CREATE_PATH, 201, &body, 1).await;
        let client = client(&server, &ManualClock::new());

        let result = client.create_transaction(&request()).await;

        match (result, path) {
            (Ok(_), None) => {}
            (Err(error), Some(path)) => {
                assert!(error.write_was_accepted(), "{body}: {error}");
                assert_eq!(error.json_path(), Some(path), "{body}");
                assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
            }
            (result, _) => panic!("{body}: {:?}", result.map(|r| r.status())),
        }
        create.assert_async().await;
    }
    for (body, path) in [
        (
            r#"{"id":"rf-1","amount":30,"status":"PENDING"}"#,
            Some("amount"),
        ),
        (
            r#"{"id":"rf-1","amount":"3000","status":"PENDING"}"#,
            Some("amount"),
        ),
        (r#"{"id":"rf-1","amount":300,"status":"PENDING"}"#, None),
        (r#"{"id":"rf-1","status":"PENDING"}"#, None),
    ] {
        let mut server = mockito::Server::new_async().await;
        let _token = token_once(&mut server, "tok-A", 3600).await;
        let refund = support::answers(&mut server, "POST", REFUNDS_PATH, 201, body, 1).await;
        let client = client(&server, &ManualClock::new());

        let result = client
            .create_refund(ID, "ideal", &RefundRequest::new(300))
            .await;

        match (result, path) {
            (Ok(_), None) => {}
            (Err(error), Some(path)) => {
                assert!(error.write_was_accepted(), "{body}: {error}");
                assert!(error.may_have_been_processed(), "{body}: {error}");
                assert_eq!(error.json_path(), Some(path), "{body}");
                assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
            }
            (result, _) => panic!("{body}: {:?}", result.map(|r| r.status())),
        }
        refund.assert_async().await;
    }
}

/// The redirect URL is where the merchant sends the customer's browser: only an
/// `https` URL (or `http` to a loopback host) without user info is one.
/// `javascript:`, `data:`, plain `http` elsewhere, a scheme-relative or an
/// unparseable URL is never given by `redirect_url`, and a create answer that
/// leaves an OPEN Checkout without a usable one is a decode error at
/// `action.redirect.url` that keeps the body and says the write was accepted
/// (the Checkout exists: find it by its reference).
#[tokio::test]
async fn a_create_answer_whose_redirect_is_no_url_to_send_a_browser_to_is_not_a_success() {
    let answer = |url: &str| {
        format!(
            r#"{{"id":"8db1e7fa-ba8a-4189-92fd-67a20217443d","status":"OPEN","action":{{"redirect":{{"url":{url}}}}}}}"#
        )
    };
    for (url, usable) in [
        (
            r#""https://checkout.cmpayments.com/?hostedCheckoutId=1""#,
            true,
        ),
        (r#""http://127.0.0.1:8080/pay""#, true),
        (r#""javascript:alert(document.cookie)""#, false),
        (r#""data:text/html,<script>alert(1)</script>""#, false),
        (r#""http://evil.example/pay""#, false),
        (r#""https://user:pw@evil.example/pay""#, false),
        (r#""//evil.example/pay""#, false),
        (r#""""#, false),
        (r#"" https://checkout.cmpayments.com/""#, true),
        ("null", false),
    ] {
        let body = answer(url);
        let mut server = mockito::Server::new_async().await;
        let _token = token_once(&mut server, "tok-A", 3600).await;
        let create = support::answers(&mut server, "POST", CREATE_PATH, 201, &body, 1).await;
        let client = client(&server, &ManualClock::new());

        let result = client.create_transaction(&request()).await;

        match result {
            Ok(response) => {
                assert!(usable, "{url}");
                let redirect = response.value().redirect_url().unwrap();
                assert!(redirect.trim_start().starts_with("http"), "{url}");
            }
            Err(error) => {
                assert!(!usable, "{url}: {error}");
                assert!(error.write_was_accepted(), "{url}: {error}");
                assert_eq!(error.json_path(), Some("action.redirect.url"), "{url}");
                assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
                // The read model never offers it either.
                let tx = cm_checkout::Transaction::from_json(body.as_bytes()).unwrap();
                assert_eq!(tx.redirect_url(), None, "{url}");
            }
        }
        create.assert_async().await;
    }
}
