//! A read answer is about the transaction asked for: a 2xx details or result
//! answer whose `id` names another transaction (a proxy or cache answering for
//! another request) is a decode error that keeps the body, never the asked
//! transaction's state or extracted fields; a blank `id` is taken as it is.
//! ID Scan ids are UUIDs, compared ignoring ASCII case.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::support;

use mockito::Matcher;

use txstatus_core::{ErrorKind, StatusSource};

const ID: &str = "2c2f04a5-44e4-4a83-aa53-1a9fa90c2394";
const OTHER: &str = "c3b92333-3935-4c15-a95e-8eb0051e644b";
const RESULT_ID: &str = "e6b7ce66";

fn details(id: &str) -> String {
    format!(r#"{{"id":{id},"state":"completed","created":"2024-10-28T14:32:32+00:00","tasks":[]}}"#)
}

fn result(id: &str) -> String {
    format!(
        r#"{{"id":{id},"state":"completed","tasks":[{{"type":"document_scan","state":"completed","result":[{{"field":"given_names","validity":"valid","values":[{{"source":"mrz","value":"MARIEKE"}}]}}]}}]}}"#
    )
}

async fn serve(path: &str, body: &str) -> (mockito::ServerGuard, mockito::Mock) {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", format!("/idscan/v1{path}").as_str())
        .match_query(Matcher::Any)
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
    assert_eq!(decode.path, "id", "{body}");
    assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
    assert!(!error.write_was_accepted());
    let shown = format!("{error} {error:?}");
    for secret in [OTHER, ID, "MARIEKE"] {
        assert!(!shown.contains(secret), "{shown}");
    }
}

#[tokio::test]
async fn an_answer_naming_another_transaction_is_a_decode_error_keeping_the_body() {
    let others = [
        format!(r#""{OTHER}""#),
        format!(r#""{ID}0""#),
        "12".to_owned(),
    ];
    for other in &others {
        let body = details(other);
        for report in [false, true] {
            let (server, mock) = serve(&format!("/transactions/{ID}"), &body).await;
            let (client, _clock) = support::client(&server);
            let error = if report {
                client.status_report(ID).await.map(drop)
            } else {
                client.transaction(ID).await.map(drop)
            }
            .expect_err(&body);
            mock.assert_async().await;
            assert_refused(&error, &body);
        }
        let body = result(other);
        let (server, mock) = serve(&format!("/transactions/{ID}/results/{RESULT_ID}"), &body).await;
        let (client, _clock) = support::client(&server);
        let error = client
            .transaction_result(ID, RESULT_ID)
            .await
            .expect_err(&body);
        mock.assert_async().await;
        assert_refused(&error, &body);
    }
}

#[tokio::test]
async fn an_answer_naming_the_asked_transaction_in_any_case_or_a_blank_id_is_taken() {
    let same = format!(r#""{ID}""#);
    let upper = format!(r#""{}""#, ID.to_ascii_uppercase());
    for id in [same.as_str(), upper.as_str(), r#""""#, r#""  ""#] {
        let body = details(id);
        let (server, mock) = serve(&format!("/transactions/{ID}"), &body).await;
        let (client, _clock) = support::client(&server);
        let response = client.transaction(ID).await.expect(&body);
        mock.assert_async().await;
        assert_eq!(response.value().raw_status(), "completed");

        let body = result(id);
        let (server, mock) = serve(&format!("/transactions/{ID}/results/{RESULT_ID}"), &body).await;
        let (client, _clock) = support::client(&server);
        let response = client.transaction_result(ID, RESULT_ID).await.expect(&body);
        mock.assert_async().await;
        assert_eq!(response.value().raw_status(), "completed");
    }
}
