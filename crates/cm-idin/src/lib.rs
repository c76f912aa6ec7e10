//! Typed client for CM.com iDIN: the Dutch banks' identity service.
//!
//! The flow: list the banks ([`Client::directory`]), create a transaction
//! ([`Client::create_transaction`]) and send the user to its
//! `issuer_authentication_url`; when the bank sends the user back to your
//! `merchant_return_url` (with `trxid` and `ec` in the query), ask for the status at
//! once ([`Client::status`]).
//!
//! # The identity is handed out once
//!
//! `POST /status` returns the person's verified identity **once**: on the first
//! `success`, and only if asked within **30 seconds** of the user's return from the
//! bank. Later answers are `success` with `notice_code` 2000 and no personal data;
//! getting the identity again means sending the user through the bank again.
//!
//! So this client:
//!
//! - retries the status request on connect errors, timeouts, 429 and 500/502/503/504
//!   (asking again cannot lose the identity), but never once a 2xx status line has
//!   arrived (abandoning that answer can) — [`tx_core::RetryClass::KeepFirstSuccess`],
//!   with the transport's [`tx_core::RetryPolicy`] (3 attempts by default);
//! - gives the whole call a deadline of [`DEFAULT_STATUS_DEADLINE`] (25 s, inside the
//!   30 s window; change it with [`ClientBuilder::status_deadline`]) and lets an
//!   attempt, body included, run as long as that deadline allows;
//! - keeps the raw body: [`tx_core::Response::raw`] on success, and
//!   [`tx_core::Error::body`] on every HTTP error and on a body that does not decode
//!   (the error holds the whole body, so a model this crate does not know yet never
//!   costs you the identity).
//!
//! **Store `response.raw()` before doing anything else with the answer.**
//!
//! # Status mapping
//!
//! | iDIN `status` | [`StatusOutcome`] | [`tx_core::NormalizedStatus`] |
//! |---|---|---|
//! | `open` | `Open` | `Pending` |
//! | `success` with personal data | `Success(identity)` | `Succeeded` |
//! | `success` with `notice` / `notice_code` 2000, no personal data | `SuccessDataUnavailable` | `Succeeded` |
//! | `failure` | `Failure` | `Failed` |
//! | `cancelled` | `Cancelled` | `Cancelled` |
//! | `expired` | `Expired` | `Expired` |
//! | anything else, or missing | `Unknown(raw)` | `Unknown` (never terminal) |
//!
//! # Quick start
//!
//! ```no_run
//! use cm_idin::{Client, StatusOutcome};
//!
//! # async fn run(trxid: &str, merchant_reference: &str) -> tx_core::Result<()> {
//! let token = std::env::var("CM_IDIN_MERCHANT_TOKEN").unwrap_or_default();
//! let client = Client::builder(token).build()?;
//!
//! let answer = client.status(trxid, merchant_reference).await?;
//! // First, keep the bytes: the identity in them is not handed out again.
//! let raw: &[u8] = answer.raw().as_bytes();
//! # let _ = raw;
//! match answer.value().outcome() {
//!     StatusOutcome::Success(identity) => {
//!         let bin = identity.bin.as_ref().map(|bin| bin.expose().as_str());
//!         # let _ = bin;
//!     }
//!     StatusOutcome::SuccessDataUnavailable(_) => { /* asked too late */ }
//!     StatusOutcome::Open => { /* ask again in a few seconds */ }
//!     other => println!("ended: {}", other.normalized()),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Privacy
//!
//! Every personal value (name parts, address parts, date of birth, the 18-or-older
//! flag, telephone, email, `bin`) is a [`tx_core::Pii`]: `Debug` prints
//! `[redacted]`. The merchant token is a [`tx_core::SecretString`]; it travels in the
//! JSON body, and request bodies are never logged or shown.
#![forbid(unsafe_code)]

mod client;
mod directory;
mod endpoints;
mod identity;
mod lenient;
mod normalize;
mod outcome;
mod source;
mod status;
mod transaction;

pub use client::{Client, ClientBuilder, DEFAULT_STATUS_DEADLINE};
pub use directory::{DirectoryCountry, Issuer};
pub use identity::{Address, Age, Gender, Identity, Name};
pub use normalize::normalize;
pub use outcome::{DataUnavailable, NOTICE_CODE_DATA_UNAVAILABLE, StatusOutcome};
pub use source::StatusHandle;
pub use status::{Status, StatusResponse};
pub use transaction::{CreatedTransaction, NewTransaction};
pub use tx_core::ClientOptions;

/// Provider name used in errors, traces and status reports.
pub const PROVIDER: &str = "cm-idin";

/// The production API.
pub const DEFAULT_BASE_URL: &str = "https://api.cm.com/idin/v1.0";
