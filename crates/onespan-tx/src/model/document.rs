//! A document of the transaction.

use serde::{Deserialize, Serialize};
use txstatus_core::{Pii, provider::lenient::StringOrNumber};

use super::text::{opt_pii_text, opt_text};

/// An item of `documents[]`.
#[non_exhaustive]
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct Document {
    /// `id`: the document's human-readable identifier.
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    /// `version`: an integer; a string also decodes and is written back as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<StringOrNumber>,
    /// `title`. Personal: free text the integrator writes, often naming
    /// the signer (`Loan agreement J. Jansen`).
    #[serde(
        default,
        deserialize_with = "opt_pii_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub title: Option<Pii<String>>,
    /// `description`. Personal: free text, as `title`.
    #[serde(
        default,
        deserialize_with = "opt_pii_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<Pii<String>>,
    /// `document_template_id`.
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub document_template_id: Option<String>,
    /// `content`: the URL of the document's bytes; a bearer secret.
    #[serde(
        default,
        deserialize_with = "opt_pii_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub content: Option<Pii<String>>,
}
