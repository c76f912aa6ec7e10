//! Persona transactions the sandbox keeps besides its scenario ids: generated ones to
//! list, created ones that progress with time (or when a test advances them), their
//! updates, redactions and events. Reading never changes what is read.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};

use crate::persona_ids::{self, CREATED_STEPS, GENERATED};

/// Default time between two steps of a created transaction.
pub(crate) const DEFAULT_STEP_INTERVAL: Duration = Duration::from_secs(2);

/// How a record's status is decided.
#[derive(Debug, Clone)]
enum Status {
    /// Set once (generated, or by `PATCH`).
    Fixed(String),
    /// [`CREATED_STEPS`] with time and advances.
    Progress,
}

/// One stored transaction.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    pub(crate) id: String,
    pub(crate) transaction_type_id: String,
    pub(crate) reference_id: Option<String>,
    pub(crate) fields: Map<String, Value>,
    pub(crate) tags: Vec<String>,
    pub(crate) label: Option<String>,
    status: Status,
    created: Instant,
    pub(crate) created_at: SystemTime,
    pub(crate) updated_at: SystemTime,
    advances: usize,
    /// When each advance that could move the status was asked for (at most one
    /// per step, so bounded): the steps' times, for `updated-at` and events.
    advanced_at: Vec<SystemTime>,
    pub(crate) redacted: bool,
    /// Created by `POST /transactions` (not generated).
    pub(crate) posted: bool,
    /// Events recorded by writes: (suffix, name, when).
    pub(crate) events: Vec<(String, &'static str, SystemTime)>,
}

/// Webhook deliveries per transaction whose events `GET /events` serves.
pub(crate) const MAX_DELIVERED_EVENTS: usize = 64;

/// What a created transaction was created with.
#[derive(Debug, Clone)]
pub(crate) struct NewTransaction {
    pub(crate) transaction_type_id: String,
    pub(crate) reference_id: Option<String>,
    pub(crate) fields: Map<String, Value>,
    pub(crate) tags: Vec<String>,
}

/// The changes of one `PATCH`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Update {
    pub(crate) status: Option<String>,
    pub(crate) reference_id: Option<String>,
    pub(crate) label: Option<String>,
    pub(crate) fields: Map<String, Value>,
    pub(crate) tags: Option<Vec<String>>,
}

/// The outcome of a create.
pub(crate) enum Created {
    /// A new transaction, or the one the same `Idempotency-Key` created.
    Record(Box<Record>),
    /// The key was used with another body.
    KeyReused,
}

#[derive(Debug)]
struct Inner {
    /// Newest first is by `created_at`; kept in insertion order here.
    records: BTreeMap<String, Record>,
    /// `Idempotency-Key` → (request body, transaction id).
    keys: HashMap<String, (Vec<u8>, String)>,
    /// `Idempotency-Key`s of writes already applied (update, redact biometrics).
    applied: HashSet<String>,
    /// Scenario ids redacted by `DELETE`.
    redacted_scenarios: HashSet<String>,
    created: u64,
    step_interval: Duration,
}

/// The store of one sandbox instance.
#[derive(Debug)]
pub(crate) struct PersonaStore {
    inner: Mutex<Inner>,
}

impl Default for PersonaStore {
    fn default() -> Self {
        let base = UNIX_EPOCH + Duration::from_secs(1_748_736_000); // 2025-06-01
        let now = Instant::now();
        let statuses = [
            "approved",
            "declined",
            "completed",
            "pending",
            "needs review",
        ];
        let records = (0..GENERATED)
            .map(|index| {
                let at = base
                    .checked_sub(Duration::from_secs(3600).saturating_mul(index as u32))
                    .unwrap_or(base);
                let status = statuses
                    .get(index % statuses.len())
                    .copied()
                    .unwrap_or("created");
                let record = Record {
                    id: persona_ids::generated_id(index),
                    transaction_type_id: persona_ids::TRANSACTION_TYPE_ID.to_owned(),
                    reference_id: Some(persona_ids::reference_id(index)),
                    fields: Map::new(),
                    tags: vec!["generated".to_owned()],
                    label: None,
                    status: Status::Fixed(status.to_owned()),
                    created: now,
                    created_at: at,
                    updated_at: at,
                    advances: 0,
                    advanced_at: Vec::new(),
                    redacted: false,
                    posted: false,
                    events: Vec::new(),
                };
                (record.id.clone(), record)
            })
            .collect();
        PersonaStore {
            inner: Mutex::new(Inner {
                records,
                keys: HashMap::new(),
                applied: HashSet::new(),
                redacted_scenarios: HashSet::new(),
                created: 0,
                step_interval: DEFAULT_STEP_INTERVAL,
            }),
        }
    }
}

impl Record {
    /// The status now: fixed, or the step reached by time and advances.
    pub(crate) fn status(&self, now: Instant, interval: Duration) -> String {
        match &self.status {
            Status::Fixed(status) => status.clone(),
            Status::Progress => CREATED_STEPS
                .get(self.step(now, interval))
                .or(CREATED_STEPS.last())
                .copied()
                .unwrap_or("created")
                .to_owned(),
        }
    }

    /// Steps taken by time alone.
    fn by_time(&self, now: Instant, interval: Duration) -> usize {
        if interval.is_zero() {
            0
        } else {
            let elapsed = now.saturating_duration_since(self.created);
            usize::try_from(elapsed.as_millis() / interval.as_millis().max(1)).unwrap_or(usize::MAX)
        }
    }

    /// Index into [`CREATED_STEPS`] (time steps plus advances, capped).
    pub(crate) fn step(&self, now: Instant, interval: Duration) -> usize {
        self.by_time(now, interval)
            .saturating_add(self.advances)
            .min(CREATED_STEPS.len().saturating_sub(1))
    }

    /// When each step up to the current one was reached: `created-at`, then the
    /// time boundaries and advances in order, each at least 1 ms after the one
    /// before (so a status change always moves `updated-at`, at Persona's
    /// millisecond precision).
    pub(crate) fn step_times(&self, now: Instant, interval: Duration) -> Vec<SystemTime> {
        let reached = if self.progresses() {
            self.step(now, interval)
        } else {
            0
        };
        let boundaries = (1..=self.by_time(now, interval).min(reached)).map(|j| {
            let offset = interval.saturating_mul(u32::try_from(j).unwrap_or(u32::MAX));
            self.created_at
                .checked_add(offset)
                .unwrap_or(self.created_at)
        });
        let mut changes = boundaries
            .chain(self.advanced_at.iter().copied())
            .collect::<Vec<_>>();
        changes.sort();
        let mut times = vec![self.created_at];
        for change in changes.into_iter().take(reached) {
            let previous = times.last().copied().unwrap_or(self.created_at);
            let floor = previous
                .checked_add(Duration::from_millis(1))
                .unwrap_or(previous);
            times.push(change.max(floor));
        }
        times
    }

    /// `updated-at` now: the last write, or the last step reached if later.
    pub(crate) fn updated_at(&self, now: Instant, interval: Duration) -> SystemTime {
        let reached = self.step_times(now, interval).last().copied();
        reached.map_or(self.updated_at, |at| at.max(self.updated_at))
    }

    /// Whether the status follows [`CREATED_STEPS`].
    pub(crate) fn progresses(&self) -> bool {
        matches!(self.status, Status::Progress)
    }
}

impl PersonaStore {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Time between two steps of a created transaction (zero: only when advanced).
    pub(crate) fn set_step_interval(&self, interval: Duration) {
        self.lock().step_interval = interval;
    }

    /// The step interval.
    pub(crate) fn step_interval(&self) -> Duration {
        self.lock().step_interval
    }

    /// A copy of one record.
    pub(crate) fn get(&self, id: &str) -> Option<Record> {
        self.lock().records.get(id).cloned()
    }

    /// Copies of every record, newest first.
    pub(crate) fn all(&self) -> Vec<Record> {
        let mut records: Vec<Record> = self.lock().records.values().cloned().collect();
        records.sort_by(|a, b| {
            b.created_at
                .cmp(&a.created_at)
                .then_with(|| b.id.cmp(&a.id))
        });
        records
    }

    /// Creates a transaction, or returns the one `key` created before.
    pub(crate) fn create(&self, new: NewTransaction, key: Option<&str>, body: &[u8]) -> Created {
        let mut inner = self.lock();
        if let Some(key) = key
            && let Some((earlier, id)) = inner.keys.get(key)
        {
            if earlier.as_slice() != body {
                return Created::KeyReused;
            }
            if let Some(record) = inner.records.get(id) {
                return Created::Record(Box::new(record.clone()));
            }
        }
        inner.created = inner.created.saturating_add(1);
        let id = format!("txn_sbx{:08}", inner.created);
        let now = SystemTime::now();
        let record = Record {
            id: id.clone(),
            transaction_type_id: new.transaction_type_id,
            reference_id: new.reference_id,
            fields: new.fields,
            tags: new.tags,
            label: None,
            status: Status::Progress,
            created: Instant::now(),
            created_at: now,
            updated_at: now,
            advances: 0,
            advanced_at: Vec::new(),
            redacted: false,
            posted: true,
            events: Vec::new(),
        };
        if let Some(key) = key {
            inner
                .keys
                .insert(key.to_owned(), (body.to_vec(), id.clone()));
        }
        inner.records.insert(id, record.clone());
        Created::Record(Box::new(record))
    }

    /// Moves a created transaction one step on; `false` for an unknown id or one
    /// whose status does not progress.
    pub(crate) fn advance(&self, id: &str) -> bool {
        let mut inner = self.lock();
        match inner.records.get_mut(id) {
            Some(record) if record.progresses() => {
                record.advances = record.advances.saturating_add(1);
                if record.advanced_at.len() < CREATED_STEPS.len() {
                    record.advanced_at.push(SystemTime::now());
                }
                true
            }
            _ => false,
        }
    }

    /// Applies a `PATCH`; `None` for an unknown id. A key seen before changes nothing.
    pub(crate) fn update(&self, id: &str, update: Update, key: Option<&str>) -> Option<Record> {
        let mut inner = self.lock();
        let replay = key.is_some_and(|key| !inner.applied.insert(format!("update:{id}:{key}")));
        let record = inner.records.get_mut(id)?;
        if replay {
            return Some(record.clone());
        }
        let now = SystemTime::now();
        let serial = record.events.len();
        if let Some(status) = update.status {
            record.status = Status::Fixed(status);
            record
                .events
                .push((format!("m{serial}s"), "transaction.status-updated", now));
        }
        if !update.fields.is_empty() {
            record.fields.extend(update.fields);
            record
                .events
                .push((format!("m{serial}f"), "transaction.updated-fields", now));
        }
        if update.reference_id.is_some() {
            record.reference_id = update.reference_id;
        }
        if update.label.is_some() {
            record.label = update.label;
            record
                .events
                .push((format!("m{serial}l"), "transaction.labeled", now));
        }
        if let Some(tags) = update.tags {
            record.tags = tags;
        }
        record.updated_at = now;
        Some(record.clone())
    }

    /// Records a `transaction.status-updated` event for a webhook delivery, so
    /// `GET /events/{id}` and the event list serve the event the delivery names
    /// (what `persona_tx::Client::read_back` reads); its id, or `None` for an
    /// unknown id or once the record holds [`MAX_DELIVERED_EVENTS`] of them (the
    /// sandbox's memory stays bounded under load; later deliveries get ids no
    /// read finds).
    pub(crate) fn record_delivery(&self, id: &str, at: SystemTime) -> Option<String> {
        let mut inner = self.lock();
        let record = inner.records.get_mut(id)?;
        let delivered = record
            .events
            .iter()
            .filter(|(suffix, _, _)| suffix.starts_with('w'))
            .count();
        if delivered >= MAX_DELIVERED_EVENTS {
            return None;
        }
        let suffix = format!("w{delivered}");
        let event_id = format!("evt_{}-{suffix}", record.id);
        record
            .events
            .push((suffix, "transaction.status-updated", at));
        Some(event_id)
    }

    /// Redacts a stored transaction; `None` for an unknown id, `Some(false)` when it
    /// was already redacted.
    pub(crate) fn redact(&self, id: &str) -> Option<bool> {
        let mut inner = self.lock();
        let record = inner.records.get_mut(id)?;
        if record.redacted {
            return Some(false);
        }
        let now = SystemTime::now();
        record.redacted = true;
        record.reference_id = None;
        record.tags.clear();
        record.fields.clear();
        record.updated_at = now;
        record
            .events
            .push(("redacted".to_owned(), "transaction.redacted", now));
        Some(true)
    }

    /// Marks a scenario id redacted; `false` when it already was.
    pub(crate) fn redact_scenario(&self, id: &str) -> bool {
        self.lock().redacted_scenarios.insert(id.to_owned())
    }

    /// Whether a scenario id was redacted.
    pub(crate) fn scenario_redacted(&self, id: &str) -> bool {
        self.lock().redacted_scenarios.contains(id)
    }

    /// Records an applied write key; `false` when it was seen before.
    pub(crate) fn apply_once(&self, scope: &str, key: &str) -> bool {
        self.lock().applied.insert(format!("{scope}:{key}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new() -> NewTransaction {
        NewTransaction {
            transaction_type_id: "txntp_x".to_owned(),
            reference_id: Some("r".to_owned()),
            fields: Map::new(),
            tags: Vec::new(),
        }
    }

    #[test]
    fn a_key_returns_the_same_transaction_and_refuses_another_body() {
        let store = PersonaStore::default();
        let Created::Record(first) = store.create(new(), Some("k"), b"{}") else {
            panic!("created");
        };
        let Created::Record(again) = store.create(new(), Some("k"), b"{}") else {
            panic!("replayed");
        };
        assert_eq!(first.id, again.id);
        assert!(matches!(
            store.create(new(), Some("k"), b"{ }"),
            Created::KeyReused
        ));
    }

    #[test]
    fn created_transactions_progress_when_advanced_not_when_read() {
        let store = PersonaStore::default();
        store.set_step_interval(Duration::ZERO);
        let Created::Record(record) = store.create(new(), None, b"{}") else {
            panic!("created");
        };
        let now = Instant::now();
        for _ in 0..3 {
            assert_eq!(
                store.get(&record.id).unwrap().status(now, Duration::ZERO),
                "created"
            );
        }
        assert!(store.advance(&record.id));
        assert_eq!(
            store.get(&record.id).unwrap().status(now, Duration::ZERO),
            "pending"
        );
        store.advance(&record.id);
        store.advance(&record.id);
        assert_eq!(
            store.get(&record.id).unwrap().status(now, Duration::ZERO),
            "completed"
        );
    }

    #[test]
    fn step_times_follow_time_boundaries_and_advances_and_never_repeat() {
        let store = PersonaStore::default();
        let Created::Record(record) = store.create(new(), None, b"{}") else {
            panic!("created");
        };
        let interval = Duration::from_secs(2);
        let later = record.created + Duration::from_secs(3);
        let times = record.step_times(later, interval);
        assert_eq!(times, [record.created_at, record.created_at + interval]);
        assert_eq!(
            record.updated_at(later, interval),
            record.created_at + interval
        );
        // Advances in the same millisecond still give later times, and reading
        // (computing the times again) changes nothing.
        store.advance(&record.id);
        store.advance(&record.id);
        let record = store.get(&record.id).unwrap();
        let now = record.created;
        let times = record.step_times(now, Duration::ZERO);
        assert_eq!(times.len(), 3);
        assert!(times.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(record.step_times(now, Duration::ZERO), times);
        // Far past the last step: one time per step, however long ago.
        let much_later = now + Duration::from_secs(86_400 * 365);
        let times = record.step_times(much_later, Duration::from_millis(1));
        assert_eq!(times.len(), CREATED_STEPS.len());
    }

    #[test]
    fn created_transactions_progress_with_time() {
        let store = PersonaStore::default();
        let Created::Record(record) = store.create(new(), None, b"{}") else {
            panic!("created");
        };
        let later = Instant::now() + Duration::from_secs(3);
        assert_eq!(record.status(later, Duration::from_secs(2)), "pending");
        assert_eq!(
            record.status(later + Duration::from_secs(60), Duration::from_secs(2)),
            "completed"
        );
    }
}
