//! Verbs reserved by the contract and not wired in this version:
//! `enqueue`, `worker` and `watch --rate-limit`. Their flags are checked as they will be, then the answer
//! is a usage error (exit 2): nothing is sent.

use crate::{cli::EnqueueArgs, failure::Failure, providers::Verb};

/// The usage error every reserved verb ends with.
pub fn not_available(what: &str) -> Failure {
    Failure::usage(format!(
        "{what} is not available in this version (reserved; see docs/CLI.md); nothing was sent"
    ))
}

/// `txstatus enqueue <provider> <id>...`.
pub fn enqueue(args: &EnqueueArgs) -> Failure {
    if !args.provider.supports(Verb::Enqueue) {
        return Failure::usage(
            "enqueue refuses cm-idin: its one-time identity cannot pass through a shared queue",
        );
    }
    not_available("txstatus enqueue")
}
