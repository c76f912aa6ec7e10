//! The one error type every client returns.
//!
//! # Troubleshooting
//!
//! - [`Error::may_have_been_sent`] tells whether the provider may have acted on the
//!   request. When it is `false`, nothing left this process and resending is safe.
//! - [`Error::body`] keeps the raw response bytes of every HTTP and decode error,
//!   and of a body cut short: nothing a provider handed out is lost.
//! - `Display` names the provider, the HTTP status and the provider's message; it
//!   never prints bodies, secrets or query strings.

use std::{error::Error as StdError, fmt, time::Duration};

use crate::body::RawBody;

/// Result alias used across the workspace.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error from a provider client.
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    provider: &'static str,
    kind: ErrorKind,
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
    BodyTooLarge {
        /// HTTP status of the response.
        status: u16,
        /// The configured cap in bytes.
        limit: usize,
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
    /// HTTP status, when the status line arrived before the failure.
    pub status: Option<u16>,
    /// Bytes of the body that arrived before the failure.
    pub partial_body: Option<RawBody>,
    /// The underlying error, stripped of URLs.
    pub source: Option<Box<dyn StdError + Send + Sync>>,
}

/// A non-success HTTP status.
#[non_exhaustive]
pub struct HttpError {
    /// HTTP status.
    pub status: u16,
    /// The provider's own error message, when the body has one.
    pub message: Option<String>,
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
            request_id: None,
            retry_after: None,
            body,
        }
    }

    /// Sets the provider's message.
    pub fn with_message(mut self, message: Option<String>) -> Self {
        self.message = message;
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
    /// What failed, with quoted values removed (they may be personal data).
    pub message: String,
    /// The raw body, whole.
    pub body: RawBody,
}

impl Error {
    fn new(provider: &'static str, kind: ErrorKind) -> Self {
        Self {
            inner: Box::new(Inner { provider, kind }),
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

    /// A body over the cap.
    pub fn body_too_large(provider: &'static str, status: u16, limit: usize) -> Self {
        Self::new(provider, ErrorKind::BodyTooLarge { status, limit })
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
            ErrorKind::InvalidInput { .. } => None,
            ErrorKind::Transport(t) => t.status,
            ErrorKind::Http(h) => Some(h.status),
            ErrorKind::Decode(d) => Some(d.status),
            ErrorKind::BodyTooLarge { status, .. } | ErrorKind::RateLimited { status, .. } => {
                Some(*status)
            }
        }
    }

    /// The provider's error message, when the body carried one.
    pub fn message(&self) -> Option<&str> {
        match &self.inner.kind {
            ErrorKind::Http(h) => h.message.as_deref(),
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
            _ => None,
        }
    }

    /// The raw response bytes: whole for HTTP and decode errors, what arrived for a
    /// body cut short.
    pub fn body(&self) -> Option<&RawBody> {
        match &self.inner.kind {
            ErrorKind::Http(h) => Some(&h.body),
            ErrorKind::Decode(d) => Some(&d.body),
            ErrorKind::RateLimited { body, .. } => Some(body),
            ErrorKind::Transport(t) => t.partial_body.as_ref(),
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
            ErrorKind::InvalidInput { .. } => false,
            ErrorKind::Transport(t) => t.maybe_sent,
            _ => true,
        }
    }

    /// Whether asking again later could succeed: timeouts, connection failures, 429,
    /// 500/502/503/504 and rate limits. Decode errors, other 4xx, and a success whose
    /// body was cut short are not.
    pub fn is_retryable(&self) -> bool {
        match &self.inner.kind {
            // A success status line whose body was cut short was delivered: asking
            // again cannot bring those bytes back (iDIN hands its identity out once).
            ErrorKind::Transport(t) => !t.status.is_some_and(|s| (200..300).contains(&s)),
            ErrorKind::RateLimited { .. } => true,
            ErrorKind::Http(h) => is_retryable_status(h.status),
            _ => false,
        }
    }
}

/// The statuses the retry rules treat as transient.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 500 | 502 | 503 | 504)
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let provider = self.inner.provider;
        match &self.inner.kind {
            ErrorKind::InvalidInput { message } => {
                write!(f, "{provider}: invalid input: {message}")
            }
            ErrorKind::Transport(t) => {
                write!(f, "{provider}: ")?;
                if let Some(status) = t.status {
                    write!(f, "HTTP {status}: ")?;
                }
                write!(f, "{}", t.message)?;
                if let Some(body) = &t.partial_body {
                    write!(f, " ({} bytes received)", body.len())?;
                }
                Ok(())
            }
            ErrorKind::Http(h) => {
                write!(f, "{provider}: HTTP {}", h.status)?;
                match &h.message {
                    Some(message) => write!(f, ": {message}"),
                    None => Ok(()),
                }
            }
            ErrorKind::Decode(d) => write!(
                f,
                "{provider}: HTTP {}: response did not decode at {}: {}",
                d.status, d.path, d.message
            ),
            ErrorKind::BodyTooLarge { status, limit } => write!(
                f,
                "{provider}: HTTP {status}: response body larger than {limit} bytes"
            ),
            ErrorKind::RateLimited {
                status,
                retry_after,
                ..
            } => {
                write!(f, "{provider}: HTTP {status}: rate limited")?;
                match retry_after {
                    Some(wait) => write!(f, ", retry after {} s", wait.as_secs()),
                    None => Ok(()),
                }
            }
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("provider", &self.inner.provider)
            .field("kind", &self.inner.kind)
            .finish()
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
                .field("message", &t.message)
                .field("timeout", &t.timeout)
                .field("connect", &t.connect)
                .field("maybe_sent", &t.maybe_sent)
                .field("status", &t.status)
                .field("partial_body", &t.partial_body)
                .finish(),
            Self::Http(h) => f
                .debug_struct("Http")
                .field("status", &h.status)
                .field("message", &h.message)
                .field("request_id", &h.request_id)
                .field("retry_after", &h.retry_after)
                .field("body", &h.body)
                .finish(),
            Self::Decode(d) => f
                .debug_struct("Decode")
                .field("status", &d.status)
                .field("path", &d.path)
                .field("message", &d.message)
                .field("body", &d.body)
                .finish(),
            Self::BodyTooLarge { status, limit } => f
                .debug_struct("BodyTooLarge")
                .field("status", status)
                .field("limit", limit)
                .finish(),
            Self::RateLimited {
                status,
                retry_after,
                request_id,
                body,
            } => f
                .debug_struct("RateLimited")
                .field("status", status)
                .field("retry_after", retry_after)
                .field("request_id", request_id)
                .field("body", body)
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

/// Removes quoted text from a decoder message: the quotes may hold personal data.
pub(crate) fn scrub_quotes(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut inside = false;
    for c in message.chars() {
        if c == '"' || c == '`' {
            if !inside {
                out.push_str("\"…\"");
            }
            inside = !inside;
        } else if !inside {
            out.push(c);
        }
    }
    out
}
