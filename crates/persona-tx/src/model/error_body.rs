//! Persona's error body: `{"errors": [{"title", "details"?, "meta"?}]}`.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// The body of a Persona error response.
///
/// txstatus-core already puts `errors[0].title` (and `details`) in
/// [`txstatus_core::Error::message`]; decode this for every entry.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ErrorBody {
    /// The errors, most relevant first.
    pub errors: Vec<ApiError>,
}

/// One error entry.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ApiError {
    /// Short description (`Record not found`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// More detail (`data.attributes.type must be a string`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    /// Machine-readable error code, when Persona sends one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// What in the request the error is about (`/data/attributes/status`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<ErrorSource>,
    /// Free-form metadata.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Box<RawValue>>,
}

/// The part of the request an error is about (JSON:API `source`).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ErrorSource {
    /// JSON pointer into the request body (`/data/attributes/fields`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// The query parameter at fault (`page[size]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
}

impl ErrorBody {
    /// Decodes the body kept on a [`txstatus_core::Error`], when it is a Persona error body.
    pub fn from_error(error: &txstatus_core::Error) -> Option<Self> {
        Self::from_slice(error.body()?.as_bytes())
    }

    /// Decodes an error body; `None` when it is not one (an HTML gateway page).
    pub fn from_slice(bytes: &[u8]) -> Option<Self> {
        serde_json::from_slice(bytes).ok()
    }
}
