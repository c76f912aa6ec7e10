//! `txstatus erase onespan <id>... (--grace-period-days N | --undo) --yes`: marks
//! transactions for erasure after a grace period, or unmarks them, 500 ids per
//! call; the records of a call are printed as soon as it answers. After a failed
//! call nothing more is sent (the remaining ids are `not_attempted`), as
//! `onespan_tx::Client::erase_all` does.

use onespan_tx::{
    ErasureAction, ErasureEvent, ErasureOutcome, GracePeriod, IdOutcome, MAX_ERASURE_BATCH,
};

use super::{
    distinct,
    record::{Outcome, Record},
};
use crate::{
    cli::EraseArgs, clients::onespan_client, failure::Failure, out::Stream, stoppable::Interrupt,
    text::json_line,
};

/// Sends the calls and prints one record per distinct id.
pub async fn run(args: &EraseArgs, interrupt: &mut Interrupt) -> Result<(), Failure> {
    let client = onespan_client(args.base_url.as_deref(), false)?;
    let (action, verb, days) = match args.grace_period_days {
        Some(days) if !args.undo => (
            ErasureAction::Mark(GracePeriod::days(days)),
            "mark",
            Some(days),
        ),
        _ => (ErasureAction::Unmark, "unmark", None),
    };
    if days == Some(0) {
        note!("txstatus: a grace period of 0 days erases at once; it cannot be undone");
    }
    let ids = distinct(args.provider, &args.ids);
    let mut stream = Stream::new();
    let mut records: Vec<Record> = Vec::with_capacity(ids.len());
    // The first failed call: nothing is sent after it, and it decides the exit.
    let mut failed: Option<Failure> = None;
    for chunk in ids.chunks(MAX_ERASURE_BATCH) {
        let not_attempted = || {
            chunk
                .iter()
                .map(|id| (id.clone(), ErasureOutcome::NotAttempted))
                .collect()
        };
        // SIGINT or SIGTERM stopping this call: how, for each of its ids.
        let mut stopped = None;
        let outcomes: Vec<(String, ErasureOutcome)> = if failed.is_some() {
            not_attempted()
        } else {
            match interrupt.or(client.erase_all(chunk, action)).await {
                Ok(answered) => answered
                    .outcomes
                    .into_iter()
                    .map(|IdOutcome { id, outcome, .. }| (id, outcome))
                    .collect(),
                Err(how) => {
                    stopped = Some(how);
                    not_attempted()
                }
            }
        };
        let mut outcomes = outcomes.into_iter();
        while let Some((id, outcome)) = outcomes.next() {
            if let (ErasureOutcome::Failed(error), None) = (&outcome, &failed) {
                failed = Some(super::failure_of(
                    onespan_tx::PROVIDER,
                    error,
                    args.show_personal_data,
                ));
            }
            let mut record = to_record(id, &outcome, verb, days, args.show_personal_data);
            if let Some(how) = stopped {
                let failure = super::interrupted(&mut record, how, onespan_tx::PROVIDER);
                failed.get_or_insert(failure);
            }
            let line = if args.json {
                json_line(&record.json())
            } else {
                record.line()
            };
            match stream.record(&line) {
                Ok(true) => records.push(record),
                // The reader went away: stop quietly, and send nothing more.
                Ok(false) => return Ok(()),
                Err(failure) => {
                    // This call's other ids were answered too: they count.
                    records.push(record);
                    records.extend(outcomes.map(|(id, outcome)| {
                        let mut record =
                            to_record(id, &outcome, verb, days, args.show_personal_data);
                        if let Some(how) = stopped {
                            drop(super::interrupted(&mut record, how, onespan_tx::PROVIDER));
                        }
                        record
                    }));
                    return Err(super::unwritten(onespan_tx::PROVIDER, &failure, &records));
                }
            }
        }
    }
    super::finish(onespan_tx::PROVIDER, &records, failed, args.json)
}

/// An event as a record shows it: a documented one as written; one OneSpan made
/// up (its code for a refusal, as sent) only when a plain machine token, the
/// core's rule for a provider's code, else `[redacted]`: text that is not a token
/// may quote anything (docs/CLI.md, `txstatus.erase/1`).
fn shown_event(event: &ErasureEvent) -> String {
    let text = event.as_str();
    if event.is_unknown() && !crate::text::is_plain_token(text) {
        txstatus_core::REDACTED.to_owned()
    } else {
        text.to_owned()
    }
}

/// `show_messages`: OneSpan's words for the id as sent (`--show-personal-data`);
/// otherwise `[redacted]` when it sent any: free text may quote anything, as a
/// provider's error text may (docs/CLI.md).
fn to_record(
    id: String,
    outcome: &ErasureOutcome,
    verb: &'static str,
    days: Option<u32>,
    show_messages: bool,
) -> Record {
    let mut record = Record {
        provider: onespan_tx::PROVIDER,
        id,
        action: verb,
        grace_period_days: days,
        outcome: Outcome::NotAttempted,
        event: None,
        message: None,
        error: None,
        may_have_been_sent: false,
    };
    match outcome {
        ErasureOutcome::Accepted { event, message }
        | ErasureOutcome::Refused { event, message } => {
            record.outcome = if matches!(outcome, ErasureOutcome::Accepted { .. }) {
                Outcome::Accepted
            } else {
                Outcome::Refused
            };
            record.event = event.as_ref().map(shown_event);
            record.message = message.as_ref().map(|text| {
                if show_messages {
                    text.clone()
                } else {
                    txstatus_core::REDACTED.to_owned()
                }
            });
            record.may_have_been_sent = true;
        }
        ErasureOutcome::NotInAnswer => {
            record.outcome = Outcome::NotInAnswer;
            record.may_have_been_sent = true;
        }
        ErasureOutcome::Failed(error) => {
            record.outcome = Outcome::Failed;
            record.error = Some(error.to_string());
            record.may_have_been_sent = error.may_have_been_sent();
        }
        ErasureOutcome::NotAttempted => {}
        ErasureOutcome::Invalid(problem) => {
            record.outcome = Outcome::Invalid;
            record.error = Some((*problem).to_owned());
        }
        // An outcome a later onespan-tx adds: never shown as accepted.
        _ => {
            record.outcome = Outcome::Failed;
            record.error = Some("an outcome this version of txstatus does not know".to_owned());
            record.may_have_been_sent = true;
        }
    }
    record
}
