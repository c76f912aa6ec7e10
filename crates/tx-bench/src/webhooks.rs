//! Benchmark 5: one webhook receiver taking signed Persona deliveries from the
//! sandbox (each sent twice, the copies in reverse order) and re-reading each
//! transaction from the sandbox's API. The receiver is called in process
//! (`Receiver::handle`), so the acknowledgement latency excludes the socket.

use std::{sync::Arc, time::Instant};

use persona_tx::{Client, ClientOptions, CreateTransaction, PersonaWebhooks, WebhookVerifier};
use tokio::runtime::Runtime;
use txstatus_core::{
    SecretString,
    header::{HeaderMap, HeaderName, HeaderValue},
};
use txstatus_sandbox::{PERSONA_WEBHOOK_SECRET, Sandbox, persona_ids};
use txstatus_webhooks::{MemoryStore, Receiver};

use crate::error::{BenchError, Result};
use crate::settings::Settings;
use crate::stats::percentile;

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
}

/// Runs the section.
pub fn run(settings: &Settings, rt: &Runtime) -> Result<Webhooks> {
    rt.block_on(measure(settings.webhook_events))
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
    let url = "http://127.0.0.1:9/webhooks/persona";
    let mut deliveries = Vec::with_capacity(events);
    for _ in 0..events {
        let id = client
            .create_transaction(&CreateTransaction::new(persona_ids::TRANSACTION_TYPE_ID))
            .await?
            .into_value()
            .data
            .id;
        let delivery = sandbox
            .persona_webhook(url, &id)
            .ok_or_else(|| BenchError::new("sandbox lost a created transaction"))?;
        let mut headers = HeaderMap::new();
        for (name, value) in &delivery.headers {
            let name = HeaderName::try_from(name.as_str())
                .map_err(|_| BenchError::new("bad header name"))?;
            let value =
                HeaderValue::from_str(value).map_err(|_| BenchError::new("bad header value"))?;
            headers.insert(name, value);
        }
        deliveries.push((delivery.target().to_owned(), headers, delivery.body));
    }
    let verifier = WebhookVerifier::new(SecretString::from(PERSONA_WEBHOOK_SECRET));
    let (receiver, mut transitions) = Receiver::builder(Arc::new(MemoryStore::new()))
        .provider(
            Arc::new(PersonaWebhooks::new(verifier)),
            Arc::new(client.clone()),
        )
        .build();
    let order = (0..deliveries.len()).chain((0..deliveries.len()).rev());
    let mut latencies = Vec::with_capacity(deliveries.len().saturating_mul(2));
    let started = Instant::now();
    for index in order {
        let Some((target, headers, body)) = deliveries.get(index) else {
            continue;
        };
        let sent = Instant::now();
        let reply = receiver.handle("POST", target, headers, None, body).await;
        latencies.push(u64::try_from(sent.elapsed().as_micros()).unwrap_or(u64::MAX));
        if reply.status != 200 {
            return Err(BenchError::new(format!(
                "receiver answered {}",
                reply.status
            )));
        }
    }
    let accepted = started.elapsed().as_secs_f64();
    receiver.drain().await;
    let reconciled = started.elapsed().as_secs_f64();
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
    })
}
