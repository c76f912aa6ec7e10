//! Provider update times on the shared store, on a real server: a time RFC 3339 cannot
//! write never wedges a transaction (by a webhook re-read or a worker), and replicas
//! whose clocks differ judge provider times alike (against Redis `TIME`).

use crate::common;

use common::{PROVIDER, RedisServer, connect, leased, queue};

use std::time::Duration;

use time::{Date, Month, OffsetDateTime, Time, UtcOffset};
use txstatus_core::{NormalizedStatus, TxStatus};
use txstatus_redis::{Recorded, RedisStore};
use txstatus_webhooks::{Commit, ObservedState, Origin, Store, TxKey};

/// Times `time` holds but RFC 3339 cannot write (OneSpan's epoch milliseconds can name
/// a year before 0), set on a state directly as a caller may.
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

fn state_at(normalized: NormalizedStatus, raw: &str, at: OffsetDateTime) -> ObservedState {
    let mut state = ObservedState::new(&TxStatus::new(normalized, raw), None);
    state.updated_at = Some(at);
    state
}

#[tokio::test]
async fn a_webhook_reread_with_a_time_rfc3339_cannot_write_is_recorded_and_read_back() {
    let server = RedisServer::start();
    let store = RedisStore::new(&connect(&server).await);
    for (n, at) in unwritable_times().into_iter().enumerate() {
        let key = TxKey::new(PROVIDER, format!("tx-{n}"));
        let ticket = store.begin_read(&key).await.unwrap();
        let commit = Commit::new(
            key.clone(),
            ticket,
            state_at(NormalizedStatus::Pending, "pending", at),
            Origin::Webhook,
            OffsetDateTime::now_utc(),
        );
        let first = store.commit(commit).await.unwrap().unwrap();
        assert_eq!(first.status.updated_at, None, "{at}");
        // The state stored is readable: the next read is compared with it.
        let ticket = store.begin_read(&key).await.unwrap();
        let commit = Commit::new(
            key,
            ticket,
            state_at(NormalizedStatus::Succeeded, "approved", at),
            Origin::Webhook,
            OffsetDateTime::now_utc(),
        );
        let second = store.commit(commit).await.unwrap().unwrap();
        assert_eq!(second.previous.unwrap().raw, "pending");
    }
    let read = store.transitions(0, 100).await.unwrap();
    assert_eq!(read.len(), 2 * unwritable_times().len());
    assert!(read.iter().all(|t| t.status.updated_at.is_none()));
}

#[tokio::test]
async fn a_worker_read_with_a_time_rfc3339_cannot_write_is_recorded_and_read_back() {
    let server = RedisServer::start();
    let queue = queue(&server).await;
    let store = RedisStore::new(&connect(&server).await);
    for (n, at) in unwritable_times().into_iter().enumerate() {
        let id = format!("tx-{n}");
        let interval = Duration::from_millis(1);
        let lease = leased(&queue, "persona", &id, interval).await;
        let ticket = queue.begin_read(&lease).await.unwrap().unwrap();
        let pending = state_at(NormalizedStatus::Pending, "pending", at);
        let recorded = queue
            .record(&lease, ticket, pending, OffsetDateTime::now_utc())
            .await
            .unwrap();
        assert!(
            matches!(recorded, Recorded::Transition { .. }),
            "{at}: {recorded:?}"
        );
        // The next read is compared with the stored state: it must be readable.
        tokio::time::sleep(Duration::from_millis(5)).await;
        let lease = common::claimed(&queue, "persona").await;
        let ticket = queue.begin_read(&lease).await.unwrap().unwrap();
        let approved = state_at(NormalizedStatus::Succeeded, "approved", at);
        let recorded = queue
            .record(&lease, ticket, approved, OffsetDateTime::now_utc())
            .await
            .unwrap();
        assert!(
            matches!(recorded, Recorded::Transition { finished: true, .. }),
            "{at}: {recorded:?}"
        );
    }
    // Every entry is a transition (none written empty).
    let read = store.transitions(0, 100).await.unwrap();
    assert_eq!(read.len(), 2 * unwritable_times().len());
}

/// Two replicas, one with its clock days behind and one days ahead: the provider's
/// times (near the real time) order the states alike on both, so a stale answer read by
/// the slow replica is not recorded after the newer one.
#[tokio::test]
async fn replicas_whose_clocks_differ_judge_provider_times_alike() {
    let server = RedisServer::start();
    let fast = RedisStore::new(&connect(&server).await);
    let slow = RedisStore::new(&connect(&server).await);
    let now = OffsetDateTime::now_utc();
    let (ahead, behind) = (now + time::Duration::days(3), now - time::Duration::days(3));
    let key = TxKey::new(PROVIDER, "tx-1");
    let review = state_at(
        NormalizedStatus::Pending,
        "needs review",
        now - time::Duration::hours(1),
    );
    let ticket = fast.begin_read(&key).await.unwrap();
    let commit = Commit::new(key.clone(), ticket, review, Origin::Webhook, ahead);
    fast.commit(commit).await.unwrap().unwrap();
    let stale = state_at(
        NormalizedStatus::Pending,
        "submitted",
        now - time::Duration::hours(2),
    );
    let ticket = slow.begin_read(&key).await.unwrap();
    let commit = Commit::new(key, ticket, stale, Origin::Webhook, behind);
    assert_eq!(slow.commit(commit).await.unwrap(), None);
    assert_eq!(fast.transitions(0, 10).await.unwrap().len(), 1);
}

/// The one rule on both record paths: a final state followed by a non-final one the
/// provider dates later (an inquiry sent back to review) is a transition for a worker as
/// it is for a webhook re-read, never an error the worker meets at every lease.
#[tokio::test]
async fn a_worker_records_a_later_dated_state_after_a_final_one_as_a_webhook_reread_does() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let queue = txstatus_redis::WatchQueue::new(&redis);
    let now = OffsetDateTime::now_utc();
    let approved = state_at(
        NormalizedStatus::Succeeded,
        "approved",
        now - time::Duration::hours(2),
    );
    let reopened = state_at(
        NormalizedStatus::Pending,
        "needs review",
        now - time::Duration::hours(1),
    );
    // The webhook path, for reference.
    let key = TxKey::new("persona", "inq_webhook");
    for state in [approved.clone(), reopened.clone()] {
        let ticket = store.begin_read(&key).await.unwrap();
        let commit = Commit::new(key.clone(), ticket, state, Origin::Webhook, now);
        assert!(store.commit(commit).await.unwrap().is_some());
    }
    // The worker path: the final state recorded by a webhook re-read, then a worker's.
    let key = TxKey::new("persona", "inq_worker");
    let ticket = store.begin_read(&key).await.unwrap();
    let commit = Commit::new(key, ticket, approved, Origin::Webhook, now);
    assert!(store.commit(commit).await.unwrap().is_some());
    let lease = leased(&queue, "persona", "inq_worker", Duration::from_secs(60)).await;
    let ticket = queue.begin_read(&lease).await.unwrap().unwrap();
    let recorded = queue.record(&lease, ticket, reopened, now).await.unwrap();
    let Recorded::Transition {
        transition,
        finished,
    } = recorded
    else {
        panic!("{recorded:?}");
    };
    assert!(!finished);
    assert_eq!(transition.previous.unwrap().raw, "approved");
}
