//! The iDIN client and its builder.

use std::{
    fmt,
    sync::Arc,
    time::{Duration, Instant},
};

use txstatus_core::{
    ClientOptions, Error, ExposeSecret, Response, Result, SecretString, Url,
    provider::{Service, ServiceBuilder, env_optional, env_secret, written},
};

use crate::{
    CreatedTransaction, DEFAULT_BASE_URL, DirectoryCountry, PROVIDER, StatusResponse, requests,
    sink::{self, IdentitySink},
    transaction::NewTransaction,
    window::{self, DEFAULT_WINDOW_INTERVAL, RETURN_WINDOW, WindowedStatus},
};

/// Overall deadline of one status call, retries and waits included: 25 s.
///
/// CM hands out the identity only within 30 s of the user's return from the bank;
/// a status call still running after that cannot get it any more. 25 s leaves 5 s
/// for the redirect to reach your server. Each attempt, body included, may use all
/// of what is left (the transport's attempt timeout, 30 s by default, is capped by
/// it).
pub const DEFAULT_STATUS_DEADLINE: Duration = Duration::from_secs(25);

/// A CM.com iDIN client. Cheap to clone; clones share the connection pool and the
/// rate limit.
///
/// # Keeping the identity
///
/// CM hands the identity out once. Set an [`IdentitySink`] so that every status
/// answer that may hold one is durable before [`Client::status`] returns it: a
/// crash or a panic in your code afterwards cannot lose it. A sink failure is an
/// error that still carries the whole body ([`Error::body`]).
///
/// ```no_run
/// # async fn run() -> txstatus_core::Result<()> {
/// use std::sync::Arc;
/// use cm_idin::{Client, FileSink};
///
/// let client = Client::builder("merchant-token")
///     .identity_sink(Arc::new(FileSink::new("/var/lib/myapp/idin")))
///     .build()?;
/// let answer = client.status("3645651845961623", "merchant-ref-1").await?;
/// // The identity, if any, is already in a 0600 file under /var/lib/myapp/idin.
/// # let _ = answer;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    service: Service,
    merchant_token: Arc<SecretString>,
    status_deadline: Duration,
    window_interval: Duration,
    identity_sink: Option<Arc<dyn IdentitySink>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        txstatus_core::provider::RedactedDebug::new(f, "Client")
            .field("service", &self.service)
            .secret("merchant_token")
            .field("status_deadline", &self.status_deadline)
            .field("window_interval", &self.window_interval)
            .field("identity_sink", &self.identity_sink.is_some())
            .finish()
    }
}

/// Builds a [`Client`]; transport options come from [`ClientOptions`].
#[derive(Clone)]
pub struct ClientBuilder {
    service: ServiceBuilder,
    merchant_token: SecretString,
    status_deadline: Duration,
    window_interval: Duration,
    identity_sink: Option<Arc<dyn IdentitySink>>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        txstatus_core::provider::RedactedDebug::new(f, "ClientBuilder")
            .field("service", &self.service)
            .secret("merchant_token")
            .field("status_deadline", &self.status_deadline)
            .field("window_interval", &self.window_interval)
            .field("identity_sink", &self.identity_sink.is_some())
            .finish()
    }
}

impl ClientOptions for ClientBuilder {
    fn service_builder_mut(&mut self) -> &mut ServiceBuilder {
        &mut self.service
    }
}

impl ClientBuilder {
    /// A builder from `CM_IDIN_MERCHANT_TOKEN` (required) and `CM_IDIN_BASE_URL`
    /// (optional), the variables the CLI documents. A missing token is an
    /// invalid-input error naming the variable.
    pub fn from_env() -> Result<Self> {
        let builder = Client::builder(env_secret(PROVIDER, "CM_IDIN_MERCHANT_TOKEN")?);
        Ok(match env_optional("CM_IDIN_BASE_URL") {
            Some(url) => builder.base_url(url),
            None => builder,
        })
    }

    /// Overall deadline of a status call (default [`DEFAULT_STATUS_DEADLINE`]).
    /// Past 30 s after the user's return CM no longer hands out the identity.
    pub fn status_deadline(mut self, deadline: Duration) -> Self {
        self.status_deadline = deadline;
        self
    }

    /// Wait between two status reads of [`Client::status_within_window`] while the
    /// status is `open` (default [`DEFAULT_WINDOW_INTERVAL`], 1 s). Must not be zero.
    pub fn window_interval(mut self, interval: Duration) -> Self {
        self.window_interval = interval;
        self
    }

    /// Persists every status answer that may hold an identity before the status
    /// call returns it (see [`IdentitySink`], [`FileSink`](crate::FileSink)).
    ///
    /// With a sink, a status call dropped before it finished (your own timeout, a
    /// `select!`, a worker stopping) is finished in a task of its own on the
    /// current tokio runtime, within its status deadline: the answer CM may already
    /// be sending is handed out once, so it is still read to its end and persisted.
    /// A dropped call may therefore still send its request; the sink, not the
    /// caller, receives what it brings.
    pub fn identity_sink(mut self, sink: Arc<dyn IdentitySink>) -> Self {
        self.identity_sink = Some(sink);
        self
    }

    /// Builds the client. Fails when the merchant token is empty, the window
    /// interval is zero, or the base URL is not https (http is allowed to loopback
    /// hosts only).
    pub fn build(self) -> Result<Client> {
        if self.merchant_token.expose_secret().trim().is_empty() {
            return Err(Error::invalid_input(
                PROVIDER,
                "the merchant token is empty",
            ));
        }
        if self.window_interval.is_zero() {
            return Err(Error::invalid_input(
                PROVIDER,
                "the window interval is zero",
            ));
        }
        // The token travels in each JSON body, so the service sends no auth header
        // (it is built with `NoAuth`).
        let service = self.service.build()?;
        Ok(Client {
            service,
            merchant_token: Arc::new(self.merchant_token),
            status_deadline: self.status_deadline,
            window_interval: self.window_interval,
            identity_sink: self.identity_sink,
        })
    }
}

impl Client {
    /// A builder with the merchant token (a GUID, private to the merchant).
    ///
    /// ```
    /// use cm_idin::{Client, ClientOptions};
    ///
    /// # fn main() -> txstatus_core::Result<()> {
    /// let token = std::env::var("CM_IDIN_MERCHANT_TOKEN").unwrap_or_else(|_| "unset".into());
    /// let client = Client::builder(token).build()?;
    /// println!("requests go to {}", client.base_url());
    /// # Ok(())
    /// # }
    /// ```
    pub fn builder(merchant_token: impl Into<SecretString>) -> ClientBuilder {
        ClientBuilder {
            service: ServiceBuilder::new(PROVIDER, Some(DEFAULT_BASE_URL))
                .error_messages(crate::model::error_body::error_message),
            merchant_token: merchant_token.into(),
            status_deadline: DEFAULT_STATUS_DEADLINE,
            window_interval: DEFAULT_WINDOW_INTERVAL,
            identity_sink: None,
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &Url {
        self.service.base_url()
    }

    /// `POST {base}/status`: the outcome of the flow at the bank, read once.
    ///
    /// Call it as soon as the user is back (`trxid` from the return URL,
    /// `merchant_reference` from [`Client::create_transaction`]), or use
    /// [`Client::status_within_window`], which also asks again while the status is
    /// `open`. **Store [`Response::raw`] before anything else**: the identity in it
    /// is handed out once. Retried on connect errors, timeouts, 429 and 5xx until a
    /// 2xx status line arrives, never after, within the status deadline
    /// ([`ClientBuilder::status_deadline`]); a body that does not decode is an error
    /// holding the whole body ([`Error::body`]). Read the answer with
    /// [`StatusOutcome::from_response`](crate::StatusOutcome::from_response), which
    /// tells an identity lost to a failed attempt from a late request.
    ///
    /// With an [`IdentitySink`] ([`ClientBuilder::identity_sink`]), every answer
    /// that carries personal data (whatever its status), every answer holding a
    /// non-null member this version does not model (it may be personal data under
    /// a new name), every 2xx body that did not decode or was cut short, and the
    /// body of an error status that still reads as a status answer holding an
    /// identity (the error keeps it in [`Error::body`]) are persisted before this
    /// returns; if the sink fails, the call fails with an error that still holds
    /// the body.
    ///
    /// An error status that is otherwise worth asking again about (a 5xx, a 429)
    /// whose body reads as a status answer holding an identity, with a sink or
    /// without, ends the call at once (CM is asked once) with its HTTP error
    /// (status, CM's message, `Retry-After` and the whole body kept), marked
    /// [`Error::holds_one_time_answer`] and not [`Error::is_retryable`]: CM handed
    /// the identity out with it, so no poller or retry loop of yours asks again
    /// (that could only get `notice_code` 2000).
    ///
    /// An answer whose `transaction_id` names another transaction (a proxy or
    /// cache answering for another request) is a decode error at
    /// `transaction_id` that keeps the whole body, and is persisted like any 2xx
    /// body that did not decode; an answer without a `transaction_id` is taken as
    /// it is. Ids are compared exactly.
    ///
    /// ```
    /// use cm_idin::{Client, ClientOptions};
    /// # use txstatus_sandbox::{Sandbox, ids};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let sandbox = Sandbox::start().await?;
    /// # let (token, base_url) = (sandbox.credentials().idin_merchant_token.clone(), sandbox.idin_base_url());
    /// # let (trxid, merchant_reference) = (ids::idin::IDENTITY_ONCE, ids::idin::MERCHANT_REFERENCE);
    /// let client = Client::builder(token).base_url(base_url).build()?;
    /// let response = client.status(trxid, merchant_reference).await?;
    /// // The identity is handed out once: keep the raw bytes before anything else.
    /// let raw: &[u8] = response.raw().as_bytes();
    /// # let _ = raw;
    /// println!("{}", response.value().raw_status());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn status(
        &self,
        transaction_id: &str,
        merchant_reference: &str,
    ) -> Result<Response<StatusResponse>> {
        self.status_with_deadline(transaction_id, merchant_reference, self.status_deadline)
            .await
    }

    async fn status_with_deadline(
        &self,
        transaction_id: &str,
        merchant_reference: &str,
        deadline: Duration,
    ) -> Result<Response<StatusResponse>> {
        if self.identity_sink.is_none() {
            return self
                .read_status(transaction_id, merchant_reference, deadline)
                .await;
        }
        // With a sink, a call its caller abandons once the request may have gone
        // out (a caller's timeout, a `select!`, a worker stopping) is finished in
        // a task of its own: the answer CM hands out once is still read to its
        // end (within the deadline) and persisted.
        let (client, id, reference) = (
            self.clone(),
            transaction_id.to_owned(),
            merchant_reference.to_owned(),
        );
        crate::detach::DetachOnDrop::new(async move {
            client.read_status(&id, &reference, deadline).await
        })
        .await
    }

    /// One status call: the request, the decode, and the sink (when set).
    async fn read_status(
        &self,
        transaction_id: &str,
        merchant_reference: &str,
        deadline: Duration,
    ) -> Result<Response<StatusResponse>> {
        let spec = requests::status(
            &self.merchant_token,
            transaction_id,
            merchant_reference,
            deadline,
        )?;
        let result = self
            .service
            .execute(spec)
            .await
            .and_then(|raw| raw.decode_json::<StatusResponse>())
            // A 2xx answer naming another transaction is a decode error keeping
            // the body, so it reaches the sink below like any body that did not
            // decode (it may hold an identity, handed out once).
            .and_then(|response| {
                txstatus_core::provider::about_asked(
                    crate::PROVIDER,
                    crate::ID_CASE,
                    response,
                    transaction_id,
                    ("transaction_id", "transaction"),
                    |status| status.transaction_id.as_deref(),
                )
            });
        let Some(sink) = &self.identity_sink else {
            return result;
        };
        let (status, body) = match &result {
            Ok(response) if sink::holds_identity(response.value(), response.raw().as_bytes()) => {
                (response.status(), response.raw().clone())
            }
            Ok(_) => return result,
            Err(error) => match sink::body_to_keep(error) {
                Some(body) => (error.status().unwrap_or(200), body.clone()),
                None => return result,
            },
        };
        match sink::persist(sink, transaction_id, &body).await {
            Ok(_) => result,
            Err(error) => Err(sink::sink_failed(status, &error, body)),
        }
    }

    /// Reads the status within the 30 s window after the user's return
    /// ([`RETURN_WINDOW`](crate::RETURN_WINDOW)), asking again while it is `open`.
    ///
    /// `returned_at` is when the user came back from the bank on your return URL, on
    /// the client's clock: take `Instant::now()` first thing in the handler of the
    /// return URL (with a custom clock, [`txstatus_core::Clock::now`]). A time in the
    /// future counts as now. An `Instant` and not a wall-clock time because it
    /// cannot jump; if you only have a `SystemTime`, subtract its age from
    /// `Instant::now()`.
    ///
    /// One read at a time, each a [`Client::status`] call whose deadline (retries
    /// included) is the window's end, so no attempt runs past it, and each attempt
    /// may use all of that time. After an `open` answer it waits the window interval
    /// ([`ClientBuilder::window_interval`], 1 s by default) and asks again, unless
    /// that wait would reach the window's end: no request is ever sent after it.
    /// Any other answer ends it at once (a status this version does not know
    /// included, kept whole: asking again could cost data it holds).
    ///
    /// Returns the last answer ([`WindowedStatus`]; **store
    /// [`WindowedStatus::raw`] first**), with
    /// [`WindowedStatus::window_closed`] set when the status was still `open` when
    /// the window closed. The first error of a read ends it too and is returned as
    /// is (a body that did not decode is kept whole in [`Error::body`]). When the
    /// window has already closed, nothing is sent and the error is
    /// [`Error::is_invalid_input`]: the identity can no longer be had, and
    /// [`Client::status`] still reads how the flow ended.
    pub async fn status_within_window(
        &self,
        transaction_id: &str,
        merchant_reference: &str,
        returned_at: Instant,
    ) -> Result<WindowedStatus> {
        let clock = self.service.clock();
        let end = window::window_end(returned_at, clock.now()).ok_or_else(|| {
            Error::invalid_input(PROVIDER, "the end of the window cannot be represented")
        })?;
        let mut reads = 0u32;
        let mut last = None;
        loop {
            let remaining = end.saturating_duration_since(clock.now());
            if remaining.is_zero() {
                // Only before the first read: later, a wait never reaches the end
                // (unless a real sleep overran it, and then the last answer stands).
                return match last {
                    Some(response) => Ok(WindowedStatus::new(response, reads, true)),
                    None => Err(Error::invalid_input(
                        PROVIDER,
                        format!(
                            "the {} s window after the user's return has closed: CM no \
                             longer hands out the identity (nothing was sent; \
                             Client::status still reads how the flow ended)",
                            RETURN_WINDOW.as_secs()
                        ),
                    )),
                };
            }
            let response = self
                .status_with_deadline(transaction_id, merchant_reference, remaining)
                .await?;
            reads = reads.saturating_add(1);
            if !window::ask_again(&response) {
                return Ok(WindowedStatus::new(response, reads, false));
            }
            // The next read would start after the wait: only if the window is still
            // open then.
            if end.saturating_duration_since(clock.now()) <= self.window_interval {
                return Ok(WindowedStatus::new(response, reads, true));
            }
            last = Some(response);
            clock.sleep(self.window_interval).await;
        }
    }

    /// The transport's clock (the directory cache measures age with it).
    pub(crate) fn clock(&self) -> Arc<dyn txstatus_core::Clock> {
        self.service.clock()
    }

    /// `POST {base}/directory`: the banks a user can choose, by country. Retried
    /// like a read: it creates nothing.
    pub async fn directory(&self) -> Result<Response<Vec<DirectoryCountry>>> {
        let spec = requests::directory(&self.merchant_token)?;
        self.service.execute(spec).await?.decode_json()
    }

    /// `POST {base}/transaction`: starts a flow; send the user to its
    /// `issuer_authentication_url` and keep its `merchant_reference`. Never resent
    /// once it may have reached CM (a retry could start a second flow).
    ///
    /// A success answer missing any of the three (`{}`, an error object under a
    /// 200), or holding one the next step cannot use (an id or reference with a
    /// control character, which [`Client::status`] refuses; an authentication
    /// URL that is not `https`, or `http` to a loopback host, or that holds
    /// anything but visible ASCII: a line break, a space), is not a started
    /// flow: it is a decode error naming the first such field, keeping the body
    /// and saying the write was accepted ([`Error::write_was_accepted`]).
    pub async fn create_transaction(
        &self,
        transaction: &NewTransaction,
    ) -> Result<Response<CreatedTransaction>> {
        let spec = requests::create_transaction(&self.merchant_token, transaction)?;
        let response: Response<CreatedTransaction> =
            self.service.execute(spec).await?.decode_json()?;
        let missing = unusable_created_field(response.value());
        let path = missing.unwrap_or(".");
        let what = format!("usable `{path}`: no flow can continue");
        written(PROVIDER, response, missing.is_none(), path, &what)
    }
}

/// The first field of a create answer the flow cannot continue with: absent,
/// blank, an id or reference [`Client::status`] would refuse, or an
/// authentication URL a browser should not be sent to (not `https`, or `http` to
/// a loopback host: the base URL's rule, as for a sandbox; or holding anything
/// but visible ASCII, such as a line break, so its text is not what was checked).
fn unusable_created_field(created: &CreatedTransaction) -> Option<&'static str> {
    let usable_text = |value: Option<&str>| {
        value.is_some_and(|value| crate::transaction::check_text("", value).is_ok())
    };
    let usable_url = |url: Option<&str>| {
        url.is_some_and(|url| txstatus_core::provider::is_browser_url(PROVIDER, url))
    };
    if !usable_text(created.transaction_id.as_deref()) {
        Some("transaction_id")
    } else if !usable_url(
        created
            .issuer_authentication_url
            .as_ref()
            .map(|url| url.expose().as_str()),
    ) {
        Some("issuer_authentication_url")
    } else if !usable_text(created.merchant_reference.as_deref()) {
        Some("merchant_reference")
    } else {
        None
    }
}

/// Per-call options ([`CallOptions`](txstatus_core::CallOptions)) for this client.
impl txstatus_core::WithCallOptions for Client {
    fn service_mut(&mut self) -> &mut Service {
        &mut self.service
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::StatusHandle;

    fn assert_send_sync_clone<T: Send + Sync + Clone + 'static>() {}

    #[test]
    fn clients_builders_and_handles_are_send_sync_and_clone() {
        assert_send_sync_clone::<Client>();
        assert_send_sync_clone::<ClientBuilder>();
        assert_send_sync_clone::<StatusHandle>();
    }

    #[test]
    fn the_default_base_url_is_cms_production_api() {
        let client = Client::builder("token").build().unwrap();
        assert_eq!(client.base_url().as_str(), "https://api.cm.com/idin/v1.0");
    }

    #[test]
    fn an_empty_token_or_plain_http_is_refused() {
        assert!(Client::builder("").build().unwrap_err().is_invalid_input());
        let error = Client::builder("token")
            .base_url("http://api.cm.com/idin/v1.0")
            .build()
            .unwrap_err();
        assert!(error.is_invalid_input());
    }
}
