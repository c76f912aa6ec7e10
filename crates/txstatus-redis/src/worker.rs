//! A worker: claims due transactions from the shared schedule and reads them, within a
//! shared rate budget, recording transitions through the fenced path.

use std::{
    collections::BTreeMap,
    fmt,
    sync::Arc,
    time::{Duration, Instant},
};

use time::OffsetDateTime;
use tokio::{
    sync::{mpsc, watch},
    task::JoinSet,
};
use txstatus_core::{RateLimiter, StatusSource, SystemClock};
use txstatus_webhooks::ObservedState;

use crate::{
    error::{Error, ErrorKind},
    lease::{Lease, Recorded},
    ratelimit::{NoSlot, RedisRateLimiter},
    watch::WatchQueue,
    watch_state::PolledTransition,
};

/// What a running worker reports.
#[derive(Debug)]
#[non_exhaustive]
pub enum WorkerEvent {
    /// A transition it recorded (once in the stream; this event is at least once across
    /// restarts: deduplicate by `stream_id`).
    Transition(PolledTransition),
    /// A read failed; the transaction is due again after its interval.
    ReadFailed {
        /// Provider name.
        provider: String,
        /// Transaction id.
        id: String,
        /// The client's error, as its `Display` shows it (no secret, no personal data).
        error: String,
    },
    /// Redis failed; the task backs off and tries again.
    Redis(Error),
    /// A source the worker will never read, reported once at start: an iDIN source
    /// (named [`REFUSED_PROVIDER`](crate::REFUSED_PROVIDER), or whose
    /// [`StatusSource::provider`] is), whatever name it was given. iDIN's `/status`
    /// hands the identity out once; a worker's read can be dropped at its deadline or
    /// on stop, and read again after a failure or by another replica once the lease
    /// expires. Its transactions stay scheduled, unclaimed.
    Refused {
        /// The name the source was given.
        provider: String,
    },
}

/// The most transactions one worker reads at once ([`WorkerBuilder::concurrency`]).
pub const MAX_CONCURRENCY: usize = 1024;

/// Configures a [`Worker`].
pub struct WorkerBuilder {
    queue: WatchQueue,
    sources: BTreeMap<String, Arc<dyn StatusSource>>,
    budgets: BTreeMap<String, Budget>,
    concurrency: usize,
    read_deadline: Duration,
    margin: Duration,
    idle_poll: Duration,
}

impl fmt::Debug for WorkerBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WorkerBuilder")
            .field("providers", &self.sources.keys().collect::<Vec<_>>())
            .field("concurrency", &self.concurrency)
            .field("read_deadline", &self.read_deadline)
            .field("margin", &self.margin)
            .finish_non_exhaustive()
    }
}

impl WorkerBuilder {
    /// Reads `provider`'s transactions with `source` (a client configured by this
    /// process: base URLs and credentials never come from Redis). Only providers given a
    /// source are claimed. iDIN is never scheduled (enqueue refuses it) and never read:
    /// a source named `cm-idin`, or whose [`StatusSource::provider`] is `cm-idin`
    /// under any name, is refused at start ([`WorkerEvent::Refused`]).
    pub fn source(mut self, provider: impl Into<String>, source: Arc<dyn StatusSource>) -> Self {
        self.sources.insert(provider.into(), source);
        self
    }

    /// Takes a slot from `budget` (e.g. a [`RedisRateLimiter`](crate::RedisRateLimiter)
    /// shared by every replica) before each read of `provider`.
    ///
    /// The slot pays for one request: the read's first. A client that retries (a 429, a
    /// 5xx, a reset) or sends again after refreshing its credentials sends more within
    /// the same read, past the budget. Limit such a client's attempts after the first by
    /// the same budget (the `txstatus` CLI runs each read with its first attempt marked
    /// as paid, and takes a slot for every other), or give it no retries; a client
    /// limited by the same budget for every attempt pays twice for each first one.
    ///
    /// A budget that fails (answers `Err(Duration::MAX)`) says no why through this
    /// trait: the worker reports it as [`ErrorKind::Unreachable`]. Give a
    /// [`RedisRateLimiter`] with [`redis_budget`](Self::redis_budget) instead to have
    /// its real error reported.
    pub fn budget(mut self, provider: impl Into<String>, budget: Arc<dyn RateLimiter>) -> Self {
        self.budgets.insert(provider.into(), Budget::Any(budget));
        self
    }

    /// As [`budget`](Self::budget), with the shared budget on Redis: when it fails, the
    /// worker reports its real error ([`WorkerEvent::Redis`] with the kind and message
    /// of [`RedisRateLimiter::failure`]: a key of the wrong type or a script error is
    /// [`ErrorKind::Command`], a refused password [`ErrorKind::Auth`], a server gone
    /// [`ErrorKind::Unreachable`]), and gives the transaction back, as for any Redis
    /// failure. The same `Arc` can limit the clients too.
    pub fn redis_budget(
        mut self,
        provider: impl Into<String>,
        budget: Arc<RedisRateLimiter>,
    ) -> Self {
        self.budgets.insert(provider.into(), Budget::Redis(budget));
        self
    }

    /// Transactions read at once (default 4, at least 1, at most [`MAX_CONCURRENCY`]:
    /// more is shortened to it, each being a task of its own).
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = concurrency.clamp(1, MAX_CONCURRENCY);
        self
    }

    /// The longest one read may take (default 60 s, the clients' default overall
    /// deadline); a read still running then is dropped, and the transaction is due
    /// again after its interval. The lease lasts this plus the margin (at least 1 ms: a
    /// zero deadline and margin still claim, and each read then times out), and a read
    /// starts only with a lease renewed to that length. At most half of
    /// [`MAX_LEASE`](crate::MAX_LEASE) (longer is shortened to that).
    pub fn read_deadline(mut self, deadline: Duration) -> Self {
        self.read_deadline = deadline.min(HALF_MAX_LEASE);
        self
    }

    /// Added to the read deadline for the lease (default 10 s): covers the time between
    /// renewing the lease and the request leaving, and clock rate differences. A budget
    /// slot that comes after half the margin (always, with a margin shorter than a
    /// Redis round trip) shortens that read's deadline to what the lease has left less
    /// half the margin: the read still ends before the lease does. At most half of
    /// [`MAX_LEASE`](crate::MAX_LEASE) (longer is shortened to that).
    pub fn margin(mut self, margin: Duration) -> Self {
        self.margin = margin.min(HALF_MAX_LEASE);
        self
    }

    /// The wait before looking again when nothing is due (default 200 ms). At least
    /// 1 ms (shorter, zero included, is lengthened to it: a zero wait would ask Redis
    /// in a loop); a long one still ends at once on [`stop`](Worker::stop).
    pub fn idle_poll(mut self, wait: Duration) -> Self {
        self.idle_poll = wait.max(Duration::from_millis(1));
        self
    }

    /// Starts the worker's tasks on the current tokio runtime.
    pub fn start(self) -> Worker {
        let (stop_tx, stop_rx) = watch::channel(false);
        let (events_tx, events_rx) = mpsc::unbounded_channel();
        let (sources, refused): (BTreeMap<_, _>, BTreeMap<_, _>) = self
            .sources
            .into_iter()
            .partition(|(name, source)| !is_one_time_source(name, source.as_ref()));
        for provider in refused.into_keys() {
            let _ = events_tx.send(WorkerEvent::Refused { provider });
        }
        let shared = Arc::new(Shared {
            queue: self.queue,
            providers: sources.keys().cloned().collect(),
            sources,
            budgets: self.budgets,
            // In whole µs, as Redis keeps it: a renewal answers the time left in µs, and
            // a lease with a fraction of one would always look short (no read, ever).
            // At least 1 ms: a zero read deadline and margin would otherwise ask for a
            // zero lease, which every claim refuses (an error, for ever, and no read).
            lease: whole_micros(self.read_deadline.saturating_add(self.margin)).max(MIN_LEASE),
            margin: self.margin,
            read_deadline: self.read_deadline,
            idle_poll: self.idle_poll,
            events: events_tx,
        });
        let mut tasks = JoinSet::new();
        for task in 0..self.concurrency {
            tasks.spawn(run_task(shared.clone(), stop_rx.clone(), task));
        }
        Worker {
            tasks,
            stop: stop_tx,
            events: events_rx,
        }
    }
}

/// A running worker. [`stop`](Self::stop) ends it cleanly (leases released, due at
/// once for another worker); dropping it aborts its tasks and leaves their leases to
/// expire, as a crash would.
#[derive(Debug)]
pub struct Worker {
    tasks: JoinSet<()>,
    stop: watch::Sender<bool>,
    events: mpsc::UnboundedReceiver<WorkerEvent>,
}

impl Worker {
    /// A worker on `queue`'s schedule; add sources (and budgets), then
    /// [`start`](WorkerBuilder::start).
    pub fn builder(queue: &WatchQueue) -> WorkerBuilder {
        WorkerBuilder {
            queue: queue.clone(),
            sources: BTreeMap::new(),
            budgets: BTreeMap::new(),
            concurrency: 4,
            read_deadline: Duration::from_secs(60),
            margin: Duration::from_secs(10),
            idle_poll: Duration::from_millis(200),
        }
    }

    /// The next event; `None` once every task has ended and the events are drained.
    pub async fn next_event(&mut self) -> Option<WorkerEvent> {
        self.events.recv().await
    }

    /// An event if one is ready now.
    pub fn try_next_event(&mut self) -> Option<WorkerEvent> {
        self.events.try_recv().ok()
    }

    /// A handle that asks the worker to stop (e.g. from a signal handler).
    pub fn stopper(&self) -> Stopper {
        Stopper(self.stop.clone())
    }

    /// Stops: reads in flight are abandoned and their leases released (due at once);
    /// returns when every task has ended. Events still queued stay readable.
    pub async fn stop(&mut self) {
        let _ = self.stop.send(true);
        while self.tasks.join_next().await.is_some() {}
    }

    /// Ends the tasks at once without releasing anything, as a crash would (their
    /// leases expire and another worker resumes).
    pub fn abort(&mut self) {
        self.tasks.abort_all();
    }
}

/// Asks a [`Worker`] to stop; cheap to clone.
#[derive(Clone, Debug)]
pub struct Stopper(watch::Sender<bool>);

impl Stopper {
    /// Asks the worker to stop (it releases its leases).
    pub fn stop(&self) {
        let _ = self.0.send(true);
    }
}

/// Whether a source answers a one-time identity (iDIN), by the name it was given or
/// by what it says it is: a worker must never read it.
fn is_one_time_source(name: &str, source: &dyn StatusSource) -> bool {
    name == crate::REFUSED_PROVIDER || source.provider() == crate::REFUSED_PROVIDER
}

/// The shortest lease a worker claims with (see [`WorkerBuilder::read_deadline`]).
const MIN_LEASE: Duration = Duration::from_millis(1);

/// Half the longest lease: read deadline plus margin never pass [`MAX_LEASE`](crate::MAX_LEASE).
const HALF_MAX_LEASE: Duration = Duration::from_secs(crate::MAX_LEASE.as_secs() / 2);

/// What [`process`] did with a claimed transaction.
enum Processed {
    /// Read (or the read failed) and recorded or rescheduled: claim the next at once.
    Read,
    /// Nothing read: the lease was lost or too short before the read could start, or
    /// the worker is stopping. The task waits before claiming again, so a lease that
    /// never lasts until the read cannot turn the loop into a spin.
    NotRead,
}

struct Shared {
    queue: WatchQueue,
    providers: Vec<String>,
    sources: BTreeMap<String, Arc<dyn StatusSource>>,
    budgets: BTreeMap<String, Budget>,
    lease: Duration,
    margin: Duration,
    read_deadline: Duration,
    idle_poll: Duration,
    events: mpsc::UnboundedSender<WorkerEvent>,
}

/// A provider's budget: any limiter, or the shared one on Redis, whose failures say why.
enum Budget {
    /// A limiter that says only "no slot" (`Duration::MAX`: it failed).
    Any(Arc<dyn RateLimiter>),
    /// The shared budget on Redis: a failure carries its error.
    Redis(Arc<RedisRateLimiter>),
}

impl Budget {
    async fn acquire(&self, max_wait: Duration) -> Result<(), NoSlot> {
        match self {
            Self::Any(limiter) => limiter
                .acquire(&SystemClock, max_wait)
                .await
                .map_err(|wait| match wait {
                    Duration::MAX => NoSlot::Failed(Error::new(
                        ErrorKind::Unreachable,
                        "the rate budget is unavailable",
                    )),
                    wait => NoSlot::Wait(wait),
                }),
            Self::Redis(limiter) => limiter.take(&SystemClock, max_wait).await,
        }
    }
}

/// One task's loop: claim, read, record; until stopped.
async fn run_task(shared: Arc<Shared>, mut stop: watch::Receiver<bool>, task: usize) {
    let mut backoff = Duration::ZERO;
    let mut turn = task;
    while !*stop.borrow() {
        let mut claimed = None;
        let count = shared.providers.len();
        for offset in 0..count {
            let Some(provider) = shared
                .providers
                .get(turn.wrapping_add(offset).checked_rem(count).unwrap_or(0))
            else {
                continue;
            };
            match shared.queue.claim(provider, shared.lease).await {
                Ok(Some(lease)) => {
                    claimed = Some(lease);
                    break;
                }
                Ok(None) => {}
                Err(error) => {
                    backoff = next_backoff(backoff);
                    let _ = shared.events.send(WorkerEvent::Redis(error));
                    break;
                }
            }
        }
        turn = turn.wrapping_add(1);
        let wait = match claimed {
            Some(lease) => match process(&shared, &lease, &mut stop).await {
                Ok(Processed::Read) => {
                    backoff = Duration::ZERO;
                    continue;
                }
                Ok(Processed::NotRead) => {
                    backoff = Duration::ZERO;
                    if *stop.borrow() {
                        // Stopping (its change already seen): end now, not after a poll.
                        continue;
                    }
                    shared.idle_poll
                }
                Err(error) => {
                    backoff = next_backoff(backoff);
                    let _ = shared.events.send(WorkerEvent::Redis(error));
                    backoff
                }
            },
            None if backoff > Duration::ZERO => backoff,
            None => shared.idle_poll,
        };
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            _ = stop.changed() => {}
        }
    }
}

/// `duration` without its part under a microsecond.
fn whole_micros(duration: Duration) -> Duration {
    Duration::new(
        duration.as_secs(),
        duration.subsec_micros().saturating_mul(1000),
    )
}

fn next_backoff(backoff: Duration) -> Duration {
    backoff
        .saturating_mul(2)
        .clamp(Duration::from_millis(100), Duration::from_secs(5))
}

/// Reads one claimed transaction and records the outcome, fenced.
async fn process(
    shared: &Shared,
    lease: &Lease,
    stop: &mut watch::Receiver<bool>,
) -> Result<Processed, Error> {
    let Some(source) = shared.sources.get(&lease.provider) else {
        shared.queue.release(lease, Duration::ZERO).await?;
        return Ok(Processed::NotRead);
    };
    let Some(ticket) = shared.queue.begin_read(lease).await? else {
        // Erased or claimed by another since the claim: nothing to read.
        return Ok(Processed::NotRead);
    };
    // The lease is renewed to its full length, then a slot is taken, then the request
    // starts at once: it ends (at its deadline, shortened when the slot came after half
    // the margin) with at least half the margin left on the lease, and no Redis round
    // trip sits between the slot and the request, so arrivals at the provider keep the
    // budget's spacing.
    let half_margin = shared.margin.checked_div(2).unwrap_or_default();
    // The longest the read may take: the read deadline, or less when the slot came
    // after half the margin had passed (what the lease has left, less half the margin).
    let mut read_deadline = shared.read_deadline;
    loop {
        // Before the renewal is sent: the lease Redis renews ends no earlier than this
        // plus its length (a reply's time in transit is not counted as lease left).
        let renewed = Instant::now();
        match shared.queue.renew(lease, shared.lease).await? {
            Some(left) if left >= shared.lease => {}
            Some(_) => {
                shared.queue.release(lease, Duration::ZERO).await?;
                return Ok(Processed::NotRead);
            }
            None => return Ok(Processed::NotRead),
        }
        let Some(budget) = shared.budgets.get(&lease.provider) else {
            break;
        };
        let slot = tokio::select! {
            slot = budget.acquire(half_margin) => slot,
            _ = stop.changed() => {
                shared.queue.release(lease, Duration::ZERO).await?;
                return Ok(Processed::NotRead);
            }
        };
        match slot {
            Ok(()) => {
                // A slot that came late (a margin smaller than a Redis round trip, a
                // busy machine) is used with the time the lease has left, so the read
                // still ends before the lease does. Spent and taken again, it would be
                // late again with such a margin: the shared budget drained, nothing
                // read. A slot that comes after the whole lease (a stalled process, or
                // a lease shorter than two round trips) is spent: the transaction is
                // given back, and this task waits before claiming again.
                let left = shared
                    .lease
                    .saturating_sub(renewed.elapsed())
                    .saturating_sub(half_margin);
                if left.is_zero() {
                    shared.queue.release(lease, Duration::ZERO).await?;
                    return Ok(Processed::NotRead);
                }
                read_deadline = read_deadline.min(left);
                break;
            }
            Err(NoSlot::Failed(error)) => {
                // The budget is unusable (Redis unreachable, a key of the wrong type, a
                // refused password): give the transaction back, and say why. The
                // budget's error is the cause reported; a release that fails too (Redis
                // gone) leaves the lease to expire by itself.
                let _ = shared.queue.release(lease, Duration::from_secs(1)).await;
                return Err(error);
            }
            Err(NoSlot::Wait(wait)) => {
                // No slot within half the margin: wait most of it out, keeping the lease
                // (renewed after the nap: at most half of it passes meanwhile, so a
                // zero margin naps too, instead of asking Redis every millisecond).
                let nap = wait
                    .saturating_sub(half_margin)
                    .min(
                        shared
                            .margin
                            .max(shared.lease.checked_div(2).unwrap_or_default()),
                    )
                    .max(Duration::from_millis(1));
                tokio::select! {
                    () = tokio::time::sleep(nap) => {}
                    _ = stop.changed() => {
                        shared.queue.release(lease, Duration::ZERO).await?;
                        return Ok(Processed::NotRead);
                    }
                }
            }
        }
    }
    let read = tokio::time::timeout(read_deadline, source.status_report(&lease.id));
    let report = tokio::select! {
        report = read => report,
        _ = stop.changed() => {
            // Stopping: the read is abandoned, the transaction due at once elsewhere.
            shared.queue.release(lease, Duration::ZERO).await?;
            return Ok(Processed::NotRead);
        }
    };
    let observed_at = OffsetDateTime::now_utc();
    match report {
        Ok(Ok(report)) => {
            let state = ObservedState::from_report(&report);
            if let Recorded::Transition { transition, .. } = shared
                .queue
                .record(lease, ticket, state, observed_at)
                .await?
            {
                let _ = shared.events.send(WorkerEvent::Transition(transition));
            }
        }
        Ok(Err(error)) => {
            let _ = shared.events.send(WorkerEvent::ReadFailed {
                provider: lease.provider.clone(),
                id: lease.id.clone(),
                error: error.to_string(),
            });
            release_after_interval(shared, lease).await?;
        }
        Err(_elapsed) => {
            let _ = shared.events.send(WorkerEvent::ReadFailed {
                provider: lease.provider.clone(),
                id: lease.id.clone(),
                error: format!("no answer within the read deadline ({read_deadline:?})"),
            });
            // A failed read like any other: due again after its interval, not at once
            // (a provider slower than the deadline would be asked again and again).
            release_after_interval(shared, lease).await?;
        }
    }
    Ok(Processed::Read)
}

/// Gives a lease back after a failed read: due again after the transaction's interval.
async fn release_after_interval(shared: &Shared, lease: &Lease) -> Result<(), Error> {
    let interval = shared
        .queue
        .state(&lease.provider, &lease.id)
        .await?
        .map_or(Duration::from_secs(1), |state| state.interval)
        .min(crate::MAX_LEASE);
    shared.queue.release(lease, interval).await?;
    Ok(())
}
