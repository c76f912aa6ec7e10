//! The body of `POST /status`, as CM sends it.

use serde::{Deserialize, Serialize};
use txstatus_core::{Pii, provider::lenient::StringOrNumber};

use super::{Address, Age, Name};
use crate::{Status, normalize};

/// The status response. Every field is optional, as the documentation says; keys
/// serialize as CM spells them, and absent values are left out.
///
/// Use [`StatusResponse::outcome`] for the typed view. Fields CM adds later are not
/// here: they stay in the raw body ([`txstatus_core::Response::raw`]).
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct StatusResponse {
    /// `open`, `success`, `cancelled`, `failure`, `expired`, or a value kept as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// The public identifier of the transaction.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "txstatus_core::provider::lenient::opt_text"
    )]
    pub transaction_id: Option<String>,
    /// The merchant's own reference given when the transaction was created.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "txstatus_core::provider::lenient::opt_text"
    )]
    pub transaction_reference: Option<String>,
    /// The bank (BIC) the user chose.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "txstatus_core::provider::lenient::opt_text"
    )]
    pub issuer_id: Option<String>,
    /// Bank identifying number: stable per user when identity was requested; keep it
    /// for disputes.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "txstatus_core::provider::lenient::opt_pii_text"
    )]
    pub bin: Option<Pii<String>>,
    /// Name parts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Name>,
    /// Address parts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// Date of birth and the 18-or-older flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<Age>,
    /// Telephone number (unverified by the bank).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "txstatus_core::provider::lenient::opt_pii_text"
    )]
    pub telephone_number: Option<Pii<String>>,
    /// Email address (unverified by the bank).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "txstatus_core::provider::lenient::opt_pii_text"
    )]
    pub email_address: Option<Pii<String>>,
    /// Why a `success` carries no personal data (asked after the 30 s window).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "txstatus_core::provider::lenient::opt_text"
    )]
    pub notice: Option<String>,
    /// `2000` when the personal data is no longer available; sent as it arrived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_code: Option<StringOrNumber>,
}

impl StatusResponse {
    /// The normalized status (see [`normalize`](crate::normalize)).
    pub fn status(&self) -> txstatus_core::NormalizedStatus {
        normalize(self.raw_status())
    }

    /// The provider's own status text, `""` when absent.
    pub fn raw_status(&self) -> &str {
        self.status.as_ref().map_or("", Status::as_str)
    }

    /// The normalized status with the provider's own text.
    pub fn tx_status(&self) -> txstatus_core::TxStatus {
        txstatus_core::TxStatus::new(self.status(), self.raw_status())
    }

    /// Whether any personal value is present (`bin`, name, address, age, telephone,
    /// email).
    pub fn has_personal_data(&self) -> bool {
        self.bin.is_some()
            || self.name.as_ref().is_some_and(|name| !name.is_empty())
            || self
                .address
                .as_ref()
                .is_some_and(|address| !address.is_empty())
            || self.age.as_ref().is_some_and(|age| !age.is_empty())
            || self.telephone_number.is_some()
            || self.email_address.is_some()
    }
}
