//! The raw baseline: reqwest + `serde_json::from_slice` into the same typed model, with
//! the headers and auth Persona needs and the client settings txstatus-core uses.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue};

use crate::error::{BenchError, Context, Result};

/// A raw client for one Persona transaction URL.
#[derive(Clone, Debug)]
pub struct RawPersona {
    client: reqwest::Client,
    url: reqwest::Url,
    headers: HeaderMap,
}

impl RawPersona {
    /// A client for `GET {base_url}/transactions/{id}` with `api_key`.
    pub fn new(base_url: &str, id: &str, api_key: &str) -> Result<Self> {
        let url = reqwest::Url::parse(&format!("{base_url}/transactions/{id}"))
            .map_err(|e| BenchError::new(format!("bad URL: {e}")))?;
        let mut auth = HeaderValue::from_str(&format!("Bearer {api_key}"))
            .map_err(|e| BenchError::new(format!("bad API key: {e}")))?;
        auth.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, auth);
        headers.insert(
            HeaderName::from_static("key-inflection"),
            HeaderValue::from_static("kebab"),
        );
        headers.insert(
            HeaderName::from_static("persona-version"),
            HeaderValue::from_static(persona_tx::DEFAULT_PERSONA_VERSION),
        );
        Ok(Self {
            client: client()?,
            url,
            headers,
        })
    }

    /// One read: send, read the whole body, decode it into the typed model.
    pub async fn read(&self) -> Result<persona_tx::Transaction> {
        let (status, body) = self.fetch().await?;
        decode(status, body.as_ref())
    }

    /// [`RawPersona::read`] with the one rule of the SDK's that costs a timer: the
    /// send and the body read under `tokio::time::timeout(attempt_timeout)`, as
    /// txstatus-core bounds each attempt (the decode runs after the timer, as there).
    pub async fn read_with_deadline(
        &self,
        attempt_timeout: Duration,
    ) -> Result<persona_tx::Transaction> {
        let (status, body) = tokio::time::timeout(attempt_timeout, self.fetch())
            .await
            .map_err(|_| BenchError::new("raw read: attempt timed out"))??;
        decode(status, body.as_ref())
    }

    /// Sends and reads the whole body.
    async fn fetch(&self) -> Result<(reqwest::StatusCode, impl AsRef<[u8]> + use<>)> {
        let response = self
            .client
            .get(self.url.clone())
            .headers(self.headers.clone())
            .send()
            .await?;
        let status = response.status();
        Ok((status, response.bytes().await?))
    }
}

/// The typed model of a 2xx body.
fn decode(status: reqwest::StatusCode, body: &[u8]) -> Result<persona_tx::Transaction> {
    if !status.is_success() {
        return Err(BenchError::new(format!("raw read: HTTP {status}")));
    }
    Ok(serde_json::from_slice(body)?)
}

/// reqwest with rustls on ring (no roots needed: the sandbox is plain HTTP), no
/// redirects, no `Referer`, no retries, no proxy, `TCP_NODELAY`, a 5 s connect timeout:
/// the settings txstatus-core's transport uses.
fn client() -> Result<reqwest::Client> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| BenchError::new(format!("TLS setup: {e}")))?
        .with_root_certificates(rustls::RootCertStore::empty())
        .with_no_client_auth();
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .connect_timeout(Duration::from_secs(5))
        .redirect(reqwest::redirect::Policy::none())
        .referer(false)
        .retry(reqwest::retry::never())
        .http1_ignore_invalid_headers_in_responses(true)
        .http1_allow_obsolete_multiline_headers_in_responses(true)
        .user_agent("tx-bench-raw/0.1")
        .tcp_nodelay(true)
        .no_proxy()
        .build()
        .context("raw client")
}
