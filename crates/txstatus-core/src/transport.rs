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
    pub(crate) platform_roots: bool,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) pool_max_idle_per_host: Option<usize>,
    pub(crate) credential_observer: Option<CredentialObserver>,
}

/// Called with each credential a request is about to send (see
/// [`TransportBuilder::on_credential_sent`]).
pub type CredentialObserver = Arc<dyn Fn(&str) + Send + Sync>;

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
            platform_roots: false,
            clock: Arc::new(SystemClock),
            pool_max_idle_per_host: None,
            credential_observer: None,
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
            .field("platform_roots", &self.platform_roots)
            .field("credential_observer", &self.credential_observer.is_some())
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

    /// Ignores `HTTP_PROXY`/`HTTPS_PROXY` and system proxy settings. Loopback
    /// destinations (`localhost`, 127.0.0.0/8, `::1`) never use a proxy anyway.
    pub fn no_proxy(mut self) -> Self {
        self.system_proxy = false;
        self
    }

    /// Trusts one more root certificate (DER), on top of the Mozilla roots.
    pub fn add_root_certificate_der(mut self, der: impl Into<Vec<u8>>) -> Self {
        self.extra_roots.push(der.into());
        self
    }

    /// Also trusts the platform's certificate store (the roots an IT department
    /// installs for a TLS-inspecting proxy), beside the bundled Mozilla roots and
    /// any added with [`add_root_certificate_der`](Self::add_root_certificate_der).
    ///
    /// A chain is accepted when either the platform (through
    /// `rustls-platform-verifier`: the OS verifier on macOS and Windows, the
    /// system bundle on Linux) or the bundled roots trust it. [`build`](Self::build)
    /// fails when the platform store cannot be read. No process-wide crypto
    /// provider is installed.
    ///
    /// ```
    /// let builder = txstatus_core::Transport::builder().trust_platform_roots();
    /// // On a machine without a system store, `build` reports it.
    /// let _ = builder.build();
    /// ```
    pub fn trust_platform_roots(mut self) -> Self {
        self.platform_roots = true;
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

    /// Calls `observer` with each credential a request is about to send: the
    /// authenticator's header value, its token alone when it has a scheme
    /// (`Bearer <token>`), so a fetched OAuth access token too.
    ///
    /// For an application that shows what providers return and must never show
    /// a credential in it (a provider may echo a token into a document field):
    /// it learns the credentials it did not configure itself and withholds
    /// them from its output. The library itself never shows one. The observer
    /// runs on the call path, before each send: keep it cheap, and never log
    /// what it is given.
    pub fn on_credential_sent(mut self, observer: impl Fn(&str) + Send + Sync + 'static) -> Self {
        self.credential_observer = Some(Arc::new(observer));
        self
    }

    /// Builds the client: rustls on ring with the Mozilla roots plus any added (and
    /// the platform store when asked), no redirects, no `Referer`, no process-wide
    /// crypto provider, system proxy settings except for loopback destinations; a
    /// malformed response header line (a control byte, a bad name) is dropped
    /// and an obsolete line fold unfolded, rather than the whole answer refused
    /// (a NUL byte in a header, a head over hyper's limits or two different
    /// `Content-Length`s still refuse it: an error marked `answer_unreadable`,
    /// after which a one-time request is not sent again).
    ///
    /// With the system proxy (the default), a set `ALL_PROXY`, `HTTP_PROXY` or
    /// `HTTPS_PROXY` (either case) that the client could not use is an error
    /// naming the variable, never its value: reqwest would skip it and connect
    /// directly, past the proxy the environment asks for.
    pub fn build(self) -> Result<Transport> {
        if self.system_proxy {
            crate::proxy_env::check_proxy_env()?;
        }
        let tls = crate::tls::tls_config(&self.extra_roots, self.platform_roots)?;
        let mut user_agent = format!("txstatus/{}", env!("CARGO_PKG_VERSION"));
        if let Some(suffix) = &self.user_agent_suffix {
            user_agent.push(' ');
            user_agent.push_str(suffix);
        }
        let configured = || {
            let builder = reqwest::Client::builder()
                .tls_backend_preconfigured(tls.clone())
                .connect_timeout(self.connect_timeout)
                .redirect(reqwest::redirect::Policy::none())
                .referer(false)
                .retry(reqwest::retry::never())
                // One malformed header line (a control byte, a bad name) drops
                // that line, not the whole answer, and an obsolete line fold is
                // unfolded as RFC 9112 section 5.2 tells a user agent to: a
                // refused answer is one more a one-time request (iDIN's identity,
                // not handed out twice) cannot ask for again.
                .http1_ignore_invalid_headers_in_responses(true)
                .http1_allow_obsolete_multiline_headers_in_responses(true)
                .user_agent(user_agent.clone())
                .tcp_nodelay(true);
            match self.pool_max_idle_per_host {
                Some(max) => builder.pool_max_idle_per_host(max),
                None => builder,
            }
        };
        let build = |builder: reqwest::ClientBuilder| {
            builder.build().map_err(|e| {
                Error::invalid_input(
                    "txstatus-core",
                    format!("cannot build the HTTP client: {}", e.without_url()),
                )
            })
        };
        let direct = build(configured().no_proxy())?;
        let client = if self.system_proxy {
            build(configured())?
        } else {
            direct.clone()
        };
        Ok(Transport {
            inner: Arc::new(TransportInner {
                client,
                direct,
                attempt_timeout: self.attempt_timeout,
                deadline: self.deadline,
                body_limit: self.body_limit,
                retry: self.retry,
                clock: self.clock,
                credential_observer: self.credential_observer,
            }),
        })
    }
}

/// A configured HTTP client; clone it to share one connection pool between
/// provider clients.
///
/// Every provider builder implements [`ClientOptions`](crate::ClientOptions):
/// hand each the same transport and they share connections, timeouts, body cap
/// and retry policy. Cloning is cheap (one `Arc`).
///
/// ```
/// use std::time::Duration;
/// use txstatus_core::{ClientOptions, RetryPolicy, Transport, provider::ServiceBuilder};
///
/// let transport = Transport::builder()
///     .deadline(Duration::from_secs(20))
///     .retry_policy(RetryPolicy { max_attempts: 2, ..RetryPolicy::default() })
///     .build()?;
/// // Provider builders (`persona_tx::Client::builder()`, ...) take it the same way.
/// let persona = ServiceBuilder::new("persona", Some("https://withpersona.com/api/v1"))
///     .transport(transport.clone())
///     .build()?;
/// let idin = ServiceBuilder::new("cm-idin", Some("https://idin.cm.com/idinapi"))
///     .transport(transport.clone())
///     .build()?;
/// assert_eq!(persona.transport().deadline(), Duration::from_secs(20));
/// assert_eq!(idin.transport().deadline(), Duration::from_secs(20));
/// # Ok::<(), txstatus_core::Error>(())
/// ```
#[derive(Clone)]
pub struct Transport {
    pub(crate) inner: Arc<TransportInner>,
}

pub(crate) struct TransportInner {
    /// Honours the system proxy settings (when enabled).
    pub(crate) client: reqwest::Client,
    /// Never proxied: for loopback destinations.
    pub(crate) direct: reqwest::Client,
    pub(crate) attempt_timeout: Duration,
    pub(crate) deadline: Duration,
    pub(crate) body_limit: usize,
    pub(crate) retry: RetryPolicy,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) credential_observer: Option<CredentialObserver>,
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
