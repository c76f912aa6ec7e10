//! The directory cache: at most one fetch a day shared by clones, never a copy
//! older than seven days, banks grouped by country.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::support;

use std::{
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use cm_idin::{
    DIRECTORY_FAILURE_HOLD_OFF, DIRECTORY_MAX_AGE, DIRECTORY_REFRESH, DIRECTORY_RETRY,
    DirectoryCache,
};
use support::client;

const DIRECTORY: &str = r#"[
  {"country": "Nederland", "issuers": [
    {"issuer_id": "ABNANL2A", "issuer_name": "ABN AMRO"},
    {"issuer_id": "RABONL2U", "issuer_name": "Rabobank"}]},
  {"country": "Deutschland", "issuers": [{"issuer_id": "DEUTDEFF", "issuer_name": "Deutsche Bank"}]},
  {"country": "Nederland", "issuers": [{"issuer_id": "INGBNL2A", "issuer_name": "ING"}], "extra": 1},
  {"country": null, "issuers": null}
]"#;

/// Serves the directory and counts the fetches.
async fn counted(server: &mut mockito::ServerGuard) -> (mockito::Mock, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let seen = hits.clone();
    let mock = server
        .mock("POST", "/directory")
        .with_header("content-type", "application/json")
        .with_body_from_request(move |_| {
            seen.fetch_add(1, Ordering::SeqCst);
            DIRECTORY.as_bytes().to_vec()
        })
        .create_async()
        .await;
    (mock, hits)
}

#[tokio::test]
async fn the_directory_is_fetched_at_most_once_a_day_for_all_clones() {
    let mut server = mockito::Server::new_async().await;
    let (_mock, hits) = counted(&mut server).await;
    let (client, clock) = client(&server.url());
    let cache = DirectoryCache::new(client);
    let clone = cache.clone();

    let (a, b) = tokio::join!(cache.get(), clone.get());
    assert_eq!(a.unwrap(), b.unwrap());
    clock.advance(DIRECTORY_REFRESH - Duration::from_secs(1));
    clone.get().await.unwrap();
    assert!(!cache.refresh().await.unwrap(), "no fetch within the day");
    assert_eq!(hits.load(Ordering::SeqCst), 1);

    clock.advance(Duration::from_secs(1));
    cache.get().await.unwrap();
    assert_eq!(hits.load(Ordering::SeqCst), 2);
    assert_eq!(cache.age_of_cached().await, Some(Duration::ZERO));
}

#[tokio::test]
async fn an_explicit_refresh_fetches_once_the_day_is_over() {
    let mut server = mockito::Server::new_async().await;
    let (_mock, hits) = counted(&mut server).await;
    let (client, clock) = client(&server.url());
    let cache = DirectoryCache::new(client);
    assert!(cache.refresh().await.unwrap(), "nothing cached yet");
    clock.advance(DIRECTORY_REFRESH);
    assert!(cache.refresh().await.unwrap());
    assert_eq!(hits.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_failed_fetch_serves_the_last_copy_until_it_is_seven_days_old_then_errs() {
    let mut server = mockito::Server::new_async().await;
    let (mock, _hits) = counted(&mut server).await;
    let (client, clock) = client(&server.url());
    let cache = DirectoryCache::new(client);
    let first = cache.get().await.unwrap();
    mock.remove_async().await;
    let _down = support::answers_uncounted(&mut server, "/directory", 503, "").await;

    clock.advance(DIRECTORY_REFRESH * 3);
    assert_eq!(cache.get().await.unwrap(), first);

    clock.advance(DIRECTORY_MAX_AGE - DIRECTORY_REFRESH * 3);
    let error = cache.get().await.unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(cache.age_of_cached().await, None, "the old copy is dropped");
    assert!(cache.get().await.is_err());
}

/// An outage at CM: once a fetch of a stale copy failed, page views are served
/// that copy without fetching again until the retry wait is over (not one fetch,
/// with its own retries, per page view); never past seven days.
#[tokio::test]
async fn after_a_failed_fetch_the_stale_copy_is_served_without_fetching_again_for_the_retry_wait() {
    let mut server = mockito::Server::new_async().await;
    let (mock, hits) = counted(&mut server).await;
    let (client, clock) = client(&server.url());
    let cache = DirectoryCache::new(client);
    let first = cache.get().await.unwrap();
    mock.remove_async().await;
    let down = support::answers(&mut server, "/directory", 404, "", 2).await;

    clock.advance(DIRECTORY_REFRESH);
    for _ in 0..5 {
        assert_eq!(cache.get().await.unwrap(), first);
        assert!(!cache.refresh().await.unwrap());
    }
    clock.advance(DIRECTORY_RETRY - Duration::from_secs(1));
    assert_eq!(cache.get().await.unwrap(), first);
    clock.advance(Duration::from_secs(1));
    assert_eq!(
        cache.get().await.unwrap(),
        first,
        "the wait is over: one fetch"
    );
    assert_eq!(cache.get().await.unwrap(), first);
    down.assert_async().await;
    assert_eq!(hits.load(Ordering::SeqCst), 1);

    // The wait never stretches the seven days.
    clock.advance(DIRECTORY_MAX_AGE - DIRECTORY_REFRESH - DIRECTORY_RETRY);
    assert!(cache.get().await.is_err());
    assert_eq!(cache.age_of_cached().await, None);
}

/// The background refresher waits out the retry wait a caller's failed fetch
/// started, instead of waking every second until it is over.
#[tokio::test]
async fn the_refresher_sleeps_until_the_retry_wait_after_a_callers_failed_fetch_is_over() {
    let mut server = mockito::Server::new_async().await;
    let (mock, _hits) = counted(&mut server).await;
    let (client, clock) = client(&server.url());
    let cache = DirectoryCache::new(client);
    cache.get().await.unwrap();
    mock.remove_async().await;
    let _down = support::answers_uncounted(&mut server, "/directory", 404, "").await;
    clock.advance(DIRECTORY_REFRESH);
    cache.get().await.unwrap();
    clock.advance(Duration::from_secs(60));

    let refresher = {
        let cache = cache.clone();
        tokio::spawn(async move { cache.run_refresher().await })
    };
    while clock.sleeps().is_empty() {
        tokio::task::yield_now().await;
    }
    refresher.abort();
    assert_eq!(clock.sleeps()[0], DIRECTORY_RETRY - Duration::from_secs(60));
}

#[tokio::test]
async fn banks_are_grouped_by_country_in_cms_order() {
    let mut server = mockito::Server::new_async().await;
    let (_mock, _hits) = counted(&mut server).await;
    let (client, _clock) = client(&server.url());
    let directory = DirectoryCache::new(client).get().await.unwrap();
    let grouped = directory.by_country();
    let names = |country: &str| -> Vec<String> {
        grouped[country]
            .iter()
            .map(|i| i.issuer_id.clone().unwrap())
            .collect()
    };
    assert_eq!(names("Nederland"), ["ABNANL2A", "RABONL2U", "INGBNL2A"]);
    assert_eq!(names("Deutschland"), ["DEUTDEFF"]);
    assert!(grouped[""].is_empty());
    assert_eq!(directory.issuers("Belgique").len(), 0);
    assert_eq!(directory.countries().len(), 4);
}

#[tokio::test]
async fn the_background_refresher_fetches_once_per_day_of_clock_time() {
    let mut server = mockito::Server::new_async().await;
    let (_mock, hits) = counted(&mut server).await;
    let (client, clock) = client(&server.url());
    let cache = DirectoryCache::new(client);
    let refresher = {
        let cache = cache.clone();
        tokio::spawn(async move { cache.run_refresher().await })
    };
    while clock.sleeps().len() < 3 {
        tokio::task::yield_now().await;
    }
    refresher.abort();
    let sleeps = clock.sleeps();
    assert!(sleeps.iter().all(|s| *s == DIRECTORY_REFRESH), "{sleeps:?}");
    assert!(hits.load(Ordering::SeqCst) >= 3);
    cache.get().await.unwrap();
}

/// With no copy to serve, a failed fetch's error is given to every caller (the
/// ones that waited for it included) for the hold-off: one request per outage
/// crowd, not one each; then one fetch serves everyone.
#[tokio::test]
async fn without_a_copy_a_failed_fetchs_error_is_shared_for_the_hold_off_then_fetched_again() {
    let mut server = mockito::Server::new_async().await;
    let down = support::answers(&mut server, "/directory", 404, "", 1).await;
    let (client, clock) = client(&server.url());
    let cache = DirectoryCache::new(client);
    let clone = cache.clone();
    // A crowd during an outage: one fetch, its error for each.
    let (a, b, c) = tokio::join!(cache.get(), clone.get(), cache.refresh());
    assert_eq!(a.unwrap_err().status(), Some(404));
    assert_eq!(b.unwrap_err().status(), Some(404));
    assert_eq!(c.unwrap_err().status(), Some(404));
    clock.advance(DIRECTORY_FAILURE_HOLD_OFF - Duration::from_millis(1));
    assert_eq!(cache.get().await.unwrap_err().status(), Some(404));
    down.assert_async().await;
    assert_eq!(cache.age_of_cached().await, None);

    down.remove_async().await;
    let (_up, hits) = counted(&mut server).await;
    clock.advance(Duration::from_millis(1));
    let (a, b) = tokio::join!(cache.get(), clone.get());
    assert_eq!(a.unwrap(), b.unwrap());
    assert_eq!(hits.load(Ordering::SeqCst), 1, "one fetch serves both");
}

/// A 2xx directory answer listing no bank a transaction can be created at (a
/// proxy's page, an incident at CM) is a failed fetch: the good copy keeps being
/// served (and no fetch follows for the retry wait), and with no copy the
/// caller gets a decode error keeping the body. Cached as a fresh copy, it would
/// leave users no bank to choose for a day.
#[tokio::test]
async fn a_directory_answer_listing_no_usable_bank_never_replaces_the_copy() {
    for empty in [
        "[]",
        r#"[{"country":"Nederland","issuers":null}]"#,
        r#"[{"country":"Nederland","issuers":[]}]"#,
        r#"[{"country":"Nederland","issuers":[{"issuer_name":"ING"}]}]"#,
        r#"[{"country":"Nederland","issuers":[{"issuer_id":"","issuer_name":"ING"}]}]"#,
        r#"[{"country":"Nederland","issuers":[{"issuer_id":"<b>ING</b>"}]}]"#,
    ] {
        let mut server = mockito::Server::new_async().await;
        let (mock, _) = counted(&mut server).await;
        let (client, clock) = client(&server.url());
        let cache = DirectoryCache::new(client.clone());
        let first = cache.get().await.unwrap();
        mock.remove_async().await;
        let broken = server
            .mock("POST", "/directory")
            .with_status(200)
            .with_header("content-type", "application/json")
            .with_body(empty)
            .expect(1)
            .create_async()
            .await;

        clock.advance(DIRECTORY_REFRESH);
        assert_eq!(cache.get().await.unwrap(), first, "{empty}");
        assert_eq!(cache.age_of_cached().await, Some(DIRECTORY_REFRESH));
        clock.advance(DIRECTORY_RETRY - Duration::from_secs(1));
        assert_eq!(cache.get().await.unwrap(), first, "{empty}");
        broken.assert_async().await;

        // Without a copy: the fetch's decode error, with the body.
        let fresh = DirectoryCache::new(client);
        let error = fresh.get().await.unwrap_err();
        let body = error.body().unwrap();
        assert_eq!(body.as_bytes(), empty.as_bytes(), "{error:?}");
        assert!(matches!(error.kind(), txstatus_core::ErrorKind::Decode(_)));
    }
}
