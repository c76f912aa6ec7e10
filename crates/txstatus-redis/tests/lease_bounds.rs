//! Absurd leases, read deadlines and concurrency on a real server: refused with a typed
//! error or shortened, never a transaction stranded, never a spinning worker.

use crate::common;
use crate::support;

use common::{RedisServer, claimed, next_event, persona_worker, queue, raw, until_finished};

use std::time::Duration;

use support::fake_source::FakeSource;
use txstatus_redis::{ErrorKind, MAX_LEASE, Worker, WorkerEvent};

/// The worker's next read failure (readiness wait, not a timing assertion).
async fn next_read_failure(worker: &mut Worker) {
    next_event(worker, "a read failure", |event| {
        matches!(event, WorkerEvent::ReadFailed { .. }).then_some(())
    })
    .await;
}

#[tokio::test]
async fn a_lease_of_zero_or_past_the_longest_is_refused_and_nothing_is_claimed() {
    let server = RedisServer::start();
    let queue = queue(&server).await;
    queue
        .enqueue("persona", "inq_1", Duration::from_secs(60))
        .await
        .unwrap();
    for lease in [
        Duration::ZERO,
        Duration::from_nanos(999),
        MAX_LEASE + Duration::from_micros(1),
        Duration::from_secs(u64::MAX / 4),
        Duration::MAX,
    ] {
        let error = queue.claim("persona", lease).await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Config, "{lease:?}: {error}");
    }
    let state = queue.state("persona", "inq_1").await.unwrap().unwrap();
    assert_eq!(state.token, 0, "nothing was claimed");
    // A lease held: renewing or releasing it absurdly changes nothing.
    let lease = queue.claim("persona", MAX_LEASE).await.unwrap().unwrap();
    for absurd in [Duration::ZERO, Duration::MAX] {
        let error = queue.renew(&lease, absurd).await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Config, "{error}");
    }
    let error = queue.release(&lease, Duration::MAX).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Config, "{error}");
    assert_eq!(
        queue
            .claim("persona", Duration::from_secs(60))
            .await
            .unwrap(),
        None,
        "still leased"
    );
    assert!(queue.release(&lease, Duration::ZERO).await.unwrap());
    let again = claimed(&queue, "persona").await;
    assert!(again.token > lease.token);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_with_an_endless_read_deadline_still_reads_and_finishes() {
    let server = RedisServer::start();
    let queue = queue(&server).await;
    queue
        .enqueue("persona", "inq_1", Duration::from_millis(1))
        .await
        .unwrap();
    let source = FakeSource::new(1, Duration::from_millis(1));
    let mut worker = persona_worker(&queue, &source, 1)
        .read_deadline(Duration::MAX)
        .margin(Duration::MAX)
        .start();
    until_finished(&queue, &["inq_1".to_owned()]).await;
    worker.stop().await;
    assert_eq!(source.reads("inq_1"), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_whose_lease_ends_before_each_read_waits_instead_of_spinning() {
    let server = RedisServer::start();
    let queue = queue(&server).await;
    queue
        .enqueue("persona", "inq_1", Duration::from_secs(3600))
        .await
        .unwrap();
    let source = FakeSource::new(1, Duration::from_millis(1));
    // A 1 µs lease has ended before any read can start.
    let mut worker = persona_worker(&queue, &source, 1)
        .read_deadline(Duration::ZERO)
        .margin(Duration::from_micros(1))
        .idle_poll(Duration::from_secs(3600))
        .start();
    let first = loop {
        let token = queue
            .state("persona", "inq_1")
            .await
            .unwrap()
            .unwrap()
            .token;
        if token > 0 {
            break token;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    // Room for a spinning loop to claim again (it would, thousands of times).
    tokio::time::sleep(Duration::from_millis(300)).await;
    worker.abort();
    let state = queue.state("persona", "inq_1").await.unwrap().unwrap();
    assert_eq!(state.token, first, "claimed once, then waited");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_that_times_out_is_due_again_after_its_interval_not_at_once() {
    let server = RedisServer::start();
    let queue = queue(&server).await;
    let interval = Duration::from_secs(3600);
    queue.enqueue("persona", "inq_1", interval).await.unwrap();
    let source = FakeSource::new(1, Duration::from_millis(1));
    source.stall("inq_1", true);
    let mut worker = persona_worker(&queue, &source, 1)
        .read_deadline(Duration::from_millis(50))
        .margin(Duration::from_millis(50))
        .start();
    next_read_failure(&mut worker).await;
    // Stopping finishes the failure's own release (a read in flight again would be
    // released due at once, as the defect did).
    worker.stop().await;
    let mut connection = raw(&server);
    let due: f64 = redis::cmd("ZSCORE")
        .arg(format!("{}:watch:due:persona", queue.redis().prefix()))
        .arg("inq_1")
        .query(&mut connection)
        .unwrap();
    let (secs, micros): (u64, u64) = redis::cmd("TIME").query(&mut connection).unwrap();
    let now = (secs * 1_000_000 + micros) as f64;
    assert!(
        due > now + (interval.as_micros() / 2) as f64,
        "due again within the interval: {due} vs now {now}"
    );
    assert_eq!(
        queue
            .claim("persona", Duration::from_secs(60))
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn a_worker_concurrency_past_the_most_is_shortened_before_any_task_starts() {
    let server = RedisServer::start();
    let queue = queue(&server).await;
    let builder = Worker::builder(&queue).concurrency(usize::MAX);
    let shown = format!("{builder:?}");
    assert!(
        shown.contains(&format!("concurrency: {}", txstatus_redis::MAX_CONCURRENCY)),
        "{shown}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stopping_during_a_read_ends_the_worker_without_waiting_out_its_idle_poll() {
    let server = RedisServer::start();
    let queue = queue(&server).await;
    queue
        .enqueue("persona", "inq_1", Duration::from_secs(60))
        .await
        .unwrap();
    let source = FakeSource::new(1, Duration::from_millis(1));
    source.stall("inq_1", true);
    let mut worker = persona_worker(&queue, &source, 1)
        .idle_poll(Duration::from_secs(3600))
        .start();
    source.until_read("inq_1").await;
    // Generous bound (readiness): without the fix, stop waits out the hour.
    tokio::time::timeout(Duration::from_secs(60), worker.stop())
        .await
        .expect("the worker stops");
    assert!(
        queue
            .claim("persona", Duration::from_secs(60))
            .await
            .unwrap()
            .is_some(),
        "released on stop"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_deadline_with_a_fraction_of_a_microsecond_still_reads() {
    let server = RedisServer::start();
    let queue = queue(&server).await;
    queue
        .enqueue("persona", "inq_1", Duration::from_millis(1))
        .await
        .unwrap();
    let source = FakeSource::new(1, Duration::from_millis(1));
    // A third of a second is 333,333,333 ns: Redis keeps leases in whole µs.
    let mut worker = persona_worker(&queue, &source, 1)
        .read_deadline(Duration::from_secs_f64(1.0 / 3.0))
        .margin(Duration::from_nanos(1_000_000_500))
        .start();
    until_finished(&queue, &["inq_1".to_owned()]).await;
    worker.stop().await;
    assert_eq!(source.reads("inq_1"), 2);
}
