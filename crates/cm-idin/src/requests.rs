//! Request descriptions for the three iDIN calls. Pure: no I/O here.
//!
//! The merchant token travels in each JSON body. txstatus-core never logs bodies and
//! `RequestSpec`'s `Debug` hides them.

use std::time::Duration;

use serde::Serialize;
use txstatus_core::{
    Error, ExposeSecret, Result, SecretString,
    provider::{
        RequestSpec, RetryClass,
        header::{ACCEPT, HeaderValue},
    },
};

use crate::{
    PROVIDER,
    transaction::{NewTransaction, check_text},
};

#[derive(Serialize)]
struct StatusBody<'a> {
    merchant_token: &'a str,
    transaction_id: &'a str,
    merchant_reference: &'a str,
}

#[derive(Serialize)]
struct DirectoryBody<'a> {
    merchant_token: &'a str,
}

#[derive(Serialize)]
struct TransactionBody<'a> {
    merchant_token: &'a str,
    // Serialization only, once per created transaction: not a hot path.
    #[serde(flatten)]
    transaction: &'a NewTransaction,
}

/// `POST {base}/status`: retried until a success status line arrives, never after,
/// within `deadline`.
pub(crate) fn status(
    token: &SecretString,
    transaction_id: &str,
    merchant_reference: &str,
    deadline: Duration,
) -> Result<RequestSpec> {
    check_field("transaction_id", transaction_id)?;
    check_field("merchant_reference", merchant_reference)?;
    let body = json(&StatusBody {
        merchant_token: token.expose_secret(),
        transaction_id,
        merchant_reference,
    })?;
    Ok(post("status", "status", body, token)
        .retry(RetryClass::KeepFirstSuccess)
        .one_time_answer_in_error(crate::sink::error_body_holds_identity)
        .deadline(deadline))
}

/// `POST {base}/directory`: a read that changes nothing on CM's side, so it is
/// retried like a GET even though it is a POST, and an unusable answer is not
/// reported as a write carried out.
pub(crate) fn directory(token: &SecretString) -> Result<RequestSpec> {
    let body = json(&DirectoryBody {
        merchant_token: token.expose_secret(),
    })?;
    Ok(post("directory", "directory", body, token)
        .retry(RetryClass::Idempotent)
        .read_only())
}

/// `POST {base}/transaction`: creates a transaction, so it is resent only when
/// nothing was sent.
pub(crate) fn create_transaction(
    token: &SecretString,
    transaction: &NewTransaction,
) -> Result<RequestSpec> {
    transaction.validate()?;
    let body = json(&TransactionBody {
        merchant_token: token.expose_secret(),
        transaction,
    })?;
    // The entrance code rejoins the user's session and the return URL may carry
    // the user: named as body secrets too, so an error quoting them (in its
    // message, or as a code, which `Display` shows) has them redacted.
    let quoted = [&transaction.entrance_code, &transaction.merchant_return_url];
    Ok(quoted
        .into_iter()
        .filter(|value| !value.trim().is_empty())
        .fold(
            post("create_transaction", "transaction", body, token),
            |spec, value| spec.body_secret(SecretString::from(value.clone())),
        )
        .retry(RetryClass::NeverResend))
}

/// The token is named as the body's secret: an error message quoting the body
/// back has it redacted.
fn post(
    operation: &'static str,
    segment: &'static str,
    body: Vec<u8>,
    token: &SecretString,
) -> RequestSpec {
    RequestSpec::post(operation)
        .segment(segment)
        .header(ACCEPT, HeaderValue::from_static("application/json"))
        .json_body(body)
        .body_secret(token.clone())
}

fn json(body: &impl Serialize) -> Result<Vec<u8>> {
    // The serializer's message could quote the body; it is not passed on.
    serde_json::to_vec(body)
        .map_err(|_| Error::invalid_input(PROVIDER, "the request body could not be written"))
}

/// Refuses a value the server could not accept, before anything is sent: empty or
/// holding control characters. No length limit: the values travel in the body, and
/// refusing a reference CM would accept could cost the identity.
fn check_field(name: &str, value: &str) -> Result<()> {
    check_text(name, value)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn token() -> SecretString {
        SecretString::from("3c01abeb-b031-4fea-9f2d-c55c283cd78e")
    }

    #[test]
    fn status_keeps_the_first_success_within_its_deadline() {
        let spec = status(&token(), "123", "ref", Duration::from_secs(25)).unwrap();
        assert_eq!(spec.retry_class(), RetryClass::KeepFirstSuccess);
        assert_eq!(spec.operation(), "status");
        let shown = format!("{spec:?}");
        assert!(shown.contains("deadline: Some(25s)"), "{shown}");
        assert!(!shown.contains("3c01abeb"), "{shown}");
    }

    #[test]
    fn directory_is_idempotent_and_transaction_never_resent() {
        assert_eq!(
            directory(&token()).unwrap().retry_class(),
            RetryClass::Idempotent
        );
        let new = NewTransaction::new("RABONL2U", "ec1", "https://shop.example/return");
        assert_eq!(
            create_transaction(&token(), &new).unwrap().retry_class(),
            RetryClass::NeverResend
        );
    }

    #[test]
    fn empty_or_control_fields_are_refused_before_sending() {
        for (id, reference) in [("", "ref"), ("123", " "), ("12\n3", "ref")] {
            let error = status(&token(), id, reference, Duration::from_secs(1)).unwrap_err();
            assert!(error.is_invalid_input());
            assert!(!error.may_have_been_sent());
        }
        let error = create_transaction(&token(), &NewTransaction::default()).unwrap_err();
        assert!(error.to_string().contains("issuer_id is empty"), "{error}");
    }

    /// Every request this crate builds, its class, and what the core's retry
    /// rules do after a 503 and after a connection reset once the request was
    /// sent (the identity's `status` may be asked again: no success line came).
    #[test]
    fn every_request_has_its_class_and_retry_decision() {
        let new = NewTransaction::new("RABONL2U", "ec1", "https://shop.example/return");
        let again = txstatus_core::test_util::AGAIN;
        let never = txstatus_core::test_util::NEVER;
        #[rustfmt::skip]
        let table = [
            // request                                                     class                           503     reset after send
            (status(&token(), "1", "ref", Duration::from_secs(5)).unwrap(), RetryClass::KeepFirstSuccess, again, again),
            (directory(&token()).unwrap(),                                 RetryClass::Idempotent,       again, again),
            (create_transaction(&token(), &new).unwrap(),                  RetryClass::NeverResend,      never, never),
        ];
        txstatus_core::test_util::assert_retry_table(table);
    }
}
