//! Starts the local fallback granted while Redis could not be reached (a limiter cut
//! off from a live server, as by a partition) are written back to the shared log when
//! Redis answers again: the replicas together never spend the budget again on top of
//! those starts within their window.

use crate::common;

use common::{RedisServer, connect};

use std::time::Duration;

use tokio::{net::TcpListener, sync::oneshot, task::JoinSet};
use txstatus_core::{ManualClock, RateLimit, RateLimiter};
use txstatus_redis::{Redis, RedisRateLimiter};

/// A TCP relay to a Redis server that can be cut (every connection closed, new ones
/// refused) and restored on the same port.
struct Relay {
    port: u16,
    target: u16,
    running: Option<(tokio::task::JoinHandle<()>, oneshot::Sender<()>)>,
}

impl Relay {
    async fn start(target: u16) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let mut relay = Self {
            port,
            target,
            running: None,
        };
        relay.running = Some(spawn_relay(listener, target));
        relay
    }

    /// Returns once every relayed connection is closed and the port refuses new
    /// ones: an abort alone lands whenever a worker next polls the relay, and a
    /// request sent before that still reached the server.
    async fn cut(&mut self) {
        if let Some((task, stop)) = self.running.take() {
            let _ = stop.send(());
            let _ = task.await;
        }
    }

    async fn restore(&mut self) {
        let listener = TcpListener::bind(("127.0.0.1", self.port)).await.unwrap();
        self.running = Some(spawn_relay(listener, self.target));
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        if let Some((task, _)) = self.running.take() {
            task.abort();
        }
    }
}

fn spawn_relay(
    listener: TcpListener,
    target: u16,
) -> (tokio::task::JoinHandle<()>, oneshot::Sender<()>) {
    let (stop, stopped) = oneshot::channel();
    (tokio::spawn(relay_loop(listener, target, stopped)), stop)
}

/// Accepts and relays until told to stop; then closes every relayed connection and
/// waits for them to be gone before it returns (and drops the listener).
async fn relay_loop(listener: TcpListener, target: u16, mut stop: oneshot::Receiver<()>) {
    let mut connections = JoinSet::new();
    loop {
        let accepted = tokio::select! {
            _ = &mut stop => {
                connections.shutdown().await;
                return;
            }
            accepted = listener.accept() => accepted,
        };
        let Ok((mut inbound, _)) = accepted else {
            return;
        };
        connections.spawn(async move {
            if let Ok(mut outbound) = tokio::net::TcpStream::connect(("127.0.0.1", target)).await {
                let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
            }
        });
    }
}

/// A connection to `server` through `relay`, failing fast when cut.
async fn through(server: &RedisServer, relay: &Relay) -> Redis {
    let config = txstatus_redis::RedisConfig::new(format!("redis://127.0.0.1:{}", relay.port))
        .unwrap()
        .with_prefix(server.config().prefix())
        .with_connect_timeout(Duration::from_millis(300))
        .with_response_timeout(Duration::from_millis(300));
    Redis::connect(&config).await.unwrap()
}

/// Waits until `redis` answers again (its reconnects run on their own schedule).
async fn until_answering(redis: &Redis) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while redis.ping().await.is_err() {
        assert!(tokio::time::Instant::now() < deadline, "reconnected");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Slots `limiter` grants now, asking `tries` times without waiting.
async fn granted(limiter: &RedisRateLimiter, clock: &ManualClock, tries: usize) -> usize {
    let mut granted = 0;
    for _ in 0..tries {
        if limiter.acquire(clock, Duration::ZERO).await.is_ok() {
            granted += 1;
        }
    }
    granted
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn starts_granted_locally_while_cut_off_count_against_the_shared_budget_once_back() {
    // (local starts while cut off, starts the other replica takes meanwhile)
    for (local_share, others_meanwhile) in [(3_u32, 0_usize), (3, 1), (5, 0), (2, 3)] {
        let server = RedisServer::start();
        let mut relay = Relay::start(server.port()).await;
        let budget = RateLimit::new(5, Duration::from_secs(60));
        let redis_a = through(&server, &relay).await;
        let a = RedisRateLimiter::builder(&redis_a, "shared", budget)
            .fallback_to_local(RateLimit::new(local_share, Duration::from_secs(60)))
            .build()
            .await
            .unwrap();
        let b = RedisRateLimiter::builder(&connect(&server).await, "shared", budget)
            .build()
            .await
            .unwrap();
        let clock = ManualClock::new();
        let case = format!("local {local_share}, others {others_meanwhile}");

        relay.cut().await;
        let local = granted(&a, &clock, local_share as usize + 2).await;
        assert_eq!(local, local_share as usize, "{case}: the local share only");
        assert!(a.failure().is_some(), "{case}");
        let others = granted(&b, &clock, others_meanwhile).await;
        assert_eq!(others, others_meanwhile, "{case}");

        relay.restore().await;
        until_answering(&redis_a).await;
        let after = granted(&a, &clock, 10).await + granted(&b, &clock, 10).await;
        assert!(a.failure().is_none(), "{case}: Redis answers again");
        // The budget, less what both spent in the window (at least nothing more).
        let spent = local + others;
        assert_eq!(
            after,
            5_usize.saturating_sub(spent),
            "{case}: {spent} spent in the window, then {after} more"
        );
        // Both replicas see the local starts in the shared log.
        assert_eq!(a.starts().await.unwrap().len(), spent + after, "{case}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn local_starts_that_have_left_the_window_hold_nothing_back() {
    let server = RedisServer::start();
    let mut relay = Relay::start(server.port()).await;
    let budget = RateLimit::new(2, Duration::from_secs(1));
    let redis_a = through(&server, &relay).await;
    let a = RedisRateLimiter::builder(&redis_a, "shared", budget)
        .fallback_to_local(RateLimit::new(2, Duration::from_secs(1)))
        .build()
        .await
        .unwrap();
    let clock = ManualClock::new();
    relay.cut().await;
    assert_eq!(granted(&a, &clock, 2).await, 2);
    relay.restore().await;
    until_answering(&redis_a).await;
    // Past the window (and its headroom) on the limiter's clock: nothing left to count.
    clock.advance(Duration::from_secs(2));
    assert_eq!(granted(&a, &clock, 3).await, 2, "a fresh window");
}
