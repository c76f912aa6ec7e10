//! A decoded response with what the provider said about the request.

use std::fmt;

use reqwest::header::{HeaderMap, HeaderName};
use serde::de::DeserializeOwned;

use crate::{
    body::RawBody,
    error::{Error, Result},
    sent_secrets::SentSecrets,
};

/// The `RateLimit-*` headers of a response.
///
/// Each is read as `Retry-After`'s seconds are: digits only (a sign or a
/// fraction is no figure), a count past `u64::MAX` is `u64::MAX`. Of several
/// lines or list members (`10, 50;w=60`), the most cautious is reported.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimitInfo {
    /// `RateLimit-Limit` (the lowest given).
    pub limit: Option<u64>,
    /// `RateLimit-Remaining` (the lowest given).
    pub remaining: Option<u64>,
    /// `RateLimit-Reset`, in seconds (the latest given).
    pub reset: Option<u64>,
}

/// A figure whose digits make a card number or a BSN (a header any server can
/// set) is withheld ([`ShownNumber`](crate::provider::ShownNumber)).
impl fmt::Debug for RateLimitInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::provider::ShownNumber;
        f.debug_struct("RateLimitInfo")
            .field("limit", &self.limit.map(ShownNumber))
            .field("remaining", &self.remaining.map(ShownNumber))
            .field("reset", &self.reset.map(ShownNumber))
            .finish()
    }
}

/// A success response before decoding: status, headers and bytes.
///
/// `Debug` prints header names only: values such as `Set-Cookie` may carry
/// session secrets.
pub struct RawResponse {
    pub(crate) provider: &'static str,
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: RawBody,
    pub(crate) attempts: u32,
    pub(crate) earlier_attempt_may_have_reached_server: bool,
    /// The answer to a write: a decode failure says the write was carried out.
    pub(crate) write: bool,
    /// What the request sent as credentials: a request id echoing one is not shown.
    pub(crate) sent: SentSecrets,
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("provider", &self.provider)
            .field("status", &self.status)
            .field("headers", &HeaderNames(&self.headers))
            .field("body", &self.body)
            .field("attempts", &self.attempts)
            .field(
                "earlier_attempt_may_have_reached_server",
                &self.earlier_attempt_may_have_reached_server,
            )
            .finish()
    }
}

/// Lists a header map's names, never its values.
pub(crate) struct HeaderNames<'a>(pub(crate) &'a HeaderMap);

impl fmt::Debug for HeaderNames<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.keys()).finish()
    }
}

impl RawResponse {
    /// Assembles a response (tests and custom transports).
    pub fn new(provider: &'static str, status: u16, headers: HeaderMap, body: RawBody) -> Self {
        Self {
            provider,
            status,
            headers,
            body,
            attempts: 1,
            earlier_attempt_may_have_reached_server: false,
            write: false,
            sent: SentSecrets::default(),
        }
    }

    /// Marks the response as the answer to a write (`POST`, `PUT`, `PATCH`,
    /// `DELETE`): a decode failure then says the write was carried out.
    pub fn answering_a_write(mut self, write: bool) -> Self {
        self.write = write;
        self
    }

    /// HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body as received.
    pub fn body(&self) -> &RawBody {
        &self.body
    }

    /// Attempts made.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Whether an earlier, failed attempt of this call may have been processed by
    /// the provider (a timeout or reset after sending, or a 500/502/504).
    pub fn earlier_attempt_may_have_reached_server(&self) -> bool {
        self.earlier_attempt_may_have_reached_server
    }

    /// `Request-Id` or `X-Request-Id`; none when it echoes a credential the
    /// request sent, in any spelling.
    pub fn request_id(&self) -> Option<String> {
        request_id_str(&self.headers)
            .filter(|id| !self.sent.echoed_in(id))
            .map(str::to_owned)
    }

    /// Decodes the body as JSON into `T`; a failure keeps the body and names the
    /// JSON path.
    pub fn decode_json<T: DeserializeOwned>(self) -> Result<Response<T>> {
        let value = decode_json_bytes(self.provider, self.status, &self.body).map_err(|error| {
            if self.write {
                error.after_accepted_write()
            } else {
                error
            }
        })?;
        Ok(self.into_response(value))
    }

    /// [`decode_json`](Self::decode_json) for a read whose answer names no id to
    /// compare with the one asked (a report, a set of results): a JSON object
    /// shaped as an error (a non-empty `error` or `errors`, a `status` of 400 to
    /// 599) under a success status is a decode error at `.` that keeps the body,
    /// not a model read from it with every member absent.
    pub fn decode_json_unless_error_body<T: DeserializeOwned>(self) -> Result<Response<T>> {
        if crate::error_shaped::reads_as_error(self.body.as_bytes()) {
            return Err(self.refused("the answer is an error body under a success status"));
        }
        self.decode_json()
    }

    /// A decode error at `.` keeping the body: `problem` says why the answer is
    /// not the provider's (marked as an accepted write for a write).
    fn refused(&self, problem: &str) -> Error {
        let error = Error::decode(
            self.provider,
            self.status,
            ".",
            problem.to_owned(),
            self.body.clone(),
        );
        if self.write {
            error.after_accepted_write()
        } else {
            error
        }
    }

    /// A 2xx answer that carries nothing the caller reads (an event sent, a
    /// cancel): a success, unless its body is an HTML page (a login or error page
    /// from a proxy or gateway in between) or a JSON object shaped as an error
    /// (a non-empty `error` or `errors`, a `status` of 400 to 599: an error body
    /// under a success status), which is a decode error that keeps the body
    /// (and, answering a write, says the write may have been carried out, as
    /// [`RawResponse::decode_json`] does).
    pub fn into_empty_answer(self) -> Result<Response<()>> {
        let problem = if crate::download::opens_html(self.body.as_bytes()) {
            Some("the answer is an HTML page, not the provider's")
        } else if crate::error_shaped::reads_as_error(self.body.as_bytes()) {
            Some("the answer is an error body under a success status")
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(self.refused(problem));
        }
        Ok(self.into_response(()))
    }

    /// Pairs an already decoded value with this response's metadata.
    pub fn into_response<T>(self, value: T) -> Response<T> {
        Response {
            value,
            status: self.status,
            attempts: self.attempts,
            earlier_attempt_may_have_reached_server: self.earlier_attempt_may_have_reached_server,
            headers: self.headers,
            raw: self.body,
            sent: self.sent,
        }
    }
}

/// Decodes JSON into `T` with a plain `from_slice`; a failure keeps the body and
/// is described from structured parts only: category, line, column, the JSON path
/// (found by scanning the bytes up to the error) and, for a value of the wrong
/// type, the type the model expected and the kind of value found, never the value.
pub fn decode_json_bytes<T: DeserializeOwned>(
    provider: &'static str,
    status: u16,
    body: &RawBody,
) -> Result<T> {
    match from_json_slice::<T>(body.as_bytes()) {
        Ok(value) => Ok(value),
        // Cold path: the same decoder, run again on edited copies, tells which
        // keys on the path are the model's fields.
        Err(error) => Err(Error::json_decode_as(
            provider,
            status,
            &error,
            body.clone(),
            &|bytes| from_json_slice::<T>(bytes).map(drop),
        )),
    }
}

/// Decodes JSON bytes into `T`: the fast path of [`decode_json_bytes`], without
/// its error handling.
///
/// The body is checked as UTF-8 once and parsed as text: serde_json then skips
/// its per-string UTF-8 check, about a sixth of a typed decode. JSON between
/// systems must be UTF-8 (RFC 8259, section 8.1): a body that is not, even in a
/// member the model skips, is an error at the first string that is not text.
/// Only `from_str` is instantiated per model (a second reader would double
/// every model's decode code in each provider's build).
///
/// A byte order mark before the JSON text is skipped: RFC 8259 forbids sending
/// one but lets a parser ignore it, and some servers and proxies add it; refused,
/// an answer that is otherwise whole would be a decode error.
pub fn from_json_slice<T: DeserializeOwned>(bytes: &[u8]) -> serde_json::Result<T> {
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            crate::decode_budget::with_budget(bytes.len(), || serde_json::from_str(text))
        }
        Err(_) => Err(not_utf8_error(bytes)),
    }
}

/// Where a body that is not UTF-8 goes wrong, as serde_json says it (line,
/// column, category): the one `Value` parse of the core, never per model.
#[cold]
fn not_utf8_error(bytes: &[u8]) -> serde_json::Error {
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Err(error) => error,
        // Bytes that are not text outside a string are a syntax error, inside one
        // an invalid code point: this arm is not reached, and says so if it is.
        Ok(_) => <serde_json::Error as serde::de::Error>::custom("the body is not UTF-8"),
    }
}

// Statics, so no lookup re-parses a name (`get("...")` would, per call).
static REQUEST_ID: HeaderName = HeaderName::from_static("request-id");
static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
static RATELIMIT_LIMIT: HeaderName = HeaderName::from_static("ratelimit-limit");
static RATELIMIT_REMAINING: HeaderName = HeaderName::from_static("ratelimit-remaining");
static RATELIMIT_RESET: HeaderName = HeaderName::from_static("ratelimit-reset");

pub(crate) fn request_id(headers: &HeaderMap) -> Option<String> {
    request_id_str(headers).map(str::to_owned)
}

/// Removes a request id that quotes one of the credentials the request sent
/// (`quotes`): a provider echoing the key in `Request-Id` would otherwise have
/// it shown wherever ids are (errors, `Debug`, the CLI's notes).
pub(crate) fn forget_echoed_request_id(headers: &mut HeaderMap, quotes: impl Fn(&str) -> bool) {
    for name in [&REQUEST_ID, &X_REQUEST_ID] {
        let echoed = headers
            .get(name)
            .is_some_and(|value| quotes(&String::from_utf8_lossy(value.as_bytes())));
        if echoed {
            headers.remove(name);
        }
    }
}

fn request_id_str(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(&REQUEST_ID)
        .or_else(|| headers.get(&X_REQUEST_ID))
        .and_then(|v| v.to_str().ok())
}

/// The `RateLimit-*` figures, read as `Retry-After` is (one grammar for counts
/// from the network): of several lines or list members, the lowest limit and
/// remaining and the latest reset, so a caller pacing itself is never told it
/// may ask sooner or more often than one of the provider's figures allows.
pub(crate) fn rate_limit_info(headers: &HeaderMap) -> RateLimitInfo {
    use crate::retry::header_counts;
    RateLimitInfo {
        limit: header_counts(headers, &RATELIMIT_LIMIT).min(),
        remaining: header_counts(headers, &RATELIMIT_REMAINING).min(),
        reset: header_counts(headers, &RATELIMIT_RESET).max(),
    }
}

/// A decoded value with the request's metadata and the raw body.
///
/// The response headers are kept as they arrived and read on access: a caller
/// that never asks for the request id or the rate-limit headers never pays for
/// looking them up.
#[derive(Clone)]
pub struct Response<T> {
    value: T,
    status: u16,
    attempts: u32,
    earlier_attempt_may_have_reached_server: bool,
    headers: HeaderMap,
    raw: RawBody,
    sent: SentSecrets,
}

impl<T: fmt::Debug> fmt::Debug for Response<T> {
    /// The header values it prints are the request id and the rate-limit
    /// figures, never the others (a `Set-Cookie` may carry a session secret).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("value", &self.value)
            .field("status", &self.status)
            .field("attempts", &self.attempts)
            .field(
                "earlier_attempt_may_have_reached_server",
                &self.earlier_attempt_may_have_reached_server,
            )
            // As errors show it: a value that is not a machine token may
            // carry a sentence (personal data) and is withheld.
            .field("request_id", &self.request_id().map(crate::error::ShownId))
            .field("rate_limit", &self.rate_limit())
            .field("raw", &self.raw)
            .finish()
    }
}

impl<T> Response<T> {
    /// The decoded value.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// Takes the decoded value.
    pub fn into_value(self) -> T {
        self.value
    }

    /// HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Attempts made (1 when the first succeeded).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The provider's request id (`Request-Id` or `X-Request-Id`); none when it
    /// echoes a credential the request sent, in any spelling.
    pub fn request_id(&self) -> Option<&str> {
        request_id_str(&self.headers).filter(|id| !self.sent.echoed_in(id))
    }

    /// Whether an earlier, failed attempt may have been processed by the provider
    /// (iDIN: a `notice_code` 2000 then means the identity went to that attempt).
    pub fn earlier_attempt_may_have_reached_server(&self) -> bool {
        self.earlier_attempt_may_have_reached_server
    }

    /// The `RateLimit-*` headers.
    pub fn rate_limit(&self) -> RateLimitInfo {
        rate_limit_info(&self.headers)
    }

    /// The body as received.
    pub fn raw(&self) -> &RawBody {
        &self.raw
    }

    /// Maps the value, keeping the metadata.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            value: f(self.value),
            status: self.status,
            attempts: self.attempts,
            earlier_attempt_may_have_reached_server: self.earlier_attempt_may_have_reached_server,
            headers: self.headers,
            raw: self.raw,
            sent: self.sent,
        }
    }
}
