//! The webhook store on Redis: [`txstatus_webhooks::Store`] shared by every replica.

use std::{collections::BTreeMap, fmt, time::Duration};

use time::OffsetDateTime;
use txstatus_core::{BoxFuture, webhook::Delivery};
use txstatus_webhooks::{
    Acceptance, Commit, GiveUp, MIN_DEDUPE_TTL, ReadRefusal, Store, StoreError, Transition, TxKey,
    is_newer_at,
};

use crate::{bounded, connection::Redis, error::Error, record};

/// Stream entries kept by default (`XADD MAXLEN ~`).
pub const DEFAULT_STREAM_MAX_LEN: u64 = 100_000;

/// How long a transaction's state is kept after its last write, by default. It must
/// outlast the providers' retry horizons (Persona retries for days): a delivery older
/// than the state it would be compared with could otherwise record again.
pub const DEFAULT_STATE_TTL: Duration = Duration::from_secs(30 * 24 * 3600);

/// The longest retention taken (state TTL, key TTL, a delivery's retry horizon): ten
/// years; longer is shortened to it. Redis refuses an expiry past its range, so a
/// longer one would fail every write.
pub const MAX_RETENTION: Duration = Duration::from_secs(3650 * 24 * 3600);

/// The most transactions one [`Store::due`] call on a [`RedisStore`] hands over, whatever
/// `limit` asks for: 10,000 (and at most [`MAX_READ_BYTES`](crate::MAX_READ_BYTES) of
/// them past the first). The rest stay due and are handed over by the next call (the
/// receiver's next sweep).
pub const MAX_DUE: usize = 10_000;

/// The longest stream bound taken (`XADD MAXLEN` reads a signed 64-bit count).
const MAX_STREAM_LEN: u64 = u64::MAX >> 1;

/// 2^53: the largest integer every number up to which Lua (the scripts) holds exactly.
const MAX_EXACT: u64 = 1 << 53;

/// Unrouted deliveries (authenticated, unknown shape) kept at most.
const UNROUTED_CAP: u64 = 10_000;

/// Compare-and-set rounds before a commit gives up (only under heavy contention on one
/// transaction).
const MAX_ROUNDS: usize = 32;

/// The [`Store`] on Redis, shared by every replica with the same server and prefix.
///
/// Each operation is one Lua script:
/// - `accept` deduplicates by event id (a key with the retry horizon as TTL) and marks
///   the transaction as awaiting a re-read, in Redis, before the receiver answers 2xx: a
///   delivery accepted and not yet reconciled survives the process. Its verified hints
///   (ID Scan's `resultId`) are kept with the transaction (merged, the later win) until
///   a transition is recorded for it: the read that records the state the delivery is
///   about may have begun before it arrived, or be the sweep's. Only a read that began
///   after the delivery (a higher ticket than the last issued when it arrived) clears
///   the awaiting mark: an earlier read records by the rule and leaves it due;
/// - `begin_read` hands out the transaction's next read ticket, from one counter for
///   every transaction (`wh:ticket`), and the state keeps its first: a read that began
///   before the state was erased or expired records nothing in the state started
///   again after it, whose tickets are all later;
/// - `commit` applies the transition rule ([`is_newer_at`], evaluated once, in Rust,
///   against the state the script then confirms is still current, with provider times
///   judged against Redis `TIME`, so replicas whose clocks differ decide alike) and,
///   when newer, sets the last state and appends the transition to the stream, with
///   the commit's own hints and the kept ones (which it then clears; kept hints that
///   changed since they were read are a retry, as a changed state is); a commit whose
///   ticket is older than one already committed records nothing, so an older state is
///   never recorded after a newer one. Every commit past the ticket checks (a worker's
///   record too, which runs the same script) starts over the refusals counted below;
/// - `read_refused` counts a read the provider refused for good (`refusals`, and
///   `refused_since`, the first counted) and, once the receiver's
///   [`GiveUp`](txstatus_webhooks::GiveUp) rule holds (both the count and the time),
///   gives the transaction up, once: its awaiting mark is cleared and it leaves the
///   sweep (`due` never hands over one given up) until a new delivery (`accept`) or a
///   committed read starts the count over. Otherwise it is moved in the sweep as a
///   failed read (`read_failed`). A key holding only read tickets (a hint's read) is
///   not counted.
///
/// **The guarantee**: each transition is recorded exactly once in the stream, whatever
/// the number of replicas and however deliveries are spread or retried. Anything built
/// on it (stdout, callbacks) is at least once and carries the stream id
/// ([`Transition::stream_id`]): deduplicate by it.
///
/// The sweep's order is in the receivers' clock, not Redis `TIME`: the [`Store`] trait
/// passes the time of each delivery and read, and the sweep's cutoff, in the clock the
/// receiver is given (its tests run on a manual one), and an order must be in the same
/// clock as its cutoff. A replica whose clock is off only moves a delivery in the sweep
/// order by that much, never out of it: a time ahead of the delivery's own receiver is
/// never stored, and a transaction awaiting a re-read is re-read by whichever sweep
/// reaches it. Leases, schedules and budgets, which decide who reads and when, use
/// Redis `TIME` only.
///
/// Retention: the stream is capped near [`with_stream_max_len`](Self::with_stream_max_len)
/// entries, each transaction's state expires [`with_state_ttl`](Self::with_state_ttl)
/// after its last write, event ids after their provider's retry horizon.
#[derive(Clone)]
pub struct RedisStore {
    redis: Redis,
    stream_max_len: u64,
    state_ttl: Duration,
    accept: redis::Script,
    begin: redis::Script,
    commit: redis::Script,
    refused: redis::Script,
    prune: redis::Script,
    page: redis::Script,
}

impl fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisStore")
            .field("prefix", &self.redis.prefix())
            .field("stream_max_len", &self.stream_max_len)
            .field("state_ttl", &self.state_ttl)
            .finish_non_exhaustive()
    }
}

impl RedisStore {
    /// A store on `redis`, with the default retention.
    pub fn new(redis: &Redis) -> Self {
        Self {
            redis: redis.clone(),
            stream_max_len: DEFAULT_STREAM_MAX_LEN,
            state_ttl: DEFAULT_STATE_TTL,
            accept: redis::Script::new(include_str!("lua/accept.lua")),
            begin: redis::Script::new(concat!(
                include_str!("lua/ticket.lua"),
                "\nlocal ticket = issue_ticket(KEYS[1], KEYS[2])\n",
                "if not ticket then\n",
                "  return redis.error_reply('ERR a webhook store field holds no plain integer')\n",
                "end\n",
                "redis.call('PEXPIRE', KEYS[1], ARGV[1])\n",
                "return tonumber(ticket)\n",
            )),
            commit: redis::Script::new(include_str!("lua/commit.lua")),
            refused: redis::Script::new(include_str!("lua/read_refused.lua")),
            prune: redis::Script::new(include_str!("lua/prune_due.lua")),
            page: redis::Script::new(include_str!("lua/stream_page.lua")),
        }
    }

    /// Caps the transition stream near `entries` (`XADD MAXLEN ~`: trimmed in whole
    /// blocks, so slightly more may stay). Consumers that fall further behind lose
    /// entries. At least 1, at most 2^63-1 (Redis's bound).
    pub fn with_stream_max_len(mut self, entries: u64) -> Self {
        self.stream_max_len = entries.clamp(1, MAX_STREAM_LEN);
        self
    }

    /// Sets how long a transaction's state outlives its last write: at least 1 s, at
    /// most [`MAX_RETENTION`] (shortened to it).
    pub fn with_state_ttl(mut self, ttl: Duration) -> Self {
        self.state_ttl = ttl.clamp(Duration::from_secs(1), MAX_RETENTION);
        self
    }

    /// The stream bound taken (see [`with_stream_max_len`](Self::with_stream_max_len)).
    pub(crate) fn stream_max_len(&self) -> u64 {
        self.stream_max_len
    }

    /// The stream transitions are appended to.
    pub fn stream_key(&self) -> String {
        stream_key(&self.redis)
    }

    /// How many accepted deliveries of an unknown shape are kept.
    pub async fn unrouted(&self) -> Result<u64, Error> {
        let mut connection = self.redis.connection();
        Ok(redis::cmd("LLEN")
            .arg(self.redis.key(&["wh", "unrouted"]))
            .query_async(&mut connection)
            .await?)
    }

    fn tx_key(&self, key: &TxKey) -> String {
        self.redis.key(&["wh", "tx", &key.provider, &key.id])
    }

    fn due_key(&self) -> String {
        self.redis.key(&["wh", "due"])
    }

    fn seen_key(&self, provider: &str, event_id: Option<&str>) -> String {
        // Without an event id the script ignores the key; it still has to be one.
        self.redis
            .key(&["wh", "seen", provider, event_id.unwrap_or_default()])
    }

    /// Up to `limit` sweep entries checked before `checked_before`, oldest first (at
    /// most [`MAX_DUE`], and members of at most
    /// [`MAX_READ_BYTES`](crate::MAX_READ_BYTES) past the first: the rest stay due). An
    /// entry that is not `provider\nid` (written by something else) is removed, with a
    /// warning that counts them: left in place, enough of them at the head of the
    /// schedule would hide every real entry from every sweep.
    async fn due_members(
        &self,
        connection: &mut redis::aio::ConnectionManager,
        checked_before: OffsetDateTime,
        limit: usize,
    ) -> Result<Vec<TxKey>, redis::RedisError> {
        for _ in 0..MAX_ROUNDS {
            // Members longer than the cap are removed in the script, never sent.
            let (long, members): (u64, Vec<Vec<u8>>) = redis::Script::new(
                r"
local members = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
local out, long, total = {}, 0, 0
for _, member in ipairs(members) do
  if #member > tonumber(ARGV[3]) then
    redis.call('ZREM', KEYS[1], member)
    long = long + 1
  elseif #out > 0 and total + #member > tonumber(ARGV[4]) then
    break
  else
    total = total + #member
    out[#out + 1] = member
  end
end
return {long, out}
",
            )
            .key(self.due_key())
            .arg(format!("({}", micros(checked_before)))
            .arg(count(limit.min(MAX_DUE)))
            .arg(bounded::cap())
            .arg(bounded::read_budget())
            .invoke_async(connection)
            .await?;
            if long > 0 {
                tracing::warn!(
                    count = long,
                    "txstatus-redis: removing sweep entries longer than MAX_VALUE_LEN"
                );
            }
            let mut keys = Vec::with_capacity(members.len());
            let mut junk = Vec::new();
            for member in members {
                match std::str::from_utf8(&member).ok().and_then(parse_due_member) {
                    Some(key) => keys.push(key),
                    None => junk.push(member),
                }
            }
            if junk.is_empty() {
                if keys.is_empty() && long > 0 {
                    continue;
                }
                return Ok(keys);
            }
            tracing::warn!(
                count = junk.len(),
                "txstatus-redis: removing sweep entries that name no transaction"
            );
            let _: u64 = redis::cmd("ZREM")
                .arg(self.due_key())
                .arg(&junk)
                .query_async(connection)
                .await?;
            if !keys.is_empty() {
                return Ok(keys);
            }
        }
        Ok(Vec::new())
    }

    async fn try_commit(&self, commit: &Commit) -> Result<Option<Transition>, Error> {
        let tx_key = self.tx_key(&commit.key);
        let event_ttl = millis(MIN_DEDUPE_TTL);
        let state_json = serde_json::to_string(&commit.state).map_err(encode_error)?;
        // The state as stored (a provider time RFC 3339 cannot write is not kept): the
        // one the rule compares and the transition carries, as every later read of it.
        let stored = record::state_from_text(&state_json)
            .ok_or_else(|| Error::new(crate::ErrorKind::Command, "a state did not serialize"))?;
        bounded::check_written(&state_json, "state")?;
        bounded::check_written(&due_member(&commit.key), "transaction key")?;
        for _ in 0..MAX_ROUNDS {
            let mut connection = self.redis.connection();
            let current =
                read_current(&mut connection, &tx_key, "webhook transaction state").await?;
            let (version, last) = (current.version, current.last);
            let previous = match &last {
                Some(text) => Some(record::state_from_text(text).ok_or_else(|| {
                    Error::new(crate::ErrorKind::Command, "a stored state does not parse")
                })?),
                None => None,
            };
            // Provider times judged against Redis `TIME`, not this replica's clock:
            // replicas whose clocks differ decide alike.
            let now = server_now(&mut connection).await?;
            let newer = is_newer_at(previous.as_ref(), &stored, now);
            // The read's own delivery's hints, then those kept since the last
            // transition (the later win), as the memory store merges them.
            let mut hints = commit.hints.clone();
            hints.extend(kept_hints(current.hints.as_deref()));
            let transition = Transition::new(
                commit.key.clone(),
                stored.clone(),
                previous,
                commit.source,
                commit.observed_at,
            )
            .with_delivery(commit.event_id.clone(), hints);
            let record = serde_json::to_string(&transition).map_err(encode_error)?;
            bounded::check_written(&record, "transition record")?;
            let reply: Vec<String> = self
                .commit
                .key(&tx_key)
                .key(self.stream_key())
                .key(self.seen_key(&commit.key.provider, commit.event_id.as_deref()))
                .key(self.due_key())
                .arg(version.as_deref().unwrap_or("0"))
                .arg(commit.ticket)
                .arg(u8::from(newer))
                .arg(&state_json)
                .arg(u8::from(stored.terminal))
                .arg(u8::from(commit.event_id.is_some()))
                .arg(event_ttl)
                .arg(micros(commit.observed_at))
                .arg(due_member(&commit.key))
                .arg(millis(self.state_ttl))
                .arg(self.stream_max_len)
                .arg(&commit.key.provider)
                .arg(&commit.key.id)
                .arg(record)
                .arg(current.hints.as_deref().unwrap_or_default())
                .invoke_async(&mut connection)
                .await?;
            match reply.first().map(String::as_str) {
                Some("retry") => continue,
                Some("added") => {
                    let id = reply.get(1).cloned().unwrap_or_default();
                    return Ok(Some(transition.with_stream_id(id)));
                }
                _ => return Ok(None),
            }
        }
        Err(Error::new(
            crate::ErrorKind::Command,
            "the transaction's state kept changing during the commit",
        ))
    }
}

impl Store for RedisStore {
    fn accept<'a>(
        &'a self,
        delivery: &'a Delivery,
        now: OffsetDateTime,
    ) -> BoxFuture<'a, Result<Acceptance, StoreError>> {
        Box::pin(async move {
            let ttl = millis(
                delivery
                    .retry_horizon
                    .clamp(MIN_DEDUPE_TTL, MAX_RETENTION.max(MIN_DEDUPE_TTL)),
            );
            let tx = delivery
                .transaction_id
                .as_ref()
                .map(|id| TxKey::new(delivery.provider, id.clone()));
            let member = tx.as_ref().map(due_member).unwrap_or_default();
            // Refused before the event id is marked: its retry is new, not a duplicate.
            bounded::check_written(&member, "transaction key")
                .map_err(|e| StoreError::new(e.to_string()))?;
            let tx_key = tx
                .as_ref()
                .map_or_else(|| self.redis.key(&["wh", "tx"]), |key| self.tx_key(key));
            let mut connection = self.redis.connection();
            let mut accept = self.accept.prepare_invoke();
            accept
                .key(self.seen_key(delivery.provider, delivery.event_id.as_deref()))
                .key(tx_key)
                .key(self.due_key())
                .key(self.redis.key(&["wh", "unrouted"]))
                .arg(u8::from(delivery.event_id.is_some()))
                .arg(ttl)
                .arg(u8::from(tx.is_some()))
                .arg(micros(now))
                .arg(member)
                .arg(millis(self.state_ttl))
                .arg(delivery.provider)
                .arg(UNROUTED_CAP)
                .arg(bounded::cap());
            if tx.is_some() {
                for (name, value) in &delivery.hints {
                    accept.arg(name).arg(value);
                }
            }
            let fresh: i64 = accept
                .invoke_async(&mut connection)
                .await
                .map_err(store_error)?;
            Ok(if fresh == 1 {
                Acceptance::New
            } else {
                Acceptance::Duplicate
            })
        })
    }

    fn begin_read<'a>(&'a self, key: &'a TxKey) -> BoxFuture<'a, Result<u64, StoreError>> {
        Box::pin(async move {
            let mut connection = self.redis.connection();
            // One counter for every transaction (lua/ticket.lua): a state erased or
            // expired during a read and started again never reissues its ticket.
            let ticket: u64 = self
                .begin
                .key(self.tx_key(key))
                .key(ticket_key(&self.redis))
                .arg(millis(self.state_ttl))
                .invoke_async(&mut connection)
                .await
                .map_err(store_error)?;
            Ok(ticket)
        })
    }

    fn commit(&self, commit: Commit) -> BoxFuture<'_, Result<Option<Transition>, StoreError>> {
        Box::pin(async move {
            self.try_commit(&commit)
                .await
                .map_err(|e| StoreError::new(e.to_string()))
        })
    }

    fn read_failed<'a>(
        &'a self,
        key: &'a TxKey,
        at: OffsetDateTime,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            // `XX`: only a transaction already due is moved (checked at `at`, still
            // awaiting); a failed read of anything else adds nothing.
            let mut connection = self.redis.connection();
            let _: i64 = redis::cmd("ZADD")
                .arg(self.due_key())
                .arg("XX")
                .arg(micros(at))
                .arg(due_member(key))
                .query_async(&mut connection)
                .await
                .map_err(store_error)?;
            Ok(())
        })
    }

    /// Counts the refusal and gives the transaction up once `rule` holds, in one script
    /// (`lua/read_refused.lua`), as [`MemoryStore`](txstatus_webhooks::MemoryStore)
    /// does: a key holding nothing but read tickets (a hint's read) or given up already
    /// is [`ReadRefusal::NotCounted`], nothing written; a count or first-refusal time
    /// no writer of ours left (not a plain integer) is an error, nothing written. `at`
    /// must be within ±2^53 µs of 1970 (years -283 to 2255; else an error, nothing
    /// written); a `rule.after` longer than that is taken as 2^53 µs.
    fn read_refused<'a>(
        &'a self,
        key: &'a TxKey,
        at: OffsetDateTime,
        rule: GiveUp,
    ) -> BoxFuture<'a, Result<ReadRefusal, StoreError>> {
        Box::pin(async move {
            let mut connection = self.redis.connection();
            let (what, refusals): (String, u32) = self
                .refused
                .key(self.tx_key(key))
                .key(self.due_key())
                .arg(micros(at))
                .arg(due_member(key))
                .arg(rule.refusals.max(1))
                .arg(
                    u64::try_from(rule.after.as_micros()).map_or(MAX_EXACT, |us| us.min(MAX_EXACT)),
                )
                .arg(millis(self.state_ttl))
                .invoke_async(&mut connection)
                .await
                .map_err(store_error)?;
            match what.as_str() {
                "not_counted" => Ok(ReadRefusal::NotCounted),
                "retrying" => Ok(ReadRefusal::Retrying { refusals }),
                "given_up" => Ok(ReadRefusal::GivenUp { refusals }),
                _ => Err(StoreError::new("unexpected reply to a refused read")),
            }
        })
    }

    /// Transactions to re-read, the longest unchecked first: at most `limit`, at most
    /// [`MAX_DUE`] whatever `limit` asks for, and ids of at most
    /// [`MAX_READ_BYTES`](crate::MAX_READ_BYTES) in all past the first (ids another
    /// program wrote may be up to [`MAX_VALUE_LEN`](crate::MAX_VALUE_LEN)). What is left
    /// out stays due: the next call (the receiver's next sweep) hands it over.
    fn due(
        &self,
        checked_before: OffsetDateTime,
        limit: usize,
    ) -> BoxFuture<'_, Result<Vec<TxKey>, StoreError>> {
        Box::pin(async move {
            if limit == 0 {
                return Ok(Vec::new());
            }
            let mut connection = self.redis.connection();
            let keys = self
                .due_members(&mut connection, checked_before, limit)
                .await
                .map_err(store_error)?;
            if keys.is_empty() {
                return Ok(keys);
            }
            let mut prune = self.prune.key(self.due_key());
            for key in &keys {
                prune.key(self.tx_key(key)).arg(due_member(key));
            }
            // Expired or given up (lua/prune_due.lua): taken off the schedule, not handed
            // over.
            let kept: Vec<u8> = prune
                .invoke_async(&mut connection)
                .await
                .map_err(store_error)?;
            Ok(keys
                .into_iter()
                .zip(kept.into_iter().chain(std::iter::repeat(0)))
                .filter_map(|(key, kept)| (kept == 1).then_some(key))
                .collect())
        })
    }

    fn feed_cursor<'a>(
        &'a self,
        provider: &'a str,
    ) -> BoxFuture<'a, Result<Option<String>, StoreError>> {
        Box::pin(async move {
            let mut connection = self.redis.connection();
            bounded::string(
                &mut connection,
                &self.redis.key(&["wh", "cursor", provider]),
                "feed cursor",
            )
            .await
            .map_err(|e| StoreError::new(e.to_string()))
        })
    }

    fn set_feed_cursor<'a>(
        &'a self,
        provider: &'a str,
        event_id: &'a str,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            bounded::check_written(event_id, "feed cursor")
                .map_err(|e| StoreError::new(e.to_string()))?;
            let mut connection = self.redis.connection();
            redis::cmd("SET")
                .arg(self.redis.key(&["wh", "cursor", provider]))
                .arg(event_id)
                .arg("PX")
                .arg(millis(self.state_ttl))
                .query_async::<()>(&mut connection)
                .await
                .map_err(store_error)
        })
    }

    /// Transitions after the first `after`, in order: at most `limit`, and at most
    /// [`MAX_READ_BYTES`](crate::MAX_READ_BYTES) of records past the first (each may be
    /// up to [`MAX_VALUE_LEN`](crate::MAX_VALUE_LEN)), so a large `limit` never loads
    /// `limit` megabytes at once. A page shorter than `limit` is not the end: read on
    /// from `after` plus its length until a page is empty; nothing is skipped or
    /// repeated.
    ///
    /// Read up to the first entry that is
    /// not one (written by something else: fields missing, not UTF-8, or a record longer
    /// than [`MAX_VALUE_LEN`](crate::MAX_VALUE_LEN)): the transitions before it are
    /// returned (a short page, nothing lost), and a read starting at it is an error
    /// naming its position and stream id (never its content), so nothing is hidden
    /// either. A reader that decides to pass it reads on from the next position.
    fn transitions(
        &self,
        after: usize,
        limit: usize,
    ) -> BoxFuture<'_, Result<Vec<Transition>, StoreError>> {
        Box::pin(async move {
            if limit == 0 {
                return Ok(Vec::new());
            }
            let mut connection = self.redis.connection();
            // Paged and checked in the script: skipped entries are never sent, and a
            // record over the cap is only marked (see `lua/stream_page.lua`).
            let reply: Vec<(String, Option<Vec<u8>>, u8)> = self
                .page
                .key(self.stream_key())
                .arg(count(after))
                .arg(count(limit))
                .arg(bounded::cap())
                .arg(bounded::read_budget())
                .invoke_async(&mut connection)
                .await
                .map_err(store_error)?;
            let mut transitions = Vec::with_capacity(reply.len());
            for (offset, (id, record, state)) in reply.into_iter().enumerate() {
                let read = record
                    .and_then(|bytes| String::from_utf8(bytes).ok())
                    .and_then(|text| record::transition(&id, &text));
                match read {
                    Some(transition) => transitions.push(transition),
                    None if transitions.is_empty() => {
                        let position = after.saturating_add(offset);
                        let why = if state == 2 {
                            format!(
                                "is longer than {} bytes (MAX_VALUE_LEN)",
                                bounded::MAX_VALUE_LEN
                            )
                        } else {
                            "is not a transition".to_owned()
                        };
                        return Err(StoreError::new(format!(
                            "the stream entry at position {position} (id {id}) {why}: \
                             read from position {} to pass it",
                            position.saturating_add(1)
                        )));
                    }
                    None => break,
                }
            }
            Ok(transitions)
        })
    }
}

/// Redis `TIME`: the clock the transition rule judges provider times against, the same
/// for every replica. A reply that is not two plain integers (a server that is not
/// Redis) is a typed error.
pub(crate) async fn server_now(
    connection: &mut redis::aio::ConnectionManager,
) -> Result<OffsetDateTime, Error> {
    let (seconds, micros): (i64, i64) = redis::cmd("TIME").query_async(connection).await?;
    let nanos = i128::from(seconds)
        .checked_mul(1_000_000_000)
        .and_then(|ns| ns.checked_add(i128::from(micros).checked_mul(1000)?))
        .ok_or_else(unexpected_time)?;
    OffsetDateTime::from_unix_timestamp_nanos(nanos).map_err(|_| unexpected_time())
}

fn unexpected_time() -> Error {
    Error::new(crate::ErrorKind::Command, "unexpected reply to TIME")
}

/// The read ticket counter every transaction's tickets come from (`lua/ticket.lua`).
pub(crate) fn ticket_key(redis: &Redis) -> String {
    redis.key(&["wh", "ticket"])
}

/// The stream every transition is appended to, webhooks and polling alike.
pub(crate) fn stream_key(redis: &Redis) -> String {
    redis.key(&["transitions"])
}

/// What a commit decides on: a transaction's fields as read, each checked against the
/// cap on the server before it is sent ([`bounded::hash_fields`]).
pub(crate) struct Current {
    /// The state's version (compare-and-set).
    pub(crate) version: Option<String>,
    /// The last state recorded, as stored.
    pub(crate) last: Option<String>,
    /// The verified hints kept for the next transition, as stored (`lua/accept.lua`);
    /// passed back as read, so the commit confirms they did not change.
    pub(crate) hints: Option<String>,
}

/// A transaction's `version`, `last` state and kept `hints` ([`Current`]).
pub(crate) async fn read_current(
    connection: &mut redis::aio::ConnectionManager,
    key: &str,
    what: &str,
) -> Result<Current, Error> {
    let mut fields = bounded::hash_fields(connection, key, &["version", "last", "hints"], what)
        .await?
        .into_iter();
    let mut next = || fields.next().flatten();
    Ok(Current {
        version: next(),
        last: next(),
        hints: next(),
    })
}

/// The kept hints as `lua/accept.lua` writes them (a JSON object of text): members that
/// are not text, or a value that is no object (written by something else), are none,
/// as the script takes them.
pub(crate) fn kept_hints(text: Option<&str>) -> BTreeMap<String, String> {
    let Some(serde_json::Value::Object(members)) =
        text.and_then(|text| serde_json::from_str(text).ok())
    else {
        return BTreeMap::new();
    };
    members
        .into_iter()
        .filter_map(|(name, value)| match value {
            serde_json::Value::String(value) => Some((name, value)),
            _ => None,
        })
        .collect()
}

/// `provider` and id, separated by a newline (ids never hold control characters).
fn due_member(key: &TxKey) -> String {
    format!("{}\n{}", key.provider, key.id)
}

fn parse_due_member(member: &str) -> Option<TxKey> {
    let (provider, id) = member.split_once('\n')?;
    (!provider.is_empty() && !id.is_empty()).then(|| TxKey::new(provider, id))
}

/// A count for Redis (`LIMIT`, `COUNT`): at most 2^63-1, which it reads as a signed
/// 64-bit number (a larger one, such as `usize::MAX` for "all", would fail every call).
fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX).min(MAX_STREAM_LEN)
}

fn micros(at: OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos().div_euclid(1000)).unwrap_or(i64::MAX)
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis())
        .unwrap_or(u64::MAX)
        .max(1)
}

fn store_error(error: redis::RedisError) -> StoreError {
    StoreError::new(Error::from(error).to_string())
}

fn encode_error(_: serde_json::Error) -> Error {
    Error::new(crate::ErrorKind::Command, "a transition did not serialize")
}
