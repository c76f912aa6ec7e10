//! Hostile answers to writes and downloads: a success status line with a body
//! that is not what was asked for is a typed error that keeps the body, never
//! a success.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::support;

use cm_idscan::{CreateTransaction, SecretString, TaskType, WebhookSubscriptionRequest};
use mockito::Matcher;
use support::client;
use txstatus_core::ErrorKind;

/// A create answered with a usable id but no iframe `url` a browser may be sent
/// to (absent, null, a script, a relative path, plain http to another host) is
/// no started flow: a decode error at `url` after an accepted write, keeping the
/// body, sent once, never showing the value.
#[tokio::test]
async fn a_create_answered_without_a_usable_iframe_url_is_an_error_after_an_accepted_write() {
    for body in [
        r#"{"id":"c3b92333","state":"pending"}"#,
        r#"{"id":"c3b92333","state":"pending","url":null}"#,
        r#"{"id":"c3b92333","state":"pending","url":""}"#,
        r#"{"id":"c3b92333","state":"pending","url":"javascript:alert('Secr3tLink')"}"#,
        r#"{"id":"c3b92333","state":"pending","url":"/en-us/identifications/Secr3tLink"}"#,
        r#"{"id":"c3b92333","state":"pending","url":"http://id-scan.example/Secr3tLink"}"#,
    ] {
        let mut server = mockito::Server::new_async().await;
        let mock = server
            .mock("POST", "/idscan/v1/transactions")
            .with_status(201)
            .with_header("content-type", "application/json")
            .with_body(body)
            .expect(1)
            .create_async()
            .await;
        let (client, _clock) = client(&server);
        let error = client
            .create_transaction(&CreateTransaction::new([TaskType::DocumentScan]))
            .await
            .expect_err(body);
        mock.assert_async().await;
        let ErrorKind::Decode(decode) = error.kind() else {
            panic!("{body}: {error:?}")
        };
        assert_eq!(decode.path, "url", "{body}");
        assert!(error.write_was_accepted(), "{body}: {error:?}");
        assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
        assert!(!format!("{error} {error:?}").contains("Secr3tLink"));
    }
}

#[tokio::test]
async fn a_create_answered_without_a_usable_transaction_id_is_an_error_after_an_accepted_write_keeping_the_body()
 {
    for body in [
        r#"{"id":"","state":"pending","url":"https://id-scan.example/x/Secr3tLink"}"#,
        r#"{"id":"..","state":"pending"}"#,
        r#"{"id":" ","state":"pending"}"#,
    ] {
        let mut server = mockito::Server::new_async().await;
        let mock = server
            .mock("POST", "/idscan/v1/transactions")
            .with_status(201)
            .with_header("content-type", "application/json")
            .with_body(body)
            .expect(1)
            .create_async()
            .await;
        let (client, _clock) = client(&server);
        let error = client
            .create_transaction(&CreateTransaction::new([TaskType::DocumentScan]))
            .await
            .expect_err(body);
        mock.assert_async().await;
        assert!(
            matches!(error.kind(), ErrorKind::Decode(_)),
            "{body}: {error:?}"
        );
        assert!(error.write_was_accepted(), "{body}: {error:?}");
        assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
        assert!(!format!("{error} {error:?}").contains("Secr3tLink"));
    }
}

#[tokio::test]
async fn a_subscription_answered_without_a_usable_id_is_an_error_after_an_accepted_write() {
    let mut server = mockito::Server::new_async().await;
    let _mock = server
        .mock("POST", "/idscan/v1/webhooks")
        .with_status(201)
        .with_body(r#"{"id":"","headers":{"X-Hook":"hook-s3cret"}}"#)
        .create_async()
        .await;
    let (client, _clock) = client(&server);
    let request = WebhookSubscriptionRequest::new("https://example.com/h")
        .secret_header("X-Hook", SecretString::from("hook-s3cret"));
    let error = client.subscribe_webhook(&request).await.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Decode(_)), "{error:?}");
    assert!(error.write_was_accepted());
    assert!(!format!("{error} {error:?}").contains("hook-s3cret"));
}

#[tokio::test]
async fn a_subscription_with_a_blank_secret_header_is_refused_before_any_request() {
    let mut server = mockito::Server::new_async().await;
    let any = server
        .mock("POST", Matcher::Any)
        .expect(0)
        .create_async()
        .await;
    let (client, _clock) = client(&server);
    for blank in ["", " ", "\t "] {
        let request = WebhookSubscriptionRequest::new("https://example.com/h")
            .secret_header("X-Hook", SecretString::from(blank));
        let error = client.subscribe_webhook(&request).await.unwrap_err();
        assert!(error.is_invalid_input(), "{blank:?}: {error:?}");
        assert!(error.to_string().contains("X-Hook"), "{error}");
    }
    any.assert_async().await;
}

/// `(content type, body)` answered with 200 to a file download.
const NOT_FILES: &[(Option<&str>, &[u8])] = &[
    (
        Some("text/html; charset=utf-8"),
        b"<html><body>Link expired</body></html>",
    ),
    (
        Some("application/json"),
        br#"{"code":404,"message":"File not found"}"#,
    ),
    (Some("Application/Problem+JSON"), br#"{"title":"x"}"#),
    (Some("text/plain"), b"Service Unavailable"),
    (None, b"\n<!doctype html><html>login</html>"),
];

#[tokio::test]
async fn a_download_answered_with_a_page_or_json_instead_of_a_file_is_a_decode_error_keeping_the_body()
 {
    for &(content_type, body) in NOT_FILES {
        let mut server = mockito::Server::new_async().await;
        let mut mock = server
            .mock("GET", "/idscan/v1/downloads/abc")
            .with_status(200)
            .with_body(body);
        if let Some(content_type) = content_type {
            mock = mock.with_header("content-type", content_type);
        }
        let mock = mock.expect(1).create_async().await;
        let (client, _clock) = client(&server);
        let url = format!("{}/idscan/v1/downloads/abc", server.url());
        let error = client.download(&url).await.expect_err("not a file");
        mock.assert_async().await;
        assert!(
            matches!(error.kind(), ErrorKind::Decode(_)),
            "{content_type:?}: {error:?}"
        );
        assert_eq!(error.body().unwrap().as_bytes(), body);
        let shown = format!("{error} {error:?}");
        assert!(
            !shown.contains("expired") && !shown.contains("login") && !shown.contains("abc"),
            "{shown}"
        );
    }
}

#[tokio::test]
async fn files_with_a_file_content_type_or_none_download() {
    for (content_type, body) in [
        (Some("image/jpeg"), &b"\xff\xd8\xff\xe0"[..]),
        (Some("image/png"), b"\x89PNG\r\n"),
        (Some("application/pdf"), b"%PDF-1.7"),
        (Some("application/octet-stream"), b"\x00\x01"),
        (None, b"\xff\xd8\xff\xe0"),
    ] {
        let mut server = mockito::Server::new_async().await;
        let mut mock = server
            .mock("GET", "/idscan/v1/downloads/abc")
            .with_status(200)
            .with_body(body);
        if let Some(content_type) = content_type {
            mock = mock.with_header("content-type", content_type);
        }
        let _mock = mock.create_async().await;
        let (client, _clock) = client(&server);
        let url = format!("{}/idscan/v1/downloads/abc", server.url());
        let download = client.download(&url).await.unwrap();
        assert_eq!(download.value().bytes(), body);
    }
}

#[tokio::test]
async fn a_refusal_that_echoes_the_jwt_or_the_hook_secret_never_shows_them() {
    let mut server = mockito::Server::new_async().await;
    let echo = server
        .mock("POST", "/idscan/v1/webhooks")
        .with_status(400)
        .with_body_from_request(|request| {
            let auth = request.header("authorization")[0]
                .to_str()
                .unwrap()
                .to_owned();
            format!(r#"{{"code":400,"message":"{auth} with X-Hook: hook-s3cret refused"}}"#)
                .into_bytes()
        })
        .expect(1)
        .create_async()
        .await;
    let (client, _clock) = client(&server);
    let request = WebhookSubscriptionRequest::new("https://example.com/h")
        .secret_header("X-Hook", SecretString::from("hook-s3cret"));
    let error = client.subscribe_webhook(&request).await.unwrap_err();
    echo.assert_async().await;
    let body = String::from_utf8(error.body().unwrap().as_bytes().to_vec()).unwrap();
    let jwt = body.split(' ').nth(1).unwrap().to_owned();
    assert!(jwt.starts_with("eyJ"), "{body}");
    let shown = format!("{error} {error:?} {error:#?} {client:?} {request:?}");
    assert!(!shown.contains(&jwt), "{shown}");
    assert!(!shown.contains("hook-s3cret"), "{shown}");
    assert!(!shown.contains(support::SECRET), "{shown}");
}
