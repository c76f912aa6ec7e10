//! A consumer's claim idle time has a floor (`MIN_CLAIM_IDLE`): a claim idle of zero,
//! or of any time under it, never takes entries a live consumer of the group is still
//! handling (work done twice), and a dead consumer's entries are still claimed once the
//! floor has passed.

use crate::common;

use common::{RedisServer, commit_id, connect, raw, stream_ids};

use std::time::Duration;

use txstatus_core::NormalizedStatus;
use txstatus_redis::{MIN_CLAIM_IDLE, RedisStore, StartFrom, TransitionConsumer};

/// The consumer named `owner` that holds each pending entry of `group`.
fn owners(connection: &mut redis::Connection, stream: &str, group: &str) -> Vec<String> {
    let pending: Vec<(String, String, u64, u64)> = redis::cmd("XPENDING")
        .arg(stream)
        .arg(group)
        .arg("-")
        .arg("+")
        .arg(100)
        .query(connection)
        .unwrap();
    pending.into_iter().map(|(_, owner, _, _)| owner).collect()
}

#[tokio::test]
async fn a_claim_idle_under_the_minimum_never_takes_what_a_live_consumer_is_handling() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let mut connection = raw(&server);
    for (n, idle) in [
        Duration::ZERO,
        Duration::from_nanos(1),
        Duration::from_millis(1),
        Duration::from_millis(50),
        MIN_CLAIM_IDLE - Duration::from_millis(1),
    ]
    .into_iter()
    .enumerate()
    {
        let group = format!("g{n}");
        let written = commit_id(&store, &format!("tx-{n}"), NormalizedStatus::Pending, "p").await;
        let mut live = TransitionConsumer::builder(&redis, &group, "live")
            .start_from(StartFrom::Beginning)
            .block(Duration::from_millis(10))
            .build()
            .await
            .unwrap();
        let mut eager = TransitionConsumer::builder(&redis, &group, "eager")
            .start_from(StartFrom::Beginning)
            .claim_idle(idle)
            .block(Duration::from_millis(10))
            .build()
            .await
            .unwrap();
        // "live" holds every entry so far and is still handling them.
        let held = stream_ids(&live.next().await.unwrap());
        assert!(held.contains(&written), "{idle:?}");
        // Well within the floor: "eager" looks again and again, taking nothing.
        for _ in 0..5 {
            tokio::time::sleep(Duration::from_millis(60)).await;
            let taken = eager.next().await.unwrap();
            assert!(
                taken.is_empty(),
                "{idle:?}: took {:?} from a live consumer",
                stream_ids(&taken)
            );
        }
        let holders = owners(&mut connection, &store.stream_key(), &group);
        assert!(
            !holders.is_empty() && holders.iter().all(|owner| owner == "live"),
            "{idle:?}: {holders:?}"
        );
        live.ack(&held).await.unwrap();
    }
}

#[tokio::test]
async fn a_dead_consumers_entries_are_claimed_once_the_minimum_has_passed() {
    let server = RedisServer::start();
    let redis = connect(&server).await;
    let store = RedisStore::new(&redis);
    let mut written = Vec::new();
    for i in 0..3 {
        written.push(commit_id(&store, &format!("tx-{i}"), NormalizedStatus::Pending, "p").await);
    }
    let mut dead = TransitionConsumer::builder(&redis, "g", "dead")
        .start_from(StartFrom::Beginning)
        .block(Duration::from_millis(10))
        .build()
        .await
        .unwrap();
    assert_eq!(stream_ids(&dead.next().await.unwrap()), written);
    drop(dead);
    let mut rescuer = TransitionConsumer::builder(&redis, "g", "rescuer")
        .claim_idle(Duration::ZERO)
        .block(Duration::from_millis(10))
        .build()
        .await
        .unwrap();
    assert!(
        rescuer.next().await.unwrap().is_empty(),
        "not before the floor"
    );
    tokio::time::sleep(MIN_CLAIM_IDLE + Duration::from_millis(200)).await;
    let claimed = rescuer.next().await.unwrap();
    assert_eq!(
        stream_ids(&claimed),
        written,
        "claimed once the floor passed"
    );
    rescuer.ack(&stream_ids(&claimed)).await.unwrap();
    assert!(rescuer.next().await.unwrap().is_empty());
}
