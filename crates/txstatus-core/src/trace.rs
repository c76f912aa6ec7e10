//! What traces may say about a request: OpenTelemetry's HTTP-client attributes,
//! without ids, queries or full URLs (`url.full` is left out for privacy).

use std::time::Instant;

use reqwest::Url;
use tracing::Span;

use crate::{
    error::{Error, ErrorKind},
    request::{RequestSpec, Segment},
};

// The spans are built and filled out of line (`#[inline(never)]`): the macros
// expand to much code that does real work only when a subscriber listens, and
// the attempt loop stays the short path it is without one.

/// OpenTelemetry's INTERNAL span for one call; each attempt is a CLIENT span.
#[inline(never)]
pub(crate) fn call_span(provider: &'static str, operation: &'static str) -> Span {
    tracing::debug_span!(
        "txstatus.call",
        otel.kind = "internal",
        otel.name = operation,
        provider,
        operation,
    )
}

/// One attempt's CLIENT span (OpenTelemetry HTTP-client conventions; `url.full`
/// is left out: it holds the transaction id and the query). Returns when the
/// attempt began when a subscriber listens: only then are the URL template and
/// the timer paid for.
#[inline(never)]
pub(crate) fn request_span(
    provider: &'static str,
    base: &Url,
    url: &Url,
    spec: &RequestSpec,
    attempt: u32,
) -> (Span, Option<Instant>) {
    let method = spec.method.as_str();
    let span = tracing::debug_span!(
        "txstatus.request",
        otel.kind = "client",
        otel.name = tracing::field::Empty,
        http.request.method = method,
        server.address = url.host_str().unwrap_or_default(),
        server.port = url.port_or_known_default().unwrap_or_default(),
        url.template = tracing::field::Empty,
        http.request.resend_count = attempt.saturating_sub(1),
        http.response.status_code = tracing::field::Empty,
        error.r#type = tracing::field::Empty,
        provider,
        operation = spec.operation,
        attempt,
        status = tracing::field::Empty,
        elapsed_ms = tracing::field::Empty,
    );
    let began = (!span.is_disabled()).then(|| {
        let template = url_template(base.path(), spec);
        span.record("otel.name", format_args!("{method} {template}"));
        span.record("url.template", tracing::field::display(&template));
        Instant::now()
    });
    (span, began)
}

/// Records how an attempt ended on its span: its status, or its error (a no-op
/// on a disabled span, where `record` would still look each field up by name).
#[inline(never)]
pub(crate) fn record_outcome(span: &Span, began: Option<Instant>, outcome: Result<u16, &Error>) {
    if span.is_disabled() {
        return;
    }
    if let Some(began) = began {
        span.record("elapsed_ms", began.elapsed().as_millis() as u64);
    }
    match outcome {
        Ok(status) => {
            span.record("status", status);
            span.record("http.response.status_code", status);
            if !(200..300).contains(&status) {
                span.record("error.type", status);
            }
        }
        Err(error) => {
            if let Some(status) = error.status() {
                span.record("http.response.status_code", status);
            }
            span.record("error.type", error_type(error));
        }
    }
}

/// The path of a request with every caller-supplied id written `{id}`: the
/// base URL's path (configuration) and the API's fixed words, never an id.
pub(crate) fn url_template(base_path: &str, spec: &RequestSpec) -> String {
    let mut template = base_path.trim_end_matches('/').to_owned();
    for segment in spec.segments() {
        template.push('/');
        match segment {
            Segment::Fixed(fixed) => template.push_str(fixed),
            Segment::Id(_) => template.push_str("{id}"),
        }
    }
    if template.is_empty() {
        template.push('/');
    }
    template
}

/// `error.type` of a failed attempt: a fixed word, never a message.
fn error_type(error: &Error) -> &'static str {
    match error.kind() {
        ErrorKind::Transport(t) if t.timeout => "timeout",
        ErrorKind::Transport(t) if t.connect => "connect",
        ErrorKind::Transport(t) if t.status.is_some() => "body_incomplete",
        ErrorKind::Transport(_) => "transport",
        ErrorKind::BodyTooLarge { .. } => "body_too_large",
        _ => "_OTHER",
    }
}

#[cfg(test)]
mod tests {
    use super::url_template;
    use crate::provider::RequestSpec;

    #[test]
    fn ids_become_placeholders_and_the_base_path_is_kept() {
        let spec = RequestSpec::get("get")
            .segment("transactions")
            .id_segment("txn_SECRET_ID")
            .query("q", "jan@example.com");
        assert_eq!(url_template("/api/v1/", &spec), "/api/v1/transactions/{id}");
        assert_eq!(url_template("/", &RequestSpec::get("root")), "/");
    }
}
