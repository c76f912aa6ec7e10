//! What the receiver remembers comes from senders: event ids, transaction ids,
//! verified hints, a feed's cursor. `Debug` of the receiver, of its
//! `MemoryStore`, and of the values handed to a store (`TxKey`, `Commit`,
//! `Transition`) shows such text only when it is a plain token, and `Debug` of
//! a store says how much it holds, never every entry: a store that remembers
//! many deliveries does not print them all.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::common;

use std::{collections::BTreeMap, sync::Arc};

use common::{Feed, PROVIDER, Table, TokenSide, token_headers};
use time::OffsetDateTime;
use txstatus_core::{NormalizedStatus, TxStatus, webhook::FeedEvent};
use txstatus_webhooks::{Commit, MemoryStore, ObservedState, Origin, Receiver, Transition, TxKey};

const ROUTE: &str = "/webhooks/fake";

/// Text a sender can put where an id goes (the id rules let it through: no
/// control character, at most 256 bytes).
const PERSONAL: &[&str] = &[
    "Jane Doe jane@example.com",
    "jane.doe@example.com",
    "NL02ABNA0123456789",
    "4111111111111111",
    "Jan Jansen",
];

fn body(event: &str, tx: &str, result: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({"event": event, "tx": tx, "result": result})).unwrap()
}

fn assert_withheld(shown: &str, what: &str) {
    for personal in PERSONAL {
        assert!(!shown.contains(personal), "{what}: {personal:?} in {shown}");
    }
}

#[tokio::test]
async fn receiver_and_memory_store_debug_show_no_event_id_transaction_id_or_cursor() {
    let table = Arc::new(Table::default());
    let store = Arc::new(MemoryStore::new());
    let feed = Feed {
        events: PERSONAL
            .iter()
            .map(|personal| {
                FeedEvent::new(
                    (*personal).to_owned(),
                    Some((*personal).to_owned()),
                    Some((*personal).to_owned()),
                )
            })
            .collect(),
        ..Feed::default()
    };
    let (receiver, _transitions) = Receiver::builder(store.clone())
        .provider(Arc::new(TokenSide { hint: false }), table.clone())
        .feed(Arc::new(feed))
        .build();
    for personal in PERSONAL {
        let reply = receiver
            .handle(
                "POST",
                ROUTE,
                &token_headers("good"),
                None,
                &body(personal, personal, "r-1"),
            )
            .await;
        assert_eq!(reply.status, 200, "{personal}");
    }
    // An unrouted one (no transaction), with a personal event id.
    let reply = receiver
        .handle(
            "POST",
            ROUTE,
            &token_headers("good"),
            None,
            br#"{"event":"evt Jan Jansen"}"#,
        )
        .await;
    assert_eq!(reply.status, 200);
    receiver.drain().await;
    receiver.sweep().await.unwrap();
    assert!(
        store
            .last_state(&TxKey::new(PROVIDER, PERSONAL[0]))
            .is_some(),
        "the transactions were read and recorded"
    );
    for shown in [
        format!("{receiver:?}"),
        format!("{receiver:#?}"),
        format!("{store:?}"),
        format!("{store:#?}"),
    ] {
        assert_withheld(&shown, "debug");
    }
}

#[tokio::test]
async fn memory_store_debug_stays_small_however_much_it_holds() {
    let table = Arc::new(Table::default());
    let store = Arc::new(MemoryStore::new());
    let (receiver, _transitions) = Receiver::builder(store.clone())
        .provider(Arc::new(TokenSide { hint: false }), table.clone())
        .build();
    let empty = format!("{store:?}").len();
    for n in 0..2_000 {
        let event = format!("evt-{n:05}");
        let tx = format!("tx-{n:05}");
        receiver
            .handle(
                "POST",
                ROUTE,
                &token_headers("good"),
                None,
                &body(&event, &tx, "r-1"),
            )
            .await;
    }
    receiver.drain().await;
    assert_eq!(store.transactions(), 2_000);
    for shown in [
        format!("{store:?}"),
        format!("{store:#?}"),
        format!("{receiver:?}"),
    ] {
        assert!(
            shown.len() < empty + 512,
            "{} bytes of Debug for a store holding 2000 deliveries",
            shown.len()
        );
        assert!(!shown.contains("evt-00042"), "{shown}");
    }
}

fn state(raw: &str) -> ObservedState {
    ObservedState::new(&TxStatus::new(NormalizedStatus::Pending, raw), None)
}

#[test]
fn tx_key_commit_and_transition_debug_withhold_ids_that_are_no_plain_token() {
    for personal in PERSONAL {
        let key = TxKey::new(PROVIDER, *personal);
        let hints = BTreeMap::from([
            ("resultId".to_owned(), (*personal).to_owned()),
            ((*personal).to_owned(), "r-1".to_owned()),
        ]);
        let commit = Commit::new(
            key.clone(),
            1,
            state("created"),
            Origin::Webhook,
            OffsetDateTime::UNIX_EPOCH,
        )
        .with_delivery(Some((*personal).to_owned()), hints.clone());
        let transition = Transition::new(
            key.clone(),
            state("created"),
            None,
            Origin::Webhook,
            OffsetDateTime::UNIX_EPOCH,
        )
        .with_delivery(Some((*personal).to_owned()), hints);
        for shown in [
            format!("{key:?}"),
            format!("{key:#?}"),
            format!("{commit:?}"),
            format!("{commit:#?}"),
            format!("{transition:?}"),
            format!("{transition:#?}"),
        ] {
            assert_withheld(&shown, personal);
        }
    }
    // Plain tokens are shown, so logs stay useful.
    let key = TxKey::new(PROVIDER, "txn_2bGq8Z");
    let commit = Commit::new(
        key.clone(),
        7,
        state("created"),
        Origin::Sweep,
        OffsetDateTime::UNIX_EPOCH,
    )
    .with_delivery(
        Some("evt_1".to_owned()),
        BTreeMap::from([("resultId".to_owned(), "e6b7ce66".to_owned())]),
    );
    let shown = format!("{key:?} {commit:?}");
    for plain in ["txn_2bGq8Z", "evt_1", "resultId", "e6b7ce66", PROVIDER] {
        assert!(shown.contains(plain), "{plain} in {shown}");
    }
}
