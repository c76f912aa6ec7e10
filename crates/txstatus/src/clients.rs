//! How each provider's client is built from the environment (the names in
//! `providers::var`) and the flags: `get`, `watch`, `list`, `events`, `erase` and
//! `listen` all build their clients here.

use std::sync::Arc;

use txstatus_core::{ClientOptions, RateLimiter, StatusSource};

use crate::{cli::Target, env, failure::Failure, idin, providers::var};

/// The shared view, plus the clients of commands that need more than it.
pub struct Built {
    /// The provider client behind the shared view (iDIN's behind [`idin::Guard`]).
    pub source: Box<dyn StatusSource>,
    /// The ID Scan client itself, for `get cm-idscan --result`.
    pub idscan: Option<cm_idscan::Client>,
    /// The OneSpan client itself, for `get onespan --outcome`.
    pub onespan: Option<onespan_tx::Client>,
}

impl Built {
    fn source(source: Box<dyn StatusSource>) -> Self {
        Self {
            source,
            idscan: None,
            onespan: None,
        }
    }
}

fn with_base<B: ClientOptions>(builder: B, base: Option<String>) -> B {
    match base {
        Some(base) => builder.base_url(base),
        None => builder,
    }
}

/// The client-side rate limit a command was given (`watch --rate-limit`), if any.
pub type Limiter<'a> = Option<&'a Arc<dyn RateLimiter>>;

fn with_limiter<B: ClientOptions>(builder: B, limiter: Limiter<'_>) -> B {
    match limiter {
        Some(limiter) => builder.rate_limiter(limiter.clone()),
        None => builder,
    }
}

/// A Persona client builder from `--base-url`/`PERSONA_BASE_URL` (else Persona's
/// own host) and `PERSONA_API_KEY`.
pub fn persona_builder(base_url: Option<&str>) -> Result<persona_tx::ClientBuilder, Failure> {
    let key = env::secret(var::PERSONA_API_KEY)?;
    Ok(with_base(
        persona_tx::Client::builder(key),
        env::base_url(base_url, var::PERSONA_BASE_URL),
    ))
}

/// The ID Scan client from `--base-url`/`CM_IDSCAN_BASE_URL`, `CM_IDSCAN_KEY_ID`
/// and `CM_IDSCAN_SECRET`.
pub fn idscan_client(base_url: Option<&str>) -> Result<cm_idscan::Client, Failure> {
    idscan_client_limited(base_url, None)
}

fn idscan_client_limited(
    base_url: Option<&str>,
    limiter: Limiter<'_>,
) -> Result<cm_idscan::Client, Failure> {
    let key_id = env::required(var::CM_IDSCAN_KEY_ID)?;
    let secret = env::secret(var::CM_IDSCAN_SECRET)?;
    let builder = with_base(
        with_limiter(cm_idscan::Client::builder(key_id, secret), limiter),
        env::base_url(base_url, var::CM_IDSCAN_BASE_URL),
    );
    Ok(builder.build()?)
}

/// The Checkout client from `--base-url`/`CM_CHECKOUT_BASE_URL`,
/// `CM_CHECKOUT_CLIENT_ID` and `CM_CHECKOUT_CLIENT_SECRET`.
pub fn checkout_client(base_url: Option<&str>) -> Result<cm_checkout::Client, Failure> {
    checkout_client_limited(base_url, None)
}

fn checkout_client_limited(
    base_url: Option<&str>,
    limiter: Limiter<'_>,
) -> Result<cm_checkout::Client, Failure> {
    let id = env::required(var::CM_CHECKOUT_CLIENT_ID)?;
    let secret = env::secret(var::CM_CHECKOUT_CLIENT_SECRET)?;
    let builder = with_base(
        with_limiter(cm_checkout::Client::builder(id, secret), limiter),
        env::base_url(base_url, var::CM_CHECKOUT_BASE_URL),
    );
    Ok(builder.build()?)
}

/// The OneSpan client from `--base-url`/`ONESPAN_BASE_URL` (required: OneSpan has
/// no default host), `ONESPAN_TOKEN` and the optional `ONESPAN_TENANT`.
pub fn onespan_client(
    base_url: Option<&str>,
    with_verifications: bool,
) -> Result<onespan_tx::Client, Failure> {
    onespan_client_limited(base_url, with_verifications, None)
}

fn onespan_client_limited(
    base_url: Option<&str>,
    with_verifications: bool,
    limiter: Limiter<'_>,
) -> Result<onespan_tx::Client, Failure> {
    let token = env::secret(var::ONESPAN_TOKEN)?;
    let Some(base) = env::base_url(base_url, var::ONESPAN_BASE_URL) else {
        return Err(Failure::usage(format!(
            "onespan has no default host: pass --base-url URL or set {}",
            var::ONESPAN_BASE_URL
        )));
    };
    let mut builder = with_limiter(onespan_tx::Client::builder(token), limiter)
        .base_url(base)
        .status_with_verifications(with_verifications);
    if let Some(tenant) = env::optional(var::ONESPAN_TENANT) {
        builder = builder.tenant(tenant);
    }
    Ok(builder.build()?)
}

/// `get`/`watch persona`: `--include` narrows the relationships read.
pub fn persona(target: &Target, limiter: Limiter<'_>) -> Result<Built, Failure> {
    let mut builder = with_limiter(persona_builder(target.base_url.as_deref())?, limiter);
    if let Some(include) = &target.include {
        let paths: Vec<&str> = include
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let options = if paths.is_empty() {
            persona_tx::RetrieveOptions::new().include_nothing()
        } else {
            persona_tx::RetrieveOptions::new().include(paths)
        };
        builder = builder.status_options(options);
    }
    Ok(Built::source(Box::new(builder.build()?)))
}

/// `get`/`watch cm-idscan`; the client is kept for `--result`.
pub fn idscan(target: &Target, limiter: Limiter<'_>) -> Result<Built, Failure> {
    let client = idscan_client_limited(target.base_url.as_deref(), limiter)?;
    Ok(Built {
        source: Box::new(client.clone()),
        idscan: Some(client),
        onespan: None,
    })
}

/// `get`/`watch cm-idin`: behind the guard that keeps the one-time identity.
pub fn idin(target: &Target, limiter: Limiter<'_>) -> Result<Built, Failure> {
    let token = env::secret(var::CM_IDIN_MERCHANT_TOKEN)?;
    let builder = with_base(
        with_limiter(cm_idin::Client::builder(token), limiter),
        env::base_url(target.base_url.as_deref(), var::CM_IDIN_BASE_URL),
    );
    let reference = target.merchant_reference.clone().unwrap_or_default();
    Ok(Built::source(Box::new(idin::Guard::new(Box::new(
        builder.build()?.status_source(reference),
    )))))
}

/// `get`/`watch cm-checkout`.
pub fn checkout(target: &Target, limiter: Limiter<'_>) -> Result<Built, Failure> {
    let client = checkout_client_limited(target.base_url.as_deref(), limiter)?;
    Ok(Built::source(Box::new(client)))
}

/// `get`/`watch onespan`; the client is kept for `--outcome`.
pub fn onespan(target: &Target, limiter: Limiter<'_>) -> Result<Built, Failure> {
    let client = onespan_client_limited(
        target.base_url.as_deref(),
        target.with_verifications,
        limiter,
    )?;
    Ok(Built {
        source: Box::new(client.clone()),
        idscan: None,
        onespan: Some(client),
    })
}
