//! Provider update times: judged against the receiver's own clock (the one it is
//! given), and a time RFC 3339 cannot write never makes a state or a transition
//! unwritable.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::common;

use std::{sync::Arc, time::SystemTime};

use common::{PROVIDER, Table, TokenSide, body, token_headers};
use time::{Date, Month, OffsetDateTime, Time, UtcOffset, macros::datetime};
use txstatus_core::{ManualClock, NormalizedStatus, TxStatus};
use txstatus_webhooks::{MemoryStore, ObservedState, Origin, Receiver, Store, Transition, TxKey};

const ROUTE: &str = "/webhooks/fake";

async fn deliver(receiver: &Receiver, event: &str, tx: &str) {
    let reply = receiver
        .handle(
            "POST",
            ROUTE,
            &token_headers("good"),
            None,
            &body(event, tx),
        )
        .await;
    assert_eq!(reply.status, 200);
    receiver.drain().await;
}

/// Receivers whose clock is not this machine's (a test clock, a replica set to another
/// time): the provider times around the receiver's "now" order states, whatever the
/// machine's clock says.
#[tokio::test]
async fn provider_times_are_judged_against_the_receivers_clock() {
    for (now, review_at, stale_at) in [
        // Years ahead of this machine's clock: within a day of the receiver's.
        (
            datetime!(2040-01-01 12:00 UTC),
            datetime!(2040-01-01 11:00 UTC),
            datetime!(2040-01-01 10:00 UTC),
        ),
        (
            datetime!(2099-06-30 00:00 UTC),
            datetime!(2099-06-30 12:00 UTC),
            datetime!(2099-06-29 23:00 UTC),
        ),
    ] {
        let table = Arc::new(Table::default());
        let store = Arc::new(MemoryStore::new());
        let clock = ManualClock::starting_at(SystemTime::from(now));
        let (receiver, mut transitions) = Receiver::builder(store.clone())
            .provider(Arc::new(TokenSide { hint: false }), table.clone())
            .clock(Arc::new(clock))
            .build();
        table.set_at(
            "tx-1",
            NormalizedStatus::Pending,
            "needs review",
            Some(review_at),
        );
        deliver(&receiver, "evt-1", "tx-1").await;
        // A stale answer (a provider replica behind): earlier by its own time.
        table.set_at(
            "tx-1",
            NormalizedStatus::Pending,
            "submitted",
            Some(stale_at),
        );
        deliver(&receiver, "evt-2", "tx-1").await;
        let mut raws = Vec::new();
        while let Ok(t) = transitions.try_recv() {
            raws.push(t.status.raw);
        }
        assert_eq!(raws, ["needs review"], "receiver clock at {now}");
        assert_eq!(store.transitions(0, 10).await.unwrap().len(), 1);
    }
}

/// Times `time` holds but RFC 3339 cannot write: a year before 0 (OneSpan's epoch
/// milliseconds can say so), an offset with seconds.
fn unwritable_times() -> Vec<OffsetDateTime> {
    vec![
        OffsetDateTime::new_utc(
            Date::from_calendar_date(-1, Month::December, 31).unwrap(),
            Time::MIDNIGHT,
        ),
        OffsetDateTime::new_utc(Date::MIN, Time::MIDNIGHT),
        OffsetDateTime::new_utc(Date::MIN, Time::MIDNIGHT)
            .to_offset(UtcOffset::from_hms(1, 0, 30).unwrap()),
    ]
}

#[test]
fn a_state_is_always_written_and_keeps_only_a_time_rfc3339_can_write() {
    // An offset with seconds: the same instant, in UTC.
    let odd_offset =
        datetime!(2026-01-01 10:00 UTC).to_offset(UtcOffset::from_hms(1, 0, 30).unwrap());
    let status = TxStatus::new(NormalizedStatus::Pending, "pending");
    let kept = ObservedState::new(&status, Some(odd_offset));
    assert_eq!(kept.updated_at, Some(datetime!(2026-01-01 10:00 UTC)));
    assert_eq!(
        serde_json::to_value(&kept).unwrap()["updated_at"],
        "2026-01-01T10:00:00Z"
    );
    for at in unwritable_times() {
        let built = ObservedState::new(&status, Some(at));
        assert_eq!(built.updated_at, None, "{at}");
        // Set directly: still serialized (the time as null), never an error.
        let mut set = built.clone();
        set.updated_at = Some(at);
        let json = serde_json::to_value(&set).unwrap();
        assert_eq!(json["updated_at"], serde_json::Value::Null, "{at}");
        let transition = Transition::new(
            TxKey::new(PROVIDER, "tx-1"),
            set.clone(),
            Some(set),
            Origin::Webhook,
            datetime!(2026-01-01 10:00 UTC),
        );
        let json = serde_json::to_value(&transition).unwrap();
        assert_eq!(json["status"]["updated_at"], serde_json::Value::Null);
        assert_eq!(json["previous"]["updated_at"], serde_json::Value::Null);
    }
}

#[tokio::test]
async fn a_read_with_a_time_rfc3339_cannot_write_is_recorded_and_printable() {
    for (n, at) in unwritable_times().into_iter().enumerate() {
        let table = Arc::new(Table::default());
        let (receiver, mut transitions) = Receiver::builder(Arc::new(MemoryStore::new()))
            .provider(Arc::new(TokenSide { hint: false }), table.clone())
            .build();
        let id = format!("tx-{n}");
        table.set_at(&id, NormalizedStatus::Succeeded, "approved", Some(at));
        deliver(&receiver, "evt-1", &id).await;
        let transition = transitions.try_recv().unwrap();
        assert_eq!(transition.status.updated_at, None, "{at}");
        serde_json::to_string(&transition).unwrap();
    }
}
