//! The decode section of BENCHMARKS.md.

use std::fmt::Write;

use crate::decode::{DecodeRow, TARGET_RATIO};
use crate::report::format::{ratio, spread};
use crate::settings::Settings;
use crate::target::Verdict;

/// Writes the section.
pub fn write(out: &mut String, rows: &[DecodeRow], settings: &Settings) {
    let _ = writeln!(out, "## 1. Decode: typed model vs `serde_json::Value`\n");
    let _ = writeln!(
        out,
        "The same bytes decoded into the provider's main model the way the clients \
         do (`txstatus_core::provider::from_json_slice`, the fast path of `decode_json_bytes`: \
         one UTF-8 check of the whole body, then `serde_json::from_str`) and into \
         `serde_json::Value` with `serde_json::from_slice`, as an application would; \
         each decoded value is dropped inside the timed loop, so \
         allocation and freeing count for both. Fixture: the largest success body in \
         `fixtures/<provider>/` that decodes into the main model (error, token, webhook, \
         list and directory bodies excluded; Persona's `transaction-large.json` has its \
         own row). {} repetitions of a ~{} ms batch each, typed and `Value` alternating \
         which goes first, so both see the same machine; ratio = typed / `Value` per \
         repetition. Figures: median (min–max); ratios: median [95 % confidence \
         interval of the median, from the order statistics of the per-repetition \
         ratios]; a target is met or missed only when the whole interval is on one \
         side of it, otherwise undecided. MB/s = 10^6 bytes per second at the median \
         time.\n",
        settings.decode_reps,
        settings.decode_batch.as_millis()
    );
    let _ = writeln!(
        out,
        "| provider | model | fixture | bytes | typed ns/decode | `Value` ns/decode | typed MB/s | `Value` MB/s | typed/`Value` | target {TARGET_RATIO} |"
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
            ratio(&row.ratio, 3),
            if row.judged() {
                row.verdict().short()
            } else {
                "reported (lifecycle)"
            },
        );
    }
    out.push('\n');
    let missed: Vec<&DecodeRow> = rows
        .iter()
        .filter(|r| r.judged() && r.verdict() != Verdict::Met)
        .collect();
    if missed.is_empty() {
        let _ = writeln!(out, "Every provider meets the target.\n");
    } else {
        let _ = writeln!(
            out,
            "### Decode targets missed or undecided: why, and what would close them\n"
        );
        for row in missed {
            let _ = writeln!(
                out,
                "- **{}** ({}, {}): {}",
                row.label,
                ratio(&row.ratio, 3),
                row.verdict().short(),
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
            "most of the body is short strings that the model keeps as owned `String`s \
             (behind `Pii`), which `Value` allocates too. Done: a verification's `checks` \
             (most of its bytes) is set aside while `included` attributes are captured and \
             kept raw until read (`persona_tx::model::Checks`), so it is scanned once and \
             never allocated per check; an event's transaction payload is decoded in one \
             pass instead of captured, peeked and parsed again. Left: `included` \
             attributes are still captured raw, then decoded (a bad value keeps the item \
             whole, which a one-pass decode cannot undo); the hostile fixtures (huge \
             numbers, swapped types) take slow paths that rebuild raw values; the small \
             event document is mostly fixed costs (timestamps parsed while decoding, open \
             enums). Closing the rest needs borrowed or small-string values."
        }
        l if l.starts_with("OneSpan") => {
            "the models are plain serde structs (unknown keys are skipped, so the body with \
             many unknown keys, `extra-fields.json`, meets the target); the documented \
             shape is almost all strings (UUIDs, names, URLs, a JWT) kept as owned \
             `String`s. Counted with callgrind: 55k instructions typed against 94k for \
             `Value` per decode, of which 42% is serde_json reading strings and keys \
             (UTF-8 check, escape scan: the same work `Value` does) and ~12% allocating \
             and freeing ~45 strings. The `record!` visitor it replaced was no faster \
             on this body (0.60 against 0.59-0.65, interleaved on the same loaded \
             machine). Closing it needs borrowed or small-string values instead of \
             owned `String`s."
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
