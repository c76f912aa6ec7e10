//! The body of `POST /status`, as CM sends it.

use serde::Serialize;
use txstatus_core::provider::ShownStatus;
use txstatus_core::{Pii, provider::lenient::StringOrNumber};

use super::{Address, Age, Name};
use crate::{Status, normalize};

/// The status response. Every field is optional, as the documentation says; keys
/// serialize as CM spells them, and absent values are left out.
///
/// Use [`StatusResponse::outcome`] for the typed view. Fields CM adds later are not
/// here: they stay in the raw body ([`txstatus_core::Response::raw`]).
///
/// `Debug` shows a status this version does not know, the ids, the references,
/// the issuer and the notice only when each is a plain token (they can be any
/// text, a name included), and personal values as `[redacted]`.
#[derive(Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct StatusResponse {
    /// `open`, `success`, `cancelled`, `failure`, `expired`, or a value kept as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// The public identifier of the transaction.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub transaction_id: Option<String>,
    /// The merchant's own reference given when the transaction was created.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub transaction_reference: Option<String>,
    /// The bank (BIC) the user chose.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub issuer_id: Option<String>,
    /// Bank identifying number: stable per user when identity was requested; keep it
    /// for disputes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bin: Option<Pii<String>>,
    /// Name parts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Name>,
    /// Address parts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// Date of birth and the 18-or-older flag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age: Option<Age>,
    /// Telephone number (unverified by the bank).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub telephone_number: Option<Pii<String>>,
    /// Email address (unverified by the bank).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_address: Option<Pii<String>>,
    /// Why a `success` carries no personal data (asked after the 30 s window).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub notice: Option<String>,
    /// `2000` when the personal data is no longer available; sent as it arrived.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice_code: Option<StringOrNumber>,
}

txstatus_core::provider::record_decoder! {
    StatusResponse {
        "status" => status: text,
        "transaction_id" => transaction_id: text,
        "transaction_reference" => transaction_reference: text,
        "issuer_id" => issuer_id: text,
        "bin" => bin: text,
        "name" => name: value,
        "address" => address: value,
        "age" => age: value,
        "telephone_number" => telephone_number: text,
        "email_address" => email_address: text,
        "notice" => notice: text,
        "notice_code" => notice_code: value,
    }
}

impl std::fmt::Debug for StatusResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StatusResponse")
            .field(
                "status",
                &self.status.as_ref().map(crate::status::ShownStatusValue),
            )
            .field(
                "transaction_id",
                &ShownStatus::optional(&self.transaction_id),
            )
            .field(
                "transaction_reference",
                &ShownStatus::optional(&self.transaction_reference),
            )
            .field("issuer_id", &ShownStatus::optional(&self.issuer_id))
            .field("bin", &self.bin)
            .field("name", &self.name)
            .field("address", &self.address)
            .field("age", &self.age)
            .field("telephone_number", &self.telephone_number)
            .field("email_address", &self.email_address)
            .field("notice", &ShownStatus::optional(&self.notice))
            .field("notice_code", &self.notice_code)
            .finish()
    }
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
