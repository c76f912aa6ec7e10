//! The whole lifecycle end to end against txstatus-sandbox, which checks every
//! request with its own code.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::Duration;

use futures_util::StreamExt;
use persona_tx::{
    Client, ClientOptions, CreateTransaction, Idempotency, IdempotencyKey, ListEvents,
    ListTransactions, Redaction, Rejection, RejectionKind, UpdateTransaction, model::EventName,
};
use txstatus_sandbox::{Sandbox, ids::persona as scenario, persona_ids};

async fn sandbox() -> (Sandbox, Client) {
    // Created transactions move only when the test says so.
    let sandbox = Sandbox::builder()
        .persona_step_interval(Duration::ZERO)
        .start()
        .await
        .unwrap();
    let client = Client::builder(sandbox.credentials().persona_api_key.clone())
        .base_url(sandbox.persona_base_url())
        .configure_transport(|t| t.no_proxy())
        .build()
        .unwrap();
    (sandbox, client)
}

#[tokio::test]
async fn the_stream_walks_every_generated_transaction_once() {
    let (_sandbox, client) = sandbox().await;
    let ids: Vec<String> = client
        .transactions(ListTransactions::new().page_size(7))
        .map(|item| item.unwrap().id)
        .collect()
        .await;
    assert_eq!(ids.len(), persona_ids::GENERATED);
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len());
    assert_eq!(ids[0], persona_ids::generated_id(0));
}

#[tokio::test]
async fn one_page_then_the_next_by_its_cursor() {
    let (_sandbox, client) = sandbox().await;
    let list = ListTransactions::new().page_size(3);
    let first = client.list_transactions(&list).await.unwrap().into_value();
    assert_eq!(first.data.len(), 3);
    let cursor = persona_tx::next_cursor(first.links.as_ref())
        .unwrap()
        .unwrap();
    let second = client
        .list_transactions(&list.after(cursor))
        .await
        .unwrap()
        .into_value();
    assert_eq!(second.data[0].id, persona_ids::generated_id(3));
}

#[tokio::test]
async fn find_by_reference_id_returns_only_that_reference() {
    let (_sandbox, client) = sandbox().await;
    let reference = persona_ids::reference_id(5);
    let found = client.find_by_reference_id(&reference).await.unwrap();
    assert_eq!(
        found.len(),
        persona_ids::GENERATED / persona_ids::REFERENCE_IDS
    );
    for transaction in &found {
        let json = serde_json::to_value(transaction).unwrap();
        assert_eq!(json["attributes"]["reference-id"], reference.as_str());
    }
}

#[tokio::test]
async fn a_created_transaction_progresses_when_told_and_not_when_read() {
    let (sandbox, client) = sandbox().await;
    let create = CreateTransaction::new(persona_ids::TRANSACTION_TYPE_ID)
        .reference_id("e2e-order-1")
        .field("external-integration-id", "ind_123")
        .tags(["e2e"]);
    let created = client.create_transaction(&create).await.unwrap();
    assert_eq!(created.status(), 201);
    let id = created.value().data.id.clone();
    assert_eq!(created.value().raw_status(), "created");
    for _ in 0..3 {
        let read = client.transaction(&id).await.unwrap();
        assert_eq!(read.value().raw_status(), "created");
    }
    assert!(sandbox.advance_persona(&id));
    let read = client.transaction(&id).await.unwrap();
    assert_eq!(read.value().raw_status(), "pending");
    assert!(sandbox.advance_persona(&id));
    let read = client.transaction(&id).await.unwrap();
    assert_eq!(read.value().raw_status(), "completed");

    // Found by its reference id, and its events tell the same story.
    let found = client.find_by_reference_id("e2e-order-1").await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, id);
    let events: Vec<_> = client
        .events(ListEvents::new().object_ids([id.as_str()]))
        .map(|event| event.unwrap())
        .collect()
        .await;
    let names: Vec<_> = events.iter().map(|e| e.name().unwrap().clone()).collect();
    assert_eq!(
        names,
        [
            EventName::TransactionStatusUpdated,
            EventName::TransactionStatusUpdated,
            EventName::TransactionCreated
        ]
    );
    assert_eq!(events[0].transaction().unwrap().raw_status(), "completed");
    let again = client.event(&events[2].id).await.unwrap();
    assert_eq!(again.value().transaction().unwrap().data.id, id);
}

#[tokio::test]
async fn the_same_idempotency_key_returns_the_same_transaction() {
    let (_sandbox, client) = sandbox().await;
    let key = IdempotencyKey::new("e2e-key-1").unwrap();
    let create = CreateTransaction::new(persona_ids::TRANSACTION_TYPE_ID)
        .reference_id("e2e-order-2")
        .idempotency(Idempotency::Key(key));
    let first = client.create_transaction(&create).await.unwrap();
    let second = client.create_transaction(&create).await.unwrap();
    assert_eq!(first.value().data.id, second.value().data.id);
    let fresh = client
        .create_transaction(&create.clone().idempotency(Idempotency::Generate))
        .await
        .unwrap();
    assert_ne!(fresh.value().data.id, first.value().data.id);
}

#[tokio::test]
async fn update_sets_status_and_a_bad_status_is_a_typed_422() {
    let (_sandbox, client) = sandbox().await;
    let created = client
        .create_transaction(&CreateTransaction::new(persona_ids::TRANSACTION_TYPE_ID))
        .await
        .unwrap();
    let id = created.value().data.id.clone();
    let updated = client
        .update_transaction(
            &id,
            &UpdateTransaction::new()
                .status("approved")
                .tags(["reviewed"]),
        )
        .await
        .unwrap();
    assert_eq!(updated.value().raw_status(), "approved");
    let error = client
        .update_transaction(&id, &UpdateTransaction::new().status("sideways"))
        .await
        .unwrap_err();
    let rejection = Rejection::from_error(&error).unwrap();
    assert_eq!(rejection.kind, RejectionKind::Unprocessable);
    assert_eq!(
        rejection.pointers().collect::<Vec<_>>(),
        ["/data/attributes/status"]
    );
}

#[tokio::test]
async fn redaction_removes_personal_data_and_a_second_one_is_a_404() {
    let (_sandbox, client) = sandbox().await;
    let created = client
        .create_transaction(
            &CreateTransaction::new(persona_ids::TRANSACTION_TYPE_ID)
                .reference_id("e2e-order-3")
                .field("name-first", "Erasme"),
        )
        .await
        .unwrap();
    let id = created.value().data.id.clone();
    let outcome = client.redact_transaction(&id).await.unwrap();
    assert!(matches!(outcome, Redaction::Redacted(_)));
    let read = client.transaction(&id).await.unwrap();
    let raw = String::from_utf8(read.raw().as_bytes().to_vec()).unwrap();
    assert!(!raw.contains("Erasme") && !raw.contains("e2e-order-3") && !raw.contains("Jane"));
    // Not a resend: the client reports it.
    let error = client.redact_transaction(&id).await.unwrap_err();
    assert_eq!(error.status(), Some(404));
    client.redact_biometrics(&id).await.unwrap();
}

#[tokio::test]
async fn scenario_events_carry_typed_transactions() {
    let (_sandbox, client) = sandbox().await;
    let page = client
        .list_events(
            &ListEvents::new()
                .object_ids([scenario::PROGRESS])
                .names([EventName::TransactionStatusUpdated]),
        )
        .await
        .unwrap()
        .into_value();
    let statuses: Vec<_> = page
        .data
        .iter()
        .map(|event| event.transaction().unwrap().raw_status().to_owned())
        .collect();
    assert_eq!(statuses, ["completed", "pending"]);
    let all: Vec<_> = client
        .events(ListEvents::new().page_size(4))
        .map(|event| event.unwrap().id)
        .collect()
        .await;
    assert!(all.len() > 10);
}

#[tokio::test]
async fn a_redacted_scenario_transaction_reads_back_without_personal_data() {
    let (_sandbox, client) = sandbox().await;
    let outcome = client
        .redact_transaction(scenario::COMPLETED)
        .await
        .unwrap();
    assert!(matches!(outcome, Redaction::Redacted(_)));
    let read = client.transaction(scenario::COMPLETED).await.unwrap();
    let raw = String::from_utf8(read.raw().as_bytes().to_vec()).unwrap();
    assert!(!raw.contains("Jane"));
    assert_eq!(read.value().raw_status(), "completed");
}
