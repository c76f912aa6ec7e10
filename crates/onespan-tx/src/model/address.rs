//! A participant's postal address.

use serde::Serialize;
use txstatus_core::{Pii, Text, provider::lenient::StringOrNumber};

/// `users[].address`. Every part is personal data except the country code,
/// which `Debug` and redacted serialization show only when it is a plain token
/// (any other text may be a name or an address).
#[non_exhaustive]
#[derive(Clone, Default, Serialize)]
pub struct Address {
    /// `country_code`, ISO 3166-1 alpha-2 (`GB`, not `UK`).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub country_code: Option<Text>,
    /// `county_or_province`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub county_or_province: Option<Pii<Text>>,
    /// `city`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<Pii<Text>>,
    /// `town`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub town: Option<Pii<Text>>,
    /// `street`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street: Option<Pii<Text>>,
    /// `house_name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub house_name: Option<Pii<Text>>,
    /// `house_number`: a string ("12a"); a number also decodes, and each is
    /// written back as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub house_number: Option<Pii<StringOrNumber>>,
    /// `flat_or_appartment_number` (the provider's spelling); string or number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flat_or_appartment_number: Option<Pii<StringOrNumber>>,
    /// `po_box`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub po_box: Option<Pii<Text>>,
    /// `post_code`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post_code: Option<Pii<Text>>,
}

impl std::fmt::Debug for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Address")
            .field(
                "country_code",
                &txstatus_core::provider::ShownStatus::optional(&self.country_code),
            )
            .field("county_or_province", &self.county_or_province)
            .field("city", &self.city)
            .field("town", &self.town)
            .field("street", &self.street)
            .field("house_name", &self.house_name)
            .field("house_number", &self.house_number)
            .field("flat_or_appartment_number", &self.flat_or_appartment_number)
            .field("po_box", &self.po_box)
            .field("post_code", &self.post_code)
            .finish()
    }
}

txstatus_core::provider::record_decoder! {
    Address {
        "country_code" => country_code: text,
        "county_or_province" => county_or_province: text,
        "city" => city: text,
        "town" => town: text,
        "street" => street: text,
        "house_name" => house_name: text,
        "house_number" => house_number: value,
        "flat_or_appartment_number" => flat_or_appartment_number: value,
        "po_box" => po_box: text,
        "post_code" => post_code: text,
    }
}
