//! The polling section of BENCHMARKS.md.

use std::fmt::Write;

use crate::polling::Polling;
use crate::report::format::{mib, spread};

/// Writes the section.
pub fn write(out: &mut String, polling: &Polling) {
    let _ = writeln!(out, "## 4. Polling many transactions\n");
    let _ = writeln!(
        out,
        "{} CM.com iDIN transactions per repetition, created with `POST /transaction` \
         before the clock starts (the sandbox's only way to get many distinct ids that \
         progress: an issued id answers `open` at its first read (the user back from the \
         bank), then `success` with the identity asked; every other provider has fixed scenario ids with one read counter each). \
         One `cm_idin::Client` with `ClientOptions::rate_limit` = {} requests per second \
         watches them with `txstatus_core::poll_until_terminal` ({} ms between reads, no \
         backoff), {} at a time, in its own child process; a fresh sandbox per \
         repetition runs in the parent and counts requests and the busiest one-second \
         window. {} repetitions; figures: median (min–max).\n",
        polling.transactions,
        polling.rate_limit,
        polling.interval_ms,
        polling.concurrency,
        polling.runs.len()
    );
    let peak = polling.peak_per_second();
    let _ = writeln!(out, "| figure | value |");
    let _ = writeln!(out, "|---|---:|");
    let _ = writeln!(out, "| wall time, s | {} |", spread(&polling.wall_s(), 2));
    let _ = writeln!(
        out,
        "| transactions finished per s | {} |",
        spread(&polling.transactions_per_second(), 1)
    );
    let _ = writeln!(
        out,
        "| peak RSS of the watcher, MiB | {} |",
        mib(&polling.rss_kib())
    );
    let _ = writeln!(
        out,
        "| requests sent per transaction | {} |",
        spread(&polling.requests_per_transaction(), 3)
    );
    let _ = writeln!(
        out,
        "| connections (sandbox) | {} |",
        spread(&polling.connections(), 0)
    );
    let _ = writeln!(
        out,
        "| busiest second seen by the sandbox, requests | {} |",
        spread(&peak, 0)
    );
    let _ = writeln!(
        out,
        "| configured limit, requests per second | {} |",
        polling.rate_limit
    );
    let _ = writeln!(
        out,
        "| transactions not finished (all repetitions) | {} |",
        polling.failures()
    );
    out.push('\n');
    let limit = f64::from(polling.rate_limit.max(1));
    let _ = writeln!(
        out,
        "Two reads per transaction is the minimum for this scenario (open, then the final \
         success), so a requests-per-transaction figure of 2 means the client sent nothing \
         extra. The rate, not the concurrency, bounds the wall time: {} requests at {} per \
         second take at least {:.1} s.\n",
        polling.transactions * 2,
        polling.rate_limit,
        (polling.transactions * 2) as f64 / limit,
    );
    if peak.max <= limit {
        let _ = writeln!(
            out,
            "The limit held: the busiest one-second window the sandbox saw never exceeded \
             {} requests.\n",
            polling.rate_limit
        );
    } else {
        let _ = writeln!(
            out,
            "The busiest one-second window at the sandbox held up to {:.0} requests, {:.1}% \
             over the configured {}. Why: `RateLimit` hands out start slots exactly {:.1} ms \
             apart, so no second of *scheduled* starts holds more than the limit, but a task \
             whose slot has come still has to be woken (Tokio timers tick in whole \
             milliseconds), polled on a busy worker and written to the socket, and the \
             sandbox timestamps the request only when it has parsed it; a few late starts \
             followed by on-time ones land in the same window. What would close it: \
             measure the window where it matters — a limiter that counts actual send times \
             in a sliding window (wait until the start `per` ago has left it) bounds \
             what leaves the client, and configuring the client a few percent under the \
             provider's published limit absorbs the network's jitter, which no client \
             can control.\n",
            peak.max,
            (peak.max / limit - 1.0) * 100.0,
            polling.rate_limit,
            1000.0 / limit,
        );
    }
}
