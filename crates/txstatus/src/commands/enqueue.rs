//! `txstatus enqueue <provider> <id>... [--interval D]`: a batch command. Puts ids on
//! the shared schedule that `txstatus worker` processes read from; one record per
//! distinct id (`txstatus.enqueue/1`).

use std::time::Duration;

use serde_json::json;
use txstatus_redis::{EnqueueError, WatchQueue};

use crate::{
    cli::{EnqueueArgs, ProviderName},
    commands::erase::distinct,
    failure::Failure,
    out::Stream,
    shared,
    stoppable::{self, Interrupt, Stopped},
    text::{escape, json_line},
};

/// The schema of one `enqueue` record.
pub const ENQUEUE_SCHEMA: &str = "txstatus.enqueue/1";

/// The wait between reads when `--interval` is not given (as `watch`'s).
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(2);

/// Checks everything (usage errors, nothing sent), then enqueues each id.
pub async fn run(args: &EnqueueArgs) -> Result<(), Failure> {
    let mut interrupt = Interrupt::listen();
    if args.provider == ProviderName::CmIdin {
        return Err(Failure::usage(
            "enqueue refuses cm-idin: its one-time identity cannot pass through a shared queue; nothing was sent",
        ));
    }
    if let Some(problem) = args
        .ids
        .iter()
        .find_map(|id| txstatus_core::provider::id_problem(id))
    {
        return Err(Failure::usage(format!("invalid transaction id: {problem}")));
    }
    let interval = args.interval.unwrap_or(DEFAULT_INTERVAL);
    if interval.is_zero() {
        return Err(Failure::usage("--interval must be longer than zero"));
    }
    let redis = interrupt
        .or(shared::connect_required("txstatus enqueue"))
        .await
        .map_err(|_| stoppable::interrupted("nothing was enqueued"))??;
    let queue = WatchQueue::new(&redis);
    let provider = args.provider.as_str();
    let mut stream = Stream::new();
    let mut finished = 0_usize;
    let mut handled = 0_usize;
    for id in distinct(args.provider, &args.ids) {
        let outcome = match interrupt.or(queue.enqueue(provider, &id, interval)).await {
            Err(Stopped::Midway) => {
                return Err(stoppable::interrupted(&format!(
                    "{} may have been enqueued, the ids after it were not",
                    escape(&id)
                )));
            }
            Err(Stopped::BeforeStart) => {
                return Err(stoppable::interrupted(&format!(
                    "{} and the ids after it were not enqueued",
                    escape(&id)
                )));
            }
            Ok(Ok(outcome)) => outcome,
            Ok(Err(EnqueueError::Redis(error))) => {
                return Err(Failure::failed(format!(
                    "enqueue {provider}: redis failed (ids after this one were not enqueued): {error}"
                )));
            }
            Ok(Err(other)) => return Err(Failure::usage(other.to_string())),
        };
        if outcome == txstatus_redis::Enqueued::Finished {
            finished = finished.saturating_add(1);
        }
        let line = if args.json {
            json_line(&json!({
                "schema": ENQUEUE_SCHEMA,
                "provider": provider,
                "id": id,
                "outcome": outcome.as_str(),
                "interval_ms": u64::try_from(interval.as_millis()).unwrap_or(u64::MAX),
            }))
        } else {
            format!("{provider} {} {}", escape(&id), outcome.as_str())
        };
        handled = handled.saturating_add(1);
        match stream.record(&line) {
            Ok(true) => {}
            Ok(false) => return Ok(()),
            // Redis holds what was done: say it, as no record does.
            Err(failure) => {
                return Err(Failure::failed(format!(
                    "enqueue {provider}: {}; {handled} id(s) were put on the schedule (this one \
                     included), the ids after it were not",
                    failure.message()
                )));
            }
        }
    }
    if finished > 0 && !args.json {
        note!("txstatus: {finished} id(s) already reached their final state: not watched again");
    }
    Ok(())
}
