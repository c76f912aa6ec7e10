//! The webhooks section of BENCHMARKS.md.

use std::fmt::Write;

use crate::two_listeners::{LISTENERS, TwoListeners};
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
    write_two(out, &webhooks.two);
}

/// The second table: two listeners on one Redis behind a round-robin sender.
fn write_two(out: &mut String, two: &TwoListeners) {
    let _ = writeln!(out, "### Two listeners behind one round-robin sender\n");
    let _ = writeln!(
        out,
        "{} Persona transactions, each moved through `created`, `pending`, `completed` \
         (`advance_persona` between rounds). Each round sends one signed delivery per \
         transaction twice, the copies in reverse order, alternating between {} \
         listeners (`service::serve`, each on its own port with its own `RedisStore` on \
         one real `redis-server`, same prefix), so the two copies of an event reach \
         different listeners; both are drained before the next round. The stream is \
         then read back with `XRANGE`. One repetition.\n",
        two.distinct, LISTENERS
    );
    let _ = writeln!(out, "| figure | value |");
    let _ = writeln!(out, "|---|---:|");
    let _ = writeln!(out, "| deliveries sent | {} |", two.deliveries);
    let _ = writeln!(
        out,
        "| distinct state changes expected | {} |",
        two.expected
    );
    let _ = writeln!(
        out,
        "| transitions recorded in the stream | {} |",
        two.stream.recorded
    );
    let _ = writeln!(
        out,
        "| duplicates in the stream (same provider, id, status; must be 0) | {} |",
        two.stream.duplicates
    );
    let _ = writeln!(
        out,
        "| backward transitions (must be 0) | {} |",
        two.stream.backward
    );
    let _ = writeln!(
        out,
        "| stream entries that do not parse (must be 0) | {} |",
        two.stream.unreadable
    );
    let _ = writeln!(
        out,
        "| deliveries acknowledged per s | {:.0} |",
        two.accepted_per_s
    );
    let _ = writeln!(
        out,
        "| acknowledgement latency p50 / p99, µs | {} / {} |",
        two.ack_p50_us, two.ack_p99_us
    );
    let _ = writeln!(
        out,
        "| re-reads per state change, both listeners | {:.2} |\n",
        two.reads_per_change
    );
}
