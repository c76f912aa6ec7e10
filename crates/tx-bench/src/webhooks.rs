//! Benchmark 5: one webhook receiver taking signed Persona deliveries from the
//! sandbox (each sent twice, the copies in reverse order) and re-reading each
//! transaction from the sandbox's API. The receiver is served over HTTP by
//! `txstatus_webhooks::service` (what `txstatus listen` runs) and the sandbox
//! posts each delivery on a new connection, so the acknowledgement latency
//! includes connecting, the HTTP exchange and the durable record. A second run
//! ([`crate::two_listeners`]) puts two listeners on one Redis behind one sender.

use std::{sync::Arc, time::Instant};

use persona_tx::{Client, ClientOptions, CreateTransaction, PersonaWebhooks, WebhookVerifier};
use tokio::runtime::Runtime;
use tokio::{net::TcpListener, sync::oneshot};
use txstatus_core::SecretString;
use txstatus_sandbox::{PERSONA_WEBHOOK_SECRET, Sandbox, persona_ids};
use txstatus_webhooks::{MemoryStore, Receiver, service};

use crate::error::{BenchError, Result};
use crate::settings::Settings;
use crate::stats::percentile;
use crate::two_listeners::TwoListeners;

/// The section's result (one repetition).
#[derive(Clone, Copy, Debug)]
pub struct Webhooks {
    /// Distinct events (one per transaction).
    pub distinct: usize,
    /// Deliveries handled (each event twice).
    pub deliveries: usize,
    /// Deliveries acknowledged per second.
    pub accepted_per_s: f64,
    /// Distinct events reconciled (re-read and recorded) per second, from the first
    /// delivery to the last re-read.
    pub reconciled_per_s: f64,
    /// Acknowledgement latency p50, µs.
    pub ack_p50_us: u64,
    /// Acknowledgement latency p99, µs.
    pub ack_p99_us: u64,
    /// Provider re-reads per distinct event.
    pub reads_per_event: f64,
    /// Transitions recorded.
    pub transitions: usize,
    /// The second run: two listeners on one Redis behind a round-robin sender.
    pub two: TwoListeners,
}

/// Runs the section.
pub fn run(settings: &Settings, rt: &Runtime) -> Result<Webhooks> {
    let mut webhooks = rt.block_on(measure(settings.webhook_events))?;
    webhooks.two = rt.block_on(crate::two_listeners::measure(settings.webhook_events))?;
    Ok(webhooks)
}

async fn measure(events: usize) -> Result<Webhooks> {
    let sandbox = Sandbox::builder()
        .persona_step_interval(std::time::Duration::ZERO)
        .start()
        .await?;
    let result = measure_on(&sandbox, events).await;
    sandbox.shutdown().await;
    result
}

async fn measure_on(sandbox: &Sandbox, events: usize) -> Result<Webhooks> {
    let client = Client::builder(sandbox.credentials().persona_api_key.clone())
        .base_url(sandbox.persona_base_url())
        .configure_transport(|t| t.no_proxy())
        .build()?;
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/webhooks/persona", listener.local_addr()?);
    let mut deliveries = Vec::with_capacity(events);
    for _ in 0..events {
        let id = client
            .create_transaction(&CreateTransaction::new(persona_ids::TRANSACTION_TYPE_ID))
            .await?
            .into_value()
            .data
            .id;
        let delivery = sandbox
            .persona_webhook(&url, &id)
            .ok_or_else(|| BenchError::new("sandbox lost a created transaction"))?;
        deliveries.push(delivery);
    }
    let verifier = WebhookVerifier::new(SecretString::from(PERSONA_WEBHOOK_SECRET));
    let (receiver, mut transitions) = Receiver::builder(Arc::new(MemoryStore::new()))
        .provider(
            Arc::new(PersonaWebhooks::new(verifier)),
            Arc::new(client.clone()),
        )
        .build();
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(service::serve(listener, receiver.clone(), async {
        let _ = stopped.await;
    }));
    let order = (0..deliveries.len()).chain((0..deliveries.len()).rev());
    let mut latencies = Vec::with_capacity(deliveries.len().saturating_mul(2));
    let started = Instant::now();
    for index in order {
        let Some(delivery) = deliveries.get(index) else {
            continue;
        };
        let sent = Instant::now();
        let status = delivery.send().await?;
        latencies.push(u64::try_from(sent.elapsed().as_micros()).unwrap_or(u64::MAX));
        if status != 200 {
            return Err(BenchError::new(format!("listener answered {status}")));
        }
    }
    let accepted = started.elapsed().as_secs_f64();
    receiver.drain().await;
    let reconciled = started.elapsed().as_secs_f64();
    let _ = stop.send(());
    server
        .await
        .map_err(|_| BenchError::new("listener task failed"))??;
    let mut recorded = 0;
    while transitions.try_recv().is_ok() {
        recorded += 1;
    }
    latencies.sort_unstable();
    Ok(Webhooks {
        distinct: events,
        deliveries: latencies.len(),
        accepted_per_s: latencies.len() as f64 / accepted.max(f64::EPSILON),
        reconciled_per_s: events as f64 / reconciled.max(f64::EPSILON),
        ack_p50_us: percentile(&latencies, 50.0),
        ack_p99_us: percentile(&latencies, 99.0),
        reads_per_event: receiver.reads() as f64 / (events.max(1) as f64),
        transitions: recorded,
        two: TwoListeners::default(),
    })
}
