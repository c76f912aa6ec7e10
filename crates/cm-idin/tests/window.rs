//! `Client::status_within_window`: reads while `open`, inside the 30 s after the
//! user's return, one at a time, never after the window.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::support;

use std::{
    sync::{Arc, atomic::Ordering},
    time::{Duration, Instant},
};

use cm_idin::{
    Client, ClientOptions, DEFAULT_WINDOW_INTERVAL, RETURN_WINDOW, Result, StatusOutcome,
    WindowedStatus,
};
use mockito::Matcher;
use serde_json::json;
use support::{TOKEN, client, fixture};
use txstatus_core::{Clock, ErrorKind, ManualClock};

const OPEN: &str = r#"{"status":"open","transaction_id":"3645651845961623"}"#;

fn client_with_interval(base: &str, interval: Duration) -> (Client, ManualClock) {
    let clock = ManualClock::new();
    let client = Client::builder(TOKEN)
        .base_url(base)
        .window_interval(interval)
        .configure_transport(|t| t.clock(Arc::new(clock.clone())).no_proxy())
        .build()
        .unwrap();
    (client, clock)
}

/// Reads transaction `3645651845961623` (reference `ref`) within the window
/// that began when the user returned at `returned_at`.
async fn within_window(client: &Client, returned_at: Instant) -> Result<WindowedStatus> {
    client
        .status_within_window("3645651845961623", "ref", returned_at)
        .await
}

#[tokio::test]
async fn open_open_success_returns_the_identity_after_three_reads() {
    let mut server = mockito::Server::new_async().await;
    let open = server
        .mock("POST", "/status")
        .match_body(Matcher::Json(json!({
            "merchant_token": TOKEN,
            "transaction_id": "3645651845961623",
            "merchant_reference": "ref",
        })))
        .with_status(200)
        .with_body(OPEN)
        .expect(2)
        .create_async()
        .await;
    let success = support::status_answers(&mut server, fixture("status-success"), 1).await;
    let (client, clock) = client(&server.url());
    let returned_at = clock.now();

    let answer = within_window(&client, returned_at).await.unwrap();

    open.assert_async().await;
    success.assert_async().await;
    assert_eq!(
        answer.raw().as_bytes(),
        fixture("status-success").as_slice()
    );
    assert_eq!(answer.reads(), 3);
    assert!(!answer.window_closed());
    let identity = answer.outcome().identity().unwrap();
    assert_eq!(
        identity.bin.as_ref().unwrap().expose(),
        "NLINGB3x4u89498qe4tqjvdaj0"
    );
    assert_eq!(
        clock.sleeps(),
        vec![DEFAULT_WINDOW_INTERVAL, DEFAULT_WINDOW_INTERVAL]
    );
}

#[tokio::test]
async fn always_open_stops_when_the_window_closes_and_sends_nothing_after_it() {
    // 1 s apart from the return: reads at 0, 1, ..., 29 s; after the one at 29 s
    // the next would start at 30 s, when the window has closed.
    let mut server = mockito::Server::new_async().await;
    let open = support::status_answers(&mut server, OPEN, 30).await;
    let (client, clock) = client(&server.url());
    let returned_at = clock.now();

    let answer = within_window(&client, returned_at).await.unwrap();

    open.assert_async().await;
    assert_eq!(answer.reads(), 30);
    assert!(answer.window_closed());
    assert_eq!(answer.outcome(), &StatusOutcome::Open);
    assert_eq!(answer.raw().as_bytes(), OPEN.as_bytes());
    assert_eq!(clock.sleeps().len(), 29);
    assert!(clock.elapsed() < RETURN_WINDOW, "{:?}", clock.elapsed());
}

#[tokio::test]
async fn a_longer_interval_means_fewer_reads_and_none_after_the_window() {
    // 7 s apart: reads at 0, 7, 14, 21, 28 s; a sixth would be at 35 s.
    let mut server = mockito::Server::new_async().await;
    let open = support::status_answers(&mut server, OPEN, 5).await;
    let (client, clock) = client_with_interval(&server.url(), Duration::from_secs(7));
    let returned_at = clock.now();

    let answer = within_window(&client, returned_at).await.unwrap();

    open.assert_async().await;
    assert_eq!(answer.reads(), 5);
    assert!(answer.window_closed());
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(7); 4]);
}

#[tokio::test]
async fn the_window_counts_from_the_return_not_from_the_call() {
    // Returned 20 s ago, 1 s apart: reads at 20, 21, ..., 29 s.
    let mut server = mockito::Server::new_async().await;
    let open = support::status_answers(&mut server, OPEN, 10).await;
    let (client, clock) = client(&server.url());
    let returned_at = clock.now();
    clock.advance(Duration::from_secs(20));

    let answer = within_window(&client, returned_at).await.unwrap();

    open.assert_async().await;
    assert_eq!(answer.reads(), 10);
    assert!(answer.window_closed());
}

#[tokio::test]
async fn a_return_more_than_30_seconds_ago_sends_nothing_and_says_so() {
    let mut server = mockito::Server::new_async().await;
    let never = support::never_asked(&mut server, "/status").await;
    let (client, clock) = client(&server.url());
    let returned_at = clock.now();

    for late in [RETURN_WINDOW, Duration::from_secs(1)] {
        clock.advance(late);
        let error = within_window(&client, returned_at).await.unwrap_err();
        assert!(error.is_invalid_input(), "{error:?}");
        assert!(!error.may_have_been_sent());
        assert!(error.to_string().contains("30 s window"), "{error}");
    }

    never.assert_async().await;
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn each_read_has_the_windows_end_as_its_deadline() {
    // Returned 28 s ago: a 503 asking to wait 5 s cannot be waited for inside the
    // 2 s left, so the read ends at once instead of retrying past the window.
    let mut server = mockito::Server::new_async().await;
    let unavailable = server
        .mock("POST", "/status")
        .with_status(503)
        .with_header("retry-after", "5")
        .expect(1)
        .create_async()
        .await;
    let (client, clock) = client(&server.url());
    let returned_at = clock.now();
    clock.advance(Duration::from_secs(28));

    let error = within_window(&client, returned_at).await.unwrap_err();

    unavailable.assert_async().await;
    assert!(
        matches!(error.kind(), ErrorKind::RateLimited { .. }),
        "{error:?}"
    );
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn a_read_may_use_the_whole_time_left_whatever_the_attempt_timeout() {
    let (base, connections) = support::slow_server(
        Duration::from_millis(600),
        0,
        br#"{"status":"success","bin":"NLINGB3x4u89498qe4tqjvdaj0"}"#,
    )
    .await;
    let clock = ManualClock::new();
    let client = Client::builder(TOKEN)
        .base_url(base)
        .configure_transport(|t| {
            t.attempt_timeout(Duration::from_millis(200))
                .clock(Arc::new(clock.clone()))
                .no_proxy()
        })
        .build()
        .unwrap();

    let answer = within_window(&client, clock.now()).await.unwrap();

    assert_eq!(connections.load(Ordering::SeqCst), 1);
    assert_eq!(answer.reads(), 1);
    assert_eq!(answer.response().attempts(), 1);
    assert!(answer.outcome().identity().is_some());
}

#[tokio::test]
async fn a_notice_2000_after_a_502_inside_the_window_is_lost_to_that_attempt() {
    let mut server = mockito::Server::new_async().await;
    let _bad_gateway = support::answers(&mut server, "/status", 502, "", 1).await;
    let _notice =
        support::status_answers(&mut server, fixture("status-success-notice-2000"), 1).await;
    let (client, clock) = client(&server.url());

    let answer = within_window(&client, clock.now()).await.unwrap();

    assert_eq!(answer.reads(), 1);
    assert!(matches!(
        answer.outcome(),
        StatusOutcome::SuccessDataLostToEarlierAttempt(_)
    ));
}

#[tokio::test]
async fn an_unknown_status_or_a_final_one_ends_the_window_at_once() {
    for (body, final_status) in [
        (r#"{"status":"pending"}"#, false),
        (r#"{"status":"cancelled"}"#, true),
        // `open` next to personal data is never asked again either.
        (
            r#"{"status":"open","bin":"NLINGB3x4u89498qe4tqjvdaj0"}"#,
            false,
        ),
    ] {
        let mut server = mockito::Server::new_async().await;
        let once = support::status_answers(&mut server, body, 1).await;
        let (client, clock) = client(&server.url());

        let answer = within_window(&client, clock.now()).await.unwrap();

        once.assert_async().await;
        assert_eq!(answer.reads(), 1, "{body}");
        assert!(!answer.window_closed(), "{body}");
        assert_eq!(answer.outcome().is_final(), final_status, "{body}");
        assert_eq!(answer.raw().as_bytes(), body.as_bytes());
        assert!(clock.sleeps().is_empty());
    }
}

#[tokio::test]
async fn an_error_ends_the_window_and_keeps_its_body() {
    let mut server = mockito::Server::new_async().await;
    let open = support::status_answers(&mut server, OPEN, 1).await;
    let malformed = fixture("status-malformed-name");
    let broken = support::status_answers(&mut server, &malformed, 1).await;
    let (client, clock) = client(&server.url());

    let error = within_window(&client, clock.now()).await.unwrap_err();

    open.assert_async().await;
    broken.assert_async().await;
    assert!(matches!(error.kind(), ErrorKind::Decode(_)), "{error:?}");
    assert_eq!(error.body().unwrap().as_bytes(), malformed.as_slice());
}

#[test]
fn a_zero_interval_is_refused() {
    let error = Client::builder(TOKEN)
        .window_interval(Duration::ZERO)
        .build()
        .unwrap_err();
    assert!(error.is_invalid_input());
}
