//! The shared rate budget: [`txstatus_core::RateLimiter`] on Redis.

use std::{
    collections::VecDeque,
    fmt,
    sync::{
        Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use txstatus_core::{BoxFuture, Clock, RateLimit, RateLimiter, SlidingWindow};

use crate::{connection::Redis, error::Error};

/// Two limits for one budget: the one stored in Redis (the first process's) is used.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LimitMismatch {
    /// The limit this process was configured with.
    pub configured: RateLimit,
    /// The limit stored for the budget, which every process follows.
    pub stored: RateLimit,
}

impl fmt::Display for LimitMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "rate budget configured here as {}/{:?} but stored as {}/{:?}: the stored limit is used",
            self.configured.requests, self.configured.per, self.stored.requests, self.stored.per
        )
    }
}

/// A rate budget shared by every process using the same Redis, prefix and budget name.
///
/// A sliding log of start times in one Lua script, on Redis `TIME` (never a replica's
/// clock), counted over the limit's interval plus a headroom (default
/// [`DEFAULT_HEADROOM`] or 1% of the interval, whichever is longer), so the time
/// between a granted slot and the request leaving, which differs between replicas
/// on a busy machine, cannot put more starts than the budget into any window of the
/// interval at the provider.
///
/// - The first process to use a budget stores its limit; a process configured
///   differently follows the stored one and reports it ([`mismatch`](Self::mismatch),
///   and a warning in the log). The stored limit expires a minute after the budget was
///   last used.
/// - A stored limit is used only when both parts are integers in range (requests
///   1 to 2^32-1, interval 1 µs to [`MAX_BUDGET_INTERVAL`]); anything else (negative, zero, `inf`, `nan`,
///   `1e300`, hex, text) was written by no limiter and is replaced by this process's
///   limit (with a warning in the log), so it can never make the budget unlimited.
/// - A start in the log later than a window from now (junk, `+inf`, a clock far
///   ahead) is dropped, so it cannot hold the budget shut; any wait is at most two
///   windows.
/// - An interval, headroom or history out of range is refused at
///   [`build`](RedisRateLimiterBuilder::build).
/// - A wait longer than the time the request has left fails at once (the core turns it
///   into a local rate-limit error; nothing is sent).
/// - Starts lost from Redis (a restart without persistence or from an older snapshot, a
///   flush, the log evicted under memory pressure) are noticed by the first limiter
///   whose own last start, younger than the interval, is gone from the log: the budget
///   is then shut for one window from then (a warning in the log), so the starts before
///   the loss and after it never exceed the budget together. A loss seen first by a
///   limiter without such a start (one started after it) cannot be told from a new
///   budget: its starts may then exceed the budget once, within one window.
/// - Redis unreachable: the request fails as rate-limited and [`failure`](Self::failure)
///   says why (logged as an error), or, with
///   [`fallback_to_local`](RedisRateLimiterBuilder::fallback_to_local), a local
///   [`SlidingWindow`] takes over until Redis answers again. Never unlimited. The
///   starts the local window grants are written back to the shared log when Redis
///   answers again (before that request's own slot is decided), at the time they were
///   granted, so every replica counts them for the rest of their window.
pub struct RedisRateLimiter {
    redis: Redis,
    log_key: String,
    limit_key: String,
    limit: RateLimit,
    keep: Duration,
    headroom: Duration,
    instance: u64,
    sequence: AtomicU64,
    fallback: Option<SlidingWindow>,
    mismatch: Mutex<Option<LimitMismatch>>,
    failure: Mutex<Option<Error>>,
    /// This limiter's last granted start: its member in the log and its score (Redis
    /// `TIME` in µs). The script checks it is still there while younger than the
    /// interval: a start gone from the log that early means the log was lost (see
    /// `lua/acquire.lua`).
    last_start: Mutex<Option<(String, i64)>>,
    /// Starts the local fallback granted while Redis could not be reached, oldest
    /// first: each one's member in the log (fixed when granted, so a write-back sent
    /// twice adds it once) and when it was granted (this process's monotonic clock).
    /// Written back to the log as soon as Redis answers again.
    local_starts: Mutex<VecDeque<(String, Instant)>>,
    script: redis::Script,
    write_back: redis::Script,
}

impl fmt::Debug for RedisRateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisRateLimiter")
            .field("limit", &self.limit)
            .field("fallback", &self.fallback.is_some())
            .finish_non_exhaustive()
    }
}

/// The least headroom added to the interval: a measured run with 1% (10 ms of a
/// one-second budget) let 514 of 500 requests reach the provider in one second,
/// because slots granted in time left late on a loaded machine.
pub const DEFAULT_HEADROOM: Duration = Duration::from_millis(50);

/// The longest interval, headroom and history a budget takes: 366 days (every sum the
/// script makes of them and Redis `TIME` stays exact in its doubles, and every TTL in
/// Redis's range).
pub const MAX_BUDGET_INTERVAL: Duration = Duration::from_secs(366 * 24 * 60 * 60);

/// `Ok` for a duration a budget can use; `nonzero`: at least 1 µs.
fn check_duration(duration: Duration, what: &str, nonzero: bool) -> Result<(), Error> {
    if duration > MAX_BUDGET_INTERVAL {
        return Err(Error::new(
            crate::ErrorKind::Config,
            format!("a rate budget {what} longer than 366 days is refused"),
        ));
    }
    if nonzero && duration < Duration::from_micros(1) {
        return Err(Error::new(
            crate::ErrorKind::Config,
            format!("a rate budget {what} shorter than 1 µs is refused"),
        ));
    }
    Ok(())
}

/// Builds a [`RedisRateLimiter`].
#[derive(Debug)]
pub struct RedisRateLimiterBuilder {
    redis: Redis,
    budget: String,
    limit: RateLimit,
    keep: Duration,
    headroom: Option<Duration>,
    fallback: Option<RateLimit>,
}

impl RedisRateLimiterBuilder {
    /// When Redis cannot be reached, limit locally to `limit` (pick this replica's share
    /// of the budget) instead of failing requests. Opt-in: without it, requests fail.
    ///
    /// The starts granted locally are written back to the shared log as soon as Redis
    /// answers this limiter again, each at the time it was granted (measured on this
    /// process's monotonic clock, placed no earlier on Redis `TIME`): from then on every
    /// replica counts them until they leave the window, and this one cannot spend the
    /// whole shared budget again on top of its local share. The bound that remains:
    /// while Redis is unreachable for this replica only, the others go on spending the
    /// shared budget without seeing its local starts, so within that window the
    /// replicas together may reach the budget plus this replica's local `limit`. Only
    /// the newest local starts still in the window are kept for the write-back, as
    /// many as the budget's requests (with more, the budget is full just as long), at
    /// most [`MAX_WRITTEN_BACK`].
    pub fn fallback_to_local(mut self, limit: RateLimit) -> Self {
        self.fallback = Some(limit);
        self
    }

    /// Counts starts over the interval plus `headroom` (default: [`DEFAULT_HEADROOM`]
    /// or 1% of the interval, whichever is longer). More headroom: fewer requests per
    /// interval, and more room for late requests.
    pub fn headroom(mut self, headroom: Duration) -> Self {
        self.headroom = Some(headroom);
        self
    }

    /// Keeps each start in the log for `keep` (at least the window), for audits and
    /// tests that check every window; the default keeps only the window.
    pub fn keep_history(mut self, keep: Duration) -> Self {
        self.keep = keep;
        self
    }

    /// Registers this limiter with Redis, so an unreachable server fails here, at start.
    ///
    /// An interval (the budget's or the local fallback's) under 1 µs or over
    /// [`MAX_BUDGET_INTERVAL`], a fallback of no requests, or a headroom or history
    /// over it, is refused here ([`ErrorKind::Config`](crate::ErrorKind::Config)): such a
    /// budget could only fail or mis-time every request later.
    pub async fn build(self) -> Result<RedisRateLimiter, Error> {
        if let Some(problem) = self.limit.problem() {
            return Err(Error::new(crate::ErrorKind::Config, problem));
        }
        check_duration(self.limit.per, "interval", true)?;
        if let Some(headroom) = self.headroom {
            check_duration(headroom, "headroom", false)?;
        }
        check_duration(self.keep, "history", false)?;
        // The local fallback by the same rules: a zero interval would count over the
        // core's headroom only (thousands of requests a second), no requests would
        // refuse every request, each while the budget is meant to hold.
        if let Some(fallback) = self.fallback {
            if let Some(problem) = fallback.problem() {
                return Err(Error::new(
                    crate::ErrorKind::Config,
                    format!("the local fallback: {problem}"),
                ));
            }
            check_duration(fallback.per, "local fallback interval", true)?;
        }
        let mut connection = self.redis.connection();
        let counter = self.redis.key(&["rl", "instances"]);
        // A counter no limiter wrote (another type, text, negative, or past 2^53) would
        // fail every limiter's start: replaced, as after a restart that lost it (each
        // start's member carries the server's time too, so a number handed out again
        // never makes two starts one).
        let instance: u64 = redis::Script::new(
            r"
local kind = redis.call('TYPE', KEYS[1])['ok']
if kind ~= 'none' then
  local text = false
  if kind == 'string' and redis.call('STRLEN', KEYS[1]) <= 15 then
    text = redis.call('GET', KEYS[1])
  end
  if not text or not string.match(text, '^[0-9]+$') then
    redis.call('DEL', KEYS[1])
  end
end
return redis.call('INCR', KEYS[1])
",
        )
        .key(&counter)
        .invoke_async(&mut connection)
        .await?;
        Ok(RedisRateLimiter {
            log_key: self.redis.key(&["rl", &self.budget, "log"]),
            limit_key: self.redis.key(&["rl", &self.budget, "limit"]),
            redis: self.redis,
            limit: self.limit,
            keep: self.keep,
            headroom: self.headroom.unwrap_or_else(|| {
                DEFAULT_HEADROOM.max(self.limit.per.checked_div(100).unwrap_or_default())
            }),
            instance,
            sequence: AtomicU64::new(0),
            fallback: self.fallback.map(SlidingWindow::new),
            mismatch: Mutex::new(None),
            failure: Mutex::new(None),
            last_start: Mutex::new(None),
            local_starts: Mutex::new(VecDeque::new()),
            script: redis::Script::new(include_str!("lua/acquire.lua")),
            write_back: redis::Script::new(WRITE_BACK),
        })
    }
}

/// What one script run decided.
struct Decision {
    granted: bool,
    wait: Duration,
    stored: RateLimit,
    mismatch: bool,
    /// The stored limit was unusable (not integers in range) and ours replaced it.
    replaced: bool,
    /// Starts were lost from the log (a restart, a flush, an eviction): the budget is
    /// shut for one window.
    lost: bool,
}

impl RedisRateLimiter {
    /// A limiter for `budget` (see [`budget_name`](crate::budget_name) for the default
    /// name) allowing `limit`.
    pub fn builder(
        redis: &Redis,
        budget: impl Into<String>,
        limit: RateLimit,
    ) -> RedisRateLimiterBuilder {
        RedisRateLimiterBuilder {
            redis: redis.clone(),
            budget: budget.into(),
            limit,
            keep: Duration::ZERO,
            headroom: None,
            fallback: None,
        }
    }

    /// The configured limit when it differs from the one stored for the budget (which
    /// is used), as seen on the last request.
    pub fn mismatch(&self) -> Option<LimitMismatch> {
        self.mismatch.lock().ok().and_then(|m| *m)
    }

    /// Why the last request could not use Redis, if it could not; cleared when Redis
    /// answers again.
    pub fn failure(&self) -> Option<Error> {
        self.failure.lock().ok().and_then(|f| f.clone())
    }

    /// The limit stored for the budget, if any process has used it within a minute.
    ///
    /// A stored limit no limiter could have written (not integers in range: the next
    /// request replaces it) is `None`; a field longer than
    /// [`MAX_VALUE_LEN`](crate::MAX_VALUE_LEN) is a typed error, checked on the server
    /// before it is sent.
    pub async fn stored_limit(&self) -> Result<Option<RateLimit>, Error> {
        let mut connection = self.redis.connection();
        let fields = crate::bounded::hash_fields(
            &mut connection,
            &self.limit_key,
            &["requests", "per_us"],
            "rate budget limit",
        )
        .await?;
        let mut fields = fields.into_iter().flatten();
        let (Some(requests), Some(per)) = (fields.next(), fields.next()) else {
            return Ok(None);
        };
        // As the script takes them: plain integers, requests 1 to 2^32-1, per_us 1 µs
        // to MAX_BUDGET_INTERVAL.
        let requests = plain_integer(&requests)
            .and_then(|n| u32::try_from(n).ok())
            .filter(|&n| n >= 1);
        let per = plain_integer(&per).filter(|&us| us >= 1 && us <= micros(MAX_BUDGET_INTERVAL));
        Ok(requests
            .zip(per)
            .map(|(requests, per)| RateLimit::new(requests, Duration::from_micros(per))))
    }

    /// The starts kept in the log, as Redis `TIME` in microseconds since the epoch,
    /// oldest first (the window's, or [`keep_history`](RedisRateLimiterBuilder::keep_history)'s).
    ///
    /// Only the scores are sent, never the members (whatever another program put
    /// there); a log of more than [`MAX_STARTS_READ`] starts is a typed error, checked
    /// on the server, and so is a score that is not a whole number of µs.
    pub async fn starts(&self) -> Result<Vec<u64>, Error> {
        let mut connection = self.redis.connection();
        let script = redis::Script::new(
            r"
if redis.call('ZCARD', KEYS[1]) > tonumber(ARGV[1]) then return {1, {}} end
local entries = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
local scores = {}
for i = 2, #entries, 2 do scores[#scores + 1] = entries[i] end
return {0, scores}
",
        );
        let (long, scores): (u8, Vec<String>) = script
            .key(&self.log_key)
            .arg(MAX_STARTS_READ)
            .invoke_async(&mut connection)
            .await?;
        if long == 1 {
            return Err(Error::new(
                crate::ErrorKind::Command,
                format!(
                    "the rate budget's log holds more than {MAX_STARTS_READ} starts (MAX_STARTS_READ): not read"
                ),
            ));
        }
        scores
            .iter()
            .map(|score| plain_integer(score))
            .collect::<Option<Vec<u64>>>()
            .ok_or_else(|| {
                Error::new(
                    crate::ErrorKind::Command,
                    "a start in the rate budget's log is not a whole number of µs",
                )
            })
    }

    async fn decide(&self) -> Result<Decision, Error> {
        let member = format!(
            "{}:{}",
            self.instance,
            self.sequence.fetch_add(1, Ordering::Relaxed)
        );
        let per_us = micros(self.limit.per).max(1);
        let keep_us = micros(self.keep);
        let headroom_us = micros(self.headroom);
        let (last_member, last_score): (String, i64) = self
            .last_start
            .lock()
            .ok()
            .and_then(|last| last.clone())
            .unwrap_or_default();
        let mut connection = self.redis.connection();
        let reply: (i64, i64, i64, i64, i64, i64, String, i64, i64) = self
            .script
            .key(&self.log_key)
            .key(&self.limit_key)
            // At least 1: the script refuses a stored 0 as unusable.
            .arg(self.limit.requests.max(1))
            .arg(per_us)
            .arg(keep_us)
            .arg(member)
            .arg(headroom_us)
            .arg(&last_member)
            .arg(last_score)
            .invoke_async(&mut connection)
            .await?;
        let (granted, wait_us, requests, stored_per_us, mismatch, replaced, member, now, lost) =
            reply;
        if let Ok(mut last) = self.last_start.lock() {
            if granted == 1 && !member.is_empty() {
                *last = Some((member, now));
            } else if lost == 1 && last.as_ref().is_some_and(|(kept, _)| *kept == last_member) {
                // Noticed once: the budget is shut for a window from now. Presented
                // again, it would extend the shut at every request until it left the
                // window.
                *last = None;
            }
        }
        // The script bounds the wait by two windows; a reply past that is read as one
        // window (never as "now", which would poll Redis in a loop).
        let window_us = u64::try_from(stored_per_us)
            .unwrap_or(per_us)
            .max(per_us)
            .saturating_add(headroom_us);
        let wait_us = u64::try_from(wait_us)
            .ok()
            .filter(|&us| us >= 1 && us <= window_us.saturating_mul(2))
            .unwrap_or(window_us);
        Ok(Decision {
            granted: granted == 1,
            wait: Duration::from_micros(wait_us),
            stored: RateLimit::new(
                u32::try_from(requests).unwrap_or(u32::MAX),
                Duration::from_micros(u64::try_from(stored_per_us).unwrap_or(0)),
            ),
            mismatch: mismatch == 1,
            replaced: replaced == 1,
            lost: lost == 1,
        })
    }

    fn note_mismatch(&self, decision: &Decision) {
        if decision.lost {
            tracing::warn!(
                "txstatus-redis: starts of the rate budget were lost from Redis (restarted, flushed or evicted?); the budget is shut for one window"
            );
        }
        if decision.replaced {
            tracing::warn!(
                "txstatus-redis: the stored rate budget limit was unusable (not integers in range); replaced by this process's limit"
            );
        }
        let Ok(mut slot) = self.mismatch.lock() else {
            return;
        };
        let now = decision.mismatch.then_some(LimitMismatch {
            configured: self.limit,
            stored: decision.stored,
        });
        if now.is_some()
            && *slot != now
            && let Some(mismatch) = &now
        {
            tracing::warn!(%mismatch, "txstatus-redis: rate budget limit mismatch");
        }
        *slot = now;
    }

    fn note_failure(&self, error: Option<Error>) {
        if let Ok(mut slot) = self.failure.lock() {
            if let Some(error) = &error
                && slot.is_none()
            {
                if self.fallback.is_some() {
                    tracing::warn!(%error, "txstatus-redis: rate budget unavailable; limiting locally");
                } else {
                    tracing::error!(%error, "txstatus-redis: rate budget unavailable; requests fail as rate-limited");
                }
            }
            *slot = error;
        }
    }
}

/// Why [`RedisRateLimiter::take`] gave no slot.
#[derive(Debug)]
pub(crate) enum NoSlot {
    /// None opens within the time allowed: the wait until one does.
    Wait(Duration),
    /// Redis failed and there is no local fallback: why (also kept in
    /// [`RedisRateLimiter::failure`]).
    Failed(Error),
}

impl RedisRateLimiter {
    /// [`RateLimiter::acquire`] with the cause of a failure: the worker reports the real
    /// error (a `WRONGTYPE` at the budget key, a refused password), not a guess.
    pub(crate) async fn take(&self, clock: &dyn Clock, max_wait: Duration) -> Result<(), NoSlot> {
        let end = clock.now().checked_add(max_wait);
        loop {
            let decision = match self.write_local_starts_back(clock).await {
                Ok(()) => self.decide().await,
                Err(error) => Err(error),
            };
            let decision = match decision {
                Ok(decision) => {
                    self.note_failure(None);
                    decision
                }
                Err(error) => {
                    self.note_failure(Some(error.clone()));
                    let left = end.map_or(Duration::MAX, |end| {
                        end.saturating_duration_since(clock.now())
                    });
                    return match &self.fallback {
                        Some(local) => {
                            local.acquire(clock, left).await.map_err(NoSlot::Wait)?;
                            self.note_local_start(clock.now());
                            Ok(())
                        }
                        // No slot can be known: the request fails as rate-limited, nothing
                        // is sent, and `failure()` says why.
                        None => Err(NoSlot::Failed(error)),
                    };
                }
            };
            self.note_mismatch(&decision);
            if decision.granted {
                return Ok(());
            }
            let wait = decision.wait.max(Duration::from_millis(1));
            if let Some(end) = end
                && clock
                    .now()
                    .checked_add(wait)
                    .is_none_or(|ready| ready > end)
            {
                return Err(NoSlot::Wait(wait));
            }
            clock.sleep(wait).await;
        }
    }
}

impl RedisRateLimiter {
    /// The window starts are counted over: the budget's interval (the stored one when
    /// it is longer) plus the headroom.
    fn window(&self) -> Duration {
        let stored = self
            .mismatch
            .lock()
            .ok()
            .and_then(|m| m.map(|m| m.stored.per))
            .unwrap_or_default();
        self.limit
            .per
            .max(stored)
            .saturating_add(self.headroom)
            .max(self.keep)
    }

    /// A start the local fallback granted at `at`, kept for the write-back: its member
    /// is fixed now (the write-back adds it once however often it is sent), and unique
    /// to this limiter (its instance number, a sequence and the wall time, so a number
    /// handed out again after Redis lost its counter does not make two starts one).
    fn note_local_start(&self, at: Instant) {
        let wall = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|since| since.as_nanos())
            .unwrap_or_default();
        let member = format!(
            "{}:{}:local@{wall}",
            self.instance,
            self.sequence.fetch_add(1, Ordering::Relaxed)
        );
        let window = self.window();
        // The stored limit's requests when they differ (the one every replica follows).
        let requests = self
            .mismatch
            .lock()
            .ok()
            .and_then(|m| m.map(|m| m.stored.requests))
            .unwrap_or_default()
            .max(self.limit.requests);
        let most = usize::try_from(requests)
            .unwrap_or(usize::MAX)
            .clamp(1, MAX_WRITTEN_BACK);
        if let Ok(mut starts) = self.local_starts.lock() {
            starts.push_back((member, at));
            // Only the starts still in the window count, and of those only the newest
            // `requests`: with that many in the window the budget is full until the
            // oldest of them leaves it, whatever came before.
            while starts.len() > most
                || starts
                    .front()
                    .is_some_and(|(_, first)| at.saturating_duration_since(*first) >= window)
            {
                starts.pop_front();
            }
        }
    }

    /// Writes the starts the local fallback granted into the shared log, each at Redis
    /// `TIME` less its age (measured before the call is sent: never earlier than it
    /// was), then forgets those written. A failure leaves them for the next try and is
    /// the caller's Redis failure.
    async fn write_local_starts_back(&self, clock: &dyn Clock) -> Result<(), Error> {
        let starts: Vec<(String, Instant)> = match self.local_starts.lock() {
            Ok(starts) if !starts.is_empty() => starts.iter().cloned().collect(),
            _ => return Ok(()),
        };
        let now = clock.now();
        let window = self.window();
        let mut invocation = self.write_back.key(&self.log_key);
        // Kept as the acquire script keeps the log: its history, and a minute after.
        invocation.arg(
            micros(window)
                .checked_div(1000)
                .unwrap_or_default()
                .saturating_add(60_000),
        );
        let mut any = false;
        for (member, at) in &starts {
            let age = now.saturating_duration_since(*at);
            if age < window {
                invocation.arg(member).arg(micros(age));
                any = true;
            }
        }
        if any {
            let mut connection = self.redis.connection();
            let _: u64 = invocation.invoke_async(&mut connection).await?;
        }
        let sent: std::collections::HashSet<&str> =
            starts.iter().map(|(member, _)| member.as_str()).collect();
        if let Ok(mut kept) = self.local_starts.lock() {
            kept.retain(|(member, _)| !sent.contains(member.as_str()));
        }
        Ok(())
    }
}

/// The most local starts kept for the write-back to the shared log (see
/// [`fallback_to_local`](RedisRateLimiterBuilder::fallback_to_local)).
pub const MAX_WRITTEN_BACK: usize = 10_000;

/// Writes local starts into the log at Redis `TIME` less their age.
/// KEYS[1] log; ARGV[1] the log's TTL in ms (set when it has less or none), then pairs
/// of member and age in µs. `NX`: a start written twice (a reply lost, sent again)
/// keeps its first score. Returns the starts added.
const WRITE_BACK: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local added = 0
for i = 2, #ARGV - 1, 2 do
  local age = tonumber(ARGV[i + 1])
  if age and age >= 0 then
    added = added + redis.call('ZADD', KEYS[1], 'NX', string.format('%.0f', now - age), ARGV[i])
  end
end
local ttl = tonumber(ARGV[1])
if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
return added
";

impl RateLimiter for RedisRateLimiter {
    fn acquire<'a>(
        &'a self,
        clock: &'a dyn Clock,
        max_wait: Duration,
    ) -> BoxFuture<'a, Result<(), Duration>> {
        Box::pin(async move {
            self.take(clock, max_wait).await.map_err(|no| match no {
                NoSlot::Wait(wait) => wait,
                // The trait carries no cause: `failure()` holds it.
                NoSlot::Failed(_) => Duration::MAX,
            })
        })
    }
}

/// The most starts [`RedisRateLimiter::starts`] reads (a longer log is a typed error):
/// one million, a few tens of megabytes at most in this process.
pub const MAX_STARTS_READ: usize = 1_000_000;

/// Decimal digits only, as the script writes them (no sign, exponent or space).
fn plain_integer(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 20 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn micros(duration: Duration) -> u64 {
    u64::try_from(duration.as_micros()).unwrap_or(u64::MAX)
}
