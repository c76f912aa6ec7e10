//! What the handlers of one sandbox instance share.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::credentials::Credentials;
use crate::fixtures::Documents;
use crate::jwt::Verifier;
use crate::persona_store::PersonaStore;
use crate::scenario::Scenarios;
use crate::stats::Counters;
use crate::tokens::TokenStore;

/// The state of one sandbox instance.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) credentials: Credentials,
    /// `http://127.0.0.1:<port>`.
    pub(crate) root_url: String,
    pub(crate) idscan_jwt: Verifier,
    pub(crate) scenarios: Scenarios,
    pub(crate) counters: Counters,
    pub(crate) checkout_tokens: TokenStore,
    pub(crate) documents: Documents,
    pub(crate) persona_limit: PersonaLimit,
    /// Persona transactions besides the scenario ids (generated, created, redacted).
    pub(crate) persona_store: PersonaStore,
    /// The iDIN transactions `POST /transaction` issued.
    pub(crate) idin_issued: crate::cm_idin::IssuedStore,
    /// Transactions, refunds and subscriptions created through the CM endpoints.
    pub(crate) cm_flows: crate::cm_flows::CmFlows,
    request_ids: AtomicU64,
    /// Bytes charged so far for what clients created ([`Shared::charge`]).
    kept_bytes: AtomicU64,
    /// The most [`Shared::charge`] allows.
    max_kept_bytes: AtomicU64,
}

/// The default budget for what clients create in one instance (bodies, documents,
/// idempotency copies): 256 MiB. Past it a create is refused with 507, so a client
/// creating in a loop cannot exhaust the machine.
pub const DEFAULT_MAX_KEPT_BYTES: u64 = 256 * 1024 * 1024;

/// What each created object is charged besides its body (ids, timestamps, map
/// entries), so many small creates are bounded too.
const OBJECT_OVERHEAD: u64 = 256;

impl Shared {
    pub(crate) fn new(
        credentials: Credentials,
        root_url: String,
        checkout_token_lifetime: Duration,
        persona_rate_limit: u32,
    ) -> Self {
        Shared {
            idscan_jwt: Verifier::new(&credentials.idscan_key_id, &credentials.idscan_secret),
            credentials,
            root_url,
            scenarios: Scenarios::default(),
            counters: Counters::default(),
            checkout_tokens: TokenStore::new(checkout_token_lifetime),
            documents: Documents::default(),
            persona_limit: PersonaLimit::new(persona_rate_limit),
            persona_store: PersonaStore::default(),
            idin_issued: crate::cm_idin::IssuedStore::default(),
            cm_flows: crate::cm_flows::CmFlows::default(),
            request_ids: AtomicU64::new(0),
            kept_bytes: AtomicU64::new(0),
            max_kept_bytes: AtomicU64::new(DEFAULT_MAX_KEPT_BYTES),
        }
    }

    /// Sets the budget [`Shared::charge`] spends.
    pub(crate) fn set_max_kept_bytes(&self, max: u64) {
        self.max_kept_bytes.store(max, Ordering::Relaxed);
    }

    /// Charges a created object kept with `bytes` of client data (`copies` times:
    /// a body kept twice, as an idempotency copy and as the object, counts twice).
    /// False, and nothing charged, when the budget would be exceeded: the create
    /// must be refused ([`crate::respond::storage_full`]).
    pub(crate) fn charge(&self, bytes: usize, copies: u64) -> bool {
        let cost = u64::try_from(bytes)
            .unwrap_or(u64::MAX)
            .saturating_mul(copies)
            .saturating_add(OBJECT_OVERHEAD);
        let max = self.max_kept_bytes.load(Ordering::Relaxed);
        self.kept_bytes
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |kept| {
                kept.checked_add(cost).filter(|total| *total <= max)
            })
            .is_ok()
    }

    /// A fresh `Request-Id` value.
    pub(crate) fn next_request_id(&self) -> String {
        let serial = self
            .request_ids
            .fetch_add(1, Ordering::Relaxed)
            .saturating_add(1);
        format!("sbx-req-{serial:012x}")
    }
}

/// The current time in UNIX seconds (for JWT claims).
pub(crate) fn unix_now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

/// Persona's advertised rate limit: a fixed one-minute window whose use is reported in
/// `RateLimit-*` headers. It is reported, never enforced (benchmarks run far above it);
/// the `RATE_LIMITED` scenario is how a client meets a 429.
#[derive(Debug)]
pub(crate) struct PersonaLimit {
    limit: u32,
    window: Mutex<(Instant, u32)>,
}

/// One response's `RateLimit-Limit`, `-Remaining` and `-Reset` (seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LimitHeaders {
    pub(crate) limit: u32,
    pub(crate) remaining: u32,
    pub(crate) reset: u64,
}

impl PersonaLimit {
    const WINDOW: Duration = Duration::from_secs(60);

    fn new(limit: u32) -> Self {
        PersonaLimit {
            limit,
            window: Mutex::new((Instant::now(), 0)),
        }
    }

    /// Counts one request at `now` and returns the headers to send with it.
    pub(crate) fn hit(&self, now: Instant) -> LimitHeaders {
        let mut window = self.window.lock().unwrap_or_else(PoisonError::into_inner);
        if now.saturating_duration_since(window.0) >= Self::WINDOW {
            *window = (now, 0);
        }
        window.1 = window.1.saturating_add(1);
        let elapsed = now.saturating_duration_since(window.0);
        LimitHeaders {
            limit: self.limit,
            remaining: self.limit.saturating_sub(window.1),
            reset: Self::WINDOW.saturating_sub(elapsed).as_secs().max(1),
        }
    }
}
