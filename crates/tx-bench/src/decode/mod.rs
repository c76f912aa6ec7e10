//! Benchmark 1: decoding bytes into each provider's typed model vs into
//! `serde_json::Value`, sampled in many fresh processes.

mod cases;
mod fixture;
pub mod sample;
mod timing;

use crate::child;
use crate::decode::cases::CASES;
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
    /// typed / `Value`, per repetition.
    pub ratio: Ratio,
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
pub fn run(settings: &Settings) -> Result<Vec<DecodeRow>> {
    let config = SampleConfig {
        batch_ms: u64::try_from(settings.decode_batch.as_millis()).unwrap_or(10),
        batches: settings.decode_process_batches,
    };
    let mut processes: Vec<Vec<Sample>> = Vec::with_capacity(settings.decode_processes);
    for process in 0..settings.decode_processes {
        processes.push(child::run("decode", &config)?);
        eprintln!(
            "decode: process {} of {} done",
            process + 1,
            settings.decode_processes
        );
    }
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
