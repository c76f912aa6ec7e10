//! What a re-read may do to the receiver is bounded: a source that never
//! answers is cut at the read timeout (the reader is freed and the transaction
//! stays for the sweep), and an answer about another transaction is never
//! committed under the one asked.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::common;

use std::{sync::Arc, time::Duration};

use common::{PROVIDER, Table, TokenSide};
use txstatus_core::{BoxFuture, NormalizedStatus, StatusReport, StatusSource};
use txstatus_webhooks::{DEFAULT_READ_TIMEOUT, MemoryStore, Receiver, TxKey};

/// Never answers a read of `a-hangs`; answers about `someone-else` when asked
/// about `a-mixed` (in the case given); the rest from the table.
#[derive(Debug)]
struct Odd {
    table: Arc<Table>,
    other: &'static str,
}

impl StatusSource for Odd {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    fn status_report<'a>(
        &'a self,
        id: &'a str,
    ) -> BoxFuture<'a, txstatus_core::Result<StatusReport>> {
        match id {
            "a-hangs" => Box::pin(std::future::pending()),
            "a-mixed" => self.table.status_report(self.other),
            _ => self.table.status_report(id),
        }
    }
}

fn receiver_over(
    other: &'static str,
) -> (
    Receiver,
    tokio::sync::mpsc::UnboundedReceiver<txstatus_webhooks::Transition>,
    Arc<MemoryStore>,
    Arc<Table>,
) {
    let table = Arc::new(Table::default());
    let store = Arc::new(MemoryStore::new());
    let (receiver, transitions) = Receiver::builder(store.clone())
        .provider(
            Arc::new(TokenSide { hint: false }),
            Arc::new(Odd {
                table: table.clone(),
                other,
            }),
        )
        .max_reads(1)
        .read_timeout(Duration::from_millis(50))
        .build();
    (receiver, transitions, store, table)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_source_that_never_answers_frees_its_reader_at_the_read_timeout() {
    let (receiver, mut transitions, store, table) = receiver_over("b-fine");
    table.set("b-fine", NormalizedStatus::Succeeded, "approved");
    // One reader: without a bound, b-fine would wait behind a-hangs for good.
    let both = async {
        assert_eq!(common::deliver(&receiver, "e1", "a-hangs").await, 200);
        assert_eq!(common::deliver(&receiver, "e2", "b-fine").await, 200);
    };
    tokio::time::timeout(Duration::from_secs(30), both)
        .await
        .expect("a read that never answers held the receiver");
    assert_eq!(transitions.try_recv().unwrap().id, "b-fine");
    assert!(transitions.try_recv().is_err());
    // Still awaiting: nothing committed for it.
    assert!(store.last_state(&TxKey::new(PROVIDER, "a-hangs")).is_none());
    assert!(DEFAULT_READ_TIMEOUT > txstatus_core::DEFAULT_DEADLINE);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_about_another_transaction_is_not_committed() {
    for other in ["someone-else", "a-mixed-2", "A-MIXED"] {
        let (receiver, mut transitions, store, table) = receiver_over(other);
        table.set(other, NormalizedStatus::Succeeded, "approved");
        assert_eq!(common::deliver(&receiver, "e1", "a-mixed").await, 200);
        assert!(transitions.try_recv().is_err(), "{other}");
        assert!(store.last_state(&TxKey::new(PROVIDER, "a-mixed")).is_none());
        assert!(store.last_state(&TxKey::new(PROVIDER, other)).is_none());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_about_the_transaction_asked_is_committed() {
    let (receiver, mut transitions, store, table) = receiver_over("a-mixed");
    table.set("a-mixed", NormalizedStatus::Succeeded, "approved");
    assert_eq!(common::deliver(&receiver, "e1", "a-mixed").await, 200);
    assert_eq!(transitions.try_recv().unwrap().id, "a-mixed");
    let last = store.last_state(&TxKey::new(PROVIDER, "a-mixed")).unwrap();
    assert_eq!(last.raw, "approved");
}
