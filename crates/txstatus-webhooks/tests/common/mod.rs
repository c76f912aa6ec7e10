//! Test doubles: a header-authenticated side, a hint side, a status table.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
};

use time::OffsetDateTime;
use tokio::sync::Semaphore;
use txstatus_core::{
    BoxFuture, Error, NormalizedStatus, RawBody, StatusReport, StatusSource, Timestamp, TxStatus,
    provider::header::{HeaderMap, HeaderValue},
    webhook::{Delivery, EventFeed, FeedEvent, Inbound, Refusal, WebhookSide, constant_time_eq},
};

pub const PROVIDER: &str = "fake";

/// Authenticated by `x-token: good`; body `{"event": .., "tx": ..}`.
#[derive(Debug)]
pub struct TokenSide {
    pub hint: bool,
}

impl WebhookSide for TokenSide {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    fn max_body(&self) -> usize {
        1024
    }

    fn receive(&self, inbound: &Inbound<'_>) -> Result<Delivery, Refusal> {
        let delivery = if self.hint {
            Delivery::hint(PROVIDER).with_source(inbound.peer)
        } else {
            let token = inbound.header("x-token").unwrap_or_default();
            if !constant_time_eq(token.as_bytes(), b"good") {
                return Err(Refusal::Unauthenticated("x-token"));
            }
            Delivery::authenticated(PROVIDER)
        };
        let Ok(value) = serde_json::from_slice::<serde_json::Value>(inbound.body) else {
            return Ok(delivery);
        };
        let text = |key: &str| value.get(key).and_then(|v| v.as_str()).map(str::to_owned);
        Ok(delivery
            .with_event_id(text("event"))
            .with_transaction_id(text("tx"))
            .with_hint("resultId", text("result").unwrap_or_default()))
    }
}

#[derive(Clone, Debug)]
pub struct Row {
    pub status: NormalizedStatus,
    pub raw: &'static str,
    pub updated_at: Option<OffsetDateTime>,
}

/// A status table that counts reads and can hold them at a gate.
#[derive(Debug, Default)]
pub struct Table {
    pub rows: Mutex<HashMap<String, Row>>,
    pub reads: AtomicUsize,
    pub gate: Option<Arc<Semaphore>>,
    pub failing: std::sync::atomic::AtomicBool,
}

impl Table {
    pub fn gated(gate: Arc<Semaphore>) -> Self {
        Self {
            gate: Some(gate),
            ..Self::default()
        }
    }

    pub fn set(&self, id: &str, status: NormalizedStatus, raw: &'static str) {
        self.set_at(id, status, raw, None);
    }

    pub fn set_at(
        &self,
        id: &str,
        status: NormalizedStatus,
        raw: &'static str,
        updated_at: Option<OffsetDateTime>,
    ) {
        self.rows.lock().unwrap().insert(
            id.to_owned(),
            Row {
                status,
                raw,
                updated_at,
            },
        );
    }

    pub fn reads(&self) -> usize {
        self.reads.load(Ordering::SeqCst)
    }
}

impl StatusSource for Table {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    fn status_report<'a>(
        &'a self,
        id: &'a str,
    ) -> BoxFuture<'a, txstatus_core::Result<StatusReport>> {
        Box::pin(async move {
            // The state is taken when the read starts; the answer may arrive later.
            // Counted after the state is taken: a test that waits for the count
            // and then changes the row knows the read saw the row before.
            let row = self.rows.lock().unwrap().get(id).cloned().unwrap_or(Row {
                status: NormalizedStatus::Pending,
                raw: "created",
                updated_at: None,
            });
            self.reads.fetch_add(1, Ordering::SeqCst);
            if let Some(gate) = &self.gate {
                gate.acquire().await.unwrap().forget();
            }
            if self.failing.load(Ordering::SeqCst) {
                return Err(Error::invalid_input(PROVIDER, "table is failing"));
            }
            let raw = RawBody::new(br#"{"name":"Daniel Webster"}"#.to_vec());
            Ok(StatusReport::new(
                PROVIDER,
                id,
                TxStatus::new(row.status, row.raw),
                raw,
                Arc::new(()),
            )
            .with_updated_at(row.updated_at.map(Timestamp::from_datetime)))
        })
    }
}

/// A feed serving fixed events after a cursor.
#[derive(Debug, Default)]
pub struct Feed {
    pub events: Vec<FeedEvent>,
    pub asked_after: Mutex<Vec<Option<String>>>,
}

impl EventFeed for Feed {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    fn events_after<'a>(
        &'a self,
        after: Option<&'a str>,
        limit: usize,
    ) -> BoxFuture<'a, txstatus_core::Result<Vec<FeedEvent>>> {
        Box::pin(async move {
            self.asked_after
                .lock()
                .unwrap()
                .push(after.map(str::to_owned));
            let start = after
                .and_then(|after| self.events.iter().position(|e| e.event_id == after))
                .map_or(0, |at| at + 1);
            Ok(self
                .events
                .iter()
                .skip(start)
                .take(limit)
                .cloned()
                .collect())
        })
    }
}

pub fn token_headers(token: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert("x-token", HeaderValue::from_str(token).unwrap());
    headers
}

pub fn body(event: &str, tx: &str) -> Vec<u8> {
    format!(r#"{{"event":"{event}","tx":"{tx}","result":"r-1","status":"declined"}}"#).into_bytes()
}

/// Delivers `{"event": event, "tx": tx}` authenticated to `/webhooks/fake`, waits
/// for its re-read, and returns the answer's status.
pub async fn deliver(receiver: &txstatus_webhooks::Receiver, event: &str, tx: &str) -> u16 {
    let reply = receiver
        .handle(
            "POST",
            "/webhooks/fake",
            &token_headers("good"),
            None,
            &body(event, tx),
        )
        .await;
    receiver.drain().await;
    reply.status
}

/// The sandbox (Persona's steps immediate) and a Persona client of it.
pub async fn persona_sandbox() -> (txstatus_sandbox::Sandbox, persona_tx::Client) {
    use persona_tx::ClientOptions as _;
    let sandbox = txstatus_sandbox::Sandbox::builder()
        .persona_step_interval(std::time::Duration::ZERO)
        .start()
        .await
        .unwrap();
    let client = persona_tx::Client::builder(sandbox.credentials().persona_api_key.clone())
        .base_url(sandbox.persona_base_url())
        .configure_transport(|t| t.no_proxy())
        .build()
        .unwrap();
    (sandbox, client)
}

/// The route of [`TokenSide`] in these tests.
pub const TOKEN_ROUTE: &str = "/webhooks/fake";

/// Posts an authenticated `TokenSide` delivery, waits for the reads it started,
/// and returns the reply's status and body.
pub async fn deliver_token(
    receiver: &txstatus_webhooks::Receiver,
    event: &str,
    tx: &str,
) -> (u16, &'static str) {
    let reply = receiver
        .handle(
            "POST",
            TOKEN_ROUTE,
            &token_headers("good"),
            None,
            &body(event, tx),
        )
        .await;
    receiver.drain().await;
    (reply.status, reply.body)
}
