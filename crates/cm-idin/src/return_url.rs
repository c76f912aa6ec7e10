//! The query the bank appends to `merchant_return_url`: `trxid` and `ec`.

use std::fmt;
use txstatus_core::provider::ShownStatus;

use txstatus_core::{Error, Result, Url};

use crate::{
    PROVIDER,
    transaction::{check_entrance_code, check_text},
};

/// Stands in for the scheme and host of a return URL given as a path and query.
const PLACEHOLDER_BASE: &str = "https://return.invalid/";

/// What the bank sends back on the return URL: `trxid` (the transaction id, for
/// [`Client::status`](crate::Client::status)) and `ec` (your entrance code, to
/// rejoin the user's session).
///
/// Values are percent-decoded. Both must be present exactly once and not empty;
/// `ec` must be what [`NewTransaction`](crate::NewTransaction) accepts (1 to 40
/// ASCII letters and digits) and `trxid` must be visible ASCII (CM's ids are
/// digits): a space, a control or bidirectional character, or bytes that do not
/// decode as UTF-8 (which would be read as U+FFFD, another value than was sent)
/// are refused. Other query parameters (your own) are ignored. Errors are
/// [`Error::is_invalid_input`], name the parameter, never its value.
///
/// Check `entrance_code` against the one you stored for the session before you
/// trust `transaction_id`. `Debug` hides the entrance code and shows `trxid` only as a plain token.
///
/// ```
/// # fn main() -> txstatus_core::Result<()> {
/// let back = cm_idin::ReturnParams::from_url(
///     "https://shop.example/idin/return?trxid=3645651845961623&ec=Ab12",
/// )?;
/// assert_eq!(back.transaction_id, "3645651845961623");
/// assert_eq!(back.entrance_code, "Ab12");
/// # Ok(())
/// # }
/// ```
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReturnParams {
    /// `trxid`: the transaction id.
    pub transaction_id: String,
    /// `ec`: the entrance code given when the transaction was created.
    pub entrance_code: String,
}

impl fmt::Debug for ReturnParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReturnParams")
            .field("transaction_id", &ShownStatus(&self.transaction_id))
            .field("entrance_code", &txstatus_core::REDACTED)
            .finish()
    }
}

impl ReturnParams {
    /// Reads `trxid` and `ec` from the URL the user came back on: absolute
    /// (`https://shop.example/idin/return?trxid=…&ec=…`), or a path and query as a
    /// web framework hands them (`/idin/return?trxid=…&ec=…`).
    pub fn from_url(url: &str) -> Result<Self> {
        let base = Url::parse(PLACEHOLDER_BASE).map_err(|_| invalid("no placeholder base"))?;
        let parsed = base
            .join(url)
            .map_err(|_| invalid("the return URL is not a URL"))?;
        Self::from_pairs(parsed.query_pairs())
    }

    /// Reads `trxid` and `ec` from a query string alone (`trxid=…&ec=…`; a leading
    /// `?` is allowed).
    pub fn from_query(query: &str) -> Result<Self> {
        let query = query.strip_prefix('?').unwrap_or(query);
        let mut url = Url::parse(PLACEHOLDER_BASE).map_err(|_| invalid("no placeholder base"))?;
        url.set_query(Some(query));
        Self::from_pairs(url.query_pairs())
    }

    fn from_pairs<'a>(
        pairs: impl Iterator<Item = (std::borrow::Cow<'a, str>, std::borrow::Cow<'a, str>)>,
    ) -> Result<Self> {
        let mut transaction_id = None;
        let mut entrance_code = None;
        for (key, value) in pairs {
            let slot = match key.as_ref() {
                "trxid" => &mut transaction_id,
                "ec" => &mut entrance_code,
                _ => continue,
            };
            if slot.is_some() {
                return Err(invalid(format!("the return URL has more than one `{key}`")));
            }
            *slot = Some(value.into_owned());
        }
        let transaction_id =
            transaction_id.ok_or_else(|| invalid("the return URL has no `trxid`"))?;
        let entrance_code = entrance_code.ok_or_else(|| invalid("the return URL has no `ec`"))?;
        check_text("`trxid`", &transaction_id)?;
        if !transaction_id.bytes().all(|byte| byte.is_ascii_graphic()) {
            return Err(invalid(
                "`trxid` holds a character other than visible ASCII",
            ));
        }
        check_entrance_code("`ec`", &entrance_code)?;
        Ok(Self {
            transaction_id,
            entrance_code,
        })
    }
}

fn invalid(message: impl Into<String>) -> Error {
    Error::invalid_input(PROVIDER, message)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn absolute_and_path_only_urls_and_bare_queries_are_read() {
        let expected = ReturnParams {
            transaction_id: "3645651845961623".to_owned(),
            entrance_code: "Ab12".to_owned(),
        };
        for url in [
            "https://shop.example/idin/return?trxid=3645651845961623&ec=Ab12",
            "https://shop.example/idin/return?session=7&ec=Ab12&trxid=3645651845961623#top",
            "/idin/return?trxid=3645651845961623&ec=Ab12",
            "myapp://idin/return?trxid=3645651845961623&ec=Ab12",
        ] {
            assert_eq!(ReturnParams::from_url(url).unwrap(), expected, "{url}");
        }
        for query in [
            "trxid=3645651845961623&ec=Ab12",
            "?ec=Ab12&trxid=3645651845961623",
        ] {
            assert_eq!(
                ReturnParams::from_query(query).unwrap(),
                expected,
                "{query}"
            );
        }
    }

    #[test]
    fn values_are_percent_decoded() {
        let back = ReturnParams::from_url("/r?trxid=abc%2Fdef&ec=%41b%31").unwrap();
        assert_eq!(back.transaction_id, "abc/def");
        assert_eq!(back.entrance_code, "Ab1");
    }

    #[test]
    fn missing_duplicate_empty_or_malformed_parameters_are_refused() {
        for (url, says) in [
            ("/r?ec=Ab12", "no `trxid`"),
            ("/r?trxid=1", "no `ec`"),
            ("/r", "no `trxid`"),
            ("/r?trxid=1&trxid=2&ec=Ab12", "more than one `trxid`"),
            ("/r?trxid=1&ec=Ab12&ec=Ab12", "more than one `ec`"),
            ("/r?trxid=&ec=Ab12", "`trxid` is empty"),
            ("/r?trxid=1&ec=", "`ec` is empty"),
            ("/r?trxid=1&ec", "`ec` is empty"),
            (
                "/r?trxid=1%0A2&ec=Ab12",
                "`trxid` contains a control character",
            ),
            ("/r?trxid=1&ec=Ab-12", "`ec` holds a character other than"),
            ("/r?trxid=1&ec=Ab%2012", "`ec` holds a character other than"),
        ] {
            let error = ReturnParams::from_url(url).unwrap_err();
            assert!(error.is_invalid_input(), "{url}");
            assert!(error.to_string().contains(says), "{url}: {error}");
        }
        let long = format!("/r?trxid=1&ec={}", "a".repeat(41));
        let error = ReturnParams::from_url(&long).unwrap_err();
        assert!(error.to_string().contains("longer than 40"), "{error}");
        assert!(ReturnParams::from_url(&format!("/r?trxid=1&ec={}", "a".repeat(40))).is_ok());
    }

    /// A hostile return URL's `trxid` is refused rather than handed on altered
    /// (invalid UTF-8 read as U+FFFD) or carrying what reorders or hides text.
    #[test]
    fn a_trxid_outside_visible_ascii_is_refused() {
        for trxid in [
            "%FF%FE",
            "12%C3",
            "%E2%80%AE321",
            "12%E2%80%8B3",
            "%20123",
            "123%20",
            "12+3",
            "%C2%A0123",
            "%EF%BC%91%EF%BC%92",
        ] {
            let error = ReturnParams::from_url(&format!("/r?trxid={trxid}&ec=Ab12")).unwrap_err();
            assert!(error.is_invalid_input(), "{trxid}");
            assert!(error.to_string().contains("`trxid`"), "{trxid}: {error}");
        }
        for trxid in ["3645651845961623", "sbx-issued-1", "a%2Fb"] {
            ReturnParams::from_url(&format!("/r?trxid={trxid}&ec=Ab12")).unwrap();
        }
    }

    #[test]
    fn debug_hides_the_entrance_code_and_errors_quote_no_value() {
        let back = ReturnParams::from_url("/r?trxid=1&ec=SecretCode42").unwrap();
        assert!(!format!("{back:?}").contains("SecretCode42"));
        let error = ReturnParams::from_url("/r?trxid=1&ec=Secret-Code42").unwrap_err();
        assert!(
            !format!("{error} {error:?}").contains("Secret"),
            "{error:?}"
        );
    }
}
