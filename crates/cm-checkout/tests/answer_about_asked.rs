//! A read answer is about the transaction asked for: a 2xx answer whose `id`
//! names another transaction (a proxy or cache answering for another request)
//! is a decode error that keeps the body, never the asked transaction's state;
//! an answer naming none is taken as it is. Checkout ids are UUIDs, compared
//! ignoring ASCII case.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::support;

use support::*;
use txstatus_core::{ErrorKind, ManualClock, StatusSource};

const OTHER: &str = "0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f";

fn answer(id: &str) -> String {
    format!(
        r#"{{"id":{id},"status":"SUCCESS","amount":1200,"currency":"EUR","consumer":{{"givenName":"Marieke","email":"marieke@example.com"}}}}"#
    )
}

async fn serve(body: &str) -> (mockito::ServerGuard, mockito::Mock, mockito::Mock) {
    let mut server = mockito::Server::new_async().await;
    let token = token_once(&mut server, "tok-1", 3600).await;
    let read = transaction_with(&mut server, "tok-1")
        .with_body(body)
        .expect(1)
        .create_async()
        .await;
    (server, token, read)
}

#[tokio::test]
async fn an_answer_naming_another_transaction_is_a_decode_error_keeping_the_body() {
    for other in [
        format!(r#""{OTHER}""#),
        format!(r#"" {ID}""#),
        "42".to_owned(),
    ] {
        let body = answer(&other);
        for report in [false, true] {
            let (server, token, read) = serve(&body).await;
            let client = client(&server, &ManualClock::new());
            let error = if report {
                client.status_report(ID).await.map(drop)
            } else {
                client.transaction(ID).await.map(drop)
            }
            .expect_err(&body);
            token.assert_async().await;
            read.assert_async().await;
            let ErrorKind::Decode(decode) = error.kind() else {
                panic!("{body}: {error:?}")
            };
            assert_eq!(decode.path, "id");
            assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
            assert!(!error.write_was_accepted());
            let shown = format!("{error} {error:?}");
            for secret in [OTHER, ID, "Marieke", "marieke@"] {
                assert!(!shown.contains(secret), "{shown}");
            }
        }
    }
}

#[tokio::test]
async fn an_answer_naming_the_asked_transaction_in_any_case_or_none_is_taken() {
    let same = format!(r#""{ID}""#);
    let upper = format!(r#""{}""#, ID.to_ascii_uppercase());
    for id in [same.as_str(), upper.as_str(), "null", r#""""#, r#""   ""#] {
        let body = answer(id);
        let (server, _token, read) = serve(&body).await;
        let response = client(&server, &ManualClock::new())
            .transaction(ID)
            .await
            .expect(&body);
        read.assert_async().await;
        assert_eq!(response.value().raw_status(), "SUCCESS");
    }
    let body = r#"{"status":"SUCCESS"}"#;
    let (server, _token, _read) = serve(body).await;
    let report = client(&server, &ManualClock::new())
        .status_report(ID)
        .await
        .unwrap();
    assert_eq!(report.status.raw(), "SUCCESS");
}
