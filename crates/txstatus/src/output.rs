//! What `get` and `watch` print: one JSON object, or a readable summary.

use serde_json::{Value, json};
use txstatus_core::{StatusReport, Timestamp};

fn rfc3339(at: Option<&Timestamp>) -> Value {
    at.and_then(Timestamp::to_rfc3339)
        .map_or(Value::Null, Value::String)
}

/// The `--json` object.
pub fn json_object(report: &StatusReport, id: &str, show_personal_data: bool) -> Value {
    let transaction = report
        .document_json(!show_personal_data)
        .unwrap_or(Value::Null);
    json!({
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
        "transaction": transaction,
    })
}

/// The readable summary, redacted the same way.
pub fn summary(report: &StatusReport, id: &str, show_personal_data: bool) -> String {
    let object = json_object(report, id, show_personal_data);
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Null => "-".to_owned(),
        other => other.to_string(),
    };
    let terminal = if report.status.is_terminal() {
        "final"
    } else {
        "not final"
    };
    let mut out = String::new();
    out.push_str(&format!("provider     {}\n", report.provider));
    out.push_str(&format!("transaction  {id}\n"));
    out.push_str(&format!(
        "status       {} (provider says \"{}\"; {terminal})\n",
        report.status.normalized(),
        report.status.raw()
    ));
    out.push_str(&format!(
        "created      {}\n",
        text(object.get("created_at").unwrap_or(&Value::Null))
    ));
    out.push_str(&format!(
        "updated      {}\n",
        text(object.get("updated_at").unwrap_or(&Value::Null))
    ));
    if let Some(notice) = &report.notice {
        out.push_str(&format!("notice       {notice}\n"));
    }
    let document = serde_json::to_string_pretty(object.get("transaction").unwrap_or(&Value::Null))
        .unwrap_or_default();
    out.push_str("document\n");
    for line in document.lines() {
        out.push_str("  ");
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// One progress line for `watch` and `demo`.
pub fn progress_line(report: &StatusReport) -> String {
    format!(
        "{} {}: {} ({})",
        report.provider,
        report.id,
        report.status.normalized(),
        report.status.raw()
    )
}
