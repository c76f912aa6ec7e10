//! A script that meets a key of the wrong type or a field holding junk (written by
//! another program or an older version) refuses before its first write: nothing half
//! done stays behind to decide wrongly later (a delivery deduplicated though never
//! accepted, a state recorded whose transition never reached the stream, a finished
//! transaction read again for ever). Once the key is repaired, everything works.

use crate::common;

use common::{RedisServer, connect, delivery, leased, queue, raw, state, webhook_commit};

use std::time::Duration;

use time::OffsetDateTime;
use txstatus_core::{NormalizedStatus, webhook::Delivery};
use txstatus_redis::{ErrorKind, Recorded, RedisStore, WatchQueue};
use txstatus_webhooks::{Acceptance, Store, TxKey};

/// Runs one command given as words on a connection of its own.
fn run(server: &RedisServer, words: &[&str]) {
    let mut command = redis::cmd(words[0]);
    for word in &words[1..] {
        command.arg(*word);
    }
    let _: redis::Value = command.query(&mut raw(server)).unwrap();
}

fn key_exists(server: &RedisServer, key: &str) -> bool {
    redis::cmd("EXISTS")
        .arg(key)
        .query::<u64>(&mut raw(server))
        .unwrap()
        == 1
}

#[tokio::test]
async fn a_delivery_refused_for_a_hostile_key_is_new_again_once_the_key_is_repaired() {
    // Each breaks one write `accept` makes after marking the event id as seen.
    let cases: [(&str, &[&str]); 3] = [
        (
            "txstatus:wh:tx:fake:tx-1",
            &["SET", "txstatus:wh:tx:fake:tx-1", "junk"],
        ),
        ("txstatus:wh:due", &["SET", "txstatus:wh:due", "junk"]),
        (
            "txstatus:wh:unrouted",
            &["SET", "txstatus:wh:unrouted", "junk"],
        ),
    ];
    for (broken, hostile) in cases {
        let server = RedisServer::start();
        let store = RedisStore::new(&connect(&server).await);
        run(&server, hostile);
        let routed = !broken.ends_with("unrouted");
        let delivery = Delivery::authenticated("fake")
            .with_event_id(Some("evt-1".to_owned()))
            .with_transaction_id(routed.then(|| "tx-1".to_owned()));
        let now = OffsetDateTime::now_utc();
        let error = store.accept(&delivery, now).await.unwrap_err();
        assert!(!error.to_string().contains("tx-1"), "{error}");
        assert!(
            !key_exists(&server, "txstatus:wh:seen:fake:evt-1"),
            "{hostile:?}: the event id was marked as seen though the delivery was refused"
        );
        // Repaired: the provider's retry of the same delivery is accepted as new.
        run(&server, &["DEL", broken]);
        assert_eq!(
            store.accept(&delivery, now).await.unwrap(),
            Acceptance::New,
            "{hostile:?}"
        );
        if routed {
            let due = store
                .due(now + time::Duration::seconds(1), 10)
                .await
                .unwrap();
            assert_eq!(due, vec![TxKey::new("fake", "tx-1")], "{hostile:?}");
        }
    }
}

#[tokio::test]
async fn a_junk_sweep_time_in_a_transaction_is_replaced_and_the_delivery_is_accepted_and_due() {
    for (field, junk) in [
        ("since", "yesterday"),
        ("checked", "nan"),
        ("since", "1e300"),
        ("since", "99999999999999999999"),
        ("checked", "4102444800000000"),
    ] {
        let server = RedisServer::start();
        let store = RedisStore::new(&connect(&server).await);
        run(&server, &["HSET", "txstatus:wh:tx:fake:tx-1", field, junk]);
        let delivery = delivery("evt-1", "tx-1");
        let now = OffsetDateTime::now_utc();
        assert_eq!(
            store.accept(&delivery, now).await.unwrap(),
            Acceptance::New,
            "{field}={junk}"
        );
        let due = store
            .due(now + time::Duration::seconds(1), 10)
            .await
            .unwrap();
        assert_eq!(due, vec![TxKey::new("fake", "tx-1")], "{field}={junk}");
    }
}

#[tokio::test]
async fn a_commit_refused_for_a_hostile_key_records_nothing_and_the_transition_is_recorded_once_repaired()
 {
    let cases: [(&str, &[&str]); 4] = [
        (
            "txstatus:transitions",
            &["SET", "txstatus:transitions", "junk"],
        ),
        ("txstatus:wh:due", &["SET", "txstatus:wh:due", "junk"]),
        (
            "txstatus:wh:tx:fake:tx-1",
            &["HSET", "txstatus:wh:tx:fake:tx-1", "committed", "lots"],
        ),
        (
            "txstatus:wh:tx:fake:tx-1",
            &["HSET", "txstatus:wh:tx:fake:tx-1", "version", "v2"],
        ),
    ];
    for (broken, hostile) in cases {
        let server = RedisServer::start();
        let store = RedisStore::new(&connect(&server).await);
        let key = TxKey::new("fake", "tx-1");
        run(&server, hostile);
        let ticket = store.begin_read(&key).await.unwrap();
        let commit = webhook_commit(
            key.clone(),
            ticket,
            state(NormalizedStatus::Succeeded, "approved"),
        );
        assert!(store.commit(commit).await.is_err(), "{hostile:?}");
        let last: Option<String> = redis::cmd("HGET")
            .arg("txstatus:wh:tx:fake:tx-1")
            .arg("last")
            .query(&mut raw(&server))
            .unwrap_or(None);
        assert_eq!(
            last, None,
            "{hostile:?}: a state recorded by a refused commit"
        );
        // Repaired: the next read records the transition, in the stream, once.
        run(&server, &["DEL", broken]);
        let ticket = store.begin_read(&key).await.unwrap();
        let commit = webhook_commit(
            key.clone(),
            ticket,
            state(NormalizedStatus::Succeeded, "approved"),
        );
        let transition = store.commit(commit).await.unwrap();
        assert!(
            transition.is_some(),
            "{hostile:?}: the transition never reached the stream"
        );
        assert_eq!(store.transitions(0, 10).await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn a_worker_record_refused_for_a_junk_interval_writes_nothing_and_finishes_once_repaired() {
    for junk in ["soon", "-1", "1e3", "99999999999999999999"] {
        let server = RedisServer::start();
        let queue = queue(&server).await;
        let lease = leased(&queue, "persona", "inq_1", Duration::from_secs(60)).await;
        let ticket = queue.begin_read(&lease).await.unwrap().unwrap();
        run(
            &server,
            &[
                "HSET",
                "txstatus:watch:tx:persona:inq_1",
                "interval_us",
                junk,
            ],
        );
        let error = queue
            .record(
                &lease,
                ticket,
                state(NormalizedStatus::Succeeded, "approved"),
                OffsetDateTime::now_utc(),
            )
            .await
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Command, "{junk}: {error}");
        let store = RedisStore::new(queue.redis());
        assert!(
            store.transitions(0, 10).await.unwrap().is_empty(),
            "{junk}: a refused record reached the stream"
        );
        let last: Option<String> = redis::cmd("HGET")
            .arg("txstatus:wh:tx:persona:inq_1")
            .arg("last")
            .query(&mut raw(&server))
            .unwrap();
        assert_eq!(last, None, "{junk}: a refused record set the last state");
        // Repaired (as enqueue writes it): the same read is recorded and finishes it.
        run(
            &server,
            &[
                "HSET",
                "txstatus:watch:tx:persona:inq_1",
                "interval_us",
                "60000000",
            ],
        );
        let recorded = queue
            .record(
                &lease,
                ticket,
                state(NormalizedStatus::Succeeded, "approved"),
                OffsetDateTime::now_utc(),
            )
            .await
            .unwrap();
        assert!(
            matches!(recorded, Recorded::Transition { finished: true, .. }),
            "{junk}: {recorded:?}"
        );
        assert_eq!(queue.scheduled("persona").await.unwrap(), 0);
    }
}

#[tokio::test]
async fn a_junk_read_counter_is_restarted_and_the_record_finishes_the_transaction() {
    for junk in ["many", "-3", "9223372036854775807", "1.5"] {
        let server = RedisServer::start();
        let queue = queue(&server).await;
        let lease = leased(&queue, "persona", "inq_1", Duration::from_secs(60)).await;
        let ticket = queue.begin_read(&lease).await.unwrap().unwrap();
        run(
            &server,
            &["HSET", "txstatus:watch:tx:persona:inq_1", "reads", junk],
        );
        let recorded = queue
            .record(
                &lease,
                ticket,
                state(NormalizedStatus::Succeeded, "approved"),
                OffsetDateTime::now_utc(),
            )
            .await
            .unwrap();
        assert!(
            matches!(recorded, Recorded::Transition { finished: true, .. }),
            "{junk}: {recorded:?}"
        );
        let watched = queue.state("persona", "inq_1").await.unwrap().unwrap();
        assert!(watched.finished, "{junk}");
        assert_eq!(watched.reads, 1, "{junk}");
        assert_eq!(queue.scheduled("persona").await.unwrap(), 0, "{junk}");
        assert_eq!(
            RedisStore::new(queue.redis())
                .transitions(0, 10)
                .await
                .unwrap()
                .len(),
            1,
            "{junk}"
        );
    }
}

#[tokio::test]
async fn erasure_reaches_stream_entries_whatever_other_entries_hold() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let queue = WatchQueue::new(&redis).allow_stream_erasure(true);
    let store = RedisStore::new(&redis);
    let key = TxKey::new("persona", "inq_erase");
    let ticket = store.begin_read(&key).await.unwrap();
    store
        .commit(webhook_commit(
            key.clone(),
            ticket,
            state(NormalizedStatus::Pending, "pending"),
        ))
        .await
        .unwrap()
        .unwrap();
    // Entries another program wrote: a field name that is not UTF-8, values that are
    // not, a lone field; then the transaction's own second entry after them.
    let mut connection = raw(&server);
    redis::cmd("XADD")
        .arg("txstatus:transitions")
        .arg("*")
        .arg(b"\xff\xfe".as_slice())
        .arg("x")
        .arg("provider")
        .arg("persona")
        .exec(&mut connection)
        .unwrap();
    redis::cmd("XADD")
        .arg("txstatus:transitions")
        .arg("*")
        .arg("provider")
        .arg(b"\xff".as_slice())
        .arg("id")
        .arg(b"\x80".as_slice())
        .exec(&mut connection)
        .unwrap();
    let ticket = store.begin_read(&key).await.unwrap();
    store
        .commit(webhook_commit(
            key.clone(),
            ticket,
            state(NormalizedStatus::Succeeded, "approved"),
        ))
        .await
        .unwrap()
        .unwrap();
    let erased = queue.erase("persona", "inq_erase").await.unwrap();
    assert_eq!(erased.stream_entries, 2, "{erased:?}");
    let left: u64 = redis::cmd("XLEN")
        .arg("txstatus:transitions")
        .query(&mut connection)
        .unwrap();
    assert_eq!(left, 2, "the other entries stay");
}

#[tokio::test]
async fn erasure_runs_to_its_end_whatever_type_the_shared_keys_hold() {
    for hostile in [
        "txstatus:watch:due:persona",
        "txstatus:wh:due",
        "txstatus:transitions",
    ] {
        let server = RedisServer::start();
        let redis = connect(&server).await;
        let queue = WatchQueue::new(&redis).allow_stream_erasure(true);
        let store = RedisStore::new(&redis);
        let key = TxKey::new("persona", "inq_erase");
        let ticket = store.begin_read(&key).await.unwrap();
        store
            .commit(webhook_commit(
                key.clone(),
                ticket,
                state(NormalizedStatus::Pending, "pending"),
            ))
            .await
            .unwrap()
            .unwrap();
        // The transaction's own keys are there; one shared key holds another type.
        assert!(key_exists(&server, "txstatus:wh:tx:persona:inq_erase"));
        let stream_entries = if hostile.ends_with("transitions") {
            0
        } else {
            1
        };
        run(&server, &["DEL", hostile]);
        run(&server, &["SET", hostile, "junk"]);
        let erased = queue
            .erase("persona", "inq_erase")
            .await
            .unwrap_or_else(|e| panic!("{hostile}: {e}"));
        assert_eq!(erased.stream_entries, stream_entries, "{hostile}");
        assert!(
            !key_exists(&server, "txstatus:wh:tx:persona:inq_erase"),
            "{hostile}"
        );
    }
}

fn ttl_ms(server: &RedisServer, key: &str) -> i64 {
    redis::cmd("PTTL").arg(key).query(&mut raw(server)).unwrap()
}

#[tokio::test]
async fn a_schedule_of_another_type_refuses_enqueue_and_renew_before_any_write() {
    let server = RedisServer::start();
    let queue = queue(&server).await;
    let lease = leased(&queue, "persona", "inq_held", Duration::from_secs(60)).await;
    let until_before: String = redis::cmd("HGET")
        .arg("txstatus:watch:tx:persona:inq_held")
        .arg("until")
        .query(&mut raw(&server))
        .unwrap();
    // The schedule key is replaced by another program.
    run(&server, &["DEL", "txstatus:watch:due:persona"]);
    run(&server, &["SET", "txstatus:watch:due:persona", "junk"]);
    // A new id: refused, and no hash naming it is left behind (without an expiry, it
    // would never go).
    let error = queue
        .enqueue("persona", "inq_new", Duration::from_secs(60))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("WRONGTYPE"), "{error}");
    assert!(!key_exists(&server, "txstatus:watch:tx:persona:inq_new"));
    // A watched id: refused, its interval unchanged.
    let error = queue
        .enqueue("persona", "inq_held", Duration::from_secs(5))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("WRONGTYPE"), "{error}");
    let state = queue.state("persona", "inq_held").await.unwrap().unwrap();
    assert_eq!(state.interval, Duration::from_secs(60));
    // Renew and release: refused, the lease unchanged.
    let error = queue
        .renew(&lease, Duration::from_secs(3600))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Command, "{error}");
    let error = queue
        .release(&lease, Duration::from_secs(3600))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Command, "{error}");
    let until_after: String = redis::cmd("HGET")
        .arg("txstatus:watch:tx:persona:inq_held")
        .arg("until")
        .query(&mut raw(&server))
        .unwrap();
    assert_eq!(until_after, until_before);
    assert!(ttl_ms(&server, "txstatus:watch:tx:persona:inq_held") > 0);
    // Repaired: everything works again.
    run(&server, &["DEL", "txstatus:watch:due:persona"]);
    queue
        .enqueue("persona", "inq_new", Duration::from_secs(60))
        .await
        .unwrap();
    assert!(ttl_ms(&server, "txstatus:watch:tx:persona:inq_new") > 0);
    assert!(
        queue
            .renew(&lease, Duration::from_secs(60))
            .await
            .unwrap()
            .is_some()
    );
}

/// A version as large as the store takes (15 digits) is written back as a plain
/// integer, so the transaction can be committed again and again (Lua's
/// `tostring` would have written `1e+14`, which the store then refuses).
#[tokio::test]
async fn a_large_stored_version_stays_a_plain_integer_and_the_transaction_commits_again() {
    for version in ["99999999999999", "123456789012345"] {
        let server = RedisServer::start();
        let store = RedisStore::new(&connect(&server).await);
        let key = TxKey::new("fake", "tx-1");
        let commit_as = |status: NormalizedStatus, raw_status: &'static str, ticket| {
            webhook_commit(key.clone(), ticket, state(status, raw_status))
        };
        let ticket = store.begin_read(&key).await.unwrap();
        store
            .commit(commit_as(NormalizedStatus::Pending, "pending", ticket))
            .await
            .unwrap();
        run(
            &server,
            &["HSET", "txstatus:wh:tx:fake:tx-1", "version", version],
        );
        for (status, raw_status) in [
            (NormalizedStatus::Pending, "needs-review"),
            (NormalizedStatus::Succeeded, "approved"),
        ] {
            let ticket = store.begin_read(&key).await.unwrap();
            let transition = store
                .commit(commit_as(status, raw_status, ticket))
                .await
                .unwrap_or_else(|e| panic!("{version}: {e}"));
            assert!(transition.is_some(), "{version} {raw_status}");
        }
        let stored: String = redis::cmd("HGET")
            .arg("txstatus:wh:tx:fake:tx-1")
            .arg("version")
            .query(&mut raw(&server))
            .unwrap();
        let expected = version.parse::<u64>().unwrap() + 2;
        assert_eq!(stored, expected.to_string(), "{version}");
    }
}

/// A Redis user allowed everything but `XADD`, the way an ACL that leaves out
/// the stream key (or a server refusing writes midway) refuses one command of a
/// script.
async fn without_xadd(server: &RedisServer) -> txstatus_redis::Redis {
    run(
        server,
        &[
            "ACL",
            "SETUSER",
            "limited",
            "on",
            ">Secret-Pw-42",
            "~*",
            "&*",
            "+@all",
            "-xadd",
        ],
    );
    let url = format!("redis://limited:Secret-Pw-42@127.0.0.1:{}", server.port());
    let config = txstatus_redis::RedisConfig::new(url).unwrap();
    txstatus_redis::Redis::connect(&config).await.unwrap()
}

/// The stream append is a commit's first write: refused, it leaves the state
/// as it was, so the same state read again once the server takes it is a
/// transition, recorded, never lost (webhook re-reads and worker records).
#[tokio::test]
async fn a_commit_whose_stream_append_is_refused_writes_nothing_and_records_on_the_next_read() {
    let server = RedisServer::start();
    let store = RedisStore::new(&without_xadd(&server).await);
    let key = TxKey::new("fake", "tx-1");
    let ticket = store.begin_read(&key).await.unwrap();
    let first = store
        .commit(webhook_commit(
            key.clone(),
            ticket,
            state(NormalizedStatus::Succeeded, "approved"),
        ))
        .await;
    let refused = first.unwrap_err();
    assert!(!format!("{refused:?}").contains("Secret-Pw-42"));
    // The server's reply is named, with its code, even where redis-rs gives it
    // no category.
    let said = refused.to_string();
    assert!(said.contains(" (") && !said.contains(":  ("), "{said}");
    run(&server, &["ACL", "SETUSER", "limited", "+xadd"]);
    let ticket = store.begin_read(&key).await.unwrap();
    let again = store
        .commit(webhook_commit(
            key,
            ticket,
            state(NormalizedStatus::Succeeded, "approved"),
        ))
        .await
        .unwrap();
    let len: u64 = redis::cmd("XLEN")
        .arg(store.stream_key())
        .query(&mut raw(&server))
        .unwrap();
    assert!(
        again.is_some() && len == 1,
        "{again:?}, stream length {len}"
    );

    let server = RedisServer::start();
    let queue = WatchQueue::new(&without_xadd(&server).await);
    queue
        .enqueue("persona", "inq_1", Duration::from_secs(60))
        .await
        .unwrap();
    let lease = queue
        .claim("persona", Duration::from_secs(60))
        .await
        .unwrap()
        .unwrap();
    let ticket = queue.begin_read(&lease).await.unwrap().unwrap();
    let first = queue
        .record(
            &lease,
            ticket,
            state(NormalizedStatus::Succeeded, "approved"),
            OffsetDateTime::now_utc(),
        )
        .await;
    assert!(first.is_err(), "{first:?}");
    run(&server, &["ACL", "SETUSER", "limited", "+xadd"]);
    let ticket = queue.begin_read(&lease).await.unwrap().unwrap();
    let again = queue
        .record(
            &lease,
            ticket,
            state(NormalizedStatus::Succeeded, "approved"),
            OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    assert!(matches!(again, Recorded::Transition { .. }), "{again:?}");
}
