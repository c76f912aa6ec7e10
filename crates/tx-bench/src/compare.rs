//! `--compare-with BIN` (what `cargo xtask bench --compare REV` runs): this build against
//! another commit's tx-bench, in one run. The other build is driven only through its
//! child command line (`tx-bench child load|decode <JSON>`), so any commit whose harness
//! has `child load` can be compared; the two builds' runs alternate pair by pair against
//! one sandbox, and every ratio is new / old with its confidence interval.

use std::collections::BTreeMap;
use std::path::Path;

use crate::child::{self, Launcher};
use crate::decode::sample::{Sample, SampleConfig};
use crate::error::Result;
use crate::overhead::load::Variant;
use crate::overhead::{self, Run};
use crate::pinning::Pinning;
use crate::settings::{Section, Settings};
use crate::stats::Ratio;
use crate::target::Goal;

/// New SDK throughput / old: a change that loses more than 3 % is a regression.
pub const GUARD_THROUGHPUT: Goal = Goal::AtLeast(0.97);
/// New time or CPU / old: a change that costs more than 3 % is a regression.
pub const GUARD_COST: Goal = Goal::AtMost(1.03);

/// Everything a comparison measured.
#[derive(Clone, Debug)]
pub struct Comparison {
    /// What the other build is (the REV given to xtask).
    pub label: String,
    /// Overhead rows, when the section ran.
    pub overhead: Option<OverheadComparison>,
    /// Decode rows, when the section ran.
    pub decode: Option<DecodeComparison>,
}

/// The overhead section of a comparison.
#[derive(Clone, Debug)]
pub struct OverheadComparison {
    /// Pinning of sandbox and clients.
    pub pinning: Pinning,
    /// Whether idle cores polled before halting while it ran.
    pub idle_poll: crate::idle_poll::IdlePoll,
    /// Measured reads per run.
    pub requests: usize,
    /// Rounds per concurrency (each: SDK and raw of both builds).
    pub pairs: usize,
    /// One row per concurrency.
    pub rows: Vec<OverheadCompareRow>,
}

/// Both builds at one concurrency.
#[derive(Clone, Debug)]
pub struct OverheadCompareRow {
    /// Reads in flight.
    pub concurrency: usize,
    /// New SDK throughput / old SDK throughput.
    pub sdk_throughput: Ratio,
    /// New SDK CPU per read / old.
    pub sdk_cpu: Ratio,
    /// New SDK p99 / old.
    pub sdk_p99: Ratio,
    /// New raw throughput / old raw: the control, its interval should hold 1.
    pub raw_throughput: Ratio,
    /// SDK / raw throughput within the new build.
    pub new_vs_raw: Ratio,
    /// SDK / raw throughput within the old build.
    pub old_vs_raw: Ratio,
}

/// The decode section of a comparison.
#[derive(Clone, Debug)]
pub enum DecodeComparison {
    /// One row per case both builds have.
    Rows(Vec<DecodeCompareRow>),
    /// The other build cannot sample decodes (no `child decode`), and what it said.
    Unavailable(String),
}

/// One decode case in both builds.
#[derive(Clone, Debug)]
pub struct DecodeCompareRow {
    /// The case.
    pub label: String,
    /// New typed ns / old typed ns.
    pub typed: Ratio,
    /// typed / `Value` in the new build.
    pub new_vs_value: Ratio,
    /// typed / `Value` in the old build.
    pub old_vs_value: Ratio,
}

/// Runs the selected sections of both builds, interleaved.
pub fn run(settings: &Settings, other: &Path) -> Result<Comparison> {
    let this = Launcher::current()?;
    let other = Launcher {
        exe: other.to_path_buf(),
        cpus: None,
    };
    let decode = if settings.runs(Section::Decode) {
        Some(decode(settings, &this, &other)?)
    } else {
        None
    };
    let overhead = if settings.runs(Section::Overhead) {
        let sandbox = crate::overhead::PinnedSandbox::start(settings.pin, settings.idle_poll)?;
        let result = overhead(settings, &sandbox, this, other);
        sandbox.stop();
        Some(result?)
    } else {
        None
    };
    Ok(Comparison {
        label: settings.compare_label.clone(),
        overhead,
        decode,
    })
}

fn overhead(
    settings: &Settings,
    pinned: &crate::overhead::PinnedSandbox,
    this: Launcher,
    other: Launcher,
) -> Result<OverheadComparison> {
    let sandbox = pinned.sandbox();
    let pinning = pinned.pinning().clone();
    eprintln!("compare: pinning {}", pinning.describe());
    let idle_poll = pinned.idle_poll().clone();
    let this = this.pinned(pinning.client_cpus());
    let other = other.pinned(pinning.client_cpus());
    let mut rows = Vec::new();
    for &concurrency in &settings.concurrencies {
        // new SDK, old SDK, new raw, old raw; one Vec of rounds each.
        let mut runs: [Vec<Run>; 4] = Default::default();
        for round in 0..settings.overhead_reps {
            let mut order = [0usize, 1, 2, 3];
            if round % 2 == 1 {
                order.reverse();
            }
            for slot in order {
                let (launcher, variant, label) = match slot {
                    0 => (&this, Variant::Sdk, "new SDK"),
                    1 => (&other, Variant::Sdk, "old SDK"),
                    2 => (&this, Variant::Raw, "new raw"),
                    _ => (&other, Variant::Raw, "old raw"),
                };
                let run = overhead::measure(launcher, sandbox, settings, variant, concurrency)?;
                overhead::log_run(label, concurrency, round, &run);
                if let Some(list) = runs.get_mut(slot) {
                    list.push(run);
                }
            }
        }
        let [new_sdk, old_sdk, new_raw, old_raw] = &runs;
        let ratio = |a: &[Run], b: &[Run], f: fn(&Run) -> f64| {
            let values: Vec<f64> = a.iter().zip(b).map(|(a, b)| f(a) / f(b)).collect();
            Ratio::of(&values)
        };
        let rps: fn(&Run) -> f64 = |r| r.result.rps;
        rows.push(OverheadCompareRow {
            concurrency,
            sdk_throughput: ratio(new_sdk, old_sdk, rps),
            sdk_cpu: ratio(new_sdk, old_sdk, |r| r.result.cpu_us_per_request),
            sdk_p99: ratio(new_sdk, old_sdk, |r| r.result.p99_us),
            raw_throughput: ratio(new_raw, old_raw, rps),
            new_vs_raw: ratio(new_sdk, new_raw, rps),
            old_vs_raw: ratio(old_sdk, old_raw, rps),
        });
    }
    Ok(OverheadComparison {
        pinning,
        idle_poll,
        requests: settings.overhead_requests,
        pairs: settings.overhead_reps,
        rows,
    })
}

fn decode(settings: &Settings, this: &Launcher, other: &Launcher) -> Result<DecodeComparison> {
    let config = SampleConfig {
        batch_ms: u64::try_from(settings.decode_batch.as_millis()).unwrap_or(10),
        batches: 3,
    };
    let mut new: Vec<Vec<Sample>> = Vec::new();
    let mut old: Vec<Vec<Sample>> = Vec::new();
    for pair in 0..settings.decode_reps {
        let other_first = pair % 2 == 1;
        if other_first {
            match child::run_with(other, "decode", &config) {
                Ok(samples) => old.push(samples),
                Err(e) if old.is_empty() => {
                    return Ok(DecodeComparison::Unavailable(e.to_string()));
                }
                Err(e) => return Err(e),
            }
        }
        new.push(child::run_with(this, "decode", &config)?);
        if !other_first {
            match child::run_with(other, "decode", &config) {
                Ok(samples) => old.push(samples),
                Err(e) if old.is_empty() => {
                    return Ok(DecodeComparison::Unavailable(e.to_string()));
                }
                Err(e) => return Err(e),
            }
        }
        eprintln!("compare: decode pair {pair} done");
    }
    Ok(DecodeComparison::Rows(decode_rows(&new, &old)))
}

/// Per case: new/old typed time, typed/`Value` new, typed/`Value` old, one per pair.
#[derive(Default)]
struct CaseRatios {
    typed: Vec<f64>,
    new_vs_value: Vec<f64>,
    old_vs_value: Vec<f64>,
}

/// Per case both builds sampled: ratios over the pairs.
fn decode_rows(new: &[Vec<Sample>], old: &[Vec<Sample>]) -> Vec<DecodeCompareRow> {
    let mut by_label: BTreeMap<&str, CaseRatios> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    for (new, old) in new.iter().zip(old) {
        for n in new {
            let Some(o) = old.iter().find(|o| o.label == n.label) else {
                continue;
            };
            if !by_label.contains_key(n.label.as_str()) {
                order.push(&n.label);
            }
            let entry = by_label.entry(&n.label).or_default();
            entry.typed.push(n.typed_ns / o.typed_ns);
            entry.new_vs_value.push(n.typed_ns / n.value_ns);
            entry.old_vs_value.push(o.typed_ns / o.value_ns);
        }
    }
    order
        .into_iter()
        .filter_map(|label| {
            let ratios = by_label.get(label)?;
            Some(DecodeCompareRow {
                label: label.to_owned(),
                typed: Ratio::of(&ratios.typed),
                new_vs_value: Ratio::of(&ratios.new_vs_value),
                old_vs_value: Ratio::of(&ratios.old_vs_value),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::decode_rows;
    use crate::decode::sample::Sample;

    fn sample(label: &str, typed_ns: f64, value_ns: f64) -> Sample {
        Sample {
            label: label.to_owned(),
            typed_ns,
            value_ns,
        }
    }

    #[test]
    fn decode_cases_are_paired_by_label_and_cases_of_one_build_only_are_left_out() {
        let new = vec![vec![sample("A", 50.0, 100.0), sample("only new", 1.0, 2.0)]];
        let old = vec![vec![sample("gone", 1.0, 1.0), sample("A", 100.0, 125.0)]];
        let rows = decode_rows(&new, &old);
        assert_eq!(rows.len(), 1);
        let row = &rows[0];
        assert_eq!(row.label, "A");
        assert_eq!(row.typed.median(), 0.5);
        assert_eq!(row.new_vs_value.median(), 0.5);
        assert_eq!(row.old_vs_value.median(), 0.8);
    }
}
