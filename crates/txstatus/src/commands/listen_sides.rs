//! `listen`'s providers: each one's webhook secret from the environment and the
//! client that re-reads, taken as `get` takes it. Any missing piece is a usage
//! error (exit 2) before anything is bound; no message repeats a secret.

use std::{net::IpAddr, sync::Arc};

use txstatus_core::{SecretString, StatusSource, webhook::WebhookSide};
use txstatus_webhooks::ReceiverBuilder;

use crate::{cli::ProviderName, env, failure::Failure, plan};

/// The providers that send webhooks, in route order.
pub const WEBHOOK_PROVIDERS: [ProviderName; 4] = [
    ProviderName::Persona,
    ProviderName::CmIdscan,
    ProviderName::CmCheckout,
    ProviderName::Onespan,
];

/// `--providers LIST` (comma-separated), all four when absent; no duplicates.
pub fn parse_providers(list: Option<&str>) -> Result<Vec<ProviderName>, Failure> {
    let Some(list) = list else {
        return Ok(WEBHOOK_PROVIDERS.to_vec());
    };
    let mut chosen = Vec::new();
    for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let Some(provider) = WEBHOOK_PROVIDERS.iter().find(|p| p.as_str() == name) else {
            return Err(Failure::usage(format!(
                "--providers: {} does not send webhooks here (persona, cm-idscan, cm-checkout, \
                 onespan)",
                crate::text::escape(name)
            )));
        };
        if !chosen.contains(provider) {
            chosen.push(*provider);
        }
    }
    if chosen.is_empty() {
        return Err(Failure::usage("--providers: the list is empty"));
    }
    Ok(chosen)
}

/// Adds `provider`'s side and re-reading client to `builder`.
pub fn add(builder: ReceiverBuilder, provider: ProviderName) -> Result<ReceiverBuilder, Failure> {
    let (side, source): (Arc<dyn WebhookSide>, Arc<dyn StatusSource>) = match provider {
        ProviderName::Persona => {
            let side = persona_side()?;
            let client = plan::persona_builder(None)?.build()?;
            let feed = Arc::new(persona_tx::PersonaEventFeed::new(client.clone()));
            return Ok(builder
                .provider(Arc::new(side), Arc::new(client))
                .feed(feed));
        }
        ProviderName::CmIdscan => {
            let line = env::required("CM_IDSCAN_WEBHOOK_HEADER")?;
            let side = cm_idscan::IdScanWebhooks::from_header_line(&line)
                .map_err(|_| Failure::usage("CM_IDSCAN_WEBHOOK_HEADER must be `Name: value`"))?;
            let key_id = env::required("CM_IDSCAN_KEY_ID")?;
            let secret = env::secret("CM_IDSCAN_SECRET")?;
            let mut client = cm_idscan::Client::builder(key_id, secret);
            if let Some(base) = env::base_url(None, "CM_IDSCAN_BASE_URL") {
                client = txstatus_core::ClientOptions::base_url(client, base);
            }
            (Arc::new(side), Arc::new(client.build()?))
        }
        ProviderName::CmCheckout => {
            let token = env::secret("CM_CHECKOUT_WEBHOOK_TOKEN")?;
            let side =
                cm_checkout::CheckoutWebhooks::new(cm_checkout::WebhookToken::from_stored(token));
            let id = env::required("CM_CHECKOUT_CLIENT_ID")?;
            let secret = env::secret("CM_CHECKOUT_CLIENT_SECRET")?;
            let mut client = cm_checkout::Client::builder(id, secret);
            if let Some(base) = env::base_url(None, "CM_CHECKOUT_BASE_URL") {
                client = txstatus_core::ClientOptions::base_url(client, base);
            }
            (Arc::new(side), Arc::new(client.build()?))
        }
        ProviderName::Onespan => {
            let mut side = onespan_tx::OneSpanWebhooks::new();
            if let Some(list) = env::optional("ONESPAN_NOTIFY_ALLOW") {
                side = side.allow(addresses(&list)?);
            }
            (Arc::new(side), Arc::new(plan::onespan_client(None, false)?))
        }
        ProviderName::CmIdin => {
            return Err(Failure::usage("cm-idin does not send webhooks"));
        }
    };
    Ok(builder.provider(side, source))
}

/// `PERSONA_WEBHOOK_SECRET`: the current secret first, then any still accepted
/// during a rotation, comma-separated.
fn persona_side() -> Result<persona_tx::PersonaWebhooks, Failure> {
    let all = env::required("PERSONA_WEBHOOK_SECRET")?;
    let mut secrets = all.split(',').map(str::trim).filter(|s| !s.is_empty());
    let Some(first) = secrets.next() else {
        return Err(Failure::usage(
            "the environment variable PERSONA_WEBHOOK_SECRET is not set",
        ));
    };
    let mut verifier = persona_tx::WebhookVerifier::new(SecretString::from(first.to_owned()));
    for other in secrets {
        verifier = verifier.also_accept(SecretString::from(other.to_owned()));
    }
    Ok(persona_tx::PersonaWebhooks::new(verifier))
}

/// `ONESPAN_NOTIFY_ALLOW`: comma-separated IP addresses.
fn addresses(list: &str) -> Result<Vec<IpAddr>, Failure> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|text| {
            text.parse::<IpAddr>().map_err(|_| {
                Failure::usage(format!(
                    "ONESPAN_NOTIFY_ALLOW: {} is not an IP address",
                    crate::text::escape(text)
                ))
            })
        })
        .collect()
}
