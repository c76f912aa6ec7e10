//! Benchmark 2: the Persona client vs raw reqwest against the same sandbox, each run
//! in its own child process (for its peak RSS), the sandbox in this process.

pub mod load;
mod raw;

use txstatus_sandbox::Sandbox;

use crate::child;
use crate::error::Result;
use crate::overhead::load::{LoadConfig, LoadResult, Variant};
use crate::settings::Settings;
use crate::stats::Spread;

/// SDK throughput must reach this share of raw throughput.
pub const TARGET_THROUGHPUT: f64 = 0.95;
/// SDK p99 latency may be at most this multiple of raw p99.
pub const TARGET_P99: f64 = 1.1;

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
    fn of(runs: &[Run]) -> Self {
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
    /// SDK rps / raw rps, per repetition pair.
    pub throughput_ratio: Spread,
    /// SDK p99 / raw p99, per repetition pair.
    pub p99_ratio: Spread,
    /// SDK CPU per read / raw CPU per read, per repetition pair.
    pub cpu_ratio: Spread,
}

impl OverheadRow {
    /// Whether the median throughput ratio, as reported (three decimals), meets its target.
    pub fn meets_throughput(&self) -> bool {
        round3(self.throughput_ratio.median) >= TARGET_THROUGHPUT
    }

    /// Whether the median p99 ratio, as reported (three decimals), meets its target.
    pub fn meets_p99(&self) -> bool {
        round3(self.p99_ratio.median) <= TARGET_P99
    }

    /// Whether both targets hold.
    pub fn meets_targets(&self) -> bool {
        self.meets_throughput() && self.meets_p99()
    }
}

/// `value` rounded to three decimals, as the report shows it.
fn round3(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

/// The section's result.
#[derive(Clone, Debug, Default)]
pub struct Overhead {
    /// The transaction id read.
    pub id: String,
    /// Measured reads per run.
    pub requests: usize,
    /// Repetitions per variant and concurrency.
    pub reps: usize,
    /// One row per concurrency.
    pub rows: Vec<OverheadRow>,
}

/// Runs every concurrency, alternating which variant goes first in each repetition.
pub fn run(settings: &Settings, sandbox: &Sandbox) -> Result<Overhead> {
    let id = txstatus_sandbox::ids::persona::COMPLETED.to_owned();
    let mut rows = Vec::new();
    for &concurrency in &settings.concurrencies {
        let warmup = (concurrency * 4).max(100);
        let mut sdk = Vec::new();
        let mut raw = Vec::new();
        for rep in 0..settings.overhead_reps {
            let order = if rep % 2 == 0 {
                [Variant::Sdk, Variant::Raw]
            } else {
                [Variant::Raw, Variant::Sdk]
            };
            for variant in order {
                let config = LoadConfig {
                    variant,
                    concurrency,
                    requests: settings.overhead_requests,
                    warmup,
                    base_url: sandbox.persona_base_url(),
                    api_key: sandbox.credentials().persona_api_key.clone(),
                    id: id.clone(),
                };
                sandbox.reset_stats();
                let result: LoadResult = child::run("load", &config)?;
                let stats = sandbox.stats();
                eprintln!(
                    "overhead c={concurrency:<3} {:<3} rep {rep}: {:>8.0} req/s  p50 {:>7.1} µs  p99 {:>7.1} µs  cpu {:>5.1} µs/req  rss {} KiB  conns {}/{}",
                    variant.as_str(),
                    result.rps,
                    result.p50_us,
                    result.p99_us,
                    result.cpu_us_per_request,
                    result.peak_rss_kib,
                    stats.persona.connections,
                    stats.persona.requests,
                );
                let run = Run {
                    result,
                    sandbox_requests: stats.persona.requests,
                    sandbox_connections: stats.persona.connections,
                };
                match variant {
                    Variant::Sdk => sdk.push(run),
                    Variant::Raw => raw.push(run),
                }
            }
        }
        let pairs: Vec<(&Run, &Run)> = sdk.iter().zip(raw.iter()).collect();
        rows.push(OverheadRow {
            concurrency,
            warmup,
            sdk: VariantFigures::of(&sdk),
            raw: VariantFigures::of(&raw),
            throughput_ratio: Spread::over(&pairs, |(s, r)| s.result.rps / r.result.rps),
            p99_ratio: Spread::over(&pairs, |(s, r)| s.result.p99_us / r.result.p99_us),
            cpu_ratio: Spread::over(&pairs, |(s, r)| {
                s.result.cpu_us_per_request / r.result.cpu_us_per_request
            }),
        });
    }
    Ok(Overhead {
        id,
        requests: settings.overhead_requests,
        reps: settings.overhead_reps,
        rows,
    })
}
