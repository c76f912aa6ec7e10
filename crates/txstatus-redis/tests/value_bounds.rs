//! Values another program wrote into the keys this crate reads, longer than
//! `MAX_VALUE_LEN` or out of range, on a real server: refused with a typed error that
//! names what they were (never the value), checked on the server before anything is
//! sent; and a stream entry that is not a transition never hides the ones before it.

use crate::common;

use common::{
    RedisServer, accept_an_hour_ago, commit, connect, leased, past_claim_idle, printer, raw, state,
    webhook_commit,
};

use std::time::Duration;

use time::OffsetDateTime;
use txstatus_core::NormalizedStatus;
use txstatus_redis::{MAX_VALUE_LEN, RedisStore, StartFrom, TransitionConsumer, WatchQueue};
use txstatus_webhooks::{Store, TxKey};

/// A state that parses, with a `raw` of `len` bytes of `marker`.
fn long_state_json(len: usize, marker: char) -> String {
    serde_json::to_string(&state(
        NormalizedStatus::Pending,
        &marker.to_string().repeat(len),
    ))
    .unwrap()
}

fn assert_names_the_cap_not_the_value(message: &str) {
    assert!(message.contains("longer than"), "{message}");
    assert!(message.contains(&MAX_VALUE_LEN.to_string()), "{message}");
    assert!(!message.contains("QQQQ"), "the value is never shown");
    assert!(message.len() < 300, "{message}");
}

#[tokio::test]
async fn a_stored_state_longer_than_the_cap_is_refused_by_commit_state_and_record() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let queue = WatchQueue::new(&redis);
    queue
        .enqueue("fake", "tx-1", Duration::from_secs(1))
        .await
        .unwrap();
    // A state that parses, only longer than anything this crate writes.
    let mut connection = raw(&server);
    redis::cmd("HSET")
        .arg(format!("{}:wh:tx:fake:tx-1", redis.prefix()))
        .arg("last")
        .arg(long_state_json(MAX_VALUE_LEN + 1, 'Q'))
        .arg("version")
        .arg("1")
        .exec(&mut connection)
        .unwrap();

    let key = TxKey::new("fake", "tx-1");
    let ticket = store.begin_read(&key).await.unwrap();
    let refused = store
        .commit(webhook_commit(
            key,
            ticket,
            state(NormalizedStatus::Succeeded, "done"),
        ))
        .await
        .unwrap_err();
    assert_names_the_cap_not_the_value(&refused.to_string());

    let refused = queue.state("fake", "tx-1").await.unwrap_err();
    assert_eq!(refused.kind(), txstatus_redis::ErrorKind::Command);
    assert_names_the_cap_not_the_value(&refused.to_string());

    let lease = queue
        .claim("fake", Duration::from_secs(30))
        .await
        .unwrap()
        .unwrap();
    let refused = queue
        .record(
            &lease,
            1,
            state(NormalizedStatus::Succeeded, "done"),
            OffsetDateTime::now_utc(),
        )
        .await
        .unwrap_err();
    assert_names_the_cap_not_the_value(&refused.to_string());
    let len: u64 = redis::cmd("XLEN")
        .arg(store.stream_key())
        .query(&mut connection)
        .unwrap();
    assert_eq!(len, 0, "nothing recorded over it");

    // Repaired: a state at the cap's side of it is read again.
    redis::cmd("HSET")
        .arg(format!("{}:wh:tx:fake:tx-1", redis.prefix()))
        .arg("last")
        .arg(long_state_json(16, 'Q'))
        .exec(&mut connection)
        .unwrap();
    assert!(
        queue
            .state("fake", "tx-1")
            .await
            .unwrap()
            .unwrap()
            .last
            .is_some()
    );
}

#[tokio::test]
async fn a_feed_cursor_longer_than_the_cap_is_a_typed_error() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    store.set_feed_cursor("fake", "evt-9").await.unwrap();
    assert_eq!(
        store.feed_cursor("fake").await.unwrap().as_deref(),
        Some("evt-9")
    );
    redis::cmd("SET")
        .arg(format!("{}:wh:cursor:fake", redis.prefix()))
        .arg("Q".repeat(MAX_VALUE_LEN + 1))
        .exec(&mut raw(&server))
        .unwrap();
    let refused = store.feed_cursor("fake").await.unwrap_err();
    assert_names_the_cap_not_the_value(&refused.to_string());
}

#[tokio::test]
async fn a_sweep_entry_longer_than_the_cap_is_removed_and_never_returned() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let long_id = "Q".repeat(MAX_VALUE_LEN);
    let prefix = redis.prefix().to_owned();
    let mut connection = raw(&server);
    // A transaction hash for it too, so it is not pruned as expired.
    redis::cmd("HSET")
        .arg(format!("{prefix}:wh:tx:fake:{long_id}"))
        .arg("awaiting")
        .arg("1")
        .exec(&mut connection)
        .unwrap();
    redis::cmd("ZADD")
        .arg(format!("{prefix}:wh:due"))
        .arg(0)
        .arg(format!("fake\n{long_id}"))
        .exec(&mut connection)
        .unwrap();
    accept_an_hour_ago(&store).await;

    let due = store.due(OffsetDateTime::now_utc(), 1).await.unwrap();
    assert_eq!(due, vec![TxKey::new("fake", "tx-1")]);
    let left: u64 = redis::cmd("ZCARD")
        .arg(format!("{prefix}:wh:due"))
        .query(&mut connection)
        .unwrap();
    assert_eq!(left, 1, "only the real entry stays");
}

/// `XADD` of a record field, as another program would.
fn xadd(connection: &mut redis::Connection, stream: &str, record: &str) {
    redis::cmd("XADD")
        .arg(stream)
        .arg("*")
        .arg("provider")
        .arg("fake")
        .arg("id")
        .arg("tx-x")
        .arg("record")
        .arg(record)
        .exec(connection)
        .unwrap();
}

/// A transition record that parses, with a hint of `len` bytes.
fn long_record(len: usize) -> String {
    serde_json::json!({
        "provider": "fake", "id": "tx-x", "source": "webhook",
        "observed_at": "2026-12-02T10:00:00Z", "previous": null,
        "status": {"normalized": "pending", "raw": "created", "terminal": false},
        "hints": {"h": "Q".repeat(len)},
    })
    .to_string()
}

#[tokio::test]
async fn a_stream_record_longer_than_the_cap_ends_the_page_and_is_named_by_position() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    commit(&store, "tx-1", NormalizedStatus::Pending, "created").await;
    let mut connection = raw(&server);
    // It parses: only its length makes it unreadable.
    xadd(
        &mut connection,
        &store.stream_key(),
        &long_record(MAX_VALUE_LEN),
    );
    commit(&store, "tx-2", NormalizedStatus::Pending, "created").await;

    let page = store.transitions(0, 10).await.unwrap();
    assert_eq!(page.len(), 1, "the transition before it, nothing after");
    assert_eq!(page[0].id, "tx-1");
    let refused = store.transitions(1, 10).await.unwrap_err().to_string();
    assert_names_the_cap_not_the_value(&refused);
    assert!(refused.contains("position 1"), "{refused}");
    let rest = store.transitions(2, 10).await.unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].id, "tx-2");
}

#[tokio::test]
async fn an_unreadable_stream_entry_never_hides_the_transitions_before_it() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    commit(&store, "tx-1", NormalizedStatus::Pending, "created").await;
    commit(&store, "tx-2", NormalizedStatus::Pending, "created").await;
    let mut connection = raw(&server);
    xadd(&mut connection, &store.stream_key(), "not json");
    commit(&store, "tx-3", NormalizedStatus::Pending, "created").await;

    let page = store.transitions(0, 10).await.unwrap();
    let ids: Vec<&str> = page.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["tx-1", "tx-2"]);
    let refused = store.transitions(2, 10).await.unwrap_err().to_string();
    assert!(refused.contains("position 2"), "{refused}");
    assert!(refused.contains("not a transition"), "{refused}");
    assert!(!refused.contains("not json"), "{refused}");
    let rest = store.transitions(3, 10).await.unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].id, "tx-3");
    assert!(store.transitions(0, 0).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_stored_interval_out_of_range_is_unscheduled_by_claim_and_refused_by_state() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let queue = WatchQueue::new(&redis);
    let mut connection = raw(&server);
    // Nineteen digits, zero, one past the longest, and junk: no enqueue writes them.
    let junk = ["9999999999999999999", "0", "31622400000001", "1e9", " 12"];
    for (n, interval) in junk.iter().enumerate() {
        let id = format!("tx-{n}");
        queue
            .enqueue("fake", &id, Duration::from_secs(1))
            .await
            .unwrap();
        redis::cmd("HSET")
            .arg(format!("{}:watch:tx:fake:{id}", redis.prefix()))
            .arg("interval_us")
            .arg(*interval)
            .exec(&mut connection)
            .unwrap();
        let refused = queue.state("fake", &id).await.unwrap_err();
        assert_eq!(refused.kind(), txstatus_redis::ErrorKind::Command);
        assert!(refused.to_string().contains("interval"), "{refused}");
    }
    let lease = leased(&queue, "fake", "good", Duration::from_secs(1)).await;
    assert_eq!(lease.id, "good", "every junk interval is skipped");
    assert_eq!(queue.scheduled("fake").await.unwrap(), 1, "and unscheduled");
    assert!(
        queue
            .claim("fake", Duration::from_secs(30))
            .await
            .unwrap()
            .is_none()
    );
}

fn pending(connection: &mut redis::Connection, stream: &str) -> u64 {
    let summary: (u64, redis::Value, redis::Value, redis::Value) = redis::cmd("XPENDING")
        .arg(stream)
        .arg("printers")
        .query(connection)
        .unwrap();
    summary.0
}

/// `XREADGROUP ... >` as `consumer`, from outside: what a blocking read that handed the
/// entries over (to a consumer that then died) leaves pending.
fn hand_over(connection: &mut redis::Connection, stream: &str, consumer: &str) {
    let _: redis::Value = redis::cmd("XREADGROUP")
        .arg("GROUP")
        .arg("printers")
        .arg(consumer)
        .arg("STREAMS")
        .arg(stream)
        .arg(">")
        .query(connection)
        .unwrap();
}

#[tokio::test]
async fn a_record_longer_than_the_cap_is_never_sent_to_a_consumer_reading_it_back_or_claiming_it() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let mut connection = raw(&server);
    let stream = store.stream_key();
    let mut a = printer(&redis, "a").await;

    // Already there when the consumer reads: never sent, acknowledged and skipped.
    xadd(&mut connection, &stream, &long_record(MAX_VALUE_LEN));
    let before = common::bytes_sent(&mut connection);
    assert!(a.next().await.unwrap().is_empty());
    assert!(
        common::bytes_sent(&mut connection) - before < 64 * 1024,
        "never sent"
    );
    assert_eq!(pending(&mut connection, &stream), 0, "acknowledged");

    // Handed over by a blocking read to "a", which died: not read back after a restart.
    xadd(&mut connection, &stream, &long_record(MAX_VALUE_LEN));
    hand_over(&mut connection, &stream, "a");
    drop(a);
    let mut restarted = printer(&redis, "a").await;
    let before = common::bytes_sent(&mut connection);
    assert!(restarted.next().await.unwrap().is_empty(), "not read back");
    assert!(
        common::bytes_sent(&mut connection) - before < 64 * 1024,
        "never sent"
    );
    assert_eq!(pending(&mut connection, &stream), 0, "acknowledged");

    // Handed over to "c", which died: not claimed whole by "b".
    xadd(&mut connection, &stream, &long_record(MAX_VALUE_LEN));
    hand_over(&mut connection, &stream, "c");
    past_claim_idle().await;
    let mut claimer = printer(&redis, "b").await;
    let before = common::bytes_sent(&mut connection);
    assert!(
        claimer.next().await.unwrap().is_empty(),
        "not claimed as read"
    );
    assert!(
        common::bytes_sent(&mut connection) - before < 64 * 1024,
        "never sent"
    );
    assert_eq!(pending(&mut connection, &stream), 0, "acknowledged");

    // A transition of ours still comes through.
    commit(&store, "tx-1", NormalizedStatus::Pending, "created").await;
    let read = claimer.next().await.unwrap();
    assert_eq!(read.len(), 1);
    assert_eq!(read[0].id, "tx-1");
    drop(restarted);
}

#[tokio::test]
async fn a_scheduled_member_longer_than_an_id_is_dropped_on_the_server_never_sent() {
    let capture = txstatus_core::test_util::TraceCapture::default();
    let _guard = txstatus_core::test_util::set_test_subscriber(capture.clone());
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let queue = WatchQueue::new(&redis);
    redis::cmd("ZADD")
        .arg(format!("{}:watch:due:fake", redis.prefix()))
        .arg(0)
        .arg("Q".repeat(MAX_VALUE_LEN))
        .exec(&mut raw(&server))
        .unwrap();
    let lease = leased(&queue, "fake", "good", Duration::from_secs(1)).await;
    assert_eq!(lease.id, "good");
    assert_eq!(queue.scheduled("fake").await.unwrap(), 1);
    let text = capture.text();
    // Counted by the claim script (dropped there), not refused here after it was sent.
    assert!(text.contains("dropped=1"), "{text}");
    assert!(!text.contains("not a valid id"), "{text}");
    assert!(!text.contains("QQQQ"));
}

#[tokio::test]
async fn erasure_pages_through_long_stream_values_without_receiving_them() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let queue = WatchQueue::new(&redis).allow_stream_erasure(true);
    commit(&store, "tx-1", NormalizedStatus::Pending, "created").await;
    let mut connection = raw(&server);
    // Another program's entry, with long values in every field this erasure compares.
    redis::cmd("XADD")
        .arg(store.stream_key())
        .arg("*")
        .arg("provider")
        .arg("Q".repeat(MAX_VALUE_LEN))
        .arg("id")
        .arg("Q".repeat(MAX_VALUE_LEN))
        .arg("record")
        .arg("Q".repeat(MAX_VALUE_LEN))
        .exec(&mut connection)
        .unwrap();
    let before = common::bytes_sent(&mut connection);
    let erased = queue.erase("fake", "tx-1").await.unwrap();
    let during = common::bytes_sent(&mut connection) - before;
    assert_eq!(erased.stream_entries, 1);
    assert!(
        during < 64 * 1024,
        "{during} bytes sent to erase one transaction"
    );
    let left: u64 = redis::cmd("XLEN")
        .arg(store.stream_key())
        .query(&mut connection)
        .unwrap();
    assert_eq!(left, 1, "the other entry stays");
}

#[tokio::test]
async fn nothing_longer_than_the_cap_is_written_so_nothing_written_is_unreadable() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let queue = WatchQueue::new(&redis);
    let long = "Q".repeat(MAX_VALUE_LEN + 1);
    let mut connection = raw(&server);

    // A provider answering a status longer than the cap: refused, nothing written.
    let key = TxKey::new("fake", "tx-1");
    let ticket = store.begin_read(&key).await.unwrap();
    let refused = store
        .commit(webhook_commit(
            key.clone(),
            ticket,
            state(NormalizedStatus::Pending, &long),
        ))
        .await
        .unwrap_err()
        .to_string();
    assert!(refused.contains("not written"), "{refused}");
    assert!(!refused.contains("QQQQ"));
    let lease = leased(&queue, "fake", "tx-1", Duration::from_secs(1)).await;
    let refused = queue
        .record(
            &lease,
            queue.begin_read(&lease).await.unwrap().unwrap(),
            state(NormalizedStatus::Pending, &long),
            OffsetDateTime::now_utc(),
        )
        .await
        .unwrap_err()
        .to_string();
    assert!(refused.contains("not written"), "{refused}");
    let len: u64 = redis::cmd("XLEN")
        .arg(store.stream_key())
        .query(&mut connection)
        .unwrap();
    assert_eq!(len, 0);
    // The transaction is not wedged: a usable state records.
    commit(&store, "tx-1", NormalizedStatus::Pending, "created").await;

    // A feed cursor, and a delivery naming a transaction id, longer than the cap.
    assert!(store.set_feed_cursor("fake", &long).await.is_err());
    // Its builder takes ids of 256 bytes at most; the field itself is public.
    let mut delivery = txstatus_core::webhook::Delivery::authenticated("fake")
        .with_event_id(Some("evt-long".to_owned()));
    delivery.transaction_id = Some(long.clone());
    assert!(
        store
            .accept(&delivery, OffsetDateTime::now_utc())
            .await
            .is_err()
    );
    let seen: u64 = redis::cmd("EXISTS")
        .arg(format!("{}:wh:seen:fake:evt-long", redis.prefix()))
        .query(&mut connection)
        .unwrap();
    assert_eq!(seen, 0, "not marked seen: its retry is new");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_record_longer_than_the_cap_arriving_while_a_consumer_waits_is_never_sent_to_it() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let stream = store.stream_key();
    let mut waiting = TransitionConsumer::builder(&redis, "printers", "a")
        .start_from(StartFrom::Beginning)
        .block(Duration::from_secs(2))
        .build()
        .await
        .unwrap();
    assert!(waiting.next().await.unwrap().is_empty());
    let mut connection = raw(&server);
    let before = common::bytes_sent(&mut connection);
    let writer = {
        let mut connection = raw(&server);
        let stream = stream.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(300)).await;
            // A record that parses as a transition, over the cap: another program's.
            xadd(&mut connection, &stream, &long_record(MAX_VALUE_LEN));
        })
    };
    let read = waiting.next().await.unwrap();
    writer.await.unwrap();
    assert!(read.is_empty(), "{} handed over", read.len());
    // Whatever the wait did not take, the next read takes (checked): still never sent.
    assert!(waiting.next().await.unwrap().is_empty());
    assert!(
        common::bytes_sent(&mut connection) - before < 64 * 1024,
        "never sent"
    );
    assert_eq!(pending(&mut connection, &stream), 0, "acknowledged");
    // A transition of ours arriving during a wait still comes through within it.
    let reader = tokio::spawn(async move {
        let read = waiting.next().await.unwrap();
        (read, waiting)
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    commit(&store, "tx-1", NormalizedStatus::Pending, "created").await;
    let (read, _waiting) = reader.await.unwrap();
    assert_eq!(read.len(), 1, "{read:?}");
    assert_eq!(read[0].id, "tx-1");
}

#[tokio::test]
async fn one_read_of_a_consumer_holds_a_few_records_under_the_cap_not_a_batch_of_them() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let stream = store.stream_key();
    let mut connection = raw(&server);
    // Records that parse, each just under the cap: a batch of them would be ~100 MiB.
    let record = long_record(MAX_VALUE_LEN - 1024);
    assert!(record.len() <= MAX_VALUE_LEN);
    for _ in 0..40 {
        xadd(&mut connection, &stream, &record);
    }
    let mut consumer = TransitionConsumer::builder(&redis, "printers", "a")
        .start_from(StartFrom::Beginning)
        .batch(100)
        .block(Duration::from_millis(10))
        .build()
        .await
        .unwrap();
    let mut seen = std::collections::BTreeSet::new();
    let mut reads = 0;
    while seen.len() < 40 {
        reads += 1;
        assert!(reads < 100, "{} of 40 read", seen.len());
        let before = common::bytes_sent(&mut connection);
        let read = consumer.next().await.unwrap();
        let bytes = common::bytes_sent(&mut connection) - before;
        assert!(
            bytes < 24 << 20,
            "{bytes} bytes sent for one read of {}",
            read.len()
        );
        let ids: Vec<String> = read.iter().filter_map(|t| t.stream_id.clone()).collect();
        consumer.ack(&ids).await.unwrap();
        seen.extend(ids);
    }
    assert_eq!(pending(&mut connection, &stream), 0);
    // Nothing left: the next read is empty, at once.
    assert!(consumer.next().await.unwrap().is_empty());
}
