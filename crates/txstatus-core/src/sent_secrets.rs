//! The credentials a request sent, as a provider could echo them back: looked
//! for in what an answer shows beside its data (a request id, an error's code and
//! message), so that none is ever printed.

use std::sync::Arc;

use reqwest::header::HeaderValue;
use secrecy::ExposeSecret;

use crate::{
    auth::{AuthHeader, Authenticator},
    request::{FormValue, RequestBody, RequestSpec},
    secret_echo::Echo,
};

/// What a request sent as credentials, kept with its answer: the answer's
/// request id is checked against them in every spelling ([`Echo`]) only when it
/// is shown, not on every read.
#[derive(Clone, Default)]
pub(crate) struct SentSecrets {
    /// The credential header.
    auth: Option<HeaderValue>,
    /// The spec's own secrets (sensitive headers, form and body secrets); none
    /// on a plain read.
    spec: Vec<String>,
    /// The service's authenticator (its long-lived secrets).
    known: Option<Arc<dyn Authenticator>>,
}

impl SentSecrets {
    /// What `spec` sent with `auth`, and what `known` holds.
    pub(crate) fn of(
        spec: &RequestSpec,
        auth: Option<&AuthHeader>,
        known: &Arc<dyn Authenticator>,
    ) -> Self {
        let mut own = Vec::new();
        any_spec_secret(spec, &mut |secret| {
            own.push(secret.to_owned());
            false
        });
        Self {
            auth: auth.map(|(_, value)| value.clone()),
            spec: own,
            known: Some(Arc::clone(known)),
        }
    }

    /// Whether `shown` echoes one of them, in any spelling.
    pub(crate) fn echoed_in(&self, shown: &str) -> bool {
        let echo = Echo::of(shown);
        let mut found =
            |secret: &str| crate::message::quotes_secret(shown, secret) || echo.holds(secret);
        self.auth
            .as_ref()
            .is_some_and(|value| header_secret(value, &mut found))
            || self.spec.iter().any(|secret| found(secret))
            || self
                .known
                .as_ref()
                .is_some_and(|known| known.any_secret(&mut found))
    }
}

/// Whether a request id an answer to `spec` carries echoes a credential it
/// sent, in any spelling (the error path: checked at once).
pub(crate) fn echoed_in_request_id(
    id: &str,
    spec: &RequestSpec,
    auth: Option<&AuthHeader>,
    known: &dyn Authenticator,
) -> bool {
    let echo = Echo::of(id);
    any_sent_secret(spec, auth, known, |secret| {
        crate::message::quotes_secret(id, secret) || echo.holds(secret)
    })
}

/// The credentials an attempt sent, as a provider could quote them back: the
/// credential header (whole, and its token after the scheme), sensitive headers
/// of the spec, and secret form values (raw and form-encoded); and the
/// long-lived secrets of the service's authenticator.
pub(crate) fn sent_secrets(
    spec: &RequestSpec,
    auth: Option<&AuthHeader>,
    known: &dyn Authenticator,
) -> Vec<String> {
    let mut secrets = Vec::new();
    any_sent_secret(spec, auth, known, |secret| {
        secrets.push(secret.to_owned());
        false
    });
    // Longest first: a whole header is redacted before its token is looked for.
    secrets.sort_by_key(|secret| std::cmp::Reverse(secret.len()));
    secrets
}

/// Whether `found` holds for one of the credentials the request sent, in every
/// form a provider may echo: the credential header whole and its token, the
/// sensitive headers, secret form values raw and form-encoded, and the declared
/// body secrets; then the long-lived secrets `known` (the service's
/// authenticator) holds without sending them. Stops at the first; allocates
/// only to form-encode.
pub(crate) fn any_sent_secret(
    spec: &RequestSpec,
    auth: Option<&AuthHeader>,
    known: &dyn Authenticator,
    mut found: impl FnMut(&str) -> bool,
) -> bool {
    auth.is_some_and(|(_, value)| header_secret(value, &mut found))
        || any_spec_secret(spec, &mut found)
        || known.any_secret(&mut found)
}

/// Whether `found` holds for a credential header's value, whole or its token
/// after the scheme.
fn header_secret(value: &HeaderValue, found: &mut impl FnMut(&str) -> bool) -> bool {
    let Ok(text) = value.to_str() else {
        return false;
    };
    text.split_once(' ')
        .is_some_and(|(_, token)| found(token.trim()))
        || found(text)
}

/// Whether `found` holds for one of the secrets `spec` itself sends: its
/// sensitive headers, secret form values (raw and form-encoded) and declared
/// body secrets.
fn any_spec_secret(spec: &RequestSpec, found: &mut impl FnMut(&str) -> bool) -> bool {
    for value in spec.headers().map(|(_, value)| value) {
        if value.is_sensitive() && header_secret(value, found) {
            return true;
        }
    }
    if let Some(RequestBody::Form(pairs)) = &spec.body {
        for (_, value) in pairs {
            if let FormValue::Secret(secret) = value {
                let raw = secret.expose_secret();
                let encoded: String =
                    url::form_urlencoded::byte_serialize(raw.as_bytes()).collect();
                if (encoded != raw && found(&encoded)) || found(raw) {
                    return true;
                }
            }
        }
    }
    spec.body_secrets()
        .any(|secret| found(secret.expose_secret()))
}
