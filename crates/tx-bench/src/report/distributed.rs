//! The distributed-watching section of BENCHMARKS.md.

use std::fmt::Write;

use crate::distributed::{
    BUDGET_PER_S, CONCURRENCY, DistRun, Distributed, INTERVAL, MARGIN, READ_DEADLINE, WORKERS,
};
use crate::report::format::verdict;

/// Writes the section.
pub fn write(out: &mut String, distributed: &Distributed) {
    let _ = writeln!(out, "## 6. Distributed watching on Redis\n");
    let _ = writeln!(
        out,
        "{WORKERS} worker **processes** (`txstatus_redis::Worker`, {CONCURRENCY} reads at \
         once each) on one real `redis-server`: one schedule, one shared budget of \
         {BUDGET_PER_S} requests/s (`RedisRateLimiter`), Persona transactions created in \
         the sandbox, each moving `created` → `pending` → `completed` on the sandbox's \
         clock (time-driven progression), enqueued with a {} ms interval, so the budget, \
         not the schedule, sets the pace. Leases: read deadline {} s + margin {} s. \
         Overlapping reads are counted across processes (each read's start and end, logged to Redis after it, compared per transaction). \
         The minimum number of reads is one per state recorded (the transitions). One \
         repetition per run.\n",
        INTERVAL.as_millis(),
        READ_DEADLINE.as_secs(),
        MARGIN.as_secs()
    );
    let runs = [&distributed.steady, &distributed.kill];
    let _ = writeln!(
        out,
        "| figure | all workers | one killed (SIGKILL) at a third |"
    );
    let _ = writeln!(out, "|---|---:|---:|");
    let row = |out: &mut String, name: &str, f: &dyn Fn(&DistRun) -> String| {
        let _ = writeln!(out, "| {name} | {} | {} |", f(runs[0]), f(runs[1]));
    };
    row(out, "transactions", &|r| r.transactions.to_string());
    row(out, "sandbox step between statuses, s", &|r| {
        format!("{:.1}", r.step.as_secs_f64())
    });
    row(out, "reached their final state", &|r| {
        r.finished.to_string()
    });
    row(
        out,
        "busiest second at the provider (sliding) / budget",
        &|r| format!("{} / {BUDGET_PER_S}", r.sandbox_peak_per_s),
    );
    row(
        out,
        "busiest second of budget slots (Redis TIME, sliding)",
        &|r| r.budget_peak_per_s.to_string(),
    );
    row(
        out,
        "aggregate throughput, first to last read, reads/s (x budget)",
        &|r| {
            format!(
                "{:.0} ({:.2}x)",
                r.throughput_per_s,
                r.throughput_per_s / f64::from(BUDGET_PER_S)
            )
        },
    );
    row(out, "median second, reads (x budget)", &|r| {
        format!(
            "{} ({:.2}x)",
            r.median_second,
            r.median_second as f64 / f64::from(BUDGET_PER_S)
        )
    });
    row(out, "reads per transaction / minimum (transitions)", &|r| {
        let n = r.transactions.max(1) as f64;
        format!(
            "{:.2} / {:.2}",
            r.reads as f64 / n,
            r.transitions as f64 / n
        )
    });
    row(out, "two reads of one transaction in flight", &|r| {
        r.overlaps.to_string()
    });
    row(out, "peak RSS per worker, MiB", &|r| {
        r.rss_kib
            .iter()
            .map(|k| format!("{:.1}", *k as f64 / 1024.0))
            .collect::<Vec<_>>()
            .join(", ")
    });
    row(out, "wall time, s", &|r| format!("{:.1}", r.wall_s));
    let _ = writeln!(
        out,
        "\nThe kill run has a fifth of the transactions, so its RSS column against the \
         first shows whether a worker's memory grows with the number of transactions.\n"
    );
}

/// The section's rows of the targets table.
pub fn summary(out: &mut String, distributed: &Distributed) {
    let runs = [&distributed.steady, &distributed.kill];
    let budget = u64::from(BUDGET_PER_S);
    let peak = runs.iter().map(|r| r.sandbox_peak_per_s).max().unwrap_or(0);
    let _ = writeln!(
        out,
        "| distributed: busiest second at the provider ≤ the shared budget ({BUDGET_PER_S}/s) | {} (busiest {peak}) |",
        verdict(peak <= budget)
    );
    let steady = &distributed.steady;
    let _ = writeln!(
        out,
        "| distributed: throughput ≥ 0.9× the budget | {} (median second {:.2}×; first to last read {:.2}×) |",
        verdict(steady.median_second as f64 >= 0.9 * f64::from(BUDGET_PER_S)),
        steady.median_second as f64 / f64::from(BUDGET_PER_S),
        steady.throughput_per_s / f64::from(BUDGET_PER_S)
    );
    let all_final = runs.iter().all(|r| r.finished == r.transactions);
    let overlaps: u64 = runs.iter().map(|r| r.overlaps).sum();
    let _ = writeln!(
        out,
        "| distributed: every transaction final, none read twice at once (one worker killed) | {} ({overlaps} overlaps) |",
        verdict(all_final && overlaps == 0)
    );
}
