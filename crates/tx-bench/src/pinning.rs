//! Pinning the sandbox and the measured client to different cores, so that the two do
//! not preempt each other and a pair's ratio measures the client, not the scheduler.
//! Done with `taskset` (util-linux), so this crate needs no unsafe `sched_setaffinity`.

use std::process::{Command, Stdio};

/// Where the overhead benchmark's processes run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pinning {
    /// The sandbox (this process, all threads) on `sandbox`, each client child on
    /// `client`; `all` is what this process had before, restored afterwards.
    On {
        /// CPU list of this process while measuring.
        sandbox: String,
        /// CPU list of each client child.
        client: String,
        /// CPU list to restore.
        all: String,
    },
    /// Not pinned, and why.
    Off(String),
}

impl Pinning {
    /// Splits the CPUs this process may use into two halves (sandbox first) when
    /// `taskset` exists and there are at least two; `Off` otherwise.
    pub fn plan(wanted: bool) -> Self {
        if !wanted {
            return Pinning::Off("turned off with `--no-pin`".to_owned());
        }
        let Some(list) = allowed_cpus() else {
            return Pinning::Off("`Cpus_allowed_list` unreadable".to_owned());
        };
        let cpus = parse_cpu_list(&list);
        if cpus.len() < 2 {
            return Pinning::Off(format!("only {} usable core(s)", cpus.len()));
        }
        if !taskset_works() {
            return Pinning::Off("`taskset` not found".to_owned());
        }
        let (sandbox, client) = cpus.split_at(cpus.len() / 2);
        Pinning::On {
            sandbox: join(sandbox),
            client: join(client),
            all: list,
        }
    }

    /// Pins every thread of this process to the sandbox half; the guard restores the
    /// previous CPUs when dropped. Falls back to `Off` when `taskset` refuses.
    pub fn apply(self) -> (Self, PinGuard) {
        let Pinning::On { sandbox, all, .. } = &self else {
            return (self, PinGuard(None));
        };
        match set_own_affinity(sandbox) {
            Ok(()) => {
                let guard = PinGuard(Some(all.clone()));
                (self, guard)
            }
            Err(reason) => (Pinning::Off(reason), PinGuard(None)),
        }
    }

    /// How many CPUs the sandbox half has, when pinned.
    pub fn sandbox_cpu_count(&self) -> Option<usize> {
        match self {
            Pinning::On { sandbox, .. } => Some(parse_cpu_list(sandbox).len()),
            Pinning::Off(_) => None,
        }
    }

    /// The CPU list for client children, when pinned.
    pub fn client_cpus(&self) -> Option<&str> {
        match self {
            Pinning::On { client, .. } => Some(client),
            Pinning::Off(_) => None,
        }
    }

    /// One line for the report's Machine section.
    pub fn describe(&self) -> String {
        match self {
            Pinning::On {
                sandbox, client, ..
            } => format!(
                "in effect for the overhead benchmark: sandbox (parent process, all \
                 threads; its runtime started after pinning, one worker per pinned \
                 CPU) on CPU {sandbox}, each client child on CPU {client} (`taskset`)"
            ),
            Pinning::Off(reason) => {
                format!("not in effect ({reason}); sandbox and client share the cores")
            }
        }
    }
}

/// Restores this process's CPUs when dropped.
#[derive(Debug)]
#[must_use = "the pinning ends when the guard is dropped"]
pub struct PinGuard(Option<String>);

impl Drop for PinGuard {
    fn drop(&mut self) {
        if let Some(all) = self.0.take()
            && let Err(reason) = set_own_affinity(&all)
        {
            eprintln!("tx-bench: could not unpin: {reason}");
        }
    }
}

/// `taskset -a -p -c LIST <this pid>`: every existing thread; threads started later
/// inherit the mask of the thread that starts them.
fn set_own_affinity(list: &str) -> Result<(), String> {
    let status = Command::new("taskset")
        .args(["-a", "-p", "-c", list, &std::process::id().to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("`taskset` failed to start: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`taskset -a -p -c {list}` failed ({status})"))
    }
}

fn taskset_works() -> bool {
    Command::new("taskset")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// `Cpus_allowed_list` from `/proc/self/status`.
fn allowed_cpus() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("Cpus_allowed_list:"))
        .map(|v| v.trim().to_owned())
}

/// `0-2,5` → `[0, 1, 2, 5]`; malformed parts are skipped.
fn parse_cpu_list(list: &str) -> Vec<usize> {
    let mut cpus = Vec::new();
    for part in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part.split_once('-') {
            Some((a, b)) => {
                if let (Ok(a), Ok(b)) = (a.parse::<usize>(), b.parse::<usize>()) {
                    cpus.extend(a..=b);
                }
            }
            None => cpus.extend(part.parse::<usize>().ok()),
        }
    }
    cpus
}

fn join(cpus: &[usize]) -> String {
    cpus.iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::{Pinning, join, parse_cpu_list};

    #[test]
    fn cpu_lists_are_parsed_like_the_kernel_writes_them() {
        assert_eq!(parse_cpu_list("0-1"), vec![0, 1]);
        assert_eq!(parse_cpu_list("0-2,5,7-8"), vec![0, 1, 2, 5, 7, 8]);
        assert_eq!(parse_cpu_list("3"), vec![3]);
        assert_eq!(parse_cpu_list("x,1"), vec![1]);
        assert_eq!(join(&[1, 3]), "1,3");
    }

    #[test]
    fn pinning_can_be_turned_off() {
        let off = Pinning::plan(false);
        assert_eq!(off.client_cpus(), None);
        assert!(off.describe().starts_with("not in effect"));
    }
}
