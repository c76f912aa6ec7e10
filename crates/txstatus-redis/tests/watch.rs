//! Distributed watching on a real server: leases, fencing, workers.

use crate::common;
use crate::support;

use common::{
    RedisServer, claimed, connect, keys, leased, persona_worker, queue, raw, state, until_finished,
};

use std::{sync::Arc, time::Duration};

use support::fake_source::FakeSource;
use time::OffsetDateTime;
use txstatus_core::{NormalizedStatus, RateLimit};
use txstatus_redis::{EnqueueError, Enqueued, Recorded, RedisRateLimiter, WatchQueue, WorkerEvent};

#[tokio::test]
async fn enqueue_refuses_idin_and_sends_nothing() {
    let server = RedisServer::start();
    let queue = queue(&server).await;
    let refused = queue
        .enqueue("cm-idin", "trx-1", Duration::from_secs(1))
        .await
        .unwrap_err();
    assert!(matches!(refused, EnqueueError::Refused { .. }), "{refused}");
    assert_eq!(queue.state("cm-idin", "trx-1").await.unwrap(), None);
    assert_eq!(queue.scheduled("cm-idin").await.unwrap(), 0);
}

#[tokio::test]
async fn an_interval_no_claim_could_schedule_is_refused_at_enqueue() {
    let server = RedisServer::start();
    let queue = queue(&server).await;
    for interval in [
        Duration::MAX,
        Duration::from_secs(u64::MAX / 2),
        txstatus_redis::MAX_WATCH_INTERVAL + Duration::from_micros(1),
    ] {
        let refused = queue
            .enqueue("persona", "inq_1", interval)
            .await
            .unwrap_err();
        assert!(
            matches!(refused, EnqueueError::IntervalTooLong { .. }),
            "{refused}"
        );
    }
    assert_eq!(queue.state("persona", "inq_1").await.unwrap(), None);
    assert_eq!(queue.scheduled("persona").await.unwrap(), 0);
    let taken = queue
        .enqueue("persona", "inq_1", txstatus_redis::MAX_WATCH_INTERVAL)
        .await
        .unwrap();
    assert_eq!(taken, txstatus_redis::Enqueued::Added);
}

#[tokio::test]
async fn enqueue_again_changes_only_the_interval_and_a_finished_id_is_reported() {
    let server = RedisServer::start();
    let queue = queue(&server).await;
    let first = queue
        .enqueue("persona", "inq_1", Duration::from_secs(5))
        .await
        .unwrap();
    assert_eq!(first, Enqueued::Added);
    let lease = queue
        .claim("persona", Duration::from_secs(30))
        .await
        .unwrap()
        .unwrap();
    let again = queue
        .enqueue("persona", "inq_1", Duration::from_secs(9))
        .await
        .unwrap();
    assert_eq!(again, Enqueued::Updated);
    let watched = queue.state("persona", "inq_1").await.unwrap().unwrap();
    assert_eq!(watched.interval, Duration::from_secs(9));
    assert_eq!(watched.token, lease.token, "the lease is kept");
    // Still leased: not claimable by anyone else.
    assert!(
        queue
            .claim("persona", Duration::from_secs(30))
            .await
            .unwrap()
            .is_none()
    );
    let done = state(NormalizedStatus::Succeeded, "approved");
    queue
        .record(
            &lease,
            queue.begin_read(&lease).await.unwrap().unwrap(),
            done,
            OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    let finished = queue
        .enqueue("persona", "inq_1", Duration::from_secs(9))
        .await
        .unwrap();
    assert_eq!(finished, Enqueued::Finished);
    assert_eq!(queue.scheduled("persona").await.unwrap(), 0);
}

#[tokio::test]
async fn a_stale_fencing_token_cannot_record_or_reschedule() {
    let server = RedisServer::start();
    let queue = queue(&server).await;
    queue
        .enqueue("persona", "inq_1", Duration::from_secs(60))
        .await
        .unwrap();
    let stale = queue
        .claim("persona", Duration::from_millis(1))
        .await
        .unwrap()
        .unwrap();
    // The lease ends; another owner claims (waiting is readiness, not an assertion).
    let newer = loop {
        if let Some(lease) = queue
            .claim("persona", Duration::from_secs(60))
            .await
            .unwrap()
        {
            break lease;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    assert!(newer.token > stale.token);
    let pending = state(NormalizedStatus::Pending, "pending");
    let recorded = queue
        .record(
            &newer,
            queue.begin_read(&newer).await.unwrap().unwrap(),
            pending,
            OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    assert!(matches!(recorded, Recorded::Transition { .. }));
    // The stalled owner comes back with a final state: refused.
    let approved = state(NormalizedStatus::Succeeded, "approved");
    let late = queue
        .record(
            &stale,
            // No ticket for a lease another owner holds now; a made-up one is fenced too.
            queue.begin_read(&stale).await.unwrap().unwrap_or(u64::MAX),
            approved,
            OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    assert_eq!(late, Recorded::Fenced);
    assert!(!queue.release(&stale, Duration::ZERO).await.unwrap());
    assert_eq!(
        queue.renew(&stale, Duration::from_secs(60)).await.unwrap(),
        None
    );
    let state = queue.state("persona", "inq_1").await.unwrap().unwrap();
    assert_eq!(state.last.unwrap().raw, "pending");
    assert!(!state.finished);
    assert_eq!(state.reads, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_never_read_one_transaction_twice_at_once_and_all_finish() {
    let server = RedisServer::start();
    let queue = queue(&server).await;
    let ids: Vec<String> = (0..40).map(|i| format!("inq_{i}")).collect();
    for id in &ids {
        queue
            .enqueue("persona", id, Duration::from_millis(1))
            .await
            .unwrap();
    }
    let source = FakeSource::new(2, Duration::from_millis(3));
    // Two "processes": each its own connection.
    let mut a = persona_worker(&queue, &source, 4).start();
    let other = WatchQueue::new(&connect(&server).await);
    let mut b = persona_worker(&other, &source, 4).start();
    until_finished(&queue, &ids).await;
    a.stop().await;
    b.stop().await;
    assert_eq!(source.overlaps(), 0);
    let mut transitions = Vec::new();
    for worker in [&mut a, &mut b] {
        while let Some(event) = worker.try_next_event() {
            if let WorkerEvent::Transition(t) = event {
                transitions.push(t);
            }
        }
    }
    // Each transaction: pending, then approved, each recorded once.
    assert_eq!(transitions.len(), ids.len() * 2);
    for id in &ids {
        assert_eq!(source.reads(id), 3, "{id}");
        let state = queue.state("persona", id).await.unwrap().unwrap();
        assert_eq!(state.last.unwrap().normalized, NormalizedStatus::Succeeded);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_killed_mid_read_lets_another_resume_after_its_lease_expires() {
    let server = RedisServer::start();
    let queue = queue(&server).await;
    queue
        .enqueue("persona", "inq_1", Duration::from_millis(1))
        .await
        .unwrap();
    let source = FakeSource::new(1, Duration::from_millis(1));
    source.stall("inq_1", true);
    let mut dying = persona_worker(&queue, &source, 1)
        .read_deadline(Duration::from_millis(400))
        .margin(Duration::from_millis(200))
        .start();
    source.until_read("inq_1").await;
    // Killed mid-read: nothing released.
    dying.abort();
    drop(dying);
    source.stall("inq_1", false);
    let held = queue
        .state("persona", "inq_1")
        .await
        .unwrap()
        .unwrap()
        .token;
    let mut survivor = persona_worker(&queue, &source, 1)
        .read_deadline(Duration::from_secs(5))
        .start();
    until_finished(&queue, &["inq_1".to_owned()]).await;
    survivor.stop().await;
    let state = queue.state("persona", "inq_1").await.unwrap().unwrap();
    assert!(state.token > held, "a newer lease finished it");
    assert_eq!(source.overlaps(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stopping_a_worker_releases_its_leases_at_once() {
    let server = RedisServer::start();
    let queue = queue(&server).await;
    queue
        .enqueue("persona", "inq_1", Duration::from_millis(1))
        .await
        .unwrap();
    let source = FakeSource::new(1, Duration::from_millis(1));
    source.stall("inq_1", true);
    // A lease far longer than this test: only a release makes it claimable now.
    let mut worker = persona_worker(&queue, &source, 1)
        .read_deadline(Duration::from_secs(3600))
        .start();
    source.until_read("inq_1").await;
    worker.stop().await;
    assert_eq!(source.in_flight(), 0, "the read was abandoned");
    let lease = queue
        .claim("persona", Duration::from_secs(60))
        .await
        .unwrap();
    assert!(lease.is_some(), "released on stop, due at once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workers_share_the_redis_budget() {
    let server = RedisServer::start();
    let queue = queue(&server).await;
    let ids: Vec<String> = (0..6).map(|i| format!("inq_{i}")).collect();
    for id in &ids {
        queue
            .enqueue("persona", id, Duration::from_millis(1))
            .await
            .unwrap();
    }
    let source = FakeSource::new(1, Duration::from_millis(1));
    let limit = RateLimit::new(4, Duration::from_millis(200));
    let mut workers = Vec::new();
    let mut limiters = Vec::new();
    for _ in 0..2 {
        let redis = connect(&server).await;
        let limiter = Arc::new(
            RedisRateLimiter::builder(&redis, "persona:test", limit)
                .keep_history(Duration::from_secs(600))
                .build()
                .await
                .unwrap(),
        );
        limiters.push(limiter.clone());
        workers.push(
            persona_worker(&WatchQueue::new(&redis), &source, 3)
                .budget("persona", limiter)
                .start(),
        );
    }
    until_finished(&queue, &ids).await;
    for worker in &mut workers {
        worker.stop().await;
    }
    let starts = limiters[0].starts().await.unwrap();
    assert_eq!(starts.len(), ids.len() * 2, "one slot per read");
    let per = limit.per.as_micros() as u64;
    for (i, start) in starts.iter().enumerate() {
        let in_window = starts[i..]
            .iter()
            .take_while(|s| **s - *start < per)
            .count();
        assert!(in_window <= 4, "{in_window} reads within {per} µs");
    }
}

#[tokio::test]
async fn erase_removes_state_schedule_and_allowed_stream_entries_and_fences_the_owner() {
    let server = RedisServer::start();
    let queue = queue(&server).await.allow_stream_erasure(true);
    // Each enqueued, claimed and read once (a long interval: nothing is due again).
    let mut leases = Vec::new();
    for id in ["inq_1", "inq_2"] {
        let lease = leased(&queue, "persona", id, Duration::from_secs(60)).await;
        assert_eq!(lease.id, id);
        let pending = state(NormalizedStatus::Pending, "pending");
        let ticket = queue.begin_read(&lease).await.unwrap().unwrap();
        queue
            .record(&lease, ticket, pending, OffsetDateTime::now_utc())
            .await
            .unwrap();
        leases.push(lease);
    }
    // The last owner of inq_2 still holds its token when the erasure comes.
    let lease = leases.pop().unwrap();
    let erased = queue.erase("persona", &lease.id).await.unwrap();
    // Watch state and schedule entry, webhook-store state and sweep entry.
    assert_eq!(erased.removed, 4);
    assert_eq!(erased.stream_entries, 1);
    assert!(!erased.not_removed.is_empty());
    assert_eq!(queue.state("persona", &lease.id).await.unwrap(), None);
    assert_eq!(queue.scheduled("persona").await.unwrap(), 1);
    let done = state(NormalizedStatus::Succeeded, "approved");
    assert_eq!(
        queue.begin_read(&lease).await.unwrap(),
        None,
        "no read begins on an erased transaction"
    );
    let late = queue
        .record(&lease, u64::MAX, done, OffsetDateTime::now_utc())
        .await
        .unwrap();
    assert_eq!(
        late,
        Recorded::Fenced,
        "the erased transaction is not recreated"
    );
    assert_eq!(queue.state("persona", &lease.id).await.unwrap(), None);
    // Without stream erasure, the entries stay and the answer says so.
    let keeping = WatchQueue::new(queue.redis());
    let other = if lease.id == "inq_1" {
        "inq_2"
    } else {
        "inq_1"
    };
    let erased = keeping.erase("persona", other).await.unwrap();
    assert_eq!(erased.stream_entries, 0);
    assert!(erased.not_removed.iter().any(|s| s.contains("stream")));
}

/// An erasure between a worker's claim and the start of its read (another replica ran
/// `txstatus erase`): the read gets no ticket, and no key naming the id is left behind.
/// A ticket taken anyway created the webhook store's hash again, for its TTL (30 days).
#[tokio::test]
async fn a_read_begun_after_its_transaction_was_erased_gets_no_ticket_and_leaves_no_key() {
    let server = RedisServer::start();
    let queue = queue(&server).await;
    let id = "inq_erased_before_read";
    let lease = leased(&queue, "persona", id, Duration::from_secs(60)).await;
    queue.erase("persona", id).await.unwrap();
    assert_eq!(queue.begin_read(&lease).await.unwrap(), None);
    let pending = state(NormalizedStatus::Pending, "pending");
    assert_eq!(
        queue
            .record(&lease, 1, pending, OffsetDateTime::now_utc())
            .await
            .unwrap(),
        Recorded::Fenced
    );
    let keys = keys(&server);
    assert!(keys.iter().all(|key| !key.contains(id)), "{keys:?}");
    // Enqueued again and claimed by a new owner: only the new owner's read begins.
    let owner = leased(&queue, "persona", id, Duration::from_secs(60)).await;
    assert_eq!(queue.begin_read(&lease).await.unwrap(), None);
    assert_eq!(queue.begin_read(&owner).await.unwrap(), Some(1));
}

/// `txstatus erase` from another replica while a worker's read of that transaction is
/// in flight: the read's outcome (here: its deadline passing) writes nothing, the
/// transaction is never read again, and no key naming it is left behind.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transaction_erased_while_a_worker_reads_it_is_never_written_or_read_again() {
    let server = RedisServer::start();
    let queue = queue(&server).await;
    let id = "inq_erased_mid_read";
    queue
        .enqueue("persona", id, Duration::from_millis(1))
        .await
        .unwrap();
    let source = FakeSource::new(0, Duration::from_millis(1));
    source.stall(id, true);
    let mut worker = persona_worker(&queue, &source, 2)
        .read_deadline(Duration::from_millis(300))
        .margin(Duration::from_millis(100))
        .start();
    source.until_read(id).await;
    let other = WatchQueue::new(&connect(&server).await);
    other.erase("persona", id).await.unwrap();
    // The stalled read ends at its deadline.
    let event = tokio::time::timeout(Duration::from_secs(30), worker.next_event())
        .await
        .unwrap()
        .unwrap();
    assert!(
        matches!(&event, WorkerEvent::ReadFailed { id: failed, .. } if failed == id),
        "{event:?}"
    );
    // A few idle polls: nothing left to claim.
    tokio::time::sleep(Duration::from_millis(100)).await;
    worker.stop().await;
    assert_eq!(source.reads(id), 1);
    let keys = keys(&server);
    assert!(keys.iter().all(|key| !key.contains(id)), "{keys:?}");
}

#[tokio::test]
async fn a_watch_key_of_the_wrong_type_is_unscheduled_and_the_next_id_is_claimed() {
    let server = RedisServer::start();
    let queue = queue(&server).await;
    let prefix = queue.redis().prefix().to_owned();
    for id in ["bad", "good", "odd"] {
        queue
            .enqueue("persona", id, Duration::from_secs(60))
            .await
            .unwrap();
    }
    let mut connection = raw(&server);
    redis::cmd("SET")
        .arg(format!("{prefix}:watch:tx:persona:bad"))
        .arg("x")
        .exec(&mut connection)
        .unwrap();
    // A hash, but with an interval no enqueue wrote.
    redis::cmd("HSET")
        .arg(format!("{prefix}:watch:tx:persona:odd"))
        .arg("interval_us")
        .arg("soon")
        .exec(&mut connection)
        .unwrap();
    let lease = claimed(&queue, "persona").await;
    assert_eq!(lease.id, "good");
    assert_eq!(
        queue
            .claim("persona", Duration::from_secs(60))
            .await
            .unwrap(),
        None
    );
    // Only `good` (leased) is still scheduled; the bad key itself is left as it was.
    assert_eq!(queue.scheduled("persona").await.unwrap(), 1);
    let kept: String = redis::cmd("GET")
        .arg(format!("{prefix}:watch:tx:persona:bad"))
        .query(&mut connection)
        .unwrap();
    assert_eq!(kept, "x");
}

#[tokio::test]
async fn record_refuses_an_unreadable_stored_state_and_changes_nothing() {
    let server = RedisServer::start();
    let queue = queue(&server).await;
    let prefix = queue.redis().prefix().to_owned();
    let lease = leased(&queue, "persona", "good", Duration::from_secs(60)).await;
    let hash = format!("{prefix}:wh:tx:persona:good");
    let stream = format!("{prefix}:transitions");
    let mut connection = raw(&server);
    redis::cmd("HSET")
        .arg(&hash)
        .arg(&["last", "{garbage", "terminal", "1", "version", "3"])
        .exec(&mut connection)
        .unwrap();
    let ticket = queue.begin_read(&lease).await.unwrap().unwrap();
    let mut before: Vec<(String, String)> = redis::cmd("HGETALL")
        .arg(&hash)
        .query(&mut connection)
        .unwrap();
    let stream_before: u64 = redis::cmd("XLEN")
        .arg(&stream)
        .query(&mut connection)
        .unwrap();
    let pending = state(NormalizedStatus::Pending, "pending");
    let refused = queue
        .record(&lease, ticket, pending, OffsetDateTime::now_utc())
        .await;
    let error = refused.unwrap_err();
    assert!(error.to_string().contains("does not parse"), "{error}");
    let mut after: Vec<(String, String)> = redis::cmd("HGETALL")
        .arg(&hash)
        .query(&mut connection)
        .unwrap();
    before.sort();
    after.sort();
    assert_eq!(after, before);
    let stream_after: u64 = redis::cmd("XLEN")
        .arg(&stream)
        .query(&mut connection)
        .unwrap();
    assert_eq!(stream_after, stream_before);
    assert_eq!(
        queue.state("persona", "good").await.unwrap().unwrap().reads,
        0
    );
}

#[tokio::test]
async fn record_never_puts_a_non_final_state_over_a_hash_marked_final() {
    let server = RedisServer::start();
    let queue = queue(&server).await;
    let prefix = queue.redis().prefix().to_owned();
    let lease = leased(&queue, "persona", "good", Duration::from_secs(60)).await;
    let hash = format!("{prefix}:wh:tx:persona:good");
    let mut connection = raw(&server);
    // Marked final, without a last state.
    redis::cmd("HSET")
        .arg(&hash)
        .arg(&["terminal", "1", "version", "3"])
        .exec(&mut connection)
        .unwrap();
    let pending = state(NormalizedStatus::Pending, "pending");
    let ticket = queue.begin_read(&lease).await.unwrap().unwrap();
    let error = queue
        .record(&lease, ticket, pending, OffsetDateTime::now_utc())
        .await
        .unwrap_err();
    assert!(error.to_string().contains("final"), "{error}");
    let (last, terminal): (Option<String>, Option<String>) = redis::cmd("HMGET")
        .arg(&hash)
        .arg(&["last", "terminal"])
        .query(&mut connection)
        .unwrap();
    assert_eq!(last, None);
    assert_eq!(terminal.as_deref(), Some("1"));
}
