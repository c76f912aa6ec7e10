//! One rule for "this answer may hold the identity": the sink, the status report's
//! stop-asking and the window's next read all follow `may_hold_identity`, so a
//! member this version does not model (a personal value under a new name) is
//! never read past.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::support;

use cm_idin::may_hold_identity;
use support::client;
use txstatus_core::Clock;

const OPEN_WITH_NEW_MEMBER: &str =
    r#"{"status":"open","transaction_id":"3645651845961623","birth_place":"Utrecht"}"#;
const OPEN_WITH_NEW_NAME_PART: &str =
    r#"{"status":"open","transaction_id":"3645651845961623","name":{"second_last_name":"Jansen"}}"#;

#[test]
fn a_body_may_hold_an_identity_when_it_has_personal_data_an_unmodelled_member_or_does_not_read() {
    assert!(may_hold_identity(br#"{"status":"success","bin":"X"}"#));
    assert!(may_hold_identity(OPEN_WITH_NEW_MEMBER.as_bytes()));
    assert!(may_hold_identity(OPEN_WITH_NEW_NAME_PART.as_bytes()));
    assert!(may_hold_identity(br#"{"status":"success","name":"#));
    assert!(may_hold_identity(b"not json"));
    assert!(!may_hold_identity(br#"{"status":"open"}"#));
    assert!(!may_hold_identity(
        br#"{"status":"success","notice":"late","notice_code":2000,"extra":null}"#
    ));
}

#[tokio::test]
async fn a_status_report_with_an_unmodelled_member_asks_the_poller_to_stop() {
    for body in [OPEN_WITH_NEW_MEMBER, OPEN_WITH_NEW_NAME_PART] {
        let mut server = mockito::Server::new_async().await;
        let _mock = support::status_answers_uncounted(&mut server, body).await;
        let (client, _clock) = client(&server.url());
        let report = client
            .status_report("3645651845961623", "ref")
            .await
            .unwrap();
        assert!(report.stop_asking, "{body}");
        assert!(report.should_stop(), "{body}");
        assert_eq!(report.raw.as_bytes(), body.as_bytes());
    }
}

#[tokio::test]
async fn the_window_never_reads_past_an_open_answer_with_an_unmodelled_member() {
    for body in [OPEN_WITH_NEW_MEMBER, OPEN_WITH_NEW_NAME_PART] {
        let mut server = mockito::Server::new_async().await;
        let once = support::status_answers(&mut server, body, 1).await;
        let (client, clock) = client(&server.url());
        let answer = client
            .status_within_window("3645651845961623", "ref", clock.now())
            .await
            .unwrap();
        once.assert_async().await;
        assert_eq!(answer.reads(), 1, "{body}");
        assert_eq!(answer.raw().as_bytes(), body.as_bytes());
        assert!(clock.sleeps().is_empty(), "{body}");
    }
}
