//! Token lifetimes from a hostile endpoint, shared failures, and token-endpoint
//! errors that carry no body.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use std::{
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use txstatus_core::{
    BoxFuture, Error, HttpError, ManualClock, RawBody, SecretString,
    provider::{Authenticator, CachedToken, IssuedToken, TOKEN_FAILURE_HOLD_OFF, TokenSource},
};

const TOKEN: &str = "at_live_SECRET_TOKEN_VALUE";

#[derive(Debug)]
struct Source {
    fetches: Arc<AtomicUsize>,
    expires_in: Duration,
    fail: bool,
}

impl TokenSource for Source {
    fn fetch(&self) -> BoxFuture<'_, txstatus_core::Result<IssuedToken>> {
        Box::pin(async move {
            self.fetches.fetch_add(1, Ordering::SeqCst);
            // Let queued callers pile up behind the fetch.
            tokio::task::yield_now().await;
            if self.fail {
                let body = RawBody::new(format!(r#"{{"access_token":"{TOKEN}","#));
                return Err(Error::http("oauth", HttpError::new(500, body)));
            }
            Ok(IssuedToken {
                token: SecretString::from(TOKEN),
                expires_in: self.expires_in,
            })
        })
    }
}

fn cached(
    clock: &ManualClock,
    expires_in: Duration,
    fail: bool,
) -> (Arc<CachedToken>, Arc<AtomicUsize>) {
    let fetches = Arc::new(AtomicUsize::new(0));
    let source = Arc::new(Source {
        fetches: fetches.clone(),
        expires_in,
        fail,
    });
    (
        Arc::new(CachedToken::new(source, Arc::new(clock.clone()))),
        fetches,
    )
}

#[tokio::test]
async fn an_endless_expires_in_is_clamped_to_a_day_without_overflow() {
    let clock = ManualClock::new();
    let (auth, fetches) = cached(&clock, Duration::MAX, false);
    auth.header().await.unwrap();
    clock.advance(Duration::from_secs(23 * 3600));
    auth.header().await.unwrap();
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
    clock.advance(Duration::from_secs(3600));
    auth.header().await.unwrap();
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_short_lived_token_is_reused_for_most_of_its_lifetime() {
    let clock = ManualClock::new();
    let (auth, fetches) = cached(&clock, Duration::from_secs(60), false);
    auth.header().await.unwrap();
    clock.advance(Duration::from_secs(30));
    auth.header().await.unwrap();
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
    clock.advance(Duration::from_secs(20));
    auth.header().await.unwrap();
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_fetch_is_shared_with_waiting_callers_and_held_off() {
    let clock = ManualClock::new();
    let (auth, fetches) = cached(&clock, Duration::from_secs(3600), true);
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let auth = auth.clone();
        tasks.push(tokio::spawn(async move { auth.header().await }));
    }
    for task in tasks {
        let error = task.await.unwrap().unwrap_err();
        assert_eq!(error.status(), Some(500));
        assert!(error.is_token_endpoint());
    }
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
    auth.header().await.unwrap_err();
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
    clock.advance(TOKEN_FAILURE_HOLD_OFF);
    auth.header().await.unwrap_err();
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn token_endpoint_errors_carry_no_body_and_name_the_token_endpoint() {
    let clock = ManualClock::new();
    let (auth, _) = cached(&clock, Duration::from_secs(3600), true);
    let error = auth.header().await.unwrap_err();
    assert!(error.body().is_none_or(RawBody::is_empty), "{error:?}");
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains(TOKEN), "{text}");
    }
    assert!(error.to_string().contains("token endpoint"), "{error}");
}

#[test]
fn from_token_endpoint_drops_every_kind_of_body() {
    let body = || RawBody::new(TOKEN.as_bytes().to_vec());
    let errors = [
        Error::http("oauth", HttpError::new(400, body())),
        Error::decode("oauth", 200, ".", "cut short", body()),
        Error::rate_limited("oauth", 429, None, None, body()),
    ];
    for error in errors {
        let error = error.from_token_endpoint();
        assert!(error.body().is_none_or(RawBody::is_empty), "{error:?}");
    }
}

#[tokio::test]
async fn a_ready_header_is_offered_only_while_the_token_is_fresh_and_never_fetches() {
    let clock = ManualClock::new();
    let (auth, fetches) = cached(&clock, Duration::from_secs(60), false);
    // Nothing cached yet: the caller must go through `header`, which fetches.
    assert!(auth.ready_header().is_none());
    assert_eq!(fetches.load(Ordering::SeqCst), 0);
    let (_, fetched) = auth.header().await.unwrap().unwrap();
    let (_, ready) = auth.ready_header().unwrap();
    assert_eq!(ready, fetched);
    assert!(ready.is_sensitive());
    // Past the refresh point the cached token is not offered any more.
    clock.advance(Duration::from_secs(59));
    assert!(auth.ready_header().is_none());
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
}

/// Fetches through a service of its own (with a client-side rate limit).
#[derive(Debug)]
struct ViaService(txstatus_core::provider::Service);

impl TokenSource for ViaService {
    fn fetch(&self) -> BoxFuture<'_, txstatus_core::Result<IssuedToken>> {
        Box::pin(async move {
            self.0.execute(token_request()).await?;
            Ok(IssuedToken {
                token: SecretString::from(TOKEN),
                expires_in: Duration::from_secs(3600),
            })
        })
    }
}

fn token_request() -> txstatus_core::provider::RequestSpec {
    txstatus_core::provider::RequestSpec::post("token")
        .segment("token")
        .without_auth()
        .retry(txstatus_core::provider::RetryClass::Idempotent)
}

#[tokio::test]
async fn a_fetch_cut_by_its_callers_short_deadline_is_not_held_against_other_callers() {
    use txstatus_core::{ClientOptions, ErrorKind, RateLimit, provider::ServiceBuilder};
    struct B(ServiceBuilder);
    impl ClientOptions for B {
        fn service_builder_mut(&mut self) -> &mut ServiceBuilder {
            &mut self.0
        }
    }
    let mut server = mockito::Server::new_async().await;
    let token = support::answers(&mut server, "POST", "/token", 200, &[], "{}", 2).await;
    let data = support::answers(&mut server, "GET", "/t/1", 200, &[], "ok", 1).await;
    let clock = ManualClock::new();
    let token_service = B(ServiceBuilder::new("test", None))
        .base_url(server.url())
        .configure_transport(|t| t.clock(Arc::new(clock.clone())).no_proxy())
        .rate_limit(RateLimit::new(1, Duration::from_secs(10)))
        .0
        .build()
        .unwrap();
    // The token endpoint's one slot per 10 s is taken.
    token_service.execute(token_request()).await.unwrap();
    let auth = Arc::new(CachedToken::new(
        Arc::new(ViaService(token_service)),
        Arc::new(clock.clone()),
    ));
    let service = support::service(&server.url(), &clock).with_auth(auth);
    let get = || {
        txstatus_core::provider::RequestSpec::get("get")
            .segment("t")
            .id_segment("1")
    };
    // A caller with 1 s left cannot wait 10 s for the slot: its own failure.
    let hurried = service
        .execute(get().deadline(Duration::from_secs(1)))
        .await
        .unwrap_err();
    assert!(
        matches!(hurried.kind(), ErrorKind::LocalRateLimit { .. }),
        "{hurried:?}"
    );
    // A patient caller right after it waits for the slot and gets its answer.
    let answer = service.execute(get()).await.unwrap();
    assert_eq!(answer.body().as_bytes(), b"ok");
    token.assert_async().await;
    data.assert_async().await;
}

fn read_spec() -> txstatus_core::provider::RequestSpec {
    txstatus_core::provider::RequestSpec::get("get")
        .segment("t")
        .id_segment("1")
}

/// A call that fails before sending (its deadline already passed) spends no
/// slot of the rate limit: the next call is sent.
#[tokio::test]
async fn a_call_that_sends_nothing_spends_no_rate_limit_slot() {
    use txstatus_core::{CallOptions, ClientOptions, RateLimit};
    let mut server = mockito::Server::new_async().await;
    let data = support::answers(&mut server, "GET", "/t/1", 200, &[], "ok", 1).await;
    let clock = ManualClock::new();
    let service = support::service_with(
        &server.url(),
        txstatus_core::TransportBuilder::new()
            .clock(Arc::new(clock.clone()))
            .no_proxy(),
    );
    struct B(txstatus_core::provider::ServiceBuilder);
    impl ClientOptions for B {
        fn service_builder_mut(&mut self) -> &mut txstatus_core::provider::ServiceBuilder {
            &mut self.0
        }
    }
    let limited = B(txstatus_core::provider::ServiceBuilder::new("test", None))
        .base_url(server.url())
        .transport(service.transport().clone())
        .rate_limit(RateLimit::new(1, Duration::from_secs(60)))
        .0
        .build()
        .unwrap();
    let zero = limited.with_options(CallOptions::new().deadline(Duration::ZERO));
    assert!(zero.execute(read_spec()).await.unwrap_err().is_timeout());
    let answer = limited
        .execute(read_spec().deadline(Duration::from_secs(5)))
        .await
        .unwrap();
    assert_eq!(answer.body().as_bytes(), b"ok");
    data.assert_async().await;
}

/// A token fetch its caller's short deadline cut (the request was sent) is not
/// held off against the next caller, who has time: it fetches for itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fetch_sent_and_cut_by_its_callers_deadline_is_not_held_against_a_patient_caller() {
    use txstatus_core::CallOptions;
    let mut server = mockito::Server::new_async().await;
    let token = server
        .mock("POST", "/token")
        .with_status(200)
        .with_chunked_body(|out| {
            std::thread::sleep(Duration::from_millis(400));
            out.write_all(b"{}")
        })
        .expect(2)
        .create_async()
        .await;
    let data = support::answers(&mut server, "GET", "/t/1", 200, &[], "ok", 1).await;
    let transport = || txstatus_core::TransportBuilder::new().no_proxy();
    let token_service = support::service_with(&server.url(), transport());
    let auth = Arc::new(CachedToken::new(
        Arc::new(ViaService(token_service)),
        Arc::new(txstatus_core::SystemClock),
    ));
    let service = support::service_with(&server.url(), transport()).with_auth(auth);
    let hurried = service
        .with_options(CallOptions::new().deadline(Duration::from_millis(150)))
        .execute(read_spec())
        .await
        .unwrap_err();
    assert!(hurried.is_timeout(), "{hurried:?}");
    assert!(
        !hurried.to_string().contains("check its effect"),
        "a token request is no write: {hurried}"
    );
    let answer = service.execute(read_spec()).await.unwrap();
    assert_eq!(answer.body().as_bytes(), b"ok");
    token.assert_async().await;
    data.assert_async().await;
}

/// An application that shows what providers return learns each credential a
/// request sends, the fetched token alone (not its scheme), once per attempt;
/// a request that needs no credential reports none.
#[tokio::test]
async fn the_credential_observer_sees_each_fetched_token_as_sent() {
    let mut server = mockito::Server::new_async().await;
    let data = server
        .mock("GET", "/t/1")
        .match_header("authorization", format!("Bearer {TOKEN}").as_str())
        .with_status(200)
        .with_body("ok")
        .expect(2)
        .create_async()
        .await;
    let clock = ManualClock::new();
    let (auth, fetches) = cached(&clock, Duration::from_secs(3600), false);
    let seen = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let observer = {
        let seen = seen.clone();
        move |credential: &str| seen.lock().unwrap().push(credential.to_owned())
    };
    let transport = txstatus_core::TransportBuilder::new()
        .clock(Arc::new(clock.clone()))
        .no_proxy()
        .on_credential_sent(observer);
    assert!(format!("{transport:?}").contains("credential_observer: true"));
    let service = support::service_with(&server.url(), transport.clone()).with_auth(auth);
    service.execute(read_spec()).await.unwrap();
    service.execute(read_spec()).await.unwrap();
    data.assert_async().await;
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
    assert_eq!(
        *seen.lock().unwrap(),
        vec![TOKEN.to_owned(), TOKEN.to_owned()]
    );
    // No authenticator: nothing sent, nothing reported.
    let plain = support::service_with(&server.url(), transport);
    let _ = plain.execute(read_spec()).await;
    assert_eq!(seen.lock().unwrap().len(), 2);
}
