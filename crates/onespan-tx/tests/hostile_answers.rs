//! Hostile answers to writes and downloads: a success status line with a body
//! that is not what was asked for is a typed error that keeps the body, never
//! a success.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::sync::Arc;

use onespan_tx::{Client, ClientOptions, NewTransaction};
use serde_json::json;
use txstatus_core::{ErrorKind, ManualClock};

const ID: &str = "dcaad720-d1e9-47ba-a76b-a6370ef0373b";
const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.hostile-test.c2lnbmF0dXJl";

fn client(base: String) -> Client {
    Client::builder(JWT)
        .base_url(base)
        .download_limit(4096)
        .configure_transport(|t| t.clock(Arc::new(ManualClock::new())))
        .build()
        .unwrap()
}

fn new_transaction() -> NewTransaction {
    NewTransaction::from_json(&json!({"workflow_id": "w1", "users": [{"role": "signer1"}]}))
        .unwrap()
}

#[tokio::test]
async fn a_create_answered_without_a_transaction_id_is_an_error_after_an_accepted_write_keeping_the_body()
 {
    for body in [
        "{}",
        r#"{"status":400,"error":"Bad Request","message":"workflow_id is required"}"#,
        r#"{"id":null,"status":"new"}"#,
        r#"{"id":"","status":"new"}"#,
        r#"{"id":"..","status":"new"}"#,
        r#"{"id":" ","status":"new"}"#,
    ] {
        let mut server = mockito::Server::new_async().await;
        let mock = server
            .mock("PUT", "/api/transaction/")
            .with_status(200)
            .with_header("content-type", "application/json")
            .with_body(body)
            .expect(1)
            .create_async()
            .await;
        let error = client(server.url())
            .create_transaction(new_transaction())
            .await
            .expect_err(body);
        mock.assert_async().await;
        assert!(
            matches!(error.kind(), ErrorKind::Decode(_)),
            "{body}: {error:?}"
        );
        assert!(error.write_was_accepted(), "{body}: {error:?}");
        assert!(error.may_have_been_sent(), "{body}");
        assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
        assert!(
            !error.to_string().contains("workflow_id is required"),
            "{error}"
        );
    }
}

#[tokio::test]
async fn a_create_answered_with_a_transaction_id_is_a_success() {
    let mut server = mockito::Server::new_async().await;
    let _mock = server
        .mock("PUT", "/api/transaction/")
        .with_status(201)
        .with_body(format!(r#"{{"id":"{ID}","status":"new","extra":[1]}}"#))
        .create_async()
        .await;
    let created = client(server.url())
        .create_transaction(new_transaction())
        .await
        .unwrap();
    assert_eq!(created.value().id.as_deref(), Some(ID));
}

/// `(path, content type, body)` answered with 200 to an image or PDF download.
const NOT_FILES: &[(&str, Option<&str>, &[u8])] = &[
    (
        "/api/sfs/db/front.jpg",
        Some("text/html; charset=utf-8"),
        b"<html><body>Session expired</body></html>",
    ),
    (
        "/api/sfs/db/front.jpg",
        Some("application/json"),
        br#"{"status":404,"message":"not found"}"#,
    ),
    (
        "/api/sfs/db/front.jpg",
        Some("TEXT/PLAIN"),
        b"Service Unavailable",
    ),
    (
        "/api/sfs/db/front.jpg",
        None,
        b"  <!DOCTYPE html><html>login</html>",
    ),
    (
        "/api/sfs/db/front.jpg",
        Some("application/problem+json"),
        br#"{"title":"x"}"#,
    ),
    (
        "/api/transaction/tx1/document/d1/pdf",
        Some("text/html"),
        b"<html>maintenance</html>",
    ),
    (
        "/api/transaction/tx1/document/d1/pdf",
        Some("application/json"),
        br#"{"status":500}"#,
    ),
    (
        "/api/transaction/tx1/document/AuditTrailDocument/pdf",
        Some("image/png"),
        b"\x89PNG\r\n",
    ),
    (
        "/api/transaction/tx1/document/AuditTrailDocument/pdf",
        None,
        b"<HTML><HEAD></HEAD></HTML>",
    ),
];

#[tokio::test]
async fn a_download_answered_with_a_page_or_json_instead_of_a_file_is_a_decode_error_keeping_the_body()
 {
    for &(path, content_type, body) in NOT_FILES {
        let mut server = mockito::Server::new_async().await;
        let mut mock = server.mock("GET", path).with_status(200).with_body(body);
        if let Some(content_type) = content_type {
            mock = mock.with_header("content-type", content_type);
        }
        let mock = mock.expect(1).create_async().await;
        let client = client(server.url());
        let result = if path.starts_with("/api/sfs/") {
            client.download("sfs://db/front.jpg").await
        } else if path.contains("AuditTrailDocument") {
            client.audit_trail_pdf("tx1").await
        } else {
            client.document_pdf("tx1", "d1").await
        };
        let error = result.expect_err(path);
        mock.assert_async().await;
        assert!(
            matches!(error.kind(), ErrorKind::Decode(_)),
            "{path} {content_type:?}: {error:?}"
        );
        assert_eq!(error.body().unwrap().as_bytes(), body, "{path}");
        let shown = format!("{error} {error:?}");
        assert!(
            !shown.contains("expired") && !shown.contains("login"),
            "{shown}"
        );
    }
}

#[tokio::test]
async fn images_and_pdfs_with_a_file_content_type_or_none_download() {
    let cases: &[(&str, Option<&str>, &[u8])] = &[
        (
            "/api/sfs/db/front.jpg",
            Some("image/jpeg"),
            b"\xff\xd8\xff\xe0",
        ),
        (
            "/api/sfs/db/front.jpg",
            Some("application/octet-stream"),
            b"\xff\xd8\xff\xe0",
        ),
        ("/api/sfs/db/front.jpg", None, b"\xff\xd8\xff\xe0"),
        (
            "/api/transaction/tx1/document/d1/pdf",
            Some("application/pdf"),
            b"%PDF-1.7",
        ),
        (
            "/api/transaction/tx1/document/d1/pdf",
            Some("Application/PDF; name=x.pdf"),
            b"%PDF-1.7",
        ),
        ("/api/transaction/tx1/document/d1/pdf", None, b"%PDF-1.7"),
    ];
    for &(path, content_type, body) in cases {
        let mut server = mockito::Server::new_async().await;
        let mut mock = server.mock("GET", path).with_status(200).with_body(body);
        if let Some(content_type) = content_type {
            mock = mock.with_header("content-type", content_type);
        }
        let _mock = mock.create_async().await;
        let client = client(server.url());
        let result = if path.starts_with("/api/sfs/") {
            client.download("sfs://db/front.jpg").await
        } else {
            client.document_pdf("tx1", "d1").await
        };
        assert_eq!(result.expect(path).value().bytes(), body);
    }
}

#[tokio::test]
async fn a_refusal_that_echoes_the_token_never_shows_it() {
    for body in [
        format!(r#"{{"error":"invalid_token","error_description":"Bearer {JWT} is expired"}}"#),
        format!(
            r#"{{"status":401,"error":"Unauthorized","message":"token {JWT}","path":"/api/transaction/x"}}"#
        ),
        format!("<html>401 for {JWT}</html>"),
    ] {
        let mut server = mockito::Server::new_async().await;
        let _mock = server
            .mock("GET", format!("/api/transaction/{ID}").as_str())
            .with_status(401)
            .with_body(&body)
            .create_async()
            .await;
        let client = client(server.url());
        let error = client.transaction(ID).await.unwrap_err();
        let shown = format!("{error} {error:?} {error:#?} {client:?}");
        assert!(!shown.contains("hostile-test"), "{shown}");
        assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
    }
}

#[tokio::test]
async fn an_absurd_retry_after_is_a_typed_error_without_a_wait() {
    for retry_after in ["99999999999", "-5", "1e9", "Fri, 31 Dec 9999 23:59:59 GMT"] {
        let mut server = mockito::Server::new_async().await;
        let _mock = server
            .mock("GET", format!("/api/transaction/{ID}").as_str())
            .with_status(429)
            .with_header("retry-after", retry_after)
            .with_body("slow down")
            .create_async()
            .await;
        let started = std::time::Instant::now();
        let error = client(server.url()).transaction(ID).await.unwrap_err();
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "{retry_after}"
        );
        assert_eq!(error.status(), Some(429), "{retry_after}: {error:?}");
        assert_eq!(error.body().unwrap().as_bytes(), b"slow down");
    }
}
