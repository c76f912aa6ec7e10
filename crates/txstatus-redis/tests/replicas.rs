//! Several receivers (replicas) on one Redis: each transition recorded once, never
//! backwards, across restarts.

use crate::common;

use std::{sync::Arc, time::Duration};

use common::{PROVIDER, ROUTE, RedisServer, Table, TokenSide, body, connect, headers};
use tokio::sync::mpsc::UnboundedReceiver;
use txstatus_core::{ManualClock, NormalizedStatus};
use txstatus_redis::RedisStore;
use txstatus_webhooks::{Receiver, Store, Transition, TxKey};

struct Replica {
    receiver: Receiver,
    transitions: UnboundedReceiver<Transition>,
}

/// A replica: its own connection, its own store handle, the shared table.
async fn replica(server: &RedisServer, table: &Arc<Table>, clock: &ManualClock) -> Replica {
    let redis = connect(server).await;
    let (receiver, transitions) = Receiver::builder(Arc::new(RedisStore::new(&redis)))
        .provider(Arc::new(TokenSide), table.clone())
        .clock(Arc::new(clock.clone()))
        .sweep_threshold(Duration::from_secs(300))
        .build();
    Replica {
        receiver,
        transitions,
    }
}

fn drain(replica: &mut Replica) -> Vec<Transition> {
    let mut all = Vec::new();
    while let Ok(t) = replica.transitions.try_recv() {
        all.push(t);
    }
    all
}

/// What the stream holds, as (id, raw status) in order.
async fn recorded(server: &RedisServer) -> Vec<(String, String)> {
    let redis = connect(server).await;
    RedisStore::new(&redis)
        .transitions(0, 10_000)
        .await
        .unwrap()
        .into_iter()
        .map(|t| (t.id, t.status.raw))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deliveries_spread_across_two_replicas_record_each_transition_once() {
    let server = RedisServer::start();
    let table = Arc::new(Table::default());
    let clock = ManualClock::new();
    let mut a = replica(&server, &table, &clock).await;
    let mut b = replica(&server, &table, &clock).await;
    let phases = [
        (NormalizedStatus::Pending, "submitted"),
        (NormalizedStatus::Pending, "in review"),
        (NormalizedStatus::Succeeded, "approved"),
    ];
    let mut event = 0;
    for (status, raw) in phases {
        for tx in ["tx-1", "tx-2", "tx-3"] {
            table.set(tx, status, raw);
        }
        // Each phase: every transaction delivered several times (new events and
        // retries of the same event), round-robin across the replicas, concurrently.
        let mut sends = Vec::new();
        for round in 0..4 {
            for tx in ["tx-1", "tx-2", "tx-3"] {
                event += 1;
                // Every other delivery is a retry of the previous event id.
                let id = format!("evt-{}", event - (round % 2));
                let replica = if event % 2 == 0 {
                    &a.receiver
                } else {
                    &b.receiver
                };
                let replica = replica.clone();
                let payload = body(&id, tx);
                sends.push(tokio::spawn(async move {
                    replica
                        .handle("POST", ROUTE, &headers(), None, &payload)
                        .await
                        .status
                }));
            }
        }
        for send in sends {
            assert_eq!(send.await.unwrap(), 200);
        }
        a.receiver.drain().await;
        b.receiver.drain().await;
    }
    let stream = recorded(&server).await;
    for tx in ["tx-1", "tx-2", "tx-3"] {
        let states = stream
            .iter()
            .filter(|(id, _)| id == tx)
            .map(|(_, raw)| raw.as_str())
            .collect::<Vec<_>>();
        assert_eq!(
            states,
            ["submitted", "in review", "approved"],
            "{tx}: {stream:?}"
        );
    }
    // What the replicas emitted is what the stream holds, each once, with its id.
    let mut emitted = drain(&mut a);
    emitted.extend(drain(&mut b));
    assert_eq!(emitted.len(), stream.len());
    let mut ids = emitted
        .iter()
        .map(|t| t.stream_id.clone().unwrap())
        .collect::<Vec<_>>();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), stream.len());
}

#[tokio::test]
async fn a_replica_killed_and_restarted_neither_repeats_nor_goes_backwards() {
    let server = RedisServer::start();
    let table = Arc::new(Table::default());
    let clock = ManualClock::new();
    let mut first = replica(&server, &table, &clock).await;
    let deliver = |r: &Replica, event: &str, tx: &str| {
        let (receiver, payload) = (r.receiver.clone(), body(event, tx));
        async move {
            let reply = receiver
                .handle("POST", ROUTE, &headers(), None, &payload)
                .await;
            receiver.drain().await;
            reply.body
        }
    };
    table.set("tx-1", NormalizedStatus::Pending, "pending");
    deliver(&first, "e1", "tx-1").await;
    table.set("tx-1", NormalizedStatus::Succeeded, "approved");
    deliver(&first, "e2", "tx-1").await;
    // Accepted while the provider is down: the re-read fails, the delivery stays
    // recorded in Redis, not in the process.
    table
        .failing
        .store(true, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(deliver(&first, "e3", "tx-2").await, "accepted\n");
    assert_eq!(drain(&mut first).len(), 2);
    drop(first);

    let mut second = replica(&server, &table, &clock).await;
    let due = second
        .receiver
        .store()
        .due(
            time::OffsetDateTime::now_utc() + time::Duration::days(3650),
            100,
        )
        .await
        .unwrap();
    assert!(due.contains(&TxKey::new(PROVIDER, "tx-2")), "{due:?}");
    table
        .failing
        .store(false, std::sync::atomic::Ordering::SeqCst);
    // The provider retries what the first replica acknowledged: duplicates.
    assert_eq!(deliver(&second, "e1", "tx-1").await, "duplicate\n");
    assert_eq!(deliver(&second, "e2", "tx-1").await, "duplicate\n");
    // A stale answer never moves a final state back.
    table.set("tx-1", NormalizedStatus::Pending, "pending");
    assert_eq!(deliver(&second, "e4", "tx-1").await, "accepted\n");
    // The sweep reconciles what the killed replica accepted.
    table.set("tx-2", NormalizedStatus::Failed, "declined");
    clock.advance(Duration::from_secs(301));
    let report = second.receiver.sweep().await.unwrap();
    assert_eq!(report.transitions, 1);
    assert_eq!(drain(&mut second).len(), 1);
    assert_eq!(
        recorded(&server).await,
        [
            ("tx-1".to_owned(), "pending".to_owned()),
            ("tx-1".to_owned(), "approved".to_owned()),
            ("tx-2".to_owned(), "declined".to_owned()),
        ]
    );
}
