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
    store::{Acceptance, Commit, MAX_DEDUPE_TTL, MIN_DEDUPE_TTL, Store, StoreError, TxKey},
    transition::{ObservedState, Transition},
};

/// How many accepts between purges of expired event ids.
const PURGE_EVERY: u64 = 1024;

/// At most this many unrouted deliveries are kept (oldest dropped first).
const MAX_UNROUTED: usize = 10_000;

/// An in-memory store.
///
/// An event id is remembered for its delivery's retry horizon, within
/// [`MIN_DEDUPE_TTL`] and [`MAX_DEDUPE_TTL`], and expired ones are purged as
/// deliveries arrive. A delivery's verified hints are kept with its transaction
/// until a transition is recorded for it, and go on that transition.
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
#[derive(Default)]
pub struct MemoryStore {
    inner: Mutex<Inner>,
    failing: AtomicBool,
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
    log: Vec<Transition>,
    accepts: u64,
    /// The last read ticket issued, for every transaction: one counter, so a
    /// read that never commits (a failed read, a hint naming nothing real)
    /// leaves no per-transaction state behind.
    tickets: u64,
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
}

/// When an id remembered at `now` for `ttl` expires: the TTL within
/// [`MIN_DEDUPE_TTL`] and [`MAX_DEDUPE_TTL`] (a side may ask for `Duration::MAX`),
/// at the latest the end of representable time.
fn expiry(now: OffsetDateTime, ttl: Duration) -> OffsetDateTime {
    let ttl = ttl.clamp(MIN_DEDUPE_TTL, MAX_DEDUPE_TTL);
    now.saturating_add(time::Duration::try_from(ttl).unwrap_or(time::Duration::MAX))
}

fn live(expiry: OffsetDateTime, now: OffsetDateTime) -> bool {
    expiry > now
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
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

    /// The last state recorded for a transaction.
    pub fn last_state(&self, key: &TxKey) -> Option<ObservedState> {
        self.lock().ok()?.txs.get(key)?.last.clone()
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
            inner.accepts = inner.accepts.wrapping_add(1);
            if inner.accepts % PURGE_EVERY == 0 {
                inner.seen.retain(|_, at| live(*at, now));
                inner.unrouted.retain(|(at, _)| live(*at, now));
            }
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
                    let issued = inner.tickets;
                    let state = inner
                        .txs
                        .entry(TxKey::new(delivery.provider, id.clone()))
                        .or_default();
                    state.awaiting = true;
                    state.awaiting_after = issued;
                    state.since.get_or_insert(now);
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
            let mut inner = self.lock()?;
            let Inner { seen, txs, log, .. } = &mut *inner;
            if let Some(event_id) = &commit.event_id {
                seen.entry((commit.key.provider.clone(), event_id.clone()))
                    .or_insert_with(|| expiry(commit.observed_at, MIN_DEDUPE_TTL));
            }
            let state = txs.entry(commit.key.clone()).or_default();
            // Only a read that began after the latest delivery reconciles it:
            // one already running when it arrived (its own read failing
            // after) leaves it awaiting, terminal state or not.
            if commit.ticket > state.awaiting_after {
                state.awaiting = false;
                state.since = None;
            }
            state.last_checked = Some(commit.observed_at);
            if commit.ticket < state.committed {
                // A read that started later was already recorded: this answer is older.
                return Ok(None);
            }
            state.committed = commit.ticket;
            // Provider times are judged against the receiver's clock (the commit's
            // observation time), as everything else this store decides.
            if !is_newer_at(state.last.as_ref(), &commit.state, commit.observed_at) {
                return Ok(None);
            }
            // The read's own delivery's hints, then those of deliveries accepted
            // since the last transition (the later ones win).
            let mut hints = commit.hints;
            hints.extend(std::mem::take(&mut state.hints));
            let transition = Transition {
                provider: commit.key.provider,
                id: commit.key.id,
                status: commit.state.clone(),
                previous: state.last.replace(commit.state),
                event_id: commit.event_id,
                hints,
                source: commit.source,
                observed_at: commit.observed_at,
                stream_id: None,
            };
            log.push(transition.clone());
            Ok(Some(transition))
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
            }
            Ok(())
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
                    // swept: a forged hint must not buy reads forever.
                    let open =
                        state.awaiting || state.last.as_ref().is_some_and(|last| !last.terminal);
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
            self.lock()?
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
            Ok(inner.log.iter().skip(after).take(limit).cloned().collect())
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
}
