//! OneSpan state that changes: created transactions, events (cancel), erasure marks,
//! and the sandbox's own OneSpan clock.
//!
//! Created transactions move `new` → `workflow_in_progress` → `completed`, one step every
//! [`STEP`] of OneSpan clock time, or one step per `advance` a test asks for; reading them
//! never moves them. An erasure mark erases the transaction once its grace period (days
//! of OneSpan clock time) has passed; a period of 0 erases at once. Tests move the clock
//! with `POST /onespan/__sandbox/clock?seconds=N` instead of waiting, and stop it with
//! `?freeze=true` so that nothing depends on how fast the machine is.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// OneSpan clock time between two steps of a created transaction.
pub(crate) const STEP: Duration = Duration::from_secs(5);
/// One day of grace period.
pub(crate) const DAY: Duration = Duration::from_secs(86_400);
/// The statuses a created transaction goes through.
const PROGRESSION: [&str; 3] = ["new", "workflow_in_progress", "completed"];

/// What a transaction id is, as the store sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Lookup {
    /// Erased: reads answer 404.
    Erased,
    /// Created through the sandbox, with its current status.
    Created(String),
    /// Not created here; when an event overrode its status, that status.
    Other(Option<String>),
}

/// How a mark or unmark went for one id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Marking {
    Accepted,
    NotFound,
    NotMarked,
}

#[derive(Debug)]
struct Created {
    at: Instant,
    forced_steps: usize,
}

#[derive(Debug)]
struct Mark {
    at: Instant,
    grace: Duration,
}

#[derive(Debug, Default)]
struct Inner {
    created: HashMap<String, Created>,
    overrides: HashMap<String, String>,
    marks: HashMap<String, Mark>,
    offset: Duration,
    frozen: Option<Instant>,
    serial: u64,
}

/// The store of one sandbox instance.
#[derive(Debug, Default)]
pub(crate) struct Store {
    inner: Mutex<Inner>,
}

impl Inner {
    fn now(&self) -> Instant {
        let real = self.frozen.unwrap_or_else(Instant::now);
        real.checked_add(self.offset).unwrap_or(real)
    }

    fn is_erased(&self, id: &str) -> bool {
        let now = self.now();
        self.marks.get(id).is_some_and(|mark| {
            mark.at
                .checked_add(mark.grace)
                .is_some_and(|due| now >= due)
        })
    }

    fn created_status(&self, id: &str) -> Option<String> {
        let created = self.created.get(id)?;
        if let Some(status) = self.overrides.get(id) {
            return Some(status.clone());
        }
        let elapsed = self.now().saturating_duration_since(created.at);
        let by_time =
            usize::try_from(elapsed.as_secs() / STEP.as_secs().max(1)).unwrap_or(usize::MAX);
        let step = by_time.saturating_add(created.forced_steps);
        let last = PROGRESSION.len().saturating_sub(1);
        PROGRESSION.get(step.min(last)).map(|s| (*s).to_owned())
    }
}

impl Store {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Creates a transaction and returns its id.
    pub(crate) fn create(&self) -> String {
        let mut inner = self.lock();
        inner.serial = inner.serial.saturating_add(1);
        let id = format!("00000000-0000-4000-9000-{:012x}", inner.serial);
        let at = inner.now();
        inner.created.insert(
            id.clone(),
            Created {
                at,
                forced_steps: 0,
            },
        );
        id
    }

    /// What `id` is now.
    pub(crate) fn lookup(&self, id: &str) -> Lookup {
        let inner = self.lock();
        if inner.is_erased(id) {
            Lookup::Erased
        } else if let Some(status) = inner.created_status(id) {
            Lookup::Created(status)
        } else {
            Lookup::Other(inner.overrides.get(id).cloned())
        }
    }

    /// Sets a status an event caused (`cancelled`).
    pub(crate) fn set_status(&self, id: &str, status: &str) {
        self.lock()
            .overrides
            .insert(id.to_owned(), status.to_owned());
    }

    /// Moves a created transaction one step; `false` if it was not created here.
    pub(crate) fn advance(&self, id: &str) -> bool {
        let mut inner = self.lock();
        match inner.created.get_mut(id) {
            Some(created) => {
                created.forced_steps = created.forced_steps.saturating_add(1);
                true
            }
            None => false,
        }
    }

    /// Moves the OneSpan clock forward.
    pub(crate) fn advance_clock(&self, by: Duration) {
        let mut inner = self.lock();
        inner.offset = inner.offset.saturating_add(by);
    }

    /// Stops the OneSpan clock where it is: from then on only
    /// [`Store::advance_clock`] moves it (tests that must not depend on timing).
    pub(crate) fn freeze_clock(&self) {
        let mut inner = self.lock();
        if inner.frozen.is_none() {
            inner.frozen = Some(Instant::now());
        }
    }

    /// Marks `id` (known to exist unless erased) for erasure after `days`.
    pub(crate) fn mark(&self, id: &str, exists: bool, days: u32) -> Marking {
        let mut inner = self.lock();
        if !exists || inner.is_erased(id) {
            return Marking::NotFound;
        }
        let at = inner.now();
        let grace = DAY.saturating_mul(days);
        inner.marks.insert(id.to_owned(), Mark { at, grace });
        Marking::Accepted
    }

    /// Removes the mark of `id` while it is still recoverable.
    pub(crate) fn unmark(&self, id: &str, exists: bool) -> Marking {
        let mut inner = self.lock();
        if !exists || inner.is_erased(id) {
            return Marking::NotFound;
        }
        match inner.marks.remove(id) {
            Some(_) => Marking::Accepted,
            None => Marking::NotMarked,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_transactions_move_with_the_clock_or_when_told_never_per_read() {
        let store = Store::default();
        store.freeze_clock();
        let id = store.create();
        for _ in 0..5 {
            assert_eq!(store.lookup(&id), Lookup::Created("new".into()));
        }
        assert!(store.advance(&id));
        assert_eq!(
            store.lookup(&id),
            Lookup::Created("workflow_in_progress".into())
        );
        store.advance_clock(STEP);
        assert_eq!(store.lookup(&id), Lookup::Created("completed".into()));
        store.advance_clock(STEP.saturating_mul(10));
        assert_eq!(store.lookup(&id), Lookup::Created("completed".into()));
        assert!(!store.advance("not-created"));
    }

    #[test]
    fn a_mark_erases_after_its_grace_period_and_can_be_undone_before() {
        let store = Store::default();
        let id = store.create();
        assert_eq!(store.mark(&id, true, 2), Marking::Accepted);
        store.advance_clock(DAY);
        assert_eq!(store.unmark(&id, true), Marking::Accepted);
        assert_eq!(store.unmark(&id, true), Marking::NotMarked);
        assert_eq!(store.mark(&id, true, 2), Marking::Accepted);
        store.advance_clock(DAY.saturating_mul(2));
        assert_eq!(store.lookup(&id), Lookup::Erased);
        assert_eq!(store.unmark(&id, true), Marking::NotFound);
        assert_eq!(store.mark("other", false, 1), Marking::NotFound);
    }

    #[test]
    fn a_zero_grace_period_erases_at_once() {
        let store = Store::default();
        assert_eq!(store.mark("sbx-completed", true, 0), Marking::Accepted);
        assert_eq!(store.lookup("sbx-completed"), Lookup::Erased);
    }
}
