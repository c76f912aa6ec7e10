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
    let transaction = transaction_with(&mut server, "tok-1")
        .expect(3)
        .create_async()
        .await;

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
    let with_first = transaction_with(&mut server, "tok-1")
        .expect(2)
        .create_async()
        .await;
    let with_second = transaction_with(&mut server, "tok-2")
        .expect(1)
        .create_async()
        .await;

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
    let accepted = transaction_with(&mut server, "tok-2")
        .expect(1)
        .create_async()
        .await;

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
    let tokens = server
        .mock("POST", TOKEN_PATH)
        .with_status(200)
        .with_body(token_body("tok-any", 3600))
        .expect(2)
        .create_async()
        .await;
    let transaction = server
        .mock("GET", TX_PATH)
        .with_status(401)
        .with_body(r#"{"message":"Unauthorized"}"#)
        .expect(2)
        .create_async()
        .await;

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
    let token = server
        .mock("POST", TOKEN_PATH)
        .with_status(200)
        .with_chunked_body(|w| {
            // A slow token endpoint: every read is waiting while the token is fetched.
            std::thread::sleep(Duration::from_millis(150));
            w.write_all(token_body("tok-shared", 3600).as_bytes())
        })
        .expect(1)
        .create_async()
        .await;
    let transaction = transaction_with(&mut server, "tok-shared")
        .expect(20)
        .create_async()
        .await;

    let client = client(&server, &ManualClock::new());
    let started = Instant::now();
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
    assert!(started.elapsed() >= Duration::from_millis(150));
    token.assert_async().await;
    transaction.assert_async().await;
}

#[tokio::test]
async fn a_token_shorter_than_the_margin_is_reused_for_most_of_its_lifetime() {
    let mut server = mockito::Server::new_async().await;
    let tokens = server
        .mock("POST", TOKEN_PATH)
        .with_status(200)
        .with_body(token_body("tok-short", 30))
        .expect(1)
        .create_async()
        .await;
    let transaction = transaction_with(&mut server, "tok-short")
        .expect(2)
        .create_async()
        .await;

    let client = client(&server, &ManualClock::new());
    client.transaction(ID).await.unwrap();
    client.transaction(ID).await.unwrap();

    tokens.assert_async().await;
    transaction.assert_async().await;
}
