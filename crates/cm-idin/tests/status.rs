//! `POST /status`: request shape, the keep-the-first-success retry rule, errors.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod support;

use std::{
    io::{Read, Write},
    net::TcpListener,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    thread,
    time::Duration,
};

use cm_idin::{ClientOptions, StatusOutcome};
use mockito::Matcher;
use serde_json::json;
use support::{TOKEN, client, fixture};
use txstatus_core::{ErrorKind, NormalizedStatus};

fn status_body() -> Matcher {
    Matcher::Json(json!({
        "merchant_token": TOKEN,
        "transaction_id": "3645651845961623",
        "merchant_reference": "merchant-ref-1",
    }))
}

#[tokio::test]
async fn status_posts_token_id_and_reference_as_json_without_an_auth_header() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("POST", "/status")
        .match_header("content-type", "application/json")
        .match_header("accept", "application/json")
        .match_header("authorization", Matcher::Missing)
        .match_body(status_body())
        .with_status(200)
        .with_body(fixture("status-success"))
        .expect(1)
        .create_async()
        .await;
    let (client, _) = client(&server.url());

    let answer = client
        .status("3645651845961623", "merchant-ref-1")
        .await
        .unwrap();

    mock.assert_async().await;
    assert_eq!(
        answer.raw().as_bytes(),
        fixture("status-success").as_slice()
    );
    assert_eq!(answer.attempts(), 1);
    let StatusOutcome::Success(identity) = answer.value().outcome() else {
        panic!("expected success")
    };
    assert_eq!(identity.bin.unwrap().expose(), "NLINGB3x4u89498qe4tqjvdaj0");
    let address = identity.address.unwrap();
    assert_eq!(address.house_number.unwrap().expose().as_u64(), Some(1));
}

#[tokio::test]
async fn a_base_url_path_prefix_is_kept() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("POST", "/idin/v1.0/status")
        .with_status(200)
        .with_body(fixture("status-open"))
        .expect(1)
        .create_async()
        .await;
    let (client, _) = client(&format!("{}/idin/v1.0", server.url()));

    let answer = client.status("3645651845961623", "ref").await.unwrap();

    mock.assert_async().await;
    assert_eq!(answer.value().outcome(), StatusOutcome::Open);
}

#[tokio::test]
async fn a_503_is_asked_again_and_the_success_after_it_is_kept() {
    let mut server = mockito::Server::new_async().await;
    let unavailable = server
        .mock("POST", "/status")
        .with_status(503)
        .with_body(r#"{"message":"Service unavailable."}"#)
        .expect(1)
        .create_async()
        .await;
    let success = server
        .mock("POST", "/status")
        .match_body(status_body())
        .with_status(200)
        .with_body(fixture("status-success"))
        .expect(1)
        .create_async()
        .await;
    let (client, clock) = client(&server.url());

    let answer = client
        .status("3645651845961623", "merchant-ref-1")
        .await
        .unwrap();

    unavailable.assert_async().await;
    success.assert_async().await;
    assert_eq!(answer.attempts(), 2);
    assert_eq!(clock.sleeps().len(), 1);
    assert!(answer.value().outcome().identity().is_some());
}

#[tokio::test]
async fn a_success_whose_body_does_not_decode_is_not_asked_again_and_keeps_the_body() {
    let body = fixture("status-malformed-name");
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("POST", "/status")
        .with_status(200)
        .with_body(&body)
        .expect(1)
        .create_async()
        .await;
    let (client, clock) = client(&server.url());

    let error = client.status("3645651845961623", "ref").await.unwrap_err();

    mock.assert_async().await;
    assert!(clock.sleeps().is_empty());
    assert!(matches!(error.kind(), ErrorKind::Decode(_)), "{error:?}");
    assert_eq!(error.status(), Some(200));
    assert_eq!(error.json_path(), Some("name"));
    assert_eq!(error.body().unwrap().as_bytes(), body.as_slice());
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn a_truncated_success_body_keeps_every_byte_that_arrived() {
    let body = fixture("status-truncated");
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("POST", "/status")
        .with_status(200)
        .with_body(&body)
        .expect(1)
        .create_async()
        .await;
    let (client, _) = client(&server.url());

    let error = client.status("3645651845961623", "ref").await.unwrap_err();

    mock.assert_async().await;
    assert_eq!(error.body().unwrap().as_bytes(), body.as_slice());
}

#[tokio::test]
async fn client_errors_are_not_retried_and_carry_the_message_and_body() {
    for (code, case, message) in [
        (
            400,
            "error-400-invalid-request",
            "Invalid request: merchant_reference is required.",
        ),
        (
            403,
            "error-403-authorization-required",
            "Authorization required.",
        ),
        (
            404,
            "error-404-not-found",
            "The transaction could not be found.",
        ),
    ] {
        let body = fixture(case);
        let mut server = mockito::Server::new_async().await;
        let mock = server
            .mock("POST", "/status")
            .with_status(code)
            .with_body(&body)
            .expect(1)
            .create_async()
            .await;
        let (client, _) = client(&server.url());

        let error = client.status("3645651845961623", "ref").await.unwrap_err();

        mock.assert_async().await;
        assert_eq!(error.status(), Some(code as u16));
        assert_eq!(error.message(), Some(message));
        assert_eq!(error.body().unwrap().as_bytes(), body.as_slice());
        // The provider's text may quote personal data: Display leaves it out.
        assert!(!error.to_string().contains(message), "{error}");
        assert!(
            error
                .to_string()
                .starts_with(&format!("cm-idin: HTTP {code} (")),
            "{error}"
        );
        assert_eq!(error.provider(), "cm-idin");
    }
}

#[tokio::test]
async fn server_errors_are_retried_up_to_three_attempts_then_keep_the_html_body() {
    let body = fixture("error-502-html");
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("POST", "/status")
        .with_status(502)
        .with_header("content-type", "text/html")
        .with_body(&body)
        .expect(3)
        .create_async()
        .await;
    let (client, clock) = client(&server.url());

    let error = client.status("3645651845961623", "ref").await.unwrap_err();

    mock.assert_async().await;
    assert_eq!(clock.sleeps().len(), 2);
    assert_eq!(error.status(), Some(502));
    assert_eq!(error.message(), None);
    assert!(error.is_retryable());
    assert_eq!(error.body().unwrap().as_bytes(), body.as_slice());
}

#[tokio::test]
async fn a_429_waits_for_retry_after_then_asks_again() {
    let mut server = mockito::Server::new_async().await;
    let limited = server
        .mock("POST", "/status")
        .with_status(429)
        .with_header("retry-after", "2")
        .expect(1)
        .create_async()
        .await;
    let success = server
        .mock("POST", "/status")
        .with_status(200)
        .with_body(fixture("status-success"))
        .expect(1)
        .create_async()
        .await;
    let (client, clock) = client(&server.url());

    let answer = client.status("3645651845961623", "ref").await.unwrap();

    limited.assert_async().await;
    success.assert_async().await;
    assert_eq!(answer.attempts(), 2);
    assert!(clock.sleeps()[0] >= Duration::from_secs(2));
}

#[tokio::test]
async fn a_retry_after_past_the_status_deadline_fails_at_once() {
    let mut server = mockito::Server::new_async().await;
    let limited = server
        .mock("POST", "/status")
        .with_status(503)
        .with_header("retry-after", "40")
        .expect(1)
        .create_async()
        .await;
    let (client, clock) = client(&server.url());

    let error = client.status("3645651845961623", "ref").await.unwrap_err();

    limited.assert_async().await;
    assert!(clock.sleeps().is_empty());
    assert!(
        matches!(error.kind(), ErrorKind::RateLimited { .. }),
        "{error:?}"
    );
    assert_eq!(error.retry_after(), Some(Duration::from_secs(40)));
}

#[tokio::test]
async fn connect_errors_are_retried() {
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = closed.local_addr().unwrap();
    drop(closed);
    let (client, clock) = client(&format!("http://{address}"));

    let error = client.status("3645651845961623", "ref").await.unwrap_err();

    assert!(error.is_connect(), "{error:?}");
    assert!(!error.may_have_been_sent());
    assert_eq!(clock.sleeps().len(), 2);
}

/// A raw server that answers every connection with `head` and `body`, then
/// either closes (`stall` false) or keeps the connection open (`stall` true).
fn raw_server(head: &'static str, body: &'static [u8], stall: bool) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = connections.clone();
    thread::spawn(move || {
        let mut open = Vec::new();
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            counted.fetch_add(1, Ordering::SeqCst);
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body);
            let _ = stream.flush();
            if stall {
                open.push(stream);
            }
        }
    });
    (format!("http://{address}"), connections)
}

const CUT_BODY: &[u8] = br#"{"status":"success","transaction_id":"3645651845961623","bin":"NLINGB3x4u89498qe4tqjvdaj0","name":{"last_name":"Di"#;

#[tokio::test]
async fn a_success_cut_short_is_never_asked_again_and_keeps_what_arrived() {
    let (base, connections) = raw_server(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 4000\r\nconnection: close\r\n\r\n",
        CUT_BODY,
        false,
    );
    let (client, clock) = client(&base);

    let error = client.status("3645651845961623", "ref").await.unwrap_err();

    assert_eq!(connections.load(Ordering::SeqCst), 1);
    assert!(clock.sleeps().is_empty());
    assert_eq!(error.status(), Some(200));
    assert!(error.may_have_been_sent());
    assert_eq!(error.body().unwrap().as_bytes(), CUT_BODY);
}

#[tokio::test]
async fn a_stalled_success_is_waited_for_until_the_status_deadline_and_never_asked_again() {
    let (base, connections) = raw_server(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 4000\r\n\r\n",
        CUT_BODY,
        true,
    );
    let client = cm_idin::Client::builder(TOKEN)
        .base_url(base)
        .status_deadline(Duration::from_millis(400))
        .configure_transport(|t| {
            t.attempt_timeout(Duration::from_millis(100))
                .clock(Arc::new(txstatus_core::ManualClock::new()))
                .no_proxy()
        })
        .build()
        .unwrap();

    let started = std::time::Instant::now();
    let error = client.status("3645651845961623", "ref").await.unwrap_err();

    // The body of a success may use the whole deadline, not just one attempt's
    // timeout, and the request is not sent again.
    assert!(
        started.elapsed() >= Duration::from_millis(350),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(connections.load(Ordering::SeqCst), 1);
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(error.body().unwrap().as_bytes(), CUT_BODY);
}

#[tokio::test]
async fn empty_ids_are_refused_before_anything_is_sent() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("POST", "/status")
        .expect(0)
        .create_async()
        .await;
    let (client, _) = client(&server.url());

    let error = client.status("", "ref").await.unwrap_err();
    assert!(error.is_invalid_input());
    let error = client.status("123", "").await.unwrap_err();
    assert!(error.is_invalid_input());

    mock.assert_async().await;
}

#[tokio::test]
async fn the_notice_2000_answer_is_its_own_outcome() {
    let mut server = mockito::Server::new_async().await;
    let _mock = server
        .mock("POST", "/status")
        .with_status(200)
        .with_body(fixture("status-success-notice-2000"))
        .create_async()
        .await;
    let (client, _) = client(&server.url());

    let answer = client.status("3645651845961623", "ref").await.unwrap();

    let outcome = answer.value().outcome();
    let StatusOutcome::SuccessDataUnavailable(unavailable) = &outcome else {
        panic!("{outcome:?}")
    };
    assert!(unavailable.is_window_missed());
    assert_eq!(outcome.normalized(), NormalizedStatus::Succeeded);
}

#[tokio::test]
async fn a_notice_2000_after_a_502_is_an_identity_lost_to_the_earlier_attempt() {
    let mut server = mockito::Server::new_async().await;
    let bad_gateway = server
        .mock("POST", "/status")
        .with_status(502)
        .expect(1)
        .create_async()
        .await;
    let notice = server
        .mock("POST", "/status")
        .with_status(200)
        .with_body(fixture("status-success-notice-2000"))
        .expect(1)
        .create_async()
        .await;
    let (client, _) = client(&server.url());

    let answer = client.status("3645651845961623", "ref").await.unwrap();

    bad_gateway.assert_async().await;
    notice.assert_async().await;
    assert!(answer.earlier_attempt_may_have_reached_server());
    let outcome = StatusOutcome::from_response(&answer);
    let StatusOutcome::SuccessDataLostToEarlierAttempt(lost) = &outcome else {
        panic!("{outcome:?}")
    };
    assert!(lost.is_window_missed());
    assert_eq!(outcome.normalized(), NormalizedStatus::Succeeded);
    assert_eq!(outcome.data_unavailable(), Some(lost));
    assert!(outcome.identity().is_none());
    // The body alone cannot tell: it reads as a plain late request.
    assert!(matches!(
        answer.value().outcome(),
        StatusOutcome::SuccessDataUnavailable(_)
    ));
}

#[tokio::test]
async fn a_notice_2000_after_a_503_is_a_plain_late_request() {
    let mut server = mockito::Server::new_async().await;
    let unavailable = server
        .mock("POST", "/status")
        .with_status(503)
        .expect(1)
        .create_async()
        .await;
    let notice = server
        .mock("POST", "/status")
        .with_status(200)
        .with_body(fixture("status-success-notice-2000"))
        .expect(1)
        .create_async()
        .await;
    let (client, _) = client(&server.url());

    let answer = client.status("3645651845961623", "ref").await.unwrap();

    unavailable.assert_async().await;
    notice.assert_async().await;
    assert_eq!(answer.attempts(), 2);
    assert!(!answer.earlier_attempt_may_have_reached_server());
    let outcome = StatusOutcome::from_response(&answer);
    let StatusOutcome::SuccessDataUnavailable(late) = &outcome else {
        panic!("{outcome:?}")
    };
    assert!(late.is_window_missed());
}

#[tokio::test]
async fn the_identity_after_a_502_is_a_plain_success() {
    let mut server = mockito::Server::new_async().await;
    let _bad_gateway = server
        .mock("POST", "/status")
        .with_status(502)
        .expect(1)
        .create_async()
        .await;
    let _success = server
        .mock("POST", "/status")
        .with_status(200)
        .with_body(fixture("status-success"))
        .expect(1)
        .create_async()
        .await;
    let (client, _) = client(&server.url());

    let answer = client.status("3645651845961623", "ref").await.unwrap();

    assert!(answer.earlier_attempt_may_have_reached_server());
    assert!(StatusOutcome::from_response(&answer).identity().is_some());
}

#[tokio::test]
async fn a_notice_2000_after_a_connection_dropped_after_sending_is_lost_to_that_attempt() {
    let (base, connections) = support::slow_server(
        Duration::ZERO,
        1,
        br#"{"status":"success","notice":"too late","notice_code":2000}"#,
    )
    .await;
    let (client, _) = client(&base);

    let answer = client.status("3645651845961623", "ref").await.unwrap();

    assert_eq!(connections.load(Ordering::SeqCst), 2);
    assert!(answer.earlier_attempt_may_have_reached_server());
    assert!(matches!(
        StatusOutcome::from_response(&answer),
        StatusOutcome::SuccessDataLostToEarlierAttempt(_)
    ));
}

#[tokio::test]
async fn an_attempt_is_never_cut_shorter_than_the_time_left_and_the_call_is_sent_once() {
    // The server answers after 600 ms; the transport's attempt timeout is 200 ms.
    let (base, connections) = support::slow_server(
        Duration::from_millis(600),
        0,
        br#"{"status":"success","bin":"NLINGB3x4u89498qe4tqjvdaj0"}"#,
    )
    .await;
    let client = cm_idin::Client::builder(TOKEN)
        .base_url(base)
        .configure_transport(|t| {
            t.attempt_timeout(Duration::from_millis(200))
                .clock(Arc::new(txstatus_core::ManualClock::new()))
                .no_proxy()
        })
        .build()
        .unwrap();

    let started = std::time::Instant::now();
    let answer = client.status("3645651845961623", "ref").await.unwrap();

    assert!(
        started.elapsed() >= Duration::from_millis(550),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(connections.load(Ordering::SeqCst), 1);
    assert_eq!(answer.attempts(), 1);
    assert!(StatusOutcome::from_response(&answer).identity().is_some());
}
