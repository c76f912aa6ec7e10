//! `txstatus list persona`: a streaming command. One record per transaction,
//! newest first, following Persona's pages until `--limit` or the last page.
//! Many people at once: every value the model marks personal is `"[redacted]"`,
//! always.

use std::borrow::Cow;

use futures_util::StreamExt;
use persona_tx::{ListTransactions, TransactionData};
use serde_json::{Value, json};
use txstatus_core::NormalizedStatus;

use crate::{
    cli::ListArgs,
    clients::persona_builder,
    failure::Failure,
    out::Stream,
    output::{colour_stdout, rfc3339},
    providers::Verb,
    stoppable::{self, Interrupt, Stopped},
    text::{escape, json_line, token_or_redacted},
};

/// The schema of one `list` record.
pub const LIST_SCHEMA: &str = "txstatus.list/1";

/// Lists, one record per transaction, until `--limit` or the end.
pub async fn run(args: &ListArgs) -> Result<(), Failure> {
    let mut interrupt = Interrupt::listen();
    args.provider.require(Verb::List)?;
    let client = persona_builder(args.base_url.as_deref())?.build()?;
    let mut list = ListTransactions::new();
    // No more per page than the records wanted, unless a page size is asked for.
    match (args.page_size, args.limit) {
        (Some(size), _) => list = list.page_size(size),
        (None, Some(limit)) if limit > 0 => {
            let size = u8::try_from(limit.min(u64::from(persona_tx::MAX_PAGE_SIZE)))
                .unwrap_or(persona_tx::MAX_PAGE_SIZE);
            list = list.page_size(size);
        }
        _ => {}
    }
    if let Some(reference) = &args.reference_id {
        list = list.reference_id(reference.clone());
    }
    if let Some(kind) = &args.transaction_type_id {
        list = list.transaction_type_id(kind.clone());
    }
    if args.limit == Some(0) {
        return Ok(());
    }
    let colour = colour_stdout();
    let mut out = Stream::new();
    let mut printed = 0u64;
    let mut seen = crate::printed_ids::PrintedIds::default();
    let mut transactions = std::pin::pin!(client.transactions(list));
    while args.limit.is_none_or(|limit| printed < limit) {
        let next = interrupt.or(transactions.next()).await;
        let Some(item) = next.map_err(|stopped| interrupted("list", stopped, printed))? else {
            break;
        };
        let data = item.map_err(|error| incomplete(error, printed))?;
        // One record per item: an item a later page lists again is not printed twice.
        if !seen.first_time(&data.id) {
            continue;
        }
        let line = if args.json {
            json_line(&record(&data))
        } else {
            readable(&data, colour)
        };
        if !out.record(&line)? {
            return Ok(());
        }
        printed = printed.saturating_add(1);
    }
    Ok(())
}

/// A failed page: the records printed stand; the exit says the list is short.
///
/// A request the client refuses to send (an input it will not put in a URL) is a
/// usage error (exit 2: nothing was sent) only before the first record: once a page
/// was read, a later one refused (its cursor making the URL too long) ends an
/// incomplete list like any failed page, with exit 1 (docs/CLI.md).
pub fn incomplete(error: txstatus_core::Error, printed: u64) -> Failure {
    let failure = Failure::from(error);
    let message = format!(
        "{} (the list is incomplete: {printed} record(s) printed)",
        failure.message()
    );
    match failure {
        Failure::AuthRefused(_) => Failure::AuthRefused(message),
        Failure::Usage(_) if printed == 0 => Failure::Usage(message),
        _ => Failure::failed(message),
    }
}

/// A list stopped by SIGINT or SIGTERM (exit 1): the records printed stand, and
/// whether a page request was on its way (a read: it changes nothing there).
pub fn interrupted(what: &str, stopped: Stopped, printed: u64) -> Failure {
    let request = match stopped {
        Stopped::BeforeStart => "no page request was in flight",
        Stopped::Midway => "a page request may have reached persona (a read: it changes nothing)",
    };
    stoppable::interrupted(&format!(
        "the {what} is incomplete: {printed} record(s) printed; {request}"
    ))
}

/// The status as printed (`list` has no `--show-personal-data`: an unlisted
/// spelling is `[redacted]`, `crate::text::shown_value`) and its meaning.
fn status_of(data: &TransactionData) -> (Option<Cow<'_, str>>, NormalizedStatus) {
    let raw = data.attributes.as_ref().and_then(|a| a.status.as_deref());
    let normalized = raw.map_or(NormalizedStatus::Unknown, persona_tx::normalize);
    (
        raw.map(|raw| crate::text::shown_value(raw, false)),
        normalized,
    )
}

/// One `txstatus.list/1` document. The id is printed only as a plain machine
/// token (`[redacted]` otherwise), as `events` and `listen` print theirs.
pub fn record(data: &TransactionData) -> Value {
    let (raw, normalized) = status_of(data);
    let attributes = data.attributes.as_ref();
    json!({
        "schema": LIST_SCHEMA,
        "provider": persona_tx::PROVIDER,
        "id": token_or_redacted(&data.id),
        "status": {
            "raw": raw,
            "normalized": normalized.as_str(),
            "terminal": normalized.is_terminal(),
        },
        "created_at": rfc3339(attributes.and_then(|a| a.created_at.as_ref())),
        "updated_at": rfc3339(attributes.and_then(|a| a.updated_at.as_ref())),
        // Always masked; one that cannot be rendered even so is `null`, said on
        // stderr (output::shown_document).
        "transaction": crate::output::shown_document(
            &format!("persona's transaction {}", token_or_redacted(&data.id)),
            "transaction",
            false,
            false,
            |redact| txstatus_core::to_json(data, redact),
        ),
    })
}

/// `<id>: <normalized> (<raw>) created <time>`.
fn readable(data: &TransactionData, colour: bool) -> String {
    let (raw, normalized) = status_of(data);
    let created = data
        .attributes
        .as_ref()
        .and_then(|a| a.created_at.as_ref())
        .and_then(crate::output::shown_time)
        .unwrap_or_else(|| "-".to_owned());
    format!(
        "{}: {} ({}) created {}",
        escape(&token_or_redacted(&data.id)),
        crate::output::status_word(normalized, colour),
        escape(raw.as_deref().unwrap_or("-")),
        escape(&created)
    )
}
