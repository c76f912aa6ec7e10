//! The customer (`consumer`): personal data, every field [`Pii`].

use serde::{Deserialize, Serialize};
use txstatus_core::{CalendarDate, Pii};

use txstatus_core::provider::lenient::opt_pii_text;

/// Customer details. Every value is personal data.
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Consumer {
    /// Given name.
    #[serde(
        default,
        deserialize_with = "opt_pii_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub given_name: Option<Pii<String>>,
    /// Middle name (CM sends `""` when there is none).
    #[serde(
        default,
        deserialize_with = "opt_pii_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub middle_name: Option<Pii<String>>,
    /// Family name.
    #[serde(
        default,
        deserialize_with = "opt_pii_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub family_name: Option<Pii<String>>,
    /// Email address.
    #[serde(
        default,
        deserialize_with = "opt_pii_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub email: Option<Pii<String>>,
    /// Gender, as sent (the seed shows `null`; its values are undocumented).
    #[serde(
        default,
        deserialize_with = "opt_pii_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub gender: Option<Pii<String>>,
    /// Postal address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// Phone number.
    #[serde(
        default,
        deserialize_with = "opt_pii_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub phone: Option<Pii<String>>,
    /// Date of birth (`YYYY-MM-DD`; other forms kept as text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<Pii<CalendarDate>>,
}

/// The customer's address. Every value is personal data; numbers sent for text
/// fields (a house number `25`) are kept as their text.
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    /// Street.
    #[serde(
        default,
        deserialize_with = "opt_pii_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub street: Option<Pii<String>>,
    /// House number, a string (`"25"`, `"25A"`).
    #[serde(
        default,
        deserialize_with = "opt_pii_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub house_number: Option<Pii<String>>,
    /// Postal code.
    #[serde(
        default,
        deserialize_with = "opt_pii_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub postal_code: Option<Pii<String>>,
    /// City.
    #[serde(
        default,
        deserialize_with = "opt_pii_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub city: Option<Pii<String>>,
    /// Country code (`NL`).
    #[serde(
        default,
        deserialize_with = "opt_pii_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub country_code: Option<Pii<String>>,
    /// State or province.
    #[serde(
        default,
        deserialize_with = "opt_pii_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub state: Option<Pii<String>>,
    /// Extra address line.
    #[serde(
        default,
        deserialize_with = "opt_pii_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub additional_data: Option<Pii<String>>,
}
