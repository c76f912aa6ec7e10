//! A JSON:API resource is taken only as the type asked for: a list of
//! transactions whose page lists an `inquiry`, an `account` or an `event`, an
//! events page listing a `transaction`, a retrieved transaction or a write's
//! answer whose `data.type` is another type, and list members that are not
//! objects at all, are decode errors that keep the body, never a transaction
//! (or event) with another object's id and personal data. A member without a
//! `type` names none and is taken as it is.
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
use persona_tx::{Client, ListEvents, ListTransactions, UpdateTransaction};
use serde_json::json;
use txstatus_core::ErrorKind;

const PERSONAL: &str = "Marieke Jansen";

fn client(server: &mockito::Server) -> Client {
    support::client(server, "persona_test_key_types")
}

/// A server whose `GET path` answers `body` whatever the query, however often
/// it is asked.
async fn serving(path: &str, body: &str) -> (mockito::ServerGuard, mockito::Mock) {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", path)
        .match_query(Matcher::Any)
        .with_body(body)
        .create_async()
        .await;
    (server, mock)
}

/// Types a transaction list must not take for a transaction.
const OTHER_TYPES: [&str; 5] = ["inquiry", "account", "event", "Transaction", "transactions"];

fn transaction_page(kind: serde_json::Value) -> String {
    json!({
        "data": [
            {"type": "transaction", "id": "txn_A", "attributes": {"status": "created"}},
            {"type": kind, "id": "inq_B", "attributes": {"status": "approved", "reference-id": PERSONAL}},
        ]
    })
    .to_string()
}

fn assert_decode_keeping(error: &txstatus_core::Error, body: &str, what: &str) {
    assert!(
        matches!(error.kind(), ErrorKind::Decode(_)),
        "{what}: {error:?}"
    );
    assert_eq!(
        error.body().map(|raw| raw.as_bytes().to_vec()),
        Some(body.as_bytes().to_vec()),
        "{what}: the page is kept"
    );
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(PERSONAL), "{what}: {shown}");
    assert!(!shown.contains("inq_B"), "{what}: {shown}");
}

#[tokio::test]
async fn a_transaction_page_listing_another_type_is_a_decode_error_in_every_list_call() {
    for kind in OTHER_TYPES {
        let body = transaction_page(json!(kind));
        let (server, _mock) = serving("/transactions", &body).await;
        let client = client(&server);

        let error = client
            .list_transactions(&ListTransactions::new())
            .await
            .unwrap_err();
        assert_decode_keeping(&error, &body, kind);

        let items: Vec<_> = client.transactions(ListTransactions::new()).collect().await;
        assert!(
            items.iter().all(|item| item
                .as_ref()
                .map_or(true, |data| data.kind == "transaction")),
            "{kind}: no other type is yielded as a transaction"
        );
        let error = items.iter().find_map(|item| item.as_ref().err()).unwrap();
        assert_decode_keeping(error, &body, kind);

        let error = client.find_by_reference_id(PERSONAL).await.unwrap_err();
        assert_decode_keeping(&error, &body, kind);
    }
}

#[tokio::test]
async fn list_members_that_are_not_objects_are_never_yielded_as_transactions() {
    for member in [
        json!(null),
        json!("txn_B"),
        json!(7),
        json!([]),
        json!(true),
    ] {
        let body = json!({
            "data": [
                {"type": "transaction", "id": "txn_A", "attributes": {"status": "created"}},
                member,
            ]
        })
        .to_string();
        let (server, _mock) = serving("/transactions", &body).await;
        let client = client(&server);
        let error = client
            .list_transactions(&ListTransactions::new())
            .await
            .unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::Decode(_)),
            "{member}: {error:?}"
        );
        assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
        let items: Vec<_> = client.transactions(ListTransactions::new()).collect().await;
        assert!(
            items.iter().any(Result::is_err),
            "{member}: the walk ends with an error"
        );
        assert!(
            items
                .iter()
                .filter_map(|item| item.as_ref().ok())
                .all(|data| !data.id.is_empty()),
            "{member}: never an empty transaction"
        );
    }
}

#[tokio::test]
async fn a_transaction_member_without_a_type_is_taken_as_it_is() {
    let body = json!({"data": [{"id": "txn_A", "attributes": {"status": "created"}}]}).to_string();
    let (server, _mock) = serving("/transactions", &body).await;
    let page = client(&server)
        .list_transactions(&ListTransactions::new())
        .await
        .unwrap();
    assert_eq!(page.value().data[0].id, "txn_A");
}

#[tokio::test]
async fn an_events_page_listing_another_type_is_a_decode_error() {
    for kind in ["transaction", "inquiry", "Event", "events"] {
        let body = json!({
            "data": [
                {"type": "event", "id": "evt_A", "attributes": {"name": "transaction.created"}},
                {"type": kind, "id": "inq_B", "attributes": {"name": "transaction.created", "reference-id": PERSONAL}},
            ]
        })
        .to_string();
        let (server, _mock) = serving("/events", &body).await;
        let client = client(&server);
        let error = client.list_events(&ListEvents::new()).await.unwrap_err();
        assert_decode_keeping(&error, &body, kind);
        let items: Vec<_> = client.events(ListEvents::new()).collect().await;
        assert!(
            items
                .iter()
                .all(|item| item.as_ref().map_or(true, |event| event.kind == "event")),
            "{kind}"
        );
        assert!(items.iter().any(Result::is_err), "{kind}");
    }
}

#[tokio::test]
async fn a_read_or_write_answered_with_another_type_of_the_same_id_is_a_decode_error() {
    for kind in ["inquiry", "account", "event"] {
        let body = json!({
            "data": {"type": kind, "id": "txn_ABC123", "attributes": {"status": "approved", "reference-id": PERSONAL}}
        })
        .to_string();
        let mut server = mockito::Server::new_async().await;
        let _get = server
            .mock("GET", "/transactions/txn_ABC123")
            .match_query(Matcher::Any)
            .with_body(&body)
            .create_async()
            .await;
        let _patch = server
            .mock("PATCH", "/transactions/txn_ABC123")
            .with_body(&body)
            .create_async()
            .await;
        let client = client(&server);
        let error = client.transaction("txn_ABC123").await.unwrap_err();
        assert_decode_keeping(&error, &body, kind);
        let error = client
            .update_transaction("txn_ABC123", &UpdateTransaction::new().status("approved"))
            .await
            .unwrap_err();
        assert!(error.write_was_accepted(), "{kind}: {error:?}");
        assert!(
            matches!(error.kind(), ErrorKind::Decode(_)),
            "{kind}: {error:?}"
        );
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains(PERSONAL), "{shown}");
    }
    // An event read back as another type confirms nothing.
    let body = json!({"data": {"type": "transaction", "id": "evt_1", "attributes": {"status": "approved"}}}).to_string();
    let mut server = mockito::Server::new_async().await;
    let _event = server
        .mock("GET", "/events/evt_1")
        .with_body(&body)
        .create_async()
        .await;
    let error = client(&server).event("evt_1").await.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Decode(_)), "{error:?}");
}
