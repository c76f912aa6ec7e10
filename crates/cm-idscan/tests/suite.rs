//! Every integration test of this crate but the ones named beside it in `Cargo.toml`,
//! as modules of one test binary: one link instead of one per file (build time and
//! disk). `cargo xtask check` fails when a file under `tests/` is in neither place.

mod support;

#[path = "answer_about_asked.rs"]
mod answer_about_asked;
#[path = "arrays_as_objects.rs"]
mod arrays_as_objects;
#[path = "auth.rs"]
mod auth;
#[path = "create.rs"]
mod create;
#[path = "debug_sweep.rs"]
mod debug_sweep;
#[path = "debug_withholds_free_text.rs"]
mod debug_withholds_free_text;
#[path = "deep_nesting.rs"]
mod deep_nesting;
#[path = "delivery_header_forms.rs"]
mod delivery_header_forms;
#[path = "delivery_header_lines.rs"]
mod delivery_header_lines;
#[path = "delivery_refusal_paths.rs"]
mod delivery_refusal_paths;
#[path = "delivery_result_id.rs"]
mod delivery_result_id;
#[path = "download_redirects.rs"]
mod download_redirects;
#[path = "downloads.rs"]
mod downloads;
#[path = "downloads_lying_types.rs"]
mod downloads_lying_types;
#[path = "downloads_odd_answers.rs"]
mod downloads_odd_answers;
#[path = "echoed_signing_secret.rs"]
mod echoed_signing_secret;
#[path = "errors.rs"]
mod errors;
#[path = "field_numbers_as_sent.rs"]
mod field_numbers_as_sent;
#[path = "hostile_answers.rs"]
mod hostile_answers;
#[path = "hostile_decode_keys.rs"]
mod hostile_decode_keys;
#[path = "model.rs"]
mod model;
#[path = "mutation_sweep.rs"]
mod mutation_sweep;
#[path = "numbers_holding_personal_numbers.rs"]
mod numbers_holding_personal_numbers;
#[path = "redaction.rs"]
mod redaction;
#[path = "requests.rs"]
mod requests;
#[path = "result_values_of_any_shape.rs"]
mod result_values_of_any_shape;
#[path = "sandbox_flow.rs"]
mod sandbox_flow;
#[path = "spec_conformance.rs"]
mod spec_conformance;
#[path = "type_mutations.rs"]
mod type_mutations;
#[path = "webhook_debug.rs"]
mod webhook_debug;
#[path = "webhook_side.rs"]
mod webhook_side;
