//! A client-side request rate, shared by every request of a client and its clones.

use std::{
    fmt,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use crate::clock::Clock;

/// At most `requests` requests per `per`, spaced evenly so no window of `per`
/// ever holds more than `requests` starts.
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

    fn spacing(&self) -> Duration {
        self.per / self.requests.max(1)
    }
}

/// Hands out start slots at the configured rate.
pub(crate) struct RateLimiter {
    limit: RateLimit,
    next: Mutex<Option<Instant>>,
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
            next: Mutex::new(None),
        })
    }

    /// Reserves the next slot and waits for it.
    pub(crate) async fn acquire(&self, clock: &dyn Clock) {
        let now = clock.now();
        let wait = match self.next.lock() {
            Ok(mut next) => {
                let slot = match *next {
                    Some(n) if n > now => n,
                    _ => now,
                };
                *next = Some(slot + self.limit.spacing());
                slot.saturating_duration_since(now)
            }
            Err(_) => Duration::ZERO,
        };
        if !wait.is_zero() {
            clock.sleep(wait).await;
        }
    }
}
