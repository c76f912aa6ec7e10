//! Replicas under contention, on a real server: many limiters on one budget (with
//! connections dropped mid-acquire), webhook re-reads racing across replicas, workers
//! sharing a large schedule, and junk another program left in the watch keys.

use crate::common;
use crate::support;

use common::{RedisServer, connect, delivery, queue, raw};
use support::fake_source::FakeSource;

use std::{sync::Arc, time::Duration};

use time::OffsetDateTime;
use txstatus_core::{
    Clock, ManualClock, NormalizedStatus, RateLimit, RateLimiter, SystemClock, TxStatus,
    webhook::Delivery,
};
use txstatus_redis::{Enqueued, RedisRateLimiter, RedisStore, WatchQueue, Worker};
use txstatus_webhooks::{Acceptance, Commit, ObservedState, Origin, Store, TxKey};

fn state(normalized: NormalizedStatus, raw: &str, terminal: bool) -> ObservedState {
    let mut state = ObservedState::new(&TxStatus::new(normalized, raw), None);
    state.terminal = terminal;
    state
}

/// The most starts of `starts` (sorted, µs) inside any window of `per` µs.
fn busiest_window(starts: &[u64], per: u64) -> usize {
    (0..starts.len())
        .map(|i| {
            starts[i..]
                .iter()
                .take_while(|s| **s - starts[i] < per)
                .count()
        })
        .max()
        .unwrap_or(0)
}

async fn limiters(server: &RedisServer, n: usize, limit: RateLimit) -> Vec<Arc<RedisRateLimiter>> {
    let mut all = Vec::new();
    for _ in 0..n {
        // A replica: its own connection and limiter.
        let redis = connect(server).await;
        let limiter = RedisRateLimiter::builder(&redis, "persona:contended", limit)
            .keep_history(Duration::from_secs(600))
            .build()
            .await
            .unwrap();
        all.push(Arc::new(limiter));
    }
    all
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixteen_replicas_bursting_on_one_budget_never_exceed_it_in_any_window_and_all_get_slots() {
    let server = RedisServer::start();
    let limit = RateLimit::new(8, Duration::from_millis(200));
    let replicas = limiters(&server, 16, limit).await;
    let mut tasks = Vec::new();
    for (replica, limiter) in replicas.iter().enumerate() {
        // Bursts: three concurrent acquires per replica, twice.
        for _ in 0..3 {
            let limiter = limiter.clone();
            tasks.push(tokio::spawn(async move {
                let mut granted = 0;
                for _ in 0..2 {
                    if limiter
                        .acquire(&SystemClock, Duration::from_secs(120))
                        .await
                        .is_ok()
                    {
                        granted += 1;
                    }
                }
                (replica, granted)
            }));
        }
    }
    let mut per_replica = [0_usize; 16];
    for task in tasks {
        let (replica, granted) = task.await.unwrap();
        per_replica[replica] += granted;
    }
    assert_eq!(
        per_replica, [6; 16],
        "every replica got every slot it asked for"
    );
    let starts = replicas[0].starts().await.unwrap();
    assert_eq!(starts.len(), 96, "each grant is one start in the log");
    let busiest = busiest_window(&starts, limit.per.as_micros() as u64);
    assert!(busiest <= 8, "{busiest} starts in one window of the budget");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_dropped_mid_acquire_neither_leak_nor_double_count_slots() {
    let server = RedisServer::start();
    let limit = RateLimit::new(5, Duration::from_millis(100));
    let replicas = limiters(&server, 8, limit).await;
    let mut tasks = Vec::new();
    for limiter in &replicas {
        for _ in 0..2 {
            let limiter = limiter.clone();
            tasks.push(tokio::spawn(async move {
                let (mut ok, mut failed) = (0_usize, 0_usize);
                for _ in 0..6 {
                    match limiter
                        .acquire(&SystemClock, Duration::from_secs(120))
                        .await
                    {
                        Ok(()) => ok += 1,
                        Err(_) => failed += 1,
                    }
                }
                (ok, failed)
            }));
        }
    }
    // Drop every replica's connection while they wait on the full budget, twice.
    let mut admin = raw(&server);
    for _ in 0..2 {
        tokio::time::sleep(Duration::from_millis(150)).await;
        let _: redis::Value = redis::cmd("CLIENT")
            .arg("KILL")
            .arg("TYPE")
            .arg("normal")
            .arg("SKIPME")
            .arg("yes")
            .query(&mut admin)
            .unwrap();
    }
    let (mut ok, mut failed) = (0, 0);
    for task in tasks {
        let (o, f) = task.await.unwrap();
        ok += o;
        failed += f;
    }
    assert_eq!(ok + failed, 96);
    // After the drops each replica reconnects and gets slots again.
    for limiter in &replicas {
        limiter
            .acquire(&SystemClock, Duration::from_secs(120))
            .await
            .unwrap();
    }
    let starts = replicas[0].starts().await.unwrap();
    let granted = ok + replicas.len();
    // Every granted slot is in the log once; a slot whose answer was lost with the
    // connection may be counted without being used (never the other way round).
    assert!(
        starts.len() >= granted,
        "{} logged, {granted} granted",
        starts.len()
    );
    assert!(starts.len() <= granted + failed, "{} logged", starts.len());
    assert!(busiest_window(&starts, limit.per.as_micros() as u64) <= 5);
}

/// Replicas whose own clocks disagree share one budget: one a day ahead, one whose
/// sleeps return at once (a clock running fast: it asks again long before the server's
/// window has moved), one on the system clock. Only Redis `TIME` decides: no window of
/// the log holds more than the budget, every grant is logged once, and the fast replica
/// gives up by its own clock instead of taking slots early.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replicas_whose_clocks_disagree_never_exceed_the_budget_together() {
    let server = RedisServer::start();
    let limit = RateLimit::new(4, Duration::from_millis(300));
    let replicas = limiters(&server, 3, limit).await;
    let ahead = ManualClock::new();
    ahead.advance(Duration::from_secs(86_400));
    let clocks: [Arc<dyn Clock>; 3] = [
        Arc::new(ahead),
        Arc::new(ManualClock::new()),
        Arc::new(SystemClock),
    ];
    let mut tasks = Vec::new();
    for (limiter, clock) in replicas.iter().cloned().zip(clocks) {
        tasks.push(tokio::spawn(async move {
            let mut granted = 0_usize;
            for _ in 0..8 {
                if limiter
                    .acquire(clock.as_ref(), Duration::from_secs(5))
                    .await
                    .is_ok()
                {
                    granted += 1;
                }
            }
            granted
        }));
    }
    let mut granted = Vec::new();
    for task in tasks {
        granted.push(task.await.unwrap());
    }
    let starts = replicas[0].starts().await.unwrap();
    assert_eq!(
        starts.len(),
        granted.iter().sum::<usize>(),
        "each grant logged once: {granted:?}"
    );
    let busiest = busiest_window(&starts, limit.per.as_micros() as u64);
    assert!(busiest <= 4, "{busiest} starts in one window: {granted:?}");
    // The system-clock replica waits the server's windows out and gets every slot.
    assert_eq!(granted[2], 8, "{granted:?}");
}

/// A replica killed while it waits for a slot (its acquire dropped mid-wait, as a
/// process dies): it leaves no start in the log and holds nothing, so the others get
/// the whole budget of the next window, and no window holds more than the budget.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_killed_while_it_waits_for_a_slot_takes_none_of_the_budget() {
    let server = RedisServer::start();
    // A window long enough that the killed replica is still waiting when it dies.
    let limit = RateLimit::new(2, Duration::from_secs(2));
    let replicas = limiters(&server, 3, limit).await;
    for _ in 0..2 {
        replicas[0]
            .acquire(&SystemClock, Duration::ZERO)
            .await
            .unwrap();
    }
    let waiting = replicas[1].clone();
    let dying =
        tokio::spawn(async move { waiting.acquire(&SystemClock, Duration::from_secs(60)).await });
    // Let it reach its wait, then kill it.
    tokio::time::sleep(Duration::from_millis(50)).await;
    dying.abort();
    assert!(dying.await.unwrap_err().is_cancelled());
    for _ in 0..2 {
        replicas[2]
            .acquire(&SystemClock, Duration::from_secs(60))
            .await
            .unwrap();
    }
    let starts = replicas[0].starts().await.unwrap();
    assert_eq!(starts.len(), 4, "the killed replica logged nothing");
    assert!(busiest_window(&starts, limit.per.as_micros() as u64) <= 2);
}

#[tokio::test]
async fn a_replica_with_another_limit_follows_the_stored_one_under_contention() {
    let server = RedisServer::start();
    let first = limiters(&server, 1, RateLimit::new(4, Duration::from_millis(200))).await;
    let other = limiters(&server, 1, RateLimit::new(400, Duration::from_millis(200))).await;
    first[0]
        .acquire(&SystemClock, Duration::from_secs(60))
        .await
        .unwrap();
    for _ in 0..12 {
        other[0]
            .acquire(&SystemClock, Duration::from_secs(60))
            .await
            .unwrap();
    }
    let mismatch = other[0].mismatch().unwrap();
    assert_eq!(mismatch.stored.requests, 4);
    assert_eq!(mismatch.configured.requests, 400);
    let starts = first[0].starts().await.unwrap();
    assert_eq!(starts.len(), 13);
    assert!(busiest_window(&starts, 200_000) <= 4);
}

// ---- the webhook store across replicas ---------------------------------------------

async fn store(server: &RedisServer) -> RedisStore {
    RedisStore::new(&connect(server).await)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_delivery_accepted_by_many_replicas_at_once_is_new_once() {
    let server = RedisServer::start();
    let mut replicas = Vec::new();
    for _ in 0..8 {
        replicas.push(Arc::new(store(&server).await));
    }
    for round in 0..20 {
        let mut tasks = Vec::new();
        for replica in &replicas {
            let replica = replica.clone();
            tasks.push(tokio::spawn(async move {
                let delivery = Delivery::authenticated("fake")
                    .with_event_id(Some(format!("evt-{round}")))
                    .with_transaction_id(Some(format!("tx-{round}")));
                replica
                    .accept(&delivery, OffsetDateTime::now_utc())
                    .await
                    .unwrap()
            }));
        }
        let mut new = 0;
        for task in tasks {
            if task.await.unwrap() == Acceptance::New {
                new += 1;
            }
        }
        assert_eq!(new, 1, "round {round}");
    }
}

#[tokio::test]
async fn an_older_answer_committed_last_by_another_replica_is_never_recorded() {
    let server = RedisServer::start();
    let (a, b) = (store(&server).await, store(&server).await);
    let key = TxKey::new("fake", "tx-1");
    let older = a.begin_read(&key).await.unwrap();
    let newer = b.begin_read(&key).await.unwrap();
    assert!(newer > older);
    let now = OffsetDateTime::now_utc();
    let commit = |ticket, state| Commit::new(key.clone(), ticket, state, Origin::Webhook, now);
    let done = state(NormalizedStatus::Succeeded, "approved", true);
    let pending = state(NormalizedStatus::Pending, "pending", false);
    assert!(b.commit(commit(newer, done)).await.unwrap().is_some());
    assert!(a.commit(commit(older, pending)).await.unwrap().is_none());
    let recorded = a.transitions(0, 10).await.unwrap();
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].status.raw, "approved");
}

#[tokio::test]
async fn a_replica_dying_between_begin_read_and_commit_leaves_the_transaction_due() {
    let server = RedisServer::start();
    let (dying, survivor) = (store(&server).await, store(&server).await);
    let key = TxKey::new("fake", "tx-1");
    let delivery = delivery("evt-1", "tx-1");
    let accepted_at = OffsetDateTime::now_utc() - time::Duration::minutes(1);
    assert_eq!(
        dying.accept(&delivery, accepted_at).await.unwrap(),
        Acceptance::New
    );
    let _lost = dying.begin_read(&key).await.unwrap();
    drop(dying);
    // The sweep of another replica still finds it, and its commit goes through.
    let due = survivor.due(OffsetDateTime::now_utc(), 10).await.unwrap();
    assert_eq!(due, vec![key.clone()]);
    let ticket = survivor.begin_read(&key).await.unwrap();
    let commit = Commit::new(
        key.clone(),
        ticket,
        state(NormalizedStatus::Succeeded, "approved", true),
        Origin::Sweep,
        OffsetDateTime::now_utc(),
    );
    assert!(survivor.commit(commit).await.unwrap().is_some());
    assert!(
        survivor
            .due(OffsetDateTime::now_utc(), 10)
            .await
            .unwrap()
            .is_empty()
    );
}

// ---- distributed watching ----------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_transactions_with_four_workers_all_finish_without_overlap() {
    let server = RedisServer::start();
    let queue = queue(&server).await;
    // Enqueued through the API, a hundred at a time.
    for chunk in 0..100 {
        let mut tasks = Vec::new();
        for i in 0..100 {
            let queue = queue.clone();
            tasks.push(tokio::spawn(async move {
                let id = format!("inq_{}", chunk * 100 + i);
                queue
                    .enqueue("persona", &id, Duration::from_millis(1))
                    .await
                    .unwrap()
            }));
        }
        for task in tasks {
            assert_eq!(task.await.unwrap(), Enqueued::Added);
        }
    }
    // Enqueued twice: nothing but the interval changes.
    assert_eq!(
        queue
            .enqueue("persona", "inq_7", Duration::from_millis(1))
            .await
            .unwrap(),
        Enqueued::Updated
    );
    assert_eq!(queue.scheduled("persona").await.unwrap(), 10_000);
    let source = FakeSource::new(1, Duration::ZERO);
    let mut workers = Vec::new();
    for _ in 0..4 {
        let own = WatchQueue::new(&connect(&server).await);
        workers.push(
            Worker::builder(&own)
                .source("persona", Arc::new(source.clone()))
                .concurrency(8)
                .idle_poll(Duration::from_millis(10))
                .start(),
        );
    }
    let deadline = tokio::time::Instant::now() + Duration::from_secs(600);
    while queue.scheduled("persona").await.unwrap() > 0 {
        assert!(tokio::time::Instant::now() < deadline, "not finished");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    for worker in &mut workers {
        worker.stop().await;
    }
    assert_eq!(source.overlaps(), 0);
    let store = RedisStore::new(queue.redis());
    let mut connection = raw(&server);
    let entries: u64 = redis::cmd("XLEN")
        .arg(store.stream_key())
        .query(&mut connection)
        .unwrap();
    assert_eq!(entries, 20_000, "pending then approved, each recorded once");
    for i in (0..10_000).step_by(97) {
        let id = format!("inq_{i}");
        assert_eq!(source.reads(&id), 2, "{id}");
        assert!(queue.state("persona", &id).await.unwrap().unwrap().finished);
    }
}
