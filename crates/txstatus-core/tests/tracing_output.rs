//! Traces carry provider, operation, attempt, status and elapsed time: never
//! bodies, secrets or query strings.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use std::sync::{
    Arc, Mutex,
    atomic::{AtomicU64, Ordering},
};

use tracing::{
    Event, Metadata, Subscriber,
    field::{Field, Visit},
    span::{Attributes, Id, Record},
};
use txstatus_core::{BearerToken, ManualClock, RequestSpec, SecretString};

/// Records every span field and event as text.
#[derive(Clone, Default)]
struct Recorder {
    lines: Arc<Mutex<Vec<String>>>,
    next: Arc<AtomicU64>,
}

struct Text<'a>(&'a mut String);

impl Visit for Text<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={:?}", field.name(), value));
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut line = format!("span {}", span.metadata().name());
        span.record(&mut Text(&mut line));
        self.lines.lock().unwrap().push(line);
        Id::from_u64(self.next.fetch_add(1, Ordering::SeqCst) + 1)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut line = "record".to_owned();
        values.record(&mut Text(&mut line));
        self.lines.lock().unwrap().push(line);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut line = "event".to_owned();
        event.record(&mut Text(&mut line));
        self.lines.lock().unwrap().push(line);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn spans_name_the_request_and_never_carry_bodies_secrets_or_queries() {
    const SECRET: &str = "sk_live_trace_secret";
    let mut server = mockito::Server::new_async().await;
    server
        .mock("POST", "/status")
        .match_query(mockito::Matcher::Any)
        .with_status(503)
        .with_body(r#"{"name":"Jane Traceable"}"#)
        .expect(1)
        .create_async()
        .await;
    server
        .mock("POST", "/status")
        .match_query(mockito::Matcher::Any)
        .with_status(200)
        .with_body(r#"{"name":"Jane Traceable"}"#)
        .create_async()
        .await;
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let clock = ManualClock::new();
    let bearer = BearerToken::new("test", &SecretString::from(SECRET)).unwrap();
    let service = support::service(&server.url(), &clock).with_auth(Arc::new(bearer));
    let spec = RequestSpec::post("status")
        .segment("status")
        .query("access_token", "query-token-123")
        .json_body(r#"{"merchant_token":"body-secret-456"}"#)
        .retry(txstatus_core::RetryClass::KeepFirstSuccess);
    service.execute(spec).await.unwrap();
    let text = recorder.lines.lock().unwrap().join("\n");
    assert!(text.contains("provider=\"test\""), "{text}");
    assert!(text.contains("operation=\"status\""), "{text}");
    assert!(text.contains("attempt=2"), "{text}");
    assert!(
        text.contains("status=503") && text.contains("status=200"),
        "{text}"
    );
    assert!(text.contains("elapsed_ms"), "{text}");
    // The wait between the 503 and the second attempt is an event with its length.
    assert!(
        text.contains("txstatus.retry_wait") && text.contains("wait_ms"),
        "{text}"
    );
    for secret in [
        SECRET,
        "Jane",
        "query-token-123",
        "body-secret-456",
        "access_token",
    ] {
        assert!(!text.contains(secret), "{secret} in traces: {text}");
    }
}
