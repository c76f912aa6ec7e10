//! The body of `POST /directory`: the banks a user can choose, by country.

use serde::{Deserialize, Serialize};

/// The banks of one country.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct DirectoryCountry {
    /// The country, as CM names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Its banks, in CM's order (show them in that order).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuers: Option<Vec<Issuer>>,
}

/// A bank the user can choose.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Issuer {
    /// The bank's id (BIC), for [`NewTransaction::new`](crate::NewTransaction::new).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer_id: Option<String>,
    /// The name to show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer_name: Option<String>,
}
