#![doc = include_str!("../README.md")]
//!
//! ## How it fits together
//!
//! Receiving provider webhooks: authenticate, deduplicate, re-read, and record
//! transitions that never go backwards.
//!
//! Each provider crate implements its side ([`txstatus_core::webhook::WebhookSide`]);
//! this crate depends on the core only. A delivery is acknowledged once it is
//! authenticated and recorded in the [`Store`]; the transaction is then re-read
//! through the provider's [`StatusSource`](txstatus_core::StatusSource) (a
//! delivery's own status is never trusted) and a [`Transition`] is recorded only
//! when the re-read state is newer by [`is_newer`]. Unauthenticated hints
//! (OneSpan without an allow-list) are coalesced per transaction and
//! rate-limited per source. [`Receiver::sweep`] re-reads what deliveries left
//! open and reads provider event feeds.
//!
//! With the `axum` feature, `service::router` serves the routes.
#![forbid(unsafe_code)]
#![warn(clippy::arithmetic_side_effects)]

#[cfg(any(test, feature = "test-util"))]
pub mod contract;
mod limiter;
mod memory;
mod receiver;
mod rule;
#[cfg(feature = "axum")]
pub mod service;
mod store;
mod transition;

pub use limiter::{HintLimits, MIN_HINT_WINDOW};
pub use memory::{
    DEFAULT_MAX_EVENT_IDS, DEFAULT_MAX_SETTLED, DEFAULT_MAX_TRANSITIONS, DEFAULT_RETENTION,
    MemoryStore,
};
pub use receiver::{
    DEFAULT_BODY_TIMEOUT, DEFAULT_FEED_LIMIT, DEFAULT_MAX_READS, DEFAULT_PREFIX,
    DEFAULT_READ_TIMEOUT, DEFAULT_SWEEP_BATCH, DEFAULT_SWEEP_THRESHOLD, Receiver, ReceiverBuilder,
    Reply, SweepReport,
};
pub use rule::{MAX_TIME_AHEAD, is_newer, is_newer_at};
pub use store::{
    Acceptance, Commit, GiveUp, MAX_DEDUPE_TTL, MIN_DEDUPE_TTL, ReadRefusal, Store, StoreError,
    TxKey,
};
pub use transition::{ObservedState, Origin, Transition};
