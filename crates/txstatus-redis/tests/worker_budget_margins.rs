//! A worker with a small (or zero) margin and a shared budget reads: a slot that comes
//! after the margin has passed shortens the read to what the lease has left, rather
//! than being spent unread again and again (the shared budget drained, nothing read).

use crate::common;
use crate::support;

use common::{RedisServer, connect, persona_worker, until_finished};

use std::{sync::Arc, time::Duration};

use support::fake_source::FakeSource;
use txstatus_core::RateLimit;
use txstatus_redis::{RedisRateLimiter, WatchQueue};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_zero_or_tiny_margin_with_a_budget_reads_without_draining_the_budget() {
    for margin in [
        Duration::ZERO,
        Duration::from_nanos(1),
        Duration::from_micros(2),
    ] {
        let server = RedisServer::start();
        let redis = connect(&server).await;
        let queue = WatchQueue::new(&redis);
        queue
            .enqueue("persona", "inq_margin", Duration::from_millis(1))
            .await
            .unwrap();
        let limiter = Arc::new(
            RedisRateLimiter::builder(
                &redis,
                "persona:margin",
                RateLimit::new(1000, Duration::from_secs(60)),
            )
            .keep_history(Duration::from_secs(120))
            .build()
            .await
            .unwrap(),
        );
        let source = FakeSource::new(1, Duration::from_millis(1));
        let mut worker = persona_worker(&queue, &source, 1)
            .read_deadline(Duration::from_secs(5))
            .margin(margin)
            .redis_budget("persona", limiter.clone())
            .start();
        until_finished(&queue, &["inq_margin".to_owned()]).await;
        worker.stop().await;
        assert_eq!(source.reads("inq_margin"), 2, "margin {margin:?}");
        let spent = limiter.starts().await.unwrap().len();
        assert!(
            spent <= 4,
            "margin {margin:?}: {spent} slots spent for 2 reads"
        );
    }
}
