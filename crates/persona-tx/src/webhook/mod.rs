//! Receiving Persona webhooks: signatures ([`WebhookVerifier`], here), the
//! receiver's side ([`PersonaWebhooks`], `side.rs`) and the event feed a sweep
//! reads ([`PersonaEventFeed`], `feed.rs`).
//!
//! Signatures: `Persona-Signature: t=<unix>,v1=<hex HMAC-SHA256>`.
//!
//! Persona signs `"<t>.<raw body>"` with the webhook's secret. While a secret
//! rotates, the header carries two `t=..,v1=..` pairs separated by a space (the
//! receiver's side also reads pairs from repeated header lines, as one value); a
//! request is authentic when any pair matches any of the secrets this verifier
//! holds, and its `t` is within the tolerance of `now`. A blank secret (empty or
//! whitespace only) is held but never used: anyone can sign with it. A verifier
//! with no other secret refuses every delivery ([`WebhookError::NoSecret`]).
//!
//! The header is the sender's to write, so verification costs are bounded: at
//! most [`MAX_SIGNATURE_PAIRS`] pairs (more is a malformed header), signatures
//! longer than a SHA-256 tag are skipped unread, and one HMAC is computed per
//! distinct fresh timestamp and secret, however many `v1`s share it.
//!
//! **Replays.** A signature proves who sent the body, not that it is new: the
//! same delivery replayed within the tolerance window verifies again. Deduplicate
//! events by their id (`data.id`, `evt_...`) before acting on them; Persona itself
//! retries deliveries, so the same event can arrive more than once anyway.
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
use txstatus_core::{
    crypto::{hex_decode, hex_encode, hmac_sha256},
    webhook::{constant_time_eq, is_blank_secret},
};

use crate::model::WebhookEvent;

mod envelope;
mod feed;
mod side;

pub use feed::PersonaEventFeed;
pub use side::{FIRST_ATTEMPTED_HEADER, PersonaWebhooks, RETRY_MARGIN, RETRY_WINDOW};

/// The header Persona signs webhooks with.
pub const SIGNATURE_HEADER: &str = "Persona-Signature";

/// The most `t=..,v1=..` pairs one header may carry (Persona sends two while a
/// secret rotates).
pub const MAX_SIGNATURE_PAIRS: usize = 8;

/// Hex length of an HMAC-SHA256 tag; longer `v1` values cannot match.
const TAG_HEX_LEN: usize = 64;

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
    /// The verifier holds no usable secret (each one is empty or whitespace
    /// only), so nothing can verify.
    NoSecret,
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
            Self::NoSecret => f.write_str("persona: webhook: no webhook secret is configured"),
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
    ///
    /// A blank secret (empty or whitespace only) verifies nothing: with no other
    /// secret added, every delivery is refused with [`WebhookError::NoSecret`].
    pub fn new(secret: impl Into<SecretString>) -> Self {
        Self {
            secrets: vec![secret.into()],
            tolerance: DEFAULT_TOLERANCE,
        }
    }

    /// Also accepts signatures made with `secret` (keep the old and the new
    /// secret while rotating). A blank secret is never used.
    pub fn also_accept(mut self, secret: impl Into<SecretString>) -> Self {
        self.secrets.push(secret.into());
        self
    }

    /// How far the signed `t` may be from `now`, either way. `now` counts to
    /// the nanosecond (the signed `t` is whole seconds): with 300 s, a delivery
    /// checked 300.5 s after its `t` is refused, and a part of a second in the
    /// tolerance is kept, neither cut off nor rounded up.
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Checks `header` (the `Persona-Signature` value) against `body`, the raw
    /// bytes as received, at time `now`. The comparison is constant-time.
    /// Blank secrets are skipped; with no other secret, [`WebhookError::NoSecret`].
    ///
    /// A replay of a genuine delivery within the tolerance passes: deduplicate
    /// events by id (see the [module docs](self)).
    pub fn verify(&self, header: &str, body: &[u8], now: SystemTime) -> Result<(), WebhookError> {
        if self.usable_secrets().next().is_none() {
            return Err(WebhookError::NoSecret);
        }
        let pairs = parse_header(header).ok_or(WebhookError::MalformedSignature)?;
        if pairs.is_empty() {
            return Err(WebhookError::MalformedSignature);
        }
        let groups = fresh_groups(&pairs, now, self.tolerance);
        if groups.is_empty() {
            return Err(WebhookError::OutsideTolerance);
        }
        for (timestamp, tags) in groups {
            let message = signed_message(timestamp, body);
            for secret in self.usable_secrets() {
                let expected = hmac_sha256(secret.expose_secret().as_bytes(), &message);
                // Every tag is compared (the core's constant-time check, on
                // ring), so timing does not tell which matched.
                let matched = tags
                    .iter()
                    .fold(false, |found, tag| found | constant_time_eq(&expected, tag));
                if matched {
                    return Ok(());
                }
            }
        }
        Err(WebhookError::SignatureMismatch)
    }

    /// The secrets that can verify: every blank one is left out.
    fn usable_secrets(&self) -> impl Iterator<Item = &SecretString> {
        self.secrets
            .iter()
            .filter(|secret| !is_blank_secret(secret.expose_secret().as_bytes()))
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
    let mut message =
        Vec::with_capacity(timestamp.len().saturating_add(1).saturating_add(body.len()));
    message.extend_from_slice(timestamp.as_bytes());
    message.push(b'.');
    message.extend_from_slice(body);
    message
}

/// Whether the signed second `seconds` is at most `tolerance` from `now`, either
/// way, to the nanosecond of `now`. Counted as durations from the UNIX epoch, so
/// no second overflows (only an unbounded tolerance takes `u64::MAX`), and a
/// `now` before the epoch is that much further from every `t`.
fn is_fresh(seconds: u64, now: SystemTime, tolerance: Duration) -> bool {
    let signed = Duration::from_secs(seconds);
    let distance = match now.duration_since(UNIX_EPOCH) {
        Ok(since) => since
            .checked_sub(signed)
            .or_else(|| signed.checked_sub(since))
            .unwrap_or_default(),
        Err(before) => before.duration().saturating_add(signed),
    };
    distance <= tolerance
}

/// `(t as sent, t, v1)` triples: each `v1` goes with the `t` before it, whether
/// the pairs are separated by spaces or commas. A `t` that is not UNIX seconds
/// voids the `v1`s after it. `None` past [`MAX_SIGNATURE_PAIRS`].
fn parse_header(header: &str) -> Option<Vec<(&str, u64, &str)>> {
    let mut pairs = Vec::new();
    let mut timestamp = None;
    for item in header.split([',', ' ', '\t']).filter(|i| !i.is_empty()) {
        if let Some(t) = item.strip_prefix("t=") {
            timestamp = t.parse::<u64>().ok().map(|seconds| (t, seconds));
        } else if let (Some(v1), Some((t, seconds))) = (item.strip_prefix("v1="), timestamp) {
            if pairs.len() >= MAX_SIGNATURE_PAIRS {
                return None;
            }
            pairs.push((t, seconds, v1));
        }
    }
    Some(pairs)
}

/// The fresh timestamps (as sent), each once, with the decoded tags signed at
/// it: one HMAC per group and secret. Tags that are not 32-byte hex are dropped.
fn fresh_groups<'h>(
    pairs: &[(&'h str, u64, &'h str)],
    now: SystemTime,
    tolerance: Duration,
) -> Vec<(&'h str, Vec<Vec<u8>>)> {
    let mut groups: Vec<(&str, Vec<Vec<u8>>)> = Vec::new();
    for &(timestamp, seconds, signature) in pairs {
        if !is_fresh(seconds, now, tolerance) {
            continue;
        }
        let tag = (signature.len() == TAG_HEX_LEN)
            .then(|| hex_decode(signature))
            .flatten();
        let index = match groups.iter().position(|(t, _)| *t == timestamp) {
            Some(index) => index,
            None => {
                groups.push((timestamp, Vec::new()));
                groups.len().saturating_sub(1)
            }
        };
        if let (Some(tag), Some((_, tags))) = (tag, groups.get_mut(index)) {
            tags.push(tag);
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_pairs_each_signature_with_its_timestamp() {
        let parse = |h| parse_header(h).unwrap();
        assert_eq!(
            parse("t=1,v1=aa t=2,v1=bb"),
            vec![("1", 1, "aa"), ("2", 2, "bb")]
        );
        assert_eq!(
            parse("t=1,v1=aa,v1=cc"),
            vec![("1", 1, "aa"), ("1", 1, "cc")]
        );
        assert_eq!(parse(" t=1 , v1=aa, "), vec![("1", 1, "aa")]);
        assert!(parse("v1=aa").is_empty());
        assert!(parse("t=soon,v1=aa").is_empty());
        assert!(parse("t=1,v1=aa t=x,v1=bb").len() == 1);
        assert!(parse("garbage").is_empty());
        assert!(parse("").is_empty());
    }

    #[test]
    fn more_pairs_than_the_cap_is_no_header() {
        let at_cap = "t=1,v1=aa ".repeat(MAX_SIGNATURE_PAIRS);
        assert_eq!(parse_header(&at_cap).unwrap().len(), MAX_SIGNATURE_PAIRS);
        assert!(parse_header(&format!("{at_cap}t=1,v1=aa")).is_none());
        assert!(parse_header(&"t=1,v1=aa,".repeat(100_000)).is_none());
    }

    #[test]
    fn one_group_per_distinct_fresh_timestamp() {
        let tag = "ab".repeat(32);
        let header = format!("t=10,v1={tag},v1={tag} t=10,v1={tag} t=11,v1={tag} t=99,v1={tag}");
        let pairs = parse_header(&header).unwrap();
        let at = |seconds| UNIX_EPOCH + Duration::from_secs(seconds);
        let groups = fresh_groups(&pairs, at(10), Duration::from_secs(5));
        assert_eq!(groups.len(), 2, "t=10 once, t=11 once, t=99 stale");
        assert_eq!(groups[0].0, "10");
        assert_eq!(groups[0].1.len(), 3);
        assert_eq!(groups[1].0, "11");
    }

    #[test]
    fn signatures_that_are_not_a_tag_are_dropped_unread() {
        let long = "ab".repeat(10_000);
        let header = format!("t=10,v1={long},v1=zz");
        let pairs = parse_header(&header).unwrap();
        let now = UNIX_EPOCH + Duration::from_secs(10);
        let groups = fresh_groups(&pairs, now, Duration::from_secs(5));
        assert_eq!(groups.len(), 1);
        assert!(groups[0].1.is_empty());
    }
}
