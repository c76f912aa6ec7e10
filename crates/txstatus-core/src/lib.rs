#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(clippy::arithmetic_side_effects)]

mod auth;
mod body;
mod budget;
mod clock;
pub mod crypto;
mod download;
mod env;
mod error;
mod expected;
mod http_date;
mod id;
mod json_path;
mod lazy_time;
pub mod lenient;
mod message;
mod oauth_error;
mod open_enum;
mod overlay;
mod pii;
mod poll;
mod ratelimit;
mod redact_debug;
mod report;
mod request;
mod response;
mod retry;
mod scalar_text;
mod service;
mod status;
#[cfg(feature = "test-util")]
pub mod test_util;
mod timestamp;
mod tls;
mod trace;
mod transport;
mod url_under;
pub mod webhook;

#[doc(hidden)]
pub mod __private {
    pub use crate::private_support::*;
}
#[path = "private.rs"]
mod private_support;

pub use auth::{
    AuthHeader, Authenticator, BearerToken, CachedToken, IssuedToken, MAX_TOKEN_LIFETIME, NoAuth,
    TOKEN_FAILURE_HOLD_OFF, TokenSource, bearer_header, sensitive_value,
};
pub use body::RawBody;
pub use clock::{Clock, ManualClock, Sleep, SystemClock};
pub use download::{DEFAULT_DOWNLOAD_LIMIT, Download, FileRef};
pub use env::{env_optional, env_required, env_secret};
pub use error::{DecodeError, Error, ErrorKind, HttpError, Result, TransportError};
pub use id::{MAX_ID_LEN, id_problem, validate_id};
pub use lazy_time::LazyTime;
pub use message::{MAX_CODE_CHARS, MAX_MESSAGE_CHARS, MessageExtractor, ProviderMessage};
pub use oauth_error::oauth_error_message;
pub use overlay::{MAX_MASK_DEPTH, mask_document};
pub use pii::{MAX_JSON_DEPTH, Pii, REDACTED, to_json, to_redacted_json};
pub use poll::{PollError, PollEvent, PollOptions, poll_until_terminal};
pub use ratelimit::{RateLimit, RateLimiter, SlidingWindow};
pub use redact_debug::RedactedDebug;
pub use report::{Document, ReportParts, StatusReport, StatusSource};
pub use request::{FormValue, Method, RequestBody, RequestSpec};
pub use response::{RateLimitInfo, RawResponse, Response, decode_json_bytes};
pub use retry::{Decision, Outcome, RetryClass, RetryPolicy, asks_too_long, decide, retry_after};
pub use service::{ClientOptions, Service, ServiceBuilder, check_base_url, is_loopback};
pub use status::{NormalizedStatus, TxStatus};
pub use timestamp::{CalendarDate, Timestamp};
pub use transport::{
    DEFAULT_ATTEMPT_TIMEOUT, DEFAULT_BODY_LIMIT, DEFAULT_CONNECT_TIMEOUT, DEFAULT_DEADLINE,
    Transport, TransportBuilder,
};
pub use url_under::get_url_under;

/// Header types used in request descriptions.
pub mod header {
    pub use reqwest::header::{
        ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue,
    };
}

/// URL type used for base URLs.
pub use reqwest::Url;
/// Secret strings for credentials.
pub use secrecy::{ExposeSecret, SecretString};
