//! The client's work per read counted, not timed: each variant's child runs under
//! valgrind's callgrind twice, with N and 2N reads, and the difference over N is
//! the instructions of one read (start-up and warm-up cancel out). A count does not
//! move with a busy neighbour the way CPU time does, so it can decide what the
//! timed CPU ratio cannot on shared cores.

use std::process::{Command, Stdio};

use txstatus_sandbox::Sandbox;

use crate::error::{BenchError, Context, Result};
use crate::overhead::load::{LoadConfig, Variant};
use crate::overhead::warmup;

/// Instructions per read of both variants at one concurrency.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InstructionRow {
    /// Reads in flight.
    pub concurrency: usize,
    /// The provider client, instructions per read.
    pub sdk: f64,
    /// The raw baseline, instructions per read.
    pub raw: f64,
}

impl InstructionRow {
    /// SDK / raw.
    pub fn ratio(&self) -> f64 {
        self.sdk / self.raw
    }
}

/// The counted rows, or why there are none.
#[derive(Clone, Debug, PartialEq)]
pub enum Instructions {
    /// Counted with N and 2N reads per run.
    Counted {
        /// N.
        reads: usize,
        /// One row per concurrency.
        rows: Vec<InstructionRow>,
    },
    /// Not counted (valgrind missing, a run failed).
    Skipped(String),
}

/// Counts every concurrency; a machine without valgrind skips with the reason.
pub fn run(sandbox: &Sandbox, concurrencies: &[usize], reads: usize) -> Instructions {
    match count_all(sandbox, concurrencies, reads) {
        Ok(rows) => Instructions::Counted { reads, rows },
        Err(error) => Instructions::Skipped(error.to_string()),
    }
}

fn count_all(
    sandbox: &Sandbox,
    concurrencies: &[usize],
    reads: usize,
) -> Result<Vec<InstructionRow>> {
    let exe = std::env::current_exe().context("cannot find the tx-bench binary")?;
    let mut rows = Vec::new();
    for &concurrency in concurrencies {
        let per_read = |variant: Variant| -> Result<f64> {
            let once = count(&exe, sandbox, variant, concurrency, reads)?;
            let twice = count(&exe, sandbox, variant, concurrency, reads.saturating_mul(2))?;
            Ok(twice.saturating_sub(once) as f64 / reads.max(1) as f64)
        };
        let row = InstructionRow {
            concurrency,
            sdk: per_read(Variant::Sdk)?,
            raw: per_read(Variant::Raw)?,
        };
        eprintln!(
            "overhead instructions c={concurrency:<3} SDK {:.0} raw {:.0} per read ({:.4})",
            row.sdk,
            row.raw,
            row.ratio()
        );
        rows.push(row);
    }
    Ok(rows)
}

/// Instructions callgrind counted for one child run of `reads` reads.
fn count(
    exe: &std::path::Path,
    sandbox: &Sandbox,
    variant: Variant,
    concurrency: usize,
    reads: usize,
) -> Result<u64> {
    let config = LoadConfig {
        variant,
        concurrency,
        requests: reads,
        warmup: warmup(concurrency),
        base_url: sandbox.persona_base_url(),
        api_key: sandbox.credentials().persona_api_key.clone(),
        id: txstatus_sandbox::ids::persona::COMPLETED.to_owned(),
    };
    let config = serde_json::to_string(&config)?;
    let output = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(exe)
        .args(["child", "load", &config])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .output()
        .context("cannot run valgrind (install it to count instructions)")?;
    if !output.status.success() {
        return Err(BenchError::new(format!(
            "valgrind run failed ({})",
            output.status
        )));
    }
    collected(&String::from_utf8_lossy(&output.stderr))
        .ok_or_else(|| BenchError::new("valgrind printed no instruction count"))
}

/// The `Collected : N` figure of callgrind's summary.
fn collected(stderr: &str) -> Option<u64> {
    stderr.lines().find_map(|line| {
        let (_, count) = line.split_once("Collected :")?;
        count.trim().replace(',', "").parse().ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_instruction_count_from_callgrinds_summary() {
        let stderr = "==1== Events    : Ir\n==1== Collected : 69359705\n==1== \n==1== I   refs:      69,359,705\n";
        assert_eq!(collected(stderr), Some(69_359_705));
        assert_eq!(collected("==1== nothing"), None);
    }
}
