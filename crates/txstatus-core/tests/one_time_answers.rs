//! `RequestSpec::one_time_answer_in_error`: an error answer holding what the
//! provider hands out once ends the call at its first send, keeps its HTTP
//! kind, status, `Retry-After` and body, and is marked not to be asked again.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;

use std::time::Duration;

use support::service;
use txstatus_core::{ErrorKind, ManualClock, provider::RequestSpec};

fn holds_once(body: &[u8]) -> bool {
    body.windows(8).any(|w| w == b"identity")
}

fn get() -> RequestSpec {
    RequestSpec::get("get_thing")
        .segment("things")
        .id_segment("abc")
        .one_time_answer_in_error(holds_once)
}

#[tokio::test]
async fn an_error_answer_holding_a_one_time_answer_is_sent_once_and_keeps_its_kind() {
    for (status, retry_after) in [
        (500, None),
        (502, None),
        (503, Some("1")),
        (429, Some("2")),
        (404, None),
    ] {
        let mut server = mockito::Server::new_async().await;
        let mut mock = server.mock("GET", "/things/abc").with_status(status);
        if let Some(wait) = retry_after {
            mock = mock.with_header("retry-after", wait);
        }
        let body = r#"{"identity":{"name":"Jan Jansen"}}"#;
        let mock = mock.with_body(body).expect(1).create_async().await;
        let clock = ManualClock::new();
        let error = service(&server.url(), &clock)
            .execute(get())
            .await
            .expect_err("an error status");
        mock.assert_async().await;
        assert!(
            clock.sleeps().is_empty(),
            "HTTP {status}: waited before giving up"
        );
        assert!(error.holds_one_time_answer(), "HTTP {status}: {error:?}");
        assert!(!error.is_retryable(), "HTTP {status}: {error:?}");
        assert!(
            matches!(
                error.kind(),
                ErrorKind::Http(_) | ErrorKind::RateLimited { .. }
            ),
            "HTTP {status}: {error:?}"
        );
        assert_eq!(error.status(), Some(status as u16));
        assert_eq!(
            error.retry_after(),
            retry_after.map(|s| Duration::from_secs(s.parse().unwrap()))
        );
        assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
        let shown = format!("{error} {error:?}");
        assert!(
            shown.contains("hands out once") && shown.contains("one_time_answer"),
            "{shown}"
        );
        assert!(!shown.contains("Jansen"), "{shown}");
    }
}

#[tokio::test]
async fn an_error_answer_without_one_is_retried_as_its_class_says() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", "/things/abc")
        .with_status(503)
        .with_body(r#"{"message":"busy"}"#)
        .expect(3)
        .create_async()
        .await;
    let clock = ManualClock::new();
    let error = service(&server.url(), &clock)
        .execute(get())
        .await
        .expect_err("an error status");
    mock.assert_async().await;
    assert!(!error.holds_one_time_answer(), "{error:?}");
    assert!(error.is_retryable(), "{error:?}");
    assert!(!format!("{error}").contains("hands out once"), "{error}");
}
