//! The Checkout client and its builder.

use std::{fmt, sync::Arc};

use txstatus_core::{
    ClientOptions, Error, ExposeSecret, Response, Result, SecretString, Url,
    provider::{
        CachedToken, Service, ServiceBuilder, env_optional, env_required, env_secret, is_usable_id,
        names_another, written,
    },
};

use crate::{
    CreateCheckout, DEFAULT_BASE_URL, ID_CASE, PROVIDER, Refund, RefundList, RefundRequest,
    Transaction, WebhookNotification, auth::ClientCredentials,
};

/// Whether the answer to a create names the Checkout asked for: a usable `id`;
/// the `amount`, `currency` (any case), `reference` and `merchantOrderReference`
/// (spaces around them aside) asked for, when it states them; if OPEN, a redirect a browser may be sent
/// to. An answer stating others is about another Checkout (a proxy or cache
/// answering for another request, a reused reference): never taken for this
/// one. `(ok, path, what is missing)` for [`written`].
fn created_as_asked(
    created: &Transaction,
    asked: &CreateCheckout,
) -> (bool, &'static str, &'static str) {
    if !created.id.as_deref().is_some_and(is_usable_id) {
        return (false, "id", "Checkout id");
    }
    if created
        .amount
        .is_some_and(|amount| amount.get() != asked.amount)
    {
        return (false, "amount", "amount equal to the one asked");
    }
    if created.currency.as_ref().is_some_and(|currency| {
        !currency
            .as_str()
            .trim()
            .eq_ignore_ascii_case(&asked.currency)
    }) {
        return (false, "currency", "currency equal to the one asked");
    }
    if created
        .reference
        .as_deref()
        .is_some_and(|reference| reference.trim() != asked.reference.trim())
    {
        return (false, "reference", "reference equal to the one asked");
    }
    if let (Some(stated), Some(asked)) = (
        created.merchant_order_reference.as_deref(),
        asked.merchant_order_reference.as_deref(),
    ) && stated.trim() != asked.trim()
    {
        return (
            false,
            "merchantOrderReference",
            "merchant order reference equal to the one asked",
        );
    }
    // An OPEN Checkout is paid at its redirect: without one a browser may be
    // sent to, no customer can pay it.
    if created.status == Some(crate::TransactionStatus::Open) && created.redirect_url().is_none() {
        return (
            false,
            "action.redirect.url",
            "redirect url a browser may be sent to (https): no customer can pay",
        );
    }
    (true, ".", "")
}

/// Whether a `Link` header value holds a link with the relation `next`
/// (`<...>; rel="next"`, `rel=next`, or `next` among several relations).
fn links_to_next(value: &str) -> bool {
    value.split(',').any(|link| {
        link.split(';').skip(1).any(|param| {
            param.split_once('=').is_some_and(|(name, relations)| {
                name.trim().eq_ignore_ascii_case("rel")
                    && relations
                        .trim()
                        .trim_matches('"')
                        .split_ascii_whitespace()
                        .any(|relation| relation.eq_ignore_ascii_case("next"))
            })
        })
    })
}

/// Configures a [`Client`]: credentials, base URL and transport options through
/// [`ClientOptions`]. `Debug` shows the client id, never the secret.
#[derive(Clone)]
pub struct ClientBuilder {
    service: ServiceBuilder,
    client_id: String,
    client_secret: SecretString,
}

impl ClientBuilder {
    /// A builder from `CM_CHECKOUT_CLIENT_ID`, `CM_CHECKOUT_CLIENT_SECRET`
    /// (required) and `CM_CHECKOUT_BASE_URL` (optional), the variables the CLI
    /// documents. A missing one is an invalid-input error naming the variable.
    pub fn from_env() -> Result<Self> {
        let builder = Client::builder(
            env_required(PROVIDER, "CM_CHECKOUT_CLIENT_ID")?,
            env_secret(PROVIDER, "CM_CHECKOUT_CLIENT_SECRET")?,
        );
        Ok(match env_optional("CM_CHECKOUT_BASE_URL") {
            Some(url) => builder.base_url(url),
            None => builder,
        })
    }

    /// Checks the credentials and builds the client. No request is sent: the first
    /// call fetches the token.
    pub fn build(self) -> Result<Client> {
        if self.client_id.trim().is_empty() {
            return Err(Error::invalid_input(PROVIDER, "the client id is empty"));
        }
        if self.client_secret.expose_secret().trim().is_empty() {
            return Err(Error::invalid_input(PROVIDER, "the client secret is empty"));
        }
        let unauthenticated = self.service.build()?;
        let credentials =
            ClientCredentials::new(unauthenticated.clone(), self.client_id, self.client_secret);
        let token = CachedToken::new(Arc::new(credentials), unauthenticated.clock())
            .with_provider(PROVIDER);
        Ok(Client {
            service: unauthenticated.with_auth(Arc::new(token)),
        })
    }
}

impl ClientOptions for ClientBuilder {
    fn service_builder_mut(&mut self) -> &mut ServiceBuilder {
        &mut self.service
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        txstatus_core::provider::RedactedDebug::new(f, "ClientBuilder")
            .field("service", &self.service)
            .field("client_id", &self.client_id)
            .secret("client_secret")
            .finish()
    }
}

/// A CM.com Payments Checkout client. Cheap to clone; clones share the token cache
/// and the connection pool.
#[derive(Clone)]
pub struct Client {
    service: Service,
}

impl Client {
    /// A builder with the OAuth2 client id and secret; the base URL defaults to
    /// [`DEFAULT_BASE_URL`].
    ///
    /// ```
    /// use cm_checkout::{Client, ClientOptions};
    ///
    /// # fn main() -> txstatus_core::Result<()> {
    /// let secret = std::env::var("CM_CHECKOUT_CLIENT_SECRET").unwrap_or_else(|_| "unset".into());
    /// let client = Client::builder("my-client-id", secret)
    ///     .configure_transport(|t| t.user_agent_suffix("shop/1.0"))
    ///     .build()?;
    /// println!("requests go to {}", client.base_url());
    /// # Ok(())
    /// # }
    /// ```
    pub fn builder(
        client_id: impl Into<String>,
        client_secret: impl Into<SecretString>,
    ) -> ClientBuilder {
        ClientBuilder {
            service: ServiceBuilder::new(PROVIDER, Some(DEFAULT_BASE_URL))
                .error_messages(crate::model::error_body::error_message),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &Url {
        self.service.base_url()
    }

    /// Reads a Checkout transaction:
    /// `GET {base}/paymentmethods/checkout/v1/transactions/{id}`.
    ///
    /// The id is validated before any request and sent as one path segment. An
    /// answer whose `id` names another transaction (a proxy or cache answering
    /// for another request) is a decode error at `id` that keeps the body; ids
    /// are UUIDs, compared ignoring ASCII case, and an answer without an `id`
    /// is taken as it is.
    ///
    /// ```
    /// use cm_checkout::{Client, ClientOptions};
    /// # use txstatus_sandbox::{Sandbox, ids};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let sandbox = Sandbox::start().await?;
    /// # let c = sandbox.credentials();
    /// # let (client_id, secret, base_url) = (c.checkout_client_id.clone(), c.checkout_client_secret.clone(), sandbox.checkout_base_url());
    /// let client = Client::builder(client_id, secret).base_url(base_url).build()?;
    /// // The first call fetches the OAuth token; later calls reuse it.
    /// let response = client.transaction(ids::checkout::SUCCESS).await?;
    /// println!("{:?}", response.value().status);
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
            |transaction: &Transaction| transaction.id.as_deref(),
        )
    }

    /// Starts a Checkout: `POST {base}/paymentmethods/checkout/v1/transactions`,
    /// validated first; the answer's [`Transaction::redirect_url`] is where the
    /// customer pays. Never resent once it may have reached CM. A success answer
    /// without the Checkout's `id`, or stating another `amount`, `currency`,
    /// `reference` or `merchantOrderReference` than asked (an answer about another Checkout), or OPEN
    /// without a [`Transaction::redirect_url`] (none, or not `https`), is a
    /// decode error at that member that keeps the body
    /// ([`Error::write_was_accepted`]): find the Checkout by its reference.
    pub async fn create_transaction(
        &self,
        request: &CreateCheckout,
    ) -> Result<Response<Transaction>> {
        let spec = crate::requests::create_transaction(request)?;
        let response: Response<Transaction> = self.service.execute(spec).await?.decode_json()?;
        let (named, path, what) = created_as_asked(response.value(), request);
        written(PROVIDER, response, named, path, what)
    }

    /// Refunds part or all of a payment:
    /// `POST {base}/paymentmethods/{method}/v1/transactions/{id}/refunds`.
    /// Never resent: on an error with `may_have_been_sent()`, list the refunds
    /// before asking again. A success answer without the refund's `id`, or
    /// stating another `amount` than asked, is a decode error at that member
    /// that keeps the body ([`Error::write_was_accepted`]), never a refund.
    pub async fn create_refund(
        &self,
        transaction_id: &str,
        method: &str,
        request: &RefundRequest,
    ) -> Result<Response<Refund>> {
        let spec = crate::requests::create_refund(transaction_id, method, request)?;
        let response: Response<Refund> = self.service.execute(spec).await?.decode_json()?;
        let refund = response.value();
        let (named, path, what) = if !refund.id.as_deref().is_some_and(is_usable_id) {
            (false, "id", "refund id")
        } else if names_another(ID_CASE, refund.transaction_id.as_deref(), transaction_id) {
            (
                false,
                "transactionId",
                "transaction id equal to the one refunded",
            )
        } else if refund
            .amount
            .is_some_and(|amount| amount.get() != request.amount)
        {
            (false, "amount", "amount equal to the one asked")
        } else {
            (true, ".", "")
        };
        written(PROVIDER, response, named, path, what)
    }

    /// Lists a transaction's refunds:
    /// `GET {base}/paymentmethods/{method}/v1/transactions/{id}/refunds`.
    ///
    /// Only the whole list is returned, since it is what a caller checks
    /// before asking for another refund: an answer that says there is more
    /// (a `Link` header with `rel="next"`, or the members [`RefundList`]
    /// names), lists one refund twice, or holds a refund naming another
    /// transaction (`transactionId`) is a decode error that keeps the body.
    pub async fn refunds(
        &self,
        transaction_id: &str,
        method: &str,
    ) -> Result<Response<RefundList>> {
        let spec = crate::requests::list_refunds(transaction_id, method);
        let raw = self.service.execute(spec).await?;
        let next_page = raw
            .headers()
            .get_all("link")
            .iter()
            .any(|value| links_to_next(&String::from_utf8_lossy(value.as_bytes())));
        if next_page {
            return Err(Error::decode(
                PROVIDER,
                raw.status(),
                ".",
                "the answer links to a next page of refunds: it is not the whole list",
                raw.body().clone(),
            ));
        }
        // An error body beside an empty list (`{"refunds": [], "error": ...}`) is
        // no "no refunds".
        if txstatus_core::provider::reads_as_error(raw.body().as_bytes()) {
            return Err(Error::decode(
                PROVIDER,
                raw.status(),
                ".",
                "the answer is an error body under a success status, not the list of refunds",
                raw.body().clone(),
            ));
        }
        let response: Response<RefundList> = raw.decode_json()?;
        let other = response.value().0.iter().position(|refund| {
            names_another(ID_CASE, refund.transaction_id.as_deref(), transaction_id)
        });
        match other {
            None => Ok(response),
            Some(index) => Err(Error::decode(
                PROVIDER,
                response.status(),
                format!("[{index}].transactionId"),
                "the list holds a refund of another transaction than the one asked about",
                response.raw().clone(),
            )),
        }
    }

    /// Answers a webhook notification by reading the transaction it names.
    ///
    /// The notification is unsigned, so nothing in it is trusted: only its
    /// transaction id is used, and the state comes from the API.
    pub async fn fetch_notified_transaction(
        &self,
        notification: &WebhookNotification,
    ) -> Result<Response<Transaction>> {
        self.transaction(notification.transaction_id()?).await
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
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
