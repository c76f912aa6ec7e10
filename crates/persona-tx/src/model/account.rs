//! An included `account`.

use serde::{Deserialize, Serialize};
use txstatus_core::{Pii, Timestamp};

use super::{field::Fields, relationship::Relationship};

/// An Account (`type` = `account`).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Account {
    /// Account id (`act_...`).
    pub id: String,
    /// Attributes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<AccountAttributes>,
    /// Relationships.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relationships: Option<AccountRelationships>,
}

/// An account's attributes. The personal data is in `fields` (name, address,
/// birthdate, identification numbers...), all [`Pii`](txstatus_core::Pii).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default, rename_all = "kebab-case")]
#[non_exhaustive]
pub struct AccountAttributes {
    /// The customer's own reference. Personal: customers put their user's id,
    /// email or name here.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_id: Option<Pii<String>>,
    /// Name of the account type (`User`, `Individual`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_type_name: Option<String>,
    /// Account status as configured (`Approved`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_status: Option<String>,
    /// When the account was created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    /// When it last changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Timestamp>,
    /// When its personal data was redacted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redacted_at: Option<Timestamp>,
    /// Field values by name (names are not key-inflected).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Fields>,
    /// ISO 3166-1 alpha-2 country code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// Tags. Personal: free text set by the customer's team and workflows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Pii<Vec<String>>>,
}

/// An account's relationships.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default, rename_all = "kebab-case")]
#[non_exhaustive]
pub struct AccountRelationships {
    /// Its `account-type`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_type: Option<Relationship>,
}
