//! The child: one worker process (`tx-bench child redis-worker <config>`), reading
//! Persona transactions from the shared schedule within the shared budget until the
//! schedule is empty.

use std::{sync::Arc, time::Duration};

use persona_tx::{Client, ClientOptions};
use serde::{Deserialize, Serialize};
use txstatus_core::{RateLimit, SecretString};
use txstatus_redis::{Redis, RedisConfig, RedisRateLimiter, WatchQueue, Worker, WorkerEvent};

use crate::distributed::overlap::Logged;
use crate::error::{BenchError, Result};
use crate::memory::peak_rss_kib;
use crate::runtime;

/// The budget every worker shares.
pub const BUDGET: &str = "persona:bench";

/// What the parent tells a worker.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct WorkerConfig {
    pub redis_url: String,
    pub base_url: String,
    pub api_key: String,
    pub budget_requests: u32,
    pub budget_per_ms: u64,
    pub concurrency: usize,
    pub read_deadline_ms: u64,
    pub margin_ms: u64,
}

/// What a worker reports.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
pub struct WorkerResult {
    pub transitions: u64,
    pub failed_reads: u64,
    pub peak_rss_kib: u64,
}

/// Runs one worker to the end of the schedule.
pub fn run(config: WorkerConfig) -> Result<WorkerResult> {
    let rt = runtime::multi_thread("bench-worker")?;
    rt.block_on(work(config))
}

async fn work(config: WorkerConfig) -> Result<WorkerResult> {
    let redis_config = RedisConfig::new(config.redis_url.clone())?;
    let redis = Redis::connect(&redis_config).await?;
    let raw = redis::Client::open(config.redis_url.as_str())
        .map_err(|_| BenchError::new("bad redis url"))?;
    let manager = redis::aio::ConnectionManager::new(raw)
        .await
        .map_err(|_| BenchError::new("redis unreachable"))?;
    let client = Client::builder(SecretString::from(config.api_key.clone()))
        .base_url(config.base_url.clone())
        .configure_transport(|t| t.no_proxy())
        .build()?;
    let source = Logged {
        inner: Arc::new(client),
        redis: manager,
    };
    let limit = RateLimit::new(
        config.budget_requests,
        Duration::from_millis(config.budget_per_ms),
    );
    let budget = RedisRateLimiter::builder(&redis, BUDGET, limit)
        .keep_history(Duration::from_secs(3600))
        .build()
        .await?;
    let queue = WatchQueue::new(&redis);
    let mut worker = Worker::builder(&queue)
        .source("persona", Arc::new(source))
        .budget("persona", Arc::new(budget))
        .concurrency(config.concurrency)
        .read_deadline(Duration::from_millis(config.read_deadline_ms))
        .margin(Duration::from_millis(config.margin_ms))
        .idle_poll(Duration::from_millis(20))
        .start();
    let mut result = WorkerResult::default();
    let mut check = tokio::time::interval(Duration::from_millis(200));
    loop {
        tokio::select! {
            event = worker.next_event() => match event {
                Some(WorkerEvent::Transition(_)) => result.transitions += 1,
                Some(WorkerEvent::ReadFailed { .. }) => result.failed_reads += 1,
                Some(_) => {}
                None => break,
            },
            _ = check.tick() => {
                if queue.scheduled("persona").await? == 0 {
                    break;
                }
            }
        }
    }
    worker.stop().await;
    while let Some(event) = worker.try_next_event() {
        if let WorkerEvent::Transition(_) = event {
            result.transitions += 1;
        }
    }
    result.peak_rss_kib = peak_rss_kib()?;
    Ok(result)
}
