//! `txstatus erase persona <id>... --yes`: Persona's redaction, one call per id, in
//! the order given; each record is printed as its call answers. After a failed
//! call nothing more is sent (the remaining ids are `not_attempted`).

use persona_tx::Redaction;

use super::{
    distinct,
    record::{Outcome, Record},
};
use crate::{
    cli::EraseArgs, clients::persona_builder, failure::Failure, out::Stream, stoppable::Interrupt,
    text::json_line,
};

/// Redacts each distinct id and prints one record per id.
pub async fn run(args: &EraseArgs, interrupt: &mut Interrupt) -> Result<(), Failure> {
    let client = persona_builder(args.base_url.as_deref())?.build()?;
    let mut stream = Stream::new();
    let mut records = Vec::with_capacity(args.ids.len());
    let mut failed: Option<Failure> = None;
    for id in distinct(args.provider, &args.ids) {
        let mut record = Record {
            provider: persona_tx::PROVIDER,
            id,
            action: "redact",
            grace_period_days: None,
            outcome: Outcome::NotAttempted,
            event: None,
            message: None,
            error: None,
            may_have_been_sent: false,
        };
        if failed.is_none() {
            let answer = match interrupt.or(client.redact_transaction(&record.id)).await {
                Ok(answer) => Some(answer),
                Err(stopped) => {
                    failed = Some(super::interrupted(
                        &mut record,
                        stopped,
                        persona_tx::PROVIDER,
                    ));
                    None
                }
            };
            match answer {
                None => {}
                Some(Ok(Redaction::Redacted(_))) => {
                    record.outcome = Outcome::Accepted;
                    record.event = Some("redacted".to_owned());
                    record.may_have_been_sent = true;
                }
                Some(Ok(Redaction::AlreadyRedacted)) => {
                    record.outcome = Outcome::Accepted;
                    record.event = Some("already_redacted".to_owned());
                    record.message = Some(
                        "an earlier send whose answer was lost redacted it (a resend answered 404)"
                            .to_owned(),
                    );
                    record.may_have_been_sent = true;
                }
                Some(Ok(Redaction::Incomplete(_))) => {
                    record.outcome = Outcome::Failed;
                    record.event = Some("redaction_incomplete".to_owned());
                    record.error = Some(
                        "Persona answered, but the transaction still holds personal values: read it again later"
                            .to_owned(),
                    );
                    record.may_have_been_sent = true;
                }
                // An outcome a later persona-tx adds: never shown as done.
                Some(Ok(_)) => {
                    record.outcome = Outcome::Failed;
                    record.error =
                        Some("an outcome this version of txstatus does not know".to_owned());
                    record.may_have_been_sent = true;
                }
                Some(Err(error)) if error.status() == Some(404) => {
                    record.outcome = Outcome::Refused;
                    record.event = Some("not_found".to_owned());
                    record.message = Some(
                        "Persona answered 404: no such transaction, or one already redacted"
                            .to_owned(),
                    );
                    record.may_have_been_sent = true;
                }
                Some(Err(error)) => {
                    record.outcome = Outcome::Failed;
                    record.may_have_been_sent = error.may_have_been_sent();
                    record.error = Some(error.to_string());
                    failed = Some(super::failure_of(persona_tx::PROVIDER, &error, false));
                }
            }
        }
        let line = if args.json {
            json_line(&record.json())
        } else {
            record.line()
        };
        match stream.record(&line) {
            Ok(true) => records.push(record),
            Ok(false) => return Ok(()),
            Err(failure) => {
                records.push(record);
                return Err(super::unwritten(persona_tx::PROVIDER, &failure, &records));
            }
        }
    }
    super::finish(persona_tx::PROVIDER, &records, failed, args.json)
}
