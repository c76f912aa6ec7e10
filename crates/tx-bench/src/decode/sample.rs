//! `tx-bench child decode`: one short sample of every decode case in a fresh process, so
//! `--compare-with` can set this build's decoders against another build's, pair by pair.

use serde::{Deserialize, Serialize};

use crate::decode::cases::{CASES, decode_into};
use crate::decode::{fixture, timing};
use crate::error::{Context, Result};
use crate::stats::Spread;

/// What one sample does.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SampleConfig {
    /// Length of one timed batch, ms.
    pub batch_ms: u64,
    /// Batches per decoder (typed and `Value` alternating); the median is reported.
    pub batches: usize,
}

/// One case's figures in one sample.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Sample {
    /// The case's row label.
    pub label: String,
    /// Median ns per typed decode.
    pub typed_ns: f64,
    /// Median ns per `Value` decode.
    pub value_ns: f64,
}

/// Runs every case once.
pub fn run(config: SampleConfig) -> Result<Vec<Sample>> {
    let batch = std::time::Duration::from_millis(config.batch_ms.max(1));
    let value = decode_into::<serde_json::Value>;
    let mut samples = Vec::with_capacity(CASES.len());
    for case in CASES {
        let fixture = fixture::pick(case).context(case.label)?;
        let bytes = fixture.bytes.as_slice();
        let typed_iters = timing::calibrate(case.typed, bytes, batch)?;
        let value_iters = timing::calibrate(value, bytes, batch)?;
        let mut typed = Vec::new();
        let mut untyped = Vec::new();
        for rep in 0..config.batches.max(1) {
            if rep % 2 == 0 {
                typed.push(timing::ns_per_decode(case.typed, bytes, typed_iters)?);
                untyped.push(timing::ns_per_decode(value, bytes, value_iters)?);
            } else {
                untyped.push(timing::ns_per_decode(value, bytes, value_iters)?);
                typed.push(timing::ns_per_decode(case.typed, bytes, typed_iters)?);
            }
        }
        samples.push(Sample {
            label: case.label.to_owned(),
            typed_ns: Spread::of(&typed).median,
            value_ns: Spread::of(&untyped).median,
        });
    }
    Ok(samples)
}
