//! Listing transactions page by page: the query in the spec's deepObject style, and
//! the hostile `links` a server can send.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use futures_util::StreamExt;
use mockito::Matcher;
use persona_tx::{Client, ClientOptions, DEFAULT_PERSONA_VERSION, ListTransactions};
use serde_json::json;

const KEY: &str = "persona_test_key_pages";

fn client(server: &mockito::Server) -> Client {
    support::client(server, KEY)
}

/// The query of `find_by_reference_id("order-42")`'s first page, and of its next.
const BY_REFERENCE: &str = "page%5Bsize%5D=100&filter%5Breference-id%5D=order-42";
const BY_REFERENCE_AFTER_TXN_B: &str =
    "page%5Bsize%5D=100&page%5Bafter%5D=txn_b&filter%5Breference-id%5D=order-42";

/// A mock of `GET /transactions` with exactly `query` as its query, answering
/// the page of `ids` with `links`, which must be asked exactly `times` times.
async fn page_at(
    server: &mut mockito::ServerGuard,
    query: &str,
    ids: &[&str],
    links: Option<serde_json::Value>,
    times: usize,
) -> mockito::Mock {
    server
        .mock("GET", "/transactions")
        .match_query(Matcher::Exact(query.to_owned()))
        .with_body(page(ids, links))
        .expect(times)
        .create_async()
        .await
}

/// Links whose `next` is the relative link to the page after `cursor`.
fn next_after(cursor: &str) -> Option<serde_json::Value> {
    Some(json!({ "next": format!("/api/v1/transactions?page%5Bafter%5D={cursor}") }))
}

fn page(ids: &[&str], links: Option<serde_json::Value>) -> String {
    let data: Vec<_> = ids
        .iter()
        .map(|id| json!({"type": "transaction", "id": id, "attributes": {"status": "created"}}))
        .collect();
    match links {
        Some(links) => json!({ "data": data, "links": links }),
        None => json!({ "data": data }),
    }
    .to_string()
}

const FILTERS: &str = "filter%5Breference-id%5D=user-42&filter%5Btransaction-type-id%5D=txntp_1&filter%5Bidentifier%5D%5Bkey%5D=email&filter%5Bidentifier%5D%5Bvalue%5D=a%40b.example";

fn filtered() -> ListTransactions {
    ListTransactions::new()
        .page_size(2)
        .reference_id("user-42")
        .transaction_type_id("txntp_1")
        .identifier("email", "a@b.example")
}

async fn collect(client: &Client, list: ListTransactions) -> Vec<txstatus_core::Result<String>> {
    client
        .transactions(list)
        .map(|item| item.map(|data| data.id))
        .collect()
        .await
}

#[tokio::test]
async fn one_page_sends_every_filter_in_deep_object_style() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", "/transactions")
        .match_query(Matcher::Exact(format!(
            "page%5Bsize%5D=2&page%5Bbefore%5D=txn_9&{FILTERS}&fields%5Btransaction%5D=status%2Creference-id"
        )))
        .match_header("authorization", format!("Bearer {KEY}").as_str())
        .match_header("key-inflection", "kebab")
        .match_header("persona-version", DEFAULT_PERSONA_VERSION)
        .with_body(page(&["txn_1"], Some(json!({"prev": null, "next": null}))))
        .expect(1)
        .create_async()
        .await;
    let list = filtered()
        .before("txn_9")
        .fields("transaction", ["status", "reference-id"]);
    let response = client(&server).list_transactions(&list).await.unwrap();
    mock.assert_async().await;
    assert_eq!(response.value().data.len(), 1);
}

#[tokio::test]
async fn the_stream_rebuilds_each_request_from_the_filters_and_never_follows_the_link() {
    let mut server = mockito::Server::new_async().await;
    let first = server
        .mock("GET", "/transactions")
        .match_query(Matcher::Exact(format!("page%5Bsize%5D=2&{FILTERS}")))
        .with_body(page(
            &["txn_4", "txn_3"],
            // Another host, and the filters dropped: only the cursor is used.
            Some(json!({"prev": null, "next": "http://127.0.0.1:9/api/v1/transactions?page%5Bafter%5D=txn_3"})),
        ))
        .expect(1)
        .create_async()
        .await;
    let second = server
        .mock("GET", "/transactions")
        .match_query(Matcher::Exact(format!(
            "page%5Bsize%5D=2&page%5Bafter%5D=txn_3&{FILTERS}"
        )))
        .match_header("authorization", format!("Bearer {KEY}").as_str())
        .with_body(page(
            &["txn_2", "txn_1"],
            Some(json!({"prev": "/api/v1/transactions?page%5Bbefore%5D=txn_2", "next": "/api/v1/transactions?page%5Bafter%5D=txn_1"})),
        ))
        .expect(1)
        .create_async()
        .await;
    // The last page has no `links` at all.
    let last = page_at(
        &mut server,
        &format!("page%5Bsize%5D=2&page%5Bafter%5D=txn_1&{FILTERS}"),
        &["txn_0"],
        None,
        1,
    )
    .await;
    let ids: Vec<String> = collect(&client(&server), filtered())
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    first.assert_async().await;
    second.assert_async().await;
    last.assert_async().await;
    assert_eq!(ids, ["txn_4", "txn_3", "txn_2", "txn_1", "txn_0"]);
}

#[tokio::test]
async fn a_repeated_cursor_is_an_error_not_a_loop() {
    let mut server = mockito::Server::new_async().await;
    let first = page_at(&mut server, "", &["txn_2"], next_after("txn_2"), 1).await;
    let again = page_at(
        &mut server,
        "page%5Bafter%5D=txn_2",
        &["txn_1"],
        next_after("txn_2"),
        1,
    )
    .await;
    let items = collect(&client(&server), ListTransactions::new()).await;
    first.assert_async().await;
    again.assert_async().await;
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].as_ref().unwrap(), "txn_2");
    assert_eq!(items[1].as_ref().unwrap(), "txn_1");
    let error = items[2].as_ref().unwrap_err();
    assert!(error.to_string().contains("already returned"), "{error}");
}

#[tokio::test]
async fn a_cursor_equal_to_the_starting_one_is_an_error() {
    let mut server = mockito::Server::new_async().await;
    let mock = page_at(
        &mut server,
        "page%5Bafter%5D=txn_9",
        &["txn_5"],
        next_after("txn_9"),
        1,
    )
    .await;
    let items = collect(&client(&server), ListTransactions::new().after("txn_9")).await;
    mock.assert_async().await;
    assert_eq!(items.len(), 2);
    assert!(items[1].is_err());
}

#[tokio::test]
async fn an_empty_page_with_a_next_link_ends_the_stream() {
    let mut server = mockito::Server::new_async().await;
    let mock = page_at(
        &mut server,
        "",
        &[],
        Some(json!({"prev": null, "next": "/api/v1/transactions?page%5Bafter%5D=txn_new"})),
        1,
    )
    .await;
    let items = collect(&client(&server), ListTransactions::new()).await;
    mock.assert_async().await;
    assert!(items.is_empty());
}

#[tokio::test]
async fn a_next_link_without_a_cursor_is_an_error() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", "/transactions")
        .with_body(page(
            &["txn_1"],
            Some(json!({"next": "https://elsewhere.example/steal"})),
        ))
        .expect(1)
        .create_async()
        .await;
    let items = collect(&client(&server), ListTransactions::new()).await;
    mock.assert_async().await;
    assert!(items.len() == 1 && items[0].is_err());
}

#[tokio::test]
async fn the_stream_is_lazy() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", "/transactions")
        .with_body(page(&["txn_1"], None))
        .expect(0)
        .create_async()
        .await;
    let stream = client(&server).transactions(ListTransactions::new());
    drop(stream);
    mock.assert_async().await;
}

#[tokio::test]
async fn find_by_reference_id_filters_and_collects_every_page() {
    let mut server = mockito::Server::new_async().await;
    let first = page_at(
        &mut server,
        BY_REFERENCE,
        &["txn_b"],
        next_after("txn_b"),
        1,
    )
    .await;
    let second = page_at(
        &mut server,
        BY_REFERENCE_AFTER_TXN_B,
        &["txn_a"],
        Some(json!({"prev": null, "next": null})),
        1,
    )
    .await;
    let found = client(&server)
        .find_by_reference_id("order-42")
        .await
        .unwrap();
    first.assert_async().await;
    second.assert_async().await;
    let ids: Vec<_> = found.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["txn_b", "txn_a"]);
}

/// Seventeenth outside audit: a page listing again a transaction an earlier
/// page listed (a server or proxy taking `page[after]` inclusively) must not
/// make one create look like two when recovering by reference id:
/// `find_by_reference_id` returns each transaction once (its first copy).
#[tokio::test]
async fn find_by_reference_id_returns_a_transaction_listed_on_two_pages_once() {
    let mut server = mockito::Server::new_async().await;
    let first = page_at(
        &mut server,
        BY_REFERENCE,
        &["txn_c", "txn_b"],
        next_after("txn_b"),
        1,
    )
    .await;
    let second = page_at(
        &mut server,
        BY_REFERENCE_AFTER_TXN_B,
        &["txn_b", "txn_a", "txn_c"],
        None,
        1,
    )
    .await;
    let found = client(&server)
        .find_by_reference_id("order-42")
        .await
        .unwrap();
    first.assert_async().await;
    second.assert_async().await;
    let ids: Vec<_> = found.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["txn_c", "txn_b", "txn_a"]);
}

#[test]
fn the_streams_can_move_to_another_task() {
    fn spawnable<T: Send + 'static>(_: &T) {}
    let client = Client::builder(KEY)
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    spawnable(&client.transactions(ListTransactions::new()));
    spawnable(&client.events(persona_tx::ListEvents::new()));
}

#[tokio::test]
async fn find_by_reference_id_stops_when_pages_never_end() {
    let mut server = mockito::Server::new_async().await;
    // Every page is full and names a cursor never seen before.
    let endless = server
        .mock("GET", "/transactions")
        .match_query(Matcher::Any)
        .with_body_from_request(|request| {
            // The cursor grows by one letter per page: never one seen before.
            let query = request.path_and_query();
            let after = query
                .split('&')
                .find_map(|pair| pair.strip_prefix("page%5Bafter%5D="))
                .unwrap_or("txn_");
            let ids: Vec<String> = (0..100).map(|i| format!("{after}{i}")).collect();
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            page(
                &ids,
                Some(json!({ "next": format!("/api/v1/transactions?page%5Bafter%5D={after}n") })),
            )
            .into_bytes()
        })
        // Ten full pages are kept; the first item of the eleventh is one too many.
        .expect(persona_tx::MAX_FOUND / 100 + 1)
        .create_async()
        .await;
    let error = client(&server)
        .find_by_reference_id("order-1")
        .await
        .unwrap_err();
    endless.assert_async().await;
    assert!(
        matches!(error.kind(), txstatus_core::ErrorKind::Decode(_)),
        "{error:?}"
    );
    assert!(error.to_string().contains("persona"), "{error}");
}

fn links(next: &str) -> persona_tx::model::Links {
    serde_json::from_value(json!({ "next": next })).unwrap()
}

#[test]
fn a_next_link_naming_two_different_cursors_is_an_error_not_a_guess() {
    for next in [
        "/api/v1/transactions?page%5Bafter%5D=txn_1&page%5Bafter%5D=txn_9",
        "/api/v1/transactions?page[after]=txn_1&page%5Bafter%5D=txn_9",
        "/api/v1/transactions?page%5Bafter%5D=txn_1&page%5Bafter%5D=",
    ] {
        let error = persona_tx::next_cursor(Some(&links(next))).unwrap_err();
        assert!(
            matches!(error.kind(), txstatus_core::ErrorKind::Decode(_)),
            "{next}: {error}"
        );
        assert!(!error.to_string().contains("txn_9"), "{error}");
    }
    // The same cursor twice is one cursor.
    let same = "/api/v1/transactions?page%5Bafter%5D=txn_1&page%5Bafter%5D=txn_1";
    assert_eq!(
        persona_tx::next_cursor(Some(&links(same)))
            .unwrap()
            .as_deref(),
        Some("txn_1")
    );
}

#[tokio::test]
async fn a_page_whose_next_link_names_two_cursors_ends_the_walk_with_an_error() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", "/transactions")
        .with_body(page(
            &["txn_1"],
            Some(
                json!({"next": "/api/v1/transactions?page%5Bafter%5D=txn_1&page%5Bafter%5D=txn_0"}),
            ),
        ))
        .expect(1)
        .create_async()
        .await;
    let items = collect(&client(&server), ListTransactions::new()).await;
    mock.assert_async().await;
    // As for a link without a cursor: the error, holding the page.
    assert_eq!(items.len(), 1, "{items:?}");
    let error = items[0].as_ref().unwrap_err();
    assert!(error.body().unwrap().as_bytes().starts_with(b"{\"data\""));
}

/// Pages walking back: `links.next` names an item the walk already listed (on an
/// earlier page, or before the last item of this one), a cursor never returned
/// before but one that would list those items again. Each is an error after the
/// page's items, and the cursor is never requested, for transactions and events.
#[tokio::test]
async fn a_cursor_naming_an_item_already_listed_is_an_error_not_a_walk_back() {
    // (first page, second page, the second page's cursor going back)
    let cases: [(&[&str], &[&str], &str); 4] = [
        (&["txn_c", "txn_b"], &["txn_a"], "txn_c"),
        (&["txn_c", "txn_b"], &["txn_a"], "txn_b"),
        (&["txn_c", "txn_b"], &["txn_a", "txn_0"], "txn_a"),
        (&["txn_c", "txn_b"], &["txn_a", "txn_0", "txn_z"], "txn_c"),
    ];
    for (first_ids, second_ids, back) in cases {
        for events in [false, true] {
            let path = if events { "/events" } else { "/transactions" };
            let body = |ids: &[&str], next: &str| {
                let data: Vec<_> = ids
                    .iter()
                    .map(|id| {
                        if events {
                            json!({"type": "event", "id": id, "attributes": {"name": "transaction.created"}})
                        } else {
                            json!({"type": "transaction", "id": id, "attributes": {"status": "created"}})
                        }
                    })
                    .collect();
                json!({"data": data, "links": {"next": format!("/api/v1{path}?page%5Bafter%5D={next}")}})
                    .to_string()
            };
            let mut server = mockito::Server::new_async().await;
            let first = server
                .mock("GET", path)
                .match_query(Matcher::Exact(String::new()))
                .with_body(body(first_ids, "txn_b"))
                .expect(1)
                .create_async()
                .await;
            let second = server
                .mock("GET", path)
                .match_query(Matcher::Exact("page%5Bafter%5D=txn_b".into()))
                .with_body(body(second_ids, back))
                .expect(1)
                .create_async()
                .await;
            let never = server
                .mock("GET", path)
                .match_query(Matcher::Exact(format!("page%5Bafter%5D={back}")))
                .with_body(body(&[], back))
                .expect(0)
                .create_async()
                .await;
            let client = client(&server);
            let items: Vec<txstatus_core::Result<String>> = if events {
                client
                    .events(persona_tx::ListEvents::new())
                    .map(|item| item.map(|event| event.id))
                    .collect()
                    .await
            } else {
                collect(&client, ListTransactions::new()).await
            };
            first.assert_async().await;
            second.assert_async().await;
            never.assert_async().await;
            let listed: Vec<&str> = first_ids.iter().chain(second_ids).copied().collect();
            assert_eq!(items.len(), listed.len() + 1, "{back} {events}");
            for (item, id) in items.iter().zip(&listed) {
                assert_eq!(item.as_ref().unwrap(), id);
            }
            let error = items.last().unwrap().as_ref().unwrap_err();
            assert!(
                matches!(error.kind(), txstatus_core::ErrorKind::Decode(_)),
                "{error:?}"
            );
            assert_eq!(error.json_path(), Some("links.next"));
            assert!(error.body().is_some_and(|b| !b.as_bytes().is_empty()));
            assert!(!error.to_string().contains(back), "{error}");
        }
    }
}
