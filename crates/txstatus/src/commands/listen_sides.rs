//! `listen`'s providers: each one's webhook secret from the environment and the
//! client that re-reads, taken as `get` takes it. Any missing piece is a usage
//! error (exit 2) before anything is bound; no message repeats a secret.

use std::{net::IpAddr, sync::Arc};

use txstatus_core::{SecretString, StatusSource, webhook::WebhookSide};
use txstatus_webhooks::ReceiverBuilder;

use crate::{
    cli::ProviderName,
    clients, env,
    failure::Failure,
    providers::{self, Verb, var},
};

/// `--providers LIST` (comma-separated), all that send webhooks (in the provider
/// table's order, which is the route order) when absent; no duplicates.
pub fn parse_providers(list: Option<&str>) -> Result<Vec<ProviderName>, Failure> {
    let senders = providers::taking(Verb::Listen);
    let Some(list) = list else {
        return Ok(senders);
    };
    let mut chosen = Vec::new();
    for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let Some(provider) = senders.iter().find(|p| p.as_str() == name) else {
            return Err(Failure::usage(format!(
                "--providers: {} does not send webhooks here ({})",
                crate::text::escape(name),
                providers::names(Verb::Listen).join(", ")
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
            let client = clients::persona_builder(None)?.build()?;
            let feed = Arc::new(persona_tx::PersonaEventFeed::new(client.clone()));
            return Ok(builder
                .provider(Arc::new(side), Arc::new(client))
                .feed(feed));
        }
        ProviderName::CmIdscan => {
            let line = env::required(var::CM_IDSCAN_WEBHOOK_HEADER)?;
            // The reason names the part that is wrong, never the name or value.
            let side = cm_idscan::IdScanWebhooks::from_header_line(&line).map_err(|error| {
                Failure::usage(format!(
                    "{} must be `Name: value` with a header a sender sets ({error})",
                    var::CM_IDSCAN_WEBHOOK_HEADER
                ))
            })?;
            (Arc::new(side), Arc::new(clients::idscan_client(None)?))
        }
        ProviderName::CmCheckout => {
            let token = env::secret(var::CM_CHECKOUT_WEBHOOK_TOKEN)?;
            let side =
                cm_checkout::CheckoutWebhooks::new(cm_checkout::WebhookToken::from_stored(token));
            (Arc::new(side), Arc::new(clients::checkout_client(None)?))
        }
        ProviderName::Onespan => {
            let mut side = onespan_tx::OneSpanWebhooks::new();
            // Set to nothing is a list naming none, refused: not unset.
            if let Some(list) = env::set(var::ONESPAN_NOTIFY_ALLOW)? {
                side = side.allow(addresses(&list)?);
            }
            (
                Arc::new(side),
                Arc::new(clients::onespan_client(None, false)?),
            )
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
    let all = env::required(var::PERSONA_WEBHOOK_SECRET)?;
    let mut secrets = all.split(',').map(str::trim).filter(|s| !s.is_empty());
    let Some(first) = secrets.next() else {
        return Err(Failure::usage(format!(
            "the environment variable {} is not set",
            var::PERSONA_WEBHOOK_SECRET
        )));
    };
    let mut verifier = persona_tx::WebhookVerifier::new(SecretString::from(first.to_owned()));
    for other in secrets {
        verifier = verifier.also_accept(SecretString::from(other.to_owned()));
    }
    Ok(persona_tx::PersonaWebhooks::new(verifier))
}

/// `ONESPAN_NOTIFY_ALLOW`: comma-separated IP addresses, at least one (a list
/// naming none, `","`, would refuse every notification: surely a mistake).
fn addresses(list: &str) -> Result<Vec<IpAddr>, Failure> {
    let addresses = list
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|text| {
            text.parse::<IpAddr>().map_err(|_| {
                Failure::usage(format!(
                    "{}: {} is not an IP address",
                    var::ONESPAN_NOTIFY_ALLOW,
                    crate::text::escape(text)
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if addresses.is_empty() {
        return Err(Failure::usage(format!(
            "{}: names no IP address (unset it to take OneSpan notifications as hints)",
            var::ONESPAN_NOTIFY_ALLOW
        )));
    }
    Ok(addresses)
}

#[cfg(test)]
mod tests {
    use super::addresses;

    #[test]
    fn an_allow_list_naming_no_address_is_a_usage_error() {
        for list in [",", " , ", ""] {
            assert!(addresses(list).is_err(), "{list:?}");
        }
        assert_eq!(addresses(" 192.0.2.1, ,::1").unwrap().len(), 2);
        assert!(addresses("192.0.2.1,not-an-address").is_err());
    }

    /// UUID providers' sides key ids ignoring case (one transaction named in two
    /// cases is one); Persona's `txn_` ids keep theirs.
    #[test]
    fn each_side_says_how_its_ids_compare() {
        use txstatus_core::{provider::IdCase, webhook::WebhookSide};
        let idscan = cm_idscan::IdScanWebhooks::from_header_line("X-Hook: s3cret").unwrap();
        let checkout = cm_checkout::CheckoutWebhooks::new(cm_checkout::WebhookToken::from_stored(
            txstatus_core::SecretString::from("t0ken"),
        ));
        let persona = persona_tx::PersonaWebhooks::new(persona_tx::WebhookVerifier::new(
            txstatus_core::SecretString::from("wbhsec_1".to_owned()),
        ));
        assert_eq!(idscan.id_case(), IdCase::IgnoreAscii);
        assert_eq!(checkout.id_case(), IdCase::IgnoreAscii);
        assert_eq!(
            onespan_tx::OneSpanWebhooks::new().id_case(),
            IdCase::IgnoreAscii
        );
        assert_eq!(persona.id_case(), IdCase::Exact);
        // The rule every command keys shared state by is the sides' own.
        use crate::cli::ProviderName;
        assert_eq!(ProviderName::CmIdscan.id_case(), idscan.id_case());
        assert_eq!(ProviderName::CmCheckout.id_case(), checkout.id_case());
        assert_eq!(
            ProviderName::Onespan.id_case(),
            onespan_tx::OneSpanWebhooks::new().id_case()
        );
        assert_eq!(ProviderName::Persona.id_case(), persona.id_case());
        assert_eq!(ProviderName::CmIdin.id_case(), IdCase::Exact);
    }

    #[test]
    fn ids_are_distinct_by_their_providers_rule() {
        use crate::{cli::ProviderName, commands::erase::distinct};
        let ids = [
            "DCAAD720-D1E9".to_owned(),
            "dcaad720-d1e9".to_owned(),
            "txn_AB".to_owned(),
            "txn_ab".to_owned(),
        ];
        assert_eq!(
            distinct(ProviderName::Onespan, &ids),
            ["dcaad720-d1e9", "txn_ab"]
        );
        assert_eq!(
            distinct(ProviderName::Persona, &ids),
            ["DCAAD720-D1E9", "dcaad720-d1e9", "txn_AB", "txn_ab"]
        );
    }
}
