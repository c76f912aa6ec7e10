//! Receiver-side parsing of OneSpan notifications.
//!
//! OneSpan calls a configured endpoint (static IP addresses only) when a
//! workflow reaches a configured state. Notifications are **not signed**: treat
//! each one as an unauthenticated hint that a transaction changed, authenticate
//! and rate-limit the endpoint as your receiver decides (the webhook crate's
//! receiver), and read the transaction with [`Client::transaction`](crate::Client::transaction)
//! before acting on it.
//!
//! Two payload shapes are documented: `@timestamp` with a
//! `2020-01-17 00:08:31.118 +0000` value and `type: "notification"`, and
//! `timestamp` in RFC 3339 with `type` naming the event (`consent_accepted`).
//! Both are read; [`Notification::timestamp`] takes whichever is present.
//!
//! Choices where the docs are silent: the docs list the scenarios (transaction
//! created, completed, expired, cancelled, error, ready for lender; session
//! started, ended, error; document selected, presented, downloaded, downloaded
//! for printing, printed, accepted, signed, added; page view created; signature
//! accepted, signed; verifications doc ID, OTP, document with face; audit trail
//! generated, error; consent accepted) but spell only `transaction_created` and
//! `page_next`; the others are spelled the same way (`session_started`,
//! `audit_trail_generated`). Any other trigger is kept as
//! [`NotificationTrigger::Unknown`], and [`Notification::scenario`] still sorts
//! it by its prefix.
//!
//! [`OneSpanWebhooks`] is OneSpan's side of a webhook receiver. Notifications are
//! not signed, so a delivery is an unauthenticated hint (a reason to re-read the
//! transaction, never more) unless an allow-list of OneSpan's static source
//! addresses is configured. Behind a load balancer the peer is the proxy: name it
//! in [`OneSpanWebhooks::trusted_proxies`] and the client address is taken from
//! `X-Forwarded-For`, right to left, skipping only those proxies. A hop with
//! the port some balancers append (`198.51.100.7:5678`, `[2001:db8::7]:443`)
//! names its address (the port says nothing about who sent); a forwarded line
//! that is not text, or a hop that is no address (`host:80`, `1.2.3.4:`),
//! names no client (refused under an allow-list), never the hop left of it.

use std::net::IpAddr;

use txstatus_core::{
    RawBody, Result, Timestamp,
    provider::{decode_json_bytes, from_json_slice},
    webhook::{Delivery, Inbound, Refusal, WebhookSide, client_address},
};

use crate::PROVIDER;
pub use crate::model::{Notification, NotificationTrigger};
use envelope::Envelope;

mod envelope;

/// The documented notification scenarios, for routing without matching every
/// trigger.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scenario {
    /// Transaction created, completed, expired, cancelled, error, ready for lender.
    Transaction,
    /// Session started, ended, error.
    Session,
    /// Document events.
    Document,
    /// Page view events (including `page_next`).
    PageView,
    /// Signature accepted or signed.
    Signature,
    /// Verification results (doc ID, OTP, document with face).
    Verification,
    /// Audit trail generated or error.
    AuditTrail,
    /// Consent accepted.
    Consent,
    /// Anything else.
    Other,
}

impl Scenario {
    fn of(name: &str) -> Self {
        const PREFIXES: [(&str, Scenario); 9] = [
            ("transaction_", Scenario::Transaction),
            ("session_", Scenario::Session),
            ("document_", Scenario::Document),
            ("page_", Scenario::PageView),
            ("signature_", Scenario::Signature),
            ("verification_", Scenario::Verification),
            ("verifications_", Scenario::Verification),
            ("audit_trail_", Scenario::AuditTrail),
            ("consent_", Scenario::Consent),
        ];
        PREFIXES
            .iter()
            .find(|(prefix, _)| name.starts_with(prefix))
            .map_or(Self::Other, |(_, scenario)| *scenario)
    }
}

impl Notification {
    /// Parses a notification body. A body that is not one JSON object of this
    /// shape is a decode error that keeps the body (its `Debug` shows only the
    /// length) and never repeats it in the message.
    pub fn parse(body: &[u8]) -> Result<Self> {
        decode_json_bytes(PROVIDER, 200, &RawBody::new(body.to_vec()))
    }

    /// When it happened: `@timestamp` or `timestamp`, whichever is present
    /// (`@timestamp` first). The `2020-01-17 00:08:31.118 +0000` form is read as
    /// well as RFC 3339; anything else is kept as text (`parsed()` is `None`).
    pub fn timestamp(&self) -> Option<Timestamp> {
        let text = self.at_timestamp.as_deref().or(self.timestamp.as_deref())?;
        let direct = Timestamp::parse(text);
        if direct.parsed().is_some() {
            return Some(direct);
        }
        match spaced_to_rfc3339(text) {
            Some(rfc) if Timestamp::parse(rfc.as_str()).parsed().is_some() => {
                Some(Timestamp::parse(rfc))
            }
            _ => Some(direct),
        }
    }

    /// The documented scenario this notification belongs to, from its trigger
    /// (or, for an unrecognised trigger, its `type`).
    pub fn scenario(&self) -> Scenario {
        let from_trigger = self
            .trigger
            .as_ref()
            .map_or(Scenario::Other, |t| Scenario::of(t.as_str()));
        match (from_trigger, self.kind.as_deref()) {
            (Scenario::Other, Some(kind)) => Scenario::of(kind),
            (scenario, _) => scenario,
        }
    }
}

/// `2020-01-17 00:08:31.118 +0000` -> `2020-01-17T00:08:31.118+00:00`.
fn spaced_to_rfc3339(text: &str) -> Option<String> {
    let (date, rest) = text.trim().split_once(' ')?;
    let (time, offset) = rest.trim().split_once(' ')?;
    let offset = offset.trim();
    if offset.len() != 5 || !offset.is_char_boundary(3) {
        return None;
    }
    let (hours, minutes) = offset.split_at(3);
    Some(format!("{date}T{time}{hours}:{minutes}"))
}

/// Whether an `X-Forwarded-For` line is not text (bytes past ASCII, say).
/// Such a line cannot be read, and skipping it would drop the hop a proxy
/// appended to it, leaving an address the client wrote as the right-most one.
fn forwarded_garbled(headers: &txstatus_core::provider::header::HeaderMap) -> bool {
    headers
        .get_all("x-forwarded-for")
        .iter()
        .any(|value| value.to_str().is_err())
}

/// What refusals name as the failed mechanism.
const SOURCE_ADDRESS: &str = "source address";

/// OneSpan's [`WebhookSide`].
#[derive(Clone, Debug, Default)]
pub struct OneSpanWebhooks {
    /// `None`: no allow-list (every notification a hint); `Some`: only these
    /// sources, and an empty list accepts none.
    allow: Option<Vec<IpAddr>>,
    trusted_proxies: Vec<IpAddr>,
}

impl OneSpanWebhooks {
    /// Every notification is a hint.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only these source addresses are accepted, and their notifications count
    /// as authenticated (OneSpan calls from static addresses). An IPv4 address
    /// also matches its IPv4-mapped IPv6 form (`::ffff:a.b.c.d`), as a
    /// dual-stack listener reports IPv4 peers.
    ///
    /// An empty list accepts no notification at all (every one refused): an
    /// allow-list that lists nobody never falls back to taking notifications
    /// from anyone as hints.
    pub fn allow<I: IntoIterator<Item = IpAddr>>(mut self, addresses: I) -> Self {
        self.allow = Some(addresses.into_iter().map(|a| a.to_canonical()).collect());
        self
    }

    /// Proxies whose `X-Forwarded-For` is believed (matched in either form, as
    /// for [`OneSpanWebhooks::allow`]).
    pub fn trusted_proxies<I: IntoIterator<Item = IpAddr>>(mut self, proxies: I) -> Self {
        self.trusted_proxies = proxies.into_iter().map(|a| a.to_canonical()).collect();
        self
    }
}

impl WebhookSide for OneSpanWebhooks {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    /// UUIDs: one transaction named in two cases is one.
    fn id_case(&self) -> txstatus_core::provider::IdCase {
        crate::ID_CASE
    }

    fn receive(&self, inbound: &Inbound<'_>) -> Result<Delivery, Refusal> {
        if !inbound.method.eq_ignore_ascii_case("POST") {
            return Err(Refusal::Method);
        }
        // One form per address: a dual-stack socket reports an IPv4 peer as
        // `::ffff:a.b.c.d`, which would match neither list as configured.
        let peer = inbound.peer.map(|peer| peer.to_canonical());
        let source = if peer.is_some_and(|peer| self.trusted_proxies.contains(&peer))
            && forwarded_garbled(inbound.headers)
        {
            // A trusted proxy forwarded a line that is not text: the hop it
            // appended may be in it, so what remains readable is only what
            // the client wrote. Nothing names the client.
            None
        } else {
            client_address(peer, inbound.headers, &self.trusted_proxies)
                .map(|source| source.to_canonical())
        };
        let delivery = match &self.allow {
            None => Delivery::hint(PROVIDER),
            Some(allow) if source.is_some_and(|source| allow.contains(&source)) => {
                Delivery::authenticated(PROVIDER)
            }
            Some(_) => return Err(Refusal::Unauthenticated(SOURCE_ADDRESS)),
        };
        let delivery = delivery.with_source(source);
        // Only the members needed to re-read are decoded: no shape of any other
        // member (a numeric `@timestamp`, a `message` object) loses the re-read.
        let Ok(Envelope {
            transaction_id,
            trigger,
            kind,
        }) = from_json_slice::<Envelope>(inbound.body)
        else {
            return Ok(delivery);
        };
        Ok(delivery
            .with_transaction_id(transaction_id.usable_id())
            .with_event_name(trigger.usable_id().or_else(|| kind.usable_id())))
    }
}
