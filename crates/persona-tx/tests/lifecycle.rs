//! Request shape of the lifecycle calls (create, update, redact, events) and their
//! retry rules, against a local server.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use std::sync::{Arc, Mutex};

use futures_util::StreamExt;
use mockito::Matcher;
use persona_tx::{
    Client, ClientOptions, CreateTransaction, DEFAULT_PERSONA_VERSION, Idempotency, IdempotencyKey,
    ListEvents, Redaction, Rejection, RejectionKind, UpdateTransaction, model::EventName,
};
use txstatus_core::{ErrorKind, ManualClock};

const KEY: &str = "persona_test_key_lifecycle";
const RETRIEVE: &[u8] = include_bytes!("../fixtures/transaction-retrieve.json");
const EVENTS: &[u8] = include_bytes!("../fixtures/event-list.json");
const EVENT: &[u8] = include_bytes!("../fixtures/event-retrieve.json");
const UNPROCESSABLE: &[u8] = include_bytes!("../fixtures/error-422-unprocessable-entity.json");
const CONFLICT: &[u8] = include_bytes!("../fixtures/error-409-conflict.json");
const TXN_ABC123: &str = "/transactions/txn_ABC123";
const NOT_FOUND: &str = r#"{"errors":[{"title":"Record not found"}]}"#;
const UUID: &str = "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$";

fn client(server: &mockito::Server) -> Client {
    support::client(server, KEY)
}

/// A mock of `POST /transactions` answering `status` with `body` that records
/// the idempotency keys it sees in `keys`; it must be asked exactly `times` times.
async fn create_answers(
    server: &mut mockito::ServerGuard,
    keys: &Arc<Mutex<Vec<String>>>,
    status: usize,
    body: impl AsRef<[u8]>,
    times: usize,
) -> mockito::Mock {
    server
        .mock("POST", "/transactions")
        .match_request(support::key_recorder(keys))
        .with_status(status)
        .with_body(body)
        .expect(times)
        .create_async()
        .await
}

fn create() -> CreateTransaction {
    CreateTransaction::new("txntp_ABC123")
        .reference_id("order-42")
        .field("external-integration-id", "ind_123")
        .tags(["checkout", "eu"])
}

#[tokio::test]
async fn create_posts_the_envelope_with_headers_and_a_generated_key() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("POST", "/transactions")
        .match_query(Matcher::Exact(String::new()))
        .match_header("authorization", format!("Bearer {KEY}").as_str())
        .match_header("key-inflection", "kebab")
        .match_header("persona-version", DEFAULT_PERSONA_VERSION)
        .match_header("content-type", "application/json")
        .match_header("idempotency-key", Matcher::Regex(UUID.into()))
        .match_body(Matcher::JsonString(
            r#"{"data":{"attributes":{"transaction-type-id":"txntp_ABC123",
            "fields":{"external-integration-id":"ind_123"},
            "reference-id":"order-42","tags":["checkout","eu"]}}}"#
                .into(),
        ))
        .with_status(201)
        .with_body(RETRIEVE)
        .expect(1)
        .create_async()
        .await;
    let response = client(&server).create_transaction(&create()).await.unwrap();
    mock.assert_async().await;
    assert_eq!(response.status(), 201);
    assert_eq!(response.value().data.id, "txn_ABC123");
}

#[tokio::test]
async fn each_create_call_generates_its_own_key() {
    let mut server = mockito::Server::new_async().await;
    let keys = Arc::new(Mutex::new(Vec::new()));
    let mock = create_answers(&mut server, &keys, 200, RETRIEVE, 2).await;
    let client = client(&server);
    client.create_transaction(&create()).await.unwrap();
    client.create_transaction(&create()).await.unwrap();
    mock.assert_async().await;
    assert_eq!(support::distinct(&keys).len(), 2);
}

#[tokio::test]
async fn create_reuses_its_key_across_a_503_and_a_409_in_progress() {
    let mut server = mockito::Server::new_async().await;
    let keys = Arc::new(Mutex::new(Vec::new()));
    let unavailable = create_answers(&mut server, &keys, 503, "", 1).await;
    let in_progress = create_answers(&mut server, &keys, 409, CONFLICT, 1).await;
    let created = create_answers(&mut server, &keys, 201, RETRIEVE, 1).await;
    let response = client(&server).create_transaction(&create()).await.unwrap();
    unavailable.assert_async().await;
    in_progress.assert_async().await;
    created.assert_async().await;
    assert_eq!(response.status(), 201);
    let keys = support::distinct(&keys);
    assert_eq!(keys.len(), 1, "one key on every attempt: {keys:?}");
}

#[tokio::test]
async fn a_caller_key_is_sent_as_given() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("POST", "/transactions")
        .match_header("idempotency-key", "order-42-create")
        .with_body(RETRIEVE)
        .expect(1)
        .create_async()
        .await;
    let create = create().idempotency(Idempotency::Key(
        IdempotencyKey::new("order-42-create").unwrap(),
    ));
    client(&server).create_transaction(&create).await.unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn without_a_key_a_create_is_never_resent() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("POST", "/transactions")
        .match_header("idempotency-key", Matcher::Missing)
        .with_status(503)
        .expect(1)
        .create_async()
        .await;
    let error = client(&server)
        .create_transaction(&create().idempotency(Idempotency::Off))
        .await
        .unwrap_err();
    mock.assert_async().await;
    assert_eq!(error.status(), Some(503));
}

#[tokio::test]
async fn without_a_key_a_409_is_not_resent() {
    let mut server = mockito::Server::new_async().await;
    let mock = support::answers(&mut server, "POST", "/transactions", 409, CONFLICT, 1).await;
    let error = client(&server)
        .create_transaction(&create().idempotency(Idempotency::Off))
        .await
        .unwrap_err();
    mock.assert_async().await;
    let rejection = Rejection::from_error(&error).unwrap();
    assert_eq!(rejection.kind, RejectionKind::Conflict);
    assert_eq!(
        rejection.codes().collect::<Vec<_>>(),
        ["idempotency_key_in_progress"]
    );
}

#[tokio::test]
async fn update_patches_only_the_given_attributes_and_types_a_422() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("PATCH", TXN_ABC123)
        .match_header("key-inflection", "kebab")
        .match_header("persona-version", DEFAULT_PERSONA_VERSION)
        .match_header("idempotency-key", Matcher::Regex(UUID.into()))
        .match_body(Matcher::JsonString(
            r#"{"data":{"attributes":{"status":"nonsense","tags":["vip"]}}}"#.into(),
        ))
        .with_status(422)
        .with_body(UNPROCESSABLE)
        .expect(1)
        .create_async()
        .await;
    let update = UpdateTransaction::new().status("nonsense").tags(["vip"]);
    let error = client(&server)
        .update_transaction("txn_ABC123", &update)
        .await
        .unwrap_err();
    mock.assert_async().await;
    let rejection = Rejection::from_error(&error).unwrap();
    assert_eq!(rejection.kind, RejectionKind::Unprocessable);
    assert_eq!(
        rejection.pointers().collect::<Vec<_>>(),
        [
            "/data/attributes/status",
            "/data/attributes/fields/selected-country-code"
        ]
    );
    assert_eq!(rejection.codes().collect::<Vec<_>>(), ["invalid_status"]);
    assert!(
        error
            .message()
            .unwrap()
            .contains("Status is not a status of this transaction type")
    );
}

#[tokio::test]
async fn redact_deletes_and_returns_the_transaction() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("DELETE", TXN_ABC123)
        .match_header("key-inflection", "kebab")
        .match_header("persona-version", DEFAULT_PERSONA_VERSION)
        .with_body(
            r#"{"data":{"type":"transaction","id":"txn_ABC123","attributes":{"status":"created","reference-id":null,"fields":{"name-first":{"type":"string","value":null}},"tags":[]}}}"#,
        )
        .expect(1)
        .create_async()
        .await;
    let outcome = client(&server)
        .redact_transaction("txn_ABC123")
        .await
        .unwrap();
    mock.assert_async().await;
    assert!(
        matches!(outcome, Redaction::Redacted(response) if response.value().data.id == "txn_ABC123")
    );
}

#[tokio::test]
async fn a_404_after_a_resent_redaction_counts_as_done() {
    let mut server = mockito::Server::new_async().await;
    let lost = support::answers(&mut server, "DELETE", TXN_ABC123, 502, "", 1).await;
    let gone = support::answers(&mut server, "DELETE", TXN_ABC123, 404, NOT_FOUND, 1).await;
    let outcome = client(&server)
        .redact_transaction("txn_ABC123")
        .await
        .unwrap();
    lost.assert_async().await;
    gone.assert_async().await;
    assert!(matches!(outcome, Redaction::AlreadyRedacted));
}

#[tokio::test]
async fn a_404_on_the_first_redaction_is_an_error() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("DELETE", "/transactions/txn_missing")
        .with_status(404)
        .with_body(NOT_FOUND)
        .expect(1)
        .create_async()
        .await;
    let error = client(&server)
        .redact_transaction("txn_missing")
        .await
        .unwrap_err();
    mock.assert_async().await;
    assert_eq!(error.status(), Some(404));
}

#[tokio::test]
async fn redact_biometrics_posts_to_its_path_with_a_key() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("POST", "/transactions/txn_ABC123/redact-biometrics")
        .match_header("idempotency-key", Matcher::Regex(UUID.into()))
        .match_header("persona-version", DEFAULT_PERSONA_VERSION)
        .with_body(RETRIEVE)
        .expect(1)
        .create_async()
        .await;
    client(&server)
        .redact_biometrics("txn_ABC123")
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn events_list_sends_comma_filters_and_types_transaction_payloads() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", "/events")
        .match_query(Matcher::Exact(
            "page%5Bsize%5D=10&filter%5Bname%5D=transaction.created%2Ctransaction.status-updated&filter%5Bobject-id%5D=txn_ABC123"
                .into(),
        ))
        .match_header("key-inflection", "kebab")
        .match_header("persona-version", DEFAULT_PERSONA_VERSION)
        .with_body(r#"{"data":[],"links":{"next":null}}"#)
        .expect(1)
        .create_async()
        .await;
    let list = ListEvents::new()
        .page_size(10)
        .names([
            EventName::TransactionCreated,
            EventName::TransactionStatusUpdated,
        ])
        .object_ids(["txn_ABC123"]);
    let page = client(&server).list_events(&list).await.unwrap();
    mock.assert_async().await;
    assert!(page.value().data.is_empty());
    // The fixture's page lists events of several names and objects: unfiltered.
    let unfiltered = server
        .mock("GET", "/events")
        .match_query(Matcher::Exact("page%5Bsize%5D=10".into()))
        .with_body(EVENTS)
        .expect(1)
        .create_async()
        .await;
    let page = client(&server)
        .list_events(&ListEvents::new().page_size(10))
        .await
        .unwrap();
    unfiltered.assert_async().await;
    let events = &page.value().data;
    assert_eq!(events.len(), 4);
    assert_eq!(events[0].transaction().unwrap().raw_status(), "approved");
    assert!(events[2].transaction().is_none());
    assert_eq!(
        persona_tx::next_cursor(page.value().links.as_ref())
            .unwrap()
            .as_deref(),
        Some("evt_FUTURE")
    );
}

#[tokio::test]
async fn an_event_is_read_back_by_id() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", "/events/evt_TXN003")
        .match_query(Matcher::Exact(String::new()))
        .match_header("persona-version", DEFAULT_PERSONA_VERSION)
        .with_body(EVENT)
        .expect(1)
        .create_async()
        .await;
    let event = client(&server).event("evt_TXN003").await.unwrap();
    mock.assert_async().await;
    let event = event.value();
    assert_eq!(event.id, "evt_TXN003");
    assert_eq!(event.name(), Some(&EventName::TransactionRedacted));
    assert_eq!(event.transaction().unwrap().data.id, "txn_ABC123");
}

#[tokio::test]
async fn a_webhook_is_read_back_by_its_event_id() {
    let mut server = mockito::Server::new_async().await;
    let mock = support::answers(&mut server, "GET", "/events/evt_TXN003", 200, EVENT, 1).await;
    let webhook = persona_tx::WebhookEvent::from_slice(EVENT).unwrap();
    let event = client(&server).read_back(&webhook).await.unwrap();
    mock.assert_async().await;
    assert_eq!(event.value().name(), webhook.name());
}

/// A 429 or a 503 says Persona did not take the send: a 404 after it is no such
/// transaction, never an earlier redaction (a false success of an erasure).
#[tokio::test]
async fn a_404_after_a_refused_send_is_no_such_transaction() {
    for (status, retry_after) in [(429, "1"), (503, "1"), (503, "")] {
        let mut server = mockito::Server::new_async().await;
        let mut refused = server
            .mock("DELETE", "/transactions/txn_never_existed")
            .with_status(status);
        if !retry_after.is_empty() {
            refused = refused.with_header("retry-after", retry_after);
        }
        let refused = refused.expect(1).create_async().await;
        let missing = server
            .mock("DELETE", "/transactions/txn_never_existed")
            .with_status(404)
            .with_body(NOT_FOUND)
            .expect(1)
            .create_async()
            .await;
        let outcome = client(&server)
            .redact_transaction("txn_never_existed")
            .await;
        refused.assert_async().await;
        missing.assert_async().await;
        let error = match outcome {
            Err(error) => error,
            Ok(outcome) => panic!("{status}: {outcome:?} for a transaction that never existed"),
        };
        assert_eq!(error.status(), Some(404), "{status}");
    }
}

/// Seventeenth outside audit: once a send may have redacted (a 500), a later
/// refused send (a 429) does not undo that: the 404 after it is the earlier
/// send's redaction, not a missing transaction. Three sends, no more.
#[tokio::test]
async fn a_404_after_a_500_then_a_429_counts_the_redaction_as_done() {
    let mut server = mockito::Server::new_async().await;
    let mut mocks = Vec::new();
    for (status, retry_after) in [(500, ""), (429, "1"), (404, "")] {
        let mut mock = server
            .mock("DELETE", TXN_ABC123)
            .with_status(status)
            .with_body(r#"{"errors":[{"title":"x"}]}"#);
        if !retry_after.is_empty() {
            mock = mock.with_header("retry-after", retry_after);
        }
        mocks.push(mock.expect(1).create_async().await);
    }
    let outcome = client(&server)
        .redact_transaction("txn_ABC123")
        .await
        .unwrap();
    for mock in mocks {
        mock.assert_async().await;
    }
    assert!(matches!(outcome, Redaction::AlreadyRedacted), "{outcome:?}");
}

/// persona-tx's own resends wait for `Retry-After` only within the call's
/// deadline: a wait that would end past it ends the call with the answer.
#[tokio::test]
async fn a_retry_after_past_the_deadline_is_not_waited_for() {
    let mut server = mockito::Server::new_async().await;
    let unavailable = server
        .mock("DELETE", "/transactions/txn_A")
        .with_status(503)
        .with_header("retry-after", "10")
        .expect(1)
        .create_async()
        .await;
    let client = Client::builder(KEY)
        .base_url(server.url())
        .configure_transport(|t| {
            t.no_proxy()
                .clock(Arc::new(ManualClock::new()))
                .deadline(std::time::Duration::from_secs(2))
        })
        .build()
        .unwrap();
    let error = client.redact_transaction("txn_A").await.unwrap_err();
    unavailable.assert_async().await;
    assert_eq!(error.status(), Some(503));
    // The same rule for a keyed create's resends.
    let busy = server
        .mock("POST", "/transactions")
        .with_status(409)
        .with_header("retry-after", "10")
        .with_body(CONFLICT)
        .expect(1)
        .create_async()
        .await;
    let error = client.create_transaction(&create()).await.unwrap_err();
    busy.assert_async().await;
    assert_eq!(error.status(), Some(409));
}

#[tokio::test]
async fn a_caller_idempotency_key_never_appears_in_debug_or_errors() {
    // A caller's key may derive from a secret or name a person.
    const SECRET_KEY: &str = "hmac-of-wbhsec_live_5ecret-and-jane.doe@example.com";
    let key = IdempotencyKey::new(SECRET_KEY).unwrap();
    assert!(!format!("{key:?}").contains(SECRET_KEY));
    let create = create().idempotency(Idempotency::Key(key));
    assert!(!format!("{create:?}").contains(SECRET_KEY));

    let mut server = mockito::Server::new_async().await;
    let body = format!(
        r#"{{"errors":[{{"title":"Conflict","details":"Idempotency-Key {SECRET_KEY} is already in progress","code":"idempotency_key_in_progress"}}]}}"#
    );
    let mock = server
        .mock("POST", "/transactions")
        .match_header("idempotency-key", SECRET_KEY)
        .with_status(409)
        .with_header("request-id", SECRET_KEY)
        .with_body(body)
        .expect_at_least(1)
        .create_async()
        .await;
    let error = client(&server)
        .create_transaction(&create)
        .await
        .unwrap_err();
    mock.assert_async().await;
    // The provider's message, as a caller may choose to show it, has the key
    // redacted like the other credentials a request sent.
    let message = error.message().unwrap_or_default().to_owned();
    assert!(message.contains("already in progress"), "{message}");
    for shown in [format!("{error}"), format!("{error:?}"), message] {
        assert!(!shown.contains(SECRET_KEY), "{shown}");
    }
}

#[tokio::test]
async fn feed_events_naming_hostile_transaction_ids_name_no_transaction() {
    use persona_tx::PersonaEventFeed;
    use txstatus_core::webhook::EventFeed;

    let event = |event_id: &str, tx: &str| {
        serde_json::json!({
            "type": "event",
            "id": event_id,
            "attributes": {
                "name": "transaction.status-updated",
                "payload": {"data": {"type": "transaction", "id": tx, "attributes": {"status": "approved"}}}
            }
        })
    };
    let long = "x".repeat(10_000);
    let page = serde_json::json!({
        "data": [
            event("evt_5", "txn_OK"),
            event("evt_4", ".."),
            event("evt_3", "txn\u{1}x"),
            event("evt_2", &long),
            event("evt_1", "."),
        ],
        "links": {"next": null}
    });
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", "/events")
        .match_query(Matcher::Any)
        .with_body(page.to_string())
        .create_async()
        .await;
    let feed = PersonaEventFeed::new(client(&server));
    let events = feed.events_after(None, 10).await.unwrap();
    mock.assert_async().await;
    let named = events
        .iter()
        .map(|e| (e.event_id.as_str(), e.transaction_id.as_deref()))
        .collect::<Vec<_>>();
    assert_eq!(
        named,
        [
            ("evt_1", None),
            ("evt_2", None),
            ("evt_3", None),
            ("evt_4", None),
            ("evt_5", Some("txn_OK")),
        ]
    );
}

/// Seventeenth outside audit: a page listing again an event an earlier page
/// listed (a server taking `page[after]` inclusively) gives the sweep that
/// event once, not twice.
#[tokio::test]
async fn feed_events_listed_on_two_pages_are_given_once() {
    use persona_tx::PersonaEventFeed;
    use txstatus_core::webhook::EventFeed;

    let event = |id: &str| serde_json::json!({"type": "event", "id": id, "attributes": {"name": "transaction.created"}});
    let mut server = mockito::Server::new_async().await;
    let first = server
        .mock("GET", "/events")
        .match_query(Matcher::Missing)
        .with_body(
            serde_json::json!({
                "data": [event("evt_4"), event("evt_3")],
                "links": {"next": "/api/v1/events?page%5Bafter%5D=evt_3"}
            })
            .to_string(),
        )
        .expect(1)
        .create_async()
        .await;
    let second = server
        .mock("GET", "/events")
        .match_query(Matcher::UrlEncoded("page[after]".into(), "evt_3".into()))
        .with_body(
            serde_json::json!({
                "data": [event("evt_3"), event("evt_2"), event("evt_4"), event("evt_1")],
                "links": {"next": null}
            })
            .to_string(),
        )
        .expect(1)
        .create_async()
        .await;
    let events = PersonaEventFeed::new(client(&server))
        .events_after(None, 10)
        .await
        .unwrap();
    first.assert_async().await;
    second.assert_async().await;
    let ids: Vec<_> = events.iter().map(|e| e.event_id.as_str()).collect();
    assert_eq!(ids, ["evt_1", "evt_2", "evt_3", "evt_4"]);
}

/// More events since the cursor than the limit: the walk from the newest does
/// not reach the cursor, so the feed pages forward from it (`page[before]`)
/// and gives the events right after it, oldest first; a cursor Persona no
/// longer lists (an empty forward page) gives the newest ones instead.
#[tokio::test]
async fn feed_events_past_the_limit_are_taken_forward_from_the_cursor() {
    use persona_tx::PersonaEventFeed;
    use txstatus_core::webhook::EventFeed;

    let event = |id: &str| serde_json::json!({"type": "event", "id": id, "attributes": {"name": "transaction.created"}});
    for (forward, expected) in [
        (
            serde_json::json!({"data": [event("evt_3"), event("evt_2")], "links": {}}),
            vec!["evt_2", "evt_3"],
        ),
        (
            serde_json::json!({"data": [], "links": {}}),
            vec!["evt_8", "evt_9"],
        ),
    ] {
        let mut server = mockito::Server::new_async().await;
        let newest = server
            .mock("GET", "/events")
            .match_query(Matcher::Missing)
            .with_body(
                serde_json::json!({
                    "data": [event("evt_9"), event("evt_8")],
                    "links": {"next": "/api/v1/events?page%5Bafter%5D=evt_8"}
                })
                .to_string(),
            )
            .expect(1)
            .create_async()
            .await;
        let forward_page = server
            .mock("GET", "/events")
            .match_query(Matcher::AllOf(vec![
                Matcher::UrlEncoded("page[before]".into(), "evt_1".into()),
                Matcher::UrlEncoded("page[size]".into(), "2".into()),
            ]))
            .with_body(forward.to_string())
            .expect(1)
            .create_async()
            .await;
        let events = PersonaEventFeed::new(client(&server))
            .events_after(Some("evt_1"), 2)
            .await
            .unwrap();
        newest.assert_async().await;
        forward_page.assert_async().await;
        let ids: Vec<_> = events.iter().map(|e| e.event_id.as_str()).collect();
        assert_eq!(ids, expected);
    }
}

#[tokio::test]
async fn an_events_page_listing_what_its_filters_leave_out_is_a_decode_error_keeping_the_page() {
    let mut server = mockito::Server::new_async().await;
    let _page = server
        .mock("GET", "/events")
        .match_query(Matcher::Any)
        .with_body(EVENTS)
        .create_async()
        .await;
    // The fixture lists evt_TXN002 (transaction.status-updated, txn_ABC123),
    // evt_TXN001 (transaction.added-relation, txn_ABC123), evt_INQ001 (an
    // inquiry's event) and evt_FUTURE (a new name, txn_DEF456).
    let foreign = [
        ListEvents::new().ids(["evt_TXN002"]),
        ListEvents::new().names([EventName::TransactionStatusUpdated]),
        ListEvents::new().object_ids(["txn_ABC123"]),
        ListEvents::new().object_ids(["txn_abc123", "txn_DEF456"]),
    ];
    for list in foreign {
        let error = client(&server).list_events(&list).await.unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::Decode(_)), "{list:?}");
        assert_eq!(error.json_path(), Some("data"), "{list:?}");
        assert_eq!(error.body().unwrap().as_bytes(), EVENTS);
        let shown = format!("{error} {error:?}");
        assert!(
            !shown.contains("txn_DEF456") && !shown.contains("evt_"),
            "{shown}"
        );
        let walked: Vec<_> = client(&server).events(list).collect().await;
        assert!(walked.iter().any(Result::is_err), "the walk reports it too");
    }
    // Filters the page satisfies: every id, every name, every transaction named.
    let satisfied = [
        ListEvents::new().ids(["evt_TXN002", "evt_TXN001", "evt_INQ001", "evt_FUTURE"]),
        ListEvents::new().object_ids(["txn_ABC123", "txn_DEF456"]),
        ListEvents::new().names([
            "transaction.status-updated",
            "transaction.added-relation",
            "inquiry.expired",
            "transaction.something-new",
        ]),
    ];
    for list in satisfied {
        let page = client(&server).list_events(&list).await.unwrap();
        assert_eq!(page.value().data.len(), 4, "{list:?}");
    }
}

#[tokio::test]
async fn a_create_error_quoting_a_value_sent_shows_it_neither_as_code_nor_as_request_id() {
    const SENT: &str = "Jansen-van-der-Berg";
    let mut server = mockito::Server::new_async().await;
    let body = serde_json::json!({"errors": [{"code": SENT, "title": format!("{SENT} is taken")}]});
    let mock = server
        .mock("POST", "/transactions")
        .with_status(422)
        .with_header("content-type", "application/json")
        .with_header("request-id", SENT)
        .with_body(body.to_string())
        .create_async()
        .await;
    let create = CreateTransaction::new("txntp_ABC123")
        .reference_id("order-42")
        .field("name-last", SENT);
    let error = client(&server)
        .create_transaction(&create)
        .await
        .unwrap_err();
    mock.assert_async().await;
    assert_eq!(error.status(), Some(422));
    let shown = format!(
        "{error} | {error:?} | {:?} | {:?} | {:?}",
        error.provider_code(),
        error.request_id(),
        error.message()
    );
    assert!(!shown.contains(SENT), "{shown}");
}
