//! The machine a run happened on: cores, memory, CPU, toolchain, date.

use std::process::Command;

/// What BENCHMARKS.md states about the machine.
#[derive(Clone, Debug)]
pub struct Machine {
    /// `nproc`.
    pub cores: usize,
    /// `MemTotal` from `/proc/meminfo`, in KiB.
    pub memory_kib: u64,
    /// `model name` from `/proc/cpuinfo`, with its vendor, family, model and
    /// stepping: a virtual machine's model name can be as vague as "Intel(R)
    /// Xeon(R) Processor", and decode ratios differ between CPU models by more
    /// than one run's interval, so two runs are compared only on the same one.
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
            .map(|text| cpu_description(&text))
            .unwrap_or_else(|_| "unknown".to_owned());
        let rustc = command_output("rustc", &["--version"]).unwrap_or_else(|| "unknown".to_owned());
        let kernel = command_output("uname", &["-sr"]).unwrap_or_else(|| "unknown".to_owned());
        let date = txstatus_core::rfc3339::format(time::OffsetDateTime::now_utc())
            .unwrap_or_else(|| "unknown".to_owned());
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

/// The first processor's `model name`, with `vendor_id`, `cpu family`, `model` and
/// `stepping` when `/proc/cpuinfo` has them.
fn cpu_description(cpuinfo: &str) -> String {
    let field = |name: &str| {
        cpuinfo.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            (key.trim() == name).then(|| value.trim().to_owned())
        })
    };
    let name = field("model name").unwrap_or_else(|| "unknown".to_owned());
    let details: Vec<String> = [
        ("", "vendor_id"),
        ("family ", "cpu family"),
        ("model ", "model"),
        ("stepping ", "stepping"),
    ]
    .iter()
    .filter_map(|(label, key)| field(key).map(|value| format!("{label}{value}")))
    .collect();
    if details.is_empty() {
        name
    } else {
        format!("{name} ({})", details.join(", "))
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

#[cfg(test)]
mod tests {
    use super::cpu_description;

    #[test]
    fn cpu_description_names_vendor_family_model_and_stepping() {
        let cpuinfo = "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 167\nmodel name\t: Intel(R) Xeon(R) Processor\nstepping\t: 1\n\nprocessor\t: 1\nmodel\t\t: 99\n";
        assert_eq!(
            cpu_description(cpuinfo),
            "Intel(R) Xeon(R) Processor (GenuineIntel, family 6, model 167, stepping 1)"
        );
    }

    #[test]
    fn cpu_description_without_details_is_the_model_name_or_unknown() {
        assert_eq!(cpu_description("model name : Some CPU\n"), "Some CPU");
        assert_eq!(cpu_description(""), "unknown");
    }
}
