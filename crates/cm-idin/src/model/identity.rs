//! The personal data of a successful status: every value is [`Pii`].

use serde::Serialize;
use txstatus_core::provider::ShownStatus;
use txstatus_core::provider::lenient;
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
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Name {
    /// `male`, `female` or `unspecified`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<Pii<Gender>>,
    /// Initials, up to 20 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initials: Option<Pii<String>>,
    /// Last name, up to 200 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<Pii<String>>,
    /// Prefix of the last name (`van`), up to 10 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name_prefix: Option<Pii<String>>,
}

txstatus_core::provider::record_decoder! {
    Name {
        "gender" => gender: value,
        "initials" => initials: text,
        "last_name" => last_name: text,
        "last_name_prefix" => last_name_prefix: text,
    }
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
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Address {
    /// Street, up to 43 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street: Option<Pii<String>>,
    /// House number: specified as 1 to 5 digits, shown as a JSON number; both are
    /// accepted and written back as they arrived.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub house_number: Option<Pii<StringOrNumber>>,
    /// House number suffix, up to 6 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub house_number_suffix: Option<Pii<String>>,
    /// Postal code (`1234AB`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<Pii<String>>,
    /// City, up to 24 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<Pii<String>>,
    /// Two-letter country code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<Pii<String>>,
}

txstatus_core::provider::record_decoder! {
    Address {
        "street" => street: text,
        "house_number" => house_number: value,
        "house_number_suffix" => house_number_suffix: text,
        "postal_code" => postal_code: text,
        "city" => city: text,
        "country" => country: text,
    }
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
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Age {
    /// Date of birth (`1970-01-01`); other forms are kept as text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<Pii<CalendarDate>>,
    /// `18y_or_older`: whether the user is 18 or older now. Also accepted as
    /// `"true"`/`"false"` or `1`/`0`.
    #[serde(rename = "18y_or_older", skip_serializing_if = "Option::is_none")]
    pub is_18_or_older: Option<Pii<bool>>,
}

txstatus_core::provider::record_decoder! {
    Age {
        "date_of_birth" => date_of_birth: (with opt_pii_date as Option<Pii<CalendarDate>>),
        "18y_or_older" => is_18_or_older: (with lenient::opt_pii_bool as Option<Pii<bool>>),
    }
}

/// A date of birth as text, or a number (`19700101`) kept as its text; `null` is
/// `None`. Unparseable forms are kept as text by [`CalendarDate`].
fn opt_pii_date<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Pii<CalendarDate>>, D::Error> {
    lenient::opt_text(deserializer).map(|text| text.map(|text| Pii::new(CalendarDate::parse(text))))
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
/// `Debug` shows personal values as `[redacted]`, and the issuer and the
/// reference only when each is a plain token.
///
/// [`StatusResponse`]: crate::StatusResponse
/// [`StatusOutcome::Success`]: crate::StatusOutcome::Success
#[derive(Clone, Default, PartialEq)]
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

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identity")
            .field("bin", &self.bin)
            .field("name", &self.name)
            .field("address", &self.address)
            .field("age", &self.age)
            .field("telephone_number", &self.telephone_number)
            .field("email_address", &self.email_address)
            .field("issuer_id", &ShownStatus::optional(&self.issuer_id))
            .field(
                "transaction_reference",
                &ShownStatus::optional(&self.transaction_reference),
            )
            .finish()
    }
}
