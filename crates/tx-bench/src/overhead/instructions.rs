//! The client's work per read counted, not timed: each variant's child runs under
//! valgrind's callgrind twice, with N and 2N reads, and the difference over N is
//! one read's instructions, simulated first-level cache misses and mispredicted
//! branches (start-up and warm-up cancel out). A count does not move with a busy
//! neighbour the way CPU time does, so it can decide what the timed CPU ratio
//! cannot on shared cores; the misses say why time can differ where the
//! instructions do not.

use std::process::{Command, Stdio};

use txstatus_sandbox::Sandbox;

use crate::error::{BenchError, Context, Result};
use crate::overhead::load::Variant;
use crate::overhead::load_config;

/// What callgrind counted for one read (or one run) of one variant.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Counts {
    /// Instructions executed.
    pub instructions: f64,
    /// First-level instruction-cache misses (callgrind's model of this CPU's L1i).
    pub i1_misses: f64,
    /// First-level data-cache misses, reads and writes.
    pub d1_misses: f64,
    /// Mispredicted conditional branches.
    pub cond_mispredicts: f64,
    /// Mispredicted indirect jumps and calls (jump tables, `dyn` calls, polls).
    pub indirect_mispredicts: f64,
}

impl Counts {
    /// `self - earlier`, over `reads`: one read's share of a longer run.
    fn per_read(self, earlier: Counts, reads: usize) -> Counts {
        let n = reads.max(1) as f64;
        let each = |later: f64, before: f64| (later - before).max(0.0) / n;
        Counts {
            instructions: each(self.instructions, earlier.instructions),
            i1_misses: each(self.i1_misses, earlier.i1_misses),
            d1_misses: each(self.d1_misses, earlier.d1_misses),
            cond_mispredicts: each(self.cond_mispredicts, earlier.cond_mispredicts),
            indirect_mispredicts: each(self.indirect_mispredicts, earlier.indirect_mispredicts),
        }
    }
}

/// Counts per read of both variants at one concurrency.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InstructionRow {
    /// Reads in flight.
    pub concurrency: usize,
    /// The provider client, per read.
    pub sdk: Counts,
    /// The raw baseline, per read.
    pub raw: Counts,
}

impl InstructionRow {
    /// SDK / raw instructions.
    pub fn ratio(&self) -> f64 {
        self.sdk.instructions / self.raw.instructions
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
    // The launcher knows which file holds this build (the decode layouts replace it).
    let exe = crate::child::Launcher::current()?.exe;
    let mut rows = Vec::new();
    for &concurrency in concurrencies {
        let per_read = |variant: Variant| -> Result<Counts> {
            let once = count(&exe, sandbox, variant, concurrency, reads)?;
            let twice = count(&exe, sandbox, variant, concurrency, reads.saturating_mul(2))?;
            Ok(twice.per_read(once, reads))
        };
        let row = InstructionRow {
            concurrency,
            sdk: per_read(Variant::Sdk)?,
            raw: per_read(Variant::Raw)?,
        };
        eprintln!(
            "overhead instructions c={concurrency:<3} SDK {:.0} raw {:.0} per read ({:.4}); \
             L1i misses {:.0} / {:.0}, indirect mispredicts {:.0} / {:.0}",
            row.sdk.instructions,
            row.raw.instructions,
            row.ratio(),
            row.sdk.i1_misses,
            row.raw.i1_misses,
            row.sdk.indirect_mispredicts,
            row.raw.indirect_mispredicts,
        );
        rows.push(row);
    }
    Ok(rows)
}

/// What callgrind counted for one child run of `reads` reads.
fn count(
    exe: &std::path::Path,
    sandbox: &Sandbox,
    variant: Variant,
    concurrency: usize,
    reads: usize,
) -> Result<Counts> {
    let config = serde_json::to_string(&load_config(sandbox, variant, concurrency, reads))?;
    // `TX_BENCH_CALLGRIND_DIR` keeps each run's per-function profile there (for
    // `callgrind_annotate`: where the difference between the variants is).
    let out_file = match std::env::var_os("TX_BENCH_CALLGRIND_DIR") {
        Some(dir) => std::path::Path::new(&dir)
            .join(format!("callgrind.{variant:?}.c{concurrency}.{reads}.out"))
            .display()
            .to_string(),
        None => "/dev/null".to_owned(),
    };
    let output = Command::new("valgrind")
        .args(["--tool=callgrind", "--cache-sim=yes", "--branch-sim=yes"])
        .arg(format!("--callgrind-out-file={out_file}"))
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

/// The `Events :` names and `Collected :` figures of callgrind's summary.
fn collected(stderr: &str) -> Option<Counts> {
    let after = |tag: &str| {
        stderr
            .lines()
            .find_map(|line| line.split_once(tag).map(|(_, rest)| rest.trim()))
    };
    let names = after("Events    :")?.split_whitespace();
    let figures = after("Collected :")?.split_whitespace();
    let mut counts = Counts::default();
    let mut seen_instructions = false;
    for (name, figure) in names.zip(figures) {
        let figure: f64 = figure.replace(',', "").parse::<u64>().ok()? as f64;
        match name {
            "Ir" => {
                counts.instructions = figure;
                seen_instructions = true;
            }
            "I1mr" => counts.i1_misses = figure,
            "D1mr" | "D1mw" => counts.d1_misses += figure,
            "Bcm" => counts.cond_mispredicts = figure,
            "Bim" => counts.indirect_mispredicts = figure,
            _ => {}
        }
    }
    seen_instructions.then_some(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_counts_from_callgrinds_summary() {
        let stderr = "==1== Events    : Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw Bc Bcm Bi Bim\n\
                      ==1== Collected : 128811 28325 11770 1082 918 573 1064 780 547 26319 3186 280 151\n\
                      ==1== I   refs:      128,811\n";
        assert_eq!(
            collected(stderr),
            Some(Counts {
                instructions: 128_811.0,
                i1_misses: 1_082.0,
                d1_misses: 1_491.0,
                cond_mispredicts: 3_186.0,
                indirect_mispredicts: 151.0,
            })
        );
        // Without the simulations, instructions alone.
        let plain = "==1== Events    : Ir\n==1== Collected : 69359705\n";
        assert_eq!(collected(plain).map(|c| c.instructions), Some(69_359_705.0));
        assert_eq!(collected("==1== nothing"), None);
    }

    #[test]
    fn one_reads_share_is_the_difference_over_the_reads() {
        let once = Counts {
            instructions: 1_000.0,
            i1_misses: 10.0,
            ..Counts::default()
        };
        let twice = Counts {
            instructions: 3_000.0,
            i1_misses: 30.0,
            ..Counts::default()
        };
        let each = twice.per_read(once, 10);
        assert_eq!(each.instructions, 200.0);
        assert_eq!(each.i1_misses, 2.0);
    }
}
