//! Every integration test of this crate but the ones named beside it in `Cargo.toml`,
//! as modules of one test binary: one link instead of one per file (build time and
//! disk). `cargo xtask check` fails when a file under `tests/` is in neither place.

mod common;

#[path = "delivery_rules.rs"]
mod delivery_rules;
#[path = "given_up_reads.rs"]
mod given_up_reads;
#[path = "hint_sources.rs"]
mod hint_sources;
#[path = "ids_in_any_case.rs"]
mod ids_in_any_case;
#[path = "memory_bounds.rs"]
mod memory_bounds;
#[path = "provider_times.rs"]
mod provider_times;
#[path = "reads_begun_before.rs"]
mod reads_begun_before;
#[path = "receiver.rs"]
mod receiver;
#[path = "reread_bounds.rs"]
mod reread_bounds;
#[path = "route_prefix.rs"]
mod route_prefix;
#[path = "sandbox_persona.rs"]
mod sandbox_persona;
#[path = "side_set_fields.rs"]
mod side_set_fields;
#[path = "status_debug.rs"]
mod status_debug;
#[path = "store_debug.rs"]
mod store_debug;
#[path = "sweep_read_panics.rs"]
mod sweep_read_panics;
#[path = "sweep_without_a_source.rs"]
mod sweep_without_a_source;
#[path = "tracing_leaks.rs"]
mod tracing_leaks;
#[path = "transition_debug.rs"]
mod transition_debug;
#[path = "webhook_outside_checks.rs"]
mod webhook_outside_checks;
