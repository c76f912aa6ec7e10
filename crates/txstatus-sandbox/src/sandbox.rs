//! The running sandbox: how to start it, what a test gets back, how to stop it.

use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::Provider;
use crate::credentials::Credentials;
use crate::listener::CountingListener;
use crate::serve::Limits;
use crate::server;
use crate::state::Shared;
use crate::stats::Stats;

/// Default lifetime of CM.com Checkout access tokens.
pub const DEFAULT_CHECKOUT_TOKEN_LIFETIME: Duration = Duration::from_secs(3600);
/// Default Persona limit advertised in `RateLimit-Limit` (requests per minute).
pub const DEFAULT_PERSONA_RATE_LIMIT: u32 = 300;
/// How long [`Sandbox::shutdown`] waits for open requests before it aborts the server.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Starts a sandbox with the default credentials on `127.0.0.1` and a free port.
///
/// Must be called inside a Tokio runtime; the server runs on a spawned task until
/// [`Sandbox::shutdown`] or until the handle is dropped.
pub async fn start() -> io::Result<Sandbox> {
    Sandbox::builder().start().await
}

/// Starts a sandbox with the default credentials on `127.0.0.1:port` (0 picks a free port).
pub async fn start_on(port: u16) -> io::Result<Sandbox> {
    Sandbox::builder().port(port).start().await
}

/// Configures a sandbox before it starts; from [`Sandbox::builder`].
#[derive(Debug, Clone)]
pub struct SandboxBuilder {
    port: u16,
    credentials: Credentials,
    checkout_token_lifetime: Duration,
    persona_rate_limit: u32,
    persona_step_interval: Duration,
    max_kept_bytes: u64,
    limits: Limits,
    idin_timing: crate::cm_idin::Timing,
}

impl Default for SandboxBuilder {
    fn default() -> Self {
        SandboxBuilder {
            port: 0,
            credentials: Credentials::default(),
            checkout_token_lifetime: DEFAULT_CHECKOUT_TOKEN_LIFETIME,
            persona_rate_limit: DEFAULT_PERSONA_RATE_LIMIT,
            persona_step_interval: crate::persona_store::DEFAULT_STEP_INTERVAL,
            max_kept_bytes: crate::state::DEFAULT_MAX_KEPT_BYTES,
            limits: Limits::default(),
            idin_timing: crate::cm_idin::Timing::default(),
        }
    }
}

impl SandboxBuilder {
    /// The port on `127.0.0.1` to listen on; 0 (the default) picks a free one.
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Replaces all accepted credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// Requires `X-Tenant: <tenant>` on OneSpan requests.
    pub fn onespan_tenant(mut self, tenant: impl Into<String>) -> Self {
        self.credentials.onespan_tenant = Some(tenant.into());
        self
    }

    /// Lifetime of the Checkout tokens the token endpoint issues (default one hour).
    pub fn checkout_token_lifetime(mut self, lifetime: Duration) -> Self {
        self.checkout_token_lifetime = lifetime;
        self
    }

    /// The Persona limit reported in `RateLimit-Limit` (default 300 per minute; reported,
    /// never enforced).
    pub fn persona_rate_limit(mut self, per_minute: u32) -> Self {
        self.persona_rate_limit = per_minute;
        self
    }

    /// Time between two steps of a Persona transaction created with `POST
    /// /transactions` (default 2 s); zero: it moves only on [`Sandbox::advance_persona`].
    pub fn persona_step_interval(mut self, interval: Duration) -> Self {
        self.persona_step_interval = interval;
        self
    }

    /// The most bytes of client data the instance keeps for what clients create
    /// (default 256 MiB); past it every create answers 507 Insufficient Storage, so
    /// a client creating in a loop cannot exhaust the machine.
    pub fn max_kept_bytes(mut self, bytes: u64) -> Self {
        self.max_kept_bytes = bytes;
        self
    }

    /// How long a connection may take to send a request head, counted from when
    /// the sandbox waits for it (a new connection, or the end of the previous
    /// answer on a kept-alive one); the connection is closed then, unanswered.
    /// Default 120 s: longer than clients keep an idle pooled connection.
    pub fn head_timeout(mut self, timeout: Duration) -> Self {
        self.limits.head = timeout;
        self
    }

    /// How long writing an answer may make no progress (a client that does not
    /// read its answers) before the connection is closed. Default 30 s.
    pub fn write_timeout(mut self, timeout: Duration) -> Self {
        self.limits.write = timeout;
        self
    }

    /// The latest an iDIN user comes back from the bank after `POST /transaction`
    /// created the transaction (default [`FLOW_PROGRESS`](crate::FLOW_PROGRESS), 30 s);
    /// a status read before then answers `open` and counts as the return. Zero: the
    /// user is back at once, so the first read gets the identity (or, past the data
    /// window, the notice). [`Duration::MAX`]: only the first read brings the user
    /// back, however late it comes (every issued id then answers `open` first).
    pub fn idin_return_after(mut self, after: Duration) -> Self {
        self.idin_timing.return_after = after;
        self
    }

    /// How long after the user's return an issued iDIN transaction hands out the
    /// identity (default [`DEFAULT_IDIN_DATA_WINDOW`](crate::DEFAULT_IDIN_DATA_WINDOW),
    /// CM's 30 s); a `success` read later carries `notice_code` 2000 and no personal
    /// data. Zero: every read after the return is late.
    pub fn idin_data_window(mut self, window: Duration) -> Self {
        self.idin_timing.data_window = window;
        self
    }

    /// Binds the port and starts serving.
    pub async fn start(self) -> io::Result<Sandbox> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, self.port)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::new(
            self.credentials,
            format!("http://{addr}"),
            self.checkout_token_lifetime,
            self.persona_rate_limit,
        ));
        shared
            .persona_store
            .set_step_interval(self.persona_step_interval);
        shared.set_max_kept_bytes(self.max_kept_bytes);
        shared.idin_issued.set_timing(self.idin_timing);
        let listener = CountingListener::new(listener, shared.clone());
        let app = server::app(shared.clone());
        let limits = self.limits;
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let signal = async move {
                // A dropped handle stops the server as well as an explicit shutdown.
                let _ = stopped.await;
            };
            crate::serve::serve(listener, app, limits, signal).await;
        });
        Ok(Sandbox {
            addr,
            shared,
            stop: Some(stop),
            task: Some(task),
        })
    }
}

/// A running sandbox. Dropping it stops the server (in the background);
/// [`Sandbox::shutdown`] stops it and waits.
pub struct Sandbox {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox")
            .field("addr", &self.addr)
            .field("credentials", &self.shared.credentials)
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// Starts a sandbox in this process with the default credentials on `127.0.0.1`
    /// and a free port: what a test of your own code needs.
    ///
    /// Must be called inside a Tokio runtime (the server runs on a spawned task).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let sandbox = txstatus_sandbox::Sandbox::start().await?;
    /// assert!(sandbox.persona_base_url().starts_with("http://127.0.0.1:"));
    /// assert_eq!(sandbox.stats().total_requests(), 0);
    /// sandbox.shutdown().await;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn start() -> io::Result<Sandbox> {
        Sandbox::builder().start().await
    }

    /// A builder for a sandbox with non-default settings.
    pub fn builder() -> SandboxBuilder {
        SandboxBuilder::default()
    }

    /// The state the request handlers share (webhook deliveries read it).
    pub(crate) fn shared(&self) -> &Arc<Shared> {
        &self.shared
    }

    /// The address the sandbox listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub fn root_url(&self) -> &str {
        &self.shared.root_url
    }

    /// The base URL a client of `provider` is configured with: the root URL plus
    /// [`Provider::base_path`], without a trailing slash.
    pub fn base_url(&self, provider: Provider) -> String {
        format!("{}{}", self.shared.root_url, provider.base_path())
    }

    /// `{root}/persona/api/v1`.
    pub fn persona_base_url(&self) -> String {
        self.base_url(Provider::Persona)
    }

    /// `{root}/cm-idscan/id-scan/v1`.
    pub fn idscan_base_url(&self) -> String {
        self.base_url(Provider::CmIdScan)
    }

    /// `{root}/cm-idin/idin/v1.0`.
    pub fn idin_base_url(&self) -> String {
        self.base_url(Provider::CmIdin)
    }

    /// `{root}/cm-checkout/api/v1`.
    pub fn checkout_base_url(&self) -> String {
        self.base_url(Provider::CmCheckout)
    }

    /// `{root}/onespan`.
    pub fn onespan_base_url(&self) -> String {
        self.base_url(Provider::OneSpan)
    }

    /// The credentials this sandbox accepts.
    pub fn credentials(&self) -> &Credentials {
        &self.shared.credentials
    }

    /// A snapshot of the request, connection and rate counters.
    pub fn stats(&self) -> Stats {
        self.shared.counters.snapshot()
    }

    /// Sets every counter back to zero (scenario progress is kept).
    pub fn reset_stats(&self) {
        self.shared.counters.reset();
    }

    /// How many authenticated reads of a scenario id this sandbox has answered
    /// (including 429 and 503 steps).
    pub fn reads(&self, provider: Provider, id: &str) -> usize {
        self.shared.scenarios.reads(provider, id)
    }

    /// Moves a Persona transaction created with `POST /transactions` one step on
    /// (`created` → `pending` → `completed`); `false` for any other id.
    pub fn advance_persona(&self, id: &str) -> bool {
        self.shared.persona_store.advance(id)
    }

    /// Moves a transaction created through the sandbox (ID Scan or Checkout), or a
    /// Checkout refund by its id, to `state` now; `false` if no such flow was created.
    pub fn set_cm_flow_state(&self, provider: Provider, id: &str, state: &str) -> bool {
        self.shared.cm_flows.force(provider, id, state)
    }

    /// Issues a Checkout access token valid for `lifetime`, as if fetched from the token
    /// endpoint (to test expiry without waiting an hour).
    pub fn issue_checkout_token(&self, lifetime: Duration) -> String {
        self.shared.checkout_tokens.issue(lifetime, Instant::now())
    }

    /// Changes the lifetime of the tokens the Checkout token endpoint issues from now on.
    pub fn set_checkout_token_lifetime(&self, lifetime: Duration) {
        self.shared.checkout_tokens.set_lifetime(lifetime);
    }

    /// Invalidates every Checkout token issued so far (they get 401 as unknown tokens).
    pub fn revoke_checkout_tokens(&self) {
        self.shared.checkout_tokens.revoke_all();
    }

    /// Stops accepting connections, lets open requests finish (closing idle keep-alive
    /// connections) and waits for the server to end, aborting it after 5 s.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take()
            && tokio::time::timeout(SHUTDOWN_GRACE, &mut task)
                .await
                .is_err()
        {
            task.abort();
        }
    }
}
