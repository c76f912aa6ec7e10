//! A document of the transaction.

use serde::Serialize;
use txstatus_core::{Pii, Text, provider::lenient::StringOrNumber};

/// An item of `documents[]`.
#[non_exhaustive]
#[derive(Clone, Debug, Default, Serialize)]
pub struct Document {
    /// `id`: the document's human-readable identifier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Text>,
    /// `version`: an integer; a string also decodes and is written back as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<StringOrNumber>,
    /// `title`. Personal: free text the integrator writes, often naming
    /// the signer (`Loan agreement J. Jansen`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<Pii<Text>>,
    /// `description`. Personal: free text, as `title`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Pii<String>>,
    /// `document_template_id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_template_id: Option<Text>,
    /// `content`: the URL of the document's bytes; a bearer secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<Pii<String>>,
}

txstatus_core::provider::record_decoder! {
    Document {
        "id" => id: text,
        "version" => version: value,
        "title" => title: text,
        "description" => description: text,
        "document_template_id" => document_template_id: text,
        "content" => content: text,
    }
}
