//! A token endpoint whose 2xx answer is unusable (over the cap however framed, cut
//! short): the error holds none of its bytes, in any kind and in every copy, and
//! does not say a write was carried out, whatever the token request's method
//! and class (the source here sends a POST not marked read-only).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::{
    body_over_cap::{CAP, Framing, answer, serve, transport},
    support,
};

use std::{sync::Arc, time::Duration};

use txstatus_core::{
    BoxFuture, Error, ErrorKind, ManualClock, SecretString,
    provider::{CachedToken, IssuedToken, RequestSpec, RetryClass, Service, TokenSource},
};

/// Text of the live token in every answer: no error may hold it.
const LIVE_TOKEN: &str = "LIVE-ACCESS-TOKEN-7c1e";

/// Fetches a token with `POST /oauth/token` through its own service.
#[derive(Debug)]
struct PostedToken(Service);

impl TokenSource for PostedToken {
    fn fetch(&self) -> BoxFuture<'_, txstatus_core::Result<IssuedToken>> {
        Box::pin(async move {
            let spec = RequestSpec::post("oauth_token")
                .segment("oauth")
                .segment("token")
                .retry(RetryClass::Idempotent)
                .without_auth();
            let response = self.0.execute(spec).await?;
            Ok(IssuedToken {
                token: SecretString::from(
                    String::from_utf8_lossy(response.body().as_bytes()).into_owned(),
                ),
                expires_in: Duration::from_secs(3600),
            })
        })
    }
}

/// A token answer of `len` bytes holding the live token, padded past the cap.
fn token_json(len: usize) -> Vec<u8> {
    let mut body = format!(r#"{{"access_token":"{LIVE_TOKEN}","padding":""#).into_bytes();
    body.resize(len.saturating_sub(2), b'x');
    body.extend_from_slice(b"\"}");
    body
}

/// A 200 announcing more bytes than it sends before closing.
fn cut_short() -> Vec<u8> {
    let body = token_json(300);
    let mut out = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len() + 200
    )
    .into_bytes();
    out.extend_from_slice(&body);
    out
}

/// Bytes of the answer an error kind holds, whatever its kind.
fn held(kind: &ErrorKind) -> usize {
    match kind {
        ErrorKind::Http(h) => h.body.len(),
        ErrorKind::Decode(d) => d.body.len(),
        ErrorKind::RateLimited { body, .. } => body.len(),
        ErrorKind::Transport(t) => t.partial_body.as_ref().map_or(0, |b| b.len()),
        ErrorKind::BodyTooLarge { body, .. } => body.as_ref().map_or(0, |b| b.len()),
        _ => 0,
    }
}

fn assert_holds_nothing(what: &str, error: &Error) {
    for copy in [error, &error.duplicate()] {
        assert!(copy.is_token_endpoint(), "{what}: {copy:?}");
        assert!(copy.body().is_none(), "{what}");
        assert_eq!(held(copy.kind()), 0, "{what}: {copy:?}");
        assert!(!copy.write_was_accepted(), "{what}: {copy}");
        let shown = format!("{copy} {copy:?} {copy:#?}");
        assert!(!shown.contains(LIVE_TOKEN), "{what}: {shown}");
        assert!(!shown.contains("carried out"), "{what}: {shown}");
    }
}

#[tokio::test]
async fn an_unusable_token_answer_leaves_no_byte_in_the_error_and_no_write_said() {
    let over = token_json(CAP * 5);
    for (what, wire) in [
        (
            "over the cap, chunked",
            answer(200, Framing::Chunked, &over),
        ),
        (
            "over the cap, read to the close",
            answer(200, Framing::ReadToClose, &over),
        ),
        ("cut short", cut_short()),
    ] {
        let (url, _) = serve(vec![wire]).await;
        let clock = ManualClock::new();
        let tokens = support::service_with(&url, transport(&clock));
        let auth = Arc::new(CachedToken::new(
            Arc::new(PostedToken(tokens)),
            Arc::new(clock.clone()),
        ));
        let service = support::service_with(&url, transport(&clock)).with_auth(auth);
        let read = RequestSpec::get("get").segment("t").id_segment("1");
        let error = service.execute(read).await.unwrap_err();
        assert_holds_nothing(what, &error);
    }
}
