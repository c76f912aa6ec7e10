#![doc = include_str!("../README.md")]
//!
//! ## How it fits together
//!
//! Every key starts with the configured prefix ([`RedisConfig::with_prefix`]). Every
//! read-modify-write is one Lua script, and Redis `TIME` is the only clock for leases,
//! schedules and rate budgets: replicas' clocks never decide those. The one exception
//! is the webhook sweep's order, which the `Store` trait gives in the receiver's clock
//! (see [`RedisStore`]).
#![forbid(unsafe_code)]
#![warn(clippy::arithmetic_side_effects)]

// `test_util.rs` names this crate by name, so its own tests can include it as a file.
extern crate self as txstatus_redis;

mod bounded;
mod budget;
mod config;
mod connection;
mod consumer;
mod entries;
mod erase;
mod error;
mod lease;
mod ratelimit;
mod record;
mod store;
#[cfg(feature = "test-util")]
pub mod test_util;
mod watch;
mod watch_state;
mod worker;

pub use bounded::{MAX_READ_BYTES, MAX_VALUE_LEN};
pub use budget::budget_name;
pub use config::{DEFAULT_PREFIX, RedisConfig, URL_ENV};
pub use connection::Redis;
pub use consumer::{
    MAX_BATCH, MIN_CLAIM_IDLE, StartFrom, TransitionConsumer, TransitionConsumerBuilder,
};
pub use erase::Erased;
pub use error::{Error, ErrorKind};
pub use lease::{Lease, MAX_LEASE, Recorded};
pub use ratelimit::{
    DEFAULT_HEADROOM, LimitMismatch, MAX_BUDGET_INTERVAL, MAX_STARTS_READ, MAX_WRITTEN_BACK,
    RedisRateLimiter, RedisRateLimiterBuilder,
};
pub use store::{DEFAULT_STATE_TTL, DEFAULT_STREAM_MAX_LEN, MAX_DUE, MAX_RETENTION, RedisStore};
pub use watch::{
    EnqueueError, Enqueued, MAX_WATCH_INTERVAL, REFUSED_PROVIDER, WatchQueue, WatchState,
};
pub use watch_state::{PolledTransition, TRANSITION_SCHEMA};
pub use worker::{MAX_CONCURRENCY, Stopper, Worker, WorkerBuilder, WorkerEvent};
