//! How each provider's client is built from the environment (the names in
//! `providers::var`) and the flags: `get`, `watch`, `list`, `events`, `erase`,
//! `listen` and `demo` all build their clients here.

use std::sync::Arc;

use txstatus_core::{ClientOptions, RateLimiter, StatusSource, Transport};

use crate::{
    cli::Target,
    env::{PROCESS, Vars},
    failure::Failure,
    idin,
    providers::var,
};

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

/// The client-side rate limit a command was given (`watch --rate-limit`), if any.
pub type Limiter<'a> = Option<&'a Arc<dyn RateLimiter>>;

/// What a client is built from besides the target: where its variables come from,
/// its rate limit, and the transport it shares (`demo`: one pool for every
/// provider); without one, each client has its own.
pub struct Setup<'a> {
    /// Credentials and base URLs.
    pub vars: &'a Vars,
    /// The client-side rate limit, if any.
    pub limiter: Limiter<'a>,
    /// The transport to share, if any.
    pub transport: Option<&'a Transport>,
}

impl<'a> Setup<'a> {
    /// The process environment, `limiter`, each client its own transport.
    pub fn process(limiter: Limiter<'a>) -> Self {
        Self {
            vars: &PROCESS,
            limiter,
            transport: None,
        }
    }
}

/// `builder` with the base URL (when one is given) and what `setup` holds.
fn configured<B: ClientOptions>(builder: B, base: Option<String>, setup: &Setup<'_>) -> B {
    let builder = match base {
        Some(base) => builder.base_url(base),
        None => builder,
    };
    let builder = match setup.limiter {
        Some(limiter) => builder.rate_limiter(limiter.clone()),
        None => builder,
    };
    // Every credential a client sends is learned by the scrubber: Checkout's
    // fetched access token is one the CLI was never given.
    match setup.transport {
        Some(transport) => builder.transport(transport.clone()),
        None => builder.configure_transport(|t| t.on_credential_sent(crate::secrets::learn)),
    }
}

/// A Persona client builder from `--base-url`/`PERSONA_BASE_URL` (else Persona's
/// own host) and `PERSONA_API_KEY`.
pub fn persona_builder(base_url: Option<&str>) -> Result<persona_tx::ClientBuilder, Failure> {
    persona_builder_with(base_url, &Setup::process(None))
}

/// [`persona_builder`] from `setup`.
pub fn persona_builder_with(
    base_url: Option<&str>,
    setup: &Setup<'_>,
) -> Result<persona_tx::ClientBuilder, Failure> {
    setup.vars.check_proxies()?;
    let key = setup.vars.secret(var::PERSONA_API_KEY)?;
    let base = setup.vars.base_url(base_url, var::PERSONA_BASE_URL)?;
    Ok(configured(persona_tx::Client::builder(key), base, setup))
}

/// The ID Scan client from `--base-url`/`CM_IDSCAN_BASE_URL`, `CM_IDSCAN_KEY_ID`
/// and `CM_IDSCAN_SECRET`.
pub fn idscan_client(base_url: Option<&str>) -> Result<cm_idscan::Client, Failure> {
    idscan_client_with(base_url, &Setup::process(None))
}

/// As the function without `_with`, from `setup`.
pub fn idscan_client_with(
    base_url: Option<&str>,
    setup: &Setup<'_>,
) -> Result<cm_idscan::Client, Failure> {
    setup.vars.check_proxies()?;
    let key_id = setup.vars.required(var::CM_IDSCAN_KEY_ID)?;
    let secret = setup.vars.secret(var::CM_IDSCAN_SECRET)?;
    let base = setup.vars.base_url(base_url, var::CM_IDSCAN_BASE_URL)?;
    Ok(configured(cm_idscan::Client::builder(key_id, secret), base, setup).build()?)
}

/// The Checkout client from `--base-url`/`CM_CHECKOUT_BASE_URL`,
/// `CM_CHECKOUT_CLIENT_ID` and `CM_CHECKOUT_CLIENT_SECRET`.
pub fn checkout_client(base_url: Option<&str>) -> Result<cm_checkout::Client, Failure> {
    checkout_client_with(base_url, &Setup::process(None))
}

/// As the function without `_with`, from `setup`.
pub fn checkout_client_with(
    base_url: Option<&str>,
    setup: &Setup<'_>,
) -> Result<cm_checkout::Client, Failure> {
    setup.vars.check_proxies()?;
    let id = setup.vars.required(var::CM_CHECKOUT_CLIENT_ID)?;
    let secret = setup.vars.secret(var::CM_CHECKOUT_CLIENT_SECRET)?;
    let base = setup.vars.base_url(base_url, var::CM_CHECKOUT_BASE_URL)?;
    Ok(configured(cm_checkout::Client::builder(id, secret), base, setup).build()?)
}

/// The OneSpan client from `--base-url`/`ONESPAN_BASE_URL` (required: OneSpan has
/// no default host), `ONESPAN_TOKEN` and the optional `ONESPAN_TENANT`.
pub fn onespan_client(
    base_url: Option<&str>,
    with_verifications: bool,
) -> Result<onespan_tx::Client, Failure> {
    onespan_client_with(base_url, with_verifications, &Setup::process(None))
}

/// As the function without `_with`, from `setup`.
pub fn onespan_client_with(
    base_url: Option<&str>,
    with_verifications: bool,
    setup: &Setup<'_>,
) -> Result<onespan_tx::Client, Failure> {
    setup.vars.check_proxies()?;
    let token = setup.vars.secret(var::ONESPAN_TOKEN)?;
    let Some(base) = setup.vars.base_url(base_url, var::ONESPAN_BASE_URL)? else {
        return Err(Failure::usage(format!(
            "onespan has no default host: pass --base-url URL or set {}",
            var::ONESPAN_BASE_URL
        )));
    };
    let mut builder = configured(onespan_tx::Client::builder(token), Some(base), setup)
        .status_with_verifications(with_verifications);
    if let Some(tenant) = setup.vars.optional(var::ONESPAN_TENANT)? {
        builder = builder.tenant(tenant);
    }
    Ok(builder.build()?)
}

/// `get`/`watch persona`: `--include` narrows the relationships read.
pub fn persona(target: &Target, setup: &Setup<'_>) -> Result<Built, Failure> {
    let mut builder = persona_builder_with(target.base_url.as_deref(), setup)?;
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
pub fn idscan(target: &Target, setup: &Setup<'_>) -> Result<Built, Failure> {
    let client = idscan_client_with(target.base_url.as_deref(), setup)?;
    Ok(Built {
        source: Box::new(client.clone()),
        idscan: Some(client),
        onespan: None,
    })
}

/// `get`/`watch cm-idin`: behind the guard that keeps the one-time identity.
pub fn idin(target: &Target, setup: &Setup<'_>) -> Result<Built, Failure> {
    setup.vars.check_proxies()?;
    let token = setup.vars.secret(var::CM_IDIN_MERCHANT_TOKEN)?;
    let base = setup
        .vars
        .base_url(target.base_url.as_deref(), var::CM_IDIN_BASE_URL)?;
    let builder = configured(cm_idin::Client::builder(token), base, setup);
    let reference = target.merchant_reference.clone().unwrap_or_default();
    Ok(Built::source(Box::new(idin::Guard::new(Box::new(
        builder.build()?.status_source(reference),
    )))))
}

/// `get`/`watch cm-checkout`.
pub fn checkout(target: &Target, setup: &Setup<'_>) -> Result<Built, Failure> {
    let client = checkout_client_with(target.base_url.as_deref(), setup)?;
    Ok(Built::source(Box::new(client)))
}

/// `get`/`watch onespan`; the client is kept for `--outcome`.
pub fn onespan(target: &Target, setup: &Setup<'_>) -> Result<Built, Failure> {
    let client = onespan_client_with(target.base_url.as_deref(), target.with_verifications, setup)?;
    Ok(Built {
        source: Box::new(client.clone()),
        idscan: None,
        onespan: Some(client),
    })
}
