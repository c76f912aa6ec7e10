//! `txstatus events persona`: a streaming command. One record per event, newest
//! first, following Persona's pages until `--limit` or the last page. Payloads are
//! masked: every value the model marks personal is `"[redacted]"`, always.

use std::borrow::Cow;

use futures_util::StreamExt;
use persona_tx::{ListEvents, model::Event};
use serde_json::{Value, json};

use crate::{
    cli::EventsArgs,
    clients::persona_builder,
    failure::Failure,
    out::Stream,
    output::rfc3339,
    providers::Verb,
    stoppable::Interrupt,
    text::{escape, json_line, token_or_redacted},
};

use super::list::interrupted;

/// The schema of one `events` record.
pub const EVENT_SCHEMA: &str = "txstatus.event/1";

/// Lists events, one record each, until `--limit` or the end.
pub async fn run(args: &EventsArgs) -> Result<(), Failure> {
    let mut interrupt = Interrupt::listen();
    args.provider.require(Verb::Events)?;
    if let Some(problem) = args
        .transaction
        .as_deref()
        .and_then(txstatus_core::provider::id_problem)
    {
        return Err(Failure::usage(format!("invalid transaction id: {problem}")));
    }
    let names: Vec<&str> = args
        .name
        .iter()
        .flat_map(|names| names.split(','))
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .collect();
    if args.name.is_some() && names.is_empty() {
        return Err(Failure::usage("--name needs at least one event name"));
    }
    let client = persona_builder(args.base_url.as_deref())?.build()?;
    let mut list = ListEvents::new();
    if !names.is_empty() {
        list = list.names(names);
    }
    if let Some(id) = &args.transaction {
        list = list.object_ids([id.clone()]);
    }
    if let Some(limit) = args.limit {
        if limit == 0 {
            return Ok(());
        }
        let size = u8::try_from(limit.min(u64::from(persona_tx::MAX_PAGE_SIZE)))
            .unwrap_or(persona_tx::MAX_PAGE_SIZE);
        list = list.page_size(size);
    }
    let mut out = Stream::new();
    let mut printed = 0u64;
    let mut seen = crate::printed_ids::PrintedIds::default();
    let mut events = std::pin::pin!(client.events(list));
    while args.limit.is_none_or(|limit| printed < limit) {
        let next = interrupt.or(events.next()).await;
        let Some(item) = next.map_err(|stopped| interrupted("event list", stopped, printed))?
        else {
            break;
        };
        let event = item.map_err(|error| super::list::incomplete(error, printed))?;
        // One record per item: an item a later page lists again is not printed twice.
        if !seen.first_time(&event.id) {
            continue;
        }
        let line = if args.json {
            json_line(&record(&event))
        } else {
            readable(&event)
        };
        if !out.record(&line)? {
            return Ok(());
        }
        printed = printed.saturating_add(1);
    }
    Ok(())
}

/// One `txstatus.event/1` document. Ids are printed only as plain machine tokens
/// (`[redacted]` otherwise): an id a provider or proxy filled with an email or a
/// card number is no id to show (docs/CLI.md).
pub fn record(event: &Event) -> Value {
    json!({
        "schema": EVENT_SCHEMA,
        "provider": persona_tx::PROVIDER,
        "id": token_or_redacted(&event.id),
        "name": event.name().map(|n| crate::text::shown_value(n.as_str(), false)),
        "created_at": rfc3339(event.created_at()),
        "transaction_id": event.transaction().map(|t| token_or_redacted(&t.data.id)),
        // Masked like `list`'s records (output::shown_document).
        "event": crate::output::shown_document(
            &format!("persona's event {}", token_or_redacted(&event.id)),
            "event",
            false,
            false,
            |redact| txstatus_core::to_json(event, redact),
        ),
    })
}

/// `<event id>: <name> <transaction id> at <time>`.
fn readable(event: &Event) -> String {
    let created = event
        .created_at()
        .and_then(crate::output::shown_time)
        .unwrap_or_else(|| "-".to_owned());
    format!(
        "{}: {} {} at {}",
        escape(&token_or_redacted(&event.id)),
        escape(&event.name().map_or(Cow::Borrowed("-"), |n| {
            crate::text::shown_value(n.as_str(), false)
        })),
        escape(
            &event
                .transaction()
                .map_or_else(|| "-".to_owned(), |t| token_or_redacted(&t.data.id))
        ),
        escape(&created)
    )
}
