//! Create and events: request shape and the never-resend rule.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::{
    io::Read,
    net::TcpListener,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    thread,
};

use mockito::Matcher;
use onespan_tx::{Client, ClientOptions, NewTransaction, TransactionEvent};
use serde_json::json;
use txstatus_core::ManualClock;

const ID: &str = "dcaad720-d1e9-47ba-a76b-a6370ef0373b";
const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.create-test.c2lnbmF0dXJl";

fn client(base: String) -> Client {
    Client::builder(JWT)
        .base_url(base)
        .configure_transport(|t| t.clock(Arc::new(ManualClock::new())))
        .build()
        .unwrap()
}

fn new_transaction() -> NewTransaction {
    NewTransaction::from_json(&json!({
        "workflow_id": "80b601c9-f102-4761-9eaa-90ba8fcb58b6",
        "users": [{"first_name": "Marijke", "role": "signer1"}],
    }))
    .unwrap()
}

#[tokio::test]
async fn create_is_a_put_to_the_trailing_slash_path_with_the_json_body() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("PUT", "/api/transaction/")
        .match_header("authorization", format!("Bearer {JWT}").as_str())
        .match_header("accept", "application/json")
        .match_header("content-type", "application/json")
        .match_body(Matcher::Json(json!({
            "workflow_id": "80b601c9-f102-4761-9eaa-90ba8fcb58b6",
            "users": [{"first_name": "Marijke", "role": "signer1"}],
        })))
        .with_body(format!(r#"{{"id":"{ID}","status":"new"}}"#))
        .expect(1)
        .create_async()
        .await;
    let body = new_transaction();
    assert!(!format!("{body:?}").contains("Marijke"));
    let created = client(server.url()).create_transaction(body).await.unwrap();
    mock.assert_async().await;
    assert_eq!(created.value().id.as_deref(), Some(ID));
}

#[tokio::test]
async fn create_is_not_resent_after_a_503() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("PUT", "/api/transaction/")
        .with_status(503)
        .expect(1)
        .create_async()
        .await;
    let error = client(server.url())
        .create_transaction(new_transaction())
        .await
        .unwrap_err();
    mock.assert_async().await;
    assert_eq!(error.status(), Some(503));
    assert!(error.may_have_been_sent());
}

#[tokio::test]
async fn a_connection_reset_after_the_create_was_written_is_one_request_that_may_have_been_sent() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&accepted);
    thread::spawn(move || {
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            counter.fetch_add(1, Ordering::SeqCst);
            let mut buffer = [0u8; 4096];
            let mut seen = Vec::new();
            // Read the whole request (head and body), then close the socket
            // without answering.
            while !String::from_utf8_lossy(&seen).contains("signer1") {
                let n = stream.read(&mut buffer).unwrap();
                if n == 0 {
                    break;
                }
                seen.extend_from_slice(&buffer[..n]);
            }
            drop(stream);
        }
    });
    let error = client(base)
        .create_transaction(new_transaction())
        .await
        .unwrap_err();
    assert!(error.may_have_been_sent(), "{error:?}");
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn cancel_is_a_put_of_the_cancel_event_and_is_never_resent() {
    let mut server = mockito::Server::new_async().await;
    let ok = server
        .mock("PUT", format!("/api/transaction/{ID}/event").as_str())
        .match_header("accept", "application/json")
        .match_body(Matcher::Json(json!({"event": "cancel"})))
        .with_status(200)
        .expect(1)
        .create_async()
        .await;
    client(server.url()).cancel_transaction(ID).await.unwrap();
    ok.assert_async().await;

    let failing = server
        .mock("PUT", "/api/transaction/other/event")
        .match_body(Matcher::Json(json!({"event": "lender_signature"})))
        .with_status(502)
        .expect(1)
        .create_async()
        .await;
    let error = client(server.url())
        .send_event("other", &TransactionEvent::LenderSignature)
        .await
        .unwrap_err();
    failing.assert_async().await;
    assert!(error.may_have_been_sent());
}

/// A 2xx that is an HTML page (a single sign-on or proxy login page in front
/// of OneSpan) is no answer to the event: a decode error that keeps the page
/// and says the write may have been carried out; an empty or JSON body stays a
/// success. Sent once either way.
#[tokio::test]
async fn an_event_answered_with_an_html_page_or_an_error_body_is_not_a_success() {
    for (body, succeeds) in [
        ("<!DOCTYPE html><html><body>Sign in</body></html>", false),
        ("<!-- sso -->\n<html><form action=/login>", false),
        ("", true),
        ("{}", true),
        ("{\"status\":\"CANCELLED\"}", true),
        // OneSpan's own error bodies (Spring's, OAuth's) under a 200.
        (
            r#"{"timestamp":"2024-10-04T10:15:30.123Z","status":404,"error":"Not Found","message":"Transaction not found.","path":"/api/transaction/x/event"}"#,
            false,
        ),
        (
            r#"{"status":409,"error":"Conflict","message":"Transaction is already completed."}"#,
            false,
        ),
        (
            r#"{"error":"invalid_token","error_description":"Invalid token."}"#,
            false,
        ),
        (r#"{"status":"503","message":"Sign in later"}"#, false),
    ] {
        let mut server = mockito::Server::new_async().await;
        let mock = server
            .mock("PUT", format!("/api/transaction/{ID}/event").as_str())
            .with_status(200)
            .with_body(body)
            .expect(1)
            .create_async()
            .await;
        let result = client(server.url()).cancel_transaction(ID).await;
        mock.assert_async().await;
        if succeeds {
            assert_eq!(result.unwrap().raw().as_bytes(), body.as_bytes());
        } else {
            let error = result.unwrap_err();
            assert!(
                matches!(error.kind(), txstatus_core::ErrorKind::Decode(_)),
                "{error:?}"
            );
            assert!(error.write_was_accepted(), "{error}");
            assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
            assert!(!error.to_string().contains("Sign in"), "{error}");
        }
    }
}

#[test]
fn a_new_transaction_must_be_one_json_object() {
    assert!(NewTransaction::from_json_bytes(b"[1,2]".to_vec()).is_err());
    assert!(NewTransaction::from_json_bytes(b"{\"a\":".to_vec()).is_err());
    assert!(NewTransaction::from_json_bytes(b"{}".to_vec()).is_ok());
    assert!(NewTransaction::from_json_bytes(b" \r\n\t{\"a\":[1]} \n".to_vec()).is_ok());
    assert!(NewTransaction::from_json_bytes(b"\"{}\"".to_vec()).is_err());
    assert!(NewTransaction::from_json_bytes(b"{} {}".to_vec()).is_err());
    assert!(NewTransaction::from_json_bytes(b"".to_vec()).is_err());
    assert!(NewTransaction::from_json_bytes(b"null".to_vec()).is_err());
    assert!(NewTransaction::from_json_bytes(b"{\"a\":\"\xff\"}".to_vec()).is_err());
}

/// A create answered with a transaction of another workflow or tenant than the
/// body sent is refused, marked as a write that was done; the same ids in
/// another case, or an answer naming none, are taken.
#[tokio::test]
async fn a_create_answered_for_another_workflow_or_tenant_is_refused() {
    let sent = serde_json::json!({
        "workflow_id": "80b601c9-f102-4761-9eaa-90ba8fcb58b6",
        "tenant_id": "7f3c1c2e-0000-4000-8000-000000000001",
        "users": [{"first_name": "Marijke", "role": "signer1"}],
    });
    for (answer, taken) in [
        (
            r#"{"id":"dcaad720-d1e9-47ba-a76b-a6370ef0373b","status":"new","workflow_id":"11111111-2222-3333-4444-555555555555"}"#,
            false,
        ),
        (
            r#"{"id":"dcaad720-d1e9-47ba-a76b-a6370ef0373b","status":"new","tenant_id":"00000000-0000-4000-8000-000000000009"}"#,
            false,
        ),
        (
            r#"{"id":"dcaad720-d1e9-47ba-a76b-a6370ef0373b","status":"new","workflow_id":"80B601C9-F102-4761-9EAA-90BA8FCB58B6"}"#,
            true,
        ),
        (
            r#"{"id":"dcaad720-d1e9-47ba-a76b-a6370ef0373b","status":"new"}"#,
            true,
        ),
    ] {
        let mut server = mockito::Server::new_async().await;
        let mock = server
            .mock("PUT", "/api/transaction/")
            .with_status(201)
            .with_body(answer)
            .expect(1)
            .create_async()
            .await;
        let result = client(server.url())
            .create_transaction(NewTransaction::from_json(&sent).unwrap())
            .await;
        mock.assert_async().await;
        match result {
            Ok(_) => assert!(taken, "{answer}"),
            Err(error) => {
                assert!(!taken, "{answer}: {error}");
                assert!(error.write_was_accepted(), "{error}");
                assert_eq!(error.body().unwrap().as_bytes(), answer.as_bytes());
            }
        }
    }
}
