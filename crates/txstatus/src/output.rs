//! What `get` and `watch` print: JSON documents (schemas in docs/CLI.md) or
//! readable lines, provider text escaped, personal data redacted unless asked.

use std::{collections::BTreeSet, io::IsTerminal, path::Path, sync::Mutex};

use serde_json::{Map, Value, json};
use txstatus_core::{Document, NormalizedStatus, StatusReport, Timestamp};

use crate::text::{escape, json_text};

/// The schema of a `get` report.
pub const REPORT_SCHEMA: &str = "txstatus.report/1";
/// The schema of one `watch` record.
pub const WATCH_SCHEMA: &str = "txstatus.watch/1";
/// The schema of a `get cm-idscan --result` document.
pub const RESULT_SCHEMA: &str = "txstatus.result/1";
/// The schema of an error document on stderr.
pub const ERROR_SCHEMA: &str = "txstatus.error/1";

/// A timestamp as RFC 3339 text ([`shown_time`]), or `null`.
pub fn rfc3339(at: Option<&Timestamp>) -> Value {
    at.and_then(shown_time).map_or(Value::Null, Value::String)
}

/// A timestamp as the CLI writes it: RFC 3339 text, `None` when it is no time;
/// `[redacted]` when it spells a credential (as sent, or written out: see
/// [`crate::text::time_spells_secret`]), like every other value that holds one.
pub fn shown_time(at: &Timestamp) -> Option<String> {
    let text = at.to_rfc3339()?;
    if crate::text::time_spells_secret(at.as_str()) || crate::text::time_spells_secret(&text) {
        return Some(crate::secrets::REDACTED.to_owned());
    }
    Some(text)
}

fn path_value(path: Option<&Path>) -> Value {
    path.map_or(Value::Null, |p| Value::String(p.display().to_string()))
}

/// The `--json` report (`txstatus.report/1`).
pub fn json_object(
    report: &StatusReport,
    id: &str,
    show_personal_data: bool,
    saved_to: Option<&Path>,
) -> Value {
    let transaction = document(report, show_personal_data);
    json!({
        "schema": REPORT_SCHEMA,
        "provider": report.provider,
        "id": id,
        "status": {
            "raw": crate::text::shown_value(report.status.raw(), show_personal_data),
            "normalized": report.status.normalized().as_str(),
            "terminal": report.status.is_terminal(),
        },
        "created_at": rfc3339(report.created_at.as_ref()),
        "updated_at": rfc3339(report.updated_at.as_ref()),
        // The provider's notice is text it chose: shown as a status is.
        "notice": report
            .notice
            .as_deref()
            .map(|notice| crate::text::shown_value(notice, show_personal_data)),
        "attempts": report.attempts,
        "earlier_attempt_may_have_reached_server": report.earlier_attempt_may_have_reached_server,
        "saved_to": path_value(saved_to),
        "transaction": transaction,
    })
}

/// The report's document, masked unless `show_personal_data` ([`shown_document`]).
fn document(report: &StatusReport, show_personal_data: bool) -> Value {
    let what = format!("{}'s document", report.provider);
    note_if_not_whole(&what, report.raw.as_bytes(), true);
    shown_document(&what, "transaction", show_personal_data, true, |redact| {
        report.document_json(redact)
    })
}

/// The documents whose failed render was already said on stderr: each once, as a
/// `watch` renders the same document on every record.
static SAID: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

/// A provider's document as the flags ask: masked unless `show_personal_data`;
/// `render(redact)` renders it. One that cannot be rendered as asked (nested
/// deeper than the JSON writer goes, shown unmasked) is shown masked instead, else
/// as `null`, and stderr says so once per document (`what` names it, `field` is
/// the member that holds it): a `null` alone reads as "the provider sent no
/// document", and a failure would withhold an answer that was received. Every
/// document the CLI prints goes through here (docs/CLI.md, "Output rules").
pub fn shown_document(
    what: &str,
    field: &str,
    show_personal_data: bool,
    save_raw_applies: bool,
    render: impl Fn(bool) -> serde_json::Result<Value>,
) -> Value {
    let error = match render(!show_personal_data) {
        Ok(document) => return document,
        Err(error) => error,
    };
    let masked = if show_personal_data {
        render(true).ok()
    } else {
        None
    };
    let first = SAID
        .lock()
        .map_or(true, |mut said| said.insert(what.to_owned()));
    if first {
        let shown = if masked.is_some() {
            "it is shown masked".to_owned()
        } else {
            format!("`{field}` is null")
        };
        let hint = if save_raw_applies {
            " (--save-raw FILE keeps the body as received)"
        } else {
            ""
        };
        note!(
            "txstatus: warning: {} could not be rendered as asked ({}); {shown}{hint}",
            escape(what),
            escape(&error.to_string())
        );
    }
    masked.unwrap_or(Value::Null)
}

/// Says on stderr, once per document, that a body the JSON reader cannot take whole
/// (nested past its 128 levels) is shown as the client decoded it: members the
/// model does not read are then left out, which the output alone does not show
/// (docs/CLI.md: `transaction` is the document with the keys as sent).
pub fn note_if_not_whole(what: &str, raw: &[u8], save_raw_applies: bool) {
    let key = format!("{what} (whole)");
    // Said already (a `watch` record after the first): no second parse.
    if SAID.lock().is_ok_and(|said| said.contains(&key)) {
        return;
    }
    let Err(error) = txstatus_core::read_document(raw) else {
        return;
    };
    // serde_json's words for its depth limit; any other refusal is named as one.
    let why = if error.to_string().starts_with("recursion limit exceeded") {
        "is nested too deep to be shown as received"
    } else {
        "cannot be read whole as JSON to be shown as received"
    };
    let first = SAID.lock().map_or(true, |mut said| said.insert(key));
    if first {
        let hint = if save_raw_applies {
            " (--save-raw FILE keeps the body as received)"
        } else {
            ""
        };
        note!(
            "txstatus: warning: {} {why}: it is shown as the client decoded it, members the \
             client does not read left out{hint}",
            escape(what)
        );
    }
}

/// The provider's document as received (every key, every value), each personal
/// value `"[redacted]"` when `redact`: what the typed model marks `Pii`, and every
/// member it does not know. [`StatusReport::document_json`] for the documents that
/// are not a report (an ID Scan result, OneSpan's outcome); a body the JSON reader
/// cannot take whole (nested past its limit) is written from the model.
pub fn as_received(raw: &[u8], typed: &dyn Document, redact: bool) -> serde_json::Result<Value> {
    match txstatus_core::read_document(raw) {
        Ok(raw) if redact => Ok(txstatus_core::mask_document(&raw, &typed.to_json(true)?)),
        Ok(raw) => Ok(raw),
        Err(_) => typed.to_json(redact),
    }
}

/// One `watch` record (`txstatus.watch/1`): the report plus whether it is the last.
pub fn watch_object(
    report: &StatusReport,
    id: &str,
    show_personal_data: bool,
    saved_to: Option<&Path>,
    last: bool,
) -> Value {
    let mut object = json_object(report, id, show_personal_data, saved_to);
    if let Value::Object(map) = &mut object {
        map.insert("schema".into(), WATCH_SCHEMA.into());
        map.insert("last".into(), Value::Bool(last));
    }
    object
}

/// The `--json` error document (`txstatus.error/1`) written on stderr.
pub fn error_object(code: u8, kind: &str, message: &str) -> Value {
    let mut map = Map::new();
    map.insert("schema".into(), ERROR_SCHEMA.into());
    map.insert("exit_code".into(), code.into());
    map.insert("kind".into(), kind.into());
    map.insert("message".into(), message.into());
    Value::Object(map)
}

/// Whether human output on stdout may be coloured: a terminal, and no `NO_COLOR`.
pub fn colour_stdout() -> bool {
    std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
}

/// The normalized status, coloured when `colour`.
pub fn status_word(status: NormalizedStatus, colour: bool) -> String {
    let word = status.as_str();
    if !colour {
        return word.to_owned();
    }
    let code = match status {
        NormalizedStatus::Succeeded => "32",
        NormalizedStatus::Pending => "33",
        NormalizedStatus::Failed => "31",
        _ => "35",
    };
    format!("\x1b[{code}m{word}\x1b[0m")
}

/// The readable summary, redacted the same way as the JSON.
pub fn summary(
    report: &StatusReport,
    id: &str,
    show_personal_data: bool,
    saved_to: Option<&Path>,
    colour: bool,
) -> String {
    let object = json_object(report, id, show_personal_data, saved_to);
    let text = |v: Option<&Value>| match v {
        Some(Value::String(s)) => escape(s),
        Some(Value::Null) | None => "-".to_owned(),
        Some(other) => other.to_string(),
    };
    let terminal = if report.status.is_terminal() {
        "final"
    } else {
        "not final"
    };
    let mut lines = vec![
        format!("provider     {}", report.provider),
        format!("transaction  {}", escape(id)),
        format!(
            "status       {} (provider says \"{}\"; {terminal})",
            status_word(report.status.normalized(), colour),
            escape(&crate::text::shown_value(
                report.status.raw(),
                show_personal_data
            ))
        ),
        format!("created      {}", text(object.get("created_at"))),
        format!("updated      {}", text(object.get("updated_at"))),
    ];
    if let Some(notice) = &report.notice {
        lines.push(format!(
            "notice       {}",
            escape(&crate::text::shown_value(notice, show_personal_data))
        ));
    }
    if report.attempts > 1 {
        lines.push(format!(
            "attempts     {}{}",
            report.attempts,
            if report.earlier_attempt_may_have_reached_server {
                " (an earlier attempt may have reached the provider)"
            } else {
                ""
            }
        ));
    }
    if let Some(path) = saved_to {
        lines.push(format!(
            "saved to     {}",
            escape(&path.display().to_string())
        ));
    }
    lines.push("document".to_owned());
    let document = json_text(object.get("transaction").unwrap_or(&Value::Null), true);
    for line in document.lines() {
        lines.push(format!("  {line}"));
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// One progress line (`watch` records, `demo`): provider, id, status, raw status
/// (as [`crate::text::shown_value`] shows it).
pub fn progress_line(report: &StatusReport, show_personal_data: bool, colour: bool) -> String {
    format!(
        "{} {}: {} ({})",
        report.provider,
        escape(&report.id),
        status_word(report.status.normalized(), colour),
        escape(&crate::text::shown_value(
            report.status.raw(),
            show_personal_data
        ))
    )
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::shown_document;

    fn failed() -> serde_json::Error {
        serde_json::from_str::<Value>("[").unwrap_err()
    }

    #[test]
    fn a_document_that_cannot_be_rendered_unmasked_is_shown_masked() {
        let shown = shown_document("test's first", "document", true, false, |redact| {
            if redact {
                Ok(json!("[redacted]"))
            } else {
                Err(failed())
            }
        });
        assert_eq!(shown, json!("[redacted]"));
    }

    #[test]
    fn a_masked_render_that_fails_is_null_and_never_falls_back_to_unmasked() {
        // `list` and `events` ask masked: a failure there must not show more.
        let shown = shown_document("test's second", "document", false, false, |redact| {
            if redact {
                Err(failed())
            } else {
                Ok(json!("Jane"))
            }
        });
        assert_eq!(shown, Value::Null);
        let shown = shown_document("test's third", "document", true, false, |_| Err(failed()));
        assert_eq!(shown, Value::Null);
    }
}
