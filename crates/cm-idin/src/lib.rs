#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
// Integer overflow panics in debug builds: arithmetic a response can reach is
// checked or saturating (`cargo clippy` refuses the rest).
#![warn(clippy::arithmetic_side_effects)]

mod from_json;

mod client;
mod detach;
mod directory_cache;
mod environment;
mod go_live;
mod model;
mod outcome;
mod requests;
mod return_url;
mod sink;
mod source;
mod status;
mod transaction;
mod unescaped_names;
mod window;

pub use client::{Client, ClientBuilder, DEFAULT_STATUS_DEADLINE};
pub use directory_cache::{
    DIRECTORY_FAILURE_HOLD_OFF, DIRECTORY_MAX_AGE, DIRECTORY_REFRESH, DIRECTORY_RETRY, Directory,
    DirectoryCache,
};
pub use environment::{Environment, TEST_BASE_URL};
pub use go_live::GoLiveCase;
pub use model::{
    Address, Age, CreatedTransaction, DirectoryCountry, Gender, Identity, Issuer, Name,
    StatusResponse,
};
pub use outcome::{DataUnavailable, NOTICE_CODE_DATA_UNAVAILABLE, StatusOutcome};
pub use return_url::ReturnParams;
pub use sink::{FileSink, IdentitySink, may_hold_identity};
pub use source::StatusHandle;
pub use status::{Status, normalize};
pub use transaction::{LANGUAGES, MAX_ENTRANCE_CODE_LEN, MAX_RETURN_URL_LEN, NewTransaction};
/// What a user of this crate needs from the core, so one dependency is enough
/// (the same list in every provider crate; `cargo test -p xtask` checks it).
pub use txstatus_core::{
    CalendarDate, CallOptions, ClientOptions, DecodeError, Error, ErrorKind, HttpError,
    NormalizedStatus, Pii, PollError, PollEvent, PollOptions, ProviderMessage, RateLimitInfo,
    RawBody, Response, Result, RetryPolicy, SecretString, StatusReport, StatusSource, Timestamp,
    Transport, TransportBuilder, TransportError, TxStatus, UnknownValue, Url, WithCallOptions,
    poll_until_terminal,
};
pub use window::{DEFAULT_WINDOW_INTERVAL, RETURN_WINDOW, WindowedStatus};

/// Provider name used in errors, traces and status reports.
pub const PROVIDER: &str = "cm-idin";

/// How a read answer's own id is matched against the asked one
/// ([`about_asked`](txstatus_core::provider::about_asked)): iDIN's transaction ids are digits, compared exactly.
pub(crate) const ID_CASE: txstatus_core::provider::IdCase = txstatus_core::provider::IdCase::Exact;

/// The production API.
pub const DEFAULT_BASE_URL: &str = "https://api.cm.com/idin/v1.0";
