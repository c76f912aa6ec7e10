//! One provider's endpoint: base URL, credentials, rate limit, and the attempt loop.

use std::{
    fmt,
    net::IpAddr,
    sync::Arc,
    time::{Duration, Instant},
};

use reqwest::{
    Url,
    header::{CONTENT_TYPE, HeaderMap, HeaderValue},
};
use secrecy::ExposeSecret;
use tracing::Instrument;

use crate::shown_url::ShownUrl;
use crate::{
    auth::{AuthHeader, Authenticator, NoAuth},
    body::RawBody,
    call_options::CallOptions,
    clock::Clock,
    error::{Error, ErrorKind, HttpError, Result, TransportError, is_retryable_status},
    id::validate_id,
    message::MessageExtractor,
    ratelimit::{RateLimit, RateLimiter, SlidingWindow},
    request::{FormValue, Method, RequestBody, RequestSpec, Segment},
    response::{RawResponse, forget_echoed_request_id, request_id},
    retry::{Decision, Outcome, RetryClass, asks_too_long, decide, retry_after},
    sent_secrets::{SentSecrets, any_sent_secret, echoed_in_request_id, sent_secrets},
    transport::{Transport, TransportBuilder},
};

/// Whether a URL a provider handed out is one to send a browser to (an iframe,
/// a bank's authentication page): visible ASCII only, and [`check_base_url`]'s
/// rule. Visible ASCII, because the URL parser drops tabs and line breaks and
/// trims spaces before it checks, while the caller uses the text as sent.
pub fn is_browser_url(provider: &'static str, url: &str) -> bool {
    url.bytes().all(|byte| byte.is_ascii_graphic()) && check_base_url(provider, url).is_ok()
}

/// Checks a base URL: HTTPS, or HTTP to a loopback host only; no credentials in it.
pub fn check_base_url(provider: &'static str, base: &str) -> Result<Url> {
    let url = Url::parse(base)
        .map_err(|e| Error::invalid_input(provider, format!("the base URL does not parse: {e}")))?;
    if url.cannot_be_a_base() {
        return Err(Error::invalid_input(
            provider,
            "the base URL cannot carry a path",
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::invalid_input(
            provider,
            "the base URL must not hold credentials",
        ));
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        "http" => Err(Error::invalid_input(
            provider,
            "plain http is allowed only to loopback hosts; use https",
        )),
        _ => Err(Error::invalid_input(provider, "the base URL must be https")),
    }
}

/// Whether a URL's host is loopback: `localhost` or a loopback IP literal
/// (127.0.0.0/8, `::1`). Subdomains of `localhost` are not.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        // Only the name itself: `*.localhost` may resolve anywhere a resolver says.
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// Configures a provider client's endpoint; provider builders hold one.
#[derive(Clone)]
pub struct ServiceBuilder {
    provider: &'static str,
    default_base: Option<&'static str>,
    base_url: Option<String>,
    transport: Option<Transport>,
    transport_builder: TransportBuilder,
    rate_limit: Option<Limiter>,
    messages: Option<MessageExtractor>,
}

/// The limiter a builder will give its service.
#[derive(Clone, Debug)]
enum Limiter {
    /// A window of its own, made at build time.
    Window(RateLimit),
    /// A limiter shared with whoever else holds it.
    Shared(Arc<dyn RateLimiter>),
}

impl fmt::Debug for ServiceBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceBuilder")
            .field("provider", &self.provider)
            .field(
                "base_url",
                &self
                    .base_url
                    .as_deref()
                    .or(self.default_base)
                    .map(ShownUrl::parse),
            )
            .field("shared_transport", &self.transport.is_some())
            .field("transport", &self.transport_builder)
            .field("rate_limit", &self.rate_limit)
            .finish()
    }
}

impl ServiceBuilder {
    /// A builder for `provider`, with its default base URL if it has one.
    pub fn new(provider: &'static str, default_base: Option<&'static str>) -> Self {
        Self {
            provider,
            default_base,
            base_url: None,
            transport: None,
            transport_builder: TransportBuilder::new(),
            rate_limit: None,
            messages: None,
        }
    }

    /// How to find the provider's message and code in its error bodies: each
    /// provider crate hands over its own, since the core knows no provider's
    /// wire shapes. Without one, errors carry no provider message.
    pub fn error_messages(mut self, extractor: MessageExtractor) -> Self {
        self.messages = Some(extractor);
        self
    }

    /// Builds a service that sends no credentials; add them with [`Service::with_auth`].
    pub fn build(self) -> Result<Service> {
        let base = match self.base_url.as_deref().or(self.default_base) {
            Some(base) => check_base_url(self.provider, base)?,
            None => {
                return Err(Error::invalid_input(
                    self.provider,
                    "a base URL is required for this provider",
                ));
            }
        };
        if let Some(Limiter::Window(limit)) = &self.rate_limit
            && let Some(problem) = limit.problem()
        {
            return Err(Error::invalid_input(self.provider, problem));
        }
        let transport = match self.transport {
            Some(transport) => transport,
            None => self.transport_builder.build()?,
        };
        Ok(Service {
            inner: Arc::new(ServiceInner {
                provider: self.provider,
                base,
                transport,
                auth: Arc::new(NoAuth),
                call: CallOptions::default(),
                messages: self.messages,
                limiter: self.rate_limit.map(|limiter| match limiter {
                    Limiter::Window(limit) => {
                        Arc::new(SlidingWindow::new(limit)) as Arc<dyn RateLimiter>
                    }
                    Limiter::Shared(limiter) => limiter,
                }),
            }),
        })
    }

    /// The clock the built service will use.
    pub fn clock(&self) -> Arc<dyn Clock> {
        match &self.transport {
            Some(transport) => transport.clock(),
            None => self.transport_builder.clock.clone(),
        }
    }
}

/// Transport options every provider builder offers (import the trait to use them).
pub trait ClientOptions: Sized {
    /// The builder's endpoint configuration.
    fn service_builder_mut(&mut self) -> &mut ServiceBuilder;

    /// Base URL; any path prefix is kept (`http://127.0.0.1:9000/some/prefix`).
    fn base_url(mut self, url: impl Into<String>) -> Self {
        self.service_builder_mut().base_url = Some(url.into());
        self
    }

    /// Shares an existing transport (one connection pool for several clients). Its
    /// own timeouts, caps and retry policy then apply.
    fn transport(mut self, transport: Transport) -> Self {
        self.service_builder_mut().transport = Some(transport);
        self
    }

    /// Configures the client's own transport.
    fn configure_transport(mut self, f: impl FnOnce(TransportBuilder) -> TransportBuilder) -> Self {
        let builder = &mut self.service_builder_mut().transport_builder;
        *builder = f(builder.clone());
        self
    }

    /// Client-side rate limit shared by all requests of the client and its clones.
    fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.service_builder_mut().rate_limit = Some(Limiter::Window(limit));
        self
    }

    /// A rate limiter of the caller's making (shared between clients, or between
    /// processes through a store), in place of [`rate_limit`](Self::rate_limit)'s
    /// in-process window.
    fn rate_limiter(mut self, limiter: Arc<dyn RateLimiter>) -> Self {
        self.service_builder_mut().rate_limit = Some(Limiter::Shared(limiter));
        self
    }
}

impl ClientOptions for ServiceBuilder {
    fn service_builder_mut(&mut self) -> &mut ServiceBuilder {
        self
    }
}

/// A provider endpoint ready to execute [`RequestSpec`]s. Cheap to clone.
#[derive(Clone)]
pub struct Service {
    inner: Arc<ServiceInner>,
}

struct ServiceInner {
    provider: &'static str,
    base: Url,
    transport: Transport,
    auth: Arc<dyn Authenticator>,
    limiter: Option<Arc<dyn RateLimiter>>,
    messages: Option<MessageExtractor>,
    call: CallOptions,
}

impl fmt::Debug for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Service")
            .field("provider", &self.inner.provider)
            .field("base", &ShownUrl::Parsed(&self.inner.base))
            .field("auth", &self.inner.auth)
            .field("limiter", &self.inner.limiter)
            .field("transport", &self.inner.transport)
            .finish()
    }
}

enum Attempt {
    Answered {
        status: u16,
        headers: HeaderMap,
        body: RawBody,
    },
    /// A status line and headers arrived and the body did not, whole (cut
    /// short, timed out): the error, and the headers for the wait they ask.
    CutShort { error: Error, headers: HeaderMap },
}

impl Service {
    /// The same endpoint with credentials.
    pub fn with_auth(&self, auth: Arc<dyn Authenticator>) -> Self {
        Self {
            inner: Arc::new(ServiceInner {
                provider: self.inner.provider,
                base: self.inner.base.clone(),
                transport: self.inner.transport.clone(),
                auth,
                limiter: self.inner.limiter.clone(),
                messages: self.inner.messages,
                call: self.inner.call.clone(),
            }),
        }
    }

    /// The same endpoint (pool, credentials, rate limit shared) with per-call
    /// options; `self` is unchanged.
    pub fn with_options(&self, options: CallOptions) -> Self {
        Self {
            inner: Arc::new(ServiceInner {
                provider: self.inner.provider,
                base: self.inner.base.clone(),
                transport: self.inner.transport.clone(),
                auth: self.inner.auth.clone(),
                limiter: self.inner.limiter.clone(),
                messages: self.inner.messages,
                call: options,
            }),
        }
    }

    /// The per-call options of this view.
    pub fn call_options(&self) -> &CallOptions {
        &self.inner.call
    }

    /// The retry policy calls follow: the view's, else the transport's. A
    /// provider that resends a write itself (Persona's 409 for a key in
    /// progress) follows it too.
    pub fn retry_policy(&self) -> &crate::retry::RetryPolicy {
        self.inner
            .call
            .retry_policy
            .as_ref()
            .unwrap_or(&self.inner.transport.inner.retry)
    }

    /// The provider name.
    pub fn provider(&self) -> &'static str {
        self.inner.provider
    }

    /// The base URL.
    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    /// The transport (clone it to share the pool).
    pub fn transport(&self) -> &Transport {
        &self.inner.transport
    }

    /// The clock the rules run on.
    pub fn clock(&self) -> Arc<dyn Clock> {
        self.inner.transport.clock()
    }

    /// The URL a request goes to: base, path prefix kept, each segment encoded.
    /// Every id is checked first ([`crate::id::validate_id`]).
    pub fn url_for(&self, spec: &RequestSpec) -> Result<Url> {
        self.validate_ids(spec)?;
        self.build_url(spec)
    }

    /// Refuses the spec's first invalid id.
    fn validate_ids(&self, spec: &RequestSpec) -> Result<()> {
        for segment in spec.segments() {
            if let Segment::Id(id) = segment {
                validate_id(self.inner.provider, id)?;
            }
        }
        Ok(())
    }

    /// [`Service::url_for`] without the id check: a call checks its ids once
    /// ([`Service::check_ids`]) and builds the URL on every attempt.
    fn build_url(&self, spec: &RequestSpec) -> Result<Url> {
        let provider = self.inner.provider;
        let mut url = self.inner.base.clone();
        {
            let mut segments = url
                .path_segments_mut()
                .map_err(|()| Error::invalid_input(provider, "the base URL cannot carry a path"))?;
            segments.pop_if_empty();
            for segment in spec.segments() {
                segments.push(match segment {
                    Segment::Fixed(fixed) => fixed,
                    Segment::Id(id) => id,
                });
            }
        }
        if let Some(given) = spec.given_query() {
            url.set_query(Some(given));
        }
        let mut query = spec.query_pairs().peekable();
        if query.peek().is_some() {
            url.query_pairs_mut().extend_pairs(query);
        }
        crate::url_len::check_url_len(provider, url.as_str())?;
        Ok(url)
    }

    /// Checks every id of the spec as [`Service::url_for`] does, and the URL's
    /// length, building the URL only when a cheap bound says it may be too long.
    fn check_ids(&self, spec: &RequestSpec) -> Result<()> {
        self.validate_ids(spec)?;
        let bound = crate::url_len::url_len_bound(self.inner.base.as_str().len(), spec);
        if bound > crate::url_len::MAX_URL_LEN {
            self.build_url(spec)?;
        }
        Ok(())
    }

    /// Sends the request under the retry rules and returns the first 2xx response.
    /// Any other status is an [`Error`] with the body kept.
    ///
    /// A plain `fn` returning the future, not an `async fn`: an `async fn` keeps a
    /// by-value argument twice in its state (the argument and the local it is
    /// moved to), and this future is the state of every call in flight. Here the
    /// spec is kept once and the loop borrows it.
    pub fn execute(
        &self,
        spec: RequestSpec,
    ) -> impl Future<Output = Result<RawResponse>> + Send + '_ {
        let call = crate::trace::call_span(self.inner.provider, spec.operation);
        async move { self.execute_in_span(&spec).await }.instrument(call)
    }

    // Every local of the loop is scoped to the stretch it is used in: a local
    // still in scope at an `.await` (even moved-from, borrowed once, or only
    // waiting to be dropped) is kept in the call's future across it, and that
    // future is the memory of every call in flight.
    async fn execute_in_span(&self, spec: &RequestSpec) -> Result<RawResponse> {
        // The ids are checked before anything waits or is spent (a rate-limit
        // slot, a token fetch); the URL itself is built per attempt and moves
        // into the request.
        self.check_ids(spec)?;
        let clock = self.inner.transport.inner.clock.clone();
        let start = clock.now();
        let end = self.call_end(spec, start);
        let mut attempt = 0u32;
        let mut reauthorized = false;
        // Whether a failed attempt may have been processed by the provider: a
        // one-time answer (iDIN's identity) may have gone to it.
        let mut earlier_reached = false;
        loop {
            attempt = attempt.saturating_add(1);
            // The first attempt, when neither the credentials nor the limiter made
            // it wait, starts at `start`: no second clock read on the hot path.
            let mut at_start = attempt == 1;
            let wait = {
                let auth = if !spec.authenticated {
                    None
                } else if let Some(ready) = self.inner.auth.ready_header() {
                    Some(ready)
                } else {
                    at_start = false;
                    self.credentials(end, time_left(end, clock.as_ref()))
                        .await?
                };
                if left_at(end, start, at_start, clock.as_ref()).is_zero() {
                    return Err(deadline_passed(self.inner.provider));
                }
                // The rate-limit slot is taken last, right before sending: a call
                // that fails first (its deadline, its credentials) spends none, and
                // a token fetch made for it (through the same limiter) is counted
                // before it, in the order the provider sees them.
                if let Some(limiter) = &self.inner.limiter
                    && !limiter.try_acquire(clock.as_ref())
                {
                    at_start = false;
                    self.wait_for_limiter(limiter.as_ref(), spec, clock.as_ref(), end)
                        .await?;
                }
                let remaining = {
                    let left = left_at(end, start, at_start, clock.as_ref());
                    if left.is_zero() {
                        return Err(deadline_passed(self.inner.provider));
                    }
                    left
                };
                let next = {
                    // Built in a block so that the borrowed URL is not the
                    // one held (a borrowed local stays in the future's state).
                    let (url, span, began) = {
                        let url = self.build_url(spec)?;
                        let (span, began) = crate::trace::request_span(
                            self.inner.provider,
                            &self.inner.base,
                            &url,
                            spec,
                            attempt,
                        );
                        (url, span, began)
                    };
                    let mut result = self
                        .attempt(spec, url, auth.as_ref(), remaining)
                        .instrument(span.clone())
                        .await;
                    if let Ok(Attempt::Answered { headers, .. }) = &mut result {
                        // The plain spelling at once; every other one when the
                        // id is shown (`SentSecrets`) or put in an error.
                        forget_echoed_request_id(headers, |id| {
                            any_sent_secret(
                                spec,
                                auth.as_ref(),
                                self.inner.auth.as_ref(),
                                |secret| crate::message::quotes_secret(id, secret),
                            )
                        });
                    }
                    match result {
                        Ok(Attempt::Answered {
                            status,
                            headers,
                            body,
                        }) if (200..300).contains(&status) => {
                            crate::trace::record_outcome(&span, began, Ok(status));
                            return Ok(RawResponse {
                                provider: self.inner.provider,
                                status,
                                headers,
                                body,
                                attempts: attempt,
                                earlier_attempt_may_have_reached_server: earlier_reached,
                                write: is_write(spec),
                                sent: SentSecrets::of(spec, auth.as_ref(), &self.inner.auth),
                            });
                        }
                        other => {
                            let failed = failed_attempt(&span, began, spec, other, clock.as_ref());
                            // What to do next is settled before any wait, so the
                            // failed attempt is not part of the call's state across
                            // an `.await`.
                            self.after_failure(
                                spec,
                                failed,
                                attempt,
                                auth.as_ref(),
                                !reauthorized && auth.is_some(),
                                time_left(end, clock.as_ref()),
                            )
                        }
                    }
                };
                match next {
                    Next::Wait(wait) => wait,
                    Next::RefreshAuth(error) => {
                        if let Some((_, refused)) = &auth
                            && self
                                .refresh_credentials(refused, end, time_left(end, clock.as_ref()))
                                .await?
                        {
                            reauthorized = true;
                            continue;
                        }
                        return Err(error);
                    }
                    Next::Return(error) => return Err(error),
                }
            };
            earlier_reached |= wait.may_have_reached;
            clock.sleep(wait.wait).await;
        }
    }

    /// Waits for a slot of the in-process rate limit, within the time left;
    /// out of line: the no-wait path is `try_acquire`.
    async fn wait_for_limiter(
        &self,
        limiter: &dyn RateLimiter,
        spec: &RequestSpec,
        clock: &dyn Clock,
        end: Option<Instant>,
    ) -> Result<()> {
        let provider = self.inner.provider;
        let before = clock.now();
        let left = time_left(end, clock);
        // The limiter is told the time left, and held to it: a limiter that waits
        // longer (a shared store that stalls) still ends the call by its deadline.
        match tokio::time::timeout(left, limiter.acquire(clock, left)).await {
            Ok(Ok(())) => {}
            Ok(Err(wait)) => return Err(Error::local_rate_limit(provider, wait)),
            Err(_) => return Err(Error::local_rate_limit(provider, left)),
        }
        let waited = clock.now().saturating_duration_since(before);
        if !waited.is_zero() {
            tracing::debug!(
                provider,
                operation = spec.operation,
                wait_ms = u64::try_from(waited.as_millis()).unwrap_or(u64::MAX),
                "txstatus.rate_limit_wait"
            );
        }
        Ok(())
    }

    /// Runs `operation`, several requests that make up one call (a provider's
    /// own resends of a write), within one call deadline (the transport's, or the
    /// shorter per-call one) and any end already in force: every request inside
    /// ends by then, and [`Service::operation_end`] tells a wait between them
    /// when to give up.
    pub async fn within_call_deadline<F: Future>(&self, operation: F) -> F::Output {
        let own = self.inner.transport.inner.deadline;
        let deadline = self.inner.call.deadline.map_or(own, |call| own.min(call));
        let end = self.clock().now().checked_add(deadline);
        crate::budget::within(end, operation).await
    }

    /// The end of the operation the running task is in
    /// ([`Service::within_call_deadline`], a poll's timeout), if any.
    pub fn operation_end(&self) -> Option<Instant> {
        crate::budget::current()
    }

    /// When the call ends: at its own deadline or at the end of the operation it
    /// runs in (a poll's timeout, the request a token is fetched for), whichever
    /// is first; `None` is a deadline too long to represent: none.
    fn call_end(&self, spec: &RequestSpec, start: Instant) -> Option<Instant> {
        let own = spec.deadline.unwrap_or(self.inner.transport.inner.deadline);
        // A per-call deadline only ever shortens the call.
        let deadline = self.inner.call.deadline.map_or(own, |call| own.min(call));
        crate::budget::earliest(start.checked_add(deadline), crate::budget::current())
    }

    /// The retry rules' answer to a failed attempt, with the error the call
    /// ends with when it does not go on.
    fn after_failure(
        &self,
        spec: &RequestSpec,
        failed: Failed,
        attempt: u32,
        auth: Option<&AuthHeader>,
        may_refresh: bool,
        remaining: Duration,
    ) -> Next {
        // What was handed out once is never asked for again: the error keeps it,
        // whole or as far as it arrived (cut short, over the cap).
        let holds_once = spec.one_time_in_error.is_some_and(|holds| match &failed {
            Failed::Answer { body, .. } => holds(body.as_bytes()),
            Failed::Error(error) => error
                .body()
                .is_some_and(|body| !body.is_empty() && holds(body.as_bytes())),
        });
        if holds_once {
            return Next::Return(
                self.failure(spec, failed, attempt, auth, remaining)
                    .one_time_answer(),
            );
        }
        let outcome = failed.outcome();
        match decide(
            spec.retry,
            failed.decided_as(),
            attempt,
            may_refresh,
            remaining,
            self.retry_policy(),
        ) {
            Decision::Wait(wait) => {
                tracing::debug!(
                    provider = self.inner.provider,
                    operation = spec.operation,
                    attempt,
                    wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                    "txstatus.retry_wait"
                );
                Next::Wait(RetryWait {
                    wait,
                    may_have_reached: may_have_reached(outcome),
                })
            }
            Decision::RefreshAuth => {
                Next::RefreshAuth(self.failure(spec, failed, attempt, auth, remaining))
            }
            Decision::Return => Next::Return(self.failure(spec, failed, attempt, auth, remaining)),
        }
    }

    /// The error a failed attempt ends the call with: a rate-limited error when
    /// the provider asked for a wait the rules refuse to make, else the HTTP or
    /// transport error itself.
    fn failure(
        &self,
        spec: &RequestSpec,
        failed: Failed,
        attempt: u32,
        auth: Option<&AuthHeader>,
        remaining: Duration,
    ) -> Error {
        let policy = self.retry_policy();
        match failed {
            Failed::Error(error) => error,
            Failed::Answer {
                status,
                headers,
                body,
                retry_after,
            } => {
                let may_retry = is_retryable_status(status)
                    && spec.retry != RetryClass::NeverResend
                    && attempt < policy.max_attempts;
                match retry_after.filter(|_| status == 429 || status == 503) {
                    Some(asked) if may_retry && asks_too_long(asked, remaining, policy) => {
                        Error::rate_limited(
                            self.inner.provider,
                            status,
                            Some(asked),
                            self.shown_request_id(spec, auth, &headers),
                            body,
                        )
                    }
                    _ => self.http_error(spec, auth, status, &headers, body, retry_after),
                }
            }
        }
    }

    /// The credential header, fetched within the time left: a token fetch made
    /// through a [`Service`] sees `end` as its deadline, and any other wait for
    /// credentials (a lock held by another caller's fetch) is cut at `left`.
    async fn credentials(
        &self,
        end: Option<Instant>,
        left: Duration,
    ) -> Result<Option<AuthHeader>> {
        let provider = self.inner.provider;
        if left.is_zero() {
            return Err(deadline_passed(provider));
        }
        let fetch = crate::budget::within(end, self.inner.auth.header());
        match tokio::time::timeout(left, fetch).await {
            Ok(result) => result,
            Err(_) => Err(transport_error(
                provider,
                "timed out waiting for credentials; nothing was sent",
                true,
                false,
                false,
                None,
                None,
            )),
        }
    }

    /// Fresh credentials after a 401, within the time left: a token fetch made
    /// through a [`Service`] sees `end` as its deadline, and any other wait (a
    /// lock held by another caller's fetch, a source that ignores the deadline)
    /// is cut at `left`.
    async fn refresh_credentials(
        &self,
        refused: &HeaderValue,
        end: Option<Instant>,
        left: Duration,
    ) -> Result<bool> {
        let provider = self.inner.provider;
        if left.is_zero() {
            return Err(deadline_passed(provider));
        }
        let refresh =
            crate::budget::within(end, self.inner.auth.refresh_after_unauthorized(refused));
        match tokio::time::timeout(left, refresh).await {
            Ok(result) => result,
            Err(_) => Err(transport_error(
                provider,
                "timed out waiting for fresh credentials after a 401; the request was not sent again",
                true,
                false,
                false,
                None,
                None,
            )),
        }
    }

    /// One attempt: the request is built and sent (prepared; nothing moves
    /// until polled) here, and the returned future only reads the answer. A
    /// plain `fn`, not an `async fn`: the URL moves into the request instead of
    /// being cloned, and nothing is kept twice in the future's state.
    fn attempt(
        &self,
        spec: &RequestSpec,
        url: Url,
        auth: Option<&AuthHeader>,
        remaining: Duration,
    ) -> impl Future<Output = Result<Attempt>> + Send + use<> {
        let provider = self.inner.provider;
        let transport = &self.inner.transport.inner;
        // A one-time answer is never abandoned early: its attempt may use the whole
        // time left (the deadline is what bounds it).
        let attempt_timeout = if spec.retry == RetryClass::KeepFirstSuccess {
            remaining
        } else {
            transport.attempt_timeout.min(remaining)
        };
        let method = match spec.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
        };
        // Loopback destinations (the sandbox, a local fake) never go through a
        // proxy: it would see plain-http credentials.
        let client = if is_loopback(&url) {
            &transport.direct
        } else {
            &transport.client
        };
        let mut request = client.request(method, url);
        for (name, value) in spec.headers() {
            request = request.header(name, value);
        }
        if let Some((name, value)) = auth {
            if let Some(observer) = &transport.credential_observer {
                observe_credential(observer.as_ref(), value);
            }
            request = request.header(name, value);
        }
        match &spec.body {
            None => {}
            Some(RequestBody::Json(bytes)) => {
                request = request
                    .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                    .body(bytes.clone());
            }
            Some(RequestBody::Form(pairs)) => {
                let encoded: Vec<(&str, &str)> = pairs
                    .iter()
                    .map(|(key, value)| {
                        let value = match value {
                            FormValue::Plain(text) => text.as_str(),
                            FormValue::Secret(secret) => secret.expose_secret(),
                        };
                        (*key, value)
                    })
                    .collect();
                request = request.form(&encoded);
            }
        }
        let limit = spec.body_limit.unwrap_or(transport.body_limit);
        // A one-time answer is read up to the cap whatever `Content-Length` claims;
        // another is refused at once on a `Content-Length` over the cap (nothing
        // read, nothing to keep). Whatever was read over the cap is kept up to it.
        let keep_partial = spec.retry == RetryClass::KeepFirstSuccess;
        // Sent (prepared; nothing moves until polled) before the timed future,
        // so the builder is not part of that future's state: a smaller future
        // for every call.
        let sending = request.send();
        async move {
            // One timer for the whole attempt. What arrived lives outside the timed
            // future, so a timeout or a reset keeps the status line and the bytes.
            let mut status: Option<u16> = None;
            let mut headers = HeaderMap::new();
            let mut body = BodyBuffer::default();
            // `timeout`, not `timeout_at`: it accepts any duration, `Duration::MAX` included.
            let outcome = tokio::time::timeout(attempt_timeout, async {
                let mut response = sending.await.map_err(ReadFailure::Send)?;
                status = Some(response.status().as_u16());
                // Taken, not cloned: the body stream does not need them.
                headers = std::mem::take(response.headers_mut());
                if !keep_partial
                    && response
                        .content_length()
                        .is_some_and(|length| length > limit as u64)
                {
                    return Err(ReadFailure::DeclaredTooLarge);
                }
                while let Some(chunk) = response.chunk().await.map_err(ReadFailure::Body)? {
                    if let Err(chunk) = body.push(chunk, limit) {
                        // Every request keeps the bytes up to the cap, never more.
                        body.push_prefix(chunk, limit);
                        return Err(ReadFailure::TooLarge);
                    }
                }
                Ok(())
            })
            .await;
            match (outcome, status) {
                (Ok(Ok(())), Some(status)) => Ok(Attempt::Answered {
                    status,
                    headers,
                    body: body.finish(),
                }),
                (Ok(Err(ReadFailure::Send(error))), _) => {
                    Err(from_reqwest(provider, error, None, None))
                }
                (Ok(Err(ReadFailure::Body(error))), Some(status)) => Ok(Attempt::CutShort {
                    error: from_reqwest(provider, error, Some(status), Some(body.finish())),
                    headers,
                }),
                (Ok(Err(ReadFailure::Body(error))), None) => {
                    Err(from_reqwest(provider, error, None, Some(body.finish())))
                }
                (Ok(Err(ReadFailure::TooLarge)), Some(status))
                    if keep_partial && (200..300).contains(&status) =>
                {
                    Err(transport_error(
                        provider,
                        "the response body is larger than the cap; the bytes up to the cap are kept",
                        false,
                        false,
                        true,
                        Some(status),
                        Some(body.finish()),
                    ))
                }
                // Refused on its `Content-Length` before any byte: nothing to keep.
                (Ok(Err(ReadFailure::DeclaredTooLarge)), status) => Err(Error::body_too_large(
                    provider,
                    status.unwrap_or_default(),
                    limit,
                )),
                (Ok(Err(ReadFailure::TooLarge)), status) => Err(Error::body_too_large_with(
                    provider,
                    status.unwrap_or_default(),
                    limit,
                    body.finish(),
                )),
                (Err(_), None) | (Ok(Ok(())), None) => Err(transport_error(
                    provider,
                    "timed out waiting for the response",
                    true,
                    false,
                    true,
                    None,
                    None,
                )),
                (Err(_), Some(status)) => Ok(Attempt::CutShort {
                    error: transport_error(
                        provider,
                        "timed out reading the response body",
                        true,
                        false,
                        true,
                        Some(status),
                        Some(body.finish()),
                    ),
                    headers,
                }),
            }
        }
    }
}

/// The time left before `end`: from `start` when nothing has waited since
/// (no second clock read on the hot path), else from now.
fn left_at(end: Option<Instant>, start: Instant, at_start: bool, clock: &dyn Clock) -> Duration {
    match end {
        Some(end) if at_start => end.saturating_duration_since(start),
        _ => time_left(end, clock),
    }
}

/// The time left until `end` (`Duration::MAX` without an end).
fn time_left(end: Option<Instant>, clock: &dyn Clock) -> Duration {
    end.map_or(Duration::MAX, |end| {
        end.saturating_duration_since(clock.now())
    })
}

/// What the retry rules get of an attempt that did not succeed: a whole answer
/// with its `Retry-After`, or the error. Out of line and cold: the success path
/// stays short.
#[cold]
#[inline(never)]
fn failed_attempt(
    span: &tracing::Span,
    began: Option<Instant>,
    spec: &RequestSpec,
    result: Result<Attempt>,
    clock: &dyn Clock,
) -> Failed {
    match result {
        Ok(Attempt::Answered {
            status,
            headers,
            body,
        }) => {
            crate::trace::record_outcome(span, began, Ok(status));
            let retry_after = retry_after(&headers, status, clock.system_now());
            Failed::Answer {
                status,
                headers,
                body,
                retry_after,
            }
        }
        Ok(Attempt::CutShort { error, headers }) => {
            crate::trace::record_outcome(span, began, Err(&error));
            // The wait the headers ask is honoured though the body was lost.
            let asked = error
                .status()
                .filter(|status| *status == 429 || *status == 503)
                .and_then(|status| retry_after(&headers, status, clock.system_now()));
            Failed::Error(mark_accepted_write(spec, error.asking_to_wait(asked)))
        }
        Err(error) => {
            crate::trace::record_outcome(span, began, Err(&error));
            Failed::Error(mark_accepted_write(spec, error))
        }
    }
}

/// Whether a request changes something at the provider: every request that
/// must never be resent, and an idempotent one sent with a method other than GET
/// (a PATCH, a DELETE). A one-time read (iDIN's status, a POST) is a read, and
/// so is a request marked [`RequestSpec::read_only`].
fn is_write(spec: &RequestSpec) -> bool {
    if spec.read_only {
        return false;
    }
    match spec.retry {
        RetryClass::NeverResend => true,
        RetryClass::Idempotent => spec.method != Method::Get,
        RetryClass::KeepFirstSuccess => false,
    }
}

/// A write whose success status line arrived was carried out, whatever became of
/// its body (over the cap, cut short, timed out): the error says so.
fn mark_accepted_write(spec: &RequestSpec, error: Error) -> Error {
    if is_write(spec) && error.status().is_some_and(|s| (200..300).contains(&s)) {
        error.after_accepted_write()
    } else {
        error
    }
}

/// What the retry loop does after a failed attempt.
enum Next {
    /// Waits, then tries again.
    Wait(RetryWait),
    /// Refreshes the credentials and tries again, or ends with the error.
    RefreshAuth(Error),
    /// Ends the call with the error.
    Return(Error),
}

/// A wait before the next attempt.
struct RetryWait {
    wait: Duration,
    /// Whether the failed attempt may have been processed by the provider.
    may_have_reached: bool,
}

/// An attempt that did not end the call with a success.
enum Failed {
    /// A whole answer with a status other than 2xx.
    Answer {
        status: u16,
        headers: HeaderMap,
        body: RawBody,
        retry_after: Option<Duration>,
    },
    /// A failure on the way (transport, cut short, over the cap); a cut-short
    /// 429 or 503 keeps the wait its headers asked ([`Error::retry_after`]).
    Error(Error),
}

impl Failed {
    /// What the retry rules see of it.
    fn outcome(&self) -> Outcome {
        match self {
            Self::Answer {
                status,
                retry_after,
                ..
            } => Outcome::Answered {
                status: *status,
                retry_after: *retry_after,
            },
            Self::Error(error) => match error.kind() {
                ErrorKind::Transport(t) => match t.status {
                    Some(status) => Outcome::BodyLost { status },
                    None if t.answer_unreadable => Outcome::Unreadable,
                    None if t.maybe_sent => Outcome::LostAfterSend,
                    None => Outcome::NotSent,
                },
                // Over the cap, and anything else: never fetched again.
                _ => Outcome::TooLarge,
            },
        }
    }

    /// What the retry rules decide on: a 429 or 503 whose body was lost but
    /// whose headers asked for a wait is decided as the answer it was, so the
    /// wait is honoured (or refused as too long) as for a whole one. Every
    /// class resends such an answer exactly when it resends a lost body.
    fn decided_as(&self) -> Outcome {
        match (self.outcome(), self) {
            (Outcome::BodyLost { status }, Self::Error(error))
                if (status == 429 || status == 503) && error.retry_after().is_some() =>
            {
                Outcome::Answered {
                    status,
                    retry_after: error.retry_after(),
                }
            }
            (outcome, _) => outcome,
        }
    }
}

/// Whether an attempt that ended this way may have been processed by the
/// provider (iDIN's one-time identity may have gone to it).
fn may_have_reached(outcome: Outcome) -> bool {
    match outcome {
        Outcome::Answered { status, .. } => crate::error::status_may_have_been_processed(status),
        Outcome::NotSent => false,
        Outcome::LostAfterSend
        | Outcome::Unreadable
        | Outcome::BodyLost { .. }
        | Outcome::TooLarge => true,
    }
}

/// Why reading one attempt's response stopped.
enum ReadFailure {
    Send(reqwest::Error),
    Body(reqwest::Error),
    /// `Content-Length` over the cap: refused before any byte was read.
    DeclaredTooLarge,
    /// Found over the cap while reading: the bytes up to it are in the buffer.
    TooLarge,
}

fn deadline_passed(provider: &'static str) -> Error {
    transport_error(
        provider,
        "the deadline passed",
        true,
        false,
        false,
        None,
        None,
    )
}

/// Collects body chunks: the first kept as is, later ones appended to a buffer.
#[derive(Default)]
struct BodyBuffer {
    first: Option<bytes::Bytes>,
    rest: Vec<u8>,
}

impl BodyBuffer {
    /// Adds a chunk, or gives it back when the body would pass `limit` (moved in,
    /// not cloned: the refused chunk's prefix may still be kept).
    fn push(&mut self, chunk: bytes::Bytes, limit: usize) -> std::result::Result<(), bytes::Bytes> {
        if self.len().saturating_add(chunk.len()) > limit {
            return Err(chunk);
        }
        match self.first.take() {
            None if self.rest.is_empty() => self.first = Some(chunk),
            None => self.rest.extend_from_slice(&chunk),
            Some(first) => {
                self.rest.reserve(first.len().saturating_add(chunk.len()));
                self.rest.extend_from_slice(&first);
                self.rest.extend_from_slice(&chunk);
            }
        }
        Ok(())
    }

    /// Adds as much of `chunk` as fits under `limit`.
    fn push_prefix(&mut self, chunk: bytes::Bytes, limit: usize) {
        let room = limit.saturating_sub(self.len()).min(chunk.len());
        if room > 0 {
            // Fits by construction: `room` is what is left under `limit`.
            let _fits = self.push(chunk.slice(..room), limit);
        }
    }

    fn len(&self) -> usize {
        self.first
            .as_ref()
            .map_or(self.rest.len(), bytes::Bytes::len)
    }

    fn finish(&mut self) -> RawBody {
        match self.first.take() {
            Some(first) => RawBody::new(first),
            None => RawBody::from(std::mem::take(&mut self.rest)),
        }
    }
}

fn transport_error(
    provider: &'static str,
    message: &str,
    timeout: bool,
    connect: bool,
    maybe_sent: bool,
    status: Option<u16>,
    partial_body: Option<RawBody>,
) -> Error {
    Error::transport(
        provider,
        TransportError {
            message: message.to_owned(),
            timeout,
            connect,
            maybe_sent,
            answer_unreadable: false,
            status,
            partial_body,
            retry_after: None,
            source: None,
        },
    )
}

fn from_reqwest(
    provider: &'static str,
    error: reqwest::Error,
    status: Option<u16>,
    partial_body: Option<RawBody>,
) -> Error {
    let error = error.without_url();
    let connect = error.is_connect();
    let timeout = error.is_timeout();
    let mut message = error.to_string();
    let mut answer_unreadable = false;
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        // hyper refused a response head it read (bytes of an answer arrived).
        answer_unreadable |= cause
            .downcast_ref::<hyper::Error>()
            .is_some_and(hyper::Error::is_parse);
        source = cause.source();
    }
    Error::transport(
        provider,
        TransportError {
            message,
            timeout,
            connect,
            maybe_sent: !connect,
            answer_unreadable: answer_unreadable && status.is_none(),
            status,
            partial_body,
            retry_after: None,
            source: Some(Box::new(error)),
        },
    )
}

impl Service {
    /// The answer's request id, unless it echoes a credential the request sent
    /// in any spelling.
    fn shown_request_id(
        &self,
        spec: &RequestSpec,
        auth: Option<&AuthHeader>,
        headers: &HeaderMap,
    ) -> Option<String> {
        request_id(headers)
            .filter(|id| !echoed_in_request_id(id, spec, auth, self.inner.auth.as_ref()))
    }

    /// An HTTP error with the provider's message and code as its extractor finds
    /// them; a request sent without the service's credentials (an OAuth token
    /// request) tries the OAuth error shape first.
    fn http_error(
        &self,
        spec: &RequestSpec,
        auth: Option<&AuthHeader>,
        status: u16,
        headers: &HeaderMap,
        body: RawBody,
        retry_after: Option<Duration>,
    ) -> Error {
        let bytes = body.as_bytes();
        let oauth = (!spec.authenticated)
            .then(|| crate::oauth_error::oauth_error_message(bytes))
            .flatten();
        let said = oauth
            .or_else(|| self.inner.messages.and_then(|extract| extract(bytes)))
            .unwrap_or_default()
            .without_secrets(&sent_secrets(spec, auth, self.inner.auth.as_ref()));
        let mut error = HttpError::new(status, body).with_provider_message(said);
        error.request_id = self.shown_request_id(spec, auth, headers);
        error.retry_after = retry_after;
        Error::http(self.inner.provider, error)
    }
}

/// Hands `value` (a credential header's value) to `observer`: its token alone
/// when it has a scheme (`Bearer <token>`), else the whole value.
#[cold]
fn observe_credential(observer: &(dyn Fn(&str) + Send + Sync), value: &HeaderValue) {
    if let Ok(text) = value.to_str() {
        observer(text.split_once(' ').map_or(text, |(_, token)| token.trim()));
    }
}
