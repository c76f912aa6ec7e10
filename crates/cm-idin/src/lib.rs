//! Typed client for CM.com iDIN: the Dutch banks' identity service.
//!
//! The flow: list the banks ([`Client::directory`]), create a transaction
//! ([`Client::create_transaction`], its fields checked first by
//! [`NewTransaction::validate`]) and send the user to its
//! `issuer_authentication_url`; when the bank sends the user back to your
//! `merchant_return_url` with `trxid` and `ec` in the query (read them with
//! [`ReturnParams::from_url`] and check `ec` against the user's session), read the
//! status at once: [`Client::status_within_window`] (or a single
//! [`Client::status`]).
//!
//! # The identity is handed out once, within 30 seconds
//!
//! `POST /status` returns the person's verified identity **once**: on the first
//! `success`, and only if asked within **30 seconds** of the user's return from the
//! bank ([`RETURN_WINDOW`]). Later answers are `success` with `notice_code` 2000 and
//! no personal data; getting the identity again means sending the user through the
//! bank again. Until the bank has answered, the status is `open`: CM says to ask
//! again a few seconds later.
//!
//! [`Client::status_within_window`] does exactly that. Give it the moment the user
//! came back (an [`Instant`](std::time::Instant) taken first thing in the handler
//! of your return URL); it reads the status, and while it is `open` waits the
//! window interval ([`ClientBuilder::window_interval`], 1 s by default) and reads
//! again, one read at a time, until another status arrives or the window closes.
//! Each read's deadline, retries included, is the window's end, and no request is
//! sent after it; if the window has already closed nothing is sent and the error
//! says so. It returns the last answer whole ([`WindowedStatus`]).
//!
//! Every status call:
//!
//! - is retried on connect errors, timeouts, 429 and 500/502/503/504 (asking again
//!   cannot lose the identity), but never once a 2xx status line has arrived
//!   (abandoning that answer can) — [`txstatus_core::RetryClass::KeepFirstSuccess`], with
//!   the transport's [`txstatus_core::RetryPolicy`] (3 attempts by default);
//! - has a deadline: the window's end inside [`Client::status_within_window`], or
//!   [`DEFAULT_STATUS_DEADLINE`] (25 s, inside the 30 s window; change it with
//!   [`ClientBuilder::status_deadline`]) for a single [`Client::status`]; an
//!   attempt, body included, may use all of the time left whatever the transport's
//!   attempt timeout, so a slow answer is never abandoned and asked again;
//! - keeps the raw body: [`txstatus_core::Response::raw`] on success, and
//!   [`txstatus_core::Error::body`] on every HTTP error and on a body that does not decode
//!   (the error holds the whole body, so a model this crate does not know yet never
//!   costs you the identity).
//!
//! **Store the raw body before doing anything else with the answer.**
//!
//! A retry can itself cost the identity: an attempt that failed with a 500, 502 or
//! 504, or was cut after it was sent, may have been processed by CM, which then
//! handed the identity to an answer that never arrived. The retry then gets
//! `notice_code` 2000. [`StatusOutcome::from_response`] (used by
//! [`WindowedStatus::outcome`]) reads that case as
//! [`StatusOutcome::SuccessDataLostToEarlierAttempt`], apart from a plain late
//! request ([`StatusOutcome::SuccessDataUnavailable`]), from
//! [`txstatus_core::Response::earlier_attempt_may_have_reached_server`].
//!
//! # Status mapping
//!
//! | iDIN `status` | [`StatusOutcome`] | [`txstatus_core::NormalizedStatus`] |
//! |---|---|---|
//! | `open` | `Open` | `Pending` |
//! | `success` with personal data | `Success(identity)` | `Succeeded` |
//! | `success` with `notice` / `notice_code` 2000, no personal data | `SuccessDataUnavailable` | `Succeeded` |
//! | the same, after a failed attempt that may have reached CM | `SuccessDataLostToEarlierAttempt` | `Succeeded` |
//! | `failure` | `Failure` | `Failed` |
//! | `cancelled` | `Cancelled` | `Cancelled` |
//! | `expired` | `Expired` | `Expired` |
//! | anything else, or missing | `Unknown(raw)` | `Unknown` (never terminal) |
//!
//! # Quick start
//!
//! ```no_run
//! use std::time::Instant;
//!
//! use cm_idin::{Client, ReturnParams, StatusOutcome};
//!
//! # async fn run(return_url: &str, merchant_reference: &str) -> txstatus_core::Result<()> {
//! // In the handler of your return URL, before anything else:
//! let returned_at = Instant::now();
//! let back = ReturnParams::from_url(return_url)?;
//! // ... check `back.entrance_code` against the user's session ...
//!
//! let token = std::env::var("CM_IDIN_MERCHANT_TOKEN").unwrap_or_default();
//! let client = Client::builder(token).build()?;
//!
//! let answer = client
//!     .status_within_window(&back.transaction_id, merchant_reference, returned_at)
//!     .await?;
//! // First, keep the bytes: the identity in them is not handed out again.
//! let raw: &[u8] = answer.raw().as_bytes();
//! # let _ = raw;
//! match answer.outcome() {
//!     StatusOutcome::Success(identity) => {
//!         let bin = identity.bin.as_ref().map(|bin| bin.expose().as_str());
//!         # let _ = bin;
//!     }
//!     StatusOutcome::SuccessDataLostToEarlierAttempt(_) => { /* lost on the way: alert */ }
//!     StatusOutcome::SuccessDataUnavailable(_) => { /* asked too late */ }
//!     StatusOutcome::Open => { /* the bank did not answer within the window */ }
//!     other => println!("ended: {}", other.normalized()),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Privacy
//!
//! Every personal value (name parts, address parts, date of birth, the 18-or-older
//! flag, telephone, email, `bin`) is a [`txstatus_core::Pii`]: `Debug` prints
//! `[redacted]`. The merchant token is a [`txstatus_core::SecretString`]; it travels in the
//! JSON body, and request bodies are never logged or shown. The entrance code is
//! hidden from the `Debug` of [`NewTransaction`] and [`ReturnParams`].
//! # Environments and the directory
//!
//! [`Environment::Test`] points a client at CM's test bank
//! (`https://api.cm.com/idin/v1.0/test`), where CM simulates each outcome;
//! production is the default. The `cm_idin_go_live` example walks CM's go-live test
//! cases against it or against the sandbox.
//!
//! [`DirectoryCache`] keeps the bank list as CM asks: fetched at most once a
//! day, shared by clones, refreshed on demand or by a background task, and
//! never served when older than seven days (the fetch's error instead). Its
//! [`Directory::by_country`] groups the banks by country.
#![forbid(unsafe_code)]

mod client;
mod directory;
mod directory_cache;
mod endpoints;
mod environment;
mod go_live;
mod identity;
mod lenient;
mod normalize;
mod outcome;
mod return_url;
mod source;
mod status;
mod transaction;
mod window;

pub use client::{Client, ClientBuilder, DEFAULT_STATUS_DEADLINE};
pub use directory::{DirectoryCountry, Issuer};
pub use directory_cache::{
    DIRECTORY_MAX_AGE, DIRECTORY_REFRESH, DIRECTORY_RETRY, Directory, DirectoryCache,
};
pub use environment::{Environment, TEST_BASE_URL};
pub use go_live::GoLiveCase;
pub use identity::{Address, Age, Gender, Identity, Name};
pub use normalize::normalize;
pub use outcome::{DataUnavailable, NOTICE_CODE_DATA_UNAVAILABLE, StatusOutcome};
pub use return_url::ReturnParams;
pub use source::StatusHandle;
pub use status::{Status, StatusResponse};
pub use transaction::{
    CreatedTransaction, LANGUAGES, MAX_ENTRANCE_CODE_LEN, MAX_RETURN_URL_LEN, NewTransaction,
};
pub use txstatus_core::ClientOptions;
pub use window::{DEFAULT_WINDOW_INTERVAL, RETURN_WINDOW, WindowedStatus};

/// Provider name used in errors, traces and status reports.
pub const PROVIDER: &str = "cm-idin";

/// The production API.
pub const DEFAULT_BASE_URL: &str = "https://api.cm.com/idin/v1.0";
