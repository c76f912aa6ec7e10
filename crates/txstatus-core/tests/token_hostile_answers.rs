//! A token endpoint that answers badly: tokens a header cannot carry as they
//! are, tokens that expire at once under a crowd of callers, and a replacement
//! that fails after a 401.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use std::{
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use txstatus_core::{
    BoxFuture, Error, HttpError, ManualClock, RawBody, SecretString,
    provider::{
        Authenticator, BearerToken, CachedToken, IssuedToken, MAX_BEARER_TOKEN_LEN, RequestSpec,
        Service, TOKEN_FAILURE_HOLD_OFF, TokenSource,
    },
};

/// Hands out the tokens of `tokens` in order (the last one again when they run
/// out); `None` is a failed fetch (HTTP 500). Each fetch waits on `gate` first.
#[derive(Debug)]
struct Scripted {
    tokens: Mutex<Vec<Option<&'static str>>>,
    expires_in: Duration,
    fetches: Arc<AtomicUsize>,
    gate: Option<Arc<tokio::sync::Semaphore>>,
}

impl TokenSource for Scripted {
    fn fetch(&self) -> BoxFuture<'_, txstatus_core::Result<IssuedToken>> {
        Box::pin(async move {
            self.fetches.fetch_add(1, Ordering::SeqCst);
            if let Some(gate) = &self.gate {
                gate.acquire().await.unwrap().forget();
            }
            let next = {
                let mut tokens = self.tokens.lock().unwrap();
                if tokens.len() > 1 {
                    tokens.remove(0)
                } else {
                    tokens[0]
                }
            };
            match next {
                Some(token) => Ok(IssuedToken {
                    token: SecretString::from(token),
                    expires_in: self.expires_in,
                }),
                None => Err(Error::http(
                    "oauth",
                    HttpError::new(500, RawBody::new("down")),
                )),
            }
        })
    }
}

fn scripted(
    clock: &ManualClock,
    tokens: Vec<Option<&'static str>>,
    expires_in: Duration,
    gate: Option<Arc<tokio::sync::Semaphore>>,
) -> (Arc<CachedToken>, Arc<AtomicUsize>) {
    let fetches = Arc::new(AtomicUsize::new(0));
    let source = Arc::new(Scripted {
        tokens: Mutex::new(tokens),
        expires_in,
        fetches: fetches.clone(),
        gate,
    });
    (
        Arc::new(CachedToken::new(source, Arc::new(clock.clone()))),
        fetches,
    )
}

const HOSTILE_TOKENS: [&str; 7] = [
    "",
    "tok SECRET",
    "tok\tSECRET",
    "tok-SECRET ",
    "t\u{f6}k-SECRET",
    "tok-SECRET\u{7f}",
    "tok-SECRET\r\nX-Injected: 1",
];

/// A server no request may reach (its mock expects none), and a service on it
/// whose token source issues `token` once, valid for an hour; with the count
/// of token fetches.
async fn service_issuing(
    token: &'static str,
) -> (
    mockito::ServerGuard,
    mockito::Mock,
    Service,
    Arc<AtomicUsize>,
) {
    let mut server = mockito::Server::new_async().await;
    let any = server
        .mock("GET", mockito::Matcher::Any)
        .with_body("{}")
        .expect(0)
        .create_async()
        .await;
    let clock = ManualClock::new();
    let (auth, fetches) = scripted(&clock, vec![Some(token)], Duration::from_secs(3600), None);
    let service = support::service(&server.url(), &clock).with_auth(auth);
    (server, any, service, fetches)
}

#[tokio::test]
async fn an_issued_token_with_a_space_tab_control_or_non_ascii_byte_is_refused_and_never_sent() {
    for hostile in HOSTILE_TOKENS {
        let (_server, any, service, fetches) = service_issuing(hostile).await;
        let get = || RequestSpec::get("get").segment("t").id_segment("1");
        let error = service.execute(get()).await.expect_err(hostile);
        assert!(error.is_token_endpoint(), "{hostile:?}: {error:?}");
        assert!(!error.may_have_been_sent(), "{hostile:?}: {error:?}");
        for text in [error.to_string(), format!("{error:?}")] {
            assert!(!text.contains("SECRET"), "{text}");
        }
        // The bad answer is held off like a failed fetch: the next call does
        // not ask the endpoint again at once.
        service.execute(get()).await.expect_err(hostile);
        assert_eq!(fetches.load(Ordering::SeqCst), 1, "{hostile:?}");
        any.assert_async().await;
    }
}

#[test]
fn a_bearer_key_with_a_space_tab_or_non_ascii_byte_is_refused_naming_no_secret() {
    for hostile in HOSTILE_TOKENS.into_iter().skip(1) {
        let error = BearerToken::new("test", &SecretString::from(hostile)).expect_err(hostile);
        assert!(error.is_invalid_input(), "{error:?}");
        for text in [error.to_string(), format!("{error:?}")] {
            assert!(!text.contains("SECRET"), "{text}");
        }
    }
    BearerToken::new("test", &SecretString::from("sk_live-AZaz09._~+/=")).unwrap();
}

#[tokio::test]
async fn an_issued_token_longer_than_a_header_line_servers_accept_is_refused_and_never_sent() {
    // A token endpoint answering with a 1 MB `access_token` (or one just past
    // the cap): sent as is, every call would carry it and every server would
    // refuse the header line, for as long as the token is cached.
    for len in [MAX_BEARER_TOKEN_LEN + 1, 1 << 20] {
        let hostile: &'static str =
            Box::leak(format!("SECRET{}", "a".repeat(len - 6)).into_boxed_str());
        let (_server, any, service, fetches) = service_issuing(hostile).await;
        let get = || RequestSpec::get("get").segment("t").id_segment("1");
        let error = service.execute(get()).await.expect_err("too long");
        assert!(error.is_token_endpoint(), "{error:?}");
        assert!(!error.may_have_been_sent(), "{error:?}");
        for text in [error.to_string(), format!("{error:?}")] {
            assert!(!text.contains("SECRET"), "{text:.300}");
            assert!(text.len() < 1000, "{text:.300}");
        }
        service.execute(get()).await.expect_err("held off");
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
        any.assert_async().await;
    }
    // The same rule for a long-lived key, and a token of the largest length passes.
    let long = format!("SECRET{}", "a".repeat(MAX_BEARER_TOKEN_LEN - 5));
    let error = BearerToken::new("test", &SecretString::from(long)).unwrap_err();
    assert!(error.is_invalid_input(), "{error:?}");
    assert!(!error.to_string().contains("SECRET"));
    let longest = "a".repeat(MAX_BEARER_TOKEN_LEN);
    BearerToken::new("test", &SecretString::from(longest)).unwrap();
}

// One thread: every caller is parked on the lock before the gated fetch ends.
#[tokio::test(flavor = "current_thread")]
async fn callers_waiting_on_a_fetch_share_its_token_even_one_that_expires_at_once() {
    let clock = ManualClock::new();
    let gate = Arc::new(tokio::sync::Semaphore::new(0));
    let (auth, fetches) = scripted(
        &clock,
        vec![Some("tok-1"), Some("tok-2")],
        Duration::ZERO,
        Some(gate.clone()),
    );
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let auth = auth.clone();
        tasks.push(tokio::spawn(async move { auth.header().await }));
    }
    for _ in 0..10 {
        tokio::task::yield_now().await;
    }
    gate.add_permits(100);
    for task in tasks {
        let (_, header) = task.await.unwrap().unwrap().unwrap();
        assert_eq!(header.to_str().unwrap(), "Bearer tok-1");
    }
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
    // A caller that comes later, not waiting on a fetch, asks for a new one.
    let (_, header) = auth.header().await.unwrap().unwrap();
    assert_eq!(header.to_str().unwrap(), "Bearer tok-2");
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_token_refused_with_a_401_is_never_sent_again_when_its_replacement_fails() {
    let mut server = mockito::Server::new_async().await;
    let refused = support::answers(&mut server, "GET", "/t/1", 401, &[], "", 1).await;
    let clock = ManualClock::new();
    let (auth, fetches) = scripted(
        &clock,
        vec![Some("tok-1"), None],
        Duration::from_secs(3600),
        None,
    );
    let service = support::service(&server.url(), &clock).with_auth(auth.clone());
    let get = || RequestSpec::get("get").segment("t").id_segment("1");
    // tok-1 is refused and its replacement fails.
    let first = service.execute(get()).await.unwrap_err();
    assert!(first.is_token_endpoint(), "{first:?}");
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
    // tok-1 is not offered again, and the failing endpoint is held off.
    assert!(auth.ready_header().is_none());
    for _ in 0..3 {
        let again = service.execute(get()).await.unwrap_err();
        assert!(again.is_token_endpoint(), "{again:?}");
        assert_eq!(again.status(), Some(500), "{again:?}");
    }
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
    refused.assert_async().await;
    // After the hold-off the endpoint is asked again (and fails again): still
    // nothing sent with the refused token.
    clock.advance(TOKEN_FAILURE_HOLD_OFF);
    service.execute(get()).await.unwrap_err();
    assert_eq!(fetches.load(Ordering::SeqCst), 3);
    refused.assert_async().await;
}

#[tokio::test]
async fn a_401_refresh_during_a_failure_hold_off_reports_the_failure_without_fetching() {
    let clock = ManualClock::new();
    let (auth, fetches) = scripted(
        &clock,
        vec![Some("tok-1"), None],
        Duration::from_secs(3600),
        None,
    );
    let (_, sent) = auth.header().await.unwrap().unwrap();
    // Two requests sent with tok-1 both come back 401.
    auth.refresh_after_unauthorized(&sent).await.unwrap_err();
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
    let error = auth.refresh_after_unauthorized(&sent).await.unwrap_err();
    assert!(error.is_token_endpoint(), "{error:?}");
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
}
