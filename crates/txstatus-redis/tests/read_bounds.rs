//! One call that lists what Redis holds (`transitions`, `due`) hands over at most
//! `MAX_READ_BYTES` past its first item, whatever `limit` asks for, on a real server:
//! a page of large records is cut short and the next call, from `after + len`, resumes
//! exactly after it, nothing skipped or repeated.

use crate::common;

use common::{RedisServer, connect, raw};

use std::collections::BTreeSet;

use time::OffsetDateTime;
use txstatus_redis::{MAX_READ_BYTES, MAX_VALUE_LEN, RedisStore};
use txstatus_webhooks::{Store, TxKey};

/// What one call may hand over: the budget, its first item (up to the cap), and room
/// for the reply's framing and the ids.
fn most_one_call_sends() -> u64 {
    u64::try_from(MAX_READ_BYTES + MAX_VALUE_LEN + (256 << 10)).unwrap()
}

/// A transition record of `id` that parses, about `len` bytes long (a long hint).
fn record(id: &str, len: usize) -> String {
    serde_json::json!({
        "provider": "fake", "id": id, "source": "webhook",
        "observed_at": "2026-12-02T10:00:00Z", "previous": null,
        "status": {"normalized": "pending", "raw": "created", "terminal": false},
        "hints": {"h": "Q".repeat(len)},
    })
    .to_string()
}

/// Appends `record` as another replica's commit would: its stream id.
fn xadd(connection: &mut redis::Connection, stream: &str, id: &str, record: &str) -> String {
    redis::cmd("XADD")
        .arg(stream)
        .arg("*")
        .arg("provider")
        .arg("fake")
        .arg("id")
        .arg(id)
        .arg("record")
        .arg(record)
        .query(connection)
        .unwrap()
}

/// Reads every page from `after` with `limit` until an empty page or an error: the
/// ids read (in order), the pages' lengths, and the position the reading stopped at.
async fn read_all(
    store: &RedisStore,
    connection: &mut redis::Connection,
    mut after: usize,
    limit: usize,
) -> (Vec<String>, Vec<usize>, usize) {
    let mut ids = Vec::new();
    let mut pages = Vec::new();
    for _ in 0..200 {
        let before = common::bytes_sent(connection);
        let Ok(page) = store.transitions(after, limit).await else {
            break;
        };
        let spent = common::bytes_sent(connection) - before;
        assert!(
            spent < most_one_call_sends(),
            "one call sent {spent} bytes (limit {limit}, after {after})"
        );
        if page.is_empty() {
            break;
        }
        pages.push(page.len());
        after += page.len();
        ids.extend(page.into_iter().map(|t| t.stream_id.unwrap()));
    }
    (ids, pages, after)
}

#[tokio::test]
async fn a_page_of_large_records_is_cut_at_the_read_budget_and_the_next_call_resumes_after_it() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let mut connection = raw(&server);
    let stream = store.stream_key();
    // 24 records, two of every three close to the cap: about 15 MiB in all.
    let mut written = Vec::new();
    for i in 0..24 {
        let len = if i % 3 == 0 { 16 } else { 900_000 };
        written.push(xadd(
            &mut connection,
            &stream,
            &format!("tx-{i}"),
            &record(&format!("tx-{i}"), len),
        ));
    }
    for limit in [usize::MAX, 10_000, 24, 7, 1] {
        let (ids, pages, end) = read_all(&store, &mut connection, 0, limit).await;
        assert_eq!(ids, written, "limit {limit}: each once, in order");
        assert_eq!(end, written.len(), "limit {limit}");
        if limit >= 24 {
            assert!(pages.len() > 1, "limit {limit}: cut into pages: {pages:?}");
        }
        assert!(pages.iter().all(|&n| n <= limit), "{pages:?}");
    }
    // From any position: the rest, exactly.
    for start in [1, 5, 12, 23] {
        let (ids, _, _) = read_all(&store, &mut connection, start, usize::MAX).await;
        assert_eq!(ids, written[start..], "from {start}");
    }
    // A small page under the budget is not cut.
    let three = store.transitions(0, 3).await.unwrap();
    assert_eq!(three.len(), 3);
}

#[tokio::test]
async fn a_record_over_the_cap_among_large_ones_is_still_named_by_its_position() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let mut connection = raw(&server);
    let stream = store.stream_key();
    let mut written = Vec::new();
    for i in 0..12 {
        written.push(xadd(
            &mut connection,
            &stream,
            &format!("tx-{i}"),
            &record(&format!("tx-{i}"), 900_000),
        ));
    }
    // Position 12: longer than anything this crate reads.
    xadd(
        &mut connection,
        &stream,
        "tx-x",
        &record("tx-x", MAX_VALUE_LEN),
    );
    for i in 13..16 {
        written.push(xadd(
            &mut connection,
            &stream,
            &format!("tx-{i}"),
            &record(&format!("tx-{i}"), 900_000),
        ));
    }
    let (ids, _, stopped) = read_all(&store, &mut connection, 0, usize::MAX).await;
    assert_eq!(ids, written[..12], "everything before it, each once");
    assert_eq!(stopped, 12);
    let refused = store.transitions(12, 100).await.unwrap_err().to_string();
    assert!(refused.contains("position 12"), "{refused}");
    let (rest, _, _) = read_all(&store, &mut connection, 13, usize::MAX).await;
    assert_eq!(rest, written[12..], "read on past it");
}

#[tokio::test]
async fn the_sweep_schedule_is_handed_over_within_the_read_budget_and_nothing_is_lost() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let prefix = redis.prefix().to_owned();
    let mut connection = raw(&server);
    // Twenty transactions with long ids (written by something else: no delivery takes
    // one), each due since long ago and with a state, so none is pruned as expired.
    let mut all = BTreeSet::new();
    for i in 0..20 {
        let id = format!("{i:02}{}", "Q".repeat(900_000));
        redis::cmd("HSET")
            .arg(format!("{prefix}:wh:tx:fake:{id}"))
            .arg("awaiting")
            .arg("1")
            .exec(&mut connection)
            .unwrap();
        redis::cmd("ZADD")
            .arg(format!("{prefix}:wh:due"))
            .arg(i)
            .arg(format!("fake\n{id}"))
            .exec(&mut connection)
            .unwrap();
        all.insert(TxKey::new("fake", id));
    }
    let cutoff = OffsetDateTime::now_utc();
    let later = cutoff + time::Duration::hours(1);
    let mut seen = BTreeSet::new();
    let mut calls = 0;
    for limit in [usize::MAX, 1000] {
        seen.clear();
        calls = 0;
        // Put every entry back as due.
        for (i, key) in all.iter().enumerate() {
            redis::cmd("ZADD")
                .arg(format!("{prefix}:wh:due"))
                .arg(i)
                .arg(format!("fake\n{}", key.id))
                .exec(&mut connection)
                .unwrap();
        }
        loop {
            let before = common::bytes_sent(&mut connection);
            let due = store.due(cutoff, limit).await.unwrap();
            let spent = common::bytes_sent(&mut connection) - before;
            assert!(spent < most_one_call_sends(), "one call sent {spent} bytes");
            if due.is_empty() {
                break;
            }
            calls += 1;
            for key in due {
                // As a sweep whose read failed: checked now, due again later.
                store.read_failed(&key, later).await.unwrap();
                assert!(seen.insert(key), "handed over twice");
            }
            assert!(calls < 100);
        }
        assert_eq!(seen, all, "limit {limit}: every one, once");
    }
    assert!(calls > 1, "cut into several calls");
}
