//! Request, connection and request-rate counters.
//!
//! Connections are counted twice: every accepted TCP connection counts in
//! [`Stats::connections`], and the first request on a connection whose path falls under a
//! provider's prefix attributes the connection to that provider
//! ([`ProviderStats::connections`]). A connection whose requests never match a prefix
//! counts only in the total.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::Provider;

/// A snapshot of one provider's counters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProviderStats {
    /// Requests under the provider's prefix, whatever their answer (rejected ones too).
    pub requests: u64,
    /// Connections whose first provider request went to this provider.
    pub connections: u64,
    /// The most requests seen within any one-second window (sliding).
    pub peak_requests_per_second: u64,
}

/// A snapshot of the sandbox's counters, from [`Sandbox::stats`](crate::Sandbox::stats).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stats {
    /// Accepted TCP connections.
    pub connections: u64,
    /// Requests whose path is under no provider's prefix.
    pub unmatched_requests: u64,
    /// Persona.
    pub persona: ProviderStats,
    /// CM.com ID Scan.
    pub cm_idscan: ProviderStats,
    /// CM.com iDIN.
    pub cm_idin: ProviderStats,
    /// CM.com Payments Checkout.
    pub cm_checkout: ProviderStats,
    /// OneSpan.
    pub onespan: ProviderStats,
}

impl Stats {
    /// The counters of one provider.
    pub fn provider(&self, provider: Provider) -> &ProviderStats {
        match provider {
            Provider::Persona => &self.persona,
            Provider::CmIdScan => &self.cm_idscan,
            Provider::CmIdin => &self.cm_idin,
            Provider::CmCheckout => &self.cm_checkout,
            Provider::OneSpan => &self.onespan,
        }
    }

    /// Requests to all providers plus unmatched ones.
    pub fn total_requests(&self) -> u64 {
        Provider::ALL
            .into_iter()
            .map(|p| self.provider(p).requests)
            .fold(self.unmatched_requests, u64::saturating_add)
    }
}

/// Request times of the last second, and the most ever held at once.
#[derive(Debug, Default)]
struct RateWindow {
    times: VecDeque<Instant>,
    peak: u64,
}

impl RateWindow {
    const WIDTH: Duration = Duration::from_secs(1);

    fn record(&mut self, now: Instant) {
        while self
            .times
            .front()
            .is_some_and(|&t| now.saturating_duration_since(t) >= Self::WIDTH)
        {
            self.times.pop_front();
        }
        self.times.push_back(now);
        self.peak = self.peak.max(self.times.len() as u64);
    }
}

#[derive(Debug, Default)]
struct ProviderCounters {
    requests: AtomicU64,
    connections: AtomicU64,
    rate: Mutex<RateWindow>,
}

impl ProviderCounters {
    fn snapshot(&self) -> ProviderStats {
        ProviderStats {
            requests: self.requests.load(Ordering::Relaxed),
            connections: self.connections.load(Ordering::Relaxed),
            peak_requests_per_second: self
                .rate
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .peak,
        }
    }

    fn reset(&self) {
        self.requests.store(0, Ordering::Relaxed);
        self.connections.store(0, Ordering::Relaxed);
        *self.rate.lock().unwrap_or_else(PoisonError::into_inner) = RateWindow::default();
    }
}

/// The live counters of one sandbox instance.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    connections: AtomicU64,
    unmatched: AtomicU64,
    persona: ProviderCounters,
    cm_idscan: ProviderCounters,
    cm_idin: ProviderCounters,
    cm_checkout: ProviderCounters,
    onespan: ProviderCounters,
}

impl Counters {
    fn slot(&self, provider: Provider) -> &ProviderCounters {
        match provider {
            Provider::Persona => &self.persona,
            Provider::CmIdScan => &self.cm_idscan,
            Provider::CmIdin => &self.cm_idin,
            Provider::CmCheckout => &self.cm_checkout,
            Provider::OneSpan => &self.onespan,
        }
    }

    pub(crate) fn connection_accepted(&self) {
        self.connections.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn connection_attributed(&self, provider: Provider) {
        self.slot(provider)
            .connections
            .fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn request(&self, provider: Option<Provider>, now: Instant) {
        match provider {
            Some(provider) => {
                let slot = self.slot(provider);
                slot.requests.fetch_add(1, Ordering::Relaxed);
                slot.rate
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .record(now);
            }
            None => {
                self.unmatched.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    pub(crate) fn snapshot(&self) -> Stats {
        Stats {
            connections: self.connections.load(Ordering::Relaxed),
            unmatched_requests: self.unmatched.load(Ordering::Relaxed),
            persona: self.persona.snapshot(),
            cm_idscan: self.cm_idscan.snapshot(),
            cm_idin: self.cm_idin.snapshot(),
            cm_checkout: self.cm_checkout.snapshot(),
            onespan: self.onespan.snapshot(),
        }
    }

    pub(crate) fn reset(&self) {
        self.connections.store(0, Ordering::Relaxed);
        self.unmatched.store(0, Ordering::Relaxed);
        for provider in Provider::ALL {
            self.slot(provider).reset();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Counters, RateWindow};
    use crate::Provider;
    use std::time::{Duration, Instant};

    #[test]
    fn the_rate_window_keeps_the_busiest_second() {
        let start = Instant::now();
        let mut window = RateWindow::default();
        for ms in [0, 100, 200, 900, 1_150, 1_200, 2_500] {
            window.record(start + Duration::from_millis(ms));
        }
        // 0..1000 holds 4; 200..1200 holds 4 (200, 900, 1150, 1200); never 5.
        assert_eq!(window.peak, 4);
    }

    #[test]
    fn requests_count_per_provider() {
        let counters = Counters::default();
        let now = Instant::now();
        counters.request(Some(Provider::CmIdin), now);
        counters.request(Some(Provider::CmIdin), now);
        counters.request(None, now);
        let stats = counters.snapshot();
        assert_eq!(stats.cm_idin.requests, 2);
        assert_eq!(stats.cm_idin.peak_requests_per_second, 2);
        assert_eq!(stats.unmatched_requests, 1);
        assert_eq!(stats.total_requests(), 3);
    }
}
