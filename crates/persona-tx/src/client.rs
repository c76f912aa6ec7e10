//! The Persona client and its builder.

use std::{fmt, sync::Arc};

use secrecy::SecretString;
use txstatus_core::provider::{
    BearerToken, RedactedDebug, RequestSpec, Service, ServiceBuilder, header::HeaderValue,
};
use txstatus_core::{
    ClientOptions, Download, Error, FileRef, NormalizedStatus, Response, Result, TxStatus,
};

use crate::{
    DEFAULT_BASE_URL, DEFAULT_FILE_ORIGIN, DEFAULT_PERSONA_VERSION, PROVIDER, files::FileEndpoint,
    model::Transaction, options::RetrieveOptions, status::StatusTable,
};

/// Configures a [`Client`]: API key, base URL, `Persona-Version`, extra status
/// mappings and the transport options of [`ClientOptions`].
#[derive(Clone)]
pub struct ClientBuilder {
    api_key: SecretString,
    service: ServiceBuilder,
    persona_version: String,
    statuses: StatusTable,
    status_options: RetrieveOptions,
    file_origin: String,
    download_limit: usize,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        RedactedDebug::new(f, "ClientBuilder")
            .secret("api_key")
            .field("service", &self.service)
            .field("persona_version", &self.persona_version)
            .field("extra_status_mappings", &self.statuses.len())
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
    /// A builder from `PERSONA_API_KEY` (required) and `PERSONA_BASE_URL`
    /// (optional), the variables the CLI documents. A missing key is an
    /// invalid-input error naming the variable.
    pub fn from_env() -> Result<Self> {
        let builder = Client::builder(txstatus_core::provider::env_secret(
            PROVIDER,
            "PERSONA_API_KEY",
        )?);
        Ok(
            match txstatus_core::provider::env_optional("PERSONA_BASE_URL") {
                Some(url) => builder.base_url(url),
                None => builder,
            },
        )
    }

    /// Sets the `Persona-Version` header (default [`DEFAULT_PERSONA_VERSION`]). The
    /// models follow `2025-12-08`; other versions decode as far as they agree.
    pub fn persona_version(mut self, version: impl Into<String>) -> Self {
        self.persona_version = version.into();
        self
    }

    /// Maps one more raw status (or overrides a default one). Matching is
    /// case-insensitive with `-`, `_` and space treated alike.
    pub fn status_mapping(mut self, raw: impl AsRef<str>, status: NormalizedStatus) -> Self {
        self.statuses.insert(raw.as_ref(), status);
        self
    }

    /// The `include` / `fields` options the [`txstatus_core::StatusSource`] view sends
    /// (default: none, Persona's default `include`).
    pub fn status_options(mut self, options: RetrieveOptions) -> Self {
        self.status_options = options;
        self
    }

    /// The origin file URLs must be under (default
    /// [`DEFAULT_FILE_ORIGIN`](crate::DEFAULT_FILE_ORIGIN)); tests point it at loopback.
    pub fn file_origin(mut self, origin: impl Into<String>) -> Self {
        self.file_origin = origin.into();
        self
    }

    /// Largest file [`Client::download`] accepts (default 25 MiB,
    /// [`DEFAULT_DOWNLOAD_LIMIT`](txstatus_core::DEFAULT_DOWNLOAD_LIMIT)).
    pub fn download_limit(mut self, bytes: usize) -> Self {
        self.download_limit = bytes;
        self
    }

    /// Builds the client. Fails, before any request, on an empty API key, a key or
    /// version a header cannot carry, or a base URL that is not HTTPS (plain HTTP
    /// only to loopback hosts).
    pub fn build(self) -> Result<Client> {
        let bearer = BearerToken::new(PROVIDER, &self.api_key)?;
        let version = self.persona_version.trim();
        if version.is_empty() {
            return Err(Error::invalid_input(
                PROVIDER,
                "the Persona-Version is empty",
            ));
        }
        let version = HeaderValue::from_str(version).map_err(|_| {
            Error::invalid_input(PROVIDER, "the Persona-Version cannot be sent as a header")
        })?;
        self.status_options.check()?;
        let service = self.service.build()?;
        let files = FileEndpoint {
            service: ServiceBuilder::new(PROVIDER, None)
                .base_url(self.file_origin)
                .transport(service.transport().clone())
                .build()?,
            limit: self.download_limit,
        };
        let service = service.with_auth(Arc::new(bearer));
        Ok(Client {
            inner: Arc::new(Inner {
                service,
                version,
                statuses: self.statuses,
                status_options: self.status_options,
                files,
            }),
        })
    }
}

/// A Persona client. Cheap to clone; clones share the connection pool and the
/// client-side rate limit.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Clone)]
struct Inner {
    service: Service,
    version: HeaderValue,
    statuses: StatusTable,
    status_options: RetrieveOptions,
    files: FileEndpoint,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("service", &self.inner.service)
            .field("persona_version", &self.inner.version)
            .field("extra_status_mappings", &self.inner.statuses.len())
            .field("download_limit", &self.inner.files.limit)
            .finish()
    }
}

impl Client {
    /// A builder with the API key (sent as `Authorization: Bearer <key>`).
    ///
    /// ```
    /// use persona_tx::{Client, ClientOptions};
    /// use std::time::Duration;
    ///
    /// # fn main() -> txstatus_core::Result<()> {
    /// let api_key = std::env::var("PERSONA_API_KEY").unwrap_or_else(|_| "unset".into());
    /// let client = Client::builder(api_key)
    ///     .configure_transport(|t| t.deadline(Duration::from_secs(20)))
    ///     .build()?;
    /// # let _ = client;
    /// # Ok(())
    /// # }
    /// ```
    pub fn builder(api_key: impl Into<SecretString>) -> ClientBuilder {
        ClientBuilder {
            api_key: api_key.into(),
            service: ServiceBuilder::new(PROVIDER, Some(DEFAULT_BASE_URL))
                .error_messages(crate::model::error_body::error_message),
            persona_version: DEFAULT_PERSONA_VERSION.to_owned(),
            statuses: StatusTable::default(),
            status_options: RetrieveOptions::default(),
            file_origin: DEFAULT_FILE_ORIGIN.to_owned(),
            download_limit: txstatus_core::DEFAULT_DOWNLOAD_LIMIT,
        }
    }

    /// Downloads a file: a `file` field value (`FileValue`) or
    /// its URL as text. Refused before any I/O unless it is under the file origin;
    /// the API key is never sent there; the URL is never logged or shown in errors;
    /// the body is capped (25 MiB by default, [`ClientBuilder::download_limit`]).
    pub async fn download<F: FileRef + ?Sized>(&self, file: &F) -> Result<Response<Download>> {
        self.inner
            .files
            .download(file, self.inner.files.limit)
            .await
    }

    /// [`Client::download`] with its own cap in bytes.
    pub async fn download_with_limit<F: FileRef + ?Sized>(
        &self,
        file: &F,
        limit: usize,
    ) -> Result<Response<Download>> {
        self.inner.files.download(file, limit).await
    }

    /// The largest file [`Client::download`] accepts, in bytes.
    pub fn download_limit(&self) -> usize {
        self.inner.files.limit
    }

    /// The options the [`txstatus_core::StatusSource`] view sends.
    pub fn status_options(&self) -> &RetrieveOptions {
        &self.inner.status_options
    }

    /// The description of `GET {base}/transactions/{id}` with `options`, as
    /// [`Client::transaction_with`] sends it.
    pub(crate) fn transaction_request(&self, id: &str, options: &RetrieveOptions) -> RequestSpec {
        crate::requests::retrieve_transaction(&self.inner.version, id, options)
    }

    /// Retrieves a transaction with Persona's default `include` and fields.
    ///
    /// An answer whose `data.id` names another transaction (a proxy or cache
    /// answering for another request) is a decode error at `data.id` that keeps
    /// the body; one without a `data.id` is taken as it is.
    ///
    /// ```
    /// use persona_tx::{Client, ClientOptions};
    /// # use txstatus_sandbox::{Sandbox, ids};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let sandbox = Sandbox::start().await?;
    /// # let (api_key, base_url) = (sandbox.credentials().persona_api_key.clone(), sandbox.persona_base_url());
    /// let client = Client::builder(api_key).base_url(base_url).build()?;
    /// match client.transaction(ids::persona::COMPLETED).await {
    ///     Ok(response) => println!("{}", response.value().raw_status()),
    ///     Err(error) => eprintln!("{error} (HTTP {:?})", error.status()),
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn transaction(&self, id: &str) -> Result<Response<Transaction>> {
        // The spec is built before the `.await`, not through `transaction_with`:
        // no options and no second future layer kept across it.
        let spec = self.transaction_request(id, &RetrieveOptions::new());
        about_transaction(self.inner.service.execute(spec).await?.decode_json()?, id)
    }

    /// Retrieves a transaction with `include` and sparse fieldsets.
    ///
    /// Errors keep Persona's body; [`txstatus_core::Error::message`] is its
    /// `errors[0].title` (with `details` when present), and
    /// [`ErrorBody::from_error`](crate::model::ErrorBody::from_error) decodes it.
    pub async fn transaction_with(
        &self,
        id: &str,
        options: &RetrieveOptions,
    ) -> Result<Response<Transaction>> {
        options.check()?;
        let spec = self.transaction_request(id, options);
        about_transaction(self.inner.service.execute(spec).await?.decode_json()?, id)
    }

    /// Maps a raw Persona status with the default table and this client's own
    /// mappings.
    pub fn status_of(&self, raw: &str) -> TxStatus {
        TxStatus::new(self.inner.statuses.normalize(raw), raw)
    }

    /// The `Persona-Version` this client sends.
    pub fn persona_version(&self) -> &str {
        self.inner.version.to_str().unwrap_or_default()
    }

    /// The `Persona-Version` header value (validated when the client was built).
    pub(crate) fn version_header(&self) -> &HeaderValue {
        &self.inner.version
    }

    /// The base URL this client sends to.
    pub fn base_url(&self) -> &txstatus_core::Url {
        self.inner.service.base_url()
    }

    /// The endpoint this client sends to (base URL, transport): the provider
    /// surface, for this crate's calls only.
    pub(crate) fn service(&self) -> &Service {
        &self.inner.service
    }
}

/// The answer of a read of transaction `id`, unless its `data.id` names another
/// one ([`about_asked`](txstatus_core::provider::about_asked)).
fn about_transaction(response: Response<Transaction>, id: &str) -> Result<Response<Transaction>> {
    if crate::names_another_type(&response.value().data.kind, "transaction") {
        return Err(txstatus_core::Error::decode(
            crate::PROVIDER,
            response.status(),
            "data.type",
            "the answer is an object of another type than transaction".to_owned(),
            response.raw().clone(),
        ));
    }
    txstatus_core::provider::about_asked(
        crate::PROVIDER,
        crate::ID_CASE,
        response,
        id,
        ("data.id", "transaction"),
        |transaction| Some(transaction.data.id.as_str()),
    )
}

/// Per-call options ([`CallOptions`](txstatus_core::CallOptions)) for this client.
impl txstatus_core::WithCallOptions for Client {
    fn service_mut(&mut self) -> &mut Service {
        &mut std::sync::Arc::make_mut(&mut self.inner).service
    }

    /// The view's options reach file downloads too: they go through an
    /// endpoint of their own (the file origin, without the API key).
    fn with_options(&self, options: txstatus_core::CallOptions) -> Self {
        let mut view = self.clone();
        let inner = std::sync::Arc::make_mut(&mut view.inner);
        inner.files.service = inner.files.service.with_options(options.clone());
        inner.service = inner.service.with_options(options);
        view
    }
}
