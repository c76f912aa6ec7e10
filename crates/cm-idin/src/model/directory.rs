//! The body of `POST /directory`: the banks a user can choose, by country.

use serde::Serialize;

/// The banks of one country.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct DirectoryCountry {
    /// The country, as CM names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Its banks, in CM's order (show them in that order).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuers: Option<Vec<Issuer>>,
}

txstatus_core::provider::record_decoder! {
    DirectoryCountry {
        "country" => country: text,
        "issuers" => issuers: value,
    }
}

/// A bank the user can choose.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Issuer {
    /// The bank's id (BIC), for [`NewTransaction::new`](crate::NewTransaction::new).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer_id: Option<String>,
    /// The name to show.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer_name: Option<String>,
}

txstatus_core::provider::record_decoder! {
    Issuer {
        "issuer_id" => issuer_id: text,
        "issuer_name" => issuer_name: text,
    }
}
