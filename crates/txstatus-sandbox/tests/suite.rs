//! Every integration test of this crate but the ones named beside it in `Cargo.toml`,
//! as modules of one test binary: one link instead of one per file (build time and
//! disk). `cargo xtask check` fails when a file under `tests/` is in neither place.

mod support;

#[path = "budgets.rs"]
mod budgets;
#[path = "checkout.rs"]
mod checkout;
#[path = "hostile_requests.rs"]
mod hostile_requests;
#[path = "idin.rs"]
mod idin;
#[path = "idscan.rs"]
mod idscan;
#[path = "onespan.rs"]
mod onespan;
#[path = "onespan_lifecycle.rs"]
mod onespan_lifecycle;
#[path = "persona.rs"]
mod persona;
#[path = "persona_lifecycle.rs"]
mod persona_lifecycle;
#[path = "provider_fidelity.rs"]
mod provider_fidelity;
#[path = "scenarios.rs"]
mod scenarios;
#[path = "server.rs"]
mod server;
#[path = "slow_clients.rs"]
mod slow_clients;
#[path = "spec_conformance.rs"]
mod spec_conformance;
#[path = "webhook_outside.rs"]
mod webhook_outside;
#[path = "webhook_send.rs"]
mod webhook_send;
