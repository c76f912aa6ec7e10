//! Time as the retry, deadline, token and polling rules see it; injectable for tests.

use std::{
    fmt,
    future::Future,
    pin::Pin,
    sync::{Arc, Mutex},
    time::{Duration, Instant, SystemTime},
};

/// A boxed sleep.
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Monotonic time, wall time and sleeping.
pub trait Clock: Send + Sync + fmt::Debug {
    /// Monotonic now.
    fn now(&self) -> Instant;
    /// Wall-clock now (for token lifetimes such as JWT `iat`).
    fn system_now(&self) -> SystemTime;
    /// Waits `duration`.
    fn sleep(&self, duration: Duration) -> Sleep;
}

/// The real clock (tokio sleeps).
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn system_now(&self) -> SystemTime {
        SystemTime::now()
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// A clock whose sleeps return at once and move its time forward, so tests of
/// backoff, `Retry-After` and deadlines run in milliseconds against real sockets.
#[derive(Clone, Debug)]
pub struct ManualClock {
    state: Arc<Mutex<ManualState>>,
}

#[derive(Debug)]
struct ManualState {
    start: Instant,
    system_start: SystemTime,
    offset: Duration,
    slept: Vec<Duration>,
}

impl ManualClock {
    /// A clock starting now.
    pub fn new() -> Self {
        Self {
            state: Arc::new(Mutex::new(ManualState {
                start: Instant::now(),
                system_start: SystemTime::now(),
                offset: Duration::ZERO,
                slept: Vec::new(),
            })),
        }
    }

    /// A clock whose wall time starts at `system_start` (fixed JWT `iat` in tests).
    pub fn starting_at(system_start: SystemTime) -> Self {
        let clock = Self::new();
        if let Ok(mut state) = clock.state.lock() {
            state.system_start = system_start;
        }
        clock
    }

    /// Moves time forward without sleeping.
    pub fn advance(&self, by: Duration) {
        if let Ok(mut state) = self.state.lock() {
            state.offset = state.offset.saturating_add(by);
        }
    }

    /// Every sleep requested so far.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.state
            .lock()
            .map(|s| s.slept.clone())
            .unwrap_or_default()
    }

    /// Time passed since the clock was made.
    pub fn elapsed(&self) -> Duration {
        self.state.lock().map(|s| s.offset).unwrap_or_default()
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        self.state
            .lock()
            .ok()
            .and_then(|s| s.start.checked_add(s.offset))
            .unwrap_or_else(Instant::now)
    }

    fn system_now(&self) -> SystemTime {
        self.state
            .lock()
            .ok()
            .and_then(|s| s.system_start.checked_add(s.offset))
            .unwrap_or_else(SystemTime::now)
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        if let Ok(mut state) = self.state.lock() {
            state.offset = state.offset.saturating_add(duration);
            state.slept.push(duration);
        }
        Box::pin(std::future::ready(()))
    }
}
