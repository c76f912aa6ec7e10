//! Webhook signatures: `Persona-Signature: t=<unix>,v1=<hex HMAC-SHA256>`.
//!
//! Persona signs `"<t>.<raw body>"` with the webhook's secret. While a secret
//! rotates, the header carries two `t=..,v1=..` pairs separated by a space; a
//! request is authentic when any pair matches any of the secrets this verifier
//! holds, and its `t` is within the tolerance of `now`.
//!
//! ```
//! use std::time::{Duration, UNIX_EPOCH};
//! use persona_tx::webhook::{WebhookVerifier, signature_header};
//! use txstatus_core::SecretString;
//!
//! let secret = SecretString::from("wbhsec_example");
//! let body = br#"{"data":{"type":"event","id":"evt_1","attributes":{"name":"transaction.created"}}}"#;
//! let header = signature_header(&secret, 1_700_000_000, body);
//!
//! let now = UNIX_EPOCH + Duration::from_secs(1_700_000_060);
//! let verifier = WebhookVerifier::new(secret);
//! let event = verifier.verify_event(&header, body, now).unwrap();
//! assert_eq!(event.data.id, "evt_1");
//! ```

use std::{
    fmt,
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use secrecy::{ExposeSecret, SecretString};
use txstatus_core::crypto::{hex_decode, hex_encode, hmac_sha256, verify_hmac_sha256};

use crate::model::WebhookEvent;

/// The header Persona signs webhooks with.
pub const SIGNATURE_HEADER: &str = "Persona-Signature";

/// How far `t` may be from `now` by default.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// Why a webhook was refused.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookError {
    /// The header holds no `t=<unix seconds>,v1=<hex>` pair.
    MalformedSignature,
    /// Every signed timestamp is further from `now` than the tolerance (a replay,
    /// or a clock off).
    OutsideTolerance,
    /// No signature matches any secret: the body was altered or the secret is
    /// wrong.
    SignatureMismatch,
    /// The signature is valid but the body is not a webhook event.
    Decode(txstatus_core::Error),
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MalformedSignature => {
                write!(
                    f,
                    "persona: webhook: {SIGNATURE_HEADER} holds no t=..,v1=.. pair"
                )
            }
            Self::OutsideTolerance => {
                f.write_str("persona: webhook: signed timestamp outside the tolerance")
            }
            Self::SignatureMismatch => f.write_str("persona: webhook: signature does not match"),
            Self::Decode(error) => write!(f, "persona: webhook: {error}"),
        }
    }
}

impl std::error::Error for WebhookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Decode(error) => Some(error),
            _ => None,
        }
    }
}

/// Checks `Persona-Signature` headers against the raw body.
#[derive(Clone)]
pub struct WebhookVerifier {
    secrets: Vec<SecretString>,
    tolerance: Duration,
}

impl fmt::Debug for WebhookVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookVerifier")
            .field(
                "secrets",
                &format_args!("[{} redacted]", self.secrets.len()),
            )
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

impl WebhookVerifier {
    /// A verifier for one webhook secret, with the default 5-minute tolerance.
    pub fn new(secret: impl Into<SecretString>) -> Self {
        Self {
            secrets: vec![secret.into()],
            tolerance: DEFAULT_TOLERANCE,
        }
    }

    /// Also accepts signatures made with `secret` (keep the old and the new
    /// secret while rotating).
    pub fn also_accept(mut self, secret: impl Into<SecretString>) -> Self {
        self.secrets.push(secret.into());
        self
    }

    /// How far the signed `t` may be from `now`, either way.
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Checks `header` (the `Persona-Signature` value) against `body`, the raw
    /// bytes as received, at time `now`. The comparison is constant-time.
    pub fn verify(&self, header: &str, body: &[u8], now: SystemTime) -> Result<(), WebhookError> {
        let pairs = parse_header(header);
        if pairs.is_empty() {
            return Err(WebhookError::MalformedSignature);
        }
        let now = unix_seconds(now);
        let mut fresh = false;
        for (timestamp, seconds, signature) in pairs {
            if now.abs_diff(seconds) > self.tolerance.as_secs() {
                continue;
            }
            fresh = true;
            let Some(tag) = hex_decode(signature) else {
                continue;
            };
            let message = signed_message(timestamp, body);
            if self
                .secrets
                .iter()
                .any(|secret| verify_hmac_sha256(secret.expose_secret().as_bytes(), &message, &tag))
            {
                return Ok(());
            }
        }
        Err(if fresh {
            WebhookError::SignatureMismatch
        } else {
            WebhookError::OutsideTolerance
        })
    }

    /// [`verify`](Self::verify), then decodes the body.
    pub fn verify_event(
        &self,
        header: &str,
        body: &[u8],
        now: SystemTime,
    ) -> Result<WebhookEvent, WebhookError> {
        self.verify(header, body, now)?;
        WebhookEvent::from_slice(body).map_err(WebhookError::Decode)
    }
}

/// The `Persona-Signature` value for `body` signed at `timestamp` (UNIX seconds):
/// `t=<timestamp>,v1=<hex>`. For tests and local fakes.
pub fn signature_header(secret: &SecretString, timestamp: u64, body: &[u8]) -> String {
    let timestamp = timestamp.to_string();
    let tag = hmac_sha256(
        secret.expose_secret().as_bytes(),
        &signed_message(&timestamp, body),
    );
    format!("t={timestamp},v1={}", hex_encode(&tag))
}

fn signed_message(timestamp: &str, body: &[u8]) -> Vec<u8> {
    let mut message = Vec::with_capacity(timestamp.len() + 1 + body.len());
    message.extend_from_slice(timestamp.as_bytes());
    message.push(b'.');
    message.extend_from_slice(body);
    message
}

fn unix_seconds(now: SystemTime) -> u64 {
    now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// `(t as sent, t, v1)` triples: each `v1` goes with the `t` before it, whether
/// the pairs are separated by spaces or commas. A `t` that is not UNIX seconds
/// voids the `v1`s after it.
fn parse_header(header: &str) -> Vec<(&str, u64, &str)> {
    let mut pairs = Vec::new();
    let mut timestamp = None;
    for item in header.split([',', ' ', '\t']).filter(|i| !i.is_empty()) {
        if let Some(t) = item.strip_prefix("t=") {
            timestamp = t.parse::<u64>().ok().map(|seconds| (t, seconds));
        } else if let (Some(v1), Some((t, seconds))) = (item.strip_prefix("v1="), timestamp) {
            pairs.push((t, seconds, v1));
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_pairs_each_signature_with_its_timestamp() {
        assert_eq!(
            parse_header("t=1,v1=aa t=2,v1=bb"),
            vec![("1", 1, "aa"), ("2", 2, "bb")]
        );
        assert_eq!(
            parse_header("t=1,v1=aa,v1=cc"),
            vec![("1", 1, "aa"), ("1", 1, "cc")]
        );
        assert_eq!(parse_header(" t=1 , v1=aa, "), vec![("1", 1, "aa")]);
        assert!(parse_header("v1=aa").is_empty());
        assert!(parse_header("t=soon,v1=aa").is_empty());
        assert!(parse_header("t=1,v1=aa t=x,v1=bb").len() == 1);
        assert!(parse_header("garbage").is_empty());
        assert!(parse_header("").is_empty());
    }
}
