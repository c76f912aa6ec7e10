//! `txstatus erase <provider> <id>... --yes`: a batch command. Every flag, id and
//! the confirmation are checked before anything is sent; then one record per
//! distinct id, in the order given, written as each call answers.

use crate::{
    cli::{EraseArgs, ProviderName},
    failure::Failure,
    providers::Verb,
    shared,
    stoppable::{self, Interrupt, Stopped},
};

use record::{Outcome, Record};

pub mod onespan;
pub mod persona;
pub mod record;
pub mod shared_state;

/// Checks the flags, the ids and the confirmation (usage errors, nothing sent),
/// then erases.
pub async fn run(args: &EraseArgs) -> Result<(), Failure> {
    let mut interrupt = Interrupt::listen();
    check(args)?;
    // The credentials and base URL too, before Redis is contacted: an unreachable
    // Redis must not hide a usage error behind exit 1.
    match args.provider {
        ProviderName::Onespan => drop(crate::clients::onespan_client(
            args.base_url.as_deref(),
            false,
        )?),
        _ => drop(crate::clients::persona_builder(args.base_url.as_deref())?.build()?),
    }
    // Before anything is sent: a bad TXSTATUS_REDIS_URL is a usage error (exit 2).
    // `--undo` restores nothing on Redis, so it touches nothing there.
    let (redis, allow_stream) = if args.undo {
        (None, false)
    } else {
        let allow_stream = shared_state::stream_erasure_allowed()?;
        let redis = interrupt
            .or(shared::connect_if_set())
            .await
            .map_err(|_| stoppable::interrupted("nothing was sent"))??;
        (redis, allow_stream)
    };
    let result = match args.provider {
        ProviderName::Onespan => onespan::run(args, &mut interrupt).await,
        _ => persona::run(args, &mut interrupt).await,
    };
    let Some(redis) = redis else {
        return result;
    };
    match result {
        // Exit 2 means nothing was sent and nothing changed: a missing credential
        // or base URL found after connecting leaves Redis as it was too.
        Err(failure @ Failure::Usage(_)) => return Err(failure),
        // Stopped on purpose: nothing more is done, and the error says what stays.
        Err(failure) if interrupt.fired() => {
            return Err(Failure::failed(format!(
                "{}; the ids' shared state on Redis was left as it was (erase them again \
                 to remove it)",
                failure.message()
            )));
        }
        _ => {}
    }
    // The shared state goes whatever the provider answered: it is this deployment's.
    let shared = shared_state::erase(
        &redis,
        args.provider.as_str(),
        &distinct(args.provider, &args.ids),
        allow_stream,
    )
    .await;
    match (result, shared) {
        (Err(failure), _) => Err(failure),
        (Ok(()), shared) => shared,
    }
}

fn check(args: &EraseArgs) -> Result<(), Failure> {
    args.provider.require(Verb::Erase)?;
    if args.provider == ProviderName::Onespan {
        if args.undo && args.grace_period_days.is_some() {
            return Err(Failure::usage(
                "--undo unmarks: it takes no --grace-period-days",
            ));
        }
        if !args.undo && args.grace_period_days.is_none() {
            return Err(Failure::usage(
                "erase onespan needs --grace-period-days N (0 erases at once, irreversibly)",
            ));
        }
    } else {
        if args.undo {
            return Err(Failure::usage(
                "--undo applies to onespan: persona's redaction cannot be undone",
            ));
        }
        if args.grace_period_days.is_some() {
            return Err(Failure::usage(
                "--grace-period-days applies to onespan, not persona",
            ));
        }
        if args.show_personal_data {
            return Err(Failure::usage(
                "--show-personal-data applies to onespan: persona's records hold no words of its own",
            ));
        }
    }
    if let Some(problem) = args
        .ids
        .iter()
        .find_map(|id| txstatus_core::provider::id_problem(id))
    {
        return Err(Failure::usage(format!("invalid transaction id: {problem}")));
    }
    if !args.yes {
        let what = if args.undo {
            "it unmarks transactions marked for erasure"
        } else if args.provider == ProviderName::Onespan {
            "it marks transactions for erasure, which cannot be undone after the grace period"
        } else {
            "it removes personal data and cannot be undone"
        };
        return Err(Failure::usage(format!(
            "erase refuses without --yes: {what} ({} id(s)); nothing was sent",
            args.ids.len()
        )));
    }
    Ok(())
}

/// The ids once each, in the order given, each in the form `provider` keys its
/// transactions by ([`ProviderName::transaction_key`]: a UUID in lower case), so
/// one transaction named in two cases is sent, enqueued and erased once.
pub fn distinct(provider: ProviderName, ids: &[String]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    ids.iter()
        .map(|id| provider.transaction_key(id))
        .filter(|id| seen.insert(id.clone()))
        .collect()
}

/// The exit a failed call gives: 5 for refused credentials, else 1. The
/// provider's own message is added under `--show-personal-data` (OneSpan's).
pub fn failure_of(provider: &str, error: &txstatus_core::Error, show: bool) -> Failure {
    let message = format!(
        "erase {provider}: a call failed: {}",
        crate::failure::describe(error, show)
    );
    if matches!(error.status(), Some(401 | 403)) {
        Failure::AuthRefused(message)
    } else {
        Failure::failed(message)
    }
}

/// What an id whose call SIGINT or SIGTERM stopped becomes: `failed` when the call
/// had started (it may have reached the provider), `not_attempted` when it had not;
/// and the failure that ends the batch (exit 1), saying which.
pub fn interrupted(record: &mut Record, stopped: Stopped, provider: &str) -> Failure {
    match stopped {
        Stopped::Midway => {
            record.outcome = Outcome::Failed;
            record.may_have_been_sent = true;
            record.error =
                Some("interrupted by SIGINT or SIGTERM while its call was under way".to_owned());
            stoppable::interrupted(&format!(
                "erase {provider}: a call was under way and may have reached {provider} (its \
                 ids are failed); nothing more was sent"
            ))
        }
        Stopped::BeforeStart => {
            record.outcome = Outcome::NotAttempted;
            record.may_have_been_sent = false;
            stoppable::interrupted(&format!(
                "erase {provider}: stopped before the next call was sent; nothing more was sent"
            ))
        }
    }
}

/// A record stdout could not take (a full disk; a reader gone stops quietly
/// instead): nothing more is sent, exit 1, and the error counts what the calls
/// already answered did (`records`, the unwritten ones included), as no record
/// says it.
pub fn unwritten(provider: &str, failure: &Failure, records: &[Record]) -> Failure {
    Failure::failed(format!(
        "erase {provider}: {}; nothing more was sent; the ids already handled: {}",
        failure.message(),
        record::summary(records)
    ))
}

/// Ends a batch: exit 0 only when every id was accepted; the counts on stderr
/// (in the error when the exit is not 0).
pub fn finish(
    provider: &str,
    records: &[Record],
    failed: Option<Failure>,
    json: bool,
) -> Result<(), Failure> {
    let summary = record::summary(records);
    if let Some(failure) = failed {
        let message = format!("{}; {summary}", failure.message());
        return Err(match failure {
            Failure::AuthRefused(_) => Failure::AuthRefused(message),
            _ => Failure::failed(message),
        });
    }
    if records.iter().any(|r| r.outcome != Outcome::Accepted) {
        return Err(Failure::failed(format!(
            "erase {provider}: not every id was accepted; {summary}"
        )));
    }
    if !json {
        note!("txstatus: {summary}");
    }
    Ok(())
}
