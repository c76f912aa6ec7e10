//! Timed batches of decodes, with `std::time::Instant`.

use std::time::{Duration, Instant};

use crate::decode::cases::DecodeFn;
use crate::error::{BenchError, Result};

/// Iterations that make one batch last about `target` (at least 10).
pub fn calibrate(decode: DecodeFn, bytes: &[u8], target: Duration) -> Result<u64> {
    let mut iters: u64 = 1;
    loop {
        let elapsed = batch(decode, bytes, iters)?;
        if elapsed >= target / 10 || iters >= 1 << 30 {
            let per = elapsed.as_secs_f64() / iters as f64;
            let wanted = if per > 0.0 {
                target.as_secs_f64() / per
            } else {
                1e6
            };
            return Ok((wanted as u64).max(10));
        }
        iters = iters.saturating_mul(2);
    }
}

/// Nanoseconds per decode over one batch of `iters`.
pub fn ns_per_decode(decode: DecodeFn, bytes: &[u8], iters: u64) -> Result<f64> {
    let elapsed = batch(decode, bytes, iters)?;
    Ok(elapsed.as_nanos() as f64 / iters.max(1) as f64)
}

fn batch(decode: DecodeFn, bytes: &[u8], iters: u64) -> Result<Duration> {
    let start = Instant::now();
    for _ in 0..iters {
        decode(std::hint::black_box(bytes))
            .map_err(|e| BenchError::new(format!("decode failed: {e}")))?;
    }
    Ok(start.elapsed())
}
