//! A subscriber that listens to everything and keeps nothing but counts: what the
//! SDK's instrumentation costs when someone listens, without an exporter's own cost.

use std::sync::atomic::{AtomicU64, Ordering};

use tracing::{Event, Metadata, Subscriber, span};

/// Enables every span and event, numbers spans, and counts what it was given.
#[derive(Debug, Default)]
pub struct Counting {
    next_id: AtomicU64,
    records: AtomicU64,
    events: AtomicU64,
}

impl Subscriber for Counting {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, _: &span::Attributes<'_>) -> span::Id {
        // Ids must be non-zero.
        let id = self
            .next_id
            .fetch_add(1, Ordering::Relaxed)
            .saturating_add(1);
        span::Id::from_u64(id)
    }

    fn record(&self, _: &span::Id, _: &span::Record<'_>) {
        self.records.fetch_add(1, Ordering::Relaxed);
    }

    fn record_follows_from(&self, _: &span::Id, _: &span::Id) {}

    fn event(&self, _: &Event<'_>) {
        self.events.fetch_add(1, Ordering::Relaxed);
    }

    fn enter(&self, _: &span::Id) {}

    fn exit(&self, _: &span::Id) {}
}
