//! `txstatus watch <provider> <id>`: poll until the status is final.

use std::io::{IsTerminal, Write};

use txstatus_core::{PollError, PollEvent, PollOptions, poll_until_terminal};

use crate::{cli::WatchArgs, commands::get::print_report, failure::Failure, output, plan::Plan};

/// Polls, showing progress on stderr, then prints like `get`.
pub async fn run(args: &WatchArgs) -> Result<(), Failure> {
    let target = &args.target;
    let plan = Plan::prepare(target)?;
    let options = PollOptions {
        interval: args.interval,
        backoff: 1.0,
        max_interval: args.interval,
        timeout: args.timeout,
        ..PollOptions::default()
    };
    let live = std::io::stderr().is_terminal();
    let mut last_raw: Option<Vec<u8>> = None;
    let result = poll_until_terminal(plan.source.as_ref(), &target.id, &options, |event| {
        let mut stderr = std::io::stderr().lock();
        match event {
            PollEvent::Report(report) => {
                last_raw = Some(report.raw.as_bytes().to_vec());
                let line = output::progress_line(report);
                let _ = if live {
                    write!(stderr, "\r\x1b[2K{line}")
                } else {
                    writeln!(stderr, "{line}")
                };
            }
            PollEvent::RetryableError(error) => {
                if let Some(body) = error.body() {
                    last_raw = Some(body.as_bytes().to_vec());
                }
                let _ = if live {
                    write!(stderr, "\r\x1b[2K{error} (retrying)")
                } else {
                    writeln!(stderr, "{error} (retrying)")
                };
            }
        }
        let _ = stderr.flush();
    })
    .await;
    if live {
        let _ = writeln!(std::io::stderr());
    }
    match result {
        Ok(report) => {
            plan.save_raw(Some(report.raw.as_bytes().to_vec()))?;
            print_report(&report, target)
        }
        Err(PollError::Failed(error)) => {
            let raw = error.body().map(|b| b.as_bytes().to_vec()).or(last_raw);
            plan.save_raw(raw)?;
            Err(error.into())
        }
        Err(timeout @ PollError::Timeout { .. }) => {
            plan.save_raw(last_raw)?;
            Err(Failure::Api(timeout.to_string()))
        }
    }
}
