//! `txstatus worker [--concurrency N] [--rate-limit N/PERIOD]`: a streaming command.
//! Claims transactions from the shared schedule (`txstatus enqueue`), reads them with
//! this process's own clients within the shared budget, and prints each transition it
//! records (`txstatus.transition/1`, with `stream_id`) on stdout, one per line.
//!
//! SIGINT/SIGTERM: stops, releasing its leases (another worker resumes at once), exit
//! 0. Redis unreachable or refusing the password: one clear error, exit 1 (its leases
//! expire by themselves). Any other Redis error (a shared budget key of the wrong type,
//! a script error) is noted on stderr with its cause, and the worker goes on.

use txstatus_redis::{WatchQueue, Worker, WorkerEvent};

use crate::{
    cli::WorkerArgs,
    commands::{sandbox::Stop, worker_sources},
    failure::Failure,
    out::Stream,
    rate, shared,
    text::{escape, json_line},
};

/// Transactions read at once when `--concurrency` is not given.
pub const DEFAULT_CONCURRENCY: u32 = 4;

/// The most transactions one worker reads at once; more processes scale further.
pub const MAX_CONCURRENCY: u32 = 1024;

/// A worker stopped before it claimed anything: said on stderr, exit 0.
pub fn stopped_while_starting() -> Result<(), Failure> {
    note!("txstatus: stopped by SIGINT or SIGTERM while starting; nothing was claimed");
    Ok(())
}

/// `txstatus worker`.
pub async fn run(args: &WorkerArgs) -> Result<(), Failure> {
    let limit = args.rate_limit.as_deref().map(rate::parse).transpose()?;
    let concurrency = args.concurrency.unwrap_or(DEFAULT_CONCURRENCY);
    if concurrency == 0 {
        return Err(Failure::usage("--concurrency must be at least 1"));
    }
    if concurrency > MAX_CONCURRENCY {
        // Each one is a task and a lease: billions of them exhaust the machine.
        return Err(Failure::usage(format!(
            "--concurrency must be at most {MAX_CONCURRENCY}"
        )));
    }
    let sources = worker_sources::build(limit.is_some())?;
    if limit.is_some() {
        shared::check_budget_env()?;
    }
    // Signals from before Redis is contacted: stopped while it connects (nothing
    // claimed yet), the worker ends as a stopped worker does, exit 0.
    let mut stop = Stop::listen()?;
    let Some(redis) = stop.or(shared::connect_required("txstatus worker")).await else {
        return stopped_while_starting();
    };
    let redis = redis?;
    let queue = WatchQueue::new(&redis);
    let mut builder =
        Worker::builder(&queue).concurrency(usize::try_from(concurrency).unwrap_or(usize::MAX));
    for (provider, source, late) in sources {
        builder = builder.source(provider.as_str(), source);
        if let (Some(limit), Some(late)) = (limit, late) {
            // The worker takes a slot before each read (its first attempt); the
            // client takes one for every attempt after it, from the same budget.
            // Given to the worker as the Redis budget it is, so a failure of it (a
            // key of the wrong type, a refused password) is reported as itself.
            let Some(budget) = stop.or(shared::budget(&redis, provider, limit)).await else {
                return stopped_while_starting();
            };
            let budget = budget?;
            late.attach(shared::as_limiter(budget.clone()));
            builder = builder.redis_budget(provider.as_str(), budget);
        }
    }
    let mut worker = builder.start();
    note!("txstatus: worker started; Ctrl-C or SIGTERM stops it (leases released)");
    let mut stream = Stream::new();
    let stop = stop.wait();
    let mut stop = std::pin::pin!(stop);
    let mut outcome = Ok(());
    // False once stdout is gone or failing: nothing more can be printed.
    let mut printing = true;
    loop {
        let event = tokio::select! {
            () = &mut stop => break,
            event = worker.next_event() => event,
        };
        let Some(event) = event else { break };
        match handle(event, &mut stream) {
            Ok(true) => {}
            Ok(false) => {
                printing = false;
                break;
            }
            Err(Halt::Output(failure)) => {
                outcome = Err(failure);
                printing = false;
                break;
            }
            Err(Halt::Redis(failure)) => {
                outcome = Err(failure);
                break;
            }
        }
    }
    worker.stop().await;
    // What was recorded before the stop is printed (at least once: stream ids dedupe),
    // after a Redis failure too: a transition this worker recorded in the stream is
    // printed by no other process.
    while printing && let Some(event) = worker.try_next_event() {
        if let WorkerEvent::Transition(_) = &event {
            match handle(event, &mut stream) {
                Ok(true) => {}
                Ok(false) => break,
                // A record that could not be written is never an exit 0, and says
                // more than the Redis failure it follows.
                Err(Halt::Output(failure) | Halt::Redis(failure)) => {
                    outcome = Err(failure);
                    break;
                }
            }
        }
    }
    outcome
}

/// Why printing stopped with a failure.
enum Halt {
    /// Stdout could not be written.
    Output(Failure),
    /// Redis is unreachable.
    Redis(Failure),
}

/// Prints one event; false when the reader went away.
fn handle(event: WorkerEvent, stream: &mut Stream) -> Result<bool, Halt> {
    match event {
        WorkerEvent::Transition(transition) => {
            let mut value = serde_json::to_value(&transition).unwrap_or_default();
            super::listen::delivery_ids_shown(&mut value);
            stream.record(&json_line(&value)).map_err(Halt::Output)
        }
        WorkerEvent::ReadFailed {
            provider,
            id,
            error,
        } => {
            note!(
                "txstatus: {provider} {}: read failed, due again after its interval: {}",
                escape(&id),
                escape(&error)
            );
            Ok(true)
        }
        // Gone, or refusing our password: neither passes by retrying.
        WorkerEvent::Redis(error)
            if error.is_unreachable() || error.kind() == txstatus_redis::ErrorKind::Auth =>
        {
            Err(Halt::Redis(Failure::failed(format!(
                "worker stopped: {error} (leases held expire by themselves)"
            ))))
        }
        // Anything else (a budget key of the wrong type, a script error): said with its
        // cause; the transaction was given back and the worker tries again after a pause.
        WorkerEvent::Redis(error) => {
            note!("txstatus: {}", escape(&error.to_string()));
            Ok(true)
        }
        WorkerEvent::Refused { provider } => {
            note!(
                "txstatus: {}: never read by a worker (a one-time identity)",
                escape(&provider)
            );
            Ok(true)
        }
        _ => Ok(true),
    }
}
