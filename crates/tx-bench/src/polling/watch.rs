//! The child side of benchmark 4: one iDIN client with a client-side rate limit watches
//! every id to its final state, `concurrency` at a time, with `poll_until_terminal`.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use txstatus_core::{ClientOptions, PollEvent, PollOptions, RateLimit, poll_until_terminal};

use crate::error::{BenchError, Context, Result};
use crate::memory;
use crate::runtime;

/// What one polling child does.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct WatchConfig {
    /// The sandbox's iDIN base URL.
    pub base_url: String,
    /// The sandbox's merchant token (a fake, public value).
    pub token: String,
    /// A file with one transaction id per line.
    pub ids_file: String,
    /// Transactions watched at once.
    pub concurrency: usize,
    /// `ClientOptions::rate_limit`: this many requests per second.
    pub rate_per_second: u32,
    /// Wait between reads of one transaction, ms.
    pub interval_ms: u64,
}

/// What one polling child measured.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
pub struct WatchResult {
    /// Transactions watched.
    pub transactions: usize,
    /// Transactions that reached a final state.
    pub finished: usize,
    /// Transactions that ended in an error or timed out.
    pub failed: usize,
    /// Successful reads the poller saw.
    pub reports: u64,
    /// Retryable errors the poller saw.
    pub retryable_errors: u64,
    /// Wall time from the first read to the last final state, s.
    pub wall_s: f64,
    /// Peak RSS of the child at the end, KiB.
    pub peak_rss_kib: u64,
}

/// Runs `config` in this process.
pub fn run(config: WatchConfig) -> Result<WatchResult> {
    // `id<TAB>merchant reference` per line, as the parent wrote them.
    let ids: Vec<(String, String)> = std::fs::read_to_string(&config.ids_file)
        .context(&config.ids_file)?
        .lines()
        .filter(|l| !l.is_empty())
        .map(|line| {
            line.split_once('\t')
                .map(|(id, reference)| (id.to_owned(), reference.to_owned()))
                .ok_or_else(|| BenchError::new("an ids line without its merchant reference"))
        })
        .collect::<Result<_>>()?;
    let rt = runtime::multi_thread("bench-watch")?;
    let client = cm_idin::Client::builder(config.token.clone())
        .base_url(config.base_url.clone())
        .configure_transport(|t| t.no_proxy())
        .rate_limit(RateLimit::new(
            config.rate_per_second,
            Duration::from_secs(1),
        ))
        .build()?;
    let interval = Duration::from_millis(config.interval_ms);
    let options = PollOptions {
        interval,
        backoff: 1.0,
        max_interval: interval,
        timeout: Duration::from_secs(300),
        ..PollOptions::default()
    };
    let ids = Arc::new(ids);
    let next = Arc::new(AtomicUsize::new(0));
    let reports = Arc::new(AtomicU64::new(0));
    let retryable = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let outcomes = rt.block_on(async {
        let mut tasks = Vec::new();
        for _ in 0..config.concurrency.max(1) {
            let (ids, next, client, options) =
                (ids.clone(), next.clone(), client.clone(), options.clone());
            let (reports, retryable) = (reports.clone(), retryable.clone());
            tasks.push(tokio::spawn(async move {
                let (mut finished, mut failed) = (0usize, 0usize);
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    let Some((id, reference)) = ids.get(n) else {
                        break;
                    };
                    let source = client.status_source(reference.as_str());
                    let outcome = poll_until_terminal(&source, id, &options, |event| match event {
                        PollEvent::Report(_) => {
                            reports.fetch_add(1, Ordering::Relaxed);
                        }
                        PollEvent::RetryableError(_) => {
                            retryable.fetch_add(1, Ordering::Relaxed);
                        }
                        _ => {}
                    })
                    .await;
                    match outcome {
                        Ok(_) => finished += 1,
                        Err(error) => {
                            failed += 1;
                            eprintln!("poll {id}: {error}");
                        }
                    }
                }
                (finished, failed)
            }));
        }
        let mut totals = (0usize, 0usize);
        for task in tasks {
            let (finished, failed) = task.await.map_err(BenchError::from)?;
            totals.0 += finished;
            totals.1 += failed;
        }
        Ok::<_, BenchError>(totals)
    })?;
    let wall = start.elapsed().as_secs_f64();
    drop(rt);
    Ok(WatchResult {
        transactions: ids.len(),
        finished: outcomes.0,
        failed: outcomes.1,
        reports: reports.load(Ordering::Relaxed),
        retryable_errors: retryable.load(Ordering::Relaxed),
        wall_s: wall,
        peak_rss_kib: memory::peak_rss_kib()?,
    })
}
