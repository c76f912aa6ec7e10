//! The ID Scan client and its builder.

use std::{fmt, sync::Arc, time::Duration};

use txstatus_core::{
    ClientOptions, DEFAULT_DOWNLOAD_LIMIT, Download, Error, FileKind, FileRef, Response, Result,
    SecretString,
    provider::{
        RedactedDebug, Service, ServiceBuilder, env_optional, env_required, env_secret,
        is_usable_id, written,
    },
};

use crate::{
    CreateTransaction, CreatedTransaction, DEFAULT_BASE_URL, PROVIDER, Transaction,
    TransactionResult, WebhookSubscription, WebhookSubscriptionRequest, auth::JwtAuth,
};

/// Default lifetime of each signed token (the documentation's example).
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(60);

/// A CM.com ID Scan client. Cheap to clone; clones share the connection pool and
/// rate limit. `Debug` never shows the key secret.
#[derive(Clone)]
pub struct Client {
    service: Service,
    download_limit: usize,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("service", &self.service)
            .field("download_limit", &self.download_limit)
            .finish()
    }
}

impl Client {
    /// A builder with the API key id and key secret.
    ///
    /// ```
    /// use cm_idscan::{Client, ClientOptions, SecretString};
    /// use std::time::Duration;
    ///
    /// # fn main() -> txstatus_core::Result<()> {
    /// let secret = SecretString::from(std::env::var("CM_IDSCAN_SECRET").unwrap_or_else(|_| "unset".into()));
    /// let client = Client::builder("key-id", secret)
    ///     .configure_transport(|t| t.deadline(Duration::from_secs(20)))
    ///     .build()?;
    /// println!("requests go to {}", client.base_url());
    /// # Ok(())
    /// # }
    /// ```
    pub fn builder(
        key_id: impl Into<String>,
        key_secret: impl Into<SecretString>,
    ) -> ClientBuilder {
        ClientBuilder {
            service: ServiceBuilder::new(PROVIDER, Some(DEFAULT_BASE_URL))
                .error_messages(crate::model::error_body::error_message),
            key_id: key_id.into(),
            key_secret: key_secret.into(),
            token_lifetime: DEFAULT_TOKEN_LIFETIME,
            download_limit: DEFAULT_DOWNLOAD_LIMIT,
        }
    }

    /// The base URL in use.
    pub fn base_url(&self) -> &txstatus_core::Url {
        self.service.base_url()
    }

    /// The largest file [`Client::download`] accepts, in bytes.
    pub fn download_limit(&self) -> usize {
        self.download_limit
    }

    /// `GET {base}/transactions/{id}`: the transaction's state, tasks and, while
    /// it is pending and not expired, its document files. An answer whose `id`
    /// names another transaction (a proxy or cache answering for another
    /// request) is a decode error at `id` that keeps the body; ids are UUIDs,
    /// compared ignoring ASCII case, and a blank `id` is taken as it is.
    ///
    /// ```
    /// use cm_idscan::{Client, ClientOptions, SecretString};
    /// # use txstatus_sandbox::{Sandbox, ids};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let sandbox = Sandbox::start().await?;
    /// # let c = sandbox.credentials();
    /// # let (key_id, secret, base_url) = (c.idscan_key_id.clone(), SecretString::from(c.idscan_secret.clone()), sandbox.idscan_base_url());
    /// let client = Client::builder(key_id, secret).base_url(base_url).build()?;
    /// let details = client.transaction(ids::idscan::COMPLETED).await?;
    /// println!("{} is {}", details.value().id, details.value().status());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn transaction(&self, id: &str) -> Result<Response<Transaction>> {
        let spec = crate::requests::transaction(id);
        let response = self.service.execute(spec).await?.decode_json()?;
        txstatus_core::provider::about_asked(
            crate::PROVIDER,
            crate::ID_CASE,
            response,
            id,
            ("id", "transaction"),
            |transaction: &Transaction| Some(transaction.id.as_str()),
        )
    }

    /// `GET {base}/transactions/{id}/results/{result_id}`: the extracted fields
    /// and files. The result id reaches you through the iframe event or the
    /// webhook, not through [`Client::transaction`]. An answer whose `id` names
    /// another transaction is a decode error, as for [`Client::transaction`].
    pub async fn transaction_result(
        &self,
        id: &str,
        result_id: &str,
    ) -> Result<Response<TransactionResult>> {
        let spec = crate::requests::transaction_result(id, result_id);
        let response = self.service.execute(spec).await?.decode_json()?;
        txstatus_core::provider::about_asked(
            crate::PROVIDER,
            crate::ID_CASE,
            response,
            id,
            ("id", "transaction"),
            |result: &TransactionResult| Some(result.id.as_str()),
        )
    }

    /// `POST {base}/transactions`: starts a flow and returns the iframe `url`.
    ///
    /// Never resent once it may have reached CM; such an error has
    /// [`may_have_been_sent`](Error::may_have_been_sent) `true`, and the crate
    /// docs say how to recover. A 2xx answer whose `id` is empty, blank or not
    /// usable as an id, or whose iframe `url` is absent or not one to send a
    /// browser to (`https`, or `http` to a loopback host), or which lists `tasks`
    /// without one asked for, is a decode error that keeps the body and says the
    /// write may have been carried out ([`Error::write_was_accepted`]), never a
    /// success.
    pub async fn create_transaction(
        &self,
        request: &CreateTransaction,
    ) -> Result<Response<CreatedTransaction>> {
        let spec = crate::requests::create_transaction(request)?;
        let response = self
            .service
            .execute(spec)
            .await?
            .decode_json::<CreatedTransaction>()?;
        let created = response.value();
        let (usable, path, what) = if !is_usable_id(&created.id) {
            (false, "id", "usable id")
        } else if !created
            .url
            .as_ref()
            .is_some_and(|url| txstatus_core::provider::is_browser_url(PROVIDER, url.expose()))
        {
            (false, "url", "usable iframe `url`: no flow can continue")
        } else if !lists_all(&created.tasks, &request.tasks) {
            (false, "tasks", "task asked for among the listed `tasks`")
        } else {
            (true, ".", "")
        };
        written(PROVIDER, response, usable, path, what)
    }

    /// `POST {base}/webhooks`: subscribes an `https` URL to events, with the
    /// secret custom header CM sends back on each delivery (a blank value is
    /// refused before any I/O). Never resent; a 2xx answer without a usable `id`,
    /// naming another `url`, or listing `events` without one asked for is a
    /// decode error, as for [`Client::create_transaction`].
    pub async fn subscribe_webhook(
        &self,
        request: &WebhookSubscriptionRequest,
    ) -> Result<Response<WebhookSubscription>> {
        let spec = crate::requests::subscribe_webhook(request)?;
        let response = self
            .service
            .execute(spec)
            .await?
            .decode_json::<WebhookSubscription>()?;
        let subscription = response.value();
        let (usable, path, what) = if !is_usable_id(&subscription.id) {
            (false, "id", "usable id")
        } else if subscription
            .url
            .as_deref()
            .is_some_and(|url| !same_url(url, &request.url))
        {
            (false, "url", "`url` equal to the one asked")
        } else if !lists_all(&subscription.events, &request.events) {
            (false, "events", "event asked for among the listed `events`")
        } else {
            (true, ".", "")
        };
        written(PROVIDER, response, usable, path, what)
    }

    /// Answers an authenticated webhook delivery: its `resultId`, when it has
    /// one usable as an id ([`Delivery::result_id`](crate::Delivery::result_id)),
    /// goes straight to [`Client::transaction_result`]; otherwise (none, or an
    /// empty, blank or hostile one) the transaction is re-read (`Ok(None)` then
    /// means no result yet).
    pub async fn result_for_delivery(
        &self,
        delivery: &crate::Delivery,
    ) -> Result<Option<Response<TransactionResult>>> {
        match delivery.result_id() {
            Some(result_id) => self
                .transaction_result(&delivery.transaction.id, result_id)
                .await
                .map(Some),
            None => self
                .transaction(&delivery.transaction.id)
                .await
                .map(|_| None),
        }
    }

    /// Downloads a file: a [`ScanFile`](crate::ScanFile) of a transaction or
    /// result, or a download URL from a response as text, up to the client's cap
    /// (25 MiB by default, see [`ClientBuilder::download_limit`]). Files are listed
    /// only while the transaction is pending and not expired (details) or in the
    /// result.
    ///
    /// The URL must use the API base's scheme, host and port and lie under the
    /// base path's `/downloads/`; anything else is refused with an invalid-input
    /// error before any I/O, so the bearer token never leaves for another place.
    /// Downloads are idempotent and retried like every read. An answer that is
    /// not a file (an HTML page, JSON, text or XML, by `Content-Type`; without one
    /// or as an octet stream, an HTML or JSON document; under any type, a whole
    /// JSON object or array or an XML document whose root is `Error`, which no
    /// image or video opens with; no bytes at all) is a decode error that keeps
    /// the body.
    pub async fn download<F: FileRef + ?Sized>(&self, file: &F) -> Result<Response<Download>> {
        self.download_with_limit(file, self.download_limit).await
    }

    /// [`Client::download`] with its own cap in bytes.
    pub async fn download_with_limit<F: FileRef + ?Sized>(
        &self,
        file: &F,
        limit: usize,
    ) -> Result<Response<Download>> {
        let url = file
            .file_location()
            .ok_or_else(|| Error::invalid_input(PROVIDER, "the file has no url"))?;
        let spec = crate::requests::download(self.service.base_url(), url, limit)?;
        Download::from_file_answer(self.service.execute(spec).await?, FileKind::Any)
    }
}

/// Whether an answer's list holds everything asked for; an empty (or absent)
/// list states nothing and is taken as it is. A list without something asked
/// for is about another write: a task the customer is never asked for, an event
/// never delivered.
fn lists_all<T: PartialEq>(listed: &[T], asked: &[T]) -> bool {
    listed.is_empty() || asked.iter().all(|item| listed.contains(item))
}

/// Whether two URLs are the same once parsed (host case, a default port, an
/// empty path written as `/`); an answer's URL that does not parse is another.
fn same_url(answered: &str, asked: &str) -> bool {
    match (
        txstatus_core::Url::parse(answered),
        txstatus_core::Url::parse(asked),
    ) {
        (Ok(answered), Ok(asked)) => answered == asked,
        _ => false,
    }
}

/// Configures a [`Client`]; transport options come from [`ClientOptions`].
#[derive(Clone)]
pub struct ClientBuilder {
    service: ServiceBuilder,
    key_id: String,
    key_secret: SecretString,
    token_lifetime: Duration,
    download_limit: usize,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        RedactedDebug::new(f, "ClientBuilder")
            .field("service", &self.service)
            .field("key_id", &self.key_id)
            .secret("key_secret")
            .field("token_lifetime", &self.token_lifetime)
            .field("download_limit", &self.download_limit)
            .finish()
    }
}

impl ClientOptions for ClientBuilder {
    fn service_builder_mut(&mut self) -> &mut ServiceBuilder {
        &mut self.service
    }
}

impl ClientBuilder {
    /// A builder from `CM_IDSCAN_KEY_ID`, `CM_IDSCAN_SECRET` (required) and
    /// `CM_IDSCAN_BASE_URL` (optional), the variables the CLI documents. A missing
    /// one is an invalid-input error naming the variable.
    pub fn from_env() -> Result<Self> {
        let builder = Client::builder(
            env_required(PROVIDER, "CM_IDSCAN_KEY_ID")?,
            env_secret(PROVIDER, "CM_IDSCAN_SECRET")?,
        );
        Ok(match env_optional("CM_IDSCAN_BASE_URL") {
            Some(url) => builder.base_url(url),
            None => builder,
        })
    }

    /// How long each signed token is valid (default 60 s; at least 1 s, whole
    /// seconds). `nbf` is always 30 s before issue.
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime;
        self
    }

    /// Largest file [`Client::download`] accepts (default 25 MiB).
    pub fn download_limit(mut self, bytes: usize) -> Self {
        self.download_limit = bytes;
        self
    }

    /// Checks the base URL and credentials and builds the client.
    pub fn build(self) -> Result<Client> {
        let clock = self.service.clock();
        let auth = JwtAuth::new(self.key_id, self.key_secret, self.token_lifetime, clock)?;
        let service = self.service.build()?.with_auth(Arc::new(auth));
        Ok(Client {
            service,
            download_limit: self.download_limit,
        })
    }
}

/// Per-call options ([`CallOptions`](txstatus_core::CallOptions)) for this client.
impl txstatus_core::WithCallOptions for Client {
    fn service_mut(&mut self) -> &mut Service {
        &mut self.service
    }
}
