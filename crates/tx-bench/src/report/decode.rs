//! The decode section of BENCHMARKS.md.

use std::fmt::Write;

use crate::decode::{DecodeRow, DecodeSection, TARGET_RATIO};
use crate::report::format::{ratio, spread};
use crate::settings::Settings;
use crate::target::Verdict;

/// Writes the section.
pub fn write(out: &mut String, section: &DecodeSection, settings: &Settings) {
    let rows = section.rows.as_slice();
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
         own row). {} fresh processes (the first half before the other sections, the rest \
         after them, so the interval spans two phases of the machine), each timing {} batches of ~{} ms per decoder, \
         typed and `Value` alternating which goes first, so both see the same machine; \
         each process gives one ratio, its median typed time / its median `Value` time. \
         {} Why processes: the same binary's ratio moves by a few percent from one process \
         to the next (0.552-0.568 over six processes for OneSpan's documented shape on \
         2026-12-04), more than the interval of 61 repetitions inside one process \
         ([0.572, 0.574] in the run before), so an interval over repetitions in one \
         process did not hold a rerun; one over processes comes closer (see below). Two builds of the same \
         decoders can differ by more than that (code placement; see `--compare` and below). A rerun of this section with the same binary (2026-12-05, half an hour after \
         the full run of ead0fa7) put six of the eight main-model ratios inside that \
         run's intervals and two just below them (CM.com Checkout 0.391 against [0.394, \
         0.397], OneSpan documented shape 0.396 against [0.400, 0.404]): the machine \
         itself drifts between runs by about 1 %, more than the interval of one \
         run. Widening the interval by the stretches (below) does not remove \
         that: a rerun after the full run of 3130aad put three of the eight \
         main-model ratios inside its intervals, the others 0.3-0.8 % outside (ID \
         Scan 0.469 against [0.472, 0.479], iDIN 0.343 against [0.345, 0.351]); \
         every decode target is about 5 % or more from its limit, more than that \
         drift. Since the processes run in two halves (1c91c33), two runs of one \
         build's code (the full run of 1c91c33, and a rerun of this section two hours \
         later) held each other's medians in 25 of the 28 checks of all fourteen \
         rows; the three outside are by 0.3-1.7 % (CM.com Checkout 0.396 against \
         [0.397, 0.404], OneSpan verification 0.352 against [0.339, 0.346] and 0.342 \
         against [0.347, 0.354]). The next full run (of 25225d1) ran on an Intel Xeon machine (family 6, model \
         167), the run before it on an AMD EPYC: its ratios moved by up to 8 %, most rows \
         down (CM.com ID Scan 0.434 against [0.467, 0.482]), some up (iDIN 0.368 against \
         [0.348, 0.363]), and held only 1 of the 28 checks; every verdict stayed met. The \
         same binary rerun on another machine of that Intel model (2026-12-05) held 23 of \
         the 28 checks against it, the five outside by 0.1-0.6 % (Persona documented \
         shape 0.382 against [0.383, 0.393], the transaction list page 0.688 against \
         [0.673, 0.684]). So a decode interval predicts a rerun of the same build on the same CPU \
         model to within about half a percent; not a run of another build: the full run \
         of 917b7a0 (whose decoders are 25225d1's code) and 25225d1's binary, interleaved \
         in one `--compare` run on the machine of that run, gave typed/`Value` 0.451 against 0.437 \
         for CM.com ID Scan, 0.383 against 0.367 for iDIN and 0.424 against 0.402 for \
         Checkout (code placement, up to 5 %), and not a run on another CPU model (up to \
         8 %). Aligning code did not remove the build-to-build difference: both builds \
         again, every function aligned to 64 bytes and every block not entered by \
         fall-through to 32 (`-C llvm-args=-align-all-functions=6` and \
         `-align-all-nofallthru-blocks=5`, 2026-12-05), brought the Persona rows \
         together but left ID Scan at 0.449 against 0.430, iDIN 0.386 against 0.361 \
         and OneSpan 0.343 against 0.324, while each build's own ratios held to about \
         1 % over two runs; the report is built without those flags. Since the decode budget (a decode through `from_json_slice` may keep at most 8 bytes of array items per byte of body; \
         records, record lists and the `lenient::vec` fields charge it), a quick `--compare` run against \
         the commit before it (2026-12-05) gave typed time new/old 0.975 to 1.033 for the main models \
         (intervals holding 1.0 but for iDIN, 1.030 [1.011, 1.059]) and 1.104 [1.049, 1.176] for \
         CM.com's refunds list (a list of records, each charged), the main models' typed/`Value` ratios all still under 0.5 (0.338-0.444). The Machine section names the model (vendor, family, model, stepping), and \
         the section \"Against the previous run\" at the end checks each run against \
         the report it replaces. Figures: \
         median (min–max) over processes; ratios: median [95 % confidence interval of \
         the median, from the order statistics of the per-process ratios, widened to the \
         range of the medians of eight consecutive stretches of the processes, for that \
         drift]; a target is \
         met or missed only when the whole interval is on one side of it, otherwise \
         undecided. MB/s = 10^6 bytes per second at the median time.\n",
        settings.decode_processes,
        settings.decode_process_batches,
        settings.decode_batch.as_millis(),
        layouts_sentence(section, settings)
    );
    let _ = writeln!(
        out,
        "| provider | model | fixture | bytes | typed ns/decode | `Value` ns/decode | typed MB/s | `Value` MB/s | typed/`Value` | per layout | target {TARGET_RATIO} |"
    );
    let _ = writeln!(out, "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
    for row in rows {
        let _ = writeln!(
            out,
            "| {} | `{}` | `{}` | {} | {} | {} | {:.0} | {:.0} | {} | {:.3}–{:.3} | {} |",
            row.label,
            row.model,
            row.fixture,
            row.bytes,
            spread(&row.typed_ns, 0),
            spread(&row.value_ns, 0),
            row.mb_per_s(&row.typed_ns),
            row.mb_per_s(&row.value_ns),
            ratio(&row.ratio, 3),
            row.per_layout.min,
            row.per_layout.max,
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
        let _ = writeln!(out, "Every provider meets the target. {CLOSED}\n");
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

/// Which builds the processes ran, for the section's method paragraph.
fn layouts_sentence(section: &DecodeSection, settings: &Settings) -> String {
    let mut sentence = if section.layouts > 1 {
        format!(
            "The processes take turns over {} builds of the same code that differ only in \
             where the linker put it: this build and {} relinked with their object files \
             (codegen units) in other orders (lld's `--symbol-ordering-file`, written from \
             the map of a link in the default order; seeds 1 to {}, so a rerun of the same \
             commit gets the same builds). Every function stays beside the ones the \
             compiler put it with, as in a normal build, and each unit lands at another \
             address, which changes the alignment and the cache sets of all its code. The \
             interval therefore covers code placement, which moved these ratios by up to \
             5 % between two builds of unchanged decoders; the column *per layout* gives \
             the lowest and the highest of the builds' own medians, and \
             `--decode-layouts 1` measures this build alone. The full run of 3d02c42 \
             shuffled single functions instead (lld's `--shuffle-sections`), which also \
             broke up that locality: in a follow-up of three processes per build right \
             after it (2026-12-07), the unshuffled build had the lowest or second-lowest \
             median in 9 of the 14 rows (CM.com ID Scan 0.475 against 0.490-0.543 for \
             the seven shuffled builds, CM.com Checkout 0.447 against 0.455-0.494), where \
             chance would put it there in about 3 or 4, so that run's medians sat high. \
             With whole units moved, the same follow-up (five processes per build, right \
             after a decode-only run of 4468e3b, 2026-12-07) put this build's median \
             lowest or second-lowest in 3 of the 14 rows, as chance would (the three \
             Persona rows, lowest; CM.com ID Scan sixth of eight, 0.487 against \
             0.467-0.507). About 18 % of the functions are local copies that several \
             units carry under one name (an inlined function's copy per unit); an \
             ordering file names symbols, so lld puts every such copy with the unit \
             listed first, away from some of its callers: the one part of a normal \
             build's locality these builds do not keep. That decode-only run and the \
             full run of c84f4f2 an hour later (the same decoders, the same kind of \
             builds) held each other's medians in all 28 checks of the fourteen rows; \
             against the full run of 3d02c42, whose shuffled builds sat high, 14 of 28 \
             held.",
            section.layouts,
            section.layouts - 1,
            section.layouts - 1
        )
    } else {
        "Every process ran this one build, so the interval does not cover code placement \
         (two builds of unchanged decoders have differed by up to 5 %)."
            .to_owned()
    };
    if section.layouts < settings.decode_layouts {
        let _ = write!(
            sentence,
            " {} builds were asked for (`--decode-layouts`) and {} made: {}.",
            settings.decode_layouts,
            section.layouts,
            section
                .shortfall
                .as_deref()
                .unwrap_or("no reason recorded")
                .trim_end_matches('.')
        );
    }
    sentence
}

/// How the last misses (OneSpan's documented shape, CM.com Checkout) were closed, for
/// the reader of a report in which every row meets the target.
const CLOSED: &str = "CM.com ID Scan and CM.com Checkout were undecided in the full run \
    of 3d02c42 (0.519 [0.485, 0.538] and 0.467 [0.441, 0.509]), whose builds shuffled \
    single functions (above); with whole units moved, a decode-only run of 4468e3b \
    (2026-12-07) gave 0.479 [0.471, 0.492] and 0.449 [0.440, 0.460], each build's own \
    median 0.468-0.499 and 0.435-0.462. ID Scan stays the closest to the limit: \
    callgrind counts its typed decode at 0.502 of `Value`'s instructions, so it meets \
    the target in time only because its work runs faster per instruction than \
    `Value`'s. Earlier, OneSpan's documented shape and CM.com \
    Checkout (0.573 and 0.504 on an AMD EPYC machine on 2026-12-04) were slow per \
    instruction: OneSpan's timed 0.573 where callgrind counted 0.44 of `Value`'s work. perf \
    (cpu-clock) put about a fifth of a OneSpan decode on a few instructions right after \
    each in-place text (`Text`, `Pii<Text>`, `LazyTime`: 40 bytes each) was built: the \
    value was returned through serde's layers and copied two or three times, each copy \
    reading bytes just written in other widths, which the CPU cannot forward from its \
    store buffer. `record_decoder!` now writes a `text` field into the record's slot \
    and these types copy their bytes straight there (`FromText::placeholder` / \
    `set_text`): 3.9 to 2.8 us per OneSpan decode for 5 % fewer instructions. Since \
    ebca8a1 (2026-12-08) a typed Persona field's value is read from its JSON text \
    first, so valid JSON serde_json does not read (`1e400`) no longer fails the decode \
    and a value that does not fit its type is kept as sent: a `--compare` decode run \
    against the commit before gave Persona's typed time new/old 1.049 [1.007, 1.082] \
    (main fixture), typed/`Value` 0.451 against 0.425.";

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
            "the documented shape is almost all strings (UUIDs, names, URLs, a JWT) kept \
             as owned `String`s (the body with many unknown keys, `extra-fields.json`, \
             meets the target: unknown keys are skipped). Counted with callgrind on the \
             clients' path (one UTF-8 check of the body, then `from_str`; 2026-12-03): \
             46k instructions typed against 92k for `Value`, 0.50 in work done, most of \
             it serde_json scanning strings and the whitespace between members, which \
             `Value` does identically. Cachegrind's 32 KB L1i model also missed about \
             720 times per typed decode against about one per `Value` decode (serde's \
             derived visitors of the six models, each inlined into its own serde_json \
             `deserialize_struct`, came to about 50 KB of machine code), so smaller \
             decoders were tried: the models now decode through `record_decoder!` (one \
             key table and one short arm per field, shared reads). Counted per decode \
             against the derive: 46.5k instructions against 46.1k, about 500 simulated \
             L1i misses against 720, 124 mispredicted indirect jumps against 116. In a \
             `--compare` run of the same day the typed time fell to 0.941 [0.913, \
             0.973] of the derive's; a first version with the shared reads kept out \
             of line cut the misses to 530 and did not move the time (1.006 [0.988, \
             1.055]), so the cache misses alone do not explain the gap. The typed/`Value` \
             ratio also moves by several percent between two builds of unchanged \
             decoders (code placement: in the same `--compare` run, the `Value` decode of \
             the same bytes ran 9-14 % faster in one build than in the other), which is \
             as large as what is left to the target here. Since 2026-12-04 its four \
             times decode without an allocation (46.5k -> 46.2k instructions), and its \
             ten optional enum fields are read in one step as text, without serde's \
             `Option` layer (46.2k -> 45.6k, 0.486 of `Value` in work done). Later \
             that day its nine ids (UUIDs and workflow ids) became `Text`, kept in \
             place up to 38 bytes instead of one `String` allocation each: 45.5k -> \
             44.0k (0.473 of `Value`'s 93.1k in work done). The timed ratio stays above \
             the count's (0.515 at 0.486 counted in the run before, 0.498 at 0.473 \
             in the run after). On 2026-12-04 (later) the short personal and code \
             fields became `Text` too (`Pii<Text>` for names: 44.0k -> 42.4k), and \
             array items are decoded in place into their slot instead of being built \
             aside and moved (records of a few hundred bytes, moved three times \
             each: 42.4k -> 40.7k, 0.437 of `Value` in work done). What is left is \
             serde_json scanning strings and whitespace, which `Value` does \
             identically; fewer instructions per byte would need a faster scanner \
             (a SIMD parser: a new dependency with unsafe code) or borrowed values \
             instead of owned text. The timed ratio also depends on the CPU: the full run of 2026-12-04 evening \
             ran on an AMD EPYC machine and timed 0.546 [0.533, 0.554] here (missed) and \
             0.515 for CM.com Checkout (undecided), where the run of the same morning on \
             an Intel Xeon machine timed 0.442 and 0.452 with the same decoders (a \
             `--compare` of the two commits on the AMD machine gave 0.554 new against \
             0.545 old, typed time new/old 1.028 [0.939, 1.081]): the same work counted, \
             a different share of `Value`'s time."
        }
        "CM.com ID Scan" => {
            "counted with callgrind on the clients' path: 69k instructions typed against \
             130k for `Value` (0.53). Of the typed decode, 28% is serde_json scanning \
             strings and 23% skipping the whitespace between members (the fixture is \
             pretty-printed, 4 KB with deep indents): work `Value` does identically; 11% \
             is matching field names and 8% allocating (twelve file categories this \
             version does not know, kept as `Unknown` text; URLs and names as owned \
             strings). Times are kept as text and open enums match known values without \
             allocating already. Done on 2026-12-02: one UTF-8 check of the whole body \
             instead of one per string (15% fewer typed instructions). Tried on 2026-12-03 and not kept: \
             `record_decoder!` (68.9k instructions against 66.4k with the derive; typed \
             time new/old 0.961 [0.890, 1.024] in a `--compare` run, no gain shown). \
             Done on 2026-12-04: an unknown enum value of up to 22 bytes and a time of \
             up to 38 are kept in place (`UnknownValue`, `LazyTime`), not on the heap: \
             16 of the 36 allocations per decode gone, 66.4k -> 64.3k instructions \
             (0.503 of `Value` in work done). Later that day: the eleven optional \
             enum, time and personal-text fields of the transaction, its tasks, scans \
             and files are read in one step (`lenient::opt_from_text`, \
             `opt_pii_text`), without serde's `Option` layer: 64.3k -> 62.3k \
             instructions (0.491 of `Value`'s 126.8k in work done), for 7.6k more \
             lines of LLVM IR in cm-idscan (one small visitor per type); the scan and \
             file records as `record_decoder!` with the same one-step reads took \
             64.4k, no gain. Counted again on 2026-12-07 (Intel Xeon model 207, \
             the difference of 1,000 and 2,000 decodes): 63.2k typed against 125.8k \
             for `Value`, 0.502 in work done; in a quick run of the same day the three \
             builds' own medians (*per layout*) were 0.488-0.523: code placement alone \
             moves this row across the target, so it needs some 6 % fewer \
             instructions to be met on any layout. Those builds shuffled single \
             functions, which sat high (section text above); with whole units moved, a \
             decode-only run of 4468e3b gave 0.479 [0.471, 0.492], the builds' own \
             medians 0.468-0.499. \
             Of the typed decode, serde_json's whitespace and string scanning \
             (`has_next_key`, `skip_to_escape`, `parse_str`, `has_next_element`) \
             are about 40k, shared with `Value`; the 20 allocations per decode (12 \
             file URLs, names, the id, one per array) about 5k. Closing the rest \
             needs a faster scanner than serde_json for the typed path (a SIMD \
             parser: a new dependency with unsafe code) or values that share the \
             body's buffer instead of copying (an API change, and personal data \
             kept alive with the whole body)."
        }
        "CM.com iDIN" => {
            "the body is under 1 KB, so fixed costs (lenient numbers-as-strings visitors, \
             one allocation per personal value behind `Pii`) weigh more than the bytes; \
             the absolute cost is a couple of microseconds, far below one round trip. \
             Closing it: fewer per-field allocations (borrowed or small-string values)."
        }
        "CM.com Checkout" => {
            "counted with callgrind on the clients' path: 55k instructions typed against \
             125k for `Value` (0.45), under the target in work done but not in time: the \
             typed decode's field matching and lenient visitors (amounts as numbers or \
             strings) branch more per byte than `Value`'s uniform loop, and the rest is \
             serde_json scanning strings and whitespace as `Value` does. Done on 2026-12-02: \
             one UTF-8 check of the whole body instead of one per string. With whole \
             units moved instead of single functions shuffled, a decode-only run of \
             4468e3b (2026-12-07) gave 0.449 [0.440, 0.460], the builds' own medians \
             0.435-0.462. Closing it: a faster scanner for the typed path, or borrowed \
             values."
        }
        _ => "see the model's decoders.",
    }
}

#[cfg(test)]
mod tests {
    use super::layouts_sentence;
    use crate::decode::DecodeSection;
    use crate::settings::Settings;

    fn settings(layouts: &str) -> Settings {
        let args = ["--quick", "--decode-layouts", layouts].map(str::to_owned);
        Settings::parse(&args, std::path::Path::new("/w")).unwrap()
    }

    fn section(layouts: usize, shortfall: Option<&str>) -> DecodeSection {
        DecodeSection {
            rows: Vec::new(),
            layouts,
            shortfall: shortfall.map(str::to_owned),
        }
    }

    #[test]
    fn the_method_names_how_many_reordered_builds_the_processes_ran() {
        let text = layouts_sentence(&section(8, None), &settings("8"));
        assert!(text.contains("8 builds of the same code"), "{text}");
        assert!(text.contains("seeds 1 to 7"), "{text}");
        assert!(text.contains("`--symbol-ordering-file`"), "{text}");
        assert!(!text.contains("asked for"), "{text}");
    }

    #[test]
    fn fewer_builds_than_asked_are_reported_with_the_reason() {
        let text = layouts_sentence(
            &section(1, Some("cargo rustc failed: unknown option.")),
            &settings("4"),
        );
        assert!(text.contains("does not cover code placement"), "{text}");
        assert!(
            text.contains("4 builds were asked for (`--decode-layouts`) and 1 made: cargo rustc failed: unknown option."),
            "{text}"
        );
    }
}
