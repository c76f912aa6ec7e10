//! OAuth2 client credentials: request shape, caching, expiry, 401 and single flight.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use crate::support;

use std::time::{Duration, Instant};

use mockito::Matcher;
use support::*;
use txstatus_core::ManualClock;

#[tokio::test]
async fn token_request_posts_the_client_credentials_form_under_the_base_prefix() {
    let mut server = mockito::Server::new_async().await;
    let token = server
        .mock("POST", TOKEN_PATH)
        .match_header("content-type", "application/x-www-form-urlencoded")
        .match_header("authorization", Matcher::Missing)
        .match_body(Matcher::AllOf(vec![
            Matcher::UrlEncoded("client_id".into(), CLIENT_ID.into()),
            Matcher::UrlEncoded("client_secret".into(), SECRET.into()),
            Matcher::UrlEncoded("grant_type".into(), "client_credentials".into()),
        ]))
        .with_status(200)
        .with_body(token_body("tok-1", 3600))
        .expect(1)
        .create_async()
        .await;
    let transaction = transaction_with(&mut server, "tok-1")
        .match_header("accept", "application/json")
        .expect(1)
        .create_async()
        .await;

    let client = client(&server, &ManualClock::new());
    let response = client.transaction(ID).await.unwrap();

    assert_eq!(response.value().id.as_deref(), Some(ID));
    token.assert_async().await;
    transaction.assert_async().await;
}

#[tokio::test]
async fn the_token_is_reused_across_calls_and_clones() {
    let mut server = mockito::Server::new_async().await;
    let token = token_once(&mut server, "tok-1", 3600).await;
    let transaction = transactions_with(&mut server, "tok-1", 3).await;

    let client = client(&server, &ManualClock::new());
    client.transaction(ID).await.unwrap();
    client.transaction(ID).await.unwrap();
    client.clone().transaction(ID).await.unwrap();

    token.assert_async().await;
    transaction.assert_async().await;
}

#[tokio::test]
async fn the_token_is_replaced_60_s_before_it_expires() {
    let mut server = mockito::Server::new_async().await;
    let first = token_once(&mut server, "tok-1", 240).await;
    let second = token_once(&mut server, "tok-2", 240).await;
    let with_first = transactions_with(&mut server, "tok-1", 2).await;
    let with_second = transactions_with(&mut server, "tok-2", 1).await;

    let clock = ManualClock::new();
    let client = client(&server, &clock);
    client.transaction(ID).await.unwrap();
    clock.advance(Duration::from_secs(179));
    client.transaction(ID).await.unwrap();
    clock.advance(Duration::from_secs(1));
    client.transaction(ID).await.unwrap();

    first.assert_async().await;
    second.assert_async().await;
    with_first.assert_async().await;
    with_second.assert_async().await;
}

#[tokio::test]
async fn a_401_fetches_one_new_token_and_resends_once() {
    let mut server = mockito::Server::new_async().await;
    let first = token_once(&mut server, "tok-1", 3600).await;
    let second = token_once(&mut server, "tok-2", 3600).await;
    let refused = transaction_with(&mut server, "tok-1")
        .with_status(401)
        .with_body(r#"{"message":"Unauthorized"}"#)
        .expect(1)
        .create_async()
        .await;
    let accepted = transactions_with(&mut server, "tok-2", 1).await;

    let client = client(&server, &ManualClock::new());
    let response = client.transaction(ID).await.unwrap();

    assert_eq!(response.attempts(), 2);
    first.assert_async().await;
    second.assert_async().await;
    refused.assert_async().await;
    accepted.assert_async().await;
}

#[tokio::test]
async fn a_second_401_is_returned_after_exactly_one_refresh_and_one_resend() {
    let mut server = mockito::Server::new_async().await;
    let tokens = tokens(&mut server, "tok-any", 3600, 2).await;
    let transaction = transactions_refused(&mut server, r#"{"message":"Unauthorized"}"#, 2).await;

    let client = client(&server, &ManualClock::new());
    let error = client.transaction(ID).await.unwrap_err();

    assert_eq!(error.status(), Some(401));
    assert_eq!(error.message(), Some("Unauthorized"));
    tokens.assert_async().await;
    transaction.assert_async().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_reads_without_a_token_make_exactly_one_token_request() {
    let mut server = mockito::Server::new_async().await;
    // A slow token endpoint: every read is waiting while the token is fetched.
    let token = slow_token_once(&mut server, "tok-shared").await;
    let transaction = transactions_with(&mut server, "tok-shared", 20).await;

    let client = client(&server, &ManualClock::new());
    let started = Instant::now();
    crowd(&client).await;

    assert!(started.elapsed() >= Duration::from_millis(150));
    token.assert_async().await;
    transaction.assert_async().await;
}

#[tokio::test]
async fn a_token_shorter_than_the_margin_is_reused_for_most_of_its_lifetime() {
    let mut server = mockito::Server::new_async().await;
    let tokens = tokens(&mut server, "tok-short", 30, 1).await;
    let transaction = transactions_with(&mut server, "tok-short", 2).await;

    let client = client(&server, &ManualClock::new());
    client.transaction(ID).await.unwrap();
    client.transaction(ID).await.unwrap();

    tokens.assert_async().await;
    transaction.assert_async().await;
}

/// RFC 6749 7.1: a token of a type the client does not understand is not used.
/// Only `Bearer` (any case) or no `token_type` is sent as a bearer token; a
/// `mac`, `DPoP` or odd value is a decode error of the token endpoint that names
/// no token, and no read is sent with it.
#[tokio::test]
async fn a_token_of_another_type_than_bearer_is_never_sent() {
    for (kind, usable) in [
        (r#""Bearer""#, true),
        (r#""bearer""#, true),
        (r#""BEARER""#, true),
        ("null", true),
        (r#""mac""#, false),
        (r#""DPoP""#, false),
        (r#""Bearer2""#, false),
        (r#""""#, false),
        ("5", false),
    ] {
        let mut server = mockito::Server::new_async().await;
        let _token = server
            .mock("POST", TOKEN_PATH)
            .with_status(200)
            .with_body(format!(
                r#"{{"access_token":"tok-TYPED","token_type":{kind},"expires_in":3600}}"#
            ))
            .create_async()
            .await;
        let read = transactions_with(&mut server, "tok-TYPED", usize::from(usable)).await;

        let result = client(&server, &ManualClock::new()).transaction(ID).await;

        match result {
            Ok(response) => assert!(usable, "{kind}: {}", response.status()),
            Err(error) => {
                assert!(!usable, "{kind}: {error}");
                assert!(
                    matches!(error.kind(), txstatus_core::ErrorKind::Decode(_)),
                    "{kind}: {error}"
                );
                assert!(!format!("{error} {error:?}").contains("tok-TYPED"));
            }
        }
        read.assert_async().await;
    }
}

/// `expires_in` is a lifetime, not money: a whole number written as a float
/// (`3600.0`, `1e3`, `"3600.0"`) is that many seconds, a fraction is cut to the
/// second below (a token is never kept past its end), and a negative one is
/// a token already expired (used for this call, replaced on the next). None of
/// them makes a usable token unusable; what is no number at all still fails.
#[test]
fn an_expires_in_written_as_a_float_or_negative_still_gives_a_usable_token() {
    use cm_checkout::TokenResponse;

    for (expires_in, seconds) in [
        ("3600", 3600),
        ("3600.0", 3600),
        ("1e3", 1000),
        ("3599.9", 3599),
        (r#""3600.0""#, 3600),
        (r#"" 1E2 ""#, 100),
        ("0.5", 0),
        ("-1", 0),
        ("-0.5", 0),
        (r#""-30""#, 0),
        ("1e300", u64::MAX),
    ] {
        let body = format!(r#"{{"access_token":"tok-1","expires_in":{expires_in}}}"#);
        let token = TokenResponse::from_slice(200, body.as_bytes())
            .unwrap_or_else(|error| panic!("{expires_in}: {error}"));
        assert_eq!(token.expires_in(), Some(seconds), "{expires_in}");
        assert_eq!(
            token.into_issued().expires_in,
            Duration::from_secs(seconds),
            "{expires_in}"
        );
    }
    for expires_in in [r#""soon""#, "true", "{}", "[60]", r#""NaN""#, r#""inf""#] {
        let body = format!(r#"{{"access_token":"tok-1","expires_in":{expires_in}}}"#);
        let error = TokenResponse::from_slice(200, body.as_bytes()).unwrap_err();
        assert!(
            matches!(error.kind(), txstatus_core::ErrorKind::Decode(_)),
            "{expires_in}: {error}"
        );
    }
}

/// Twenty concurrent reads of `client`, each of which must succeed.
async fn crowd(client: &cm_checkout::Client) {
    let mut reads = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let client = client.clone();
        reads.spawn(async move { client.transaction(ID).await.map(|r| r.status()) });
    }
    let mut done = 0;
    while let Some(result) = reads.join_next().await {
        assert_eq!(result.unwrap().unwrap(), 200);
        done += 1;
    }
    assert_eq!(done, 20);
}

/// A slow token endpoint issuing `token` once: a crowd is waiting meanwhile.
async fn slow_token_once(server: &mut mockito::ServerGuard, token: &'static str) -> mockito::Mock {
    server
        .mock("POST", TOKEN_PATH)
        .with_status(200)
        .with_chunked_body(move |w| {
            std::thread::sleep(Duration::from_millis(150));
            w.write_all(token_body(token, 3600).as_bytes())
        })
        .expect(1)
        .create_async()
        .await
}

/// The token in hand expires while a crowd of calls arrives: one replacement
/// is fetched for all of them, never one per caller, and none is sent with
/// the expired token.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_crowd_arriving_when_the_token_expires_makes_exactly_one_token_request() {
    let mut server = mockito::Server::new_async().await;
    let first = token_once(&mut server, "tok-old", 3600).await;
    let second = slow_token_once(&mut server, "tok-new").await;
    let with_old = transactions_with(&mut server, "tok-old", 1).await;
    let with_new = transactions_with(&mut server, "tok-new", 20).await;

    let clock = ManualClock::new();
    let client = client(&server, &clock);
    client.transaction(ID).await.unwrap();
    clock.advance(Duration::from_secs(3600));
    crowd(&client).await;

    first.assert_async().await;
    second.assert_async().await;
    with_old.assert_async().await;
    with_new.assert_async().await;
}

/// CM refuses the cached token for a crowd of calls at once (revoked, or its
/// clock ahead of ours): the 401s make one replacement fetch between them, and
/// every call is resent once with it.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_crowd_of_401s_on_one_token_makes_exactly_one_refresh() {
    let mut server = mockito::Server::new_async().await;
    let first = token_once(&mut server, "tok-refused", 3600).await;
    let second = slow_token_once(&mut server, "tok-fresh").await;
    let refused = transaction_with(&mut server, "tok-refused")
        .with_status(401)
        .with_body(r#"{"message":"Unauthorized"}"#)
        .expect_at_least(1)
        .create_async()
        .await;
    let accepted = transactions_with(&mut server, "tok-fresh", 20).await;

    let client = client(&server, &ManualClock::new());
    crowd(&client).await;

    first.assert_async().await;
    second.assert_async().await;
    refused.assert_async().await;
    accepted.assert_async().await;
}
