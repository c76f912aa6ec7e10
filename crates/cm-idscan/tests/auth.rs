//! Every attempt carries a freshly signed HS256 JWT.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::support;

use std::{sync::Arc, time::Duration};

use cm_idscan::ClientOptions;
use support::{DETAILS, FixedClock, PREFIX, Seen, builder, client, unix_now, verify_bearer};

const PATH: &str = "/idscan/v1/transactions/2c2f04a5-44e4-4a83-aa53-1a9fa90c2394";
const ID: &str = "2c2f04a5-44e4-4a83-aa53-1a9fa90c2394";

/// Computed with Python's `hmac` for CM's example credentials at iat 1700000000.
const TOKEN_AT_1700000000: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IjNiNDM4NDM3LTA0YTQtNDBiYi04Mzg5LTU0YmIwMjc2NmZiYSJ9.eyJpYXQiOjE3MDAwMDAwMDAsIm5iZiI6MTY5OTk5OTk3MCwiZXhwIjoxNzAwMDAwMDYwfQ.wZ9C-F34sRTvlnzZ9I6wTaJMC3t-zTNMeHVfVMkqCMI";

#[tokio::test]
async fn authorization_is_a_bearer_jwt_that_verifies_with_the_secret() {
    let mut server = mockito::Server::new_async().await;
    let seen = Seen::default();
    let mock = server
        .mock("GET", PATH)
        .with_body_from_request(seen.responder(DETAILS))
        .expect(1)
        .create_async()
        .await;
    let (client, _clock) = client(&server);
    let before = unix_now();
    client.transaction(ID).await.unwrap();
    let after = unix_now();
    mock.assert_async().await;

    let header = seen.all()[0].clone().expect("an Authorization header");
    let claims = verify_bearer(&header);
    assert!(before <= claims.iat && claims.iat <= after + 1);
    assert_eq!(claims.iat - claims.nbf, 30, "nbf is 30 s before now");
    assert_eq!(claims.exp - claims.iat, 60, "lifetime is 60 s by default");
}

#[tokio::test]
async fn the_token_is_the_independently_computed_one_for_a_fixed_clock() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", PATH)
        .match_header(
            "authorization",
            format!("Bearer {TOKEN_AT_1700000000}").as_str(),
        )
        .with_body(DETAILS)
        .expect(1)
        .create_async()
        .await;
    let client = builder(&server, Arc::new(FixedClock::at_unix(1_700_000_000)))
        .build()
        .unwrap();
    client.transaction(ID).await.unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn the_lifetime_is_settable() {
    let mut server = mockito::Server::new_async().await;
    let seen = Seen::default();
    let _mock = server
        .mock("GET", PATH)
        .with_body_from_request(seen.responder(DETAILS))
        .create_async()
        .await;
    let client = builder(&server, Arc::new(FixedClock::at_unix(1_700_000_000)))
        .token_lifetime(Duration::from_secs(300))
        .build()
        .unwrap();
    client.transaction(ID).await.unwrap();
    let claims = verify_bearer(seen.all()[0].as_deref().unwrap());
    assert_eq!(
        (claims.iat, claims.nbf, claims.exp),
        (1_700_000_000, 1_699_999_970, 1_700_000_300)
    );
}

#[tokio::test]
async fn each_attempt_signs_a_new_token_from_the_clock() {
    let mut server = mockito::Server::new_async().await;
    let seen = Seen::default();
    let busy = server
        .mock("GET", PATH)
        .with_status(503)
        .with_header("retry-after", "5")
        .with_body_from_request(seen.responder(b"busy"))
        .expect(1)
        .create_async()
        .await;
    let ok = server
        .mock("GET", PATH)
        .with_body_from_request(seen.responder(DETAILS))
        .expect(1)
        .create_async()
        .await;
    let (client, clock) = client(&server);
    let response = client.transaction(ID).await.unwrap();
    busy.assert_async().await;
    ok.assert_async().await;
    assert_eq!(response.attempts(), 2);
    assert!(clock.elapsed() >= Duration::from_secs(5));

    let headers = seen.all();
    let first = verify_bearer(headers[0].as_deref().unwrap());
    let second = verify_bearer(headers[1].as_deref().unwrap());
    assert!(second.iat >= first.iat + 5, "{first:?} then {second:?}");
    assert_ne!(headers[0], headers[1]);
}

#[test]
fn empty_credentials_are_refused_at_build() {
    let server = mockito::Server::new();
    let error = cm_idscan::Client::builder("", cm_idscan::SecretString::from("x"))
        .base_url(format!("{}{PREFIX}", server.url()))
        .build()
        .unwrap_err();
    assert!(error.is_invalid_input());
    let error = cm_idscan::Client::builder("kid", cm_idscan::SecretString::from(""))
        .build()
        .unwrap_err();
    assert!(error.is_invalid_input());
}

/// A key secret of spaces, tabs or line breaks only (an unset variable padded, a
/// file holding a newline) signs tokens any guess reproduces and CM refuses:
/// refused at build like an empty one, naming no secret. A key id with quotes,
/// control characters or non-ASCII text travels JSON-escaped inside the token
/// and never breaks the header.
#[test]
fn a_blank_key_secret_is_refused_and_a_hostile_key_id_stays_inside_the_token() {
    for blank in [" ", "\t", "\n", " \r\n "] {
        let error = cm_idscan::Client::builder("kid", cm_idscan::SecretString::from(blank))
            .build()
            .unwrap_err();
        assert!(error.is_invalid_input(), "{blank:?}");
    }
    let clock: Arc<dyn txstatus_core::Clock> = Arc::new(txstatus_core::SystemClock);
    for kid in ["k\"id", "k\r\nX-Evil: 1", "kïd\u{202e}", "k\\id\u{0}"] {
        let auth = cm_idscan::JwtAuth::new(
            kid,
            cm_idscan::SecretString::from("s3cret-key"),
            Duration::from_secs(60),
            clock.clone(),
        )
        .unwrap();
        let token = auth.token_at(std::time::SystemTime::now()).unwrap();
        let token = txstatus_core::ExposeSecret::expose_secret(&token).to_owned();
        assert_eq!(token.split('.').count(), 3, "{kid:?}");
        assert!(
            token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)),
            "{kid:?}"
        );
        let header = token.split('.').next().unwrap();
        let header = txstatus_core::crypto::base64url_decode(header).unwrap();
        let header: serde_json::Value = serde_json::from_slice(&header).unwrap();
        assert_eq!(header["kid"], kid);
    }
}
