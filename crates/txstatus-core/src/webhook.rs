//! The provider side of receiving webhooks: authenticate a delivery and read
//! only what is needed to re-read the transaction.
//!
//! Each provider crate implements [`WebhookSide`] in its own crate, so a team
//! compiles only its provider; the receiver (`txstatus-webhooks`) holds
//! `Box<dyn WebhookSide>` and never trusts a delivery's own status: it re-reads
//! the transaction through the provider's [`StatusSource`](crate::StatusSource).
//!
//! A side for a provider that authenticates with a header or a URL token is a
//! few lines: compare what was sent with the configured secret in constant time
//! ([`secret_matches`]: a blank secret, empty or whitespace only, matches
//! nothing), refuse with [`Refusal::Unauthenticated`], and return
//! [`Delivery::authenticated`] with the transaction id and event id the
//! provider's own parser reads.
//!
//! ```
//! use txstatus_core::webhook::{Delivery, Inbound, Refusal, WebhookSide};
//!
//! #[derive(Debug)]
//! struct HeaderSide;
//!
//! impl WebhookSide for HeaderSide {
//!     fn provider(&self) -> &'static str {
//!         "example"
//!     }
//!     fn receive(&self, inbound: &Inbound<'_>) -> Result<Delivery, Refusal> {
//!         let sent = inbound.header("x-secret").unwrap_or_default();
//!         if !txstatus_core::webhook::secret_matches(sent.as_bytes(), b"s3cret") {
//!             return Err(Refusal::Unauthenticated("x-secret header"));
//!         }
//!         Ok(Delivery::authenticated("example").with_transaction_id(Some("tx-1".into())))
//!     }
//! }
//! ```

use std::{
    collections::BTreeMap,
    fmt,
    net::IpAddr,
    time::{Duration, SystemTime},
};

use serde::Serialize;

use crate::{BoxFuture, error::Result, provider::header::HeaderMap};

/// Bodies larger than this are refused (413) unless a side says otherwise.
pub const DEFAULT_MAX_BODY: usize = 256 * 1024;

/// How long an event id is remembered when the provider does not say how long it
/// retries: three days, longer than the providers here retry.
pub const DEFAULT_DEDUPE_TTL: Duration = Duration::from_secs(3 * 24 * 60 * 60);

/// One HTTP request as received, before anything is trusted.
#[derive(Clone, Copy)]
pub struct Inbound<'a> {
    /// Request method (`POST`).
    pub method: &'a str,
    /// Request headers.
    pub headers: &'a HeaderMap,
    /// The peer address of the connection (a proxy's, behind a load balancer).
    pub peer: Option<IpAddr>,
    /// The path and query as requested (Checkout's token travels in it). Never logged.
    pub target: &'a str,
    /// The raw body bytes, exactly as received: signatures cover these.
    pub body: &'a [u8],
    /// Wall-clock now, for signature tolerances.
    pub now: SystemTime,
}

impl fmt::Debug for Inbound<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Inbound")
            .field("method", &self.method)
            .field("headers", &self.headers.len())
            .field("peer", &self.peer)
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}

impl Inbound<'_> {
    /// A header's value as text, when sent once and valid text. A header sent
    /// on several lines gives `None`: which copy counts is not for this helper
    /// to guess (a proxy's repeat, or a forged second value); read every line
    /// with `headers.get_all(name)` where repeats are allowed.
    pub fn header(&self, name: &str) -> Option<&str> {
        let mut lines = self.headers.get_all(name).iter();
        let first = lines.next()?;
        if lines.next().is_some() {
            return None;
        }
        first.to_str().ok()
    }
}

/// Whether the sender was proven to be the provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Trust {
    /// Signed, or carried a secret only the provider knows.
    Authenticated,
    /// Anyone could have sent it: a reason to re-read, never more.
    Hint,
}

/// What a delivery says, once its side accepted it. Holds no personal data
/// when the sender keeps to its documented shapes; anyone can send a hint, so
/// `Debug` shows an id, event name or hint only when it is a plain token
/// without a personal number, and withholds any other.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Delivery {
    /// Provider name, as the provider's `StatusSource` reports it.
    pub provider: &'static str,
    /// Authenticated or a hint.
    pub trust: Trust,
    /// The transaction to re-read; `None` when the body's shape is unknown.
    pub transaction_id: Option<String>,
    /// The provider's event id, when it gives one (the deduplication key).
    pub event_id: Option<String>,
    /// The provider's event name or trigger, when it gives one.
    pub event_name: Option<String>,
    /// Verified, non-personal hints (ID Scan's `resultId`): only from authenticated
    /// deliveries.
    pub hints: BTreeMap<String, String>,
    /// How long the provider may still resend this event: the deduplication TTL.
    pub retry_horizon: Duration,
    /// Who sent a hint (after trusted proxies), for per-source rate limits.
    pub source: Option<IpAddr>,
}

/// Sender-given text in `Debug`: shown when a plain token of at most
/// [`MAX_ID_LEN`](crate::provider::MAX_ID_LEN) characters without a personal
/// number, else withheld with its length.
fn shown(text: &str) -> crate::message::ShownToken<'_> {
    crate::message::ShownToken(text, crate::id::MAX_ID_LEN)
}

/// The hints of a delivery in `Debug`, each key and value under [`shown`].
struct ShownHints<'a>(&'a BTreeMap<String, String>);

impl fmt::Debug for ShownHints<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(key, value)| (shown(key), shown(value))))
            .finish()
    }
}

impl fmt::Debug for Delivery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Delivery")
            .field("provider", &self.provider)
            .field("trust", &self.trust)
            .field("transaction_id", &self.transaction_id.as_deref().map(shown))
            .field("event_id", &self.event_id.as_deref().map(shown))
            .field("event_name", &self.event_name.as_deref().map(shown))
            .field("hints", &ShownHints(&self.hints))
            .field("retry_horizon", &self.retry_horizon)
            .field("source", &self.source)
            .finish()
    }
}

impl Delivery {
    fn new(provider: &'static str, trust: Trust) -> Self {
        Self {
            provider,
            trust,
            transaction_id: None,
            event_id: None,
            event_name: None,
            hints: BTreeMap::new(),
            retry_horizon: DEFAULT_DEDUPE_TTL,
            source: None,
        }
    }

    /// An authenticated delivery; add what it says with the `with_*` methods.
    pub fn authenticated(provider: &'static str) -> Self {
        Self::new(provider, Trust::Authenticated)
    }

    /// An unauthenticated hint.
    pub fn hint(provider: &'static str) -> Self {
        Self::new(provider, Trust::Hint)
    }

    /// Sets the transaction id.
    pub fn with_transaction_id(mut self, id: Option<String>) -> Self {
        self.transaction_id = id.filter(|id| crate::provider::id_problem(id).is_none());
        self
    }

    /// Sets the event id. An id that is no usable id (empty, `.`/`..`, over 256
    /// bytes, a control character: [`id_problem`](crate::provider::id_problem))
    /// names nothing: it ends up in store keys and in printed transitions.
    pub fn with_event_id(mut self, id: Option<String>) -> Self {
        self.event_id = id.filter(|id| crate::provider::id_problem(id).is_none());
        self
    }

    /// Sets the event name, under the same rule as the event id (it is printed
    /// and logged with the transition).
    pub fn with_event_name(mut self, name: Option<String>) -> Self {
        self.event_name = name.filter(|name| crate::provider::id_problem(name).is_none());
        self
    }

    /// Adds a verified hint (ignored on an unauthenticated delivery, and when
    /// the key or the value is no plain token without a personal number: hints
    /// are printed and logged with the transition they lead to, and a sender may
    /// put a name or an email address where an id goes).
    pub fn with_hint(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        let (key, value) = (key.into(), value.into());
        if self.trust == Trust::Authenticated
            && crate::message::is_machine_token(&key, crate::id::MAX_ID_LEN)
            && crate::message::is_machine_token(&value, crate::id::MAX_ID_LEN)
        {
            self.hints.insert(key, value);
        }
        self
    }

    /// Sets how long the provider may resend this event.
    pub fn with_retry_horizon(mut self, horizon: Duration) -> Self {
        self.retry_horizon = horizon;
        self
    }

    /// Sets who sent it.
    pub fn with_source(mut self, source: Option<IpAddr>) -> Self {
        self.source = source;
        self
    }

    /// The delivery with the `with_*` rules applied again to its public fields:
    /// a side that set `transaction_id`, `event_id`, `event_name` or `hints`
    /// directly cannot pass on an id that is no usable id, or a hint that is no
    /// plain token (or any hint on an unauthenticated delivery). The receiver
    /// calls it on what every side returns.
    pub fn checked(mut self) -> Self {
        let transaction_id = self.transaction_id.take();
        let event_id = self.event_id.take();
        let event_name = self.event_name.take();
        let hints = std::mem::take(&mut self.hints);
        hints
            .into_iter()
            .fold(self, |delivery, (key, value)| {
                delivery.with_hint(key, value)
            })
            .with_transaction_id(transaction_id)
            .with_event_id(event_id)
            .with_event_name(event_name)
    }

    /// Whether the delivery was authenticated.
    pub fn is_authenticated(&self) -> bool {
        self.trust == Trust::Authenticated
    }
}

/// Why a delivery was refused. Never says which secret or what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal {
    /// Signature, header, token or source address failed (HTTP 401); names the
    /// mechanism only.
    Unauthenticated(&'static str),
    /// Not a method this endpoint takes (HTTP 405).
    Method,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unauthenticated(what) => write!(f, "webhook refused: {what} did not verify"),
            Self::Method => f.write_str("webhook refused: method not allowed"),
        }
    }
}

impl std::error::Error for Refusal {}

/// A provider's side of receiving webhooks: authenticate, then parse only what
/// the receiver needs. Cheap and synchronous: it runs before the acknowledgement.
pub trait WebhookSide: Send + Sync + fmt::Debug {
    /// Provider name (the same as its `StatusSource::provider`).
    fn provider(&self) -> &'static str;

    /// Largest body accepted (413 above it).
    fn max_body(&self) -> usize {
        DEFAULT_MAX_BODY
    }

    /// Authenticates `inbound` and reads what it says. An authenticated body of
    /// an unknown shape is `Ok` with no transaction id: refusing it would make the
    /// provider resend it for days.
    fn receive(&self, inbound: &Inbound<'_>) -> std::result::Result<Delivery, Refusal>;

    /// How this provider's transaction ids compare. With
    /// [`IdCase::IgnoreAscii`](crate::provider::IdCase::IgnoreAscii) (UUIDs) a
    /// receiver keys, reads and reports them in ASCII lower case
    /// ([`transaction_key`]), so one transaction named in two cases is one:
    /// deduplicated and ordered once, never reported twice or backwards.
    fn id_case(&self) -> crate::provider::IdCase {
        crate::provider::IdCase::Exact
    }
}

/// The form of a transaction id a receiver keys it by: as sent for
/// [`IdCase::Exact`](crate::provider::IdCase::Exact), in ASCII lower case for
/// [`IdCase::IgnoreAscii`](crate::provider::IdCase::IgnoreAscii).
pub fn transaction_key(case: crate::provider::IdCase, id: String) -> String {
    match case {
        crate::provider::IdCase::Exact => id,
        crate::provider::IdCase::IgnoreAscii => id.to_ascii_lowercase(),
    }
}

/// One entry of a provider's event list (Persona's `/events`): what a sweep
/// needs. `Debug` shows each member only when it is a plain token without a
/// personal number, as [`Delivery`]'s does.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct FeedEvent {
    /// Event id.
    pub event_id: String,
    /// Event name.
    pub event_name: Option<String>,
    /// The transaction it is about, if it is about one.
    pub transaction_id: Option<String>,
}

impl fmt::Debug for FeedEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FeedEvent")
            .field("event_id", &shown(&self.event_id))
            .field("event_name", &self.event_name.as_deref().map(shown))
            .field("transaction_id", &self.transaction_id.as_deref().map(shown))
            .finish()
    }
}

impl FeedEvent {
    /// An entry.
    pub fn new(
        event_id: String,
        event_name: Option<String>,
        transaction_id: Option<String>,
    ) -> Self {
        Self {
            event_id,
            event_name,
            transaction_id,
        }
    }
}

/// A provider's list of past events, newest last, so a sweep catches what
/// deliveries missed. [`events_after`](Self::events_after) returns a
/// [`BoxFuture`]; implementations write `Box::pin(async move { .. })`.
pub trait EventFeed: Send + Sync + fmt::Debug {
    /// Provider name.
    fn provider(&self) -> &'static str;

    /// Up to `limit` events newer than `after` (all recent ones when `None`),
    /// oldest first.
    fn events_after<'a>(
        &'a self,
        after: Option<&'a str>,
        limit: usize,
    ) -> BoxFuture<'a, Result<Vec<FeedEvent>>>;
}

/// Whether a configured secret is blank: empty, or whitespace only (Unicode
/// `White_Space`). A blank secret authenticates nothing: anyone can send an empty
/// header or token, and anyone can sign with an empty HMAC key. Every check of a
/// delivery against a configured secret or key in this workspace goes through
/// this rule ([`secret_matches`], [`constant_time_eq`],
/// [`verify_hmac_sha256`](crate::crypto::verify_hmac_sha256), and the provider
/// verifiers that sign with their secret).
pub fn is_blank_secret(secret: &[u8]) -> bool {
    std::str::from_utf8(secret).is_ok_and(|text| text.trim().is_empty())
}

/// Whether `given` (what a request carried) is the `configured` secret, in
/// constant time: both go through HMAC-SHA256 under a fixed key and ring's
/// constant-time `verify` compares the tags, so neither the content nor the
/// length of the secret leaks through timing.
///
/// Always `false` when `configured` is blank ([`is_blank_secret`]), whatever was
/// sent: an unset secret never authenticates a delivery.
pub fn secret_matches(given: &[u8], configured: &[u8]) -> bool {
    const KEY: &[u8] = b"txstatus webhook secret comparison";
    if is_blank_secret(configured) {
        return false;
    }
    let tag = crate::crypto::hmac_sha256(KEY, configured);
    crate::crypto::verify_hmac_sha256(KEY, given, &tag)
}

/// Compares two secrets in constant time (neither content nor length leaks);
/// `false` when either is blank ([`is_blank_secret`]: equal values are blank
/// alike). The same check as [`secret_matches`], which names the configured side.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    secret_matches(a, b)
}

/// The client address of a request: the peer, or, when the peer is a trusted
/// proxy, the right-most `X-Forwarded-For` entry that is not itself a trusted
/// proxy. Entries a client wrote itself (left of the proxies) are never used.
pub fn client_address(
    peer: Option<IpAddr>,
    headers: &HeaderMap,
    trusted_proxies: &[IpAddr],
) -> Option<IpAddr> {
    // One form for every address: a dual-stack listener reports an IPv4 peer as
    // `::ffff:a.b.c.d`, which must match `a.b.c.d` in the trusted list.
    let trusted = |address: &IpAddr| {
        trusted_proxies
            .iter()
            .any(|proxy| proxy.to_canonical() == address.to_canonical())
    };
    let peer = peer?.to_canonical();
    if !trusted(&peer) {
        return Some(peer);
    }
    // A line that is not text is garbled as a whole: skipping it would drop the
    // hop the proxy appended and make a client-written hop the right-most.
    let mut lines = Vec::new();
    for value in headers.get_all("x-forwarded-for") {
        lines.push(value.to_str().ok()?);
    }
    let mut hops = lines
        .into_iter()
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect::<Vec<_>>();
    while let Some(hop) = hops.pop() {
        let Some(address) = forwarded_hop(hop) else {
            // A garbled hop: nothing left of it can be trusted.
            return None;
        };
        if !trusted(&address) {
            return Some(address);
        }
    }
    None
}

/// One `X-Forwarded-For` hop as an address: bare (`1.2.3.4`, `2001:db8::1`),
/// bracketed (`[2001:db8::1]`), or with the port some balancers append
/// (`1.2.3.4:5678`, `[2001:db8::1]:443`). The port says nothing about who sent.
fn forwarded_hop(hop: &str) -> Option<IpAddr> {
    let address = match hop.parse::<IpAddr>() {
        Ok(address) => address,
        Err(_) => match hop.parse::<std::net::SocketAddr>() {
            Ok(socket) => socket.ip(),
            Err(_) => hop
                .strip_prefix('[')?
                .strip_suffix(']')?
                .parse::<std::net::Ipv6Addr>()
                .ok()?
                .into(),
        },
    };
    Some(address.to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::header::HeaderValue;

    #[test]
    fn a_header_sent_on_several_lines_is_no_single_value() {
        let mut headers = HeaderMap::new();
        headers.append("x-secret", HeaderValue::from_static("right"));
        headers.insert("x-once", HeaderValue::from_static("once"));
        headers.insert("x-binary", HeaderValue::from_bytes(b"\xff").unwrap());
        fn inbound(headers: &HeaderMap) -> Inbound<'_> {
            Inbound {
                method: "POST",
                headers,
                peer: None,
                target: "/",
                body: b"",
                now: SystemTime::UNIX_EPOCH,
            }
        }
        assert_eq!(inbound(&headers).header("x-secret"), Some("right"));
        assert_eq!(inbound(&headers).header("X-Once"), Some("once"));
        assert_eq!(inbound(&headers).header("x-binary"), None);
        assert_eq!(inbound(&headers).header("x-missing"), None);
        // A forged or repeated second line: neither copy is the value.
        headers.append("x-secret", HeaderValue::from_static("forged"));
        assert_eq!(inbound(&headers).header("x-secret"), None);
        headers.append("x-once", HeaderValue::from_static("once"));
        assert_eq!(inbound(&headers).header("x-once"), None);
    }

    #[test]
    fn a_forwarded_hop_with_a_port_or_brackets_names_its_address() {
        let proxies = [ip("10.0.0.1"), ip("10.0.0.2")];
        for (line, client) in [
            ("198.51.100.7:5678", "198.51.100.7"),
            ("1.2.3.4, 198.51.100.7:5678, 10.0.0.2:80", "198.51.100.7"),
            ("[2001:db8::7]:443", "2001:db8::7"),
            ("[2001:db8::7]", "2001:db8::7"),
            ("[::ffff:198.51.100.7]:1", "198.51.100.7"),
        ] {
            let mut headers = HeaderMap::new();
            headers.insert("x-forwarded-for", HeaderValue::from_str(line).unwrap());
            assert_eq!(
                client_address(Some(ip("10.0.0.1")), &headers, &proxies),
                Some(ip(client)),
                "{line}"
            );
        }
        for garbled in [
            "198.51.100.7:",
            "[2001:db8::7",
            "2001:db8::7]:1",
            "[1.2.3.4]",
            "1.2.3.4:99999",
            "host:80",
        ] {
            let mut headers = HeaderMap::new();
            headers.insert("x-forwarded-for", HeaderValue::from_str(garbled).unwrap());
            assert_eq!(
                client_address(Some(ip("10.0.0.1")), &headers, &proxies),
                None,
                "{garbled}"
            );
        }
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_static("10.0.0.9"));
        assert_eq!(
            client_address(Some(ip("203.0.113.5")), &headers, &[ip("10.0.0.1")]),
            Some(ip("203.0.113.5"))
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_rightmost_untrusted_hop_is_the_client() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("1.2.3.4, 198.51.100.7, 10.0.0.2"),
        );
        let proxies = [ip("10.0.0.1"), ip("10.0.0.2")];
        assert_eq!(
            client_address(Some(ip("10.0.0.1")), &headers, &proxies),
            Some(ip("198.51.100.7"))
        );
    }

    #[test]
    fn a_forwarded_line_that_is_not_text_yields_no_client() {
        let mut headers = HeaderMap::new();
        headers.append("x-forwarded-for", HeaderValue::from_static("198.51.100.1"));
        headers.append(
            "x-forwarded-for",
            HeaderValue::from_bytes(b"\xff, 203.0.113.5").unwrap(),
        );
        let proxies = [ip("10.0.0.1")];
        assert_eq!(
            client_address(Some(ip("10.0.0.1")), &headers, &proxies),
            None
        );
    }

    #[test]
    fn a_trusted_proxy_without_a_forwarded_client_yields_none() {
        let headers = HeaderMap::new();
        assert_eq!(
            client_address(Some(ip("10.0.0.1")), &headers, &[ip("10.0.0.1")]),
            None
        );
    }

    #[test]
    fn addresses_match_the_trusted_list_in_their_ipv4_mapped_form_too() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("6.6.6.6, ::ffff:198.51.100.7, ::ffff:10.0.0.2"),
        );
        // Peer mapped, list plain; a hop mapped, list plain.
        let proxies = [ip("10.0.0.1"), ip("10.0.0.2")];
        assert_eq!(
            client_address(Some(ip("::ffff:10.0.0.1")), &headers, &proxies),
            Some(ip("198.51.100.7"))
        );
        // Peer plain, list mapped.
        let mapped = [ip("::ffff:10.0.0.1"), ip("::ffff:10.0.0.2")];
        assert_eq!(
            client_address(Some(ip("10.0.0.1")), &headers, &mapped),
            Some(ip("198.51.100.7"))
        );
        // An untrusted mapped peer is the client, in one form.
        assert_eq!(
            client_address(Some(ip("::ffff:203.0.113.5")), &headers, &proxies),
            Some(ip("203.0.113.5"))
        );
    }

    #[test]
    fn event_ids_and_names_that_are_no_usable_id_name_nothing() {
        let long = "e".repeat(257);
        for bad in [
            "",
            ".",
            "..",
            "e\u{1}",
            "\u{1b}[31m",
            "a\u{85}b",
            "x\ny",
            long.as_str(),
        ] {
            let delivery = Delivery::authenticated("p")
                .with_event_id(Some(bad.to_owned()))
                .with_event_name(Some(bad.to_owned()));
            assert_eq!(delivery.event_id, None, "{bad:?}");
            assert_eq!(delivery.event_name, None, "{bad:?}");
        }
        let good = Delivery::authenticated("p")
            .with_event_id(Some("evt_123".to_owned()))
            .with_event_name(Some("transaction.completed".to_owned()));
        assert_eq!(good.event_id.as_deref(), Some("evt_123"));
        assert_eq!(good.event_name.as_deref(), Some("transaction.completed"));
    }

    #[test]
    fn checked_applies_the_id_rules_to_fields_a_side_set_directly() {
        let mut delivery = Delivery::authenticated("p");
        delivery.transaction_id = Some("..".to_owned());
        delivery.event_id = Some("e\u{1b}".to_owned());
        delivery.event_name = Some("n".repeat(300));
        let delivery = delivery.checked();
        assert_eq!(delivery.transaction_id, None);
        assert_eq!(delivery.event_id, None);
        assert_eq!(delivery.event_name, None);
        let mut fine = Delivery::authenticated("p");
        fine.transaction_id = Some("tx_1".to_owned());
        fine.event_id = Some("evt_1".to_owned());
        assert_eq!(
            fine.clone().checked().transaction_id.as_deref(),
            Some("tx_1")
        );
        assert_eq!(fine.checked().event_id.as_deref(), Some("evt_1"));
    }

    #[test]
    fn hints_are_kept_only_on_authenticated_deliveries() {
        let hint = Delivery::hint("p").with_hint("resultId", "r1");
        assert!(hint.hints.is_empty());
        let auth = Delivery::authenticated("p").with_hint("resultId", "r1");
        assert_eq!(auth.hints.get("resultId").map(String::as_str), Some("r1"));
    }

    #[test]
    fn constant_time_eq_compares_whole_values() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(secret_matches(b"abc", b"abc"));
        assert!(!secret_matches(b"abc", b"abcd"));
    }

    #[test]
    fn a_blank_configured_secret_matches_nothing_not_even_itself() {
        for blank in ["", " ", "   ", "\t", "\r\n", " \u{a0}\u{2003} "] {
            let blank = blank.as_bytes();
            assert!(is_blank_secret(blank), "{blank:?}");
            assert!(!secret_matches(blank, blank), "{blank:?}");
            assert!(!secret_matches(b"", blank), "{blank:?}");
            assert!(!secret_matches(b"anything", blank), "{blank:?}");
            assert!(!constant_time_eq(blank, blank), "{blank:?}");
            assert!(!constant_time_eq(b"", blank), "{blank:?}");
        }
    }

    #[test]
    fn a_secret_with_text_is_not_blank_even_with_spaces_around_it() {
        for secret in ["s", " s3cret ", "\u{0}", "tok en"] {
            assert!(!is_blank_secret(secret.as_bytes()), "{secret:?}");
            assert!(secret_matches(secret.as_bytes(), secret.as_bytes()));
        }
        assert!(!is_blank_secret(&[0xff, 0x20]));
        assert!(!secret_matches(b"s3cret", b" s3cret "));
    }

    #[test]
    fn invalid_transaction_ids_are_dropped() {
        let delivery = Delivery::hint("p").with_transaction_id(Some("..".into()));
        assert_eq!(delivery.transaction_id, None);
    }
}
