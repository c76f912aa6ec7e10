//! A write the provider answered with success but whose answer does not decode
//! was carried out: the error says so (a blind resend repeats it); a read's
//! decode error does not.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use serde::Deserialize;
use txstatus_core::{
    ErrorKind, ManualClock,
    provider::{RequestSpec, RetryClass},
};

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Created {
    id: String,
}

const ACCEPTED: &str = "the provider accepted the request";

#[tokio::test]
async fn a_write_whose_answer_does_not_decode_says_it_was_carried_out() {
    let mut server = mockito::Server::new_async().await;
    let _mocks = [
        server
            .mock("POST", "/t")
            .with_status(201)
            .with_body(r#"{"id":7}"#),
        server
            .mock("PUT", "/t")
            .with_status(200)
            .with_body(r#"{"id":"#),
        server.mock("PATCH", "/t").with_status(200).with_body("[]"),
        server
            .mock("DELETE", "/t")
            .with_status(200)
            .with_body("<html>"),
        server
            .mock("GET", "/t")
            .with_status(200)
            .with_body(r#"{"id":7}"#),
    ]
    .map(|mock| mock.create());
    let service = support::service(&server.url(), &ManualClock::new());
    let cases = [
        (RequestSpec::post("create"), true),
        (RequestSpec::put("create", RetryClass::NeverResend), true),
        (RequestSpec::patch("update", RetryClass::Idempotent), true),
        (RequestSpec::delete("erase", RetryClass::NeverResend), true),
        (RequestSpec::get("read"), false),
    ];
    for (spec, write) in cases {
        let error = service
            .execute(spec.segment("t"))
            .await
            .unwrap()
            .decode_json::<Created>()
            .unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::Decode(_)), "{error:?}");
        assert_eq!(error.write_was_accepted(), write, "{error}");
        assert_eq!(error.to_string().contains(ACCEPTED), write, "{error}");
    }
}

#[tokio::test]
async fn a_write_whose_success_answer_is_over_the_cap_says_it_was_carried_out() {
    let mut server = mockito::Server::new_async().await;
    let big = "x".repeat(200);
    let _mocks = ["POST", "PUT", "DELETE", "GET"].map(|method| {
        server
            .mock(method, "/big")
            .with_status(201)
            .with_body(&big)
            .create()
    });
    let service = support::service(&server.url(), &ManualClock::new());
    let cases = [
        (RequestSpec::post("create"), true),
        (RequestSpec::put("create", RetryClass::NeverResend), true),
        (RequestSpec::delete("erase", RetryClass::NeverResend), true),
        (RequestSpec::get("read"), false),
    ];
    for (spec, write) in cases {
        let error = service
            .execute(spec.segment("big").body_limit(64))
            .await
            .unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::BodyTooLarge { .. }),
            "{error:?}"
        );
        assert_eq!(error.write_was_accepted(), write, "{error}");
        assert_eq!(error.to_string().contains(ACCEPTED), write, "{error}");
        assert!(!error.is_retryable());
    }
}

#[tokio::test]
async fn a_write_whose_success_answer_is_cut_short_says_it_was_carried_out() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 4096];
                let _ = socket.read(&mut buf).await;
                let head = "HTTP/1.1 201 Created\r\ncontent-length: 100\r\n\r\n{\"id\":";
                let _ = socket.write_all(head.as_bytes()).await;
            });
        }
    });
    let service = support::service(&url, &ManualClock::new());
    let error = service
        .execute(RequestSpec::post("create").segment("t").json_body("{}"))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(201), "{error:?}");
    assert!(error.write_was_accepted(), "{error}");
    assert!(error.to_string().contains(ACCEPTED), "{error}");
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn a_one_time_read_is_not_a_write() {
    let mut server = mockito::Server::new_async().await;
    let _mock = server
        .mock("POST", "/status")
        .with_status(200)
        .with_body("x".repeat(200))
        .create_async()
        .await;
    let service = support::service(&server.url(), &ManualClock::new());
    let spec = RequestSpec::post("status")
        .segment("status")
        .retry(RetryClass::KeepFirstSuccess)
        .body_limit(64);
    let error = service.execute(spec).await.unwrap_err();
    assert!(!error.write_was_accepted(), "{error}");
}

#[tokio::test]
async fn a_post_marked_read_only_is_not_a_write_when_its_answer_fails() {
    let mut server = mockito::Server::new_async().await;
    let _mock = server
        .mock("POST", "/directory")
        .with_status(200)
        .with_body("<html>")
        .create_async()
        .await;
    let service = support::service(&server.url(), &ManualClock::new());
    for (read_only, write) in [(true, false), (false, true)] {
        let mut spec = RequestSpec::post("directory")
            .segment("directory")
            .retry(RetryClass::Idempotent)
            .json_body("{}");
        if read_only {
            spec = spec.read_only();
        }
        let error = service
            .execute(spec)
            .await
            .unwrap()
            .decode_json::<Created>()
            .unwrap_err();
        assert_eq!(error.write_was_accepted(), write, "{error}");
        assert_eq!(error.to_string().contains(ACCEPTED), write, "{error}");
    }
}
