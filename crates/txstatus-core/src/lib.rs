#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(clippy::arithmetic_side_effects)]

mod auth;
mod body;
mod box_future;
mod budget;
mod call_options;
mod clock;
pub mod crypto;
mod document;
mod download;
mod echo_readings;
mod env;
mod error;
mod error_shaped;
mod exact_number;
mod expected;
mod http_date;
mod id;
mod json_path;
mod json_writer;
mod lazy_time;
#[doc(hidden)]
pub mod lenient;
mod message;
mod oauth_error;
mod open_enum;
mod overlay;
mod personal_number;
mod pii;
mod poll;
pub mod provider;
mod proxy_env;
mod ratelimit;
mod read_answer;
mod redact_debug;
mod report;
mod request;
mod response;
mod retry;
pub mod rfc3339;
mod scalar_text;
mod secret_echo;
mod sent_secrets;
mod service;
mod short_text;
mod shown_number;
mod shown_url;
mod status;
mod terminal_text;
#[cfg(feature = "test-util")]
pub mod test_util;
mod text;
mod text_or_nothing;
mod timestamp;
mod tls;
mod trace;
mod transport;
mod unknown_value;
mod url_len;
mod url_under;
pub mod webhook;
mod write_answer;

#[doc(hidden)]
pub mod __private {
    pub use crate::private_support::*;
    /// What `record_decoder!` expands to call.
    pub mod record {
        pub use crate::record_support::*;
    }
}
mod budget_list;
mod decode_budget;
mod object_only;
#[path = "private.rs"]
mod private_support;
mod record;
mod record_list;
mod record_support;

pub use body::RawBody;
pub use box_future::BoxFuture;
pub use call_options::{CallOptions, WithCallOptions};
pub use clock::{Clock, ManualClock, Sleep, SystemClock};
pub use document::read_document;
pub use download::{DEFAULT_DOWNLOAD_LIMIT, Download, FileKind, FileRef};
pub use error::{DecodeError, Error, ErrorKind, HttpError, Result, TransportError};
pub use lazy_time::LazyTime;
pub use message::{MAX_CODE_CHARS, MAX_MESSAGE_CHARS, ProviderMessage};
pub use overlay::{MAX_MASK_DEPTH, mask_document};
pub use pii::{MAX_JSON_DEPTH, Pii, REDACTED, to_json, to_redacted_json};
pub use poll::{PollError, PollEvent, PollOptions, poll_until_terminal};
pub use ratelimit::{MIN_HEADROOM, RateLimit, RateLimiter, SlidingWindow};
pub use report::{Document, StatusReport, StatusSource};
pub use response::{RateLimitInfo, Response};
pub use retry::RetryPolicy;
pub use secret_echo::echoes_secret;
pub use service::ClientOptions;
pub use status::{NormalizedStatus, TxStatus};
pub use terminal_text::{escape_unsafe, is_unsafe_to_show};
pub use text::Text;
pub use timestamp::{CalendarDate, Timestamp, calendar_date};
pub use transport::{
    CredentialObserver, DEFAULT_ATTEMPT_TIMEOUT, DEFAULT_BODY_LIMIT, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_DEADLINE, Transport, TransportBuilder,
};
pub use unknown_value::UnknownValue;

/// Secret strings for credentials (the `secrecy` crate's).
pub use secrecy::{ExposeSecret, SecretString};
/// URL type of base URLs (the `url` crate's).
pub use url::Url;
