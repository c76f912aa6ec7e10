//! Benchmark 4: watching many transactions to their final state through one client
//! with bounded concurrency and a client-side rate limit. The watcher runs in a child
//! process (for its peak RSS); a fresh sandbox per repetition runs in this process.

mod issue;
pub mod watch;

use tokio::runtime::Runtime;

use crate::child;
use crate::error::{BenchError, Result};
use crate::paths;
use crate::polling::watch::{WatchConfig, WatchResult};
use crate::settings::Settings;
use crate::stats::Spread;

/// One repetition: the child's figures and the sandbox's.
#[derive(Clone, Copy, Debug)]
pub struct PollRun {
    /// What the watcher measured.
    pub result: WatchResult,
    /// `POST /status` requests the sandbox answered.
    pub sandbox_requests: u64,
    /// Connections the sandbox accepted for them.
    pub sandbox_connections: u64,
    /// The most iDIN requests the sandbox saw in any one-second window.
    pub peak_per_second: u64,
}

/// The section's result.
#[derive(Clone, Debug, Default)]
pub struct Polling {
    /// Transactions per repetition.
    pub transactions: usize,
    /// Watched at once.
    pub concurrency: usize,
    /// Configured client-side limit, requests per second.
    pub rate_limit: u32,
    /// Wait between reads of one transaction, ms.
    pub interval_ms: u64,
    /// The repetitions.
    pub runs: Vec<PollRun>,
}

impl Polling {
    /// Wall time, s.
    pub fn wall_s(&self) -> Spread {
        Spread::over(&self.runs, |r| r.result.wall_s)
    }

    /// Peak RSS of the watcher, KiB.
    pub fn rss_kib(&self) -> Spread {
        Spread::over(&self.runs, |r| r.result.peak_rss_kib as f64)
    }

    /// Requests the sandbox answered per watched transaction.
    pub fn requests_per_transaction(&self) -> Spread {
        Spread::over(&self.runs, |r| {
            r.sandbox_requests as f64 / r.result.transactions.max(1) as f64
        })
    }

    /// The sandbox's busiest second.
    pub fn peak_per_second(&self) -> Spread {
        Spread::over(&self.runs, |r| r.peak_per_second as f64)
    }

    /// Transactions finished per second of wall time.
    pub fn transactions_per_second(&self) -> Spread {
        Spread::over(&self.runs, |r| {
            r.result.finished as f64 / r.result.wall_s.max(1e-9)
        })
    }

    /// Connections the sandbox accepted per repetition.
    pub fn connections(&self) -> Spread {
        Spread::over(&self.runs, |r| r.sandbox_connections as f64)
    }

    /// Transactions that did not finish, over all repetitions.
    pub fn failures(&self) -> usize {
        self.runs.iter().map(|r| r.result.failed).sum()
    }
}

/// Runs the repetitions, each against a fresh sandbox.
pub fn run(settings: &Settings, rt: &Runtime) -> Result<Polling> {
    let ids_file = paths::scratch("polling")?.join("idin-ids.txt");
    let mut runs = Vec::new();
    for rep in 0..settings.poll_reps {
        // The user comes back at the first read however late it is (ids are all
        // created before the clock starts), and the identity stays ready for the
        // whole run: each id is read twice, open then success, as the report says.
        let sandbox = rt.block_on(
            txstatus_sandbox::Sandbox::builder()
                .idin_return_after(std::time::Duration::MAX)
                .idin_data_window(std::time::Duration::from_secs(3600))
                .start(),
        )?;
        let base_url = sandbox.idin_base_url();
        let token = sandbox.credentials().idin_merchant_token.clone();
        let ids = rt.block_on(issue::create(
            &base_url,
            &token,
            settings.poll_transactions,
            16,
        ))?;
        // One `id<TAB>merchant reference` per line: the child reads each id with its own.
        let lines: Vec<String> = ids
            .iter()
            .map(|(id, reference)| format!("{id}\t{reference}"))
            .collect();
        std::fs::write(&ids_file, lines.join("\n"))?;
        let config = WatchConfig {
            base_url,
            token,
            ids_file: ids_file
                .to_str()
                .ok_or_else(|| BenchError::new("scratch path is not UTF-8"))?
                .to_owned(),
            concurrency: settings.poll_concurrency,
            rate_per_second: settings.poll_rate,
            interval_ms: settings.poll_interval.as_millis() as u64,
        };
        sandbox.reset_stats();
        let result: WatchResult = child::run("watch", &config)?;
        let stats = sandbox.stats();
        rt.block_on(sandbox.shutdown());
        eprintln!(
            "polling rep {rep}: {} of {} final in {:.2} s, {} requests, peak {}/s (limit {}), rss {} KiB",
            result.finished,
            result.transactions,
            result.wall_s,
            stats.cm_idin.requests,
            stats.cm_idin.peak_requests_per_second,
            settings.poll_rate,
            result.peak_rss_kib,
        );
        runs.push(PollRun {
            result,
            sandbox_requests: stats.cm_idin.requests,
            sandbox_connections: stats.cm_idin.connections,
            peak_per_second: stats.cm_idin.peak_requests_per_second,
        });
    }
    Ok(Polling {
        transactions: settings.poll_transactions,
        concurrency: settings.poll_concurrency,
        rate_limit: settings.poll_rate,
        interval_ms: settings.poll_interval.as_millis() as u64,
        runs,
    })
}
