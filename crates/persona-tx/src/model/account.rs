//! An included `account`.

use serde::Serialize;
use txstatus_core::provider::ShownStatus;
use txstatus_core::{Pii, Timestamp};

use super::{field::Fields, relationship::Relationship};

/// An Account (`type` = `account`).
/// `Debug` shows its id only as a plain token.
#[derive(Clone, Default, Serialize)]
#[non_exhaustive]
pub struct Account {
    /// Account id (`act_...`).
    #[serde(serialize_with = "txstatus_core::provider::shown_text::text")]
    pub id: String,
    /// Attributes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<AccountAttributes>,
    /// Relationships.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relationships: Option<AccountRelationships>,
}

impl std::fmt::Debug for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account")
            .field("id", &txstatus_core::provider::ShownStatus(&self.id))
            .field("attributes", &self.attributes)
            .field("relationships", &self.relationships)
            .finish()
    }
}

txstatus_core::provider::record_decoder! {
    Account {
        "id" => id: value,
        "attributes" => attributes: value,
        "relationships" => relationships: value,
    }
}

/// An account's attributes. The personal data is in `fields` (name, address,
/// birthdate, identification numbers...), all [`Pii`](txstatus_core::Pii).
/// The account's status, type name and country are text its customer or Persona
/// chooses: `Debug` shows each only when it is a plain token, and redacted
/// serialization writes `"[redacted]"` otherwise.
#[derive(Clone, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct AccountAttributes {
    /// The customer's own reference. Personal: customers put their user's id,
    /// email or name here.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_id: Option<Pii<String>>,
    /// Name of the account type (`User`, `Individual`).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub account_type_name: Option<String>,
    /// Account status as configured (`Approved`).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
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
    /// Field values by name (names are not key-inflected). A name sent twice
    /// is a decode error (the account is then kept whole, `Included::Other`): neither value silently wins.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Fields>,
    /// ISO 3166-1 alpha-2 country code.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub country_code: Option<String>,
    /// Tags. Personal: free text set by the customer's team and workflows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Pii<Vec<String>>>,
}

txstatus_core::provider::record_decoder! {
    AccountAttributes {
        "reference-id" => reference_id: value,
        "account-type-name" => account_type_name: value,
        "account-status" => account_status: value,
        "created-at" => created_at: value,
        "updated-at" => updated_at: value,
        "redacted-at" => redacted_at: value,
        "fields" => fields: (with super::field_de::opt_fields as Option<Fields>),
        "country-code" => country_code: value,
        "tags" => tags: value,
    }
}

impl std::fmt::Debug for AccountAttributes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountAttributes")
            .field("reference_id", &self.reference_id)
            .field(
                "account_type_name",
                &ShownStatus::optional(&self.account_type_name),
            )
            .field(
                "account_status",
                &ShownStatus::optional(&self.account_status),
            )
            .field("created_at", &self.created_at)
            .field("updated_at", &self.updated_at)
            .field("redacted_at", &self.redacted_at)
            .field(
                "fields",
                &self
                    .fields
                    .as_ref()
                    .map(txstatus_core::provider::shown_text::ShownKeys),
            )
            .field("country_code", &ShownStatus::optional(&self.country_code))
            .field("tags", &self.tags)
            .finish()
    }
}

/// An account's relationships.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct AccountRelationships {
    /// Its `account-type`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_type: Option<Relationship>,
}

txstatus_core::provider::record_decoder! {
    AccountRelationships {
        "account-type" => account_type: value,
    }
}
