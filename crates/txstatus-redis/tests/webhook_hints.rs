//! A delivery's verified hints (ID Scan's `resultId`, the one way to the result) are
//! kept with its transaction in Redis and put on the next transition recorded for it,
//! whichever read records it, as `MemoryStore` does (the same scenarios as
//! txstatus-webhooks' `delivery_rules`); erasure removes them.

use crate::common;

use std::{
    collections::BTreeMap,
    sync::{Arc, atomic::Ordering},
    time::Duration,
};

use common::{
    PROVIDER, ROUTE, RedisServer, Table, TokenSide, connect, delivery, headers, keys, leased, raw,
    state,
};
use time::OffsetDateTime;
use tokio::sync::{Semaphore, mpsc::UnboundedReceiver};
use txstatus_core::{
    ManualClock, NormalizedStatus,
    webhook::{Delivery, Inbound, Refusal, WebhookSide},
};
use txstatus_redis::{MAX_VALUE_LEN, Recorded, RedisStore, WatchQueue};
use txstatus_webhooks::{
    Acceptance, Commit, ObservedState, Origin, Receiver, Store, Transition, TxKey,
};

/// [`TokenSide`], and `"result"` in the body as the `resultId` hint (empty when absent,
/// as txstatus-webhooks' test side).
#[derive(Debug)]
struct ResultSide;

impl WebhookSide for ResultSide {
    fn provider(&self) -> &'static str {
        TokenSide.provider()
    }

    fn max_body(&self) -> usize {
        TokenSide.max_body()
    }

    fn receive(&self, inbound: &Inbound<'_>) -> Result<Delivery, Refusal> {
        let delivery = TokenSide.receive(inbound)?;
        let value: serde_json::Value = serde_json::from_slice(inbound.body).unwrap_or_default();
        let result = value.get("result").and_then(|v| v.as_str());
        Ok(delivery.with_hint("resultId", result.unwrap_or_default()))
    }
}

fn body(event: &str, tx: &str, result: Option<&str>) -> Vec<u8> {
    let result = result.map_or(String::new(), |r| format!(r#","result":"{r}""#));
    format!(r#"{{"event":"{event}","tx":"{tx}"{result}}}"#).into_bytes()
}

struct Setup {
    receiver: Receiver,
    transitions: UnboundedReceiver<Transition>,
    table: Arc<Table>,
    clock: ManualClock,
    gate: Arc<Semaphore>,
    server: RedisServer,
}

async fn setup(max_reads: usize) -> Setup {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let gate = Arc::new(Semaphore::new(0));
    let table = Arc::new(Table::gated(gate.clone()));
    let clock = ManualClock::new();
    let (receiver, transitions) = Receiver::builder(Arc::new(RedisStore::new(&redis)))
        .provider(Arc::new(ResultSide), table.clone())
        .clock(Arc::new(clock.clone()))
        .sweep_threshold(Duration::from_secs(300))
        .max_reads(max_reads)
        .build();
    Setup {
        receiver,
        transitions,
        table,
        clock,
        gate,
        server,
    }
}

async fn post(receiver: &Receiver, body: &[u8]) -> u16 {
    receiver
        .handle("POST", ROUTE, &headers(), None, body)
        .await
        .status
}

fn drain(rx: &mut UnboundedReceiver<Transition>) -> Vec<Transition> {
    let mut all = Vec::new();
    while let Ok(t) = rx.try_recv() {
        all.push(t);
    }
    all
}

fn result_id(transition: &Transition) -> Option<&str> {
    transition.hints.get("resultId").map(String::as_str)
}

/// Reordering: a first delivery (without a `resultId`) starts a read that already sees
/// the transaction completed; the delivery carrying the `resultId` arrives while that
/// read runs. The read records `completed`; the follow-up read sees the same state and
/// records nothing. The `resultId` must be on the transition that records `completed`,
/// in the stream as in the receiver's output, never dropped with the follow-up.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hint_delivered_while_the_read_that_records_its_state_runs_is_on_that_transition() {
    let mut s = setup(64).await;
    s.table
        .set("tx-1", NormalizedStatus::Succeeded, "completed");
    assert_eq!(
        post(&s.receiver, &body("evt-task", "tx-1", None)).await,
        200
    );
    while s.table.reads.load(Ordering::SeqCst) < 1 {
        tokio::task::yield_now().await;
    }
    assert_eq!(
        post(&s.receiver, &body("evt-state", "tx-1", Some("r-42"))).await,
        200
    );
    s.gate.add_permits(10);
    s.receiver.drain().await;
    let transitions = drain(&mut s.transitions);
    assert_eq!(transitions.len(), 1, "{transitions:?}");
    assert_eq!(transitions[0].status.raw, "completed");
    assert_eq!(
        result_id(&transitions[0]),
        Some("r-42"),
        "the verified resultId was dropped"
    );
    let redis = connect(&s.server).await;
    let stream = RedisStore::new(&redis).transitions(0, 100).await.unwrap();
    assert_eq!(stream.len(), 1, "{stream:?}");
    assert_eq!(result_id(&stream[0]), Some("r-42"), "not in the stream");
}

/// A delivery whose read is left to the sweep (the one reader busy, its waiting line
/// full) is recorded and acknowledged; the sweep's read carries its verified hint onto
/// the transition it records.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hint_whose_read_was_left_to_the_sweep_is_on_the_sweeps_transition() {
    let mut s = setup(1).await;
    // One reader held, its waiting line (64 per reader) filled.
    assert_eq!(
        post(&s.receiver, &body("evt-0", "tx-busy", None)).await,
        200
    );
    while s.table.reads.load(Ordering::SeqCst) < 1 {
        tokio::task::yield_now().await;
    }
    for n in 0..64 {
        let event = format!("evt-w{n}");
        let tx = format!("tx-w{n}");
        assert_eq!(post(&s.receiver, &body(&event, &tx, None)).await, 200);
    }
    s.table
        .set("tx-late", NormalizedStatus::Succeeded, "completed");
    assert_eq!(
        post(&s.receiver, &body("evt-late", "tx-late", Some("r-7"))).await,
        200
    );
    s.gate.add_permits(1000);
    s.receiver.drain().await;
    assert!(
        drain(&mut s.transitions).iter().all(|t| t.id != "tx-late"),
        "the deferred delivery was read before the sweep"
    );
    s.clock.advance(Duration::from_secs(301));
    s.receiver.sweep().await.unwrap();
    let late = drain(&mut s.transitions)
        .into_iter()
        .find(|t| t.id == "tx-late")
        .expect("the sweep recorded the deferred delivery's transaction");
    assert_eq!(late.source, Origin::Sweep);
    assert_eq!(
        result_id(&late),
        Some("r-7"),
        "the verified resultId was dropped"
    );
}

fn t0() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap()
}

fn completed() -> ObservedState {
    state(NormalizedStatus::Succeeded, "completed")
}

/// Records a read of `PROVIDER`'s `id` that found it completed at [`t0`]: the
/// transition it must be.
async fn commit_completed(store: &RedisStore, id: &str, origin: Origin) -> Transition {
    let key = TxKey::new(PROVIDER, id);
    let ticket = store.begin_read(&key).await.unwrap();
    let commit = Commit::new(key, ticket, completed(), origin, t0());
    store.commit(commit).await.unwrap().unwrap()
}

/// Kept hints go on the next transition only, with the commit's own (a kept one wins
/// over the commit's of the same name, as in the memory store), and are then cleared.
#[tokio::test]
async fn kept_hints_go_on_the_next_transition_only_merged_with_the_commits_own() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let key = TxKey::new(PROVIDER, "tx-m");
    let first = delivery("evt-1", "tx-m")
        .with_hint("resultId", "r-1")
        .with_hint("other", "o-1");
    assert_eq!(store.accept(&first, t0()).await.unwrap(), Acceptance::New);
    let second = delivery("evt-2", "tx-m").with_hint("resultId", "r-2");
    assert_eq!(store.accept(&second, t0()).await.unwrap(), Acceptance::New);
    // A duplicate's hints are not kept.
    let again = delivery("evt-2", "tx-m").with_hint("resultId", "r-dup");
    assert_eq!(
        store.accept(&again, t0()).await.unwrap(),
        Acceptance::Duplicate
    );
    let ticket = store.begin_read(&key).await.unwrap();
    let own = BTreeMap::from([
        ("resultId".to_owned(), "r-own".to_owned()),
        ("mine".to_owned(), "m".to_owned()),
    ]);
    let pending = state(NormalizedStatus::Pending, "pending");
    let recorded = store
        .commit(
            Commit::new(key, ticket, pending, Origin::Webhook, t0())
                .with_delivery(Some("evt-2".into()), own),
        )
        .await
        .unwrap()
        .unwrap();
    let expected = BTreeMap::from([
        ("mine".to_owned(), "m".to_owned()),
        ("other".to_owned(), "o-1".to_owned()),
        ("resultId".to_owned(), "r-2".to_owned()),
    ]);
    assert_eq!(recorded.hints, expected);
    assert_eq!(store.transitions(0, 10).await.unwrap()[0].hints, expected);
    // Cleared: the next transition carries only its own (none).
    let next = commit_completed(&store, "tx-m", Origin::Sweep).await;
    assert!(next.hints.is_empty(), "{:?}", next.hints);
}

/// Kept hints are bounded as every value written: a delivery that would make them
/// longer than `MAX_VALUE_LEN` is refused before anything is written (its retry is new,
/// never a duplicate).
#[tokio::test]
async fn hints_that_would_be_kept_longer_than_the_cap_are_refused_before_any_write() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    // Hints are kept only as plain tokens of at most 256 characters: many of them.
    let mut long = delivery("evt-long", "tx-long");
    for i in 0..MAX_VALUE_LEN / 200 + 2 {
        long = long.with_hint(format!("k{i}"), "x".repeat(200));
    }
    assert!(store.accept(&long, t0()).await.is_err());
    let keys = keys(&server);
    assert!(keys.is_empty(), "{keys:?}");
    let short = delivery("evt-long", "tx-long").with_hint("resultId", "r-1");
    assert_eq!(store.accept(&short, t0()).await.unwrap(), Acceptance::New);
}

/// Everything a server holds, as text (values of every type), to search for a value.
fn everything(server: &RedisServer) -> String {
    let mut connection = raw(server);
    let keys = keys(server);
    let mut all = String::new();
    for key in keys {
        let kind: String = redis::cmd("TYPE").arg(&key).query(&mut connection).unwrap();
        let value: redis::Value = match kind.as_str() {
            "hash" => redis::cmd("HGETALL").arg(&key).query(&mut connection),
            "string" => redis::cmd("GET").arg(&key).query(&mut connection),
            "zset" => redis::cmd("ZRANGE")
                .arg(&key)
                .arg(0)
                .arg(-1)
                .query(&mut connection),
            "list" => redis::cmd("LRANGE")
                .arg(&key)
                .arg(0)
                .arg(-1)
                .query(&mut connection),
            "stream" => redis::cmd("XRANGE")
                .arg(&key)
                .arg("-")
                .arg("+")
                .query(&mut connection),
            other => panic!("{key}: {other}"),
        }
        .unwrap();
        all.push_str(&format!("{key} {value:?}\n"));
    }
    all
}

/// Erasure reaches the hints kept for a transaction's next transition: nothing Redis
/// holds names them after it, and a later delivery's transition does not carry them.
#[tokio::test]
async fn erasure_removes_a_transactions_kept_hints() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let hinted = delivery("evt-h", "tx-e").with_hint("resultId", "r-erased");
    assert_eq!(store.accept(&hinted, t0()).await.unwrap(), Acceptance::New);
    assert!(everything(&server).contains("r-erased"), "never kept");
    let erased = WatchQueue::new(&redis)
        .allow_stream_erasure(true)
        .erase(PROVIDER, "tx-e")
        .await
        .unwrap();
    assert!(erased.removed >= 1, "{erased:?}");
    let left = everything(&server);
    assert!(!left.contains("r-erased"), "{left}");
    // A later delivery for the same id, without a hint: its transition carries none.
    let later = delivery("evt-later", "tx-e");
    assert_eq!(store.accept(&later, t0()).await.unwrap(), Acceptance::New);
    let recorded = commit_completed(&store, "tx-e", Origin::Webhook).await;
    assert!(recorded.hints.is_empty(), "{:?}", recorded.hints);
}

/// A worker's read is the one that records the state a delivery's hint is about: the
/// polled transition carries it (one stream, one state, one rule), and it is cleared.
#[tokio::test]
async fn a_kept_hint_is_on_the_transition_a_worker_records() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let queue = WatchQueue::new(&redis);
    let lease = leased(&queue, PROVIDER, "tx-w", Duration::from_millis(1)).await;
    let ticket = queue.begin_read(&lease).await.unwrap().unwrap();
    let hinted = delivery("evt-w", "tx-w").with_hint("resultId", "r-w");
    assert_eq!(store.accept(&hinted, t0()).await.unwrap(), Acceptance::New);
    let pending = state(NormalizedStatus::Pending, "pending");
    let recorded = queue
        .record(&lease, ticket, pending, OffsetDateTime::now_utc())
        .await
        .unwrap();
    let Recorded::Transition { transition, .. } = recorded else {
        panic!("{recorded:?}");
    };
    assert_eq!(
        transition.hints.get("resultId").map(String::as_str),
        Some("r-w")
    );
    let stream = store.transitions(0, 10).await.unwrap();
    assert_eq!(stream.len(), 1);
    assert_eq!(result_id(&stream[0]), Some("r-w"));
    // Cleared: a webhook re-read of a later state carries none.
    let next = commit_completed(&store, "tx-w", Origin::Webhook).await;
    assert!(next.hints.is_empty(), "{:?}", next.hints);
}

/// Kept hints no writer of ours left (not a JSON object, members that are not text)
/// decide nothing: a delivery's hints replace them, a commit takes them as none (and
/// clears them), and neither is refused.
#[tokio::test]
async fn junk_kept_hints_are_replaced_and_never_block_a_commit() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let mut connection = raw(&server);
    let hash = format!("{}:wh:tx:{PROVIDER}:", txstatus_redis::DEFAULT_PREFIX);
    for (n, junk) in [
        "{garbage",
        r#"{"resultId":7,"x":["y"]}"#,
        "[1,2]",
        "\"text\"",
    ]
    .into_iter()
    .enumerate()
    {
        // A delivery with a hint over the junk: only its own hint is kept.
        let id = format!("tx-j{n}");
        redis::cmd("HSET")
            .arg(format!("{hash}{id}"))
            .arg("hints")
            .arg(junk)
            .exec(&mut connection)
            .unwrap();
        let hinted = delivery(&format!("evt-j{n}"), &id).with_hint("resultId", "r-j");
        assert_eq!(store.accept(&hinted, t0()).await.unwrap(), Acceptance::New);
        let recorded = commit_completed(&store, &id, Origin::Webhook).await;
        let expected = BTreeMap::from([("resultId".to_owned(), "r-j".to_owned())]);
        assert_eq!(recorded.hints, expected, "{junk}");
        // A commit over the junk alone: no hints, recorded, the junk cleared.
        let id = format!("tx-k{n}");
        redis::cmd("HSET")
            .arg(format!("{hash}{id}"))
            .arg("hints")
            .arg(junk)
            .exec(&mut connection)
            .unwrap();
        let recorded = commit_completed(&store, &id, Origin::Webhook).await;
        assert!(recorded.hints.is_empty(), "{junk}: {:?}", recorded.hints);
        let left: Option<String> = redis::cmd("HGET")
            .arg(format!("{hash}{id}"))
            .arg("hints")
            .query(&mut connection)
            .unwrap();
        assert_eq!(left, None, "{junk}");
    }
}
