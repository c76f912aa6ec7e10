//! Every integration test of this crate but the ones named beside it in `Cargo.toml`,
//! as modules of one test binary: one link instead of one per file (build time and
//! disk). `cargo xtask check` fails when a file under `tests/` is in neither place.

mod support;

#[path = "answer_about_asked.rs"]
mod answer_about_asked;
#[path = "debug_withholds_free_text.rs"]
mod debug_withholds_free_text;
#[path = "deep_nesting.rs"]
mod deep_nesting;
#[path = "directory_cache.rs"]
mod directory_cache;
#[path = "flow.rs"]
mod flow;
#[path = "go_live.rs"]
mod go_live;
#[path = "hostile_decode_keys.rs"]
mod hostile_decode_keys;
#[path = "identity_in_error_status.rs"]
mod identity_in_error_status;
#[path = "may_hold_identity.rs"]
mod may_hold_identity;
#[path = "may_hold_identity_shapes.rs"]
mod may_hold_identity_shapes;
#[path = "model_lenient.rs"]
mod model_lenient;
#[path = "mutation_sweep.rs"]
mod mutation_sweep;
#[path = "numbers_kept_as_written.rs"]
mod numbers_kept_as_written;
#[path = "redaction.rs"]
mod redaction;
#[path = "return_params_hostile_queries.rs"]
mod return_params_hostile_queries;
#[path = "sink.rs"]
mod sink;
#[path = "sink_abandoned_call.rs"]
mod sink_abandoned_call;
#[path = "sink_cancellation.rs"]
mod sink_cancellation;
#[path = "sink_every_answer_shape.rs"]
mod sink_every_answer_shape;
#[path = "sink_partial_files.rs"]
mod sink_partial_files;
#[path = "source.rs"]
mod source;
#[path = "spec_conformance.rs"]
mod spec_conformance;
#[path = "status.rs"]
mod status;
#[path = "type_mutations.rs"]
mod type_mutations;
#[path = "unreadable_answer_heads.rs"]
mod unreadable_answer_heads;
#[path = "window.rs"]
mod window;
