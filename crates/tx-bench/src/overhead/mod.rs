//! Benchmark 2: the Persona client vs raw reqwest against the same sandbox, each run
//! in its own child process (for its peak RSS), the sandbox in this process. Many short
//! SDK/raw pairs, the one that goes first alternating, sandbox and client pinned to
//! different cores where possible; each ratio is the median of the per-pair ratios with a
//! confidence interval.

pub mod instructions;
pub mod load;
mod pinned_sandbox;
mod raw;
mod subscriber;

use txstatus_sandbox::Sandbox;

use crate::child::{self, Launcher};
use crate::error::Result;
use crate::overhead::load::{LoadConfig, LoadResult, Variant};
pub use pinned_sandbox::PinnedSandbox;

use crate::idle_poll::IdlePoll;
use crate::pinning::Pinning;
use crate::settings::Settings;
use crate::stats::{Ratio, Spread};
use crate::target::{Goal, Verdict};

/// SDK throughput / raw throughput (issue 21).
pub const TARGET_THROUGHPUT: Goal = Goal::AtLeast(0.97);
/// SDK client CPU per read / raw client CPU per read (issue 21).
pub const TARGET_CPU: Goal = Goal::AtMost(1.05);
/// One child run and what the sandbox saw during it.
#[derive(Clone, Copy, Debug)]
pub struct Run {
    /// What the child measured.
    pub result: LoadResult,
    /// Requests the sandbox answered (warm-up included).
    pub sandbox_requests: u64,
    /// TCP connections the sandbox accepted for them.
    pub sandbox_connections: u64,
}

/// The repetitions of one variant at one concurrency.
#[derive(Clone, Debug, Default)]
pub struct VariantFigures {
    /// Reads per second.
    pub rps: Spread,
    /// p50 latency, µs.
    pub p50_us: Spread,
    /// p99 latency, µs.
    pub p99_us: Spread,
    /// Client CPU per read, µs.
    pub cpu_us: Spread,
    /// Peak RSS of the client process, KiB.
    pub rss_kib: Spread,
    /// Requests the sandbox answered per run (median).
    pub requests: Spread,
    /// Connections the sandbox accepted per run.
    pub connections: Spread,
}

impl VariantFigures {
    /// The figures of `runs`.
    pub fn of(runs: &[Run]) -> Self {
        Self {
            rps: Spread::over(runs, |r| r.result.rps),
            p50_us: Spread::over(runs, |r| r.result.p50_us),
            p99_us: Spread::over(runs, |r| r.result.p99_us),
            cpu_us: Spread::over(runs, |r| r.result.cpu_us_per_request),
            rss_kib: Spread::over(runs, |r| r.result.peak_rss_kib as f64),
            requests: Spread::over(runs, |r| r.sandbox_requests as f64),
            connections: Spread::over(runs, |r| r.sandbox_connections as f64),
        }
    }
}

/// Both variants at one concurrency.
#[derive(Clone, Debug, Default)]
pub struct OverheadRow {
    /// Reads in flight.
    pub concurrency: usize,
    /// Unmeasured reads before each measured run.
    pub warmup: usize,
    /// The provider client.
    pub sdk: VariantFigures,
    /// The raw baseline.
    pub raw: VariantFigures,
    /// The provider client with a subscriber listening to every span (reported).
    pub traced: VariantFigures,
    /// The raw baseline with the SDK's per-attempt timer (reported).
    pub raw_deadline: VariantFigures,
    /// SDK rps / raw rps, per pair.
    pub throughput_ratio: Ratio,
    /// SDK p99 / raw p99, per pair (reported; issue 21 sets no limit).
    pub p99_ratio: Ratio,
    /// SDK CPU per read / raw CPU per read, per pair.
    pub cpu_ratio: Ratio,
    /// SDK-with-subscriber rps / raw rps, per round (reported).
    pub traced_throughput_ratio: Ratio,
    /// SDK-with-subscriber CPU per read / raw CPU per read, per round (reported).
    pub traced_cpu_ratio: Ratio,
    /// Raw-with-deadline rps / raw rps, per round: what the deadline rule alone costs.
    pub deadline_throughput_ratio: Ratio,
    /// Raw-with-deadline CPU per read / raw CPU per read, per round.
    pub deadline_cpu_ratio: Ratio,
    /// SDK rps / raw-with-deadline rps, per round: the SDK beyond that rule.
    pub beyond_deadline_throughput_ratio: Ratio,
    /// SDK CPU per read / raw-with-deadline CPU per read, per round.
    pub beyond_deadline_cpu_ratio: Ratio,
}

impl OverheadRow {
    /// [`TARGET_THROUGHPUT`] judged on the throughput ratio's interval.
    pub fn throughput_verdict(&self) -> Verdict {
        TARGET_THROUGHPUT.judge(&self.throughput_ratio.interval)
    }

    /// [`TARGET_CPU`] judged on the CPU ratio's interval.
    pub fn cpu_verdict(&self) -> Verdict {
        TARGET_CPU.judge(&self.cpu_ratio.interval)
    }

    /// Both targets together.
    pub fn verdict(&self) -> Verdict {
        Verdict::all([self.throughput_verdict(), self.cpu_verdict()])
    }
}

/// The section's result.
#[derive(Clone, Debug)]
pub struct Overhead {
    /// The transaction id read.
    pub id: String,
    /// Measured reads per run.
    pub requests: usize,
    /// SDK/raw pairs per concurrency.
    pub reps: usize,
    /// Whether the sandbox and the clients were pinned to different cores.
    pub pinning: Pinning,
    /// Whether idle cores polled before halting while it ran.
    pub idle_poll: IdlePoll,
    /// One row per concurrency.
    pub rows: Vec<OverheadRow>,
    /// Instructions per read under callgrind, per concurrency.
    pub instructions: instructions::Instructions,
}

/// The variants of one round, in the order of the first round.
const ROUND: [Variant; 4] = [
    Variant::Sdk,
    Variant::Raw,
    Variant::SdkTraced,
    Variant::RawDeadline,
];

/// Runs every concurrency, rotating which variant goes first in each round.
pub fn run(settings: &Settings, pinned: &PinnedSandbox) -> Result<Overhead> {
    let sandbox = pinned.sandbox();
    let pinning = pinned.pinning().clone();
    eprintln!("overhead: pinning {}", pinning.describe());
    let idle_poll = pinned.idle_poll().clone();
    eprintln!("overhead: idle polling {}", idle_poll.describe());
    let launcher = Launcher::current()?.pinned(pinning.client_cpus());
    let id = txstatus_sandbox::ids::persona::COMPLETED.to_owned();
    let mut rows = Vec::new();
    for &concurrency in &settings.concurrencies {
        let warmup = warmup(concurrency);
        let mut sdk = Vec::new();
        let mut raw = Vec::new();
        let mut traced = Vec::new();
        let mut raw_deadline = Vec::new();
        for rep in 0..settings.overhead_reps {
            // A round runs every variant once; each goes first, second, third and
            // fourth in turn.
            let mut order = ROUND;
            order.rotate_left(rep % ROUND.len());
            for variant in order {
                let run = measure(&launcher, sandbox, settings, variant, concurrency)?;
                log_run(variant.as_str(), concurrency, rep, &run);
                match variant {
                    Variant::Sdk => sdk.push(run),
                    Variant::Raw => raw.push(run),
                    Variant::SdkTraced => traced.push(run),
                    Variant::RawDeadline => raw_deadline.push(run),
                }
            }
        }
        let pairs: Vec<(&Run, &Run)> = sdk.iter().zip(raw.iter()).collect();
        let (throughput_ratio, cpu_ratio) = throughput_and_cpu(&sdk, &raw);
        let (traced_throughput_ratio, traced_cpu_ratio) = throughput_and_cpu(&traced, &raw);
        let (deadline_throughput_ratio, deadline_cpu_ratio) =
            throughput_and_cpu(&raw_deadline, &raw);
        let (beyond_deadline_throughput_ratio, beyond_deadline_cpu_ratio) =
            throughput_and_cpu(&sdk, &raw_deadline);
        rows.push(OverheadRow {
            concurrency,
            warmup,
            sdk: VariantFigures::of(&sdk),
            raw: VariantFigures::of(&raw),
            traced: VariantFigures::of(&traced),
            raw_deadline: VariantFigures::of(&raw_deadline),
            throughput_ratio,
            p99_ratio: Ratio::over(&pairs, |(s, r)| s.result.p99_us / r.result.p99_us),
            cpu_ratio,
            traced_throughput_ratio,
            traced_cpu_ratio,
            deadline_throughput_ratio,
            deadline_cpu_ratio,
            beyond_deadline_throughput_ratio,
            beyond_deadline_cpu_ratio,
        });
    }
    let instructions =
        instructions::run(sandbox, &settings.concurrencies, settings.instruction_reads);
    Ok(Overhead {
        id,
        requests: settings.overhead_requests,
        reps: settings.overhead_reps,
        pinning,
        idle_poll,
        rows,
        instructions,
    })
}

/// Throughput and client-CPU ratios of `over` to `under`, run by run of the same round.
fn throughput_and_cpu(over: &[Run], under: &[Run]) -> (Ratio, Ratio) {
    let pairs: Vec<(&Run, &Run)> = over.iter().zip(under).collect();
    (
        Ratio::over(&pairs, |(o, u)| o.result.rps / u.result.rps),
        Ratio::over(&pairs, |(o, u)| {
            o.result.cpu_us_per_request / u.result.cpu_us_per_request
        }),
    )
}

/// Unmeasured reads before each measured run: max(100, 4 × concurrency).
pub fn warmup(concurrency: usize) -> usize {
    concurrency.saturating_mul(4).max(100)
}

/// What a child run reads: `requests` reads of the sandbox's completed Persona
/// transaction after the warm-up for `concurrency`; the timed runs and the
/// counted runs share it, so both measure the same work.
pub fn load_config(
    sandbox: &Sandbox,
    variant: Variant,
    concurrency: usize,
    requests: usize,
) -> LoadConfig {
    LoadConfig {
        variant,
        concurrency,
        requests,
        warmup: warmup(concurrency),
        base_url: sandbox.persona_base_url(),
        api_key: sandbox.credentials().persona_api_key.clone(),
        id: txstatus_sandbox::ids::persona::COMPLETED.to_owned(),
    }
}

/// One child run of `variant` (started by `launcher`) against `sandbox`.
pub fn measure(
    launcher: &Launcher,
    sandbox: &Sandbox,
    settings: &Settings,
    variant: Variant,
    concurrency: usize,
) -> Result<Run> {
    let config = load_config(sandbox, variant, concurrency, settings.overhead_requests);
    sandbox.reset_stats();
    let result: LoadResult = child::run_with(launcher, "load", &config)?;
    let stats = sandbox.stats();
    Ok(Run {
        result,
        sandbox_requests: stats.persona.requests,
        sandbox_connections: stats.persona.connections,
    })
}

/// One progress line on stderr.
pub fn log_run(label: &str, concurrency: usize, rep: usize, run: &Run) {
    let result = &run.result;
    eprintln!(
        "overhead c={concurrency:<3} {label:<7} pair {rep}: {:>8.0} req/s  p50 {:>7.1} µs  p99 {:>7.1} µs  cpu {:>5.1} µs/req  rss {} KiB  conns {}/{}",
        result.rps,
        result.p50_us,
        result.p99_us,
        result.cpu_us_per_request,
        result.peak_rss_kib,
        run.sandbox_connections,
        run.sandbox_requests,
    );
}

#[cfg(test)]
mod tests {
    use super::OverheadRow;
    use crate::stats::Ratio;
    use crate::target::Verdict;

    /// 31 per-pair ratios evenly spaced from `low` to `high`.
    fn pairs(low: f64, high: f64) -> Ratio {
        // Visited in a scrambled order (step 13 of 31): spread, not a drift; the
        // stretches' medians (12th to 19th value) stay inside the pairs' interval.
        let values: Vec<f64> = (0..31)
            .map(|i| low + (high - low) * f64::from((i * 13) % 31) / 30.0)
            .collect();
        Ratio::of(&values)
    }

    #[test]
    fn throughput_and_cpu_verdicts_follow_the_interval_of_the_pair_ratios() {
        let row = |throughput: Ratio, cpu: Ratio| OverheadRow {
            throughput_ratio: throughput,
            cpu_ratio: cpu,
            ..OverheadRow::default()
        };
        // The 95 % interval of 31 pairs is the 10th to the 22nd value.
        let met = row(pairs(0.95, 1.02), pairs(0.98, 1.07));
        assert_eq!(met.throughput_verdict(), Verdict::Met);
        assert_eq!(met.cpu_verdict(), Verdict::Met);
        assert_eq!(met.verdict(), Verdict::Met);
        let straddles = row(pairs(0.90, 1.04), pairs(1.0, 1.1));
        assert_eq!(straddles.throughput_verdict(), Verdict::Undecided);
        assert_eq!(straddles.cpu_verdict(), Verdict::Undecided);
        let missed = row(pairs(0.85, 0.95), pairs(1.0, 1.1));
        assert_eq!(missed.throughput_verdict(), Verdict::Missed);
        assert_eq!(missed.verdict(), Verdict::Missed);
    }
}
