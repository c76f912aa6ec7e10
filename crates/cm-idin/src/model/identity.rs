//! The personal data of a successful status: every value is [`Pii`].

use serde::{Deserialize, Serialize};
use txstatus_core::{CalendarDate, Pii, provider::lenient::StringOrNumber};

txstatus_core::open_enum! {
    #[non_exhaustive]
    /// The gender the bank has on record; unknown values are kept as sent.
    pub enum Gender {
        /// `male`.
        Male => "male",
        /// `female`.
        Female => "female",
        /// `unspecified`.
        Unspecified => "unspecified",
    }
}

/// Name parts (`name` object).
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Name {
    /// `male`, `female` or `unspecified`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Pii<Gender>>,
    /// Initials, up to 20 characters.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "txstatus_core::provider::lenient::opt_pii_text"
    )]
    pub initials: Option<Pii<String>>,
    /// Last name, up to 200 characters.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "txstatus_core::provider::lenient::opt_pii_text"
    )]
    pub last_name: Option<Pii<String>>,
    /// Prefix of the last name (`van`), up to 10 characters.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "txstatus_core::provider::lenient::opt_pii_text"
    )]
    pub last_name_prefix: Option<Pii<String>>,
}

impl Name {
    /// Whether no part is present.
    pub fn is_empty(&self) -> bool {
        self.gender.is_none()
            && self.initials.is_none()
            && self.last_name.is_none()
            && self.last_name_prefix.is_none()
    }
}

/// Address parts (`address` object).
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Address {
    /// Street, up to 43 characters.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "txstatus_core::provider::lenient::opt_pii_text"
    )]
    pub street: Option<Pii<String>>,
    /// House number: specified as 1 to 5 digits, shown as a JSON number; both are
    /// accepted and written back as they arrived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub house_number: Option<Pii<StringOrNumber>>,
    /// House number suffix, up to 6 characters.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "txstatus_core::provider::lenient::opt_pii_text"
    )]
    pub house_number_suffix: Option<Pii<String>>,
    /// Postal code (`1234AB`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "txstatus_core::provider::lenient::opt_pii_text"
    )]
    pub postal_code: Option<Pii<String>>,
    /// City, up to 24 characters.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "txstatus_core::provider::lenient::opt_pii_text"
    )]
    pub city: Option<Pii<String>>,
    /// Two-letter country code.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "txstatus_core::provider::lenient::opt_pii_text"
    )]
    pub country: Option<Pii<String>>,
}

impl Address {
    /// Whether no part is present.
    pub fn is_empty(&self) -> bool {
        self.street.is_none()
            && self.house_number.is_none()
            && self.house_number_suffix.is_none()
            && self.postal_code.is_none()
            && self.city.is_none()
            && self.country.is_none()
    }
}

/// Date of birth and the 18-or-older flag (`age` object).
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Age {
    /// Date of birth (`1970-01-01`); other forms are kept as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<Pii<CalendarDate>>,
    /// `18y_or_older`: whether the user is 18 or older now. Also accepted as
    /// `"true"`/`"false"` or `1`/`0`.
    #[serde(
        rename = "18y_or_older",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "txstatus_core::provider::lenient::opt_pii_bool"
    )]
    pub is_18_or_older: Option<Pii<bool>>,
}

impl Age {
    /// Whether no part is present.
    pub fn is_empty(&self) -> bool {
        self.date_of_birth.is_none() && self.is_18_or_older.is_none()
    }
}

/// The identity of a successful status, moved out of a [`StatusResponse`]
/// (see [`StatusOutcome::Success`]). Each part is present only when it was requested
/// and the bank returned it.
///
/// [`StatusResponse`]: crate::StatusResponse
/// [`StatusOutcome::Success`]: crate::StatusOutcome::Success
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Identity {
    /// Bank identifying number; keep it for disputes.
    pub bin: Option<Pii<String>>,
    /// Name parts.
    pub name: Option<Name>,
    /// Address parts.
    pub address: Option<Address>,
    /// Date of birth and the 18-or-older flag.
    pub age: Option<Age>,
    /// Telephone number (unverified).
    pub telephone_number: Option<Pii<String>>,
    /// Email address (unverified).
    pub email_address: Option<Pii<String>>,
    /// The bank (BIC) the user chose.
    pub issuer_id: Option<String>,
    /// The merchant's own reference given when the transaction was created.
    pub transaction_reference: Option<String>,
}
