//! Bounds on what unauthenticated hints can cost: a fixed window of re-reads per
//! source and one for all sources together, so a forger causes at most a
//! bounded number of extra reads per window.
//!
//! A source is an IPv4 address, or an IPv6 /64 network: one host is handed a
//! whole /64, so counting its addresses one by one would let it take the whole
//! window (and every genuine hint's read) by changing address per hint. An
//! IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) is the IPv4 address it maps.

use std::{
    collections::HashMap,
    net::IpAddr,
    sync::Mutex,
    time::{Duration, Instant},
};

/// Hint re-read limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HintLimits {
    /// Window length, at least [`MIN_HINT_WINDOW`] (a shorter one is taken as
    /// that): a zero window would start afresh before every hint and limit
    /// nothing.
    pub window: Duration,
    /// Re-reads per source per window (an IPv4 address, or an IPv6 /64
    /// network).
    pub per_source: u32,
    /// Re-reads for all sources together per window.
    pub total: u32,
}

impl Default for HintLimits {
    fn default() -> Self {
        Self {
            window: Duration::from_secs(60),
            per_source: 30,
            total: 300,
        }
    }
}

/// The shortest hint window: one second.
pub const MIN_HINT_WINDOW: Duration = Duration::from_secs(1);

#[derive(Debug)]
pub(crate) struct HintLimiter {
    limits: HintLimits,
    state: Mutex<Window>,
}

#[derive(Debug)]
struct Window {
    started: Option<Instant>,
    total: u32,
    /// `None` keys hints with no known source.
    per_source: HashMap<Option<IpAddr>, u32>,
}

/// The source a hint is counted under: an IPv4 address as itself (mapped or
/// not), an IPv6 address as its /64 network.
fn source_key(source: IpAddr) -> IpAddr {
    match source.to_canonical() {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => {
            let [a, b, c, d, ..] = v6.segments();
            IpAddr::V6(std::net::Ipv6Addr::new(a, b, c, d, 0, 0, 0, 0))
        }
    }
}

impl HintLimiter {
    pub(crate) fn new(limits: HintLimits) -> Self {
        let limits = HintLimits {
            window: limits.window.max(MIN_HINT_WINDOW),
            ..limits
        };
        Self {
            limits,
            state: Mutex::new(Window {
                started: None,
                total: 0,
                per_source: HashMap::new(),
            }),
        }
    }

    /// Takes one re-read for `source` at `now`, if the limits allow.
    pub(crate) fn try_take(&self, source: Option<IpAddr>, now: Instant) -> bool {
        let Ok(mut window) = self.state.lock() else {
            return false;
        };
        let expired = window
            .started
            .is_none_or(|started| now.saturating_duration_since(started) >= self.limits.window);
        if expired {
            window.started = Some(now);
            window.total = 0;
            window.per_source.clear();
        }
        if window.total >= self.limits.total {
            return false;
        }
        // Looked up before anything is kept: a refused hint leaves no entry, so
        // the map holds at most `total` sources per window, whatever the limits.
        let key = source.map(source_key);
        let used = window.per_source.get(&key).copied().unwrap_or(0);
        if used >= self.limits.per_source {
            return false;
        }
        window.per_source.insert(key, used.saturating_add(1));
        window.total = window.total.saturating_add(1);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_source_and_all_sources_are_capped_per_window() {
        let limiter = HintLimiter::new(HintLimits {
            window: Duration::from_secs(60),
            per_source: 2,
            total: 3,
        });
        let a = Some(IpAddr::from([192, 0, 2, 1]));
        let b = Some(IpAddr::from([192, 0, 2, 2]));
        let now = Instant::now();
        assert!(limiter.try_take(a, now));
        assert!(limiter.try_take(a, now));
        assert!(!limiter.try_take(a, now));
        assert!(limiter.try_take(b, now));
        assert!(!limiter.try_take(b, now));
        let later = now + Duration::from_secs(60);
        assert!(limiter.try_take(a, later));
    }

    /// Nineteenth outside audit: with no reads per source (`per_source: 0`), a
    /// flood from distinct IPv6 /64 networks is refused and leaves no entry
    /// behind; a refused hint never grows the window's memory.
    #[test]
    fn a_refused_hint_leaves_no_source_behind() {
        let limiter = HintLimiter::new(HintLimits {
            window: Duration::from_secs(60),
            per_source: 0,
            total: 10,
        });
        let now = Instant::now();
        for network in 0..1000u16 {
            let source = IpAddr::V6(std::net::Ipv6Addr::new(
                0x2001, 0xdb8, network, 0, 0, 0, 0, 1,
            ));
            assert!(!limiter.try_take(Some(source), now));
        }
        assert!(!limiter.try_take(None, now));
        assert_eq!(limiter.state.lock().unwrap().per_source.len(), 0);
    }
}
