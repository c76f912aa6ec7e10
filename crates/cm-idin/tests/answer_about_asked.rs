//! A status answer is about the transaction asked for: a 2xx answer whose
//! `transaction_id` names another transaction (a proxy or cache answering for
//! another request) is a decode error that keeps the whole body, never the
//! asked transaction's state or identity. The identity in it is still handed
//! out once: it reaches the identity sink exactly as any 2xx body that did not
//! decode, and is never asked for again. iDIN ids are digits, compared exactly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::support;

use std::{
    io,
    sync::{Arc, Mutex},
};

use cm_idin::IdentitySink;
use support::TOKEN;
use txstatus_core::{BoxFuture, ErrorKind, RawBody, StatusSource};

const ASKED: &str = "3645651845961623";
const OTHER: &str = "3645651845961699";

fn answer(id: &str) -> String {
    format!(
        r#"{{"status":"success","transaction_id":{id},"bin":"NLINGB3x4u89498qe4tq","name":{{"last_name":"Hoogendoorn"}},"email_address":"m.hoogendoorn@example.com"}}"#
    )
}

#[derive(Debug, Default)]
struct Recorder {
    seen: Mutex<Vec<(String, Vec<u8>)>>,
}

impl IdentitySink for Recorder {
    fn persist<'a>(
        &'a self,
        transaction_id: &'a str,
        raw: &'a RawBody,
    ) -> BoxFuture<'a, io::Result<String>> {
        Box::pin(async move {
            self.seen
                .lock()
                .unwrap()
                .push((transaction_id.to_owned(), raw.as_bytes().to_vec()));
            Ok("memory".to_owned())
        })
    }
}

async fn serve(body: &str) -> (mockito::ServerGuard, mockito::Mock) {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("POST", "/status")
        .with_status(200)
        .with_header("content-type", "application/json")
        .with_body(body)
        .expect(1)
        .create_async()
        .await;
    (server, mock)
}

fn assert_refused(error: &txstatus_core::Error, body: &str) {
    let ErrorKind::Decode(decode) = error.kind() else {
        panic!("{body}: {error:?}")
    };
    assert_eq!(decode.path, "transaction_id", "{body}");
    assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
    let shown = format!("{error} {error:?}");
    for secret in [OTHER, ASKED, "Hoogendoorn", "NLINGB3x4u", TOKEN] {
        assert!(!shown.contains(secret), "{shown}");
    }
}

#[tokio::test]
async fn an_answer_naming_another_transaction_is_a_decode_error_keeping_the_body_sent_once() {
    // Exact comparison: the ids are digits, so a space or a longer id is another one.
    let others = [
        format!(r#""{OTHER}""#),
        format!(r#""{ASKED} ""#),
        format!(r#""{ASKED}0""#),
        OTHER.to_owned(),
    ];
    for other in &others {
        let body = answer(other);
        let (server, mock) = serve(&body).await;
        let (client, _clock) = support::client(&server.url());
        let error = client.status(ASKED, "ref-1").await.expect_err(&body);
        mock.assert_async().await;
        assert_refused(&error, &body);

        let (server, mock) = serve(&body).await;
        let (client, _clock) = support::client(&server.url());
        let error = client
            .status_source("ref-1")
            .status_report(ASKED)
            .await
            .expect_err(&body);
        mock.assert_async().await;
        assert_refused(&error, &body);
    }
}

#[tokio::test]
async fn an_answer_naming_another_transaction_reaches_the_sink_like_any_undecodable_body() {
    let body = answer(&format!(r#""{OTHER}""#));
    let (server, mock) = serve(&body).await;
    let recorder = Arc::new(Recorder::default());
    let client = support::client_with_sink(&server.url(), recorder.clone());

    let error = client.status(ASKED, "ref-1").await.expect_err(&body);

    mock.assert_async().await;
    assert_refused(&error, &body);
    let seen = recorder.seen.lock().unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].0, ASKED);
    assert_eq!(seen[0].1, body.as_bytes());
}

#[tokio::test]
async fn an_answer_naming_the_asked_transaction_or_none_is_taken() {
    let same = format!(r#""{ASKED}""#);
    for id in [same.as_str(), ASKED, "null", r#""""#, r#"" ""#] {
        let body = answer(id);
        let (server, mock) = serve(&body).await;
        let recorder = Arc::new(Recorder::default());
        let client = support::client_with_sink(&server.url(), recorder.clone());
        let response = client.status(ASKED, "ref-1").await.expect(&body);
        mock.assert_async().await;
        assert_eq!(response.value().raw_status(), "success");
        // The identity in it is persisted, as for every answer that holds one.
        assert_eq!(recorder.seen.lock().unwrap().len(), 1, "{body}");
    }
    let body = r#"{"status":"open"}"#;
    let (server, _mock) = serve(body).await;
    let (client, _clock) = support::client(&server.url());
    let report = client
        .status_source("ref-1")
        .status_report(ASKED)
        .await
        .unwrap();
    assert_eq!(report.status.raw(), "open");
}
