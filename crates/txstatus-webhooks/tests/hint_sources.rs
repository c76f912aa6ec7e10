//! What counts as one source for the per-source limit on unauthenticated hints:
//! a sender must not get past it by changing address within what it is handed
//! (an IPv6 /64), nor by writing its IPv4 address in the mapped form.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::{net::IpAddr, sync::Arc, time::Duration};

use txstatus_core::{ManualClock, provider::header::HeaderMap};
use txstatus_webhooks::{HintLimits, MemoryStore, Receiver};

use crate::common::{Table, TokenSide, body};

const ROUTE: &str = "/webhooks/fake";

/// A receiver taking hints (the fake side, source = peer as reported), at most
/// 2 re-reads per source and 100 in all per window.
fn hint_receiver() -> (Receiver, Arc<Table>) {
    let table = Arc::new(Table::default());
    let (receiver, _transitions) = Receiver::builder(Arc::new(MemoryStore::new()))
        .provider(Arc::new(TokenSide { hint: true }), table.clone())
        .clock(Arc::new(ManualClock::new()))
        .hint_limits(HintLimits {
            window: Duration::from_secs(60),
            per_source: 2,
            total: 100,
        })
        .build();
    (receiver, table)
}

async fn hint_from(receiver: &Receiver, peer: &str, tx: &str) -> u16 {
    let peer: IpAddr = peer.parse().unwrap();
    let reply = receiver
        .handle("POST", ROUTE, &HeaderMap::new(), Some(peer), &body("e", tx))
        .await;
    receiver.drain().await;
    reply.status
}

#[tokio::test]
async fn hints_from_addresses_of_one_ipv6_network_share_one_source_quota() {
    let (receiver, table) = hint_receiver();
    for n in 1..=20 {
        let status = hint_from(
            &receiver,
            &format!("2001:db8:1:2::{n:x}"),
            &format!("tx-{n}"),
        )
        .await;
        assert_eq!(status, 202);
    }
    for n in 1..=20 {
        let peer = format!("2001:db8:1:2:{n:x}:{n:x}:{n:x}:{n:x}");
        hint_from(&receiver, &peer, &format!("ty-{n}")).await;
    }
    assert_eq!(table.reads(), 2);
    // Another /64 is another source.
    hint_from(&receiver, "2001:db8:1:3::1", "tz-1").await;
    assert_eq!(table.reads(), 3);
}

#[tokio::test]
async fn a_mapped_and_a_plain_ipv4_source_share_one_quota() {
    let (receiver, table) = hint_receiver();
    for n in 1..=5 {
        hint_from(&receiver, "203.0.113.7", &format!("tx-{n}")).await;
        hint_from(&receiver, "::ffff:203.0.113.7", &format!("ty-{n}")).await;
    }
    assert_eq!(table.reads(), 2);
    // Distinct IPv4 addresses stay distinct sources.
    hint_from(&receiver, "203.0.113.8", "tz-1").await;
    assert_eq!(table.reads(), 3);
}

/// A window too short to count in (zero, a nanosecond) would start afresh
/// before every hint and so limit nothing: a forger's hints would each buy a
/// read. It is taken as one second, so the per-source and total bounds still
/// hold for hints arriving together.
#[tokio::test]
async fn a_zero_or_tiny_window_still_bounds_the_reads_hints_cause() {
    for window in [Duration::ZERO, Duration::from_nanos(1)] {
        let table = Arc::new(Table::default());
        let (receiver, _transitions) = Receiver::builder(Arc::new(MemoryStore::new()))
            .provider(Arc::new(TokenSide { hint: true }), table.clone())
            .clock(Arc::new(ManualClock::new()))
            .hint_limits(HintLimits {
                window,
                per_source: 2,
                total: 3,
            })
            .build();
        for n in 1..=10 {
            hint_from(&receiver, "203.0.113.7", &format!("tx-{n}")).await;
        }
        assert_eq!(table.reads(), 2, "{window:?}");
        for n in 1..=10 {
            hint_from(&receiver, &format!("198.51.100.{n}"), &format!("ty-{n}")).await;
        }
        assert_eq!(table.reads(), 3, "{window:?}");
    }
}

/// Nineteenth outside audit: a forger flooding hints from one /64 about a real
/// transaction spends its own quota only; the transaction's state is what the
/// re-read says (the hint claims `declined`); a later real change, hinted from
/// another source, is read and recorded once.
#[tokio::test]
async fn a_flood_about_a_transaction_then_a_real_change_records_each_state_once() {
    let table = Arc::new(Table::default());
    let (receiver, mut transitions) = Receiver::builder(Arc::new(MemoryStore::new()))
        .provider(Arc::new(TokenSide { hint: true }), table.clone())
        .clock(Arc::new(ManualClock::new()))
        .hint_limits(HintLimits {
            window: Duration::from_secs(60),
            per_source: 2,
            total: 100,
        })
        .build();
    table.set(
        "tx-1",
        txstatus_core::NormalizedStatus::Pending,
        "submitted",
    );
    for n in 1..=50 {
        let status = hint_from(&receiver, &format!("2001:db8:6:6::{n:x}"), "tx-1").await;
        assert_eq!(status, 202);
    }
    assert_eq!(table.reads(), 2, "the forger's /64 buys two reads");
    table.set(
        "tx-1",
        txstatus_core::NormalizedStatus::Succeeded,
        "approved",
    );
    hint_from(&receiver, "198.51.100.20", "tx-1").await;
    hint_from(&receiver, "198.51.100.20", "tx-1").await;
    let mut recorded = Vec::new();
    while let Ok(t) = transitions.try_recv() {
        recorded.push(t.status.raw);
    }
    assert_eq!(recorded, ["submitted", "approved"]);
}
