//! `txstatus get <provider> <id>`: a single-result command. stdout is empty on any
//! non-zero exit, with one exception, for iDIN's one-time identity: when the file
//! it had to be kept in could not be written, stdout still carries what the flags
//! allow, as it is the last copy (docs/CLI.md). Any other answer can be asked for
//! again, so a `--save-raw` file that could not be written leaves stdout empty.

use std::{
    path::Path,
    sync::atomic::{AtomicBool, Ordering},
};

use txstatus_core::StatusReport;

use crate::{
    cli::{GetArgs, ProviderName, Target},
    failure::Failure,
    idin, out, output,
    plan::Plan,
    stoppable,
    text::json_line,
};

/// Reads once and prints. SIGINT or SIGTERM before the answer stops it with exit
/// 1 and nothing on stdout; the file reserved for the answer is removed (dropping
/// the read drops the plan, whose unwritten reservation removes its file), so no
/// empty file is left to block the next `--save-raw`.
///
/// iDIN is the exception once its status request may have gone out: CM may be
/// handing out the identity in that very answer, once, so abandoning the read
/// would lose it. The read is finished instead (within its own deadline) and its
/// answer kept and printed as usual; a second SIGINT or SIGTERM abandons it.
pub async fn run(args: &GetArgs) -> Result<(), Failure> {
    let signal = stoppable::listen_for_interrupt();
    let idin_read_begun = AtomicBool::new(false);
    let mut work = std::pin::pin!(read(args, &idin_read_begun));
    tokio::select! {
        biased;
        result = &mut work => return result,
        () = stoppable::interrupt(signal) => {}
    }
    let abandoned = "nothing was printed and no answer was kept";
    if !idin_read_begun.load(Ordering::SeqCst) {
        return Err(stoppable::interrupted(abandoned));
    }
    // Listening before the note: a second signal sent as soon as the note is
    // read must not fall between the two and be missed.
    let again = stoppable::listen_for_interrupt();
    note!(
        "txstatus: cm-idin: finishing the status read under way: its answer may hold the \
         identity, which CM hands out once; it is kept as usual (SIGINT or SIGTERM again \
         abandons it)"
    );
    tokio::select! {
        biased;
        result = &mut work => result,
        () = stoppable::interrupt(again) => Err(stoppable::interrupted(
            "the cm-idin read under way was abandoned at the second signal: nothing was \
             printed and no answer was kept",
        )),
    }
}

/// [`run`] without the signals; `idin_read_begun` is set when iDIN's status
/// request may go out (from then on a signal does not abandon it).
async fn read(args: &GetArgs, idin_read_begun: &AtomicBool) -> Result<(), Failure> {
    let target = &args.target;
    if args.outcome {
        if target.provider != ProviderName::Onespan {
            return Err(misplaced("--outcome", ProviderName::Onespan, target));
        }
        if target.save_raw.is_some() {
            // Three bodies answer --outcome: "the last body" would keep one at random.
            return Err(Failure::usage(
                "--save-raw cannot be combined with --outcome (three responses answer it)",
            ));
        }
    }
    if args.result.is_some() && target.provider != ProviderName::CmIdscan {
        return Err(misplaced("--result", ProviderName::CmIdscan, target));
    }
    let plan = Plan::prepare(target)?;
    if let Some(result_id) = &args.result {
        return crate::commands::result::run(&plan, target, result_id).await;
    }
    if args.outcome {
        return crate::commands::outcome::run(&plan, target).await;
    }
    if target.provider == ProviderName::CmIdin {
        idin_read_begun.store(true, Ordering::SeqCst);
    }
    let result = plan.source.status_report(&target.id).await;
    let report = match result {
        Ok(report) => report,
        Err(error) => {
            plan.keep_error(&error);
            return Err(error.into());
        }
    };
    let kept = plan.keep(Some(report.raw.as_bytes()));
    if target.provider == ProviderName::CmIdin && idin::identity_lost(&report) {
        return Err(idin::lost_failure(&report));
    }
    idin::note_attempts(&report);
    if kept.primary_failed && target.provider != ProviderName::CmIdin {
        return Err(save_raw_failed());
    }
    print_report(&report, target, kept.path.as_deref())?;
    if kept.primary_failed {
        return Err(keep_failed(target));
    }
    Ok(())
}

/// The failure of a `--save-raw` file that could not be written (exit 1; what
/// happened to it, and any fallback file, is already on stderr).
pub fn save_raw_failed() -> Failure {
    Failure::failed("--save-raw: the file asked for could not be written (see above)")
}

/// The failure of the file an answer had to be kept in: the `--save-raw` file when
/// one was given, else iDIN's default identity file (which no flag named, so the
/// message does not blame `--save-raw`).
pub fn keep_failed(target: &Target) -> Failure {
    if target.save_raw.is_some() {
        return save_raw_failed();
    }
    Failure::failed("the identity file could not be written in the save directory (see above)")
}

fn misplaced(flag: &str, owner: ProviderName, target: &Target) -> Failure {
    Failure::usage(format!(
        "{flag} applies to {}, not {}",
        owner.as_str(),
        target.provider.as_str()
    ))
}

/// Prints a report the way `get` does.
fn print_report(
    report: &StatusReport,
    target: &Target,
    saved: Option<&Path>,
) -> Result<(), Failure> {
    let text = if target.json {
        let object = output::json_object(report, &target.id, target.show_personal_data, saved);
        json_line(&object) + "\n"
    } else {
        output::summary(
            report,
            &target.id,
            target.show_personal_data,
            saved,
            output::colour_stdout(),
        )
    };
    out::write_result(&text)
}
