//! Every integration test of this crate but the ones named beside it in `Cargo.toml`,
//! as modules of one test binary: one link instead of one per file (build time and
//! disk). `cargo xtask check` fails when a file under `tests/` is in neither place.

mod support;

#[path = "auth_and_redaction.rs"]
mod auth_and_redaction;
#[path = "body_over_cap.rs"]
mod body_over_cap;
#[path = "call_options.rs"]
mod call_options;
#[path = "deadlines.rs"]
mod deadlines;
#[path = "debug_sweep.rs"]
mod debug_sweep;
#[path = "decode_errors.rs"]
mod decode_errors;
#[path = "decode_utf8.rs"]
mod decode_utf8;
#[path = "deliveries_and_reports_withhold_ids.rs"]
mod deliveries_and_reports_withhold_ids;
#[path = "documents_keep_numbers.rs"]
mod documents_keep_numbers;
#[path = "echoed_secret_pieces.rs"]
mod echoed_secret_pieces;
#[path = "faults.rs"]
mod faults;
#[path = "hostile_decode_keys.rs"]
mod hostile_decode_keys;
#[path = "hostile_durations.rs"]
mod hostile_durations;
#[path = "hostile_framing_rate_headers_and_redirects.rs"]
mod hostile_framing_rate_headers_and_redirects;
#[path = "hostile_headers_2.rs"]
mod hostile_headers_2;
#[path = "hostile_write_decode.rs"]
mod hostile_write_decode;
#[path = "malformed_header_lines.rs"]
mod malformed_header_lines;
#[path = "numbers_kept_as_written.rs"]
mod numbers_kept_as_written;
#[path = "one_time_answers.rs"]
mod one_time_answers;
#[path = "open_enum_text.rs"]
mod open_enum_text;
#[path = "personal_numbers_withheld.rs"]
mod personal_numbers_withheld;
#[path = "poll_absurd_options.rs"]
mod poll_absurd_options;
#[path = "poll_and_rate.rs"]
mod poll_and_rate;
#[path = "provider_messages.rs"]
mod provider_messages;
#[path = "public_surface.rs"]
mod public_surface;
#[path = "rate_limit_configurations.rs"]
mod rate_limit_configurations;
#[path = "record_decoder.rs"]
mod record_decoder;
#[path = "response_headers.rs"]
mod response_headers;
#[path = "retry_after_hostile.rs"]
mod retry_after_hostile;
#[path = "retry_rules.rs"]
mod retry_rules;
#[path = "rfc3339_against_time.rs"]
mod rfc3339_against_time;
#[path = "scripted_server_answers.rs"]
mod scripted_server_answers;
#[path = "shown_text.rs"]
mod shown_text;
#[path = "token_answer_unusable.rs"]
mod token_answer_unusable;
#[path = "token_hostile_answers.rs"]
mod token_hostile_answers;
#[path = "token_rules.rs"]
mod token_rules;
#[path = "tracing_hostile.rs"]
mod tracing_hostile;
#[path = "tracing_output.rs"]
mod tracing_output;
#[path = "unparsed_times.rs"]
mod unparsed_times;
#[path = "url_length.rs"]
mod url_length;
#[path = "url_rules.rs"]
mod url_rules;
