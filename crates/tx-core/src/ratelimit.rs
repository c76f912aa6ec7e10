//! A client-side request rate, shared by every request of a client and its clones.

use std::{
    fmt,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use crate::clock::Clock;

/// At most `requests` requests per `per`: starts are spaced evenly, at least
/// `per / requests` apart plus 1% headroom, measured between the moments requests
/// are actually let go (not when they were scheduled), so late wake-ups cannot
/// bunch requests and network jitter cannot push a window over the limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed per interval.
    pub requests: u32,
    /// The interval.
    pub per: Duration,
}

impl RateLimit {
    /// `requests` per `per`.
    pub fn new(requests: u32, per: Duration) -> Self {
        Self { requests, per }
    }

    /// `requests` per minute (Persona publishes 300).
    pub fn per_minute(requests: u32) -> Self {
        Self::new(requests, Duration::from_secs(60))
    }

    /// The least time between two starts.
    pub fn spacing(&self) -> Duration {
        let even = self.per / self.requests.max(1);
        even + even / 100
    }
}

/// Lets requests go one `spacing` apart.
pub(crate) struct RateLimiter {
    limit: RateLimit,
    last_start: Mutex<Option<Instant>>,
}

impl fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RateLimiter")
            .field("limit", &self.limit)
            .finish()
    }
}

impl RateLimiter {
    pub(crate) fn new(limit: RateLimit) -> Arc<Self> {
        Arc::new(Self {
            limit,
            last_start: Mutex::new(None),
        })
    }

    /// Waits until this request may start, then records its start.
    pub(crate) async fn acquire(&self, clock: &dyn Clock) {
        let spacing = self.limit.spacing();
        loop {
            let wait = {
                let Ok(mut last) = self.last_start.lock() else {
                    return;
                };
                let now = clock.now();
                match *last {
                    Some(previous) if previous + spacing > now => {
                        (previous + spacing).saturating_duration_since(now)
                    }
                    _ => {
                        *last = Some(now);
                        return;
                    }
                }
            };
            clock.sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::clock::ManualClock;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_requests_start_at_least_one_spacing_apart() {
        let clock = Arc::new(ManualClock::new());
        let limit = RateLimit::new(5, Duration::from_secs(1));
        let limiter = RateLimiter::new(limit);
        let mut tasks = Vec::new();
        for _ in 0..40 {
            let (clock, limiter) = (clock.clone(), limiter.clone());
            tasks.push(tokio::spawn(async move {
                limiter.acquire(clock.as_ref()).await;
                clock.now()
            }));
        }
        let mut starts = Vec::new();
        for task in tasks {
            starts.push(task.await.unwrap());
        }
        starts.sort();
        for pair in starts.windows(2) {
            assert!(
                pair[1] - pair[0] >= limit.spacing(),
                "{:?}",
                pair[1] - pair[0]
            );
        }
        // Any window of `per` holds at most `requests` starts.
        for (i, start) in starts.iter().enumerate() {
            let in_window = starts[i..]
                .iter()
                .take_while(|s| **s - *start < limit.per)
                .count();
            assert!(in_window <= 5);
        }
    }
}
