//! The clients a worker reads with: built from this process's environment only (base
//! URLs and credentials never come from Redis), one per provider whose credentials
//! are set. iDIN never (its transactions cannot be enqueued).

use std::sync::Arc;

use txstatus_core::{ClientOptions, StatusSource};

use crate::{cli::ProviderName, env, failure::Failure, plan};

/// The providers a worker can serve, with the variable that says it is configured.
const CONFIGURED_BY: &[(ProviderName, &str)] = &[
    (ProviderName::Persona, "PERSONA_API_KEY"),
    (ProviderName::CmIdscan, "CM_IDSCAN_SECRET"),
    (ProviderName::CmCheckout, "CM_CHECKOUT_CLIENT_SECRET"),
    (ProviderName::Onespan, "ONESPAN_TOKEN"),
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

fn with_base<B: ClientOptions>(builder: B, variable: &str) -> B {
    match env::base_url(None, variable) {
        Some(base) => builder.base_url(base),
        None => builder,
    }
}

fn source(provider: ProviderName) -> Result<Arc<dyn StatusSource>, Failure> {
    Ok(match provider {
        ProviderName::Persona => Arc::new(plan::persona_builder(None)?.build()?),
        ProviderName::CmIdscan => {
            let key_id = env::required("CM_IDSCAN_KEY_ID")?;
            let secret = env::secret("CM_IDSCAN_SECRET")?;
            let builder = with_base(
                cm_idscan::Client::builder(key_id, secret),
                "CM_IDSCAN_BASE_URL",
            );
            Arc::new(builder.build()?)
        }
        ProviderName::CmCheckout => {
            let id = env::required("CM_CHECKOUT_CLIENT_ID")?;
            let secret = env::secret("CM_CHECKOUT_CLIENT_SECRET")?;
            let builder = with_base(
                cm_checkout::Client::builder(id, secret),
                "CM_CHECKOUT_BASE_URL",
            );
            Arc::new(builder.build()?)
        }
        ProviderName::Onespan => Arc::new(plan::onespan_client(None, false)?),
        ProviderName::CmIdin => {
            return Err(Failure::usage(
                "worker never reads cm-idin: its one-time identity cannot pass through a shared queue",
            ));
        }
    })
}
