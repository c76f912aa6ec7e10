//! The footprint section of BENCHMARKS.md.

use std::fmt::Write;

use crate::footprint::tree::crate_name;
use crate::footprint::{ALLOWED_DIRECT, AUTH_NEEDS, Footprint, TARGET_BUILD_RATIO};
use crate::report::format::verdict;

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
         workspace with a copy of the root `Cargo.lock`. Cold builds (full mode only, \
         once each): `cargo build --release --offline` with an empty `CARGO_TARGET_DIR`. \
         Note that `rustls-no-provider` leaves the baseline without a crypto provider, so \
         it cannot speak HTTPS; a second baseline adds rustls on ring and the Mozilla \
         roots ({} crates), which every provider needs for TLS.\n",
        footprint.baseline_crates, footprint.baseline_tls_crates
    );
    let _ = writeln!(
        out,
        "| crate | crates in tree | added over baseline | cold build s | ÷ baseline | ÷ baseline+TLS | target ≤ {TARGET_BUILD_RATIO}× |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---|");
    if let Some(base) = footprint.baseline_build_s {
        let _ = writeln!(
            out,
            "| baseline | {} | – | {base:.1} | 1.00 | – | – |",
            footprint.baseline_crates
        );
    }
    if let Some(tls) = footprint.baseline_tls_build_s {
        let _ = writeln!(
            out,
            "| baseline + rustls/ring + roots | {} | {} | {tls:.1} | {} | 1.00 | – |",
            footprint.baseline_tls_crates,
            footprint
                .baseline_tls_crates
                .saturating_sub(footprint.baseline_crates),
            ratio(Some(tls), footprint.baseline_build_s),
        );
    }
    for row in &footprint.rows {
        let build_ratio = row
            .build_s
            .zip(footprint.baseline_build_s)
            .map(|(b, base)| b / base);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            row.crate_name,
            row.crates,
            row.added_count(),
            row.build_s
                .map_or_else(|| "– (full mode)".to_owned(), |s| format!("{s:.1}")),
            ratio(row.build_s, footprint.baseline_build_s),
            ratio(row.build_s, footprint.baseline_tls_build_s),
            build_ratio.map_or("– (full mode)", |r| verdict(r <= TARGET_BUILD_RATIO)),
        );
    }
    out.push('\n');
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
    if let (Some(base), Some(tls)) = (footprint.baseline_build_s, footprint.baseline_tls_build_s) {
        let slow: Vec<&str> = footprint
            .rows
            .iter()
            .filter(|r| r.build_s.is_some_and(|b| b / base > TARGET_BUILD_RATIO))
            .map(|r| r.crate_name.as_str())
            .collect();
        if !slow.is_empty() {
            let over_tls: Vec<String> = footprint
                .rows
                .iter()
                .filter_map(|r| r.build_s.map(|b| (r.crate_name.as_str(), b / tls)))
                .filter(|(_, ratio)| *ratio > TARGET_BUILD_RATIO)
                .map(|(name, ratio)| format!("{name} {ratio:.2}×"))
                .collect();
            let against_tls = if over_tls.is_empty() {
                format!(
                    "against it every provider is within {TARGET_BUILD_RATIO}× (the ÷ \
                     baseline+TLS column)"
                )
            } else {
                format!(
                    "against it {} still pass{} {TARGET_BUILD_RATIO}×",
                    over_tls.join(", "),
                    if over_tls.len() == 1 { "es" } else { "" }
                )
            };
            let _ = writeln!(
                out,
                "### Missed build-time target: why, and what would close it\n\n\
                 {} build{} in more than {TARGET_BUILD_RATIO}× the baseline's {base:.1} s. \
                 The baseline cannot make an HTTPS request: `rustls-no-provider` compiles \
                 rustls without a crypto provider, and ring (C and assembly, built by `cc`) \
                 is a large part of the difference — the baseline with rustls on ring and \
                 the roots takes {tls:.1} s ({:.2}×), and {against_tls}. The rest is \
                 txstatus-core, `time` with its proc macro (`time-macros`), `async-trait`'s \
                 proc macro and the provider's own models; proc macros build before the \
                 crates that use them, so they lengthen the critical path on two cores. \
                 What would close it: against the bare baseline, nothing short of not \
                 linking a crypto provider, which no HTTPS client can avoid; against the \
                 functional baseline, dropping `time`'s `macros` feature (format \
                 descriptions written out by hand) and `async-trait` (native `async fn` in \
                 traits, with a boxed-future wrapper only for the `dyn StatusSource` \
                 path). Each time is one \
                 cold build on cores shared with other work, so differences of a few \
                 seconds are within noise.\n",
                slow.join(", "),
                if slow.len() == 1 { "s" } else { "" },
                tls / base,
            );
        }
    }
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
