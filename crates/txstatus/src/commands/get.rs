//! `txstatus get <provider> <id>`.

use std::io::Write;

use crate::{cli::Target, failure::Failure, output, plan::Plan};

/// Reads once and prints.
pub async fn run(target: &Target) -> Result<(), Failure> {
    let plan = Plan::prepare(target)?;
    let result = plan.source.status_report(&target.id).await;
    let raw = match &result {
        Ok(report) => Some(report.raw.as_bytes().to_vec()),
        Err(error) => error.body().map(|b| b.as_bytes().to_vec()),
    };
    plan.save_raw(raw)?;
    let report = result?;
    print_report(&report, target)
}

/// Prints a report the way `get` and `watch` do.
pub fn print_report(report: &txstatus_core::StatusReport, target: &Target) -> Result<(), Failure> {
    let text = if target.json {
        let object = output::json_object(report, &target.id, target.show_personal_data);
        serde_json::to_string(&object).map_err(|e| Failure::Api(e.to_string()))? + "\n"
    } else {
        output::summary(report, &target.id, target.show_personal_data)
    };
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| Failure::Api(format!("cannot write to stdout: {e}")))
}
