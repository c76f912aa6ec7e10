//! Verbs reserved by the contract and not wired in this version: `list`, `events`,
//! `erase persona`, `listen`, `enqueue`, `worker` and `watch --rate-limit`. Their flags are checked as they will be, then the answer
//! is a usage error (exit 2): nothing is sent.

use crate::{
    cli::{EnqueueArgs, EventsArgs, ListArgs, ProviderName},
    failure::Failure,
};

/// The usage error every reserved verb ends with.
pub fn not_available(what: &str) -> Failure {
    Failure::usage(format!(
        "{what} is not available in this version (reserved; see docs/CLI.md); nothing was sent"
    ))
}

fn only(provider: ProviderName, allowed: &[ProviderName], verb: &str) -> Result<(), Failure> {
    if allowed.contains(&provider) {
        return Ok(());
    }
    let names: Vec<&str> = allowed.iter().map(|p| p.as_str()).collect();
    Err(Failure::usage(format!(
        "{verb} applies to {}, not {}",
        names.join(" and "),
        provider.as_str()
    )))
}

/// `txstatus list <provider>`.
pub fn list(args: &ListArgs) -> Failure {
    match only(args.provider, &[ProviderName::Persona], "list") {
        Err(failure) => failure,
        Ok(()) => not_available("txstatus list"),
    }
}

/// `txstatus events <provider>`.
pub fn events(args: &EventsArgs) -> Failure {
    match only(args.provider, &[ProviderName::Persona], "events") {
        Err(failure) => failure,
        Ok(()) => not_available("txstatus events"),
    }
}

/// `txstatus enqueue <provider> <id>...`.
pub fn enqueue(args: &EnqueueArgs) -> Failure {
    if args.provider == ProviderName::CmIdin {
        return Failure::usage(
            "enqueue refuses cm-idin: its one-time identity cannot pass through a shared queue",
        );
    }
    not_available("txstatus enqueue")
}
