#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod from_json;

mod client;
mod model;
mod request;
mod source;
mod status;

pub use client::{Client, ClientBuilder};
pub use model::{
    Address, Document, Emails, EpochMillis, Events, Extra, Language, Role, Time, Token,
    Transaction, User, Verification, VerificationName, VerificationStatus, VhubTransactionStatus,
};
pub use request::TENANT_HEADER;
pub use status::{TransactionStatus, normalize};
pub use txstatus_core::ClientOptions;

/// The provider name in reports and errors.
pub const PROVIDER: &str = "onespan";
