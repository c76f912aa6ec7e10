//! Every integration test of this crate but the ones named beside it in `Cargo.toml`,
//! as modules of one test binary: one link instead of one per file (build time and
//! disk). `cargo xtask check` fails when a file under `tests/` is in neither place.

mod support;

#[path = "answer_about_asked.rs"]
mod answer_about_asked;
#[path = "create.rs"]
mod create;
#[path = "create_answer_about_another_order.rs"]
mod create_answer_about_another_order;
#[path = "debug_sweep.rs"]
mod debug_sweep;
#[path = "debug_withholds_free_text.rs"]
mod debug_withholds_free_text;
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
#[path = "mutation_sweep.rs"]
mod mutation_sweep;
#[path = "numbers_holding_personal_numbers.rs"]
mod numbers_holding_personal_numbers;
#[path = "redaction.rs"]
mod redaction;
#[path = "refunds_whole_list_and_asked_transaction.rs"]
mod refunds_whole_list_and_asked_transaction;
#[path = "sandbox_flow.rs"]
mod sandbox_flow;
#[path = "spec_conformance.rs"]
mod spec_conformance;
#[path = "token.rs"]
mod token;
#[path = "token_answer_forms.rs"]
mod token_answer_forms;
#[path = "token_under_the_rate_limit.rs"]
mod token_under_the_rate_limit;
#[path = "tracing_token_flow.rs"]
mod tracing_token_flow;
#[path = "transaction.rs"]
mod transaction;
#[path = "type_mutations.rs"]
mod type_mutations;
#[path = "vat_rates_kept_as_written.rs"]
mod vat_rates_kept_as_written;
#[path = "webhook_outside_checks.rs"]
mod webhook_outside_checks;
#[path = "webhook_repeated_members.rs"]
mod webhook_repeated_members;
#[path = "webhook_token_forms.rs"]
mod webhook_token_forms;
