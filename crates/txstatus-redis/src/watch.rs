//! Distributed watching: the schedule of transactions on Redis, shared by every worker.

use std::{fmt, time::Duration};

use txstatus_webhooks::ObservedState;

use crate::{
    bounded,
    connection::Redis,
    error::{Error, ErrorKind},
    store::{DEFAULT_STATE_TTL, DEFAULT_STREAM_MAX_LEN},
    watch_state::decode_state,
};

/// The provider refused at enqueue: iDIN's `/status` answers the one-time identity once,
/// so it must be read by the process that started the transaction, never by whichever
/// worker claims it from a shared queue.
pub const REFUSED_PROVIDER: &str = "cm-idin";

/// Why [`WatchQueue::enqueue`] did not enqueue.
#[derive(Debug)]
#[non_exhaustive]
pub enum EnqueueError {
    /// The provider cannot be watched through a shared queue (iDIN).
    Refused {
        /// The provider.
        provider: String,
    },
    /// The provider name is not one a key can hold unambiguously (see
    /// [`WatchQueue::enqueue`]).
    InvalidProvider {
        /// What is wrong with it (the name itself is not repeated).
        problem: &'static str,
    },
    /// The id is not a valid transaction id.
    InvalidId {
        /// What is wrong with it (the id itself is not repeated).
        problem: &'static str,
    },
    /// The interval is longer than [`MAX_WATCH_INTERVAL`] (a claim could not
    /// schedule it; it would never be read).
    IntervalTooLong {
        /// The longest interval accepted.
        max: Duration,
    },
    /// The interval is shorter than 1 µs (zero included): the schedule counts in µs,
    /// and a zero interval would have every worker read the transaction again and
    /// again, as fast as it can.
    IntervalTooShort {
        /// The shortest interval accepted.
        min: Duration,
    },
    /// Redis failed.
    Redis(Error),
}

/// The longest interval a watched id may have: 366 days. Longer ones are refused
/// at enqueue: the claim script reads intervals of at most 19 digits of
/// microseconds and schedules with doubles, exact to 2^53.
pub const MAX_WATCH_INTERVAL: Duration = Duration::from_secs(366 * 24 * 60 * 60);

/// The shortest interval [`WatchQueue::enqueue`] takes: 1 µs, the unit the schedule
/// counts in ([`EnqueueError::IntervalTooShort`] under it).
const MIN_WATCH_INTERVAL: Duration = Duration::from_micros(1);

impl fmt::Display for EnqueueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Refused { provider } => write!(
                f,
                "{provider} cannot be enqueued: its one-time identity cannot pass through a shared queue"
            ),
            Self::InvalidProvider { problem } => write!(f, "invalid provider name: {problem}"),
            Self::InvalidId { problem } => write!(f, "invalid transaction id: {problem}"),
            Self::IntervalTooLong { max } => write!(
                f,
                "the interval is longer than the longest accepted ({} days)",
                max.as_secs() / 86_400
            ),
            Self::IntervalTooShort { min } => write!(
                f,
                "the interval is shorter than the shortest accepted ({} µs)",
                min.as_micros()
            ),
            Self::Redis(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for EnqueueError {}

impl From<Error> for EnqueueError {
    fn from(error: Error) -> Self {
        Self::Redis(error)
    }
}

/// What [`WatchQueue::enqueue`] did.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Enqueued {
    /// Now watched, due at once.
    Added,
    /// Already watched: only its interval changed (its place and lease are kept).
    Updated,
    /// Its final state is recorded: not watched again.
    Finished,
}

impl Enqueued {
    /// `added`, `updated` or `finished`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Added => "added",
            Self::Updated => "updated",
            Self::Finished => "finished",
        }
    }
}

/// What Redis holds about one watched transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct WatchState {
    /// The wait between reads.
    pub interval: Duration,
    /// The last state recorded (by a worker or a webhook re-read: one state, the
    /// webhook store's); also `None` when the stored one does not parse (then
    /// [`record`](WatchQueue::record) fails rather than record over it).
    pub last: Option<ObservedState>,
    /// Its final state is recorded.
    pub finished: bool,
    /// Reads recorded by workers.
    pub reads: u64,
    /// The fencing token of the last lease (0: never claimed).
    pub token: u64,
}

/// The shared schedule: enqueue transactions, look at them, erase them. Workers
/// ([`Worker`](crate::Worker)) claim from it.
///
/// Keys, under the prefix: `watch:due:<provider>` (sorted set of ids by due time, Redis
/// `TIME`), `watch:tx:<provider>:<id>` (interval, lease, fencing token, reads) and
/// `watch:token` (the token counter). The last state, read tickets and the transition
/// stream are the webhook store's ([`RedisStore`](crate::RedisStore)): one record path.
/// Credentials and base URLs are never stored: each worker brings its own.
#[derive(Clone, Debug)]
pub struct WatchQueue {
    pub(crate) redis: Redis,
    pub(crate) key_ttl: Duration,
    pub(crate) stream_max_len: u64,
    pub(crate) erase_stream_entries: bool,
    pub(crate) store: crate::RedisStore,
}

impl WatchQueue {
    /// The schedule on `redis`.
    pub fn new(redis: &Redis) -> Self {
        Self {
            redis: redis.clone(),
            key_ttl: DEFAULT_STATE_TTL,
            stream_max_len: DEFAULT_STREAM_MAX_LEN,
            erase_stream_entries: false,
            store: crate::RedisStore::new(redis),
        }
    }

    /// How long a transaction's state is kept after it was last touched (default
    /// [`DEFAULT_STATE_TTL`], the webhook store's; a finished transaction is remembered
    /// this long, so enqueuing it again reports it). A watched transaction's keys are
    /// kept this long after it is next due (or its lease ends): an interval or lease
    /// longer than the TTL never takes it off the schedule or loses its last state.
    ///
    /// At least 1 s, at most [`MAX_RETENTION`](crate::MAX_RETENTION) (shortened to it).
    pub fn with_key_ttl(mut self, ttl: Duration) -> Self {
        self.key_ttl = ttl.clamp(Duration::from_secs(1), crate::MAX_RETENTION);
        self.store = self.store.with_state_ttl(self.key_ttl);
        self
    }

    /// The transition stream's length bound (approximate, `MAXLEN ~`; default
    /// [`DEFAULT_STREAM_MAX_LEN`], the webhook store's).
    pub fn with_stream_max_len(mut self, max_len: u64) -> Self {
        self.store = self.store.with_stream_max_len(max_len);
        self.stream_max_len = self.store.stream_max_len();
        self
    }

    /// Lets [`erase`](Self::erase) also delete a transaction's entries from the
    /// transition stream (off by default: consumers may rely on the stream being
    /// append-only).
    pub fn allow_stream_erasure(mut self, allow: bool) -> Self {
        self.erase_stream_entries = allow;
        self
    }

    /// The connection.
    pub fn redis(&self) -> &Redis {
        &self.redis
    }

    /// Watches `id` of `provider`, read every `interval` by whichever worker claims it.
    /// Enqueuing a watched id changes only its interval; a finished one is reported and
    /// not watched again. iDIN is refused, and so is an interval over
    /// [`MAX_WATCH_INTERVAL`] or under 1 µs (zero included; the schedule counts whole
    /// µs, and a part of one is dropped).
    ///
    /// A provider name is 1 to 64 ASCII letters, digits, `-` or `_`: it is a part of
    /// keys (`watch:tx:<provider>:<id>`), so a `:` in it could name another provider's
    /// transaction (`a:b` + `c` against `a` + `b:c`), and a newline would split the
    /// sweep's member differently.
    pub async fn enqueue(
        &self,
        provider: &str,
        id: &str,
        interval: Duration,
    ) -> Result<Enqueued, EnqueueError> {
        if provider == REFUSED_PROVIDER {
            return Err(EnqueueError::Refused {
                provider: provider.to_owned(),
            });
        }
        if let Some(problem) = provider_problem(provider) {
            return Err(EnqueueError::InvalidProvider { problem });
        }
        if let Some(problem) = txstatus_core::provider::id_problem(id) {
            return Err(EnqueueError::InvalidId { problem });
        }
        if interval > MAX_WATCH_INTERVAL {
            return Err(EnqueueError::IntervalTooLong {
                max: MAX_WATCH_INTERVAL,
            });
        }
        if interval < MIN_WATCH_INTERVAL {
            return Err(EnqueueError::IntervalTooShort {
                min: MIN_WATCH_INTERVAL,
            });
        }
        let mut connection = self.redis.connection();
        let answer: String = redis::Script::new(include_str!("lua/watch_enqueue.lua"))
            .key(self.tx_key(provider, id))
            .key(self.due_key(provider))
            .arg(id)
            .arg(micros(interval))
            .arg(millis(self.key_ttl))
            .invoke_async(&mut connection)
            .await
            .map_err(Error::from)?;
        match answer.as_str() {
            "added" => Ok(Enqueued::Added),
            "updated" => Ok(Enqueued::Updated),
            "finished" => Ok(Enqueued::Finished),
            _ => Err(unexpected().into()),
        }
    }

    /// What Redis holds about a watched transaction; `None` when nothing. A provider
    /// name [`enqueue`](Self::enqueue) would refuse is an error ([`ErrorKind::Config`]);
    /// so is ([`ErrorKind::Command`]) a stored interval outside 1 µs to
    /// [`MAX_WATCH_INTERVAL`], a counter that is not a plain integer, or a value longer
    /// than [`MAX_VALUE_LEN`](crate::MAX_VALUE_LEN) (checked on the server, never sent).
    pub async fn state(&self, provider: &str, id: &str) -> Result<Option<WatchState>, Error> {
        check_provider(provider)?;
        let mut connection = self.redis.connection();
        // Each value checked against the cap on the server before it is sent.
        let fields = bounded::hash_fields(
            &mut connection,
            &self.tx_key(provider, id),
            &["interval_us", "done", "reads", "gen"],
            "watch state",
        )
        .await?;
        let last = bounded::hash_fields(
            &mut connection,
            &self.webhook_tx_key(provider, id),
            &["last"],
            "webhook transaction state",
        )
        .await?
        .into_iter()
        .next()
        .flatten();
        let mut fields = fields.into_iter();
        let mut next = || fields.next().flatten();
        let (interval, done, reads, token) = (next(), next(), next(), next());
        let Some(interval) = interval else {
            return Ok(None);
        };
        Ok(Some(WatchState {
            interval: stored_interval(&interval)?,
            last: last.as_deref().and_then(decode_state),
            finished: done.as_deref() == Some("1"),
            reads: stored_count(reads.as_deref(), "read count")?,
            token: stored_count(token.as_deref(), "fencing token")?,
        }))
    }

    /// Ids of `provider` still scheduled (due, waiting or leased). A provider name
    /// [`enqueue`](Self::enqueue) would refuse is an error ([`ErrorKind::Config`]).
    pub async fn scheduled(&self, provider: &str) -> Result<u64, Error> {
        check_provider(provider)?;
        let mut connection = self.redis.connection();
        Ok(redis::cmd("ZCARD")
            .arg(self.due_key(provider))
            .query_async(&mut connection)
            .await?)
    }

    pub(crate) fn due_key(&self, provider: &str) -> String {
        self.redis.key(&["watch", "due", provider])
    }

    pub(crate) fn tx_prefix(&self, provider: &str) -> String {
        let mut prefix = self.redis.key(&["watch", "tx", provider]);
        prefix.push(':');
        prefix
    }

    pub(crate) fn tx_key(&self, provider: &str, id: &str) -> String {
        let mut key = self.tx_prefix(provider);
        key.push_str(id);
        key
    }

    pub(crate) fn token_key(&self) -> String {
        self.redis.key(&["watch", "token"])
    }

    /// The transition stream: the webhook store's.
    pub(crate) fn stream_key(&self) -> String {
        crate::store::stream_key(&self.redis)
    }

    // The webhook store's keys for one transaction, as `RedisStore` spells them (a test
    // records through both paths and checks they meet: `tests/watch_and_webhooks.rs`).

    /// The webhook store's transaction hash (last state, tickets).
    pub(crate) fn webhook_tx_key(&self, provider: &str, id: &str) -> String {
        self.redis.key(&["wh", "tx", provider, id])
    }

    /// The webhook store's sweep schedule.
    pub(crate) fn webhook_due_key(&self) -> String {
        self.redis.key(&["wh", "due"])
    }

    /// A member of the sweep schedule.
    pub(crate) fn webhook_due_member(provider: &str, id: &str) -> String {
        format!("{provider}\n{id}")
    }

    /// The event-id marker key the commit script wants even without an event id.
    pub(crate) fn webhook_seen_key(&self, provider: &str) -> String {
        self.redis.key(&["wh", "seen", provider, ""])
    }
}

/// What is wrong with a provider name, if anything: 1 to 64 of `[A-Za-z0-9_-]`.
fn provider_problem(provider: &str) -> Option<&'static str> {
    if provider.is_empty() {
        Some("the name is empty")
    } else if provider.len() > 64 {
        Some("the name is longer than 64 bytes")
    } else if !provider
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        Some("the name holds a character other than ASCII letters, digits, `-` and `_`")
    } else {
        None
    }
}

/// A provider name [`WatchQueue::enqueue`] would refuse, as a typed error: such a name
/// could read, claim or erase another provider's keys.
pub(crate) fn check_provider(provider: &str) -> Result<(), Error> {
    match provider_problem(provider) {
        Some(problem) => Err(Error::new(
            ErrorKind::Config,
            format!("invalid provider name: {problem}"),
        )),
        None => Ok(()),
    }
}

/// A stored interval as enqueue writes it: a plain integer of µs, 1 to
/// [`MAX_WATCH_INTERVAL`]. Anything else (junk, 19 digits, zero) was written by no
/// enqueue and is a typed error naming the field, never its value; claims take such a
/// transaction off the schedule.
fn stored_interval(text: &str) -> Result<Duration, Error> {
    match plain_integer(text) {
        Some(us) if us >= 1 && us <= micros(MAX_WATCH_INTERVAL) => Ok(Duration::from_micros(us)),
        _ => Err(Error::new(
            ErrorKind::Command,
            "a stored watch interval is not an integer of 1 µs to 366 days (MAX_WATCH_INTERVAL)",
        )),
    }
}

/// A stored counter (reads, fencing token); absent is 0.
fn stored_count(text: Option<&str>, what: &str) -> Result<u64, Error> {
    match text {
        None => Ok(0),
        Some(text) => plain_integer(text).ok_or_else(|| {
            Error::new(
                ErrorKind::Command,
                format!("a stored watch {what} is not a plain integer"),
            )
        }),
    }
}

/// Decimal digits only (no sign, no space, no exponent), as the scripts write them.
fn plain_integer(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A reply this crate did not expect (a script from another version?).
pub(crate) fn unexpected() -> Error {
    Error::new(ErrorKind::Command, "unexpected reply from a watch script")
}

pub(crate) fn micros(duration: Duration) -> u64 {
    u64::try_from(duration.as_micros()).unwrap_or(u64::MAX)
}

pub(crate) fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis())
        .unwrap_or(u64::MAX)
        .max(1)
}
