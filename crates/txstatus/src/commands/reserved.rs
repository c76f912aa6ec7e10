//! Verbs reserved by the contract and not wired in this version: `list`, `events`,
//! `erase`, `listen`, `enqueue`, `worker`, `get onespan --outcome` and
//! `watch --rate-limit`. Their flags are checked as they will be, then the answer
//! is a usage error (exit 2): nothing is sent.

use crate::{
    cli::{EnqueueArgs, EraseArgs, EventsArgs, ListArgs, ProviderName},
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

/// `txstatus erase <provider> <id>... --yes`.
pub fn erase(args: &EraseArgs) -> Failure {
    if let Err(failure) = only(
        args.provider,
        &[ProviderName::Persona, ProviderName::Onespan],
        "erase",
    ) {
        return failure;
    }
    if args.provider != ProviderName::Onespan {
        if args.undo {
            return Failure::usage(
                "--undo applies to onespan: persona's redaction cannot be undone",
            );
        }
        if args.grace_period_days.is_some() {
            return Failure::usage("--grace-period-days applies to onespan, not persona");
        }
    } else if !args.undo && args.grace_period_days.is_none() {
        return Failure::usage(
            "erase onespan needs --grace-period-days N (0 erases at once, irreversibly)",
        );
    }
    if let Some(problem) = args.ids.iter().find_map(|id| txstatus_core::id_problem(id)) {
        return Failure::usage(format!("invalid transaction id: {problem}"));
    }
    if !args.yes {
        return Failure::usage(format!(
            "erase refuses without --yes: it removes personal data of {} transaction(s) and \
             cannot be undone{}; nothing was sent",
            args.ids.len(),
            if args.provider == ProviderName::Onespan {
                " after the grace period"
            } else {
                ""
            }
        ));
    }
    not_available("txstatus erase")
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
