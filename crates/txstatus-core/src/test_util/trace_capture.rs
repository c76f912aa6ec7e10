//! A tracing subscriber that records everything, for tests that prove no secret
//! or personal value reaches a span or an event: every span (target, name,
//! fields), every value recorded on it later and every event (level, target,
//! name, fields), at every level and target, an error field with its whole
//! source chain (as a subscriber that prints sources would).

use std::sync::{
    Arc, Mutex,
    atomic::{AtomicU64, Ordering},
};

use tracing::{
    Event, Id, Metadata, Subscriber,
    field::{Field, Visit},
    span::{Attributes, Record},
};

/// Records every span and event as one line of text; clones share the lines.
#[derive(Clone, Debug, Default)]
pub struct TraceCapture {
    lines: Arc<Mutex<Vec<String>>>,
    next: Arc<AtomicU64>,
}

impl TraceCapture {
    /// Every line recorded so far, in order.
    pub fn lines(&self) -> Vec<String> {
        self.lines
            .lock()
            .map(|lines| lines.clone())
            .unwrap_or_default()
    }

    /// The lines joined by newlines.
    pub fn text(&self) -> String {
        self.lines().join("\n")
    }

    fn push(&self, line: String) {
        if let Ok(mut lines) = self.lines.lock() {
            lines.push(line);
        }
    }
}

struct Text<'a>(&'a mut String);

impl Visit for Text<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push_str(&format!(" {}={value}", field.name()));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={value:?}", field.name()));
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        self.0
            .push_str(&format!(" {}={value} / {value:?}", field.name()));
        let mut source = value.source();
        while let Some(inner) = source {
            self.0.push_str(&format!(" <- {inner} / {inner:?}"));
            source = inner.source();
        }
    }
}

impl Subscriber for TraceCapture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let meta = span.metadata();
        let mut line = format!("span {} {}", meta.target(), meta.name());
        span.record(&mut Text(&mut line));
        self.push(line);
        Id::from_u64(self.next.fetch_add(1, Ordering::SeqCst).saturating_add(1))
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut line = "record".to_owned();
        values.record(&mut Text(&mut line));
        self.push(line);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let meta = event.metadata();
        let mut line = format!("event {} {} {}", meta.level(), meta.target(), meta.name());
        event.record(&mut Text(&mut line));
        self.push(line);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

/// Sets `subscriber` as this thread's default for the guard's life, so that it
/// receives every span and event this thread makes, whichever thread reached
/// each callsite first.
///
/// Why not `tracing::subscriber::set_default` alone: tracing-core caches one
/// interest per callsite, and while exactly one dispatcher is registered in the
/// process it works a callsite's interest out from the default of the thread
/// that reaches it first. A parallel test's thread (no subscriber) then caches
/// the callsite as never wanted, and this subscriber records nothing from it
/// (a capture test failed so about once in four runs). A second dispatcher kept
/// for the whole process makes every interest ask all registered dispatchers.
pub fn set_test_subscriber<S>(subscriber: S) -> tracing::subscriber::DefaultGuard
where
    S: Subscriber + Send + Sync + 'static,
{
    static ANOTHER: std::sync::OnceLock<tracing::Dispatch> = std::sync::OnceLock::new();
    ANOTHER.get_or_init(|| tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default()));
    let guard = tracing::subscriber::set_default(subscriber);
    // Callsites cached before the second dispatcher existed.
    tracing::callsite::rebuild_interest_cache();
    guard
}
