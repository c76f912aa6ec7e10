//! Leases on watched transactions, fenced by their generation.
//!
//! Every call that changes a leased transaction (renew, release, record) presents the
//! lease's token and is refused in Lua when another claim has happened since: a stalled
//! worker can never overwrite a newer owner's result or move its schedule.

use std::time::Duration;

use time::OffsetDateTime;
use txstatus_webhooks::{ObservedState, is_newer};

use crate::{
    error::Error,
    watch::{WatchQueue, micros, millis, unexpected},
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
    pub(crate) last: Option<ObservedState>,
    pub(crate) version: u64,
}

/// What [`WatchQueue::record`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
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

impl WatchQueue {
    /// Claims one due transaction of `provider` with a lease of `lease` (a claim whose
    /// lease has expired is due again). `None` when nothing is due.
    pub async fn claim(&self, provider: &str, lease: Duration) -> Result<Option<Lease>, Error> {
        let mut connection = self.redis.connection();
        let reply: Vec<redis::Value> = redis::Script::new(include_str!("lua/watch_claim.lua"))
            .key(self.due_key(provider))
            .key(self.token_key())
            .arg(micros(lease).max(1))
            .arg(self.tx_prefix(provider))
            .arg(millis(self.key_ttl))
            .arg(16)
            .invoke_async(&mut connection)
            .await?;
        if reply.is_empty() {
            return Ok(None);
        }
        let (id, token, _end, _interval, last, version): (String, u64, u64, u64, String, u64) =
            redis::FromRedisValue::from_redis_value(redis::Value::Array(reply))
                .map_err(|_| unexpected())?;
        Ok(Some(Lease {
            provider: provider.to_owned(),
            id,
            token,
            last: decode_state(&last),
            version,
        }))
    }

    /// Extends the lease to `lease` from now, if it is still this owner's and has not
    /// ended; the time it has left, or `None` when it is lost.
    pub async fn renew(&self, held: &Lease, lease: Duration) -> Result<Option<Duration>, Error> {
        let mut connection = self.redis.connection();
        let (ok, left): (u8, u64) = redis::Script::new(include_str!("lua/watch_renew.lua"))
            .key(self.tx_key(&held.provider, &held.id))
            .key(self.due_key(&held.provider))
            .arg(&held.id)
            .arg(held.token)
            .arg(micros(lease).max(1))
            .invoke_async(&mut connection)
            .await?;
        Ok((ok == 1).then(|| Duration::from_micros(left)))
    }

    /// Gives the lease back, due again after `delay`; false when it was no longer held.
    pub async fn release(&self, held: &Lease, delay: Duration) -> Result<bool, Error> {
        let mut connection = self.redis.connection();
        let released: u8 = redis::Script::new(include_str!("lua/watch_release.lua"))
            .key(self.tx_key(&held.provider, &held.id))
            .key(self.due_key(&held.provider))
            .arg(&held.id)
            .arg(held.token)
            .arg(micros(delay))
            .invoke_async(&mut connection)
            .await?;
        Ok(released == 1)
    }

    /// Records what a read observed, fenced by the lease: compare with the last state
    /// (the webhook rule, [`is_newer`]), set it and append the transition to the stream
    /// when newer, then reschedule after the interval or, once final, stop watching.
    pub async fn record(
        &self,
        held: &Lease,
        state: ObservedState,
        observed_at: OffsetDateTime,
    ) -> Result<Recorded, Error> {
        let script = redis::Script::new(include_str!("lua/watch_record.lua"));
        let mut last = held.last.clone();
        let mut version = held.version;
        // The state moved under us (a webhook recorded one): decide again, a few times.
        for _ in 0..8 {
            let newer = is_newer(last.as_ref(), &state);
            let transition = PolledTransition {
                provider: held.provider.clone(),
                id: held.id.clone(),
                status: state.clone(),
                previous: last.clone(),
                observed_at,
                stream_id: String::new(),
            };
            let mut connection = self.redis.connection();
            let reply: Vec<redis::Value> = script
                .key(self.tx_key(&held.provider, &held.id))
                .key(self.due_key(&held.provider))
                .key(self.stream_key())
                .arg(&held.id)
                .arg(held.token)
                .arg(version)
                .arg(u8::from(newer))
                .arg(encode_state(&state))
                .arg(u8::from(state.terminal))
                .arg(transition.stream_record())
                .arg(self.stream_max_len)
                .arg(millis(self.key_ttl))
                .arg(&held.provider)
                .arg(&held.id)
                .invoke_async(&mut connection)
                .await?;
            let outcome: String = reply
                .first()
                .and_then(|v| redis::FromRedisValue::from_redis_value(v.clone()).ok())
                .ok_or_else(unexpected)?;
            let finished = reply
                .get(1)
                .and_then(|v| redis::FromRedisValue::from_redis_value(v.clone()).ok())
                .is_some_and(|done: u8| done == 1);
            match outcome.as_str() {
                "fenced" => return Ok(Recorded::Fenced),
                "same" => return Ok(Recorded::Same { finished }),
                "added" => {
                    let stream_id: String = reply
                        .get(2)
                        .and_then(|v| redis::FromRedisValue::from_redis_value(v.clone()).ok())
                        .ok_or_else(unexpected)?;
                    return Ok(Recorded::Transition {
                        transition: PolledTransition {
                            stream_id,
                            ..transition
                        },
                        finished,
                    });
                }
                "retry" => {
                    let (text, now): (Option<String>, Option<u64>) = redis::cmd("HMGET")
                        .arg(self.tx_key(&held.provider, &held.id))
                        .arg(&["last", "version"])
                        .query_async(&mut connection)
                        .await?;
                    last = text.as_deref().and_then(decode_state);
                    version = now.unwrap_or(0);
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
