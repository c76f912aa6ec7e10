//! The machine a run happened on: cores, memory, CPU, toolchain, date.

use std::process::Command;

/// What BENCHMARKS.md states about the machine.
#[derive(Clone, Debug)]
pub struct Machine {
    /// `nproc`.
    pub cores: usize,
    /// `MemTotal` from `/proc/meminfo`, in KiB.
    pub memory_kib: u64,
    /// `model name` from `/proc/cpuinfo`.
    pub cpu: String,
    /// `rustc --version`.
    pub rustc: String,
    /// `uname -sr`.
    pub kernel: String,
    /// UTC date and time of the run.
    pub date: String,
    /// `/proc/loadavg` (1, 5 and 15 minutes) when the run started.
    pub load_at_start: String,
}

impl Machine {
    /// Reads the facts; anything unreadable is reported as unknown.
    pub fn detect() -> Self {
        let cores = command_output("nproc", &[])
            .and_then(|s| s.parse().ok())
            .or_else(|| std::thread::available_parallelism().ok().map(usize::from))
            .unwrap_or(0);
        let memory_kib = std::fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|text| {
                text.lines()
                    .find_map(|l| l.strip_prefix("MemTotal:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            })
            .unwrap_or(0);
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|text| {
                text.lines()
                    .find(|l| l.starts_with("model name"))
                    .and_then(|l| l.split_once(':'))
                    .map(|(_, v)| v.trim().to_owned())
            })
            .unwrap_or_else(|| "unknown".to_owned());
        let rustc = command_output("rustc", &["--version"]).unwrap_or_else(|| "unknown".to_owned());
        let kernel = command_output("uname", &["-sr"]).unwrap_or_else(|| "unknown".to_owned());
        let date = time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_else(|_| "unknown".to_owned());
        Machine {
            cores,
            memory_kib,
            cpu,
            rustc,
            kernel,
            date,
            load_at_start: load_average(),
        }
    }
}

/// The 1, 5 and 15 minute load averages from `/proc/loadavg`.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "unknown".to_owned())
}

fn command_output(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program).args(args).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}
