//! Webhook deliveries the sandbox sends to a URL it is given: built as values, so
//! a test can send one twice (a duplicate), send a later one first (reordering),
//! or change the transaction after sending (a delivery that is then outdated).
//!
//! | provider | built by | authenticated by | body |
//! |---|---|---|---|
//! | Persona | [`Sandbox::persona_webhook`] | `Persona-Signature` with a rotation pair ([`PERSONA_WEBHOOK_SECRET`], [`PERSONA_WEBHOOK_SECRET_PREVIOUS`]), `Persona-Webhook-First-Attempted-At` | `transaction.status-updated` event with the transaction's current status |
//! | OneSpan | [`onespan_webhook`] | nothing (a hint) | notification with `@timestamp`, `transaction_id`, `trigger` (the documented shape) |
//! | CM ID Scan | [`idscan_webhook`] | a custom header the caller names | `transaction.state.updated` with `state`, `resultId` |
//! | CM Checkout | [`checkout_webhook`] | the token in the URL the caller gives | `{event, transaction, reference, payment}` |
//!
//! Persona deliveries describe a transaction created with `POST /transactions`,
//! which progresses with time or [`Sandbox::advance_persona`], never because it
//! was read. The other bodies say what the caller tells them to.

use std::{
    fmt, io,
    sync::atomic::{AtomicU64, Ordering},
    time::{Instant, SystemTime, UNIX_EPOCH},
};

use serde_json::json;

use crate::{
    Sandbox,
    persona_time::rfc3339,
    webhook_http::post,
    webhook_sign::{PERSONA_WEBHOOK_SECRET, PERSONA_WEBHOOK_SECRET_PREVIOUS, persona_signature},
};

/// Event ids handed out so far (unique per process).
static EVENTS: AtomicU64 = AtomicU64::new(0);

fn next_event_id() -> String {
    format!(
        "evt_sbxwh{:08}",
        EVENTS.fetch_add(1, Ordering::SeqCst).wrapping_add(1)
    )
}

fn unix_seconds(at: SystemTime) -> u64 {
    at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// One webhook request, ready to send (again).
#[derive(Clone)]
pub struct WebhookDelivery {
    /// Where it goes (`http://` only).
    pub url: String,
    /// Request headers.
    pub headers: Vec<(String, String)>,
    /// The raw body.
    pub body: Vec<u8>,
    /// The event id, when the provider gives one.
    pub event_id: Option<String>,
}

impl fmt::Debug for WebhookDelivery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URL may carry a token and a header a secret: names and sizes only.
        let names = self
            .headers
            .iter()
            .map(|(name, _)| name)
            .collect::<Vec<_>>();
        f.debug_struct("WebhookDelivery")
            .field("headers", &names)
            .field("body_len", &self.body.len())
            .field("event_id", &self.event_id)
            .finish_non_exhaustive()
    }
}

impl WebhookDelivery {
    fn new(url: &str, body: Vec<u8>) -> Self {
        Self {
            url: url.to_owned(),
            headers: vec![("Content-Type".to_owned(), "application/json".to_owned())],
            body,
            event_id: None,
        }
    }

    fn header(mut self, name: &str, value: String) -> Self {
        self.headers.push((name.to_owned(), value));
        self
    }

    /// The path and query the delivery is sent to (for a receiver called directly).
    pub fn target(&self) -> &str {
        let rest = self.url.strip_prefix("http://").unwrap_or(&self.url);
        rest.find('/').and_then(|at| rest.get(at..)).unwrap_or("/")
    }

    /// Sends it; the receiver's status code.
    pub async fn send(&self) -> io::Result<u16> {
        post(&self.url, &self.headers, &self.body).await
    }
}

impl Sandbox {
    /// A signed Persona `transaction.status-updated` delivery for a transaction
    /// created with `POST /transactions`, carrying its status now, to `url`;
    /// `None` for an unknown id. Its event is one `GET /events/{id}` and the
    /// event list serve (the first 64 deliveries per transaction; later ones
    /// name events no read finds), so a receiver can read it back.
    pub fn persona_webhook(&self, url: &str, id: &str) -> Option<WebhookDelivery> {
        let store = &self.shared().persona_store;
        let record = store.get(id)?;
        let (at, interval) = (Instant::now(), store.step_interval());
        let status = record.status(at, interval);
        let updated_at = rfc3339(record.updated_at(at, interval));
        let now = SystemTime::now();
        // The event `GET /events/{id}` serves, as Persona's would be.
        let event_id = store
            .record_delivery(&record.id, now)
            .unwrap_or_else(next_event_id);
        let body = json!({
            "data": {
                "type": "event",
                "id": event_id,
                "attributes": {
                    "name": "transaction.status-updated",
                    "created-at": rfc3339(now),
                    "payload": {
                        "data": {
                            "type": "transaction",
                            "id": record.id,
                            "attributes": {
                                "status": status,
                                "reference-id": record.reference_id,
                                "updated-at": updated_at,
                            }
                        }
                    }
                }
            }
        });
        let body = body.to_string().into_bytes();
        let signature = persona_signature(
            &[PERSONA_WEBHOOK_SECRET_PREVIOUS, PERSONA_WEBHOOK_SECRET],
            unix_seconds(now),
            &body,
        );
        let mut delivery = WebhookDelivery::new(url, body)
            .header("Persona-Signature", signature)
            .header(
                "Persona-Webhook-First-Attempted-At",
                unix_seconds(now).to_string(),
            );
        delivery.event_id = Some(event_id);
        Some(delivery)
    }
}

/// An unsigned OneSpan notification for `id` with `trigger` (`transaction_completed`),
/// in the documented `@timestamp` shape (`2020-01-17 00:08:31.118 +0000`).
pub fn onespan_webhook(url: &str, id: &str, trigger: &str) -> WebhookDelivery {
    let at = rfc3339(SystemTime::now());
    let at = at.strip_suffix('Z').map_or_else(
        || at.clone(),
        |rest| format!("{} +0000", rest.replacen('T', " ", 1)),
    );
    let body = json!({
        "@timestamp": at,
        "type": "notification",
        "transaction_id": id,
        "session_id": "sbx-session",
        "trigger": trigger,
        "skip_common_ux_components": true,
        "skip_view_state": false,
        "role": "Signer",
        "message": "Sandbox notification",
        "fields": [],
        "version": "1"
    });
    WebhookDelivery::new(url, body.to_string().into_bytes())
}

/// A CM ID Scan `transaction.state.updated` delivery carrying the secret header
/// `header_name: header_value`.
pub fn idscan_webhook(
    url: &str,
    header_name: &str,
    header_value: &str,
    id: &str,
    state: &str,
    result_id: &str,
) -> WebhookDelivery {
    let event_id = next_event_id();
    let body = json!({
        "id": event_id,
        "type": "transaction.state.updated",
        "transaction": { "id": id, "state": state, "resultId": result_id },
        "created": "2026-01-01T00:00:00+00:00"
    });
    let mut delivery = WebhookDelivery::new(url, body.to_string().into_bytes())
        .header(header_name, header_value.to_owned());
    delivery.event_id = Some(event_id);
    delivery
}

/// A CM Checkout notification (`FINALSTATUS`, `STATUS_CHANGE`) to `url`, the
/// per-transaction webhook URL with its token.
pub fn checkout_webhook(url: &str, id: &str, event: &str) -> WebhookDelivery {
    let body = json!({
        "createdAt": "2026-01-01T00:00:00Z",
        "event": event,
        "transaction": id,
        "reference": "sandbox-order",
        "payment": "sbx-payment"
    });
    WebhookDelivery::new(url, body.to_string().into_bytes())
}
