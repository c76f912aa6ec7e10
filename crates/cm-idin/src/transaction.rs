//! `POST /transaction`: starts the flow at the user's bank. What to send and its
//! checks; the answer is [`CreatedTransaction`](crate::CreatedTransaction), in `model/`.

use std::fmt;
use txstatus_core::provider::ShownStatus;

use serde::Serialize;
use txstatus_core::{Error, Result, Url};

use crate::PROVIDER;

/// Longest entrance code CM accepts.
pub const MAX_ENTRANCE_CODE_LEN: usize = 40;

/// Longest `merchant_return_url` CM accepts.
pub const MAX_RETURN_URL_LEN: usize = 512;

/// The languages CM documents for the bank's pages.
pub const LANGUAGES: [&str; 2] = ["nl", "en"];

/// A transaction to create. Each attribute flag left `None` is not sent, so CM's
/// default applies.
///
/// Checked before anything is sent ([`NewTransaction::validate`]), as CM documents
/// the fields:
///
/// - `issuer_id`: a BIC, `[A-Z]{6}[A-Z2-9][A-NP-Z0-9]` and optionally three more
///   of `[A-Z0-9]` (take it from the directory);
/// - `entrance_code`: 1 to 40 ASCII letters and digits;
/// - `merchant_return_url`: an absolute URL (an app link such as
///   `myapp://idin/return` is allowed) of at most 512 characters, without spaces
///   (the URL parser would trim them: what is sent must be what was checked),
///   without `trxid` or `ec` in its query (the bank appends them; see
///   [`ReturnParams`](crate::ReturnParams));
/// - `language`: `nl` or `en` when set;
/// - `transaction_reference`: not empty and without control characters when set.
///
/// The attribute flags are plain booleans: any combination is allowed.
///
/// `Debug` hides the entrance code (it lets the user's session be rejoined) and
/// the return URL (a merchant's URL can carry the user or a session), and shows
/// the other texts (your reference can be any text) only as plain tokens.
#[derive(Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct NewTransaction {
    /// The bank the user chose (from [`Client::directory`](crate::Client::directory)).
    pub issuer_id: String,
    /// Your code to rejoin the user's session; it comes back as `ec` on the return
    /// URL. 1 to 40 ASCII letters and digits; make it random (a CSPRNG) and valid
    /// once. Masked in redacted serialization ([`txstatus_core::to_redacted_json`]).
    #[serde(serialize_with = "as_pii")]
    pub entrance_code: String,
    /// Where the bank sends the user back (with `trxid` and `ec` in the query).
    /// Masked in redacted serialization ([`txstatus_core::to_redacted_json`]).
    #[serde(serialize_with = "as_pii")]
    pub merchant_return_url: String,
    /// Language of the bank's pages (`nl`, `en`); a preference, not every bank has
    /// both.
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

    /// Checks every field as CM documents it (see [`NewTransaction`]); done by
    /// [`Client::create_transaction`](crate::Client::create_transaction) before
    /// anything is sent. The error is [`Error::is_invalid_input`] and names the
    /// field, never its value.
    pub fn validate(&self) -> Result<()> {
        check_issuer_id(&self.issuer_id)?;
        check_entrance_code("entrance_code", &self.entrance_code)?;
        check_return_url(&self.merchant_return_url)?;
        if let Some(language) = &self.language
            && !LANGUAGES.contains(&language.as_str())
        {
            return Err(invalid("language is not `nl` or `en`"));
        }
        if let Some(reference) = &self.transaction_reference {
            check_text("transaction_reference", reference)?;
        }
        Ok(())
    }
}

impl fmt::Debug for NewTransaction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewTransaction")
            .field("issuer_id", &ShownStatus(&self.issuer_id))
            .field("entrance_code", &txstatus_core::REDACTED)
            .field("merchant_return_url", &txstatus_core::REDACTED)
            .field("language", &ShownStatus::optional(&self.language))
            .field(
                "transaction_reference",
                &ShownStatus::optional(&self.transaction_reference),
            )
            .field("identity", &self.identity)
            .field("name", &self.name)
            .field("gender", &self.gender)
            .field("address", &self.address)
            .field("date_of_birth", &self.date_of_birth)
            .field("is_18_or_older", &self.is_18_or_older)
            .field("email_address", &self.email_address)
            .field("telephone_number", &self.telephone_number)
            .finish()
    }
}

/// Writes a session code or a URL as [`Pii`] does: as is in the request body,
/// `[redacted]` under [`txstatus_core::to_redacted_json`].
fn as_pii<S: serde::Serializer>(
    value: &str,
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    txstatus_core::Pii::new(value).serialize(serializer)
}

fn invalid(message: impl Into<String>) -> Error {
    Error::invalid_input(PROVIDER, message)
}

/// 1 to 40 ASCII letters and digits (`name` is how the error calls the value).
pub(crate) fn check_entrance_code(name: &str, code: &str) -> Result<()> {
    if code.is_empty() {
        return Err(invalid(format!("{name} is empty")));
    }
    if !code.bytes().all(|byte| byte.is_ascii_alphanumeric()) {
        return Err(invalid(format!(
            "{name} holds a character other than an ASCII letter or digit"
        )));
    }
    if code.len() > MAX_ENTRANCE_CODE_LEN {
        return Err(invalid(format!(
            "{name} is longer than {MAX_ENTRANCE_CODE_LEN} characters"
        )));
    }
    Ok(())
}

/// Not empty, no control character (`name` is how the error calls the value).
pub(crate) fn check_text(name: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        Err(invalid(format!("{name} is empty")))
    } else if value.chars().any(char::is_control) {
        Err(invalid(format!("{name} contains a control character")))
    } else {
        Ok(())
    }
}

/// CM's pattern: `[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?`.
pub(crate) fn check_issuer_id(issuer_id: &str) -> Result<()> {
    check_text("issuer_id", issuer_id)?;
    let bytes = issuer_id.as_bytes();
    let shape = match bytes {
        [a, b, c, d, e, f, location_1, location_2, branch @ ..] => {
            [a, b, c, d, e, f]
                .iter()
                .all(|byte| byte.is_ascii_uppercase())
                && matches!(*location_1, b'A'..=b'Z' | b'2'..=b'9')
                && matches!(*location_2, b'A'..=b'N' | b'P'..=b'Z' | b'0'..=b'9')
                && (branch.is_empty()
                    || (branch.len() == 3
                        && branch
                            .iter()
                            .all(|byte| byte.is_ascii_uppercase() || byte.is_ascii_digit())))
        }
        _ => false,
    };
    if shape {
        Ok(())
    } else {
        Err(invalid(
            "issuer_id is not a BIC (8 or 11 capitals and digits)",
        ))
    }
}

fn check_return_url(url: &str) -> Result<()> {
    check_text("merchant_return_url", url)?;
    if url.chars().count() > MAX_RETURN_URL_LEN {
        return Err(invalid(format!(
            "merchant_return_url is longer than {MAX_RETURN_URL_LEN} characters"
        )));
    }
    // The URL parser trims spaces (and drops tabs and line breaks, which
    // `check_text` refused) before it checks: the text sent must be what was checked.
    if url.chars().any(char::is_whitespace) {
        return Err(invalid("merchant_return_url holds a space"));
    }
    let parsed =
        Url::parse(url).map_err(|_| invalid("merchant_return_url is not an absolute URL"))?;
    if parsed
        .query_pairs()
        .any(|(key, _)| key == "trxid" || key == "ec")
    {
        return Err(invalid(
            "merchant_return_url already has `trxid` or `ec` in its query: the bank appends them",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn valid() -> NewTransaction {
        let mut transaction =
            NewTransaction::new("RABONL2U", "Ab12", "https://shop.example/idin/return");
        transaction.language = Some("nl".to_owned());
        transaction.transaction_reference = Some("7defa5c6-7651".to_owned());
        transaction
    }

    fn refused(transaction: &NewTransaction) -> String {
        let error = transaction.validate().unwrap_err();
        assert!(error.is_invalid_input());
        error.to_string()
    }

    #[test]
    fn the_documented_shapes_pass() {
        valid().validate().unwrap();
        for issuer in ["INGBNL2A", "ABNANL2AXXX", "BANKNL2Y", "RABONL2U"] {
            let mut transaction = valid();
            transaction.issuer_id = issuer.to_owned();
            transaction.validate().unwrap();
        }
        for url in [
            "myapp://idin/return",
            "http://localhost:8080/return?session=7",
        ] {
            let mut transaction = valid();
            transaction.merchant_return_url = url.to_owned();
            transaction.validate().unwrap();
        }
        let mut transaction = valid();
        transaction.language = Some("en".to_owned());
        transaction.transaction_reference = None;
        transaction.entrance_code = "z".repeat(MAX_ENTRANCE_CODE_LEN);
        transaction.validate().unwrap();
    }

    #[test]
    fn entrance_codes_are_1_to_40_ascii_letters_and_digits() {
        for code in ["", "a-b", "a b", "é", "a_b", &"a".repeat(41)] {
            let mut transaction = valid();
            transaction.entrance_code = code.to_owned();
            assert!(refused(&transaction).contains("entrance_code"), "{code:?}");
        }
    }

    #[test]
    fn issuer_ids_must_be_bics() {
        for issuer in [
            "",
            "rabonl2u",
            "RABONL1U",
            "RABONL2O",
            "RABONL2",
            "RABONL2UX",
            "RABONL2UXXXX",
            "RAB0NL2U",
        ] {
            let mut transaction = valid();
            transaction.issuer_id = issuer.to_owned();
            assert!(refused(&transaction).contains("issuer_id"), "{issuer:?}");
        }
    }

    #[test]
    fn return_urls_must_be_absolute_short_and_free_of_trxid_and_ec() {
        let long = format!("https://shop.example/{}", "a".repeat(MAX_RETURN_URL_LEN));
        for url in [
            "",
            "/idin/return",
            "shop.example/return",
            "https://shop.example/return?ec=1",
            "https://shop.example/return?a=1&trxid=2",
            long.as_str(),
            " https://shop.example/return",
            "https://shop.example/return ",
            "https://shop.example/re turn",
            "https://shop.example/return?x=\u{a0}",
        ] {
            let mut transaction = valid();
            transaction.merchant_return_url = url.to_owned();
            assert!(
                refused(&transaction).contains("merchant_return_url"),
                "{url:?}"
            );
        }
    }

    #[test]
    fn language_and_reference_are_checked_when_set() {
        for language in ["de", "NL", ""] {
            let mut transaction = valid();
            transaction.language = Some(language.to_owned());
            assert!(refused(&transaction).contains("language"), "{language:?}");
        }
        for reference in ["", " ", "a\nb"] {
            let mut transaction = valid();
            transaction.transaction_reference = Some(reference.to_owned());
            assert!(
                refused(&transaction).contains("transaction_reference"),
                "{reference:?}"
            );
        }
    }

    #[test]
    fn debug_hides_the_entrance_code() {
        let mut transaction = valid();
        transaction.entrance_code = "SessionCode42".to_owned();
        let shown = format!("{transaction:?}");
        assert!(!shown.contains("SessionCode42"), "{shown}");
        assert!(shown.contains("RABONL2U"), "{shown}");
    }
}
