//! Traces carry provider, operation, attempt, status and elapsed time: never
//! bodies, secrets or query strings.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use std::sync::{
    Arc, Mutex,
    atomic::{AtomicU64, Ordering},
};

use tracing::{
    Event, Metadata, Subscriber,
    field::{Field, Visit},
    span::{Attributes, Id, Record},
};
use txstatus_core::{
    ManualClock, SecretString,
    provider::{BearerToken, RequestSpec},
};

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
    let _guard = txstatus_core::test_util::set_test_subscriber(recorder.clone());
    let clock = ManualClock::new();
    let bearer = BearerToken::new("test", &SecretString::from(SECRET)).unwrap();
    let service = support::service(&server.url(), &clock).with_auth(Arc::new(bearer));
    let spec = RequestSpec::post("status")
        .segment("status")
        .query("access_token", "query-token-123")
        .json_body(r#"{"merchant_token":"body-secret-456"}"#)
        .retry(txstatus_core::provider::RetryClass::KeepFirstSuccess);
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

#[tokio::test]
async fn attempts_carry_the_http_client_attributes_with_the_id_as_a_placeholder() {
    let mut server = mockito::Server::new_async().await;
    server
        .mock("GET", "/things/txn_TRACE_ID_77")
        .match_query(mockito::Matcher::Any)
        .with_status(404)
        .create_async()
        .await;
    let recorder = Recorder::default();
    let _guard = txstatus_core::test_util::set_test_subscriber(recorder.clone());
    let clock = ManualClock::new();
    let service = support::service(&server.url(), &clock);
    let spec = RequestSpec::get("get_thing")
        .segment("things")
        .id_segment("txn_TRACE_ID_77")
        .query("email", "jan@example.com");
    service.execute(spec).await.unwrap_err();
    let text = recorder.lines.lock().unwrap().join("\n");
    let port = server.socket_address().port();
    for expected in [
        "otel.kind=\"internal\"",
        "otel.kind=\"client\"",
        "otel.name=GET /things/{id}",
        "http.request.method=\"GET\"",
        "server.address=\"127.0.0.1\"",
        &format!("server.port={port}"),
        "url.template=/things/{id}",
        "http.request.resend_count=0",
        "http.response.status_code=404",
        "error.type=404",
    ] {
        assert!(text.contains(expected), "{expected} missing: {text}");
    }
    for leaked in ["txn_TRACE_ID_77", "jan@example.com", "email", "url.full"] {
        assert!(!text.contains(leaked), "{leaked} in traces: {text}");
    }
}

#[tokio::test]
async fn a_wait_for_the_client_side_rate_limit_is_an_event_with_its_length() {
    use txstatus_core::{ClientOptions, RateLimit, TransportBuilder, provider::ServiceBuilder};
    let mut server = mockito::Server::new_async().await;
    server
        .mock("GET", "/t")
        .with_status(200)
        .with_body("{}")
        .create_async()
        .await;
    let recorder = Recorder::default();
    let _guard = txstatus_core::test_util::set_test_subscriber(recorder.clone());
    let clock = ManualClock::new();
    let transport = TransportBuilder::new()
        .clock(Arc::new(clock.clone()))
        .no_proxy()
        .build()
        .unwrap();
    let service = ServiceBuilder::new("test", None)
        .base_url(server.url())
        .transport(transport)
        .rate_limit(RateLimit::new(1, std::time::Duration::from_secs(1)))
        .build()
        .unwrap();
    for _ in 0..2 {
        service
            .execute(RequestSpec::get("get").segment("t"))
            .await
            .unwrap();
    }
    let text = recorder.lines.lock().unwrap().join("\n");
    assert!(
        text.contains("txstatus.rate_limit_wait") && text.contains("wait_ms"),
        "{text}"
    );
}

#[tokio::test]
async fn a_transport_failure_names_its_kind_as_the_error_type_and_records_no_status() {
    // A port that was free a moment ago: nothing listens, the connection is refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let recorder = Recorder::default();
    let _guard = txstatus_core::test_util::set_test_subscriber(recorder.clone());
    let clock = ManualClock::new();
    let service = support::service(&format!("http://127.0.0.1:{port}"), &clock);
    service
        .execute(RequestSpec::get("get_thing").segment("things"))
        .await
        .unwrap_err();
    let text = recorder.lines.lock().unwrap().join("\n");
    assert!(text.contains("error.type=\"connect\""), "{text}");
    assert!(text.contains("elapsed_ms"), "{text}");
    assert!(!text.contains("http.response.status_code"), "{text}");
}
