//! Every integration test of this crate but the ones named beside it in `Cargo.toml`,
//! as modules of one test binary: one link instead of one per file (build time and
//! disk). `cargo xtask check` fails when a file under `tests/` is in neither place.
// Test code, all of it: it may unwrap, expect, panic, index and count as it likes, and
// its items need no docs. Said once here instead of in every file.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod common;
mod support;

#[path = "argument_bounds.rs"]
mod argument_bounds;
#[path = "connection.rs"]
mod connection;
#[path = "consumer.rs"]
mod consumer;
#[path = "consumer_claim_idle.rs"]
mod consumer_claim_idle;
#[path = "hostile_keys.rs"]
mod hostile_keys;
#[path = "hostile_partial_writes.rs"]
mod hostile_partial_writes;
#[path = "hostile_store.rs"]
mod hostile_store;
#[path = "lease_bounds.rs"]
mod lease_bounds;
#[path = "prefixes_limits_and_passwords.rs"]
mod prefixes_limits_and_passwords;
#[path = "provider_times.rs"]
mod provider_times;
#[path = "rate_budget.rs"]
mod rate_budget;
#[path = "rate_budget_bounds.rs"]
mod rate_budget_bounds;
#[path = "rate_budget_fallback_write_back.rs"]
mod rate_budget_fallback_write_back;
#[path = "rate_budget_lost_starts.rs"]
mod rate_budget_lost_starts;
#[path = "read_bounds.rs"]
mod read_bounds;
#[path = "reads_across_erasure.rs"]
mod reads_across_erasure;
#[path = "refused_reads.rs"]
mod refused_reads;
#[path = "replicas.rs"]
mod replicas;
#[path = "replicas_outside_checks.rs"]
mod replicas_outside_checks;
#[path = "replicas_outside_sound.rs"]
mod replicas_outside_sound;
#[path = "restart.rs"]
mod restart;
#[path = "retention.rs"]
mod retention;
#[path = "retention_bounds.rs"]
mod retention_bounds;
#[path = "server_harness.rs"]
mod server_harness;
#[path = "store_contract.rs"]
mod store_contract;
#[path = "tracing_leaks.rs"]
mod tracing_leaks;
#[path = "value_bounds.rs"]
mod value_bounds;
#[path = "watch.rs"]
mod watch;
#[path = "watch_and_webhooks.rs"]
mod watch_and_webhooks;
#[path = "webhook_hints.rs"]
mod webhook_hints;
#[path = "worker_budget_causes.rs"]
mod worker_budget_causes;
#[path = "worker_budget_margins.rs"]
mod worker_budget_margins;
#[path = "worker_idin.rs"]
mod worker_idin;
