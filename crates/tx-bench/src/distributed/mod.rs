//! Benchmark 6: distributed watching on Redis. Four worker processes (this binary as
//! `tx-bench child redis-worker`) share one schedule and one 500 requests/s budget on a
//! real `redis-server`, reading Persona transactions from the sandbox, which moves
//! each one through `created`, `pending`, `completed` on its own clock. A second run
//! kills one worker (SIGKILL) a third of the way through.

pub mod overlap;
pub mod worker;

use std::{
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use persona_tx::{Client, ClientOptions, CreateTransaction};
use tokio::runtime::Runtime;
use txstatus_core::RateLimit;
use txstatus_redis::{Redis, RedisRateLimiter, WatchQueue, test_util::RedisServer};
use txstatus_sandbox::{Sandbox, persona_ids};

use crate::distributed::worker::{BUDGET, WorkerConfig, WorkerResult};
use crate::error::{BenchError, Context, Result};
use crate::settings::Settings;

/// Worker processes.
pub const WORKERS: usize = 4;
/// The shared budget, requests per second.
pub const BUDGET_PER_S: u32 = 500;
/// Reads at once per worker.
pub const CONCURRENCY: usize = 32;
/// The wait between reads of one transaction.
pub const INTERVAL: Duration = Duration::from_secs(1);
/// The workers' read deadline and lease margin (lease = their sum): short, so a
/// killed worker's transactions resume within seconds.
pub const READ_DEADLINE: Duration = Duration::from_secs(2);
/// See [`READ_DEADLINE`].
pub const MARGIN: Duration = Duration::from_secs(1);

/// One run's figures.
#[derive(Clone, Debug, Default)]
pub struct DistRun {
    /// Transactions enqueued.
    pub transactions: usize,
    /// The sandbox's step between two statuses of a transaction.
    pub step: Duration,
    /// From the workers' start to the last one's exit, s.
    pub wall_s: f64,
    /// Transactions whose final state is recorded at the end.
    pub finished: usize,
    /// Reads the sandbox answered.
    pub reads: u64,
    /// Transitions in the stream (the minimum number of reads: one per state seen).
    pub transitions: u64,
    /// The most reads the sandbox saw within any one second (sliding).
    pub sandbox_peak_per_s: u64,
    /// The most budget slots within any one second of Redis `TIME` (sliding).
    pub budget_peak_per_s: usize,
    /// Slots taken per second between the first and the last one.
    pub throughput_per_s: f64,
    /// Slots in the median whole second of Redis `TIME` (the steady state, without
    /// the start and the tail where fewer transactions than the budget are left).
    pub median_second: usize,
    /// Reads of one transaction in flight at once, counted across processes.
    pub overlaps: u64,
    /// Peak RSS of each worker that ran to the end, KiB.
    pub rss_kib: Vec<u64>,
}

/// The section's result.
#[derive(Clone, Debug, Default)]
pub struct Distributed {
    /// All workers to the end.
    pub steady: DistRun,
    /// One worker killed.
    pub kill: DistRun,
}

/// Runs the section.
pub fn run(settings: &Settings, rt: &Runtime) -> Result<Distributed> {
    let n = settings.distributed_transactions;
    let steady = rt.block_on(one_run(n, false))?;
    let kill = rt.block_on(one_run(n.div_ceil(5), true))?;
    Ok(Distributed { steady, kill })
}

async fn one_run(n: usize, kill: bool) -> Result<DistRun> {
    let server = RedisServer::start();
    // A schedule the budget cannot keep up with: every transaction wants a read every
    // second, and lives about three passes of the budget over all of them.
    let step = Duration::from_secs_f64((1.5 * n as f64 / f64::from(BUDGET_PER_S)).max(0.5));
    let sandbox = Sandbox::builder()
        .persona_step_interval(step)
        .persona_rate_limit(u32::MAX / 2)
        .start()
        .await?;
    let result = measure(&server, &sandbox, n, step, kill).await;
    sandbox.shutdown().await;
    result
}

async fn create(sandbox: &Sandbox, n: usize) -> Result<Vec<String>> {
    let client = Client::builder(sandbox.credentials().persona_api_key.clone())
        .base_url(sandbox.persona_base_url())
        .configure_transport(|t| t.no_proxy())
        .build()?;
    let mut ids = Vec::with_capacity(n);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..n {
        if tasks.len() >= 32
            && let Some(done) = tasks.join_next().await
        {
            ids.push(done??);
        }
        let client = client.clone();
        tasks.spawn(async move {
            Ok::<_, BenchError>(
                client
                    .create_transaction(&CreateTransaction::new(persona_ids::TRANSACTION_TYPE_ID))
                    .await?
                    .into_value()
                    .data
                    .id,
            )
        });
    }
    while let Some(done) = tasks.join_next().await {
        ids.push(done??);
    }
    Ok(ids)
}

fn spawn_worker(config: &WorkerConfig) -> Result<Child> {
    // The launcher knows which file holds this build (the decode layouts replace it).
    let exe = crate::child::Launcher::current()?.exe;
    let config = serde_json::to_string(config)?;
    Command::new(exe)
        .args(["child", "redis-worker", &config])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .context("cannot start a worker process")
}

async fn measure(
    server: &RedisServer,
    sandbox: &Sandbox,
    n: usize,
    step: Duration,
    kill: bool,
) -> Result<DistRun> {
    let ids = create(sandbox, n).await?;
    let redis = Redis::connect(&server.config()).await?;
    let queue = WatchQueue::new(&redis);
    for id in &ids {
        queue
            .enqueue("persona", id, INTERVAL)
            .await
            .map_err(|e| BenchError::new(e.to_string()))?;
    }
    sandbox.reset_stats();
    let config = WorkerConfig {
        redis_url: server.url(),
        base_url: sandbox.persona_base_url(),
        api_key: sandbox.credentials().persona_api_key.clone(),
        budget_requests: BUDGET_PER_S,
        budget_per_ms: 1000,
        concurrency: CONCURRENCY,
        read_deadline_ms: u64::try_from(READ_DEADLINE.as_millis()).unwrap_or(u64::MAX),
        margin_ms: u64::try_from(MARGIN.as_millis()).unwrap_or(u64::MAX),
    };
    let started = Instant::now();
    let mut children = Vec::with_capacity(WORKERS);
    for _ in 0..WORKERS {
        children.push(spawn_worker(&config)?);
    }
    if kill {
        let threshold = u64::try_from(n.saturating_mul(2) / 3).unwrap_or(u64::MAX);
        loop {
            tokio::time::sleep(Duration::from_millis(50)).await;
            if queue.scheduled("persona").await? <= threshold {
                break;
            }
        }
        let mut victim = children.remove(0);
        let killed = victim.kill();
        let _ = victim.wait();
        killed.context("cannot kill a worker")?;
    }
    let mut rss_kib = Vec::new();
    for child in children {
        let output = tokio::task::spawn_blocking(move || child.wait_with_output())
            .await?
            .context("a worker process")?;
        if !output.status.success() {
            return Err(BenchError::new(format!(
                "a worker failed ({})",
                output.status
            )));
        }
        let stdout = String::from_utf8_lossy(&output.stdout);
        let line = stdout
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .ok_or_else(|| BenchError::new("a worker printed nothing"))?;
        let result: WorkerResult = serde_json::from_str(line)?;
        rss_kib.push(result.peak_rss_kib);
    }
    let wall_s = started.elapsed().as_secs_f64();
    let mut finished = 0;
    for id in &ids {
        if queue
            .state("persona", id)
            .await?
            .is_some_and(|state| state.finished)
        {
            finished += 1;
        }
    }
    let raw =
        redis::Client::open(server.url().as_str()).map_err(|_| BenchError::new("bad redis url"))?;
    let mut connection = redis::aio::ConnectionManager::new(raw)
        .await
        .map_err(|_| BenchError::new("redis unreachable"))?;
    let reads_log: Vec<String> = redis::cmd("LRANGE")
        .arg(overlap::READS_KEY)
        .arg(0)
        .arg(-1)
        .query_async(&mut connection)
        .await
        .map_err(|_| BenchError::new("LRANGE reads"))?;
    let transitions: u64 = redis::cmd("XLEN")
        .arg(format!("{}:transitions", redis.prefix()))
        .query_async(&mut connection)
        .await
        .map_err(|_| BenchError::new("XLEN"))?;
    let limit = RateLimit::new(BUDGET_PER_S, Duration::from_secs(1));
    let starts = RedisRateLimiter::builder(&redis, BUDGET, limit)
        .build()
        .await?
        .starts()
        .await?;
    let budget_peak_per_s = busiest_second(&starts);
    let span_s = match (starts.first(), starts.last()) {
        (Some(first), Some(last)) if last > first => (last - first) as f64 / 1e6,
        _ => f64::EPSILON,
    };
    let stats = sandbox.stats();
    Ok(DistRun {
        transactions: n,
        step,
        wall_s,
        finished,
        reads: stats.persona.requests,
        transitions,
        sandbox_peak_per_s: stats.persona.peak_requests_per_second,
        budget_peak_per_s,
        throughput_per_s: starts.len() as f64 / span_s,
        median_second: median_second(&starts),
        overlaps: overlap::overlaps(&reads_log),
        rss_kib,
    })
}

/// The most starts (µs, sorted) within any window of one second.
fn busiest_second(starts: &[u64]) -> usize {
    let mut best = 0;
    let mut low = 0;
    for (high, at) in starts.iter().enumerate() {
        while let Some(first) = starts.get(low)
            && at.saturating_sub(*first) >= 1_000_000
        {
            low += 1;
        }
        best = best.max(high + 1 - low);
    }
    best
}

/// Slots per whole second of Redis `TIME`, median over the seconds of the run.
fn median_second(starts: &[u64]) -> usize {
    let mut counts: std::collections::BTreeMap<u64, usize> = std::collections::BTreeMap::new();
    for at in starts {
        *counts.entry(at / 1_000_000).or_default() += 1;
    }
    let mut per_second: Vec<usize> = counts.into_values().collect();
    per_second.sort_unstable();
    per_second.get(per_second.len() / 2).copied().unwrap_or(0)
}
