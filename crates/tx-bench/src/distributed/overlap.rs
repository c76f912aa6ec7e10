//! A status source that counts overlapping reads of one transaction across processes:
//! before each read it sets `bench:inflight:<id>` (NX, expiring after the read
//! deadline, so a killed process's mark is gone before its lease is); a mark already
//! there is an overlap.

use std::sync::Arc;

use txstatus_core::{Result, StatusReport, StatusSource};

/// The overlap counter key.
pub const OVERLAPS_KEY: &str = "bench:overlaps";

/// Wraps the real client.
#[derive(Debug)]
pub struct Counting {
    pub inner: Arc<dyn StatusSource>,
    pub redis: redis::aio::ConnectionManager,
    pub mark_ms: u64,
}

impl Counting {
    async fn mark(&self, id: &str) {
        let mut connection = self.redis.clone();
        let set: redis::RedisResult<Option<String>> = redis::cmd("SET")
            .arg(format!("bench:inflight:{id}"))
            .arg(1)
            .arg("NX")
            .arg("PX")
            .arg(self.mark_ms)
            .query_async(&mut connection)
            .await;
        if matches!(set, Ok(None)) {
            let _: redis::RedisResult<i64> = redis::cmd("INCR")
                .arg(OVERLAPS_KEY)
                .query_async(&mut connection)
                .await;
        }
    }

    async fn unmark(&self, id: &str) {
        let mut connection = self.redis.clone();
        let _: redis::RedisResult<i64> = redis::cmd("DEL")
            .arg(format!("bench:inflight:{id}"))
            .query_async(&mut connection)
            .await;
    }
}

#[async_trait::async_trait]
impl StatusSource for Counting {
    fn provider(&self) -> &'static str {
        self.inner.provider()
    }

    async fn status_report(&self, id: &str) -> Result<StatusReport> {
        self.mark(id).await;
        let report = self.inner.status_report(id).await;
        self.unmark(id).await;
        report
    }
}
