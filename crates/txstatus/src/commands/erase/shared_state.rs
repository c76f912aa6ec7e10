//! `erase` with `TXSTATUS_REDIS_URL` set: what Redis holds about the ids goes too (the
//! watch state with its last status, schedule entries and leases; transition stream
//! entries only with `TXSTATUS_REDIS_ERASE_STREAM=1`), and stderr says what stays.

use txstatus_redis::{Redis, WatchQueue};

use crate::{env, failure::Failure};

/// Set to `1` to let erasure also delete the ids' transition stream entries.
pub const ERASE_STREAM_ENV: &str = "TXSTATUS_REDIS_ERASE_STREAM";

/// Whether `TXSTATUS_REDIS_ERASE_STREAM` is `1` (Redis configured); read before
/// anything is sent, so a value that is not UTF-8 is a usage error while nothing
/// has changed.
pub fn stream_erasure_allowed() -> Result<bool, Failure> {
    if !crate::shared::redis_configured() {
        return Ok(false);
    }
    Ok(env::optional(ERASE_STREAM_ENV)?.is_some_and(|v| v.trim() == "1"))
}

/// Erases the shared state of each id of `provider` (their stream entries too when
/// `allow_stream`); a summary on stderr.
pub async fn erase(
    redis: &Redis,
    provider: &str,
    ids: &[String],
    allow_stream: bool,
) -> Result<(), Failure> {
    let queue = WatchQueue::new(redis).allow_stream_erasure(allow_stream);
    let mut removed = 0_u64;
    let mut stream_entries = 0_u64;
    let mut not_removed = Vec::new();
    for id in ids {
        let erased = queue.erase(provider, id).await.map_err(|e| {
            Failure::failed(format!(
                "erase {provider}: the shared state on Redis could not be erased: {e}"
            ))
        })?;
        removed = removed.saturating_add(erased.removed);
        stream_entries = stream_entries.saturating_add(erased.stream_entries);
        not_removed = erased.not_removed;
    }
    note!(
        "txstatus: redis: erased the shared state of {} id(s) ({removed} key(s) and schedule entries, {stream_entries} stream entries); not removed: {}",
        ids.len(),
        not_removed.join("; ")
    );
    Ok(())
}
