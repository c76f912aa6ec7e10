//! The body of `POST /directory`: the banks a user can choose, by country.

use std::fmt;

use serde::Serialize;
use txstatus_core::provider::ShownStatus;

/// The banks of one country. `Debug` shows the country only as a plain token
/// (text in its place may be anything, a name included).
#[derive(Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct DirectoryCountry {
    /// The country, as CM names it.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub country: Option<String>,
    /// Its banks, in CM's order (show them in that order).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuers: Option<Vec<Issuer>>,
}

impl fmt::Debug for DirectoryCountry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DirectoryCountry")
            .field("country", &ShownStatus::optional(&self.country))
            .field("issuers", &self.issuers)
            .finish()
    }
}

txstatus_core::provider::record_decoder! {
    DirectoryCountry {
        "country" => country: text,
        "issuers" => issuers: value,
    }
}

/// A bank the user can choose. `Debug` shows its id and name only as plain
/// tokens, as every id a provider sends.
#[derive(Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Issuer {
    /// The bank's id (BIC), for [`NewTransaction::new`](crate::NewTransaction::new).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub issuer_id: Option<String>,
    /// The name to show.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub issuer_name: Option<String>,
}

impl fmt::Debug for Issuer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Issuer")
            .field("issuer_id", &ShownStatus::optional(&self.issuer_id))
            .field("issuer_name", &ShownStatus::optional(&self.issuer_name))
            .finish()
    }
}

txstatus_core::provider::record_decoder! {
    Issuer {
        "issuer_id" => issuer_id: text,
        "issuer_name" => issuer_name: text,
    }
}
