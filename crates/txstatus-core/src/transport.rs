//! The HTTP client shared by provider clients: TLS, pool, proxy, timeouts, caps.

use std::{fmt, sync::Arc, time::Duration};

use crate::{
    clock::{Clock, SystemClock},
    error::{Error, Result},
    retry::RetryPolicy,
};

/// Default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Default per-attempt timeout.
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default overall deadline, retries and waits included.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(60);
/// Default response body cap.
pub const DEFAULT_BODY_LIMIT: usize = 4 * 1024 * 1024;

/// Builds a [`Transport`].
#[derive(Clone)]
pub struct TransportBuilder {
    pub(crate) connect_timeout: Duration,
    pub(crate) attempt_timeout: Duration,
    pub(crate) deadline: Duration,
    pub(crate) user_agent_suffix: Option<String>,
    pub(crate) body_limit: usize,
    pub(crate) retry: RetryPolicy,
    pub(crate) system_proxy: bool,
    pub(crate) extra_roots: Vec<Vec<u8>>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) pool_max_idle_per_host: Option<usize>,
}

impl Default for TransportBuilder {
    fn default() -> Self {
        Self {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            attempt_timeout: DEFAULT_ATTEMPT_TIMEOUT,
            deadline: DEFAULT_DEADLINE,
            user_agent_suffix: None,
            body_limit: DEFAULT_BODY_LIMIT,
            retry: RetryPolicy::default(),
            system_proxy: true,
            extra_roots: Vec::new(),
            clock: Arc::new(SystemClock),
            pool_max_idle_per_host: None,
        }
    }
}

impl fmt::Debug for TransportBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportBuilder")
            .field("connect_timeout", &self.connect_timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("deadline", &self.deadline)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("body_limit", &self.body_limit)
            .field("retry", &self.retry)
            .field("system_proxy", &self.system_proxy)
            .field("extra_roots", &self.extra_roots.len())
            .finish()
    }
}

impl TransportBuilder {
    /// Defaults: connect 5 s, attempt 30 s, deadline 60 s, body cap 4 MiB, 3 attempts.
    pub fn new() -> Self {
        Self::default()
    }

    /// Connect timeout.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Timeout of one attempt, headers and body.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// Overall deadline of one call, retries and waits included.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// Appended to the `txstatus/<version>` user agent.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Largest response body accepted.
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// Retry attempts and backoff.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Ignores `HTTP_PROXY`/`HTTPS_PROXY` and system proxy settings.
    pub fn no_proxy(mut self) -> Self {
        self.system_proxy = false;
        self
    }

    /// Trusts one more root certificate (DER), on top of the Mozilla roots.
    pub fn add_root_certificate_der(mut self, der: impl Into<Vec<u8>>) -> Self {
        self.extra_roots.push(der.into());
        self
    }

    /// Replaces the clock (tests run retry and deadline rules without waiting).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Idle connections kept per host.
    pub fn pool_max_idle_per_host(mut self, max: usize) -> Self {
        self.pool_max_idle_per_host = Some(max);
        self
    }

    /// Builds the client: rustls on ring with the Mozilla roots plus any added, no
    /// redirects, no `Referer`, no process-wide crypto provider.
    pub fn build(self) -> Result<Transport> {
        let tls = tls_config(&self.extra_roots)?;
        let mut user_agent = format!("txstatus/{}", env!("CARGO_PKG_VERSION"));
        if let Some(suffix) = &self.user_agent_suffix {
            user_agent.push(' ');
            user_agent.push_str(suffix);
        }
        let mut builder = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .connect_timeout(self.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .referer(false)
            .retry(reqwest::retry::never())
            .user_agent(user_agent)
            .tcp_nodelay(true);
        if !self.system_proxy {
            builder = builder.no_proxy();
        }
        if let Some(max) = self.pool_max_idle_per_host {
            builder = builder.pool_max_idle_per_host(max);
        }
        let client = builder.build().map_err(|e| {
            Error::invalid_input(
                "txstatus-core",
                format!("cannot build the HTTP client: {}", e.without_url()),
            )
        })?;
        Ok(Transport {
            inner: Arc::new(TransportInner {
                client,
                attempt_timeout: self.attempt_timeout,
                deadline: self.deadline,
                body_limit: self.body_limit,
                retry: self.retry,
                clock: self.clock,
            }),
        })
    }
}

fn tls_config(extra_roots: &[Vec<u8>]) -> Result<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    for der in extra_roots {
        roots
            .add(rustls::pki_types::CertificateDer::from(der.clone()))
            .map_err(|e| {
                Error::invalid_input("txstatus-core", format!("bad root certificate: {e}"))
            })?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::invalid_input("txstatus-core", format!("TLS setup failed: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(config)
}

/// A configured HTTP client; clone it to share one connection pool between
/// provider clients.
#[derive(Clone)]
pub struct Transport {
    pub(crate) inner: Arc<TransportInner>,
}

pub(crate) struct TransportInner {
    pub(crate) client: reqwest::Client,
    pub(crate) attempt_timeout: Duration,
    pub(crate) deadline: Duration,
    pub(crate) body_limit: usize,
    pub(crate) retry: RetryPolicy,
    pub(crate) clock: Arc<dyn Clock>,
}

impl Transport {
    /// A transport with every default.
    pub fn new() -> Result<Self> {
        TransportBuilder::new().build()
    }

    /// A builder.
    pub fn builder() -> TransportBuilder {
        TransportBuilder::new()
    }

    /// The clock this transport's rules run on.
    pub fn clock(&self) -> Arc<dyn Clock> {
        self.inner.clock.clone()
    }

    /// The overall deadline of one call.
    pub fn deadline(&self) -> Duration {
        self.inner.deadline
    }
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("attempt_timeout", &self.inner.attempt_timeout)
            .field("deadline", &self.inner.deadline)
            .field("body_limit", &self.inner.body_limit)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}
