//! A client-side request rate, shared by every request of a client and its clones.
//!
//! Hand-written: it must sleep on the injectable [`Clock`] (tests run in
//! milliseconds) and sit behind the [`RateLimiter`] trait the Redis budget also
//! implements; `governor` and friends bring their own clock and many crates.

use std::{
    collections::VecDeque,
    fmt,
    sync::Mutex,
    time::{Duration, Instant},
};

use crate::{BoxFuture, clock::Clock};

/// The least headroom a window gets over its interval. Measured (BENCHMARKS.md,
/// polling): with 1% alone (10 ms of a second), 10,000 iDIN transactions watched at
/// 500 requests per second put up to 537 requests into one second at the sandbox,
/// because slots granted on time left late on the loaded two-core machine.
pub const MIN_HEADROOM: Duration = Duration::from_millis(50);

/// At most `requests` requests per `per`, counted over a sliding window longer than
/// `per` by [`MIN_HEADROOM`] or 1%, whichever is more, at the moments requests are
/// let go, so late wake-ups and network jitter do not push a window of `per` at the
/// provider over the limit.
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

    /// Why this limit cannot be used, if it cannot: no requests at all, or a zero
    /// interval (neither limits anything a caller could mean). Client builders
    /// refuse such a limit.
    pub fn problem(&self) -> Option<&'static str> {
        if self.requests == 0 {
            Some("a rate limit of 0 requests would let no request through")
        } else if self.per.is_zero() {
            Some("a rate limit over a zero interval limits nothing")
        } else {
            None
        }
    }

    /// The window starts are counted over: `per` plus [`MIN_HEADROOM`] or 1% of
    /// `per`, whichever is longer.
    pub fn window(&self) -> Duration {
        let one_percent = self.per.checked_div(100).unwrap_or_default();
        self.per.saturating_add(one_percent.max(MIN_HEADROOM))
    }
}

/// A client-side rate limit, shared by every request of a client and its clones.
///
/// Object-safe so a limit shared between processes (a Redis-backed window, say)
/// can replace the in-process [`SlidingWindow`]; hand one to a client builder with
/// [`ClientOptions::rate_limiter`](crate::ClientOptions::rate_limiter).
/// [`acquire`](Self::acquire) returns a [`BoxFuture`]; implementations write
/// `Box::pin(async move { .. })`.
pub trait RateLimiter: Send + Sync + fmt::Debug {
    /// Waits until one more request may start and records its start. When the
    /// wait would be longer than `max_wait` (the time left before the request's
    /// deadline), returns `Err` with that wait at once, recording nothing: the
    /// request then fails with a local rate-limit error instead of overrunning.
    fn acquire<'a>(
        &'a self,
        clock: &'a dyn Clock,
        max_wait: Duration,
    ) -> BoxFuture<'a, Result<(), Duration>>;

    /// Records a start and returns `true` when one may start now without
    /// waiting; `false` means nothing was recorded and [`acquire`](Self::acquire)
    /// decides. The call path tries this first so a limit with room costs no
    /// boxed future; the default always defers to `acquire`.
    fn try_acquire(&self, _clock: &dyn Clock) -> bool {
        false
    }
}

/// The in-process limiter: lets a request go when fewer than `requests` started
/// in the last [`RateLimit::window`].
///
/// A limit of 0 requests lets none go (the builders refuse it, but a window
/// built directly is handed over unchecked): [`acquire`](RateLimiter::acquire)
/// fails at once with a wait of `Duration::MAX`, as it does whenever the next
/// slot would never open (one request per `Duration::MAX`), so the call fails
/// with a local rate-limit error and nothing is sent, whatever the deadline.
///
/// It keeps the start of every request let go within the window, up to
/// `requests` of them: memory grows with the limit, so a limit as large as
/// `u32::MAX` over a window as long as `Duration::MAX` keeps every start.
pub struct SlidingWindow {
    limit: RateLimit,
    starts: Mutex<VecDeque<Instant>>,
}

impl fmt::Debug for SlidingWindow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SlidingWindow")
            .field("limit", &self.limit)
            .finish()
    }
}

impl SlidingWindow {
    /// A window for `limit`, to share between clients with `Arc`.
    pub fn new(limit: RateLimit) -> Self {
        Self {
            limit,
            starts: Mutex::new(VecDeque::new()),
        }
    }
}

impl SlidingWindow {
    /// Under the lock: drops starts older than the window, then records `now`
    /// when there is room (`Ok`), else returns the wait until the oldest leaves.
    fn take_slot(&self, now: Instant) -> Result<(), Duration> {
        if self.limit.requests == 0 {
            // Fewer than none never started: no slot ever opens.
            return Err(Duration::MAX);
        }
        let window = self.limit.window();
        let capacity = usize::try_from(self.limit.requests).unwrap_or(usize::MAX);
        // A lock poisoned by a panic elsewhere still holds the starts: keep
        // counting them (granting a slot instead would lift the budget).
        let mut starts = self
            .starts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        while starts
            .front()
            .is_some_and(|start| now.saturating_duration_since(*start) >= window)
        {
            starts.pop_front();
        }
        if starts.len() < capacity {
            starts.push_back(now);
            return Ok(());
        }
        Err(match starts.front() {
            Some(oldest) => oldest
                .checked_add(window)
                .map_or(Duration::MAX, |free| free.saturating_duration_since(now)),
            None => Duration::ZERO,
        })
    }
}

impl RateLimiter for SlidingWindow {
    fn try_acquire(&self, clock: &dyn Clock) -> bool {
        self.take_slot(clock.now()).is_ok()
    }

    fn acquire<'a>(
        &'a self,
        clock: &'a dyn Clock,
        max_wait: Duration,
    ) -> BoxFuture<'a, Result<(), Duration>> {
        Box::pin(async move {
            let end = clock.now().checked_add(max_wait);
            loop {
                let Err(wait) = self.take_slot(clock.now()) else {
                    return Ok(());
                };
                if wait == Duration::MAX {
                    // The slot never opens: waiting would never end.
                    return Err(wait);
                }
                let wait = wait.max(Duration::from_millis(1));
                if let Some(end) = end
                    && now_plus(clock, wait).is_none_or(|ready| ready > end)
                {
                    return Err(wait);
                }
                clock.sleep(wait).await;
            }
        })
    }
}

fn now_plus(clock: &dyn Clock, wait: Duration) -> Option<Instant> {
    clock.now().checked_add(wait)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::clock::ManualClock;

    #[test]
    fn a_lock_poisoned_elsewhere_still_counts_the_starts_it_holds() {
        let window = Arc::new(SlidingWindow::new(RateLimit::new(
            1,
            Duration::from_secs(60),
        )));
        let now = Instant::now();
        assert_eq!(window.take_slot(now), Ok(()));
        let poisoner = Arc::clone(&window);
        let panicked = std::thread::spawn(move || {
            let _held = poisoner.starts.lock();
            std::panic::resume_unwind(Box::new("poison the lock"));
        })
        .join();
        assert!(panicked.is_err() && window.starts.is_poisoned());
        // The one request of the minute is taken: the next waits, poisoned or not.
        assert!(window.take_slot(now).is_err());
    }

    // One thread: a task reads the manual clock in the same poll that its
    // acquire completes, so no other task's sleep moves the clock in between (on
    // two threads one could, and the recorded start would be late: a flaky test).
    #[tokio::test(flavor = "current_thread")]
    async fn concurrent_requests_never_exceed_the_limit_in_any_window() {
        let clock = Arc::new(ManualClock::new());
        let limit = RateLimit::new(5, Duration::from_secs(1));
        let limiter = Arc::new(SlidingWindow::new(limit));
        let mut tasks = Vec::new();
        for _ in 0..40 {
            let (clock, limiter) = (clock.clone(), limiter.clone());
            tasks.push(tokio::spawn(async move {
                limiter
                    .acquire(clock.as_ref(), Duration::MAX)
                    .await
                    .unwrap();
                clock.now()
            }));
        }
        let mut starts = Vec::new();
        for task in tasks {
            starts.push(task.await.unwrap());
        }
        starts.sort();
        // Any window of `per` holds at most `requests` starts.
        for (i, start) in starts.iter().enumerate() {
            let in_window = starts[i..]
                .iter()
                .take_while(|s| **s - *start < limit.per)
                .count();
            assert!(in_window <= 5);
        }
    }

    #[test]
    fn the_window_adds_at_least_fifty_milliseconds_or_one_percent() {
        assert_eq!(
            RateLimit::new(500, Duration::from_secs(1)).window(),
            Duration::from_millis(1050)
        );
        assert_eq!(
            RateLimit::per_minute(300).window(),
            Duration::from_millis(60_600)
        );
        assert_eq!(RateLimit::new(1, Duration::MAX).window(), Duration::MAX);
    }

    #[tokio::test]
    async fn try_acquire_takes_a_free_slot_and_records_nothing_when_full() {
        let clock = ManualClock::new();
        let limiter = SlidingWindow::new(RateLimit::new(2, Duration::from_secs(10)));
        assert!(limiter.try_acquire(&clock));
        assert!(limiter.try_acquire(&clock));
        assert!(!limiter.try_acquire(&clock));
        // The refusal recorded nothing: once the window passes, both slots are free.
        clock.advance(Duration::from_secs(11));
        assert!(limiter.try_acquire(&clock));
        assert!(limiter.try_acquire(&clock));
        assert!(!limiter.try_acquire(&clock));
        // `acquire` sees the same window.
        let wait = limiter
            .acquire(&clock, Duration::from_secs(1))
            .await
            .unwrap_err();
        assert!(wait > Duration::from_secs(9), "{wait:?}");
    }

    #[tokio::test]
    async fn a_wait_past_the_end_returns_at_once_with_the_wait() {
        let clock = ManualClock::new();
        let limiter = SlidingWindow::new(RateLimit::new(1, Duration::from_secs(30)));
        limiter
            .acquire(&clock, Duration::from_secs(1))
            .await
            .unwrap();
        let wait = limiter
            .acquire(&clock, Duration::from_secs(1))
            .await
            .unwrap_err();
        assert!(wait > Duration::from_secs(29), "{wait:?}");
        assert!(clock.sleeps().is_empty(), "{:?}", clock.sleeps());
    }
}
