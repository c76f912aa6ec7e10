//! Benchmark 1: decoding bytes into each provider's typed model vs into
//! `serde_json::Value`, sampled in many fresh processes.

mod cases;
mod fixture;
pub mod layouts;
mod link_order;
pub mod sample;
mod timing;

use crate::child;
use crate::decode::cases::CASES;
use crate::decode::layouts::Layouts;
use crate::decode::sample::{Sample, SampleConfig};
use crate::error::{BenchError, Context, Result};
use crate::settings::Settings;
use crate::stats::{Ratio, Spread};
use crate::target::{Goal, Verdict};

/// The typed decode may take at most this share of the `Value` decode time (issue 21).
pub const TARGET_RATIO: Goal = Goal::AtMost(0.5);

/// The figures of one case.
#[derive(Clone, Debug)]
pub struct DecodeRow {
    /// Row label.
    pub label: &'static str,
    /// Typed model.
    pub model: &'static str,
    /// Fixture file.
    pub fixture: String,
    /// Body size in bytes.
    pub bytes: usize,
    /// ns per typed decode.
    pub typed_ns: Spread,
    /// ns per `Value` decode.
    pub value_ns: Spread,
    /// typed / `Value`, per process.
    pub ratio: Ratio,
    /// The median ratio of each build's processes (one per layout), min–max.
    pub per_layout: Spread,
    /// A lifecycle model: reported, not judged.
    pub lifecycle: bool,
}

impl DecodeRow {
    /// MB/s (10^6 bytes) at the median time of `ns`.
    pub fn mb_per_s(&self, ns: &Spread) -> f64 {
        if ns.median > 0.0 {
            self.bytes as f64 * 1_000.0 / ns.median
        } else {
            0.0
        }
    }

    /// [`TARGET_RATIO`] judged on the ratio's interval.
    pub fn verdict(&self) -> Verdict {
        TARGET_RATIO.judge(&self.ratio.interval)
    }

    /// Whether the target applies: main models only; lifecycle rows are reported.
    pub fn judged(&self) -> bool {
        !self.lifecycle
    }
}

/// Runs every case in `settings.decode_processes` fresh processes (`tx-bench child
/// decode`), each timing `settings.decode_process_batches` batches per decoder (typed and
/// `Value` alternating, each about `settings.decode_batch`). One process gives one ratio,
/// median typed / median `Value`; the interval is over processes, because the figures of
/// one binary move more from one process to the next (heap and stack placement) than
/// within one, and a rerun must land inside the interval.
///
/// The processes of the section in two halves run apart: the first `first_half` of
/// them before the other sections, the rest after them ([`Phases::finish`]), so the
/// stretches of the interval see two phases of the machine (the ratio drifted by
/// 0.5-1 % between runs minutes apart on 2026-12-05, more than one phase's interval).
/// The processes rotate through `settings.decode_layouts` builds of the decoders that
/// differ only in code placement ([`layouts`]).
pub struct Phases {
    first: Vec<Vec<Sample>>,
    layouts: Layouts,
}

/// The section's rows and the builds they were sampled on.
#[derive(Clone, Debug)]
pub struct DecodeSection {
    /// One row per case.
    pub rows: Vec<DecodeRow>,
    /// How many builds (code layouts) the processes rotated through.
    pub layouts: usize,
    /// Why fewer layouts than asked for were built, if so.
    pub shortfall: Option<String>,
}

impl Phases {
    /// Builds the layouts and samples the first half of the processes.
    pub fn start(settings: &Settings) -> Result<Self> {
        let layouts = Layouts::build(settings.decode_layouts)?;
        Ok(Self {
            first: sample(settings, &layouts, 0, first_half(settings.decode_processes))?,
            layouts,
        })
    }

    /// Samples the rest and gives the rows over all processes, in the order they ran.
    pub fn finish(self, settings: &Settings) -> Result<DecodeSection> {
        let done = self.first.len();
        let rest = settings.decode_processes.saturating_sub(done);
        let mut processes = self.first;
        processes.extend(sample(settings, &self.layouts, done, rest)?);
        Ok(DecodeSection {
            rows: rows(&processes, &self.layouts)?,
            layouts: self.layouts.count(),
            shortfall: self.layouts.shortfall,
        })
    }
}

/// How many processes the first phase runs: half, rounded up.
fn first_half(processes: usize) -> usize {
    processes.div_ceil(2)
}

/// `count` fresh decode processes, each sampling every case; the first is process
/// `first` of the section (which build it runs).
fn sample(
    settings: &Settings,
    layouts: &Layouts,
    first: usize,
    count: usize,
) -> Result<Vec<Vec<Sample>>> {
    let config = SampleConfig {
        batch_ms: u64::try_from(settings.decode_batch.as_millis()).unwrap_or(10),
        batches: settings.decode_process_batches,
    };
    let mut processes: Vec<Vec<Sample>> = Vec::with_capacity(count);
    for process in 0..count {
        let launcher = layouts.launcher(first.saturating_add(process))?;
        processes.push(child::run_with(&launcher, "decode", &config)?);
        eprintln!("decode: process {} of {count} done", process + 1);
    }
    Ok(processes)
}

/// The median ratio of each layout's processes (process `i` ran layout `i % n`).
fn per_layout(ratios: &[Option<f64>], layouts: &Layouts) -> Spread {
    let medians: Vec<f64> = (0..layouts.count())
        .filter_map(|layout| {
            let mine: Vec<f64> = ratios
                .iter()
                .enumerate()
                .filter(|(process, _)| layouts.index_for(*process) == layout)
                .filter_map(|(_, ratio)| *ratio)
                .collect();
            (!mine.is_empty()).then(|| Spread::of(&mine).median)
        })
        .collect();
    Spread::of(&medians)
}

/// One row per case over the sampled processes.
fn rows(processes: &[Vec<Sample>], layouts: &Layouts) -> Result<Vec<DecodeRow>> {
    let mut rows = Vec::new();
    for case in CASES {
        let fixture = fixture::pick(case).context(case.label)?;
        let samples: Vec<&Sample> = processes
            .iter()
            .filter_map(|samples| samples.iter().find(|s| s.label == case.label))
            .collect();
        if samples.is_empty() {
            return Err(BenchError::new(format!(
                "no decode process sampled `{}`",
                case.label
            )));
        }
        let row = DecodeRow {
            label: case.label,
            model: case.model,
            fixture: fixture.name,
            bytes: fixture.bytes.len(),
            typed_ns: Spread::over(&samples, |s| s.typed_ns),
            value_ns: Spread::over(&samples, |s| s.value_ns),
            ratio: Ratio::over(&samples, |s| s.typed_ns / s.value_ns),
            per_layout: per_layout(
                &processes
                    .iter()
                    .map(|samples| {
                        samples
                            .iter()
                            .find(|s| s.label == case.label)
                            .map(|s| s.typed_ns / s.value_ns)
                    })
                    .collect::<Vec<_>>(),
                layouts,
            ),
            lifecycle: case.lifecycle,
        };
        eprintln!(
            "decode {:<26} {:>6} B typed {:>8.0} ns  Value {:>8.0} ns  ratio {:.3} [{:.3}, {:.3}]",
            row.label,
            row.bytes,
            row.typed_ns.median,
            row.value_ns.median,
            row.ratio.median(),
            row.ratio.interval.low,
            row.ratio.interval.high,
        );
        rows.push(row);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::{Layouts, first_half, per_layout};

    #[test]
    fn each_layout_gives_the_median_of_its_own_processes() {
        let layouts = Layouts::of(vec!["a".into(), "b".into()]);
        // Processes 0, 2, 4 ran layout a; 1, 3 ran b (one of them without the case).
        let ratios = [Some(0.40), Some(0.50), Some(0.42), None, Some(0.44)];
        let spread = per_layout(&ratios, &layouts);
        assert_eq!((spread.min, spread.max), (0.42, 0.50));
    }

    #[test]
    fn the_first_phase_runs_half_the_processes_rounded_up_and_the_second_the_rest() {
        assert_eq!(first_half(31), 16);
        assert_eq!(first_half(11), 6);
        assert_eq!(first_half(1), 1);
        assert_eq!(first_half(0), 0);
    }
}
