//! What a provider asks txstatus-core to send: a description, not a socket.

use std::{fmt, time::Duration};

use bytes::Bytes;
use reqwest::header::{HeaderName, HeaderValue};
use secrecy::SecretString;

use crate::{retry::RetryClass, text::Text};

/// HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// GET.
    Get,
    /// POST.
    Post,
    /// PUT (OneSpan creates with it: not idempotent whatever HTTP says).
    Put,
    /// PATCH.
    Patch,
    /// DELETE.
    Delete,
}

impl Method {
    /// The method's name as sent (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }
}

/// One path segment, as the service reads it.
#[derive(Clone, Copy)]
pub(crate) enum Segment<'a> {
    /// A fixed word of the API (`transactions`).
    Fixed(&'static str),
    /// A caller-supplied id: validated, then percent-encoded as exactly one segment.
    Id(&'a str),
}

/// One part of a request besides its method and body. Segments, query pairs and
/// headers share one list, each kind in the order given: a status read's spec
/// (two segments, two headers) is one allocation, not one per kind, and an id of
/// up to 38 bytes is kept in place.
#[derive(Clone)]
enum Part {
    /// A fixed path segment.
    Fixed(&'static str),
    /// A caller-supplied id segment.
    Id(Text),
    /// A query pair.
    Query(String, String),
    /// A query string sent byte for byte as a provider handed it out (a signed
    /// URL's: decoding and re-encoding it, `%20` as `+` or `~` as `%7E`, could
    /// break its signature).
    RawQuery(String),
    /// A header.
    Header(HeaderName, HeaderValue),
    /// A secret the body carries (iDIN's merchant token): never sent as a part,
    /// only looked for in what the provider answers.
    BodySecret(SecretString),
}

/// A form value; secrets stay wrapped until the body is written.
#[derive(Clone)]
pub enum FormValue {
    /// Plain text.
    Plain(String),
    /// A secret (client secret), exposed only while encoding the body.
    Secret(SecretString),
}

/// A request body.
#[derive(Clone)]
pub enum RequestBody {
    /// JSON bytes, sent as `application/json`. May hold a secret (iDIN's merchant
    /// token): never logged, never shown.
    Json(Bytes),
    /// `application/x-www-form-urlencoded` pairs.
    Form(Vec<(&'static str, FormValue)>),
}

/// A request description built by a provider crate and executed by a
/// [`Service`](crate::provider::Service).
#[derive(Clone)]
pub struct RequestSpec {
    pub(crate) operation: &'static str,
    pub(crate) method: Method,
    parts: Vec<Part>,
    pub(crate) body: Option<RequestBody>,
    pub(crate) retry: RetryClass,
    pub(crate) deadline: Option<Duration>,
    pub(crate) authenticated: bool,
    pub(crate) body_limit: Option<usize>,
    pub(crate) read_only: bool,
    pub(crate) one_time_in_error: Option<fn(&[u8]) -> bool>,
}

impl RequestSpec {
    /// A request; `operation` names it in traces and errors (`get_transaction`).
    /// The retry class is stated, never derived from the method: a PUT may create
    /// (OneSpan) and a POST may move money (a refund).
    pub fn with_class(method: Method, operation: &'static str, retry: RetryClass) -> Self {
        Self {
            operation,
            method,
            parts: Vec::new(),
            body: None,
            retry,
            deadline: None,
            authenticated: true,
            body_limit: None,
            read_only: false,
            one_time_in_error: None,
        }
    }

    /// A GET that reads: [`RetryClass::Idempotent`](crate::provider::RetryClass::Idempotent) (override with `retry`).
    pub fn get(operation: &'static str) -> Self {
        Self::with_class(Method::Get, operation, RetryClass::Idempotent)
    }

    /// A POST, [`RetryClass::NeverResend`](crate::provider::RetryClass::NeverResend) unless `retry` says otherwise.
    pub fn post(operation: &'static str) -> Self {
        Self::with_class(Method::Post, operation, RetryClass::NeverResend)
    }

    /// A PUT with its retry class stated.
    pub fn put(operation: &'static str, retry: RetryClass) -> Self {
        Self::with_class(Method::Put, operation, retry)
    }

    /// A PATCH with its retry class stated.
    pub fn patch(operation: &'static str, retry: RetryClass) -> Self {
        Self::with_class(Method::Patch, operation, retry)
    }

    /// A DELETE with its retry class stated.
    pub fn delete(operation: &'static str, retry: RetryClass) -> Self {
        Self::with_class(Method::Delete, operation, retry)
    }

    /// Appends a fixed path segment.
    pub fn segment(mut self, segment: &'static str) -> Self {
        self.parts.push(Part::Fixed(segment));
        self
    }

    /// Appends a caller-supplied id as exactly one segment (validated on execute,
    /// before any I/O).
    pub fn id_segment(mut self, id: impl AsRef<str>) -> Self {
        self.parts.push(Part::Id(Text::new(id.as_ref())));
        self
    }

    /// Adds a query pair (encoded by txstatus-core).
    pub fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts.push(Part::Query(key.into(), value.into()));
        self
    }

    /// Sends `query` (already percent-encoded, as a parsed [`Url`](reqwest::Url)
    /// holds it) as given, before any [`query`](Self::query) pair.
    pub(crate) fn raw_query(mut self, query: &str) -> Self {
        self.parts.push(Part::RawQuery(query.to_owned()));
        self
    }

    /// Adds a header.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.parts.push(Part::Header(name, value));
        self
    }

    /// Sets a JSON body.
    pub fn json_body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = Some(RequestBody::Json(body.into()));
        self
    }

    /// Names a secret the JSON body carries (a merchant token in the body), so
    /// that a provider's error message quoting it back is redacted.
    pub fn body_secret(mut self, secret: SecretString) -> Self {
        self.parts.push(Part::BodySecret(secret));
        self
    }

    /// Names every text of the JSON body set so far (of four characters or more)
    /// as a body secret ([`body_secret`](Self::body_secret)): for a write whose
    /// body holds personal data (names, emails, references a customer chose), so
    /// that an error quoting one back has it redacted from the message and never
    /// shows it as a code or a request id.
    pub fn quoted_body_values(self) -> Self {
        let Some(RequestBody::Json(bytes)) = &self.body else {
            return self;
        };
        let Ok(body) = crate::provider::from_json_slice::<serde_json::Value>(bytes) else {
            return self;
        };
        let mut texts = Vec::new();
        body_texts(&body, &mut texts, 0);
        texts.into_iter().fold(self, |spec, text| {
            spec.body_secret(SecretString::from(text))
        })
    }

    /// Sets a form body.
    pub fn form_body(mut self, pairs: Vec<(&'static str, FormValue)>) -> Self {
        self.body = Some(RequestBody::Form(pairs));
        self
    }

    /// Sets the retry class.
    pub fn retry(mut self, class: RetryClass) -> Self {
        self.retry = class;
        self
    }

    /// Marks a request whose method is not GET as one that changes nothing at the
    /// provider (iDIN's directory and Checkout's token are POSTs): an unusable
    /// success answer is then not reported as a write that was carried out.
    pub fn read_only(mut self) -> Self {
        self.read_only = true;
        self
    }

    /// Says which error answers (a whole body under a status other than 2xx)
    /// hold what the provider hands out once (iDIN's identity under a 5xx or a
    /// 429): such an answer ends the call with its error, body kept, and is never
    /// asked again, whatever the retry class would do; the provider crate hands
    /// the body on from the error. Other error answers are retried as the class says.
    pub fn one_time_answer_in_error(mut self, holds: fn(&[u8]) -> bool) -> Self {
        self.one_time_in_error = Some(holds);
        self
    }

    /// Overrides the overall deadline for this request.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Sends without the service's authenticator (OAuth token requests).
    pub fn without_auth(mut self) -> Self {
        self.authenticated = false;
        self
    }

    /// Overrides the response body cap for this request (downloads).
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = Some(bytes);
        self
    }

    /// The operation name.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The retry class.
    pub fn retry_class(&self) -> RetryClass {
        self.retry
    }

    /// The path segments, in order.
    pub(crate) fn segments(&self) -> impl Iterator<Item = Segment<'_>> {
        self.parts.iter().filter_map(|part| match part {
            Part::Fixed(fixed) => Some(Segment::Fixed(fixed)),
            Part::Id(id) => Some(Segment::Id(id.as_str())),
            Part::Query(..) | Part::RawQuery(_) | Part::Header(..) | Part::BodySecret(_) => None,
        })
    }

    /// The query string to send as given, if any ([`RequestSpec::raw_query`]).
    pub(crate) fn given_query(&self) -> Option<&str> {
        self.parts.iter().find_map(|part| match part {
            Part::RawQuery(query) => Some(query.as_str()),
            _ => None,
        })
    }

    /// The query pairs, in order.
    pub(crate) fn query_pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.parts.iter().filter_map(|part| match part {
            Part::Query(key, value) => Some((key.as_str(), value.as_str())),
            Part::Fixed(_)
            | Part::Id(_)
            | Part::RawQuery(_)
            | Part::Header(..)
            | Part::BodySecret(_) => None,
        })
    }

    /// The headers, in order.
    pub(crate) fn headers(&self) -> impl Iterator<Item = (&HeaderName, &HeaderValue)> {
        self.parts.iter().filter_map(|part| match part {
            Part::Header(name, value) => Some((name, value)),
            Part::Fixed(_)
            | Part::Id(_)
            | Part::Query(..)
            | Part::RawQuery(_)
            | Part::BodySecret(_) => None,
        })
    }

    /// The secrets the body carries ([`RequestSpec::body_secret`]).
    pub(crate) fn body_secrets(&self) -> impl Iterator<Item = &SecretString> {
        self.parts.iter().filter_map(|part| match part {
            Part::BodySecret(secret) => Some(secret),
            _ => None,
        })
    }
}

impl fmt::Debug for RequestSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestSpec")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("segments", &self.segments().count())
            .field("query_pairs", &self.query_pairs().count())
            .field("headers", &self.headers().count())
            .field(
                "body",
                &match &self.body {
                    None => "none",
                    Some(RequestBody::Json(_)) => "json [redacted]",
                    Some(RequestBody::Form(_)) => "form [redacted]",
                },
            )
            .field("retry", &self.retry)
            .field("deadline", &self.deadline)
            .finish()
    }
}

/// The texts of a JSON body of at least four characters (shorter ones would
/// match too much of an answer), no deeper than a body of ours goes.
fn body_texts(value: &serde_json::Value, out: &mut Vec<String>, depth: usize) {
    if depth > 32 {
        return;
    }
    match value {
        serde_json::Value::String(text) if text.trim().chars().count() >= 4 => {
            out.push(text.clone());
        }
        serde_json::Value::Array(items) => {
            for item in items {
                body_texts(item, out, depth.saturating_add(1));
            }
        }
        serde_json::Value::Object(members) => {
            for member in members.values() {
                body_texts(member, out, depth.saturating_add(1));
            }
        }
        _ => {}
    }
}
