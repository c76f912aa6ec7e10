//! Authentication: a static secret header, or credentials made per attempt.

use std::{
    fmt,
    sync::Arc,
    time::{Duration, Instant},
};

use async_trait::async_trait;
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Mutex;

use crate::{clock::Clock, error::Result};

/// A header carrying a credential; its value is marked sensitive.
pub type AuthHeader = (HeaderName, HeaderValue);

/// Supplies the credential header for each attempt.
#[async_trait]
pub trait Authenticator: Send + Sync + fmt::Debug {
    /// The header for the next attempt, or `None` when the request needs none.
    async fn header(&self) -> Result<Option<AuthHeader>>;

    /// Called once after a 401 with the header that was refused. Returns `true`
    /// when fresh credentials are ready and the request may be sent once more.
    async fn refresh_after_unauthorized(&self, _refused: &HeaderValue) -> Result<bool> {
        Ok(false)
    }
}

/// Builds a sensitive header value from a secret.
pub fn sensitive_value(value: &str) -> Option<HeaderValue> {
    let mut header = HeaderValue::from_str(value).ok()?;
    header.set_sensitive(true);
    Some(header)
}

/// `Authorization: Bearer <secret>` as a sensitive header.
pub fn bearer_header(provider: &'static str, token: &SecretString) -> Result<AuthHeader> {
    let value = sensitive_value(&format!("Bearer {}", token.expose_secret())).ok_or_else(|| {
        crate::Error::invalid_input(provider, "the token holds characters a header cannot carry")
    })?;
    Ok((AUTHORIZATION, value))
}

/// No credential.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoAuth;

#[async_trait]
impl Authenticator for NoAuth {
    async fn header(&self) -> Result<Option<AuthHeader>> {
        Ok(None)
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

#[async_trait]
impl Authenticator for BearerToken {
    async fn header(&self) -> Result<Option<AuthHeader>> {
        Ok(Some((AUTHORIZATION, self.header.clone())))
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
#[async_trait]
pub trait TokenSource: Send + Sync + fmt::Debug {
    /// Asks the provider for a new token.
    async fn fetch(&self) -> Result<IssuedToken>;
}

/// Caches a [`TokenSource`]'s token, replaces it `margin` (60 s) before it expires
/// and once after a 401. Concurrent callers share one fetch.
pub struct CachedToken {
    provider: &'static str,
    source: Arc<dyn TokenSource>,
    clock: Arc<dyn Clock>,
    margin: Duration,
    cached: Mutex<Option<Cached>>,
}

struct Cached {
    header: HeaderValue,
    refresh_at: Instant,
}

impl CachedToken {
    /// Wraps a source with the default 60 s margin.
    pub fn new(source: Arc<dyn TokenSource>, clock: Arc<dyn Clock>) -> Self {
        Self {
            provider: "oauth",
            source,
            clock,
            margin: Duration::from_secs(60),
            cached: Mutex::new(None),
        }
    }

    /// Names the provider in errors about the issued token.
    pub fn with_provider(mut self, provider: &'static str) -> Self {
        self.provider = provider;
        self
    }

    /// Changes how long before expiry the token is replaced.
    pub fn with_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    async fn fresh(&self, cached: &mut Option<Cached>) -> Result<HeaderValue> {
        let issued = self.source.fetch().await?;
        let (_, header) = bearer_header(self.provider, &issued.token)?;
        let lifetime = issued.expires_in.saturating_sub(self.margin);
        *cached = Some(Cached {
            header: header.clone(),
            refresh_at: self.clock.now() + lifetime,
        });
        Ok(header)
    }
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

#[async_trait]
impl Authenticator for CachedToken {
    async fn header(&self) -> Result<Option<AuthHeader>> {
        let mut cached = self.cached.lock().await;
        if let Some(current) = cached.as_ref()
            && self.clock.now() < current.refresh_at
        {
            return Ok(Some((AUTHORIZATION, current.header.clone())));
        }
        let header = self.fresh(&mut cached).await?;
        Ok(Some((AUTHORIZATION, header)))
    }

    async fn refresh_after_unauthorized(&self, refused: &HeaderValue) -> Result<bool> {
        let mut cached = self.cached.lock().await;
        let already_replaced = cached
            .as_ref()
            .is_some_and(|current| current.header != *refused);
        if !already_replaced {
            self.fresh(&mut cached).await?;
        }
        Ok(true)
    }
}
