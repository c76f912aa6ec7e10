//! `txstatus get cm-idscan <id> --result <resultId>`: the extracted fields and
//! files of one ID Scan result, masked like every other document.

use serde_json::{Value, json};

use crate::{
    cli::Target,
    failure::Failure,
    out,
    output::{self, RESULT_SCHEMA},
    plan::Plan,
    text::{escape, json_line, json_text},
};

/// Reads the result and prints it (single result).
pub async fn run(plan: &Plan, target: &Target, result_id: &str) -> Result<(), Failure> {
    if let Some(problem) = txstatus_core::provider::id_problem(result_id) {
        return Err(Failure::usage(format!("invalid result id: {problem}")));
    }
    let Some(client) = &plan.idscan else {
        return Err(Failure::usage("--result applies to cm-idscan"));
    };
    let response = match client.transaction_result(&target.id, result_id).await {
        Ok(response) => response,
        Err(error) => {
            plan.keep_error(&error);
            return Err(error.into());
        }
    };
    let kept = plan.keep(Some(response.raw().as_bytes()));
    if response.earlier_attempt_may_have_reached_server() {
        // Said on stderr as `get` says it of a report.
        note!(
            "txstatus: {} answered on attempt {}; an earlier attempt may have reached it",
            cm_idscan::PROVIDER,
            response.attempts()
        );
    }
    if kept.primary_failed {
        // A result can be asked for again: stdout stays empty on exit 1.
        return Err(crate::commands::get::save_raw_failed());
    }
    // Rendered as asked, else masked and said (output::shown_document): the
    // result was received, so a render failure does not withhold it.
    output::note_if_not_whole("cm-idscan's result", response.raw().as_bytes(), true);
    let document = output::shown_document(
        "cm-idscan's result",
        "result",
        target.show_personal_data,
        true,
        |redact| output::as_received(response.raw().as_bytes(), response.value(), redact),
    );
    let saved = kept
        .path
        .as_ref()
        .map_or(Value::Null, |p| Value::String(p.display().to_string()));
    let object = json!({
        "schema": RESULT_SCHEMA,
        "provider": cm_idscan::PROVIDER,
        "id": target.id,
        "result_id": result_id,
        "attempts": response.attempts(),
        "earlier_attempt_may_have_reached_server": response.earlier_attempt_may_have_reached_server(),
        "saved_to": saved,
        "result": document,
    });
    let text = if target.json {
        json_line(&object) + "\n"
    } else {
        let mut text = format!(
            "provider     cm-idscan\ntransaction  {}\nresult       {}\ndocument\n",
            escape(&target.id),
            escape(result_id)
        );
        for line in json_text(object.get("result").unwrap_or(&Value::Null), true).lines() {
            text.push_str("  ");
            text.push_str(line);
            text.push('\n');
        }
        text
    };
    out::write_result(&text)
}
