//! The txstatus benchmark harness: `cargo xtask bench [--quick]` runs it and it writes
//! BENCHMARKS.md.
//!
//! 1. decode: typed models vs `serde_json::Value` (sampled in many fresh processes);
//! 2. client overhead: `persona_tx::Client` vs raw reqwest against the sandbox (one
//!    child process per run, for its peak RSS);
//! 3. footprint: dependency trees and cold release builds of minimal programs;
//! 4. polling: one rate-limited client watching many iDIN transactions (child process);
//! 5. webhooks: signed Persona deliveries from the sandbox into one receiver, then
//!    into two on one Redis behind a round-robin sender;
//! 6. distributed: four worker processes on one Redis schedule and budget.
//!
//! Children are this binary re-executed as `tx-bench child <load|watch|decode> <config
//! JSON>`. With `--compare-with BIN` it instead runs the overhead and decode sections of
//! this build and of BIN (another commit's tx-bench) interleaved and writes
//! `target/BENCHMARKS.compare.md`.
#![forbid(unsafe_code)]

mod child;
mod compare;
mod cpu;
mod decode;
mod distributed;
mod error;
mod footprint;
mod idle_poll;
mod machine;
mod memory;
mod overhead;
mod paths;
mod pinning;
mod polling;
mod providers;
mod report;
mod runtime;
mod settings;
mod stats;
mod target;
mod two_listeners;
mod webhooks;

use std::process::ExitCode;
use std::time::Instant;

use crate::error::{BenchError, Result};
use crate::settings::{Section, Settings};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("tx-bench: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<()> {
    if args.first().map(String::as_str) == Some("child") {
        return match args.get(1).map(String::as_str) {
            Some("load") => child::serve(args.get(2), overhead::load::run),
            Some("watch") => child::serve(args.get(2), polling::watch::run),
            Some("redis-worker") => child::serve(args.get(2), distributed::worker::run),
            Some("decode") => child::serve(args.get(2), decode::sample::run),
            other => Err(BenchError::new(format!("unknown child kind {other:?}"))),
        };
    }
    let settings = Settings::parse(args, &paths::workspace_root())?;
    let machine = machine::Machine::detect();
    let started = Instant::now();
    eprintln!(
        "tx-bench: {} mode on {} cores; writing {}",
        settings.mode.as_str(),
        machine.cores,
        settings.output.display()
    );
    if let Some(other) = settings.compare_with.clone() {
        let comparison = compare::run(&settings, &other)?;
        let text = report::compare::render(&comparison, &machine, &machine::load_average());
        // Printed first: a report that cannot be written is not lost with it.
        println!("{text}");
        write_report(&settings.output, &text)?;
        eprintln!("tx-bench: wrote {}", settings.output.display());
        return Ok(());
    }
    if settings.runs(Section::Footprint) {
        footprint::fetch_dependencies()?;
    }
    // Half of the decode processes now, half after the other sections.
    let decode_phases = if settings.runs(Section::Decode) {
        Some(decode::Phases::start(&settings)?)
    } else {
        None
    };
    let rt = runtime::multi_thread("bench-parent")?;
    let overhead = if settings.runs(Section::Overhead) {
        let sandbox = overhead::PinnedSandbox::start(settings.pin, settings.idle_poll)?;
        let result = overhead::run(&settings, &sandbox);
        sandbox.stop();
        Some(result?)
    } else {
        None
    };
    let polling = if settings.runs(Section::Polling) {
        Some(polling::run(&settings, &rt)?)
    } else {
        None
    };
    let webhooks = if settings.runs(Section::Webhooks) {
        Some(webhooks::run(&settings, &rt)?)
    } else {
        None
    };
    let distributed = if settings.runs(Section::Distributed) {
        Some(distributed::run(&settings, &rt)?)
    } else {
        None
    };
    drop(rt);
    let footprint = if settings.runs(Section::Footprint) {
        Some(footprint::run(&settings)?)
    } else {
        None
    };
    let decode = match decode_phases {
        Some(phases) => Some(phases.finish(&settings)?),
        None => None,
    };
    let report = report::Report {
        machine,
        total_s: started.elapsed().as_secs_f64(),
        load_at_end: machine::load_average(),
        decode,
        overhead,
        footprint,
        polling,
        webhooks,
        distributed,
        settings,
    };
    // The report this run replaces, if any: the rerun check reads its intervals.
    let previous = std::fs::read_to_string(&report.settings.output).ok();
    let mut text = report::render(&report);
    if let Some(section) = previous.and_then(|previous| report::rerun::render(&previous, &text)) {
        text.push('\n');
        text.push_str(&section);
    }
    write_report(&report.settings.output, &text)?;
    eprintln!("tx-bench: wrote {}", report.settings.output.display());
    Ok(())
}

/// Writes a report, making its directory first: `target/` need not exist when
/// the build's target directory is elsewhere (`CARGO_TARGET_DIR`).
fn write_report(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, text)
}
