//! The webhooks section of BENCHMARKS.md.

use std::fmt::Write;

use crate::webhooks::Webhooks;

/// Writes the section.
pub fn write(out: &mut String, webhooks: &Webhooks) {
    let _ = writeln!(out, "## 5. Receiving webhooks\n");
    let _ = writeln!(
        out,
        "{} Persona transactions created in the sandbox, one signed \
         `transaction.status-updated` delivery each, sent twice (the copies in reverse \
         order) over HTTP, each on a new connection, to one listener \
         (`txstatus_webhooks::service::serve`, what `txstatus listen` runs) with a \
         `MemoryStore`; the acknowledgement latency is the sender's, connect to answer. \
         Every accepted delivery is re-read from the sandbox's API in the background. \
         One repetition.\n",
        webhooks.distinct
    );
    let _ = writeln!(out, "| figure | value |");
    let _ = writeln!(out, "|---|---:|");
    let _ = writeln!(out, "| deliveries handled | {} |", webhooks.deliveries);
    let _ = writeln!(
        out,
        "| deliveries acknowledged per s | {:.0} |",
        webhooks.accepted_per_s
    );
    let _ = writeln!(
        out,
        "| events reconciled per s (to the last re-read) | {:.0} |",
        webhooks.reconciled_per_s
    );
    let _ = writeln!(
        out,
        "| acknowledgement latency p50 / p99, µs | {} / {} |",
        webhooks.ack_p50_us, webhooks.ack_p99_us
    );
    let _ = writeln!(
        out,
        "| re-reads per distinct event (duplicates add none) | {:.2} |",
        webhooks.reads_per_event
    );
    let _ = writeln!(out, "| transitions recorded | {} |\n", webhooks.transitions);
}
