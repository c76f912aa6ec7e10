//! A read answer is about the transaction asked for: a 2xx answer whose
//! `data.id` names another transaction (a proxy or cache answering for another
//! request) is a decode error that keeps the body, never the asked
//! transaction's state; an answer naming none is taken as it is.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use mockito::Matcher;
use persona_tx::{Client, RetrieveOptions};
use txstatus_core::{ErrorKind, StatusSource};

const ASKED: &str = "txn_Asked7Q";

fn client(server: &mockito::Server) -> Client {
    support::client(server, "persona_test_key_1a2b3c")
}

fn answer(id: &str) -> String {
    format!(
        r#"{{"data":{{"type":"transaction","id":{id},"attributes":{{"status":"approved","fields":{{"name":{{"type":"string","value":"Marieke Jansen"}}}}}}}}}}"#
    )
}

async fn serve(body: &str) -> (mockito::ServerGuard, mockito::Mock) {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", format!("/transactions/{ASKED}").as_str())
        .match_query(Matcher::Any)
        .with_body(body)
        .expect(1)
        .create_async()
        .await;
    (server, mock)
}

#[tokio::test]
async fn an_answer_naming_another_transaction_is_a_decode_error_keeping_the_body() {
    // Persona's ids are compared exactly: another case is another id.
    for other in [r#""txn_Other9Z""#, r#""txn_asked7q""#, r#"" txn_Asked7Q""#] {
        let body = answer(other);
        for how in ["transaction", "transaction_with", "status_report"] {
            let (server, mock) = serve(&body).await;
            let client = client(&server);
            let error = match how {
                "transaction" => client.transaction(ASKED).await.map(drop),
                "transaction_with" => client
                    .transaction_with(ASKED, &RetrieveOptions::new().include(["account"]))
                    .await
                    .map(drop),
                _ => client.status_report(ASKED).await.map(drop),
            }
            .expect_err(&body);
            mock.assert_async().await;
            let ErrorKind::Decode(decode) = error.kind() else {
                panic!("{how} {body}: {error:?}")
            };
            assert_eq!(decode.path, "data.id", "{how}");
            assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
            assert!(!error.write_was_accepted());
            let shown = format!("{error} {error:?}");
            for secret in ["txn_Other9Z", "txn_asked7q", ASKED, "Marieke"] {
                assert!(!shown.contains(secret), "{how}: {shown}");
            }
        }
    }
}

#[tokio::test]
async fn an_answer_naming_the_asked_transaction_or_none_is_taken() {
    let named = format!(r#""{ASKED}""#);
    // `data.id` is required by Persona's schema (and the model): absent or
    // blank, the answer names none.
    let absent = answer("0").replace(r#""id":0,"#, "");
    for body in [answer(&named), answer(r#""""#), answer(r#""  ""#), absent] {
        let (server, mock) = serve(&body).await;
        let client = client(&server);
        let response = client.transaction(ASKED).await.expect(&body);
        mock.assert_async().await;
        assert_eq!(response.value().raw_status(), "approved");
    }
    let (server, _mock) = serve(&answer(&named)).await;
    let report = client(&server).status_report(ASKED).await.unwrap();
    assert_eq!(report.status.raw(), "approved");
}

fn list_page(reference_ids: &[&str]) -> String {
    let items: Vec<String> = reference_ids
        .iter()
        .enumerate()
        .map(|(n, reference)| {
            let reference = if *reference == "-" {
                String::new()
            } else {
                format!(r#","reference-id":{reference}"#)
            };
            format!(
                r#"{{"type":"transaction","id":"txn_{n}","attributes":{{"status":"approved"{reference}}}}}"#
            )
        })
        .collect();
    format!(
        r#"{{"data":[{}],"links":{{"next":null}}}}"#,
        items.join(",")
    )
}

async fn serve_list(body: &str) -> (mockito::ServerGuard, mockito::Mock) {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", "/transactions")
        .match_query(Matcher::UrlEncoded(
            "filter[reference-id]".into(),
            "user-42".into(),
        ))
        .with_body(body)
        .expect(1)
        .create_async()
        .await;
    (server, mock)
}

/// A lookup by reference id (how a lost create is found) answered with a page
/// listing another reference id (a proxy or cache answering for another
/// request, or the filter not applied) is a decode error at `data` keeping the
/// page: never taken for the transactions of the reference id asked.
#[tokio::test]
async fn a_reference_id_lookup_answered_with_another_reference_id_is_a_decode_error() {
    use futures_util::StreamExt;
    use persona_tx::ListTransactions;

    for body in [
        list_page(&[r#""user-42""#, r#""user-43""#]),
        list_page(&[r#""User-42""#]),
        list_page(&["-", r#""user-42 ""#]),
    ] {
        for how in ["find", "list", "stream"] {
            let (server, mock) = serve_list(&body).await;
            let client = client(&server);
            let list = ListTransactions::new().reference_id("user-42");
            let error = match how {
                "find" => client.find_by_reference_id("user-42").await.map(drop),
                "list" => client.list_transactions(&list).await.map(drop),
                _ => {
                    let items: Vec<_> = client.transactions(list).collect().await;
                    assert_eq!(items.len(), 1, "{how} {body}");
                    items.into_iter().next().unwrap().map(drop)
                }
            }
            .expect_err(&body);
            mock.assert_async().await;
            let ErrorKind::Decode(decode) = error.kind() else {
                panic!("{how} {body}: {error:?}")
            };
            assert_eq!(decode.path, "data", "{how}");
            assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
            let shown = format!("{error} {error:?}");
            assert!(
                !shown.contains("user-4") && !shown.contains("User-4"),
                "{shown}"
            );
        }
    }
}

#[tokio::test]
async fn a_reference_id_lookup_listing_that_reference_id_or_none_is_taken() {
    let body = list_page(&[r#""user-42""#, "-", "null", r#""""#]);
    let (server, mock) = serve_list(&body).await;
    let found = client(&server)
        .find_by_reference_id("user-42")
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(found.len(), 4);
}
