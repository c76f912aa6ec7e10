//! The receiver: authenticate, record, acknowledge, then re-read in the
//! background and record transitions by the rule.

use std::{
    collections::{BTreeMap, HashMap, VecDeque},
    fmt,
    net::IpAddr,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, AtomicUsize, Ordering},
    },
    time::Duration,
};

use time::OffsetDateTime;
use tokio::sync::{Notify, mpsc};
use txstatus_core::{
    Clock, StatusSource, SystemClock,
    provider::{header::HeaderMap, id_problem},
    webhook::{Delivery, EventFeed, Inbound, Refusal, Trust, WebhookSide},
};

use crate::{
    limiter::{HintLimiter, HintLimits},
    store::{Acceptance, Commit, GiveUp, ReadRefusal, Store, TxKey},
    transition::{ObservedState, Origin, Transition},
};

/// Routes are `<prefix><provider>` (a further path or a query is the side's).
pub const DEFAULT_PREFIX: &str = "/webhooks/";

/// How long a non-final transaction may go unchecked before a sweep re-reads it.
pub const DEFAULT_SWEEP_THRESHOLD: Duration = Duration::from_secs(5 * 60);

/// At most this many transactions re-read per sweep.
pub const DEFAULT_SWEEP_BATCH: usize = 100;

/// At most this many feed events read per provider per sweep.
pub const DEFAULT_FEED_LIMIT: usize = 200;

/// At most this many transactions re-read at once for deliveries
/// ([`ReceiverBuilder::max_reads`]).
pub const DEFAULT_MAX_READS: usize = 64;

/// The one method a delivery is sent with ([`Receiver::takes_method`]).
const ALLOWED_METHOD: &str = "POST";

/// How long a delivery's body may take to arrive once its headers are in
/// ([`ReceiverBuilder::body_timeout`]).
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(10);

/// How long one re-read may take before the receiver stops waiting for it
/// ([`ReceiverBuilder::read_timeout`]): past the provider clients' own deadline
/// ([`txstatus_core::DEFAULT_DEADLINE`], 60 s) with room for a token request,
/// so it only ends a source that never answers.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(120);

/// An HTTP answer: status code and a short plain-text body (never an echo of
/// the request).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reply {
    /// HTTP status code.
    pub status: u16,
    /// Body text.
    pub body: &'static str,
}

impl Reply {
    const fn new(status: u16, body: &'static str) -> Self {
        Self { status, body }
    }
}

/// Builds a [`Receiver`].
pub struct ReceiverBuilder {
    store: Arc<dyn Store>,
    providers: Vec<(Arc<dyn WebhookSide>, Arc<dyn StatusSource>)>,
    feeds: Vec<Arc<dyn EventFeed>>,
    clock: Arc<dyn Clock>,
    hint_limits: HintLimits,
    prefix: String,
    sweep_threshold: Duration,
    sweep_batch: usize,
    feed_limit: usize,
    body_timeout: Duration,
    max_reads: usize,
    give_up: GiveUp,
    read_timeout: Duration,
}

impl fmt::Debug for ReceiverBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReceiverBuilder")
            .field("providers", &self.providers.len())
            .field("feeds", &self.feeds.len())
            .finish_non_exhaustive()
    }
}

impl ReceiverBuilder {
    /// Receives `side`'s deliveries and re-reads through `source` (the same provider).
    pub fn provider(mut self, side: Arc<dyn WebhookSide>, source: Arc<dyn StatusSource>) -> Self {
        self.providers.push((side, source));
        self
    }

    /// Also lists the provider's past events on each sweep (Persona's `/events`).
    pub fn feed(mut self, feed: Arc<dyn EventFeed>) -> Self {
        self.feeds.push(feed);
        self
    }

    /// The clock for signature tolerances, TTLs, thresholds and hint windows.
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Limits on re-reads caused by unauthenticated hints.
    pub fn hint_limits(mut self, limits: HintLimits) -> Self {
        self.hint_limits = limits;
        self
    }

    /// The path prefix before the provider name (default `/webhooks/`).
    ///
    /// Taken as whole path segments: a leading and a closing `/` are added
    /// when missing, so `/hooks` routes `/hooks/{provider}` (not the provider
    /// named "" for every delivery) and never `/hooks{provider}`.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        let mut prefix = prefix.into();
        if !prefix.starts_with('/') {
            prefix.insert(0, '/');
        }
        if !prefix.ends_with('/') {
            prefix.push('/');
        }
        self.prefix = prefix;
        self
    }

    /// How long a non-final transaction may go unchecked before a sweep re-reads it.
    pub fn sweep_threshold(mut self, threshold: Duration) -> Self {
        self.sweep_threshold = threshold;
        self
    }

    /// How long a delivery's body may take to arrive, from the moment its
    /// headers are in (default [`DEFAULT_BODY_TIMEOUT`], 10 s). A body still
    /// incomplete then is answered `408 Request Timeout` and its connection
    /// closed, so a client sending slowly cannot hold a connection (or a clean
    /// stop) open. `service::router` (feature `axum`) applies it; a server of your own
    /// reads it from [`Receiver::body_timeout`] and answers with
    /// [`Receiver::body_timed_out`].
    pub fn body_timeout(mut self, timeout: Duration) -> Self {
        self.body_timeout = timeout;
        self
    }

    /// At most this many transactions re-read at once for deliveries (default
    /// [`DEFAULT_MAX_READS`], at least 1), so a flood of deliveries naming
    /// distinct transactions while the provider answers slowly holds a bounded
    /// number of tasks and reads. Past the bound a read waits for the next free
    /// reader, up to 64 waiting per reader; past those, an authenticated
    /// delivery is still recorded and acknowledged, stays awaiting in the store
    /// and the sweep re-reads it (logged), and a hint is dropped.
    pub fn max_reads(mut self, max: usize) -> Self {
        self.max_reads = max.max(1);
        self
    }

    /// When a transaction whose re-reads the provider keeps refusing (404 or
    /// another answer asking again will not change: 400, 410, 422, an id
    /// refused before sending) is given up (default [`GiveUp::DEFAULT`]:
    /// 5 refusals in a row over at least an hour). A transaction given up is no
    /// longer re-read by the sweep, is counted in [`Receiver::given_up`] and
    /// [`SweepReport::given_up`], and is logged (provider and status, never the
    /// id); a later delivery naming it starts over. Failures that may pass (5xx,
    /// 408, 425, 429, timeouts, connection failures, the store failing,
    /// credentials refused with 401/403/407, answers that do not decode or are
    /// too large) are never counted: the sweep re-reads those after every threshold. Needs a
    /// store that counts refusals ([`Store::read_refused`];
    /// [`MemoryStore`](crate::MemoryStore) does).
    pub fn give_up(mut self, rule: GiveUp) -> Self {
        self.give_up = rule;
        self
    }

    /// How long one re-read may take (default [`DEFAULT_READ_TIMEOUT`], 120 s,
    /// at least 1 ms). The provider clients end their own reads at their
    /// deadline; this bounds a [`StatusSource`] of your own that never
    /// answers, which would otherwise hold one of the [`max_reads`](Self::max_reads)
    /// readers (or a sweep) for good. A read cut here counts as a failure
    /// that may pass: the transaction stays awaiting and the sweep reads it
    /// again (logged with the provider, never the id).
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = timeout.max(Duration::from_millis(1));
        self
    }

    /// The receiver, and the channel its transitions arrive on (each once, in
    /// the order recorded).
    pub fn build(self) -> (Receiver, mpsc::UnboundedReceiver<Transition>) {
        let (sender, receiver) = mpsc::unbounded_channel();
        let mut sides = HashMap::new();
        let mut sources = HashMap::new();
        for (side, source) in self.providers {
            sides.insert(side.provider(), side);
            sources.insert(source.provider(), source);
        }
        let inner = Inner {
            sides,
            sources,
            feeds: self.feeds,
            store: self.store,
            clock: self.clock,
            hints: HintLimiter::new(self.hint_limits),
            in_flight: Mutex::new(Reads::default()),
            prefix: self.prefix,
            sweep_threshold: self.sweep_threshold,
            sweep_batch: self.sweep_batch,
            feed_limit: self.feed_limit,
            sender,
            tasks: AtomicUsize::new(0),
            idle: Notify::new(),
            reads: AtomicU64::new(0),
            body_timeout: self.body_timeout,
            body_timeouts: AtomicU64::new(0),
            max_reads: self.max_reads,
            give_up: self.give_up,
            given_up: AtomicU64::new(0),
            read_timeout: self.read_timeout,
        };
        (
            Receiver {
                inner: Arc::new(inner),
            },
            receiver,
        )
    }
}

/// A webhook receiver for one process. Cheap to clone; clones share everything.
#[derive(Clone)]
pub struct Receiver {
    inner: Arc<Inner>,
}

impl fmt::Debug for Receiver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut providers = self.inner.sides.keys().collect::<Vec<_>>();
        providers.sort();
        f.debug_struct("Receiver")
            .field("providers", &providers)
            .field("store", &self.inner.store)
            .finish_non_exhaustive()
    }
}

struct Inner {
    sides: HashMap<&'static str, Arc<dyn WebhookSide>>,
    sources: HashMap<&'static str, Arc<dyn StatusSource>>,
    feeds: Vec<Arc<dyn EventFeed>>,
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    hints: HintLimiter,
    /// Webhook re-reads running or waiting for a reader, per transaction:
    /// deliveries arriving meanwhile ask for one more read after it (never more
    /// than one waiting).
    in_flight: Mutex<Reads>,
    prefix: String,
    sweep_threshold: Duration,
    sweep_batch: usize,
    feed_limit: usize,
    sender: mpsc::UnboundedSender<Transition>,
    tasks: AtomicUsize,
    idle: Notify,
    reads: AtomicU64,
    body_timeout: Duration,
    body_timeouts: AtomicU64,
    /// Webhook re-reads running at once (readers); more wait in `in_flight`.
    max_reads: usize,
    give_up: GiveUp,
    given_up: AtomicU64,
    read_timeout: Duration,
}

/// Transactions waiting for a free reader, per reader: past this many a
/// delivery is left to the sweep (bounded memory under a flood).
const WAITING_PER_READER: usize = 64;

/// The webhook re-reads asked for: by transaction (running or waiting, each
/// with the read wanted next), and the waiting ones in the order asked.
#[derive(Default)]
struct Reads {
    by_key: HashMap<TxKey, FollowUp>,
    waiting: VecDeque<TxKey>,
}

impl Reads {
    /// Readers busy now.
    fn running(&self) -> usize {
        self.by_key.len().saturating_sub(self.waiting.len())
    }

    /// The next waiting transaction and what its read carries; `None` when
    /// none waits.
    fn next_waiting(&mut self) -> Option<(TxKey, FollowUp)> {
        while let Some(key) = self.waiting.pop_front() {
            if let Some(wanted) = self.by_key.get_mut(&key) {
                let next = std::mem::take(wanted);
                return Some((key, next));
            }
        }
        None
    }
}

/// What one sweep did.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SweepReport {
    /// Transactions re-read.
    pub reread: usize,
    /// Transitions recorded.
    pub transitions: usize,
    /// Feed events read.
    pub feed_events: usize,
    /// Transactions given up in this sweep: the provider kept refusing their
    /// re-reads ([`ReceiverBuilder::give_up`]).
    pub given_up: usize,
}

/// A read asked for while one is running.
#[derive(Debug, Default)]
struct FollowUp {
    wanted: bool,
    event_id: Option<String>,
    hints: BTreeMap<String, String>,
}

/// How a webhook re-read request was taken.
enum Queued {
    /// A read starts now.
    Started,
    /// One more read will follow the running one.
    FollowUp,
    /// A read is running and one is already waiting.
    Coalesced,
    /// Every reader is busy: the read waits for the next free one.
    Waiting,
    /// Every reader is busy and too many wait: none queued (an accepted
    /// delivery stays awaiting in the store for the sweep).
    Deferred,
}

/// Keeps the in-flight count while a background re-read runs.
struct TaskGuard(Arc<Inner>);

impl Drop for TaskGuard {
    fn drop(&mut self) {
        if self.0.tasks.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

impl Receiver {
    /// A builder over `store`.
    pub fn builder(store: Arc<dyn Store>) -> ReceiverBuilder {
        ReceiverBuilder {
            store,
            providers: Vec::new(),
            feeds: Vec::new(),
            clock: Arc::new(SystemClock),
            hint_limits: HintLimits::default(),
            prefix: DEFAULT_PREFIX.to_owned(),
            sweep_threshold: DEFAULT_SWEEP_THRESHOLD,
            sweep_batch: DEFAULT_SWEEP_BATCH,
            feed_limit: DEFAULT_FEED_LIMIT,
            body_timeout: DEFAULT_BODY_TIMEOUT,
            max_reads: DEFAULT_MAX_READS,
            give_up: GiveUp::DEFAULT,
            read_timeout: DEFAULT_READ_TIMEOUT,
        }
    }

    /// The store.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.inner.store
    }

    /// Provider re-reads started so far (webhook and sweep).
    pub fn reads(&self) -> u64 {
        self.inner.reads.load(Ordering::SeqCst)
    }

    /// Transactions given up so far: the provider kept refusing their re-reads
    /// ([`ReceiverBuilder::give_up`]), so the sweep no longer reads them.
    pub fn given_up(&self) -> u64 {
        self.inner.given_up.load(Ordering::SeqCst)
    }

    /// How long a delivery's body may take to arrive once its headers are in
    /// ([`ReceiverBuilder::body_timeout`]).
    pub fn body_timeout(&self) -> Duration {
        self.inner.body_timeout
    }

    /// Deliveries answered `408` so far: their body did not arrive within
    /// [`Receiver::body_timeout`].
    pub fn body_timeouts(&self) -> u64 {
        self.inner.body_timeouts.load(Ordering::SeqCst)
    }

    /// The answer to a request to `target` (path and query) whose body did not
    /// arrive within [`Receiver::body_timeout`]: `408 Request Timeout`, counted
    /// in [`Receiver::body_timeouts`] and logged with the route's provider only
    /// (nothing the client sent).
    pub fn body_timed_out(&self, target: &str) -> Reply {
        self.inner.body_timeouts.fetch_add(1, Ordering::SeqCst);
        let provider = self.route(target).map(|side| side.provider());
        tracing::info!(provider, "webhook refused: body not received in time");
        Reply::new(408, "request timeout\n")
    }

    /// The largest body any route takes: read no more than this plus one byte.
    pub fn max_body(&self) -> usize {
        self.inner
            .sides
            .values()
            .map(|side| side.max_body())
            .max()
            .unwrap_or(txstatus_core::webhook::DEFAULT_MAX_BODY)
    }

    /// Whether `method` is one a delivery is sent with: `POST` (in any case, as
    /// every provider's side compares it), the one method the receiver takes
    /// whatever a side would. A server answers `405` with `Allow: POST` to any
    /// other before reading its body (`service` does).
    pub fn takes_method(&self, method: &str) -> bool {
        method.eq_ignore_ascii_case(ALLOWED_METHOD)
    }

    /// Handles one request, framework-free: `target` is the path and query as
    /// requested, `body` the raw bytes. Answers as soon as the delivery is
    /// authenticated and recorded; the re-read runs after, in the background
    /// (call from inside a tokio runtime). A request to no route is `404`; one
    /// with another method than `POST` ([`Receiver::takes_method`]) is `405`
    /// before its side sees it, whatever the side would take (a link preview or
    /// crawler following a webhook URL, which may carry a Checkout token, then
    /// records and reads nothing). Send a `405` with `Allow: POST` (`service`
    /// does).
    pub async fn handle(
        &self,
        method: &str,
        target: &str,
        headers: &HeaderMap,
        peer: Option<IpAddr>,
        body: &[u8],
    ) -> Reply {
        let Some(side) = self.route(target) else {
            return Reply::new(404, "no such webhook route\n");
        };
        if !self.takes_method(method) {
            return Reply::new(405, "method not allowed\n");
        }
        if body.len() > side.max_body() {
            return Reply::new(413, "body too large\n");
        }
        let inbound = Inbound {
            method,
            headers,
            peer,
            target,
            body,
            now: self.inner.clock.system_now(),
        };
        let delivery = match side.receive(&inbound) {
            // The delivery rules again, whatever the side set directly; the id in
            // the form the provider's ids compare by (one transaction, one key).
            Ok(delivery) => keyed(side.id_case(), checked(side.provider(), delivery)),
            Err(Refusal::Method) => return Reply::new(405, "method not allowed\n"),
            Err(refusal) => {
                tracing::info!(provider = side.provider(), %refusal, "webhook refused");
                return Reply::new(401, "unauthenticated\n");
            }
        };
        if delivery.trust == Trust::Hint {
            return self.hint(delivery.provider, delivery.transaction_id, delivery.source);
        }
        let now = self.now();
        match self.inner.store.accept(&delivery, now).await {
            Err(error) => {
                tracing::warn!(provider = delivery.provider, %error, "webhook not recorded");
                Reply::new(503, "cannot record\n")
            }
            Ok(Acceptance::Duplicate) => Reply::new(200, "duplicate\n"),
            Ok(Acceptance::New) => {
                if let Some(id) = delivery.transaction_id {
                    let key = TxKey::new(delivery.provider, id);
                    let queued = self.queue_reread(key, delivery.event_id, delivery.hints, || true);
                    if let Queued::Deferred = queued {
                        // Recorded as awaiting: the sweep re-reads it.
                        tracing::warn!(
                            provider = delivery.provider,
                            "webhook re-read deferred to the sweep: too many reads running"
                        );
                    }
                }
                Reply::new(200, "accepted\n")
            }
        }
    }

    /// Waits until every re-read started so far has finished (a clean stop).
    pub async fn drain(&self) {
        loop {
            let notified = self.inner.idle.notified();
            let mut notified = std::pin::pin!(notified);
            notified.as_mut().enable();
            if self.inner.tasks.load(Ordering::SeqCst) == 0 {
                return;
            }
            notified.await;
        }
    }

    /// One sweep: re-reads transactions whose last state is not final (or whose
    /// accepted delivery was never reconciled) and unchecked for longer than the
    /// threshold, then reads each provider feed from its cursor and re-reads the
    /// transactions its events name. Everything goes through the same rule. A
    /// transaction a feed event names whose read fails is left awaiting (as an
    /// accepted delivery is), so a later sweep reads it though the cursor moved on.
    pub async fn sweep(&self) -> Result<SweepReport, crate::StoreError> {
        let mut report = SweepReport::default();
        let now = self.now();
        let threshold =
            time::Duration::try_from(self.inner.sweep_threshold).unwrap_or(time::Duration::MAX);
        // A threshold reaching past the earliest representable time: nothing has
        // gone unchecked that long, so no transaction is due (never "all of them").
        let due = match now.checked_sub(threshold) {
            Some(cutoff) => self.inner.store.due(cutoff, self.inner.sweep_batch).await?,
            None => Vec::new(),
        };
        for key in due {
            report.reread = report.reread.saturating_add(1);
            match reread_in_task(&self.inner, key, Origin::Sweep, None, BTreeMap::new()).await {
                Ok(Some(_)) => report.transitions = report.transitions.saturating_add(1),
                Err(ReadFailed { given_up: true }) => {
                    report.given_up = report.given_up.saturating_add(1);
                }
                Ok(None) | Err(ReadFailed { given_up: false }) => {}
            }
        }
        for feed in &self.inner.feeds {
            let provider = feed.provider();
            let case = self
                .inner
                .sides
                .get(provider)
                .map_or(txstatus_core::provider::IdCase::Exact, |side| {
                    side.id_case()
                });
            let cursor = self.inner.store.feed_cursor(provider).await?;
            let events = match feed
                .events_after(cursor.as_deref(), self.inner.feed_limit)
                .await
            {
                Ok(events) => events,
                Err(error) => {
                    tracing::warn!(provider, status = ?error.status(), "event feed read failed");
                    continue;
                }
            };
            report.feed_events = report.feed_events.saturating_add(events.len());
            // The newest event per transaction; one re-read each. An event id
            // the core would refuse names no event: it is neither recorded with
            // the transition nor kept as the cursor (the delivery rule,
            // `Delivery::with_event_id`, for feeds too).
            let usable = |id: &String| id_problem(id).is_none().then(|| id.clone());
            let mut latest = BTreeMap::new();
            for event in &events {
                // A feed is read from the provider's API, not trusted as a key:
                // an id the core would refuse (`..`, empty, control characters,
                // too long) names nothing to re-read, whatever the feed.
                if let Some(id) = event
                    .transaction_id
                    .as_ref()
                    .filter(|id| id_problem(id).is_none())
                {
                    latest.insert(
                        txstatus_core::webhook::transaction_key(case, id.clone()),
                        usable(&event.event_id),
                    );
                }
            }
            for (id, event_id) in latest {
                report.reread = report.reread.saturating_add(1);
                let key = TxKey::new(provider, id.clone());
                match reread_in_task(&self.inner, key, Origin::Sweep, event_id, BTreeMap::new())
                    .await
                {
                    Ok(Some(_)) => report.transitions = report.transitions.saturating_add(1),
                    Ok(None) => {}
                    Err(ReadFailed { given_up: true }) => {
                        // Refused once too often: given up, not left awaiting.
                        report.given_up = report.given_up.saturating_add(1);
                    }
                    Err(ReadFailed { given_up: false }) => {
                        // The cursor moves past this event: left awaiting, like an
                        // accepted delivery whose read failed, so a later sweep reads
                        // the transaction (after the threshold). A store that cannot
                        // keep it ends the sweep before the cursor moves.
                        let unread =
                            Delivery::authenticated(provider).with_transaction_id(Some(id));
                        self.inner.store.accept(&unread, now).await?;
                    }
                }
            }
            if let Some(last) = events
                .iter()
                .rev()
                .find_map(|event| usable(&event.event_id))
            {
                self.inner.store.set_feed_cursor(provider, &last).await?;
            }
        }
        Ok(report)
    }

    /// Whether `target` (path and query) names a provider's route: a server
    /// answers `404` to one that does not before reading its body.
    pub fn has_route(&self, target: &str) -> bool {
        self.route(target).is_some()
    }

    fn route(&self, target: &str) -> Option<&Arc<dyn WebhookSide>> {
        let path = target.split(['?', '#']).next().unwrap_or_default();
        let rest = path.strip_prefix(self.inner.prefix.as_str())?;
        let provider = rest.split('/').next().unwrap_or_default();
        self.inner.sides.get(provider)
    }

    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::from(self.inner.clock.system_now())
    }

    /// An unauthenticated hint: coalesced per transaction, rate-limited per
    /// source; never recorded, never more than a reason to re-read.
    fn hint(&self, provider: &'static str, id: Option<String>, source: Option<IpAddr>) -> Reply {
        let accepted = Reply::new(202, "accepted\n");
        let Some(id) = id else {
            return accepted;
        };
        let key = TxKey::new(provider, id);
        let limiter = || self.inner.hints.try_take(source, self.inner.clock.now());
        match self.queue_reread(key, None, BTreeMap::new(), limiter) {
            Queued::Coalesced => tracing::debug!(provider, "webhook hint coalesced"),
            Queued::Deferred => tracing::debug!(provider, "webhook hint dropped: too many reads"),
            Queued::Started | Queued::FollowUp | Queued::Waiting => {}
        }
        accepted
    }

    /// Starts a webhook re-read of `key`, or, while one runs, asks for one more
    /// after it (a read already running may have read before the change this
    /// delivery is about). `allow` is asked only when a read would be added.
    fn queue_reread(
        &self,
        key: TxKey,
        event_id: Option<String>,
        hints: BTreeMap<String, String>,
        allow: impl FnOnce() -> bool,
    ) -> Queued {
        {
            let Ok(mut in_flight) = self.inner.in_flight.lock() else {
                return Queued::Coalesced;
            };
            if let Some(follow_up) = in_flight.by_key.get_mut(&key) {
                if follow_up.wanted {
                    follow_up.event_id = event_id.or(follow_up.event_id.take());
                    follow_up.hints.extend(hints);
                    return Queued::Coalesced;
                }
                if !allow() {
                    return Queued::Coalesced;
                }
                *follow_up = FollowUp {
                    wanted: true,
                    event_id,
                    hints,
                };
                return Queued::FollowUp;
            }
            if in_flight.running() >= self.inner.max_reads {
                let room = self.inner.max_reads.saturating_mul(WAITING_PER_READER);
                if in_flight.waiting.len() >= room {
                    return Queued::Deferred;
                }
                if !allow() {
                    return Queued::Coalesced;
                }
                let wanted = FollowUp {
                    wanted: true,
                    event_id,
                    hints,
                };
                in_flight.by_key.insert(key.clone(), wanted);
                in_flight.waiting.push_back(key);
                return Queued::Waiting;
            }
            if !allow() {
                return Queued::Coalesced;
            }
            in_flight.by_key.insert(key.clone(), FollowUp::default());
        }
        self.inner.tasks.fetch_add(1, Ordering::SeqCst);
        let guard = TaskGuard(Arc::clone(&self.inner));
        tokio::spawn(async move {
            let inner = Arc::clone(&guard.0);
            let (mut key, mut event_id, mut hints) = (key, event_id, hints);
            loop {
                // Its own task: a read that panics (a provider's source, a store)
                // ends that read only. This reader still releases the
                // transaction, or it would stay "running" for good: never read
                // on a delivery again, and one reader fewer for everyone. A
                // failed read stays awaiting in the store (accepted before): the
                // sweep reads it again.
                let _ = reread_in_task(&inner, key.clone(), Origin::Webhook, event_id, hints).await;
                let Ok(mut in_flight) = inner.in_flight.lock() else {
                    break;
                };
                let next = match in_flight.by_key.get_mut(&key) {
                    Some(follow_up) if follow_up.wanted => Some((key, std::mem::take(follow_up))),
                    _ => {
                        in_flight.by_key.remove(&key);
                        // This reader takes the transaction waiting longest.
                        in_flight.next_waiting()
                    }
                };
                let Some((next_key, next)) = next else {
                    break;
                };
                (key, event_id, hints) = (next_key, next.event_id, next.hints);
            }
            drop(guard);
        });
        Queued::Started
    }
}

/// `delivery` as a side returned it, with the delivery rules applied again to
/// what the side may have set directly on its public fields: it is the
/// `provider`'s of the route it arrived on (never read through, or
/// deduplicated against, another provider's), and its ids and hints pass
/// [`Delivery::checked`] (hints are kept, printed and logged with the
/// transition).
fn checked(provider: &'static str, mut delivery: Delivery) -> Delivery {
    delivery.provider = provider;
    delivery.checked()
}

/// `delivery` with its transaction id in the form its provider's ids compare by
/// ([`txstatus_core::webhook::transaction_key`]).
fn keyed(case: txstatus_core::provider::IdCase, mut delivery: Delivery) -> Delivery {
    delivery.transaction_id = delivery
        .transaction_id
        .map(|id| txstatus_core::webhook::transaction_key(case, id));
    delivery
}

/// A re-read that did not reach the provider's answer (the read or the store
/// failed): nothing was committed. `given_up`: the provider's refusal gave the
/// transaction up ([`ReceiverBuilder::give_up`]).
struct ReadFailed {
    given_up: bool,
}

const FAILED: ReadFailed = ReadFailed { given_up: false };

/// Whether asking the provider again will not change its answer to a read:
/// it answered that it has no such transaction or will not read this id (404,
/// 410, 400, 422), or the id was refused before sending. Everything else may
/// pass and is never counted towards giving up: server failures, 408, 425,
/// 429, rate limits, timeouts and connection failures, and also credentials
/// refused (401, 403, 407: the receiver's own configuration, which a fix makes
/// good for every transaction at once) and answers that do not decode or are
/// too large (a maintenance page, or a shape a newer version of this crate
/// reads).
fn lasting(error: &txstatus_core::Error) -> bool {
    use txstatus_core::ErrorKind;
    match error.kind() {
        ErrorKind::InvalidInput { .. } => true,
        ErrorKind::Http(_) => error
            .status()
            .is_some_and(|status| matches!(status, 400 | 404 | 410 | 422)),
        _ => false,
    }
}

/// [`reread`] in a task of its own: a read that panics (a provider's source, a
/// store) ends that read only, for the webhook path and the sweep alike. The
/// transaction is then counted as checked, as a failed read is, so it goes
/// behind the others in the sweep's order instead of first in every batch.
async fn reread_in_task(
    inner: &Arc<Inner>,
    key: TxKey,
    origin: Origin,
    event_id: Option<String>,
    hints: BTreeMap<String, String>,
) -> Result<Option<Transition>, ReadFailed> {
    let task = tokio::spawn({
        let inner = Arc::clone(inner);
        let key = key.clone();
        async move { reread(&inner, key, origin, event_id, hints).await }
    });
    match task.await {
        Ok(result) => result,
        Err(error) => {
            if error.is_panic() {
                tracing::error!(provider = %key.provider, "webhook re-read panicked");
            }
            let at = OffsetDateTime::from(inner.clock.system_now());
            if let Err(error) = inner.store.read_failed(&key, at).await {
                tracing::warn!(provider = %key.provider, %error, "failed re-read not recorded");
            }
            Err(FAILED)
        }
    }
}

/// Whether `report` is about the transaction `key` names (its id, in the form
/// the provider's ids compare by; the provider is the route's): the provider's
/// clients refuse an answer about another id themselves, a
/// [`StatusSource`] of your own may not, and committing its answer would
/// record another transaction's state (or a mix of two) under this one.
fn answers_for(inner: &Inner, key: &TxKey, report: &txstatus_core::StatusReport) -> bool {
    let case = inner
        .sides
        .get(key.provider.as_str())
        .map_or(txstatus_core::provider::IdCase::Exact, |side| {
            side.id_case()
        });
    txstatus_core::webhook::transaction_key(case, report.id.clone()) == key.id
}

/// Re-reads one transaction and commits what the provider answered: the
/// transition recorded, if any, or [`ReadFailed`] when nothing was committed.
async fn reread(
    inner: &Inner,
    key: TxKey,
    origin: Origin,
    event_id: Option<String>,
    hints: BTreeMap<String, String>,
) -> Result<Option<Transition>, ReadFailed> {
    // No source for the provider (another replica's, or one no longer configured,
    // sharing the store): nothing to read it with here. Counted as checked now,
    // as a failed read is, so it goes behind the others in the sweep's order and
    // never holds its batch; it stays awaiting for a replica that reads it.
    let Some(source) = inner.sources.get(key.provider.as_str()) else {
        let at = OffsetDateTime::from(inner.clock.system_now());
        if let Err(error) = inner.store.read_failed(&key, at).await {
            tracing::warn!(%error, "unreadable transaction not recorded as checked");
        }
        return Ok(None);
    };
    let ticket = match inner.store.begin_read(&key).await {
        Ok(ticket) => ticket,
        Err(error) => {
            tracing::warn!(provider = %key.provider, %error, "re-read not started");
            return Err(FAILED);
        }
    };
    inner.reads.fetch_add(1, Ordering::SeqCst);
    let answer = tokio::time::timeout(inner.read_timeout, source.status_report(&key.id)).await;
    let report = match answer {
        Ok(Ok(report)) if answers_for(inner, &key, &report) => report,
        Ok(Ok(_)) | Err(_) => {
            // A source that never answered, or answered about another
            // transaction: nothing to commit under this one. Left awaiting,
            // as after a failure that may pass; the sweep reads it again.
            let why = if answer.is_err() {
                "re-read timed out"
            } else {
                "re-read answered about another transaction"
            };
            tracing::warn!(provider = %key.provider, "{why}");
            let at = OffsetDateTime::from(inner.clock.system_now());
            if let Err(error) = inner.store.read_failed(&key, at).await {
                tracing::warn!(provider = %key.provider, %error, "failed re-read not recorded");
            }
            return Err(FAILED);
        }
        Ok(Err(error)) => {
            // Left awaiting in the store: the sweep tries again, after its
            // threshold, behind the transactions checked longer ago; a
            // refusal that will not change is counted, and gives the
            // transaction up past the rule.
            let status = error.status();
            tracing::warn!(provider = %key.provider, status = ?status, "re-read failed");
            let at = OffsetDateTime::from(inner.clock.system_now());
            if !lasting(&error) {
                if let Err(error) = inner.store.read_failed(&key, at).await {
                    tracing::warn!(provider = %key.provider, %error, "failed re-read not recorded");
                }
                return Err(FAILED);
            }
            return match inner.store.read_refused(&key, at, inner.give_up).await {
                Ok(ReadRefusal::GivenUp { refusals }) => {
                    inner.given_up.fetch_add(1, Ordering::SeqCst);
                    tracing::warn!(
                        provider = %key.provider,
                        status = ?status,
                        refusals,
                        "webhook transaction given up: the provider keeps refusing its re-read"
                    );
                    Err(ReadFailed { given_up: true })
                }
                Ok(_) => Err(FAILED),
                Err(error) => {
                    tracing::warn!(provider = %key.provider, %error, "refused re-read not recorded");
                    Err(FAILED)
                }
            };
        }
    };
    let observed_at = OffsetDateTime::from(inner.clock.system_now());
    let commit = Commit::new(
        key,
        ticket,
        ObservedState::from_report(&report),
        origin,
        observed_at,
    )
    .with_delivery(event_id, hints);
    match inner.store.commit(commit).await {
        Ok(Some(transition)) => {
            // The listener may have gone away; the transition is in the store.
            let _ = inner.sender.send(transition.clone());
            Ok(Some(transition))
        }
        Ok(None) => Ok(None),
        Err(error) => {
            tracing::warn!(%error, "re-read not recorded");
            Err(FAILED)
        }
    }
}
