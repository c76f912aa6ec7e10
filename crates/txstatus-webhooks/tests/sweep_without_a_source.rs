//! Transactions the store holds for a provider this receiver has no source for
//! (another replica's provider, or one no longer configured): the sweep cannot read
//! them, and they must not hold its batch against every readable transaction.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::common;

use std::{sync::Arc, time::Duration};

use common::{Table, TokenSide};
use txstatus_core::{Clock, ManualClock, NormalizedStatus, webhook::Delivery};
use txstatus_webhooks::{DEFAULT_SWEEP_BATCH, MemoryStore, Receiver, Store};

#[tokio::test]
async fn transactions_of_a_provider_without_a_source_do_not_starve_the_sweep() {
    for unreadable in ["gone", "other-replicas-provider"] {
        let table = Arc::new(Table::default());
        let store = Arc::new(MemoryStore::new());
        let clock = ManualClock::new();
        let (receiver, mut transitions) = Receiver::builder(store.clone())
            .provider(Arc::new(TokenSide { hint: false }), table.clone())
            .clock(Arc::new(clock.clone()))
            .sweep_threshold(Duration::from_secs(300))
            .build();
        let now = time::OffsetDateTime::from(clock.system_now());
        // A full batch of them, accepted first (a replica that reads that provider).
        for n in 0..DEFAULT_SWEEP_BATCH {
            let delivery = Delivery::authenticated(unreadable)
                .with_event_id(Some(format!("evt-{n}")))
                .with_transaction_id(Some(format!("tx-{n}")));
            store
                .accept(&delivery, now - time::Duration::hours(2))
                .await
                .unwrap();
        }
        // Then one this receiver reads, never reconciled.
        let delivery = Delivery::authenticated(common::PROVIDER)
            .with_event_id(Some("evt-live".to_owned()))
            .with_transaction_id(Some("live".to_owned()));
        store
            .accept(&delivery, now - time::Duration::hours(1))
            .await
            .unwrap();
        table.set("live", NormalizedStatus::Succeeded, "approved");
        for _ in 0..3 {
            clock.advance(Duration::from_secs(301));
            receiver.sweep().await.unwrap();
        }
        let transition = transitions
            .try_recv()
            .unwrap_or_else(|_| panic!("{unreadable}: the readable transaction was never swept"));
        assert_eq!(transition.id, "live");
        // Still held for a replica that can read them (never dropped).
        clock.advance(Duration::from_secs(301));
        let due = store
            .due(
                time::OffsetDateTime::from(clock.system_now()),
                2 * DEFAULT_SWEEP_BATCH,
            )
            .await
            .unwrap();
        assert_eq!(due.len(), DEFAULT_SWEEP_BATCH, "{unreadable}");
    }
}
