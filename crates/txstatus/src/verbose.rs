//! `-v`: the request trace on stderr, from the clients' `tracing` spans.
//!
//! A few dozen lines instead of a subscriber crate: one line per closed span
//! (one per request attempt) and one per event, fields escaped, and fields whose
//! names suggest a body, a secret or a full URL left out whatever a library puts
//! in them.

use std::{
    collections::HashMap,
    fmt::{self, Write as _},
    sync::{
        Mutex,
        atomic::{AtomicU64, Ordering},
    },
};

use tracing::{
    Event, Level, Metadata, Subscriber,
    field::{Field, Visit},
    span::{Attributes, Id, Record},
};

use crate::text::escape;

/// Field names never printed, whatever their value.
const HIDDEN: &[&str] = &[
    "body",
    "token",
    "secret",
    "authorization",
    "cookie",
    "query",
    "url.full",
    "password",
    "header",
];

/// Crates whose spans and events make the trace.
const TARGETS: &[&str] = &["txstatus", "persona_tx", "cm_", "onespan_tx"];

#[derive(Default)]
struct Fields(String);

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.push(field, value);
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.push(field, &format!("{value:?}"));
    }
}

impl Fields {
    fn push(&mut self, field: &Field, value: &str) {
        let name = field.name();
        if HIDDEN.iter().any(|hidden| name.contains(hidden)) {
            return;
        }
        let _ = write!(self.0, " {name}={}", escape(value));
    }
}

struct Open {
    name: &'static str,
    fields: Fields,
    handles: usize,
}

/// The subscriber.
#[derive(Default)]
pub struct Trace {
    next: AtomicU64,
    spans: Mutex<HashMap<u64, Open>>,
}

/// Installs the trace for the whole process.
pub fn install() {
    let _ = tracing::subscriber::set_global_default(Trace::default());
}

impl Subscriber for Trace {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        *metadata.level() <= Level::DEBUG
            && TARGETS
                .iter()
                .any(|target| metadata.target().starts_with(target))
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let id = self.next.fetch_add(1, Ordering::Relaxed).saturating_add(1);
        let mut fields = Fields::default();
        span.record(&mut fields);
        if let Ok(mut spans) = self.spans.lock() {
            spans.insert(
                id,
                Open {
                    name: span.metadata().name(),
                    fields,
                    handles: 1,
                },
            );
        }
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        if let Ok(mut spans) = self.spans.lock()
            && let Some(open) = spans.get_mut(&span.into_u64())
        {
            values.record(&mut open.fields);
        }
    }

    fn record_follows_from(&self, _span: &Id, _follows: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields::default();
        event.record(&mut fields);
        // The target (`txstatus_core::service`), not the event's name: that is
        // `event <source file>:<line>`, an absolute path under the home directory
        // of whoever built the binary (a crates.io install builds in the user's).
        note!("txstatus: trace: {}{}", event.metadata().target(), fields.0);
    }

    fn enter(&self, _span: &Id) {}

    fn exit(&self, _span: &Id) {}

    fn clone_span(&self, id: &Id) -> Id {
        if let Ok(mut spans) = self.spans.lock()
            && let Some(open) = spans.get_mut(&id.into_u64())
        {
            open.handles = open.handles.saturating_add(1);
        }
        id.clone()
    }

    fn try_close(&self, id: Id) -> bool {
        let Ok(mut spans) = self.spans.lock() else {
            return false;
        };
        let key = id.into_u64();
        let Some(open) = spans.get_mut(&key) else {
            return false;
        };
        open.handles = open.handles.saturating_sub(1);
        if open.handles > 0 {
            return false;
        }
        if let Some(open) = spans.remove(&key) {
            note!("txstatus: trace: {}{}", open.name, open.fields.0);
        }
        true
    }
}
