//! Persona's side of a webhook receiver: [`PersonaWebhooks`] authenticates with
//! `Persona-Signature` (through [`WebhookVerifier`]: rotation pairs, tolerance,
//! capped pairs) and reads only the event id, event name and object id.
//!
//! A webhook is pinned to its own API version and key inflection, which can
//! differ from the client's: the three values read here are single-word keys
//! (`data`, `id`, `attributes`, `name`, `payload`, `type`), so kebab, camel and
//! snake inflections read alike; nothing else in the body is decoded, and each
//! value read is a scalar as its text or nothing (`envelope.rs`), so no member's
//! type keeps a genuine delivery from routing.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use txstatus_core::{
    provider::header::HeaderMap,
    webhook::{Delivery, Inbound, Refusal, WebhookSide},
};

use super::{
    SIGNATURE_HEADER, WebhookVerifier,
    envelope::{Envelope, EnvelopeObject},
};
use crate::PROVIDER;

/// Header with the UNIX second Persona first tried this delivery.
pub const FIRST_ATTEMPTED_HEADER: &str = "Persona-Webhook-First-Attempted-At";

/// How long Persona keeps resending a delivery (doc: retries over days); the
/// deduplication TTL runs to the first attempt plus this plus [`RETRY_MARGIN`].
pub const RETRY_WINDOW: Duration = Duration::from_secs(3 * 24 * 60 * 60);

/// Slack on top of the retry window for clock skew and slow retries.
pub const RETRY_MARGIN: Duration = Duration::from_secs(6 * 60 * 60);

/// Persona's [`WebhookSide`].
#[derive(Clone, Debug)]
pub struct PersonaWebhooks {
    verifier: WebhookVerifier,
}

impl PersonaWebhooks {
    /// A side checking signatures with `verifier` (add rotation secrets and the
    /// tolerance there).
    pub fn new(verifier: WebhookVerifier) -> Self {
        Self { verifier }
    }
}

impl WebhookSide for PersonaWebhooks {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    fn receive(&self, inbound: &Inbound<'_>) -> Result<Delivery, Refusal> {
        if !inbound.method.eq_ignore_ascii_case("POST") {
            return Err(Refusal::Method);
        }
        let header =
            signature_lines(inbound.headers).ok_or(Refusal::Unauthenticated(SIGNATURE_HEADER))?;
        self.verifier
            .verify(&header, inbound.body, inbound.now)
            .map_err(|_| Refusal::Unauthenticated(SIGNATURE_HEADER))?;
        let horizon = retry_horizon(
            only_line(inbound.headers, FIRST_ATTEMPTED_HEADER),
            inbound.now,
        );
        let delivery = Delivery::authenticated(PROVIDER).with_retry_horizon(horizon);
        // Authenticated: an unknown shape is still accepted (the sweep reconciles it).
        let Ok(Envelope { data: Some(data) }) =
            txstatus_core::provider::from_json_slice::<Envelope>(inbound.body)
        else {
            return Ok(delivery);
        };
        let (name, object) = match data.attributes {
            Some(attributes) => (attributes.name, attributes.payload.and_then(|p| p.data)),
            None => (Default::default(), None),
        };
        // Only an object whose type is `transaction` names one to re-read.
        let transaction_id = object.and_then(|EnvelopeObject { id, kind }| {
            (kind.0.as_deref() == Some("transaction"))
                .then(|| id.usable_id())
                .flatten()
        });
        Ok(delivery
            .with_event_id(data.id.usable_id())
            .with_event_name(name.usable_id())
            .with_transaction_id(transaction_id))
    }
}

/// Every `Persona-Signature` line, in order, as one value: repeated field lines
/// mean what one line listing their values means (RFC 9110, section 5.3), so a
/// pair verifies on whichever line it is, whether or not a proxy combined them,
/// and the verifier's pair cap counts the pairs of every line. A line that is
/// not text holds no pair and is skipped. `None` when no line is text.
fn signature_lines(headers: &HeaderMap) -> Option<String> {
    let mut lines = headers
        .get_all(SIGNATURE_HEADER)
        .iter()
        .filter_map(|value| value.to_str().ok());
    let first = lines.next()?.to_owned();
    Some(lines.fold(first, |mut all, line| {
        all.push(' ');
        all.push_str(line);
        all
    }))
}

/// A header sent on exactly one line, as text. The sender writes an unsigned
/// header (`Persona-Webhook-First-Attempted-At`): on two lines it names nothing,
/// since which one would be meant?
fn only_line<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    let mut lines = headers.get_all(name).iter();
    let line = lines.next()?;
    if lines.next().is_some() {
        return None;
    }
    line.to_str().ok()
}

/// How long from `now` Persona may still resend: to the first attempt plus the
/// retry window and margin; the whole window when the header is absent or garbled.
fn retry_horizon(first_attempted: Option<&str>, now: SystemTime) -> Duration {
    let full = RETRY_WINDOW.saturating_add(RETRY_MARGIN);
    let Some(first) = first_attempted.and_then(|text| text.trim().parse::<u64>().ok()) else {
        return full;
    };
    let now = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let end = first.saturating_add(full.as_secs());
    // Never shorter than the margin: a delivery is at least remembered that long,
    // and never longer than the full window (a first attempt "in the future").
    Duration::from_secs(end.saturating_sub(now))
        .max(RETRY_MARGIN)
        .min(full)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn horizon_runs_from_the_first_attempt() {
        let now = UNIX_EPOCH + Duration::from_secs(1_000_000);
        let full = RETRY_WINDOW + RETRY_MARGIN;
        assert_eq!(retry_horizon(None, now), full);
        assert_eq!(retry_horizon(Some("1000000"), now), full);
        assert_eq!(
            retry_horizon(Some("999000"), now),
            full - Duration::from_secs(1000)
        );
        assert_eq!(retry_horizon(Some("1"), now), RETRY_MARGIN);
        assert_eq!(retry_horizon(Some("99999999999"), now), full);
        assert_eq!(retry_horizon(Some("soon"), now), full);
    }
}
