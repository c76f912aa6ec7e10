//! `txstatus watch <provider> <id>`: a streaming command. One record on stdout for
//! the first read and for each change of status; the last record is the answer
//! the watch ended with (`"last": true`), printed only after its body is kept.

use std::{path::Path, sync::Arc, task::Poll};

use tokio::sync::Notify;
use txstatus_core::{
    PollError, PollEvent, PollOptions, RateLimit, RateLimiter, SlidingWindow, StatusReport,
};

use crate::{
    cli::{ProviderName, Target, WatchArgs},
    failure::Failure,
    idin,
    out::Stream,
    output,
    plan::{Kept, Plan},
    rate, shared,
    stoppable::{self, Interrupt},
    text::{escape, json_line},
};

/// Polls, printing records, until the status is final or the source says stop.
pub async fn run(args: &WatchArgs) -> Result<(), Failure> {
    // From the start: a signal while the shared budget connects (the file for the
    // answer already reserved) once killed the watch with that file left empty.
    let mut interrupt = Interrupt::listen();
    let target = &args.target;
    let limit = args.rate_limit.as_deref().map(rate::parse).transpose()?;
    if limit.is_some() {
        shared::check_budget_env()?;
    }
    // Every usage error is found (and nothing sent, nothing written to Redis) before
    // Redis is contacted: the client is built with a limiter its budget is attached
    // to afterwards.
    let late = limit.map(|_| shared::LateBudget::new());
    let plan = Plan::prepare_limited(
        target,
        late.clone().map(|late| late as Arc<dyn RateLimiter>),
    )?;
    if let (Some(limit), Some(late)) = (limit, &late) {
        let limiter = interrupt
            .or(limiter(target.provider, limit))
            .await
            .map_err(|_| stoppable::interrupted("nothing was sent and no answer was kept"))?;
        late.attach(limiter?);
    }
    let options = PollOptions {
        interval: args.interval,
        backoff: 1.0,
        max_interval: args.interval,
        timeout: args.timeout,
        ..PollOptions::default()
    };
    let colour = output::colour_stdout();
    let stop = Notify::new();
    let mut stream = Stream::new();
    let mut write_error: Option<Failure> = None;
    // The last body read, and whether it came with a success status line (iDIN's
    // default file keeps no error body of a 5xx or a 429: it cannot hold the identity).
    let mut last_raw: Option<(Vec<u8>, bool)> = None;
    // The last state printed: a read is printed only when it is newer (the
    // receiver's rule: a later provider update time wins; without times a final
    // state is never replaced), so a stale read (a lagging replica, a cache)
    // never shows the transaction going backwards.
    let mut shown: Option<txstatus_webhooks::ObservedState> = None;
    // The answer the watch stops at, kept the moment it arrives.
    let mut ending: Option<(StatusReport, Kept)> = None;
    // iDIN: a read that failed after it may have been processed by CM (a 502, a
    // timeout after sending) may have taken the identity with it. The next answer
    // says so like an earlier attempt of its own call would (exit 3 on a notice),
    // unless an answer in between showed the flow still running.
    let is_idin = target.provider == ProviderName::CmIdin;
    let mut earlier_read_may_have_reached = false;
    // Which read is under way: a signal during an iDIN read finishes it first.
    let tracked = idin::Tracked::new(plan.source.as_ref());
    let polled = stoppable::poll(&tracked, &target.id, &options, &stop, |event| {
        match event {
            PollEvent::Report(report) => {
                if ending.is_some() {
                    // Never replace the answer the watch stopped at.
                    return;
                }
                let after_lost_read = std::mem::take(&mut earlier_read_may_have_reached);
                if report.should_stop() {
                    let kept = plan.keep(Some(report.raw.as_bytes()));
                    let mut report = report.clone();
                    if after_lost_read {
                        report.earlier_attempt_may_have_reached_server = true;
                    }
                    ending = Some((report, kept));
                    return;
                }
                last_raw = Some((report.raw.as_bytes().to_vec(), true));
                let state = txstatus_webhooks::ObservedState::from_report(report);
                if txstatus_webhooks::is_newer(shown.as_ref(), &state) {
                    shown = Some(state);
                    let line = record(report, target, None, false, colour);
                    match stream.record(&line) {
                        Ok(true) => {}
                        Ok(false) => stop.notify_one(),
                        Err(failure) => {
                            write_error = Some(failure);
                            stop.notify_one();
                        }
                    }
                }
            }
            PollEvent::RetryableError(error) => {
                if is_idin && error.may_have_been_processed() {
                    earlier_read_may_have_reached = true;
                }
                if let Some(body) = error.body() {
                    let success_line = error.status().is_none_or(|s| (200..300).contains(&s));
                    last_raw = Some((body.as_bytes().to_vec(), success_line));
                }
                note!("txstatus: {} (retrying)", escape(&error.to_string()));
            }
            // An event a later core reports: nothing to show for it.
            _ => {}
        }
    });
    // SIGINT or SIGTERM (Ctrl-C, `timeout`): stop reading, keep the last body as a
    // reader gone would, and exit 1: killed instead, the watch would leave the
    // file reserved for the answer empty (docs/CLI.md, "Files").
    let mut polled = Box::pin(polled);
    let interrupted = match interrupt.or(polled.as_mut()).await {
        Ok(result) => Ok(result),
        // iDIN: the read under way may be bringing the identity, handed out once:
        // finish it (within its own deadline) before stopping; a second signal
        // abandons it.
        Err(_) if is_idin && tracked.reading() => {
            // Listening before the note: a second signal sent as soon as the
            // note is read must not fall between the two and be missed.
            let again = stoppable::listen_for_interrupt();
            note!(
                "txstatus: cm-idin: finishing the status read under way: its answer may \
                 hold the identity, which CM hands out once; it is kept as usual (SIGINT \
                 or SIGTERM again abandons it)"
            );
            let mut again = Box::pin(stoppable::interrupt(again));
            std::future::poll_fn(|cx| {
                if let Poll::Ready(result) = polled.as_mut().poll(cx) {
                    return Poll::Ready(Ok(result));
                }
                if !tracked.reading() || again.as_mut().poll(cx).is_ready() {
                    return Poll::Ready(Err(()));
                }
                Poll::Pending
            })
            .await
        }
        Err(_) => Err(()),
    };
    drop(polled);
    let result = match interrupted {
        Ok(result) => result,
        Err(()) => {
            if let Some((report, kept)) = ending {
                // The answer the watch stops at arrived and is kept: end with it.
                return finish(&report, &kept, target, &mut stream, colour);
            }
            if write_error.is_none() {
                keep_last(&plan, last_raw.as_ref());
                return Err(stoppable::interrupted(
                    "stopped before a final state (the records printed stand)",
                ));
            }
            None
        }
    };
    if let Some(failure) = write_error {
        keep_last(&plan, last_raw.as_ref());
        return Err(failure);
    }
    let Some(result) = result else {
        // The reader went away: stop quietly.
        keep_last(&plan, last_raw.as_ref());
        return Ok(());
    };
    match result {
        Ok(report) => {
            let (report, kept) = match ending {
                Some(ending) => ending,
                None => {
                    let kept = plan.keep(Some(report.raw.as_bytes()));
                    (report, kept)
                }
            };
            finish(&report, &kept, target, &mut stream, colour)
        }
        Err(PollError::Failed(error)) => {
            if error.body().is_some() {
                plan.keep_error(&error);
            } else {
                keep_last(&plan, last_raw.as_ref());
            }
            Err(error.into())
        }
        Err(timeout @ PollError::Timeout { .. }) => {
            keep_last(&plan, last_raw.as_ref());
            Err(Failure::TimedOut(escape(&timeout.to_string())))
        }
        // A way of ending a later core adds: a failure, said in its own words.
        Err(other) => {
            keep_last(&plan, last_raw.as_ref());
            Err(Failure::Failed(escape(&other.to_string())))
        }
    }
}

/// Keeps the last body read (see `last_raw`), or settles the reserved file when
/// there is none.
fn keep_last(plan: &Plan, last: Option<&(Vec<u8>, bool)>) -> Kept {
    match last {
        Some((bytes, success_line)) => plan.keep_read(Some(bytes), *success_line),
        None => plan.keep(None),
    }
}

/// `--rate-limit`: the budget shared through Redis when `TXSTATUS_REDIS_URL` is set
/// (the stored limit wins; a mismatch is reported on stderr), else this process's own.
async fn limiter(
    provider: ProviderName,
    limit: RateLimit,
) -> Result<Arc<dyn RateLimiter>, Failure> {
    match shared::connect_if_set().await? {
        Some(redis) => Ok(shared::as_limiter(
            shared::budget(&redis, provider, limit).await?,
        )),
        None => Ok(Arc::new(SlidingWindow::new(limit))),
    }
}

/// Prints the last record and decides the exit.
fn finish(
    report: &StatusReport,
    kept: &Kept,
    target: &Target,
    stream: &mut Stream,
    colour: bool,
) -> Result<(), Failure> {
    idin::note_attempts(report);
    if !report.status.is_terminal() {
        // An empty status would read "a  answer": say which kind it was instead.
        let raw = report.status.raw();
        let shown = if raw.trim().is_empty() {
            "status-less".to_owned()
        } else {
            escape(&crate::text::shown_value(raw, target.show_personal_data))
        };
        note!(
            "txstatus: stopped at a {shown} answer the source asked not to ask again after \
             (it is kept: asking again could lose what it holds)"
        );
    }
    let lost = target.provider == ProviderName::CmIdin && idin::identity_lost(report);
    let line = record(report, target, kept.path.as_deref(), true, colour);
    if !stream.record(&line)? {
        return Ok(());
    }
    if lost {
        return Err(idin::lost_failure(report));
    }
    if kept.primary_failed {
        return Err(crate::commands::get::keep_failed(target));
    }
    Ok(())
}

fn record(
    report: &StatusReport,
    target: &Target,
    saved: Option<&Path>,
    last: bool,
    colour: bool,
) -> String {
    if target.json {
        json_line(&output::watch_object(
            report,
            &target.id,
            target.show_personal_data,
            saved,
            last,
        ))
    } else {
        let mut line = output::progress_line(report, target.show_personal_data, colour);
        if last && report.status.is_terminal() {
            line.push_str(" final");
        }
        line
    }
}
