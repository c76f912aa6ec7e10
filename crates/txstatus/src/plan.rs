//! Everything checked before a request: options, id, credentials, base URL, the raw file.

use std::sync::Mutex;

use txstatus_core::{ClientOptions, StatusSource};

use crate::{
    cli::{ProviderName, Target},
    env,
    failure::Failure,
    save_raw::RawSink,
};

/// A ready source plus the reserved `--save-raw` file.
pub struct Plan {
    /// The provider client, behind the shared view.
    pub source: Box<dyn StatusSource>,
    sink: Mutex<Option<RawSink>>,
}

impl Plan {
    /// Validates the target and builds the client; every failure here is a usage
    /// error and no request has been sent.
    pub fn prepare(target: &Target) -> Result<Self, Failure> {
        check_options(target)?;
        if let Some(problem) = txstatus_core::id_problem(&target.id) {
            return Err(Failure::usage(format!("invalid transaction id: {problem}")));
        }
        if target.provider == ProviderName::CmIdin
            && !target.show_personal_data
            && target.save_raw.is_none()
        {
            return Err(Failure::usage(
                "cm-idin hands a person's identity out only once: pass --save-raw FILE or \
                 --show-personal-data so it is not lost",
            ));
        }
        let source = build_source(target)?;
        let sink = match &target.save_raw {
            Some(path) => Some(RawSink::create(path)?),
            None => None,
        };
        Ok(Self {
            source,
            sink: Mutex::new(sink),
        })
    }

    /// Writes the last body received to the `--save-raw` file, if one was asked for.
    pub fn save_raw(&self, bytes: Option<Vec<u8>>) -> Result<(), Failure> {
        let sink = self.sink.lock().ok().and_then(|mut s| s.take());
        match (sink, bytes) {
            (Some(sink), Some(bytes)) => sink.write(&bytes),
            (Some(sink), None) => {
                sink.discard();
                Ok(())
            }
            (None, _) => Ok(()),
        }
    }
}

fn check_options(target: &Target) -> Result<(), Failure> {
    let misplaced = |flag: &str, owner: &str| {
        Err(Failure::usage(format!(
            "{flag} applies to {owner}, not {}",
            target.provider.as_str()
        )))
    };
    if target.merchant_reference.is_some() && target.provider != ProviderName::CmIdin {
        return misplaced("--merchant-reference", "cm-idin");
    }
    if target.with_verifications && target.provider != ProviderName::Onespan {
        return misplaced("--with-verifications", "onespan");
    }
    if target.include.is_some() && target.provider != ProviderName::Persona {
        return misplaced("--include", "persona");
    }
    if target.provider == ProviderName::CmIdin && target.merchant_reference.is_none() {
        return Err(Failure::usage("cm-idin needs --merchant-reference REF"));
    }
    Ok(())
}

fn with_base<B: ClientOptions>(builder: B, base: Option<String>) -> B {
    match base {
        Some(base) => builder.base_url(base),
        None => builder,
    }
}

fn build_source(target: &Target) -> Result<Box<dyn StatusSource>, Failure> {
    let flag = target.base_url.as_deref();
    let source: Box<dyn StatusSource> = match target.provider {
        ProviderName::Persona => {
            let key = env::secret("PERSONA_API_KEY")?;
            let mut builder = with_base(
                persona_tx::Client::builder(key),
                env::base_url(flag, "PERSONA_BASE_URL"),
            );
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
            Box::new(builder.build()?)
        }
        ProviderName::CmIdscan => {
            let key_id = env::required("CM_IDSCAN_KEY_ID")?;
            let secret = env::secret("CM_IDSCAN_SECRET")?;
            let builder = with_base(
                cm_idscan::Client::builder(key_id, secret),
                env::base_url(flag, "CM_IDSCAN_BASE_URL"),
            );
            Box::new(builder.build()?)
        }
        ProviderName::CmIdin => {
            let token = env::secret("CM_IDIN_MERCHANT_TOKEN")?;
            let builder = with_base(
                cm_idin::Client::builder(token),
                env::base_url(flag, "CM_IDIN_BASE_URL"),
            );
            let reference = target.merchant_reference.clone().unwrap_or_default();
            Box::new(builder.build()?.status_source(reference))
        }
        ProviderName::CmCheckout => {
            let id = env::required("CM_CHECKOUT_CLIENT_ID")?;
            let secret = env::secret("CM_CHECKOUT_CLIENT_SECRET")?;
            let builder = with_base(
                cm_checkout::Client::builder(id, secret),
                env::base_url(flag, "CM_CHECKOUT_BASE_URL"),
            );
            Box::new(builder.build()?)
        }
        ProviderName::Onespan => {
            let token = env::secret("ONESPAN_TOKEN")?;
            let Some(base) = env::base_url(flag, "ONESPAN_BASE_URL") else {
                return Err(Failure::usage(
                    "onespan has no default host: pass --base-url URL or set ONESPAN_BASE_URL",
                ));
            };
            let mut builder = onespan_tx::Client::builder(token)
                .base_url(base)
                .status_with_verifications(target.with_verifications);
            if let Some(tenant) = env::optional("ONESPAN_TENANT") {
                builder = builder.tenant(tenant);
            }
            Box::new(builder.build()?)
        }
    };
    Ok(source)
}
