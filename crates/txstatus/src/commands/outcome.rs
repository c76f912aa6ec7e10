//! `txstatus get onespan <id> --outcome`: the report plus OneSpan's verification
//! outcome (the detailed verification report and the partners' results), masked
//! like the transaction. A single result: all three reads succeed before anything
//! is printed.

use serde_json::{Value, json};
use txstatus_core::{Response, StatusReport};

use crate::{
    cli::Target,
    failure::Failure,
    out, output,
    plan::Plan,
    text::{escape, json_line, json_text},
};

/// Reads the transaction, its detailed verification report and its verification
/// results, then prints them.
pub async fn run(plan: &Plan, target: &Target) -> Result<(), Failure> {
    let Some(client) = &plan.onespan else {
        return Err(Failure::usage("--outcome applies to onespan"));
    };
    let report = plan.source.status_report(&target.id).await?;
    // The transaction was read: a later read refused before sending is exit 1.
    let detailed = client
        .detailed_verification_report(&target.id)
        .await
        .map_err(Failure::after_a_send)?;
    let verification = client
        .verification(&target.id)
        .await
        .map_err(Failure::after_a_send)?;
    // Said on stderr like `get` says it (docs/CLI.md, `txstatus.report/1`).
    crate::idin::note_attempts(&report);
    let outcome = outcome_object(&detailed, &verification, target.show_personal_data);
    let text = if target.json {
        let mut object = output::json_object(&report, &target.id, target.show_personal_data, None);
        if let Value::Object(map) = &mut object {
            map.insert("outcome".into(), outcome);
        }
        json_line(&object) + "\n"
    } else {
        readable(&report, target, &outcome)
    };
    out::write_result(&text)
}

/// The `outcome` member of the report (docs/CLI.md, `txstatus.report/1`).
fn outcome_object(
    detailed: &Response<onespan_tx::DetailedVerificationReport>,
    verification: &Response<onespan_tx::TransactionVerification>,
    show_personal_data: bool,
) -> Value {
    let value = detailed.value();
    let report_name = "onespan's detailed verification report";
    let results_name = "onespan's verification results";
    output::note_if_not_whole(report_name, detailed.raw().as_bytes(), false);
    output::note_if_not_whole(results_name, verification.raw().as_bytes(), false);
    // A value OneSpan's docs do not list may be any text; a number where an id
    // goes, a card number's digits.
    let shown = |text: &str| crate::text::shown_value(text, show_personal_data).into_owned();
    let number = |value: u64| -> Value {
        if !show_personal_data && txstatus_core::provider::holds_personal_number(&value.to_string())
        {
            Value::String(crate::secrets::REDACTED.to_owned())
        } else {
            Value::from(value)
        }
    };
    let stages: Vec<Value> = value
        .stages
        .iter()
        .flatten()
        .map(|stage| {
            json!({
                "stage_id": stage.stage_id.map(number),
                "title": stage.stage_type.as_ref().and_then(|t| t.title.as_ref()).map(|t| shown(t.as_str())),
                "attempt": stage.attempt_number.map(number),
                "result": stage.result.as_ref().map(|r| shown(r.as_str())),
            })
        })
        .collect();
    json!({
        "result": value.result.as_ref().map(|r| shown(r.as_str())),
        "passed": value.passed(),
        "status": value.status.as_ref().map(|s| shown(s.as_str())),
        "stages": stages,
        "report": output::shown_document(
            report_name,
            "report",
            show_personal_data,
            false,
            |redact| output::as_received(detailed.raw().as_bytes(), value, redact),
        ),
        "verification": output::shown_document(
            results_name,
            "verification",
            show_personal_data,
            false,
            |redact| {
                output::as_received(
                    verification.raw().as_bytes(),
                    verification.value(),
                    redact,
                )
            },
        ),
    })
}

/// The summary of `get`, then the outcome: one line overall, one per stage, and
/// both documents.
fn readable(report: &StatusReport, target: &Target, outcome: &Value) -> String {
    let mut text = output::summary(
        report,
        &target.id,
        target.show_personal_data,
        None,
        output::colour_stdout(),
    );
    let word = |value: Option<&Value>| match value {
        Some(Value::String(s)) => escape(s),
        Some(Value::Number(n)) => n.to_string(),
        _ => "-".to_owned(),
    };
    let verdict = match outcome.get("result").and_then(Value::as_str) {
        Some("Passed") => "passed",
        Some("Failed") => "failed",
        Some("Undefined") => "undefined (not decided yet)",
        _ => "unknown",
    };
    text.push_str(&format!(
        "outcome      {verdict} (OneSpan says \"{}\"; report {})\n",
        word(outcome.get("result")),
        word(outcome.get("status"))
    ));
    for stage in outcome
        .get("stages")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        text.push_str(&format!(
            "  stage {} {} (attempt {}): {}\n",
            word(stage.get("stage_id")),
            word(stage.get("title")),
            word(stage.get("attempt")),
            word(stage.get("result"))
        ));
    }
    for (title, key) in [
        ("outcome report", "report"),
        ("verification", "verification"),
    ] {
        text.push_str(title);
        text.push('\n');
        for line in json_text(outcome.get(key).unwrap_or(&Value::Null), true).lines() {
            text.push_str("  ");
            text.push_str(line);
            text.push('\n');
        }
    }
    text
}
