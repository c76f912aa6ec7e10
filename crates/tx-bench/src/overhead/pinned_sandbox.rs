//! The sandbox the overhead runs read from: started after this process is pinned to
//! its half of the cores, on a runtime with one worker per core of that half.
//!
//! Started on the parent runtime before pinning, the sandbox kept one worker per core
//! of the whole machine, and on a 2-core machine its two workers then shared one core:
//! each wake-up could hand the connection to the other worker and a context switch.
//! The client's throughput jumped between two levels (about 17k and 30k reads/s) from
//! one child run to the next, whichever client it was, and a pair straddling a jump
//! moved its ratio by tens of percent (per-pair ratios from 0.47 to 1.60).

use tokio::runtime::Runtime;
use txstatus_sandbox::Sandbox;

use crate::error::Result;
use crate::idle_poll::{IdlePoll, PollGuard};
use crate::pinning::{PinGuard, Pinning};
use crate::runtime;

/// The pinned sandbox with its own runtime; [`PinnedSandbox::stop`] shuts it down,
/// and the CPUs are restored after that.
pub struct PinnedSandbox {
    sandbox: Sandbox,
    pinning: Pinning,
    idle_poll: IdlePoll,
    rt: Runtime,
    guard: PinGuard,
    poll_guard: PollGuard,
}

impl PinnedSandbox {
    /// Pins this process (when `pin` and the machine allow) and lets idle cores poll
    /// (when `idle_poll` and the machine allow), then starts the sandbox on a runtime
    /// sized to the cores it is pinned to.
    pub fn start(pin: bool, idle_poll: bool) -> Result<Self> {
        let (pinning, guard) = Pinning::plan(pin).apply();
        let (idle_poll, poll_guard) = IdlePoll::apply(
            idle_poll,
            std::path::Path::new(crate::idle_poll::PARAMETER),
            crate::idle_poll::POLL_NS,
        );
        let rt = runtime::with_workers("bench-sandbox", pinning.sandbox_cpu_count())?;
        let sandbox = rt.block_on(txstatus_sandbox::start())?;
        Ok(Self {
            sandbox,
            pinning,
            idle_poll,
            rt,
            guard,
            poll_guard,
        })
    }

    /// The sandbox.
    pub fn sandbox(&self) -> &Sandbox {
        &self.sandbox
    }

    /// Where the sandbox and the clients run.
    pub fn pinning(&self) -> &Pinning {
        &self.pinning
    }

    /// What was done to the cores' idle polling.
    pub fn idle_poll(&self) -> &IdlePoll {
        &self.idle_poll
    }

    /// Shuts the sandbox and its runtime down, then unpins this process and puts the
    /// machine's idle polling back.
    pub fn stop(self) {
        let Self {
            sandbox,
            rt,
            guard,
            poll_guard,
            ..
        } = self;
        rt.block_on(sandbox.shutdown());
        drop(rt);
        drop(guard);
        drop(poll_guard);
    }
}
