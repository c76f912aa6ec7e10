//! Leases on watched transactions, fenced by their generation.
//!
//! Every call that changes a leased transaction (renew, release, record) presents the
//! lease's token and is refused in Lua when another claim has happened since: a stalled
//! worker can never overwrite a newer owner's result or move its schedule.

use std::time::Duration;

use time::OffsetDateTime;
use txstatus_webhooks::{ObservedState, is_newer_at};

use crate::{
    error::{Error, ErrorKind},
    watch::{MAX_WATCH_INTERVAL, WatchQueue, check_provider, micros, millis, unexpected},
    watch_state::{PolledTransition, decode_state, encode_state},
};

/// A claimed transaction. Its token is the fencing token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lease {
    /// Provider name.
    pub provider: String,
    /// Transaction id.
    pub id: String,
    /// The lease generation: unique, increasing, presented by every write.
    pub token: u64,
}

/// What [`WatchQueue::record`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
// One value per read, returned and dropped: a box would cost an allocation per
// transition and change the public shape for nothing.
#[non_exhaustive]
#[allow(clippy::large_enum_variant)]
pub enum Recorded {
    /// Another owner has claimed the transaction since: nothing was written.
    Fenced,
    /// The state was not newer than the last recorded one; rescheduled (or finished).
    Same {
        /// The last recorded state is final: no longer scheduled.
        finished: bool,
    },
    /// A transition, appended to the stream once.
    Transition {
        /// The record.
        transition: PolledTransition,
        /// The state is final: no longer scheduled.
        finished: bool,
    },
}

/// The longest lease [`WatchQueue::claim`] and [`WatchQueue::renew`] take, and the
/// longest delay [`WatchQueue::release`] takes: 366 days ([`MAX_WATCH_INTERVAL`]). A
/// longer one would leave a dead owner's transaction unscheduled for good (and past
/// 2^53 µs the scripts' doubles are no longer exact).
pub const MAX_LEASE: Duration = MAX_WATCH_INTERVAL;

/// A lease (or delay) in µs, or the typed error for one no schedule can use.
fn checked_micros(duration: Duration, what: &str, zero_ok: bool) -> Result<u64, Error> {
    if duration > MAX_LEASE {
        return Err(Error::new(
            ErrorKind::Config,
            format!("a {what} longer than 366 days is refused"),
        ));
    }
    let us = micros(duration);
    if us == 0 && !zero_ok {
        return Err(Error::new(
            ErrorKind::Config,
            format!("a {what} shorter than 1 µs is refused: it ends before it is used"),
        ));
    }
    Ok(us)
}

impl WatchQueue {
    /// Claims one due transaction of `provider` with a lease of `lease` (a claim whose
    /// lease has expired is due again). `None` when nothing is due.
    ///
    /// A scheduled id whose watch key is unusable (not a hash, or an interval no
    /// enqueue wrote: not an integer of 1 µs to [`MAX_WATCH_INTERVAL`]) is taken off the schedule and skipped, with a warning in the log
    /// that counts them (no ids): one bad key never blocks the others. So is a
    /// scheduled member that is not a valid id (not UTF-8, a control character, or
    /// longer than an id, which is dropped on the server and never sent: no enqueue
    /// wrote it), and a token counter that is not a plain integer below 2^53 is
    /// replaced (at least Redis `TIME` in µs, as after a restart).
    ///
    /// A lease of zero or longer than [`MAX_LEASE`] is refused ([`ErrorKind::Config`]),
    /// nothing claimed; so is a provider name [`enqueue`](Self::enqueue) would refuse.
    pub async fn claim(&self, provider: &str, lease: Duration) -> Result<Option<Lease>, Error> {
        check_provider(provider)?;
        let lease_us = checked_micros(lease, "lease", false)?;
        let mut connection = self.redis.connection();
        for _ in 0..MAX_ROUNDS {
            let reply: Vec<redis::Value> = redis::Script::new(include_str!("lua/watch_claim.lua"))
                .key(self.due_key(provider))
                .key(self.token_key())
                .arg(lease_us)
                .arg(self.tx_prefix(provider))
                .arg(millis(self.key_ttl))
                .arg(16)
                .arg(txstatus_core::provider::MAX_ID_LEN)
                .invoke_async(&mut connection)
                .await?;
            let mut reply = reply.into_iter();
            let dropped: u64 = match reply.next() {
                Some(value) => {
                    redis::FromRedisValue::from_redis_value(value).map_err(|_| unexpected())?
                }
                None => return Err(unexpected()),
            };
            if dropped > 0 {
                // Counts only: the ids are the provider's and may be personal.
                tracing::warn!(
                    provider,
                    dropped,
                    "txstatus-redis: unusable watch entries taken off the schedule (or an unusable token counter replaced)"
                );
            }
            let Some(member) = reply.next() else {
                return Ok(None);
            };
            let (token, _end, _interval): (u64, u64, u64) =
                redis::FromRedisValue::from_redis_value(redis::Value::Array(reply.collect()))
                    .map_err(|_| unexpected())?;
            let redis::Value::BulkString(bytes) = member else {
                return Err(unexpected());
            };
            match String::from_utf8(bytes) {
                Ok(id) if txstatus_core::provider::id_problem(&id).is_none() => {
                    return Ok(Some(Lease {
                        provider: provider.to_owned(),
                        id,
                        token,
                    }));
                }
                // Written by something else (no enqueue takes such an id): claimed, it
                // would fail again after every lease, for ever. Taken off the schedule
                // (its key is left as it is) and the next one claimed.
                Ok(id) => self.unschedule(provider, id.as_bytes()).await?,
                Err(error) => self.unschedule(provider, error.as_bytes()).await?,
            }
        }
        Ok(None)
    }

    /// Takes a member no enqueue wrote off `provider`'s schedule, with a warning.
    async fn unschedule(&self, provider: &str, member: &[u8]) -> Result<(), Error> {
        tracing::warn!(
            provider,
            "txstatus-redis: a scheduled id that is not a valid id taken off the schedule"
        );
        let mut connection = self.redis.connection();
        let _: u64 = redis::cmd("ZREM")
            .arg(self.due_key(provider))
            .arg(member)
            .query_async(&mut connection)
            .await?;
        Ok(())
    }

    /// A read ticket from the webhook store (as [`Store::begin_read`](txstatus_webhooks::Store::begin_read) hands them out),
    /// taken just before the read starts: it orders this read among webhook re-reads of
    /// the transaction. `None`, with nothing written, when the lease is no longer held
    /// (the transaction was erased, or claimed by another owner, since): do not read;
    /// [`record`](Self::record) would be [`Recorded::Fenced`] anyway, and a ticket taken
    /// for an erased transaction would create a key naming its id again.
    pub async fn begin_read(&self, held: &Lease) -> Result<Option<u64>, Error> {
        let mut connection = self.redis.connection();
        let ticket: u64 = redis::Script::new(concat!(
            include_str!("lua/ticket.lua"),
            include_str!("lua/watch_begin_read.lua")
        ))
        .key(self.tx_key(&held.provider, &held.id))
        .key(self.webhook_tx_key(&held.provider, &held.id))
        .key(crate::store::ticket_key(&self.redis))
        .arg(held.token)
        .arg(millis(self.key_ttl))
        .invoke_async(&mut connection)
        .await?;
        Ok((ticket > 0).then_some(ticket))
    }

    /// Extends the lease to `lease` from now, if it is still this owner's and has not
    /// ended; the time it has left, or `None` when it is lost. A lease of zero or longer
    /// than [`MAX_LEASE`] is refused ([`ErrorKind::Config`]), nothing changed.
    pub async fn renew(&self, held: &Lease, lease: Duration) -> Result<Option<Duration>, Error> {
        let lease_us = checked_micros(lease, "lease", false)?;
        let mut connection = self.redis.connection();
        let (ok, left): (u8, u64) = redis::Script::new(include_str!("lua/watch_renew.lua"))
            .key(self.tx_key(&held.provider, &held.id))
            .key(self.due_key(&held.provider))
            .arg(&held.id)
            .arg(held.token)
            .arg(lease_us)
            .arg(millis(self.key_ttl))
            .invoke_async(&mut connection)
            .await?;
        Ok((ok == 1).then(|| Duration::from_micros(left)))
    }

    /// Gives the lease back, due again after `delay`; false when it was no longer held.
    /// A delay longer than [`MAX_LEASE`] is refused ([`ErrorKind::Config`]), nothing
    /// changed.
    pub async fn release(&self, held: &Lease, delay: Duration) -> Result<bool, Error> {
        let delay_us = checked_micros(delay, "release delay", true)?;
        let mut connection = self.redis.connection();
        let released: u8 = redis::Script::new(include_str!("lua/watch_release.lua"))
            .key(self.tx_key(&held.provider, &held.id))
            .key(self.due_key(&held.provider))
            .arg(&held.id)
            .arg(held.token)
            .arg(delay_us)
            .arg(millis(self.key_ttl))
            .invoke_async(&mut connection)
            .await?;
        Ok(released == 1)
    }

    /// Records what a read observed (with the `ticket` of [`begin_read`](Self::begin_read)),
    /// fenced by the lease, through the webhook store's commit: compare with the last
    /// state by the webhook rule ([`is_newer_at`], provider times judged against Redis
    /// `TIME`), set it and append the transition to the stream when newer (all in one
    /// script), then reschedule after the interval or, once final, stop watching.
    ///
    /// A stored last state that does not parse is an error (nothing is written), as in
    /// the webhook store; so is a non-final state over a hash marked final that holds no
    /// last state (with one, the rule decides, as for a webhook re-read).
    pub async fn record(
        &self,
        held: &Lease,
        ticket: u64,
        state: ObservedState,
        observed_at: OffsetDateTime,
    ) -> Result<Recorded, Error> {
        let script = redis::Script::new(concat!(
            "local function webhook_commit()\n",
            include_str!("lua/commit.lua"),
            "\nend\n",
            include_str!("lua/watch_record.lua")
        ));
        let webhook_tx = self.webhook_tx_key(&held.provider, &held.id);
        let state_json = encode_state(&state).ok_or_else(unwritable)?;
        crate::bounded::check_written(&state_json, "state")?;
        // The state as stored (a provider time RFC 3339 cannot write is not kept): the
        // one the rule compares and the transition carries, as every later read of it.
        let state = decode_state(&state_json).ok_or_else(unwritable)?;
        // The state moved under us (a webhook recorded one): decide again.
        for _ in 0..MAX_ROUNDS {
            let mut connection = self.redis.connection();
            let current = crate::store::read_current(
                &mut connection,
                &webhook_tx,
                "webhook transaction state",
            )
            .await?;
            let (version, text) = (current.version, current.last);
            // Present but unreadable: refused, as the webhook store refuses it. Treating
            // it as no state would let a pending read follow a final one.
            let last = match text.as_deref() {
                Some(text) => Some(decode_state(text).ok_or_else(|| {
                    Error::new(crate::ErrorKind::Command, "a stored state does not parse")
                })?),
                None => None,
            };
            // Provider times judged against Redis `TIME`: every replica alike,
            // whatever its own clock says.
            let now = crate::store::server_now(&mut connection).await?;
            let newer = is_newer_at(last.as_ref(), &state, now);
            let transition = PolledTransition {
                provider: held.provider.clone(),
                id: held.id.clone(),
                status: state.clone(),
                previous: last,
                observed_at,
                // Kept by deliveries since the last transition: this one records the
                // state they may be about (cleared by the commit when it is added).
                hints: crate::store::kept_hints(current.hints.as_deref()),
                stream_id: String::new(),
            };
            let record = transition.stream_record().ok_or_else(unwritable)?;
            crate::bounded::check_written(&record, "transition record")?;
            let reply: Vec<String> = script
                .key(&webhook_tx)
                .key(self.stream_key())
                .key(self.webhook_seen_key(&held.provider))
                .key(self.webhook_due_key())
                .key(self.tx_key(&held.provider, &held.id))
                .key(self.due_key(&held.provider))
                .arg(version.as_deref().unwrap_or("0"))
                .arg(ticket)
                .arg(u8::from(newer))
                .arg(&state_json)
                .arg(u8::from(state.terminal))
                .arg(0)
                .arg(1)
                .arg(unix_micros(observed_at))
                .arg(Self::webhook_due_member(&held.provider, &held.id))
                .arg(millis(self.key_ttl))
                .arg(self.stream_max_len)
                .arg(&held.provider)
                .arg(&held.id)
                .arg(record)
                .arg(current.hints.as_deref().unwrap_or_default())
                .arg(held.token)
                .arg(&held.id)
                .arg(millis(self.key_ttl))
                .invoke_async(&mut connection)
                .await?;
            let finished = reply.get(1).is_some_and(|done| done == "1");
            match reply.first().map(String::as_str) {
                Some("fenced") => return Ok(Recorded::Fenced),
                Some("retry") => continue,
                Some("added") => {
                    let stream_id = reply.get(2).cloned().ok_or_else(unexpected)?;
                    return Ok(Recorded::Transition {
                        transition: PolledTransition {
                            stream_id,
                            ..transition
                        },
                        finished,
                    });
                }
                Some("same" | "stale") => return Ok(Recorded::Same { finished }),
                Some("final") => {
                    return Err(Error::new(
                        crate::ErrorKind::Command,
                        "the stored state is final: a non-final state is not recorded after it",
                    ));
                }
                _ => return Err(unexpected()),
            }
        }
        Err(Error::new(
            crate::ErrorKind::Command,
            "the state kept changing while recording a read",
        ))
    }
}

/// Compare-and-set rounds before a record gives up (heavy contention on one transaction).
const MAX_ROUNDS: usize = 32;

fn unix_micros(at: OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos().div_euclid(1000)).unwrap_or(i64::MAX)
}

/// A state or record that does not serialize: refused before anything is written.
fn unwritable() -> Error {
    Error::new(
        ErrorKind::Command,
        "a state or transition record did not serialize: nothing written",
    )
}
