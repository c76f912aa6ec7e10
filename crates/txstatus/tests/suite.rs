//! Every integration test of this crate but the ones named beside it in `Cargo.toml`,
//! as modules of one test binary: one link instead of one per file (build time and
//! disk). `cargo xtask check` fails when a file under `tests/` is in neither place.

mod support;

#[path = "cli.rs"]
mod cli;
#[path = "contract.rs"]
mod contract;
#[path = "credential_spelled_as_a_time.rs"]
mod credential_spelled_as_a_time;
#[path = "echoed_pieces.rs"]
mod echoed_pieces;
#[path = "erase_failure_message.rs"]
mod erase_failure_message;
#[path = "erase_lines_and_saved_to.rs"]
mod erase_lines_and_saved_to;
#[path = "error_messages.rs"]
mod error_messages;
#[path = "hostile.rs"]
mod hostile;
#[path = "idin.rs"]
mod idin;
#[path = "idin_error_bodies.rs"]
mod idin_error_bodies;
#[path = "idin_interrupted.rs"]
mod idin_interrupted;
#[path = "idin_keep.rs"]
mod idin_keep;
#[path = "json_usage_errors_and_echoed_credentials.rs"]
mod json_usage_errors_and_echoed_credentials;
#[path = "learned_credentials.rs"]
mod learned_credentials;
#[path = "list_items_once.rs"]
mod list_items_once;
#[path = "listen.rs"]
mod listen;
#[path = "listen_redis.rs"]
mod listen_redis;
#[path = "notice_shown_as_token.rs"]
mod notice_shown_as_token;
#[path = "numbers_shown_as_sent.rs"]
mod numbers_shown_as_sent;
#[path = "onespan.rs"]
mod onespan;
#[path = "persona.rs"]
mod persona;
#[path = "personal_data_where_ids_and_figures_go.rs"]
mod personal_data_where_ids_and_figures_go;
#[path = "redis.rs"]
mod redis;
#[path = "rendering_fallbacks_and_unwritable_output.rs"]
mod rendering_fallbacks_and_unwritable_output;
#[path = "signals_during_get_and_watch.rs"]
mod signals_during_get_and_watch;
#[path = "signals_environment_and_save_dirs.rs"]
mod signals_environment_and_save_dirs;
#[path = "trace_leaks.rs"]
mod trace_leaks;
#[path = "transition_ids_from_deliveries.rs"]
mod transition_ids_from_deliveries;
#[path = "unlisted_values_withheld.rs"]
mod unlisted_values_withheld;
#[path = "usage_errors_help_and_unwritable_files.rs"]
mod usage_errors_help_and_unwritable_files;
#[path = "watch_never_backwards.rs"]
mod watch_never_backwards;
