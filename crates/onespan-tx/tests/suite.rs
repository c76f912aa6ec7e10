//! Every integration test of this crate but the ones named beside it in `Cargo.toml`,
//! as modules of one test binary: one link instead of one per file (build time and
//! disk). `cargo xtask check` fails when a file under `tests/` is in neither place.

#[path = "answer_about_asked.rs"]
mod answer_about_asked;
#[path = "builder.rs"]
mod builder;
#[path = "create.rs"]
mod create;
#[path = "debug_agrees_with_redacted_json.rs"]
mod debug_agrees_with_redacted_json;
#[path = "deep_nesting.rs"]
mod deep_nesting;
#[path = "delivery.rs"]
mod delivery;
#[path = "duplicate_members.rs"]
mod duplicate_members;
#[path = "epoch_times.rs"]
mod epoch_times;
#[path = "erasure.rs"]
mod erasure;
#[path = "erasure_messages.rs"]
mod erasure_messages;
#[path = "errors.rs"]
mod errors;
#[path = "file_answers.rs"]
mod file_answers;
#[path = "free_text_members.rs"]
mod free_text_members;
#[path = "hostile_answers.rs"]
mod hostile_answers;
#[path = "hostile_decode_keys.rs"]
mod hostile_decode_keys;
#[path = "lifecycle_outside_checks.rs"]
mod lifecycle_outside_checks;
#[path = "models.rs"]
mod models;
#[path = "mutation_sweep.rs"]
mod mutation_sweep;
#[path = "numbers_kept_as_written.rs"]
mod numbers_kept_as_written;
#[path = "outcome.rs"]
mod outcome;
#[path = "redaction_outcome.rs"]
mod redaction_outcome;
#[path = "requests.rs"]
mod requests;
#[path = "sandbox.rs"]
mod sandbox;
#[path = "spec_conformance.rs"]
mod spec_conformance;
#[path = "status.rs"]
mod status;
#[path = "type_mutations.rs"]
mod type_mutations;
#[path = "webhook.rs"]
mod webhook;
#[path = "webhook_side.rs"]
mod webhook_side;
#[path = "wire.rs"]
mod wire;
#[path = "wire_files.rs"]
mod wire_files;
