//! Authentication: a static secret header, or credentials made per attempt.

use std::{
    fmt,
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Mutex;

use crate::{BoxFuture, clock::Clock, error::Result};

/// A header carrying a credential; its value is marked sensitive.
pub type AuthHeader = (HeaderName, HeaderValue);

/// Supplies the credential header for each attempt.
///
/// Dyn-compatible (the service holds `Arc<dyn Authenticator>`): async methods
/// return a [`BoxFuture`]; implementations write `Box::pin(async move { .. })`.
pub trait Authenticator: Send + Sync + fmt::Debug {
    /// The header for the next attempt, or `None` when the request needs none.
    fn header(&self) -> BoxFuture<'_, Result<Option<AuthHeader>>>;

    /// The header when it is at hand without waiting (a static key, a token
    /// still fresh); `None` means ask [`header`](Self::header). The call path
    /// tries this first, so a ready credential costs no boxed future and no
    /// timer. The default always defers to `header`.
    fn ready_header(&self) -> Option<AuthHeader> {
        None
    }

    /// Called once after a 401 with the header that was refused. Returns `true`
    /// when fresh credentials are ready and the request may be sent once more.
    fn refresh_after_unauthorized<'a>(
        &'a self,
        _refused: &'a HeaderValue,
    ) -> BoxFuture<'a, Result<bool>> {
        Box::pin(async move { Ok(false) })
    }

    /// Whether `found` holds for one of the long-lived secrets this
    /// authenticator holds but does not send as such (a signing key, an OAuth
    /// client secret), stopping at the first. A provider that echoes one (in a
    /// request id, a message, a code) is then caught on every request, not only
    /// on the one that carried it; what a request sent is checked anyway. The
    /// default holds none.
    fn any_secret(&self, _found: &mut dyn FnMut(&str) -> bool) -> bool {
        false
    }
}

/// Builds a sensitive header value from a secret.
pub fn sensitive_value(value: &str) -> Option<HeaderValue> {
    let mut header = HeaderValue::from_str(value).ok()?;
    header.set_sensitive(true);
    Some(header)
}

/// `Authorization: Bearer <secret>` as a sensitive header.
///
/// The token must be one or more visible ASCII characters (`!` to `~`): a
/// space, a tab, a control character (CR, LF) or a byte past ASCII would be
/// sent as part of the header (a header value allows them) and change what
/// the provider reads, so it is refused, and so is one longer than
/// [`MAX_BEARER_TOKEN_LEN`]. The error names no secret.
pub fn bearer_header(provider: &'static str, token: &SecretString) -> Result<AuthHeader> {
    let token = token.expose_secret();
    if token.len() > MAX_BEARER_TOKEN_LEN {
        return Err(crate::Error::invalid_input(
            provider,
            format!(
                "the token is longer than the {MAX_BEARER_TOKEN_LEN} bytes a header line can carry"
            ),
        ));
    }
    if !is_bearer_token(token) {
        return Err(crate::Error::invalid_input(
            provider,
            "the token is empty or holds a character a bearer token cannot carry (a space, a control character or a character past ASCII)",
        ));
    }
    let value = sensitive_value(&format!("Bearer {token}")).ok_or_else(|| {
        crate::Error::invalid_input(provider, "the token holds characters a header cannot carry")
    })?;
    Ok((AUTHORIZATION, value))
}

/// Longest bearer token sent, in bytes: servers and their proxies refuse a
/// header line much past this (16 KiB is the common ceiling), so a longer one
/// (a hostile token endpoint's megabyte) would be carried on every call and
/// refused every time.
pub const MAX_BEARER_TOKEN_LEN: usize = 16 * 1024;

/// Whether `token` can follow `Bearer ` as it is: one or more visible ASCII
/// characters.
fn is_bearer_token(token: &str) -> bool {
    !token.is_empty() && token.bytes().all(|byte| byte.is_ascii_graphic())
}

/// No credential.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoAuth;

impl Authenticator for NoAuth {
    fn header(&self) -> BoxFuture<'_, Result<Option<AuthHeader>>> {
        Box::pin(async move { Ok(None) })
    }
}

/// A long-lived secret sent as `Authorization: Bearer` (Persona API key, OneSpan JWT).
#[derive(Clone)]
pub struct BearerToken {
    header: HeaderValue,
}

impl BearerToken {
    /// Checks the token can travel in a header; the error names no secret.
    pub fn new(provider: &'static str, token: &SecretString) -> Result<Self> {
        if token.expose_secret().trim().is_empty() {
            return Err(crate::Error::invalid_input(provider, "the token is empty"));
        }
        let (_, header) = bearer_header(provider, token)?;
        Ok(Self { header })
    }
}

impl fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BearerToken([redacted])")
    }
}

impl Authenticator for BearerToken {
    fn ready_header(&self) -> Option<AuthHeader> {
        Some((AUTHORIZATION, self.header.clone()))
    }

    fn header(&self) -> BoxFuture<'_, Result<Option<AuthHeader>>> {
        Box::pin(async move { Ok(self.ready_header()) })
    }
}

/// A token issued by the provider with a lifetime.
pub struct IssuedToken {
    /// The access token.
    pub token: SecretString,
    /// How long the provider says it lives.
    pub expires_in: Duration,
}

impl fmt::Debug for IssuedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IssuedToken")
            .field("token", &"[redacted]")
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

/// Fetches a new token (an OAuth client-credentials request, for example).
///
/// Implementations write `Box::pin(async move { .. })` (see [`BoxFuture`]).
pub trait TokenSource: Send + Sync + fmt::Debug {
    /// Asks the provider for a new token.
    fn fetch(&self) -> BoxFuture<'_, Result<IssuedToken>>;

    /// The long-lived secrets the source fetches with (a client secret), as
    /// [`Authenticator::any_secret`] asks for them; the default holds none.
    fn any_secret(&self, _found: &mut dyn FnMut(&str) -> bool) -> bool {
        false
    }
}

/// Longest token lifetime believed: a larger `expires_in` (up to `u64::MAX`
/// seconds from a hostile endpoint) is clamped to this.
pub const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// How long a failed token fetch is reported to later callers before the
/// endpoint is asked again: a failing endpoint is not hammered once per caller.
pub const TOKEN_FAILURE_HOLD_OFF: Duration = Duration::from_secs(2);

/// Caches a [`TokenSource`]'s token and replaces it shortly before it expires and
/// once after a 401.
///
/// - Concurrent callers share one fetch, and its failure: callers waiting behind
///   a failed fetch get a copy of its error, and for [`TOKEN_FAILURE_HOLD_OFF`]
///   after it no new fetch is made. A fetch that failed on its caller's own
///   deadline (a client-side rate-limit wait or a deadline that passed first,
///   or a timeout when the caller's deadline had passed) is not held against
///   the others.
/// - The lifetime is clamped to [`MAX_TOKEN_LIFETIME`]; the token is replaced
///   `margin` (60 s) before expiry, or a quarter of its lifetime before when that
///   is shorter (a 60 s token is used for 45 s, not fetched on every call).
/// - Errors from the source are marked as token-endpoint errors and carry no
///   body ([`Error::from_token_endpoint`](crate::Error::from_token_endpoint)).
///   An issued token a header cannot carry as it is (empty, a space, a control
///   character, a character past ASCII, longer than [`MAX_BEARER_TOKEN_LEN`]:
///   see [`bearer_header`]) is such an
///   error, held off like any other failed fetch, and never sent.
/// - Callers that waited while another caller fetched use the token it got,
///   even one that is already due for replacement (an `expires_in` of 0): one
///   fetch per crowd, not one per caller.
/// - A token refused with a 401 is dropped: when its replacement cannot be
///   fetched, later calls get the fetch's error (held off as above), never the
///   refused token again.
pub struct CachedToken {
    provider: &'static str,
    source: Arc<dyn TokenSource>,
    clock: Arc<dyn Clock>,
    margin: Duration,
    state: Mutex<State>,
    /// Tokens fetched so far: a caller that saw this change while it waited for
    /// the lock takes the token just fetched.
    fetched: AtomicU64,
}

#[derive(Default)]
struct State {
    cached: Option<Cached>,
    failed: Option<Failed>,
}

struct Cached {
    header: HeaderValue,
    refresh_at: Instant,
}

struct Failed {
    error: crate::Error,
    until: Instant,
}

impl CachedToken {
    /// Wraps a source with the default 60 s margin.
    pub fn new(source: Arc<dyn TokenSource>, clock: Arc<dyn Clock>) -> Self {
        Self {
            provider: "oauth",
            source,
            clock,
            margin: Duration::from_secs(60),
            state: Mutex::new(State::default()),
            fetched: AtomicU64::new(0),
        }
    }

    /// Names the provider in errors about the issued token.
    pub fn with_provider(mut self, provider: &'static str) -> Self {
        self.provider = provider;
        self
    }

    /// Changes how long before expiry the token is replaced (at most a quarter of
    /// the token's lifetime is used).
    pub fn with_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    async fn fresh(&self, state: &mut State) -> Result<HeaderValue> {
        let issued = match self.source.fetch().await {
            Ok(issued) => issued,
            Err(error) => {
                let error = error.from_token_endpoint();
                // A failure of the fetching caller's own making (its deadline
                // passed, or the client-side rate limit would have held it past
                // it, before anything was sent; or its deadline cut the fetch
                // short) says nothing about the endpoint: the next caller, with
                // its own deadline, fetches for itself.
                let callers_end_passed = error.is_timeout()
                    && crate::budget::current().is_some_and(|end| self.clock.now() >= end);
                if !error.failed_on_callers_time() && !callers_end_passed {
                    self.hold_off(state, &error);
                }
                return Err(error);
            }
        };
        // A token the header cannot carry as it is comes from the endpoint, like
        // a failed answer: held off, not fetched again by every caller.
        let header = match bearer_header(self.provider, &issued.token) {
            Ok((_, header)) => header,
            Err(error) => {
                let error = error.from_token_endpoint();
                self.hold_off(state, &error);
                return Err(error);
            }
        };
        state.failed = None;
        self.fetched.fetch_add(1, Ordering::AcqRel);
        let now = self.clock.now();
        state.cached = Some(Cached {
            header: header.clone(),
            refresh_at: now
                .checked_add(usable_for(issued.expires_in, self.margin))
                .unwrap_or(now),
        });
        Ok(header)
    }

    /// Reports `error` to every caller for [`TOKEN_FAILURE_HOLD_OFF`].
    fn hold_off(&self, state: &mut State, error: &crate::Error) {
        let now = self.clock.now();
        state.failed = Some(Failed {
            error: error.duplicate(),
            until: now.checked_add(TOKEN_FAILURE_HOLD_OFF).unwrap_or(now),
        });
    }

    /// The failure still held off at `now`, as a copy for one more caller.
    fn held_failure(state: &State, now: Instant) -> Option<crate::Error> {
        state
            .failed
            .as_ref()
            .filter(|failed| now < failed.until)
            .map(|failed| failed.error.duplicate())
    }
}

/// How long a token issued for `expires_in` is used: clamped to
/// [`MAX_TOKEN_LIFETIME`], less `margin` or a quarter of the lifetime, whichever is
/// shorter.
fn usable_for(expires_in: Duration, margin: Duration) -> Duration {
    let lifetime = expires_in.min(MAX_TOKEN_LIFETIME);
    let margin = margin.min(lifetime.checked_div(4).unwrap_or_default());
    lifetime.saturating_sub(margin)
}

impl fmt::Debug for CachedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachedToken")
            .field("source", &self.source)
            .field("margin", &self.margin)
            .field("token", &"[redacted]")
            .finish()
    }
}

impl Authenticator for CachedToken {
    fn any_secret(&self, found: &mut dyn FnMut(&str) -> bool) -> bool {
        self.source.any_secret(found)
    }

    fn ready_header(&self) -> Option<AuthHeader> {
        // Never waits: a fetch in progress holds the lock, and the caller then
        // waits for it through `header`.
        let state = self.state.try_lock().ok()?;
        let current = state.cached.as_ref()?;
        (self.clock.now() < current.refresh_at).then(|| (AUTHORIZATION, current.header.clone()))
    }

    fn header(&self) -> BoxFuture<'_, Result<Option<AuthHeader>>> {
        Box::pin(async move {
            // Read before waiting for the lock: a fetch that ends while this
            // caller waits changes it, and its token is then this caller's too.
            let seen = self.fetched.load(Ordering::Acquire);
            let mut state = self.state.lock().await;
            let now = self.clock.now();
            let fetched_meanwhile = self.fetched.load(Ordering::Acquire) != seen;
            if let Some(current) = state.cached.as_ref()
                && (now < current.refresh_at || fetched_meanwhile)
            {
                return Ok(Some((AUTHORIZATION, current.header.clone())));
            }
            if let Some(error) = Self::held_failure(&state, now) {
                return Err(error);
            }
            let header = self.fresh(&mut state).await?;
            Ok(Some((AUTHORIZATION, header)))
        })
    }

    fn refresh_after_unauthorized<'a>(
        &'a self,
        refused: &'a HeaderValue,
    ) -> BoxFuture<'a, Result<bool>> {
        Box::pin(async move {
            let mut state = self.state.lock().await;
            match state.cached.as_ref() {
                // Another caller replaced it already.
                Some(current) if current.header != *refused => return Ok(true),
                // Refused: never offered again, whatever becomes of the fetch.
                Some(_) => state.cached = None,
                None => {}
            }
            // A replacement that failed a moment ago is not asked for again by
            // every caller its 401 reaches.
            if let Some(error) = Self::held_failure(&state, self.clock.now()) {
                return Err(error);
            }
            self.fresh(&mut state).await?;
            Ok(true)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_used_for_most_of_its_lifetime_and_never_past_a_day() {
        let margin = Duration::from_secs(60);
        assert_eq!(
            usable_for(Duration::from_secs(3600), margin),
            Duration::from_secs(3540)
        );
        assert_eq!(
            usable_for(Duration::from_secs(60), margin),
            Duration::from_secs(45)
        );
        assert_eq!(
            usable_for(Duration::from_secs(20), margin),
            Duration::from_secs(15)
        );
        assert_eq!(
            usable_for(Duration::MAX, margin),
            MAX_TOKEN_LIFETIME.saturating_sub(margin)
        );
    }
}
