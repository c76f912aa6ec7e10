//! A 2xx answer to a write is a success only when it names the transaction
//! written: an answer naming none (or, for a write to an id, another one) is a
//! decode error that keeps the body and says the write was accepted. An event
//! read back to confirm a webhook confirms only when it is that event.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use persona_tx::{Client, CreateTransaction, Redaction, UpdateTransaction};

fn client(server: &mockito::Server) -> Client {
    support::client(server, "persona_test_key_writes")
}

/// 2xx bodies that name no usable transaction.
fn nameless_answers() -> Vec<&'static str> {
    vec![
        r#"{"data":{}}"#,
        r#"{"data":{"type":"transaction","attributes":{"status":"created"}}}"#,
        r#"{"data":{"type":"transaction","id":"","attributes":{"status":"created"}}}"#,
        r#"{"data":{"type":"transaction","id":"   ","attributes":{"status":"created"}}}"#,
        r#"{"data":{"type":"transaction","id":null}}"#,
        r#"{"data":{"type":"transaction","id":".."}}"#,
        r#"{"data":{"type":"transaction","id":"txn\u0000A"}}"#,
    ]
}

fn assert_accepted_write_without_id(error: &txstatus_core::Error, body: &str, call: &str) {
    assert!(
        matches!(error.kind(), txstatus_core::ErrorKind::Decode(_)),
        "{call}: {body}: {error}"
    );
    assert!(error.write_was_accepted(), "{call}: {body}: {error}");
    assert_eq!(
        error.body().map(|raw| raw.as_bytes().to_vec()),
        Some(body.as_bytes().to_vec()),
        "{call}: the answer is kept whole"
    );
}

#[tokio::test]
async fn a_create_answered_2xx_without_a_usable_transaction_id_is_an_accepted_write_error() {
    for body in nameless_answers() {
        let mut server = mockito::Server::new_async().await;
        let mock = support::answers(&mut server, "POST", "/transactions", 201, body, 1).await;
        let error = client(&server)
            .create_transaction(&CreateTransaction::new("txntp_1").reference_id("ref-1"))
            .await
            .unwrap_err();
        mock.assert_async().await;
        assert_accepted_write_without_id(&error, body, "create");
    }
}

#[tokio::test]
async fn writes_to_an_id_answered_without_it_or_with_another_are_accepted_write_errors() {
    let mut answers = nameless_answers();
    answers.push(
        r#"{"data":{"type":"transaction","id":"txn_OTHER","attributes":{"status":"approved"}}}"#,
    );
    for body in answers {
        let mut server = mockito::Server::new_async().await;
        let _update = server
            .mock("PATCH", "/transactions/txn_ABC123")
            .with_body(body)
            .create_async()
            .await;
        let _redact = server
            .mock("DELETE", "/transactions/txn_ABC123")
            .with_body(body)
            .create_async()
            .await;
        let _biometrics = server
            .mock("POST", "/transactions/txn_ABC123/redact-biometrics")
            .with_body(body)
            .create_async()
            .await;
        let client = client(&server);
        let update = client
            .update_transaction("txn_ABC123", &UpdateTransaction::new().status("approved"))
            .await
            .unwrap_err();
        assert_accepted_write_without_id(&update, body, "update");
        let redact = client.redact_transaction("txn_ABC123").await.unwrap_err();
        assert_accepted_write_without_id(&redact, body, "redact");
        let biometrics = client.redact_biometrics("txn_ABC123").await.unwrap_err();
        assert_accepted_write_without_id(&biometrics, body, "redact biometrics");
    }
}

#[tokio::test]
async fn a_create_or_update_answered_with_another_reference_id_is_an_accepted_write_error() {
    let other = r#"{"data":{"type":"transaction","id":"txn_ABC123","attributes":{"status":"created","reference-id":"order-99"}}}"#;
    let mut server = mockito::Server::new_async().await;
    let _create = support::answers(&mut server, "POST", "/transactions", 201, other, 1).await;
    let _update = server
        .mock("PATCH", "/transactions/txn_ABC123")
        .with_body(other)
        .create_async()
        .await;
    let client = client(&server);
    let error = client
        .create_transaction(&CreateTransaction::new("txntp_1").reference_id("order-42"))
        .await
        .unwrap_err();
    assert_accepted_write_without_id(&error, other, "create");
    assert_eq!(error.json_path(), Some("data.attributes.reference-id"));
    assert!(
        !format!("{error} {error:?}").contains("order-"),
        "{error:?}"
    );
    let error = client
        .update_transaction(
            "txn_ABC123",
            &UpdateTransaction::new().reference_id("order-42"),
        )
        .await
        .unwrap_err();
    assert_accepted_write_without_id(&error, other, "update");
}

#[tokio::test]
async fn a_write_answered_with_its_reference_id_or_none_succeeds() {
    let mut server = mockito::Server::new_async().await;
    for body in [
        r#"{"data":{"type":"transaction","id":"txn_ABC123","attributes":{"status":"created","reference-id":"order-42"}}}"#,
        r#"{"data":{"type":"transaction","id":"txn_ABC123","attributes":{"status":"created"}}}"#,
        r#"{"data":{"type":"transaction","id":"txn_ABC123","attributes":{"reference-id":null}}}"#,
    ] {
        let mock = support::answers(&mut server, "POST", "/transactions", 201, body, 1).await;
        client(&server)
            .create_transaction(&CreateTransaction::new("txntp_1").reference_id("order-42"))
            .await
            .unwrap();
        mock.remove_async().await;
    }
    // A write that sent no reference id takes any.
    let body = r#"{"data":{"type":"transaction","id":"txn_ABC123","attributes":{"reference-id":"order-99"}}}"#;
    let _mock = support::answers(&mut server, "POST", "/transactions", 201, body, 1).await;
    client(&server)
        .create_transaction(&CreateTransaction::new("txntp_1"))
        .await
        .unwrap();
}

#[tokio::test]
async fn writes_answered_with_the_transaction_they_name_still_succeed() {
    let body =
        r#"{"data":{"type":"transaction","id":"txn_ABC123","attributes":{"status":"approved"}}}"#;
    let mut server = mockito::Server::new_async().await;
    for (method, path) in [
        ("POST", "/transactions"),
        ("PATCH", "/transactions/txn_ABC123"),
        ("DELETE", "/transactions/txn_ABC123"),
        ("POST", "/transactions/txn_ABC123/redact-biometrics"),
    ] {
        server
            .mock(method, path)
            .with_body(body)
            .create_async()
            .await;
    }
    let client = client(&server);
    let created = client
        .create_transaction(&CreateTransaction::new("txntp_1"))
        .await
        .unwrap();
    assert_eq!(created.value().data.id, "txn_ABC123");
    client
        .update_transaction("txn_ABC123", &UpdateTransaction::new().status("approved"))
        .await
        .unwrap();
    assert!(matches!(
        client.redact_transaction("txn_ABC123").await.unwrap(),
        Redaction::Redacted(_)
    ));
    client.redact_biometrics("txn_ABC123").await.unwrap();
}

#[tokio::test]
async fn an_event_read_back_about_another_event_or_none_confirms_nothing() {
    let webhook = persona_tx::WebhookEvent::from_slice(
        br#"{"data":{"type":"event","id":"evt_ASKED","attributes":{"name":"transaction.created"}}}"#,
    )
    .unwrap();
    for body in [
        r#"{"data":{"type":"event","id":"evt_OTHER","attributes":{"name":"transaction.created"}}}"#,
        r#"{"data":{"type":"event","attributes":{"name":"transaction.created"}}}"#,
        r#"{"data":{"type":"event","id":"evt_asked","attributes":{"name":"transaction.created"}}}"#,
        r#"{"data":{}}"#,
    ] {
        let mut server = mockito::Server::new_async().await;
        let mock = support::answers(&mut server, "GET", "/events/evt_ASKED", 200, body, 2).await;
        let client = client(&server);
        for error in [
            client.event("evt_ASKED").await.unwrap_err(),
            client.read_back(&webhook).await.unwrap_err(),
        ] {
            assert!(
                matches!(error.kind(), txstatus_core::ErrorKind::Decode(_)),
                "{body}: {error}"
            );
            assert_eq!(
                error.body().map(|raw| raw.as_bytes().to_vec()),
                Some(body.as_bytes().to_vec())
            );
        }
        mock.assert_async().await;
    }
}

fn of_type(id: &str, type_id: &str) -> String {
    format!(
        r#"{{"type":"transaction","id":"{id}","attributes":{{"status":"created"}},"relationships":{{"transaction-type":{{"data":{{"type":"transaction-type","id":"{type_id}"}}}}}}}}"#
    )
}

/// A create answered with a transaction of another type (a keyed resend
/// replayed for another request, a proxy answering for another) is refused,
/// marked as a write that was done; one of the type asked, or naming none, is
/// taken.
#[tokio::test]
async fn a_create_answered_with_another_transaction_type_is_refused() {
    for (answered, taken) in [
        (of_type("txn_NEW1", "txntp_OTHER"), false),
        (of_type("txn_NEW1", "txntp_ASKED"), true),
        (
            r#"{"type":"transaction","id":"txn_NEW1","attributes":{"status":"created"}}"#
                .to_owned(),
            true,
        ),
    ] {
        let body = format!(r#"{{"data":{answered}}}"#);
        let mut server = mockito::Server::new_async().await;
        let mock = support::answers(&mut server, "POST", "/transactions", 201, &body, 1).await;
        let result = support::client(&server, "persona_test_key_types")
            .create_transaction(&CreateTransaction::new("txntp_ASKED"))
            .await;
        mock.assert_async().await;
        match result {
            Ok(_) => assert!(taken, "{body}"),
            Err(error) => {
                assert!(!taken, "{body}: {error}");
                assert!(error.write_was_accepted(), "{error}");
                assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
            }
        }
    }
}

/// A page filtered on a transaction type listing a transaction of another type
/// is a decode error that keeps the page, in one page and in the stream.
#[tokio::test]
async fn a_list_filtered_on_a_type_listing_another_type_is_refused() {
    use futures_util::StreamExt;
    let body = format!(
        r#"{{"data":[{},{}],"links":{{"next":null}}}}"#,
        of_type("txn_1", "txntp_ASKED"),
        of_type("txn_2", "txntp_OTHER")
    );
    let mut server = mockito::Server::new_async().await;
    let _page = server
        .mock("GET", "/transactions")
        .match_query(mockito::Matcher::Any)
        .with_body(&body)
        .create_async()
        .await;
    let client = support::client(&server, "persona_test_key_types");
    let list = persona_tx::ListTransactions::new().transaction_type_id("txntp_ASKED");
    let error = client.list_transactions(&list).await.unwrap_err();
    assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
    let streamed: Vec<_> = client.transactions(list).collect().await;
    assert!(streamed.iter().any(Result::is_err), "{streamed:?}");
}

/// A document holding `errors` beside `data` (JSON:API forbids both) is an
/// error, not the transaction its `data` names: for a read and for a write.
#[tokio::test]
async fn an_answer_with_errors_beside_data_is_a_decode_error_keeping_the_body() {
    let body = r#"{"data":{"type":"transaction","id":"txn_ABC123","attributes":{"status":"approved"}},"errors":[{"status":"422","title":"Unprocessable"}]}"#;
    let mut server = mockito::Server::new_async().await;
    let _create = support::answers(&mut server, "POST", "/transactions", 201, body, 1).await;
    let _read =
        support::answers(&mut server, "GET", "/transactions/txn_ABC123", 200, body, 1).await;
    let client = support::client(&server, "persona_test_key_errors");
    let create = client
        .create_transaction(&CreateTransaction::new("txntp_1"))
        .await
        .unwrap_err();
    assert!(create.write_was_accepted(), "{create}");
    let read = client.transaction("txn_ABC123").await.unwrap_err();
    assert_eq!(read.body().unwrap().as_bytes(), body.as_bytes());
    // `errors` empty or `null` beside `data` changes nothing.
    let fine = r#"{"data":{"type":"transaction","id":"txn_ABC123","attributes":{"status":"approved"}},"errors":[]}"#;
    assert!(persona_tx::Transaction::from_json(fine.as_bytes()).is_ok());
}
