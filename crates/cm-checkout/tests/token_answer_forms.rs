//! Token endpoint answers in forms the docs do not show: a lifetime in any
//! number form gives a usable token with a lifetime never longer than written;
//! an answer carrying OAuth's `error` member is no token; a token the header
//! cannot carry is refused without naming it; a 401 refreshes once, even when
//! the endpoint hands back the refused token.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::support;

use cm_checkout::{DEFAULT_EXPIRES_IN, TokenResponse};
use support::*;
use txstatus_core::{ErrorKind, ManualClock};

const TOKEN: &str = "tok-Odd-Forms-913";

fn answer(expires_in: &str) -> String {
    format!(r#"{{"access_token":"{TOKEN}","token_type":"bearer","expires_in":{expires_in}}}"#)
}

#[test]
fn a_lifetime_in_any_number_form_gives_a_usable_token() {
    for (expires_in, seconds) in [
        ("1e400", Some(u64::MAX)),
        ("\"1e400\"", Some(u64::MAX)),
        ("1E+30", Some(u64::MAX)),
        ("1e99999999999999999999", Some(u64::MAX)),
        ("1e-99999999999999999999", Some(0)),
        ("123456789012345678901234567890", Some(u64::MAX)),
        ("-1e400", Some(0)),
        ("\"-7\"", Some(0)),
        ("-0.5", Some(0)),
        ("1e-400", Some(0)),
        ("3599.999", Some(3599)),
        ("\"36e2\"", Some(3600)),
        ("\" 60 \"", Some(60)),
        ("null", None),
        ("\"\"", None),
    ] {
        let token = TokenResponse::from_slice(200, answer(expires_in).as_bytes())
            .unwrap_or_else(|e| panic!("{expires_in}: {e}"));
        assert_eq!(token.expires_in(), seconds, "{expires_in}");
        let issued = token.into_issued();
        if seconds.is_none() {
            assert_eq!(issued.expires_in, DEFAULT_EXPIRES_IN, "{expires_in}");
        }
    }
}

#[test]
fn a_lifetime_that_is_no_number_fails_without_naming_the_token() {
    for expires_in in [
        "\"NaN\"",
        "\"inf\"",
        "\"-infinity\"",
        "\"0x10\"",
        "\"1_000\"",
        "\"60s\"",
        "\"1e\"",
        "\".\"",
        "true",
        "[60]",
        "{\"seconds\":60}",
    ] {
        let error = TokenResponse::from_slice(200, answer(expires_in).as_bytes()).unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::Decode(_)), "{expires_in}");
        assert!(
            !format!("{error} {error:?}").contains(TOKEN),
            "{expires_in}"
        );
        assert_eq!(error.body().map(|b| b.len()), Some(0), "{expires_in}");
    }
}

#[test]
fn an_answer_carrying_an_oauth_error_is_no_token() {
    for error_member in [
        r#""invalid_client""#,
        r#""""#,
        r#"{"code":401}"#,
        r#"["invalid_grant"]"#,
        r#"false"#,
    ] {
        let body = format!(
            r#"{{"access_token":"{TOKEN}","token_type":"Bearer","expires_in":60,"error":{error_member},"error_description":"quoted {TOKEN}"}}"#
        );
        let error = TokenResponse::from_slice(200, body.as_bytes()).unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::Decode(_)), "{body}");
        assert!(!format!("{error} {error:?}").contains(TOKEN), "{body}");
    }
    let taken = TokenResponse::from_slice(
        200,
        format!(r#"{{"access_token":"{TOKEN}","token_type":"Bearer","error":null}}"#).as_bytes(),
    );
    assert!(taken.is_ok());
}

/// The error of a read whose token endpoint answers `200` with `answer`,
/// having checked that no read was sent.
async fn read_after_token_answer(answer: String) -> cm_checkout::Error {
    let mut server = mockito::Server::new_async().await;
    let _token = server
        .mock("POST", TOKEN_PATH)
        .with_status(200)
        .with_body(answer)
        .create_async()
        .await;
    let read = server.mock("GET", TX_PATH).expect(0).create_async().await;
    let client = client(&server, &ManualClock::new());
    let error = client.transaction(ID).await.unwrap_err();
    read.assert_async().await;
    error
}

#[tokio::test]
async fn a_200_token_answer_with_an_error_member_sends_no_read() {
    let answer =
        format!(r#"{{"error":"invalid_client","access_token":"{TOKEN}","expires_in":3600}}"#);
    let error = read_after_token_answer(answer).await;
    let shown = format!("{error} {error:?} {error:#?}");
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(!shown.contains(SECRET), "{shown}");
}

#[tokio::test]
async fn a_token_the_header_cannot_carry_is_never_sent_nor_shown() {
    for token in [
        "tok\r\nX-Evil: 1",
        "tok with space",
        "tok\u{7f}del",
        "ték-non-ascii",
    ] {
        let answer =
            serde_json::json!({"access_token": token, "token_type": "Bearer", "expires_in": 60})
                .to_string();
        let error = read_after_token_answer(answer).await;
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains(token), "{shown}");
    }
}

#[tokio::test]
async fn a_401_refreshes_once_even_when_the_endpoint_hands_back_the_refused_token() {
    let mut server = mockito::Server::new_async().await;
    let tokens = tokens(&mut server, "tok-same", 3600, 2).await;
    let reads =
        transactions_refused(&mut server, r#"{"message":"token tok-same expired"}"#, 2).await;
    let client = client(&server, &ManualClock::new());
    let error = client.transaction(ID).await.unwrap_err();
    assert_eq!(error.status(), Some(401));
    assert!(!format!("{error} {error:?}").contains("tok-same"));
    tokens.assert_async().await;
    reads.assert_async().await;
}
