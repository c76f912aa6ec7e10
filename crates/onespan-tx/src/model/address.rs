//! A participant's postal address.

use serde::{Deserialize, Serialize};
use txstatus_core::{Pii, provider::lenient::StringOrNumber};

use super::text::{opt_pii_text, opt_text};

/// `users[].address`. Every part is personal data except the country code.
#[non_exhaustive]
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct Address {
    /// `country_code`, ISO 3166-1 alpha-2 (`GB`, not `UK`).
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub country_code: Option<String>,
    /// `county_or_province`.
    #[serde(
        default,
        deserialize_with = "opt_pii_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub county_or_province: Option<Pii<String>>,
    /// `city`.
    #[serde(
        default,
        deserialize_with = "opt_pii_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub city: Option<Pii<String>>,
    /// `town`.
    #[serde(
        default,
        deserialize_with = "opt_pii_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub town: Option<Pii<String>>,
    /// `street`.
    #[serde(
        default,
        deserialize_with = "opt_pii_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub street: Option<Pii<String>>,
    /// `house_name`.
    #[serde(
        default,
        deserialize_with = "opt_pii_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub house_name: Option<Pii<String>>,
    /// `house_number`: a string ("12a"); a number also decodes, and each is
    /// written back as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub house_number: Option<Pii<StringOrNumber>>,
    /// `flat_or_appartment_number` (the provider's spelling); string or number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flat_or_appartment_number: Option<Pii<StringOrNumber>>,
    /// `po_box`.
    #[serde(
        default,
        deserialize_with = "opt_pii_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub po_box: Option<Pii<String>>,
    /// `post_code`.
    #[serde(
        default,
        deserialize_with = "opt_pii_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub post_code: Option<Pii<String>>,
}
