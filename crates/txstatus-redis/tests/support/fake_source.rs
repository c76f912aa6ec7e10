//! A status source that counts reads in flight per transaction: the overlap counter.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing
)]

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration,
};

use txstatus_core::{BoxFuture, NormalizedStatus, RawBody, StatusReport, StatusSource, TxStatus};

#[derive(Debug, Default)]
struct Counts {
    in_flight: HashMap<String, u32>,
    reads: HashMap<String, u32>,
    overlaps: u32,
}

/// Each transaction is pending for `steps` reads, then approved; each read takes `delay`
/// (or forever for ids in `stall`).
#[derive(Debug, Clone)]
pub struct FakeSource {
    counts: Arc<Mutex<Counts>>,
    steps: u32,
    delay: Duration,
    stall: Arc<Mutex<Vec<String>>>,
}

impl FakeSource {
    pub fn new(steps: u32, delay: Duration) -> Self {
        Self {
            counts: Arc::default(),
            steps,
            delay,
            stall: Arc::default(),
        }
    }

    /// Reads of `id` hang until dropped, while set.
    pub fn stall(&self, id: &str, on: bool) {
        let mut stall = self.stall.lock().unwrap();
        stall.retain(|s| s != id);
        if on {
            stall.push(id.to_owned());
        }
    }

    /// Times two reads of one transaction were in flight at once.
    pub fn overlaps(&self) -> u32 {
        self.counts.lock().unwrap().overlaps
    }

    /// Reads started for `id`.
    pub fn reads(&self, id: &str) -> u32 {
        self.counts
            .lock()
            .unwrap()
            .reads
            .get(id)
            .copied()
            .unwrap_or(0)
    }

    /// Waits until a read of `id` has started (readiness, not a timing assertion).
    pub async fn until_read(&self, id: &str) {
        while self.reads(id) == 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// Reads in flight now, all ids.
    pub fn in_flight(&self) -> u32 {
        self.counts.lock().unwrap().in_flight.values().sum()
    }
}

/// Decrements the in-flight count however the read ends (dropped included).
struct InFlight(Arc<Mutex<Counts>>, String);

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut counts = self.0.lock().unwrap();
        if let Some(n) = counts.in_flight.get_mut(&self.1) {
            *n -= 1;
        }
    }
}

impl StatusSource for FakeSource {
    fn provider(&self) -> &'static str {
        "persona"
    }

    fn status_report<'a>(
        &'a self,
        id: &'a str,
    ) -> BoxFuture<'a, txstatus_core::Result<StatusReport>> {
        Box::pin(async move {
            let read = {
                let mut counts = self.counts.lock().unwrap();
                let n = counts.in_flight.entry(id.to_owned()).or_default();
                *n += 1;
                if *n > 1 {
                    counts.overlaps += 1;
                }
                let reads = counts.reads.entry(id.to_owned()).or_default();
                *reads += 1;
                *reads
            };
            let _guard = InFlight(self.counts.clone(), id.to_owned());
            if self.stall.lock().unwrap().iter().any(|s| s == id) {
                std::future::pending::<()>().await;
            }
            tokio::time::sleep(self.delay).await;
            let status = if read > self.steps {
                TxStatus::new(NormalizedStatus::Succeeded, "approved")
            } else {
                TxStatus::new(NormalizedStatus::Pending, "pending")
            };
            Ok(StatusReport::new(
                "persona",
                id,
                status,
                RawBody::default(),
                Arc::new(()),
            ))
        })
    }
}
