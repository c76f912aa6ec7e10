//! A worker never reads iDIN, whatever name its source is given: `/status` hands the
//! identity out once, and a worker's read may be dropped at its deadline or on stop,
//! or repeated after a failure or by another replica once the lease expires.

use crate::common;
use crate::support;

use common::{RedisServer, queue};

use std::{
    sync::{
        Arc,
        atomic::{AtomicU32, Ordering},
    },
    time::Duration,
};

use support::fake_source::FakeSource;
use txstatus_core::{BoxFuture, NormalizedStatus, RawBody, StatusReport, StatusSource, TxStatus};
use txstatus_redis::{Worker, WorkerEvent};

/// An iDIN source as a worker sees it: its `provider()` is `cm-idin`; counts reads.
#[derive(Debug, Default)]
struct IdinLike {
    reads: AtomicU32,
}

impl StatusSource for IdinLike {
    fn provider(&self) -> &'static str {
        "cm-idin"
    }

    fn status_report<'a>(
        &'a self,
        id: &'a str,
    ) -> BoxFuture<'a, txstatus_core::Result<StatusReport>> {
        Box::pin(async move {
            self.reads.fetch_add(1, Ordering::SeqCst);
            Ok(StatusReport::new(
                "cm-idin",
                id,
                TxStatus::new(NormalizedStatus::Succeeded, "success"),
                RawBody::default(),
                Arc::new(()),
            ))
        })
    }
}

#[tokio::test]
async fn a_worker_never_reads_an_idin_source_registered_under_another_name() {
    let server = RedisServer::start();
    let queue = queue(&server).await;
    // `enqueue` refuses only the name `cm-idin`: under an alias it is scheduled.
    queue
        .enqueue("idin", "trx-1", Duration::from_secs(1))
        .await
        .unwrap();
    queue
        .enqueue("persona", "inq-1", Duration::from_secs(1))
        .await
        .unwrap();
    let idin = Arc::new(IdinLike::default());
    // One task: it claims the providers in turn, "idin" before "persona", so
    // by the time persona's read is recorded, an iDIN read would have happened.
    let mut worker = Worker::builder(&queue)
        .source("idin", idin.clone())
        .source("persona", Arc::new(FakeSource::new(0, Duration::ZERO)))
        .concurrency(1)
        .idle_poll(Duration::from_millis(10))
        .start();
    let mut refused = false;
    let waited = tokio::time::timeout(Duration::from_secs(120), async {
        while let Some(event) = worker.next_event().await {
            match event {
                WorkerEvent::Transition(transition) if transition.id == "inq-1" => return,
                WorkerEvent::Refused { provider } => {
                    assert_eq!(provider, "idin");
                    refused = true;
                }
                _ => {}
            }
        }
    })
    .await;
    worker.stop().await;
    assert!(waited.is_ok(), "persona's transaction was never read");
    assert_eq!(idin.reads.load(Ordering::SeqCst), 0, "iDIN was read");
    assert!(refused, "the refusal is reported");
    let state = queue.state("idin", "trx-1").await.unwrap().unwrap();
    assert_eq!(state.reads, 0);
}
