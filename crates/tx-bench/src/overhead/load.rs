//! The child side of benchmark 2: many reads of one transaction at a fixed
//! concurrency, through the provider client or the raw baseline.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use serde::{Deserialize, Serialize};
use std::time::Duration;

use txstatus_core::{ClientOptions, DEFAULT_ATTEMPT_TIMEOUT, RateLimit};

use crate::cpu;
use crate::error::{BenchError, Result};
use crate::memory;
use crate::overhead::raw::RawPersona;
use crate::runtime;
use crate::stats::percentile;

/// The SDK's client-side rate limit per second: far above what one loopback
/// client reaches, so it never waits.
pub const SDK_RATE_LIMIT: u32 = 100_000;

/// Which client reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Variant {
    /// `persona_tx::Client::transaction`.
    Sdk,
    /// reqwest + `serde_json::from_slice`.
    Raw,
    /// `persona_tx::Client::transaction` with a subscriber listening to every span.
    SdkTraced,
    /// The raw client with the SDK's per-attempt timer around its send and body read:
    /// what the deadline rule alone costs.
    RawDeadline,
}

impl Variant {
    /// `SDK` or `raw`.
    pub fn as_str(self) -> &'static str {
        match self {
            Variant::Sdk => "SDK",
            Variant::Raw => "raw",
            Variant::SdkTraced => "SDK+sub",
            Variant::RawDeadline => "raw+ddl",
        }
    }
}

/// What one child run does.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LoadConfig {
    /// The client.
    pub variant: Variant,
    /// Reads in flight at once.
    pub concurrency: usize,
    /// Measured reads.
    pub requests: usize,
    /// Unmeasured reads first (open the connections, warm the caches).
    pub warmup: usize,
    /// The sandbox's Persona base URL.
    pub base_url: String,
    /// The sandbox's Persona API key (a fake, public value).
    pub api_key: String,
    /// The transaction read again and again.
    pub id: String,
}

/// What one child run measured.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
pub struct LoadResult {
    /// Measured reads that succeeded.
    pub requests: usize,
    /// Wall time of the measured reads, in seconds.
    pub elapsed_s: f64,
    /// Reads per second.
    pub rps: f64,
    /// Median latency, µs.
    pub p50_us: f64,
    /// 99th percentile latency, µs.
    pub p99_us: f64,
    /// Client CPU time (all threads) per measured read, µs.
    pub cpu_us_per_request: f64,
    /// Peak RSS of the child at the end, KiB.
    pub peak_rss_kib: u64,
}

/// A client of either kind, cheap to clone into tasks.
#[derive(Clone)]
enum Reader {
    Sdk(persona_tx::Client, Arc<str>),
    Raw(RawPersona),
    RawDeadline(RawPersona),
}

impl Reader {
    fn new(config: &LoadConfig) -> Result<Self> {
        Ok(match config.variant {
            Variant::Sdk | Variant::SdkTraced => Reader::Sdk(
                persona_tx::Client::builder(config.api_key.clone())
                    .base_url(config.base_url.clone())
                    .configure_transport(|t| t.no_proxy())
                    // As a user would configure it, with a limit this load never reaches:
                    // the limiter's bookkeeping is measured, not its waits.
                    .rate_limit(RateLimit::new(SDK_RATE_LIMIT, Duration::from_secs(1)))
                    .build()?,
                Arc::from(config.id.as_str()),
            ),
            Variant::Raw => Reader::Raw(RawPersona::new(
                &config.base_url,
                &config.id,
                &config.api_key,
            )?),
            Variant::RawDeadline => Reader::RawDeadline(RawPersona::new(
                &config.base_url,
                &config.id,
                &config.api_key,
            )?),
        })
    }

    async fn read(&self) -> Result<()> {
        match self {
            Reader::Sdk(client, id) => {
                let response = client.transaction(id).await?;
                drop(std::hint::black_box(response.into_value()));
            }
            Reader::Raw(raw) => drop(std::hint::black_box(raw.read().await?)),
            Reader::RawDeadline(raw) => drop(std::hint::black_box(
                raw.read_with_deadline(DEFAULT_ATTEMPT_TIMEOUT).await?,
            )),
        }
        Ok(())
    }
}

/// Runs `config` in this process and reports.
pub fn run(config: LoadConfig) -> Result<LoadResult> {
    let rt = runtime::multi_thread(match config.variant {
        Variant::Sdk | Variant::SdkTraced => "bench-sdk",
        Variant::Raw | Variant::RawDeadline => "bench-raw",
    })?;
    if config.variant == Variant::SdkTraced {
        tracing::subscriber::set_global_default(crate::overhead::subscriber::Counting::default())
            .map_err(|e| BenchError::new(format!("subscriber: {e}")))?;
    }
    let reader = Reader::new(&config)?;
    let concurrency = config.concurrency.max(1);
    rt.block_on(drive(&reader, concurrency, config.warmup))?;
    let cpu_before = cpu::process_cpu_ns();
    let start = Instant::now();
    let mut latencies = rt.block_on(drive(&reader, concurrency, config.requests))?;
    let elapsed = start.elapsed().as_secs_f64();
    let cpu_ns = cpu::process_cpu_ns().saturating_sub(cpu_before);
    drop(rt);
    latencies.sort_unstable();
    let requests = latencies.len();
    Ok(LoadResult {
        requests,
        elapsed_s: elapsed,
        rps: if elapsed > 0.0 {
            requests as f64 / elapsed
        } else {
            0.0
        },
        p50_us: percentile(&latencies, 50.0) as f64 / 1_000.0,
        p99_us: percentile(&latencies, 99.0) as f64 / 1_000.0,
        cpu_us_per_request: cpu_ns as f64 / 1_000.0 / requests.max(1) as f64,
        peak_rss_kib: memory::peak_rss_kib()?,
    })
}

/// `total` reads by `concurrency` tasks; the latency of each in ns.
async fn drive(reader: &Reader, concurrency: usize, total: usize) -> Result<Vec<u64>> {
    let remaining = Arc::new(AtomicUsize::new(total));
    let mut tasks = Vec::with_capacity(concurrency);
    for _ in 0..concurrency {
        let reader = reader.clone();
        let remaining = remaining.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(total / concurrency + 1);
            while take(&remaining) {
                let start = Instant::now();
                reader.read().await?;
                latencies.push(start.elapsed().as_nanos() as u64);
            }
            Ok::<_, BenchError>(latencies)
        }));
    }
    let mut all = Vec::with_capacity(total);
    for task in tasks {
        all.extend(task.await??);
    }
    Ok(all)
}

/// Takes one read from the shared budget; false once it is spent.
fn take(remaining: &AtomicUsize) -> bool {
    remaining
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
        .is_ok()
}
