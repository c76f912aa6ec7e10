//! Document scan attempts and the files they produced.

use serde::{Deserialize, Serialize};
use txstatus_core::provider::ShownNumber;
use txstatus_core::{FileRef, Pii};

use super::{FileCategory, FileType, ScanCode, ScanSource, Time};

/// One document scan attempt.
#[non_exhaustive]
#[derive(Clone, Deserialize, Serialize)]
pub struct DocumentScan {
    /// When the attempt was made.
    #[serde(
        default,
        deserialize_with = "txstatus_core::provider::lenient::opt_from_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub created: Option<Time>,
    /// The attempt's outcome code (open set).
    #[serde(
        default,
        deserialize_with = "txstatus_core::provider::lenient::opt_from_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub code: Option<ScanCode>,
    /// Recognition score, 0 to 1.
    #[serde(
        default,
        deserialize_with = "txstatus_core::provider::lenient::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub score: Option<f64>,
    /// `file` or `camera` (open set).
    #[serde(
        default,
        deserialize_with = "txstatus_core::provider::lenient::opt_from_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub source: Option<ScanSource>,
    /// Whether this attempt is linked to an earlier one (the other side of the
    /// same document).
    #[serde(
        default,
        deserialize_with = "txstatus_core::provider::lenient::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub linked: Option<bool>,
    /// The files this attempt produced.
    #[serde(default, deserialize_with = "txstatus_core::provider::lenient::vec")]
    pub files: Vec<ScanFile>,
}

/// A downloadable file: a document image or a portrait.
#[non_exhaustive]
#[derive(Clone, Deserialize, Serialize)]
pub struct ScanFile {
    /// `document`, `image`, or another category.
    #[serde(
        default,
        deserialize_with = "txstatus_core::provider::lenient::opt_from_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub category: Option<FileCategory>,
    /// What the file shows (`raw_document_image`, `passport`, `portrait`,
    /// `DRIVING_LICENSE`, ...), as CM spells it; other values are kept.
    #[serde(
        rename = "type",
        default,
        deserialize_with = "txstatus_core::provider::lenient::opt_from_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub kind: Option<FileType>,
    /// The recognised document model (`Netherlands - ePassport (2021)`): personal,
    /// it tells the issuing country.
    #[serde(
        default,
        deserialize_with = "txstatus_core::provider::lenient::opt_pii_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<Pii<String>>,
    /// Recognition score, 0 to 1.
    #[serde(
        default,
        deserialize_with = "txstatus_core::provider::lenient::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub score: Option<f64>,
    /// The download URL, on the API host. Personal: it opens a person's identity
    /// document. Fetch it with [`Client::download`](crate::Client::download).
    #[serde(
        default,
        deserialize_with = "txstatus_core::provider::lenient::opt_pii_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub url: Option<Pii<String>>,
}

/// Lets [`Client::download`](crate::Client::download) take a scan file as is.
impl FileRef for ScanFile {
    fn file_location(&self) -> Option<&str> {
        self.url.as_ref().map(|url| url.expose().as_str())
    }
}

// A score whose digits make a card number or a BSN is withheld (`ShownNumber`).
impl std::fmt::Debug for DocumentScan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DocumentScan")
            .field("created", &self.created)
            .field("code", &self.code)
            .field("score", &self.score.map(ShownNumber))
            .field("source", &self.source)
            .field("linked", &self.linked)
            .field("files", &self.files)
            .finish()
    }
}

impl std::fmt::Debug for ScanFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScanFile")
            .field("category", &self.category)
            .field("kind", &self.kind)
            .field("name", &self.name)
            .field("score", &self.score.map(ShownNumber))
            .field("url", &self.url)
            .finish()
    }
}
