//! Every integration test of this crate but the ones named beside it in `Cargo.toml`,
//! as modules of one test binary: one link instead of one per file (build time and
//! disk). `cargo xtask check` fails when a file under `tests/` is in neither place.

mod support;

#[path = "answer_about_asked.rs"]
mod answer_about_asked;
#[path = "create.rs"]
mod create;
#[path = "debug_sweep.rs"]
mod debug_sweep;
#[path = "deep_nesting.rs"]
mod deep_nesting;
#[path = "documented_limits.rs"]
mod documented_limits;
#[path = "echoed_client_secret.rs"]
mod echoed_client_secret;
#[path = "exact_amounts.rs"]
mod exact_amounts;
#[path = "hostile_decode_keys.rs"]
mod hostile_decode_keys;
#[path = "model_lenient.rs"]
mod model_lenient;
#[path = "redaction.rs"]
mod redaction;
#[path = "sandbox_flow.rs"]
mod sandbox_flow;
#[path = "spec_conformance.rs"]
mod spec_conformance;
#[path = "token.rs"]
mod token;
#[path = "transaction.rs"]
mod transaction;
#[path = "type_mutations.rs"]
mod type_mutations;
#[path = "webhook_outside_checks.rs"]
mod webhook_outside_checks;
#[path = "webhook_token_forms.rs"]
mod webhook_token_forms;
