//! `POST /transaction`: starts the flow at the user's bank.

use serde::{Deserialize, Serialize};

/// A transaction to create. Each attribute flag left `None` is not sent, so CM's
/// default applies.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct NewTransaction {
    /// The bank the user chose (from [`Client::directory`](crate::Client::directory)).
    pub issuer_id: String,
    /// Your code to rejoin the user's session; it comes back as `ec` on the return URL.
    pub entrance_code: String,
    /// Where the bank sends the user back (with `trxid` and `ec` in the query).
    pub merchant_return_url: String,
    /// Language of the bank's pages (`nl`, `en`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Your own reference, returned by the status call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_reference: Option<String>,
    /// Ask for a consistent `bin` (identity).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity: Option<bool>,
    /// Ask for the name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<bool>,
    /// Ask for the gender.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<bool>,
    /// Ask for the address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<bool>,
    /// Ask for the date of birth.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<bool>,
    /// Ask whether the user is 18 or older (`18y_or_older`).
    #[serde(rename = "18y_or_older", skip_serializing_if = "Option::is_none")]
    pub is_18_or_older: Option<bool>,
    /// Ask for the email address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_address: Option<bool>,
    /// Ask for the telephone number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub telephone_number: Option<bool>,
}

impl NewTransaction {
    /// A transaction at `issuer_id`, returning to `merchant_return_url`; set the
    /// attribute flags on the result.
    pub fn new(
        issuer_id: impl Into<String>,
        entrance_code: impl Into<String>,
        merchant_return_url: impl Into<String>,
    ) -> Self {
        Self {
            issuer_id: issuer_id.into(),
            entrance_code: entrance_code.into(),
            merchant_return_url: merchant_return_url.into(),
            ..Self::default()
        }
    }
}

/// The answer to `POST /transaction`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct CreatedTransaction {
    /// The public identifier (it comes back as `trxid` on the return URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// Where to send the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer_authentication_url: Option<String>,
    /// The private reference the status call needs: keep it with your session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_reference: Option<String>,
}
