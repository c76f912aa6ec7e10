//! A status source that logs each read's start and end (system clock, µs, shared by
//! every process on the machine) to a Redis list after the read, so nothing sits
//! between the budget slot and the request; the parent then finds reads of one
//! transaction that overlapped, across processes. A killed worker's read in flight is
//! never logged: its process is gone before anyone else's lease begins.

use std::{
    sync::Arc,
    time::{SystemTime, UNIX_EPOCH},
};

use txstatus_core::{BoxFuture, Result, StatusReport, StatusSource};

/// The list of `id start_µs end_µs` entries.
pub const READS_KEY: &str = "bench:reads";

/// Wraps the real client.
#[derive(Debug)]
pub struct Logged {
    pub inner: Arc<dyn StatusSource>,
    pub redis: redis::aio::ConnectionManager,
}

fn now_us() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_micros())
}

impl StatusSource for Logged {
    fn provider(&self) -> &'static str {
        self.inner.provider()
    }

    fn status_report<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<StatusReport>> {
        Box::pin(async move {
            let start = now_us();
            let report = self.inner.status_report(id).await;
            let end = now_us();
            let mut connection = self.redis.clone();
            let _: redis::RedisResult<i64> = redis::cmd("RPUSH")
                .arg(READS_KEY)
                .arg(format!("{id} {start} {end}"))
                .query_async(&mut connection)
                .await;
            report
        })
    }
}

/// Reads of one transaction that overlapped, from the log's entries.
pub fn overlaps(entries: &[String]) -> u64 {
    let mut reads: Vec<(&str, u128, u128)> = entries
        .iter()
        .filter_map(|entry| {
            let mut parts = entry.split(' ');
            Some((
                parts.next()?,
                parts.next()?.parse().ok()?,
                parts.next()?.parse().ok()?,
            ))
        })
        .collect();
    reads.sort_unstable();
    reads
        .windows(2)
        .filter(|pair| match pair {
            [a, b] => a.0 == b.0 && b.1 < a.2,
            _ => false,
        })
        .count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_reads_of_one_id_that_overlap_count() {
        let log: Vec<String> = ["a 10 20", "a 20 30", "b 15 25", "a 25 40"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        assert_eq!(overlaps(&log), 1);
    }
}
