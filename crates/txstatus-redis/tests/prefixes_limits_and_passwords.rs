//! Replicas seen from outside, on a real server: hostile key prefixes, limits
//! of zero, a password changed under running replicas.

use crate::common;
use crate::support;

use common::{
    RedisServer, accept_an_hour_ago, connect, leased, persona_worker, queue, raw, state,
    webhook_commit,
};

use std::time::Duration;

use support::fake_source::FakeSource;
use time::OffsetDateTime;
use txstatus_core::NormalizedStatus;
use txstatus_redis::{ErrorKind, Recorded, Redis, RedisStore, WatchQueue, WorkerEvent};
use txstatus_webhooks::{Store, TxKey};

fn all_keys(server: &RedisServer) -> Vec<Vec<u8>> {
    redis::cmd("KEYS").arg("*").query(&mut raw(server)).unwrap()
}

/// Everything a deployment does, once, under `prefix`.
async fn full_round(server: &RedisServer, prefix: &str) {
    let redis = Redis::connect(&server.config().with_prefix(prefix))
        .await
        .unwrap();
    let store = RedisStore::new(&redis);
    accept_an_hour_ago(&store).await;
    let key = TxKey::new("fake", "tx-1");
    assert_eq!(
        store.due(OffsetDateTime::now_utc(), 10).await.unwrap(),
        vec![key.clone()]
    );
    let ticket = store.begin_read(&key).await.unwrap();
    store
        .commit(webhook_commit(
            key,
            ticket,
            state(NormalizedStatus::Pending, "created"),
        ))
        .await
        .unwrap()
        .unwrap();
    store.set_feed_cursor("fake", "evt-1").await.unwrap();
    assert_eq!(store.feed_cursor("fake").await.unwrap().unwrap(), "evt-1");
    let queue = WatchQueue::new(&redis).allow_stream_erasure(true);
    let lease = leased(&queue, "fake", "tx-1", Duration::from_secs(60)).await;
    let ticket = queue.begin_read(&lease).await.unwrap().unwrap();
    let recorded = queue
        .record(
            &lease,
            ticket,
            state(NormalizedStatus::Succeeded, "approved"),
            OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    assert!(matches!(
        recorded,
        Recorded::Transition { finished: true, .. }
    ));
    assert_eq!(store.transitions(0, 10).await.unwrap().len(), 2);
    let erased = queue.erase("fake", "tx-1").await.unwrap();
    assert_eq!(erased.stream_entries, 2);
    assert!(store.transitions(0, 10).await.unwrap().is_empty());
}

#[tokio::test]
async fn hostile_prefixes_keep_each_deployment_to_its_own_keys() {
    let server = RedisServer::start();
    let long = "p".repeat(64 * 1024);
    let prefixes = [
        "with space",
        "{tag}",
        "*",
        "?",
        "[a-z]",
        "\\*",
        "",
        long.as_str(),
    ];
    for (n, prefix) in prefixes.iter().enumerate() {
        full_round(&server, prefix).await;
        // Every deployment's keys start with its own prefix; the others' are untouched.
        let keys = all_keys(&server);
        assert!(
            keys.iter().all(|k| prefixes[..=n]
                .iter()
                .any(|p| k.starts_with(format!("{p}:").as_bytes()))),
            "a key outside every prefix after {prefix:?}"
        );
    }
}

/// Keys are `<prefix>:<rest>`, and ids (part of the rest) may hold `:`: a prefix with a
/// `:` could be another deployment's prefix followed by the start of one of its keys
/// (`a:wh:tx:fake` + `:transitions` is deployment `a`'s state of the id `transitions`).
#[tokio::test]
async fn a_prefix_holding_a_colon_is_refused_so_no_deployment_nests_in_another() {
    let server = RedisServer::start();
    for prefix in ["a:wh:tx:fake", "app:txstatus", "txstatus:", ":"] {
        let error = Redis::connect(&server.config().with_prefix(prefix))
            .await
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Config, "{prefix:?}: {error}");
        assert!(error.to_string().contains("prefix"), "{error}");
    }
    assert!(all_keys(&server).is_empty(), "nothing written");
}

/// Prefixes that begin alike (`a`, `ab`, `a-wh`), with ids that spell other keys' tails:
/// every key is `<its own prefix>:...`, told apart by the first `:`.
#[tokio::test]
async fn deployments_whose_prefixes_begin_alike_never_touch_each_others_keys() {
    let server = RedisServer::start();
    let prefixes = ["a", "ab", "a-wh", "a_wh_tx_fake"];
    for prefix in prefixes {
        full_round(&server, prefix).await;
        let redis = Redis::connect(&server.config().with_prefix(prefix))
            .await
            .unwrap();
        let queue = WatchQueue::new(&redis);
        for id in ["transitions", "wh:tx:fake:transitions", "a:wh:due"] {
            queue
                .enqueue("fake", id, Duration::from_secs(60))
                .await
                .unwrap();
        }
    }
    for key in all_keys(&server) {
        let key = String::from_utf8(key).unwrap();
        let (owner, _) = key.split_once(':').unwrap();
        assert!(prefixes.contains(&owner), "{key}");
    }
    // Each deployment still sees exactly its own three scheduled ids.
    for prefix in prefixes {
        let redis = Redis::connect(&server.config().with_prefix(prefix))
            .await
            .unwrap();
        assert_eq!(WatchQueue::new(&redis).scheduled("fake").await.unwrap(), 3);
    }
}

#[tokio::test]
async fn a_worker_with_a_zero_read_deadline_and_margin_reads_instead_of_failing_every_claim() {
    let server = RedisServer::start();
    let queue = queue(&server).await;
    queue
        .enqueue("persona", "tx-1", Duration::from_secs(60))
        .await
        .unwrap();
    let source = FakeSource::new(0, Duration::ZERO);
    let mut worker = persona_worker(&queue, &source, 1)
        .read_deadline(Duration::ZERO)
        .margin(Duration::ZERO)
        .start();
    let event = tokio::time::timeout(Duration::from_secs(30), worker.next_event())
        .await
        .unwrap()
        .unwrap();
    worker.stop().await;
    match event {
        WorkerEvent::Redis(error) => panic!("the claim failed: {error}"),
        WorkerEvent::Transition(_) | WorkerEvent::ReadFailed { .. } => {}
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_password_changed_under_a_running_replica_is_an_auth_error_without_either_password() {
    let old = "old-Secret-1";
    let new = "new-Secret-2";
    let server = RedisServer::start_with_password(old);
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    store.set_feed_cursor("fake", "evt-1").await.unwrap();
    {
        let mut admin = raw(&server);
        redis::cmd("CONFIG")
            .arg("SET")
            .arg("requirepass")
            .arg(new)
            .exec(&mut admin)
            .unwrap();
        // Every client must reconnect, with the old password.
        let _: redis::Value = redis::cmd("CLIENT")
            .arg("KILL")
            .arg("TYPE")
            .arg("normal")
            .query(&mut admin)
            .unwrap_or(redis::Value::Nil);
    }
    let mut last = None;
    for _ in 0..20 {
        if let Err(error) = store.feed_cursor("fake").await {
            let shown = format!("{error} {error:?}");
            assert!(!shown.contains(old) && !shown.contains(new), "{shown}");
            let auth = shown.contains("authentication failed");
            last = Some(shown);
            if auth {
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let queue = WatchQueue::new(&redis);
    let error = queue.scheduled("fake").await.unwrap_err();
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(old) && !shown.contains(new), "{shown}");
    assert_eq!(error.kind(), ErrorKind::Auth, "{shown} (before: {last:?})");
}
