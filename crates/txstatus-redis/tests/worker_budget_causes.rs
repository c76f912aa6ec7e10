//! A worker whose shared budget fails says why: the budget's own Redis error (a key of
//! the wrong type is a command error, not "unreachable"), nothing is read meanwhile,
//! and the transaction stays scheduled and is read once the budget works again.

use crate::common;
use crate::support;

use common::{RedisServer, connect, next_event, persona_worker, raw};

use std::{sync::Arc, time::Duration};

use support::fake_source::FakeSource;
use txstatus_core::RateLimit;
use txstatus_redis::{ErrorKind, RedisRateLimiter, WatchQueue, Worker, WorkerEvent};

/// The next Redis error the worker reports (readiness wait, not a timing assertion).
async fn next_redis_error(worker: &mut Worker) -> txstatus_redis::Error {
    next_event(worker, "a Redis error", |event| match event {
        WorkerEvent::Redis(error) => Some(error),
        WorkerEvent::Transition(t) => panic!("read through a broken budget: {t:?}"),
        _ => None,
    })
    .await
}

#[tokio::test]
async fn a_budget_key_of_the_wrong_type_is_reported_as_a_command_error_and_nothing_is_read() {
    // Each budget key in turn holds another type (written by another program or an
    // older version): the sliding log (a sorted set) and the stored limit (a hash).
    for (key, hostile) in [
        ("txstatus:rl:persona:causes:log", &["SET", "", "junk"][..]),
        (
            "txstatus:rl:persona:causes:limit",
            &["RPUSH", "", "a", "b"][..],
        ),
        (
            "txstatus:rl:persona:causes:log",
            &["HSET", "", "f", "v"][..],
        ),
    ] {
        let server = RedisServer::start();
        let redis = connect(&server).await;
        let queue = WatchQueue::new(&redis);
        queue
            .enqueue("persona", "inq_budget", Duration::from_secs(60))
            .await
            .unwrap();
        let limiter = Arc::new(
            RedisRateLimiter::builder(
                &redis,
                "persona:causes",
                RateLimit::new(5, Duration::from_secs(1)),
            )
            .build()
            .await
            .unwrap(),
        );
        let mut command = redis::cmd(hostile[0]);
        command.arg(key);
        for arg in &hostile[2..] {
            command.arg(*arg);
        }
        let _: redis::Value = command.query(&mut raw(&server)).unwrap();

        let source = FakeSource::new(0, Duration::from_millis(1));
        let mut worker = persona_worker(&queue, &source, 1)
            .redis_budget("persona", limiter.clone())
            .start();
        let error = next_redis_error(&mut worker).await;
        assert_eq!(
            error.kind(),
            ErrorKind::Command,
            "{key} {hostile:?}: {error}"
        );
        assert!(error.to_string().contains("WRONGTYPE"), "{error}");
        assert!(
            !error.to_string().contains(key),
            "no key in errors: {error}"
        );
        assert_eq!(
            limiter.failure().map(|f| f.kind()),
            Some(ErrorKind::Command),
            "the limiter keeps the same cause"
        );
        assert_eq!(source.reads("inq_budget"), 0, "nothing read without a slot");
        assert_eq!(
            queue.scheduled("persona").await.unwrap(),
            1,
            "still scheduled"
        );

        // The key repaired: the transaction is read and finished, once.
        let _: u64 = redis::cmd("DEL").arg(key).query(&mut raw(&server)).unwrap();
        let transition =
            next_event(
                &mut worker,
                "a transition once the budget works",
                |event| match event {
                    WorkerEvent::Transition(transition) => Some(transition),
                    _ => None,
                },
            )
            .await;
        assert_eq!(transition.id, "inq_budget");
        worker.stop().await;
        assert_eq!(source.reads("inq_budget"), 1);
    }
}
