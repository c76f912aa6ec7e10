//! Starting a flow: `POST /transactions` and `POST /webhooks` request shapes,
//! typed answers, and the never-resend rule.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::support;

use std::{
    io::Read,
    net::TcpListener,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    thread,
};

use cm_idscan::{
    Client, ClientOptions, CreateTransaction, DocumentScanSettings, SecretString, Settings,
    TaskType, TransactionState, WebhookEvent, WebhookSubscriptionRequest,
};
use mockito::Matcher;
use support::{KEY_ID, SECRET, client, verify_bearer};
use txstatus_core::{ManualClock, NormalizedStatus};

const CREATED: &str = r#"{
    "id": "c3b92333-3935-4c15-a95e-8eb0051e644b",
    "state": "pending",
    "tasks": ["document_scan", "face_liveness", "face_match"],
    "settings": {"documentScan": {"redactFields": ["personal_number"]}},
    "url": "https://id-scan.identity.cm.com/en-us/identifications/zAWtVwkuYVDJKg",
    "locale": "nl-NL",
    "mobileOnly": true,
    "expires": "2024-01-01T13:00:00+00:00",
    "created": "2024-01-02T13:00:00+00:00",
    "undocumented": {"nested": [1, 2]}
}"#;

fn documented_request() -> CreateTransaction {
    CreateTransaction {
        tasks: vec![
            TaskType::DocumentScan,
            TaskType::FaceLiveness,
            TaskType::FaceMatch,
        ],
        settings: Some(Settings {
            document_scan: Some(DocumentScanSettings {
                redact_fields: vec!["personal_number".into()],
            }),
        }),
        locale: Some("nl-NL".into()),
        mobile_only: Some(true),
        expires_in: Some(3600),
    }
}

#[tokio::test]
async fn create_posts_the_documented_body_with_a_signed_jwt() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("POST", "/idscan/v1/transactions")
        .match_header("content-type", "application/json")
        .match_body(Matcher::Json(serde_json::json!({
            "tasks": ["document_scan", "face_liveness", "face_match"],
            "settings": {"documentScan": {"redactFields": ["personal_number"]}},
            "locale": "nl-NL",
            "mobileOnly": true,
            "expiresIn": 3600
        })))
        .with_status(201)
        .with_header("content-type", "application/json")
        .with_body(CREATED)
        .expect(1)
        .create_async()
        .await;
    let (client, _clock) = client(&server);

    let response = client
        .create_transaction(&documented_request())
        .await
        .unwrap();
    mock.assert_async().await;

    let created = response.value();
    assert_eq!(created.id, "c3b92333-3935-4c15-a95e-8eb0051e644b");
    assert_eq!(created.state, Some(TransactionState::Pending));
    assert_eq!(created.status(), NormalizedStatus::Pending);
    assert_eq!(created.tasks.len(), 3);
    assert_eq!(
        created.url.as_ref().unwrap().expose(),
        "https://id-scan.identity.cm.com/en-us/identifications/zAWtVwkuYVDJKg"
    );
    let shown = format!("{created:?}");
    assert!(!shown.contains("zAWtVwkuYVDJKg"), "{shown}");
    let redacted = txstatus_core::to_redacted_json(created)
        .unwrap()
        .to_string();
    assert!(!redacted.contains("zAWtVwkuYVDJKg"), "{redacted}");
}

#[tokio::test]
async fn create_carries_a_jwt_signed_with_the_key_secret() {
    let mut server = mockito::Server::new_async().await;
    let auth = Arc::new(std::sync::Mutex::new(None::<String>));
    let seen = auth.clone();
    let _mock = server
        .mock("POST", "/idscan/v1/transactions")
        .with_status(201)
        .with_body_from_request(move |request| {
            *seen.lock().unwrap() = request
                .header("authorization")
                .first()
                .map(|v| v.to_str().unwrap().to_owned());
            CREATED.as_bytes().to_vec()
        })
        .create_async()
        .await;
    let (client, _clock) = client(&server);
    client
        .create_transaction(&CreateTransaction::new([TaskType::DocumentScan]))
        .await
        .unwrap();
    let value = auth.lock().unwrap().clone().unwrap();
    let claims = verify_bearer(&value);
    assert!(claims.exp > claims.iat);
}

#[tokio::test]
async fn a_failed_create_is_sent_once_and_never_retried() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("POST", "/idscan/v1/transactions")
        .with_status(503)
        .with_body("busy")
        .expect(1)
        .create_async()
        .await;
    let (client, clock) = client(&server);
    let error = client
        .create_transaction(&CreateTransaction::new([TaskType::DocumentScan]))
        .await
        .unwrap_err();
    mock.assert_async().await;
    assert_eq!(error.status(), Some(503));
    assert!(error.may_have_been_sent());
    assert!(clock.sleeps().is_empty());
}

/// Accepts connections, reads what arrives, and closes without answering.
fn hang_up_server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = connections.clone();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            counted.fetch_add(1, Ordering::SeqCst);
            let mut request = [0u8; 8192];
            let _ = stream.read(&mut request);
            drop(stream);
        }
    });
    (format!("http://{address}/idscan/v1"), connections)
}

#[tokio::test]
async fn a_reset_after_the_create_was_written_is_one_request_that_may_have_been_sent() {
    let (base, connections) = hang_up_server();
    let clock = ManualClock::new();
    let client = Client::builder(KEY_ID, SecretString::from(SECRET))
        .base_url(base)
        .configure_transport({
            let clock = clock.clone();
            move |t| t.no_proxy().clock(Arc::new(clock))
        })
        .build()
        .unwrap();

    let error = client
        .create_transaction(&documented_request())
        .await
        .unwrap_err();

    assert_eq!(connections.load(Ordering::SeqCst), 1);
    assert!(error.may_have_been_sent(), "{error:?}");
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn an_invalid_create_is_refused_before_any_request() {
    let server = mockito::Server::new_async().await;
    let (client, _clock) = client(&server);
    let error = client
        .create_transaction(&CreateTransaction::default())
        .await
        .unwrap_err();
    assert!(error.is_invalid_input());
    assert!(!error.may_have_been_sent());
}

#[tokio::test]
async fn subscribe_posts_url_events_and_the_secret_header_once() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("POST", "/idscan/v1/webhooks")
        .match_header(
            "authorization",
            Matcher::Regex("^Bearer [^.]+\\.[^.]+\\.[^.]+$".into()),
        )
        .match_body(Matcher::Json(serde_json::json!({
            "url": "https://example.com/hooks/idscan",
            "events": ["transaction.state.updated", "task.state.updated"],
            "headers": {"X-Hook-Secret": "s3cret-header-value"}
        })))
        .with_status(201)
        .with_body(
            r#"{"id":"77e79832-1708-4a49-9528-3536ba4057d7","url":"https://example.com/hooks/idscan",
            "events":["transaction.state.updated","task.state.updated","later.event"],
            "headers":{"X-Hook-Secret":"s3cret-header-value"},
            "updatedAt":"2022-01-01T00:00:00+00:00","createdAt":"2022-01-01T00:00:00+00:00"}"#,
        )
        .expect(1)
        .create_async()
        .await;
    let (client, _clock) = client(&server);
    let request = WebhookSubscriptionRequest::new("https://example.com/hooks/idscan")
        .secret_header("X-Hook-Secret", SecretString::from("s3cret-header-value"));
    assert!(!format!("{request:?}").contains("s3cret"));

    let response = client.subscribe_webhook(&request).await.unwrap();
    mock.assert_async().await;
    let subscription = response.value();
    assert_eq!(subscription.id, "77e79832-1708-4a49-9528-3536ba4057d7");
    assert_eq!(
        subscription.events[0],
        WebhookEvent::TransactionStateUpdated
    );
    assert_eq!(subscription.events[2].as_str(), "later.event");
    assert!(!format!("{subscription:?}").contains("s3cret"));
    let redacted = txstatus_core::to_redacted_json(subscription)
        .unwrap()
        .to_string();
    assert!(!redacted.contains("s3cret"), "{redacted}");
}

#[tokio::test]
async fn subscribe_to_a_plain_http_url_is_refused_before_any_request() {
    let server = mockito::Server::new_async().await;
    let (client, _clock) = client(&server);
    let error = client
        .subscribe_webhook(&WebhookSubscriptionRequest::new("http://example.com/h"))
        .await
        .unwrap_err();
    assert!(error.is_invalid_input());
}

/// Header names are case-insensitive: two custom headers differing in case
/// only would reach the receiver as one header sent twice with two values,
/// which the verifier refuses, so no delivery could ever be authenticated. Refused
/// before any request, naming no value.
#[tokio::test]
async fn subscribe_with_a_custom_header_named_twice_in_different_cases_is_refused_before_any_request()
 {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("POST", Matcher::Any)
        .expect(0)
        .create_async()
        .await;
    let (client, _clock) = client(&server);
    for (first, second) in [
        ("X-Hook-Secret", "x-hook-secret"),
        ("x-hook-secret", "X-HOOK-SECRET"),
        ("X-Hook-Secret", "X-hook-Secret"),
    ] {
        let request = WebhookSubscriptionRequest::new("https://example.com/hooks/idscan")
            .secret_header(first, SecretString::from("s3cret-one"))
            .secret_header(second, SecretString::from("s3cret-two"));
        let error = client.subscribe_webhook(&request).await.unwrap_err();
        assert!(error.is_invalid_input(), "{first} {second}: {error}");
        assert!(!error.may_have_been_sent());
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
    }
    // Two different names stay allowed.
    let request = WebhookSubscriptionRequest::new("https://example.com/hooks/idscan")
        .secret_header("X-Hook-Secret", SecretString::from("s3cret-one"))
        .secret_header("X-Hook-Other", SecretString::from("s3cret-two"));
    mock.assert_async().await;
    let sent = server
        .mock("POST", Matcher::Any)
        .with_status(502)
        .expect(1)
        .create_async()
        .await;
    let error = client.subscribe_webhook(&request).await.unwrap_err();
    assert!(!error.is_invalid_input(), "distinct names: {error}");
    sent.assert_async().await;
}

/// A 2xx answer to a subscription naming another delivery URL, or leaving out
/// an event asked for, is about another subscription (or one whose deliveries
/// go elsewhere): a decode error at that member, keeping the body, marked as a
/// write that was accepted. The same URL in another spelling (`/` added, host
/// case) and events CM adds are the subscription asked for.
#[tokio::test]
async fn a_subscription_answer_naming_another_url_or_fewer_events_is_not_a_success() {
    const ID: &str = r#""id":"77e79832-1708-4a49-9528-3536ba4057d7""#;
    const BOTH: &str = r#"["transaction.state.updated","task.state.updated"]"#;
    for (body, path) in [
        (
            format!(r#"{{{ID},"url":"https://evil.example/hooks/idscan","events":{BOTH}}}"#),
            Some("url"),
        ),
        (
            format!(r#"{{{ID},"url":"https://example.com/hooks/other","events":{BOTH}}}"#),
            Some("url"),
        ),
        (
            format!(r#"{{{ID},"url":"not a url","events":{BOTH}}}"#),
            Some("url"),
        ),
        (
            format!(
                r#"{{{ID},"url":"https://example.com/hooks/idscan","events":["task.state.updated"]}}"#
            ),
            Some("events"),
        ),
        (
            format!(r#"{{{ID},"url":"https://EXAMPLE.com:443/hooks/idscan","events":{BOTH}}}"#),
            None,
        ),
        (
            format!(
                r#"{{{ID},"url":"https://example.com/hooks/idscan","events":["task.state.updated","transaction.state.updated","later"]}}"#
            ),
            None,
        ),
        (format!(r#"{{{ID}}}"#), None),
    ] {
        let mut server = mockito::Server::new_async().await;
        let mock = server
            .mock("POST", "/idscan/v1/webhooks")
            .with_status(201)
            .with_body(&body)
            .expect(1)
            .create_async()
            .await;
        let (client, _clock) = client(&server);
        let request = WebhookSubscriptionRequest::new("https://example.com/hooks/idscan")
            .secret_header("X-Hook-Secret", SecretString::from("s3cret-header-value"));

        let result = client.subscribe_webhook(&request).await;

        match (result, path) {
            (Ok(_), None) => {}
            (Err(error), Some(path)) => {
                assert!(error.write_was_accepted(), "{body}: {error}");
                assert_eq!(error.json_path(), Some(path), "{body}");
                assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
            }
            (result, _) => panic!("{body}: {:?}", result.map(|r| r.status())),
        }
        mock.assert_async().await;
    }
}

/// A 2xx answer to a create listing tasks without one asked for is about
/// another flow (the customer would never be asked for that task): a decode
/// error at `tasks` after an accepted write. Tasks in another order, or none
/// listed, are the flow asked for.
#[tokio::test]
async fn a_create_answer_listing_fewer_tasks_than_asked_is_not_a_success() {
    let answer = |tasks: &str| {
        format!(
            r#"{{"id":"c3b92333-3935-4c15-a95e-8eb0051e644b","state":"pending","tasks":{tasks},
            "url":"https://id-scan.identity.cm.com/en-us/identifications/zAWtVwkuYVDJKg"}}"#
        )
    };
    for (tasks, ok) in [
        (r#"["document_scan","face_liveness"]"#, false),
        (r#"["face_match"]"#, false),
        (r#"["face_match","document_scan","face_liveness"]"#, true),
        ("[]", true),
    ] {
        let body = answer(tasks);
        let mut server = mockito::Server::new_async().await;
        let mock = server
            .mock("POST", "/idscan/v1/transactions")
            .with_status(201)
            .with_body(&body)
            .expect(1)
            .create_async()
            .await;
        let (client, _clock) = client(&server);

        let result = client.create_transaction(&documented_request()).await;

        match result {
            Ok(_) => assert!(ok, "{tasks}"),
            Err(error) => {
                assert!(!ok, "{tasks}: {error}");
                assert!(error.write_was_accepted(), "{tasks}: {error}");
                assert_eq!(error.json_path(), Some("tasks"), "{tasks}");
                assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
            }
        }
        mock.assert_async().await;
    }
}

/// A create answer whose iframe `url` holds a space, a tab, a line break or a
/// control character is not a success: the URL parser would drop or trim them
/// before checking, while the caller embeds the text as sent.
#[tokio::test]
async fn a_create_answer_whose_iframe_url_holds_anything_but_visible_ascii_is_not_a_success() {
    for url in [
        r#"https://id-scan.example/x\r\nSet-Cookie: a=b"#,
        " https://id-scan.example/x",
        r#"https://id-scan.example/x\ty"#,
        r#"\u0001https://id-scan.example/x"#,
        "https://id-scan.example/x y",
    ] {
        let body = format!(
            r#"{{"id":"c3b92333-3935-4c15-a95e-8eb0051e644b","state":"pending","tasks":[],"url":"{url}"}}"#
        );
        let mut server = mockito::Server::new_async().await;
        let mock = server
            .mock("POST", "/idscan/v1/transactions")
            .with_status(201)
            .with_body(&body)
            .expect(1)
            .create_async()
            .await;
        let (client, _clock) = client(&server);
        let error = client
            .create_transaction(&documented_request())
            .await
            .unwrap_err();
        assert!(error.write_was_accepted(), "{url}: {error}");
        assert_eq!(error.json_path(), Some("url"), "{url}");
        mock.assert_async().await;
    }
}

#[tokio::test]
async fn a_subscribe_error_quoting_the_header_secret_or_the_url_shows_neither() {
    const HOOK_SECRET: &str = "hk-9f3a7c1e5b2d4a6c8e0f";
    const HOOK_URL: &str = "https://example.com/hooks/idscan?token=u-7c1e5b2d4a";
    let mut server = mockito::Server::new_async().await;
    for (code, message) in [
        (
            HOOK_SECRET,
            format!("header X-Hook-Secret value {HOOK_SECRET} is not allowed"),
        ),
        (HOOK_URL, format!("url {HOOK_URL} is not reachable")),
    ] {
        let body = serde_json::json!({"code": code, "message": message}).to_string();
        let mock = server
            .mock("POST", format!("{}/webhooks", support::PREFIX).as_str())
            .with_status(400)
            .with_header("content-type", "application/json")
            .with_header("x-request-id", code)
            .with_body(&body)
            .create_async()
            .await;
        let (client, _clock) = client(&server);
        let request = WebhookSubscriptionRequest::new(HOOK_URL)
            .secret_header("X-Hook-Secret", SecretString::from(HOOK_SECRET));
        let error = client.subscribe_webhook(&request).await.unwrap_err();
        mock.assert_async().await;
        let shown = format!(
            "{error} | {error:?} | {:?} | {:?} | {:?}",
            error.message(),
            error.provider_code(),
            error.request_id()
        );
        for secret in [HOOK_SECRET, "u-7c1e5b2d4a"] {
            assert!(!shown.contains(secret), "{secret} shown: {shown}");
        }
        mock.remove_async().await;
    }
}
