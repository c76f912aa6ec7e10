//! Where the receiver records what it accepted and what it observed.
//!
//! Every method is one atomic operation, so replicas sharing a store (the Redis
//! store of the next issue) keep the rules: a delivery is deduplicated and
//! queued in one step, and a re-read is deduplicated, compared with the last
//! recorded state (by [`is_newer`](crate::is_newer) and the read ticket) and
//! appended as a transition in one step.

use std::{collections::BTreeMap, fmt, time::Duration};

use time::OffsetDateTime;
use txstatus_core::{BoxFuture, provider::ShownStatus, webhook::Delivery};

use crate::transition::{ObservedState, Origin, ShownHints, Transition};

/// The store could not record; the receiver answers 503 so the provider retries.
#[derive(Debug)]
pub struct StoreError {
    message: String,
}

impl StoreError {
    /// An error with a message that holds no personal data and no secret.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "webhook store: {}", self.message)
    }
}

impl std::error::Error for StoreError {}

/// What [`Store::accept`] did with a delivery.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Acceptance {
    /// First time this event id (or no event id): recorded and queued for a re-read.
    New,
    /// Seen within its deduplication TTL: nothing to do.
    Duplicate,
}

/// A transaction key. `Debug` shows the id only when it is a plain token: a
/// sender names it (a hint may name any text an id can be).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TxKey {
    /// Provider name.
    pub provider: String,
    /// Transaction id.
    pub id: String,
}

impl fmt::Debug for TxKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TxKey")
            .field("provider", &self.provider)
            .field("id", &ShownStatus(&self.id))
            .finish()
    }
}

impl TxKey {
    /// A key.
    pub fn new(provider: impl Into<String>, id: impl Into<String>) -> Self {
        Self {
            provider: provider.into(),
            id: id.into(),
        }
    }
}

/// A re-read, ready to be compared with the last recorded state. `Debug`
/// shows the event id and hints only when each is a plain token, as
/// [`Transition`]'s does.
#[derive(Clone)]
#[non_exhaustive]
pub struct Commit {
    /// Which transaction.
    pub key: TxKey,
    /// The ticket [`Store::begin_read`] gave before the read started.
    pub ticket: u64,
    /// The state the provider answered.
    pub state: ObservedState,
    /// The delivery's event id, if any.
    pub event_id: Option<String>,
    /// Verified hints.
    pub hints: BTreeMap<String, String>,
    /// Webhook or sweep.
    pub source: Origin,
    /// When the answer arrived.
    pub observed_at: OffsetDateTime,
}

impl fmt::Debug for Commit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Commit")
            .field("key", &self.key)
            .field("ticket", &self.ticket)
            .field("state", &self.state)
            .field("event_id", &ShownStatus::optional(&self.event_id))
            .field("hints", &ShownHints(&self.hints))
            .field("source", &self.source)
            .field("observed_at", &self.observed_at)
            .finish()
    }
}

impl Commit {
    /// A commit with no event id and no hints.
    pub fn new(
        key: TxKey,
        ticket: u64,
        state: ObservedState,
        source: Origin,
        observed_at: OffsetDateTime,
    ) -> Self {
        Self {
            key,
            ticket,
            state,
            event_id: None,
            hints: BTreeMap::new(),
            source,
            observed_at,
        }
    }

    /// Sets the event id and hints of the delivery that caused the read.
    pub fn with_delivery(
        mut self,
        event_id: Option<String>,
        hints: BTreeMap<String, String>,
    ) -> Self {
        self.event_id = event_id;
        self.hints = hints;
        self
    }
}

/// The receiver's durable state. Object-safe: hold `Arc<dyn Store>`. Methods
/// return a [`BoxFuture`]; implementations write `Box::pin(async move { .. })`.
///
/// Contract, per method, each atomic:
/// - [`accept`](Self::accept): if the delivery has an event id already seen for
///   its provider within the TTL, `Duplicate`; otherwise remember the event id
///   for `delivery.retry_horizon` (raised to [`MIN_DEDUPE_TTL`]; a store may
///   shorten one past its own bound, as [`MemoryStore`](crate::MemoryStore)
///   does past [`MAX_DEDUPE_TTL`]), and mark the transaction (when the delivery
///   names one) as awaiting a re-read (starting over the refusals counted by
///   [`read_refused`](Self::read_refused), and a transaction given up), or
///   keep the delivery as unrouted (an unknown shape) until its TTL ends. A store should also keep the
///   delivery's verified hints with the transaction until a transition is
///   recorded for it, and put them on that transition (a read that began
///   before the delivery arrived, or the sweep's, may be the one that records
///   the state the delivery is about; [`MemoryStore`](crate::MemoryStore) does).
/// - [`begin_read`](Self::begin_read): the next read ticket for the transaction,
///   strictly increasing.
/// - [`commit`](Self::commit): mark the event id seen (if any), then, unless a
///   commit with a higher ticket was already made for the transaction, compare
///   the state with the last recorded by [`is_newer_at`](crate::is_newer_at),
///   provider times judged against the store's clock (the commit's
///   `observed_at` in a store of one process; in a shared one, a clock every
///   replica reads alike, such as the server's); when
///   newer, set it as the last state and append the transition (with the
///   previous state); in every case set the transaction's last-checked time,
///   start over its refusals (a transaction given up is read by the rule
///   again),
///   and clear the awaiting mark only when the read began after the latest
///   delivery for the transaction was accepted (its ticket issued after that
///   accept): a read already running when the delivery arrived may have read
///   the state before the change the delivery is about, so the delivery stays
///   awaiting, for its own read or the sweep, even when that read fails.
///   Returns the transition appended, if any.
pub trait Store: Send + Sync + fmt::Debug {
    /// Deduplicates and records an authenticated delivery.
    fn accept<'a>(
        &'a self,
        delivery: &'a Delivery,
        now: OffsetDateTime,
    ) -> BoxFuture<'a, Result<Acceptance, StoreError>>;

    /// A ticket ordering this read among concurrent reads of the transaction.
    fn begin_read<'a>(&'a self, key: &'a TxKey) -> BoxFuture<'a, Result<u64, StoreError>>;

    /// Compare-and-set the last state and append the transition.
    fn commit(&self, commit: Commit) -> BoxFuture<'_, Result<Option<Transition>, StoreError>>;

    /// Records that a read of `key` that began failed at `at` (the provider did
    /// not answer, or answered an error): the transaction keeps what it awaits,
    /// and counts as checked at `at`, so the sweep tries it again after its
    /// threshold, and a transaction whose reads keep failing cannot hold
    /// [`due`](Self::due)'s batch against every other one. A key the store
    /// holds nothing for (a hint's read) is not added. The default does nothing.
    fn read_failed<'a>(
        &'a self,
        key: &'a TxKey,
        at: OffsetDateTime,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        let _ = (key, at);
        Box::pin(async { Ok(()) })
    }

    /// Records that the provider refused a read of `key` at `at` in a way
    /// asking again will not change (not found, unauthorized, forbidden, a bad
    /// request, an answer that does not decode; the receiver decides which):
    /// as [`read_failed`](Self::read_failed) (checked at `at`, still awaiting),
    /// and counted. The count, and the time of the first refusal counted, start
    /// over when a delivery naming the transaction is accepted or a read of it
    /// is committed. Once the count reaches `rule.refusals` and the first
    /// refusal counted is at least `rule.after` before `at`, the transaction is
    /// given up: its awaiting mark is cleared and it is no longer
    /// [`due`](Self::due), whatever its last state, until a delivery naming it
    /// is accepted (which starts over) or a read of it is committed. Returns
    /// what was done: [`ReadRefusal::GivenUp`] once, when it gives up; a key the
    /// store holds nothing for is not added, and a refusal of a transaction
    /// given up already (a hint's read) changes nothing ([`ReadRefusal::NotCounted`]
    /// both).
    ///
    /// The default counts nothing: it calls [`read_failed`](Self::read_failed)
    /// and answers [`ReadRefusal::NotCounted`], so a store written before this
    /// method keeps re-reading such a transaction after every threshold, as it
    /// did.
    fn read_refused<'a>(
        &'a self,
        key: &'a TxKey,
        at: OffsetDateTime,
        rule: GiveUp,
    ) -> BoxFuture<'a, Result<ReadRefusal, StoreError>> {
        let _ = rule;
        Box::pin(async move {
            self.read_failed(key, at).await?;
            Ok(ReadRefusal::NotCounted)
        })
    }

    /// Transactions to re-read: awaiting a re-read (an accepted delivery), or
    /// with a recorded last state that is not terminal, last checked (or
    /// accepted) before `checked_before`; at most `limit`, the longest unchecked
    /// first. A transaction only
    /// read for a hint and never recorded is not due, nor one given up
    /// ([`read_refused`](Self::read_refused)).
    fn due(
        &self,
        checked_before: OffsetDateTime,
        limit: usize,
    ) -> BoxFuture<'_, Result<Vec<TxKey>, StoreError>>;

    /// The last event id a sweep read from a provider's event feed.
    fn feed_cursor<'a>(
        &'a self,
        provider: &'a str,
    ) -> BoxFuture<'a, Result<Option<String>, StoreError>>;

    /// Sets the feed cursor.
    fn set_feed_cursor<'a>(
        &'a self,
        provider: &'a str,
        event_id: &'a str,
    ) -> BoxFuture<'a, Result<(), StoreError>>;

    /// Transitions appended after the first `after` (a replica's read position).
    fn transitions(
        &self,
        after: usize,
        limit: usize,
    ) -> BoxFuture<'_, Result<Vec<Transition>, StoreError>>;
}

/// When a transaction whose re-reads the provider keeps refusing (not found,
/// unauthorized, forbidden, a bad request, an answer that does not decode) is
/// given up ([`Store::read_refused`]): after at least `refusals` refusals in a
/// row, the first of them at least `after` earlier. Both must hold, so a
/// transaction the provider does not know yet (a delivery arriving before the
/// read API has the transaction) or a credential being rotated is not given up
/// within seconds, whatever the number of reads (hints may ask for many).
/// Failures that may pass (5xx, 429, timeouts, connection failures) are never
/// counted: those are re-read after every sweep threshold, without end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GiveUp {
    /// Refusals in a row, at least (0 is taken as 1).
    pub refusals: u32,
    /// How long after the first refusal counted, at least.
    pub after: Duration,
}

impl GiveUp {
    /// 5 refusals in a row over at least an hour ([`MIN_DEDUPE_TTL`]): with the
    /// default sweep threshold (5 minutes) about a dozen reads.
    pub const DEFAULT: Self = Self {
        refusals: 5,
        after: MIN_DEDUPE_TTL,
    };
}

impl Default for GiveUp {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// What [`Store::read_refused`] did with a refused read.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadRefusal {
    /// Counted; the transaction stays awaiting and is re-read after the sweep's
    /// threshold. `refusals`: in a row so far.
    Retrying {
        /// Refusals in a row so far.
        refusals: u32,
    },
    /// Given up: no longer re-read until a delivery naming it is accepted.
    GivenUp {
        /// Refusals in a row when it was given up.
        refusals: u32,
    },
    /// Not counted: the store holds nothing for the key (a hint's read), the
    /// transaction was given up already (given up once, counted once), or the
    /// store does not count refusals (the trait's default method: the
    /// transaction is re-read as after any failed read).
    NotCounted,
}

/// Deduplication TTLs shorter than this are raised to it.
pub const MIN_DEDUPE_TTL: Duration = Duration::from_secs(60 * 60);

/// Deduplication TTLs longer than this are shortened to it by [`MemoryStore`](crate::MemoryStore):
/// thirty days, ten times the longest retry window of the providers here. A
/// side may say a provider resends for ever (`Duration::MAX`); an event id is
/// still forgotten (and its entry purged) after this, never kept for the life
/// of the process.
pub const MAX_DEDUPE_TTL: Duration = Duration::from_secs(30 * 24 * 60 * 60);
