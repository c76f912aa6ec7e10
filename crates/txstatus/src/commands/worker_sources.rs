//! The clients a worker reads with: built from this process's environment only (base
//! URLs and credentials never come from Redis), one per provider whose credentials
//! are set. iDIN never (its transactions cannot be enqueued).

use std::sync::Arc;

use txstatus_core::StatusSource;

use crate::{cli::ProviderName, clients, env, failure::Failure, providers::var};

/// The providers a worker can serve, with the variable that says it is configured.
const CONFIGURED_BY: &[(ProviderName, &str)] = &[
    (ProviderName::Persona, var::PERSONA_API_KEY),
    (ProviderName::CmIdscan, var::CM_IDSCAN_SECRET),
    (ProviderName::CmCheckout, var::CM_CHECKOUT_CLIENT_SECRET),
    (ProviderName::Onespan, var::ONESPAN_TOKEN),
];

/// A provider and the client that reads its transactions.
pub type Source = (ProviderName, Arc<dyn StatusSource>);

/// A client per configured provider; none configured is a usage error.
pub fn build() -> Result<Vec<Source>, Failure> {
    let mut sources = Vec::new();
    for (provider, variable) in CONFIGURED_BY {
        if env::optional(variable).is_some() {
            sources.push((*provider, source(*provider)?));
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

fn source(provider: ProviderName) -> Result<Arc<dyn StatusSource>, Failure> {
    Ok(match provider {
        ProviderName::Persona => Arc::new(clients::persona_builder(None)?.build()?),
        ProviderName::CmIdscan => Arc::new(clients::idscan_client(None)?),
        ProviderName::CmCheckout => Arc::new(clients::checkout_client(None)?),
        ProviderName::Onespan => Arc::new(clients::onespan_client(None, false)?),
        ProviderName::CmIdin => {
            return Err(Failure::usage(
                "worker never reads cm-idin: its one-time identity cannot pass through a shared queue",
            ));
        }
    })
}
