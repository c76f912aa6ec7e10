//! Test doubles (a header-authenticated webhook side and a status table), the real
//! redis-server harness, and the setup most tests share (`setup`).
#![allow(
    missing_docs,
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

// The harness other crates get through the `test-util` feature, compiled in here as a
// file (a crate cannot dev-depend on itself and still be published).
#[path = "../../src/test_util.rs"]
mod test_util;
pub use test_util::{RedisServer, password_echoing_server};

mod setup;
pub use setup::{
    accept_an_hour_ago, claimed, commit, commit_id, connect, delivery, keys, leased, next_event,
    past_claim_idle, persona_worker, printer, queue, raw, state, stream_ids, until_finished,
    webhook_commit,
};

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    },
};

use tokio::sync::Semaphore;
use txstatus_core::{
    BoxFuture, Error, NormalizedStatus, RawBody, StatusReport, StatusSource, TxStatus,
    provider::header::{HeaderMap, HeaderValue},
    webhook::{Delivery, Inbound, Refusal, WebhookSide, constant_time_eq},
};

pub const PROVIDER: &str = "fake";
pub const ROUTE: &str = "/webhooks/fake";

/// Authenticated by `x-token: good`; body `{"event": .., "tx": ..}`.
#[derive(Debug)]
pub struct TokenSide;

impl WebhookSide for TokenSide {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    fn max_body(&self) -> usize {
        1024
    }

    fn receive(&self, inbound: &Inbound<'_>) -> Result<Delivery, Refusal> {
        let token = inbound.header("x-token").unwrap_or_default();
        if !constant_time_eq(token.as_bytes(), b"good") {
            return Err(Refusal::Unauthenticated("x-token"));
        }
        let value: serde_json::Value = serde_json::from_slice(inbound.body).unwrap_or_default();
        let text = |key: &str| value.get(key).and_then(|v| v.as_str()).map(str::to_owned);
        Ok(Delivery::authenticated(PROVIDER)
            .with_event_id(text("event"))
            .with_transaction_id(text("tx")))
    }
}

/// A status table shared by "replicas", counting reads; a gated one's reads wait, once
/// counted, for a permit of its gate.
#[derive(Debug, Default)]
pub struct Table {
    pub rows: Mutex<HashMap<String, (NormalizedStatus, &'static str)>>,
    pub reads: AtomicUsize,
    pub failing: AtomicBool,
    pub gate: Option<Arc<Semaphore>>,
}

impl Table {
    /// A table whose reads each wait for a permit of `gate`.
    pub fn gated(gate: Arc<Semaphore>) -> Self {
        Self {
            gate: Some(gate),
            ..Self::default()
        }
    }

    pub fn set(&self, id: &str, status: NormalizedStatus, raw: &'static str) {
        self.rows
            .lock()
            .unwrap()
            .insert(id.to_owned(), (status, raw));
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
            let (status, raw) = self
                .rows
                .lock()
                .unwrap()
                .get(id)
                .copied()
                .unwrap_or((NormalizedStatus::Pending, "created"));
            // Counted after the row is taken, as in txstatus-webhooks' table: a test
            // that waits for the count and then changes the row knows what was read.
            self.reads.fetch_add(1, Ordering::SeqCst);
            if let Some(gate) = &self.gate {
                gate.acquire().await.unwrap().forget();
            }
            if self.failing.load(Ordering::SeqCst) {
                return Err(Error::invalid_input(PROVIDER, "table is failing"));
            }
            Ok(StatusReport::new(
                PROVIDER,
                id,
                TxStatus::new(status, raw),
                RawBody::new(b"{}".to_vec()),
                Arc::new(()),
            ))
        })
    }
}

pub fn headers() -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert("x-token", HeaderValue::from_static("good"));
    headers
}

pub fn body(event: &str, tx: &str) -> Vec<u8> {
    format!(r#"{{"event":"{event}","tx":"{tx}"}}"#).into_bytes()
}

/// Bytes the server has sent to all its clients so far (`INFO stats`): what a
/// read handed over, measured on the server.
pub fn bytes_sent(connection: &mut redis::Connection) -> u64 {
    let info: String = redis::cmd("INFO").arg("stats").query(connection).unwrap();
    info.lines()
        .find_map(|line| line.strip_prefix("total_net_output_bytes:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}
