//! The decode section of BENCHMARKS.md.

use std::fmt::Write;

use crate::decode::{DecodeRow, TARGET_RATIO};
use crate::report::format::{spread, verdict};
use crate::settings::Settings;

/// Writes the section.
pub fn write(out: &mut String, rows: &[DecodeRow], settings: &Settings) {
    let _ = writeln!(out, "## 1. Decode: typed model vs `serde_json::Value`\n");
    let _ = writeln!(
        out,
        "`serde_json::from_slice` of the same bytes into the provider's main model (what \
         the clients run: the fast path of `tx_core::decode_json_bytes`) and into \
         `serde_json::Value`; each decoded value is dropped inside the timed loop, so \
         allocation and freeing count for both. Fixture: the largest success body in \
         `fixtures/<provider>/` that decodes into the main model (error, token, webhook, \
         list and directory bodies excluded; Persona's `transaction-large.json` has its \
         own row). {} repetitions of a ~{} ms batch each, typed and `Value` alternating \
         which goes first, so both see the same machine; ratio = typed / `Value` per \
         repetition. Figures: median \
         (min–max). MB/s = 10^6 bytes per second at the median time.\n",
        settings.decode_reps,
        settings.decode_batch.as_millis()
    );
    let _ = writeln!(
        out,
        "| provider | model | fixture | bytes | typed ns/decode | `Value` ns/decode | typed MB/s | `Value` MB/s | typed/`Value` | target ≤ {TARGET_RATIO}× |"
    );
    let _ = writeln!(out, "|---|---|---|---:|---:|---:|---:|---:|---:|---|");
    for row in rows {
        let _ = writeln!(
            out,
            "| {} | `{}` | `{}` | {} | {} | {} | {:.0} | {:.0} | {} | {} |",
            row.label,
            row.model,
            row.fixture,
            row.bytes,
            spread(&row.typed_ns, 0),
            spread(&row.value_ns, 0),
            row.mb_per_s(&row.typed_ns),
            row.mb_per_s(&row.value_ns),
            spread(&row.ratio, 2),
            verdict(row.meets_target()),
        );
    }
    out.push('\n');
    let missed: Vec<&DecodeRow> = rows.iter().filter(|r| !r.meets_target()).collect();
    if missed.is_empty() {
        let _ = writeln!(out, "Every provider meets the target.\n");
    } else {
        let _ = writeln!(
            out,
            "### Missed decode targets: why, and what would close them\n"
        );
        for row in missed {
            let _ = writeln!(
                out,
                "- **{}** ({:.2}×): {}",
                row.label,
                row.ratio.median,
                why(row.label)
            );
        }
        out.push('\n');
    }
}

/// The cause of a miss, per provider, from reading the model's decoders against the
/// fixture.
fn why(label: &str) -> &'static str {
    match label {
        l if l.starts_with("Persona") => {
            "each `included` resource is read twice. `Included`'s decoder first captures \
             `attributes` and `relationships` as `Box<RawValue>` (a scan and a copy of \
             the bytes), and only once the `type` is known parses them again into \
             `GovernmentIdAttributes` / `AccountAttributes`, so that a resource whose \
             attributes do not fit can be kept whole; `file` field values are buffered \
             and parsed twice the same way, and unknown types (`workflow-run`) are kept \
             as raw copies. In `transaction-retrieve.json` the government-ID verification \
             alone is ~6.7 KB of the 15 KB, so close to half of the body is parsed twice. \
             Closing it: decode `attributes` straight into the typed model with a seed \
             when `type` comes first (Persona writes it first; `FieldValue` already does \
             exactly this for `{type, value}`), keep the two-pass path only for `type` \
             after `attributes`, and make the attribute structs lenient enough (all \
             optional, lenient scalars, open enums) that the one-pass decode cannot fail; \
             decode `file` values with the same seed instead of through `RawValue`."
        }
        "OneSpan" => {
            "the largest OneSpan body is the extra-fields fixture: most of its bytes sit \
             under keys the model does not name, and `Extra` keeps each of them as an \
             owned key plus a `Box<RawValue>` copy of the value (with a linear \
             duplicate-key scan per push), so for those bytes the typed decode does what \
             `Value` does and then some. Closing it: keep an object's unknown keys as one \
             raw slice (or skip them unless asked), and drop the per-push scan (check \
             duplicates only when a key repeats a known one)."
        }
        "OneSpan (documented shape)" => {
            "almost every value in a OneSpan body is a string (UUIDs, names, roles, \
             statuses), and the model keeps each as an owned `String` (`Text`), so the \
             typed decode allocates nearly as many strings as `Value` and saves only the \
             key strings and map nodes; on top it parses `created` and `completed` as \
             RFC 3339, turns two epoch-millisecond `timestamp`s into dates, and copies \
             each `events` item into its own raw box. Closing it: parse timestamps on \
             access (keep the text, parse in `Timestamp::parsed`), keep `events` as one \
             raw value for the whole array, and decode closed vocabularies (`role`, \
             `status`, `language`, `vhub_transaction_status`) into open enums that \
             allocate only for unknown values."
        }
        "CM.com ID Scan" => {
            "the body is mostly short strings (task types, states, field names) kept as \
             owned `String`s or open enums, plus RFC 3339 timestamps parsed while \
             decoding, so the typed decode saves only `Value`'s map nodes. Closing it: \
             open enums that match known values without allocating, timestamps parsed \
             on access, `RawValue` for parts no caller reads."
        }
        "CM.com iDIN" => {
            "the body is under 1 KB, so fixed costs (lenient numbers-as-strings visitors, \
             one allocation per personal value behind `Pii`) weigh more than the bytes; \
             the absolute cost is a couple of microseconds, far below one round trip. \
             Closing it: fewer per-field allocations (borrowed or small-string values)."
        }
        "CM.com Checkout" => {
            "amounts and timestamps go through lenient visitors and the model keeps many \
             short strings owned, which `Value` allocates too. Closing it: match known \
             enum values without allocating; parse money and timestamps on access."
        }
        _ => "see the model's decoders.",
    }
}
