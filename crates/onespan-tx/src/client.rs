//! The OneSpan client and its builder.

use std::{fmt, sync::Arc};

use secrecy::SecretString;
use txstatus_core::{
    ClientOptions, Error, Response, Result,
    provider::{BearerToken, RedactedDebug, Service, ServiceBuilder, header::HeaderValue},
};

use crate::{PROVIDER, model::Transaction, requests};

/// A OneSpan Identity Verification client. Cheap to clone; clones share the
/// connection pool and rate limit.
///
/// `Debug` never shows the token.
#[derive(Clone)]
pub struct Client {
    service: Service,
    tenant: Option<HeaderValue>,
    status_with_verifications: bool,
    download_limit: usize,
}

impl Client {
    /// A builder with the JWT OneSpan issued (sent as `Authorization: Bearer`).
    /// A base URL is required: see [`ClientOptions::base_url`].
    ///
    /// ```
    /// use onespan_tx::{Client, ClientOptions};
    ///
    /// # fn main() -> txstatus_core::Result<()> {
    /// let token = std::env::var("ONESPAN_TOKEN").unwrap_or_else(|_| "unset".into());
    /// let client = Client::builder(token)
    ///     .base_url("https://acme.example.invalid") // your tenant's host
    ///     .tenant("acme")
    ///     .build()?;
    /// # let _ = client;
    /// # Ok(())
    /// # }
    /// ```
    pub fn builder(token: impl Into<SecretString>) -> ClientBuilder {
        ClientBuilder {
            token: token.into(),
            tenant: None,
            status_with_verifications: false,
            download_limit: crate::DEFAULT_DOWNLOAD_LIMIT,
            service: ServiceBuilder::new(PROVIDER, None)
                .error_messages(crate::model::error_body::error_message),
        }
    }

    /// `GET {base}/api/transaction/{id}`: the transaction's status and metadata.
    ///
    /// ```
    /// use onespan_tx::{Client, ClientOptions};
    /// # use txstatus_sandbox::{Sandbox, ids};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let sandbox = Sandbox::start().await?;
    /// # let (token, base_url) = (sandbox.credentials().onespan_token.clone(), sandbox.onespan_base_url());
    /// let client = Client::builder(token).base_url(base_url).build()?;
    /// let response = client.transaction(ids::onespan::COMPLETED).await?;
    /// println!("{:?} (request id {:?})", response.value().status, response.request_id());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn transaction(&self, id: &str) -> Result<Response<Transaction>> {
        self.get_transaction(id, false).await
    }

    /// `GET {base}/api/transaction/{id}?withVerifications=true`: the same, with
    /// `verifications[]`.
    pub async fn transaction_with_verifications(&self, id: &str) -> Result<Response<Transaction>> {
        self.get_transaction(id, true).await
    }

    /// `GET {base}/api/transaction/{id}`, asking for `verifications[]` when
    /// `with_verifications` is true.
    pub(crate) async fn get_transaction(
        &self,
        id: &str,
        with_verifications: bool,
    ) -> Result<Response<Transaction>> {
        let spec = requests::get_transaction(id, with_verifications, self.tenant.as_ref());
        let response = self
            .service
            .execute(spec)
            .await?
            .decode_json::<Transaction>()?;
        txstatus_core::provider::about_asked(
            crate::PROVIDER,
            crate::ID_CASE,
            response,
            id,
            ("id", "transaction"),
            |transaction| transaction.id.as_deref(),
        )
    }

    /// Whether [`StatusSource`](txstatus_core::StatusSource) reports ask for
    /// verifications.
    pub fn status_with_verifications(&self) -> bool {
        self.status_with_verifications
    }

    /// The base URL (the tenant's host) this client sends to.
    pub fn base_url(&self) -> &txstatus_core::Url {
        self.service.base_url()
    }

    /// The endpoint this client talks to: the provider surface, for this
    /// crate's calls only.
    pub(crate) fn service(&self) -> &Service {
        &self.service
    }

    /// The largest image or PDF a download accepts, in bytes.
    pub fn download_limit(&self) -> usize {
        self.download_limit
    }

    pub(crate) fn tenant_header(&self) -> Option<&HeaderValue> {
        self.tenant.as_ref()
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("service", &self.service)
            .field("tenant", &self.tenant)
            .field("status_with_verifications", &self.status_with_verifications)
            .field("download_limit", &self.download_limit)
            .finish()
    }
}

/// Configures a [`Client`]; transport options come from [`ClientOptions`].
#[derive(Clone)]
pub struct ClientBuilder {
    token: SecretString,
    tenant: Option<String>,
    status_with_verifications: bool,
    download_limit: usize,
    service: ServiceBuilder,
}

impl ClientBuilder {
    /// A builder from `ONESPAN_TOKEN` and `ONESPAN_BASE_URL` (required: OneSpan
    /// has no shared host) and `ONESPAN_TENANT` (optional), the variables the CLI
    /// documents. A missing one is an invalid-input error naming the variable.
    pub fn from_env() -> Result<Self> {
        let builder = Client::builder(txstatus_core::provider::env_secret(
            PROVIDER,
            "ONESPAN_TOKEN",
        )?)
        .base_url(txstatus_core::provider::env_required(
            PROVIDER,
            "ONESPAN_BASE_URL",
        )?);
        Ok(
            match txstatus_core::provider::env_optional("ONESPAN_TENANT") {
                Some(tenant) => builder.tenant(tenant),
                None => builder,
            },
        )
    }

    /// Sends `X-Tenant: <tenant>` with every request (some tenants need it).
    pub fn tenant(mut self, tenant: impl Into<String>) -> Self {
        self.tenant = Some(tenant.into());
        self
    }

    /// Whether [`StatusSource::status_report`](txstatus_core::StatusSource::status_report)
    /// asks with `withVerifications=true` (default `false`), so the report's
    /// document carries `verifications[]`.
    pub fn status_with_verifications(mut self, yes: bool) -> Self {
        self.status_with_verifications = yes;
        self
    }

    /// The largest image or PDF a download accepts (default
    /// [`DEFAULT_DOWNLOAD_LIMIT`](crate::DEFAULT_DOWNLOAD_LIMIT)); a larger body is
    /// a `BodyTooLarge` error.
    pub fn download_limit(mut self, bytes: usize) -> Self {
        self.download_limit = bytes;
        self
    }

    /// Builds the client. Fails with an invalid-input error, before any request,
    /// when the base URL is missing or not HTTPS (plain HTTP only to loopback), the
    /// token is empty or cannot be a header, or the tenant cannot be a header.
    pub fn build(self) -> Result<Client> {
        let auth = BearerToken::new(PROVIDER, &self.token)?;
        let tenant = match self.tenant {
            None => None,
            Some(tenant) => Some(tenant_header(&tenant)?),
        };
        let service = self.service.build()?.with_auth(Arc::new(auth));
        Ok(Client {
            service,
            tenant,
            status_with_verifications: self.status_with_verifications,
            download_limit: self.download_limit,
        })
    }
}

fn tenant_header(tenant: &str) -> Result<HeaderValue> {
    let tenant = tenant.trim();
    if tenant.is_empty() {
        return Err(Error::invalid_input(PROVIDER, "the tenant is empty"));
    }
    HeaderValue::from_str(tenant).map_err(|_| {
        Error::invalid_input(
            PROVIDER,
            "the tenant holds characters a header cannot carry",
        )
    })
}

impl ClientOptions for ClientBuilder {
    fn service_builder_mut(&mut self) -> &mut ServiceBuilder {
        &mut self.service
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        RedactedDebug::new(f, "ClientBuilder")
            .secret("token")
            .field("tenant", &self.tenant)
            .field("status_with_verifications", &self.status_with_verifications)
            .field("download_limit", &self.download_limit)
            .field("service", &self.service)
            .finish()
    }
}

/// Per-call options ([`CallOptions`](txstatus_core::CallOptions)) for this client.
impl txstatus_core::WithCallOptions for Client {
    fn service_mut(&mut self) -> &mut Service {
        &mut self.service
    }
}
