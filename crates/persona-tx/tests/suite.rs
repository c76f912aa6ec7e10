//! Every integration test of this crate but the ones named beside it in `Cargo.toml`,
//! as modules of one test binary: one link instead of one per file (build time and
//! disk). `cargo xtask check` fails when a file under `tests/` is in neither place.

mod support;

#[path = "answer_about_asked.rs"]
mod answer_about_asked;
#[path = "arrays_as_objects.rs"]
mod arrays_as_objects;
#[path = "client.rs"]
mod client;
#[path = "debug_agrees_with_redacted_json.rs"]
mod debug_agrees_with_redacted_json;
#[path = "debug_sweep.rs"]
mod debug_sweep;
#[path = "deep_nesting.rs"]
mod deep_nesting;
#[path = "delivery.rs"]
mod delivery;
#[path = "doc_claims_audit.rs"]
mod doc_claims_audit;
#[path = "duplicate_field_members.rs"]
mod duplicate_field_members;
#[path = "duplicate_members.rs"]
mod duplicate_members;
#[path = "errors.rs"]
mod errors;
#[path = "event_duplicate_members.rs"]
mod event_duplicate_members;
#[path = "field_values_kept_as_sent.rs"]
mod field_values_kept_as_sent;
#[path = "file_answers.rs"]
mod file_answers;
#[path = "files.rs"]
mod files;
#[path = "free_text_members.rs"]
mod free_text_members;
#[path = "hostile_decode_keys.rs"]
mod hostile_decode_keys;
#[path = "lifecycle.rs"]
mod lifecycle;
#[path = "lifecycle_outside_checks.rs"]
mod lifecycle_outside_checks;
#[path = "mutation_sweep.rs"]
mod mutation_sweep;
#[path = "never_panics.rs"]
mod never_panics;
#[path = "numbers_holding_personal_numbers.rs"]
mod numbers_holding_personal_numbers;
#[path = "pages_that_are_not_pages.rs"]
mod pages_that_are_not_pages;
#[path = "pagination.rs"]
mod pagination;
#[path = "redaction.rs"]
mod redaction;
#[path = "redaction_answers.rs"]
mod redaction_answers;
#[path = "resources_of_another_type.rs"]
mod resources_of_another_type;
#[path = "roundtrip.rs"]
mod roundtrip;
#[path = "sandbox_lifecycle.rs"]
mod sandbox_lifecycle;
#[path = "spec_conformance.rs"]
mod spec_conformance;
#[path = "type_mutations.rs"]
mod type_mutations;
#[path = "webhook.rs"]
mod webhook;
#[path = "webhook_outside_checks.rs"]
mod webhook_outside_checks;
#[path = "write_answers.rs"]
mod write_answers;
