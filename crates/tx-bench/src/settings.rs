//! Command-line options and the sizes of each benchmark in quick and full mode.

use std::path::PathBuf;
use std::time::Duration;

use crate::error::{BenchError, Result};

/// Quick (`--quick`, a few minutes) or full.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Small counts, no cold builds.
    Quick,
    /// The counts of the issue, cold builds included.
    Full,
}

impl Mode {
    /// `quick` or `full`.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Quick => "quick",
            Mode::Full => "full",
        }
    }
}

/// One of the benchmarks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// Typed decode vs `serde_json::Value`.
    Decode,
    /// Provider client vs raw reqwest against the sandbox.
    Overhead,
    /// Dependency trees and cold build times.
    Footprint,
    /// Watching many transactions to their final state.
    Polling,
    /// Receiving webhooks: acknowledgement, reconciliation, re-reads per event.
    Webhooks,
    /// Benchmark 6: distributed watching on Redis.
    Distributed,
}

impl Section {
    const ALL: [Section; 6] = [
        Section::Decode,
        Section::Overhead,
        Section::Footprint,
        Section::Polling,
        Section::Webhooks,
        Section::Distributed,
    ];

    fn parse(name: &str) -> Result<Self> {
        Ok(match name {
            "decode" => Section::Decode,
            "overhead" => Section::Overhead,
            "footprint" => Section::Footprint,
            "polling" => Section::Polling,
            "webhooks" => Section::Webhooks,
            "distributed" => Section::Distributed,
            other => {
                return Err(BenchError::new(format!(
                    "unknown section `{other}` (decode, overhead, footprint, polling, webhooks, distributed)"
                )));
            }
        })
    }
}

/// What to run and how much of it.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Quick or full.
    pub mode: Mode,
    /// The sections to run (all unless `--only`).
    pub sections: Vec<Section>,
    /// Where the report goes.
    pub output: PathBuf,
    /// Distinct webhook events (Persona transactions) in the webhooks section.
    pub webhook_events: usize,
    /// Pairs of decode processes (one per build) in `--compare-with`.
    pub decode_reps: usize,
    /// Fresh processes sampling every decode case (the spread between processes is
    /// wider than within one, so the interval is taken over processes).
    pub decode_processes: usize,
    /// Builds of the decoders the processes rotate through, each with its functions in
    /// another order (`--decode-layouts N`; 1 = this build only).
    pub decode_layouts: usize,
    /// Timed batches per decoder in each of those processes.
    pub decode_process_batches: usize,
    /// How long one timed decode batch runs.
    pub decode_batch: Duration,
    /// Measured reads per overhead run (short: many pairs decide more than long runs).
    pub overhead_requests: usize,
    /// SDK/raw pairs (child-process runs) per concurrency.
    pub overhead_reps: usize,
    /// Reads N of the callgrind runs (N and 2N per variant and concurrency).
    pub instruction_reads: usize,
    /// Concurrency levels of the overhead benchmark.
    pub concurrencies: Vec<usize>,
    /// Transactions watched per polling run.
    pub poll_transactions: usize,
    /// Polling repetitions.
    pub poll_reps: usize,
    /// Transactions watched at once.
    pub poll_concurrency: usize,
    /// Client-side rate limit of the polling client, requests per second.
    pub poll_rate: u32,
    /// Wait between two reads of one transaction.
    pub poll_interval: Duration,
    /// Whether to time cold release builds (full mode).
    pub cold_builds: bool,
    /// Rounds of cold builds: each round builds the TLS baseline and every provider,
    /// the order reversed every other round; a provider's ratio is taken per round.
    pub build_rounds: usize,
    /// Provider crates whose footprint is measured (`--crates` narrows it).
    pub footprint_crates: Vec<String>,
    /// Transactions of the distributed-watching run (the kill run uses a fifth).
    pub distributed_transactions: usize,
    /// Pin the sandbox and the overhead clients to different cores (`--no-pin` turns it off).
    pub pin: bool,
    /// Let idle cores poll before halting while the overhead runs (`--no-idle-poll`
    /// leaves the machine's setting alone).
    pub idle_poll: bool,
    /// `--compare-with BIN`: another build's tx-bench, measured against this one.
    pub compare_with: Option<PathBuf>,
    /// `--compare-label REV`: what the other build is, for the report.
    pub compare_label: String,
}

impl Settings {
    /// Parses `[--quick] [--only decode,overhead,...] [--crates a,b] [--out FILE]`.
    pub fn parse(args: &[String], root: &std::path::Path) -> Result<Self> {
        let mut mode = Mode::Full;
        let mut sections: Vec<Section> = Section::ALL.to_vec();
        let mut output = None;
        let mut crates: Vec<String> = crate::providers::PROVIDERS
            .iter()
            .map(|p| p.krate.to_owned())
            .collect();
        let mut cold_builds = None;
        let mut build_rounds = None;
        let mut decode_layouts = None;
        let mut pin = true;
        let mut idle_poll = true;
        let mut compare_with = None;
        let mut compare_label = None;
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            match arg.as_str() {
                "--quick" => mode = Mode::Quick,
                "--only" => {
                    let list = iter.next().ok_or_else(|| missing("--only"))?;
                    sections = list.split(',').map(Section::parse).collect::<Result<_>>()?;
                }
                "--crates" => {
                    let list = iter.next().ok_or_else(|| missing("--crates"))?;
                    crates = list.split(',').map(str::to_owned).collect();
                }
                "--out" => {
                    output = Some(PathBuf::from(iter.next().ok_or_else(|| missing("--out"))?))
                }
                "--cold-builds" => cold_builds = Some(true),
                "--no-cold-builds" => cold_builds = Some(false),
                "--build-rounds" => {
                    let n = iter.next().ok_or_else(|| missing("--build-rounds"))?;
                    build_rounds = Some(n.parse::<usize>().map_err(|_| {
                        BenchError::new(format!("--build-rounds: `{n}` is not a count"))
                    })?);
                }
                "--decode-layouts" => {
                    let n = iter.next().ok_or_else(|| missing("--decode-layouts"))?;
                    decode_layouts = Some(n.parse::<usize>().map_err(|_| {
                        BenchError::new(format!("--decode-layouts: `{n}` is not a count"))
                    })?);
                }
                "--no-pin" => pin = false,
                "--no-idle-poll" => idle_poll = false,
                "--compare-with" => {
                    let bin = iter.next().ok_or_else(|| missing("--compare-with"))?;
                    compare_with = Some(PathBuf::from(bin));
                }
                "--compare-label" => {
                    compare_label = Some(
                        iter.next()
                            .ok_or_else(|| missing("--compare-label"))?
                            .clone(),
                    );
                }
                other => {
                    return Err(BenchError::new(format!(
                        "unknown argument `{other}`; usage: tx-bench [--quick] [--only decode,overhead,footprint,polling,webhooks,distributed] [--crates persona-tx,...] [--[no-]cold-builds] [--build-rounds N] [--decode-layouts N] [--no-pin] [--no-idle-poll] [--compare-with BIN [--compare-label REV]] [--out FILE]"
                    )));
                }
            }
        }
        let partial = sections.len() < Section::ALL.len();
        let output = output.unwrap_or_else(|| {
            if compare_with.is_some() {
                root.join("target").join("BENCHMARKS.compare.md")
            } else if partial {
                root.join("target").join("BENCHMARKS.partial.md")
            } else {
                root.join("BENCHMARKS.md")
            }
        });
        let quick = mode == Mode::Quick;
        Ok(Settings {
            mode,
            sections,
            output,
            webhook_events: if quick { 200 } else { 1_000 },
            decode_reps: if quick { 31 } else { 61 },
            decode_processes: if quick { 11 } else { 31 },
            decode_layouts: decode_layouts.unwrap_or(if quick { 3 } else { 8 }).max(1),
            decode_process_batches: 5,
            decode_batch: Duration::from_millis(if quick { 10 } else { 30 }),
            overhead_requests: if quick { 1_500 } else { 5_000 },
            overhead_reps: if quick { 31 } else { 61 },
            instruction_reads: if quick { 1_000 } else { 2_000 },
            concurrencies: vec![1, 16, 64],
            poll_transactions: if quick { 1_000 } else { 10_000 },
            poll_reps: 3,
            poll_concurrency: 64,
            poll_rate: 500,
            poll_interval: Duration::from_millis(100),
            cold_builds: cold_builds.unwrap_or(!quick),
            build_rounds: build_rounds.unwrap_or(if quick { 1 } else { 3 }).max(1),
            footprint_crates: crates,
            distributed_transactions: if quick { 1_000 } else { 10_000 },
            pin,
            idle_poll,
            compare_label: compare_label.unwrap_or_else(|| "other".to_owned()),
            compare_with,
        })
    }

    /// Whether `section` runs.
    pub fn runs(&self, section: Section) -> bool {
        self.sections.contains(&section)
    }
}

fn missing(flag: &str) -> BenchError {
    BenchError::new(format!("{flag} needs a value"))
}
