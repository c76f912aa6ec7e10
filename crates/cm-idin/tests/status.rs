//! `POST /status`: request shape, the keep-the-first-success retry rule, errors.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::support;

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
    let mock = support::answers(
        &mut server,
        "/idin/v1.0/status",
        200,
        fixture("status-open"),
        1,
    )
    .await;
    let (client, _) = client(&format!("{}/idin/v1.0", server.url()));

    let answer = client.status("3645651845961623", "ref").await.unwrap();

    mock.assert_async().await;
    assert_eq!(answer.value().outcome(), StatusOutcome::Open);
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
    let mock = support::never_asked(&mut server, "/status").await;
    let (client, _) = client(&server.url());

    let error = client.status("", "ref").await.unwrap_err();
    assert!(error.is_invalid_input());
    let error = client.status("123", "").await.unwrap_err();
    assert!(error.is_invalid_input());

    mock.assert_async().await;
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

/// What the mock server sends for one attempt, in order.
struct Answer {
    status: usize,
    /// A fixture's name, or the body itself when it starts with `{`; empty: none.
    body: &'static str,
    headers: &'static [(&'static str, &'static str)],
}

const fn answer(status: usize, body: &'static str) -> Answer {
    Answer {
        status,
        body,
        headers: &[],
    }
}

impl Answer {
    fn bytes(&self) -> Vec<u8> {
        match self.body {
            "" => Vec::new(),
            raw if raw.starts_with('{') => raw.as_bytes().to_vec(),
            name => fixture(name),
        }
    }
}

/// Serves `answers` in order, each once, to one `status` call; every answer is
/// asserted to have been asked for.
async fn exchange(
    answers: &[Answer],
) -> (
    txstatus_core::Result<txstatus_core::Response<cm_idin::StatusResponse>>,
    txstatus_core::ManualClock,
) {
    let mut server = mockito::Server::new_async().await;
    let mut mocks = Vec::new();
    for answer in answers {
        let mut mock = server
            .mock("POST", "/status")
            .with_status(answer.status)
            .with_body(answer.bytes())
            .expect(1);
        for (name, value) in answer.headers {
            mock = mock.with_header(*name, value);
        }
        mocks.push(mock.create_async().await);
    }
    let (client, clock) = client(&server.url());
    let result = client.status("3645651845961623", "merchant-ref-1").await;
    for mock in mocks {
        mock.assert_async().await;
    }
    (result, clock)
}

/// Which outcome a successful exchange ends with.
#[derive(Debug, PartialEq)]
enum Ends {
    /// The identity.
    Identity,
    /// Notice 2000 and no earlier attempt could have taken the identity.
    Late,
    /// Notice 2000 after an attempt that may have reached the server.
    LostToEarlierAttempt,
}

struct Success {
    behaviour: &'static str,
    answers: &'static [Answer],
    ends: Ends,
    attempts: u32,
    first_wait_at_least: Duration,
}

const SUCCESSES: &[Success] = &[
    Success {
        behaviour: "a 503 is asked again and the success after it is kept",
        answers: &[
            answer(503, r#"{"message":"Service unavailable."}"#),
            answer(200, "status-success"),
        ],
        ends: Ends::Identity,
        attempts: 2,
        first_wait_at_least: Duration::ZERO,
    },
    Success {
        behaviour: "a 429 waits for Retry-After, then asks again",
        answers: &[
            Answer {
                status: 429,
                body: "",
                headers: &[("retry-after", "2")],
            },
            answer(200, "status-success"),
        ],
        ends: Ends::Identity,
        attempts: 2,
        first_wait_at_least: Duration::from_secs(2),
    },
    Success {
        behaviour: "the notice 2000 answer is its own outcome",
        answers: &[answer(200, "status-success-notice-2000")],
        ends: Ends::Late,
        attempts: 1,
        first_wait_at_least: Duration::ZERO,
    },
    Success {
        behaviour: "a notice 2000 after a 502 is an identity lost to the earlier attempt",
        answers: &[answer(502, ""), answer(200, "status-success-notice-2000")],
        ends: Ends::LostToEarlierAttempt,
        attempts: 2,
        first_wait_at_least: Duration::ZERO,
    },
    Success {
        behaviour: "a notice 2000 after a 503 is a plain late request",
        answers: &[answer(503, ""), answer(200, "status-success-notice-2000")],
        ends: Ends::Late,
        attempts: 2,
        first_wait_at_least: Duration::ZERO,
    },
    Success {
        behaviour: "the identity after a 502 is a plain success",
        answers: &[answer(502, ""), answer(200, "status-success")],
        ends: Ends::Identity,
        attempts: 2,
        first_wait_at_least: Duration::ZERO,
    },
];

#[tokio::test]
async fn answer_sequences_end_in_the_outcome_the_table_gives() {
    for row in SUCCESSES {
        let (result, clock) = exchange(row.answers).await;
        let answer = result.unwrap_or_else(|e| panic!("{}: {e}", row.behaviour));
        let outcome = StatusOutcome::from_response(&answer);
        let ends = match &outcome {
            StatusOutcome::Success(_) => Ends::Identity,
            StatusOutcome::SuccessDataUnavailable(late) => {
                assert!(late.is_window_missed(), "{}", row.behaviour);
                Ends::Late
            }
            StatusOutcome::SuccessDataLostToEarlierAttempt(lost) => {
                assert!(lost.is_window_missed(), "{}", row.behaviour);
                assert!(outcome.identity().is_none(), "{}", row.behaviour);
                Ends::LostToEarlierAttempt
            }
            other => panic!("{}: {other:?}", row.behaviour),
        };
        assert_eq!(ends, row.ends, "{}", row.behaviour);
        assert_eq!(outcome.normalized(), NormalizedStatus::Succeeded);
        assert_eq!(answer.attempts(), row.attempts, "{}", row.behaviour);
        let earlier_failed_after_sending = row.answers.first().is_some_and(|a| a.status == 502);
        assert_eq!(
            answer.earlier_attempt_may_have_reached_server(),
            earlier_failed_after_sending,
            "{}",
            row.behaviour
        );
        let sleeps = clock.sleeps();
        assert_eq!(sleeps.len() as u32, row.attempts - 1, "{}", row.behaviour);
        assert!(
            sleeps.first().copied().unwrap_or_default() >= row.first_wait_at_least,
            "{}: {sleeps:?}",
            row.behaviour
        );
    }
}

struct Failure {
    behaviour: &'static str,
    answers: &'static [Answer],
    status: Option<u16>,
    message: Option<&'static str>,
    retryable: bool,
    /// What only this row checks.
    also: fn(&txstatus_core::Error),
}

const FAILURES: &[Failure] = &[
    Failure {
        behaviour: "a success whose body does not decode is not asked again and keeps the body",
        answers: &[answer(200, "status-malformed-name")],
        status: Some(200),
        message: None,
        retryable: false,
        also: |error| {
            assert!(matches!(error.kind(), ErrorKind::Decode(_)), "{error:?}");
            assert_eq!(error.json_path(), Some("name"));
        },
    },
    Failure {
        behaviour: "a truncated success body keeps every byte that arrived",
        answers: &[answer(200, "status-truncated")],
        status: Some(200),
        message: None,
        retryable: false,
        also: |_| {},
    },
    Failure {
        behaviour: "a 400 is not asked again and carries the message and body",
        answers: &[answer(400, "error-400-invalid-request")],
        status: Some(400),
        message: Some("Invalid request: merchant_reference is required."),
        retryable: false,
        also: |_| {},
    },
    Failure {
        behaviour: "a 403 is not asked again and carries the message and body",
        answers: &[answer(403, "error-403-authorization-required")],
        status: Some(403),
        message: Some("Authorization required."),
        retryable: false,
        also: |_| {},
    },
    Failure {
        behaviour: "a 404 is not asked again and carries the message and body",
        answers: &[answer(404, "error-404-not-found")],
        status: Some(404),
        message: Some("The transaction could not be found."),
        retryable: false,
        also: |_| {},
    },
    Failure {
        behaviour: "server errors are asked three times, then keep the HTML body",
        answers: &[
            answer(502, "error-502-html"),
            answer(502, "error-502-html"),
            answer(502, "error-502-html"),
        ],
        status: Some(502),
        message: None,
        retryable: true,
        also: |_| {},
    },
    Failure {
        behaviour: "a Retry-After past the status deadline fails at once",
        answers: &[Answer {
            status: 503,
            body: "",
            headers: &[("retry-after", "40")],
        }],
        status: Some(503),
        message: None,
        retryable: true,
        also: |error| {
            assert!(
                matches!(error.kind(), ErrorKind::RateLimited { .. }),
                "{error:?}"
            );
            assert_eq!(error.retry_after(), Some(Duration::from_secs(40)));
        },
    },
];

#[tokio::test]
async fn answer_sequences_end_in_the_error_the_table_gives() {
    for row in FAILURES {
        let (result, clock) = exchange(row.answers).await;
        let Err(error) = result else {
            panic!("{}: answered", row.behaviour)
        };
        let last = row.answers.last().unwrap();
        assert_eq!(error.status(), row.status, "{}", row.behaviour);
        assert_eq!(error.message(), row.message, "{}", row.behaviour);
        assert_eq!(error.is_retryable(), row.retryable, "{}", row.behaviour);
        assert_eq!(error.provider(), cm_idin::PROVIDER);
        if !last.body.is_empty() {
            assert_eq!(
                error.body().map(|b| b.as_bytes().to_vec()),
                Some(last.bytes()),
                "{}: the body is kept whole",
                row.behaviour
            );
        }
        if let (Some(code), Some(message)) = (row.status, row.message) {
            // The provider's text may quote personal data: Display leaves it out.
            let shown = error.to_string();
            assert!(!shown.contains(message), "{}: {shown}", row.behaviour);
            assert!(
                shown.starts_with(&format!("cm-idin: HTTP {code} (")),
                "{}: {shown}",
                row.behaviour
            );
        }
        assert_eq!(
            clock.sleeps().len(),
            row.answers.len() - 1,
            "{}: one wait between attempts",
            row.behaviour
        );
        (row.also)(&error);
    }
}
