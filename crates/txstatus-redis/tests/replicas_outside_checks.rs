//! Replicas seen from outside, on a real server: consumers that die before acking,
//! what another program may leave in the stream or in the watch keys, and retention
//! shorter than a transaction's schedule: never a wedged consumer, never a lost
//! transaction, never a failed claim for junk another program wrote.

use crate::common;

use common::{
    RedisServer, claimed, commit_id, connect, leased, past_claim_idle, printer, queue, raw, state,
    stream_ids,
};

use std::time::Duration;

use time::OffsetDateTime;
use txstatus_core::NormalizedStatus;
use txstatus_redis::{Recorded, RedisStore, WatchQueue};

// ---- the transition stream -------------------------------------------------------

#[tokio::test]
async fn a_pending_entry_trimmed_from_the_stream_does_not_wedge_its_consumer() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let first = commit_id(&store, "tx-1", NormalizedStatus::Pending, "created").await;
    let mut dying = printer(&redis, "a").await;
    assert_eq!(
        stream_ids(&dying.next().await.unwrap()),
        vec![first.clone()]
    );
    // Dies before acking; retention (or another program) removes the entry meanwhile.
    drop(dying);
    let _: u64 = redis::cmd("XDEL")
        .arg(store.stream_key())
        .arg(&first)
        .query(&mut raw(&server))
        .unwrap();
    let second = commit_id(&store, "tx-2", NormalizedStatus::Pending, "created").await;
    // Restarted under the same name: its own pending list holds the deleted entry.
    let mut restarted = printer(&redis, "a").await;
    let mut seen = Vec::new();
    for _ in 0..5 {
        let batch = restarted.next().await.unwrap();
        restarted.ack(&stream_ids(&batch)).await.unwrap();
        seen.extend(stream_ids(&batch));
    }
    assert_eq!(seen, vec![second]);
}

#[tokio::test]
async fn an_entry_with_a_non_utf8_field_name_is_skipped_and_the_others_are_delivered() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let before = commit_id(&store, "tx-1", NormalizedStatus::Pending, "created").await;
    let _: String = redis::cmd("XADD")
        .arg(store.stream_key())
        .arg("*")
        .arg(&[0xff_u8, 0xfe, 0x00][..])
        .arg(&[0xc3_u8, 0x28][..])
        .arg("record")
        .arg(&[0xff_u8][..])
        .query(&mut raw(&server))
        .unwrap();
    let after = commit_id(&store, "tx-2", NormalizedStatus::Pending, "created").await;
    let mut a = printer(&redis, "a").await;
    let mut seen = Vec::new();
    for _ in 0..5 {
        let batch = a.next().await.unwrap();
        a.ack(&stream_ids(&batch)).await.unwrap();
        seen.extend(stream_ids(&batch));
    }
    assert_eq!(seen, vec![before, after]);
    // Nothing is left pending with the group: the junk entry was acked too.
    let pending: Vec<redis::Value> = redis::cmd("XPENDING")
        .arg(store.stream_key())
        .arg("printers")
        .query(&mut raw(&server))
        .unwrap();
    assert_eq!(pending[0], redis::Value::Int(0));
}

#[tokio::test]
async fn hostile_entries_of_every_shape_never_stop_a_consumer_or_its_claims() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let mut con = raw(&server);
    let stream = store.stream_key();
    let huge = "x".repeat(8 << 20);
    let shapes: Vec<Vec<(Vec<u8>, Vec<u8>)>> = vec![
        vec![(b"provider".to_vec(), b"fake".to_vec())],
        vec![(b"record".to_vec(), b"{}".to_vec())],
        vec![(b"record".to_vec(), b"[1,2,3]".to_vec())],
        vec![(b"record".to_vec(), vec![0xff, 0xfe])],
        vec![(b"record".to_vec(), huge.into_bytes())],
        vec![(
            b"record".to_vec(),
            br#"{"provider":"fake","id":"x","source":"webhook","observed_at":"not a time","status":{"normalized":"pending","raw":"p","terminal":false}}"#.to_vec(),
        )],
        vec![(vec![0xff], vec![0xff]), (b"record".to_vec(), b"1".to_vec())],
    ];
    for fields in &shapes {
        let mut command = redis::cmd("XADD");
        command.arg(&stream).arg("*");
        for (name, value) in fields {
            command.arg(&name[..]).arg(&value[..]);
        }
        let _: String = command.query(&mut con).unwrap();
    }
    let good = commit_id(&store, "tx-1", NormalizedStatus::Pending, "created").await;
    // One consumer reads everything and dies before acking; another claims it all.
    let mut dying = printer(&redis, "a").await;
    let _ = dying.next().await;
    drop(dying);
    past_claim_idle().await;
    let mut b = printer(&redis, "b").await;
    let mut seen = Vec::new();
    for _ in 0..10 {
        let batch = b.next().await.unwrap();
        b.ack(&stream_ids(&batch)).await.unwrap();
        seen.extend(stream_ids(&batch));
    }
    assert_eq!(seen, vec![good]);
}

#[tokio::test]
async fn a_consumer_that_dies_before_acking_has_its_entries_claimed_by_another_once() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let mut written = Vec::new();
    for i in 0..6 {
        written.push(commit_id(&store, &format!("tx-{i}"), NormalizedStatus::Pending, "p").await);
    }
    // The group is created after the entries exist, from the beginning.
    let mut dying = printer(&redis, "a").await;
    let read = stream_ids(&dying.next().await.unwrap());
    assert_eq!(read, written);
    drop(dying);
    past_claim_idle().await;
    let mut b = printer(&redis, "b").await;
    let mut c = printer(&redis, "c").await;
    let mut seen = Vec::new();
    for _ in 0..5 {
        for consumer in [&mut b, &mut c] {
            let batch = consumer.next().await.unwrap();
            consumer.ack(&stream_ids(&batch)).await.unwrap();
            seen.extend(stream_ids(&batch));
        }
    }
    seen.sort();
    assert_eq!(
        seen, written,
        "each claimed entry delivered once after the claim"
    );
}

// ---- the schedule and retention --------------------------------------------------

#[tokio::test]
async fn a_transaction_whose_interval_outlasts_the_key_ttl_stays_scheduled_with_its_state() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let queue = WatchQueue::new(&redis).with_key_ttl(Duration::from_secs(1));
    let lease = leased(&queue, "persona", "inq_1", Duration::from_millis(2500)).await;
    let ticket = queue.begin_read(&lease).await.unwrap().unwrap();
    let recorded = queue
        .record(
            &lease,
            ticket,
            state(NormalizedStatus::Pending, "pending"),
            OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    assert!(matches!(
        recorded,
        Recorded::Transition {
            finished: false,
            ..
        }
    ));
    // Well past the key TTL, then past the interval: still scheduled, state kept.
    tokio::time::sleep(Duration::from_millis(3200)).await;
    let again = queue
        .claim("persona", Duration::from_secs(60))
        .await
        .unwrap()
        .expect("the transaction is still on the schedule");
    assert!(again.token > lease.token);
    let watched = queue.state("persona", "inq_1").await.unwrap().unwrap();
    assert_eq!(watched.last.unwrap().raw, "pending");
    // The same pending state is not recorded twice.
    let ticket = queue.begin_read(&again).await.unwrap().unwrap();
    let recorded = queue
        .record(
            &again,
            ticket,
            state(NormalizedStatus::Pending, "pending"),
            OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    assert_eq!(recorded, Recorded::Same { finished: false });
}

#[tokio::test]
async fn enqueuing_again_a_transaction_due_after_the_key_ttl_keeps_it_scheduled() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let queue = WatchQueue::new(&redis).with_key_ttl(Duration::from_secs(1));
    let interval = Duration::from_millis(2500);
    queue.enqueue("persona", "inq_1", interval).await.unwrap();
    let lease = claimed(&queue, "persona").await;
    // Due again an interval from now, longer than the key TTL.
    assert!(queue.release(&lease, interval).await.unwrap());
    assert_eq!(
        queue.enqueue("persona", "inq_1", interval).await.unwrap(),
        txstatus_redis::Enqueued::Updated
    );
    tokio::time::sleep(Duration::from_millis(3200)).await;
    assert!(
        queue
            .claim("persona", Duration::from_secs(60))
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn a_release_with_a_delay_past_the_key_ttl_keeps_the_transaction() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let queue = WatchQueue::new(&redis).with_key_ttl(Duration::from_secs(1));
    let lease = leased(&queue, "persona", "inq_1", Duration::from_millis(10)).await;
    assert!(
        queue
            .release(&lease, Duration::from_millis(2500))
            .await
            .unwrap()
    );
    tokio::time::sleep(Duration::from_millis(3200)).await;
    assert!(
        queue
            .claim("persona", Duration::from_secs(60))
            .await
            .unwrap()
            .is_some()
    );
}

// ---- junk in the watch keys ------------------------------------------------------

#[tokio::test]
async fn a_scheduled_member_that_is_no_valid_id_is_dropped_and_never_fails_a_claim() {
    let server = RedisServer::start();
    let queue = queue(&server).await;
    queue
        .enqueue("persona", "inq_real", Duration::from_millis(1))
        .await
        .unwrap();
    let prefix = queue.redis().prefix().to_owned();
    let mut connection = raw(&server);
    let due = format!("{prefix}:watch:due:persona");
    // Due before the real one, each with a hash that looks enqueued: not UTF-8, and a
    // control character.
    for junk in [&b"\xff\xfe"[..], &b"bad\x07id"[..]] {
        let mut tx = format!("{prefix}:watch:tx:persona:").into_bytes();
        tx.extend_from_slice(junk);
        redis::cmd("HSET")
            .arg(&tx)
            .arg("interval_us")
            .arg("1000")
            .exec(&mut connection)
            .unwrap();
        redis::cmd("ZADD")
            .arg(&due)
            .arg("-inf")
            .arg(junk)
            .exec(&mut connection)
            .unwrap();
    }
    let lease = claimed(&queue, "persona").await;
    assert_eq!(lease.id, "inq_real");
    let left: u64 = redis::cmd("ZCARD")
        .arg(&due)
        .query(&mut connection)
        .unwrap();
    assert_eq!(left, 1, "only the real, leased id stays scheduled");
}

#[tokio::test]
async fn a_token_counter_no_claim_wrote_is_replaced_and_claims_go_on() {
    let server = RedisServer::start();
    let queue = queue(&server).await;
    let prefix = queue.redis().prefix().to_owned();
    let counter = format!("{prefix}:watch:token");
    let mut connection = raw(&server);
    let mut tokens = Vec::new();
    for (i, junk) in [
        "not a number",
        "-5",
        "9007199254740990",
        "99999999999999999999",
    ]
    .into_iter()
    .enumerate()
    {
        let id = format!("inq_{i}");
        queue
            .enqueue("persona", &id, Duration::from_millis(1))
            .await
            .unwrap();
        redis::cmd("SET")
            .arg(&counter)
            .arg(junk)
            .exec(&mut connection)
            .unwrap();
        let lease = claimed(&queue, "persona").await;
        assert_eq!(lease.id, id);
        tokens.push(lease.token);
    }
    // A hash where the counter should be.
    redis::cmd("DEL")
        .arg(&counter)
        .exec(&mut connection)
        .unwrap();
    redis::cmd("HSET")
        .arg(&counter)
        .arg("a")
        .arg("b")
        .exec(&mut connection)
        .unwrap();
    let last = leased(&queue, "persona", "inq_last", Duration::from_millis(1)).await;
    tokens.push(last.token);
    // Tokens stay below 2^53 (exact in the scripts) and never repeat.
    assert!(tokens.iter().all(|t| *t < 1 << 53), "{tokens:?}");
    let mut unique = tokens.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), tokens.len());
}
