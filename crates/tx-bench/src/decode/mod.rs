//! Benchmark 1: decoding bytes into each provider's typed model vs into
//! `serde_json::Value`, in this process (no memory figure, so no child).

mod cases;
mod fixture;
pub mod sample;
mod timing;

use crate::decode::cases::{CASES, decode_into};
use crate::error::{Context, Result};
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

/// Runs every case: per repetition one typed batch and one `Value` batch (alternating
/// which goes first), each batch sized to run about `settings.decode_batch`.
pub fn run(settings: &Settings) -> Result<Vec<DecodeRow>> {
    let mut rows = Vec::new();
    for case in CASES {
        let fixture = fixture::pick(case).context(case.label)?;
        let bytes = fixture.bytes.as_slice();
        let value = decode_into::<serde_json::Value>;
        let typed_iters = timing::calibrate(case.typed, bytes, settings.decode_batch)?;
        let value_iters = timing::calibrate(value, bytes, settings.decode_batch)?;
        let mut typed_ns = Vec::new();
        let mut value_ns = Vec::new();
        let mut ratios = Vec::new();
        for rep in 0..settings.decode_reps {
            let (t, v) = if rep % 2 == 0 {
                let t = timing::ns_per_decode(case.typed, bytes, typed_iters)?;
                (t, timing::ns_per_decode(value, bytes, value_iters)?)
            } else {
                let v = timing::ns_per_decode(value, bytes, value_iters)?;
                (timing::ns_per_decode(case.typed, bytes, typed_iters)?, v)
            };
            typed_ns.push(t);
            value_ns.push(v);
            ratios.push(t / v);
        }
        let row = DecodeRow {
            label: case.label,
            model: case.model,
            fixture: fixture.name,
            bytes: bytes.len(),
            typed_ns: Spread::of(&typed_ns),
            value_ns: Spread::of(&value_ns),
            ratio: Ratio::of(&ratios),
            lifecycle: case.lifecycle,
        };
        eprintln!(
            "decode {:<26} {:>6} B typed {:>8.0} ns  Value {:>8.0} ns  ratio {:.2}",
            row.label,
            row.bytes,
            row.typed_ns.median,
            row.value_ns.median,
            row.ratio.median()
        );
        rows.push(row);
    }
    Ok(rows)
}
