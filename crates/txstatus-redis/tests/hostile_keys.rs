//! Hostile provider names and ids as parts of keys, on a real server: each names its own
//! keys and nothing else's, or is refused before Redis is touched.

use crate::common;

use common::{RedisServer, keys, queue};

use std::time::Duration;

use time::OffsetDateTime;
use txstatus_core::{NormalizedStatus, TxStatus};
use txstatus_redis::{EnqueueError, Enqueued, ErrorKind, Recorded};
use txstatus_webhooks::ObservedState;

#[tokio::test]
async fn a_provider_name_that_could_name_another_providers_keys_is_refused() {
    let server = RedisServer::start();
    let queue = queue(&server).await;
    for provider in [
        "persona:a",
        "persona\nx",
        "{persona}",
        "per sona",
        "",
        &"p".repeat(65),
    ] {
        let refused = queue
            .enqueue(provider, "b", Duration::from_secs(60))
            .await
            .unwrap_err();
        assert!(
            matches!(refused, EnqueueError::InvalidProvider { .. }),
            "{provider:?}: {refused}"
        );
    }
    assert!(keys(&server).is_empty(), "{:?}", keys(&server));
    // `persona` + `a:b` is its own transaction, never `persona:a` + `b`.
    let added = queue
        .enqueue("persona", "a:b", Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(added, Enqueued::Added);
    // Nor can such a name read, claim or erase it.
    let error = queue.state("persona:a", "b").await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Config, "{error}");
    let error = queue.erase("persona:a", "b").await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Config, "{error}");
    let error = queue
        .claim("persona:a", Duration::from_secs(60))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Config, "{error}");
    assert!(queue.state("persona", "a:b").await.unwrap().is_some());
}

#[tokio::test]
async fn ids_with_key_syntax_each_keep_their_own_state_and_odd_ids_are_refused() {
    let server = RedisServer::start();
    let queue = queue(&server).await;
    let ids = [
        "a:b",
        "a",
        "{a}",
        "x{a}y",
        "}{",
        "with space",
        "*",
        "?",
        "[a]",
        "…ü",
        "%2e%2e",
    ];
    let long = "L".repeat(256);
    let all: Vec<&str> = ids.iter().copied().chain([long.as_str()]).collect();
    for id in &all {
        let added = queue
            .enqueue("persona", id, Duration::from_secs(60))
            .await
            .unwrap();
        assert_eq!(added, Enqueued::Added, "{id:?}");
    }
    assert_eq!(queue.scheduled("persona").await.unwrap(), all.len() as u64);
    // Each claimed once and recorded under its own id.
    let mut claimed = Vec::new();
    while let Some(lease) = queue
        .claim("persona", Duration::from_secs(60))
        .await
        .unwrap()
    {
        let ticket = queue.begin_read(&lease).await.unwrap().unwrap();
        let state = ObservedState::new(
            &TxStatus::new(NormalizedStatus::Succeeded, lease.id.clone()),
            None,
        );
        let recorded = queue
            .record(&lease, ticket, state, OffsetDateTime::now_utc())
            .await
            .unwrap();
        assert!(
            matches!(recorded, Recorded::Transition { finished: true, .. }),
            "{recorded:?}"
        );
        claimed.push(lease.id);
    }
    claimed.sort();
    let mut expected: Vec<String> = all.iter().map(|id| (*id).to_owned()).collect();
    expected.sort();
    assert_eq!(claimed, expected);
    for id in &all {
        let state = queue.state("persona", id).await.unwrap().unwrap();
        assert_eq!(state.last.unwrap().raw, *id, "{id:?}");
    }
    // Erasing one leaves every other.
    queue.erase("persona", "a").await.unwrap();
    assert_eq!(queue.state("persona", "a").await.unwrap(), None);
    assert!(queue.state("persona", "a:b").await.unwrap().is_some());
    assert!(queue.state("persona", "{a}").await.unwrap().is_some());
    // Refused before Redis: `..`, control characters, over 256 bytes (10 kB).
    let before = keys(&server).len();
    for id in [
        "..",
        ".",
        "a\nb",
        "a\u{0}b",
        "a\u{85}b",
        &"x".repeat(10 * 1024),
    ] {
        let refused = queue
            .enqueue("persona", id, Duration::from_secs(60))
            .await
            .unwrap_err();
        assert!(
            matches!(refused, EnqueueError::InvalidId { .. }),
            "{refused}"
        );
    }
    assert_eq!(keys(&server).len(), before);
}
