//! `txstatus listen` on Redis (`TXSTATUS_REDIS_URL` set): the webhook store is shared
//! by every listener on the same server, and stdout is read from the transition
//! stream through the `txstatus-listen` consumer group.
//!
//! Each transition is recorded once in the stream however deliveries are spread over
//! listeners; printing is at least once (a listener killed between printing and
//! acknowledging has the record printed again by another, after 30 s), and every
//! record carries its `stream_id` to deduplicate by. The URL is never printed.

use std::{sync::Arc, time::Duration};

use tokio::sync::oneshot;
use txstatus_redis::{Redis, RedisConfig, RedisStore, TransitionConsumer};
use txstatus_webhooks::{Receiver, Store};

use crate::{
    commands::{listen, sandbox::Stop},
    failure::Failure,
    out::Stream,
};

/// The consumer group every listener prints through.
pub const GROUP: &str = "txstatus-listen";

/// At most this many batches are printed after a stop (other listeners may keep
/// recording; the rest is left to them). The first Redis error ends them too: after a
/// stop nothing is retried, so a Redis that is down cannot hold the exit.
const FINAL_BATCHES: usize = 16;

/// The pause before reading again after a Redis error, while running.
const RETRY_PAUSE: Duration = Duration::from_secs(1);

/// The connection and store, when `TXSTATUS_REDIS_URL` is set.
pub struct Shared {
    redis: Redis,
    store: Arc<RedisStore>,
}

/// Connects before anything is bound: a malformed URL is a usage error (exit 2), an
/// unreachable server or a refused password a failure (exit 1); neither message shows
/// the URL.
pub async fn connect() -> Result<Option<Shared>, Failure> {
    let config = RedisConfig::from_env()
        .map_err(|e| Failure::usage(format!("{}: {e}", txstatus_redis::URL_ENV)))?;
    let Some(config) = config else {
        return Ok(None);
    };
    let redis = Redis::connect(&config)
        .await
        .map_err(|e| Failure::failed(format!("{}: {e}", txstatus_redis::URL_ENV)))?;
    let store = Arc::new(RedisStore::new(&redis));
    Ok(Some(Shared { redis, store }))
}

impl Shared {
    /// The store for the receiver.
    pub fn store(&self) -> Arc<dyn Store> {
        self.store.clone()
    }

    /// This process's consumer in [`GROUP`], under a name of its own.
    pub async fn consumer(&self) -> Result<TransitionConsumer, Failure> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!("listen-{}-{nanos:08x}", std::process::id());
        TransitionConsumer::builder(&self.redis, GROUP, name)
            .build()
            .await
            .map_err(|e| Failure::failed(format!("{}: {e}", txstatus_redis::URL_ENV)))
    }
}

/// Prints the stream's transitions until a signal (or a reader gone), then stops
/// accepting, finishes the accepted re-reads and prints what is left.
pub async fn print_until_stopped(
    mut consumer: TransitionConsumer,
    stop: Stop,
    receiver: &Receiver,
    close: oneshot::Sender<()>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
) -> Result<(), Failure> {
    let mut stream = Stream::new();
    let mut failing = false;
    let stop = stop.wait();
    let mut stop = std::pin::pin!(stop);
    let mut open = true;
    while open {
        tokio::select! {
            () = &mut stop => break,
            batch = consumer.next() => {
                open = print(&mut stream, &consumer, batch, &mut failing).await?;
            }
        }
        if failing {
            // Redis failed: a pause before the next try, which a stop cuts short.
            tokio::select! {
                () = &mut stop => break,
                () = tokio::time::sleep(RETRY_PAUSE) => {}
            }
        }
    }
    let _ = close.send(());
    let served = server.await;
    receiver.drain().await;
    // Every delivery answered 2xx is in Redis already (accepted, and marked as awaiting
    // its re-read, before the answer; the drain above committed the re-reads it could,
    // a later sweep does the rest): what follows only prints. Redis failing now ends it
    // at once, what is left said on stderr, instead of a retry and a pause per batch.
    let mut reachable = true;
    for _ in 0..FINAL_BATCHES {
        if !open {
            break;
        }
        match consumer.next().await {
            Ok(batch) if batch.is_empty() => break,
            Ok(batch) => open = print(&mut stream, &consumer, Ok(batch), &mut failing).await?,
            Err(error) => {
                note!(
                    "txstatus: {}: {error}; stopping without printing the rest: \
                     transitions recorded in Redis and not printed here stay in its \
                     stream, for the next listener of the `{GROUP}` group to print",
                    txstatus_redis::URL_ENV
                );
                reachable = false;
                break;
            }
        }
    }
    if reachable {
        let _ = consumer.close().await;
    }
    listen::served_outcome(served)
}

/// Prints one batch and acknowledges it; a Redis failure is said once per outage on
/// stderr and `failing` set (the caller pauses, then retries; the receiver answers 503
/// meanwhile, so the providers retry). `false` when the reader is gone.
async fn print(
    stream: &mut Stream,
    consumer: &TransitionConsumer,
    batch: Result<Vec<txstatus_webhooks::Transition>, txstatus_redis::Error>,
    failing: &mut bool,
) -> Result<bool, Failure> {
    let transitions = match batch {
        Ok(transitions) => transitions,
        Err(error) => {
            if !*failing {
                note!("txstatus: {}: {error}; retrying", txstatus_redis::URL_ENV);
                *failing = true;
            }
            return Ok(true);
        }
    };
    if *failing {
        note!("txstatus: {}: reachable again", txstatus_redis::URL_ENV);
        *failing = false;
    }
    let mut printed = Vec::with_capacity(transitions.len());
    for transition in &transitions {
        if !stream.record(&listen::record(transition))? {
            return Ok(false);
        }
        if let Some(id) = &transition.stream_id {
            printed.push(id.as_str());
        }
    }
    if let Err(error) = consumer.ack(&printed).await {
        // Printed but not acknowledged: printed again later (at least once).
        note!("txstatus: {}: {error}", txstatus_redis::URL_ENV);
    }
    Ok(true)
}
