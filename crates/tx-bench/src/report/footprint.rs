//! The footprint section of BENCHMARKS.md.

use std::fmt::Write;

use crate::footprint::timings::Step;
use crate::footprint::tree::crate_name;
use crate::footprint::{ALLOWED_DIRECT, AUTH_NEEDS, Footprint, FootprintRow, TARGET_BUILD_RATIO};
use crate::report::format::ratio as ratio_interval;

/// Writes the section.
pub fn write(out: &mut String, footprint: &Footprint) {
    let _ = writeln!(out, "## 3. Footprint\n");
    let _ = writeln!(
        out,
        "Crates in each provider's normal dependency tree (`cargo tree -p <crate> -e normal \
         --prefix none`, deduplicated, the crate itself included) against a baseline \
         program using reqwest (the workspace's features: `rustls-no-provider`, `query`, \
         `form`, `system-proxy`) + serde with derive + serde_json + tokio ({} crates). \
         Minimal programs live in `target/bench-footprint/<name>/`, each its own \
         workspace with a copy of the root `Cargo.lock`. Cold builds (full mode only): \
         `cargo build --release --offline --timings` with an empty `CARGO_TARGET_DIR`, \
         in {} rounds; each round builds the TLS baseline, txstatus-core alone and every \
         provider, the order reversed every other round, and a provider's ratio is taken against the \
         baseline of its own round (median [interval of the median, its level shown \
         when the rounds are too few for 95 %]; met or missed only when the whole \
         interval is on one side). CPU = user + system seconds of cargo and every \
         compiler it ran, less moved by a busy neighbour than wall time, reported \
         beside it. The critical path is read from cargo's timing report of the first \
         round. \
         Note that `rustls-no-provider` leaves the baseline without a crypto provider, so \
         it cannot speak HTTPS; a second baseline adds rustls on ring and the Mozilla \
         roots ({} crates), which every provider needs for TLS.\n",
        footprint.baseline_crates, footprint.build_rounds, footprint.baseline_tls_crates
    );
    let _ = writeln!(
        out,
        "| crate | crates in tree | added over baseline | cold build s (median) | ÷ baseline | ÷ baseline+TLS, per round | CPU ÷ baseline+TLS, per round | target ≤ {TARGET_BUILD_RATIO}× baseline+TLS |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---|");
    if let Some(base) = footprint.baseline_build_s {
        let _ = writeln!(
            out,
            "| baseline | {} | – | {base:.1} | 1.00 | – | – | – |",
            footprint.baseline_crates
        );
    }
    if let Some(tls) = footprint.baseline_tls_build_s {
        let _ = writeln!(
            out,
            "| baseline + rustls/ring + roots | {} | {} | {tls:.1} | {} | 1.00 | 1.00 | – |",
            footprint.baseline_tls_crates,
            footprint
                .baseline_tls_crates
                .saturating_sub(footprint.baseline_crates),
            ratio(Some(tls), footprint.baseline_build_s),
        );
    }
    if let Some(core) = &footprint.core_alone {
        write_row(
            out,
            footprint,
            core,
            "txstatus-core alone",
            "reported: the floor under every provider",
        );
    }
    for row in &footprint.rows {
        let verdict = row.build_verdict().map_or("– (full mode)", |v| v.short());
        write_row(out, footprint, row, &row.crate_name, verdict);
    }
    out.push('\n');
    write_floor(out, footprint);
    let _ = writeln!(
        out,
        "### Crates each provider adds over the baseline\n\n\
         Grouped by the added crate that brings them (`head ← who depends on it: the \
         crates in the group`). Allowed by the target: {}, plus what TLS and auth need \
         ({}: every provider speaks HTTPS through rustls, which needs a crypto \
         provider; ID Scan also signs HS256 JWTs with ring through `txstatus_core::crypto`).\n",
        ALLOWED_DIRECT.map(|d| format!("`{d}`")).join(", "),
        AUTH_NEEDS.map(|d| format!("`{d}`")).join(", "),
    );
    for row in &footprint.rows {
        let groups: Vec<String> = row
            .added
            .iter()
            .map(|g| {
                let members: Vec<&str> = g.members.iter().map(String::as_str).collect();
                let wanted: Vec<&str> = g.wanted_by.iter().map(String::as_str).collect();
                if wanted.is_empty() {
                    format!("`{}`", members.join("`, `"))
                } else {
                    format!(
                        "{} ← {}: `{}`",
                        crate_name(&g.head),
                        wanted.join(", "),
                        members.join("`, `")
                    )
                }
            })
            .collect();
        let _ = writeln!(
            out,
            "- **{}** (+{} crates): {}",
            row.crate_name,
            row.added_count(),
            groups.join("; ")
        );
        let outside: Vec<String> = row
            .outside_list()
            .iter()
            .map(|g| format!("`{}`", crate_name(&g.head)))
            .collect();
        let _ = writeln!(
            out,
            "  - outside the list: {}",
            if outside.is_empty() {
                "nothing (target met)".to_owned()
            } else {
                format!("{} (target **missed**)", outside.join(", "))
            }
        );
    }
    let mut heads: Vec<String> = footprint
        .rows
        .iter()
        .flat_map(|r| r.outside_list())
        .map(|g| crate_name(&g.head).to_owned())
        .collect();
    heads.sort();
    heads.dedup();
    if !heads.is_empty() {
        let _ = writeln!(
            out,
            "\nWhy the crates outside the list are there, and what would close it:\n"
        );
        for head in heads {
            let _ = writeln!(out, "- `{head}`: {}", why_outside(&head));
        }
    }
    out.push('\n');
    write_critical_paths(out, footprint);
    out.push_str(BUILD_COST);
}

/// What a provider crate adds to a cold build, from `cargo llvm-lines` counts
/// (deterministic, unlike the timings on a shared machine) and `-Z time-passes`.
const BUILD_COST: &str = "### What a provider adds to a cold build, and why the target is not met\n\n\
    At 1.1x the TLS baseline a provider may add about 4-5 s to a cold build. On the \
    chains above, txstatus-core alone takes 4-5 s and the provider crate 5-9 s, so \
    meeting the target would need both about halved. Both are mostly serde code \
    generated per model: `-Z time-passes` on persona-tx (nightly, 2026-12-03) puts \
    about 1.5 s of its ~10 s in the front end (expansion, type and borrow checking) \
    and the rest in LLVM optimizing and generating code, ThinLTO across its codegen \
    units included. Done this round: a decode error used to be described by walking \
    the body again with a second, structural deserializer, which compiled every \
    model's decode code a second time; it is now described from the model's own \
    decoder (serde's message forms, and the same decoder re-run on copies with one \
    key renamed to learn which keys are field names). Lines of LLVM IR (`cargo \
    llvm-lines --release`, repeatable): persona-tx 324k -> 230k, cm-idin 130k -> 90k \
    (-29 %, -31 %). In time the cut is smaller: three warm rebuilds of txstatus-core \
    and persona-tx, alternated with the commit before, took 15.7-17.3 CPU s against \
    17.5-20.7 (the persona-tx unit 7.6-8.5 s against 8.5-10.0 s), some 2-3 s of a \
    ~100 CPU s cold build, less than the spread between rounds in the table. What \
    remains per model: serde_json's decoder (`deserialize_struct`, `_any`, `_option`, \
    `_seq`: about 15 % of persona-tx's lines), the derived visitors (each struct \
    also gets the `visit_seq` serde generates for structs written as arrays), the \
    `Serialize` impls behind the redacted JSON output, and the async call path. \
    Done next (2026-12-03, later): `txstatus_core::provider::record_decoder!` decodes \
    a record with one key table and one short arm per field, the key, value and \
    skip reads shared per value type, and no array path; onespan-tx's, cm-idin's \
    and cm-checkout's records use it. Lines of LLVM IR: onespan-tx 121k -> 104k \
    (-14 %), cm-idin 88k -> 81k (-8 %), cm-checkout 121k -> 108k (-11 %); in \
    three alternated warm rebuilds onespan-tx's unit went from 13.2-14.3 to \
    11.9-12.5 CPU s (measured with a first version whose shared reads were kept \
    out of line): about 1.5 s of a ~100 CPU s cold build, less than the spread \
    between rounds; the other two were not timed. Done after that (2026-12-04): \
    persona-tx's derived records (all but `Transaction`, whose `data` is \
    required, and the generic `Relationship`; its main models' attributes, fields \
    and included objects already had hand-written decoders) use it too: 228k -> \
    201k lines (-12 %); three alternated warm rebuilds of its unit took 14.5-16.4 \
    CPU s against 15.7-19.4, within the noise. What is left in persona-tx is \
    serde_json's decoder instantiated per visitor (`deserialize_map`, `_any`, \
    `_option`, `next_key_seed`, `next_value_seed`), the `Serialize` impls the \
    redacted report needs (about 27k lines), the `BTreeMap` of fields (about 22k) \
    and the async call path. Done next (2026-12-04, later): every provider crate reads JSON bytes with \
    the core's one text reader (`txstatus_core::provider::from_json_slice`; a \
    rule of `cargo test -p xtask` now), and the core reads a written model's \
    JSON back in a function that is not generic: before, serde_json's slice \
    reader and its `Value` decoder were compiled into every provider crate a \
    second time, beside the text reader its models use. Lines of LLVM IR before \
    optimisation (one codegen unit): persona-tx 285k -> 277k (-3 %), cm-idscan \
    165k -> 159k (-3 %), cm-idin 108k -> 92k (-15 %), cm-checkout 159k -> 140k \
    (-12 %), onespan-tx 150k -> 139k (-7 %); three alternated warm rebuilds of \
    each provider's unit: cm-idin 4.1-4.2 -> 3.5-3.8 CPU s, cm-checkout 5.9-6.2 \
    -> 4.9-5.7, onespan-tx 5.5-6.2 -> 5.3-5.9, persona-tx and cm-idscan within \
    the noise: under 1 % of a cold build. \
    cm-idscan keeps serde's derive: with \
    the macro (its required fields given a placeholder start value) its \
    transaction decode took 4 % more instructions (callgrind: 68.9k against \
    66.4k per decode, the key lookup and the field dispatch each an indirect \
    jump where the derive's are in one function), and a `--compare` run of its \
    typed time (new/old 0.961 [0.890, 1.024]) could not show a gain, and its \
    decode is the closest of the five to its target, which weighs more than its \
    build. Where the added time goes (one cold `--timings` build of persona-tx's \
    program, 2026-12-05, 93.5 s of unit time on two cores): persona-tx 6.6 s, \
    txstatus-core 4.6 s, `time` 2.2 s and `deranged` 0.7 s. `time` with only `std` \
    builds in 1.3 CPU s against 2.8 s with the `parsing` and `formatting` its RFC 3339 \
    reads and writes need (its whole tree, alone). Done (2026-12-07): txstatus-core \
    reads and writes RFC 3339 itself (`txstatus_core::rfc3339`, checked against \
    `time`'s parser and writer on every boundary, every one-character change of them \
    and 60,000 generated times), so every provider's tree builds `time` with `std` \
    only: `time` and its dependencies alone took 2.0-2.5 CPU s against 4.2-4.9 s with \
    those features (three alternated cold builds each, Intel Xeon), about 2 % of a \
    provider's cold build. Four alternated cold builds of a \
    cm-idin program, before and after (2026-12-07, Intel Xeon model 207), took \
    143.8-164.1 CPU s before and 139.2-166.1 s after, new/old per round 0.90, 1.01, \
    0.92 and 1.06: one program's cold build moves by up to 15 % between rounds on \
    that machine, which hides a 2 % change; only the crate's own builds show it. \
    That machine's full run (of this commit) put the providers at 1.23-1.30x the TLS \
    baseline of their round, intervals 0.2-0.4 wide (the same program's cold build \
    moved by up to 25 % between rounds), against 1.12-1.22 on the AMD EPYC machine \
    of the run before: missed on both, by more there. \
    Measured from 2026-12-07 on (the *txstatus-core alone* row above): a program that \
    uses only the shared core, cold-built in the same rounds, took 1.18 [1.15, 1.19] \
    of the TLS baseline's CPU time in its first full run, against 1.21-1.27 for the \
    five providers. The core and what it brings (`time`, `secrecy`) are about three \
    quarters of what a provider adds and its own crate the rest, and the core alone \
    is above the 1.1x limit: no work on the provider crates can meet this target. It \
    needs txstatus-core's own cold build (about 12 CPU s, 173k lines of LLVM IR \
    spread evenly over its modules: the largest, the call path and the error type, \
    are about 3 % each, and about half of the lines are its instances of the standard \
    library's and serde_json's generic code) cut by more than half. What not every \
    provider uses is far too little for that: attributed per module by the symbol \
    names (v0 mangling) of its LLVM IR before optimisation (2026-12-07), token \
    fetching and its errors (`auth`, which also holds the static headers every \
    provider uses, and `oauth_error`: 3.4 % of the lines), downloads (2.1 %: Persona, \
    ID Scan and OneSpan), ID Scan's JWT signing (`crypto`, 0.7 %) and webhook \
    verification (1.8 %) come to at most 8 %: behind features they would save about \
    1 CPU s of a cold build where 6 s or more is needed. The rest is the rules every \
    call keeps (deadline, retries, body cap, redaction, lenient decoding, the error \
    type), so this target needs a limit set above the core, not a smaller core. Closing the providers' part would take one decoder per crate over a \
    type-erased deserializer (slower decodes) or fewer typed models.\n\n";

/// One row of the footprint table; the target is set against the baseline that
/// can speak HTTPS.
fn write_row(
    out: &mut String,
    footprint: &Footprint,
    row: &FootprintRow,
    name: &str,
    verdict: &str,
) {
    let _ = writeln!(
        out,
        "| {name} | {} | {} | {} | {} | {} | {} | {verdict} |",
        row.crates,
        row.added_count(),
        row.build_s
            .map_or_else(|| "– (full mode)".to_owned(), |s| format!("{s:.1}")),
        ratio(row.build_s, footprint.baseline_build_s),
        row.build_ratio
            .as_ref()
            .map_or_else(|| "–".to_owned(), |r| ratio_interval(r, 2)),
        row.cpu_ratio
            .as_ref()
            .map_or_else(|| "–".to_owned(), |r| ratio_interval(r, 2)),
    );
}

/// What the core alone says about the target: a provider's build is the core's
/// plus its own crate, so a core at or above the limit leaves a provider no room.
fn write_floor(out: &mut String, footprint: &Footprint) {
    let Some(core) = &footprint.core_alone else {
        return;
    };
    let Some(cpu) = &core.cpu_ratio else {
        return;
    };
    let room = TARGET_BUILD_RATIO - cpu.spread.median;
    let reading = if cpu.interval.low >= TARGET_BUILD_RATIO {
        "at or above the limit over its whole interval: no provider crate can meet the \
         target in this run, whatever its own crate costs, until txstatus-core (or \
         what it brings: `time`, `secrecy`) builds faster"
            .to_owned()
    } else if room > 0.0 {
        format!(
            "below the limit at its median, leaving a provider's own crate about {:.0} % \
             of the baseline's CPU time",
            room * 100.0
        )
    } else {
        "at or above the limit at its median: a provider's own crate has no room left \
         in this run"
            .to_owned()
    };
    let _ = writeln!(
        out,
        "The floor: *txstatus-core alone* is a program that uses only the shared core \
         (it builds the transport every client is made of), cold-built in the same \
         rounds. Every provider's build is this plus its own crate. Its CPU time, \
         {} of the TLS baseline's, is {reading}.\n",
        ratio_interval(cpu, 2)
    );
}

/// The chain of units that ended each cold build, and what is on it.
fn write_critical_paths(out: &mut String, footprint: &Footprint) {
    let rows: Vec<(&str, Option<f64>, &[Step])> = std::iter::once((
        "baseline + rustls/ring + roots",
        footprint.baseline_tls_build_s,
        footprint.baseline_tls_path.as_slice(),
    ))
    .chain(
        footprint
            .core_alone
            .iter()
            .map(|r| ("txstatus-core alone", r.build_s, r.critical_path.as_slice())),
    )
    .chain(
        footprint
            .rows
            .iter()
            .map(|r| (r.crate_name.as_str(), r.build_s, r.critical_path.as_slice())),
    )
    .filter(|(_, _, path)| !path.is_empty())
    .collect();
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "### Critical paths of the cold builds\n\n\
         From cargo's `--timings` report: starting at the unit that finished last, each \
         step is the unit whose completion let the next one start. Units of under 0.5 s \
         are left out of the chain; the sums count every unit on the path. The chain \
         starts late: before its first unit nothing it depends on was unfinished, so that \
         wait is for a free core (two here), not for a dependency, and so are the waits \
         between its units: start + on the chain + waits = where the chain ends, and the \
         wall time after that is cargo's own work (the report, the exit). On two cores a \
         cold build is bound by the total work more than by this chain, which is why the \
         CPU ratio above tracks the wall ratio.\n"
    );
    let _ = writeln!(
        out,
        "| build | wall s | chain starts at s | on the chain: s | waits on the chain for a core: s | chain ends at s | proc macros s | build scripts s | chain (s per unit) |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---:|---|");
    for (name, wall, path) in rows {
        // `+ 0.0`: an empty sum of floats is -0.0.
        let total: f64 = path.iter().map(|s| s.duration).sum::<f64>() + 0.0;
        let starts_at = path.first().map_or(0.0, |s| s.start);
        let macros: f64 = path
            .iter()
            .filter(|s| s.label.contains("proc-macro"))
            .map(|s| s.duration)
            .sum::<f64>()
            + 0.0;
        let scripts: f64 = path
            .iter()
            .filter(|s| s.label.contains("build-script"))
            .map(|s| s.duration)
            .sum::<f64>()
            + 0.0;
        // A unit on the chain starts when the one before it ends, unless both cores
        // are busy: the rest of the wall time is that wait, and cargo's own work
        // after the chain's end (the report, the exit).
        let waits: f64 = path
            .windows(2)
            .filter_map(|pair| match pair {
                [before, after] => Some((after.start - (before.start + before.duration)).max(0.0)),
                _ => None,
            })
            .sum::<f64>()
            + 0.0;
        let ends_at = path.last().map_or(0.0, |s| s.start + s.duration);
        let chain: Vec<String> = path
            .iter()
            .filter(|s| s.duration >= 0.5)
            .map(|s| format!("{} {:.1}", s.label, s.duration))
            .collect();
        let _ = writeln!(
            out,
            "| {name} | {} | {starts_at:.1} | {total:.1} | {waits:.1} | {ends_at:.1} | {macros:.1} | {scripts:.1} | {} |",
            wall.map_or_else(|| "–".to_owned(), |w| format!("{w:.1}")),
            chain.join(" → ")
        );
    }
    out.push('\n');
}

/// Why a crate outside the list is there and what would remove it.
fn why_outside(head: &str) -> &'static str {
    match head {
        "httpdate" => {
            "txstatus-core parses `Retry-After` HTTP dates with it; one small crate without \
             dependencies. Closing it: allow it (it is part of txstatus-core's retry contract) \
             or parse IMF-fixdate with `time`, already in the tree."
        }
        "serde_path_to_error" => {
            "txstatus-core names the JSON path of a decode failure with it (error path only); \
             one small crate without dependencies. Closing it: allow it, or track the \
             path in a small deserializer wrapper in txstatus-core."
        }
        _ => "not in the issue's list; see who depends on it.",
    }
}

fn ratio(value: Option<f64>, base: Option<f64>) -> String {
    match (value, base) {
        (Some(v), Some(b)) if b > 0.0 => format!("{:.2}", v / b),
        _ => "–".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::Ratio;

    fn row(name: &str, per_round: &[f64]) -> FootprintRow {
        FootprintRow {
            crate_name: name.to_owned(),
            crates: 95,
            added: Vec::new(),
            build_s: Some(60.0),
            build_ratio: Some(Ratio::of(per_round)),
            cpu_ratio: Some(Ratio::of(per_round)),
            critical_path: Vec::new(),
        }
    }

    fn footprint(core_per_round: &[f64]) -> Footprint {
        Footprint {
            baseline_crates: 87,
            baseline_build_s: Some(47.0),
            baseline_tls_build_s: Some(54.0),
            build_rounds: core_per_round.len(),
            baseline_tls_crates: 91,
            baseline_tls_path: Vec::new(),
            rows: vec![row("cm-idin", &[1.22, 1.25, 1.24])],
            core_alone: Some(row("txstatus-core", core_per_round)),
        }
    }

    #[test]
    fn the_core_alone_is_reported_as_the_floor_and_not_judged() {
        let mut out = String::new();
        write(&mut out, &footprint(&[1.15, 1.17, 1.16]));
        assert!(
            out.contains("| txstatus-core alone | 95 | 0 | 60.0 | 1.28 |"),
            "{out}"
        );
        assert!(
            out.contains("| reported: the floor under every provider |"),
            "{out}"
        );
        assert!(
            out.contains("no provider crate can meet the target in this run"),
            "{out}"
        );
        assert!(out.contains("| cm-idin | 95 | 0 | 60.0 | 1.28 |"), "{out}");
    }

    #[test]
    fn a_floor_below_the_limit_says_how_much_room_a_provider_has() {
        let mut out = String::new();
        write(&mut out, &footprint(&[1.04, 1.06, 1.05]));
        assert!(
            out.contains("about 5 % of the baseline's CPU time"),
            "{out}"
        );
        assert!(!out.contains("no provider crate can meet"), "{out}");
    }
}
