//! The in-memory [`Store`]: one process, lost on restart. Every method holds one
//! lock for its whole operation, which makes each atomic.

use std::{
    collections::{BTreeMap, HashMap, VecDeque},
    fmt,
    sync::{
        Mutex, MutexGuard, TryLockError,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use time::OffsetDateTime;
use txstatus_core::{BoxFuture, webhook::Delivery};

use crate::{
    rule::is_newer_at,
    store::{
        Acceptance, Commit, GiveUp, MAX_DEDUPE_TTL, MIN_DEDUPE_TTL, ReadRefusal, Store, StoreError,
        TxKey,
    },
    transition::{ObservedState, Transition},
};

/// How many writes (accepts, commits, failed reads) between purges of what
/// expired: each purge walks the maps once, so a purge per write would be
/// quadratic; between two, at most this many entries are added.
const PURGE_EVERY: u64 = 1024;

/// At most this many unrouted deliveries are kept (oldest dropped first).
const MAX_UNROUTED: usize = 10_000;

/// At most this many feed cursors (one per provider whose feed a sweep reads):
/// a cursor for another provider past it is refused.
const MAX_FEED_CURSORS: usize = 1024;

/// Event ids remembered at most, by default ([`MemoryStore::with_max_event_ids`]).
pub const DEFAULT_MAX_EVENT_IDS: usize = 1_000_000;

/// Settled transactions kept at most, by default ([`MemoryStore::with_max_settled`]).
pub const DEFAULT_MAX_SETTLED: usize = 100_000;

/// Transitions kept in the log at most, by default
/// ([`MemoryStore::with_max_transitions`]; the Redis store's stream bound).
pub const DEFAULT_MAX_TRANSITIONS: usize = 100_000;

/// How long a settled transaction's state is kept after its last write, by
/// default ([`MemoryStore::with_retention`]): [`MAX_DEDUPE_TTL`], the Redis
/// store's state TTL.
pub const DEFAULT_RETENTION: Duration = MAX_DEDUPE_TTL;

/// An in-memory store.
///
/// An event id is remembered for its delivery's retry horizon, within
/// [`MIN_DEDUPE_TTL`] and [`MAX_DEDUPE_TTL`]. A delivery's verified hints are
/// kept with its transaction until a transition is recorded for it, and go on
/// that transition.
///
/// **Bounded.** What it holds is purged as it writes (every 1024 writes, and
/// whenever a bound is passed), so a receiver running for months with many
/// distinct transactions and event ids holds at most (each bound plus at most
/// 1024 entries between two purges):
/// - event ids: until their TTL ends, and at most
///   [`DEFAULT_MAX_EVENT_IDS`] ([`with_max_event_ids`](Self::with_max_event_ids));
///   past that bound, the ids closest to expiry are forgotten first (a
///   provider's retry of one is re-read once more; the transition rule records
///   nothing twice);
/// - transactions: every open one is kept (awaiting a re-read, or with a last
///   state that is not final and not given up: the sweep reads those); a
///   settled one (final, or given up, and awaiting nothing) is dropped
///   [`DEFAULT_RETENTION`] after its last write
///   ([`with_retention`](Self::with_retention)), and past
///   [`DEFAULT_MAX_SETTLED`] of them ([`with_max_settled`](Self::with_max_settled))
///   the longest untouched first. A delivery for a dropped transaction starts
///   it again: its read is recorded as a first state (no previous). A read that
///   began before a transaction was dropped records nothing in it;
/// - transitions: the last [`DEFAULT_MAX_TRANSITIONS`]
///   ([`with_max_transitions`](Self::with_max_transitions)), oldest dropped
///   first; [`Store::transitions`] positions still count every transition
///   ever appended, so a reader that fell further behind than the bound
///   misses the dropped ones (as on the Redis store's capped stream);
/// - unrouted deliveries (an unknown shape): until their TTL ends, at most
///   10,000 (oldest dropped first);
/// - feed cursors: one per provider whose feed is read, at most 1,024.
///
/// **Nothing survives the process.** A restarted receiver starts empty: an
/// event id delivered again (a Persona retry) is accepted and re-read again; the
/// first state read for each transaction is a transition with no previous
/// state, even when it is the one recorded before the restart (printed twice,
/// never backwards: it is what the provider answers now); a delivery
/// acknowledged but not yet reconciled (its read failed, or was left to the
/// sweep under load) is forgotten, and the provider will not resend it, so only
/// a later delivery or an event feed (Persona's, read from the start again)
/// reads that transaction. Where a restart must lose nothing, use a durable
/// store (txstatus-redis's `RedisStore`).
///
/// `Debug` says how much it holds (event ids, transactions, transitions),
/// never what: the ids are senders' text, and there may be many.
pub struct MemoryStore {
    inner: Mutex<Inner>,
    failing: AtomicBool,
    limits: Limits,
}

#[derive(Clone, Copy)]
struct Limits {
    event_ids: usize,
    settled: usize,
    transitions: usize,
    retention: time::Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            event_ids: DEFAULT_MAX_EVENT_IDS,
            settled: DEFAULT_MAX_SETTLED,
            transitions: DEFAULT_MAX_TRANSITIONS,
            retention: to_time(DEFAULT_RETENTION),
        }
    }
}

impl Default for MemoryStore {
    fn default() -> Self {
        Self {
            inner: Mutex::default(),
            failing: AtomicBool::new(false),
            limits: Limits::default(),
        }
    }
}

impl fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = f.debug_struct("MemoryStore");
        // Never waits: `Debug` may be asked for while an operation holds the lock.
        match self.inner.try_lock() {
            Ok(inner) => shown
                .field("event_ids", &inner.seen.len())
                .field("transactions", &inner.txs.len())
                .field("unrouted", &inner.unrouted.len())
                .field("feed_cursors", &inner.cursors.len())
                .field("transitions", &inner.log.len()),
            Err(TryLockError::WouldBlock) => shown.field("state", &"locked"),
            Err(TryLockError::Poisoned(_)) => shown.field("state", &"poisoned"),
        };
        shown
            .field("failing", &self.failing.load(Ordering::SeqCst))
            .finish()
    }
}

#[derive(Default)]
struct Inner {
    /// `(provider, event id)` -> expiry.
    seen: HashMap<(String, String), OffsetDateTime>,
    txs: HashMap<TxKey, TxState>,
    unrouted: VecDeque<(OffsetDateTime, String)>,
    cursors: HashMap<String, String>,
    log: VecDeque<Transition>,
    /// Transitions dropped from the front of `log`: positions count them.
    dropped: usize,
    writes: u64,
    /// The last read ticket issued, for every transaction: one counter, so a
    /// read that never commits (a failed read, a hint naming nothing real)
    /// leaves no per-transaction state behind.
    tickets: u64,
    /// The transactions dropped by the last two purges, each with the last
    /// ticket issued then: a read of one with a ticket up to it began before
    /// the drop, and records nothing (a read lasts seconds; two purges are at
    /// least 2,048 writes apart, or a bound passed twice).
    dropped_txs: [HashMap<TxKey, u64>; 2],
}

#[derive(Default)]
struct TxState {
    last: Option<ObservedState>,
    awaiting: bool,
    /// When a delivery first asked for a re-read since the last check.
    since: Option<OffsetDateTime>,
    last_checked: Option<OffsetDateTime>,
    committed: u64,
    /// The last read ticket issued when the latest delivery was accepted: a
    /// read with a ticket up to it began before that delivery, and may have
    /// read the state before the change the delivery is about, so its commit
    /// leaves the delivery awaiting (for its own read, or the sweep).
    awaiting_after: u64,
    /// Verified hints of the deliveries accepted since the last transition:
    /// the next transition carries them, whichever read records it.
    hints: BTreeMap<String, String>,
    /// Reads refused in a row ([`Store::read_refused`]) since the last accept
    /// or commit, and when the first of them was.
    refusals: u32,
    refused_since: Option<OffsetDateTime>,
    /// Given up after refusals: not due until a delivery or a commit.
    given_up: bool,
    /// Reads with a ticket up to this one began before this state was created
    /// (before a drop of the transaction): they record nothing in it.
    born_after: u64,
    /// The last write (accept, commit, failed read): retention counts from it.
    touched: Option<OffsetDateTime>,
}

impl TxState {
    fn new(born_after: u64) -> Self {
        Self {
            born_after,
            ..Self::default()
        }
    }

    /// Awaiting nothing and never swept again: final, given up, or never recorded.
    fn settled(&self) -> bool {
        !self.awaiting && (self.given_up || self.last.as_ref().is_none_or(|last| last.terminal))
    }

    fn touch(&mut self, at: OffsetDateTime) {
        self.touched = Some(self.touched.map_or(at, |touched| touched.max(at)));
    }
}

fn to_time(duration: Duration) -> time::Duration {
    time::Duration::try_from(duration).unwrap_or(time::Duration::MAX)
}

/// When an id remembered at `now` for `ttl` expires: the TTL within
/// [`MIN_DEDUPE_TTL`] and [`MAX_DEDUPE_TTL`] (a side may ask for `Duration::MAX`),
/// at the latest the end of representable time.
fn expiry(now: OffsetDateTime, ttl: Duration) -> OffsetDateTime {
    let ttl = ttl.clamp(MIN_DEDUPE_TTL, MAX_DEDUPE_TTL);
    now.saturating_add(to_time(ttl))
}

fn live(expiry: OffsetDateTime, now: OffsetDateTime) -> bool {
    expiry > now
}

/// Which of `values` to keep to keep exactly `keep` of them (at least one),
/// the largest: those above the returned value, and that many equal to it.
/// `None` when all are kept.
fn keep_largest<T: Ord + Copy>(mut values: Vec<T>, keep: usize) -> Option<(T, usize)> {
    let keep = keep.max(1);
    let drop = values.len().checked_sub(keep)?;
    if drop == 0 {
        return None;
    }
    // `drop` < `values.len()`: at least one is kept.
    let (_, at, above) = values.select_nth_unstable(drop);
    let at = *at;
    let strictly_above = above.iter().filter(|value| **value > at).count();
    Some((at, keep.saturating_sub(strictly_above)))
}

/// A `retain` predicate keeping what [`keep_largest`] chose: `value` above the
/// threshold, or equal to it while ties are left.
fn kept<T: Ord>(value: &T, threshold: &T, ties: &mut usize) -> bool {
    match value.cmp(threshold) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => match ties.checked_sub(1) {
            Some(left) => {
                *ties = left;
                true
            }
            None => false,
        },
    }
}

impl Inner {
    /// One write at `now`: every [`PURGE_EVERY`] writes, and when the event
    /// ids pass their bound, drops what expired and what is past the bounds.
    fn wrote(&mut self, now: OffsetDateTime, limits: &Limits) {
        self.writes = self.writes.wrapping_add(1);
        if self.seen.len() > limits.event_ids || self.writes.is_multiple_of(PURGE_EVERY) {
            self.purge(now, limits);
        }
    }

    fn purge(&mut self, now: OffsetDateTime, limits: &Limits) {
        self.seen.retain(|_, at| live(*at, now));
        if self.seen.len() > limits.event_ids {
            // Down to seven eighths of the bound, so the next purge is not on
            // the next write: the ids closest to expiry are forgotten first.
            let keep = limits.event_ids.saturating_sub(limits.event_ids / 8);
            if let Some((first_kept, mut ties)) =
                keep_largest(self.seen.values().copied().collect(), keep)
            {
                self.seen.retain(|_, at| kept(at, &first_kept, &mut ties));
            }
        }
        self.unrouted.retain(|(at, _)| live(*at, now));
        let retained_from = now.checked_sub(limits.retention);
        let mut settled = Vec::new();
        let mut dropped = Vec::new();
        for (key, state) in &self.txs {
            if !state.settled() {
                continue;
            }
            if retained_from.is_some_and(|from| state.touched.is_none_or(|at| at <= from)) {
                dropped.push(key.clone());
            } else {
                settled.push(state.touched);
            }
        }
        if let Some((first_kept, mut ties)) = keep_largest(settled, limits.settled) {
            // The longest untouched first.
            for (key, state) in &self.txs {
                if state.settled()
                    && retained_from.is_none_or(|from| state.touched.is_some_and(|at| at > from))
                    && !kept(&state.touched, &first_kept, &mut ties)
                {
                    dropped.push(key.clone());
                }
            }
        }
        let mut now_dropped = HashMap::with_capacity(dropped.len());
        for key in dropped {
            self.txs.remove(&key);
            now_dropped.insert(key, self.tickets);
        }
        let [older, newer] = &mut self.dropped_txs;
        *older = std::mem::replace(newer, now_dropped);
    }

    /// The last ticket issued when `key` was dropped (by the last two
    /// purges): reads with a ticket up to it record nothing. 0 if not dropped.
    fn dropped_at(&self, key: &TxKey) -> u64 {
        self.dropped_txs
            .iter()
            .filter_map(|dropped| dropped.get(key).copied())
            .max()
            .unwrap_or(0)
    }

    fn append(&mut self, transition: Transition, limits: &Limits) {
        self.log.push_back(transition);
        while self.log.len() > limits.transitions {
            self.log.pop_front();
            self.dropped = self.dropped.saturating_add(1);
        }
    }
}

impl MemoryStore {
    /// An empty store with the default bounds.
    pub fn new() -> Self {
        Self::default()
    }

    /// How long a settled transaction (final, or given up, and awaiting
    /// nothing) is kept after its last write (default [`DEFAULT_RETENTION`]).
    pub fn with_retention(mut self, retention: Duration) -> Self {
        self.limits.retention = to_time(retention);
        self
    }

    /// At most this many event ids remembered (default
    /// [`DEFAULT_MAX_EVENT_IDS`], at least 1); past it the ids closest to
    /// expiry are forgotten first.
    pub fn with_max_event_ids(mut self, max: usize) -> Self {
        self.limits.event_ids = max.max(1);
        self
    }

    /// At most this many settled transactions kept (default
    /// [`DEFAULT_MAX_SETTLED`], at least 1); past it the longest untouched are
    /// dropped first. Open transactions are never dropped.
    pub fn with_max_settled(mut self, max: usize) -> Self {
        self.limits.settled = max.max(1);
        self
    }

    /// At most this many transitions kept in the log (default
    /// [`DEFAULT_MAX_TRANSITIONS`], at least 1), oldest dropped first.
    pub fn with_max_transitions(mut self, max: usize) -> Self {
        self.limits.transitions = max.max(1);
        self
    }

    /// Makes every operation fail (tests of the 503 path).
    pub fn set_failing(&self, failing: bool) {
        self.failing.store(failing, Ordering::SeqCst);
    }

    /// How many accepted deliveries of an unknown shape are kept.
    pub fn unrouted(&self) -> usize {
        self.lock().map_or(0, |inner| inner.unrouted.len())
    }

    /// How many transactions the store holds state for (accepted, or read and
    /// recorded).
    pub fn transactions(&self) -> usize {
        self.lock().map_or(0, |inner| inner.txs.len())
    }

    /// How many event ids the store remembers.
    pub fn event_ids(&self) -> usize {
        self.lock().map_or(0, |inner| inner.seen.len())
    }

    /// How many transitions the log keeps.
    pub fn kept_transitions(&self) -> usize {
        self.lock().map_or(0, |inner| inner.log.len())
    }

    /// The last state recorded for a transaction.
    pub fn last_state(&self, key: &TxKey) -> Option<ObservedState> {
        self.lock().ok()?.txs.get(key)?.last.clone()
    }

    /// Whether a transaction was given up after its reads kept being refused
    /// ([`Store::read_refused`]) and no delivery has named it since.
    pub fn given_up(&self, key: &TxKey) -> bool {
        self.lock()
            .ok()
            .and_then(|inner| inner.txs.get(key).map(|state| state.given_up))
            .unwrap_or(false)
    }

    fn lock(&self) -> Result<MutexGuard<'_, Inner>, StoreError> {
        if self.failing.load(Ordering::SeqCst) {
            return Err(StoreError::new("unavailable"));
        }
        self.inner
            .lock()
            .map_err(|_| StoreError::new("poisoned lock"))
    }
}

impl Store for MemoryStore {
    fn accept<'a>(
        &'a self,
        delivery: &'a Delivery,
        now: OffsetDateTime,
    ) -> BoxFuture<'a, Result<Acceptance, StoreError>> {
        Box::pin(async move {
            let mut inner = self.lock()?;
            let until = expiry(now, delivery.retry_horizon);
            if let Some(event_id) = &delivery.event_id {
                let key = (delivery.provider.to_owned(), event_id.clone());
                if inner.seen.get(&key).is_some_and(|at| live(*at, now)) {
                    return Ok(Acceptance::Duplicate);
                }
                inner.seen.insert(key, until);
            }
            match &delivery.transaction_id {
                Some(id) => {
                    let key = TxKey::new(delivery.provider, id.clone());
                    let (issued, born_after) = (inner.tickets, inner.dropped_at(&key));
                    let state = inner
                        .txs
                        .entry(key)
                        .or_insert_with(|| TxState::new(born_after));
                    state.awaiting = true;
                    state.awaiting_after = issued;
                    state.since.get_or_insert(now);
                    // A delivery starts over a transaction given up.
                    state.given_up = false;
                    state.refusals = 0;
                    state.refused_since = None;
                    state.touch(now);
                    // Kept for the transition that records the state the
                    // delivery is about, whichever read records it.
                    state.hints.extend(delivery.hints.clone());
                }
                None => {
                    if inner.unrouted.len() >= MAX_UNROUTED {
                        inner.unrouted.pop_front();
                    }
                    inner
                        .unrouted
                        .push_back((until, delivery.provider.to_owned()));
                }
            }
            inner.wrote(now, &self.limits);
            Ok(Acceptance::New)
        })
    }

    fn begin_read<'a>(&'a self, _key: &'a TxKey) -> BoxFuture<'a, Result<u64, StoreError>> {
        Box::pin(async move {
            // Tickets from one counter increase for each transaction too, and
            // nothing is kept per transaction until a commit: a flood of reads
            // that never commit (forged hints naming made-up ids, failed
            // reads) leaves no state behind.
            let mut inner = self.lock()?;
            inner.tickets = inner
                .tickets
                .checked_add(1)
                .ok_or_else(|| StoreError::new("read tickets exhausted"))?;
            Ok(inner.tickets)
        })
    }

    fn commit(&self, commit: Commit) -> BoxFuture<'_, Result<Option<Transition>, StoreError>> {
        Box::pin(async move {
            let mut guard = self.lock()?;
            let inner = &mut *guard;
            if let Some(event_id) = &commit.event_id {
                let until = expiry(commit.observed_at, MIN_DEDUPE_TTL);
                inner
                    .seen
                    .entry((commit.key.provider.clone(), event_id.clone()))
                    .or_insert(until);
            }
            let born_after = inner.dropped_at(&commit.key);
            let transition = {
                let state = match inner.txs.get_mut(&commit.key) {
                    Some(state) => state,
                    // A read that began before a drop records nothing in a
                    // transaction it may have read before it was dropped.
                    None if commit.ticket <= born_after => return Ok(None),
                    None => inner
                        .txs
                        .entry(commit.key.clone())
                        .or_insert_with(|| TxState::new(born_after)),
                };
                if commit.ticket <= state.born_after {
                    // Began before this state was started again after a drop.
                    return Ok(None);
                }
                // Only a read that began after the latest delivery reconciles it:
                // one already running when it arrived (its own read failing
                // after) leaves it awaiting, terminal state or not.
                if commit.ticket > state.awaiting_after {
                    state.awaiting = false;
                    state.since = None;
                }
                // The provider answered: refusals start over, and a
                // transaction given up is read again by the rule.
                state.refusals = 0;
                state.refused_since = None;
                state.given_up = false;
                state.last_checked = Some(commit.observed_at);
                state.touch(commit.observed_at);
                if commit.ticket < state.committed {
                    // A read that started later was already recorded: this answer is older.
                    None
                } else {
                    state.committed = commit.ticket;
                    // Provider times are judged against the receiver's clock (the
                    // commit's observation time), as everything else this store decides.
                    if is_newer_at(state.last.as_ref(), &commit.state, commit.observed_at) {
                        // The read's own delivery's hints, then those of deliveries
                        // accepted since the last transition (the later ones win).
                        let mut hints = commit.hints;
                        hints.extend(std::mem::take(&mut state.hints));
                        Some(Transition {
                            provider: commit.key.provider,
                            id: commit.key.id,
                            status: commit.state.clone(),
                            previous: state.last.replace(commit.state),
                            event_id: commit.event_id,
                            hints,
                            source: commit.source,
                            observed_at: commit.observed_at,
                            stream_id: None,
                        })
                    } else {
                        None
                    }
                }
            };
            if let Some(transition) = &transition {
                inner.append(transition.clone(), &self.limits);
            }
            inner.wrote(commit.observed_at, &self.limits);
            Ok(transition)
        })
    }

    fn read_failed<'a>(
        &'a self,
        key: &'a TxKey,
        at: OffsetDateTime,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            let mut inner = self.lock()?;
            if let Some(state) = inner.txs.get_mut(key) {
                state.last_checked = Some(at);
                state.touch(at);
                inner.wrote(at, &self.limits);
            }
            Ok(())
        })
    }

    fn read_refused<'a>(
        &'a self,
        key: &'a TxKey,
        at: OffsetDateTime,
        rule: GiveUp,
    ) -> BoxFuture<'a, Result<ReadRefusal, StoreError>> {
        Box::pin(async move {
            let mut inner = self.lock()?;
            let Some(state) = inner.txs.get_mut(key) else {
                return Ok(ReadRefusal::NotCounted);
            };
            state.last_checked = Some(at);
            state.touch(at);
            if state.given_up {
                // A read of a transaction given up (a hint's): it stays given
                // up, and was counted once.
                return Ok(ReadRefusal::NotCounted);
            }
            state.refusals = state.refusals.saturating_add(1);
            let first = *state.refused_since.get_or_insert(at);
            let long_enough = first
                .checked_add(to_time(rule.after))
                .is_some_and(|until| until <= at);
            let refusal = if state.refusals >= rule.refusals.max(1) && long_enough {
                state.given_up = true;
                state.awaiting = false;
                state.since = None;
                ReadRefusal::GivenUp {
                    refusals: state.refusals,
                }
            } else {
                ReadRefusal::Retrying {
                    refusals: state.refusals,
                }
            };
            inner.wrote(at, &self.limits);
            Ok(refusal)
        })
    }

    fn due(
        &self,
        checked_before: OffsetDateTime,
        limit: usize,
    ) -> BoxFuture<'_, Result<Vec<TxKey>, StoreError>> {
        Box::pin(async move {
            let inner = self.lock()?;
            let mut due = inner
                .txs
                .iter()
                .filter(|(_, state)| {
                    // A transaction only ever read for a hint, and never recorded, is not
                    // swept: a forged hint must not buy reads forever; nor one given up.
                    let open = !state.given_up
                        && (state.awaiting
                            || state.last.as_ref().is_some_and(|last| !last.terminal));
                    open && state
                        .last_checked
                        .or(state.since)
                        .is_none_or(|at| at < checked_before)
                })
                .map(|(key, state)| (state.last_checked.or(state.since), key))
                .collect::<Vec<_>>();
            // The longest unchecked first (never checked before all).
            due.sort();
            due.truncate(limit);
            Ok(due.into_iter().map(|(_, key)| key.clone()).collect())
        })
    }

    fn feed_cursor<'a>(
        &'a self,
        provider: &'a str,
    ) -> BoxFuture<'a, Result<Option<String>, StoreError>> {
        Box::pin(async move { Ok(self.lock()?.cursors.get(provider).cloned()) })
    }

    fn set_feed_cursor<'a>(
        &'a self,
        provider: &'a str,
        event_id: &'a str,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            let mut inner = self.lock()?;
            if inner.cursors.len() >= MAX_FEED_CURSORS && !inner.cursors.contains_key(provider) {
                return Err(StoreError::new("too many feed cursors"));
            }
            inner
                .cursors
                .insert(provider.to_owned(), event_id.to_owned());
            Ok(())
        })
    }

    fn transitions(
        &self,
        after: usize,
        limit: usize,
    ) -> BoxFuture<'_, Result<Vec<Transition>, StoreError>> {
        Box::pin(async move {
            let inner = self.lock()?;
            // Positions count the dropped ones: a reader behind them gets the
            // oldest kept.
            let skip = after.saturating_sub(inner.dropped);
            Ok(inner.log.iter().skip(skip).take(limit).cloned().collect())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_memory_store_keeps_the_store_contract() {
        let store = MemoryStore::new();
        crate::contract::check_store(&store).await;
    }

    #[tokio::test]
    async fn the_memory_store_counts_refusals_and_gives_up() {
        let store = MemoryStore::new();
        let at = OffsetDateTime::UNIX_EPOCH;
        let delivery = Delivery::authenticated("p").with_transaction_id(Some("gone".to_owned()));
        store.accept(&delivery, at).await.unwrap();
        let key = TxKey::new("p", "gone");
        let rule = GiveUp {
            refusals: 2,
            after: Duration::ZERO,
        };
        assert_eq!(
            store.read_refused(&key, at, rule).await.unwrap(),
            ReadRefusal::Retrying { refusals: 1 }
        );
        assert!(!store.given_up(&key));
        assert_eq!(
            store.read_refused(&key, at, rule).await.unwrap(),
            ReadRefusal::GivenUp { refusals: 2 }
        );
        assert!(store.given_up(&key));
        store.accept(&delivery, at).await.unwrap();
        assert!(!store.given_up(&key), "a delivery starts over");
    }
}
