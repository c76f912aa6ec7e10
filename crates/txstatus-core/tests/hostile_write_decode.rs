//! A write the provider answered with success but whose answer does not decode
//! was carried out: the error says so (a blind resend repeats it); a read's
//! decode error does not.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde::Deserialize;
use txstatus_core::{ErrorKind, ManualClock, RequestSpec, RetryClass};

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
