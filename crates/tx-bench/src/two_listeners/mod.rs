//! Benchmark 5, second run: two listeners behind one round-robin sender. Two
//! receivers, each with its own `RedisStore` on one real `redis-server` (same prefix,
//! as two `txstatus listen` replicas), each served over HTTP on its own port. Every
//! Persona transaction goes through `created`, `pending`, `completed`
//! (`advance_persona` between rounds); each round sends one signed delivery per
//! transaction twice, the copies in reverse order, alternating between the two
//! listeners, so the two copies of an event reach different listeners. The stream
//! is then read back: each state must be recorded once, and never an older one
//! after a newer one.

mod stream;

use std::{sync::Arc, time::Duration, time::Instant};

use persona_tx::{Client, ClientOptions, CreateTransaction, PersonaWebhooks, WebhookVerifier};
use tokio::{net::TcpListener, sync::oneshot, task::JoinHandle};
use txstatus_core::SecretString;
use txstatus_redis::{Redis, RedisStore, test_util::RedisServer};
use txstatus_sandbox::{PERSONA_WEBHOOK_SECRET, Sandbox, WebhookDelivery, persona_ids};
use txstatus_webhooks::{Receiver, service};

use crate::error::{BenchError, Result};
use crate::stats::percentile;

pub use stream::StreamCheck;

/// Listeners behind the sender.
pub const LISTENERS: usize = 2;

/// The run's figures.
#[derive(Clone, Copy, Debug, Default)]
pub struct TwoListeners {
    /// Transactions.
    pub distinct: usize,
    /// Deliveries sent (and acknowledged) across both listeners.
    pub deliveries: usize,
    /// Distinct state changes the deliveries announce (one per transaction and status).
    pub expected: usize,
    /// What the stream holds.
    pub stream: StreamCheck,
    /// Deliveries acknowledged per second (sending time only, not the drains).
    pub accepted_per_s: f64,
    /// Acknowledgement latency p50, µs.
    pub ack_p50_us: u64,
    /// Acknowledgement latency p99, µs.
    pub ack_p99_us: u64,
    /// Provider re-reads per state change, both listeners together.
    pub reads_per_change: f64,
}

/// One listener: its receiver, its URL and the task serving it.
struct Listener {
    receiver: Receiver,
    url: String,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

/// Runs the two-listener measurement on its own sandbox and `redis-server`.
pub async fn measure(events: usize) -> Result<TwoListeners> {
    let server = RedisServer::start();
    let sandbox = Sandbox::builder()
        .persona_step_interval(Duration::ZERO)
        .start()
        .await?;
    let result = measure_on(&server, &sandbox, events).await;
    sandbox.shutdown().await;
    result
}

async fn measure_on(
    server: &RedisServer,
    sandbox: &Sandbox,
    events: usize,
) -> Result<TwoListeners> {
    let client = Client::builder(sandbox.credentials().persona_api_key.clone())
        .base_url(sandbox.persona_base_url())
        .configure_transport(|t| t.no_proxy())
        .build()?;
    let mut ids = Vec::with_capacity(events);
    for _ in 0..events {
        ids.push(
            client
                .create_transaction(&CreateTransaction::new(persona_ids::TRANSACTION_TYPE_ID))
                .await?
                .into_value()
                .data
                .id,
        );
    }
    let mut listeners = Vec::with_capacity(LISTENERS);
    let mut stream_key = String::new();
    for _ in 0..LISTENERS {
        // One connection per listener, as two processes would have.
        let store = RedisStore::new(&Redis::connect(&server.config()).await?);
        stream_key = store.stream_key();
        listeners.push(listen(store, &client).await?);
    }
    let mut latencies = Vec::new();
    let mut sending = Duration::ZERO;
    let mut position = 0usize;
    for round in 0..stream::ORDER.len() {
        if round > 0 {
            for id in &ids {
                if !sandbox.advance_persona(id) {
                    return Err(BenchError::new("the sandbox did not advance a transaction"));
                }
            }
        }
        let mut deliveries = Vec::with_capacity(ids.len());
        for id in &ids {
            deliveries.push(
                sandbox
                    .persona_webhook("http://127.0.0.1/", id)
                    .ok_or_else(|| BenchError::new("sandbox lost a created transaction"))?,
            );
        }
        let order = (0..deliveries.len()).chain((0..deliveries.len()).rev());
        let started = Instant::now();
        for index in order {
            let (Some(delivery), Some(listener)) =
                (deliveries.get(index), listeners.get(position % LISTENERS))
            else {
                continue;
            };
            position = position.wrapping_add(1);
            latencies.push(send(delivery, &listener.url).await?);
        }
        sending = sending.saturating_add(started.elapsed());
        for listener in &listeners {
            listener.receiver.drain().await;
        }
    }
    let mut reads = 0u64;
    for listener in listeners {
        reads = reads.saturating_add(listener.receiver.reads());
        let _ = listener.stop.send(());
        listener
            .task
            .await
            .map_err(|_| BenchError::new("listener task failed"))??;
    }
    let stream = read_stream(server, &stream_key).await?;
    let expected = ids.len().saturating_mul(stream::ORDER.len());
    latencies.sort_unstable();
    Ok(TwoListeners {
        distinct: ids.len(),
        deliveries: latencies.len(),
        expected,
        stream,
        accepted_per_s: latencies.len() as f64 / sending.as_secs_f64().max(f64::EPSILON),
        ack_p50_us: percentile(&latencies, 50.0),
        ack_p99_us: percentile(&latencies, 99.0),
        reads_per_change: reads as f64 / (expected.max(1) as f64),
    })
}

/// Starts a receiver on `store`, served on a port of its own.
async fn listen(store: RedisStore, client: &Client) -> Result<Listener> {
    let socket = TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/webhooks/persona", socket.local_addr()?);
    let verifier = WebhookVerifier::new(SecretString::from(PERSONA_WEBHOOK_SECRET));
    let (receiver, _transitions) = Receiver::builder(Arc::new(store))
        .provider(
            Arc::new(PersonaWebhooks::new(verifier)),
            Arc::new(client.clone()),
        )
        .build();
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(service::serve(socket, receiver.clone(), async {
        let _ = stopped.await;
    }));
    Ok(Listener {
        receiver,
        url,
        stop,
        task,
    })
}

/// Sends one copy of `delivery` to `url`; the acknowledgement latency, µs.
async fn send(delivery: &WebhookDelivery, url: &str) -> Result<u64> {
    let mut copy = delivery.clone();
    url.clone_into(&mut copy.url);
    let sent = Instant::now();
    let status = copy.send().await?;
    let latency = u64::try_from(sent.elapsed().as_micros()).unwrap_or(u64::MAX);
    if status != 200 {
        return Err(BenchError::new(format!("listener answered {status}")));
    }
    Ok(latency)
}

/// Reads every entry of the transition stream and checks them.
async fn read_stream(server: &RedisServer, key: &str) -> Result<StreamCheck> {
    let raw =
        redis::Client::open(server.url().as_str()).map_err(|_| BenchError::new("bad redis url"))?;
    let mut connection = redis::aio::ConnectionManager::new(raw)
        .await
        .map_err(|_| BenchError::new("redis unreachable"))?;
    let entries: Vec<(String, Vec<String>)> = redis::cmd("XRANGE")
        .arg(key)
        .arg("-")
        .arg("+")
        .query_async(&mut connection)
        .await
        .map_err(|_| BenchError::new("XRANGE transitions"))?;
    let records = entries.iter().filter_map(|(_, fields)| {
        fields.chunks(2).find_map(|pair| match pair {
            [name, value] if name == "record" => Some(value.as_str()),
            _ => None,
        })
    });
    Ok(stream::check(records))
}
