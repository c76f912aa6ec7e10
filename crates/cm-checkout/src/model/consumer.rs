//! The customer (`consumer`): personal data, every field [`Pii`].

use serde::Serialize;
use txstatus_core::{CalendarDate, Pii, Text};

/// Customer details. Every value is personal data.
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Consumer {
    /// Given name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given_name: Option<Pii<Text>>,
    /// Middle name (CM sends `""` when there is none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<Pii<Text>>,
    /// Family name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family_name: Option<Pii<Text>>,
    /// Email address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<Pii<Text>>,
    /// Gender, as sent (the seed shows `null`; its values are undocumented).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<Pii<Text>>,
    /// Postal address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// Phone number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<Pii<Text>>,
    /// Date of birth (`YYYY-MM-DD`; other forms kept as text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<Pii<CalendarDate>>,
}

txstatus_core::provider::record_decoder! {
    Consumer {
        "givenName" => given_name: text,
        "middleName" => middle_name: text,
        "familyName" => family_name: text,
        "email" => email: text,
        "gender" => gender: text,
        "address" => address: value,
        "phone" => phone: text,
        "dateOfBirth" => date_of_birth: (with opt_pii_date as Option<Pii<CalendarDate>>),
    }
}

/// A date of birth as text, or a number (`19961201`) kept as its text; `null` is
/// `None`. Unparseable forms are kept as text by [`CalendarDate`].
fn opt_pii_date<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Pii<CalendarDate>>, D::Error> {
    txstatus_core::provider::lenient::opt_text(deserializer)
        .map(|text| text.map(|text| Pii::new(CalendarDate::parse(text))))
}

/// The customer's address. Every value is personal data; numbers sent for text
/// fields (a house number `25`) are kept as their text.
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    /// Street.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street: Option<Pii<Text>>,
    /// House number, a string (`"25"`, `"25A"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub house_number: Option<Pii<Text>>,
    /// Postal code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<Pii<Text>>,
    /// City.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<Pii<Text>>,
    /// Country code (`NL`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code: Option<Pii<Text>>,
    /// State or province.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<Pii<Text>>,
    /// Extra address line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_data: Option<Pii<Text>>,
}

txstatus_core::provider::record_decoder! {
    Address {
        "street" => street: text,
        "houseNumber" => house_number: text,
        "postalCode" => postal_code: text,
        "city" => city: text,
        "countryCode" => country_code: text,
        "state" => state: text,
        "additionalData" => additional_data: text,
    }
}
