//! Lifecycle calls checked from outside: hostile caller input becomes exactly one
//! query value (or is refused before anything is sent), and pagination stays bounded.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use std::sync::Arc;

use futures_util::StreamExt;
use mockito::Matcher;
use persona_tx::{Client, ListEvents, ListTransactions, RetrieveOptions};
use serde_json::json;

fn client(server: &mockito::Server) -> Client {
    support::client(server, "persona_test_key_outside")
}

/// Hostile values a caller may pass as a filter or a cursor.
fn hostile_values() -> Vec<String> {
    vec![
        "a&page[size]=1".to_owned(),
        "a=b".to_owned(),
        "a#frag".to_owned(),
        "a?b=c".to_owned(),
        "../../admin".to_owned(),
        "a%2Fb".to_owned(),
        "a b+c".to_owned(),
        "line\nbreak".to_owned(),
        "nul\0byte".to_owned(),
        "\u{e9}\u{1f600}".to_owned(),
        "x".repeat(10_000),
    ]
}

fn encoded(value: &str) -> String {
    // application/x-www-form-urlencoded, as the query is written.
    let mut out = String::new();
    for byte in value.bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(char::from(byte));
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn empty_page() -> String {
    json!({"data": [], "links": {"next": null}}).to_string()
}

/// A mock that fails the test if any request other than the expected ones arrives.
async fn nothing_else(server: &mut mockito::Server) -> Vec<mockito::Mock> {
    let mut mocks = Vec::new();
    for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
        let mock = server
            .mock(method, Matcher::Any)
            .with_status(599)
            .expect(0)
            .create_async()
            .await;
        mocks.push(mock);
    }
    mocks
}

async fn assert_none(mocks: Vec<mockito::Mock>) {
    for mock in mocks {
        mock.assert_async().await;
    }
}

#[tokio::test]
async fn hostile_filter_values_and_cursors_travel_as_exactly_one_query_value() {
    for value in hostile_values() {
        let mut server = mockito::Server::new_async().await;
        let expected = format!(
            "page%5Bafter%5D={v}&filter%5Breference-id%5D={v}&filter%5Btransaction-type-id%5D={v}&filter%5Bidentifier%5D%5Bkey%5D={v}&filter%5Bidentifier%5D%5Bvalue%5D={v}",
            v = encoded(&value)
        );
        let mock = server
            .mock("GET", "/transactions")
            .match_query(Matcher::Exact(expected))
            .with_body(empty_page())
            .expect(1)
            .create_async()
            .await;
        let other = nothing_else(&mut server).await;
        let list = ListTransactions::new()
            .after(value.clone())
            .reference_id(value.clone())
            .transaction_type_id(value.clone())
            .identifier(value.clone(), value.clone());
        client(&server).list_transactions(&list).await.unwrap();
        mock.assert_async().await;
        assert_none(other).await;
    }
}

#[tokio::test]
async fn a_comma_inside_one_event_filter_item_is_refused_before_sending() {
    let mut server = mockito::Server::new_async().await;
    let other = nothing_else(&mut server).await;
    let client = client(&server);
    for list in [
        ListEvents::new().object_ids(["txn_1,txn_2"]),
        ListEvents::new().ids(["evt_1", "evt_2,evt_3"]),
        ListEvents::new().names(["transaction.created,transaction.redacted"]),
        ListEvents::new().object_ids([""]),
    ] {
        let error = client.list_events(&list).await.unwrap_err();
        assert!(error.is_invalid_input(), "{error}");
        let first = Box::pin(client.events(list))
            .next()
            .await
            .unwrap()
            .unwrap_err();
        assert!(first.is_invalid_input(), "{first}");
    }
    assert_none(other).await;
}

#[tokio::test]
async fn a_sparse_fieldset_type_that_would_open_another_key_is_refused_before_sending() {
    let mut server = mockito::Server::new_async().await;
    let other = nothing_else(&mut server).await;
    let client = client(&server);
    for options in [
        RetrieveOptions::new().fields("transaction][x", ["status"]),
        RetrieveOptions::new().fields("transaction", ["status,fields"]),
        RetrieveOptions::new().include(["account,inquiries"]),
    ] {
        let error = client
            .transaction_with("txn_1", &options)
            .await
            .unwrap_err();
        assert!(error.is_invalid_input(), "{error}");
    }
    let list = ListTransactions::new().fields("a[b", ["status"]);
    let error = client.list_transactions(&list).await.unwrap_err();
    assert!(error.is_invalid_input(), "{error}");
    assert_none(other).await;
}

#[tokio::test]
async fn finding_an_empty_reference_id_is_refused_instead_of_listing_everything() {
    let mut server = mockito::Server::new_async().await;
    let other = nothing_else(&mut server).await;
    let error = client(&server).find_by_reference_id("").await.unwrap_err();
    assert!(error.is_invalid_input(), "{error}");
    assert_none(other).await;
}

#[tokio::test]
async fn a_100_kb_filter_value_is_refused_before_sending_not_failed_as_maybe_sent() {
    let mut server = mockito::Server::new_async().await;
    let other = nothing_else(&mut server).await;
    let client = client(&server);
    let long = "x".repeat(100_000);
    let list = ListTransactions::new().reference_id(long.clone());
    let error = client.list_transactions(&list).await.unwrap_err();
    assert!(error.is_invalid_input(), "{error}");
    assert!(!error.may_have_been_sent(), "{error}");
    let error = client.find_by_reference_id(&long).await.unwrap_err();
    assert!(error.is_invalid_input(), "{error}");
    assert_none(other).await;
}

fn page_with_next(id: &str, next: &str) -> String {
    json!({
        "data": [{"type": "transaction", "id": id, "attributes": {"status": "created"}}],
        "links": {"next": next},
    })
    .to_string()
}

#[tokio::test]
async fn a_huge_cursor_from_the_server_ends_the_walk_with_the_page_body_kept() {
    let mut server = mockito::Server::new_async().await;
    let cursor = "c".repeat(100_000);
    let body = page_with_next(
        "txn_1",
        &format!("/api/v1/transactions?page%5Bafter%5D={cursor}"),
    );
    let first = server
        .mock("GET", "/transactions")
        .match_query(Matcher::Exact(String::new()))
        .with_body(body.clone())
        .expect(1)
        .create_async()
        .await;
    let other = nothing_else(&mut server).await;
    let items: Vec<_> = client(&server)
        .transactions(ListTransactions::new())
        .collect()
        .await;
    // As for any malformed `links.next`, the page is one error keeping its body.
    assert_eq!(items.len(), 1);
    let error = items[0].as_ref().unwrap_err();
    assert!(
        error.to_string().contains("longer than 256 bytes"),
        "{error}"
    );
    assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
    first.assert_async().await;
    assert_none(other).await;
}

#[tokio::test]
async fn next_links_to_other_hosts_schemes_and_traversals_only_lend_their_cursor() {
    for next in [
        "https://evil.example/api/v1/transactions?page%5Bafter%5D=txn_2",
        "javascript:alert(1)?page%5Bafter%5D=txn_2",
        "//evil.example/x?page%5Bafter%5D=txn_2",
        "/api/v1/../../../etc/passwd?page%5Bafter%5D=txn_2",
        "file:///etc/passwd?page%5Bafter%5D=txn_2",
    ] {
        let mut server = mockito::Server::new_async().await;
        let first = server
            .mock("GET", "/transactions")
            .match_query(Matcher::Exact(String::new()))
            .with_body(page_with_next("txn_1", next))
            .expect(1)
            .create_async()
            .await;
        let second = server
            .mock("GET", "/transactions")
            .match_query(Matcher::Exact("page%5Bafter%5D=txn_2".to_owned()))
            .with_body(json!({"data": [], "links": {"next": null}}).to_string())
            .expect(1)
            .create_async()
            .await;
        let other = nothing_else(&mut server).await;
        let items: Vec<_> = client(&server)
            .transactions(ListTransactions::new())
            .collect()
            .await;
        assert_eq!(items.len(), 1, "{next}");
        first.assert_async().await;
        second.assert_async().await;
        assert_none(other).await;
    }
}

#[tokio::test]
async fn a_thousand_fresh_cursors_are_followed_lazily_one_request_per_page() {
    // Bounded by the caller: the stream asks for a page only when pulled.
    let mut server = mockito::Server::new_async().await;
    let mut mocks = Vec::new();
    for n in 0..1_000u32 {
        let query = if n == 0 {
            String::new()
        } else {
            format!("page%5Bafter%5D=txn_{n}")
        };
        let next = format!("/api/v1/transactions?page%5Bafter%5D=txn_{}", n + 1);
        mocks.push(
            server
                .mock("GET", "/transactions")
                .match_query(Matcher::Exact(query))
                .with_body(page_with_next(&format!("txn_{n}"), &next))
                .expect_at_most(1)
                .create_async()
                .await,
        );
    }
    let items: Vec<_> = client(&server)
        .transactions(ListTransactions::new())
        .take(1_000)
        .collect()
        .await;
    assert_eq!(items.len(), 1_000);
    assert!(items.iter().all(Result::is_ok));
}

const ANSWER: &str =
    r#"{"data":{"type":"transaction","id":"txn_ABC123","attributes":{"status":"approved"}}}"#;

#[tokio::test]
async fn update_and_redact_biometrics_reuse_one_key_per_call_and_differ_across_calls() {
    let mut server = mockito::Server::new_async().await;
    let keys = Arc::new(std::sync::Mutex::new(Vec::new()));
    for (method, path) in [
        ("PATCH", "/transactions/txn_ABC123"),
        ("POST", "/transactions/txn_ABC123/redact-biometrics"),
    ] {
        keys.lock().unwrap().clear();
        let failing = server
            .mock(method, path)
            .match_request(support::key_recorder(&keys))
            .with_status(503)
            .expect(2)
            .create_async()
            .await;
        let answered = server
            .mock(method, path)
            .match_request(support::key_recorder(&keys))
            .with_body(ANSWER)
            .expect(2)
            .create_async()
            .await;
        let client = client(&server);
        let update = persona_tx::UpdateTransaction::new().status("approved");
        for _ in 0..2 {
            // Each call: a 503, then the answer (the mocks are used in turn).
            let result = if method == "PATCH" {
                client
                    .update_transaction("txn_ABC123", &update)
                    .await
                    .map(drop)
            } else {
                client.redact_biometrics("txn_ABC123").await.map(drop)
            };
            result.unwrap();
        }
        failing.assert_async().await;
        answered.assert_async().await;
        assert_eq!(
            support::distinct(&keys).len(),
            2,
            "{method}: one key per call"
        );
        failing.remove_async().await;
        answered.remove_async().await;
    }
}
