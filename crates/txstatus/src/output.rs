//! What `get` and `watch` print: JSON documents (schemas in docs/CLI.md) or
//! readable lines, provider text escaped, personal data redacted unless asked.

use std::{
    io::IsTerminal,
    path::Path,
    sync::atomic::{AtomicBool, Ordering},
};

use serde_json::{Map, Value, json};
use txstatus_core::{NormalizedStatus, StatusReport, Timestamp};

use crate::text::{escape, json_text};

/// The schema of a `get` report.
pub const REPORT_SCHEMA: &str = "txstatus.report/1";
/// The schema of one `watch` record.
pub const WATCH_SCHEMA: &str = "txstatus.watch/1";
/// The schema of a `get cm-idscan --result` document.
pub const RESULT_SCHEMA: &str = "txstatus.result/1";
/// The schema of an error document on stderr.
pub const ERROR_SCHEMA: &str = "txstatus.error/1";

/// A timestamp as RFC 3339 text, or `null`.
pub fn rfc3339(at: Option<&Timestamp>) -> Value {
    at.and_then(Timestamp::to_rfc3339)
        .map_or(Value::Null, Value::String)
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
            "raw": report.status.raw(),
            "normalized": report.status.normalized().as_str(),
            "terminal": report.status.is_terminal(),
        },
        "created_at": rfc3339(report.created_at.as_ref()),
        "updated_at": rfc3339(report.updated_at.as_ref()),
        "notice": report.notice,
        "attempts": report.attempts,
        "earlier_attempt_may_have_reached_server": report.earlier_attempt_may_have_reached_server,
        "saved_to": path_value(saved_to),
        "transaction": transaction,
    })
}

/// The provider's document, masked unless `show_personal_data`. One that cannot be
/// rendered as asked (a body nested deeper than the JSON reader goes, shown
/// unmasked) is shown masked instead, else as `null`, and stderr says so once: a
/// `null` alone read as "the provider sent no document".
fn document(report: &StatusReport, show_personal_data: bool) -> Value {
    static SAID: AtomicBool = AtomicBool::new(false);
    let error = match report.document_json(!show_personal_data) {
        Ok(document) => return document,
        Err(error) => error,
    };
    let masked = if show_personal_data {
        report.document_json(true).ok()
    } else {
        None
    };
    if !SAID.swap(true, Ordering::Relaxed) {
        let shown = if masked.is_some() {
            "it is shown masked"
        } else {
            "`transaction` is null"
        };
        note!(
            "txstatus: warning: {}'s document could not be rendered as asked ({}); {shown} \
             (--save-raw FILE keeps the body as received)",
            report.provider,
            escape(&error.to_string())
        );
    }
    masked.unwrap_or(Value::Null)
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
            escape(report.status.raw())
        ),
        format!("created      {}", text(object.get("created_at"))),
        format!("updated      {}", text(object.get("updated_at"))),
    ];
    if let Some(notice) = &report.notice {
        lines.push(format!("notice       {}", escape(notice)));
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

/// One progress line (`watch` records, `demo`): provider, id, status, raw status.
pub fn progress_line(report: &StatusReport, colour: bool) -> String {
    format!(
        "{} {}: {} ({})",
        report.provider,
        escape(&report.id),
        status_word(report.status.normalized(), colour),
        escape(report.status.raw())
    )
}
