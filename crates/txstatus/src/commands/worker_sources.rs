//! The clients a worker reads with: built from this process's environment only (base
//! URLs and credentials never come from Redis), one per provider whose credentials
//! are set. iDIN never (its transactions cannot be enqueued).

use std::sync::Arc;

use txstatus_core::{RateLimiter, StatusSource};

use crate::{
    cli::ProviderName,
    clients::{self, Setup},
    env,
    failure::Failure,
    providers::var,
    shared::{LateBudget, Prepaid},
};

/// The providers a worker can serve, with the variable that says it is configured.
const CONFIGURED_BY: &[(ProviderName, &str)] = &[
    (ProviderName::Persona, var::PERSONA_API_KEY),
    (ProviderName::CmIdscan, var::CM_IDSCAN_SECRET),
    (ProviderName::CmCheckout, var::CM_CHECKOUT_CLIENT_SECRET),
    (ProviderName::Onespan, var::ONESPAN_TOKEN),
];

/// A provider, the client that reads its transactions, and (with `--rate-limit`) the
/// limiter its client takes every attempt after a read's first from, once the shared
/// budget is attached.
pub type Source = (ProviderName, Arc<dyn StatusSource>, Option<Arc<LateBudget>>);

/// A client per configured provider; none configured is a usage error. `limited`
/// (`--rate-limit`): each client is limited by a [`LateBudget`] the caller attaches
/// the shared budget to, and its reads are [`Prepaid`] by the worker's slot.
pub fn build(limited: bool) -> Result<Vec<Source>, Failure> {
    let mut sources = Vec::new();
    for (provider, variable) in CONFIGURED_BY {
        if env::optional(variable)?.is_some() {
            let late = limited.then(LateBudget::new);
            let limiter = late.clone().map(|late| late as Arc<dyn RateLimiter>);
            let client = source(*provider, &Setup::process(limiter.as_ref()))?;
            let client: Arc<dyn StatusSource> = match &late {
                Some(_) => Arc::new(Prepaid(client)),
                None => client,
            };
            sources.push((*provider, client, late));
        }
    }
    if sources.is_empty() {
        return Err(Failure::usage(
            "worker: no provider is configured: set the credentials of at least one of \
             persona, cm-idscan, cm-checkout, onespan (see docs/CLI.md, Environment)",
        ));
    }
    Ok(sources)
}

fn source(provider: ProviderName, setup: &Setup<'_>) -> Result<Arc<dyn StatusSource>, Failure> {
    Ok(match provider {
        ProviderName::Persona => Arc::new(clients::persona_builder_with(None, setup)?.build()?),
        ProviderName::CmIdscan => Arc::new(clients::idscan_client_with(None, setup)?),
        ProviderName::CmCheckout => Arc::new(clients::checkout_client_with(None, setup)?),
        ProviderName::Onespan => Arc::new(clients::onespan_client_with(None, false, setup)?),
        ProviderName::CmIdin => {
            return Err(Failure::usage(
                "worker never reads cm-idin: its one-time identity cannot pass through a shared queue",
            ));
        }
    })
}
