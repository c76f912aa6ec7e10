//! The setup the Redis tests share, so each test shows only what it is about: a
//! connection to the test's own server, a raw connection to write what this crate never
//! would, and the states, deliveries, commits and consumers most tests start from.

use std::{sync::Arc, time::Duration};

use time::OffsetDateTime;
use txstatus_core::{NormalizedStatus, TxStatus, webhook::Delivery};
use txstatus_redis::{
    Lease, MIN_CLAIM_IDLE, Redis, RedisStore, StartFrom, TransitionConsumer, WatchQueue, Worker,
    WorkerBuilder, WorkerEvent,
};
use txstatus_webhooks::{Commit, ObservedState, Origin, Store, Transition, TxKey};

use super::{PROVIDER, RedisServer};
use crate::support::fake_source::FakeSource;

/// This crate's connection to `server`, under the default prefix.
pub async fn connect(server: &RedisServer) -> Redis {
    Redis::connect(&server.config()).await.unwrap()
}

/// A watch queue on a connection of its own to `server`.
pub async fn queue(server: &RedisServer) -> WatchQueue {
    WatchQueue::new(&connect(server).await)
}

/// A raw connection to `server`, to write (or look at) what this crate never would.
pub fn raw(server: &RedisServer) -> redis::Connection {
    redis::Client::open(server.url())
        .unwrap()
        .get_connection()
        .unwrap()
}

/// Every key `server` holds (`KEYS *`).
pub fn keys(server: &RedisServer) -> Vec<String> {
    redis::cmd("KEYS").arg("*").query(&mut raw(server)).unwrap()
}

/// A state as a provider answered it (no update time).
pub fn state(normalized: NormalizedStatus, raw: &str) -> ObservedState {
    ObservedState::new(&TxStatus::new(normalized, raw), None)
}

/// An authenticated [`PROVIDER`] delivery naming its event and transaction.
pub fn delivery(event: &str, tx: &str) -> Delivery {
    Delivery::authenticated(PROVIDER)
        .with_event_id(Some(event.to_owned()))
        .with_transaction_id(Some(tx.to_owned()))
}

/// Records a webhook re-read of [`PROVIDER`]'s `id` that found `normalized`/`raw`,
/// which must be a transition.
pub async fn commit(
    store: &RedisStore,
    id: &str,
    normalized: NormalizedStatus,
    raw: &str,
) -> Transition {
    let key = TxKey::new(PROVIDER, id);
    let ticket = store.begin_read(&key).await.unwrap();
    let commit = webhook_commit(key, ticket, state(normalized, raw));
    store.commit(commit).await.unwrap().unwrap()
}

/// [`commit`]'s transition, by its stream id.
pub async fn commit_id(
    store: &RedisStore,
    id: &str,
    normalized: NormalizedStatus,
    raw: &str,
) -> String {
    commit(store, id, normalized, raw).await.stream_id.unwrap()
}

/// The stream ids of `transitions`, in order.
pub fn stream_ids(transitions: &[Transition]) -> Vec<String> {
    transitions
        .iter()
        .map(|t| t.stream_id.clone().unwrap())
        .collect()
}

/// Consumer `name` of the group `printers`, reading from the stream's beginning,
/// claiming what another left idle for the shortest time a consumer takes
/// ([`MIN_CLAIM_IDLE`]: wait [`past_claim_idle`] before expecting a claim), blocking 10 ms.
pub async fn printer(redis: &Redis, name: &str) -> TransitionConsumer {
    TransitionConsumer::builder(redis, "printers", name)
        .start_from(StartFrom::Beginning)
        .claim_idle(MIN_CLAIM_IDLE)
        .block(Duration::from_millis(10))
        .build()
        .await
        .unwrap()
}

/// Waits until entries a consumer left pending are idle long enough for [`printer`]
/// to claim them.
pub async fn past_claim_idle() {
    tokio::time::sleep(MIN_CLAIM_IDLE + Duration::from_millis(200)).await;
}

/// The first of `worker`'s events that `pick` takes, waiting up to a minute (readiness
/// on a shared machine, not a timing assertion) with `what` named if none comes.
pub async fn next_event<T>(
    worker: &mut Worker,
    what: &str,
    mut pick: impl FnMut(WorkerEvent) -> Option<T>,
) -> T {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let event = tokio::time::timeout_at(deadline, worker.next_event())
            .await
            .unwrap_or_else(|_| panic!("{what} within a minute"))
            .expect("the worker is running");
        if let Some(picked) = pick(event) {
            return picked;
        }
    }
}

/// A worker reading `persona` from `source`, `concurrency` reads at once, looking for
/// due work every 10 ms; the test sets the rest.
pub fn persona_worker(
    queue: &WatchQueue,
    source: &FakeSource,
    concurrency: usize,
) -> WorkerBuilder {
    Worker::builder(queue)
        .source("persona", Arc::new(source.clone()))
        .concurrency(concurrency)
        .idle_poll(Duration::from_millis(10))
}

/// Waits until each of `persona`'s `ids` is finished (generously: readiness on a shared
/// machine, not a timing assertion).
pub async fn until_finished(queue: &WatchQueue, ids: &[String]) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    loop {
        let mut done = 0;
        for id in ids {
            if queue.state("persona", id).await.unwrap().unwrap().finished {
                done += 1;
            }
        }
        if done == ids.len() {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{done} of {} finished",
            ids.len()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A webhook re-read's commit of `state` for `key`, observed now.
pub fn webhook_commit(key: TxKey, ticket: u64, state: ObservedState) -> Commit {
    Commit::new(
        key,
        ticket,
        state,
        Origin::Webhook,
        OffsetDateTime::now_utc(),
    )
}

/// Schedules `provider`'s `id` every `interval` and claims a 60 s lease, which must be
/// there: the lease a worker holds while it reads.
pub async fn leased(queue: &WatchQueue, provider: &str, id: &str, interval: Duration) -> Lease {
    queue.enqueue(provider, id, interval).await.unwrap();
    claimed(queue, provider).await
}

/// A 60 s lease on `provider`'s next due transaction, which must be there.
pub async fn claimed(queue: &WatchQueue, provider: &str) -> Lease {
    queue
        .claim(provider, Duration::from_secs(60))
        .await
        .unwrap()
        .unwrap()
}

/// Accepts [`delivery`] `evt-1` of `tx-1` as received an hour ago: `tx-1` is due for
/// the sweep now.
pub async fn accept_an_hour_ago(store: &RedisStore) {
    let an_hour_ago = OffsetDateTime::now_utc() - time::Duration::hours(1);
    store
        .accept(&delivery("evt-1", "tx-1"), an_hour_ago)
        .await
        .unwrap();
}
