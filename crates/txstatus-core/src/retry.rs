//! Which requests are retried, how often, and how long to wait between attempts.

use std::{
    sync::atomic::{AtomicU64, Ordering},
    time::{Duration, SystemTime, UNIX_EPOCH},
};

/// How a request may be repeated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryClass {
    /// Reads: retried on connect errors, timeouts, 429, 500, 502, 503, 504.
    Idempotent,
    /// Requests that create something: retried only when nothing was sent.
    NeverResend,
    /// Reads whose success is handed out once (iDIN status): retried like
    /// [`RetryClass::Idempotent`] until a success status line arrives, never after.
    KeepFirstSuccess,
}

/// Attempts and backoff for retried requests.
///
/// Which requests are retried at all is the request's [`RetryClass`], never the
/// policy: a policy only says how often and how long to wait.
///
/// ```
/// use std::time::Duration;
/// use txstatus_core::{RetryPolicy, Transport};
///
/// let patient = RetryPolicy {
///     max_attempts: 5,
///     max_backoff: Duration::from_secs(10),
///     // A provider asking for more than 30 s gets a rate-limited error at once.
///     max_retry_after: Duration::from_secs(30),
///     ..RetryPolicy::default()
/// };
/// assert!(patient.backoff(3) <= Duration::from_secs(2)); // full jitter under 500 ms * 2^2
/// let transport = Transport::builder().retry_policy(patient).build()?;
/// let _never_retry = Transport::builder().retry_policy(RetryPolicy::none()).build()?;
/// # drop(transport);
/// # Ok::<(), txstatus_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct RetryPolicy {
    /// Total attempts, the first included (default 3).
    pub max_attempts: u32,
    /// First backoff ceiling (default 500 ms).
    pub initial_backoff: Duration,
    /// Largest backoff ceiling (default 5 s).
    pub max_backoff: Duration,
    /// Longest `Retry-After` honoured by waiting (default 60 s); longer returns a
    /// rate-limited error at once.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Full-jitter exponential backoff before attempt `attempt + 1` (`attempt` >= 1):
    /// uniform in `[0, min(max, initial * 2^(attempt-1))]`.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exponent = attempt.saturating_sub(1).min(20);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1u32 << exponent)
            .min(self.max_backoff);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        if nanos == 0 {
            return Duration::ZERO;
        }
        Duration::from_nanos(
            next_random()
                .checked_rem(nanos.saturating_add(1))
                .unwrap_or(0),
        )
    }
}

static STATE: AtomicU64 = AtomicU64::new(0);

/// splitmix64 over a shared counter seeded from the clock: jitter needs spread,
/// not secrecy.
fn next_random() -> u64 {
    const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;
    if STATE.load(Ordering::Relaxed) == 0 {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(GOLDEN);
        let _ = STATE.compare_exchange(0, now | 1, Ordering::Relaxed, Ordering::Relaxed);
    }
    let mut z = STATE
        .fetch_add(GOLDEN, Ordering::Relaxed)
        .wrapping_add(GOLDEN);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_stays_under_the_exponential_ceiling() {
        let policy = RetryPolicy::default();
        for _ in 0..1000 {
            assert!(policy.backoff(1) <= Duration::from_millis(500));
            assert!(policy.backoff(2) <= Duration::from_secs(1));
            assert!(policy.backoff(10) <= Duration::from_secs(5));
        }
    }

    #[test]
    fn backoff_is_jittered() {
        let policy = RetryPolicy::default();
        let samples: std::collections::HashSet<_> = (0..50).map(|_| policy.backoff(3)).collect();
        assert!(samples.len() > 10);
    }
}
