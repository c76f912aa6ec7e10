//! A 200 whose body is no list page (an error body, an object without `data`) is
//! a decode error that keeps the body, never an empty page: taken for one,
//! `find_by_reference_id` after a lost create would answer "no transaction".
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use futures_util::StreamExt;
use persona_tx::{Client, ListEvents, ListTransactions};
use txstatus_core::ErrorKind;

const KEY: &str = "persona_test_key_not_pages";

/// 2xx bodies that are not list pages.
const NOT_PAGES: &[&str] = &[
    r#"{"errors": [{"title": "Must be authenticated to access this endpoint"}]}"#,
    r#"{"error": "upstream timed out"}"#,
    r#"{"status": 503, "message": "Service Unavailable"}"#,
    r#"{"data": [], "errors": [{"title": "Rate limited"}]}"#,
    r#"{}"#,
    r#"{"links": {"next": null}}"#,
    r#"{"meta": {"count": 0}}"#,
];

async fn answering(body: &str) -> (mockito::ServerGuard, Client) {
    let mut server = mockito::Server::new_async().await;
    for path in ["/transactions", "/events"] {
        server
            .mock("GET", path)
            .match_query(mockito::Matcher::Any)
            .with_status(200)
            .with_body(body)
            .create_async()
            .await;
    }
    let client = support::client(&server, KEY);
    (server, client)
}

fn is_decode_error_keeping(error: &txstatus_core::Error, body: &str) {
    assert!(
        matches!(error.kind(), ErrorKind::Decode(_)),
        "{body}: {error}"
    );
    assert_eq!(
        error.body().map(|raw| raw.as_bytes().to_vec()),
        Some(body.as_bytes().to_vec()),
        "{body}"
    );
}

#[tokio::test]
async fn a_body_that_is_no_page_is_an_error_for_every_list_call() {
    for body in NOT_PAGES {
        let (_server, client) = answering(body).await;
        let one_page = client
            .list_transactions(&ListTransactions::new())
            .await
            .unwrap_err();
        is_decode_error_keeping(&one_page, body);
        let events = client.list_events(&ListEvents::new()).await.unwrap_err();
        is_decode_error_keeping(&events, body);
        let walked: Vec<_> = client.transactions(ListTransactions::new()).collect().await;
        assert_eq!(walked.len(), 1, "{body}");
        is_decode_error_keeping(walked[0].as_ref().unwrap_err(), body);
        let walked: Vec<_> = client.events(ListEvents::new()).collect().await;
        assert_eq!(walked.len(), 1, "{body}");
        is_decode_error_keeping(walked[0].as_ref().unwrap_err(), body);
        let found = client.find_by_reference_id("order-42").await.unwrap_err();
        is_decode_error_keeping(&found, body);
    }
}

#[tokio::test]
async fn an_empty_page_is_still_an_empty_list() {
    for body in [
        r#"{"data": []}"#,
        r#"{"data": [], "links": {"next": null}, "meta": {}}"#,
    ] {
        let (_server, client) = answering(body).await;
        let page = client
            .list_transactions(&ListTransactions::new())
            .await
            .unwrap();
        assert!(page.value().data.is_empty());
        assert!(
            client
                .list_events(&ListEvents::new())
                .await
                .unwrap()
                .value()
                .data
                .is_empty()
        );
        assert!(
            client
                .find_by_reference_id("order-42")
                .await
                .unwrap()
                .is_empty()
        );
    }
}
