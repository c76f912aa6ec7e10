//! The one error type every client returns; its troubleshooting guide is on
//! [`Error`], where users look.

use std::{error::Error as StdError, fmt, time::Duration};

use crate::{
    body::RawBody,
    message::{ProviderMessage, ShownToken, Withheld, is_machine_token},
};

/// Longest request id `Display` and `Debug` print, in characters.
const MAX_REQUEST_ID_CHARS: usize = 128;

/// Longest transport description kept, in characters.
const MAX_TRANSPORT_MESSAGE_CHARS: usize = 300;

/// Result alias used across the workspace.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error from a provider client.
///
/// Match on [`Error::kind`] for the details, or use the accessors, which answer
/// the questions a caller has after a failure:
///
/// ```
/// use txstatus_core::{Error, HttpError, ProviderMessage, RawBody};
///
/// let body = RawBody::new(r#"{"errors":[{"title":"No applicant Jan de Vries"}]}"#);
/// let said = ProviderMessage::new(Some("No applicant Jan de Vries"), Some("not_found"));
/// let error = Error::http("persona", HttpError::new(404, body).with_provider_message(said));
///
/// assert_eq!(error.provider(), "persona");
/// assert_eq!(error.status(), Some(404));
/// assert_eq!(error.provider_message(), Some("No applicant Jan de Vries"));
/// assert_eq!(error.provider_code(), Some("not_found"));
/// assert!(!error.is_retryable()); // a 404 stays a 404
/// assert!(error.may_have_been_sent()); // the provider answered it
/// assert_eq!(error.body().map(RawBody::len), Some(50)); // the bytes are kept
/// // The provider's text can quote personal data: Display leaves it out.
/// assert_eq!(
///     error.to_string(),
///     "persona: HTTP 404 (not found), code not_found; the provider's message is withheld: it may hold personal data",
/// );
///
/// let refused = Error::invalid_input("persona", "the id is empty");
/// assert!(refused.is_invalid_input() && !refused.may_have_been_sent());
/// ```
///
/// # Troubleshooting
///
/// - **Was anything sent?** [`Error::may_have_been_sent`] tells whether the
///   provider may have acted on the request. When it is `false` (invalid input,
///   a connection that never opened, the client-side rate limit, a deadline that
///   passed before sending), nothing left this process and resending is safe.
/// - **Should I ask again?** [`Error::is_retryable`] is `true` for timeouts,
///   connection failures, 429, 500/502/503/504 and rate limits;
///   [`Error::retry_after`] says how long the provider (or the local rate limit)
///   asked to wait. A success whose body was cut short is not retryable: iDIN
///   hands its identity out once, and the bytes that arrived are in
///   [`Error::body`].
/// - **Where are the bytes?** [`Error::body`] keeps the raw response of every
///   HTTP and decode error, and what arrived of a body cut short or over the cap
///   on a one-time read. Errors from an OAuth token endpoint
///   ([`Error::is_token_endpoint`]) carry no body: it may hold a token.
/// - **Why did it not decode?** A decode error names the JSON path
///   ([`Error::json_path`]), the line and column, and the type the model
///   expected; it never quotes the value, which may be personal data. Keys that
///   are not plain field names are shown as `<key>`.
/// - **Timeouts.** [`Error::is_timeout`] covers the attempt timeout, the call's
///   deadline and the time left of a [`poll_until_terminal`](crate::poll_until_terminal)
///   that the call ran in. A `Retry-After` longer than the time left, or than
///   [`RetryPolicy::max_retry_after`](crate::RetryPolicy::max_retry_after),
///   returns a rate-limited error at once instead of waiting.
/// - **Proxies and certificates.** `HTTP_PROXY`/`HTTPS_PROXY`/`ALL_PROXY` are
///   honoured except for loopback destinations (`localhost`, 127.0.0.0/8, `::1`),
///   which are always reached directly. Behind a TLS-inspecting proxy, trust its
///   root with [`TransportBuilder::add_root_certificate_der`](crate::TransportBuilder::add_root_certificate_der)
///   or [`TransportBuilder::trust_platform_roots`](crate::TransportBuilder::trust_platform_roots).
/// - **What is printed.** `Display` and `Debug` name the provider, the HTTP
///   status and its class, the request id and the provider's error code when
///   they are short machine tokens, and what failed; never the provider's
///   message ([`Error::provider_message`]: it can quote what was sent, a name or
///   an email), bodies (`Debug` shows their length), secrets, personal values,
///   URLs or query strings.
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    provider: &'static str,
    kind: ErrorKind,
    /// The error came from an OAuth token endpoint: its body was dropped.
    token_endpoint: bool,
    /// A write (create, refund, erasure...) the provider answered with success
    /// whose answer did not decode: the write happened.
    write_accepted: bool,
    /// The error answer's body holds what the provider hands out once (iDIN's
    /// identity): never to be asked for again.
    one_time_answer: bool,
}

/// What went wrong.
#[non_exhaustive]
pub enum ErrorKind {
    /// The input or configuration was refused before any request was sent.
    InvalidInput {
        /// Why the input was refused.
        message: String,
    },
    /// The request failed on the way: connect, TLS, timeout, reset.
    Transport(TransportError),
    /// The provider answered with a non-success status.
    Http(HttpError),
    /// A success status whose body did not decode into the model.
    Decode(DecodeError),
    /// The body was larger than the configured cap.
    ///
    /// A body found over the cap while being read (chunked, read to the close,
    /// or longer than its `Content-Length` said) keeps exactly the bytes up to
    /// the cap in `body` ([`Error::body`]): never more is held. A
    /// `Content-Length` over the cap announced before any byte is refused
    /// without reading (`body` is `None`): the bytes up to the cap would be a
    /// cut document, not worth the wait and bandwidth of reading them, and the
    /// status is kept either way. (A one-time read's 2xx over the cap is a
    /// transport error keeping the bytes up to the cap, whatever the header
    /// said: that answer is not asked twice.)
    BodyTooLarge {
        /// HTTP status of the response.
        status: u16,
        /// The configured cap in bytes.
        limit: usize,
        /// The bytes read up to the cap; `None` when refused before reading.
        /// Shown by length only.
        body: Option<RawBody>,
    },
    /// The provider asked to wait longer than allowed (over 60 s or past the deadline).
    RateLimited {
        /// HTTP status (429 or 503).
        status: u16,
        /// How long the provider asked to wait.
        retry_after: Option<Duration>,
        /// The provider's request id.
        request_id: Option<String>,
        /// The raw body.
        body: RawBody,
    },
    /// The client-side rate limit (see [`crate::RateLimit`]) would hold the request
    /// past its deadline, or can give it no slot at all; nothing was sent.
    LocalRateLimit {
        /// How long the limiter would have waited; `Duration::MAX` when no slot
        /// can be given (a limit of 0 requests, a shared limiter that failed).
        wait: Duration,
    },
}

/// A failure before a complete response arrived.
#[non_exhaustive]
pub struct TransportError {
    /// Sanitized description (no URL, no body).
    pub message: String,
    /// The attempt or the whole deadline ran out.
    pub timeout: bool,
    /// The connection could not be established (DNS, refused, TLS handshake).
    pub connect: bool,
    /// Whether the provider may have received the request.
    pub maybe_sent: bool,
    /// An answer arrived but its head could not be read (a malformed status line
    /// or header, a head over the HTTP reader's limits): its status is unknown,
    /// so it may have been a success. A one-time answer (iDIN's identity) may be
    /// in it, and the request is not sent again for that reason.
    pub answer_unreadable: bool,
    /// HTTP status, when the status line arrived before the failure.
    pub status: Option<u16>,
    /// Bytes of the body that arrived before the failure.
    pub partial_body: Option<RawBody>,
    /// How long the provider asked to wait (`Retry-After`), when the status
    /// line and headers of a 429 or 503 arrived before the failure.
    pub retry_after: Option<Duration>,
    /// The underlying error, stripped of URLs.
    pub source: Option<Box<dyn StdError + Send + Sync>>,
}

/// A non-success HTTP status.
#[non_exhaustive]
pub struct HttpError {
    /// HTTP status.
    pub status: u16,
    /// The provider's own error message, when the body has one; it may hold
    /// personal data, so no `Display` or `Debug` shows it.
    pub message: Option<String>,
    /// The provider's error code, when it is a short machine token.
    pub code: Option<String>,
    /// The provider's request id.
    pub request_id: Option<String>,
    /// `Retry-After` (or `RateLimit-Reset` on a 429) as a duration.
    pub retry_after: Option<Duration>,
    /// The raw body.
    pub body: RawBody,
}

impl HttpError {
    /// An HTTP error with only a status and body (providers with custom error mapping).
    pub fn new(status: u16, body: RawBody) -> Self {
        Self {
            status,
            message: None,
            code: None,
            request_id: None,
            retry_after: None,
            body,
        }
    }

    /// Sets the provider's message, capped and escaped like
    /// [`ProviderMessage::new`] does.
    pub fn with_message(mut self, message: Option<String>) -> Self {
        self.message = ProviderMessage::new(message.as_deref(), None)
            .into_parts()
            .0;
        self
    }

    /// Sets the provider's message and code as an extractor found them.
    pub fn with_provider_message(mut self, said: ProviderMessage) -> Self {
        (self.message, self.code) = said.into_parts();
        self
    }
}

/// A body that did not decode.
#[non_exhaustive]
pub struct DecodeError {
    /// HTTP status.
    pub status: u16,
    /// JSON path of the value that failed (`.` for the root).
    pub path: String,
    /// What failed, built from the decoder's category, line and column only: never
    /// from its text, which quotes values (they may be personal data).
    pub message: String,
    /// The raw body, whole.
    pub body: RawBody,
}

impl Error {
    fn new(provider: &'static str, kind: ErrorKind) -> Self {
        Self {
            inner: Box::new(Inner {
                provider,
                kind,
                token_endpoint: false,
                write_accepted: false,
                one_time_answer: false,
            }),
        }
    }

    /// Input refused before any request was sent.
    pub fn invalid_input(provider: &'static str, message: impl Into<String>) -> Self {
        Self::new(
            provider,
            ErrorKind::InvalidInput {
                message: message.into(),
            },
        )
    }

    /// A transport failure.
    pub fn transport(provider: &'static str, error: TransportError) -> Self {
        Self::new(provider, ErrorKind::Transport(error))
    }

    /// A non-success HTTP status.
    pub fn http(provider: &'static str, error: HttpError) -> Self {
        Self::new(provider, ErrorKind::Http(error))
    }

    /// A decode failure with the body kept.
    pub fn decode(
        provider: &'static str,
        status: u16,
        path: impl Into<String>,
        message: impl Into<String>,
        body: RawBody,
    ) -> Self {
        Self::new(
            provider,
            ErrorKind::Decode(DecodeError {
                status,
                path: path.into(),
                message: message.into(),
                body,
            }),
        )
    }

    /// A JSON decode failure described from serde_json's structured parts (category,
    /// line, column) and the JSON path at the failure; serde's own text, which
    /// quotes the offending value, is never used.
    pub fn json_decode(
        provider: &'static str,
        status: u16,
        error: &serde_json::Error,
        body: RawBody,
    ) -> Self {
        Self::json_decode_with(provider, status, error, body, None)
    }

    /// [`Error::json_decode`] with what the model expected and the keys it
    /// declares on the path, found by decoding again with `decode`, the model's
    /// own decoder (see `expected`).
    pub(crate) fn json_decode_as(
        provider: &'static str,
        status: u16,
        error: &serde_json::Error,
        body: RawBody,
        decode: crate::expected::Redecode<'_>,
    ) -> Self {
        Self::json_decode_with(provider, status, error, body, Some(decode))
    }

    /// Without a decoder every key shows as `<key>`.
    fn json_decode_with(
        provider: &'static str,
        status: u16,
        error: &serde_json::Error,
        body: RawBody,
        decode: Option<crate::expected::Redecode<'_>>,
    ) -> Self {
        let bytes = body.as_bytes();
        let offset = crate::json_path::offset_of(bytes, error.line(), error.column());
        // Keys are printed only where the model's own decoder shows it reads them
        // as field names; anywhere else (a syntax error, a body cut short, an
        // unknown member, a map) a key may be personal data and shows as `<key>`.
        let (path, detail) = match error.classify() {
            serde_json::error::Category::Data => {
                let path = match decode {
                    Some(decode) => crate::expected::declared_path(
                        bytes,
                        error,
                        decode,
                        crate::expected::PROBE_BYTES,
                    ),
                    None => crate::json_path::path_at(bytes, offset, false),
                };
                (path, crate::expected::describe(error))
            }
            _ => (crate::json_path::path_at(bytes, offset, false), None),
        };
        let what = json_error_category(error);
        let (line, column) = (error.line(), error.column());
        let message = match detail {
            Some(detail) => format!("{what}: {detail} (line {line}, column {column})"),
            None => format!("{what} (line {line}, column {column})"),
        };
        Self::decode(provider, status, path, message, body)
    }

    /// A body over the cap, refused before any byte was read.
    pub fn body_too_large(provider: &'static str, status: u16, limit: usize) -> Self {
        Self::new(
            provider,
            ErrorKind::BodyTooLarge {
                status,
                limit,
                body: None,
            },
        )
    }

    /// A body found over the cap while being read, with the bytes read up to
    /// the cap (kept, never shown but by length).
    pub fn body_too_large_with(
        provider: &'static str,
        status: u16,
        limit: usize,
        body: RawBody,
    ) -> Self {
        Self::new(
            provider,
            ErrorKind::BodyTooLarge {
                status,
                limit,
                body: Some(body),
            },
        )
    }

    /// A wait longer than allowed.
    pub fn rate_limited(
        provider: &'static str,
        status: u16,
        retry_after: Option<Duration>,
        request_id: Option<String>,
        body: RawBody,
    ) -> Self {
        Self::new(
            provider,
            ErrorKind::RateLimited {
                status,
                retry_after,
                request_id,
                body,
            },
        )
    }

    /// A wait for the client-side rate limit that would pass the deadline.
    pub fn local_rate_limit(provider: &'static str, wait: Duration) -> Self {
        Self::new(provider, ErrorKind::LocalRateLimit { wait })
    }

    /// Marks an error as coming from an OAuth token endpoint and drops every body
    /// byte it holds: a token response cut short or over the cap may hold a live
    /// access token. A token request is never a write the caller made, so the
    /// error does not say one was carried out. [`crate::provider::CachedToken`]
    /// applies this to whatever its source returns.
    pub fn from_token_endpoint(mut self) -> Self {
        self.inner.token_endpoint = true;
        self.inner.write_accepted = false;
        // Every kind named: a kind added later that keeps bytes must say here
        // what happens to them.
        match &mut self.inner.kind {
            ErrorKind::Http(h) => h.body = RawBody::default(),
            ErrorKind::Decode(d) => d.body = RawBody::default(),
            ErrorKind::RateLimited { body, .. } => *body = RawBody::default(),
            ErrorKind::Transport(t) => t.partial_body = None,
            ErrorKind::BodyTooLarge { body, .. } => *body = None,
            ErrorKind::InvalidInput { .. } | ErrorKind::LocalRateLimit { .. } => {}
        }
        self
    }

    /// Whether the error came from an OAuth token endpoint (its body was dropped).
    pub fn is_token_endpoint(&self) -> bool {
        self.inner.token_endpoint
    }

    /// Records the wait a cut-short answer's headers asked for.
    pub(crate) fn asking_to_wait(mut self, wait: Option<Duration>) -> Self {
        if let ErrorKind::Transport(t) = &mut self.inner.kind {
            t.retry_after = wait;
        }
        self
    }

    /// Marks an error met after the provider answered a write (a `POST`, `PUT`,
    /// `PATCH` or `DELETE`, or any request of class
    /// [`RetryClass::NeverResend`](crate::provider::RetryClass::NeverResend)) with a success
    /// status line: the write was carried out even though its answer is unusable
    /// (it did not decode, was over the cap or was cut short), and `Display` says
    /// so (a blind resend repeats it). [`crate::provider::RawResponse::decode_json`] and
    /// [`crate::provider::Service::execute`] apply this to writes.
    pub fn after_accepted_write(mut self) -> Self {
        self.inner.write_accepted = true;
        self
    }

    /// Whether the provider accepted the write this error's answer belongs to
    /// ([`Error::after_accepted_write`]).
    pub fn write_was_accepted(&self) -> bool {
        self.inner.write_accepted
    }

    /// Marks an error whose answer (a body under a status other than 2xx) holds
    /// what the provider hands out once (iDIN's identity under a 429 or a 5xx):
    /// it keeps its kind, status, provider message, `Retry-After` and body, but
    /// is not [`Error::is_retryable`], so no retry loop or poller asks again
    /// (which could only get "already handed out"), and `Display` says so.
    /// [`RequestSpec::one_time_answer_in_error`](crate::provider::RequestSpec::one_time_answer_in_error)
    /// applies this.
    pub fn one_time_answer(mut self) -> Self {
        self.inner.one_time_answer = true;
        self
    }

    /// Whether this error's body holds what the provider hands out once
    /// ([`Error::one_time_answer`]): persist [`Error::body`] and do not ask again.
    pub fn holds_one_time_answer(&self) -> bool {
        self.inner.one_time_answer
    }

    /// Whether the operation failed on the calling task's own time alone, with
    /// nothing sent: a client-side rate-limit wait past its deadline, or its
    /// deadline passing before a request went out. Such an error says nothing
    /// about the provider, so a cache shares it with no other caller.
    pub fn failed_on_callers_time(&self) -> bool {
        match &self.inner.kind {
            ErrorKind::LocalRateLimit { .. } => true,
            ErrorKind::Transport(t) => t.timeout && !t.maybe_sent && !t.connect,
            _ => false,
        }
    }

    /// A copy for callers that shared one failed operation (a token fetch, a
    /// cached directory's fetch): every accessor answers as on the original; the
    /// underlying [`source`](std::error::Error::source) is not carried over.
    pub fn duplicate(&self) -> Self {
        let kind = match &self.inner.kind {
            ErrorKind::InvalidInput { message } => ErrorKind::InvalidInput {
                message: message.clone(),
            },
            ErrorKind::Transport(t) => ErrorKind::Transport(TransportError {
                message: t.message.clone(),
                timeout: t.timeout,
                connect: t.connect,
                maybe_sent: t.maybe_sent,
                answer_unreadable: t.answer_unreadable,
                status: t.status,
                partial_body: t.partial_body.clone(),
                retry_after: t.retry_after,
                source: None,
            }),
            ErrorKind::Http(h) => ErrorKind::Http(HttpError {
                status: h.status,
                message: h.message.clone(),
                code: h.code.clone(),
                request_id: h.request_id.clone(),
                retry_after: h.retry_after,
                body: h.body.clone(),
            }),
            ErrorKind::Decode(d) => ErrorKind::Decode(DecodeError {
                status: d.status,
                path: d.path.clone(),
                message: d.message.clone(),
                body: d.body.clone(),
            }),
            ErrorKind::BodyTooLarge {
                status,
                limit,
                body,
            } => ErrorKind::BodyTooLarge {
                status: *status,
                limit: *limit,
                body: body.clone(),
            },
            ErrorKind::RateLimited {
                status,
                retry_after,
                request_id,
                body,
            } => ErrorKind::RateLimited {
                status: *status,
                retry_after: *retry_after,
                request_id: request_id.clone(),
                body: body.clone(),
            },
            ErrorKind::LocalRateLimit { wait } => ErrorKind::LocalRateLimit { wait: *wait },
        };
        Self {
            inner: Box::new(Inner {
                provider: self.inner.provider,
                kind,
                token_endpoint: self.inner.token_endpoint,
                write_accepted: self.inner.write_accepted,
                one_time_answer: self.inner.one_time_answer,
            }),
        }
    }

    /// The provider this error came from (`persona`, `cm-idin`, ...).
    pub fn provider(&self) -> &'static str {
        self.inner.provider
    }

    /// What went wrong, for matching.
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// HTTP status, when a status line arrived.
    pub fn status(&self) -> Option<u16> {
        match &self.inner.kind {
            ErrorKind::InvalidInput { .. } | ErrorKind::LocalRateLimit { .. } => None,
            ErrorKind::Transport(t) => t.status,
            ErrorKind::Http(h) => Some(h.status),
            ErrorKind::Decode(d) => Some(d.status),
            ErrorKind::BodyTooLarge { status, .. } | ErrorKind::RateLimited { status, .. } => {
                Some(*status)
            }
        }
    }

    /// The provider's own error message, when the body carried one, capped at
    /// 300 characters with control characters escaped.
    ///
    /// It may hold personal data: providers quote what was sent (a name, an
    /// email, a document number). `Display` and `Debug` never show it; print it
    /// only where personal data may go.
    pub fn provider_message(&self) -> Option<&str> {
        match &self.inner.kind {
            ErrorKind::Http(h) => h.message.as_deref(),
            _ => None,
        }
    }

    /// The same as [`Error::provider_message`], under its older name: it may
    /// hold personal data.
    pub fn message(&self) -> Option<&str> {
        self.provider_message()
    }

    /// The provider's error code, when it sent one that is a short machine token
    /// (`[A-Za-z0-9_.:-]{1,64}`); `Display` shows it.
    pub fn provider_code(&self) -> Option<&str> {
        match &self.inner.kind {
            ErrorKind::Http(h) => h.code.as_deref(),
            _ => None,
        }
    }

    /// The provider's request id.
    pub fn request_id(&self) -> Option<&str> {
        match &self.inner.kind {
            ErrorKind::Http(h) => h.request_id.as_deref(),
            ErrorKind::RateLimited { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// How long the provider asked to wait.
    pub fn retry_after(&self) -> Option<Duration> {
        match &self.inner.kind {
            ErrorKind::Http(h) => h.retry_after,
            ErrorKind::RateLimited { retry_after, .. } => *retry_after,
            ErrorKind::LocalRateLimit { wait } => Some(*wait),
            ErrorKind::Transport(t) => t.retry_after,
            _ => None,
        }
    }

    /// The raw response bytes: whole for HTTP and decode errors, what arrived for a
    /// body cut short, the bytes up to the cap for a body found over it
    /// ([`ErrorKind::BodyTooLarge`]). `None` for errors from a token endpoint.
    pub fn body(&self) -> Option<&RawBody> {
        if self.inner.token_endpoint {
            return None;
        }
        match &self.inner.kind {
            ErrorKind::Http(h) => Some(&h.body),
            ErrorKind::Decode(d) => Some(&d.body),
            ErrorKind::RateLimited { body, .. } => Some(body),
            ErrorKind::Transport(t) => t.partial_body.as_ref(),
            ErrorKind::BodyTooLarge { body, .. } => body.as_ref(),
            _ => None,
        }
    }

    /// JSON path of a decode failure.
    pub fn json_path(&self) -> Option<&str> {
        match &self.inner.kind {
            ErrorKind::Decode(d) => Some(&d.path),
            _ => None,
        }
    }

    /// Whether a timeout (attempt or deadline) ended the request.
    pub fn is_timeout(&self) -> bool {
        matches!(&self.inner.kind, ErrorKind::Transport(t) if t.timeout)
    }

    /// Whether no connection could be made.
    pub fn is_connect(&self) -> bool {
        matches!(&self.inner.kind, ErrorKind::Transport(t) if t.connect)
    }

    /// Whether the input was refused before sending.
    pub fn is_invalid_input(&self) -> bool {
        matches!(&self.inner.kind, ErrorKind::InvalidInput { .. })
    }

    /// Whether the provider may have received the request. `false` means resending is safe.
    pub fn may_have_been_sent(&self) -> bool {
        match &self.inner.kind {
            ErrorKind::InvalidInput { .. } | ErrorKind::LocalRateLimit { .. } => false,
            ErrorKind::Transport(t) => t.maybe_sent,
            _ => true,
        }
    }

    /// Whether the provider may have acted on the request (not only received it):
    /// what a resend must assume when it asks whether an earlier send took effect.
    /// `false` for a request refused before sending, one never sent, a 429 and a
    /// 503 (the provider says it did not take it) and any other answer below 500;
    /// `true` for a 500, 502 or 504 (a gateway or server failing after the request
    /// may have been handled), a request lost after it was written, and an answer
    /// whose body was lost or too large.
    pub fn may_have_been_processed(&self) -> bool {
        match &self.inner.kind {
            ErrorKind::InvalidInput { .. }
            | ErrorKind::LocalRateLimit { .. }
            | ErrorKind::RateLimited { .. } => false,
            ErrorKind::Transport(t) => t.status.is_some() || t.maybe_sent,
            ErrorKind::Http(h) => status_may_have_been_processed(h.status),
            _ => true,
        }
    }

    /// Whether asking again later could succeed: timeouts, connection failures, 429,
    /// 500/502/503/504 and rate limits. Decode errors, other 4xx, and a success whose
    /// body was cut short are not.
    /// An error holding what the provider hands out once
    /// ([`Error::holds_one_time_answer`]) is not, whatever its status.
    pub fn is_retryable(&self) -> bool {
        if self.inner.one_time_answer {
            return false;
        }
        match &self.inner.kind {
            // A success status line whose body was cut short was delivered: asking
            // again cannot bring those bytes back (iDIN hands its identity out once).
            ErrorKind::Transport(t) => !t.status.is_some_and(|s| (200..300).contains(&s)),
            ErrorKind::RateLimited { .. } | ErrorKind::LocalRateLimit { .. } => true,
            ErrorKind::Http(h) => is_retryable_status(h.status),
            _ => false,
        }
    }
}

/// Whether an answer with this (non-2xx) status may come after the provider acted
/// on the request: a server or gateway failure, not a refusal or a "not now".
pub(crate) fn status_may_have_been_processed(status: u16) -> bool {
    matches!(status, 500 | 502 | 504)
}

/// The statuses the retry rules treat as transient.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 500 | 502 | 503 | 504)
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let provider = self.inner.provider;
        if self.inner.token_endpoint {
            write!(f, "{provider}: token endpoint: ")?;
        } else {
            write!(f, "{provider}: ")?;
        }
        self.fmt_kind(f)?;
        if self.inner.write_accepted {
            // Whatever made the answer unusable (a decode failure, a body over the
            // cap or cut short), the success status line says the write happened.
            f.write_str(
                "; the provider accepted the request, so it was carried out: check before sending it again",
            )?;
        }
        if self.inner.one_time_answer {
            f.write_str(
                "; the body holds what the provider hands out once: keep it, do not ask again",
            )?;
        }
        Ok(())
    }
}

impl Error {
    /// The message after the `provider: ` prefix.
    fn fmt_kind(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner.kind {
            ErrorKind::InvalidInput { message } => {
                write!(f, "invalid input: {}", Escaped(message))
            }
            ErrorKind::Transport(t) => {
                if let Some(status) = t.status {
                    write!(f, "HTTP {status}: ")?;
                }
                write!(
                    f,
                    "{}",
                    Escaped(&bounded(&t.message, MAX_TRANSPORT_MESSAGE_CHARS))
                )?;
                if let Some(body) = &t.partial_body {
                    write!(f, " ({} bytes received)", body.len())?;
                }
                if t.answer_unreadable {
                    f.write_str("; an answer arrived that could not be read (its status is unknown)")?;
                }
                // (Not for a token request: fetching a token again changes nothing.)
                if t.maybe_sent && t.status.is_none() && !self.inner.token_endpoint {
                    // A create or a refund that failed here may still have happened:
                    // say so where every caller looks, not only in an accessor.
                    f.write_str("; the request may have reached the provider, so check its effect before sending it again")?;
                }
                Ok(())
            }
            ErrorKind::Http(h) => {
                write!(f, "HTTP {} ({})", h.status, status_class(h.status))?;
                if let Some(code) = h
                    .code
                    .as_deref()
                    .filter(|c| is_machine_token(c, crate::message::MAX_CODE_CHARS))
                {
                    write!(f, ", code {code}")?;
                }
                fmt_request_id(f, h.request_id.as_deref())?;
                if h.message.is_some() {
                    f.write_str("; the provider's message is withheld: it may hold personal data")?;
                }
                Ok(())
            }
            ErrorKind::Decode(d) => {
                write!(
                    f,
                    "HTTP {}: response did not decode at {}: {}",
                    d.status,
                    Escaped(&d.path),
                    Escaped(&d.message)
                )
            }
            ErrorKind::BodyTooLarge { status, limit, .. } => {
                write!(f, "HTTP {status}: response body larger than {limit} bytes")
            }
            // No slot to be had (a limit of 0 requests, one per `Duration::MAX`,
            // a shared limiter that failed): said as such, not as 2^64 seconds.
            ErrorKind::LocalRateLimit { wait } if *wait == Duration::MAX => f.write_str(
                "client-side rate limit: no slot can be given (the limit lets no request through, or the limiter failed); nothing was sent",
            ),
            ErrorKind::LocalRateLimit { wait } => write!(
                f,
                "client-side rate limit: the next slot opens in {} s, after the deadline; nothing was sent",
                Seconds(*wait)
            ),
            ErrorKind::RateLimited {
                status,
                retry_after,
                request_id,
                ..
            } => {
                write!(f, "HTTP {status}: rate limited")?;
                if let Some(wait) = retry_after {
                    write!(f, ", retry after {} s", Seconds(*wait))?;
                }
                fmt_request_id(f, request_id.as_deref())
            }
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Error");
        debug.field("provider", &self.inner.provider);
        if self.inner.token_endpoint {
            debug.field("token_endpoint", &true);
        }
        if self.inner.write_accepted {
            debug.field("write_accepted", &true);
        }
        if self.inner.one_time_answer {
            debug.field("one_time_answer", &true);
        }
        debug.field("kind", &self.inner.kind).finish()
    }
}

impl fmt::Debug for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidInput { message } => f
                .debug_struct("InvalidInput")
                .field("message", message)
                .finish(),
            Self::Transport(t) => f
                .debug_struct("Transport")
                .field("message", &bounded(&t.message, MAX_TRANSPORT_MESSAGE_CHARS))
                .field("timeout", &t.timeout)
                .field("connect", &t.connect)
                .field("maybe_sent", &t.maybe_sent)
                .field("status", &t.status)
                .field("partial_body", &t.partial_body)
                .field("retry_after", &t.retry_after.map(ShownWait))
                .finish(),
            Self::Http(h) => f
                .debug_struct("Http")
                .field("status", &h.status)
                .field("message", &h.message.as_deref().map(Withheld))
                .field(
                    "code",
                    &h.code
                        .as_deref()
                        .map(|code| ShownToken(code, crate::message::MAX_CODE_CHARS)),
                )
                .field("request_id", &h.request_id.as_deref().map(ShownId))
                .field("retry_after", &h.retry_after.map(ShownWait))
                .field("body", &h.body)
                .finish(),
            Self::Decode(d) => f
                .debug_struct("Decode")
                .field("status", &d.status)
                .field("path", &d.path)
                .field("message", &d.message)
                .field("body", &d.body)
                .finish(),
            Self::BodyTooLarge {
                status,
                limit,
                body,
            } => f
                .debug_struct("BodyTooLarge")
                .field("status", status)
                .field("limit", limit)
                .field("body", body)
                .finish(),
            Self::RateLimited {
                status,
                retry_after,
                request_id,
                body,
            } => f
                .debug_struct("RateLimited")
                .field("status", status)
                .field("retry_after", &retry_after.map(ShownWait))
                .field("request_id", &request_id.as_deref().map(ShownId))
                .field("body", body)
                .finish(),
            Self::LocalRateLimit { wait } => f
                .debug_struct("LocalRateLimit")
                .field("wait", wait)
                .finish(),
        }
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match &self.inner.kind {
            ErrorKind::Transport(t) => t
                .source
                .as_ref()
                .map(|s| s.as_ref() as &(dyn StdError + 'static)),
            _ => None,
        }
    }
}

/// The class of an HTTP status, in words (the ranges catch what the named
/// statuses before them leave).
#[allow(clippy::match_overlapping_arm)]
fn status_class(status: u16) -> &'static str {
    match status {
        300..=399 => "redirect not followed",
        400 => "bad request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not found",
        405 => "method not allowed",
        408 => "request timeout",
        409 => "conflict",
        410 => "gone",
        422 => "unprocessable",
        425 => "too early",
        429 => "too many requests",
        400..=499 => "client error",
        502 => "bad gateway",
        503 => "service unavailable",
        504 => "gateway timeout",
        500..=599 => "server error",
        _ => "unexpected status",
    }
}

/// `, request id X` when the provider's request id is a machine token; a header
/// value of any other shape could carry a sentence and is not printed.
fn fmt_request_id(f: &mut fmt::Formatter<'_>, id: Option<&str>) -> fmt::Result {
    match id {
        Some(id) if is_machine_token(id, MAX_REQUEST_ID_CHARS) => write!(f, ", request id {id}"),
        Some(_) => f.write_str(", request id withheld (not a plain token)"),
        None => Ok(()),
    }
}

/// A request id in `Debug`: itself when it is a machine token, else withheld.
pub(crate) struct ShownId<'a>(pub(crate) &'a str);

impl fmt::Debug for ShownId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if is_machine_token(self.0, MAX_REQUEST_ID_CHARS) {
            fmt::Debug::fmt(self.0, f)
        } else {
            Withheld(self.0).fmt(f)
        }
    }
}

/// The first `max` characters of `text`.
fn bounded(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        Some((end, _)) => std::borrow::Cow::Owned(format!("{}...", text.get(..end).unwrap_or(""))),
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// What kind of failure serde_json met, in words that cannot hold a value from
/// the body.
fn json_error_category(error: &serde_json::Error) -> &'static str {
    match error.classify() {
        serde_json::error::Category::Io => "the body could not be read",
        serde_json::error::Category::Syntax => syntax_error_cause(error),
        serde_json::error::Category::Data => "a value does not fit the model",
        serde_json::error::Category::Eof => "the body ends before the JSON does",
    }
}

/// What serde_json refused as a syntax error: valid JSON it does not read (a
/// number past `f64`, nesting past its 128 levels, an escaped surrogate without
/// its other half) is not called invalid. serde_json's own words, which name no
/// value, tell them apart.
fn syntax_error_cause(error: &serde_json::Error) -> &'static str {
    let said = error.to_string();
    if said.starts_with("number out of range") {
        "a number is past the range of the model's number type"
    } else if said.starts_with("recursion limit exceeded") {
        "the body nests deeper than the JSON reader's 128 levels"
    } else if said.starts_with("lone leading surrogate")
        || said.starts_with("unexpected end of hex escape")
    {
        "a string holds an escaped surrogate without its other half"
    } else {
        "the body is not valid JSON"
    }
}

/// A wait in seconds, with milliseconds when it has any (`0.25`, `3`): a wait
/// under a second is not said as none.
struct Seconds(Duration);

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A server's `Retry-After` can be any digits: a card number or a BSN in
        // it is not repeated.
        let seconds = self.0.as_secs();
        if crate::shown_number::digits_hold_personal_number(&seconds.to_string()) {
            return f.write_str("[withheld]");
        }
        write!(f, "{seconds}")?;
        let millis = self.0.subsec_millis();
        if millis > 0 {
            let fraction = format!("{millis:03}");
            write!(f, ".{}", fraction.trim_end_matches('0'))?;
        }
        Ok(())
    }
}

/// A wait a server named in `Debug`, withheld when its seconds make a card
/// number or a BSN ([`Seconds`]' rule).
struct ShownWait(Duration);

impl fmt::Debug for ShownWait {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seconds = self.0.as_secs().to_string();
        if crate::shown_number::digits_hold_personal_number(&seconds) {
            Withheld(&seconds).fmt(f)
        } else {
            self.0.fmt(f)
        }
    }
}

/// Displays text with control characters (terminal escapes included) written as
/// `\u{..}` escapes.
struct Escaped<'a>(&'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            if c.is_control() {
                write!(f, "{}", c.escape_unicode())?;
            } else {
                fmt::Write::write_char(f, c)?;
            }
        }
        Ok(())
    }
}
