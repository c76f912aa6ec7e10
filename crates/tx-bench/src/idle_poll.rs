//! Guest halt polling while the overhead benchmark runs: an idle core of a KVM guest
//! polls for a while before it halts, so a request that lands on an idle core wakes
//! its reader without an exit to the hypervisor.
//!
//! The machines here come with `guest_halt_poll_ns = 0`: an idle core halts at once,
//! and every write that wakes the other side pays for waking a halted virtual core
//! (an inter-processor interrupt through the hypervisor). On loopback that cost lands
//! in the writer's `writev`, where it is charged as the client's CPU time, and it
//! grows when the client is a little slower (the sandbox's core has halted by the
//! time the next request comes), so it magnified any difference between two clients:
//! at concurrency 16 (2026-12-07) the SDK's CPU per read was 1.19x raw's with
//! halting, 1.03x with polling, and a profile put about four fifths of the SDK's
//! extra CPU in that wake-up. 200 us is the kernel's own default for this setting.

use std::fs;
use std::path::{Path, PathBuf};

/// The cpuidle-haltpoll driver's setting: how long an idle core polls before halting.
pub const PARAMETER: &str = "/sys/module/haltpoll/parameters/guest_halt_poll_ns";

/// The kernel's default poll time (`guest_halt_poll_ns`), set for the measurement.
pub const POLL_NS: u64 = 200_000;

/// What the benchmark did to the setting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdlePoll {
    /// Raised from `from` to `to` nanoseconds, restored when the guard is dropped.
    Raised {
        /// The machine's own value, put back afterwards.
        from: u64,
        /// The value while measuring.
        to: u64,
    },
    /// Left as it was, and why.
    Unchanged(String),
}

impl IdlePoll {
    /// Raises the poll time at `path` to `to` when it is lower and writable; the guard
    /// restores the old value when dropped. `wanted` false leaves it untouched.
    pub fn apply(wanted: bool, path: &Path, to: u64) -> (Self, PollGuard) {
        if !wanted {
            return (
                IdlePoll::Unchanged("turned off with `--no-idle-poll`".to_owned()),
                PollGuard(None),
            );
        }
        let Ok(text) = fs::read_to_string(path) else {
            return (
                IdlePoll::Unchanged(format!(
                    "no `{}` (not a KVM guest with cpuidle-haltpoll)",
                    path.display()
                )),
                PollGuard(None),
            );
        };
        let Ok(from) = text.trim().parse::<u64>() else {
            return (
                IdlePoll::Unchanged(format!("`{}` holds `{}`", path.display(), text.trim())),
                PollGuard(None),
            );
        };
        if from >= to {
            return (
                IdlePoll::Unchanged(format!("already {from} ns")),
                PollGuard(None),
            );
        }
        match fs::write(path, to.to_string()) {
            Ok(()) => {
                eprintln!(
                    "tx-bench: guest halt polling {from} -> {to} ns while measuring the overhead \
                     (restored afterwards; if this run is killed: echo {from} > {})",
                    path.display()
                );
                (
                    IdlePoll::Raised { from, to },
                    PollGuard(Some((path.to_path_buf(), from))),
                )
            }
            Err(error) => (
                IdlePoll::Unchanged(format!("{from} ns, not writable here ({error})")),
                PollGuard(None),
            ),
        }
    }

    /// One line for the report's Machine section.
    pub fn describe(&self) -> String {
        match self {
            IdlePoll::Raised { from, to } => format!(
                "raised from {from} to {to} ns (the kernel's default) for the overhead \
                 benchmark, restored after it (`guest_halt_poll_ns`; section 2 says why)"
            ),
            IdlePoll::Unchanged(reason) => format!("left as it was: {reason}"),
        }
    }
}

/// Puts the machine's own poll time back when dropped.
#[derive(Debug)]
#[must_use = "the polling ends when the guard is dropped"]
pub struct PollGuard(Option<(PathBuf, u64)>);

impl Drop for PollGuard {
    fn drop(&mut self) {
        if let Some((path, from)) = self.0.take()
            && let Err(error) = fs::write(&path, from.to_string())
        {
            eprintln!(
                "tx-bench: could not restore {} to {from}: {error}",
                path.display()
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stand-in for the kernel's file, removed when dropped.
    struct Setting(PathBuf);

    impl Drop for Setting {
        fn drop(&mut self) {
            let _ = fs::remove_file(&self.0);
        }
    }

    fn setting(name: &str, value: &str) -> (Setting, PathBuf) {
        let path = std::env::temp_dir().join(format!(
            "tx-bench-{}-{name}-guest_halt_poll_ns",
            std::process::id()
        ));
        fs::write(&path, value).unwrap();
        (Setting(path.clone()), path)
    }

    #[test]
    fn raises_a_lower_poll_time_and_restores_it_when_the_guard_drops() {
        let (_file, path) = setting("raise", "0\n");
        let (poll, guard) = IdlePoll::apply(true, &path, POLL_NS);
        assert_eq!(
            poll,
            IdlePoll::Raised {
                from: 0,
                to: POLL_NS
            }
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), "200000");
        drop(guard);
        assert_eq!(fs::read_to_string(&path).unwrap(), "0");
        assert!(poll.describe().contains("raised from 0 to 200000 ns"));
    }

    #[test]
    fn leaves_a_poll_time_already_as_long_untouched() {
        let (_file, path) = setting("long", "400000\n");
        let (poll, guard) = IdlePoll::apply(true, &path, POLL_NS);
        drop(guard);
        assert_eq!(poll, IdlePoll::Unchanged("already 400000 ns".to_owned()));
        assert_eq!(fs::read_to_string(&path).unwrap(), "400000\n");
    }

    #[test]
    fn leaves_the_setting_alone_when_turned_off_missing_or_unreadable() {
        let (_file, path) = setting("off", "0\n");
        let (off, _guard) = IdlePoll::apply(false, &path, POLL_NS);
        assert!(off.describe().contains("--no-idle-poll"));
        assert_eq!(fs::read_to_string(&path).unwrap(), "0\n");

        let (_garbled_file, garbled) = setting("garbled", "lots\n");
        let (odd, _guard) = IdlePoll::apply(true, &garbled, POLL_NS);
        assert!(matches!(odd, IdlePoll::Unchanged(reason) if reason.contains("`lots`")));

        let missing = Path::new("/nonexistent/guest_halt_poll_ns");
        let (none, _guard) = IdlePoll::apply(true, missing, POLL_NS);
        assert!(matches!(none, IdlePoll::Unchanged(reason) if reason.contains("not a KVM guest")));
    }
}
